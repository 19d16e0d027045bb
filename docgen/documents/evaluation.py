"""Per-unit evaluation sheets (Phiếu chấm điểm thi đua) from the year's scored results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docxtpl import RichText

from docgen import notices
from docgen.content.load import Content
from docgen.content.models import Org
from docgen.content.prose import todo
from docgen.documents.common import header_context, marks, signer
from docgen.render.job import DocProps, RenderJob
from docgen.scoring import Scheme, Scored, UnitResult, load_scored
from docgen.scoring.remit import is_chi_hoi
from docgen.vi.format import number

TEMPLATE = "phieu-cham-diem.docx"
# Vietnamese item letters (Decree 30 lists run a) b) c) d) đ) e) g): there is no f).
LETTERS = "abcdđeghiklmnopqrstuvxy"


def score_text(value: float | None) -> str:
    return "" if value is None else number(value)


def issuer(content: Content, scored: Scored) -> Org:
    return scored.scheme.issuer or content.org


def common(content: Content, scored: Scored) -> dict[str, Any]:
    org = issuer(content, scored)
    ctx = header_context(org, number=None, type_abbrev="", date=scored.scheme.date)
    if content.draft and scored.scheme.date is None:  # scoring.yaml date still to fill
        ctx["place_date"] = f"{org.place}, {todo('ngày lập bảng')}"
    ctx["so_ky_hieu"] = ""  # phiếu and bảng tổng hợp carry no số, ký hiệu
    ctx["year"] = content.year
    ctx["signer"] = signer(org.signer)
    return ctx


def rules_note(content: Content, scheme: Scheme) -> str:
    """Where the scoring rules that the plan does not set come from: "Điểm thưởng, điểm tối
    thiểu và mức xếp loại theo Quyết định số …". A draft without the decision shows the gap."""
    rules = scheme.rules
    if not rules:
        return ""
    source = (scheme.decided_by or "").strip().rstrip(".")
    if not source:
        if not content.draft:
            return ""  # an issued build was refused before rendering (pipeline.gate)
        source = todo("văn bản quy định")
    names = rules[0] if len(rules) == 1 else ", ".join(rules[:-1]) + " và " + rules[-1]
    return f"{names[:1].upper()}{names[1:]} theo {source}."


def rows(result: UnitResult) -> list[dict[str, Any]]:
    out = []
    n = item = 0
    for s in result.scores:
        if s.is_item:
            no, title = f"{LETTERS[item]})", s.title
            item += 1
        elif s.key == s.code or not s.code.upper().startswith("ND"):  # the bonus
            no, title = "", f"Điểm thưởng: {s.title}"
        else:
            n, item = n + 1, 0
            no, title = str(n), f"Nội dung {n}: {s.title}"
            if s.minimum is not None:
                title += f" (tối thiểu {number(s.minimum)} điểm)"
        bold = not s.is_item
        out.append(
            {
                k: RichText(v, bold=bold)
                for k, v in (
                    ("no", no),
                    ("title", title),
                    ("max", number(s.max)),
                    ("self_score", score_text(s.self_score)),
                    ("score", number(s.score)),
                )
            }
        )
    return out


def rank_text(result: UnitResult, results: list[UnitResult]) -> str:
    same = [r for r in results if r.rank == result.rank and r.unit_id != result.unit_id]
    text = f"{result.rank}/{len(results)}"
    if same:
        text += " (đồng hạng với " + ", ".join(r.unit_name for r in same) + ")"
    return text


def context(content: Content, scored: Scored, result: UnitResult) -> dict[str, Any]:
    head = f"; người đứng đầu: {result.unit_head}" if result.unit_head else ""
    return {
        **common(content, scored),
        "title_lines": [result.unit_name],
        "unit": {"name": result.unit_name, "kind": result.unit_kind, "head_text": head},
        "rows": rows(result),
        "max_total": number(result.max_total),
        "self_total": score_text(result.self_total),
        "total": number(result.total),
        "band": result.band,
        "rank_text": rank_text(result, scored.results),
        "flags": list(result.flags),
        "notes": result.notes + ("" if result.notes.endswith((".", "!", "?")) else ".")
        if result.notes
        else "",
        "preparer": {"title": "NGƯỜI LẬP PHIẾU", "name": scored.scheme.preparer or ""},
        "rules_note": rules_note(content, scored.scheme),
    }


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    if is_chi_hoi(content):  # the Hội above issues these; a Chi hội's set has its own sheet only
        return []
    scored = load_scored(content)
    if scored is None:
        return []
    for w in scored.warnings:  # said once per build, here; the summary reads the same scores
        notices.warn(w)
    org = issuer(content, scored)
    return [
        RenderJob(
            kind="evaluation",
            template=templates / TEMPLATE,
            context={**context(content, scored, r), **marks(content.org.illustrative)},
            filename=f"phieu-cham-diem-{content.year}-{r.unit_id}.docx",
            props=DocProps(
                title=f"Phiếu chấm điểm thi đua năm {content.year}: {r.unit_name}",
                author=org.name,
                subject="PHIẾU CHẤM ĐIỂM THI ĐUA",
                date=scored.scheme.date,
                keywords=f"thi đua {content.year}",
            ),
            meta={"unit": r.unit_id, "rank": r.rank, "band": r.band_key, "total": r.total},
        )
        for r in sorted(scored.results, key=lambda r: r.order)
    ]
