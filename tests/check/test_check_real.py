"""``docgen check`` on documents written the way real offices write them (issue 13): drafts with
blanks for the văn thư, công văn, issuer names over two lines, NFD text, tab-laid headers,
framed trích yếu, lists of căn cứ, signer prefixes. Each document is built with python-docx."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import check_docs as cd
import pytest
from docx.document import Document as DocxDocument
from docx.shared import Pt

from docgen.check.engine import Checker, Finding, Options
from docgen.check.rules import CATALOGUE

C = cd.C


def check(doc: DocxDocument, tmp_path: Path, name: str = "doc", **opts: object) -> list[Finding]:
    path = tmp_path / f"{name}.docx"
    doc.save(str(path))
    return Checker(Options(**opts)).check_file(path)  # type: ignore[arg-type]


def codes(found: list[Finding]) -> list[str]:
    return sorted(f.code for f in found if f.code != "VB113")


def quyetdinh(
    number: str = "Số: 125/QĐ-UBND",
    date: str = "Lâm Đồng, ngày 05 tháng 3 năm 2025",
    issuer: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"),
    signer: str = "KT. CHỦ TỊCH",
) -> DocxDocument:
    """A provincial decision: issuer on two bold lines, căn cứ list, Điều 1..3, KT. signer."""
    doc = cd.new_doc()
    t = doc.add_table(rows=2, cols=2)
    a, b = t.rows[0].cells
    run = a.paragraphs[0].add_run(issuer[0])
    run.bold, run.font.size = True, Pt(13)
    for line in issuer[1:]:
        cd.p(a, line, bold=True, align=C, size=13)
    national = b.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    national.bold, national.font.size = True, Pt(13)
    cd.p(b, "Độc lập - Tự do - Hạnh phúc", bold=True, align=C)
    t.rows[1].cells[0].paragraphs[0].text = number
    t.rows[1].cells[1].paragraphs[0].add_run(date).italic = True
    cd.p(doc, "QUYẾT ĐỊNH", bold=True, align=C)
    cd.p(doc, "Về việc khen thưởng phong trào khuyến học năm 2024", bold=True, align=C)
    cd.p(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", bold=True, align=C)
    cd.p(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
    cd.p(doc, "Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành")
    cd.p(doc, "Căn cứ Quyết định số 12/QĐ-UBND ngày 10 tháng 01 năm 2024 của UBND tỉnh;")
    cd.p(doc, "Theo đề nghị của Giám đốc Sở Nội vụ.")
    cd.p(doc, "QUYẾT ĐỊNH:", bold=True, align=C)
    cd.p(doc, "Điều 1. Tặng Bằng khen cho 05 tập thể có thành tích xuất sắc trong năm 2024.")
    cd.p(doc, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    cd.p(doc, "Điều 3. Chánh Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành./.")
    cd.signature(
        doc,
        ["- Như Điều 3;", "- Lưu: VT, NV."],
        [signer, "PHÓ CHỦ TỊCH"],
        "Nguyễn Văn Bình",
    )
    return doc


def congvan(subject_in_cell: bool = True) -> DocxDocument:
    """Mẫu 1.5: no type line; "V/v …" under the number; Kính gửi; issuer-unit symbol."""
    doc = cd.new_doc()
    cd.header(
        doc,
        "Số: 215/SGDĐT-VP",
        "Lâm Đồng, ngày 12 tháng 3 năm 2025",
        issuer=("UBND TỈNH LÂM ĐỒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    )
    cell = doc.tables[0].rows[1].cells[0]
    cd.p(cell, "V/v tổng kết phong trào khuyến học năm 2024", align=C, size=12)
    cd.p(doc, "Kính gửi: Các phòng giáo dục và đào tạo.", align=C)
    cd.p(
        doc,
        "Thực hiện Kế hoạch số 20/KH-UBND ngày 15 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh, "
        "Sở Giáo dục và Đào tạo đề nghị các đơn vị gửi báo cáo tổng kết trước ngày 30/3/2025.",
    )
    cd.p(doc, "Sở Giáo dục và Đào tạo đề nghị các đơn vị khẩn trương thực hiện./.")
    cd.signature(
        doc, ["- Như trên;", "- Lưu: VT, VP."], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Trần Văn Cường"
    )
    return doc


# -- 1. drafts ------------------------------------------------------------------------------------
def test_draft_with_blank_number_and_day_is_one_info_line(tmp_path: Path) -> None:
    doc = quyetdinh("Số:      /QĐ-UBND", "Lâm Đồng, ngày      tháng 9 năm 2025")
    found = check(doc, tmp_path)
    assert [(f.code, f.severity) for f in found if f.code != "VB113"] == [("VB117", "info")]
    [f] = [f for f in found if f.code == "VB117"]
    assert CATALOGUE["VB117"].message("vi", f.args) == (
        "Chưa cấp số, ngày: văn thư điền khi ban hành"
    )


def test_issued_document_with_blanks_is_an_error(tmp_path: Path) -> None:
    doc = quyetdinh("Số:      /QĐ-UBND", "Lâm Đồng, ngày      tháng 9 năm 2025")
    found = check(doc, tmp_path, stage="issued")
    assert [(f.code, f.severity) for f in found if f.code != "VB113"] == [("VB118", "error")]


def test_blank_number_beside_a_complete_date_is_always_reported(tmp_path: Path) -> None:
    found = check(quyetdinh("Số:      /QĐ-UBND"), tmp_path, stage="draft")
    assert codes(found) == ["VB117", "VB119"]


# -- 2. issuer on two lines; 11. signer prefixes --------------------------------------------------
def test_a_correct_issued_decision_has_no_finding(tmp_path: Path) -> None:
    found = check(quyetdinh(), tmp_path)
    assert codes(found) == [], [(f.code, f.location, f.args) for f in found]


def test_issuer_name_on_two_bold_lines_is_one_name(tmp_path: Path) -> None:
    found = check(quyetdinh(issuer=("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG")), tmp_path)
    assert "VB523" not in codes(found)


def test_signer_prefixes_are_the_decree_forms(tmp_path: Path) -> None:
    for signer, expected in (
        ("T/M. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
        ("KT.CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ):
        found = check(quyetdinh(signer=signer), tmp_path, expected[:2])
        [f] = [f for f in found if f.code == "VB112"]
        # A wrong form is an error; only the space missing after the period, a warning.
        assert f.args["expected"] == expected
        assert f.severity == ("warning" if signer.startswith("KT.") else "error")


# -- 3. NFD ---------------------------------------------------------------------------------------
def test_decomposed_text_is_read_after_nfc_and_reported_once(tmp_path: Path) -> None:
    doc = quyetdinh()
    for par in cd.paragraphs(doc):
        for run in par.runs:
            run.text = unicodedata.normalize("NFD", run.text)
    found = check(doc, tmp_path)
    assert codes(found) == ["VB404"]
    [f] = [f for f in found if f.code == "VB404"]
    assert f.args["n"] > 10


# -- 4. profiles ----------------------------------------------------------------------------------
def test_docgen_sections_are_only_in_the_docgen_profile(tmp_path: Path) -> None:
    doc = cd.totrinh()
    cd.replace("Căn cứ kết quả chấm điểm", "Theo kết quả chấm điểm")(doc)
    cd.replace("Căn cứ Kế hoạch số 02/KH-HKH", "Thực hiện Kế hoạch số 02/KH-HKH")(doc)
    assert codes(check(doc, tmp_path)) == []
    assert codes(check(doc, tmp_path, profile="docgen")) == ["VB121"]


# -- 5. công văn and other types ------------------------------------------------------------------
def test_cong_van_is_recognised_with_its_components(tmp_path: Path) -> None:
    from docgen.check import config, structure
    from docgen.reader.read import read

    path = tmp_path / "cv.docx"
    congvan().save(str(path))
    st = structure.analyse(read(path), config.load())
    assert st.kind == "congvan"
    assert [ln.text for ln in st.subject] == ["V/v tổng kết phong trào khuyến học năm 2024"]
    assert st.addressee is not None and st.place_date is not None
    assert codes(Checker().check_file(path)) == []


def test_cong_van_without_recipients_is_reported(tmp_path: Path) -> None:
    doc = congvan()
    cd.replace("Nơi nhận:", "")(doc)
    assert "VB201" in codes(check(doc, tmp_path))


def test_other_types_are_recognised(tmp_path: Path) -> None:
    from docgen.check import config, structure
    from docgen.reader.read import read

    for type_line, kind in (
        ("GIẤY MỜI", "giaymoi"),
        ("THÔNG BÁO", "thongbao"),
        ("CÔNG ĐIỆN", "congdien"),
        ("CHỈ THỊ", "chithi"),
        ("QUYẾT ĐỊNH", "quyetdinh"),
        ("BÁO CÁO", "baocao"),
        ("BIÊN BẢN", "bienban"),
    ):
        doc = quyetdinh()
        cd.set_para("QUYẾT ĐỊNH", type_line)(doc)
        path = tmp_path / f"{kind}.docx"
        doc.save(str(path))
        assert structure.analyse(read(path), config.load()).kind == kind, type_line


# -- 6. trích yếu ---------------------------------------------------------------------------------
def test_subject_as_bold_paragraph_or_in_a_one_cell_table(tmp_path: Path) -> None:
    doc = quyetdinh()
    par = next(p for p in cd.paragraphs(doc) if p.text.startswith("Về việc khen"))
    par.alignment = None  # typed flush left, but bold, right under the type line
    assert "VB110" not in codes(check(doc, tmp_path, "bold"))

    doc = quyetdinh()
    par = next(p for p in cd.paragraphs(doc) if p.text.startswith("Về việc khen"))
    box = doc.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    cd.p(cell, par.text, bold=True, align=C)
    cell._tc.remove(cell.paragraphs[0]._p)
    par._p.addnext(box._tbl)
    par._p.getparent().remove(par._p)
    assert "VB110" not in codes(check(doc, tmp_path, "framed"))


# -- 7. numbering ---------------------------------------------------------------------------------
def test_numbering_gap_only_when_a_number_is_missing(tmp_path: Path) -> None:
    doc = cd.baocao()
    cd.replace("Chi hội tổ chức 04 buổi", "3. Tuyên truyền trên bảng tin nhà trường.")(doc)
    cd.replace("Quỹ khuyến học năm 2024", "4. Quỹ khuyến học năm 2024")(doc)
    # "2." then "3." then "4.": the long "3." ending with "." still counts.
    assert "VB124" not in codes(check(doc, tmp_path, "ok"))
    doc = cd.baocao()
    cd.replace("2. Quỹ khuyến học", "4. Quỹ khuyến học")(doc)  # 2 and 3 are nowhere
    [f] = [f for f in check(doc, tmp_path, "gap") if f.code == "VB124"]
    assert (f.args["prev"], f.args["found"]) == (1, 4)


# -- 8. headers with tabs -------------------------------------------------------------------------
def test_header_laid_out_with_tabs_in_one_paragraph(tmp_path: Path) -> None:
    doc = cd.new_doc()
    for left, right, bold in (
        ("UBND TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (False, True)),
        ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Độc lập - Tự do - Hạnh phúc", (True, True)),
        ("Số: 215/TB-SGDĐT", "Lâm Đồng, ngày 12 tháng 3 năm 2025", (False, False)),
    ):
        par = doc.add_paragraph()
        a = par.add_run(left)
        a.bold, a.font.size = bold[0], Pt(13)
        par.add_run("\t\t")
        b = par.add_run(right)
        b.bold, b.font.size, b.italic = bold[1], Pt(13), left.startswith("Số")
    cd.p(doc, "THÔNG BÁO", bold=True, align=C)
    cd.p(doc, "Kết quả xét thi đua năm 2024", bold=True, align=C)
    cd.p(doc, "Sở Giáo dục và Đào tạo thông báo kết quả xét thi đua năm 2024 như sau./.")
    cd.signature(doc, ["- Các trường;", "- Lưu: VT."], ["GIÁM ĐỐC"], "Trần Văn Cường")
    found = check(doc, tmp_path)
    assert not {"VB101", "VB102", "VB104", "VB105", "VB107"} & set(codes(found)), codes(found)


# -- 9. citations ---------------------------------------------------------------------------------
def test_citation_date_belongs_to_the_act_before_it(tmp_path: Path) -> None:
    """Nghị định 98/2023 has no date in its line; the next act's date is not its date."""
    found = check(quyetdinh(), tmp_path)
    assert not {"VB313", "VB314", "VB305"} & set(codes(found))


