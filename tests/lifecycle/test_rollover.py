"""docgen rollover 2024 -> 2025 on a copy of the shipped content, then build refused / draft /
filled. One LibreOffice batch at most (the draft build, when soffice is present)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from docgen.content.load import load_content
from docgen.content.source import load_yaml, make_yaml
from docgen.content.units import load_units
from docgen.errors import ContentError
from docgen.lifecycle.rollover import rollover
from docgen.pipeline import BuildOptions, build
from tests.helpers import CONTENT, HAS_SOFFICE, TEMPLATES, docx_text, pdftotext
from tests.helpers.cli import DocgenCli

KH = "Kế hoạch số 02/KH-HKH ngày 22 tháng 01 năm 2024 của Hội Khuyến học Ủy ban nhân dân Quận 10"
EXPECTED = {
    "year": ("2024", "2025"),
    "number": ("89", ""),
    "date": ("06/05/2024", ""),
    "title_lines[0]": (
        "Thực hiện phong trào thi đua năm 2024",
        "Thực hiện phong trào thi đua năm 2025",
    ),
    "references.kh_quan.number": ("02/KH-HKH", ""),
    "references.kh_quan.date": ("22/01/2024", ""),
    "references.kh_quan.title": (
        "về thực hiện phong trào thi đua năm 2024",
        "về thực hiện phong trào thi đua năm 2025",
    ),
    "preamble[0]": (
        f"Căn cứ {KH} về thực hiện phong trào thi đua năm 2024, Chi hội Khuyến học Trường THPT "
        "Nguyễn Khuyến triển khai kế hoạch thực hiện phong trào thi đua năm 2024 như sau:",
        "Căn cứ Kế hoạch số [cần điền: số kế hoạch] ngày [cần điền: ngày kế hoạch] của Hội Khuyến "
        "học Ủy ban nhân dân Quận 10 về thực hiện phong trào thi đua năm 2025, Chi hội Khuyến học "
        "Trường THPT Nguyễn Khuyến triển khai kế hoạch thực hiện phong trào thi đua năm 2025 như "
        "sau:",
    ),
    "sections[1].criteria[3].body[2]": (
        "- Chi hội khuyến học trường “Đẩy mạnh chương trình trao học bổng 1&1 cao hơn so với năm "
        "2023”.",
        "- Chi hội khuyến học trường “Đẩy mạnh chương trình trao học bổng 1&1 cao hơn so với năm "
        "2024”.",
    ),
    # content/2024/figures.yaml holds the 2024 figure, so the 2025 plan cites it (issue 14)
    "sections[1].criteria[2].body[3]": (
        "- Riêng các trường Trung học phổ thông tập trung đẩy mạnh thực hiện chương trình học "
        "bổng 1&1 với số lượng và chất lượng cao hơn năm trước.",
        "- Riêng các trường Trung học phổ thông tập trung đẩy mạnh thực hiện chương trình học "
        "bổng 1&1 với số lượng và chất lượng cao hơn năm trước (năm 2024: 145 suất học bổng 1&1).",
    ),
    "closing": (
        "Trên đây là kế hoạch thực hiện phong trào thi đua năm 2024 của Trường THPT Nguyễn "
        "Khuyến, đề "
        "nghị các bộ phận của Chi hội phối hợp triển khai thực hiện đạt kết quả tốt./.",
        "Trên đây là kế hoạch thực hiện phong trào thi đua năm 2025 của Trường THPT Nguyễn "
        "Khuyến, đề "
        "nghị các bộ phận của Chi hội phối hợp triển khai thực hiện đạt kết quả tốt./.",
    ),
}
TO_FILL = {"number", "date", "references.kh_quan.number", "references.kh_quan.date"}


def _line(path: Path, start: str) -> int:
    """1-based number of the first line of ``path`` starting with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, t in enumerate(lines, start=1) if t.startswith(start))


def _lines_2024() -> dict[str, int]:
    plan = CONTENT / "2024" / "plan.yaml"
    return {
        "year": _line(plan, "year:"),
        "number": _line(plan, "number:"),
        "date": _line(plan, "date:"),
        "references.kh_quan.number": _line(plan, "    number: 02/"),
        "references.kh_quan.date": _line(plan, "    date: 22/01/2024"),
    }


