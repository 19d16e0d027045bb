"""The ranked summary (Bảng tổng hợp kết quả chấm điểm thi đua năm …), A4 landscape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docxtpl import RichText

from docgen.content.load import Content
from docgen.documents.common import marks
from docgen.documents.evaluation import common, issuer, score_text
from docgen.render.job import DocProps, RenderJob
from docgen.scoring import Scored, UnitResult, band_counts, load_scored
from docgen.vi.format import number, percent

TEMPLATE = "bang-tong-hop.docx"


def band_ranges(scored: Scored) -> list[str]:
    bands = scored.scheme.bands
    out = []
    for i, b in enumerate(bands):
        upper = bands[i - 1].min if i else None
        if b.min == 0 and upper is not None:
            out.append(f"dưới {number(upper)}")
        elif upper is None:
            out.append(f"từ {number(b.min)} trở lên")
        else:
            out.append(f"từ {number(b.min)} đến dưới {number(upper)}")
    return out


def below_minimum(r: UnitResult) -> str:
    """Short form of the minimum flags for a narrow column: 'Dưới mức tối thiểu: ND2 (14,5/16)'."""
    low = [
        f"{s.code} ({number(s.score)}/{number(s.minimum)})"
        for s in r.scores
        if s.minimum is not None and s.score < s.minimum
    ]
    return ("Dưới mức tối thiểu: " + ", ".join(low)) if low else ""


def unscored_note(scored: Scored) -> str:
    """The units with no score row: named, not ranked (a unit is never silently missing)."""
    if not scored.unscored:
        return ""
    names = "; ".join(u.name for u in scored.unscored)
    return (
        f" Chưa chấm điểm, không xếp hạng ({len(scored.unscored)} đơn vị, chưa có điểm trong "
        f"{scored.source.name}): {names}."
    )


def context(content: Content, scored: Scored) -> dict[str, Any]:
    scheme, results = scored.scheme, scored.results
    n = len(results)
    parts = [c.code for c in scheme.criteria] + ([scheme.bonus.code] if scheme.bonus else [])
    codes = set(parts)
    rows = [
        {
            "rank": str(r.rank),
            "name": r.unit_name,
            "kind": r.unit_kind,
            "parts": " – ".join(
                number(s.score) for s in r.scores if s.code in codes and not s.is_item
            ),
            "self_total": score_text(r.self_total),
            "total": RichText(number(r.total), bold=True),
            "band": r.band,
            "note": below_minimum(r),
        }
        for r in results
    ]
    bonus = scheme.bonus
    split = (
        f" ({number(scheme.criteria_points)} điểm nội dung và {number(bonus.max)} điểm thưởng)"
        if bonus
        else ""
    )
    return {
        **common(content, scored),
        "title_lines": [f"Kết quả chấm điểm thi đua năm {content.year}"],
        "intro": (
            f"Căn cứ {scheme.title[0].lower() + scheme.title[1:]}, tổng điểm tối đa "
            f"{number(scheme.max_total)} điểm{split}, kết quả chấm điểm của {n} đơn vị "
            + (
                f"({len(scored.unscored)} đơn vị chưa chấm điểm, ghi dưới bảng) "
                if scored.unscored
                else ""
            )
            + "như sau:"
        ),
        "parts_head": "Điểm " + " – ".join(parts),
        "rows": rows,
        "bands": [
            {"name": b.name, "range": rng, "count": str(k), "share": percent(k / n) if n else "0%"}
            for (b, k), rng in zip(band_counts(scheme, results), band_ranges(scored), strict=True)
        ],
        "n_units": str(n),
        "tie_note": "Các đơn vị bằng điểm được xếp đồng hạng." + unscored_note(scored),
        "preparer": {"title": "NGƯỜI LẬP BẢNG", "name": scheme.preparer or ""},
    }


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    scored = load_scored(content)
    if scored is None:
        return []
    return [
        RenderJob(
            kind="summary",
            template=templates / TEMPLATE,
            context={**context(content, scored), **marks(content.org.illustrative)},
            filename=f"bang-tong-hop-{content.year}.docx",
            props=DocProps(
                title=f"Bảng tổng hợp kết quả chấm điểm thi đua năm {content.year}",
                author=issuer(content, scored).name,
                subject="BẢNG TỔNG HỢP",
                date=scored.scheme.date,
                keywords=f"thi đua {content.year}",
            ),
            meta={"units": len(scored.results)},
        )
    ]
