"""Issue 15, a first-time user: each friction point with the exact message the user now sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.content.source import load_yaml
from docgen.errors import ContentError
from tests.helpers import CONTENT, REPO, TEMPLATES, docx_text
from tests.helpers.cli import CliResult, run_cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> CliResult:
    """``docgen ARGV…`` through the one CLI runner (:func:`tests.helpers.cli.run_cli`)."""
    return run_cli(capsys, tuple(argv))


def _yaml_problem(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0]).replace(str(path), "plan.yaml")


YAML_CASES = [
    (
        'a:\n  - "Căn cứ kế hoạch\n  - "Nội dung: một"\n  - hai\n',
        'plan.yaml:2:5: lỗi: thiếu dấu ngoặc kép đóng ở dòng 2: giá trị mở bằng " phải kết '
        'thúc bằng " ở cuối dòng (- "Căn cứ kế hoạch)',
    ),
    (
        "a: 'abc\nb: 2\n",
        "plan.yaml:1:4: lỗi: thiếu dấu ngoặc đơn đóng ở dòng 1: giá trị mở bằng ' phải kết "
        "thúc bằng ' ở cuối dòng (a: 'abc)",
    ),
    (
        "a:\n  b: 1\n\tc: 2\n",
        "plan.yaml:3:1: lỗi: dòng 3 có ký tự Tab: dùng dấu cách, không dùng phím Tab, để thụt lề",
    ),
    (
        "a:\n  b: 1\n c: 2\n",
        "plan.yaml:3:2: lỗi: dòng 3 thụt lề khác các dòng cùng cấp (1 dấu cách; dòng trước: 2): "
        "các dòng cùng cấp phải bắt đầu ở cùng một cột, dùng dấu cách",
    ),
    (
        "a:\n  b: 1\n   c: 2\n",
        "plan.yaml:3:4: lỗi: dòng 3 thụt lề khác các dòng cùng cấp (3 dấu cách; dòng trước: 2): "
        "các dòng cùng cấp phải bắt đầu ở cùng một cột, dùng dấu cách",
    ),
    (
        "a: [1, 2\nb: 3\n",
        "plan.yaml:1:4: lỗi: dấu [ mở ở dòng 1 không có dấu ] đóng: thêm ] ở cuối giá trị, hoặc "
        "nếu đây là lời văn thì đặt cả giá trị trong ngoặc kép",
    ),
    (
        "a: {x: 1\nb: 3\n",
        "plan.yaml:1:4: lỗi: dấu { mở ở dòng 1 không có dấu } đóng: thêm } ở cuối giá trị, hoặc "
        "nếu đây là lời văn thì đặt cả giá trị trong ngoặc kép",
    ),
    (
        "number: 1\ndate: 06/05/2024\nnumber: 3\n",
        "plan.yaml:3:1: lỗi: khóa `number` được ghi hai lần trong cùng một khối (lần đầu ở dòng "
        "1): xóa một dòng hoặc đổi tên khóa",
    ),
    (
        "closing: Ghi chú: xem phụ lục\n",
        "plan.yaml:1:17: lỗi: giá trị ở dòng 1 có dấu hai chấm và dấu cách (`: `) mà không đặt "
        'trong ngoặc kép: đặt cả giá trị trong ngoặc kép, ví dụ "Ghi chú: xem phụ lục"',
    ),
    (
        "title: {year} và năm sau\n",
        "plan.yaml:1:15: lỗi: giá trị ở dòng 1 bắt đầu bằng { hoặc [ (như {year}): đặt cả giá "
        'trị trong ngoặc kép, ví dụ "{year} và năm sau"',
    ),
    (
        'title: "Kế hoạch" năm nay\n',
        "plan.yaml:1:19: lỗi: dòng 1 có chữ sau dấu ngoặc kép đóng: đặt cả giá trị trong một "
        'cặp ngoặc kép (ngoặc kép bên trong viết “ ” hoặc \\")',
    ),
    (
        "a: *ghi chú\n",
        "plan.yaml:1:4: lỗi: giá trị ở dòng 1 bắt đầu bằng * (ký tự đặc biệt của YAML): đặt cả "
        "giá trị trong ngoặc kép",
    ),
    (
        "a: @ghi\n",
        "plan.yaml:1:4: lỗi: giá trị ở dòng 1 bắt đầu bằng ký tự @, ký tự đặc biệt của YAML: "
        "đặt cả giá trị trong ngoặc kép",
    ),
]


@pytest.mark.parametrize(("text", "message"), YAML_CASES)
def test_yaml_syntax_error_says_cause_and_fix(tmp_path: Path, text: str, message: str) -> None:
    assert _yaml_problem(tmp_path, text) == message


def test_yaml_missing_quote_in_the_shipped_plan_points_at_its_line(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, t in enumerate(lines) if "Chương trình tiết kiệm nuôi heo đất" in t)
    lines[n] = lines[n].rstrip()[:-1] + "\n"  # the closing quote deleted
    plan.write_text("".join(lines), encoding="utf-8")
    code, _, err = run(
        ["build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--no-pdf"], capsys
    )
    assert code == 1
    assert "YAML không hợp lệ: sửa dòng được chỉ ra rồi chạy lại" in err
    assert f"{plan}:{n + 1}:13: lỗi: thiếu dấu ngoặc kép đóng ở dòng {n + 1}" in err
    assert not (tmp_path / "o").exists()


def test_yaml_error_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "en")
    assert _yaml_problem(tmp_path, "a:\n\t- x\n") == (
        "plan.yaml:2:1: error: line 2 contains a Tab character: indent with spaces, not the Tab key"
    )


def test_build_without_year_says_which_year_and_lists_the_others(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["rollover", "--from", "2024", "--to", "2025", "--content", str(content_copy)], capsys
    )
    assert code == 0, err
    code, out, err = run(
        [
            "build",
            "--content",
            str(content_copy),
            "--out",
            str(tmp_path / "o"),
            "--templates",
            str(TEMPLATES),
            "--no-pdf",
            "--draft",
        ],
        capsys,
    )
    assert code == 0, err
    assert (
        f"Năm 2025: năm mới nhất trong {content_copy}/; các năm có nội dung: 2024, 2025; dùng "
        "--year 2024 để làm năm khác (docgen build --year 2024)\n" in err
    )
    assert f"trong {tmp_path / 'o' / '2025'}" in out
    # with --year there is nothing to explain
    code, _, err = run(["scores", "--content", str(content_copy), "--year", "2024"], capsys)
    assert code == 0 and "năm mới nhất" not in err


def _broken_templates(tmp_path: Path, old: str | None = None, new: str = "") -> Path:
    """A copy of the templates whose plan template has ``old`` replaced by ``new`` in one run,
    or (``old=None``) its fifth ``{%p endfor %}`` paragraph deleted."""
    import shutil

    from docx import Document

    dst = tmp_path / "tpl"
    shutil.copytree(TEMPLATES, dst)
    doc = Document(str(dst / "ke-hoach.docx"))
    if old is None:
        ends = [p for p in doc.paragraphs if p.text.strip() == "{%p endfor %}"]
        ends[4]._p.getparent().remove(ends[4]._p)  # the end of {%p for p in c.body %}
    else:
        run = next(r for p in doc.paragraphs for r in p.runs if old in r.text)
        run.text = run.text.replace(old, new)
    doc.save(str(dst / "ke-hoach.docx"))
    return dst


def _template_message(tmp_path: Path, templates: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, _, err = run(
        [
            "build",
            "--content",
            str(CONTENT),
            "--out",
            str(tmp_path / "o"),
            "--templates",
            str(templates),
            "--no-pdf",
            "--year",
            "2024",
        ],
        capsys,
    )
    assert code == 1
    assert not (tmp_path / "o" / "2024").exists()
    return err.replace(str(templates / "ke-hoach.docx"), "ke-hoach.docx")


def test_template_typo_names_the_tag_the_paragraph_and_what_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _template_message(
        tmp_path, _broken_templates(tmp_path, "{{ c.title }}", "{{ c.titel }}"), capsys
    )
    assert err == (
        "Mẫu ke-hoach.docx: thẻ `c.titel` không có (có phải `c.title`?); có: c.number, c.key, "
        "c.title, c.points, c.body\n"
        "  đoạn văn quanh thẻ: Nội dung {{ c.number }}: {{ c.titel }} ({{ c.points }} điểm)\n"
        "  sửa thẻ trong ke-hoach.docx bằng Word hoặc LibreOffice rồi chạy lại\n"
    )
    assert "dict object" not in err and "<w:" not in err


def test_template_unknown_top_level_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _template_message(
        tmp_path, _broken_templates(tmp_path, "{{ closing }}", "{{ closng }}"), capsys
    )
    assert err == (
        "Mẫu ke-hoach.docx dùng thẻ mà nội dung không có: closng (có phải: closing?)\n"
        "  đoạn văn quanh thẻ: {{ closng }}\n"
        "  sửa thẻ trong ke-hoach.docx bằng Word hoặc LibreOffice rồi chạy lại\n"
    )


def test_template_deleted_endfor_points_at_the_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _template_message(tmp_path, _broken_templates(tmp_path), capsys)
    assert err == (
        "Mẫu ke-hoach.docx có lỗi cú pháp Jinja: thiếu một thẻ `{%p endfor %}` trước "
        '`{%p for sub in s.subsections %}` (đoạn "{{ sub.number }}. {{ sub.title }}"): khối '
        '`{%p for c in s.criteria %}` mở ở đoạn "Nội dung {{ c.number }}: {{ c.title }} '
        '({{ c.points }} điểm)" phải được đóng trước đó\n'
        "  sửa thẻ trong ke-hoach.docx bằng Word hoặc LibreOffice rồi chạy lại\n"
    )


def test_template_misspelt_filter_and_broken_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _template_message(
        tmp_path, _broken_templates(tmp_path, "{{ s.title|upper }}", "{{ s.title|uper }}"), capsys
    )
    assert err == (
        "Mẫu ke-hoach.docx có lỗi cú pháp Jinja: bộ lọc `uper` không có; có phải: upper?\n"
        "  đoạn văn quanh thẻ: {{ s.numeral }}. {{ s.title|uper }}\n"
        "  sửa thẻ trong ke-hoach.docx bằng Word hoặc LibreOffice rồi chạy lại\n"
    )


def test_content_errors_name_the_field_in_words(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    n = [i for i, t in enumerate(lines) if t.strip().startswith("points:")][2]  # the third Nội dung
    lines[n] = lines[n].replace("points: 20", "points: hai mươi")
    plan.write_text("".join(lines), encoding="utf-8")
    code, _, err = run(
        ["build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--no-pdf"], capsys
    )
    assert code == 1
    col = lines[n].index("points") + 1
    assert (
        f"{plan}:{n + 1}:{col}: [sections[1].criteria[2].points] (Mục II, Nội dung 3, số điểm) "
        "lỗi: cần một số, nhận được 'hai mươi'" in err
    ), err


def _add_nd5(content: Path) -> None:
    plan = content / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    at = text.index("\n  - key: thi_dua")
    nd5 = (
        "\n      - key: nd5\n        title: Phong trào đọc sách\n        points: 10\n"
        '        body:\n          - "- Chi hội tổ chức ít nhất một ngày hội đọc sách."'
    )
    plan.write_text(text[:at] + nd5 + text[at:], encoding="utf-8")
    scoring = content / "2024" / "scoring.yaml"
    scoring.write_text(
        scoring.read_text(encoding="utf-8").replace("max_total: 100", "max_total: 110"),
        encoding="utf-8",
    )


def test_adding_a_criterion_says_what_to_do_and_form_keeps_the_scores(
    district_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    year = district_copy / "2024"
    assert "max_total: 100" in (year / "scoring.yaml").read_text(encoding="utf-8")
    _add_nd5(district_copy)
    build = ["build", "--content", str(district_copy), "--out", str(tmp_path / "o"), "--no-pdf"]
    code, _, err = run([*build, "--templates", str(TEMPLATES)], capsys)
    assert code == 1
    assert (
        f"{year / 'scores.csv'}!1:1: [ND5] lỗi: thiếu cột điểm ND5 (Phong trào đọc sách, tối đa "
        "10) hoặc cột đã bị đổi tên: thêm cột `ND5 (10)` vào scores.csv, hoặc chạy lại "
        f"`docgen form --year 2024` (tạo lại biểu mẫu {year / 'scores.xlsx'}, giữ mọi điểm đã "
        "nhập)" in err
    )
    assert (
        f"{year / 'self-scores.csv'}!1:1: [ND5] lỗi: thiếu cột điểm ND5 (Phong trào đọc sách, "
        "tối đa 10) hoặc cột đã bị đổi tên: thêm cột `ND5 (10)` vào self-scores.csv, hoặc chạy "
        f"lại `docgen form --self --year 2024`" in err
    )
    # the stale total column is reported, not silently ignored
    assert (
        f"{year / 'scores.csv'}!L1: [Tổng] cảnh báo: cột Tổng ghi tối đa 100 nhưng thang điểm "
        "năm 2024 có tổng tối đa 110 (cột cũ?): docgen tự cộng điểm, không dùng cột này; sửa "
        "tiêu đề thành `Tổng (110)` hoặc xóa cột" in err
    )
    before = (year / "scores.csv").read_bytes()

    code, out, err = run(["form", "--content", str(district_copy), "--year", "2024"], capsys)
    assert code == 0, err
    assert out.splitlines() == [
        f"Đã tạo biểu mẫu chấm điểm {year / 'scores.xlsx'}",
        "  giữ 96 ô điểm đã nhập của 12 đơn vị từ scores.csv; ô mới để trống",
        "  scores.csv đổi tên thành scores-cu.csv (bản cũ, docgen không đọc nữa; xóa khi không "
        "cần)",
        f"Tiếp theo: mở {year / 'scores.xlsx'}, nhập điểm vào các ô màu vàng, lưu lại (giữ tên "
        "và dạng .xlsx); rồi chạy docgen scores --year 2024 để kiểm tra và docgen build --year "
        "2024",
    ]
    assert (year / "scores-cu.csv").read_bytes() == before and not (year / "scores.csv").exists()
    wb = load_workbook(year / "scores.xlsx")
    ws = wb["Chấm điểm"]
    col = {str(ws.cell(5, c).value).split("\n")[0]: c for c in range(1, ws.max_column + 1)}
    row = {ws.cell(r, 2).value: r for r in range(6, 18)}
    r1 = row["thpt-nguyen-khuyen"]
    # the scores typed in the CSV (19,5; 7,5; 7 …) are in the form, ND5 is empty
    assert [ws.cell(r1, col[c]).value for c in ("ND1", "ND2.3", "ND4", "Thưởng", "ND5")] == [
        19.5,
        7.5,
        18.5,
        7,
        None,
    ]
    # the note as shipped (the dossier branch made it agree with figures.yaml: 145 suất)
    assert ws.cell(r1, col["Ghi chú, minh chứng"]).value.startswith("Học bổng 1&1: 145 suất")
    for uid, r in row.items():  # the leading unit only, so that no band (and no award) changes
        ws.cell(r, col["ND5"], 9 if uid == "thpt-nguyen-khuyen" else 0)
    wb.save(year / "scores.xlsx")
    run(["form", "--self", "--content", str(district_copy), "--year", "2024"], capsys)
    wb = load_workbook(year / "self-scores.xlsx")
    for r in row.values():
        wb["Chấm điểm"].cell(r, col["ND5"], 10)
    wb.save(year / "self-scores.xlsx")
    code, out, err = run([*build, "--templates", str(TEMPLATES), "--year", "2024"], capsys)
    assert code == 0, err
    summary = docx_text(tmp_path / "o" / "2024" / "bang-tong-hop-2024.docx")
    assert "tổng điểm tối đa 110 điểm" in summary and "104,5" in summary  # 95,5 + 9


def test_a_unit_without_scores_is_listed_as_not_scored(
    district_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = district_copy / "2024" / "scores.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    csv.write_text("".join(ln for ln in lines if ";phuong-9;" not in ln), encoding="utf-8")
    code, _, err = run(
        [
            "build",
            "--content",
            str(district_copy),
            "--out",
            str(tmp_path / "o"),
            "--templates",
            str(TEMPLATES),
            "--no-pdf",
            "--year",
            "2024",
        ],
        capsys,
    )
    assert code == 0, err
    assert (
        f"{csv}: [phuong-9] cảnh báo: đơn vị phuong-9 (Chi hội Khuyến học Phường 9) chưa có " in err
    )
    text = docx_text(tmp_path / "o" / "2024" / "bang-tong-hop-2024.docx")
    assert (
        "kết quả chấm điểm của 11 đơn vị (1 đơn vị chưa chấm điểm, ghi dưới bảng) như sau:" in text
    )
    assert (
        "Chưa chấm điểm, không xếp hạng (1 đơn vị, chưa có điểm trong scores.csv): Chi hội "
        "Khuyến học Phường 9." in text
    )


def _typed_plan(path: Path) -> None:
    """A short plan typed by hand for 2023, citing acts the way people type them."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    left, right = doc.add_table(rows=1, cols=2).rows[0].cells
    left.paragraphs[0].text = "HỘI KHUYẾN HỌC QUẬN 10"
    left.add_paragraph().add_run("CHI HỘI KHUYẾN HỌC PHƯỜNG 9").bold = True
    left.add_paragraph("Số: 12/KH-CHKH")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph("Phường 9, ngày 20 tháng 01 năm 2023")
    for text in ("KẾ HOẠCH", "Thực hiện phong trào thi đua năm 2023"):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    doc.add_paragraph()
    doc.add_paragraph(
        "Căn cứ Kế hoạch 02/KH-HKH ngày 16/01/2023 của Hội Khuyến học Quận 10 về thực hiện "
        "phong trào thi đua năm 2023, Chi hội xây dựng kế hoạch như sau:"
    )
    doc.add_paragraph("I. Mục tiêu")
    doc.add_paragraph(
        "Thực hiện Quyết định số 1315/QĐ-TTg ngày 9/11/2023 của Thủ tướng Chính phủ và Thông tư "
        "22/2020/TT-BGDĐT ngày 06/8/2020 của Bộ Giáo dục và Đào tạo."
    )
    doc.add_paragraph("II. Nội dung thi đua")
    doc.add_paragraph("Nội dung 1: Phát triển hội viên (20 điểm)")
    doc.add_paragraph("- 100% hội viên có thẻ.")
    doc.add_paragraph("Trên đây là kế hoạch năm 2023 của Chi hội./.")
    doc.add_paragraph().add_run("Nơi nhận:").bold = True
    doc.add_paragraph("- Hội Khuyến học Quận 10;")
    doc.add_paragraph("- Lưu.")
    doc.add_paragraph("TM. BAN CHẤP HÀNH")
    doc.add_paragraph("CHI HỘI TRƯỞNG")
    doc.add_paragraph("Trần Văn Bình")
    doc.save(str(path))


