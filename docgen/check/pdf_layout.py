"""Layout faults only a rendered page shows, read from a PDF's text positions (poppler's
``pdftotext -bbox-layout``): a place-and-date line that wraps or runs into the right margin,
and a "Nơi nhận:" label left alone at the foot of a page, its items on the next.

``docgen build`` runs this over the PDFs it made and reports each fault with the file and page.
Without pdftotext nothing is checked (``lines`` returns None).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from docgen.i18n import tr

RIGHT_MARGIN_PT = 15 / 25.4 * 72  # Decree 30: right margin 15-20 mm
TOLERANCE_PT = 1.0
_NS = "{http://www.w3.org/1999/xhtml}"
# "Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2025": a place, a comma, a date being filled in
PLACE_DATE = re.compile(r"^[^,]{2,80}, ngày\s+\d")
FULL_DATE = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
LABEL = "Nơi nhận:"


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Fault:
    page: int
    message: str


def lines(pdf: Path) -> list[Page] | None:
    """Every text line of every page with its box (points, origin top left)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    xml = subprocess.run(
        [exe, "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = ET.fromstring(xml)
    pages = []
    for n, page in enumerate(root.iter(f"{_NS}page"), start=1):
        found = []
        for line in page.iter(f"{_NS}line"):
            words = [w.text or "" for w in line.iter(f"{_NS}word")]
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append(Line(" ".join(words), *box))
        pages.append(
            Page(n, float(page.get("width", "0")), float(page.get("height", "0")), tuple(found))
        )
    return pages


def date_faults(pages: list[Page]) -> list[Fault]:
    """The place-and-date line (first page) is one line and ends inside the right margin."""
    out = []
    for page in pages[:1]:
        limit = page.width - RIGHT_MARGIN_PT + TOLERANCE_PT
        for line in page.lines:
            if not PLACE_DATE.match(line.text):
                continue
            if not FULL_DATE.search(line.text):
                out.append(
                    Fault(
                        page.number,
                        tr(
                            "dòng địa danh, ngày tháng bị xuống dòng: {t!r}",
                            "the place-and-date line wraps: {t!r}",
                            t=line.text,
                        ),
                    )
                )
            elif line.x1 > limit:
                out.append(
                    Fault(
                        page.number,
                        tr(
                            "dòng địa danh, ngày tháng lấn lề phải ({x:.0f} > {m:.0f} pt)",
                            "the place-and-date line runs into the right margin "
                            "({x:.0f} > {m:.0f} pt)",
                            x=line.x1,
                            m=limit,
                        ),
                    )
                )
    return out


def recipient_faults(pages: list[Page]) -> list[Fault]:
    """ "Nơi nhận:" has its first item below it on the same page."""
    out = []
    for page in pages:
        for label in (ln for ln in page.lines if ln.text.startswith(LABEL)):
            items = [
                ln
                for ln in page.lines
                if ln.text.startswith(("-", "–"))
                and ln.y0 >= label.y1 - TOLERANCE_PT
                and abs(ln.x0 - label.x0) < 30
            ]
            if not items and label.text.strip() == LABEL:
                out.append(
                    Fault(
                        page.number,
                        tr(
                            "nhãn 'Nơi nhận:' ở cuối trang, các nơi nhận sang trang sau",
                            "the 'Nơi nhận:' label ends the page; its items are on the next",
                        ),
                    )
                )
    return out


def check_pdf(pdf: Path) -> list[Fault] | None:
    """Every layout fault of one PDF, or None when pdftotext is not installed."""
    pages = lines(pdf)
    if pages is None:
        return None
    return date_faults(pages) + recipient_faults(pages)
