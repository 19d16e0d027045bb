"""Đơn vị and Chấm điểm: the units table, the Excel form, a filled form checked cell by cell
(nothing stored until it is clean), and the ranking with its bands."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.content.load import Content, load_content
from docgen.content.units import load_units
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr
from docgen.scoring import Scored, band_counts, load_scored
from docgen.scoring.files import find_score_file
from docgen.scoring.form import form_bytes
from docgen.scoring.readers import Grid, read_grid
from docgen.scoring.scheme import load_scheme
from docgen.web import store, yamledit
from docgen.web.common import Upload, by_field, posted, render, settings_of, shown, year_of
from docgen.web.labels import label

SUFFIXES = {".xlsx", ".csv"}
_CELL = re.compile(r"^(?:.*!)?([A-Z]+)(\d+)$")


def validate_scores(year: int) -> store.Validator:
    def run(root: Path) -> list[Problem]:
        loaded: list[Content] = []
        found = store.problems_of(lambda: loaded.append(load_content(root, year)))
        if not loaded:
            return found
        content = loaded[0]
        found += store.problems_of(lambda: load_units(content.year_dir))
        scored: list[Scored | None] = []
        found += store.problems_of(lambda: scored.append(load_scored(content)))
        found += [w for s in scored if s is not None for w in s.warnings]
        return found

    return run


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def grid_view(grid: Grid, problems: list[Problem]) -> dict[str, Any]:
    """The uploaded sheet as rows, each cell with the messages about it."""
    marks: dict[tuple[int, int], list[str]] = {}
    rows_marked: dict[int, list[str]] = {}
    for p in problems:
        cell = (p.ref.cell or "").split("!")[-1]
        m = _CELL.match(cell)
        if m:
            marks.setdefault((int(m.group(2)), _column(m.group(1))), []).append(p.message)
        elif re.fullmatch(r"\d+:\d+", cell):
            rows_marked.setdefault(int(cell.split(":")[0]), []).append(p.message)
    width = max((len(r) for r in grid.rows), default=0)
    rows = []
    for r, row in enumerate(grid.rows[:400], start=1):
        if not any(v not in (None, "") for v in row) and (r, 1) not in marks:
            continue
        cells = []
        for c in range(1, width + 1):
            value = row[c - 1] if c <= len(row) else None
            cells.append({"value": "" if value is None else value, "marks": marks.get((r, c), [])})
        rows.append({"n": r, "cells": cells, "marks": rows_marked.get(r, [])})
    letters = [_letter(c) for c in range(1, width + 1)]
    return {"rows": rows, "letters": letters, "sheet": grid.sheet}


def _letter(c: int) -> str:
    out = ""
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def _page(request: Request, year: int, status: int = 200, **extra: Any) -> Response:
    s = settings_of(request)
    problems = extra.pop("problems", None)
    if problems is None:
        problems = validate_scores(year)(s.content)
    units_path = s.content / str(year) / "units.yaml"
    units_text = yamledit.read_text(units_path) if units_path.is_file() else ""
    units = yamledit.load(units_text, units_path) if units_text else {}
    items = shown(problems, {"units.yaml": units})
    scored = None
    counts: list[Any] = []
    if not any(p.severity == "error" for p in problems):
        try:
            content = load_content(s.content, year)
            scored = load_scored(content)
            counts = band_counts(scored.scheme, scored.results) if scored else []
        except ContentError:
            scored = None
    source = (
        find_score_file(s.content / str(year))
        if not any("Có cả" in p.message or "Both" in p.message for p in problems)
        else None
    )
    return render(
        request,
        "scores.html",
        status=status,
        page="scores",
        year=year,
        units=(units or {}).get("units") or [],
        units_version=yamledit.remember(units_text),
        errs=by_field([i for i in items if i.file == "units.yaml"]),
        items=items,
        scored=scored,
        counts=counts,
        source=source.name if source else None,
        **extra,
    )


async def scores_page(request: Request) -> Response:
    return _page(request, year_of(request))


async def form_download(request: Request) -> Response:
    """The Excel form of the year (as ``docgen form`` writes it)."""
    year = year_of(request)
    s = settings_of(request)
    content = load_content(s.content, year)
    units = load_units(content.year_dir) or []
    data = form_bytes(load_scheme(content).scheme, units)
    name = f"bieu-mau-cham-diem-{year}.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _refuse(request: Request, year: int, message: str) -> Response:
    p = Problem(SourceRef("scores", field="upload"), message)
    return _page(request, year, 422, upload_errors=shown([p], {}))


async def upload(request: Request) -> Response:
    """A filled form (.xlsx) or CSV: checked in a copy of the year; stored only when clean."""
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    file = form.get("file")
    if not isinstance(file, Upload) or not file.filename:
        return _refuse(request, year, tr("Chọn tệp điểm (.xlsx hoặc .csv)", "Choose a score file"))
    suffix = Path(file.filename).suffix.lower()
    data = file.data
    if suffix not in SUFFIXES:
        return _refuse(
            request,
            year,
            tr(
                "Cần tệp .xlsx (Excel) hoặc .csv, nhận được '{s}'",
                "Expected an .xlsx (Excel) or .csv file, got '{s}'",
                s=suffix or file.filename,
            ),
        )
    if len(data) > s.max_upload:
        return _refuse(
            request,
            year,
            tr(
                "Tệp quá lớn: tối đa {n} MB",
                "File too large: at most {n} MB",
                n=s.max_upload // 2**20,
            ),
        )
    year_dir = s.content / str(year)
    target = year_dir / f"scores{suffix}"
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        shadow = Path(tmp) / "content"
        shutil.copytree(s.content, shadow, ignore=shutil.ignore_patterns(".*"))
        for old in (shadow / str(year)).glob("scores.*"):
            old.unlink()
        staged = shadow / str(year) / target.name
        staged.write_bytes(data)
        problems = validate_scores(year)(shadow)
        errors = [p for p in problems if p.severity == "error"]
        grid = None
        try:
            grid = read_grid(staged)
        except ContentError as exc:
            errors = errors or exc.problems
        if errors:
            named = [
                Problem(
                    SourceRef(file.filename, p.ref.line, p.ref.column, p.ref.field, p.ref.cell),
                    p.message,
                    p.severity,
                )
                if Path(str(p.ref.path)).name == staged.name
                else p
                for p in errors
            ]
            return _page(
                request,
                year,
                422,
                upload_errors=shown(named, {}),
                grid=grid_view(grid, errors) if grid else None,
                uploaded=file.filename,
            )
    with store.writing(s.content, [target]):
        for other in year_dir.glob("scores.*"):
            if other.suffix.lower() in SUFFIXES and other != target:
                other.replace(year_dir / f".{other.name}.replaced")  # kept, out of the way
        store.write_atomic(target, data)
    return _page(request, year, uploaded_ok=file.filename)


async def units_save(request: Request) -> Response:
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    path = s.content / str(year) / "units.yaml"
    validate = validate_scores(year)
    r = store.save_form(s.content, path, form, str(form.get("v_units", "")), validate)
    if r.conflicts:
        units = yamledit.load(yamledit.read_text(path), path)
        conflicts = [
            {"label": label("units.yaml", units, c.field), "yours": c.yours, "theirs": c.theirs}
            for c in r.conflicts
        ]
        return _page(request, year, 409, conflicts=conflicts)
    if not r.saved:
        return _page(request, year, 422, problems=r.problems)
    return _page(request, year, problems=r.problems, saved=r.changed)


async def unit_add(request: Request) -> Response:
    """Append a unit (code, name, kind, head) to units.yaml; checked like the CLI checks it."""
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    path = s.content / str(year) / "units.yaml"
    values = {k: str(form.get(f"new_{k}", "")).strip() for k in ("id", "name", "kind", "head")}

    def edit(data: Any) -> list[str]:
        units = data.get("units")
        if not isinstance(units, CommentedSeq):
            return []
        item = CommentedMap((k, v) for k, v in values.items() if v or k != "head")
        units.append(item)
        return [f"units[{len(units) - 1}]"]

    r = store.save_form(
        s.content, path, {}, str(form.get("v_units", "")), validate_scores(year), edit=edit
    )
    if r.conflicts:
        return _page(request, year, 409, conflicts=[])
    if not r.saved:
        moved = []
        for p in r.new_errors:
            fld = p.ref.field or ""
            tail = fld.rsplit(".", 1)[-1] if r.changed and fld.startswith(r.changed[0]) else ""
            new = f"new_{tail}" if tail in values else fld
            ref = SourceRef(p.ref.path, p.ref.line, p.ref.column, new)
            moved.append(Problem(ref, p.message, p.severity))
        return _page(request, year, 422, problems=moved)
    return _page(request, year, problems=r.problems, saved=r.changed)


ROUTES = [
    Route("/y/{year}/scores", scores_page),
    Route("/y/{year}/scores/form.xlsx", form_download),
    Route("/y/{year}/scores/upload", upload, methods=["POST"]),
    Route("/y/{year}/units", units_save, methods=["POST"]),
    Route("/y/{year}/units/add", unit_add, methods=["POST"]),
]