def test_import_takes_every_citation_form_and_rollover_lists_every_kept_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx, root = tmp_path / "ke-hoach-2023.docx", tmp_path / "content"
    _typed_plan(docx)
    code, out, err = run(["import", str(docx), "--year", "2023", "--content", str(root)], capsys)
    assert code == 0, err
    assert (
        "trích dẫn viết lại theo Nghị định 30: “Kế hoạch 02/KH-HKH ngày 16/01/2023 của Hội "
        "Khuyến học Quận 10” → “Kế hoạch số 02/KH-HKH ngày 16 tháng 01 năm 2023 của Hội Khuyến "
        "học Quận 10”" in err
    )
    assert (
        "Văn bản căn cứ: kh02 (Kế hoạch số 02/KH-HKH — ban hành lại hằng năm); qd1315 (Quyết "
        "định số 1315/QĐ-TTg — ban hành lại hằng năm); tt22 (Thông tư số 22/2020/TT-BGDĐT)" in out
    )
    assert (
        f"Tiếp theo: xem lại {root / '2023' / 'plan.yaml'} (và các đoạn chưa xếp được ở trên), "
        f"rồi docgen build --year 2023 --content {root}; năm sau: docgen rollover --from 2023 "
        f"--to 2024 --content {root}\n" in out
    )
    plan = (root / "2023" / "plan.yaml").read_text(encoding="utf-8")
    assert "Căn cứ {ref:kh02} về thực hiện phong trào thi đua năm {year}," in plan
    assert "Thực hiện {ref:qd1315} và {ref:tt22}." in plan

    code, out, err = run(
        ["rollover", "--from", "2023", "--to", "2024", "--content", str(root)], capsys
    )
    assert code == 0, err
    report = (root / "2024" / "ROLLOVER.md").read_text(encoding="utf-8")
    assert "| `references.kh02.date` | 16/01/2023 | *(cần điền)* |" in report
    kept = report[report.index("## Văn bản có ngày và ngày tháng giữ nguyên (1)") :]
    assert (
        "- `2024/plan.yaml:20` `references.tt22`: Thông tư số 22/2020/TT-BGDĐT ngày 06 tháng 8 "
        "năm 2020 của Bộ Giáo dục và Đào tạo" in kept
    )


