"""docgen fix on legacy Vietnamese in real documents (issue 18): TCVN3 and VNI .doc files of a
city and a province (2004, 2008), and a 2012 list whose runs still name ".VnTime" over Unicode
text (tests/corpus/real/SOURCES-legacy.csv; the files are not committed: skipped without them).
What each real document showed is also built small with python-docx: the "ư" TCVN3 keeps as a
soft hyphen, the signer's column beside a Nơi nhận item, the stale font name."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import check_docs as cd
import pytest
from docx import Document

from docgen.check.engine import Checker
from docgen.fix.engine import fix
from docgen.vi.legacy import encode_tcvn3, legacy_bytes
from docgen.vi.text import is_syllable

LEGACY_FONTS = re.compile(r"\.vn|vni", re.IGNORECASE)


def fonts(path: Path) -> set[str]:
    doc = Document(str(path))
    names = {r.font.name for p in cd.paragraphs(doc) for r in p.runs if r.text.strip()}
    return {n for n in names if n}


def texts(path: Path) -> list[str]:
    return [p.text for p in cd.paragraphs(Document(str(path)))]


def stale(doc_paragraphs: int) -> object:
    """A tờ trình whose first ``doc_paragraphs`` body paragraphs are Unicode in .VnTime."""
    doc = cd.totrinh()
    body = [p for p in doc.paragraphs if len(p.text) > 20][:doc_paragraphs]
    for par in body:
        for run in par.runs:
            run.font.name = ".VnTime"
    return doc


def run_fix(doc: object, tmp_path: Path) -> tuple[Path, Path, object]:
    src, out = tmp_path / "src.docx", tmp_path / "out.docx"
    doc.save(str(src))  # type: ignore[attr-defined]
    result = fix(src)
    out.write_bytes(result.data)
    return src, out, result


def test_unicode_text_under_a_stale_legacy_font_gets_the_font_only(tmp_path: Path) -> None:
    src, out, result = run_fix(stale(3), tmp_path)
    assert "VB408" in {f.code for f in Checker().check_file(src)}
    assert [c for c in result.changes if c.code == "VB408"], result.changes
    assert not result.ambiguous
    assert texts(out) == texts(src)  # not one letter transcoded
    assert not {f.code for f in Checker().check_file(out)} & {"VB406", "VB407", "VB408", "VB409"}
    assert not any(LEGACY_FONTS.search(f) for f in fonts(out))


def test_stale_only_when_the_whole_document_says_so(tmp_path: Path) -> None:
    # One paragraph is too little evidence: left and reported, as any ambiguous run.
    _, out, result = run_fix(stale(1), tmp_path)
    assert any(code == "VB409" for code, _, _ in result.ambiguous)
    # Real TCVN3 text elsewhere in the document: the Unicode runs are not declared stale.
    doc = stale(3)
    par = cd.paragraphs(doc).__next__()
    value, _ = encode_tcvn3("Cộng hòa")
    run = par.add_run(value)
    run.font.name = ".VnTime"
    _, out, result = run_fix(doc, tmp_path)
    assert any(code == "VB409" for code, _, _ in result.ambiguous)


def test_tcvn3_u_horn_kept_by_word_as_a_soft_hyphen(tmp_path: Path) -> None:
    """TCVN3 writes "ư" as 0xAD, which Word stores as <w:softHyphen/>: it must come back as
    "ư", not vanish ("Chơng trình")."""
    from docx.oxml import OxmlElement

    doc = cd.totrinh()
    par = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Kế hoạch"))
    par.clear()
    head, _ = encode_tcvn3("Căn cứ Ch")
    tail, _ = encode_tcvn3("ơng trình của Thủ t")
    end, _ = encode_tcvn3("ớng Chính phủ;")
    run = par.add_run(head)
    run.font.name = ".VnTime"
    for piece in (tail, end):
        run._r.append(OxmlElement("w:softHyphen"))
        t = OxmlElement("w:t")
        t.text = piece
        run._r.append(t)
    _, out, result = run_fix(doc, tmp_path)
    assert "Căn cứ Chương trình của Thủ tướng Chính phủ;" in texts(out)
    # No trigger: a soft hyphen in a Unicode (Times New Roman) run stays a soft hyphen.
    doc = cd.totrinh()
    par = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Kế hoạch"))
    par.runs[0]._r.append(OxmlElement("w:softHyphen"))
    src, out, _ = run_fix(doc, tmp_path)
    assert b"softHyphen" in _document_xml(out)


def _document_xml(path: Path) -> bytes:
    import zipfile

    return zipfile.ZipFile(path).read("word/document.xml")


def test_signer_column_beside_a_recipient_keeps_its_text(tmp_path: Path) -> None:
    """ "- BTV Thành ủy<tab><tab>(Đã ký)": the ";" the item lacks goes after the item."""
    doc = cd.totrinh()
    item = next(p for p in cd.paragraphs(doc) if p.text.startswith("- ") and p.text.endswith(";"))
    item.runs[-1].text = item.runs[-1].text.rstrip(";") + "\t\t(Đã ký)"
    src, out, result = run_fix(doc, tmp_path)
    assert any(c.code == "VB205" for c in result.changes), result.changes
    fixed = next(t for t in texts(out) if t.endswith("(Đã ký)"))
    assert fixed.split("\t")[0].endswith(";") and not fixed.endswith(");")


def _real_legacy() -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "check"))
    from corpus_score import locate_corpus

    folder = locate_corpus()
    return sorted((folder / "legacy").glob("*.docx")) if folder else []


def _formatting(doc: object) -> list[tuple[object, ...]]:
    pars = list(cd.paragraphs(doc))  # type: ignore[arg-type]
    return [(r.bold, r.italic, r.underline, r.font.size) for p in pars for r in p.runs]


@pytest.mark.parametrize("path", _real_legacy(), ids=lambda p: p.name)
def test_a_real_legacy_document_comes_back_as_unicode(path: Path, tmp_path: Path) -> None:
    """After the fix: no finding of legacy text or fonts, Times New Roman on every run, every
    run's bold/italic/underline/size as it was, no TCVN3 or VNI byte and no lost "ư" anywhere,
    and every word a Vietnamese syllable (abbreviations in capitals aside)."""
    assert {f.code for f in Checker().check_file(path)} & {"VB406", "VB407", "VB408"}
    result = fix(path)
    out = tmp_path / path.name
    out.write_bytes(result.data)
    assert not {f.code for f in Checker().check_file(out)} & {"VB406", "VB407", "VB408", "VB409"}
    assert not any(LEGACY_FONTS.search(f) for f in fonts(out)), fonts(out)
    old, new = Document(str(path)), Document(str(out))
    assert _formatting(new) == _formatting(old)
    assert b"softHyphen" not in _document_xml(out)
    text = " ".join(p.text for p in cd.paragraphs(new))
    assert not legacy_bytes(text)
    words = re.findall(r"[^\W\d_]+", text)
    assert len(words) > 200
    # Abbreviations and single letters are not syllables: UBND, TTg (Thủ tướng), "V/v".
    odd = [w for w in words if len(w) > 1 and not is_syllable(w) and sum(map(str.isupper, w)) < 2]
    assert odd == [], odd
    if "tcvn3" in path.name:
        assert "V/v ban hành Chương trình Cải cách hành chính" in text
    if "vni" in path.name:
        assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
