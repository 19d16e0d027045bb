"""Who may score whom: a Chi hội scores only itself (its self-assessment, and the score its
association approved for it); the district Hội scores every Chi hội under it.

A ``chi hội`` set (``org.yaml`` ``chapter.level: chi hội`` with its ``unit``) that lists or
scores another unit is refused, each unit located (units.yaml line, score file cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.content.load import Content
from docgen.content.source import load_yaml, source_ref
from docgen.content.units import Unit
from docgen.errors import ProblemList
from docgen.i18n import tr


@dataclass(frozen=True)
class Remit:
    """A Chi hội's own unit and its name, as the scoring files must keep to."""

    unit: str
    issuer: str

    def outside(self, unit: str) -> str:
        return tr(
            "đơn vị '{u}' ngoài phạm vi của {i}: Chi hội chỉ tự chấm điểm cho chính Chi hội "
            "(đơn vị '{o}'); các chi hội khác do Hội Khuyến học cấp trên chấm điểm",
            "unit '{u}' is outside the remit of {i}: a Chi hội scores only itself (unit "
            "'{o}'); other Chi hội are scored by the association above",
            u=unit,
            i=self.issuer,
            o=self.unit,
        )


def is_chi_hoi(content: Content) -> bool:
    """The set is a Chi hội's: it issues no evaluation sheet, summary or results notice."""
    chapter = content.org.chapter
    return chapter is not None and chapter.level == "chi hội"


def remit_of(content: Content) -> Remit | None:
    chapter = content.org.chapter
    if chapter is None or chapter.level != "chi hội" or chapter.unit is None:
        return None
    return Remit(chapter.unit, chapter.name)


def check_units(
    content: Content, path: Path, units: list[Unit], remit: Remit, out: ProblemList
) -> None:
    """Each unit of units.yaml other than the Chi hội's own, located by its line; or, when
    units.yaml does not list the Chi hội's own unit at all, ``chapter.unit`` in org.yaml."""
    if all(u.id != remit.unit for u in units):
        org = content.root / "org.yaml"
        out.add(
            source_ref(org, load_yaml(org), ("chapter", "unit")),
            tr(
                "Chi hội chấm điểm cần 'unit': mã của Chi hội trong units.yaml (nhận được "
                "{u!r}; units.yaml có: {ids})",
                "the Chi hội needs 'unit': its id in units.yaml (found {u!r}; units.yaml has: "
                "{ids})",
                u=remit.unit,
                ids=", ".join(u.id for u in units),
            ),
        )
        return
    data = None
    for i, u in enumerate(units):
        if u.id == remit.unit:
            continue
        if data is None:
            data = load_yaml(path)
        out.add(source_ref(path, data, ("units", i, "id")), remit.outside(u.id))


def check_scorer(content: Content, scorer: str | None, out: ProblemList) -> None:
    """A Hội's set (``level: hội``) scores the Chi hội under it: the scoring issuer named in
    scoring.yaml (``issuer.name``) is that Hội, located when it is another body."""
    chapter = content.org.chapter
    if chapter is None or chapter.level != "hội" or scorer is None or scorer == chapter.name:
        return
    path = content.year_dir / "scoring.yaml"
    out.add(
        source_ref(path, load_yaml(path), ("issuer", "name")),
        tr(
            "cơ quan chấm điểm '{s}' khác {h} (org.yaml chapter): Hội chấm điểm các Chi hội "
            "trực thuộc mình, đứng tên trên phiếu chấm điểm và thông báo kết quả",
            "the scoring body '{s}' is not {h} (org.yaml chapter): a Hội scores the Chi hội "
            "under it, under its own name on the sheets and the results notice",
            s=scorer,
            h=chapter.name,
        ),
    )