def test_dossier_errors_name_the_candidate(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = content_copy / "2024" / "nominations.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("award:", text.index("\ncandidates:"))
    end = text.index("\n", at)
    path.write_text(text[:at] + "award: Huân chương Vàng" + text[end:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    code, _, err = run(
        ["build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--no-pdf"], capsys
    )
    assert code == 1
    assert (
        f"{path}:{line}:5: [candidates[0].award] (ứng viên 1 (Tổ Ngữ văn Trường THPT Nguyễn "
        "Khuyến), hình thức khen thưởng) lỗi: hình thức khen thưởng 'Huân chương Vàng' không có "
        "trong awards.yaml" in err
    )


def test_a_form_saved_beside_the_shipped_csv_is_not_a_trap(
    district_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old README flow: `docgen form --out elsewhere`, fill some cells, save it as
    scores.xlsx next to the shipped scores.csv."""
    from openpyxl import load_workbook

    year = district_copy / "2024"
    form = tmp_path / "bieu-mau.xlsx"
    code, _, err = run(
        ["form", "--content", str(district_copy), "--year", "2024", "--out", str(form)], capsys
    )
    assert code == 0, err
    wb = load_workbook(form)
    ws = wb["Chấm điểm"]
    assert ws["D6"].value == 19.5  # the form already carries the CSV's scores
    ws["D6"] = 20  # the secretary corrects one score
    wb.save(year / "scores.xlsx")
    build = ["build", "--content", str(district_copy), "--out", str(tmp_path / "o"), "--no-pdf"]
    code, _, err = run([*build, "--templates", str(TEMPLATES)], capsys)
    assert code == 1
    assert (
        f"Có cả {year / 'scores.xlsx'} và {year / 'scores.csv'}: docgen chỉ đọc một tệp điểm mỗi "
        f"năm. Nếu {year / 'scores.xlsx'} đã có đủ điểm, đổi tên scores.csv thành scores-cu.csv "
        "(docgen không đọc tệp đó); nếu không, chạy docgen form --year 2024: biểu mẫu mới gộp "
        "điểm của hai tệp (điểm trong .xlsx được ưu tiên) và đổi tên hai tệp cũ" in err
    )
    code, out, err = run(["form", "--content", str(district_copy), "--year", "2024"], capsys)
    assert code == 0, err
    assert out.splitlines()[1:4] == [
        "  giữ 96 ô điểm đã nhập của 12 đơn vị từ scores.xlsx và scores.csv; ô mới để trống",
        "  scores.xlsx đổi tên thành scores-cu.xlsx (bản cũ, docgen không đọc nữa; xóa khi không "
        "cần)",
        "  scores.csv đổi tên thành scores-cu.csv (bản cũ, docgen không đọc nữa; xóa khi không "
        "cần)",
    ]
    assert load_workbook(year / "scores.xlsx")["Chấm điểm"]["D6"].value == 20
    code, out, err = run(["scores", "--content", str(district_copy), "--year", "2024"], capsys)
    assert code == 0 and "96/100" in out  # 95,5 + the corrected half point


def test_setup_says_what_it_does_and_how_to_get_the_docgen_command(tmp_path: Path) -> None:
    """`.ci/setup` run again on a set-up machine: one line per step, then how to type `docgen`.
    (A stand-in .venv records the pip call, so that the test needs no network.)"""
    import shutil
    import subprocess

    if (
        not all(shutil.which(t) for t in ("soffice", "pdftoppm"))
        or not Path("/usr/share/fonts/truetype/liberation2").is_dir()
    ):
        pytest.skip("system packages not installed")
    (tmp_path / ".ci").mkdir()
    shutil.copy(REPO / ".ci" / "setup", tmp_path / ".ci" / "setup")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/pip-args"\n')
    (venv / "docgen").write_text('#!/bin/sh\necho "docgen, version 9.9"\n')
    for f in ("python", "docgen"):
        (venv / f).chmod(0o755)
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "setup")], capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines() == [
        "[setup] LibreOffice, poppler, phông Liberation: đã có / already installed",
        "[setup] môi trường .venv: đã có / .venv exists",
        "[setup] cài docgen và công cụ kiểm thử vào .venv / installing docgen and test tools "
        "into .venv",
        "[setup] xong / done: docgen, version 9.9",
        "[setup] dùng lệnh docgen / to use the docgen command:  . .venv/bin/activate   "
        "(hoặc/or .venv/bin/docgen …)",
    ]
    assert (venv / "pip-args").read_text().split() == [
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "-e",
        ".[test]",
    ]
