"""The dossier's input files read once, with positions, and what the scoring stage tells it.

``read_inputs`` reports a missing file or a schema problem in any file to one ``ProblemList``
and keeps the valid parts, so that the cross-file checks still run and every problem of every
file is reported at once.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass, field

from docgen.content.load import Content
from docgen.content.models import Issuer
from docgen.content.units import Unit, load_units
from docgen.dossier.models import AwardRules, Council, Nominations
from docgen.dossier.select import ResultLike
from docgen.dossier.sources import (
    Source,
    salvage_council,
    salvage_nominations,
    validate_file,
)
from docgen.errors import ContentError, ProblemList, SourceRef
from docgen.i18n import tr

FILES = ("awards.yaml", "nominations.yaml", "council.yaml")


@dataclass(frozen=True)
class Ranking:
    """The scoring stage's ranked results the dossier relies on, and who ranked and when."""

    results: list[ResultLike]
    date: dt.date | None = None  # the summary's date (scoring.yaml ``date``)
    body: str = ""  # the association that ranked the units, e.g. Hội Khuyến học Quận 10


@dataclass
class Inputs:
    content: Content
    out: ProblemList
    aw: Source
    nom: Source
    cou: Source
    rules: AwardRules | None
    noms: Nominations | None
    council: Council | None
    issuer: Issuer | None
    units: dict[str, Unit] = field(default_factory=dict)
    ranking: Ranking | None = None

    @property
    def results(self) -> list[ResultLike] | None:
        return self.ranking.results if self.ranking is not None else None


def scoring_ranking(content: Content) -> Ranking | None:
    """The scoring stage's ranking, or None when that stage is absent or has no results."""
    if importlib.util.find_spec("docgen.scoring") is None:
        return None
    import docgen.scoring as scoring  # noqa: PLC0415 - optional stage, imported lazily

    scored = scoring.load_scored(content)
    if scored is None:
        return None
    issuer = scored.scheme.issuer
    return Ranking(list(scored.results), scored.scheme.date, issuer.name if issuer else "")


def present_files(content: Content) -> list[str] | None:
    """The dossier files of the year, None when it has no dossier; a partial set is an error."""
    year_dir = content.year_dir
    present = [name for name in FILES if (year_dir / name).is_file()]
    if not {"nominations.yaml", "council.yaml"} & set(present):
        return None
    missing = [name for name in FILES if name not in present]
    if missing:
        out = ProblemList()
        for name in missing:
            out.add(
                SourceRef(year_dir / name),
                tr(
                    "thiếu tệp {n} (cần cho hồ sơ đề nghị khen thưởng)",
                    "missing file {n} (needed for the commendation dossier)",
                    n=name,
                ),
            )
        raise ContentError(
            tr("Hồ sơ khen thưởng thiếu dữ liệu", "Dossier inputs are missing"), out.problems
        )
    return present


def read_inputs(
    content: Content, results: list[ResultLike] | None, use_scoring: bool
) -> Inputs | None:
    """The validated inputs (None where a file is beyond salvage), or None without a dossier."""
    if present_files(content) is None:
        return None
    out = ProblemList()
    srcs = {name: Source(content.year_dir / name, out) for name in FILES}
    aw, nom, cou = srcs["awards.yaml"], srcs["nominations.yaml"], srcs["council.yaml"]
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
    ranking = scoring_ranking(content) if use_scoring else None
    if results is not None:
        ranking = Ranking(
            results, ranking.date if ranking else None, ranking.body if ranking else ""
        )
    return Inputs(
        content=content,
        out=out,
        aw=aw,
        nom=nom,
        cou=cou,
        rules=validate_file(AwardRules, aw),
        noms=validate_file(Nominations, nom) or salvage_nominations(nom.data),
        council=validate_file(Council, cou) or salvage_council(cou.data),
        issuer=issuer,
        units={u.id: u for u in (load_units(content.year_dir) or [])},
        ranking=ranking,
    )
