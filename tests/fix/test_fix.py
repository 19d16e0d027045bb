"""docgen fix: each repair on a document with the defect, proven by a re-check; everything it
does not repair stays as it was (parts compared before and after); legacy text converted."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import check_docs as cd
import pytest
from docx import Document
from docx.shared import Mm, Pt

from docgen.check.engine import Checker, Options
from docgen.cli import main
from docgen.fix.engine import fix
from docgen.reader.read import read


def codes(path: Path) -> list[str]:
    return sorted(f.code for f in Checker(Options()).check_file(path))


def text_of(path: Path) -> list[str]:
    return [b.text for b in read(path).blocks]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def fixed(tmp_path: Path, doc, name: str = "doc") -> tuple[Path, Path]:
    src = tmp_path / f"{name}.docx"
    doc.save(str(src))
    out = tmp_path / f"{name}-fixed.docx"
    result = fix(src)
    out.write_bytes(result.data)
    return src, out


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_a_clean_document_is_left_byte_for_byte(tmp_path: Path) -> None:
    src, out = fixed(tmp_path, cd.totrinh())
    assert codes(src) == []
    assert out.read_bytes() == src.read_bytes()


@pytest.mark.parametrize(
    ("edit", "code", "before", "after"),
    [
        (cd.replace("ngày 10 tháng 12", "ngày 10 tháng 012"), None, None, None),
        (
            cd.set_para("Quận 10, ngày", "Quận 10, ngày 5 tháng 01 năm 2025"),
            "VB302",
            "ngày 5 tháng 01 năm 2025",
            "ngày 05 tháng 01 năm 2025",
        ),
        (
            cd.set_para("Quận 10, ngày", "Quận 10, ngày 15 tháng 04 năm 2024"),
            "VB30",
            "ngày 15 tháng 04 năm 2024",
            "ngày 15 tháng 4 năm 2024",
        ),
        (
            cd.set_para("TM. BAN", "T/M BAN CHẤP HÀNH"),
            "VB112",
            "T/M BAN CHẤP HÀNH",
            "TM. BAN CHẤP HÀNH",
        ),
        (cd.set_para("- Như trên;", "- Như trên"), "VB205", "- Như trên", "- Như trên;"),
        (cd.set_para("- Lưu: VT.", "- Lưu: VT;"), "VB206", "- Lưu: VT;", "- Lưu: VT."),
        (cd.set_para("- Như trên;", "Như trên;"), "VB204", "Như trên;", "- Như trên;"),
        (cd.set_para("Nơi nhận:", "Nơi nhận"), "VB202", "Nơi nhận", "Nơi nhận:"),
        (
            cd.set_para("CỘNG HÒA", "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "VB10",
            "CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        (
            cd.set_para("Độc lập", "Độc Lập – Tự Do – Hạnh Phúc"),
            "VB10",
            "Độc Lập – Tự Do – Hạnh Phúc",
            "Độc lập - Tự do - Hạnh phúc",
        ),
        (cd.nfd("Chi hội Khuyến học kính đề nghị"), "VB404", None, None),
    ],
)
def test_each_text_repair_resolves_its_finding_and_nothing_else(
    tmp_path: Path, edit, code: str | None, before: str | None, after: str | None
) -> None:
    doc = cd.totrinh()
    edit(doc)
    src, out = fixed(tmp_path, doc)
    found = codes(src)
    if code is None:  # an edit the checker does not mind (sanity of the harness)
        return
    assert any(c.startswith(code) for c in found), found
    assert not any(c.startswith(code) for c in codes(out)), codes(out)
    assert set(codes(out)) <= set(found)  # nothing new
    old, new = text_of(src), text_of(out)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed, "the text did not change"
    for a, b in changed:
        if before is not None:
            assert a.replace(before, after) == b
    # untouched parts are the same bytes
    p_old, p_new = parts(src), parts(out)
    assert p_old.keys() == p_new.keys()
    assert [n for n in p_old if p_old[n] != p_new[n]] == ["word/document.xml"]


def test_recipients_in_one_paragraph_with_line_breaks(tmp_path: Path) -> None:
    doc = cd.totrinh()
    cell = doc.tables[-1].rows[0].cells[0]
    for par in cell.paragraphs[1:]:
        par._p.getparent().remove(par._p)
    label = cell.paragraphs[0]
    run = label.add_run()
    run.add_break()
    run = label.add_run("Như trên")
    run.font.size = Pt(11)
    run.add_break()
    label.add_run("- Lưu VT").font.size = Pt(11)
    src, out = fixed(tmp_path, doc)
    assert {"VB206", "VB209"} <= set(codes(src))  # "Như trên" unread as "- Như trên;"
    assert not {"VB204", "VB205", "VB206", "VB209"} & set(codes(out))
    new = text_of(out)
    assert "Nơi nhận:\n- Như trên;\n- Lưu VT." in new


def test_formatting_repairs(tmp_path: Path) -> None:
    doc = cd.totrinh()
    cd.run_format("Nơi nhận:", bold=False, italic=False, size=14)(doc)
    cd.run_format("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=False)(doc)
    src, out = fixed(tmp_path, doc)
    assert {"VB520", "VB527"} <= set(codes(src))
    assert not {"VB520", "VB527"} & set(codes(out))
    d = Document(str(out))
    label = next(p for p in cd.paragraphs(d) if p.text == "Nơi nhận:")
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size == Pt(12)
    assert text_of(src) == text_of(out)


def test_page_size_and_margins(tmp_path: Path) -> None:
    doc = cd.totrinh()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(216), Mm(279)  # US Letter
    sec.left_margin, sec.top_margin = Mm(25), Mm(15)
    src, out = fixed(tmp_path, doc)
    assert {"VB501", "VB503"} <= set(codes(src))
    assert not {"VB501", "VB503"} & set(codes(out))
    s = Document(str(out)).sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert 30 <= s.left_margin.mm <= 35 and 20 <= s.top_margin.mm <= 25
    assert text_of(src) == text_of(out)


def test_body_font(tmp_path: Path) -> None:
    doc = cd.totrinh()
    doc.styles["Normal"].font.name = "Arial"
    src, out = fixed(tmp_path, doc)
    assert "VB504" in codes(src)
    assert "VB504" not in codes(out)
    assert text_of(src) == text_of(out)


def _legacy_doc(encode, font: str, capitals_font: str | None = None) -> object:
    from docgen.vi import legacy

    doc = cd.totrinh()
    for par in cd.paragraphs(doc):
        for run in par.runs:
            if not run.text:
                continue
            if font.startswith(".Vn"):
                value, caps = legacy.encode_tcvn3(run.text)
                run.text = value
                run.font.name = capitals_font if caps and capitals_font else font
            else:
                run.text = encode(run.text)
                run.font.name = font
    return doc


@pytest.mark.parametrize("font", [".VnTime", "VNI-Times"])
def test_a_legacy_document_comes_back_as_unicode_with_its_formatting(
    tmp_path: Path, font: str
) -> None:
    from docgen.vi import legacy

    original = tmp_path / "original.docx"
    reference = cd.totrinh()
    list(cd.paragraphs(reference))  # reading the header paragraphs adds a header, as below
    reference.save(str(original))
    doc = _legacy_doc(legacy.encode_vni, font, ".VnTimeH")
    src, out = fixed(tmp_path, doc)
    assert {"VB406", "VB407", "VB408"} & set(codes(src))
    assert codes(out) == codes(original) == []
    assert text_of(out) == text_of(original)
    bold = [r.bold for p in cd.paragraphs(Document(str(out))) for r in p.runs]
    assert bold == [r.bold for p in cd.paragraphs(Document(str(original))) for r in p.runs]


def test_an_ambiguous_run_is_left_and_reported(tmp_path: Path) -> None:
    doc = cd.totrinh()
    cd.run_font("Chi hội Khuyến học kính đề nghị", ".VnTime")(doc)  # Unicode text, legacy font
    src = tmp_path / "mixed.docx"
    doc.save(str(src))
    result = fix(src)
    assert any(code == "VB409" for code, _, _ in result.ambiguous)
    out = tmp_path / "out.docx"
    out.write_bytes(result.data)
    assert text_of(out) == text_of(src)


def test_cli_writes_a_copy_reports_and_exits(tmp_path: Path, capsys) -> None:
    doc = cd.totrinh()
    cd.set_para("Quận 10, ngày", "Quận 10, ngày 5 tháng 01 năm 2025")(doc)
    cd.set_para("TM. BAN", "T/M BAN CHẤP HÀNH")(doc)
    src = tmp_path / "to-trinh.docx"
    doc.save(str(src))
    before = src.read_bytes()
    code, out = run_cli(["fix", str(src), "--dry-run"], capsys)
    assert code == 0 and not (tmp_path / "to-trinh-fixed.docx").exists()
    code, out = run_cli(["fix", str(src)], capsys)
    assert code == 0, out
    assert src.read_bytes() == before  # never the input without --in-place
    assert "VB302 T1R2C2: 'ngày 5 tháng 01 năm 2025' → 'ngày 05 tháng 01 năm 2025'" in out
    assert "VB112" in out and "Không còn lỗi hay cảnh báo." in out
    assert codes(tmp_path / "to-trinh-fixed.docx") == []
    code, out = run_cli(["fix", str(src), "--in-place", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and len(data["changes"]) == 2 and data["left"] == []
    assert codes(src) == []


def test_cli_leaves_what_needs_judgement(tmp_path: Path, capsys) -> None:
    doc = cd.totrinh()
    cd.set_para("Số: 15", "")(doc)  # a missing Số is the văn thư's, not docgen's
    src = tmp_path / "no-number.docx"
    doc.save(str(src))
    code, out = run_cli(["fix", str(src), "-o", str(tmp_path / "o.docx")], capsys)
    assert code == 1
    assert "VB105" in out and "cần người quyết định" in out


def test_cli_refuses_to_overwrite_without_in_place(tmp_path: Path, capsys) -> None:
    src = tmp_path / "a.docx"
    cd.totrinh().save(str(src))
    code, _ = run_cli(["fix", str(src), "-o", str(src)], capsys)
    assert code == 2


def _real_documents() -> list[Path]:
    """The .docx files of the real-document corpus (tests/check/corpus_score.locate_corpus)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "check"))
    from corpus_score import locate_corpus

    folder = locate_corpus()
    return sorted(folder.glob("*.docx")) if folder else []


