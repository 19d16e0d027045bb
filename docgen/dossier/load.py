"""Load and cross-check the dossier inputs; every problem in every file is reported at once.

Nothing is rendered unless the dossier agrees with itself: every nominee's unit exists, every
award is in the award list, every candidate has exactly one vote no larger than the members
present, the meeting precedes the tờ trình, and no candidate appears twice.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from docgen import notices
from docgen.content.load import Content, check_distribution
from docgen.content.models import Issuer
from docgen.content.units import Unit, load_units
from docgen.dossier.models import (
    INDIVIDUAL,
    AwardRules,
    Council,
    Meeting,
    Nominations,
    Submission,
)
from docgen.dossier.select import (
    Candidate,
    ResultLike,
    Selection,
    name_key,
    nomination_candidate,
    rule_award,
    tally,
    unit_candidates,
)
from docgen.dossier.sources import (
    Source,
    hint,
    items,
    salvage_council,
    salvage_nominations,
    validate_file,
)
from docgen.errors import ContentError, ProblemList, SourceRef
from docgen.i18n import tr

FILES = ("awards.yaml", "nominations.yaml", "council.yaml")


@dataclass(frozen=True)
class Dossier:
    """Everything the four documents of the dossier are made from, already consistent."""

    year: int
    issuer: Issuer
    rules: AwardRules
    submission: Submission
    meeting: Meeting
    selection: Selection

    @property
    def proposed(self) -> list[Candidate]:
        return self.selection.proposed


def scoring_results(content: Content) -> list[ResultLike] | None:
    """The scoring stage's unit results, or None when that stage is absent or has no results."""
    if importlib.util.find_spec("docgen.scoring") is None:
        return None
    import docgen.scoring as scoring  # noqa: PLC0415 - optional stage, imported lazily

    found = scoring.load_results(content)
    return None if found is None else list(found)


def _check_award(
    src: Source, loc: tuple[int | str, ...], award: str, rules: AwardRules, kind: str | None = None
) -> None:
    names = [a.name for a in rules.awards]
    found = rules.award(award)
    if found is None:
        src.error(
            loc,
            tr(
                "hình thức khen thưởng '{a}' không có trong awards.yaml{h}; các hình thức có: {c}",
                "award '{a}' is not in awards.yaml{h}; the awards are: {c}",
                a=award,
                h=hint(award, names),
                c="; ".join(names),
            ),
        )
    elif kind is not None and kind not in found.kinds:
        src.error(
            loc,
            tr(
                "hình thức '{a}' không dành cho {k}",
                "award '{a}' is not for a {k}",
                a=award,
                k=kind,
            ),
        )


def load_dossier(
    content: Content, results: list[ResultLike] | None = None, use_scoring: bool = True
) -> Dossier | None:
    """The year's dossier, or None when the year has neither nominations.yaml nor council.yaml."""
    year_dir = content.year_dir
    present = [name for name in FILES if (year_dir / name).is_file()]
    if not {"nominations.yaml", "council.yaml"} & set(present):
        return None
    out = ProblemList()
    missing = [name for name in FILES if name not in present]
    for name in missing:
        out.add(
            SourceRef(year_dir / name),
            tr(
                "thiếu tệp {n} (cần cho hồ sơ đề nghị khen thưởng)",
                "missing file {n} (needed for the commendation dossier)",
                n=name,
            ),
        )
    if missing:
        raise ContentError(
            tr("Hồ sơ khen thưởng thiếu dữ liệu", "Dossier inputs are missing"), out.problems
        )
    srcs = {name: Source(year_dir / name, out) for name in FILES}
    aw, nom, cou = srcs["awards.yaml"], srcs["nominations.yaml"], srcs["council.yaml"]
    rules = validate_file(AwardRules, aw)
    noms = validate_file(Nominations, nom) or salvage_nominations(nom.data)
    council = validate_file(Council, cou) or salvage_council(cou.data)
    issuer = content.org.chapter
    if issuer is None:
        out.add(
            SourceRef(content.root / "org.yaml", field="chapter"),
            tr(
                "thiếu khối 'chapter' (Chi hội ban hành hồ sơ khen thưởng: tên, ký hiệu, người ký)",
                "missing the 'chapter' block (the Chi hội issuing the dossier: name, symbol, "
                "signer)",
            ),
        )
    units = {u.id: u for u in (load_units(year_dir) or [])}
    if results is None and use_scoring:
        results = scoring_results(content)
    selection = None
    if rules is not None and noms is not None and council is not None:
        _check_rules(aw, rules)
        _check_rule_agrees(aw, rules, results or [])
        candidates = _candidates(nom, noms, rules, units, results, content.year)
        invalid = {
            name_key(str(c.get("name")))
            for c, n in zip(items(nom.data, "candidates"), noms.candidates, strict=False)
            if n is None and isinstance(c, dict)
        }
        selection = _votes(cou, council, candidates, rules, invalid, units, results)
        _check_dates(nom, cou, noms.submission, council.meeting, content.year)
        _check_submission(nom, noms.submission)
        if selection is not None and not selection.proposed and not out.errors:
            cou.error(
                ("votes",),
                tr(
                    "không ứng viên nào đạt trên {p}% phiếu tán thành: không có gì để đề nghị",
                    "no candidate passed the vote (> {p}% in favour): nothing to propose",
                    p=rules.pass_percent,
                ),
            )
    if out.errors or selection is None or issuer is None:
        raise ContentError(
            tr(
                "Hồ sơ khen thưởng không hợp lệ ({n} lỗi)",
                "Invalid commendation dossier ({n} errors)",
                n=len(out.errors),
            ),
            out.problems,
        )
    assert rules is not None and noms is not None and council is not None
    for w in out.warnings:
        notices.warn(w)
    return Dossier(content.year, issuer, rules, noms.submission, council.meeting, selection)


