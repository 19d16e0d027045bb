"""Table grids after docxtpl's column loops (``{%tc for %}``).

docxtpl's ``fix_tables`` gives a table whose loop added or removed columns a grid of equal
widths, scaled from the template's: a one-column-per-Nội-dung table comes out with its name
column squeezed and the score columns split letter by letter. Each rendered cell still carries
its own width (``w:tcW``, copied from the template cell it repeats), so the grid and the
table's width are set back from the cells of its first row that has a cell per column. Tables
whose grid already agrees with their cells are left byte for byte as they were.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docxtpl import DocxTemplate

_TOLERANCE = 20  # twips: a template's own rounding between gridCol and tcW


def text_width(tree: Any) -> int | None:
    """The body's text width in twips (page width less the left and right margins)."""
    sect = next(iter(tree.iter(qn("w:sectPr"))), None)
    if sect is None:
        return None
    size, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or mar is None:
        return None
    try:
        return int(size.get(qn("w:w"))) - int(mar.get(qn("w:left"))) - int(mar.get(qn("w:right")))
    except (TypeError, ValueError):
        return None


def fit(widths: list[int], room: int | None) -> list[int]:
    """Widths that stay inside the margins: what a loop added beyond ``room`` comes off the
    widest columns first, each giving up at most half its width (a name or notes column wraps
    onto more lines; the narrow score columns, last in line, keep their width)."""
    excess = sum(widths) - room if room else 0
    out = list(widths)
    for i in sorted(range(len(out)), key=lambda i: -out[i]):
        if excess <= 0:
            break
        take = min(excess, out[i] // 2)
        out[i] -= take
        excess -= take
    return out


def align_grid(tree: Any) -> Any:
    room = text_width(tree)
    for tbl in tree.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        cols = grid.findall(qn("w:gridCol"))
        for tr in tbl.findall(qn("w:tr")):
            found = [_width(tc) for tc in tr.findall(qn("w:tc"))]
            if len(found) != len(cols) or any(w is None for w in found):
                continue
            cells = [int(w or 0) for w in found]
            now = [int(float(c.get(qn("w:w"), "0"))) for c in cols]
            if all(abs(a - b) <= _TOLERANCE for a, b in zip(now, cells, strict=True)):
                break
            widths = fit(cells, room)
            for c, w in zip(cols, widths, strict=True):
                c.set(qn("w:w"), str(w))
            pr = tbl.find(qn("w:tblPr"))
            tblw = pr.find(qn("w:tblW")) if pr is not None else None
            if tblw is not None and tblw.get(qn("w:type")) == "dxa":
                tblw.set(qn("w:w"), str(sum(widths)))
            break
    return tree


def _width(tc: Any) -> int | None:
    pr = tc.find(qn("w:tcPr"))
    if pr is None or pr.find(qn("w:gridSpan")) is not None:
        return None
    w = pr.find(qn("w:tcW"))
    if w is None or w.get(qn("w:type")) != "dxa":
        return None
    return int(float(w.get(qn("w:w"), "0")))


class Template(DocxTemplate):
    """docxtpl's template, its column loops keeping the widths of the cells they repeat."""

    def fix_tables(self, xml: Any) -> Any:
        return align_grid(super().fix_tables(xml))
