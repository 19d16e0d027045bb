"""The commendation dossier (hồ sơ đề nghị khen thưởng): tờ trình, danh sách (phụ lục), biên bản
họp xét and one báo cáo thành tích per proposed candidate, all from one consistent ``Dossier``.

Every number, date, count and name is computed once here and shared by the four documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen.content.load import Content
from docgen.content.models import Org
from docgen.content.origins import Origins, from_yaml, lazy
from docgen.content.source import load_yaml
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


def _ended(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """List items end with ";" and the last with "." (the template prints ``end``)."""
    return [{**it, "end": "." if i == len(items) - 1 else ";"} for i, it in enumerate(items)]


def totrinh_context(content: Content, d: Dossier) -> dict[str, Any]:
    """Data for the tờ trình; its sentences are in the Word template."""
    sub, m, plan, x, num = (
        d.submission,
        d.meeting,
        content.plan,
        content.expand,
        numbers(content, d),
    )
    plan_title = " ".join(x(t) for t in plan.title_lines)
    proposed = d.proposed
    awards = [
        {"award": g["award"], "count": g["count"]}
        for g in award_groups(proposed, [a.name for a in d.rules.awards])
    ]
    return {
        **base(content, d, sub.number, "TTr", sub.date),
        "field": sub.field,
        "recipient": sub.recipient,
        "issuer_name": d.issuer.name,
        "qd222": x("{ref:qd222}") if "qd222" in plan.references else "",
        "plan": {
            "number": num["plan"],
            "date": num["plan_date"],
            "issuer": content.org.name,
            "title": plan_title[:1].lower() + plan_title[1:],
        },
        "bienban": {"number": num["bienban"], "date": num["bienban_date"], "body": m.body},
        "count": count_text(proposed),
        "awards": _ended(awards),
        "n_reports": two(len(proposed)),
        "recipients": recipients(sub.distribution),
        "signer": signer(d.issuer.signer),
    }


def danhsach_context(content: Content, d: Dossier) -> dict[str, Any]:
    """Data for the danh sách (appendix of the tờ trình); its sentences are in the template."""
    num = numbers(content, d)
    proposed = d.proposed
    return {
        "issuer_name": d.issuer.name,
        "totrinh": {"number": num["totrinh"], "date": num["totrinh_date"]},
        "groups": award_groups(proposed, [a.name for a in d.rules.awards]),
        "count": count_text(proposed),
    }


def bienban_context(content: Content, d: Dossier) -> dict[str, Any]:
    """Data for the biên bản (Mẫu 1.9); its sentences are in the Word template."""
    m, sub, sel = d.meeting, d.submission, d.selection
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
    awards = [
        {"award": a.name, "names": ", ".join(c.name for c in d.proposed if c.award == a.name)}
        for a in d.rules.awards
        if any(c.award == a.name for c in d.proposed)
    ]
    return {
        **base(content, d, m.number, "BB", None),
        "start_time": _time(m.start),
        "date": long_date(m.date),
        "place": m.place,
        "body": m.body,
        "present": two(m.members_present),
        "present_n": m.members_present,
        "total": two(m.members_total),
        "absent": list(m.absent),
        "guests": list(m.guests),
        "chair": {"name": m.chair.name, "title": m.chair.title},
        "secretary": {"name": m.secretary.name, "title": m.secretary.title},
        "agenda": list(m.agenda),
        "n_cands": two(len(cands)),
        "cands_count": count_text(cands),
        "ballot": m.ballot,
        "pct": f"{d.rules.pass_percent:g}".replace(".", ","),
        "votes": rows,
        "recipient": sub.recipient,
        "count": count_text(d.proposed),
        "awards": _ended(awards),
        "rejected": [
            {
                "kind": KIND_LABEL[t.candidate.kind],
                "name": t.candidate.name,
                "agree": t.agree,
                "present": t.present,
                "percent": percent(t.share),
            }
            for t in sel.rejected
        ],
        "overrides": [
            {"name": c.name, "reason": c.override_reason} for c in d.proposed if c.override_reason
        ],
        "end_time": _time(m.end),
        "secretary_name": m.secretary.name,
        "chair_name": m.chair.name,
        "recipients": recipients(m.distribution),
    }


def _profile(c: Candidate) -> dict[str, Any]:
    """Sơ lược lý lịch of an individual; the labels are in the template."""
    pr = c.nomination.profile if c.nomination else None
    fields = ("born", "gender", "hometown", "residence", "qualification", "party")
    return {f: (getattr(pr, f) or "") if pr is not None else "" for f in fields}


def baocao_context(content: Content, d: Dossier, c: Candidate) -> dict[str, Any]:
    """Data for a báo cáo thành tích; section titles, labels and signature captions are in the
    two Word templates (tập thể, cá nhân)."""
    s = confirming(c, d.issuer.signer)
    left = {
        "authority": s.authority or "",
        "title": s.title,
        "name": s.name or "",
        "own_head": c.confirmed_by is not None,  # confirmed by the head of the school
    }
    if c.kind == COLLECTIVE:
        right = {"authority": "", "title": (c.head_title or "").upper(), "name": c.head_name or ""}
    else:
        right = {"authority": "", "title": "", "name": c.name}
    return {
        **base(content, d, None, "BC", d.meeting.date),
        "so_ky_hieu": "",  # a báo cáo thành tích carries no number of its own
        "award": c.award,
        "full_name": c.name,
        "name": c.name if c.kind == INDIVIDUAL else c.name.upper(),
        "year": d.year,
        "kind_of": c.position or "",
        "belongs_to": c.unit_name if c.unit_name != c.name else "",
        "workplace": c.unit_name,
        "position": c.position or "",
        "p": _profile(c),
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
            origins=origins,
        )

    names = [c.name for c in d.proposed]
    origins = lazy(
        lambda: sum(
            (
                from_yaml(content.year_dir / f, load_yaml(content.year_dir / f), str)
                for f in ("nominations.yaml", "council.yaml")
                if (content.year_dir / f).is_file()
            ),
            Origins(),
        )
    )
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
