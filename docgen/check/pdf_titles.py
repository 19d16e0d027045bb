"""Titles that leave a lone last word, and numbers cut from their label, on a built PDF.

- A title paragraph (tên loại, trích yếu, signature titles: the render stage's title styles)
  that wraps must not leave one word alone on its last line.
- A line must not start with the number of "Nội dung N", "Điều N", "Khoản N", "ngày N" left at
  the end of the line before.

Read from the .docx (which paragraphs are titles) and poppler's ``pdftotext -bbox-layout``
(the PDF's lines, via :func:`docgen.check.pdf_layout.lines`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.check.cell_breaks import PdfLine, below, breaks, docx_cells, pieces_of
from docgen.check.pdf_layout import (
    Page,
    bbox_xml,
    date_faults,
    fault,
    pages_of,
    recipient_faults,
)
from docgen.errors import Problem, SourceRef
from docgen.i18n import tr
from docgen.reader.read import check_docx
from docgen.render.typeset import TITLE_STYLES

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a label whose number must stay on its line: the label ends a line, the number starts the next
LABEL_END = re.compile(r"^(?:dung|Điều|Khoản|Mục|Chương|lục|ngày|tháng|năm|Quận|số)$", re.I)
MAX_INDENT_PT = 80  # a first-line indent (1.27 cm) and centring keep within this
NUMBER_START = re.compile(r"^(?:\d|[IVXLC]+\b)")


def title_texts(docx: Path) -> list[str]:
    """The text of every title paragraph of ``docx``, spaces folded."""
    check_docx(docx)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"), parser=parser)
    out = []
    for p in root.iter(f"{_W}p"):
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is None or style.get(f"{_W}val") not in TITLE_STYLES:
            continue
        own = [t for t in p.iter(f"{_W}t") if next(t.iterancestors(f"{_W}p"), None) is p]
        text = " ".join("".join(t.text or "" for t in own).split())
        if len(text.split()) >= 3:
            out.append(text)
    return out


def lone_words(titles: list[str], pages: list[Page], path: Path | str = "") -> list[Problem]:
    """Title paragraphs that wrap onto two or more lines with one word on the last."""
    out = []
    wanted = set(titles)
    for page in pages:
        texts = [" ".join(ln.text.split()) for ln in page.lines]
        for i in range(len(texts)):
            joined = texts[i]
            for j in range(i + 1, min(i + 6, len(texts))):
                joined = f"{joined} {texts[j]}"
                if joined in wanted and len(texts[j].split()) == 1:
                    out.append(
                        fault(
                            path,
                            page,
                            page.lines[j],
                            tr(
                                "tiêu đề '{t}' để một chữ '{w}' một mình ở dòng cuối",
                                "the title '{t}' leaves the word '{w}' alone on its last line",
                                t=joined,
                                w=texts[j],
                            ),
                        )
                    )
    return out


def cut_numbers(pages: list[list[PdfLine]], path: Path | str = "") -> list[Problem]:
    """Lines that start with the number of a label left at the end of the line above (in the
    same column: pieces of line, see :func:`docgen.check.cell_breaks.pdf_lines`)."""
    out = []
    for page in pages:
        for above in page:
            line = below(above, page)
            if line is None or abs(line.x0 - above.x0) > MAX_INDENT_PT:
                continue
            if LABEL_END.search(above.words[-1]) and NUMBER_START.match(line.words[0]):
                out.append(
                    Problem(
                        SourceRef(path, place=f"{line.page}"),
                        tr(
                            "số '{n}' bị tách khỏi '{l}' ở dòng trên",
                            "the number '{n}' is cut from '{l}' on the line above",
                            n=line.words[0],
                            l=above.words[-1],
                        ),
                        "warning",
                        excerpt=" ".join((*above.words, *line.words))[:120],
                    )
                )
    return out


def check(docx: Path, pdf: Path, shown: Path | str | None = None) -> list[Problem] | None:
    """Lone last words of titles and cut label numbers in one built document, or None without
    pdftotext."""
    root = bbox_xml(pdf)
    if root is None:
        return None
    where = pdf if shown is None else shown
    return lone_words(title_texts(docx), pages_of(root), where) + cut_numbers(
        pieces_of(root), where
    )


def built_faults(docx: Path, pdf: Path, shown: Path | str) -> list[Problem] | None:
    """Every fault ``docgen build`` looks for on one of its PDFs, from ONE reading of the PDF:
    a wrapped date line, an orphaned "Nơi nhận:", a title's lone last word, a number cut from
    its label, a word or short value broken in a table cell. None without pdftotext."""
    root = bbox_xml(pdf)
    if root is None:
        return None
    pages, pieces = pages_of(root), pieces_of(root)
    return (
        date_faults(pages, shown)
        + recipient_faults(pages, shown)
        + lone_words(title_texts(docx), pages, shown)
        + cut_numbers(pieces, shown)
        + breaks(docx_cells(docx), pieces, shown)
    )
