"""Who scores whom: the school's Chi hội scores only itself; the district Hội scores every Chi
hội under it. A Chi hội's set that lists or scores another unit is refused, each unit located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.content.load import load_content
from docgen.errors import ContentError
from docgen.scoring import load_scored
from tests.helpers import CONTENT, DISTRICT

OUTSIDE = (
    "đơn vị '{u}' ngoài phạm vi của Chi hội Khuyến học Trường THPT Nguyễn Khuyến: Chi hội chỉ "
    "tự chấm điểm cho chính Chi hội (đơn vị 'thpt-nguyen-khuyen'); các chi hội khác do Hội "
    "Khuyến học cấp trên chấm điểm"
)


def _errors(content: Path) -> str:
    with pytest.raises(ContentError) as exc:
        load_scored(load_content(content, 2024))
    return exc.value.format()


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if ln == text)


def test_the_school_set_scores_its_own_chi_hoi_only() -> None:
    scored = load_scored(load_content(CONTENT, 2024))
    assert scored is not None
    assert [r.unit_id for r in scored.results] == ["thpt-nguyen-khuyen"]
    assert scored.scheme.issuer is None  # no district header in the school's set
    [own] = scored.results
    assert (own.total, own.self_total, own.band) == (95.5, 97, "Xuất sắc")


def test_a_chi_hoi_listing_other_units_is_refused_at_each_line(content_copy: Path) -> None:
    units = content_copy / "2024" / "units.yaml"
    shutil.copyfile(DISTRICT / "2024" / "units.yaml", units)
    msg = _errors(content_copy)
    line = _line(units, "  - id: thpt-nguyen-du")
    du = "(đơn vị 2 (Chi hội Khuyến học Trường THPT Nguyễn Du), mã đơn vị)"
    assert (
        f"units.yaml:{line}:5: [units[1].id] {du} lỗi: " + OUTSIDE.format(u="thpt-nguyen-du") in msg
    )
    assert f"units.yaml:{_line(units, '  - id: phuong-14')}:5: [units[11].id]" in msg
    assert msg.count("ngoài phạm vi") == 11  # the score files hold the Chi hội's row only
    assert "'thpt-nguyen-khuyen' ngoài phạm vi" not in msg


def test_a_chi_hoi_scoring_other_units_is_refused_at_each_cell(content_copy: Path) -> None:
    year = content_copy / "2024"
    shutil.copyfile(DISTRICT / "2024" / "scores.csv", year / "scores.csv")
    shutil.copyfile(DISTRICT / "2024" / "self-scores.csv", year / "self-scores.csv")
    msg = _errors(content_copy)
    du = "(ô B3, cột Mã đơn vị của đơn vị Chi hội Khuyến học Trường THPT Nguyễn Du)"
    p14 = "(ô B13, cột Mã đơn vị của đơn vị Chi hội Khuyến học Phường 14)"
    assert f"scores.csv!B3: [Mã đơn vị] {du} lỗi: " + OUTSIDE.format(u="thpt-nguyen-du") in msg
    assert f"self-scores.csv!B13: [Mã đơn vị] {p14} lỗi: " + OUTSIDE.format(u="phuong-14") in msg
    assert msg.count("ngoài phạm vi") == 22  # every row of both files but the Chi hội's own
    assert "không có trong units.yaml" not in msg  # the remit is the reason, said once per row


def test_a_chi_hoi_whose_unit_is_not_listed_is_told_once(content_copy: Path) -> None:
    org = content_copy / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "  unit: thpt-nguyen-khuyen\n", "  unit: thpt-khuyen\n"
        ),
        encoding="utf-8",
    )
    msg = _errors(content_copy)
    assert (
        f"org.yaml:{_line(org, '  unit: thpt-khuyen')}:3: [chapter.unit] "
        "(Chi hội ban hành hồ sơ, mã đơn vị trong units.yaml) lỗi: Chi hội chấm điểm "
        "cần 'unit': mã của Chi hội trong units.yaml (nhận được 'thpt-khuyen'; units.yaml có: "
        "thpt-nguyen-khuyen)"
    ) in msg
    assert "ngoài phạm vi" not in msg


def test_the_district_scores_every_chi_hoi_under_it(district_copy: Path) -> None:
    scored = load_scored(load_content(district_copy, 2024))
    assert scored is not None and len(scored.results) == 12
    assert scored.scheme.issuer is not None
    assert scored.scheme.issuer.name == "Hội Khuyến học Quận 10"


def test_a_hoi_scores_under_its_own_name(district_copy: Path) -> None:
    scoring = district_copy / "2024" / "scoring.yaml"
    scoring.write_text(
        scoring.read_text(encoding="utf-8").replace(
            "  name: Hội Khuyến học Quận 10\n", "  name: Hội Khuyến học Quận 3\n"
        ),
        encoding="utf-8",
    )
    msg = _errors(district_copy)
    assert (
        f"scoring.yaml:{_line(scoring, '  name: Hội Khuyến học Quận 3')}:3: [issuer.name] "
        "(cơ quan ban hành, tên) lỗi: "
        "cơ quan chấm điểm 'Hội Khuyến học Quận 3' khác Hội Khuyến học Quận 10 (org.yaml "
        "chapter): Hội chấm điểm các Chi hội trực thuộc mình, đứng tên trên phiếu chấm điểm và "
        "thông báo kết quả"
    ) in msg
