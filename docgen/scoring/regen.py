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

from docgen.errors import Problem, SourceRef
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
    id_col, notes_col, cols = _columns(grid.rows[header - 1], scheme, out)
    if id_col is None:
        return out
    for row in grid.rows[header:]:
        uid = _cell(row, id_col)
        typed = _typed(row, cols, notes_col)
        if uid is None or typed is None:
            continue
        if str(uid).strip() in unit_ids:
            out.units[str(uid).strip()] = typed
        else:
            out.dropped_units.append(str(uid).strip())
    return out


def _cell(row: list[Any], c: int) -> Any:
    v = row[c - 1] if c <= len(row) else None
    return None if v is None or (isinstance(v, str) and not v.strip()) else v


def _columns(
    head: list[Any], scheme: Scheme, out: Carried
) -> tuple[int | None, int | None, dict[str, int]]:
    """The unit id column, the notes column and each score column still in the scheme."""
    codes = {c.code.casefold(): c.code for c in scheme.columns}
    codes.update({c.key.casefold(): c.code for c in scheme.columns})
    skipped = NAME_NAMES | STT_NAMES | TOTAL_NAMES
    skipped |= {f"cộng {c.code.casefold()}" for c in scheme.criteria}
    id_col = notes_col = None
    cols: dict[str, int] = {}
    for c, value in enumerate(head, start=1):
        name = _split_head(value)[0] if value is not None else ""
        if name in ID_NAMES:
            id_col = c
        elif name in NOTE_NAMES or name.startswith("ghi chú"):
            notes_col = c
        elif name in codes:
            cols[codes[name]] = c
        elif name and name not in skipped:
            out.dropped_columns.append(str(value).split("\n")[0].strip())
    return id_col, notes_col, cols


def _typed(row: list[Any], cols: dict[str, int], notes_col: int | None) -> Typed | None:
    """The scores (numbers, or the text as typed) and notes of one row; None when empty."""
    typed = Typed()
    for code, c in cols.items():
        v = _cell(row, c)
        if v is not None:
            num = parse_number(v)
            typed.scores[code] = num if num is not None else str(v)
    if notes_col is not None and _cell(row, notes_col) is not None:
        typed.notes = str(_cell(row, notes_col))
    return typed if typed.scores or typed.notes is not None else None


def merge(base: Carried | None, over: Carried) -> Carried:
    """``over``'s typed cells on top of ``base``'s (named after ``over``'s file)."""
    if base is None:
        return over
    units = {uid: Typed(dict(t.scores), t.notes) for uid, t in base.units.items()}
    for uid, t in over.units.items():
        mine = units.setdefault(uid, Typed())
        mine.scores.update(t.scores)
        mine.notes = t.notes if t.notes is not None else mine.notes
    return Carried(
        over.source,
        units,
        sorted({*base.dropped_columns, *over.dropped_columns}),
        sorted({*base.dropped_units, *over.dropped_units}),
    )


def carried_notes(carried: Carried, kept: Path | None) -> list[Problem]:
    """What the user should know about the carried scores (warnings, located at the file the
    scores not carried remain in)."""
    lines: list[Problem] = []
    where = kept.name if kept else carried.source.name
    ref = SourceRef(kept or carried.source)
    if carried.dropped_columns:
        lines.append(
            _warning(
                ref,
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
            _warning(
                ref,
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


def _warning(ref: SourceRef, vi: str, en: str, **values: object) -> Problem:
    return Problem(ref, tr(vi, en, **values), "warning")


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
