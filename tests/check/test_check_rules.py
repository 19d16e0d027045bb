"""``docgen check`` rules: every rule fires on a single-defect document and stays quiet on clean
ones (docgen's own plan, and plain-Word documents written with python-docx directly)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import check_docs as cd
import pytest
from docx.shared import Mm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.check.catalogue import all_rules
from docgen.check.engine import Checker, Finding, Options
from docgen.check.rules import CODE_RE
from docgen.content.load import load_content
from docgen.documents import plan
from docgen.render.engine import render_bytes
from tests.helpers import CONTENT, TEMPLATES, needs_soffice


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docgen's 2024 plan (.docx, no PDF) and the hand-made documents, written once."""
    folder = tmp_path_factory.mktemp("corpus")
    job = plan.jobs(load_content(CONTENT, 2024), TEMPLATES)[0]
    (folder / "plan.docx").write_bytes(render_bytes(job))
    for name, build in cd.HAND_MADE.items():
        build().save(str(folder / f"{name}.docx"))
    cd.letter().save(str(folder / "letter.docx"))
    return folder


def check(path: Path, **opts: object) -> list[Finding]:
    return Checker(Options(**opts)).check_file(path)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


# -- the clean corpus ------------------------------------------------------------------------------
def test_plan_docx_has_no_error_or_warning(corpus: Path) -> None:
    found = check(corpus / "plan.docx")
    assert [(f.code, f.severity) for f in found] == []  # the signer has a name (issue 14)


@pytest.mark.parametrize("name", sorted(cd.HAND_MADE))
def test_hand_made_word_documents_are_clean(corpus: Path, name: str) -> None:
    assert check(corpus / f"{name}.docx") == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("plan", "plan"),
        ("to-trinh", "totrinh"),
        ("bien-ban", "bienban"),
        ("bao-cao", "baocao"),
        ("ke-hoach-go-tay", "plan"),
        ("danh-sach", "danhsach"),
        ("thanh-tich", "thanhtich"),
        ("phieu-cham", "bieumau"),
    ],
)
def test_kind_is_detected_from_the_type_line(corpus: Path, name: str, kind: str) -> None:
    from docgen.check import config, structure
    from docgen.reader import read

    st = structure.analyse(read.read(corpus / f"{name}.docx"), config.load())
    assert st.kind == kind
    assert st.national is not None and st.motto is not None


def test_old_tone_placement_hoa_is_accepted(corpus: Path, tmp_path: Path) -> None:
    doc = cd.apply(corpus / "plan.docx", tmp_path / "hoa.docx", cd.replace("CỘNG HÒA", "CỘNG HOÀ"))
    assert codes(check(doc)) == set()


