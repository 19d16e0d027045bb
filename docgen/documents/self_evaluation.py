"""The Chi hội's own self-assessment sheet (phiếu tự chấm điểm): under the Chi hội's header, its
self-scores only, signed by the Chi hội trưởng and sent to the association that scores it.

Made when ``org.yaml`` names the issuing Chi hội (``chapter`` with ``level: chi hội`` and its
``unit``), the year has self-scores for that unit, and ``content/<year>/self-assessment.yaml``
gives the sheet's date and Nơi nhận.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import Field

from docgen.content.load import Content, check_text, validate
from docgen.content.models import Strict, VnDate
from docgen.content.source import load_yaml, source_ref
from docgen.documents.common import header_context, marks, recipients, signer
from docgen.documents.evaluation import rows, rules_note
from docgen.errors import ContentError, Problem, ProblemList
from docgen.i18n import tr
from docgen.render.job import DocProps, RenderJob
from docgen.scoring import load_scored, load_self_scored
from docgen.vi.format import number

TEMPLATE = "phieu-tu-cham-diem.docx"
FILE = "self-assessment.yaml"


class SelfAssessment(Strict):
    date: VnDate = Field(description="Ngày lập phiếu tự chấm (ô 4)")
    distribution: list[str] = Field(min_length=1, description="Nơi nhận; mục cuối 'Lưu: …'")


def load(content: Content) -> SelfAssessment | None:
    path = content.year_dir / FILE
    if not path.is_file():
        return None
    out = ProblemList()
    data = load_yaml(path)
    check_text(path, data, out)
    found = validate(SelfAssessment, path, data, out)
    if out.errors or found is None:
        raise ContentError(
            tr("Phiếu tự chấm điểm không hợp lệ", "Invalid self-assessment sheet"), out.problems
        )
    return found


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    chapter = content.org.chapter
    if chapter is None or chapter.level != "chi hội" or chapter.unit is None:
        return []
    sheet = load(content)
    # before the Hội has approved the Chi hội's scores (no scores.csv yet), its self-scores alone
    scored = (load_scored(content) or load_self_scored(content)) if sheet is not None else None
    ranked = scored.scheme.date if scored else None
    if sheet is not None and ranked is not None and sheet.date > ranked:
        path = content.year_dir / FILE
        raise ContentError(
            tr("Phiếu tự chấm điểm không hợp lệ", "Invalid self-assessment sheet"),
            [
                Problem(
                    source_ref(path, load_yaml(path), ("date",)),
                    tr(
                        "phiếu tự chấm ngày {d:%d/%m/%Y} ở sau ngày lập bảng tổng hợp "
                        "{r:%d/%m/%Y} (scoring.yaml date): Hội chấm điểm căn cứ phiếu tự chấm",
                        "the self-assessment dated {d:%d/%m/%Y} is after the summary of "
                        "{r:%d/%m/%Y} (scoring.yaml date), which relies on it",
                        d=sheet.date,
                        r=ranked,
                    ),
                )
            ],
        )
    result = next(
        (r for r in (scored.results if scored else []) if r.unit_id == chapter.unit), None
    )
    if sheet is None or result is None or result.self_total is None:
        return []
    org = content.org.model_copy(
        update={
            "parent_body": chapter.parent_body,
            "issuing_body": chapter.issuing_body,
            "name": chapter.name,
            "symbol": chapter.symbol,
        }
    )
    context: dict[str, Any] = {
        **header_context(org, number=None, type_abbrev="", date=sheet.date),
        "so_ky_hieu": "",
        "year": content.year,
        "title_lines": [result.unit_name],
        "rows": [{k: r[k] for k in ("no", "title", "max", "self_score")} for r in rows(result)],
        "max_total": number(result.max_total),
        "self_total": number(result.self_total),
        "recipients": recipients(sheet.distribution),
        "rules_note": rules_note(content, scored.scheme) if scored else "",
        "signer": signer(chapter.signer),
        **marks(content.org.illustrative),
    }
    date: dt.date = sheet.date
    return [
        RenderJob(
            kind="self-evaluation",
            template=templates / TEMPLATE,
            context=context,
            filename=f"phieu-tu-cham-diem-{content.year}.docx",
            props=DocProps(
                title=f"Phiếu tự chấm điểm thi đua năm {content.year}: {result.unit_name}",
                author=chapter.name,
                subject="PHIẾU TỰ CHẤM ĐIỂM THI ĐUA",
                date=date,
                keywords=f"thi đua {content.year}",
            ),
            meta={"unit": result.unit_id, "self_total": result.self_total},
        )
    ]
