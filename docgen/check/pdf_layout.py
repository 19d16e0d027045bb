"""Layout faults only a rendered page shows, read from a PDF's text positions (poppler's
``pdftotext -bbox-layout``): a place-and-date line that wraps or runs into the right margin,
and a "Nơi nhận:" label left alone at the foot of a page, its items on the next.

``docgen build`` runs this over the PDFs it made and reports each fault as a warning
(:class:`~docgen.errors.Problem`) located like the checker's PDF findings: file and
``page:line``. Without pdftotext nothing is checked (``lines`` returns None).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.errors import Problem, SourceRef
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


def fault(path: Path | str, page: Page, line: Line, message: str) -> Problem:
    """A layout warning at ``line`` of ``page``, placed as ``page:line`` (1-based)."""
    place = f"{page.number}:{page.lines.index(line) + 1}"
    return Problem(SourceRef(path, place=place), message, "warning", excerpt=line.text[:120])


def bbox_xml(pdf: Path) -> Any | None:
    """poppler's ``pdftotext -bbox-layout`` of ``pdf`` as an XHTML tree (pages, flows, blocks,
    lines, words with their boxes), or None when pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    from docgen.reader.pdf import _limit_pdftotext

    xml = subprocess.run(
        [exe, "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
        preexec_fn=_limit_pdftotext,  # noqa: PLW1509 - only setrlimit
    ).stdout
    # pdftotext's XHTML declares its DTD: read it without entities, network or huge trees
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(xml, parser=parser)


def lines(pdf: Path) -> list[Page] | None:
    """Every text line of every page with its box (points, origin top left)."""
    root = bbox_xml(pdf)
    return None if root is None else pages_of(root)


def pages_of(root: Any) -> list[Page]:
    """The lines of each page of a ``bbox_xml`` tree."""
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


def date_faults(pages: list[Page], path: Path | str = "") -> list[Problem]:
    """The place-and-date line (first page) is one line and ends inside the right margin."""
    out = []
    for page in pages[:1]:
        limit = page.width - RIGHT_MARGIN_PT + TOLERANCE_PT
        for line in page.lines:
            if not PLACE_DATE.match(line.text):
                continue
            if not FULL_DATE.search(line.text):
                out.append(
                    fault(
                        path,
                        page,
                        line,
                        tr(
                            "dòng địa danh, ngày tháng bị xuống dòng: {t!r}",
                            "the place-and-date line wraps: {t!r}",
                            t=line.text,
                        ),
                    )
                )
            elif line.x1 > limit:
                out.append(
                    fault(
                        path,
                        page,
                        line,
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


def recipient_faults(pages: list[Page], path: Path | str = "") -> list[Problem]:
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
                    fault(
                        path,
                        page,
                        label,
                        tr(
                            "nhãn 'Nơi nhận:' ở cuối trang, các nơi nhận sang trang sau",
                            "the 'Nơi nhận:' label ends the page; its items are on the next",
                        ),
                    )
                )
    return out


def check_pdf(pdf: Path, shown: Path | str | None = None) -> list[Problem] | None:
    """Every layout fault of one PDF (warnings located in ``shown``, the PDF's own path by
    default), or None when pdftotext is not installed."""
    pages = lines(pdf)
    if pages is None:
        return None
    where = pdf if shown is None else shown
    return date_faults(pages, where) + recipient_faults(pages, where)