# -- single-defect variants: one per rule ----------------------------------------------------------
P = "plan"
DATE = "Thành phố Hồ Chí Minh, ngày 06 tháng 5 năm 2024"
TT22 = "ngày 06 tháng 8 năm 2020"
# code -> (base document, edit, checker options)
Variant = tuple[str, Callable | None, dict]
VARIANTS: dict[str, Variant] = {
    "VB101": (P, cd.replace("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ""), {}),
    "VB102": (P, cd.replace("Độc lập - Tự do - Hạnh phúc", ""), {}),
    "VB103": (P, cd.replace("Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"), {}),
    "VB104": (
        P,
        cd.chain(
            cd.replace("SỞ GIÁO DỤC VÀ ĐÀO TẠO", ""),
            cd.replace("THÀNH PHỐ HỒ CHÍ MINH", ""),
            cd.replace("TRƯỜNG THPT NGUYỄN KHUYẾN", ""),
        ),
        {},
    ),
    "VB105": (P, cd.replace("Số: 89/KH-NK", ""), {}),
    "VB106": (P, cd.replace("Số: 89/KH-NK", "Số 5/KH-NK"), {}),
    "VB107": (P, cd.replace(DATE, ""), {}),
    "VB108": (P, cd.replace(DATE, "ngày 06 tháng 5 năm 2024"), {}),
    "VB109": (P, None, {"kind": "totrinh"}),
    "VB110": (
        P,
        cd.chain(
            cd.replace("Thực hiện phong trào thi đua năm 2024", ""),
            cd.replace("của Chi hội Khuyến học Trường THPT Nguyễn Khuyến", ""),
        ),
        {},
    ),
    "VB111": (P, cd.replace("HIỆU TRƯỞNG", ""), {}),
    "VB112": ("to-trinh", cd.replace("TM. BAN CHẤP HÀNH", "T/M BAN CHẤP HÀNH"), {}),
    "VB113": (P, cd.replace("Lê Thị Minh Châu", ""), {}),
    "VB114": ("to-trinh", cd.replace("Nguyễn Văn An", "TS. Nguyễn Văn An"), {}),
    "VB115": (P, cd.replace("đạt kết quả tốt./.", "đạt kết quả tốt."), {}),
    "VB116": ("to-trinh", cd.replace("Kính gửi: Hội Khuyến học Quận 10.", ""), {}),
    "VB117": (P, cd.replace("Số: 89/KH-NK", "Số:      /KH-NK"), {}),
    "VB118": (P, cd.replace("Số: 89/KH-NK", "Số:      /KH-NK"), {"stage": "issued"}),
    "VB119": (P, cd.replace("Số: 89/KH-NK", "Số:      /KH-NK"), {}),
    # Required sections are docgen's own document profile, not the decree's.
    "VB121": (
        P,
        cd.replace("THỰC HIỆN CÔNG TÁC THI ĐUA - KHEN THƯỞNG", "CÔNG TÁC KHÁC"),
        {"profile": "docgen"},
    ),
    "VB122": (P, cd.replace("III. THỰC HIỆN", "IV. THỰC HIỆN"), {}),
    "VB123": (P, cd.replace("Nội dung 3:", "Nội dung 4:"), {}),
    "VB124": (P, cd.replace("2. Quy định", "3. Quy định"), {}),
    "VB131": (P, cd.replace("Số: 89/KH-NK", "Số: 89/TTr-NK"), {}),
    "VB132": ("to-trinh", cd.replace("15/TTr-CHKH", "15/CV-CHKH"), {}),
    "VB201": (P, cd.replace("Nơi nhận:", ""), {}),
    "VB202": (P, cd.replace("Nơi nhận:", "Nơi nhận"), {}),
    "VB203": (
        P,
        cd.chain(
            cd.replace("- Hội Khuyến học Quận 10;", ""),
            cd.replace("- HĐSP nhà trường;", ""),
            cd.replace("- Lưu: VT, PHTCSVC.", ""),
        ),
        {},
    ),
    "VB204": (P, cd.replace("- HĐSP nhà trường;", "HĐSP nhà trường;"), {}),
    "VB205": (P, cd.replace("- HĐSP nhà trường;", "- HĐSP nhà trường"), {}),
    "VB206": (P, cd.replace("- Lưu: VT, PHTCSVC.", "- Lưu: VT, PHTCSVC;"), {}),
    "VB207": (P, cd.replace("- Lưu: VT, PHTCSVC.", "- Phòng Giáo dục."), {}),
    "VB208": (P, cd.replace("- Lưu: VT, PHTCSVC.", "- Lưu VT."), {}),
    "VB209": ("to-trinh", cd.replace("- Như trên;", "- Ban Thường trực;"), {}),
    "VB210": (P, cd.replace("- HĐSP nhà trường;", "- Hội Khuyến học Quận 10;"), {}),
    "VB301": (P, cd.replace(DATE, "Thành phố Hồ Chí Minh, 06/5/2024"), {}),
    "VB302": (P, cd.replace(DATE, "Thành phố Hồ Chí Minh, ngày 6 tháng 5 năm 2024"), {}),
    "VB303": (P, cd.replace("ngày 22 tháng 01 năm 2024", "ngày 22 tháng 1 năm 2024"), {}),
    "VB304": (P, cd.replace("ngày 22 tháng 01 năm 2024", "ngày 30 tháng 02 năm 2024"), {}),
    "VB305": (P, cd.replace("ngày 22 tháng 01 năm 2024", "ngày 22 tháng 12 năm 2024"), {}),
    "VB306": (P, cd.replace(DATE, "Thành phố Hồ Chí Minh, ngày 06 tháng 5 năm 2026"), {}),
    "VB307": (
        P,
        cd.replace(
            "phong trào thi đua năm 2024 của Trường", "phong trào thi đua năm 2023 của Trường"
        ),
        {},
    ),
    "VB311": ("ke-hoach-go-tay", cd.replace("Tổng cộng: 100 điểm.", "Tổng cộng: 90 điểm."), {}),
    "VB312": ("phieu-cham", cd.replace("100", "90"), {}),
    # The 2024 seed's slip: Thông tư 22 cited as 06/8/2022 in one place and 06/8/2020 in another.
    "VB313": (
        "ke-hoach-go-tay",
        cd.replace("ngày 06/8/2020 của Bộ GD-ĐT", "ngày 06/8/2022 của Bộ GD-ĐT"),
        {},
    ),
    "VB314": (P, cd.replace(TT22, "ngày 06 tháng 8 năm 2022"), {}),
    "VB401": (P, cd.replace("Số: 89/KH-NK", "Số: {{ so_ky_hieu }}"), {}),
    "VB402": (P, cd.replace("Hội Khuyến học Quận 10;", "[Tên đơn vị nhận];"), {}),
    "VB403": (P, cd.replace("khuyến tài", "khuy\ufffdn tài"), {}),
    "VB404": (P, cd.nfd("Duy trì thực hiện các bước"), {}),
    "VB405": (P, cd.replace("khuyến tài", "khuyến \u0301tài"), {}),
    "VB406": (P, cd.set_para("Duy trì thực hiện", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"), {}),
    "VB407": (P, cd.set_para("Duy trì thực hiện", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), {}),
    "VB408": (P, cd.run_font("Duy trì thực hiện", ".VnTime"), {}),
    "VB409": (
        P,
        cd.replace("Duy trì thực hiện", "Duy trì thực hiện Céng hoµ x· héi chñ nghÜa"),
        {},
    ),
    "VB501": (P, cd.section(page_width=Mm(216), page_height=Mm(279)), {}),
    "VB502": (P, cd.section(page_width=Mm(297), page_height=Mm(210)), {}),
    "VB503": (P, cd.section(left_margin=Mm(20)), {}),
    "VB504": (P, cd.style_font("VB Body", name="Arial"), {}),
    "VB505": (P, cd.style_font("VB Body", size=12), {}),
    "VB506": (P, cd.drop_page_field, {}),
    "VB507": (P, cd.drop_title_pg, {}),
    "VB508": (P, cd.header_left, {}),
    "VB520": (P, cd.run_format("CỘNG HÒA XÃ HỘI", size=14), {}),
    "VB521": (P, cd.run_format("Độc lập - Tự do", bold=False), {}),
    "VB522": (P, cd.run_format("TRƯỜNG THPT NGUYỄN KHUYẾN", bold=False), {}),
    "VB523": (P, cd.run_format("SỞ GIÁO DỤC VÀ ĐÀO TẠO", bold=True), {}),
    "VB524": (P, cd.run_format(DATE, italic=False), {}),
    "VB525": (P, cd.run_format("KẾ HOẠCH", size=16), {}),
    "VB526": (P, cd.run_format("Thực hiện phong trào thi đua năm 2024", bold=False), {}),
    "VB527": (P, cd.run_format("Nơi nhận:", italic=False), {}),
    "VB528": (P, cd.run_format("- HĐSP nhà trường;", size=13), {}),
    "VB529": (P, cd.run_format("HIỆU TRƯỞNG", bold=False), {}),
    "VB902": ("letter", None, {}),
}


def make_variant(corpus: Path, tmp_path: Path, code: str) -> tuple[Path, dict]:
    base, edit, opts = VARIANTS[code]
    src = corpus / f"{base}.docx"
    if edit is None:
        return src, opts
    return cd.apply(src, tmp_path / f"{code}.docx", edit), opts


@pytest.mark.parametrize("code", sorted(VARIANTS))
def test_single_defect_is_flagged_with_its_rule(corpus: Path, tmp_path: Path, code: str) -> None:
    path, opts = make_variant(corpus, tmp_path, code)
    found = check(path, **opts)
    assert code in codes(found), [(f.code, f.location, f.args) for f in found]
    clean = check(corpus / f"{VARIANTS[code][0]}.docx") if VARIANTS[code][1] else []
    assert code not in codes(clean) or code == "VB113"


def test_variant_findings_point_at_the_defect(corpus: Path, tmp_path: Path) -> None:
    path, _ = make_variant(corpus, tmp_path, "VB205")
    f = next(f for f in check(path) if f.code == "VB205")
    assert re.fullmatch(r"T2R1C1", f.location) and f.excerpt == "- HĐSP nhà trường"
    path, _ = make_variant(corpus, tmp_path, "VB313")
    f = next(f for f in check(path) if f.code == "VB313")
    assert f.args["date"] == "06/08/2020" and f.args["other"] == "06/08/2022"


def test_empty_recipient_label_is_an_error_only_where_required(
    corpus: Path, tmp_path: Path
) -> None:
    def empty_label(doc) -> None:
        cell = doc.tables[-1].rows[0].cells[0]
        label = cell.paragraphs[0].add_run("Nơi nhận:")  # Decree 30: bold italic 12 pt
        label.bold, label.italic, label.font.size = True, True, Pt(12)

    path = cd.apply(corpus / "danh-sach.docx", tmp_path / "ds.docx", empty_label)
    assert [(f.code, f.severity) for f in check(path)] == [("VB203", "warning")]


def test_title_year_in_the_body(corpus: Path, tmp_path: Path) -> None:
    """A later year is an error (a stale or mistyped year); the year before only a warning."""
    for year, severity in (("2025", "error"), ("2023", "warning")):
        edit = cd.replace("thi đua năm 2024 của Trường", f"thi đua năm {year} của Trường")
        path = cd.apply(corpus / "plan.docx", tmp_path / f"{year}.docx", edit)
        [f] = [f for f in check(path) if f.code == "VB307"]
        assert f.severity == severity and f.location == "¶33"


def test_theme_font_overriding_times_new_roman_is_flagged(corpus: Path, tmp_path: Path) -> None:
    doc = cd.apply(
        corpus / "plan.docx", tmp_path / "theme.docx", cd.style_font("VB Body", theme="minorHAnsi")
    )
    found = [f for f in check(doc) if f.code == "VB504"]
    assert found and "Times" not in found[0].args["font"]  # the theme's minor font (Cambria…)


def test_seed_ocr_slip_in_a_hand_typed_plan(corpus: Path, tmp_path: Path) -> None:
    path, _ = make_variant(corpus, tmp_path, "VB313")
    found = [f for f in check(path) if f.severity == "error"]
    assert [f.code for f in found] == ["VB313"]
    # As in the OCR text: the symbol wraps at its hyphen onto the next line.
    wrapped = cd.replace(
        "Thông tư 22/TT-BGDĐT ngày 06/8/2020 của Bộ GD-ĐT",
        "Thông tư 22/TT-\nBGDĐT ngày 06/8/2022 của Bộ GD-ĐT",
    )
    path = cd.apply(corpus / "ke-hoach-go-tay.docx", tmp_path / "wrapped.docx", wrapped)
    assert [(f.code, f.location) for f in check(path)] == [("VB313", "¶7")]


@needs_soffice
def test_hand_made_documents_as_pdf_are_clean(corpus: Path, tmp_path: Path) -> None:
    """The same documents exported by LibreOffice (one batch): the PDF text interleaves the
    Nơi nhận and signer columns and wraps the Quốc hiệu, and must still read as clean."""
    from docgen.export.pdf import convert

    names = sorted(cd.HAND_MADE)
    pdfs = convert([corpus / f"{n}.docx" for n in names], tmp_path)
    for name, pdf in zip(names, pdfs, strict=True):
        found = [(f.code, f.location) for f in check(pdf)]
        assert found == [], name
    kinds = {}
    from docgen.check import config, structure
    from docgen.reader import read

    for name, pdf in zip(names, pdfs, strict=True):
        st = structure.analyse(read.read(pdf), config.load())
        kinds[name] = (st.kind, len(st.recipients), bool(st.signer))
    assert kinds["to-trinh"] == ("totrinh", 2, True)
    assert kinds["bao-cao"] == ("baocao", 2, True)


# -- files that are not documents, and PDFs ------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("empty.docx", b"", "rỗng"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "soffice"),
        ("notzip.docx", b"hello", "zip"),
        ("broken.pdf", b"%PDF-1.4\ngarbage", "PDF"),
    ],
)
def test_unreadable_files_get_vb901_with_advice(
    tmp_path: Path, name: str, data: bytes, expect: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [f] = check(path)
    assert f.code == "VB901" and f.severity == "error" and expect in f.args["reason_vi"]


def test_encrypted_pdf_is_unreadable(tmp_path: Path) -> None:
    [f] = check(cd.blank_pdf(tmp_path / "locked.pdf", password="secret"))
    assert f.code == "VB901" and "mật khẩu" in f.args["reason_vi"]


def test_scanned_pdf_and_letter_size(tmp_path: Path) -> None:
    found = check(cd.blank_pdf(tmp_path / "scan.pdf"))
    assert codes(found) == {"VB903", "VB511"}


# Enough text for a text layer to be judged readable (a few words alone read as a scan's stamp).
HELVETICA_TEXT = "Cong hoa xa hoi chu nghia Viet Nam. Doc lap - Tu do - Hanh phuc.\n" * 3


def test_pdf_font_not_embedded(tmp_path: Path) -> None:
    pdf = cd.pdf_with_font(tmp_path / "helv.pdf", HELVETICA_TEXT)
    found = codes(check(pdf, profile="docgen"))
    assert {"VB512", "VB513"} <= found and "VB511" not in found
    # Not a Decree 30 requirement: by default it is not reported.
    assert "VB512" not in codes(check(pdf))


def test_unreliable_pdf_text_layer_is_said_once(tmp_path: Path) -> None:
    """Vietnamese letters extracted as "?": one VB903, no confident findings on the text."""
    text = "C?NG H?A X? H?I CH? NGH?A VI?T NAM  S?: 12/UBND-VP  K?nh g?i: c?c ph?ng ban\n" * 3
    found = check(cd.pdf_with_font(tmp_path / "q.pdf", text))
    assert [f.code for f in found if f.code < "VB500"] == []
    [f] = [f for f in found if f.code.startswith("VB9")]
    assert f.code == "VB903" and "?" in f.args["reason_vi"]
    # A garbled OCR layer, as on scanned letters: said the same way.
    ocr = "ceNG HoA x,l ugr cnu Ncnin vtpr xlrvr DQc llp - Trg do - Hqnh phfc qwrt zxkl\n" * 4
    found = check(cd.pdf_with_font(tmp_path / "ocr.pdf", ocr))
    assert [f.code for f in found if f.code.startswith("VB9")] == ["VB903"]


PDF_ONLY = {
    "VB511": "test_scanned_pdf_and_letter_size",
    "VB512": "test_pdf_font_not_embedded",
    "VB513": "test_pdf_font_not_embedded",
    "VB901": "test_unreadable_files_get_vb901_with_advice",
    "VB903": "test_scanned_pdf_and_letter_size",
}


# -- the catalogue is complete ---------------------------------------------------------------------
def test_every_rule_has_id_text_and_a_triggering_test() -> None:
    rules = all_rules()
    assert len(rules) >= 60
    for code, r in rules.items():
        assert CODE_RE.fullmatch(code) and r.code == code
        assert r.severity in ("error", "warning", "info")
        assert r.vi and r.en and r.msg_vi and r.msg_en and r.vi != r.en
    assert set(rules) == set(VARIANTS) | set(PDF_ONLY)


# -- the checker never raises ------------------------------------------------------------
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: /KH-",
    "Số: 89/",
    "KẾ HOẠCH",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "BIÊN BẢN",
    "Nơi nhận:",
    "Nơi nhận: - Như trên;",
    "- Lưu: VT.",
    "Kính gửi:",
    "I. MỤC ĐÍCH",
    "IV.",
    "Nội dung 0:",
    "1.",
    "ngày 31 tháng 13 năm 2024",
    "ngày tháng năm",
    "Thông tư 22/2020/TT-BGDĐT ngày 06/8/2020",
    "Thông tư 22 ngày 31/02/2020",
    "Tổng cộng: 0 điểm",
    "(10 điểm)",
    "HIỆU TRƯỞNG",
    "TM.",
    "{{ x }}",
    "\ufffd",
    "a\u0301",
    "Céng hoµ",
    "",
    "./.",
    "năm 2024",
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "TỈNH LÂM ĐỒNG        Độc lập - Tự do - Hạnh phúc",
    "Số:      /QĐ-UBND\t\tLâm Đồng, ngày      tháng 04 năm 2025",
    "V/v triển khai",
    "T/M. ỦY BAN NHÂN DÂN",
    "KT.CHỦ TỊCH",
    "- Lưu: VT, NC.Châu",
    "- Như trên;  Để biết",
    "QUYẾT ĐỊNH",
    "Căn cứ Nghị định số 30/2020/NĐ-CP Căn cứ Quyết định 12/QĐ ngày 01/02/2024",
    "c\u0302\u0301ng ho\u0300a",
]


@given(st.lists(st.sampled_from(LINES), max_size=25), st.booleans())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_checker_never_raises(tmp_path: Path, lines: list[str], in_table: bool) -> None:
    doc = cd.new_doc()
    target = doc.add_table(rows=1, cols=2).rows[0].cells[1] if in_table else doc
    for line in lines:
        cd.p(target, line)
    path = tmp_path / "fuzz.docx"
    doc.save(str(path))
    rules = all_rules()
    for f in Checker().check_file(path):
        assert f.code in rules and f.location


def test_text_box_header_is_read_once(tmp_path: Path) -> None:
    """Word text boxes (with their VML fallback copy) hold the Quốc hiệu in many typed documents."""
    doc = cd.bienban()
    cd.text_box_header(doc)
    path = tmp_path / "text-box.docx"
    doc.save(str(path))
    from docgen.reader import read

    boxes = [b.text for b in read.read(path).blocks if b.where == "textbox"]
    assert boxes == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert check(path) == []


def test_header_and_footer_text_is_checked(corpus: Path, tmp_path: Path) -> None:
    def footer(doc) -> None:
        doc.sections[0].footer.paragraphs[0].text = "Céng hoµ x· héi chñ nghÜa ViÖt Nam"

    path = cd.apply(corpus / "to-trinh.docx", tmp_path / "footer.docx", footer)
    assert [(f.code, f.location) for f in check(path)] == [("VB406", "footer")]


# -- VB52x: the formatting of each component (.docx only) ----------------------------------------
FORMAT_CODES = sorted(c for c in VARIANTS if c.startswith("VB52"))


@pytest.mark.parametrize("code", FORMAT_CODES)
def test_formatting_defect_is_the_only_finding(corpus: Path, tmp_path: Path, code: str) -> None:
    """One run edited with the toolbar gives one warning, on that component's paragraph."""
    path, _ = make_variant(corpus, tmp_path, code)
    found = [f for f in check(path) if f.code != "VB113"]
    assert [(f.code, f.severity) for f in found] == [(code, "warning")]


def test_formatting_messages_say_what_and_how(corpus: Path, tmp_path: Path) -> None:
    from docgen.check.catalogue import all_rules

    rules = all_rules()
    for code, vi, en, loc in (
        (
            "VB520",
            "Quốc hiệu: cỡ 14 pt, cần 12-13 pt",
            "National title: size 14 pt, expected 12-13 pt",
            "T1R1C2",
        ),
        (
            "VB528",
            "Nơi nhận: cỡ 13 pt, cần 10,5-12 pt",
            "Recipients: size 13 pt, expected 10.5-12 pt",
            "T2R1C1",
        ),
        (
            "VB524",
            "Địa danh, ngày tháng: cần in nghiêng",
            "Place and date: should be italic",
            "T1R2C2",
        ),
    ):
        path, _ = make_variant(corpus, tmp_path, code)
        [f] = [f for f in check(path) if f.code == code]
        assert f.location == loc
        assert rules[code].message("vi", f.args) == vi
        assert rules[code].message("en", f.args) == en


def test_formatting_is_resolved_through_the_style_chain(corpus: Path, tmp_path: Path) -> None:
    """Bold, italic and size set in a paragraph style (Format > Style), not on the run."""
    for code, edit in (
        ("VB524", cd.style_format("VB Place Date", italic=False)),
        ("VB520", cd.style_format("VB National", size=14)),
        ("VB527", cd.style_format("VB Recipients Label", bold=False)),
        ("VB529", cd.style_format("VB Signer", bold=False)),
    ):
        path = cd.apply(corpus / "plan.docx", tmp_path / f"style-{code}.docx", edit)
        assert code in codes(check(path)), code


def test_national_title_in_word_caps_formatting_counts_as_capitals(
    corpus: Path, tmp_path: Path
) -> None:
    lower = cd.set_para("CỘNG HÒA XÃ HỘI", "Cộng hòa xã hội chủ nghĩa Việt Nam")
    path = cd.apply(corpus / "plan.docx", tmp_path / "lower.docx", lower)
    [f] = [f for f in check(path) if f.code == "VB520"]
    assert f.args["detail"] == "chưa viết in hoa"

    def caps(doc) -> None:
        lower(doc)
        par = next(p for p in cd.paragraphs(doc) if p.text.startswith("Cộng hòa"))
        for run in par.runs:
            run.font.all_caps = True

    path = cd.apply(corpus / "plan.docx", tmp_path / "caps.docx", caps)
    assert "VB520" not in codes(check(path))


def test_issuer_parent_body_is_upright_and_issuing_body_bold(corpus: Path, tmp_path: Path) -> None:
    """The header of the hand-made documents: parent body upright, issuing body bold. A bold
    parent body, an upright issuing body, or both swapped, are each reported."""
    both_bold = cd.run_format("HỘI KHUYẾN HỌC QUẬN 10", bold=True)
    swapped = cd.chain(both_bold, cd.run_format("CHI HỘI KHUYẾN HỌC", bold=False))
    for name, edit, expected in (
        ("bold", both_bold, {"VB523"}),
        ("swapped", swapped, {"VB522", "VB523"}),
    ):
        path = cd.apply(corpus / "to-trinh.docx", tmp_path / f"{name}.docx", edit)
        assert {c for c in codes(check(path)) if c.startswith("VB52")} == expected, name


def test_user_rules_file_changes_the_expected_formatting(corpus: Path, tmp_path: Path) -> None:
    path, _ = make_variant(corpus, tmp_path, "VB520")  # Quốc hiệu at 14 pt
    user = tmp_path / "rules.yaml"
    user.write_text("formatting:\n  national: {size_pt: [12, 14]}\n", encoding="utf-8")
    assert "VB520" in codes(check(path))
    assert "VB520" not in codes(check(path, rules_file=user))
    # The decree's 11 pt exactly: the plan's items (11 pt) pass, 12 pt items are then reported.
    user.write_text("formatting:\n  recipients: {size_pt: [11, 11]}\n", encoding="utf-8")
    assert "VB528" not in codes(check(corpus / "plan.docx", rules_file=user))
    edit = cd.run_format("- HĐSP nhà trường;", size=12)
    path = cd.apply(corpus / "plan.docx", tmp_path / "r12.docx", edit)
    assert "VB528" not in codes(check(path))
    assert "VB528" in codes(check(path, rules_file=user))


def test_national_title_and_motto_in_one_paragraph(corpus: Path, tmp_path: Path) -> None:
    """Typed as one paragraph with a line break (Shift+Enter): both still read as correct."""

    def one_paragraph(doc) -> None:
        national, motto = (
            next(p for p in cd.paragraphs(doc) if p.text.startswith(s))
            for s in ("CỘNG HÒA", "Độc lập")
        )
        national.runs[-1].add_break()
        run = national.add_run(motto.text)
        run.bold, run.font.size = True, Mm(13 * 25.4 / 72)
        motto._p.getparent().remove(motto._p)

    path = cd.apply(corpus / "plan.docx", tmp_path / "br.docx", one_paragraph)
    assert not {c for c in codes(check(path)) if c.startswith("VB52")}
