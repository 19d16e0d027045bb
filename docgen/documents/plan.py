"""The emulation plan (KẾ HOẠCH, Mẫu 1.4) from ``Content``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.content.load import Content
from docgen.content.origins import from_yaml, lazy
from docgen.content.prose import todo
from docgen.documents.common import header_context, marks, recipients, signer
from docgen.render.job import DocProps, RenderJob
from docgen.vi.format import number, roman

TEMPLATE = "ke-hoach.docx"
TYPE_ABBREV = "KH"


def context(content: Content) -> dict[str, Any]:
    plan, org, x = content.plan, content.org, content.expand
    sections = []
    n_criterion = 0
    for i, s in enumerate(plan.sections, start=1):
        criteria = []
        for c in s.criteria:
            n_criterion += 1
            criteria.append(
                {
                    "number": n_criterion,
                    "key": c.key,
                    "title": x(c.title),
                    "points": number(c.points),
                    "body": [x(p) for p in c.body],
                }
            )
        sections.append(
            {
                "numeral": roman(i),
                "key": s.key,
                "title": x(s.title),
                "body": [x(p) for p in s.body],
                "criteria": criteria,
                "subsections": [
                    {"number": j, "title": x(sub.title), "body": [x(p) for p in sub.body]}
                    for j, sub in enumerate(s.subsections, start=1)
                ],
            }
        )
    header = header_context(org, number=plan.number, type_abbrev=TYPE_ABBREV, date=plan.date)
    if content.draft and plan.number is None:
        header["so_ky_hieu"] = f"Số: {todo('số')}/{TYPE_ABBREV}-{org.symbol}"
    if content.draft and plan.date is None:
        header["place_date"] = f"{org.place}, {todo('ngày ban hành')}"
    return {
        **header,
        "draft": content.draft,
        "year": plan.year,
        "title_lines": [x(t) for t in plan.title_lines],
        "preamble": [x(p) for p in plan.preamble],
        "sections": sections,
        "total_points": number(plan.total_points),
        "closing": x(plan.closing),
        "recipients": recipients(plan.distribution or org.distribution),
        "signer": _signer(content),
    }


def _signer(content: Content) -> dict[str, str]:
    """The signer block; a draft without a name shows where it goes."""
    out = signer(content.plan.signer or content.org.signer)
    if content.draft and not out["name"]:
        out["name"] = todo("họ tên người ký")
    return out


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    plan = content.plan
    title = "Kế hoạch " + " ".join(content.expand(t) for t in plan.title_lines)
    return [
        RenderJob(
            kind="plan",
            template=templates / TEMPLATE,
            context={**context(content), **marks(content.org.illustrative)},
            filename=f"ke-hoach-{plan.year}.docx",
            origins=lazy(
                from_yaml, content.year_dir / "plan.yaml", content.plan_data or {}, content.expand
            ),
            props=DocProps(
                title=title,
                author=content.org.name,
                subject="KẾ HOẠCH",
                date=plan.date,
                keywords=f"KH {plan.year}",
            ),
        )
    ]
