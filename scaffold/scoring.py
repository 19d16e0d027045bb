"""Templates of the scoring stage: the per-unit evaluation sheet (Phiếu chấm điểm thi đua,
A4 portrait) and the ranked summary (Bảng tổng hợp kết quả chấm điểm thi đua, A4 landscape).

Tables repeat their header row on every page; their rows come from data (``{%tr for %}``).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.table import Table, _Cell

from scaffold import (
    CENTER,
    borders,
    each_line,
    header_block,
    new_document,
    para,
    repeat_header,
    rule,
    signature_block,
    table,
    tag,
    text_width_cm,
    title_block,
)
from scaffold.plan import draft_mark


def _cell(c: _Cell, text: str, style: str = "VB Table", align=None) -> None:  # noqa: ANN001
    p = para(c, text, style)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)


def _loop_rows(t: Table, first: int, loop: str, cells: list[tuple[str, object]]) -> None:
    """Rows ``first`` (``{%tr for … %}``), ``first+1`` (the data) and ``first+2`` (endfor)."""
    _cell(t.rows[first].cells[0], "{%tr " + loop + " %}")
    for c in t.rows[first].cells[1:]:
        _cell(c, "")
    for c, (text, align) in zip(t.rows[first + 1].cells, cells, strict=True):
        _cell(c, text, align=align)
    _keep_row(t, first + 1)
    _cell(t.rows[first + 2].cells[0], "{%tr endfor %}")
    for c in t.rows[first + 2].cells[1:]:
        _cell(c, "")


def _keep_row(t: Table, row: int = 0) -> None:
    """Never split this row across two pages (Word: 'Allow row to break across pages' off)."""
    trpr = t.rows[row]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _title(doc: DocxDocument, type_line: str, landscape: bool) -> None:
    para(doc, type_line, "VB Doc Type")
    each_line(doc, "title_lines", "VB Subject")
    rule(doc, 3.0, text_width_cm(landscape)).paragraph_format.space_after = Pt(6)


def _two_signatures(doc: DocxDocument, landscape: bool) -> None:
    """Người lập (left) and the head who approves (right): ô 7a–7c for each."""
    total = text_width_cm(landscape)
    t = table(doc, 1, (total / 2, total / 2))
    _keep_row(t)
    a, b = t.rows[0].cells
    para(a, "{{ preparer.title }}", "VB Signer").paragraph_format.space_before = Pt(12)
    para(a, "(Ký, ghi rõ họ tên)", "VB Signer Note")
    for _ in range(3):
        para(a, "", "VB Signer")
    para(a, "{{ preparer.name }}", "VB Signer")
    tag(b, "if signer.authority")
    para(b, "{{ signer.authority }}", "VB Signer").paragraph_format.space_before = Pt(12)
    tag(b, "endif")
    para(b, "{{ signer.title }}", "VB Signer")
    para(b, "(Ký, ghi rõ họ tên, đóng dấu)", "VB Signer Note")
    for _ in range(3):
        para(b, "", "VB Signer")
    para(b, "{{ signer.name }}", "VB Signer")


def _rules_note(doc: DocxDocument) -> None:
    """The rules the plan does not set, printed where they apply: "Điểm thưởng, điểm tối
    thiểu và mức xếp loại theo Quyết định số …" (scoring.yaml ``decided_by``)."""
    tag(doc, "if rules_note")
    p = para(doc, "{{ rules_note }}", "VB Body", italic=True)
    p.runs[0].font.size = Pt(13)  # a remark on the sheet's source: the smallest body size
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    tag(doc, "endif")


def build_evaluation() -> DocxDocument:
    """``phieu-cham-diem.docx``: one unit's scores against the scheme, with both signatures."""
    doc = new_document()
    header_block(doc)
    _title(doc, "PHIẾU CHẤM ĐIỂM THI ĐUA NĂM {{ year }}", False)
    para(doc, "Loại đơn vị: {{ unit.kind }}{{ unit.head_text }}.", "VB Body")
    _criteria_table(doc, (1.1, 8.8, 2.2, 2.2, 2.2), approved=True)
    p = para(doc, "Xếp loại: {{ band }}. Xếp hạng: {{ rank_text }}.", "VB Body", bold=True)
    p.paragraph_format.space_before = Pt(6)
    tag(doc, "if flags")  # one paragraph: the sheet and its signatures stay on one page
    para(doc, "Lưu ý: {{ flags|join('; ') }}.", "VB Body", italic=True)
    tag(doc, "endif")
    tag(doc, "if notes")
    para(doc, "Ghi chú, minh chứng: {{ notes }}", "VB Body")
    tag(doc, "endif")
    _rules_note(doc)
    _two_signatures(doc, False)
    return doc


def _criteria_table(doc: DocxDocument, widths: tuple[float, ...], approved: bool) -> None:
    """The criteria with their maximum and self-score, and the approved score when the Hội
    scores (``approved``): the evaluation sheet and the Chi hội's self-assessment."""
    heads = ["TT", "Nội dung, tiêu chí chấm điểm", "Điểm tối đa", "Điểm tự chấm"]
    cells = [
        ("{{r r.no }}", CENTER),
        ("{{r r.title }}", None),
        ("{{r r.max }}", CENTER),
        ("{{r r.self_score }}", CENTER),
    ]
    totals = ["TỔNG CỘNG", "{{ max_total }}", "{{ self_total }}"]
    if approved:
        heads.append("Điểm duyệt")
        cells.append(("{{r r.score }}", CENTER))
        totals.append("{{ total }}")
    t = table(doc, 5, widths)
    borders(t)
    for c, text in zip(t.rows[0].cells, heads, strict=True):
        _cell(c, text, "VB Table Head")
    repeat_header(t.rows[0])
    _loop_rows(t, 1, "for r in rows", cells)
    last = t.rows[4].cells
    _cell(last[0], "")
    for c, text in zip(last[1:], totals, strict=True):
        _cell(c, text, "VB Table Head")


