"""The commendation dossier (hồ sơ đề nghị khen thưởng): tờ trình, danh sách (phụ lục), biên bản
họp xét and one báo cáo thành tích per proposed candidate, all from one consistent ``Dossier``.

Every number, date, count and name is computed once here and shared by the four documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.content.load import Content
from docgen.content.models import Org
from docgen.documents.common import header_context, marks, recipients, signer
from docgen.dossier.consistency import confirming
from docgen.dossier.load import Dossier, load_dossier
from docgen.dossier.models import COLLECTIVE, INDIVIDUAL, KINDS
from docgen.dossier.select import Candidate, slug
from docgen.render.job import DocProps, RenderJob
from docgen.vi.format import long_date, percent, roman

SUBDIR = "ho-so-khen-thuong"
TEMPLATES = {
    "to-trinh": "to-trinh-khen-thuong.docx",
    "danh-sach": "danh-sach-khen-thuong.docx",
    "bien-ban": "bien-ban-xet-khen-thuong.docx",
    COLLECTIVE: "bao-cao-thanh-tich-tap-the.docx",
    INDIVIDUAL: "bao-cao-thanh-tich-ca-nhan.docx",
}
KIND_LABEL = {COLLECTIVE: "Tập thể", INDIVIDUAL: "Cá nhân"}


def two(n: int) -> str:
    """Counts and numbers below 10 take a leading zero in administrative text: ``05``."""
    return f"{n:02d}"


def count_text(cands: list[Candidate]) -> str:
    """``02 tập thể và 04 cá nhân`` (a kind with no candidate is left out)."""
    parts = [f"{two(n)} {k}" for k in KINDS if (n := sum(c.kind == k for c in cands))]
    return " và ".join(parts) or "00 cá nhân"


def issuer_org(content: Content, d: Dossier) -> Org:
    """The organisation seen as the Chi hội: its header, symbol and signer."""
    i = d.issuer
    return content.org.model_copy(
        update={
            "parent_body": i.parent_body,
            "issuing_body": i.issuing_body,
            "name": i.name,
            "symbol": i.symbol,
            "signer": i.signer,
        }
    )


def numbers(content: Content, d: Dossier) -> dict[str, str]:
    """Số/ký hiệu and dates cited across documents, written once."""
    sym = d.issuer.symbol
    sub, m, plan = d.submission, d.meeting, content.plan
    pn = f"{two(plan.number)}" if plan.number else "…"
    return {
        "totrinh": f"{two(sub.number) if sub.number else '…'}/TTr-{sym}",
        "totrinh_date": long_date(sub.date),
        "bienban": f"{two(m.number) if m.number else '…'}/BB-{sym}",
        "bienban_date": long_date(m.date),
        "plan": f"{pn}/KH-{content.org.symbol}",
        "plan_date": long_date(plan.date) if plan.date else "ngày … tháng … năm …",
    }


def _where(c: Candidate) -> str:
    """Chức vụ, đơn vị column: position then unit, without repeating the candidate's own name."""
    parts = [p for p in (c.position, c.unit_name if c.unit_name != c.name else None) if p]
    return ", ".join(parts)


def award_groups(cands: list[Candidate], awards: list[str]) -> list[dict[str, Any]]:
    """Candidates grouped by award (award-list order) then kind, numbered from 1 in each table."""
    groups: list[dict[str, Any]] = []
    for award in awards:
        sections: list[dict[str, Any]] = []
        for kind in KINDS:
            rows = [c for c in cands if c.award == award and c.kind == kind]
            if rows:
                sections.append(
                    {
                        "label": KIND_LABEL[kind],
                        "count": two(len(rows)),
                        "rows": [
                            {"n": i, "name": c.name, "where": _where(c), "reason": c.reason}
                            for i, c in enumerate(rows, start=1)
                        ],
                    }
                )
        if sections:
            for j, s in enumerate(sections, start=1):
                s["number"] = j
            groups.append(
                {
                    "numeral": roman(len(groups) + 1),
                    "award": award,
                    "count": count_text([c for c in cands if c.award == award]),
                    "sections": sections,
                }
            )
    return groups


