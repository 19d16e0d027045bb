"""Test corpus for ``docgen check``: plain-Word-style documents written with python-docx directly
(not through docgen's templates), single-defect edits of any .docx, and small PDFs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

Edit = Callable[[DocxDocument], None]
C = WD_ALIGN_PARAGRAPH.CENTER


def new_doc(landscape: bool = False) -> DocxDocument:
    """What a secretary sets up in Word: A4, Decree 30 margins, Times New Roman 14 in Normal."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.top_margin = sec.bottom_margin = Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    return doc


def p(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align=None,
    size: float | None = None,
) -> Paragraph:
    par = container.add_paragraph()
    run = par.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if align is not None:
        par.alignment = align
    return par


def header(
    doc: DocxDocument,
    number: str | None,
    date: str | None,
    issuer: tuple[str, ...] = ("HỘI KHUYẾN HỌC QUẬN 10", "CHI HỘI KHUYẾN HỌC"),
) -> None:
    t = doc.add_table(rows=2, cols=2)
    a, b = t.rows[0].cells
    a.paragraphs[0].add_run(issuer[0]).font.size = Pt(13)  # chủ quản: upright, 12-13 pt
    for line in issuer[1:]:
        p(a, line, bold=True, align=C, size=13)
    national = b.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    national.bold, national.font.size = True, Pt(13)
    p(b, "Độc lập - Tự do - Hạnh phúc", bold=True, align=C)
    if number:
        t.rows[1].cells[0].paragraphs[0].text = number
    if date:
        t.rows[1].cells[1].paragraphs[0].add_run(date).italic = True


def signature(doc: DocxDocument, recipients: list[str] | None, lines: list[str], name: str) -> None:
    t = doc.add_table(rows=1, cols=2)
    a, b = t.rows[0].cells
    if recipients is not None:
        label = a.paragraphs[0].add_run("Nơi nhận:")
        label.bold, label.italic, label.font.size = True, True, Pt(12)
        for r in recipients:
            p(a, r, size=11)
    b.paragraphs[0].add_run(lines[0]).bold = True
    for line in lines[1:]:
        p(b, line, bold=True, align=C)
    p(b)
    p(b)
    p(b, name, bold=True, align=C)


def totrinh() -> DocxDocument:
    doc = new_doc()
    header(doc, "Số: 15/TTr-CHKH", "Quận 10, ngày 10 tháng 12 năm 2024")
    p(doc, "TỜ TRÌNH", bold=True, align=C)
    p(doc, "Về việc đề nghị khen thưởng năm 2024", bold=True, align=C)
    p(doc, "Kính gửi: Hội Khuyến học Quận 10.", align=C)
    p(
        doc,
        "Căn cứ Kế hoạch số 02/KH-HKH ngày 22 tháng 01 năm 2024 của Hội Khuyến học Quận 10 "
        "về thực hiện phong trào thi đua năm 2024;",
    )
    p(doc, "Căn cứ kết quả chấm điểm thi đua năm 2024 của Chi hội,")
    p(
        doc,
        "Chi hội Khuyến học kính đề nghị Hội Khuyến học Quận 10 xem xét, tặng Giấy khen cho "
        "02 tập thể và 03 cá nhân có thành tích xuất sắc (có danh sách kèm theo).",
    )
    p(doc, "Kính trình Hội Khuyến học Quận 10 xem xét, quyết định./.")
    signature(
        doc, ["- Như trên;", "- Lưu: VT."], ["TM. BAN CHẤP HÀNH", "CHI HỘI TRƯỞNG"], "Nguyễn Văn An"
    )
    return doc