def build_self_evaluation() -> DocxDocument:
    """``phieu-tu-cham-diem.docx``: a Chi hội's own scores, under its header, signed by its head."""
    doc = new_document()
    header_block(doc)
    _title(doc, "PHIẾU TỰ CHẤM ĐIỂM THI ĐUA NĂM {{ year }}", False)
    _criteria_table(doc, (1.1, 10.6, 2.4, 2.4), approved=False)
    _rules_note(doc)
    signature_block(doc)
    return doc


def build_summary() -> DocxDocument:
    """``bang-tong-hop.docx``: the Phụ lục of the results notice (Mẫu 2.1, landscape): every unit
    ranked, one column per Nội dung, the total, the band; the count per band; the rules' source.

    The Nội dung columns come from the scheme (``{%tc for %}``); ``cols`` gives their heads."""
    doc = new_document(landscape=True)
    para(doc, "Phụ lục", "VB Doc Type").paragraph_format.space_before = Pt(0)
    each_line(doc, "title_lines", "VB Subject")
    p = para(doc, "(Kèm theo {{ notice_ref }})", "VB Place Date")
    p.runs[0].font.size = Pt(14)
    rule(doc, 3.0, text_width_cm(True)).paragraph_format.space_after = Pt(6)
    para(doc, "{{ intro }}", "VB Body")
    # one column per Nội dung (``{%tc for %}``: the tag cells vanish, the middle one repeats;
    # each copy keeps its width, 1.7 cm: "ND2 (32)" and "19,5" fit without a split)
    widths = (1.3, 6.0, 0.5, 1.7, 0.5, 1.7, 1.9, 2.2, 3.4)
    t = table(doc, 4, widths)
    borders(t)
    heads = (
        "Hạng",
        "Tên đơn vị",
        "{%tc for c in cols %}",
        "{{ c }}",
        "{%tc endfor %}",
        "Điểm tự chấm",
        "Tổng điểm duyệt",
        "Xếp loại",
        "Ghi chú",
    )
    for c, text in zip(t.rows[0].cells, heads, strict=True):
        _cell(c, text, "VB Table Head")
    repeat_header(t.rows[0])
    _loop_rows(
        t,
        1,
        "for r in rows",
        [
            ("{{ r.rank }}", CENTER),
            ("{{ r.name }}", None),
            ("{%tc for s in r.parts %}", None),
            ("{{ s }}", CENTER),
            ("{%tc endfor %}", None),
            ("{{ r.self_total }}", CENTER),
            ("{{r r.total }}", CENTER),
            ("{{ r.band }}", CENTER),
            ("{{ r.note }}", None),
        ],
    )
    p = para(doc, "Số đơn vị theo xếp loại", "VB Heading 2")
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.first_line_indent = None
    c = table(doc, 5, (4.5, 4.5, 3.0, 3.0))
    borders(c)
    for cell, text in zip(
        c.rows[0].cells, ("Xếp loại", "Tổng điểm", "Số đơn vị", "Tỷ lệ"), strict=True
    ):
        _cell(cell, text, "VB Table Head")
    repeat_header(c.rows[0])
    _loop_rows(
        c,
        1,
        "for b in bands",
        [
            ("{{ b.name }}", None),
            ("{{ b.range }}", CENTER),
            ("{{ b.count }}", CENTER),
            ("{{ b.share }}", CENTER),
        ],
    )
    for cell, text in zip(c.rows[4].cells, ("Cộng", "", "{{ n_units }}", "100%"), strict=True):
        _cell(cell, text, "VB Table Head")
    for row in c.rows:  # the count table and the notes stay on one page
        for cell in row.cells:
            for q in cell.paragraphs:
                q.paragraph_format.keep_with_next = True
    note = para(doc, "{{ tie_note }}", "VB Body", italic=True)
    note.paragraph_format.space_before = Pt(6)
    tag(doc, "if rules_note")
    para(doc, "{{ rules_note }}", "VB Body", italic=True)
    tag(doc, "endif")
    para(doc, "{{ legend }}./.", "VB Body", italic=True)
    return doc


def build_notice() -> DocxDocument:
    """``thong-bao-ket-qua.docx``: the Thông báo kết quả chấm điểm thi đua (Mẫu 1.4): Số, trích
    yếu, a short body citing the plan, the count per band, the Phụ lục (the summary) attached,
    Nơi nhận and the signer with a name."""
    doc = new_document()
    tag(doc, "if draft")  # docgen build --draft: "DỰ THẢO" in a small box, as on the plan
    draft_mark(para(doc, "DỰ THẢO", "VB Body", bold=True))
    tag(doc, "endif")
    header_block(doc)
    title_block(doc, "THÔNG BÁO")
    para(doc, "{{ intro }}", "VB Body")
    tag(doc, "if rules_note")
    para(doc, "{{ rules_note }}", "VB Body")
    tag(doc, "endif")
    para(doc, "{{ issuer_name }} thông báo kết quả như sau:", "VB Body")
    each_line(doc, "band_lines", "VB Body", var="b")
    para(doc, "{{ appendix_line }}", "VB Body")
    para(doc, "{{ closing }}", "VB Body")
    signature_block(doc)
    return doc
