"""``docgen check`` where the hold-out set of real documents (tests/corpus/real/SOURCES-holdout.csv)
showed it wrong. Each case is a small document built with python-docx, never a fetched file; each
rule has its trigger and its no-trigger case."""

from __future__ import annotations

from pathlib import Path

import check_docs as cd
from docx.document import Document as DocxDocument
from docx.shared import Pt
from test_check_real import check, codes, quyetdinh

C = cd.C


def four_row_signature(doc: DocxDocument, authority: str) -> None:
    """The signature table as Word users build it: the Nơi nhận cell merged down four rows,
    the signer's authority in row 1 and the name in row 4."""
    t = doc.add_table(rows=4, cols=2)
    left = t.cell(0, 0).merge(t.cell(3, 0))
    label = left.paragraphs[0].add_run("Nơi nhận:")
    label.bold, label.italic, label.font.size = True, True, Pt(12)
    for item in ("- Sở Giáo dục và Đào tạo;", "- Lưu: VT."):
        cd.p(left, item, size=11)
    for row, text in ((0, authority), (1, "PHÓ HIỆU TRƯỞNG"), (3, "Trần Thanh Vũ")):
        cd.p(t.cell(row, 1), text, bold=True, align=C)


def plan(authority: str) -> DocxDocument:
    doc = cd.new_doc()
    cd.header(
        doc,
        "Số: 58/KH-THPTCL2",
        "Đồng Tháp, ngày 15 tháng 4 năm 2026",
        issuer=("SỞ GDĐT TỈNH ĐỒNG THÁP", "TRƯỜNG THPT CAO LÃNH 2"),
    )
    cd.p(doc, "KẾ HOẠCH", bold=True, align=C)
    cd.p(doc, "Tổ chức sinh hoạt chuyên môn môn Lịch sử năm học 2025 - 2026", bold=True, align=C)
    cd.p(doc, "Trường THPT Cao Lãnh 2 xây dựng kế hoạch tổ chức sinh hoạt chuyên môn như sau./.")
    four_row_signature(doc, authority)
    return doc


def test_signer_in_a_four_row_signature_table_is_found(tmp_path: Path) -> None:
    # No trigger: written as the decree says, nothing is reported about the signer.
    found = codes(check(plan("KT. HIỆU TRƯỞNG"), tmp_path, "good"))
    assert not {"VB111", "VB112"} & set(found), found
    # Trigger: "KT.HIỆU TRƯỞNG" is the signer's authority written without the space (VB112),
    # not a missing signer (VB111).
    found = check(plan("KT.HIỆU TRƯỞNG"), tmp_path, "nospace")
    assert "VB111" not in codes(found)
    [f] = [f for f in found if f.code == "VB112"]
    assert (f.severity, f.args["expected"]) == ("warning", "KT. HIỆU TRƯỞNG")


def run_together_header(national: str) -> DocxDocument:
    """The first header line as a PDF's text layer gives it when the issuer's column runs into
    the Quốc hiệu: one line, no tab between them."""
    doc = cd.new_doc()
    for text in (
        f"SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH {national}",
        "ĐỒNG THÁP",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 355/BC-HĐXTH",
        "Đồng Tháp, ngày 13 tháng 4 năm 2026",
    ):
        cd.p(doc, text, bold=not text.startswith(("Số", "Đồng Tháp,")), size=13)
    cd.p(doc, "BÁO CÁO", bold=True, align=C)
    cd.p(doc, "Kết quả thẩm định hồ sơ xét thăng hạng năm 2025", bold=True, align=C)
    cd.p(doc, "Hội đồng báo cáo kết quả thẩm định hồ sơ như sau./.")
    cd.signature(doc, ["- UBND tỉnh;", "- Lưu: VT."], ["TM. HỘI ĐỒNG", "CHỦ TỊCH"], "Lê Quang Trí")
    return doc


def test_national_title_after_the_issuer_on_one_line(tmp_path: Path) -> None:
    found = codes(check(run_together_header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), tmp_path, "a"))
    assert "VB101" not in found, found
    # Trigger: the line holds no Quốc hiệu at all.
    found = codes(check(run_together_header("VÀ CÁC ĐƠN VỊ TRỰC THUỘC"), tmp_path, "b"))
    assert "VB101" in found, found


def test_a_sentence_naming_the_republic_is_not_the_national_title(tmp_path: Path) -> None:
    doc = quyetdinh()
    for par in doc.tables[0].rows[0].cells[1].paragraphs:
        par.text = ""
    doc.paragraphs[3].insert_paragraph_before(
        "Căn cứ Hiến pháp nước CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM năm 2013;"
    )
    assert "VB101" in codes(check(doc, tmp_path))


