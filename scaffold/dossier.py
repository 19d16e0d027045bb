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


def _labelled(doc: DocxDocument, label: str, text: str) -> None:
    """``Label: text``: the label bold, the text (with its tags) in a run of its own."""
    p = para(doc, label, "VB Body", bold=True)
    p.add_run(" " + text)


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


def _subject(doc: DocxDocument, type_name: str, lines: list[str]) -> None:
    """TÊN LOẠI and the trích yếu written in the template (a secretary edits it in Word)."""
    para(doc, type_name, "VB Doc Type")
    for line in lines:
        para(doc, line, "VB Subject")
    rule(doc, 3.0, text_width_cm()).paragraph_format.space_after = Pt(6)


def _items(doc: DocxDocument, loop: str, text: str) -> None:
    """One body paragraph per item of ``loop``."""
    tag(doc, "for " + loop)
    para(doc, text, "VB Body")
    tag(doc, "endfor")


def to_trinh() -> DocxDocument:
    doc = new_document()
    _header(doc)
    _subject(
        doc,
        "TỜ TRÌNH",
        [
            "Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc",
            "trong {{ field }} năm {{ year }}",
        ],
    )
    p = para(doc, "Kính gửi: {{ recipient }}.", "VB Body")
    p.alignment = CENTER
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.space_after = Pt(12)
    tag(doc, "if qd222")
    para(doc, "Căn cứ {{ qd222 }} (hồ sơ theo mẫu);", "VB Body")
    tag(doc, "endif")
    para(
        doc,
        "Căn cứ Kế hoạch số {{ plan.number }} {{ plan.date }} của {{ plan.issuer }} "
        "về {{ plan.title }};",
        "VB Body",
    )
    para(
        doc,
        "Căn cứ Biên bản họp xét thi đua, khen thưởng số {{ bienban.number }} "
        "{{ bienban.date }} của {{ bienban.body }},",
        "VB Body",
    )
    para(
        doc,
        "{{ issuer_name }} kính đề nghị {{ recipient }} xem xét, khen thưởng (hoặc đề nghị cấp "
        "trên khen thưởng) cho {{ count }} có thành tích xuất sắc trong {{ field }} năm "
        "{{ year }}, cụ thể như sau:",
        "VB Body",
    )
    _items(doc, "a in awards", "- {{ a.award }}: {{ a.count }}{{ a.end }}")
    para(
        doc,
        "(Có Danh sách đề nghị khen thưởng, Biên bản họp xét số {{ bienban.number }} và "
        "{{ n_reports }} báo cáo thành tích kèm theo).",
        "VB Body",
        italic=True,
    )
    para(doc, "Kính trình {{ recipient }} xem xét, quyết định./.", "VB Body")
    signature_block(doc)
    return doc


def danh_sach() -> DocxDocument:
    doc = new_document()
    para(doc, "Phụ lục", "VB Doc Type").paragraph_format.space_before = Pt(0)
    para(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "VB Subject")
    para(doc, "TẬP THỂ, CÁ NHÂN CÓ THÀNH TÍCH XUẤT SẮC NĂM {{ year }}", "VB Subject")
    p = para(
        doc,
        "(Kèm theo Tờ trình số {{ totrinh.number }} {{ totrinh.date }} của {{ issuer_name }})",
        "VB Place Date",
    )
    p.runs[0].font.size = Pt(14)
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
    para(doc, "Tổng cộng: {{ count }}./.", "VB Heading 2").paragraph_format.space_before = Pt(6)
    return doc


def bien_ban() -> DocxDocument:
    doc = new_document()
    _header(doc, with_date=False)
    _subject(doc, "BIÊN BẢN", ["Họp xét thi đua, khen thưởng năm {{ year }}"])
    _labelled(doc, "Thời gian bắt đầu:", "{{ start_time }}, {{ date }}.")
    _labelled(doc, "Địa điểm:", "{{ place }}.")
    para(doc, "Thành phần tham dự:", "VB Body", bold=True)
    para(
        doc,
        "Thành viên {{ body }}: có mặt {{ present }}/{{ total }} thành viên.",
        "VB Body",
    )
    _items(doc, "a in absent", "Vắng: {{ a }}.")
    _items(doc, "g in guests", "Khách mời: {{ g }}.")
    _labelled(doc, "Chủ trì (chủ tọa):", "{{ chair.name }}, {{ chair.title }}.")
    _labelled(doc, "Thư ký (người ghi biên bản):", "{{ secretary.name }}, {{ secretary.title }}.")
    para(doc, "Nội dung:", "VB Body", bold=True)
    _items(doc, "a in agenda", "{{ loop.index }}. {{ a }}")
    para(
        doc,
        "Hội đồng đã xét {{ n_cands }} trường hợp ({{ cands_count }}) theo hình thức "
        "{{ ballot }}. Ứng viên được đề nghị khen thưởng khi có số phiếu tán thành trên "
        "{{ pct }}% số thành viên có mặt ({{ present_n }} thành viên). Kết quả như sau:",
        "VB Body",
    )
    _data_table(
        doc,
        [
            "TT",
            "Tập thể, cá nhân",
            "Hình thức đề nghị",
            "Tán thành",
            "Không tán thành",
            "Không biểu quyết",
            "Tỷ lệ tán thành",
            "Kết quả",
        ],
        ["v.n", "v.name", "v.award", "v.agree", "v.against", "v.abstain", "v.percent", "v.result"],
        [0.8, 3.8, 3.5, 1.5, 1.6, 1.7, 1.6, 2.0],  # "Không đạt" on one line
        "v in votes",
        centred=(0, 3, 4, 5, 6, 7),
    )
    para(doc, "Kết luận:", "VB Body", bold=True).paragraph_format.space_before = Pt(6)
    para(
        doc,
        "Hội đồng thống nhất đề nghị {{ recipient }} khen thưởng {{ count }} (có danh sách kèm "
        "theo), gồm:",
        "VB Body",
    )
    _items(doc, "g in awards", "- {{ g.award }}: {{ g.names }}{{ g.end }}")
    _items(
        doc,
        "r in rejected",
        "{{ r.kind }} {{ r.name }} đạt {{ r.agree }}/{{ r.present }} phiếu tán thành "
        "({{ r.percent }}), không đạt tỷ lệ trên {{ pct }}% số thành viên có mặt nên không đề "
        "nghị khen thưởng.",
    )
    _items(
        doc,
        "o in overrides",
        "{{ o.name }} được đề nghị ngoài quy tắc xếp loại, lý do: {{ o.reason }}.",
    )
    para(
        doc,
        "Cuộc họp kết thúc lúc {{ end_time }} cùng ngày. Biên bản đã được đọc lại trước cuộc "
        "họp và các thành viên dự họp thống nhất thông qua./.",
        "VB Body",
    )
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


