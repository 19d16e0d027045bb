from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from docgen.vi.format import long_date, number, parse_date, percent, roman, short_date
from docgen.vi.text import fold_marks, slug


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 1, 6), "ngày 06 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 5, 6), "ngày 06 tháng 5 năm 2024"),
        (dt.date(2024, 6, 29), "ngày 29 tháng 6 năm 2024"),
        (dt.date(2024, 10, 1), "ngày 01 tháng 10 năm 2024"),
        (dt.date(2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
        (dt.date(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
    ],
)
def test_long_date_follows_decree_30(date: dt.date, expected: str) -> None:
    assert long_date(date) == expected


def test_short_date_same_padding() -> None:
    assert short_date(dt.date(2020, 8, 6)) == "06/8/2020"
    assert short_date(dt.date(2024, 1, 22)) == "22/01/2024"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/5/2024", dt.date(2024, 5, 6)),
        ("06/05/2024", dt.date(2024, 5, 6)),
        ("2024-05-06", dt.date(2024, 5, 6)),
        ("29.02.2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2024", "29/02/2023", "00/01/2024", "06/13/2024", "hôm qua"]
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, "1.234,5"),
        (17.5, "17,5"),
        (20, "20"),
        (92.0, "92"),
        (1234567, "1.234.567"),
        (0.25, "0,25"),
        (8.125, "8,13"),  # half up, as Excel and an office round (babel alone: 8,12)
        (0.005, "0,01"),
        (-0.001, "0"),  # no "-0"
    ],
)
def test_number_vi(value: float, expected: str) -> None:
    assert number(value) == expected


def test_percent() -> None:
    assert percent(2 / 3) == "66,7%"
    assert percent(1) == "100%"
    assert percent(0.0005) == "0,1%"  # half up
    assert percent(0.12345, 0) == "12%"
    assert percent(0) == "0%"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")],
)
def test_roman(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize(
    ("text", "folded", "slugged"),
    [
        ("Nguyễn Thị Lan", "Nguyen Thi Lan", "nguyen-thi-lan"),
        ("Đồng Khởi, Quận 10", "Dong Khoi, Quan 10", "dong-khoi-quan-10"),
        (
            "Chi hội Khuyến học Trường THPT “Nguyễn Du”",
            None,
            "chi-hoi-khuyen-hoc-truong-thpt-nguyen-du",
        ),
        ("Ủy ban — ƯU TIÊN", None, "uy-ban-uu-tien"),
        ("cộng hoà", "cong hoa", "cong-hoa"),
    ],
)
def test_fold_marks_and_slug(text: str, folded: str | None, slugged: str) -> None:
    if folded is not None:
        assert fold_marks(text) == folded
    assert fold_marks(unicodedata.normalize("NFD", text)) == fold_marks(text)  # NFC or NFD alike
    assert slug(text) == slugged