REAL = _real_documents()


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_fixing_a_real_document_never_makes_it_worse(path: Path, tmp_path: Path) -> None:
    """Over the real-document corpus: fewer findings (or the same when nothing was repaired),
    never a new one (except what converting legacy text reveals), and the text unchanged except
    where a reported change says so."""
    from collections import Counter

    result = fix(path)
    before = Counter(f.code for f in result.before)
    after = Counter(f.code for f in result.after)
    out = tmp_path / path.name
    out.write_bytes(result.data)
    if not result.changes:
        assert out.read_bytes() == path.read_bytes()
        return
    assert sum(after.values()) < sum(before.values())
    converted = any(c.code in ("VB406", "VB407") for c in result.changes)
    if not converted:
        assert not set(after) - set(before)
    old, new = read(path).blocks, read(out).blocks
    if any(c.code == "VB506" for c in result.changes):  # a new header with the page number
        old = tuple(b for b in old if b.where != "header")
        new = tuple(b for b in new if b.where != "header")
    assert len(old) == len(new)
    places = {c.location for c in result.changes}
    assert [
        a.location
        for a, b in zip(old, new, strict=True)
        if a.text != b.text and a.location not in places
    ] == []


def test_docgens_own_documents_need_no_repair(built_2024) -> None:
    docs = sorted(built_2024.out_dir.glob("*.docx"))
    assert docs
    for path in docs[:6]:
        result = fix(path)
        assert result.changes == [] and result.data == path.read_bytes(), path.name


@pytest.mark.parametrize(
    ("edit", "code"),
    [(cd.drop_page_field, "VB506"), (cd.drop_title_pg, "VB507"), (cd.header_left, "VB508")],
)
def test_page_number_repairs(built_2024, tmp_path: Path, edit, code: str) -> None:
    plan = next(built_2024.out_dir.glob("ke-hoach-*.docx"))
    doc = Document(str(plan))
    edit(doc)
    if code == "VB506":  # a document with no header at all
        for sect in doc.sections:
            for ref in list(sect._sectPr.iterchildren()):
                if ref.tag.endswith("headerReference"):
                    sect._sectPr.remove(ref)
    src, out = fixed(tmp_path, doc, "ke-hoach")
    assert code in codes(src)
    assert code not in codes(out) and set(codes(out)) <= set(codes(src))
    assert text_of(src) == [b for b in text_of(out) if b != "2"] or code != "VB506"
    if code == "VB506":
        d = Document(str(out))
        assert d.sections[0].different_first_page_header_footer
        assert "PAGE" in d.sections[0].header._element.xml
