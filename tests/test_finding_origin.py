"""Issue 15: a finding of the build's own Decree 30 check in a paragraph printed from a content
value names the content line too ("ke-hoach-2024.docx:¶5 (từ …/plan.yaml:60, …)")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.content.origins import from_yaml
from docgen.content.source import load_yaml
from docgen.i18n import set_lang
from tests.helpers import CONTENT
from tests.helpers.cli import run_cli


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in ``path``; the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, t in enumerate(lines, start=1) if t.lstrip().startswith(start))


def _failed(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> list[str]:
    out = tmp_path / "o"
    code, _, err = run_cli(
        capsys, ("--lang", lang, "build", "--content", content, "--out", out, "--no-pdf")
    )
    assert code == 1, err
    assert not (out / "2024").exists()  # nothing published
    return err.splitlines()


def test_a_cited_act_dated_after_the_plan_names_the_paragraph_and_the_reference(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    _edit(plan, "    date: 22/01/2024", "    date: 22/06/2024")  # references.kh_quan.date
    preamble = _line_of(plan, '- "Căn cứ {ref:kh_quan}')
    ref = _line_of(plan, "kh_quan:")
    assert _failed(content_copy, tmp_path, capsys, "vi")[1:] == [
        "Kiểm tra thể thức (Nghị định 30) thấy 1 lỗi; chưa xuất bản văn bản nào:",
        f"  ke-hoach-2024.docx:¶5 (từ {plan}:{preamble}, phần mở đầu, đoạn 1; {plan}:{ref}, văn "
        "bản căn cứ kh_quan): lỗi: VB305 Kế hoạch 02/KH-HKH ghi ngày 22/06/2024, sau ngày ban "
        "hành 06/05/2024",
    ]
    assert _failed(content_copy, tmp_path, capsys, "en")[1:] == [
        "The Decree 30 check found 1 error(s); nothing was published:",
        f"  ke-hoach-2024.docx:¶5 (from {plan}:{preamble}, preamble paragraph 1; {plan}:{ref}, "
        "cited act kh_quan): error: VB305 Kế hoạch 02/KH-HKH is dated 22/06/2024, after this "
        "document's date 06/05/2024",
    ]


def test_a_wrong_year_in_a_long_paragraph_names_its_line(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The checker shows 120 characters of the paragraph; the value is much longer."""
    plan = content_copy / "2024" / "plan.yaml"
    n = _edit(plan, "quy trình xét thi đua theo", "quy trình xét thi đua năm 2022 theo")
    err = _failed(content_copy, tmp_path, capsys, "vi")
    assert err[2] == (
        f"  ke-hoach-2024.docx:¶30 (từ {plan}:{n}, Mục III, tiểu mục 1, đoạn 2): lỗi: VB307 "
        '"thi đua năm 2022" nhưng trích yếu ghi năm 2024'
    )


def test_a_dossier_finding_names_the_nomination_line(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "nominations.yaml"
    data = load_yaml(path)
    i, j, name = next(
        (i, j, c["name"])
        for i, c in enumerate(data["candidates"])
        for j, a in enumerate(c.get("earlier_awards") or [])
        if "1021/QĐ-SGDĐT" in a["decision"]
    )
    n = _edit(path, "1021/QĐ-SGDĐT ngày 15/8/2023", "1021/QĐ-SGDĐT ngày 15/8/2025")
    err = _failed(content_copy, tmp_path, capsys, "vi")
    found = [ln for ln in err if "VB305" in ln]
    assert len(found) == 1, err
    # the report's file name and table cell are the dossier's; the rest is this message
    doc, _, rest = found[0].strip().partition(" (từ ")
    assert re.fullmatch(r"ho-so-khen-thuong/04-bao-cao-\d+-[a-z0-9-]+\.docx:T\d+R\d+C\d+", doc)
    assert rest == (
        f"{path}:{n}, ứng viên {i + 1} ({name}), khen thưởng trước đây {j + 1}, quyết định khen "
        "thưởng): lỗi: VB305 Quyết định 1021/QĐ-SGDĐT ghi ngày 15/08/2025, sau ngày ban hành "
        "23/12/2024"
    )


def test_template_text_around_a_short_value_is_not_attributed_to_it() -> None:
    set_lang("vi")
    path = CONTENT / "2024" / "plan.yaml"
    origins = from_yaml(path, load_yaml(path), str)
    # title_lines[1] is "của Chi hội Khuyến học Trường THPT Nguyễn Khuyến"; the issuer line of
    # the header (ô 2) and the signature block print the same name from org.yaml
    assert origins.find("CHI HỘI KHUYẾN HỌC TRƯỜNG THPT NGUYỄN KHUYẾN") == ()
    assert origins.find("TM. BAN CHẤP HÀNH CHI HỘI KHUYẾN HỌC TRƯỜNG THPT NGUYỄN KHUYẾN") == ()
    assert origins.find("Nơi nhận:") == ()
    found = origins.find("của Chi hội Khuyến học Trường THPT Nguyễn Khuyến")
    line = _line_of(path, "- của Chi hội Khuyến học Trường THPT Nguyễn Khuyến")
    assert [(o.line, o.label) for o in found] == [(line, "trích yếu, dòng 2")]