def _time(hhmm: str) -> str:
    h, m = hhmm.split(":")
    return f"{h} giờ {m} phút"


def base(
    content: Content, d: Dossier, number: int | None, abbrev: str, date: Any
) -> dict[str, Any]:
    return header_context(issuer_org(content, d), number=number, type_abbrev=abbrev, date=date)


def totrinh_context(content: Content, d: Dossier) -> dict[str, Any]:
    sub, m, plan, x, num = (
        d.submission,
        d.meeting,
        content.plan,
        content.expand,
        numbers(content, d),
    )
    y = d.year
    plan_title = " ".join(x(t) for t in plan.title_lines)
    bases = []
    if "qd222" in plan.references:
        bases.append(f"Căn cứ {x('{ref:qd222}')} (hồ sơ theo mẫu);")
    bases.append(
        f"Căn cứ Kế hoạch số {num['plan']} {num['plan_date']} của {content.org.name} "
        f"về {plan_title[:1].lower()}{plan_title[1:]};"
    )
    bases.append(
        f"Căn cứ Biên bản họp xét thi đua, khen thưởng số {num['bienban']} "
        f"{num['bienban_date']} của {m.body},"
    )
    proposed = d.proposed
    award_lines = []
    for g in award_groups(proposed, [a.name for a in d.rules.awards]):
        award_lines.append(f"- {g['award']}: {g['count']};")
    if award_lines:
        award_lines[-1] = award_lines[-1][:-1] + "."
    return {
        **base(content, d, sub.number, "TTr", sub.date),
        "title_lines": [
            "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc",
            f"trong {sub.field} năm {y}",
        ],
        "recipient": sub.recipient,
        "bases": bases,
        "intro": (
            f"{d.issuer.name} kính đề nghị {sub.recipient} xem xét, khen thưởng (hoặc đề "
            f"nghị cấp trên khen thưởng) cho {count_text(proposed)} có thành tích xuất sắc "
            f"trong {sub.field} năm {y}, cụ thể như sau:"
        ),
        "award_lines": award_lines,
        "attachment": (
            f"(Có Danh sách đề nghị khen thưởng, Biên bản họp xét số {num['bienban']} "
            f"và {two(len(proposed))} báo cáo thành tích kèm theo)."
        ),
        "closing": f"Kính trình {sub.recipient} xem xét, quyết định./.",
        "recipients": recipients(sub.distribution),
        "signer": signer(d.issuer.signer),
    }


def danhsach_context(content: Content, d: Dossier) -> dict[str, Any]:
    num = numbers(content, d)
    proposed = d.proposed
    return {
        "title_lines": [
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            f"TẬP THỂ, CÁ NHÂN CÓ THÀNH TÍCH XUẤT SẮC NĂM {d.year}",
        ],
        "attached_to": (
            f"(Kèm theo Tờ trình số {num['totrinh']} {num['totrinh_date']} của {d.issuer.name})"
        ),
        "groups": award_groups(proposed, [a.name for a in d.rules.awards]),
        "total": f"Tổng cộng: {count_text(proposed)}./.",
    }


