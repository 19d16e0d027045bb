"""A Word document as a stream of paragraphs: body paragraphs and tables (read column by
column), each paragraph numbered from 1 in document order, with its text (NFC), boldness and
centring as Word shows them (direct formatting, else the style chain)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr
from docgen.reader.outline import Unreadable
from docgen.reader.read import check_docx
from docgen.vi.text import nfc


@dataclass(frozen=True)
class Para:
    n: int  # paragraph number in the document, from 1
    text: str
    bold: bool = False
    centered: bool = False


@dataclass
class Table:
    columns: list[list[Para]]

    @property
    def text(self) -> str:
        return "\n".join(p.text for col in self.columns for p in col)


def _bold(p: Paragraph) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    if not runs:
        return False

    def style_bold() -> bool:
        st = p.style
        while st is not None:
            if st.font.bold is not None:
                return bool(st.font.bold)
            st = st.base_style
        return False

    return all(r.bold or (r.bold is None and style_bold()) for r in runs)


def _centered(p: Paragraph) -> bool:
    align = p.paragraph_format.alignment
    st = p.style
    while align is None and st is not None:
        align, st = st.paragraph_format.alignment, st.base_style
    return align == WD_ALIGN_PARAGRAPH.CENTER


def read_blocks(path: Path) -> list[Para | Table]:
    """The document as paragraphs and tables (columns of paragraphs), in order."""
    try:
        if (path.exists() and not path.is_file()) or zipfile.is_zipfile(path):
            check_docx(path)  # the limits and messages of `docgen check`, before python-docx
    except Unreadable as exc:
        raise ContentError(
            tr("Không đọc được {p}", "Cannot read {p}", p=path),
            [Problem(SourceRef(path), tr(exc.vi, exc.en))],
        ) from None
    try:
        doc = Document(io.BytesIO(path.read_bytes()))
    except FileNotFoundError:
        raise ContentError(tr("Không tìm thấy tệp {p}", "File not found: {p}", p=path)) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise ContentError(
            tr(
                "{p} không phải tệp Word .docx (Word 2007 trở lên); tệp .doc cũ: mở bằng Word hoặc "
                "LibreOffice rồi lưu thành .docx",
                "{p} is not a Word .docx file (Word 2007 or "
                "later); save an old .doc as .docx in Word or LibreOffice first",
                p=path,
            )
        ) from None
    counter = iter(range(1, 1 << 30))
    blocks: list[Para | Table] = []

    def para(p: Paragraph) -> Para:
        return Para(next(counter), nfc(p.text).strip(), _bold(p), _centered(p))

    for block in doc.iter_inner_content():
        if isinstance(block, DocxTable):
            columns: list[list[Para]] = [[] for _ in block.columns]
            seen: set[Any] = set()  # merged cells repeat; the set keeps their elements alive
            for row in block.rows:
                for i, cell in enumerate(row.cells):
                    if cell._tc in seen or i >= len(columns):
                        continue
                    seen.add(cell._tc)
                    columns[i] += [para(p) for p in cell.paragraphs]
            blocks.append(Table(columns))
        else:
            blocks.append(para(block))
    return blocks


def lines(p: Para) -> list[Para]:
    """A paragraph with manual line breaks as one Para per line."""
    return [Para(p.n, t.strip(), p.bold, p.centered) for t in p.text.split("\n") if t.strip()]
