"""Where a year's scores live: scores.xlsx or scores.csv (and self-scores), never both."""

from __future__ import annotations

from pathlib import Path

from docgen.errors import ContentError
from docgen.i18n import tr

SCORES = "scores"
SELF_SCORES = "self-scores"


def find_score_file(year_dir: Path, stem: str = SCORES) -> Path | None:
    found = [p for p in (year_dir / f"{stem}.xlsx", year_dir / f"{stem}.csv") if p.is_file()]
    if len(found) > 1:
        raise ContentError(
            tr(
                "Có cả {a} và {b}: hãy giữ một tệp điểm",
                "Both {a} and {b} exist: keep one score file",
                a=found[0],
                b=found[1],
            )
        )
    return found[0] if found else None