def _fill(plan: Path) -> None:
    yaml = make_yaml()
    data = yaml.load(plan.read_text(encoding="utf-8"))
    data["number"], data["date"] = 12, "15/01/2025"
    if "kh_quan" in data["references"]:  # the school's plan cites the district's (renewed)
        data["references"]["kh_quan"]["number"] = "05/KH-HKH"
        data["references"]["kh_quan"]["date"] = "10/01/2025"
    with plan.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def test_rollover_changes_exactly_the_relative_values(content_copy: Path) -> None:
    r = rollover(content_copy, 2024, 2025)
    assert {c.field: (c.old, c.new) for c in r.changes} == EXPECTED
    assert len(r.changes) == len(EXPECTED)
    assert {p.ref.field for p in r.to_fill} == TO_FILL
    assert r.free_years == []
    old = (content_copy / "2024" / "plan.yaml").read_text(encoding="utf-8").splitlines()
    new = (content_copy / "2025" / "plan.yaml").read_text(encoding="utf-8").splitlines()
    # comments, order, quoting survive: only the year, the plan's number/date and kh_quan's
    # number/date lines differ
    assert len(old) == len(new)
    diff = {i + 1: (a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
    at = _lines_2024()
    assert sorted(diff) == sorted(at.values())
    assert diff[at["year"]] == ("year: 2024", "year: 2025")
    assert (
        diff[at["number"]][1].startswith("number:  ")
        and "# Số văn bản (ô 3)" in diff[at["number"]][1]
    )
    assert diff[at["references.kh_quan.number"]][1].strip() == (
        "number:             # cần điền (docgen rollover)"
    )
    # legal references untouched
    a, b = (
        load_yaml(content_copy / "2024" / "plan.yaml"),
        load_yaml(content_copy / "2025" / "plan.yaml"),
    )
    for key in ("kl49", "qd1315", "tt22", "qd222"):
        assert b["references"][key] == a["references"][key]
    c = load_content(content_copy, 2025)
    assert c.plan.references["qd1315"].date.isoformat() == "2023-11-09"
    assert "giai đoạn 2023 – 2030" in c.expand(c.plan.sections[0].body[1])
    report = r.report_path.read_text(encoding="utf-8")
    assert f"| {at['year']} | `year` | 2024 | 2025 |" in report
    assert (
        f"| {at['references.kh_quan.number']} | `references.kh_quan.number` | 02/KH-HKH | "
        "*(cần điền)* |"
    ) in report
    assert (
        f"- [ ] `2025/plan.yaml:{at['references.kh_quan.date']}` `references.kh_quan.date`"
        in report
    )
    assert report.count("- [ ] ") == 4


def test_rollover_twice_is_identical_and_needs_force(content_copy: Path) -> None:
    rollover(content_copy, 2024, 2025)
    first = {p.name: p.read_bytes() for p in (content_copy / "2025").iterdir()}
    with pytest.raises(ContentError, match="--force"):
        rollover(content_copy, 2024, 2025)
    rollover(content_copy, 2024, 2025, force=True)
    assert {p.name: p.read_bytes() for p in (content_copy / "2025").iterdir()} == first
    carried = [
        n for n in ("awards.yaml", "scoring.yaml", "units.yaml") if (CONTENT / "2024" / n).exists()
    ]
    assert sorted(first) == sorted(["ROLLOVER.md", "plan.yaml", *carried])
    assert not [p for p in content_copy.iterdir() if p.name.startswith(".")]


def test_units_carried_results_left_behind(content_copy: Path) -> None:
    year = content_copy / "2024"
    (year / "units.yaml").write_text(
        "# Đơn vị\nunits:\n  - id: nk\n    name: Chi hội Khuyến học Trường THPT Nguyễn Khuyến\n"
        "    kind: Chi hội trường học\n",
        encoding="utf-8",
    )
    wb = openpyxl.Workbook()
    wb.active.append(["unit", "nd1"])
    wb.save(year / "scores.xlsx")
    for name in ("nominations.yaml", "council.yaml"):
        (year / name).write_text("{}\n", encoding="utf-8")
    r = rollover(content_copy, 2024, 2025)
    dst = content_copy / "2025"
    assert (dst / "units.yaml").read_bytes() == (year / "units.yaml").read_bytes()
    assert [u.id for u in load_units(dst)] == ["nk"]
    carried = sorted(n for n in ("awards.yaml", "units.yaml") if (year / n).exists())
    assert sorted(p.name for p in dst.iterdir()) == sorted(
        ["ROLLOVER.md", "plan.yaml", "scoring.yaml", *carried]
    )
    assert {"council.yaml", "nominations.yaml", "scores.xlsx"} <= set(r.left_behind)
    assert r.carried == carried
    report = r.report_path.read_text(encoding="utf-8")
    assert "- Không chuyển (dữ liệu riêng của năm 2024): " in report
    assert all(name in report for name in r.left_behind)


def test_literal_year_is_listed_not_changed(content_copy: Path) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "công khai quy trình xét chọn khen thưởng.",
        "công khai quy trình xét chọn khen thưởng năm 2024.",
    )
    plan.write_text(text, encoding="utf-8")
    r = rollover(content_copy, 2024, 2025)
    line = _line(plan, '          - "- Triển khai hướng dẫn đầy đủ')
    assert [(f.field, f.year, f.line) for f in r.free_years] == [
        ("sections[2].subsections[0].body[0]", "2024", line)
    ]
    assert "thưởng năm 2024." in (content_copy / "2025" / "plan.yaml").read_text(encoding="utf-8")
    assert "**2024**" in r.report_path.read_text(encoding="utf-8")


def test_last_year_figure_shown_when_results_exist(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "2024" / "figures.yaml").write_text(
        "figures:\n  hoc_bong_1_1:\n    value: 12\n    unit: suất học bổng 1&1\n", encoding="utf-8"
    )
    r = rollover(content_copy, 2024, 2025)
    change = {c.field: c for c in r.changes}["sections[1].criteria[2].body[3]"]
    assert change.old.endswith("cao hơn năm trước.")
    assert change.new.endswith("cao hơn năm trước (năm 2024: 12 suất học bổng 1&1).")
    assert not (content_copy / "2025" / "figures.yaml").exists()
    assert "figures.yaml" in r.left_behind and "figures.yaml" not in r.carried
    assert "- figures.yaml ở lại năm 2024: `{prev:…}` trong kế hoạch năm 2025" in (
        r.report_path.read_text(encoding="utf-8")
    )
    out = build(
        BuildOptions(
            content=content_copy,
            out=tmp_path / "out",
            templates=TEMPLATES,
            year=2025,
            pdf=False,
            draft=True,
        )
    )
    assert "chất lượng cao hơn năm trước (năm 2024: 12 suất học bổng 1&1)." in docx_text(
        out.out_dir / "ke-hoach-2025.docx"
    )


def test_bad_rollover_input_exits_1_and_writes_nothing(
    docgen_cli: DocgenCli, content_copy: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in content_copy.iterdir())
    cases = [
        (["--from", "2023", "--to", "2024"], "Không có nội dung năm 2023"),
        (["--from", "2024", "--to", "2024"], "phải sau năm nguồn"),
        (["--from", "2024", "--to", "2020"], "phải sau năm nguồn"),
    ]
    for args, msg in cases:
        exc = docgen_cli("rollover", *args, "--content", str(content_copy))
        assert exc.code == 1
        assert msg in exc.err
    exc = docgen_cli(
        "rollover", "--from", "2024", "--to", "2025", "--content", str(tmp_path / "none")
    )
    assert exc.code == 1
    assert "Không có nội dung năm 2024" in exc.err
    assert sorted(p.name for p in content_copy.iterdir()) == before
    assert not (tmp_path / "none").exists()


@pytest.mark.slow  # the filled year is built with PDFs when LibreOffice is present
def test_build_refused_then_draft_then_filled(
    docgen_cli: DocgenCli, content_copy: Path, tmp_path: Path
) -> None:
    rollover(content_copy, 2024, 2025)
    out = tmp_path / "out"
    exc = docgen_cli(
        "build",
        "--year",
        "2025",
        "--content",
        str(content_copy),
        "--out",
        str(out),
        "--templates",
        str(TEMPLATES),
        "--no-pdf",
        "-q",
    )
    assert exc.code == 1
    err = exc.err
    assert "còn 4 trường cần điền" in err
    for fld, line in _lines_2024().items():
        if fld != "year":
            assert f"plan.yaml:{line}:" in err and f"[{fld}]" in err
    assert not (out / "2025").exists()

    draft = build(
        BuildOptions(
            content=content_copy,
            out=out,
            templates=TEMPLATES,
            year=2025,
            pdf=HAS_SOFFICE,
            draft=True,
        )
    )
    docx = draft.out_dir / "ke-hoach-2025.docx"
    doc = Document(str(docx))
    assert doc.paragraphs[0].text == "DỰ THẢO" and doc.paragraphs[0].runs[0].bold
    yellow = [
        r.text
        for p in _all_paragraphs(doc)
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert yellow == [
        "[cần điền: số]",
        "[cần điền: ngày ban hành]",
        "[cần điền: số kế hoạch]",
        "[cần điền: ngày kế hoạch]",
    ]
    text = docx_text(docx)
    assert "Số: [cần điền: số]/KH-NK" in text
    assert "Thực hiện phong trào thi đua năm 2025" in text
    if HAS_SOFFICE:
        pdf = pdftotext(draft.out_dir / "ke-hoach-2025.pdf")
        assert "DỰ THẢO" in pdf and "[cần điền: số kế hoạch]" in pdf

    _fill(content_copy / "2025" / "plan.yaml")
    final = build(
        BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2025, pdf=False)
    )
    docx = final.out_dir / "ke-hoach-2025.docx"
    text = docx_text(docx)
    assert "DỰ THẢO" not in text and "cần điền" not in text
    assert "Số: 12/KH-NK" in text
    assert "Thành phố Hồ Chí Minh, ngày 15 tháng 01 năm 2025" in text
    assert (
        "Căn cứ Kế hoạch số 05/KH-HKH ngày 10 tháng 01 năm 2025 của Hội Khuyến học Ủy ban "
        "nhân dân Quận 10 về thực hiện phong trào thi đua năm 2025"
    ) in text
    assert "cao hơn so với năm 2024”." in text
    assert "Quyết định số 1315/QĐ-TTg ngày 09 tháng 11 năm 2023" in text
    assert not any(
        r.font.highlight_color for p in _all_paragraphs(Document(str(docx))) for r in p.runs
    )

    pytest.importorskip("docgen.check")
    exc = docgen_cli("check", str(docx), "--kind", "plan", "--format", "json")
    findings = json.loads(exc.out)
    assert [f for f in findings if f["severity"] == "error"] == []
    assert exc.code == 0


def _all_paragraphs(doc: Document) -> list:  # noqa: ANN401
    """Body and table-cell paragraphs in document order."""
    out = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            out += [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            out.append(block)
    return out


def test_shipped_2024_has_nothing_to_fill() -> None:
    from docgen.content.required import missing_fields

    assert missing_fields(load_content(CONTENT, 2024)) == []


# -- scoring.yaml: the year's scoring scheme is rules, rolled over like the plan ---------------

SCORING_TITLE = (
    "Thang điểm thi đua năm {} của các Chi hội Khuyến học trực thuộc Hội Khuyến học Quận 10"
)


def _set_scoring_date(path: Path, value: str) -> None:
    yaml = make_yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["date"] = value
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def test_scoring_scheme_rolled_over_exactly(district_copy: Path) -> None:
    src = district_copy / "2024" / "scoring.yaml"
    r = rollover(district_copy, 2024, 2025)
    dst = district_copy / "2025" / "scoring.yaml"
    at = {k: _line(src, f"{k}:") for k in ("year", "scheme", "title", "date")}
    at["number"] = _line(src, "  number:")
    assert [(c.field, c.line, c.old, c.new) for c in r.scoring_changes] == [
        ("year", at["year"], "2024", "2025"),
        ("scheme", at["scheme"], "hkh-q10-2024", "hkh-q10-2025"),
        ("title", at["title"], SCORING_TITLE.format(2024), SCORING_TITLE.format(2025)),
        ("date", at["date"], "10/12/2024", ""),
        ("notice.number", at["number"], "15", ""),  # the results notice: numbered anew
    ]
    assert [(p.ref.field, p.ref.line) for p in r.scoring_to_fill] == [("date", at["date"])]
    # the round trip keeps every comment and line; only year and date differ ({year} moves)
    old = src.read_text(encoding="utf-8").splitlines()
    new = dst.read_text(encoding="utf-8").splitlines()
    assert len(old) == len(new)
    diff = {i + 1: b for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
    assert diff == {
        at["year"]: "year: 2025",
        at["date"]: "date:                       # ngày lập bảng tổng hợp (ô 4)",
        at["number"]: "  number:",
    }
    assert new[at["scheme"] - 1].startswith("scheme: hkh-q10-{year}      # mã thang điểm")
    # the plan's report is unchanged; the scheme has its own part, its date is not a checkbox
    report = r.report_path.read_text(encoding="utf-8")
    assert report.count("- [ ] ") == 2  # the district plan: its number and date
    assert f"| {at['scheme']} | `scheme` | hkh-q10-2024 | hkh-q10-2025 |" in report
    assert f"| {at['date']} | `date` | 10/12/2024 | *(cần điền)* |" in report
    assert f"- `2025/scoring.yaml:{at['date']}` `date`: cần điền ngày lập bảng tổng hợp" in report
    assert "scoring.yaml (đã đổi như trên)" in report
    assert "scoring.yaml" not in r.left_behind and "scoring.yaml" not in r.carried
    from docgen.scoring.scheme import load_scheme

    scheme = load_scheme(load_content(district_copy, 2025)).scheme
    assert (scheme.id, scheme.year, scheme.title, scheme.date) == (
        "hkh-q10-2025",
        2025,
        SCORING_TITLE.format(2025),
        None,
    )
    assert scheme.max_total == 100 and [b.name for b in scheme.bands][0] == "Xuất sắc"


def test_scoring_years_in_digits_equal_to_the_old_year_move(content_copy: Path) -> None:
    """scoring.yaml written before {year}: the old year in scheme/title moves, fixed years stay."""
    src = content_copy / "2024" / "scoring.yaml"
    text = (
        src.read_text(encoding="utf-8")
        .replace("hkh-q10-{year}", "hkh-q10-2024")
        .replace(
            "năm {year} của", "năm 2024 (giai đoạn 2021 – 2024, Thông tư 22/2020/TT-BGDĐT) của"
        )
    )
    src.write_text(text, encoding="utf-8")
    r = rollover(content_copy, 2024, 2025)
    new = (content_copy / "2025" / "scoring.yaml").read_text(encoding="utf-8")
    assert "\nscheme: hkh-q10-2025      # mã thang điểm, ghi vào biểu mẫu Excel" in new
    assert (
        "\ntitle: Thang điểm thi đua năm 2025 (giai đoạn 2021 – 2024, Thông tư "
        "22/2020/TT-BGDĐT) của"
    ) in new
    assert {c.field: c.new for c in r.scoring_changes}["scheme"] == "hkh-q10-2025"


def test_rolled_year_with_scores_builds_once_filled(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    rollover(district_copy, 2024, 2025)
    src, dst = district_copy / "2024", district_copy / "2025"
    for name in ("scores.csv", "self-scores.csv"):  # the 2025 scores (same units, no year inside)
        (dst / name).write_bytes((src / name).read_bytes())
    scoring = dst / "scoring.yaml"
    date_line = _line(scoring, "date:")
    out = tmp_path / "out"
    args = [
        "build",
        "--year",
        "2025",
        "--content",
        str(district_copy),
        "--out",
        str(out),
        "--templates",
        str(TEMPLATES),
        "--no-pdf",
        "-q",
    ]
    exc = docgen_cli(*args)
    assert exc.code == 1
    err = exc.err
    assert "Nội dung năm 2025 còn 3 trường cần điền" in err
    assert f"scoring.yaml:{date_line}:" in err and "[date]" in err and "ngày lập bảng" in err

    _fill(dst / "plan.yaml")
    exc = docgen_cli(*args)
    err = exc.err
    assert exc.code == 1 and "còn 1 trường cần điền" in err and "[date]" in err
    assert not (out / "2025").exists()

    draft = build(
        BuildOptions(
            content=district_copy, out=out, templates=TEMPLATES, year=2025, pdf=False, draft=True
        )
    )
    summary = draft.out_dir / "bang-tong-hop-2025.docx"
    yellow = [
        r.text
        for p in _all_paragraphs(Document(str(summary)))
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert yellow == ["[cần điền: ngày lập bảng]"]  # in "(Kèm theo Thông báo số …)"
    notice = draft.out_dir / "thong-bao-ket-qua-2025.docx"
    assert "Quận 10, [cần điền: ngày lập bảng]" in docx_text(notice)

    _set_scoring_date(scoring, "18/12/2025")
    final = build(
        BuildOptions(content=district_copy, out=out, templates=TEMPLATES, year=2025, pdf=False)
    )
    text = docx_text(final.out_dir / "bang-tong-hop-2025.docx")
    notice = docx_text(final.out_dir / "thong-bao-ket-qua-2025.docx")
    assert "Quận 10, ngày 18 tháng 12 năm 2025" in notice and "cần điền" not in notice
    # rolled over: the notice is numbered anew (left blank for the văn thư), dated 18/12/2025
    assert "Thông báo số       /TB-HKH ngày 18 tháng 12 năm 2025" in text and "cần điền" not in text
    assert "KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2025" in text.upper()
    assert "Căn cứ thang điểm thi đua năm 2025 của các Chi hội" in text
    sheet = docx_text(final.out_dir / "phieu-cham-diem-2025-thpt-nguyen-khuyen.docx")
    assert "ngày 18 tháng 12 năm 2025" in sheet and "95,5" in sheet
    # the form made for 2025 carries the new scheme code: a 2024 form is told apart
    form = tmp_path / "form-2025.xlsx"
    exc = docgen_cli("form", "--year", "2025", "--content", str(district_copy), "--out", str(form))
    assert exc.code == 0
    meta = {
        r[0]: r[1] for r in openpyxl.load_workbook(form).worksheets[-1].iter_rows(values_only=True)
    }
    assert meta["năm"] == 2025 and meta["thang điểm"] == "hkh-q10-2025"


@pytest.mark.parametrize("date_line", ["", 'date: "10/12/2024"\n'])
def test_scoring_date_without_comment_or_absent_gets_the_note(
    district_copy: Path, date_line: str
) -> None:
    src = district_copy / "2024" / "scoring.yaml"
    text = src.read_text(encoding="utf-8")
    src.write_text(
        text.replace("date: 10/12/2024            # ngày lập bảng tổng hợp (ô 4)\n", date_line),
        encoding="utf-8",
    )
    r = rollover(district_copy, 2024, 2025)
    new = (district_copy / "2025" / "scoring.yaml").read_text(encoding="utf-8")
    head = (
        "max_total: 100              # 92 điểm nội dung + 8 điểm thưởng\n"
        "date:                       # cần điền (docgen rollover)\n\n# Hội Khuyến học Quận 10 "
        "chấm điểm mọi Chi hội trực thuộc (VÍ DỤ, DỮ LIỆU MINH HỌA).\n# Cơ quan chấm điểm"
    )
    assert head in new
    assert "bảng tổng hợp (ô 1, 2, 7). Bỏ mục này thì dùng\n# content/org.yaml" in new
    assert "(nhà trường tự chấm các bộ phận của mình).\nissuer:\n" in new
    assert [p.ref.line for p in r.scoring_to_fill] == [
        _line(district_copy / "2025" / "scoring.yaml", "date:")
    ]
    assert ("date" in {c.field for c in r.scoring_changes}) == bool(date_line)
