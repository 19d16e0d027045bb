"""The plan template (Mẫu 1.4, KẾ HOẠCH): ``templates_docx/ke-hoach.docx``."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from docgen.scaffold import (
    each_line, header_block, new_document, para, signature_block, tag, title_block,
)


def build() -> DocxDocument:
    doc = new_document()
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
