"""Fields a signed-ready plan needs, and the DỰ THẢO build that shows the ones still empty.

Which fields must be (re)filled is stated by the content, not guessed:

- the plan's own ``number`` and ``date`` (ô 3, ô 4) — new for every document;
- ``number`` of every reference, and ``date`` of every reference marked ``renew: true`` (an act
  issued anew each year, such as the district's plan for the year; ``docgen rollover`` clears
  both for the new year);
- once the year has scores, the summary's ``date`` in ``scoring.yaml`` (ô 4 of the phiếu and the
  bảng tổng hợp; ``docgen rollover`` clears it too). A year without scores does not need it.

``docgen build`` refuses a plan with any of them empty and lists them (file:line, field);
``docgen build --draft`` builds anyway: the document carries "DỰ THẢO" and every missing value
appears as a yellow-highlighted ``[cần điền: …]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.content.load import Content
from docgen.content.models import Plan
from docgen.content.source import field_path, load_yaml, locate
from docgen.errors import Problem, SourceRef
from docgen.i18n import tr


def missing_fields(content: Content) -> list[Problem]:
    """Every required field still empty in the year's plan, located in plan.yaml."""
    path = content.year_dir / "plan.yaml"
    data = content.plan_data if content.plan_data is not None else load_yaml(path)
    return missing_in(content.plan, path, data) + missing_signer(content)


def missing_signer(content: Content) -> list[Problem]:
    """An issued plan names its signer (ô 7b); the name lives in plan.yaml or org.yaml."""
    own = content.plan.signer is not None
    signer = content.plan.signer or content.org.signer
    if signer.name:
        return []
    if own:
        path = content.year_dir / "plan.yaml"
        data = content.plan_data if content.plan_data is not None else load_yaml(path)
    else:
        path = content.root / "org.yaml"
        data = load_yaml(path)
    loc = ("signer", "name")
    line, col = locate(data, loc)
    return [
        Problem(
            SourceRef(path, line, col, field_path(loc)),
            tr(
                "cần điền {x}",
                "to fill: {x}",
                x=tr("họ tên người ký (ô 7b)", "the signer's name (box 7b)"),
            ),
        )
    ]


def missing_in(plan: Plan, path: Path, data: Any) -> list[Problem]:
    """Every required field still empty in ``plan`` (parsed from ``data``, read from ``path``)."""
    out: list[Problem] = []

    def add(loc: tuple[str, ...], vi: str, en: str) -> None:
        line, col = locate(data, loc)
        out.append(
            Problem(
                SourceRef(path, line, col, field_path(loc)),
                tr("cần điền {x}", "to fill: {x}", x=tr(vi, en)),
            )
        )

    if plan.number is None:
        add(("number",), "số văn bản (ô 3)", "document number (box 3)")
    if plan.date is None:
        add(("date",), "ngày ban hành (ô 4)", "date of issue (box 4)")
    for key, ref in plan.references.items():
        if not ref.number:
            add(
                ("references", key, "number"),
                f"số của {ref.kind} '{key}'",
                f"number of the {ref.kind} '{key}'",
            )
        if ref.renew and ref.date is None:
            add(
                ("references", key, "date"),
                f"ngày của {ref.kind} '{key}'",
                f"date of the {ref.kind} '{key}'",
            )
    return out
