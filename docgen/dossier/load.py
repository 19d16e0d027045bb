"""Load and cross-check the dossier inputs; every problem in every file is reported at once.

Nothing is rendered unless the dossier agrees with itself (see ``consistency``): every nominee's
unit exists and lies in the issuer's remit, every award is in the award list, every candidate
has exactly one vote that adds up to the members present, the ranking precedes the meeting and
the meeting the tờ trình, nobody confirms their own report, no achievement is claimed twice, a
figure has one value, and no candidate appears twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docgen import notices
from docgen.content.load import Content, check_distribution
from docgen.content.models import Issuer
from docgen.dossier import consistency
from docgen.dossier.candidates import candidates, check_rules
from docgen.dossier.figures import apply_figures
from docgen.dossier.inputs import Inputs, read_inputs, scoring_ranking
from docgen.dossier.models import AwardRules, Meeting, Nominations, Submission
from docgen.dossier.select import Candidate, ResultLike, Selection, name_key
from docgen.dossier.sources import Source, items
from docgen.errors import ContentError
from docgen.i18n import tr

__all__ = ["Dossier", "load_dossier", "scoring_results"]


@dataclass(frozen=True)
class Dossier:
    """Everything the four documents of the dossier are made from, already consistent."""

    year: int
    issuer: Issuer
    rules: AwardRules
    submission: Submission
    meeting: Meeting
    selection: Selection
    ranking_date: dt.date | None = None

    @property
    def proposed(self) -> list[Candidate]:
        return self.selection.proposed


def scoring_results(content: Content) -> list[ResultLike] | None:
    """The scoring stage's unit results, or None when that stage is absent or has no results."""
    ranking = scoring_ranking(content)
    return ranking.results if ranking else None


def _select(inp: Inputs, rules: AwardRules, noms: Nominations) -> Selection | None:
    council = inp.council
    assert council is not None
    check_rules(inp.aw, rules, inp.results or [])
    noms = apply_figures(inp, noms)
    cands = candidates(inp, noms, rules)
    invalid = {
        name_key(str(c.get("name")))
        for c, n in zip(items(inp.nom.data, "candidates"), noms.candidates, strict=False)
        if n is None and isinstance(c, dict)
    }
    selection = consistency.votes(inp, council, cands, rules.pass_percent, invalid)
    ranked = any(c.source == "unit" for c in cands)
    consistency.dates(inp, noms.submission, council.meeting, inp.ranking, ranked)
    if inp.issuer is not None:
        consistency.heads(inp, noms, cands, inp.issuer.signer)
    consistency.claims(inp, noms, cands)
    _check_submission(inp.nom, noms.submission)
    if selection is not None and not selection.proposed and not inp.out.errors:
        inp.cou.error(
            ("votes",),
            tr(
                "không ứng viên nào đạt trên {p}% phiếu tán thành: không có gì để đề nghị",
                "no candidate passed the vote (> {p}% in favour): nothing to propose",
                p=rules.pass_percent,
            ),
        )
    return selection


def _check_issuer(inp: Inputs) -> None:
    i = inp.issuer
    if i is None or i.level != "chi hội":
        return
    if i.unit is None or (inp.units and i.unit not in inp.units):
        path = inp.content.root / "org.yaml"
        src = Source(path, inp.out)
        src.error(
            ("chapter", "unit") if i.unit else ("chapter",),
            tr(
                "Chi hội ban hành hồ sơ cần 'unit': mã của Chi hội trong units.yaml (nhận được "
                "{u!r}); Chi hội chỉ đề nghị khen thưởng trong phạm vi của mình",
                "the issuing Chi hội needs 'unit': its id in units.yaml (found {u!r}); a Chi hội "
                "proposes only within its own remit",
                u=i.unit,
            ),
        )


def load_dossier(
    content: Content, results: list[ResultLike] | None = None, use_scoring: bool = True
) -> Dossier | None:
    """The year's dossier, or None when the year has neither nominations.yaml nor council.yaml."""
    inp = read_inputs(content, results, use_scoring)
    if inp is None:
        return None
    rules, noms, council = inp.rules, inp.noms, inp.council
    _check_issuer(inp)
    selection = None
    if rules is not None and noms is not None and council is not None:
        selection = _select(inp, rules, noms)
    if inp.out.errors or selection is None or inp.issuer is None:
        raise ContentError(
            tr(
                "Hồ sơ khen thưởng không hợp lệ ({n} lỗi)",
                "Invalid commendation dossier ({n} errors)",
                n=len(inp.out.errors),
            ),
            inp.out.problems,
        )
    assert rules is not None and noms is not None and council is not None
    for w in inp.out.warnings:
        notices.warn(w)
    return Dossier(
        content.year,
        inp.issuer,
        rules,
        noms.submission,
        council.meeting,
        selection,
        inp.ranking.date if inp.ranking else None,
    )


def _check_submission(nom: Source, sub: Submission) -> None:
    if name_key(sub.distribution[0]) != name_key("Như trên"):
        nom.error(
            ("submission", "distribution", 0),
            tr(
                "tờ trình gửi cấp trên: mục đầu của Nơi nhận phải là 'Như trên', nhận được {f!r}",
                "a tờ trình to a higher body: the first Nơi nhận item must be 'Như trên', "
                "found {f!r}",
                f=sub.distribution[0],
            ),
        )
    check_distribution(
        nom.path, nom.data, ("submission", "distribution"), sub.distribution, nom.out
    )
