"""A dossier that agrees with itself, checked before anything is rendered (located errors).

- the vote of each candidate: đồng ý + không đồng ý + không biểu quyết = members present;
- dates in order: the ranking a meeting relies on exists before the meeting, the biên bản is
  not after the tờ trình, all in the dossier's year;
- the head of a unit and the person confirming its report are different people;
- one achievement is not claimed word for word by two candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.content.models import Signer
from docgen.dossier.candidates import check_remit, in_remit
from docgen.dossier.inputs import Inputs, Ranking
from docgen.dossier.models import COLLECTIVE, Council, Meeting, Nominations, Submission
from docgen.dossier.select import Candidate, Selection, name_key, tally
from docgen.dossier.sources import Source, hint
from docgen.i18n import tr

# a unit id as units.yaml writes it (a vote names a candidate by name or a unit by its id)
UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Loc = tuple[int | str, ...]


def where(noms: Nominations, c: Candidate) -> Loc:
    """Where a candidate's own text lives in nominations.yaml."""
    if c.source == "unit":
        for i, r in enumerate(noms.unit_reports):
            if r is not None and r.unit == c.unit_id:
                return ("unit_reports", i)
        return ("unit_reports",)
    for i, n in enumerate(noms.candidates):
        if n is not None and name_key(n.name) == name_key(c.name):
            return ("candidates", i)
    return ("candidates",)


# -- votes --------------------------------------------------------------------------------------


def _vote_sums(cou: Source, council: Council) -> bool:
    m, ok = council.meeting, True
    if m.members_present > m.members_total:
        cou.error(
            ("meeting", "members_present"),
            tr(
                "số thành viên có mặt ({p}) lớn hơn tổng số thành viên ({t})",
                "members present ({p}) exceed the total members ({t})",
                p=m.members_present,
                t=m.members_total,
            ),
        )
        ok = False
    for j, v in enumerate(council.votes):
        if v is None:
            ok = False
        elif v.agree > m.members_present:
            cou.error(
                ("votes", j, "agree"),
                tr(
                    "số phiếu tán thành ({a}) lớn hơn số thành viên có mặt ({p})",
                    "votes in favour ({a}) exceed the members present ({p})",
                    a=v.agree,
                    p=m.members_present,
                ),
            )
            ok = False
        elif v.agree + v.against > m.members_present:
            cou.error(
                ("votes", j, "against"),
                tr(
                    "tán thành + không tán thành ({s}) lớn hơn số thành viên có mặt ({p})",
                    "votes for + against ({s}) exceed the members present ({p})",
                    s=v.agree + v.against,
                    p=m.members_present,
                ),
            )
            ok = False
        elif v.agree + v.against + v.abstain != m.members_present:
            cou.error(
                ("votes", j),
                tr(
                    "đồng ý ({a}) + không đồng ý ({b}) + không biểu quyết ({c}) = {s}, cần bằng số "
                    "thành viên có mặt ({p}); ghi 'abstain: …' cho người không biểu quyết",
                    "for ({a}) + against ({b}) + abstaining ({c}) = {s}, expected the members "
                    "present ({p}); write 'abstain: …' for those who did not vote",
                    a=v.agree,
                    b=v.against,
                    c=v.abstain,
                    s=v.agree + v.against + v.abstain,
                    p=m.members_present,
                ),
            )
            ok = False
    return ok


def _unit_vote(inp: Inputs, j: int, unit: str) -> None:
    """A vote for a unit id that is not a candidate: why not."""
    if not in_remit(inp, unit):
        check_remit(inp.cou, inp, ("votes", j, "candidate"), unit)
        return
    band = next((r.band for r in inp.results or [] if r.unit_id == unit), None)
    inp.cou.error(
        ("votes", j, "candidate"),
        tr(
            "đơn vị '{u}' không được đề nghị theo quy tắc xếp loại ({b}); muốn đề nghị, "
            "ghi vào unit_overrides (nominations.yaml) kèm award và reason",
            "unit '{u}' is not proposed by the band rule ({b}); to propose it, add it to "
            "unit_overrides (nominations.yaml) with an award and a reason",
            u=unit,
            b=band or tr("không có kết quả chấm điểm", "no scoring result"),
        ),
    )


