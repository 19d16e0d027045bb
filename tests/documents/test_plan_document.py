"""The generated 2024 plan: its actual text, structure and Decree 30 layout, in .docx and PDF."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.pipeline import BuildResult
from tests.helpers import docx_text, needs_soffice, pdftotext, plain


@pytest.fixture(scope="module")
def plan_docx(built_2024: BuildResult):
    return built_2024.out_dir / "ke-hoach-2024.docx"


@pytest.fixture(scope="module")
def text(plan_docx) -> str:
    return docx_text(plan_docx)


def test_header_block(plan_docx) -> None:
    doc = Document(str(plan_docx))
    header = doc.tables[0]
    cells = [[plain(c.text) for c in row.cells] for row in header.rows]
    assert cells[0][0].splitlines() == [
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "THÀNH PHỐ HỒ CHÍ MINH",
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
    ]
    assert cells[0][1].splitlines()[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert cells[1] == ["Số: 89/KH-NK", "Thành phố Hồ Chí Minh, ngày 06 tháng 5 năm 2024"]
    date_para = header.rows[1].cells[1].paragraphs[0]
    assert date_para.style.font.italic is True
    issuer = header.rows[0].cells[0].paragraphs[2]
    assert issuer.style.font.bold is True
    assert header.rows[0].cells[0].paragraphs[0].style.font.bold is False


def test_title_and_sections(text: str) -> None:
    lines = text.splitlines()
    i = lines.index("KẾ HOẠCH")
    assert lines[i + 1 : i + 3] == [
        "Thực hiện phong trào thi đua năm 2024",
        "của Chi hội Khuyến học Trường THPT Nguyễn Khuyến",
    ]
    headings = [ln for ln in lines if ln[:3] in ("I. ", "II.", "III")]
    assert headings == [
        "I. MỤC TIÊU, YÊU CẦU",
        "II. TỔ CHỨC THỰC HIỆN",
        "III. THỰC HIỆN CÔNG TÁC THI ĐUA - KHEN THƯỞNG",
    ]
    assert [ln for ln in lines if ln.startswith("Nội dung")] == [
        "Nội dung 1: Tham mưu xây dựng Cấp ủy theo mô hình 4 có (20 điểm)",
        "Nội dung 2: Xây dựng Hội khuyến học Phường, khu phố theo mô hình 6 có (32 điểm)",
        "Nội dung 3: Quỹ khuyến học và các chương trình học bổng (20 điểm)",
        "Nội dung 4: Công tác tập huấn, tuyên truyền và thi đua, khen thưởng (20 điểm)",
    ]
    assert "1. Triển khai thực hiện" in lines and "2. Quy định về tiêu chuẩn khen thưởng" in lines


def test_body_text_is_the_restored_plan(text: str) -> None:
    assert (
        "Căn cứ Kế hoạch số 02/KH-HKH ngày 22 tháng 01 năm 2024 của Hội Khuyến học Ủy ban "
        "nhân dân Quận 10 về thực hiện phong trào thi đua năm 2024"
    ) in text
    assert (
        "theo Quyết định số 1315/QĐ-TTg ngày 09 tháng 11 năm 2023 của Thủ tướng Chính phủ" in text
    )
    # Thông tư 22 is cited with its real number and date in both places (the OCR said 2022 once).
    assert text.count("Thông tư số 22/2020/TT-BGDĐT ngày 06 tháng 8 năm 2020") == 2
    assert "2022" not in text
    assert (
        "Quyết định số 222/QĐ-HKHVN của Trung ương Hội Khuyến học Việt Nam (hồ sơ theo mẫu)" in text
    )
    assert "cao hơn so với năm 2023”." in text
    assert "học bổng 1&1" in text  # escaped correctly, not broken XML
    assert text.count("./.") == 1 and "đạt kết quả tốt./." in text
    assert "{{" not in text and "{%" not in text and "None" not in text
    assert unicodedata.is_normalized("NFC", text)


def test_distribution_and_signer(plan_docx) -> None:
    doc = Document(str(plan_docx))
    sig = doc.tables[-1]
    left = sig.rows[0].cells[0].paragraphs
    assert [plain(p.text) for p in left] == [
        "Nơi nhận:",
        "- Hội Khuyến học Quận 10;",
        "- HĐSP nhà trường;",
        "- Lưu: VT, PHTCSVC.",
    ]
    label = left[0].style.font
    assert (label.bold, label.italic, label.size) == (True, True, Pt(12))
    assert all(p.style.font.size == Pt(11) for p in left[1:])
    right = [plain(p.text) for p in sig.rows[0].cells[1].paragraphs]
    assert right[0] == "HIỆU TRƯỞNG"


def test_page_layout(plan_docx) -> None:
    doc = Document(str(plan_docx))
    [sec] = doc.sections
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= sec.top_margin <= Mm(25) and Mm(20) <= sec.bottom_margin <= Mm(25)
    assert Mm(30) <= sec.left_margin <= Mm(35) and Mm(15) <= sec.right_margin <= Mm(20)
    # Page number: a PAGE field centred in the header, none on the first page.
    assert sec.different_first_page_header_footer
    header_xml = sec.header._element.xml
    assert "PAGE" in header_xml and sec.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in sec.first_page_header._element.xml


def test_fonts_are_times_new_roman_everywhere(plan_docx) -> None:
    doc = Document(str(plan_docx))
    styles = doc.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        assert not any("Theme" in a for a in rfonts.attrib), rfonts.attrib
        for slot in ("w:ascii", "w:hAnsi"):
            assert rfonts.get(qn(slot)) in (None, "Times New Roman")
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:hAnsi")) == "Times New Roman"
    body = doc.styles["VB Body"]
    assert body.font.size == Pt(14)
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body.paragraph_format.space_after >= Pt(6)
    for p in doc.paragraphs:
        for run in p.runs:
            assert run.font.name in (None, "Times New Roman")


def test_document_properties_come_from_content(plan_docx) -> None:
    props = Document(str(plan_docx)).core_properties
    assert props.author == "Trường THPT Nguyễn Khuyến"
    assert props.title.startswith("Kế hoạch Thực hiện phong trào thi đua năm 2024")
    assert props.created.date().isoformat() == "2024-05-06"


def test_manifest_lists_every_file(built_2024: BuildResult) -> None:
    manifest = json.loads((built_2024.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["year"] == 2024
    for doc in manifest["documents"]:
        path = built_2024.out_dir / doc["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == doc["sha256"]
    plan = [d for d in manifest["documents"] if d["kind"] == "plan"]
    assert {d["format"] for d in plan} >= {"docx"}


@needs_soffice
def test_pdf(built_2024: BuildResult) -> None:
    pdf = built_2024.out_dir / "ke-hoach-2024.pdf"
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)
    assert 2 <= pages <= 5
    text = pdftotext(pdf)
    assert "KẾ HOẠCH" in text and "Thực hiện phong trào thi đua năm 2024" in text
    assert "Số: 89/KH-NK" in text and "ngày 06 tháng 5 năm 2024" in text
    page2 = text.split("\f")[1]
    assert page2.strip().splitlines()[0].strip() == "2"  # page number at the top of page 2
    first = text.split("\f")[0].strip().splitlines()[0]
    assert not first.strip().isdigit()  # no number on page 1
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