def regulation(annex_line: str | None) -> DocxDocument:
    """A quy định issued with a decision: Quốc hiệu and issuer, no number, date or Nơi nhận."""
    doc = cd.new_doc()
    t = doc.add_table(rows=1, cols=2)
    a, b = t.rows[0].cells
    cd.p(a, "ỦY BAN NHÂN DÂN", bold=True, align=C, size=13)
    cd.p(a, "THÀNH PHỐ CẦN THƠ", bold=True, align=C, size=13)
    cd.p(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=C, size=13)
    cd.p(b, "Độc lập - Tự do - Hạnh phúc", bold=True, align=C)
    cd.p(doc, "QUY ĐỊNH", bold=True, align=C)
    cd.p(doc, "Việc tuyển chọn tổ chức chủ trì nhiệm vụ khoa học và công nghệ", bold=True, align=C)
    if annex_line:
        cd.p(doc, annex_line, italic=True, align=C)
    cd.p(doc, "Chương I", bold=True, align=C)
    cd.p(doc, "Điều 1. Quy định này áp dụng cho các nhiệm vụ khoa học và công nghệ cấp thành phố.")
    cd.p(doc, "Điều 2. Sở Khoa học và Công nghệ hướng dẫn thực hiện Quy định này.")
    cd.signature(doc, None, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Trần Thanh Mẫn")
    return doc


def test_an_annex_has_its_decisions_number_date_and_recipients(tmp_path: Path) -> None:
    annex = "(Ban hành kèm theo Quyết định số 09/2010/QĐ-UBND ngày 21 tháng 01 năm 2010)"
    found = codes(check(regulation(annex), tmp_path, "annex"))
    assert not {"VB105", "VB107", "VB201", "VB115"} & set(found), found
    assert "VB101" not in found and "VB111" not in found
    # Trigger: the same quy định standing on its own lacks all three.
    found = codes(check(regulation(None), tmp_path, "alone"))
    assert {"VB105", "VB107", "VB201"} <= set(found), found


def pdf_lines(lines: list[str]) -> list[str]:
    """Check the text of a one-page A4 PDF given as its lines (what the PDF reader yields), so
    the case is exact and needs no PDF writer able to embed a Vietnamese font."""
    from docgen.check.engine import Checker
    from docgen.reader.outline import Block, DocOutline

    blocks = tuple(
        Block(index=i, where="page", location=f"1:{i + 1}", text=t) for i, t in enumerate(lines)
    )
    outline = DocOutline(Path("p.pdf"), "pdf", blocks, pdf_pages=((210.0, 297.0),))
    return sorted(f.code for f in Checker().check_outline(outline) if f.code != "VB113")


def draft_report(number_lines: list[str], recipients: list[str]) -> list[str]:
    return [
        "UBND TỈNH HẬU GIANG",
        "SỞ TÀI CHÍNH",
        *number_lines[:1],
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        *number_lines[1:],
        "Hậu Giang, ngày      tháng 7 năm 2024",
        "BÁO CÁO",
        "Giá thị trường tháng 7 năm 2024",
        "I. TÌNH HÌNH CHUNG",
        "Sở Tài chính báo cáo tình hình giá thị trường tháng 7 năm 2024 như sau: giá các mặt hàng "
        "thiết yếu ổn định, không có biến động lớn so với tháng trước./.",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        *recipients[:1],
        "PHÓ GIÁM ĐỐC",
        *recipients[1:],
        "Nguyễn Thị Kim Loan",
    ]


ITEMS = ["- Văn phòng UBND tỉnh;", "- Các Sở: CT, LĐTBXH, TNMT, XD,", "TTTT, NN&PTNT, GTVT;"]


def test_a_drafts_number_split_over_two_pdf_lines(tmp_path: Path) -> None:
    items = [*ITEMS, "- Lưu: VT, QLG."]
    # "Số:" and "/BC-STC" as separate text objects: a draft's blank number, not a missing one.
    found = pdf_lines(draft_report(["Số:", "/BC-STC"], items))
    assert "VB105" not in found and found.count("VB117") == 1, found
    # Trigger: no symbol anywhere after the lone "Số:".
    assert "VB105" in pdf_lines(draft_report(["Số:", "Báo cáo định kỳ"], items))


def test_a_recipient_continued_in_capitals_on_the_next_pdf_line(tmp_path: Path) -> None:
    head = ["Số: 12/BC-STC"]
    # "- Các Sở: CT, …, XD," / "TTTT, NN&PTNT, GTVT;" is one item that wrapped.
    found = pdf_lines(draft_report(head, [*ITEMS, "- Lưu: VT, QLG."]))
    assert not {"VB204", "VB205"} & set(found), found
    # Trigger: an item that does not end with ";" and is not continued.
    broken = ["- Văn phòng UBND tỉnh", "- Các Sở: CT, LĐTBXH, TNMT, XD;", "- Lưu: VT, QLG."]
    assert "VB205" in pdf_lines(draft_report(head, broken))


def assignment(number: str | None) -> DocxDocument:
    """A "PHÂN CÔNG NHIỆM VỤ": not a type name of the decree, but a header like any document."""
    doc = cd.new_doc()
    cd.header(
        doc,
        number or "",
        "Quảng Bình, ngày 04 tháng 5 năm 2021",
        issuer=("SỞ NỘI VỤ", "PHÒNG THI ĐUA, KHEN THƯỞNG"),
    )
    if number is None:
        for par in doc.tables[0].rows[1].cells[0].paragraphs:
            par.text = ""
    cd.p(doc, "PHÂN CÔNG NHIỆM VỤ CÁC THÀNH VIÊN PHÒNG", bold=True, align=C)
    cd.p(doc, "1. Trưởng phòng phụ trách chung, quản lý các thành viên trong Phòng.")
    cd.p(doc, "Phòng Thi đua, khen thưởng thông báo để các đơn vị thuộc Sở biết, phối hợp./.")
    cd.signature(doc, ["- Lãnh đạo Sở;", "- Lưu: VT."], ["TRƯỞNG PHÒNG"], "Hồ Quyết Thắng")
    return doc


def test_untyped_document_with_a_header_is_checked_for_the_common_components(
    tmp_path: Path,
) -> None:
    found = check(assignment(None), tmp_path, "nonumber")
    assert "VB902" in codes(found)
    [f] = [f for f in found if f.code == "VB105"]
    assert f.severity == "warning"
    # No trigger: with its number, nothing but the unrecognised type is said.
    assert codes(check(assignment("Số: 12/PC-TĐKT"), tmp_path, "number")) == ["VB902"]
    # A note with no header at all (no Quốc hiệu, number or date) is still only VB902.
    doc = cd.new_doc()
    cd.p(doc, "Thân gửi các thầy cô,")
    cd.p(doc, "Chi hội mời các thầy cô dự buổi sinh hoạt chiều thứ Sáu.")
    assert codes(check(doc, tmp_path, "note")) == ["VB902"]


def report_with_sections(inner: list[str]) -> list[str]:
    lines = draft_report(["Số: 12/BC-STC"], [*ITEMS, "- Lưu: VT, QLG."])
    at = lines.index("I. TÌNH HÌNH CHUNG") + 1
    body = [
        f"{n}. {t}"
        for n, t in zip(
            inner,
            (
                "Hàng ăn và dịch vụ ăn uống",
                "Đồ uống và thuốc lá",
                "May mặc, mũ nón, giày dép",
                "Nhà ở, điện, nước",
            )[: len(inner)],
            strict=True,
        )
    ]
    return [*lines[:at], *body, "II. DIỄN BIẾN GIÁ MỘT SỐ HÀNG HÓA", *lines[at:]]


def test_a_list_numbered_again_inside_a_section_is_no_gap(tmp_path: Path) -> None:
    # Section I holds the price groups I, II, III; then section II: numbered as it should be.
    assert "VB122" not in pdf_lines(report_with_sections(["I", "II", "III"]))
    # Trigger: a group is missing inside the inner list (I, II, IV).
    assert "VB122" in pdf_lines(report_with_sections(["I", "II", "IV"]))


def letter_to(addressee: str, items: list[str]) -> DocxDocument:
    doc = cd.new_doc()
    cd.header(
        doc,
        "Số: 12/BC-STC",
        "Hậu Giang, ngày 05 tháng 8 năm 2024",
        issuer=("UBND TỈNH HẬU GIANG", "SỞ TÀI CHÍNH"),
    )
    cd.p(doc, "BÁO CÁO", bold=True, align=C)
    cd.p(doc, "Giá thị trường tháng 7 năm 2024", bold=True, align=C)
    cd.p(doc, f"Kính gửi: {addressee}", align=C)
    cd.p(doc, "Sở Tài chính báo cáo tình hình giá thị trường tháng 7 năm 2024 như sau./.")
    cd.signature(doc, items, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Nguyễn Thị Kim Loan")
    return doc


def test_an_addressee_named_in_the_list_stands_for_nhu_tren(tmp_path: Path) -> None:
    to = "Bộ Tài chính (Cục Quản lý giá)."
    named = ["- Cục QL giá (Văn phòng A, B);", "- Văn phòng UBND tỉnh;", "- Lưu: VT, QLG."]
    assert "VB209" not in codes(check(letter_to(to, named), tmp_path, "named"))
    # Trigger: neither "Như trên" nor the addressee in the list.
    other = ["- Văn phòng UBND tỉnh;", "- Lưu: VT, QLG."]
    assert "VB209" in codes(check(letter_to(to, other), tmp_path, "other"))
