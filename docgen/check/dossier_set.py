"""A built commendation dossier agrees with itself: the counts the tờ trình states, the rows of
the danh sách, the biên bản's conclusion and the báo cáo thành tích attached are the same.

``docgen build`` runs this over the dossier folder it has just written; every document is
produced from one data source, so a disagreement is a fault of docgen or of a template edited in
Word, and nothing is published. A disagreement is an error :class:`~docgen.errors.Problem`
located at the dossier folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

from docgen.errors import Problem, SourceRef
from docgen.i18n import tr

COUNTS = re.compile(r"(?:(\d+) tập thể)?(?: và )?(?:(\d+) cá nhân)?")


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return " ".join(" ".join(parts).split())


def _total(text: str, before: str) -> int | None:
    """The count "02 tập thể và 04 cá nhân" right after ``before``, as one number."""
    i = text.find(before)
    if i < 0:
        return None
    m = COUNTS.match(text, i + len(before))
    if m is None or not (m.group(1) or m.group(2)):
        return None
    return int(m.group(1) or 0) + int(m.group(2) or 0)


def _conclusion(text: str) -> str:
    """The biên bản from its conclusion on ("Hội đồng thống nhất đề nghị … khen thưởng …")."""
    i = text.find("thống nhất đề nghị")
    return text[i:] if i >= 0 else ""


def _rows(path: Path) -> int:
    """Body rows of the danh sách's tables (header row "TT" left out)."""
    n = 0
    for t in Document(str(path)).tables:
        if t.rows and t.rows[0].cells[0].text.strip() == "TT":
            n += len(t.rows) - 1
    return n


def check_dossier(folder: Path, shown: Path | str | None = None) -> list[Problem]:
    """Every disagreement between the documents of one built dossier folder (located at
    ``shown``, the folder's name followed by "/" by default)."""
    totrinh, danhsach, bienban = (
        folder / f for f in ("01-to-trinh.docx", "02-danh-sach.docx", "03-bien-ban.docx")
    )
    if not totrinh.is_file():
        return []
    reports = sorted(folder.glob("04-bao-cao-*.docx"))
    tt = _text(totrinh)
    stated = {
        tr("số đề nghị trong tờ trình", "count proposed in the tờ trình"): _total(tt, "cho "),
        tr("số báo cáo kèm theo tờ trình", "reports attached per the tờ trình"): (
            int(m.group(1)) if (m := re.search(r"và (\d+) báo cáo thành tích", tt)) else None
        ),
    }
    if danhsach.is_file():
        stated[tr("số dòng của danh sách", "rows of the danh sách")] = _rows(danhsach)
        stated[tr("tổng cộng của danh sách", "total of the danh sách")] = _total(
            _text(danhsach), "Tổng cộng: "
        )
    if bienban.is_file():
        stated[tr("số đề nghị trong kết luận biên bản", "count in the biên bản's conclusion")] = (
            _total(_conclusion(_text(bienban)), "khen thưởng ")
        )
    stated[tr("số báo cáo thành tích", "achievement reports")] = len(reports)
    values = {v for v in stated.values() if v is not None}
    if len(values) <= 1 and None not in stated.values():
        return []
    detail = "; ".join(f"{k}: {'?' if v is None else v}" for k, v in stated.items())
    return [
        Problem(
            SourceRef(f"{folder.name}/" if shown is None else shown),
            tr(
                "hồ sơ không thống nhất về số ứng viên được đề nghị ({d})",
                "the dossier disagrees on the number of candidates proposed ({d})",
                d=detail,
            ),
        )
    ]
