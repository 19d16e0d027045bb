"""``docgen form`` over an existing score file: every score already typed is carried over.

After a Nội dung is added (or a unit), the form is written again from the new scheme and the
scores already typed, from the year's ``scores.xlsx`` or ``scores.csv``: the new column is
empty, every other cell keeps its value. Columns the scheme no longer has, and units no longer
in ``units.yaml``, are reported (their values stay in the old file, which is kept beside).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.i18n import tr
from docgen.scoring.readers import (
    ID_NAMES,
    NAME_NAMES,
    NOTE_NAMES,
    STT_NAMES,
    TOTAL_NAMES,
    _header_row,
    _split_head,
    parse_number,
    read_grid,
)
from docgen.scoring.scheme import Scheme


@dataclass
class Typed:
    """The scores typed for one unit: column code -> value (a number, or the text as typed)."""

    scores: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None


@dataclass
class Carried:
    """What an old score file gives the new form, and what it could not give."""

    source: Path
    units: dict[str, Typed] = field(default_factory=dict)
    dropped_columns: list[str] = field(default_factory=list)  # no longer in the scheme
    dropped_units: list[str] = field(default_factory=list)  # no longer in units.yaml

    @property
    def cells(self) -> int:
        return sum(len(t.scores) for t in self.units.values())


def carry_scores(path: Path, scheme: Scheme, unit_ids: list[str]) -> Carried:
    """Every score cell typed in ``path`` whose column and unit the scheme still has."""
    grid = read_grid(path)
    out = Carried(path)
    header = _header_row(grid)
    if header is None:
        return out
    codes = {c.code.casefold(): c.code for c in scheme.columns}
    codes.update({c.key.casefold(): c.code for c in scheme.columns})
    computed = TOTAL_NAMES | {f"cộng {c.code.casefold()}" for c in scheme.criteria}
    id_col = notes_col = None
    cols: dict[str, int] = {}
    for c, value in enumerate(grid.rows[header - 1], start=1):
        if value is None:
            continue
        name, _ = _split_head(value)
        if name in ID_NAMES:
            id_col = c
        elif name in NOTE_NAMES or name.startswith("ghi chú"):
            notes_col = c
        elif name in NAME_NAMES or name in STT_NAMES or name in computed or not name:
            continue
        elif name in codes:
            cols[codes[name]] = c
        else:
            out.dropped_columns.append(str(value).split("\n")[0].strip())
    if id_col is None:
        return out
    for row in grid.rows[header:]:

        def cell(c: int, row: list[Any] = row) -> Any:
            v = row[c - 1] if c <= len(row) else None
            return None if v is None or (isinstance(v, str) and not v.strip()) else v

        uid = cell(id_col)
        if uid is None:
            continue
        uid = str(uid).strip()
        typed = Typed()
        for code, c in cols.items():
            v = cell(c)
            if v is not None:
                num = parse_number(v)
                typed.scores[code] = num if num is not None else str(v)
        if notes_col is not None and cell(notes_col) is not None:
            typed.notes = str(cell(notes_col))
        if not typed.scores and typed.notes is None:
            continue
        if uid in unit_ids:
            out.units[uid] = typed
        else:
            out.dropped_units.append(uid)
    return out


def carried_notes(carried: Carried, kept: Path | None) -> list[str]:
    """What the user should know about the carried scores (warnings)."""
    lines = []
    where = kept.name if kept else carried.source.name
    if carried.dropped_columns:
        lines.append(
            tr(
                "cột {c} của {s} không còn trong thang điểm: điểm ở cột này không được chuyển "
                "sang biểu mẫu mới (vẫn còn trong {k})",
                "column {c} of {s} is no longer in the scheme: its scores were not carried to "
                "the new form (they remain in {k})",
                c=", ".join(carried.dropped_columns),
                s=carried.source.name,
                k=where,
            )
        )
    if carried.dropped_units:
        lines.append(
            tr(
                "đơn vị {u} của {s} không có trong units.yaml: điểm không được chuyển (vẫn còn "
                "trong {k})",
                "unit {u} of {s} is not in units.yaml: its scores were not carried (they remain "
                "in {k})",
                u=", ".join(carried.dropped_units),
                s=carried.source.name,
                k=where,
            )
        )
    return lines


def retire(path: Path) -> Path:
    """Rename an old score file out of docgen's way: scores.csv -> scores-cu.csv (-2, -3…)."""
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        target = path.with_name(f"{path.stem}-cu{suffix}{path.suffix}")
        if not target.exists():
            path.replace(target)
            return target
        n += 1
