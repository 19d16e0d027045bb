"""Content validation: every bad input is answered with file:line:column, field, expected/found."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from docgen.content.load import load_content
from docgen.errors import ContentError


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root, 2024)
    return [str(p) for p in info.value.problems if p.severity == "error"]


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_shipped_content_is_valid_and_complete() -> None:
    from tests.helpers import CONTENT

    content = load_content(CONTENT)
    assert content.year == 2024
    plan = content.plan
    assert (plan.number, plan.date.isoformat()) == (89, "2024-05-06")
    assert [c.points for c in plan.criteria] == [20, 32, 20, 20]
    assert plan.total_points == 92
    assert [s.title for s in plan.sections] == [
        "Mục tiêu, yêu cầu",
        "Tổ chức thực hiện",
        "Thực hiện công tác thi đua - khen thưởng",
    ]
    assert content.warnings == ()


def test_every_content_string_is_nfc(content_copy: Path) -> None:
    for path in content_copy.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path


def test_thong_tu_22_cited_once_with_the_correct_date() -> None:
    from tests.helpers import CONTENT

    content = load_content(CONTENT)
    tt22 = content.plan.references["tt22"]
    assert (tt22.number, tt22.date.isoformat()) == ("22/2020/TT-BGDĐT", "2020-08-06")
    raw = (CONTENT / "2024" / "plan.yaml").read_text(encoding="utf-8")
    body = raw.split("preamble:", 1)[1]
    assert "22/2020" not in body and "06/8/2022" not in body  # the prose cites it by key


def test_missing_required_field(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "closing: ", "# closing: ")
    [msg] = problems(content_copy)
    assert f"{plan}:" in msg and "[closing]" in msg and "thiếu trường bắt buộc 'closing'" in msg


def test_unknown_key_suggests_the_right_one(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "closing: ", "closng: ")
    line = line_of(plan, "closng:")
    msgs = problems(content_copy)
    assert any(f"{plan}:{line}:1: [closng]" in m and "(có phải là 'closing'?)" in m for m in msgs)


def test_impossible_date(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "date: 06/05/2024", "date: 31/02/2024")
    [msg] = problems(content_copy)
    assert f"{plan}:{line_of(plan, '31/02/2024')}:" in msg
    assert "[date]" in msg and "'31/02/2024' không tồn tại" in msg


def test_non_numeric_points(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "points: 32", "points: ba mươi hai")
    [msg] = problems(content_copy)
    assert f"{plan}:{line_of(plan, 'ba mươi hai')}:9:" in msg
    assert "[sections[1].criteria[1].points]" in msg
    assert "cần một số, nhận được 'ba mươi hai'" in msg


def test_all_problems_reported_at_once(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "points: 32", "points: nhiều")
    edit(plan, "date: 06/05/2024", "date: 30/02/2024")
    edit(plan, "closing: ", "closng: ")
    assert len(problems(content_copy)) == 4  # bad points, bad date, unknown key, missing closing


def test_nfd_text_is_normalised_with_a_warning(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    nfc = "Mục tiêu, yêu cầu"
    edit(plan, f"title: {nfc}", "title: " + unicodedata.normalize("NFD", nfc))
    content = load_content(content_copy, 2024)
    assert content.plan.sections[0].title == nfc
    [warning] = content.warnings
    assert "NFD" in str(warning) and "[sections[0].title]" in str(warning)
    assert f":{line_of(plan, 'title: M')}:" in str(warning)


@pytest.mark.parametrize(
    ("legacy", "name"),
    [
        ("Môc tiªu, yªu cÇu", "TCVN3"),
        ("Muïc tieâu, yeâu caàu", "VNI"),
    ],
)
def test_legacy_encoding_is_refused(content_copy: Path, legacy: str, name: str) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "title: Mục tiêu, yêu cầu", f"title: {legacy}")
    [msg] = problems(content_copy)
    assert "[sections[0].title]" in msg and name in msg and "Unicode" in msg


def test_invalid_yaml_is_located(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "year: 2024", "year: [2024")
    with pytest.raises(ContentError) as info:
        load_content(content_copy, 2024)
    [problem] = info.value.problems
    assert str(problem.ref.path) == str(plan) and problem.ref.line is not None
    assert "YAML" in str(info.value)


def test_unknown_reference_key(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "{ref:kl49|nodate}", "{ref:kl94|nodate}")
    [msg] = problems(content_copy)
    assert "[sections[0].body[0]]" in msg and "không có văn bản 'kl94'" in msg


def test_unknown_year(content_copy: Path) -> None:
    with pytest.raises(ContentError, match="2031"):
        load_content(content_copy, 2031)


def test_distribution_must_end_with_luu(content_copy: Path) -> None:
    org = content_copy / "org.yaml"
    edit(org, '  - "Lưu: VT, PHTCSVC"\n', "")
    [msg] = problems(content_copy)
    assert "[distribution[1]]" in msg and "Lưu: VT" in msg


def test_unknown_placeholder(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    edit(plan, "thi đua năm {year}, Chi hội", "thi đua năm {nam}, Chi hội")
    [msg] = problems(content_copy)
    assert "[preamble[0]]" in msg and "'{nam}'" in msg
