"""Templates of the commendation dossier: tờ trình (Mẫu 1.4), danh sách (phụ lục, Mẫu 2.1),
biên bản họp xét (Mẫu 1.9) and báo cáo thành tích (tập thể, cá nhân)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table

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


def _keep_rows(t: Table) -> None:
    """No table row breaks across pages (a vote row, a signature block)."""
    for row in t.rows:
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        trpr.append(el)


def _header(doc: DocxDocument, *, with_date: bool = True) -> Table:
    """The Decree 30 header (its right column holds the whole date line, see header_block)."""
    return header_block(doc, with_date=with_date)


def _labelled(doc: DocxDocument, label: str, expr: str) -> None:
    """``Label: {{ expr }}``: the label bold, the tag in a run of its own."""
    p = para(doc, label, "VB Body", bold=True)
    p.add_run(" {{ " + expr + " }}")


def _data_table(
    doc: DocxDocument,
    heads: list[str],
    cells: list[str],
    widths: list[float],
    loop: str,
    centred: tuple[int, ...] = (0,),
) -> Table:
    """A bordered table: a repeated header row, then one row per item of ``loop``."""
    t = table(doc, 4, widths)
    borders(t)
    for cell, h in zip(t.rows[0].cells, heads, strict=True):
        para(cell, h, "VB Table Head")
    repeat_header(t.rows[0])
    for i, cell in enumerate(t.rows[1].cells):
        para(cell, "{%tr for " + loop + " %}" if i == 0 else "", "VB Table")
    for i, (cell, expr) in enumerate(zip(t.rows[2].cells, cells, strict=True)):
        style = "VB Table Head" if i in centred else "VB Table"
        para(cell, "{{ " + expr + " }}", style).runs[0].bold = False
    for i, cell in enumerate(t.rows[3].cells):
        para(cell, "{%tr endfor %}" if i == 0 else "", "VB Table")
    _keep_rows(t)
    return t


def to_trinh() -> DocxDocument:
    doc = new_document()
    _header(doc)
    title_block(doc, "TỜ TRÌNH")
    p = para(doc, "Kính gửi: {{ recipient }}.", "VB Body")
    p.alignment = CENTER
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.space_after = Pt(12)
    each_line(doc, "bases", "VB Body", var="b")
    para(doc, "{{ intro }}", "VB Body")
    each_line(doc, "award_lines", "VB Body", var="a")
    para(doc, "{{ attachment }}", "VB Body", italic=True)
    para(doc, "{{ closing }}", "VB Body")
    signature_block(doc)
    return doc


def danh_sach() -> DocxDocument:
    doc = new_document()
    para(doc, "Phụ lục", "VB Doc Type").paragraph_format.space_before = Pt(0)
    each_line(doc, "title_lines", "VB Subject")
    para(doc, "{{ attached_to }}", "VB Place Date").runs[0].font.size = Pt(14)
    rule(doc, 3.0, text_width_cm()).paragraph_format.space_after = Pt(6)
    tag(doc, "for g in groups")
    para(doc, "{{ g.numeral }}. {{ g.award|upper }} ({{ g.count }})", "VB Heading 1")
    tag(doc, "for s in g.sections")
    p = para(doc, "{{ s.number }}. {{ s.label }}: {{ s.count }}", "VB Heading 2")
    p.paragraph_format.space_before = Pt(6)
    _data_table(
        doc,
        ["TT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Thành tích (lý do đề nghị)"],
        ["r.n", "r.name", "r.where", "r.reason"],
        [1.0, 4.2, 4.8, 6.5],
        "r in s.rows",
    )
    tag(doc, "endfor")
    tag(doc, "endfor")
    para(doc, "{{ total }}", "VB Heading 2").paragraph_format.space_before = Pt(6)
    return doc


def bien_ban() -> DocxDocument:
    doc = new_document()
    _header(doc, with_date=False)
    title_block(doc, "BIÊN BẢN")
    _labelled(doc, "Thời gian bắt đầu:", "start")
    _labelled(doc, "Địa điểm:", "place")
    para(doc, "Thành phần tham dự:", "VB Body", bold=True)
    each_line(doc, "attendance", "VB Body", var="a")
    _labelled(doc, "Chủ trì (chủ tọa):", "chair")
    _labelled(doc, "Thư ký (người ghi biên bản):", "secretary")
    para(doc, "Nội dung:", "VB Body", bold=True)
    each_line(doc, "agenda", "VB Body", var="a")
    para(doc, "{{ vote_intro }}", "VB Body")
    _data_table(
        doc,
        [
            "TT",
            "Tập thể, cá nhân",
            "Hình thức đề nghị",
            "Tán thành",
            "Không tán thành",
            "Tỷ lệ tán thành",
            "Kết quả",
        ],
        ["v.n", "v.name", "v.award", "v.agree", "v.against", "v.percent", "v.result"],
        [0.9, 4.2, 4.0, 1.6, 1.7, 1.8, 2.3],  # "Không đạt" on one line
        "v in votes",
        centred=(0, 3, 4, 5, 6),
    )
    para(doc, "Kết luận:", "VB Body", bold=True).paragraph_format.space_before = Pt(6)
    each_line(doc, "conclusion", "VB Body", var="c")
    para(doc, "{{ end }}", "VB Body")
    # Mẫu 1.9: THƯ KÝ on the left, CHỦ TỌA on the right.
    total = text_width_cm()
    para(doc, "", "VB Body")
    t = table(doc, 1, (6.0, 1.0, total - 7.0))
    _keep_rows(t)
    a, _, c = t.rows[0].cells
    para(_, "", "VB Signer")
    for cell, title, name in ((a, "THƯ KÝ", "secretary_name"), (c, "CHỦ TỌA", "chair_name")):
        para(cell, title, "VB Signer")
        para(cell, "(Ký, ghi rõ họ tên)", "VB Signer Note")
        for _i in range(3):
            para(cell, "", "VB Signer")
        para(cell, "{{ " + name + " }}", "VB Signer")
    para(doc, "Nơi nhận:", "VB Recipients Label").paragraph_format.space_before = Pt(12)
    each_line(doc, "recipients", "VB Recipients", var="r")
    return doc


def _signer_cells(top, bottom, side: str) -> None:  # noqa: ANN001 - docx.table._Cell
    """Title lines in the top row, the name in the bottom row: both names sit on one line."""
    para(top, "{{ " + side + ".label }}", "VB Signer")
    tag(top, f"if {side}.authority")
    para(top, "{{ " + side + ".authority }}", "VB Signer")
    tag(top, "endif")
    tag(top, f"if {side}.title")
    para(top, "{{ " + side + ".title }}", "VB Signer")
    tag(top, "endif")
    para(top, "(Ký, ghi rõ họ tên)", "VB Signer Note")
    for p in top.paragraphs:
        p.paragraph_format.keep_with_next = True
    for _ in range(3):
        para(bottom, "", "VB Signer")
    para(bottom, "{{ " + side + ".name }}", "VB Signer")


def bao_cao(collective: bool) -> DocxDocument:
    doc = new_document()
    if collective:
        _header(doc)
    else:  # an individual's report carries no issuing body: Quốc hiệu centred, date on the right
        para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB National")
        para(doc, "Độc lập - Tự do - Hạnh phúc", "VB Motto")
        rule(doc, 6.0, text_width_cm())
        p = para(doc, "{{ place_date }}", "VB Place Date")
        p.alignment = 2  # right
        p.paragraph_format.space_before = Pt(6)
    title_block(doc, "BÁO CÁO THÀNH TÍCH", subject_expr="[award_upper, name]")
    para(doc, "I. {{ sections[0] }}", "VB Heading 1")
    tag(doc, "for p in profile")  # sơ lược lý lịch: short label lines, set close together
    para(doc, "{{ p }}", "VB Body").paragraph_format.space_after = Pt(2)
    tag(doc, "endfor")
    each_line(doc, "summary", "VB Body", var="p")
    para(doc, "II. {{ sections[1] }}", "VB Heading 1")
    each_line(doc, "achievements", "VB Body", var="p")
    para(doc, "III. {{ sections[2] }}", "VB Heading 1")
    tag(doc, "if earlier")
    earlier = _data_table(
        doc,
        [
            "Năm",
            "Danh hiệu, hình thức khen thưởng",
            "Số, ngày tháng năm của quyết định; cơ quan ban hành",
        ],
        ["e.year", "e.title", "e.decision"],
        [1.6, 6.0, 8.9],
        "e in earlier",
    )
    tag(doc, "else")
    para(doc, "Chưa được khen thưởng.", "VB Body").paragraph_format.keep_with_next = True
    tag(doc, "endif")
    para(doc, "", "VB Body").paragraph_format.keep_with_next = True
    # Section III moves with the signatures rather than leave them alone on a page.
    for row in earlier.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    total = text_width_cm()
    t = table(doc, 2, (total / 2, total / 2))
    for i, side in enumerate(("left", "right")):
        _signer_cells(t.rows[0].cells[i], t.rows[1].cells[i], side)
    _keep_rows(t)
    return doc


def bao_cao_tap_the() -> DocxDocument:
    return bao_cao(True)


def bao_cao_ca_nhan() -> DocxDocument:
    return bao_cao(False)