def bienban_context(content: Content, d: Dossier) -> dict[str, Any]:
    m, sub, sel = d.meeting, d.submission, d.selection
    p = d.rules.pass_percent
    pct = f"{p:g}".replace(".", ",")
    cands = [t.candidate for t in sel.tallies]
    rows = [
        {
            "n": i,
            "name": t.candidate.name,
            "kind": KIND_LABEL[t.candidate.kind],
            "award": t.candidate.award,
            "agree": t.agree,
            "against": t.against,
            "abstain": t.abstain,
            "percent": percent(t.share),
            "result": "Đạt" if t.passed else "Không đạt",
        }
        for i, t in enumerate(sel.tallies, start=1)
    ]
    conclusion = [
        f"Hội đồng thống nhất đề nghị {sub.recipient} khen thưởng "
        f"{count_text(d.proposed)} (có danh sách kèm theo), gồm:"
    ]
    for a in d.rules.awards:
        names = [c.name for c in d.proposed if c.award == a.name]
        if names:
            conclusion.append(f"- {a.name}: {', '.join(names)};")
    conclusion[-1] = conclusion[-1][:-1] + "."
    for t in sel.rejected:
        conclusion.append(
            f"{KIND_LABEL[t.candidate.kind]} {t.candidate.name} đạt {t.agree}/{t.present} phiếu "
            f"tán thành ({percent(t.share)}), không đạt tỷ lệ trên {pct}% số thành viên có mặt "
            f"nên không đề nghị khen thưởng."
        )
    overrides = [c for c in d.proposed if c.override_reason]
    for c in overrides:
        conclusion.append(
            f"{c.name} được đề nghị ngoài quy tắc xếp loại, lý do: {c.override_reason}."
        )
    attendance = [
        f"Thành viên {m.body}: có mặt {two(m.members_present)}/{two(m.members_total)} thành viên."
    ]
    attendance += [f"Vắng: {a}." for a in m.absent]
    attendance += [f"Khách mời: {g}." for g in m.guests]
    return {
        **base(content, d, m.number, "BB", None),
        "title_lines": [f"Họp xét thi đua, khen thưởng năm {d.year}"],
        "start": f"{_time(m.start)}, {long_date(m.date)}.",
        "place": f"{m.place}.",
        "attendance": attendance,
        "chair": f"{m.chair.name}, {m.chair.title}.",
        "secretary": f"{m.secretary.name}, {m.secretary.title}.",
        "agenda": [f"{i}. {a}" for i, a in enumerate(m.agenda, start=1)],
        "vote_intro": (
            f"Hội đồng đã xét {two(len(cands))} trường hợp ({count_text(cands)}) "
            f"theo hình thức {m.ballot}. Ứng viên được đề nghị khen thưởng khi có số "
            f"phiếu tán thành trên {pct}% số thành viên có mặt "
            f"({m.members_present} thành viên). Kết quả như sau:"
        ),
        "votes": rows,
        "conclusion": conclusion,
        "end": (
            f"Cuộc họp kết thúc lúc {_time(m.end)} cùng ngày. Biên bản đã được đọc lại "
            f"trước cuộc họp và các thành viên dự họp thống nhất thông qua./."
        ),
        "secretary_name": m.secretary.name,
        "chair_name": m.chair.name,
        "recipients": recipients(m.distribution),
    }


def _profile_lines(c: Candidate) -> list[str]:
    lines = [f"Họ và tên: {c.name}"]
    pr = c.nomination.profile if c.nomination else None
    if pr is not None:
        for label, value in (
            ("Năm sinh", pr.born),
            ("Giới tính", pr.gender),
            ("Quê quán", pr.hometown),
            ("Nơi thường trú", pr.residence),
        ):
            if value:
                lines.append(f"{label}: {value}")
    lines.append(f"Đơn vị công tác: {c.unit_name}")
    lines.append(f"Chức vụ: {c.position or ''}")
    if pr is not None and pr.qualification:
        lines.append(f"Trình độ chuyên môn: {pr.qualification}")
    if pr is not None and pr.party:
        lines.append(f"Ngày vào Đảng: {pr.party}")
    return lines


