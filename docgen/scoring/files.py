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
                "Có cả {a} và {b}: docgen chỉ đọc một tệp điểm mỗi năm. Nếu {a} đã có đủ điểm, "
                "đổi tên {c} thành {d} (docgen không đọc tệp đó); nếu không, chạy docgen form "
                "--year {y}{s}: biểu mẫu mới gộp điểm của hai tệp (điểm trong .xlsx được ưu "
                "tiên) và đổi tên hai tệp cũ",
                "Both {a} and {b} exist: docgen reads one score file per year. If {a} holds every "
                "score, rename {c} to {d} (docgen does not read it); if not, run docgen form "
                "--year {y}{s}: the new form merges the scores of both files (the .xlsx wins) and "
                "renames both old files",
                a=found[0],
                b=found[1],
                c=found[1].name,
                d=f"{stem}-cu.csv",
                y=year_dir.name,
                s=" --self" if stem == SELF_SCORES else "",
            )
        )
    return found[0] if found else None
