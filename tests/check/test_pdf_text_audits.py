"""The audits of a built PDF's words (docgen.check.cell_breaks, docgen.check.pdf_titles): a word
or short value broken inside a table cell, a title's lone last word, a number cut from its
label. Run on the shipped content's session build and on the district example (one
LibreOffice batch); tests/check/test_layout.py runs them on the longest-values build."""

from __future__ import annotations

from pathlib import Path

from docgen.check import cell_breaks, pdf_titles
from docgen.check.cell_breaks import Cells, PdfLine
from docgen.check.pdf_layout import Line, Page
from docgen.pipeline import BuildResult
from tests.helpers import REPO, needs_soffice
from tests.helpers.audits import audit

EXAMPLE = REPO / "examples" / "hoi-khuyen-hoc-quan-10"


def built_pairs(result: BuildResult) -> list[tuple[Path, Path]]:
    docx = [result.out_dir / e.path for e in result.entries if e.format == "docx"]
    return [(d, d.with_suffix(".pdf")) for d in docx if d.with_suffix(".pdf").is_file()]


@needs_soffice
def test_the_shipped_documents_pass_the_audits(built_2024: BuildResult) -> None:
    pairs = built_pairs(built_2024)
    assert len(pairs) >= 11  # plan, self-assessment, the Chi hội's dossier (tờ trình … báo cáo)
    assert audit(pairs) == {}


@needs_soffice
def test_the_district_example_passes_the_audits(built_district: BuildResult) -> None:
    pairs = built_pairs(built_district)
    assert len(pairs) >= 20  # plan, 12 sheets, notice, summary, the district's dossier
    assert audit(pairs) == {}


# -- the detectors on hand-made pages: each finds what it is for ---------------------------------


def _piece(words: str, x0: float, y0: float, width: float = 60) -> PdfLine:
    return PdfLine(1, tuple(words.split()), x0, y0, x0 + width, y0 + 14)


CELLS = Cells(
    words=frozenset({"Điểm", "duyệt", "Không", "đạt", "Xếp", "loại", "2024"}),
    cell_words=frozenset({"Điểm", "duyệt", "Không", "đạt"}),
    short_values=frozenset({"Không đạt"}),
)


def test_a_word_cut_without_a_hyphen_is_found() -> None:
    page = [_piece("Điểm d", 400, 100), _piece("uyệt", 400, 114)]
    [found] = cell_breaks.breaks(CELLS, [page], "bang.pdf")
    assert "'duyệt'" in found.message and "('d' / 'uyệt')" in found.message


def test_a_short_value_over_two_lines_is_found_and_a_heading_is_not() -> None:
    split = [_piece("Không", 500, 100), _piece("đạt", 500, 114)]
    assert "'Không đạt' bị tách làm hai dòng" in cell_breaks.breaks(CELLS, [split])[0].message
    heading = [_piece("Xếp", 500, 100), _piece("loại", 500, 114)]  # not a cell value
    assert cell_breaks.breaks(CELLS, [heading]) == []
    apart = [_piece("Không", 500, 100), _piece("đạt", 300, 114)]  # another column
    assert cell_breaks.breaks(CELLS, [apart]) == []


def test_a_number_cut_from_its_label_is_found() -> None:
    page = [
        _piece("Thực hiện tốt các tiêu chí của Nội dung", 90, 100, 400),
        _piece("1 trong năm học.", 90, 116, 120),
    ]
    [found] = pdf_titles.cut_numbers([page])
    assert "số '1' bị tách khỏi 'dung'" in found.message
    kept = [page[0], _piece("tiếp theo 1 trong năm học.", 90, 116, 200)]
    assert pdf_titles.cut_numbers([kept]) == []


def test_a_lone_last_word_of_a_title_is_found() -> None:
    title = "BAN ĐẠI DIỆN CHA MẸ HỌC SINH TRƯỜNG THPT NGUYỄN KHUYẾN"
    lone = Page(
        1,
        595,
        842,
        (
            Line("BAN ĐẠI DIỆN CHA MẸ HỌC SINH TRƯỜNG THPT NGUYỄN", 100, 200, 500, 216),
            Line("KHUYẾN", 260, 216, 340, 232),
        ),
    )
    [found] = pdf_titles.lone_words([title], [lone])
    assert "'KHUYẾN' một mình" in found.message
    two = Page(
        1,
        595,
        842,
        (
            Line("BAN ĐẠI DIỆN CHA MẸ HỌC SINH TRƯỜNG THPT", 100, 200, 500, 216),
            Line("NGUYỄN KHUYẾN", 240, 216, 360, 232),
        ),
    )
    assert pdf_titles.lone_words([title], [two]) == []