def bienban() -> DocxDocument:
    doc = new_doc()
    header(doc, "Số: 03/BB-CHKH", None)
    p(doc, "BIÊN BẢN", bold=True, align=C)
    p(doc, "Họp xét thi đua, khen thưởng năm 2024", bold=True, align=C)
    for line in (
        "Thời gian bắt đầu: 08 giờ 00, ngày 05 tháng 12 năm 2024.",
        "Địa điểm: Phòng họp Trường THPT Nguyễn Khuyến.",
        "Thành phần tham dự: 09/09 thành viên Ban Chấp hành Chi hội.",
        "Chủ trì: ông Nguyễn Văn An, Chi hội trưởng.",
        "Thư ký: bà Trần Thị Bình.",
        "Nội dung: Ban Chấp hành xét kết quả chấm điểm và đề nghị khen thưởng năm 2024.",
        "Kết quả biểu quyết: 09/09 thành viên nhất trí (100%).",
        "Cuộc họp kết thúc vào 10 giờ 30 cùng ngày./.",
    ):
        p(doc, line)
    signature(doc, ["- Hội Khuyến học Quận 10;", "- Lưu: VT, Hồ sơ."], ["CHỦ TỌA"], "Nguyễn Văn An")
    return doc


def baocao() -> DocxDocument:
    """A report whose header is typed as plain centred paragraphs, not a table."""
    doc = new_doc()
    for text, bold, size in (
        ("HỘI KHUYẾN HỌC QUẬN 10", False, 13),
        ("CHI HỘI KHUYẾN HỌC", True, 13),
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 13),
        ("Độc lập - Tự do - Hạnh phúc", True, None),
    ):
        p(doc, text, bold=bold, align=C, size=size)
    p(doc, "Số: 21/BC-CHKH", align=C)
    p(doc, "Quận 10, ngày 15 tháng 12 năm 2024", italic=True, align=C)
    p(doc, "BÁO CÁO", bold=True, align=C)
    p(doc, "Tổng kết công tác khuyến học năm 2024", bold=True, align=C)
    p(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    p(doc, "1. Công tác tuyên truyền", bold=True)
    p(doc, "Chi hội tổ chức 04 buổi tuyên truyền về xây dựng xã hội học tập.")
    p(doc, "2. Quỹ khuyến học", bold=True)
    p(doc, "Quỹ khuyến học năm 2024 vận động được 45.000.000 đồng.")
    p(doc, "II. PHƯƠNG HƯỚNG NĂM 2025", bold=True)
    p(doc, "Tiếp tục đẩy mạnh chương trình học bổng 1&1./.")
    signature(doc, ["- Hội Khuyến học Quận 10;", "- Lưu: VT."], ["CHI HỘI TRƯỞNG"], "Nguyễn Văn An")
    return doc


def kehoach_typed() -> DocxDocument:
    """A plan typed by hand, citing Thông tư 22 correctly twice (the seed's slip is a variant)."""
    doc = new_doc()
    header(doc, "Số: 05/KH-CHKH", "Quận 10, ngày 06 tháng 02 năm 2024")
    p(doc, "KẾ HOẠCH", bold=True, align=C)
    p(doc, "Thực hiện phong trào thi đua năm 2024", bold=True, align=C)
    p(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    p(
        doc,
        "Đơn vị đạt danh hiệu Đơn vị học tập theo Thông tư 22/TT-BGDĐT ngày 06/8/2020 của "
        "Bộ GD-ĐT.",
    )
    p(doc, "II. NỘI DUNG", bold=True)
    p(doc, "Nội dung 1: Tuyên truyền (40 điểm)", bold=True)
    p(doc, "Tuyên truyền Thông tư 22/TT-BGDĐT ngày 06/8/2020 của Bộ Giáo dục và Đào tạo.")
    p(doc, "Nội dung 2: Học bổng (60 điểm)", bold=True)
    p(doc, "Tổng cộng: 100 điểm.")
    p(doc, "III. THI ĐUA, KHEN THƯỞNG", bold=True)
    p(doc, "Xét khen thưởng cuối năm theo kết quả chấm điểm./.")
    signature(doc, ["- Hội Khuyến học Quận 10;", "- Lưu: VT."], ["CHI HỘI TRƯỞNG"], "Nguyễn Văn An")
    return doc


def thanhtich() -> DocxDocument:
    """A báo cáo thành tích (NĐ 152/2025 form): no Số, no Nơi nhận; type on two lines."""
    doc = new_doc()
    header(doc, None, "Quận 10, ngày 05 tháng 01 năm 2025")
    p(doc, "BÁO CÁO", bold=True, align=C)
    p(doc, "Thành tích đề nghị tặng Giấy khen năm 2024", bold=True, align=C)
    p(doc, "I. THÔNG TIN CHUNG", bold=True)
    p(doc, "Chi hội Khuyến học Trường THPT Nguyễn Khuyến có 86 hội viên.")
    p(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    p(doc, "Chi hội đạt 92 điểm, xếp loại Tốt trong phong trào thi đua năm 2024./.")
    signature(doc, None, ["CHI HỘI TRƯỞNG"], "Nguyễn Văn An")
    return doc


def danhsach() -> DocxDocument:
    doc = new_doc()
    header(doc, None, None)
    p(doc, "DANH SÁCH", bold=True, align=C)
    p(doc, "Đề nghị khen thưởng năm 2024", bold=True, align=C)
    p(doc, "(Kèm theo Tờ trình số 15/TTr-CHKH ngày 10 tháng 12 năm 2024)", italic=True, align=C)
    t = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(
        (
            ("STT", "Họ và tên", "Hình thức"),
            ("1", "Trần Thị Bình", "Giấy khen"),
            ("2", "Lê Văn Cường", "Giấy khen"),
        )
    ):
        for c, text in enumerate(row):
            t.rows[r].cells[c].paragraphs[0].add_run(text).font.size = Pt(13)
    signature(doc, None, ["CHI HỘI TRƯỞNG"], "Nguyễn Văn An")
    return doc


def phieu(total: str = "100") -> DocxDocument:
    """A landscape scoring sheet: a form with a points table, no Nơi nhận."""
    doc = new_doc(landscape=True)
    header(doc, None, None)
    p(doc, "PHIẾU CHẤM ĐIỂM THI ĐUA NĂM 2024", bold=True, align=C)
    rows = [
        ("TT", "Nội dung", "Điểm tối đa", "Điểm chấm"),
        ("I", "Tổ chức", "40", ""),
        ("1", "Tuyên truyền", "20", ""),
        ("2", "Tập huấn", "20", ""),
        ("II", "Học bổng", "60", ""),
        ("", "Tổng cộng", total, ""),
    ]
    t = doc.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.rows[r].cells[c].paragraphs[0].add_run(text).font.size = Pt(13)
    return doc


def letter() -> DocxDocument:
    """No recognisable document type line at all."""
    doc = new_doc()
    p(doc, "Thân gửi các thầy cô,")
    p(doc, "Chi hội mời các thầy cô dự buổi sinh hoạt chiều thứ Sáu.")
    return doc


HAND_MADE: dict[str, Callable[[], DocxDocument]] = {
    "to-trinh": totrinh,
    "bien-ban": bienban,
    "bao-cao": baocao,
    "ke-hoach-go-tay": kehoach_typed,
    "danh-sach": danhsach,
    "thanh-tich": thanhtich,
    "phieu-cham": phieu,
}


# -- single-defect edits --------------------------------------------------------------------------
def paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for sec in doc.sections:
        yield from sec.header.paragraphs


def seen(par: Paragraph) -> str:
    """A paragraph's text as a reader sees it: docgen's non-breaking spaces are spaces."""
    return par.text.replace("\u00a0", " ")


def set_text(par: Paragraph, text: str) -> None:
    runs = par.runs
    if not runs:
        par.add_run(text)
        return
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def replace(old: str, new: str, nth: int = 0) -> Edit:
    def edit(doc: DocxDocument) -> None:
        hits = [par for par in paragraphs(doc) if old in seen(par)]
        assert len(hits) > nth, f"{old!r} not found"
        set_text(hits[nth], seen(hits[nth]).replace(old, new, 1))

    return edit


def set_para(contains: str, text: str) -> Edit:
    """Replace the whole text of the paragraph containing ``contains``."""

    def edit(doc: DocxDocument) -> None:
        set_text(next(par for par in paragraphs(doc) if contains in seen(par)), text)

    return edit


def nfd(old: str) -> Edit:
    return replace(old, unicodedata.normalize("NFD", old))


def section(**attrs: object) -> Edit:
    def edit(doc: DocxDocument) -> None:
        for k, v in attrs.items():
            setattr(doc.sections[0], k, v)

    return edit


def style_font(
    style: str, name: str | None = None, size: float | None = None, theme: str | None = None
) -> Edit:
    def edit(doc: DocxDocument) -> None:
        st = doc.styles[style]
        if size:
            st.font.size = Pt(size)
        if name:
            st.font.name = name
        if theme:  # a theme font on the style, as Word's own Normal template has it
            rpr = st.element.get_or_add_rPr()
            rf = rpr.find(qn("w:rFonts"))
            for attr in list(rf.attrib):
                del rf.attrib[attr]
            rf.set(qn("w:asciiTheme"), theme)
            rf.set(qn("w:hAnsiTheme"), theme)

    return edit


def run_font(text: str, name: str) -> Edit:
    def edit(doc: DocxDocument) -> None:
        par = next(par for par in paragraphs(doc) if text in seen(par))
        par.runs[0].font.name = name

    return edit


def run_format(
    contains: str,
    bold: bool | None = None,
    italic: bool | None = None,
    size: float | None = None,
) -> Edit:
    """Set bold/italic/size directly on every run of the first paragraph containing ``contains``
    (over what its style says, as a user does with the toolbar)."""

    def edit(doc: DocxDocument) -> None:
        par = next(par for par in paragraphs(doc) if contains in seen(par))
        for run in par.runs:
            if bold is not None:
                run.bold = bold
            if italic is not None:
                run.italic = italic
            if size is not None:
                run.font.size = Pt(size)

    return edit


def style_format(style: str, **attrs: object) -> Edit:
    """Change a paragraph style's font (bold, italic, size…) in Format > Style."""

    def edit(doc: DocxDocument) -> None:
        for k, v in attrs.items():
            setattr(doc.styles[style].font, k, Pt(v) if k == "size" else v)

    return edit


def drop_page_field(doc: DocxDocument) -> None:
    for par in doc.sections[0].header.paragraphs:
        for r in list(par._p.iter(qn("w:r"))):
            r.getparent().remove(r)


def drop_title_pg(doc: DocxDocument) -> None:
    doc.sections[0].different_first_page_header_footer = False


def header_left(doc: DocxDocument) -> None:
    doc.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def chain(*edits: Edit) -> Edit:
    def edit(doc: DocxDocument) -> None:
        for e in edits:
            e(doc)

    return edit


def add_element_text(doc: DocxDocument, text: str) -> None:
    """Append a paragraph after the body's first paragraph (for injected strings)."""
    el = OxmlElement("w:p")
    doc.paragraphs[4]._p.addnext(el)
    Paragraph(el, doc.paragraphs[4]._parent).add_run(text)


def apply(src: Path, dst: Path, edit: Edit) -> Path:
    doc = Document(str(src))
    edit(doc)
    doc.save(str(dst))
    return dst


# -- PDFs -----------------------------------------------------------------------------------------
def pdf_with_font(path: Path, text: str = "Hello") -> Path:
    """A one-page A4 PDF whose text uses Helvetica, not embedded (a standard-14 font); each
    line of ``text`` on its own line of the page."""
    shows = " 0 -14 Td ".join(f"({line}) Tj" for line in text.split("\n"))
    content = f"BT /F1 12 Tf 72 720 Td {shows} ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def blank_pdf(
    path: Path, width_pt: float = 612, height_pt: float = 792, password: str | None = None
) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=width_pt, height=height_pt)
    if password:
        w.encrypt(password)
    with path.open("wb") as fh:
        w.write(fh)
    return path


TEXTBOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">
<w:drawing><wps:wsp><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx></wps:wsp>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paras}
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def text_box_header(doc: DocxDocument) -> None:
    """Move the Quốc hiệu and Tiêu ngữ into a Word text box (with its VML fallback copy)."""
    from lxml import etree

    national = next(par for par in paragraphs(doc) if par.text.startswith("CỘNG HÒA"))
    motto = next(par for par in paragraphs(doc) if par.text.startswith("Độc lập"))
    paras = "".join(
        f"<w:p><w:r><w:rPr><w:b/>{size}</w:rPr><w:t>{t}</w:t></w:r></w:p>"
        for t, size in ((national.text, '<w:sz w:val="26"/>'), (motto.text, ""))
    )
    xml = TEXTBOX.format(paras=paras)
    set_text(national, "")
    set_text(motto, "")
    doc.paragraphs[0]._p.append(etree.fromstring(xml))
