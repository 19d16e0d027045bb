"""Who is proposed: unit candidates from the scoring results (band → award rule, or an explicit
override with a reason), nominations from the council, and the vote that decides each one.

Pure functions over plain data: the scoring stage's results are anything with the attributes of
``ResultLike``, so this module does not import the scoring stage.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from docgen.content.models import Signer
from docgen.dossier.models import (
    COLLECTIVE,
    AwardRules,
    EarlierAward,
    Nomination,
    UnitOverride,
    UnitReport,
)
from docgen.vi import text as vntext
from docgen.vi.format import number


class ResultLike(Protocol):
    """What the scoring stage provides for each unit (``docgen.scoring.UnitResult``), read-only."""

    @property
    def unit_id(self) -> str: ...

    @property
    def unit_name(self) -> str: ...

    @property
    def unit_kind(self) -> str: ...

    @property
    def total(self) -> float: ...

    @property
    def max_total(self) -> float: ...

    @property
    def band(self) -> str: ...

    @property
    def band_key(self) -> str: ...

    @property
    def rank(self) -> int: ...


@dataclass(frozen=True)
class Candidate:
    """One tập thể or cá nhân put to the council's vote, with everything the four documents use."""

    name: str
    kind: str  # "tập thể" | "cá nhân"
    unit_id: str
    unit_name: str
    award: str
    reason: str
    position: str | None = None
    source: str = "nomination"  # "nomination" | "unit"
    override_reason: str | None = None
    nomination: Nomination | None = None
    result: ResultLike | None = None
    summary: tuple[str, ...] = ()
    achievements: tuple[str, ...] = ()
    earlier_awards: tuple[EarlierAward, ...] = ()
    head_title: str | None = None
    head_name: str | None = None
    confirmed_by: Signer | None = None  # who confirms the report; None: the issuer's signer


@dataclass(frozen=True)
class Tally:
    candidate: Candidate
    agree: int
    against: int
    present: int
    passed: bool

    @property
    def share(self) -> float:
        return self.agree / self.present if self.present else 0.0

    @property
    def abstain(self) -> int:
        return self.present - self.agree - self.against


@dataclass(frozen=True)
class Selection:
    tallies: list[Tally] = field(default_factory=list)

    @property
    def proposed(self) -> list[Candidate]:
        return [t.candidate for t in self.tallies if t.passed]

    @property
    def rejected(self) -> list[Tally]:
        return [t for t in self.tallies if not t.passed]


def name_key(name: str) -> str:
    """Compare names the way a person does: NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def slug(text: str) -> str:
    """ASCII file-name part: ``Nguyễn Thị Lan`` -> ``nguyen-thi-lan``."""
    return vntext.slug(text)[:48].strip("-")


def rule_award(rules: AwardRules, result: ResultLike) -> str | None:
    """The award the band rule gives this unit, or None when its band does not qualify."""
    for r in rules.band_rule:
        if name_key(r.band) in (name_key(result.band), name_key(result.band_key)):
            return r.award
    return None


def unit_candidates(
    results: Iterable[ResultLike],
    rules: AwardRules,
    overrides: Sequence[UnitOverride],
    year: int,
    heads: dict[str, str | None] | None = None,
    reports: Sequence[UnitReport] = (),
    parent: str = "",
    ranked: bool = True,
) -> list[Candidate]:
    """Units whose band qualifies, and units proposed by override (explicit award and reason).

    Ordered by rank. An override for a unit that also qualifies replaces the rule's award. A
    unit's report (``reports``) adds its sơ lược, achievements and earlier awards to its score.
    The text is the document's, always Vietnamese; ``parent`` names the association the units
    belong to (from data, never from code). ``ranked=False`` (a Chi hội's own set, which
    holds only its own result) prints no rank: the rank among all Chi hội is the Hội's.
    """
    by_unit = {o.unit: o for o in overrides}
    report_of = {r.unit: r for r in reports}
    out = []
    for r in sorted(results, key=lambda r: (r.rank, r.unit_id)):
        award = rule_award(rules, r)
        override = by_unit.get(r.unit_id)
        if award is None and override is None:
            continue
        texts = rules.unit_texts
        score = texts.fill(
            "score" if ranked else "own_score",
            total=number(r.total),
            max_total=number(r.max_total),
            band=r.band,
            rank=r.rank,
        )
        reason = texts.fill("reason", year=year, score=score)
        if override is not None:
            reason = texts.fill("override_reason", reason=override.reason, score=score)
        achievements: tuple[str, ...] = (texts.fill("achievement", year=year, score=score),)
        report = report_of.get(r.unit_id)
        summary: tuple[str, ...] = (
            (
                texts.fill(
                    "summary", unit_name=r.unit_name, unit_kind=r.unit_kind.lower(), parent=parent
                ),
            )
            if parent
            else ()
        )
        if report is not None:
            summary += tuple(report.summary)
            achievements += tuple(report.achievements)
        out.append(
            Candidate(
                name=r.unit_name,
                kind=COLLECTIVE,
                unit_id=r.unit_id,
                unit_name=r.unit_name,
                award=override.award if override else award or "",
                reason=reason,
                position=r.unit_kind,
                source="unit",
                override_reason=override.reason if override else None,
                result=r,
                summary=summary,
                achievements=achievements,
                earlier_awards=tuple(report.earlier_awards) if report else (),
                head_title=texts.head_title,
                head_name=(heads or {}).get(r.unit_id),
                confirmed_by=report.confirmed_by if report else None,
            )
        )
    return out


def nomination_candidate(n: Nomination, unit_name: str) -> Candidate:
    return Candidate(
        name=n.name,
        kind=n.kind,
        unit_id=n.unit,
        unit_name=unit_name,
        award=n.award,
        reason=n.reason,
        position=n.position,
        nomination=n,
        summary=tuple(n.summary),
        achievements=tuple(n.achievements),
        earlier_awards=tuple(n.earlier_awards),
        head_title=n.head.title if n.head else None,
        head_name=n.head.name if n.head else None,
        confirmed_by=n.confirmed_by,
    )


def passes(agree: int, present: int, pass_percent: float) -> bool:
    """Strictly more than ``pass_percent`` % of the members present (integer arithmetic)."""
    return present > 0 and agree * 100 > pass_percent * present


def tally(
    candidates: Sequence[Candidate],
    votes: dict[str, tuple[int, int]],
    present: int,
    pass_percent: float,
) -> Selection:
    """Each candidate with its vote; ``votes`` maps ``name_key`` (or unit id) to (for, against)."""
    out = []
    for c in candidates:
        agree, against = votes.get(name_key(c.name)) or votes.get(
            c.unit_id if c.source == "unit" else "", (0, 0)
        )
        out.append(Tally(c, agree, against, present, passes(agree, present, pass_percent)))
    return Selection(out)
