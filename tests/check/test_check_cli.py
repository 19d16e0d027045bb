"""``docgen check`` from the command line (exit codes, text and JSON output) and inside
``docgen build`` (every .docx docgen writes passes; an error stops the build before publishing)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import check_docs as cd
import pytest

from docgen.check.engine import Checker
from docgen.errors import CheckFailed
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import CONTENT, TEMPLATES, needs_soffice
from tests.helpers.cli import DocgenCli


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    cd.totrinh().save(str(folder / "to-trinh.docx"))
    sub = folder / "nested"
    sub.mkdir()
    cd.apply(
        folder / "to-trinh.docx", sub / "loi.docx", cd.replace("- Như trên;", "- Ban Thường trực;")
    )
    (sub / "~$lock.docx").write_bytes(b"lock file Word leaves open")
    return folder


Run = Callable[..., tuple[int, str]]  # (exit code, stdout + stderr)


@pytest.fixture
def run(docgen_cli: DocgenCli) -> Run:
    """``docgen ARGS…``: the exit code and everything printed (stdout, then stderr)."""

    def invoke(*args: str) -> tuple[int, str]:
        r = docgen_cli(*args)
        return r.code, r.out + r.err

    return invoke


def test_clean_file_exits_0_with_summary(run: Run, docs: Path) -> None:
    code, out = run("check", str(docs / "to-trinh.docx"))
    assert code == 0
    assert out.strip() == "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo, 0 ghi chú"


def test_folder_is_checked_recursively_and_errors_exit_1(run: Run, docs: Path) -> None:
    code, out = run("check", str(docs))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0] == (
        f"{docs / 'nested' / 'loi.docx'}:T2R1C1: VB209 lỗi "
        'Có "Kính gửi" nhưng Nơi nhận thiếu "- Như trên;"'
    )
    assert lines[-1] == "Đã kiểm tra 2 tệp: 1 lỗi, 0 cảnh báo, 0 ghi chú"


def test_english_messages(run: Run, docs: Path) -> None:
    code, out = run("check", "--lang", "en", str(docs / "nested" / "loi.docx"))
    assert code == 1 and 'VB209 error A "Kính gửi" addressee but no' in out
    assert out.strip().endswith("Checked 1 file(s): 1 error(s), 0 warning(s), 0 note(s)")


def test_json_output_shape(run: Run, docs: Path) -> None:
    code, out = run("check", "--format", "json", str(docs))
    assert code == 1
    data = json.loads(out)
    assert data == [
        {
            "path": str(docs / "nested" / "loi.docx"),
            "code": "VB209",
            "severity": "error",
            "location": "T2R1C1",
            "message_vi": 'Có "Kính gửi" nhưng Nơi nhận thiếu "- Như trên;"',
            "message_en": 'A "Kính gửi" addressee but no "- Như trên;" in Nơi nhận',
            "excerpt": "Nơi nhận:",
        }
    ]


def test_select_and_ignore(run: Run, docs: Path) -> None:
    assert run("check", "--ignore", "VB2", str(docs))[0] == 0
    assert run("check", "--select", "VB1,VB3", str(docs))[0] == 0
    assert run("check", "--select", "VB209", str(docs))[0] == 1
    code, out = run("check", "--select", "VB2", "--ignore", "VB209", str(docs))
    assert code == 0


def test_unreadable_file_exits_2_and_others_are_still_checked(
    run: Run, docs: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "cu.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    code, out = run("check", str(bad), str(docs / "nested" / "loi.docx"))
    assert code == 2
    assert f"{bad}:1: VB901 lỗi Không đọc được tệp: định dạng .doc không được hỗ trợ" in out
    assert "VB209" in out and "Đã kiểm tra 2 tệp: 2 lỗi" in out


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--kind", "congvan", "x.docx"],
        ["check", "--select", "XY1", "x.docx"],
        ["check", "--format", "xml", "x.docx"],
    ],
)
def test_usage_errors_exit_2(docgen_cli: DocgenCli, args: list[str]) -> None:
    exc = docgen_cli(*args)
    assert exc.code == 2


def test_main_exit_codes(docgen_cli: DocgenCli, docs: Path) -> None:
    for path, expected in ((docs / "to-trinh.docx", 0), (docs, 1)):
        exc = docgen_cli("check", str(path))
        assert exc.code == expected


def test_list_rules(run: Run) -> None:
    code, out = run("check", "--list-rules")
    assert code == 0
    rows = out.strip().splitlines()
    assert rows[0].startswith("VB101  error    Thiếu Quốc hiệu")
    assert any(r.startswith("VB313  error") for r in rows) and len(rows) >= 60


def test_list_rules_as_json(run: Run) -> None:
    code, out = run("check", "--list-rules", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data[0]["code"] == "VB101"
    assert set(data[0]) == {"code", "severity", "description_vi", "description_en"}


def test_user_rules_file_extends_the_data(run: Run, docs: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "severity: {VB209: warning}\nkinds:\n  totrinh:\n    sections:\n"
        "      - name: {vi: Dự toán kinh phí, en: budget}\n        where: text\n"
        "        any: ['KINH PHÍ']\n",
        encoding="utf-8",
    )
    code, out = run("check", "--rules", str(rules), str(docs / "nested" / "loi.docx"))
    assert code == 1
    assert (
        "VB209 cảnh báo" in out
        and "VB121 lỗi Thiếu phần bắt buộc của tờ trình: Dự toán kinh phí" in out
    )


# -- docgen build --------------------------------------------------------------------------------
def test_every_document_docgen_builds_has_zero_errors(built_2024: BuildResult) -> None:
    checker = Checker()
    files = [built_2024.out_dir / e.path for e in built_2024.entries if e.format in ("docx", "pdf")]
    assert any(f.suffix == ".docx" for f in files)
    for f in files:
        errors = [x for x in checker.check_file(f) if x.severity == "error"]
        assert errors == [], f


def test_every_docx_docgen_builds_is_formatted_as_decree_30_says(built_2024: BuildResult) -> None:
    """VB52x (Quốc hiệu, Tiêu ngữ, issuer, date, type, trích yếu, Nơi nhận, signer): none."""
    checker = Checker()
    files = [built_2024.out_dir / e.path for e in built_2024.entries if e.format == "docx"]
    assert len(files) >= 10
    for f in files:
        found = [(x.code, x.location) for x in checker.check_file(f) if x.code.startswith("VB52")]
        assert found == [], f


@needs_soffice
def test_built_pdf_is_read_with_page_lines(built_2024: BuildResult) -> None:
    pdf = next(built_2024.out_dir / e.path for e in built_2024.entries if e.format == "pdf")
    found = Checker().check_file(pdf)
    # the plan's signer now has a name (issue 14), so not even VB113 (no signer name, info)
    assert [(f.code, f.location.split(":")[0]) for f in found] == []


def test_build_stops_on_a_checker_error_and_publishes_nothing(
    content_copy: Path, tmp_path: Path
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("date: 06/05/2024", "date: 06/05/2022"),
        encoding="utf-8",
    )
    out = tmp_path / "output"
    with pytest.raises(CheckFailed) as exc:
        build(
            BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2024, pdf=False)
        )
    text = str(exc.value)
    assert "ke-hoach-2024.docx:T1R2C2: lỗi: VB306" in text
    assert "VB305" in text  # the cited Kế hoạch 02/KH-HKH (22/01/2024) is later than 06/05/2022
    assert not (out / "2024").exists() and list(out.iterdir()) == []


def test_shipped_plan_builds_without_pdf(tmp_path: Path) -> None:
    result = build(
        BuildOptions(content=CONTENT, out=tmp_path, templates=TEMPLATES, year=2024, pdf=False)
    )
    assert (result.out_dir / "ke-hoach-2024.docx").is_file()
    assert not [w for w in result.warnings if "VB" in str(w)]
    shutil.rmtree(tmp_path / "2024")


@pytest.mark.parametrize(
    "text",
    [
        "severity: {VB999: error}\n",
        "severity: {VB209: fatal}\n",
        "kinds: {plan: {components: {x: error}}}\n",
        "- not a mapping\n",
        "kinds: [\n",
        "formatting: {national: {size_pt: 12}}\n",
        "formatting: {national: {size_pt: [14, 12]}}\n",
        "formatting: {motto: {bold: yes please}}\n",
        "formatting: {quoc_hieu: {bold: true}}\n",
        "formatting: {signer: {underline: true}}\n",
    ],
)
def test_bad_rules_file_is_a_usage_error(
    docgen_cli: DocgenCli, docs: Path, tmp_path: Path, text: str
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(text, encoding="utf-8")
    exc = docgen_cli("check", "--rules", str(rules), str(docs / "to-trinh.docx"))
    assert exc.code == 2


def test_parallel_check_gives_the_same_findings_in_the_same_order(built_2024) -> None:
    from docgen.check.engine import Options, check_files, expand

    files = list(expand([built_2024.out_dir]))
    assert len(files) > 16
    serial = check_files(Options(), files, jobs=1)
    assert check_files(Options(), files, jobs=2) == serial
    assert check_files(Options(), files) == serial  # default: one process per core here


# -- stages, profiles, messages (issues 13 and 15) -------------------------------------------------
def test_stage_and_profile_from_the_command_line(run: Run, tmp_path: Path) -> None:
    draft = cd.apply(
        _save(cd.totrinh(), tmp_path / "t.docx"),
        tmp_path / "draft.docx",
        cd.chain(
            cd.replace("Số: 15/TTr-CHKH", "Số:      /TTr-CHKH"),
            cd.replace("ngày 10 tháng 12", "ngày      tháng 12"),
        ),
    )
    code, out = run("check", str(draft))
    assert code == 0
    assert f"{draft}:T1R2C1: VB117 ghi chú Chưa cấp số, ngày: văn thư điền khi ban hành" in out
    code, out = run("check", "--stage", "issued", str(draft))
    assert code == 1 and "VB118 lỗi Văn bản đã ban hành còn để trống số, ngày" in out
    # docgen's own sections are checked only with its profile.
    bare = cd.apply(draft, tmp_path / "bare.docx", cd.replace("Căn cứ", "Theo"))
    cd.apply(bare, bare, cd.replace("Căn cứ", "Theo"))
    assert "VB121" not in run("check", str(bare))[1]
    assert "VB121 lỗi" in run("check", "--profile", "docgen", str(bare))[1]


def _save(doc, path: Path) -> Path:  # type: ignore[no-untyped-def]
    doc.save(str(path))
    return path


def test_rules_file_problems_are_all_reported_with_their_lines(
    docgen_cli: DocgenCli, docs: Path, tmp_path: Path
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "severity: {VB209: warning}\n"
        "formatting:\n"
        "  motto: {bold: yes please}\n"
        "  signer: {underline: true}\n"
        "kinds:\n"
        "  plan: {components: {subject: maybe}}\n",
        encoding="utf-8",
    )
    from docgen.check import config
    from docgen.errors import UsageError

    with pytest.raises(UsageError) as info:
        config.load(rules)
    assert info.value.exit_code == 2
    result = docgen_cli("check", "--rules", str(rules), str(docs / "to-trinh.docx"))
    assert result.code == 2 and result.out == ""
    text = result.err
    assert text.strip() == info.value.format()
    assert f"Tệp quy tắc {rules} có 3 lỗi:" in text
    lines = text.splitlines()
    assert [ln.split(": [")[0].rsplit(":", 2)[1] for ln in lines[1:]] == ["3", "4", "6"]
    assert f"{rules}:3:" in text and "[formatting.motto.bold]" in text
    assert f"{rules}:4:" in text and "[formatting.signer.underline]" in text
    assert f"{rules}:6:" in text and "[kinds.plan.components.subject]" in text
    assert "cần một trong error, warning, off" in text


def test_build_warnings_are_labelled_once(tmp_path: Path) -> None:
    """The build prints each warning (a located Problem) with "cảnh báo:" once."""
    from types import SimpleNamespace

    from docgen.pipeline import BuiltDoc, check_all

    path = cd.apply(
        _save(cd.totrinh(), tmp_path / "t.docx"),
        tmp_path / "w.docx",
        cd.replace("xem xét, quyết định./.", "xem xét, quyết định."),
    )
    job = SimpleNamespace(filename="to-trinh.docx")
    warnings = check_all([BuiltDoc(job, path)])  # type: ignore[arg-type]
    assert [(w.severity, str(w)) for w in warnings] == [
        (
            "warning",
            'to-trinh.docx:¶7: cảnh báo: VB115 Nội dung văn bản không kết thúc bằng dấu "./."',
        )
    ]
    assert all(str(w).count("cảnh báo") == 1 for w in warnings)
