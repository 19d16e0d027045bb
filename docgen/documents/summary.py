"""The results notice of the association that scored (Thông báo kết quả chấm điểm thi đua,
Mẫu 1.4: Số, trích yếu, body citing the plan, Nơi nhận, named signer) and its Phụ lục, the ranked
summary (Bảng tổng hợp, A4 landscape, one column per Nội dung)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docxtpl import RichText

from docgen.content.load import Content
from docgen.content.prose import todo
from docgen.documents.common import marks, recipients, so_ky_hieu
from docgen.documents.evaluation import common, issuer, rules_note, score_text
from docgen.render.job import DocProps, RenderJob
from docgen.scoring import Scored, UnitResult, band_counts, load_scored
from docgen.scoring.remit import is_chi_hoi
from docgen.vi.format import long_date, number, percent

TEMPLATE = "bang-tong-hop.docx"  # the Phụ lục of the results notice
NOTICE_TEMPLATE = "thong-bao-ket-qua.docx"
NOTICE_ABBREV = "TB"  # Thông báo (Nghị định 30, Phụ lục III)


def band_ranges(scored: Scored, unit: str = "") -> list[str]:
    """Each band's range of totals: "từ 90 trở lên", "từ 80 đến dưới 90", "dưới 50" (with
    ``unit=" điểm"``: "từ 90 điểm trở lên", "từ 80 đến dưới 90 điểm", "dưới 50 điểm")."""
    bands = scored.scheme.bands
    out = []
    for i, b in enumerate(bands):
        upper = bands[i - 1].min if i else None
        if b.min == 0 and upper is not None:
            out.append(f"dưới {number(upper)}{unit}")
        elif upper is None:
            out.append(f"từ {number(b.min)}{unit} trở lên")
        else:
            out.append(f"từ {number(b.min)} đến dưới {number(upper)}{unit}")
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


def columns(scored: Scored) -> list[str]:
    """One column per Nội dung and the bonus, headed with its code and maximum: "ND2 (32)"."""
    scheme = scored.scheme
    cols = [f"{c.code} ({number(c.points)})" for c in scheme.criteria]
    if scheme.bonus:
        cols.append(f"{scheme.bonus.code} ({number(scheme.bonus.max)})")
    return cols


def parts(scored: Scored, r: UnitResult) -> list[str]:
    """The unit's score per Nội dung (items added up) and its bonus, in the columns' order."""
    scheme = scored.scheme
    codes = [c.code for c in scheme.criteria] + ([scheme.bonus.code] if scheme.bonus else [])
    by_code = {s.code: s for s in r.scores if not s.is_item}
    return [number(by_code[c].score) if c in by_code else "" for c in codes]


def legend(scored: Scored) -> str:
    """What the column codes stand for: "ND1: Nội dung 1 (…); …; Thưởng: điểm thưởng (…)"."""
    scheme = scored.scheme
    out = [f"{c.code}: Nội dung {c.number} – {c.title}" for c in scheme.criteria]
    if scheme.bonus:
        out.append(f"{scheme.bonus.code}: điểm thưởng – {scheme.bonus.title}")
    return "Ghi chú: " + "; ".join(out)


def notice_ref(content: Content, scored: Scored) -> str:
    """ "Thông báo số 15/TB-HKH ngày 10 tháng 12 năm 2024 của Hội Khuyến học Quận 10": the
    appendix names the document it is attached to (Mẫu 2.1)."""
    org = issuer(content, scored)
    num = scored.scheme.notice_number
    date = scored.scheme.date
    when = long_date(date) if date else todo("ngày lập bảng") if content.draft else "ngày"
    no = f"{num:02d}" if num else "      "
    return f"Thông báo số {no}/{NOTICE_ABBREV}-{org.symbol} {when} của {org.name}"


def context(content: Content, scored: Scored) -> dict[str, Any]:
    scheme, results = scored.scheme, scored.results
    n = len(results)
    rows = [
        {
            "rank": str(r.rank),
            "name": r.unit_name,
            "parts": parts(scored, r),
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
        "year": content.year,
        "title_lines": [f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {content.year}"],
        "notice_ref": notice_ref(content, scored),
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
        "cols": columns(scored),
        "rows": rows,
        "bands": [
            {"name": b.name, "range": rng, "count": str(k), "share": percent(k / n) if n else "0%"}
            for (b, k), rng in zip(band_counts(scheme, results), band_ranges(scored), strict=True)
        ],
        "n_units": str(n),
        "tie_note": "Các đơn vị bằng điểm được xếp đồng hạng." + unscored_note(scored),
        "rules_note": rules_note(content, scheme),
        "legend": legend(scored),
    }


def notice_context(content: Content, scored: Scored) -> dict[str, Any]:
    """The Thông báo kết quả: its body cites the plan and counts the units per band."""
    scheme, results = scored.scheme, scored.results
    org = issuer(content, scored)
    n = len(results)
    plan, x = content.plan, content.expand
    plan_no = f"{plan.number:02d}" if plan.number else "      "
    plan_date = long_date(plan.date) if plan.date else "ngày … tháng … năm …"
    plan_title = " ".join(x(t) for t in plan.title_lines)
    bonus = scheme.bonus
    split = (
        f": {number(scheme.criteria_points)} điểm nội dung và {number(bonus.max)} điểm thưởng"
        if bonus
        else ""
    )
    counts = band_counts(scheme, results)
    lines = [
        f"- Xếp loại {b.name} ({rng}): {k:02d} đơn vị;"
        for (b, k), rng in zip(counts, band_ranges(scored, " điểm"), strict=True)
    ]
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    ctx = common(content, scored)
    ctx["so_ky_hieu"] = so_ky_hieu(scheme.notice_number, NOTICE_ABBREV, org)
    signer_block = ctx["signer"]
    if content.draft and not signer_block["name"]:
        signer_block["name"] = todo("họ tên người ký")
    return {
        **ctx,
        "draft": content.draft,
        "title_lines": [f"Kết quả chấm điểm thi đua năm {content.year}"],
        "issuer_name": org.name,
        "intro": (
            f"Thực hiện Kế hoạch số {plan_no}/KH-{content.org.symbol} {plan_date} của "
            f"{content.org.name} về {plan_title[:1].lower() + plan_title[1:]}, {org.name} đã "
            f"chấm điểm thi đua năm {content.year} của {n:02d} đơn vị theo "
            f"{scheme.title[:1].lower() + scheme.title[1:]} (tổng điểm tối đa "
            f"{number(scheme.max_total)} điểm{split})."
        ),
        "rules_note": rules_note(content, scheme),
        "band_lines": lines,
        "appendix_line": (
            "Điểm từng Nội dung, tổng điểm, thứ hạng và xếp loại của từng đơn vị tại Phụ lục kèm "
            "theo Thông báo này." + unscored_note(scored)
        ),
        "closing": (
            "Đề nghị các đơn vị căn cứ kết quả trên để tổng kết, rút kinh nghiệm và tiếp tục thực "
            "hiện tốt phong trào thi đua./."
        ),
        "recipients": recipients(org.distribution),
    }


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    if is_chi_hoi(content):  # the Hội above issues these; a Chi hội's set has its own sheet only
        return []
    scored = load_scored(content)
    if scored is None:
        return []
    author = issuer(content, scored).name
    marked = marks(content.org.illustrative)
    return [
        RenderJob(
            kind="notice",
            template=templates / NOTICE_TEMPLATE,
            context={**notice_context(content, scored), **marked},
            filename=f"thong-bao-ket-qua-{content.year}.docx",
            props=DocProps(
                title=f"Thông báo kết quả chấm điểm thi đua năm {content.year}",
                author=author,
                subject="THÔNG BÁO",
                date=scored.scheme.date,
                keywords=f"thi đua {content.year}",
            ),
            meta={"units": len(scored.results)},
        ),
        RenderJob(
            kind="summary",
            template=templates / TEMPLATE,
            context={**context(content, scored), **marked},
            filename=f"bang-tong-hop-{content.year}.docx",
            props=DocProps(
                title=f"Bảng tổng hợp kết quả chấm điểm thi đua năm {content.year}",
                author=author,
                subject="PHỤ LỤC",
                date=scored.scheme.date,
                keywords=f"thi đua {content.year}",
            ),
            meta={"units": len(scored.results)},
        ),
    ]
