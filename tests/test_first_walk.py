"""Issue 15, a first-time user's walk from the README alone (add a Nội dung, roll over, import a
hand-typed plan, check a generated file): each friction met, with the message the user now sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tests.helpers import CONTENT, REPO, TEMPLATES
from tests.helpers.cli import run_cli

EXAMPLE = REPO / "examples" / "hoi-khuyen-hoc-quan-10"


def hand_typed(path: Path, place_date: str | None = "Quận 3, ngày 15/01/2024") -> Path:
    """A plan as a school secretary types it in Word: header as plain paragraphs, the date as
    dd/mm/yyyy, acts cited with and without "số", the last part a numbered list."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)

    def par(text: str, bold: bool = False, centre: bool = False) -> None:
        p = doc.add_paragraph()
        p.add_run(text).bold = bold
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    par("HỘI KHUYẾN HỌC QUẬN 3")
    par("CHI HỘI KHUYẾN HỌC TRƯỜNG THCS BÀN CỜ", bold=True)
    par("Số: 12/KH-CHKH")
    par("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, centre=True)
    par("Độc lập - Tự do - Hạnh phúc", bold=True, centre=True)
    if place_date:
        par(place_date)
    par("KẾ HOẠCH", bold=True, centre=True)
    par("Thực hiện phong trào thi đua năm 2024", bold=True, centre=True)
    par(
        "Căn cứ Kế hoạch 05/KH-HKH ngày 10/01/2024 của Hội Khuyến học Quận 3 về thực hiện "
        "phong trào thi đua năm 2024;"
    )
    par("Căn cứ Thông tư số 22/2020/TT-BGDĐT ngày 6/8/2020 của Bộ Giáo dục và Đào tạo;")
    par("Chi hội xây dựng kế hoạch thực hiện phong trào thi đua năm 2024 như sau:")
    par("I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    par("Đẩy mạnh phong trào khuyến học, khuyến tài trong nhà trường năm 2024.")
    par("II. NỘI DUNG THI ĐUA", bold=True)
    par("Nội dung 1: Phát triển hội viên (60 điểm)", bold=True)
    par("- 100% cán bộ, giáo viên, nhân viên là hội viên.")
    par("Nội dung 2: Quỹ khuyến học (40 điểm)", bold=True)
    par("- Vận động học bổng cho học sinh khó khăn, cao hơn năm 2023.")
    par("III. TỔ CHỨC THỰC HIỆN", bold=True)
    par("1. Ban Chấp hành Chi hội triển khai kế hoạch đến hội viên.")
    par("2. Cuối năm tổng kết, đề nghị khen thưởng theo Quyết định số 222/QĐ-HKHVN.")
    par("Trên đây là kế hoạch thực hiện phong trào thi đua năm 2024 của Chi hội./.")
    par("Nơi nhận:", bold=True)
    par("- Hội Khuyến học Quận 3;")
    par("- Lưu: VT.")
    par("TM. BAN CHẤP HÀNH", bold=True)
    par("CHI HỘI TRƯỞNG", bold=True)
    par("Nguyễn Văn An", bold=True)
    doc.save(path)
    return path


def test_a_hand_typed_plan_with_a_numeric_date_and_a_numbered_list_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "Quận 3, ngày 15/01/2024" was not read as the place and date (org.yaml had no
    place), "1. …" lines became tiểu mục without a body, and the import failed with errors
    about braces the user never typed."""
    docx = hand_typed(tmp_path / "ke-hoach.docx")
    root = tmp_path / "content"
    code, out, err = run_cli(capsys, ("import", docx, "--year", "2024", "--content", root))
    assert code == 0, err
    assert out.splitlines()[1] == (
        "Đã nhập " + str(docx) + ": 3 mục, 2 nội dung thi đua (100 điểm), 0 tiểu mục; 0 đoạn "
        "chưa xếp được."
    )
    org = (root / "org.yaml").read_text(encoding="utf-8")
    plan = (root / "2024" / "plan.yaml").read_text(encoding="utf-8")
    assert "\nplace: Quận 3\n" in org
    assert "\ndate: 15/01/2024\n" in plan
    assert (
        "    title: Tổ chức thực hiện\n    body:\n"
        "      - 1. Ban Chấp hành Chi hội triển khai kế hoạch đến hội viên.\n"
        "      - 2. Cuối năm tổng kết, đề nghị khen thưởng theo {ref:qd222|short}.\n"
    ) in plan
    build = ("build", "--content", root, "--out", tmp_path / "o", "--no-pdf")
    code, out, err = run_cli(capsys, (*build, "--templates", TEMPLATES))
    assert code == 0, err


def test_an_invalid_import_says_only_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = hand_typed(tmp_path / "ke-hoach.docx", place_date=None)
    code, _, err = run_cli(
        capsys, ("import", docx, "--year", "2024", "--content", tmp_path / "content")
    )
    assert code == 1
    assert err.splitlines() == [
        f"Không nhập được {docx}: thiếu hoặc sai các phần sau",
        f"  {tmp_path / 'content' / 'org.yaml'}: [place] (địa danh) lỗi: thiếu trường bắt buộc "
        "'place'",
    ]
    assert not (tmp_path / "content").exists()


def test_check_reads_a_hand_typed_numeric_date_as_the_date_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "Thiếu địa danh và thời gian ban hành" for a date that is there."""
    docx = hand_typed(tmp_path / "ke-hoach.docx")
    code, out, _ = run_cli(capsys, ("check", "--select", "VB1,VB3", docx))
    assert code == 1
    assert out.splitlines() == [
        f'{docx}:¶6: VB301 lỗi Ngày ban hành phải viết "ngày … tháng … năm …" (ví dụ: ngày 15 '
        'tháng 01 năm 2024): "Quận 3, ngày 15/01/2024"',
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo, 0 ghi chú",
    ]


def test_a_draft_lists_what_to_fill_and_its_check_sees_the_marks_as_blanks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `build --draft` after a rollover said nothing of the fields to fill, and both its
    own check and `docgen check` called the draft's "[cần điền: …]" a missing number and date."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    code, _, err = run_cli(
        capsys, ("rollover", "--from", "2024", "--to", "2025", "--content", content)
    )
    assert code == 0, err
    out_dir = tmp_path / "o"
    build = ("build", "--content", content, "--out", out_dir, "--no-pdf", "--draft")
    code, _, err = run_cli(capsys, (*build, "--templates", TEMPLATES))
    assert code == 0, err
    plan = content / "2025" / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    number = next(i for i, t in enumerate(lines, start=1) if t.startswith("number:"))
    date = next(i for i, t in enumerate(lines, start=1) if t.startswith("date:"))
    kh = next(i for i, t in enumerate(lines, start=1) if t.strip() == "kh_quan:")
    assert lines[kh + 1].strip().startswith("number:")
    assert lines[kh + 2].strip().startswith("date:")
    drafted = " (bản dự thảo in [cần điền: …] tô vàng ở chỗ này)"
    assert err.splitlines()[1:] == [
        f"{plan}:{number}:1: [number] cảnh báo: cần điền số văn bản (ô 3){drafted}",
        f"{plan}:{date}:1: [date] cảnh báo: cần điền ngày ban hành (ô 4){drafted}",
        f"{plan}:{kh + 2}:5: [references.kh_quan.number] cảnh báo: cần điền số của Kế hoạch "
        f"'kh_quan'{drafted}",
        f"{plan}:{kh + 3}:5: [references.kh_quan.date] cảnh báo: cần điền ngày của Kế hoạch "
        f"'kh_quan'{drafted}",
    ]
    code, out, _ = run_cli(capsys, ("check", out_dir / "2025" / "ke-hoach-2025.docx"))
    assert code == 0
    assert out.splitlines() == [
        f"{out_dir / '2025' / 'ke-hoach-2025.docx'}:T1R2C1: VB117 ghi chú Chưa cấp số, ngày: "
        "văn thư điền khi ban hành",
        "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo, 1 ghi chú",
    ]


def test_a_new_score_column_left_empty_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: one "ô bắt buộc để trống" per unit (12 lines) for one column just added."""
    from openpyxl import load_workbook

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    code, _, err = run_cli(capsys, ("form", "--content", content, "--year", "2024"))
    assert code == 0, err
    path = content / "2024" / "scores.xlsx"
    wb = load_workbook(path)
    ws = wb["Chấm điểm"]
    assert ws["K5"].value == "ND4\n(tối đa 20)"
    for r in range(6, 18):
        ws.cell(r, 11).value = None
    wb.save(path)
    code, _, err = run_cli(
        capsys, ("build", "--content", content, "--out", tmp_path / "o", "--no-pdf")
    )
    assert code == 1
    assert err.splitlines()[1:] == [
        "Tệp điểm không hợp lệ (1 lỗi)",
        f"  {path}!Chấm điểm!K5: [ND4] lỗi: cột ND4 (Công tác tập huấn, tuyên truyền và thi đua, "
        "khen thưởng, tối đa 20) chưa có điểm nào: nhập điểm ND4 của 12 đơn vị vào các ô "
        "K6–K17, lưu lại rồi chạy lại",
    ]


def test_a_plan_number_typed_with_its_symbol_says_to_write_the_number_only(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan.yaml's comment shows "89/KH-NK"; a user filling the number after a rollover types
    the whole thing."""
    plan = content_copy / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("number: 89 ", "number: 12/KH-NK ", 1), encoding="utf-8")
    line = text[: text.index("number: 89 ")].count("\n") + 1
    code, _, err = run_cli(
        capsys, ("build", "--content", content_copy, "--out", tmp_path / "o", "--no-pdf")
    )
    assert code == 1
    assert err.splitlines()[2] == (
        f"  {plan}:{line}:1: [number] (số) lỗi: cần một số, nhận được '12/KH-NK' (chỉ ghi số "
        "thứ tự: 12; phần ký hiệu sau dấu / docgen tự ghép)"
    )


