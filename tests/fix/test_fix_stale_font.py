"""docgen fix on text that only its font calls legacy (issue 18): a document converted to
Unicode long ago whose runs still name ".VnTime". Seen in a real 2012 document (below); the
synthetic cases build the same shape with python-docx."""

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


def _real_legacy() -> list[Path]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "check"))
    from corpus_score import locate_corpus

    folder = locate_corpus()
    return sorted((folder / "legacy").glob("*.docx")) if folder else []


@pytest.mark.parametrize("path", _real_legacy(), ids=lambda p: p.name)
def test_a_real_document_with_a_stale_vntime_font(path: Path, tmp_path: Path) -> None:
    """tests/corpus/real/SOURCES-legacy.csv: a 2012 list whose table names ".vn time" over
    Unicode text. After the fix: Times New Roman everywhere, the text and the bold title as they
    were, every word a Vietnamese syllable and no TCVN3 byte anywhere."""
    before = {f.code for f in Checker().check_file(path)}
    assert "VB408" in before
    result = fix(path)
    out = tmp_path / path.name
    out.write_bytes(result.data)
    assert not {f.code for f in Checker().check_file(out)} & {"VB406", "VB407", "VB408", "VB409"}
    assert not any(LEGACY_FONTS.search(f) for f in fonts(out)), fonts(out)
    old, new = Document(str(path)), Document(str(out))
    assert texts(out) == texts(path)
    cells = [c.text for t in new.tables for c in t._cells]
    assert cells == [c.text for t in old.tables for c in t._cells]
    assert [r.bold for t in new.tables for c in t._cells for p in c.paragraphs for r in p.runs] == [
        r.bold for t in old.tables for c in t._cells for p in c.paragraphs for r in p.runs
    ]
    text = " ".join(cells)
    assert not legacy_bytes(text)
    words = [
        w for w in re.findall(r"[^\W\d_]+", text) if re.search(r"[aeiouyăâêôơưAEIOUY]", w, re.I)
    ]
    assert len(words) > 200
    odd = [w for w in words if not is_syllable(w)]
    assert odd == [], odd