def _check_rules(aw: Source, rules: AwardRules) -> None:
    for i, r in enumerate(rules.band_rule):
        _check_award(aw, ("band_rule", i, "award"), r.award, rules)
    seen: set[str] = set()
    for i, a in enumerate(rules.awards):
        if name_key(a.name) in seen:
            aw.error(
                ("awards", i, "name"),
                tr("hình thức '{a}' bị trùng", "award '{a}' is duplicated", a=a.name),
            )
        seen.add(name_key(a.name))


def _candidates(
    nom: Source,
    noms: Nominations,
    rules: AwardRules,
    units: dict[str, Unit],
    results: list[ResultLike] | None,
    year: int,
) -> list[Candidate]:
    unit_ids = sorted(units)

    def check_unit(loc: tuple[int | str, ...], unit: str) -> None:
        if unit not in units:
            where = (
                tr("units.yaml không có", "units.yaml is missing")
                if not units
                else tr("không có trong units.yaml", "is not in units.yaml")
            )
            nom.error(
                loc,
                tr(
                    "đơn vị '{u}' {w}{h}",
                    "unit '{u}' {w}{h}",
                    u=unit,
                    w=where,
                    h=hint(unit, unit_ids),
                ),
            )

    for i, o in enumerate(noms.unit_overrides):
        if o is None:
            continue
        check_unit(("unit_overrides", i, "unit"), o.unit)
        _check_award(nom, ("unit_overrides", i, "award"), o.award, rules, "tập thể")
        if results is None or all(r.unit_id != o.unit for r in results):
            nom.error(
                ("unit_overrides", i, "unit"),
                tr(
                    "đơn vị '{u}' không có kết quả chấm điểm nên không thể đề nghị theo ngoại lệ",
                    "unit '{u}' has no scoring result, so it cannot be proposed by override",
                    u=o.unit,
                ),
            )
    heads = {u.id: u.head for u in units.values()}
    overrides = [o for o in noms.unit_overrides if o is not None]
    reports = [r for r in noms.unit_reports if r is not None]
    for i, r in enumerate(noms.unit_reports):
        if r is not None:
            check_unit(("unit_reports", i, "unit"), r.unit)
    cands = unit_candidates(results or [], rules, overrides, year, heads, reports)
    if results is not None:  # a report for a unit that is not proposed would be lost: say so
        proposed_units = {c.unit_id for c in cands}
        for i, r in enumerate(noms.unit_reports):
            if r is not None and r.unit in units and r.unit not in proposed_units:
                nom.error(
                    ("unit_reports", i, "unit"),
                    tr(
                        "đơn vị '{u}' không được đề nghị (xếp loại dưới quy tắc, không có ngoại "
                        "lệ) "
                        "nên báo cáo này không được dùng",
                        "unit '{u}' is not proposed (band below "
                        "the rule, no override), so this report would not be used",
                        u=r.unit,
                    ),
                )
    seen = {
        name_key(c.name): tr(
            "đơn vị được đề nghị theo kết quả chấm điểm", "a unit proposed from the scoring results"
        )
        for c in cands
    }
    raw = items(nom.data, "candidates")
    for i, n in enumerate(noms.candidates):
        if n is None:  # invalid: still check the fields that are there, to report all at once
            item = raw[i] if i < len(raw) and isinstance(raw[i], dict) else {}
            if isinstance(item.get("unit"), str):
                check_unit(("candidates", i, "unit"), item["unit"])
            if isinstance(item.get("award"), str):
                _check_award(nom, ("candidates", i, "award"), item["award"], rules)
            continue
        check_unit(("candidates", i, "unit"), n.unit)
        _check_award(nom, ("candidates", i, "award"), n.award, rules, n.kind)
        if n.kind == INDIVIDUAL and not n.position:
            nom.error(
                ("candidates", i),
                tr(
                    "thiếu trường bắt buộc 'position' (chức vụ của cá nhân {n})",
                    "required field 'position' is missing (position of {n})",
                    n=n.name,
                ),
            )
        for j, e in enumerate(n.earlier_awards):
            if e.year > year:
                nom.error(
                    ("candidates", i, "earlier_awards", j, "year"),
                    tr(
                        "năm {f} ở sau năm đề nghị {y}",
                        "year {f} is after the proposal year {y}",
                        f=e.year,
                        y=year,
                    ),
                )
        key = name_key(n.name)
        unit_named = next((u for u in units.values() if name_key(u.name) == key), None)
        result = next((r for r in results or [] if unit_named and r.unit_id == unit_named.id), None)
        if result is not None and key not in seen:
            nom.error(
                ("candidates", i, "name"),
                tr(
                    "'{n}' là một đơn vị được chấm điểm (xếp loại {b}, dưới quy tắc đề nghị): chỉ "
                    "đề nghị qua unit_overrides, kèm award và reason",
                    "'{n}' is a scored unit (band {b}, below the band rule): propose it only "
                    "through "
                    "unit_overrides, with an award and a reason",
                    n=n.name,
                    b=result.band,
                ),
            )
            continue
        if key in seen:
            nom.error(
                ("candidates", i, "name"),
                tr(
                    "ứng viên '{n}' bị trùng (đã có: {w})",
                    "candidate '{n}' is duplicated (already: {w})",
                    n=n.name,
                    w=seen[key],
                ),
            )
            continue
        seen[key] = f"candidates[{i}]"
        unit = units.get(n.unit)
        cands.append(nomination_candidate(n, unit.name if unit else n.unit))
    return cands