def test_importing_into_the_shipped_content_says_how_to_import_elsewhere(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's `docgen import ke-hoach.docx --year 2024` next to the shipped sample."""
    docx = hand_typed(tmp_path / "ke-hoach.docx")
    code, _, err = run_cli(capsys, ("import", docx, "--year", "2024", "--content", content_copy))
    assert code == 1
    assert err.splitlines() == [
        f"Đã có {content_copy / '2024'}; không ghi đè. Dùng --force để thay, hoặc --content "
        "THƯ_MỤC để nhập vào một thư mục nội dung khác (ví dụ --content noi-dung-truong)"
    ]


def test_the_web_links_a_finding_to_the_field_it_was_printed_from() -> None:
    from docgen.errors import Problem, SourceRef
    from docgen.web.builds import _problem
    from docgen.web.routes_year import link

    origin = SourceRef("/x/content/2024/plan.yaml", 60, 5, "preamble[0]")
    p = _problem(Problem(SourceRef("ke-hoach-2024.docx:¶5", origin=(origin,)), "VB305 …"))
    assert p["origin"] == [
        {"path": "/x/content/2024/plan.yaml", "line": 60, "field": "preamble[0]"}
    ]
    assert link(2024, p) == "/y/2024/plan#f-preamble[0]"


def test_a_date_typed_in_words_says_how_to_write_it(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A user copies the printed date into plan.yaml."""
    plan = content_copy / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    new = 'date: "ngày 6 tháng 5 năm 2024"'
    plan.write_text(text.replace("date: 06/05/2024", new, 1), encoding="utf-8")
    line = text[: text.index("date: 06/05/2024")].count("\n") + 1
    code, _, err = run_cli(
        capsys, ("build", "--content", content_copy, "--out", tmp_path / "o", "--no-pdf")
    )
    assert code == 1
    assert err.splitlines()[2] == (
        f"  {plan}:{line}:1: [date] (ngày) lỗi: cần ngày dạng dd/mm/yyyy, nhận được 'ngày 6 "
        'tháng 5 năm 2024\' (viết 06/05/2024; docgen tự in "ngày … tháng … năm …" theo Nghị '
        "định 30)"
    )
