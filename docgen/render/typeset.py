"""The render stage's typesetting pass: non-breaking spaces in every rendered paragraph.

Run once over each rendered part (body, headers, footers) of every document, so no template
has to spell out U+00A0 itself: the rules are in :mod:`docgen.vi.typeset`. A paragraph's text
may be split over several runs (a bold label, a highlighted blank); the rules see the whole
paragraph and each space is replaced in the run that holds it. Tabs and line breaks end a
stretch of text, as they do on the page.

- Title paragraphs (tên loại, trích yếu, issuer, signature titles: ``TITLE_STYLES``) also
  leave no lone last word.
- A short value in a table cell ("Xuất sắc", "Không đạt") is one unit.
"""

from __future__ import annotations

from typing import Any

from docgen.content.prose import TODO
from docgen.vi.typeset import NBSP, SHORT_VALUE, positions

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TC = f"{_W}p", f"{_W}t", f"{_W}tc"
_BREAKS = {f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}ptab"}
_PIECES = {_T, *_BREAKS}
_PSTYLE = f"{_W}pPr/{_W}pStyle"
TWIPS_PER_CHAR = 150  # 7.5 pt: wider than any lowercase Vietnamese letter at 13 pt
CELL_MARGINS = 2 * 108
HEAD_STYLE = "VBTableHead"  # a column heading may wrap: only values are bound
TITLE_STYLES = frozenset(
    {"VBDocType", "VBSubject", "VBSigner", "VBHeader", "VBHeaderBold", "VBHeading1"}
)


def _style(p: Any) -> str:
    style = p.find(_PSTYLE)
    return "" if style is None else str(style.get(f"{_W}val", ""))


def _own(p: Any, el: Any) -> bool:
    """``el`` belongs to ``p`` itself, not to a paragraph nested in it (a text box)."""
    return next(el.iterancestors(_P), None) is p


def _cell_twips(p: Any) -> int | None:
    """The width of the table cell holding ``p`` (twips), or None outside a table."""
    tc = next(p.iterancestors(_TC), None)
    if tc is None:
        return None
    width = tc.find(f"{_W}tcPr/{_W}tcW")
    try:
        return int(width.get(f"{_W}w", "0")) if width is not None else 0
    except ValueError:
        return 0


def _fits(text: str, twips: int) -> bool:
    """``text`` fits on one line of a cell ``twips`` wide (13 pt, generous glyph widths, the
    cell's default margins): a value bound in a narrower cell would break inside a word."""
    return len(text.strip()) * TWIPS_PER_CHAR + CELL_MARGINS <= twips


def paragraph(p: Any) -> None:
    """Non-breaking spaces in one ``w:p`` element (in place)."""
    if not any(" " in (t.text or "") for t in p.iter(_T)):
        return
    pieces = list(p.iter(*_PIECES))
    if next(p.iterdescendants(_P), None) is not None:  # a text box inside: not its paragraphs
        pieces = [el for el in pieces if _own(p, el)]
    texts: list[str] = []
    starts: list[tuple[int, Any]] = []  # (index in the joined text, w:t) of each piece of text
    at = 0
    for el in pieces:
        value = (el.text or "") if el.tag == _T else "\n"
        if el.tag == _T:
            starts.append((at, el))
        texts.append(value)
        at += len(value)
    text = "".join(texts)
    style = _style(p)
    title = style in TITLE_STYLES
    short = False
    if not title and style != HEAD_STYLE and len(text.strip()) <= SHORT_VALUE:
        twips = _cell_twips(p)
        short = twips is not None and _fits(text, twips)
    found = positions(text, title=title, short=short)
    for todo in TODO.finditer(text):  # a blank left to fill keeps its plain spaces
        found -= set(range(todo.start(), todo.end()))
    for begin, el in starts:
        value = el.text or ""
        mine = [i - begin for i in found if begin <= i < begin + len(value)]
        if mine:
            chars = list(value)
            for offset in mine:
                chars[offset] = NBSP
            el.text = "".join(chars)


def part(root: Any) -> Any:
    """Every paragraph of a rendered part (an lxml element), in place; returns ``root``."""
    for p in root.iter(_P):
        paragraph(p)
    return root
