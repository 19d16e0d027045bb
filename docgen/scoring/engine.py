"""The scoring engine: pure functions over typed data (no I/O).

- A unit's total is the plain sum of its scores (criteria items + bonus): never rescaled.
- Ranking is competition ranking ("1, 2, 2, 4"): units with equal totals share a rank. Within a
  shared rank, units keep the order of ``units.yaml`` (the tie order is that list's order).
- The band is the highest band whose threshold the total reaches; a band marked
  ``requires_minimums`` is skipped for a unit below a per-criterion minimum (flagged).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from docgen.i18n import tr
from docgen.scoring.scheme import Band, Column, Scheme
from docgen.vi.format import number

EPS = 1e-9


def clean(value: float) -> float:
    """Round away float noise (17.5 + 0.1 …) without changing any real score."""
    return round(value, 6) + 0.0


@dataclass(frozen=True)
class CriterionScore:
    key: str
    code: str  # "ND2", "ND2.1", "Thưởng"
    title: str
    max: float
    score: float
    self_score: float | None = None
    is_item: bool = False  # an item under a criterion (tiêu chí), not a Nội dung total
    minimum: float | None = None


@dataclass(frozen=True)
class UnitResult:
    """One unit's scored result, as the documents and the dossier stage consume it."""

    unit_id: str
    unit_name: str
    unit_kind: str
    total: float
    max_total: float
    band: str  # display name, e.g. "Xuất sắc"
    band_key: str
    rank: int
    flags: tuple[str, ...]
    scores: tuple[CriterionScore, ...]  # criteria (with their items after each) then the bonus
    self_total: float | None = None
    notes: str = ""
    award: str | None = None
    unit_head: str | None = None
    order: int = 0  # position in units.yaml (the documented tie order)

    @property
    def by_key(self) -> dict[str, float]:
        return {s.key: s.score for s in self.scores}


class UnitLike(Protocol):
    """What the engine needs of a unit (``docgen.content.units.Unit`` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def head(self) -> str | None: ...


@dataclass(frozen=True)
class UnitScores:
    """What a score file says about one unit: scores by column code, notes."""

    unit_id: str
    scores: Mapping[str, float]
    notes: str = ""
    self_scores: Mapping[str, float] | None = None
    where: str = field(default="", compare=False)


def score_problem(col: Column, value: float) -> str | None:
    """Why ``value`` is not a valid score for ``col``, or None."""
    if math.isnan(value) or math.isinf(value):
        return tr("cần một số, nhận được {v}", "expected a number, found {v}", v=value)
    if value < 0:
        return tr(
            "điểm âm ({v}); cần từ 0 đến {m}",
            "negative score ({v}); expected 0 to {m}",
            v=number(value),
            m=number(col.max),
        )
    if value > col.max + EPS:
        return tr(
            "điểm {v} vượt quá điểm tối đa {m} của {c}",
            "score {v} exceeds the maximum {m} of {c}",
            v=number(value),
            m=number(col.max),
            c=col.code,
        )
    return None


def total(scheme: Scheme, scores: Mapping[str, float]) -> float:
    return clean(math.fsum(scores.get(c.code, 0.0) for c in scheme.columns))


def criterion_totals(scheme: Scheme, scores: Mapping[str, float]) -> dict[str, float]:
    return {
        crit.key: clean(math.fsum(scores.get(c.code, 0.0) for c in crit.columns))
        for crit in scheme.criteria
    }


def minimum_flags(scheme: Scheme, scores: Mapping[str, float]) -> tuple[str, ...]:
    sums = criterion_totals(scheme, scores)
    flags = []
    for crit in scheme.criteria:
        if crit.minimum is not None and sums[crit.key] < crit.minimum - EPS:
            flags.append(
                tr(
                    "{c} dưới điểm tối thiểu ({s}/{m})",
                    "{c} below minimum ({s}/{m})",
                    c=crit.code,
                    s=number(sums[crit.key]),
                    m=number(crit.minimum),
                )
            )
    return tuple(flags)


def band_for(bands: Sequence[Band], value: float, meets_minimums: bool = True) -> Band:
    """The highest band whose threshold ``value`` reaches (bands sorted highest first)."""
    for b in bands:
        if value >= b.min - EPS and (meets_minimums or not b.requires_minimums):
            return b
    return bands[-1]


def rank(totals: Sequence[float]) -> list[int]:
    """Competition ranks for ``totals`` in input order: equal totals share a rank (1, 2, 2, 4)."""
    ranks = []
    for t in totals:
        ranks.append(1 + sum(1 for other in totals if other > t + EPS))
    return ranks


def ranked_order(totals: Sequence[float]) -> list[int]:
    """Indices sorted by rank; ties keep input order (stable sort)."""
    return sorted(range(len(totals)), key=lambda i: -totals[i])


def _scores(scheme: Scheme, s: UnitScores) -> tuple[CriterionScore, ...]:
    own = s.self_scores
    out = []
    for crit in scheme.criteria:
        score = clean(math.fsum(s.scores.get(c.code, 0.0) for c in crit.columns))
        mine = None if own is None else clean(math.fsum(own.get(c.code, 0.0) for c in crit.columns))
        out.append(
            CriterionScore(
                crit.key, crit.code, crit.title, crit.points, score, mine, minimum=crit.minimum
            )
        )
        if crit.has_items:
            out += [
                CriterionScore(
                    c.key,
                    c.code,
                    c.title,
                    c.max,
                    s.scores.get(c.code, 0.0),
                    None if own is None else own.get(c.code, 0.0),
                    is_item=True,
                )
                for c in crit.columns
            ]
    if scheme.bonus:
        b = scheme.bonus
        out.append(
            CriterionScore(
                b.key,
                b.code,
                b.title,
                b.max,
                s.scores.get(b.code, 0.0),
                None if own is None else own.get(b.code, 0.0),
            )
        )
    return tuple(out)


def evaluate(
    scheme: Scheme, units: Sequence[UnitLike], scored: Sequence[UnitScores]
) -> list[UnitResult]:
    """Results for every scored unit, in rank order (ties in ``units`` order).

    Units without scores are left out (the loader warns about them).
    """
    by_id = {s.unit_id: s for s in scored}
    rows = [(i, u, by_id[u.id]) for i, u in enumerate(units) if u.id in by_id]
    totals = [total(scheme, s.scores) for _, _, s in rows]
    ranks = rank(totals)
    results = []
    for k in ranked_order(totals):
        i, unit, s = rows[k]
        flags = minimum_flags(scheme, s.scores)
        band = band_for(scheme.bands, totals[k], meets_minimums=not flags)
        results.append(
            UnitResult(
                unit_id=unit.id,
                unit_name=unit.name,
                unit_kind=unit.kind,
                total=totals[k],
                max_total=scheme.max_total,
                band=band.name,
                band_key=band.key,
                rank=ranks[k],
                flags=flags,
                scores=_scores(scheme, s),
                self_total=None if s.self_scores is None else total(scheme, s.self_scores),
                notes=s.notes,
                award=band.award,
                unit_head=unit.head,
                order=i,
            )
        )
    return results


def band_counts(scheme: Scheme, results: Sequence[UnitResult]) -> list[tuple[Band, int]]:
    return [(b, sum(1 for r in results if r.band_key == b.key)) for b in scheme.bands]