# -- 11. under-rated defects ----------------------------------------------------------------------
def test_misspelt_national_title_is_an_error_and_says_which_letter(tmp_path: Path) -> None:
    doc = quyetdinh()
    cd.replace("CỘNG HÒA", "CÔNG HÒA")(doc)
    [f] = [f for f in check(doc, tmp_path) if f.code == "VB103"]
    assert f.severity == "error"
    assert 'khác ở ký tự "Ô"' in CATALOGUE["VB103"].message("vi", f.args)


def test_month_with_a_superfluous_zero_is_an_error(tmp_path: Path) -> None:
    doc = quyetdinh(date="Lâm Đồng, ngày 05 tháng 04 năm 2025")
    [f] = [f for f in check(doc, tmp_path) if f.code in ("VB302", "VB303")]
    assert (f.code, f.severity) == ("VB303", "error")
    assert f.args["expected"] == "ngày 05 tháng 4 năm 2025"
    # Also in a draft whose day is left blank for the văn thư.
    doc = quyetdinh("Số:      /QĐ-UBND", "Lâm Đồng, ngày      tháng 04 năm 2025")
    [f] = [f for f in check(doc, tmp_path, "draft") if f.code == "VB303"]
    assert f.severity == "error" and f.args["expected"] == "tháng 4 năm 2025"