def _signer_cells(top, bottom, side: str, label: str) -> None:  # noqa: ANN001 - docx.table._Cell
    """Title lines in the top row, the name in the bottom row: both names sit on one line."""
    para(top, label, "VB Signer")
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


NBSP = "\u00a0"
# Signature captions break after "CỦA" or the comma, never inside the name of an authority.
CAPTIONS = {
    True: (
        "{% if left.own_head %}XÁC NHẬN CỦA THỦ" + NBSP + "TRƯỞNG" + NBSP + "ĐƠN" + NBSP + "VỊ"
        "{% else %}XÁC NHẬN CỦA CẤP" + NBSP + "TRÌNH" + NBSP + "KHEN" + NBSP + "THƯỞNG"
        "{% endif %}",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ),
    False: ("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", "NGƯỜI BÁO CÁO THÀNH TÍCH"),
}
SECTIONS = {
    True: (
        "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "THÀNH TÍCH ĐẠT ĐƯỢC",
        "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    ),
    False: ("SƠ LƯỢC LÝ LỊCH", "THÀNH TÍCH ĐẠT ĐƯỢC", "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
}


def _profile_line(doc: DocxDocument, text: str, condition: str | None = None) -> None:
    """A short label line of the sơ lược, set close to the next; only if ``condition`` holds."""
    if condition:
        tag(doc, "if " + condition)
    para(doc, text, "VB Body").paragraph_format.space_after = Pt(2)
    if condition:
        tag(doc, "endif")


def _profile(doc: DocxDocument, collective: bool) -> None:
    if collective:
        _profile_line(doc, "Tên tập thể: {{ full_name }}")
        _profile_line(doc, "Loại hình: {{ kind_of }}", "kind_of")
        _profile_line(doc, "Trực thuộc: {{ belongs_to }}", "belongs_to")
        return
    _profile_line(doc, "Họ và tên: {{ full_name }}")
    _profile_line(doc, "Năm sinh: {{ p.born }}", "p.born")
    _profile_line(doc, "Giới tính: {{ p.gender }}", "p.gender")
    _profile_line(doc, "Quê quán: {{ p.hometown }}", "p.hometown")
    _profile_line(doc, "Nơi thường trú: {{ p.residence }}", "p.residence")
    _profile_line(doc, "Đơn vị công tác: {{ workplace }}")
    _profile_line(doc, "Chức vụ: {{ position }}")
    _profile_line(doc, "Trình độ chuyên môn: {{ p.qualification }}", "p.qualification")
    _profile_line(doc, "Ngày vào Đảng: {{ p.party }}", "p.party")


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
    _subject(doc, "BÁO CÁO THÀNH TÍCH", ["ĐỀ NGHỊ TẶNG {{ award|upper }}", "{{ name }}"])
    first, second, third = SECTIONS[collective]
    para(doc, f"I. {first}", "VB Heading 1")
    _profile(doc, collective)
    each_line(doc, "summary", "VB Body", var="p")
    para(doc, f"II. {second}", "VB Heading 1")
    each_line(doc, "achievements", "VB Body", var="p")
    para(doc, f"III. {third}", "VB Heading 1")
    tag(doc, "if earlier")
    earlier = _data_table(
        doc,
        [
            "Năm",
            "Danh hiệu, hình thức khen thưởng",
            "Số, ngày tháng năm của quyết định; cơ quan ban hành",
        ],
        ["e.year", "e.title", "e.decision"],
        [2.6, 6.0, 7.9],  # "2022 – 2023" on one line
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
    for i, (side, label) in enumerate(zip(("left", "right"), CAPTIONS[collective], strict=True)):
        _signer_cells(t.rows[0].cells[i], t.rows[1].cells[i], side, label)
    _keep_rows(t)
    return doc


def bao_cao_tap_the() -> DocxDocument:
    return bao_cao(True)


def bao_cao_ca_nhan() -> DocxDocument:
    return bao_cao(False)