def _check_rule_agrees(aw: Source, rules: AwardRules, results: list[ResultLike]) -> None:
    """If the scoring stage names an award per band too, both rules must agree."""
    reported: set[str] = set()
    for r in results:
        theirs = getattr(r, "award", None)
        ours = rule_award(rules, r)
        if theirs is not None and ours != theirs and r.band not in reported:
            reported.add(r.band)
            aw.error(
                ("band_rule",),
                tr(
                    "xếp loại '{b}': awards.yaml đề nghị {o!r} nhưng giai đoạn chấm điểm ghi "
                    "{t!r}; "
                    "hai quy tắc phải thống nhất",
                    "band '{b}': awards.yaml gives {o!r} but the scoring "
                    "stage gives {t!r}; the two rules must agree",
                    b=r.band,
                    o=ours,
                    t=theirs,
                ),
            )


def _votes(
    cou: Source,
    council: Council,
    cands: list[Candidate],
    rules: AwardRules,
    invalid: set[str],
    units: dict[str, Unit],
    results: list[ResultLike] | None,
) -> Selection | None:
    """Match votes to candidates; ``invalid`` names candidates already reported as invalid.

    A vote for a unit (by id) counts only when the scoring stage has results: without them no
    unit is a candidate and such a vote is not applicable. With results, a vote for a unit that
    the band rule does not propose (and no override does) is an error.
    """
    m = council.meeting
    ok = True
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
    by_key = {name_key(c.name): c for c in cands}
    by_key.update({c.unit_id: c for c in cands if c.source == "unit"})
    votes: dict[str, tuple[int, int]] = {}
    voted: dict[int, int] = {}
    for j, v in enumerate(council.votes):
        if v is None:
            ok = False
            continue
        if v.agree > m.members_present:
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
        c = by_key.get(name_key(v.candidate)) or by_key.get(v.candidate)
        if c is None and name_key(v.candidate) in invalid:
            ok = False
            continue
        if c is None and v.candidate in units:
            if results is None:
                continue
            band = next((r.band for r in results if r.unit_id == v.candidate), None)
            cou.error(
                ("votes", j, "candidate"),
                tr(
                    "đơn vị '{u}' không được đề nghị theo quy tắc xếp loại ({b}); muốn đề nghị, "
                    "ghi vào unit_overrides (nominations.yaml) kèm award và reason",
                    "unit '{u}' is not proposed by the band rule ({b}); to propose it, add it to "
                    "unit_overrides (nominations.yaml) with an award and a reason",
                    u=v.candidate,
                    b=band or tr("không có kết quả chấm điểm", "no scoring result"),
                ),
            )
            ok = False
            continue
        if c is None:
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
            continue
        if id(c) in voted:
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
            continue
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
    if not ok:
        return None
    return tally(cands, votes, m.members_present, rules.pass_percent)


def _check_dates(nom: Source, cou: Source, sub: Submission, m: Meeting, year: int) -> None:
    for src, loc, d in (
        (nom, ("submission", "date"), sub.date),
        (cou, ("meeting", "date"), m.date),
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
        cou.error(
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
    if m.end <= m.start:
        cou.error(
            ("meeting", "end"),
            tr(
                "giờ kết thúc {e} không sau giờ bắt đầu {s}",
                "end time {e} is not after start {s}",
                e=m.end,
                s=m.start,
            ),
        )


def _check_submission(nom: Source, sub: Submission) -> None:
    if name_key(sub.distribution[0]) != name_key("Như trên"):
        nom.error(
            ("submission", "distribution", 0),
            tr(
                "tờ trình gửi cấp trên: mục đầu của Nơi nhận phải là 'Như trên', nhận được {f!r}",
                "a tờ trình to a higher body: the first Nơi nhận item must be 'Như trên', found "
                "{f!r}",
                f=sub.distribution[0],
            ),
        )
    check_distribution(
        nom.path, nom.data, ("submission", "distribution"), sub.distribution, nom.out
    )