# -- layouts of older Word files --------------------------------------------------------------
def test_page_number_at_a_centre_tab_stop_is_centred(tmp_path: Path) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = quyetdinh()
    cd.p(doc, "Điều 4. Nội dung dài. " * 300)  # two pages or more: a page number is needed
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    par = sec.header.paragraphs[0]
    par.paragraph_format.tab_stops.add_tab_stop(Mm(80), WD_TAB_ALIGNMENT.CENTER)
    par.add_run("\t")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    par._p.append(field)
    assert "VB508" not in codes(check(doc, tmp_path, "tab"))
    par.paragraph_format.tab_stops[0].alignment = WD_TAB_ALIGNMENT.LEFT
    [f] = [f for f in check(doc, tmp_path, "left") if f.code == "VB508"]
    assert CATALOGUE["VB508"].message("vi", f.args) == "Số trang: không căn giữa, cần căn giữa"
    # The expected value is in the message (issue 15).
    par.paragraph_format.tab_stops[0].alignment = WD_TAB_ALIGNMENT.CENTER
    par.runs[0].font.size = Pt(12)
    [f] = [f for f in check(doc, tmp_path, "small") if f.code == "VB508"]
    assert CATALOGUE["VB508"].message("vi", f.args) == "Số trang: cỡ 12 pt, cần 13–14 pt"
    assert CATALOGUE["VB508"].message("en", f.args) == "Page number: size 12 pt, expected 13–14 pt"


