"""Decree 30 building blocks for authoring the Word templates in ``templates_docx/``.

The committed .docx templates are the source of truth: a secretary edits them in Word. These
builders only create them the first time (``python -m scaffold``), so that every template
starts from the same page set-up, styles, header table, signature table and page numbering.

Every Jinja tag is written into a single run, so docxtpl sees it whole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
# Decree 30, PL I: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
CENTER, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)

Container = DocxDocument | _Cell


HEADER_LEFT_CM, HEADER_RIGHT_CM = 7.4, 10.6


def text_width_cm(landscape: bool = False) -> float:
    page = 297 if landscape else 210
    return (page - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10


def _fix_fonts(doc: DocxDocument) -> None:
    """Times New Roman in every font slot of every style, and no theme font overriding it."""
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in list(rfonts.attrib):
            if attr.endswith("Theme}") or "Theme" in attr:
                del rfonts.attrib[attr]
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(slot), FONT)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag, val in (("w:sz", "28"), ("w:szCs", "28")):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), val)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")


def _style(
    doc: DocxDocument,
    name: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    indent: float = 0,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    keep_next: bool = False,
) -> None:
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.quick_style = True
    st.font.name, st.font.size, st.font.bold, st.font.italic = FONT, Pt(size), bold, italic
    pf = st.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Cm(indent) if indent else None
    pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(after), line
    pf.keep_with_next = keep_next
    pf.widow_control = True


def _mm(mm: float) -> Twips:
    return Twips(math.ceil(mm * 1440 / 25.4))


def new_document(landscape: bool = False) -> DocxDocument:
    """An empty A4 document with the Decree 30 page set-up, fonts, styles and page numbers."""
    doc = Document()
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    # Twips rounded up, so a margin never falls a hair below the Decree's minimum.
    sec.top_margin, sec.bottom_margin = _mm(MARGINS_MM["top"]), _mm(MARGINS_MM["bottom"])
    sec.left_margin, sec.right_margin = _mm(MARGINS_MM["left"]), _mm(MARGINS_MM["right"])
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    _fix_fonts(doc)

    # Body: justified, first-line indent 1.27 cm, >= 6 pt between paragraphs (PL I, mục II.6).
    _style(doc, "VB Body", indent=1.27, after=6, line=1.15)
    # Headings are set flush left, never justified: a short bold line must not stretch.
    _style(
        doc,
        "VB Heading 1",
        bold=True,
        indent=1.27,
        before=6,
        after=6,
        line=1.15,
        keep_next=True,
        align=LEFT,
    )
    _style(
        doc, "VB Heading 2", bold=True, indent=1.27, after=6, line=1.15, keep_next=True, align=LEFT
    )
    _style(doc, "VB Header", size=12, align=CENTER)
    _style(doc, "VB Header Bold", size=12, bold=True, align=CENTER)
    _style(doc, "VB Number", size=13, align=CENTER)
    _style(doc, "VB National", size=12, bold=True, align=CENTER)
    _style(doc, "VB Motto", size=13, bold=True, align=CENTER)
    _style(doc, "VB Place Date", size=13, italic=True, align=CENTER)
    _style(doc, "VB Doc Type", bold=True, align=CENTER, before=18, keep_next=True)
    _style(doc, "VB Subject", bold=True, align=CENTER, keep_next=True)
    _style(doc, "VB Recipients Label", size=12, bold=True, italic=True, align=LEFT)
    _style(doc, "VB Recipients", size=11, align=LEFT)
    _style(doc, "VB Signer", bold=True, align=CENTER)
    _style(doc, "VB Signer Note", italic=True, align=CENTER, size=13)
    _style(doc, "VB Table", size=12, align=LEFT)
    _style(doc, "VB Table Head", size=12, bold=True, align=CENTER)
    _style(doc, "VB Rule", size=3, align=CENTER)
    _style(doc, "VB Mark", size=12, bold=True, align=CENTER)

    _page_numbers(doc)
    doc.core_properties.author = "docgen"
    doc.core_properties.title = ""
    doc.core_properties.last_modified_by = "docgen"
    doc.core_properties.revision = 1
    doc.core_properties.created = dt.datetime(2024, 1, 1)
    doc.core_properties.modified = dt.datetime(2024, 1, 1)
    # python-docx's blank document starts with one empty paragraph; templates start clean.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def _page_numbers(doc: DocxDocument) -> None:
    """Page number centred in the top margin, from page 2 on (PL I, mục I.5)."""
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    sec.first_page_header.paragraphs[0].text = ""
    p = sec.header.paragraphs[0]
    p.alignment = CENTER
    p.style = doc.styles["VB Header"]
    run = p.add_run()
    run.font.size = Pt(14)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def illustrative_mark(doc: DocxDocument) -> DocxDocument:
    """ "DỮ LIỆU MINH HỌA" at the foot of every page of illustrative content
    (``illustrative_mark`` is empty otherwise, leaving an empty footer line)."""
    sec = doc.sections[0]
    for footer in (sec.first_page_footer, sec.footer):
        p = footer.paragraphs[0]
        p.style = doc.styles["VB Mark"]
        run = p.add_run("{{ illustrative_mark }}")
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    return doc


def para(
    container: Container,
    text: str = "",
    style: str = "VB Body",
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
) -> Paragraph:
    """A paragraph holding ``text`` in one run (Jinja tags stay whole)."""
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    return p


def tag(container: Container, statement: str) -> Paragraph:
    """A docxtpl paragraph tag (``{%p for … %}``): the whole paragraph disappears on render."""
    return para(container, "{%p " + statement + " %}", "VB Body")


def each_line(container: Container, expr: str, style: str, var: str = "line") -> None:
    """One paragraph per item of the list ``expr``."""
    tag(container, f"for {var} in {expr}")
    para(container, "{{ " + var + " }}", style)
    tag(container, "endfor")


def rule(container: Container, width_cm: float, box_cm: float) -> Paragraph:
    """A short solid line centred in a box ``box_cm`` wide: an empty paragraph with a bottom border.

    In Word, the line's length is the paragraph's left and right indents.
    """
    p = para(container, "", "VB Rule")
    side = max((box_cm - width_cm) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    return p


def table(container: Container, rows: int, widths_cm: Iterable[float]) -> Table:
    widths = list(widths_cm)
    t = container.add_table(rows=rows, cols=len(widths))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for row in t.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Cm(w)
    grid = t._tbl.tblGrid
    for col, w in zip(grid.iterchildren(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(w * 567)))
    tblw = t._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths) * 567)))
    mar = OxmlElement("w:tblCellMar")  # narrow cell margins: 0.1 cm left and right
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    t._tbl.tblPr.append(mar)
    for row in t.rows:
        for cell in row.cells:  # a new cell holds one empty paragraph; builders add their own
            cell._tc.remove(cell.paragraphs[0]._p)
    return t


def borders(t: Table) -> None:
    """Single black borders on every cell (for data tables)."""
    tblpr = t._tbl.tblPr
    bdr = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        bdr.append(el)
    tblpr.append(bdr)


def repeat_header(row) -> None:  # noqa: ANN001 - docx.table._Row
    """Repeat this table row at the top of every page (Word: 'Repeat as header row')."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def header_block(doc: DocxDocument, *, with_date: bool = True, landscape: bool = False) -> Table:
    """The two-column header (ô 1-4): issuing body and Số | Quốc hiệu, Tiêu ngữ and date.

    Context: ``parent_body`` and ``issuing_body`` (lists of lines), ``so_ky_hieu``, ``place_date``.
    """
    # The right column is wide enough for the longest place-and-date line ("Thành phố Hồ Chí
    # Minh, ngày 28 tháng 12 năm 2025", 13 pt italic) and ends at the right margin; the left
    # column, wide enough for "TRƯỜNG THPT NGUYỄN KHUYẾN", reaches into the wide left margin.
    right = HEADER_RIGHT_CM if not landscape else 13.0
    left = HEADER_LEFT_CM if not landscape else 11.0
    t = table(doc, 2, (left, right))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int((text_width_cm(landscape) - left - right) * 567)))
    ind.set(qn("w:type"), "dxa")
    t._tbl.tblPr.insert_element_before(
        ind, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )
    (a, b), (c, d) = t.rows[0].cells, t.rows[1].cells
    each_line(a, "parent_body", "VB Header")
    each_line(a, "issuing_body", "VB Header Bold")
    # the short rules keep their distance from "Số:" and the date below them
    rule(a, 2.4, left).paragraph_format.space_after = Pt(6)
    para(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB National")
    para(b, "Độc lập - Tự do - Hạnh phúc", "VB Motto")
    rule(b, 6.0, right).paragraph_format.space_after = Pt(6)
    para(c, "{{ so_ky_hieu }}", "VB Number")
    # without a date (a biên bản) the cell still holds an empty line, so "Số:" stays under
    # the issuing body instead of floating to the middle of the page
    para(d, "{{ place_date }}" if with_date else "", "VB Place Date")
    return t


def title_block(doc: DocxDocument, type_name: str, subject_expr: str = "title_lines") -> None:
    """TÊN LOẠI and trích yếu, centred and bold, with a short rule below (ô 5a)."""
    para(doc, type_name, "VB Doc Type")
    each_line(doc, subject_expr, "VB Subject")
    rule(doc, 3.0, text_width_cm()).paragraph_format.space_after = Pt(6)


def signature_block(doc: DocxDocument, *, landscape: bool = False) -> Table:
    """Nơi nhận (ô 9b) on the left; quyền hạn, chức vụ, chữ ký, họ tên (ô 7a-7c) on the right.

    Context: ``recipients`` (items with their punctuation), ``signer.authority``,
    ``signer.title``, ``signer.name``.
    """
    total = text_width_cm(landscape)
    left = 7.0 if not landscape else 12.0
    para(doc, "", "VB Body")  # breathing space before the signature block
    t = table(doc, 1, (left, total - left))
    keep_rows(t)  # "Nơi nhận:" stays on the page of its items and of the signature
    a, b = t.rows[0].cells
    para(a, "Nơi nhận:", "VB Recipients Label")
    each_line(a, "recipients", "VB Recipients", var="r")
    tag(b, "if signer.authority")
    p = para(b, "{{ signer.authority }}", "VB Signer")
    p.paragraph_format.space_before = Pt(6)
    tag(b, "endif")
    p = para(b, "{{ signer.title }}", "VB Signer")
    for _ in range(4):
        para(b, "", "VB Signer")
    para(b, "{{ signer.name }}", "VB Signer")
    return t


def keep_rows(t: Table) -> None:
    """No table row breaks across pages (a vote row, a signature block)."""
    for row in t.rows:
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        trpr.append(el)


def save(doc: DocxDocument, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
