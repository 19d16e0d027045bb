"""Issue 15: every validation error names the field as a person would say it, in every content
file and score file, with the file's line or cell, what was expected and what was found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.helpers.cli import run_cli

# The district's set scores every Chi hội (units.yaml, scoring.yaml, scores.csv, self-scores).
EXAMPLE = REPO / "examples" / "hoi-khuyen-hoc-quan-10"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "quan-10"
    shutil.copytree(EXAMPLE, dst)
    return dst


def _break(path: Path, old: str, new: str, nth: int = 0) -> int:
    """Replace the ``nth`` occurrence of ``old`` in ``path``; the 1-based line it is on."""
    text = path.read_text(encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.index(old, at + 1)
    text = text[:at] + new + text[at + len(old) :]
    if path.suffix == ".csv":
        path.write_text("\ufeff" + text, encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    return text[:at].count("\n") + 1


def _build(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str) -> str:
    code, _, err = run_cli(
        capsys,
        ("--lang", lang, "build", "--content", content, "--out", tmp_path / "o", "--no-pdf"),
    )
    assert code == 1, err
    return err


def _line(err: str, start: str) -> str:
    found = [ln.strip() for ln in err.splitlines() if ln.strip().startswith(start)]
    assert len(found) == 1, err
    return found[0]


def test_scoring_yaml_names_the_criterion_and_item(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example_copy / "2024" / "scoring.yaml"
    n = _break(path, "points: 8", "points: tám", nth=2)  # Nội dung 2, the third item
    assert _line(_build(example_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:9: [criteria.nd2.items[2].points] (Nội dung 2, tiêu chí 3, số điểm) lỗi: "
        "cần một số, nhận được 'tám'"
    )
    assert _line(_build(example_copy, tmp_path, capsys, "en"), str(path)) == (
        f"{path}:{n}:9: [criteria.nd2.items[2].points] (Nội dung 2, item 3, points) error: "
        "expected a number, found 'tám'"
    )


def test_scoring_yaml_checks_after_the_schema_name_the_field_too(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example_copy / "2024" / "scoring.yaml"
    n = _break(path, "minimum: 16", "minimum: 40")
    assert _line(_build(example_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:5: [criteria.nd2.minimum] (Nội dung 2, điểm tối thiểu) lỗi: điểm tối "
        "thiểu 40 lớn hơn điểm tối đa 32"
    )


def test_units_yaml_names_the_unit(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example_copy / "2024" / "units.yaml"
    n = _break(path, "id: thpt-nguyen-an-ninh", "id: thpt-nguyen-du")
    assert _line(_build(example_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:5: [units[2].id] (đơn vị 3 (Chi hội Khuyến học Trường THPT Nguyễn An "
        "Ninh), mã đơn vị) lỗi: mã đơn vị 'thpt-nguyen-du' trùng với đơn vị 2 (units[1])"
    )
    _break(path, "id: thpt-nguyen-du", "id: THPT Nguyen Du")
    assert _line(_build(example_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n - 4}:5: [units[1].id] (đơn vị 2 (Chi hội Khuyến học Trường THPT Nguyễn Du), "
        "mã đơn vị) lỗi: giá trị 'THPT Nguyen Du' không đúng dạng ^[a-z0-9][a-z0-9-]*$"
    )


def test_nominations_yaml_names_the_submission_and_the_earlier_award(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "nominations.yaml"
    n = _break(path, "  number: 15", "  number: mười lăm")
    m = _break(path, "school_year: 2022 – 2023", "school_year: [2022]")
    err = _build(content_copy, tmp_path, capsys, "vi")
    assert f"  {path}:{n}:3: [submission.number] (tờ trình, số) lỗi: cần một số, nhận được " in err
    assert (
        f"  {path}:{m}:9: [candidates[0].earlier_awards[0].school_year] (ứng viên 1 (Tổ Ngữ văn "
        "Trường THPT Nguyễn Khuyến), khen thưởng trước đây 1, năm học) lỗi: cần văn bản, nhận "
        "được [2022]\n" in err
    )


def test_awards_yaml_names_the_award(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "awards.yaml"
    n = _break(path, "[tập thể, cá nhân]", "[tập thể, cá nhn]")
    assert _line(_build(content_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:22: [awards[0].kinds[1]] (hình thức khen thưởng 1 (Giấy khen của Hội "
        "Khuyến học Quận 10), đối tượng) lỗi: cần 'tập thể' hoặc 'cá nhân', nhận được 'cá nhn'"
    )


def test_council_yaml_names_the_meeting_field(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "council.yaml"
    n = _break(path, "members_present: 8", "members_present: tám")
    assert _line(_build(content_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:3: [meeting.members_present] (cuộc họp, số thành viên có mặt) lỗi: cần "
        "một số, nhận được 'tám'"
    )
    assert _line(_build(content_copy, tmp_path, capsys, "en"), str(path)) == (
        f"{path}:{n}:3: [meeting.members_present] (meeting, members present) error: expected a "
        "number, found 'tám'"
    )


def test_figures_yaml_names_the_figure(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "figures.yaml"
    n = _break(path, "value: 145", "value: nhiều")
    assert _line(_build(content_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:5: [figures.hoc_bong_1_1.value] (số liệu hoc_bong_1_1, giá trị) lỗi: cần "
        "một số, nhận được 'nhiều'"
    )


def test_self_assessment_yaml_names_the_date(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "self-assessment.yaml"
    n = _break(path, "date: 05/12/2024", "date: 31/11/2024")
    assert _line(_build(content_copy, tmp_path, capsys, "vi"), str(path)) == (
        f"{path}:{n}:1: [date] (ngày) lỗi: ngày '31/11/2024' không tồn tại"
    )


def test_scores_csv_names_the_cell_column_and_unit(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example_copy / "2024" / "scores.csv"
    _break(path, ";19;8;7,5;8;7,5;", ";19;tám;7,5;8;7,5;")  # Nguyễn Du, ND2.1 (row 3)
    _break(path, "thpt-nguyen-an-ninh;", "thpt-ng-an-ninh;")
    err = _build(example_copy, tmp_path, capsys, "vi")
    assert _line(err, f"{path}!E3") == (
        f"{path}!E3: [ND2.1] (ô E3, cột ND2.1 (8) của đơn vị Chi hội Khuyến học Trường THPT "
        "Nguyễn Du) lỗi: cần một số từ 0 đến 8, nhận được 'tám'"
    )
    assert _line(err, f"{path}!B4") == (
        f"{path}!B4: [Mã đơn vị] (ô B4, cột Mã đơn vị của đơn vị Chi hội Khuyến học Trường THPT "
        "Nguyễn An Ninh) lỗi: đơn vị 'thpt-ng-an-ninh' không có trong units.yaml (có phải là "
        "'thpt-nguyen-an-ninh'?)"
    )
    err = _build(example_copy, tmp_path, capsys, "en")
    assert _line(err, f"{path}!E3") == (
        f"{path}!E3: [ND2.1] (cell E3, column ND2.1 (8) of unit Chi hội Khuyến học Trường THPT "
        "Nguyễn Du) error: expected a number from 0 to 8, found 'tám'"
    )


def test_self_scores_csv_names_the_cell_column_and_unit(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = example_copy / "2024" / "self-scores.csv"
    _break(path, ";20;8;8;8;8;19;19;7;97;", ";20;8;8;8;9;19;19;7;97;")
    err = _build(example_copy, tmp_path, capsys, "vi")
    assert _line(err, f"{path}!H2") == (
        f"{path}!H2: [ND2.4] (ô H2, cột ND2.4 (8) của đơn vị Chi hội Khuyến học Trường THPT "
        "Nguyễn Khuyến) lỗi: điểm 9 vượt quá điểm tối đa 8 của ND2.4"
    )
    assert _line(err, f"{path}!L2") == (
        f"{path}!L2: [Tổng] (ô L2, cột Tổng (100) của đơn vị Chi hội Khuyến học Trường THPT "
        "Nguyễn Khuyến) cảnh báo: ô Tổng ghi 97 nhưng cộng các cột điểm được 98: docgen dùng "
        "98; sửa hoặc xóa cột Tổng"
    )


def test_scores_xlsx_names_the_cell_column_and_unit(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    year = example_copy / "2024"
    code, _, err = run_cli(capsys, ("form", "--content", example_copy, "--year", "2024"))
    assert code == 0, err
    path = year / "scores.xlsx"
    wb = load_workbook(path)
    ws = wb["Chấm điểm"]
    assert ws["C8"].value == "Chi hội Khuyến học Trường THPT Nguyễn An Ninh"
    ws["E8"] = "bảy"
    wb.save(path)
    err = _build(example_copy, tmp_path, capsys, "vi")
    assert _line(err, f"{path}!Chấm điểm!E8") == (
        f"{path}!Chấm điểm!E8: [ND2.1] (ô E8, cột ND2.1 (tối đa 8) của đơn vị Chi hội Khuyến "
        "học Trường THPT Nguyễn An Ninh) lỗi: cần một số từ 0 đến 8, nhận được 'bảy'"
    )