def test_drafter_initials_after_the_file_copy_line(tmp_path: Path) -> None:
    """ "- Lưu: VT, NC.Châu": the drafter's name after the final period (ô 12) is no defect."""
    for luu, bad in (("- Lưu: VT, NC.Châu", False), ("- Lưu: VT, NC", True)):
        doc = quyetdinh()
        cd.replace("- Lưu: VT, NV.", luu)(doc)
        assert ("VB206" in codes(check(doc, tmp_path, str(bad)))) is bad, luu


def test_a_note_beside_a_recipient_is_not_part_of_it(tmp_path: Path) -> None:
    doc = quyetdinh()
    cd.replace("- Như Điều 3;", "- Như Điều 3;  Để đăng dự thảo")(doc)
    assert "VB205" not in codes(check(doc, tmp_path))


def test_a_label_that_differs_invisibly_says_which_character(tmp_path: Path) -> None:
    doc = quyetdinh()
    cd.replace("Nơi nhận:", "Nơi\u00a0nhận:")(doc)  # a no-break space: looks the same
    [f] = [f for f in check(doc, tmp_path) if f.code == "VB202"]
    assert CATALOGUE["VB202"].message("vi", f.args) == (
        'Nhãn phải viết "Nơi nhận:", gặp "Nơi\u00a0nhận:" (khác ở ký tự "\u00a0" '
        '(U+00A0 NO-BREAK SPACE), cần " " (U+0020 SPACE))'
    )


def test_builtin_rules_are_validated_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.check import config

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = config.load()
    [cached] = [p for p in (tmp_path / "docgen").iterdir() if p.name.startswith("rules-")]
    assert config.load().raw == first.raw
    cached.write_text('{"source": "someone else", "data": {}}', encoding="utf-8")
    assert config.load().raw == first.raw  # not ours: the file is validated again