def _match(
    inp: Inputs, council: Council, cands: list[Candidate], invalid: set[str]
) -> dict[str, tuple[int, int]] | None:
    """Each vote matched to one candidate; None when a vote could not be matched."""
    cou, units = inp.cou, inp.units
    by_key = {name_key(c.name): c for c in cands}
    by_key.update({c.unit_id: c for c in cands if c.source == "unit"})
    votes: dict[str, tuple[int, int]] = {}
    voted: dict[int, int] = {}
    ok = True
    for j, v in enumerate(council.votes):
        if v is None:
            continue
        c = by_key.get(name_key(v.candidate)) or by_key.get(v.candidate)
        if c is None and name_key(v.candidate) in invalid:
            ok = False
        elif c is None and UNIT_ID.match(v.candidate) and not in_remit(inp, v.candidate):
            check_remit(cou, inp, ("votes", j, "candidate"), v.candidate)  # listed or not
            ok = False
        elif c is None and v.candidate in units:
            if inp.results is not None or not in_remit(inp, v.candidate):
                _unit_vote(inp, j, v.candidate)
                ok = False
        elif c is None:
            cou.error(
                ("votes", j, "candidate"),
                tr(
                    "'{n}' không phải ứng viên (không có trong nominations.yaml hay kết quả chấm "
                    "điểm){h}",
                    "'{n}' is not a candidate (neither in nominations.yaml nor in the "
                    "scoring results){h}",
                    n=v.candidate,
                    h=hint(v.candidate, [c.name for c in cands]),
                ),
            )
            ok = False
        elif id(c) in voted:
            cou.error(
                ("votes", j, "candidate"),
                tr(
                    "'{n}' đã có kết quả biểu quyết ở votes[{k}]",
                    "'{n}' already has a vote at votes[{k}]",
                    n=v.candidate,
                    k=voted[id(c)],
                ),
            )
            ok = False
        else:
            voted[id(c)] = j
            votes[name_key(c.name)] = (v.agree, v.against)
    for c in cands:
        if id(c) not in voted:
            cou.error(
                ("votes",),
                tr(
                    "ứng viên '{n}' chưa có kết quả biểu quyết (thêm '- candidate: {n}' và "
                    "'agree: …')",
                    "candidate '{n}' has no vote (add '- candidate: {n}' and 'agree: …')",
                    n=c.name,
                ),
            )
            ok = False
    return votes if ok else None


def votes(
    inp: Inputs, council: Council, cands: list[Candidate], pass_percent: float, invalid: set[str]
) -> Selection | None:
    """Match votes to candidates; ``invalid`` names candidates already reported as invalid.

    A vote for a unit (by id) counts only when the scoring stage has results: without them no
    unit is a candidate and such a vote is not applicable. With results, a vote for a unit that
    the band rule does not propose (and no override does) is an error, and so is a vote for a
    unit outside the issuer's remit.
    """
    sums_ok = _vote_sums(inp.cou, council)
    matched = _match(inp, council, cands, invalid)
    if not sums_ok or matched is None:
        return None
    return tally(cands, matched, council.meeting.members_present, pass_percent)


# -- dates --------------------------------------------------------------------------------------


