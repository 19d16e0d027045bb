"""Who is put to the vote: units proposed from the ranking and the council's nominations, each
checked against the award list, the units and the issuer's remit (located errors)."""

from __future__ import annotations

from docgen.content.units import Unit
from docgen.dossier.inputs import Inputs
from docgen.dossier.models import COLLECTIVE, INDIVIDUAL, AwardRules, Nomination, Nominations
from docgen.dossier.select import (
    Candidate,
    ResultLike,
    name_key,
    nomination_candidate,
    rule_award,
    unit_candidates,
)
from docgen.dossier.sources import Source, hint, items
from docgen.i18n import tr

Loc = tuple[int | str, ...]


def check_award(
    src: Source, loc: Loc, award: str, rules: AwardRules, kind: str | None = None
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


def check_unit(nom: Source, units: dict[str, Unit], loc: Loc, unit: str) -> bool:
    if unit in units:
        return True
    where = (
        tr("units.yaml không có", "units.yaml is missing")
        if not units
        else tr("không có trong units.yaml", "is not in units.yaml")
    )
    nom.error(
        loc,
        tr(
            "đơn vị '{u}' {w}{h}", "unit '{u}' {w}{h}", u=unit, w=where, h=hint(unit, sorted(units))
        ),
    )
    return False


def in_remit(inp: Inputs, unit: str) -> bool:
    """A Chi hội proposes only itself and its own tổ, ban and members; a Hội, all its units."""
    i = inp.issuer
    return i is None or i.level == "hội" or i.unit is None or unit == i.unit


def check_remit(src: Source, inp: Inputs, loc: Loc, unit: str) -> None:
    if in_remit(inp, unit):
        return
    assert inp.issuer is not None
    src.error(
        loc,
        tr(
            "đơn vị '{u}' ngoài phạm vi của {i}: Chi hội chỉ đề nghị khen thưởng cho chính Chi hội "
            "và các tổ, ban, hội viên của mình (đơn vị '{o}'); các chi hội khác do Hội Khuyến học "
            "cấp trên xét",
            "unit '{u}' is outside the remit of {i}: a Chi hội proposes only itself and its own "
            "groups and members (unit '{o}'); other Chi hội are for the association above",
            u=unit,
            i=inp.issuer.name,
            o=inp.issuer.unit,
        ),
    )


def known_unit(inp: Inputs, loc: Loc, unit: str) -> None:
    """A unit named in nominations.yaml: within the issuer's remit (a Chi hội's own unit, even
    when units.yaml lists other Chi hội or not), then listed in units.yaml."""
    if in_remit(inp, unit):
        check_unit(inp.nom, inp.units, loc, unit)
    else:
        check_remit(inp.nom, inp, loc, unit)


def check_overrides(inp: Inputs, noms: Nominations, rules: AwardRules) -> None:
    results = inp.results
    for i, o in enumerate(noms.unit_overrides):
        if o is None:
            continue
        loc = ("unit_overrides", i, "unit")
        known_unit(inp, loc, o.unit)
        check_award(inp.nom, ("unit_overrides", i, "award"), o.award, rules, COLLECTIVE)
        if results is None or all(r.unit_id != o.unit for r in results):
            inp.nom.error(
                loc,
                tr(
                    "đơn vị '{u}' không có kết quả chấm điểm nên không thể đề nghị theo ngoại lệ",
                    "unit '{u}' has no scoring result, so it cannot be proposed by override",
                    u=o.unit,
                ),
            )


def ranked_candidates(inp: Inputs, noms: Nominations, rules: AwardRules) -> list[Candidate]:
    """Units of the issuer's remit proposed by the band rule or an override, with their reports."""
    for i, r in enumerate(noms.unit_reports):
        if r is not None:
            known_unit(inp, ("unit_reports", i, "unit"), r.unit)
    results = [r for r in inp.results or [] if in_remit(inp, r.unit_id)]
    # a Chi hội's set holds only its own result, scored by the Hội it sends the tờ trình to
    own_set = inp.issuer is not None and inp.issuer.level == "chi hội"
    cands = unit_candidates(
        results,
        rules,
        [o for o in noms.unit_overrides if o is not None],
        inp.content.year,
        {u.id: u.head for u in inp.units.values()},
        [r for r in noms.unit_reports if r is not None],
        parent=(inp.ranking.body if inp.ranking else "")
        or (noms.submission.recipient if own_set else ""),
        ranked=not own_set,
    )
    if inp.results is not None:  # a report for a unit that is not proposed would be lost: say so
        proposed_units = {c.unit_id for c in cands}
        for i, r in enumerate(noms.unit_reports):
            if r is not None and r.unit in inp.units and r.unit not in proposed_units:
                inp.nom.error(
                    ("unit_reports", i, "unit"),
                    tr(
                        "đơn vị '{u}' không được đề nghị (xếp loại dưới quy tắc, không có "
                        "ngoại lệ) nên báo cáo này không được dùng",
                        "unit '{u}' is not proposed (band below "
                        "the rule, no override), so this report would not be used",
                        u=r.unit,
                    ),
                )
    return cands


def _check_invalid(inp: Inputs, rules: AwardRules, i: int) -> None:
    """An invalid nomination: still check the fields that are there, to report all at once."""
    raw = items(inp.nom.data, "candidates")
    item = raw[i] if i < len(raw) and isinstance(raw[i], dict) else {}
    if isinstance(item.get("unit"), str):
        check_unit(inp.nom, inp.units, ("candidates", i, "unit"), item["unit"])
    if isinstance(item.get("award"), str):
        check_award(inp.nom, ("candidates", i, "award"), item["award"], rules)


def _check_nomination(inp: Inputs, rules: AwardRules, i: int, n: Nomination) -> None:
    known_unit(inp, ("candidates", i, "unit"), n.unit)
    check_award(inp.nom, ("candidates", i, "award"), n.award, rules, n.kind)
    if n.kind == INDIVIDUAL and not n.position:
        inp.nom.error(
            ("candidates", i),
            tr(
                "thiếu trường bắt buộc 'position' (chức vụ của cá nhân {n})",
                "required field 'position' is missing (position of {n})",
                n=n.name,
            ),
        )
    for j, e in enumerate(n.earlier_awards):
        if e.year > inp.content.year:
            inp.nom.error(
                ("candidates", i, "earlier_awards", j, "year"),
                tr(
                    "năm {f} ở sau năm đề nghị {y}",
                    "year {f} is after the proposal year {y}",
                    f=e.year,
                    y=inp.content.year,
                ),
            )


def workplace(inp: Inputs, n: Nomination) -> str:
    """Where a nominee works: a teacher, a Tổ or a Ban belongs to the school, not to its Chi hội."""
    if n.workplace:
        return n.workplace
    i = inp.issuer
    if i is not None and i.level == "chi hội" and n.unit == i.unit:
        return inp.content.org.name
    unit = inp.units.get(n.unit)
    return unit.name if unit else n.unit


def _scored_unit(inp: Inputs, name: str) -> ResultLike | None:
    key = name_key(name)
    unit = next((u for u in inp.units.values() if name_key(u.name) == key), None)
    return next((r for r in inp.results or [] if unit and r.unit_id == unit.id), None)


def nominated(
    inp: Inputs, noms: Nominations, rules: AwardRules, seen: dict[str, str]
) -> list[Candidate]:
    """The council's nominations, each checked; ``seen`` holds the names already candidates."""
    out = []
    for i, n in enumerate(noms.candidates):
        if n is None:
            _check_invalid(inp, rules, i)
            continue
        _check_nomination(inp, rules, i, n)
        key = name_key(n.name)
        result = _scored_unit(inp, n.name)
        if key in seen:
            msg = tr(
                "ứng viên '{n}' bị trùng (đã có: {w})",
                "candidate '{n}' is duplicated (already: {w})",
                n=n.name,
                w=seen[key],
            )
        elif result is not None:
            msg = tr(
                "'{n}' là một đơn vị được chấm điểm (xếp loại {b}, dưới quy tắc đề nghị): chỉ "
                "đề nghị qua unit_overrides, kèm award và reason",
                "'{n}' is a scored unit (band {b}, below the band rule): propose it only through "
                "unit_overrides, with an award and a reason",
                n=n.name,
                b=result.band,
            )
        else:
            seen[key] = f"candidates[{i}]"
            out.append(nomination_candidate(n, workplace(inp, n)))
            continue
        inp.nom.error(("candidates", i, "name"), msg)
    return out


def candidates(inp: Inputs, noms: Nominations, rules: AwardRules) -> list[Candidate]:
    """Units from the ranking first (by rank), then the nominations in file order."""
    check_overrides(inp, noms, rules)
    cands = ranked_candidates(inp, noms, rules)
    seen = {
        name_key(c.name): tr(
            "đơn vị được đề nghị theo kết quả chấm điểm", "a unit proposed from the scoring results"
        )
        for c in cands
    }
    return cands + nominated(inp, noms, rules, seen)


def check_rules(aw: Source, rules: AwardRules, results: list[ResultLike]) -> None:
    """The award list has no duplicate; the band rule names listed awards and agrees with the
    scoring stage when that stage names an award per band too."""
    for i, rule in enumerate(rules.band_rule):
        check_award(aw, ("band_rule", i, "award"), rule.award, rules)
    seen: set[str] = set()
    for i, a in enumerate(rules.awards):
        if name_key(a.name) in seen:
            aw.error(
                ("awards", i, "name"),
                tr("hình thức '{a}' bị trùng", "award '{a}' is duplicated", a=a.name),
            )
        seen.add(name_key(a.name))
    reported: set[str] = set()
    for r in results:
        theirs = getattr(r, "award", None)
        ours = rule_award(rules, r)
        if theirs is not None and ours != theirs and r.band not in reported:
            reported.add(r.band)
            aw.error(
                ("band_rule",),
                tr(
                    "xếp loại '{b}': awards.yaml đề nghị {o!r} nhưng giai đoạn chấm điểm "
                    "ghi {t!r}; hai quy tắc phải thống nhất",
                    "band '{b}': awards.yaml gives {o!r} but the scoring "
                    "stage gives {t!r}; the two rules must agree",
                    b=r.band,
                    o=ours,
                    t=theirs,
                ),
            )
