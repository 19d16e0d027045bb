"""Scored results: scheme (scoring.yaml + plan criteria), score files, engine, ranked results.

``load_results(content)`` is what other stages use: ranked ``UnitResult``s for the year, or
None when ``content/<year>/`` has no score file. Score files, in the year's folder:

- ``scores.xlsx`` (the form from ``docgen form``) or ``scores.csv``: the approved scores
  (điểm duyệt), one row per unit;
- optionally ``self-scores.xlsx`` or ``self-scores.csv``: the units' own scores (điểm tự chấm),
  same layout, shown beside the approved scores on each evaluation sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.content.load import Content
from docgen.content.units import Unit, load_units
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.i18n import tr
from docgen.scoring.engine import CriterionScore, UnitResult, UnitScores, band_counts, evaluate
from docgen.scoring.files import SELF_SCORES, find_score_file
from docgen.scoring.readers import read_scores
from docgen.scoring.remit import check_scorer, check_units, remit_of
from docgen.scoring.scheme import Band, Scheme, load_scheme

__all__ = [
    "Band",
    "CriterionScore",
    "Scheme",
    "Scored",
    "UnitResult",
    "band_counts",
    "find_score_file",
    "load_results",
    "load_scored",
    "load_self_scored",
]


@dataclass(frozen=True)
class Scored:
    scheme: Scheme
    results: list[UnitResult]
    warnings: tuple[Problem, ...]
    source: Path
    self_source: Path | None = None
    unscored: tuple[Unit, ...] = ()  # units in units.yaml with no score row: not ranked


# key -> (the content object, kept alive so that its id is not reused, and its results)
_cache: dict[tuple[object, ...], tuple[Content, Scored]] = {}


def _stamp(content: Content) -> tuple[object, ...]:
    """What a scoring result depends on: this content object and the year's input files."""
    files = sorted(p for p in content.year_dir.iterdir() if p.is_file())
    return (id(content), *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def load_scored(content: Content) -> Scored | None:
    """Scheme, ranked results and warnings of the year, or None when it has no score file.

    The evaluation sheets, the summary and the dossier all ask for the same results in one
    build; they are computed once while the inputs are unchanged.
    """
    source = find_score_file(content.year_dir)
    if source is None:
        return None
    key = _stamp(content)
    if key not in _cache:
        if len(_cache) > 8:
            _cache.clear()
        _cache[key] = (content, _load_scored(content, source))
    return _cache[key][1]


def load_self_scored(content: Content) -> Scored | None:
    """The year's self-scores alone, for a Chi hội's own sheet before its association has
    approved its scores (no ``scores.*`` yet); None without a self-score file."""
    source = find_score_file(content.year_dir, SELF_SCORES)
    return None if source is None else _load_scored(content, source, self_only=True)


def _load_scored(content: Content, source: Path, self_only: bool = False) -> Scored:
    loaded = load_scheme(content)
    scheme = loaded.scheme
    units = load_units(content.year_dir)
    if units is None:
        raise ContentError(
            tr(
                "Có tệp điểm {s} nhưng thiếu {u} (danh sách đơn vị)",
                "Found the score file {s} but {u} (the unit list) is missing",
                s=source,
                u=content.year_dir / "units.yaml",
            )
        )
    ids = [u.id for u in units]
    out = ProblemList(list(loaded.warnings))
    check_scorer(content, scheme.issuer.name if scheme.issuer else None, out)
    remit = remit_of(content)  # a Chi hội's set scores only the Chi hội itself
    if remit is not None:
        check_units(content, content.year_dir / "units.yaml", units, remit, out)
        if remit.unit not in ids:  # said once, at org.yaml chapter.unit
            remit = None
    names = {u.id: u.name for u in units}
    approved = read_scores(source, scheme, ids, out, names, remit)
    self_source = source if self_only else find_score_file(content.year_dir, SELF_SCORES)
    if self_only:
        own = {s.unit_id: s for s in approved}
    else:
        own = (
            {s.unit_id: s for s in read_scores(self_source, scheme, ids, out, names, remit)}
            if self_source
            else {}
        )
    if out.errors:
        raise ContentError(
            tr(
                "Tệp điểm không hợp lệ ({n} lỗi)",
                "Invalid score file ({n} errors)",
                n=len(out.errors),
            ),
            out.problems,
        )
    scored_ids = {s.unit_id for s in approved}
    for u in units:
        if u.id not in scored_ids:
            out.add(
                SourceRef(source, field=u.id),
                tr(
                    "đơn vị {u} ({n}) chưa có điểm; không được xếp hạng",
                    "unit {u} ({n}) has no scores; it is not ranked",
                    u=u.id,
                    n=u.name,
                ),
                "warning",
            )
    merged = [
        UnitScores(
            s.unit_id,
            s.scores,
            s.notes,
            own[s.unit_id].scores if s.unit_id in own else None,
            s.where,
        )
        for s in approved
    ]
    results = evaluate(scheme, units, merged)
    unscored = tuple(u for u in units if u.id not in scored_ids)
    return Scored(scheme, results, tuple(out.warnings), source, self_source, unscored)


def load_results(content: Content) -> list[UnitResult] | None:
    """Ranked results of the year (best first), or None when the year has no scores."""
    scored = load_scored(content)
    return None if scored is None else scored.results