def dates(inp: Inputs, sub: Submission, m: Meeting, ranking: Ranking | None, ranked: bool) -> None:
    year = inp.content.year
    for src, loc, d in (
        (inp.nom, ("submission", "date"), sub.date),
        (inp.cou, ("meeting", "date"), m.date),
    ):
        if d.year not in (year, year + 1):  # a year-end dossier may be dated early next year
            src.error(
                loc,
                tr(
                    "ngày {d:%d/%m/%Y} không thuộc năm {y} (hoặc đầu năm {n}) của hồ sơ",
                    "date {d:%d/%m/%Y} is not in the dossier's year {y} (or early {n})",
                    d=d,
                    y=year,
                    n=year + 1,
                ),
            )
    if m.date > sub.date:
        inp.cou.error(
            ("meeting", "date"),
            tr(
                "cuộc họp ({m:%d/%m/%Y}) diễn ra sau ngày tờ trình ({t:%d/%m/%Y}, "
                "nominations.yaml submission.date): tờ trình phải căn cứ biên bản đã họp",
                "the meeting ({m:%d/%m/%Y}) is after the tờ trình ({t:%d/%m/%Y}, nominations.yaml "
                "submission.date): the tờ trình must follow the meeting",
                m=m.date,
                t=sub.date,
            ),
        )
    if ranked and ranking is not None and ranking.date is not None and ranking.date > m.date:
        inp.cou.error(
            ("meeting", "date"),
            tr(
                "cuộc họp ({m:%d/%m/%Y}) xét theo kết quả xếp hạng thi đua lập ngày {r:%d/%m/%Y} "
                "(scoring.yaml date), tức là sau cuộc họp: kết quả phải có trước khi họp xét",
                "the meeting ({m:%d/%m/%Y}) relies on the ranking dated {r:%d/%m/%Y} (scoring.yaml "
                "date), which is after it: the ranking must exist before the meeting",
                m=m.date,
                r=ranking.date,
            ),
        )
    if m.end <= m.start:
        inp.cou.error(
            ("meeting", "end"),
            tr(
                "giờ kết thúc {e} không sau giờ bắt đầu {s}",
                "end time {e} is not after start {s}",
                e=m.end,
                s=m.start,
            ),
        )


# -- people and claims --------------------------------------------------------------------------


def confirming(c: Candidate, issuer_signer: Signer) -> Signer:
    return c.confirmed_by or issuer_signer


def heads(inp: Inputs, noms: Nominations, cands: list[Candidate], issuer_signer: Signer) -> None:
    """The one who reports (a unit's head, or the individual) never confirms their own report."""
    for c in cands:
        reporter = c.head_name if c.kind == COLLECTIVE else c.name
        who = confirming(c, issuer_signer)
        if reporter and who.name and name_key(reporter) == name_key(who.name):
            loc = where(noms, c)
            inp.nom.error(
                loc,
                tr(
                    "báo cáo thành tích của '{c}': {n} vừa là người báo cáo (thủ trưởng đơn vị) "
                    "vừa là người xác nhận ({t}); ghi 'confirmed_by' (title, name) là cấp trên "
                    "trực tiếp, khác người báo cáo",
                    "the report of '{c}': {n} both reports (as the unit's head) and confirms it "
                    "({t}); set 'confirmed_by' (title, name) to the next level up, another person",
                    c=c.name,
                    n=reporter,
                    t=who.title,
                ),
            )


_WORDS = 6  # shorter items ("Hoàn thành tốt nhiệm vụ.") may well be shared


def _claims(c: Candidate) -> Iterator[tuple[int, str]]:
    """The candidate's achievements from data, with their index in its data file; a unit's
    first achievement is its score line, computed, not claimed."""
    skip = 1 if c.source == "unit" else 0
    for j, text in enumerate(c.achievements[skip:]):
        key = name_key(text).strip(" .;,")
        if len(key.split()) >= _WORDS:
            yield j, key


def claims(inp: Inputs, noms: Nominations, cands: list[Candidate]) -> None:
    """One achievement is not claimed word for word by two candidates."""
    first: dict[str, str] = {}
    for c in cands:
        for j, key in _claims(c):
            owner = first.setdefault(key, c.name)
            if owner != c.name:
                loc = where(noms, c)
                inp.nom.error(
                    (*loc, "achievements", j) if len(loc) == 2 else loc,
                    tr(
                        "'{c}' ghi lại nguyên văn thành tích của '{o}': {s!r}; mỗi thành tích "
                        "thuộc về một ứng viên (ghi phần đóng góp riêng)",
                        "'{c}' claims word for word an achievement of '{o}': {s!r}; each "
                        "achievement belongs to one candidate (write its own share)",
                        c=c.name,
                        o=owner,
                        s=key,
                    ),
                )
