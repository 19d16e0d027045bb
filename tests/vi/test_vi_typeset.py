"""Where a line must not break: the non-breaking spaces of docgen.vi.typeset."""

from __future__ import annotations

import pytest

from docgen.vi.typeset import NBSP, bind


def _shown(text: str) -> str:
    return text.replace(NBSP, "~")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nội dung 1. Tuyên truyền", "Nội dung~1. Tuyên truyền"),
        ("theo Nội dung 3 của Kế hoạch", "theo Nội dung~3 của Kế hoạch"),
        ("Điều 5, Khoản 2 Điều 7", "Điều~5, Khoản~2 Điều~7"),
        ("Mục II. NỘI DUNG", "Mục~II. NỘI DUNG"),
        ("Vận động 145 suất học bổng", "Vận động 145~suất học bổng"),
        ("và 8 điểm thưởng", "và 8~điểm thưởng"),
        ("kèm theo 06 có xác nhận", "kèm theo 06~có xác nhận"),
        ("1.250 đầu sách; 100% giáo viên", "1.250~đầu sách; 100%~giáo viên"),
        # a date breaks between its parts, never inside one
        ("ngày 05 tháng 01 năm 2024 của", "ngày~05 tháng~01 năm~2024 của"),
        ("số 04/BB-CHKH ngày 23", "số~04/BB-CHKH ngày~23"),
        ("Số: 15/TTr-CHKH", "Số:~15/TTr-CHKH"),
        ("Hội Khuyến học Quận 10 xem xét", "Hội Khuyến học Quận~10 xem xét"),
        ("năm học 2024 – 2025", "năm học~2024~–~2025"),
        ("19,5 – 31,5 – 19", "19,5~– 31,5~– 19"),
        ("TM. BAN CHẤP HÀNH", "TM.~BAN CHẤP HÀNH"),
        ("KT. CHỦ TỊCH", "KT.~CHỦ TỊCH"),
        ("ThS. Lê Văn Tám", "ThS.~Lê Văn Tám"),
        # nothing to bind
        ("- Như trên;", "- Như trên;"),
        ("Nơi nhận:", "Nơi nhận:"),
        ("1. Tập thể: 03", "1. Tập thể: 03"),
    ],
)
def test_spaces_that_must_not_break(text: str, expected: str) -> None:
    assert _shown(bind(text)) == expected


def test_a_title_leaves_no_lone_last_word() -> None:
    assert _shown(bind("TM. BAN CHẤP HÀNH", title=True)) == "TM.~BAN CHẤP~HÀNH"
    assert _shown(bind("Thực hiện phong trào thi đua năm 2024", title=True)) == (
        "Thực hiện phong trào thi đua năm~2024"
    )
    # the last words are already one unit: nothing more to bind
    assert _shown(bind("Kế hoạch năm học 2024 – 2025", title=True)) == (
        "Kế hoạch năm học~2024~–~2025"
    )
    assert _shown(bind("ĐỀ NGHỊ TẶNG GIẤY KHEN", title=True)) == "ĐỀ NGHỊ TẶNG GIẤY~KHEN"
    assert _shown(bind("KẾ HOẠCH", title=True)) == "KẾ HOẠCH"  # two words: still one break


def test_a_short_table_value_is_one_unit() -> None:
    for value in ("Xuất sắc", "Không đạt", "Trung bình", "Chưa đạt"):
        assert bind(value, short=True) == value.replace(" ", NBSP)
    assert bind("Xuất sắc") == "Xuất sắc"  # only in a table cell
    assert bind("Chi hội trường học", short=True) == "Chi hội trường học"
    assert bind("Nơi nhận:", short=True) == "Nơi nhận:"
