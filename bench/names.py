"""Realistic Vietnamese names for synthetic district data (people, schools, wards)."""

from __future__ import annotations

import random
import unicodedata

SURNAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng", "Huỳnh"] * 4
    + [
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
        "Đinh",
        "Lâm",
        "Mai",
        "Tô",
        "Châu",
        "Thái",
        "Quách",
        "Tạ",
        "La",
    ]
)
MIDDLE_F = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Minh",
    "Bảo",
    "Mỹ",
    "Diệu",
    "Thùy",
    "Hồng",
    "Phương",
]
MIDDLE_M = [
    "Văn",
    "Văn",
    "Minh",
    "Quốc",
    "Hoàng",
    "Đức",
    "Thanh",
    "Hữu",
    "Công",
    "Tuấn",
    "Gia",
    "Trọng",
    "Anh",
    "Bá",
]
GIVEN_F = [
    "Hương",
    "Lan",
    "Linh",
    "Trang",
    "Hân",
    "Ngọc",
    "Thảo",
    "Vy",
    "Nhung",
    "Oanh",
    "Tâm",
    "Yến",
    "Hạnh",
    "Phượng",
    "Loan",
    "Hằng",
    "Giang",
    "Nhàn",
    "Liên",
    "Trinh",
    "Thư",
    "Diễm",
    "Quyên",
    "Uyên",
    "Xuân",
    "Ánh",
    "Châu",
    "My",
]
GIVEN_M = [
    "Tuấn",
    "Hùng",
    "Dũng",
    "Long",
    "Bảo",
    "Khoa",
    "Phúc",
    "Thắng",
    "Việt",
    "Hòa",
    "Nam",
    "Sơn",
    "Trung",
    "Quang",
    "Huy",
    "Khánh",
    "Lộc",
    "Tài",
    "Đạt",
    "Hiếu",
    "Nghĩa",
    "Thịnh",
    "Vinh",
    "Tín",
    "Cường",
    "Lực",
]
# Famous people streets and schools are named after (as in Quận 10 and neighbouring districts).
EPONYMS = [
    "Nguyễn Khuyến",
    "Nguyễn Du",
    "Nguyễn An Ninh",
    "Diên Hồng",
    "Hoàng Văn Thụ",
    "Trần Quang Cơ",
    "Lê Quý Đôn",
    "Nguyễn Trãi",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
    "Võ Thị Sáu",
    "Chu Văn An",
    "Nguyễn Thị Minh Khai",
    "Lê Hồng Phong",
    "Phan Bội Châu",
    "Phan Châu Trinh",
    "Hai Bà Trưng",
    "Ngô Quyền",
    "Quang Trung",
    "Trưng Vương",
    "Nguyễn Văn Tố",
    "Đinh Tiên Hoàng",
    "Lạc Hồng",
    "Trần Phú",
    "Võ Văn Tần",
    "Bàn Cờ",
    "Nguyễn Chí Thanh",
    "Tô Hiến Thành",
    "Sư Vạn Hạnh",
    "Hồ Thị Kỷ",
    "Ba Tháng Hai",
    "Thành Thái",
    "Lê Lợi",
    "Hùng Vương",
    "Văn Lang",
    "Âu Cơ",
    "Nguyễn Bỉnh Khiêm",
    "Mạc Đĩnh Chi",
    "Huỳnh Thúc Kháng",
    "Kim Đồng",
    "Lê Văn Tám",
    "Nguyễn Hiền",
    "Tôn Thất Tùng",
    "Đoàn Thị Điểm",
    "Bà Huyện Thanh Quan",
    "Nguyễn Đình Chiểu",
]
SCHOOL_KINDS = [
    ("Trường Mầm non", "mn", 3),
    ("Trường Tiểu học", "th", 5),
    ("Trường THCS", "thcs", 4),
    ("Trường THPT", "thpt", 2),
]
PROVINCES = [
    "tỉnh Quảng Nam",
    "tỉnh Nghệ An",
    "tỉnh Bến Tre",
    "tỉnh Tiền Giang",
    "tỉnh Khánh Hòa",
    "thành phố Hà Nội",
    "tỉnh Thanh Hóa",
    "tỉnh Bình Định",
    "tỉnh Long An",
    "tỉnh Đồng Tháp",
    "tỉnh Quảng Ngãi",
    "tỉnh Hà Tĩnh",
    "tỉnh An Giang",
    "thành phố Cần Thơ",
]
SUBJECTS = [
    "Toán",
    "Ngữ văn",
    "Tiếng Anh",
    "Vật lý",
    "Hóa học",
    "Sinh học",
    "Lịch sử",
    "Địa lý",
    "Tin học",
    "Giáo dục thể chất",
    "Âm nhạc",
    "Mỹ thuật",
]


def person(rng: random.Random) -> tuple[str, str]:
    """(full name, gender) with a realistic distribution of family names."""
    female = rng.random() < 0.62  # teaching staff are mostly women
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    name = f"{rng.choice(SURNAMES)} {middle} {given}"
    return unicodedata.normalize("NFC", name), "Nữ" if female else "Nam"


def slug(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(c.lower() if c.isalnum() else "-" for c in ascii_)
    return "-".join(p for p in out.split("-") if p)
