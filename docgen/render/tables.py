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


def align_grid(tree: Any) -> Any:
    for tbl in tree.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        cols = grid.findall(qn("w:gridCol"))
        for tr in tbl.findall(qn("w:tr")):
            widths = [_width(tc) for tc in tr.findall(qn("w:tc"))]
            if len(widths) != len(cols) or any(w is None for w in widths):
                continue
            now = [int(float(c.get(qn("w:w"), "0"))) for c in cols]
            if all(abs(a - int(b or 0)) <= _TOLERANCE for a, b in zip(now, widths, strict=True)):
                break
            for c, w in zip(cols, widths, strict=True):
                c.set(qn("w:w"), str(w))
            pr = tbl.find(qn("w:tblPr"))
            tblw = pr.find(qn("w:tblW")) if pr is not None else None
            if tblw is not None and tblw.get(qn("w:type")) == "dxa":
                tblw.set(qn("w:w"), str(sum(int(w or 0) for w in widths)))
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
