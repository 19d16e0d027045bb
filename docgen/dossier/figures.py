"""One figure, one value: a figure of the year (``content/<year>/figures.yaml``) is written once
and every dossier text prints it with ``{fig:key}`` ("145 suất học bổng 1&1"); the same figure
typed by hand with another value is an error."""

from __future__ import annotations

import re
from typing import Any

from docgen.content.load import load_figures
from docgen.content.models import Figure
from docgen.dossier.inputs import Inputs
from docgen.dossier.models import Nomination, Nominations, UnitReport
from docgen.i18n import tr
from docgen.vi.format import number

FIG = re.compile(r"\{fig:([a-z][a-z0-9_]*)\}")
TEXT_FIELDS = ("reason", "summary", "achievements")


def _value(text: str) -> float | None:
    try:
        return float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return None


def _texts(item: Any) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    for f in TEXT_FIELDS:
        value = getattr(item, f, None)
        if isinstance(value, str):
            out.append(((f,), value))
        elif isinstance(value, list):
            out += [((f, j), t) for j, t in enumerate(value) if isinstance(t, str)]
    return out


def _check_text(
    inp: Inputs, loc: tuple[str | int, ...], text: str, figures: dict[str, Figure]
) -> None:
    for key in FIG.findall(text):
        if key not in figures:
            inp.nom.error(
                loc,
                tr(
                    "số liệu '{k}' không có trong figures.yaml của năm (có: {c})",
                    "figure '{k}' is not in the year's figures.yaml (there are: {c})",
                    k=key,
                    c=", ".join(sorted(figures)) or "—",
                ),
            )
    for key, fig in figures.items():
        counted = " ".join(fig.unit.split()[:3])  # "suất học bổng" of "suất học bổng 1&1"
        for m in re.finditer(r"(\d[\d.,]*)\s+" + re.escape(counted), text):
            value = _value(m.group(1))
            if value is not None and value >= fig.value:
                inp.nom.error(
                    loc,
                    tr(
                        "'{t}' ghi tay số liệu '{k}' ({v} {u} trong figures.yaml): viết "
                        "{{fig:{k}}} để mọi văn bản in cùng một số; phần của một người hay một "
                        "bộ phận phải nhỏ hơn tổng",
                        "'{t}' types the figure '{k}' by hand ({v} {u} in figures.yaml): write "
                        "{{fig:{k}}} so every document prints one value; a share must be below "
                        "the total",
                        t=m.group(0),
                        k=key,
                        v=number(fig.value),
                        u=fig.unit,
                    ),
                )


def _expand(text: str, figures: dict[str, Figure]) -> str:
    def one(m: re.Match[str]) -> str:
        fig = figures.get(m.group(1))
        return f"{number(fig.value)} {fig.unit}" if fig else m.group(0)

    return FIG.sub(one, text)


def _expanded(item: Any, figures: dict[str, Figure]) -> Any:
    update: dict[str, Any] = {}
    for f in TEXT_FIELDS:
        value = getattr(item, f, None)
        if isinstance(value, str):
            update[f] = _expand(value, figures)
        elif isinstance(value, list):
            update[f] = [_expand(t, figures) for t in value]
    return item.model_copy(update=update)


def apply_figures(inp: Inputs, noms: Nominations) -> Nominations:
    """Check every candidate text against the year's figures; print ``{fig:key}`` from them."""
    figures = load_figures(inp.content.year_dir, inp.out)
    cands: list[Nomination | None] = []
    for i, n in enumerate(noms.candidates):
        if n is not None:
            for loc, text in _texts(n):
                _check_text(inp, ("candidates", i, *loc), text, figures)
        cands.append(_expanded(n, figures) if n is not None else None)
    reports: list[UnitReport | None] = []
    for i, r in enumerate(noms.unit_reports):
        if r is not None:
            for loc, text in _texts(r):
                _check_text(inp, ("unit_reports", i, *loc), text, figures)
        reports.append(_expanded(r, figures) if r is not None else None)
    return noms.model_copy(update={"candidates": cands, "unit_reports": reports})
