"""The plan template (Mẫu 1.4, KẾ HOẠCH): ``templates_docx/ke-hoach.docx``."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from scaffold import (
    CENTER,
    each_line,
    header_block,
    new_document,
    para,
    signature_block,
    tag,
    title_block,
)


def build() -> DocxDocument:
    doc = new_document()
    # docgen build --draft: "DỰ THẢO" in a small box above the header.
    tag(doc, "if draft")
    draft_mark(para(doc, "DỰ THẢO", "VB Body", bold=True))
    tag(doc, "endif")
    header_block(doc)
    title_block(doc, "KẾ HOẠCH")
    each_line(doc, "preamble", "VB Body", var="p")
    tag(doc, "for s in sections")
    para(doc, "{{ s.numeral }}. {{ s.title|upper }}", "VB Heading 1")
    each_line(doc, "s.body", "VB Body", var="p")
    tag(doc, "for c in s.criteria")
    para(doc, "Nội dung {{ c.number }}: {{ c.title }} ({{ c.points }} điểm)", "VB Heading 2")
    each_line(doc, "c.body", "VB Body", var="p")
    tag(doc, "endfor")
    tag(doc, "for sub in s.subsections")
    para(doc, "{{ sub.number }}. {{ sub.title }}", "VB Heading 2")
    each_line(doc, "sub.body", "VB Body", var="p")
    tag(doc, "endfor")
    tag(doc, "endfor")
    para(doc, "{{ closing }}", "VB Body")
    signature_block(doc)
    return doc


def draft_mark(p: Paragraph) -> Paragraph:
    """A small box at the left margin, text centred in it: the "DỰ THẢO" mark of a draft."""
    fmt = p.paragraph_format
    p.alignment = CENTER
    fmt.first_line_indent = Pt(0)
    fmt.right_indent = Cm(13.0)
    fmt.space_after = Pt(6)
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            el.set(qn(k), v)
        bdr.append(el)
    p._p.get_or_add_pPr().insert_element_before(
        bdr, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    return p
