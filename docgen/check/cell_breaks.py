"""Words broken inside a table cell, read from a built PDF's word positions and its .docx.

A column too narrow for a word makes LibreOffice (and Word) cut the word where the line ends,
without a hyphen: "Điểm d / uyệt". A column too narrow for a short value breaks it between its
syllables: "Không / đạt", "Xuất / sắc". Both read as mistakes in a signed document. The audit:

- the .docx gives the text of every table cell paragraph (its words, and its short values:
  two words of letters, at most ``SHORT_VALUE`` characters, not a column heading, which may
  stack its words in a narrow column of figures: "Điểm / duyệt");
- poppler's ``pdftotext -bbox-layout`` gives the PDF's lines and words with boxes, a line cut
  where a wide gap shows another cell;
- for each piece of line followed by the one right below it in the same column, the last word
  of the first and the first word of the second are joined: a **split word** when the fragment
  ending the line is no word of the document but the two together are a word of a cell; a
  **split value** when the two lines are exactly the two words of a short cell value.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.check.pdf_layout import _NS, bbox_xml
from docgen.errors import Problem, SourceRef
from docgen.i18n import tr
from docgen.reader.read import check_docx
from docgen.render.typeset import HEAD_STYLE
from docgen.vi.typeset import NBSP, SHORT_VALUE

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TWO_WORDS = re.compile(r"^[^\W\d_]+ [^\W\d_]+$")
_EDGE = re.compile(r"^[^\w]+|[^\w%]+$")  # punctuation around a word: "(9/10)," -> "9/10"


@dataclass(frozen=True)
class Cells:
    """What the .docx says: every word of the document, the words and short values of cells."""

    words: frozenset[str]
    cell_words: frozenset[str]
    short_values: frozenset[str]


@dataclass(frozen=True)
class PdfLine:
    """A run of words on one line of a page, with no wide gap inside: the part of a text line
    in one table cell (pdftotext may join the cells of a row into one line)."""

    page: int
    words: tuple[str, ...]
    x0: float
    y0: float
    x1: float
    y1: float


GAP_PT = 6.0  # wider than a space of 12-14 pt text in a left-aligned cell: another cell


def _texts(p: Any) -> str:
    own = [t for t in p.iter(f"{_W}t") if next(t.iterancestors(f"{_W}p"), None) is p]
    return "".join(t.text or "" for t in own).replace(NBSP, " ")


def docx_cells(docx: Path) -> Cells:
    check_docx(docx)  # the reader's limits (zip bomb, entities)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"), parser=parser)
    words: set[str] = set()
    cell_words: set[str] = set()
    short: set[str] = set()
    for p in root.iter(f"{_W}p"):
        text = _texts(p)
        found = {_EDGE.sub("", w) for w in text.split()} | set(text.split())
        words |= found
        if next(p.iterancestors(f"{_W}tc"), None) is not None:
            cell_words |= found
            value = " ".join(text.split())
            head = p.find(f"{_W}pPr/{_W}pStyle[@{_W}val='{HEAD_STYLE}']") is not None
            if not head and len(value) <= SHORT_VALUE and _TWO_WORDS.match(value):
                short.add(value)
    return Cells(frozenset(words), frozenset(cell_words), frozenset(short))


def pdf_lines(pdf: Path) -> list[list[PdfLine]] | None:
    """The pieces of line of each page (see :class:`PdfLine`), in reading order."""
    root = bbox_xml(pdf)
    return None if root is None else pieces_of(root)


def pieces_of(root: Any) -> list[list[PdfLine]]:
    """The pieces of line of each page of a ``bbox_xml`` tree."""
    out = []
    for n, page in enumerate(root.iter(f"{_NS}page"), start=1):
        found: list[PdfLine] = []
        for line in page.iter(f"{_NS}line"):
            piece: list[tuple[str, list[float]]] = []
            for w in line.iter(f"{_NS}word"):
                box = [float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
                if piece and box[0] - piece[-1][1][2] > GAP_PT:
                    found.append(_piece(n, piece))
                    piece = []
                piece.append((w.text or "", box))
            if piece:
                found.append(_piece(n, piece))
        out.append(sorted(found, key=_top))
    return out


def _piece(page: int, words: list[tuple[str, list[float]]]) -> PdfLine:
    boxes = [b for _, b in words]
    return PdfLine(
        page,
        tuple(w for w, _ in words),
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def below(a: PdfLine, lines: list[PdfLine]) -> PdfLine | None:
    """The piece of line right below ``a`` in the same column (overlapping it), if any;
    ``lines`` are sorted by their top (as :func:`pieces_of` gives them)."""
    height = a.y1 - a.y0
    first = bisect.bisect_right(lines, a.y0 + 0.5 * height, key=_top)
    last = bisect.bisect_right(lines, a.y0 + 1.6 * height, key=_top)
    under = [b for b in lines[first:last] if b.x0 < a.x1 and a.x0 < b.x1]
    return min(under, key=lambda b: (b.y0, abs(b.x0 - a.x0)), default=None)


def _top(line: PdfLine) -> float:
    return line.y0


def breaks(cells: Cells, pages: list[list[PdfLine]], path: Path | str = "") -> list[Problem]:
    """Every word or short value broken across two lines of a table cell."""
    out = []
    for page in pages:
        for a in page:
            b = below(a, page)
            if b is None:
                continue
            end, start = a.words[-1], b.words[0]
            joined = _EDGE.sub("", end + start)
            pair = " ".join((*a.words, *b.words))
            if (
                end not in cells.words
                and _EDGE.sub("", end) not in cells.words
                and (joined in cells.cell_words or end + start in cells.cell_words)
            ):
                message = tr(
                    "chữ '{w}' bị cắt ở cuối dòng trong ô bảng ('{a}' / '{b}'): cột quá hẹp",
                    "the word '{w}' is cut at the end of a line in a table cell "
                    "('{a}' / '{b}'): the column is too narrow",
                    w=end + start,
                    a=end,
                    b=start,
                )
            elif len(a.words) == 1 and len(b.words) == 1 and pair in cells.short_values:
                message = tr(
                    "'{v}' bị tách làm hai dòng trong ô bảng: cột quá hẹp",
                    "'{v}' is split over two lines in a table cell: the column is too narrow",
                    v=pair,
                )
            else:
                continue
            where = SourceRef(path, place=f"{a.page}")
            out.append(Problem(where, message, "warning", excerpt=pair[:120]))
    return out


def check(docx: Path, pdf: Path, shown: Path | str | None = None) -> list[Problem] | None:
    """The broken words of one built document (its .docx and PDF), or None without pdftotext."""
    pages = pdf_lines(pdf)
    if pages is None:
        return None
    return breaks(docx_cells(docx), pages, pdf if shown is None else shown)