def baocao_context(content: Content, d: Dossier, c: Candidate) -> dict[str, Any]:
    s = confirming(c, d.issuer.signer)
    chapter = {"label": "", "authority": s.authority or "", "title": s.title, "name": s.name or ""}
    if c.kind == COLLECTIVE:
        profile = [f"Tên tập thể: {c.name}"]
        if c.position:
            profile.append(f"Loại hình: {c.position}")
        if c.unit_name != c.name:
            profile.append(f"Trực thuộc: {c.unit_name}")
        # the label breaks after "CỦA", never inside the name of the authority
        label = (
            "XÁC NHẬN CỦA THỦ\u00a0TRƯỞNG\u00a0ĐƠN\u00a0VỊ"
            if c.confirmed_by
            else "XÁC NHẬN CỦA CẤP\u00a0TRÌNH\u00a0KHEN\u00a0THƯỞNG"
        )
        left = {**chapter, "label": label}
        right = {
            "label": "THỦ TRƯỞNG ĐƠN VỊ",
            "authority": "",
            "title": (c.head_title or "").upper(),
            "name": c.head_name or "",
        }
        sections = (
            "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            "THÀNH TÍCH ĐẠT ĐƯỢC",
            "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        )
    else:
        profile = _profile_lines(c)
        left = {**chapter, "label": "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"}
        right = {"label": "NGƯỜI BÁO CÁO THÀNH TÍCH", "authority": "", "title": "", "name": c.name}
        sections = ("SƠ LƯỢC LÝ LỊCH", "THÀNH TÍCH ĐẠT ĐƯỢC", "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    return {
        **base(content, d, None, "BC", d.meeting.date),
        "so_ky_hieu": "",  # a báo cáo thành tích carries no number of its own
        "award_upper": f"ĐỀ NGHỊ TẶNG {c.award.upper()}",
        "name": c.name if c.kind == INDIVIDUAL else c.name.upper(),
        "year": d.year,
        "sections": list(sections),
        "profile": profile,
        "summary": list(c.summary),
        "achievements": list(c.achievements),
        "earlier": [
            {"year": e.school_year or e.year, "title": e.title, "decision": e.decision}
            for e in c.earlier_awards
        ],
        "left": left,
        "right": right,
    }


def jobs(content: Content, templates: Path) -> list[RenderJob]:
    d = load_dossier(content)
    if d is None:
        return []
    return dossier_jobs(content, d, templates)


def dossier_jobs(content: Content, d: Dossier, templates: Path) -> list[RenderJob]:
    author, y, date = d.issuer.name, d.year, d.submission.date
    common = {"year": y, **marks(content.org.illustrative)}

    def job(
        kind: str, tpl: str, ctx: dict[str, Any], name: str, title: str, meta: dict[str, Any]
    ) -> RenderJob:
        return RenderJob(
            kind=kind,
            template=templates / tpl,
            context={**common, **ctx},
            filename=f"{SUBDIR}/{name}",
            props=DocProps(
                title=title, author=author, subject=title, date=date, keywords=f"khen thưởng {y}"
            ),
            meta=meta,
        )

    names = [c.name for c in d.proposed]
    out = [
        job(
            "dossier-totrinh",
            TEMPLATES["to-trinh"],
            totrinh_context(content, d),
            "01-to-trinh.docx",
            f"Tờ trình đề nghị khen thưởng năm {y}",
            {"document": "Tờ trình", "candidates": names},
        ),
        job(
            "dossier-danhsach",
            TEMPLATES["danh-sach"],
            danhsach_context(content, d),
            "02-danh-sach.docx",
            f"Danh sách đề nghị khen thưởng năm {y}",
            {"document": "Danh sách", "candidates": names},
        ),
        job(
            "dossier-bienban",
            TEMPLATES["bien-ban"],
            bienban_context(content, d),
            "03-bien-ban.docx",
            f"Biên bản họp xét thi đua, khen thưởng năm {y}",
            {"document": "Biên bản", "candidates": [t.candidate.name for t in d.selection.tallies]},
        ),
    ]
    for i, c in enumerate(d.proposed, start=1):
        out.append(
            job(
                "dossier-baocao",
                TEMPLATES[c.kind],
                baocao_context(content, d, c),
                f"04-bao-cao-{two(i)}-{slug(c.name)}.docx",
                f"Báo cáo thành tích: {c.name}",
                {
                    "document": "Báo cáo thành tích",
                    "candidate": c.name,
                    "kind": c.kind,
                    "award": c.award,
                    "order": i,
                },
            )
        )
    return out
