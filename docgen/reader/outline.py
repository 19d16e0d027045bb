"""Any .docx or PDF -> ``DocOutline``: text blocks in document order with locations, plus layout.

The outline is all the checker rules see; the readers (``docx_reader``, ``pdf_reader``) are the
only modules that open files. A file that cannot be read raises ``Unreadable`` with a message
that says what to do, which the engine turns into a VB901 finding (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class Unreadable(Exception):
    """The file cannot be opened as a .docx or PDF; ``args[0]`` is a (vi, en) message pair."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__((vi, en))
        self.vi, self.en = vi, en


@dataclass(frozen=True)
class RunFacts:
    """Effective formatting of one run of text (after style and docDefaults inheritance)."""

    chars: int
    fonts: tuple[str | None, ...]  # resolved (ascii, hAnsi) fonts; None = not set anywhere
    all_fonts: tuple[str, ...]  # every font named in any slot (ascii, hAnsi, cs, eastAsia)
    size_pt: float | None
    bold: bool
    italic: bool = False
    caps: bool = False  # w:caps: shown in capitals whatever the typed case
    start: int = 0  # offset of the run's first visible character in ``Block.text``


@dataclass(frozen=True)
class Block:
    """One paragraph (docx) or line (PDF) of text.

    ``where``: "body", "cell", "textbox", "header", "footer" or "page" (PDF).
    ``location``: what a user sees in a finding: ``¶12``, ``T1R3C2``, ``header``, ``2:14``.
    ``table``/``row``/``col``: 1-based position for table cells, else 0.
    """

    index: int
    where: str
    location: str
    text: str
    style: str = ""
    table: int = 0
    row: int = 0
    col: int = 0
    runs: tuple[RunFacts, ...] = ()
    align: str | None = None

    @property
    def in_table(self) -> bool:
        return self.table > 0

    def size_pt(self) -> float | None:
        """The size of most of the paragraph's characters."""
        weights: dict[float, int] = {}
        for r in self.runs:
            if r.size_pt is not None:
                weights[r.size_pt] = weights.get(r.size_pt, 0) + r.chars
        return max(weights, key=lambda k: weights[k]) if weights else None


@dataclass(frozen=True)
class PageSetup:
    """One .docx section (page size and margins in mm) with its page-number facts."""

    width_mm: float
    height_mm: float
    margins_mm: dict[str, float]
    title_pg: bool  # different first page (no number on page 1)
    page_field_default: str | None  # "header"/"footer" holding a PAGE field in the default part
    page_field_first: bool  # the first-page header/footer shows a PAGE field
    page_field_align: str | None = None
    page_field_size_pt: float | None = None


@dataclass(frozen=True)
class PdfFont:
    name: str
    embedded: bool
    page: int


@dataclass(frozen=True)
class DocOutline:
    path: Path
    source: str  # "docx" | "pdf"
    blocks: tuple[Block, ...]
    sections: tuple[PageSetup, ...] = ()
    tables: int = 0
    pdf_pages: tuple[tuple[float, float], ...] = ()  # (width, height) mm per page
    pdf_fonts: tuple[PdfFont, ...] = ()
