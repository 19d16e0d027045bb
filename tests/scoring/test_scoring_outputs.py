"""The real outputs of the scoring stage: evaluation sheets, the ranked summary, the Excel form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from docgen.content.load import load_content
from docgen.errors import ProblemList
from docgen.pipeline import BuildResult
from docgen.scoring import load_scored
from docgen.scoring.readers import read_scores
from docgen.vi.format import number, percent
from tests.helpers import DISTRICT, HAS_SOFFICE, pdftotext, plain
from tests.helpers.cli import DocgenCli


@pytest.fixture(scope="module")
def scored():
    return load_scored(load_content(DISTRICT, 2024))


def cells(row) -> list[str]:  # noqa: ANN001
    return [plain(c.text).strip() for c in row.cells]


def test_demo_data_spread(scored) -> None:  # noqa: ANN001
    bands = [r.band for r in scored.results]
    assert bands.count("Xuất sắc") >= 3
    assert len(set(bands)) == 5
    totals = [r.total for r in scored.results]
    assert len(set(totals)) < len(totals)  # a tie
    khuyen = next(r for r in scored.results if r.unit_id == "thpt-nguyen-khuyen")
    assert (khuyen.rank, khuyen.total, khuyen.band) == (1, 95.5, "Xuất sắc")


def test_evaluation_sheets_match_the_engine(built_district: BuildResult, scored) -> None:  # noqa: ANN001
    for r in scored.results:
        path = built_district.out_dir / f"phieu-cham-diem-2024-{r.unit_id}.docx"
        doc = Document(str(path))
        table = doc.tables[1]
        head = table.rows[0]
        assert cells(head) == [
            "TT",
            "Nội dung, tiêu chí chấm điểm",
            "Điểm tối đa",
            "Điểm tự chấm",
            "Điểm duyệt",
        ]
        assert head._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
        body = table.rows[1:-1]
        assert len(body) == len(r.scores)
        for row, s in zip(body, r.scores, strict=True):
            got = cells(row)
            assert s.title in got[1]
            assert got[2:] == [number(s.max), number(s.self_score), number(s.score)]
        assert cells(table.rows[-1])[1:] == [
            "TỔNG CỘNG",
            number(r.max_total),
            number(r.self_total),
            number(r.total),
        ]
        text = "\n".join(plain(p.text) for p in doc.paragraphs)
        assert f"Xếp loại: {r.band}. Xếp hạng: {r.rank}/12" in text
        for flag in r.flags:
            assert flag in text
        title = [
            plain(p.text) for p in doc.paragraphs if p.style.name in ("VB Doc Type", "VB Subject")
        ]
        assert title == ["PHIẾU CHẤM ĐIỂM THI ĐUA NĂM 2024", r.unit_name]


def test_tied_units_say_so(built_district: BuildResult) -> None:
    doc = Document(str(built_district.out_dir / "phieu-cham-diem-2024-phuong-2.docx"))
    text = "\n".join(plain(p.text) for p in doc.paragraphs)
    assert "Xếp hạng: 4/12 (đồng hạng với Chi hội Khuyến học Trường THCS Hoàng Văn Thụ)" in text


def test_summary_is_ranked_counted_and_landscape(built_district: BuildResult, scored) -> None:  # noqa: ANN001
    doc = Document(str(built_district.out_dir / "bang-tong-hop-2024.docx"))
    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE and sec.page_width > sec.page_height
    ranking, counts = doc.tables[0], doc.tables[1]
    assert ranking.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # one column per Nội dung and the bonus, headed with its maximum: no five scores in one cell
    assert cells(ranking.rows[0])[2:7] == [
        "ND1 (20)",
        "ND2 (32)",
        "ND3 (20)",
        "ND4 (20)",
        "Thưởng (8)",
    ]
    rows = [cells(row) for row in ranking.rows[1:]]
    assert len(rows) == len(scored.results) == 12
    for got, r in zip(rows, scored.results, strict=True):
        parts = [s for s in r.scores if not s.is_item]
        assert got == [
            str(r.rank),
            r.unit_name,
            *(number(s.score) for s in parts),
            number(r.self_total),
            number(r.total),
            r.band,
            got[-1],
        ]
        assert (got[-1] == "") == (not r.flags)
    assert [int(g[0]) for g in rows] == sorted(int(g[0]) for g in rows)
    assert [g[0] for g in rows[:6]] == ["1", "2", "3", "4", "4", "6"]
    totals = [float(g[8].replace(",", ".")) for g in rows]
    assert totals == sorted(totals, reverse=True)
    # the grid follows the cells: the name column stays wide, every Nội dung column 1.7 cm
    grid = [int(c.get(qn("w:w"))) for c in ranking._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert len(grid) == 11 and grid[1] > 3 * grid[2] and grid[2:7] == [964] * 5
    band_rows = [cells(row) for row in counts.rows[1:-1]]
    assert band_rows == [
        ["Xuất sắc", "từ 90 trở lên", "3", percent(3 / 12)],
        ["Tốt", "từ 80 đến dưới 90", "3", "25%"],
        ["Khá", "từ 65 đến dưới 80", "3", "25%"],
        ["Trung bình", "từ 50 đến dưới 65", "2", "16,7%"],
        ["Chưa đạt", "dưới 50", "1", "8,3%"],
    ]
    assert cells(counts.rows[-1]) == ["Cộng", "", "12", "100%"]
    # the appendix of the results notice (Mẫu 2.1): no header or signature of its own
    title = [plain(p.text) for p in doc.paragraphs if p.style.name in ("VB Doc Type", "VB Subject")]
    assert title == ["Phụ lục", "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2024"]
    text = "\n".join(plain(p.text) for p in doc.paragraphs)
    assert (
        "(Kèm theo Thông báo số 15/TB-HKH ngày 10 tháng 12 năm 2024 của Hội Khuyến học Quận 10)"
    ) in text
    assert (
        "Điểm thưởng, điểm tối thiểu và mức xếp loại theo Quyết định số 12/QĐ-HKH ngày 05 tháng "
        "01 năm 2024 của Hội Khuyến học Quận 10."
    ) in text
    assert "ND2: Nội dung 2 – Xây dựng Hội khuyến học Phường" in text and text.endswith("./.")
    # the header, the date and the signer are the notice's
    notice = Document(str(built_district.out_dir / "thong-bao-ket-qua-2024.docx"))
    header = "\n".join(plain(c.text) for c in notice.tables[0]._cells)
    assert "HỘI KHUYẾN HỌC QUẬN 10" in header and "Quận 10, ngày 10 tháng 12 năm 2024" in header
    assert "Số: 15/TB-HKH" in header
    signer = "\n".join(plain(c.text) for c in notice.tables[-1]._cells)
    assert "TM. BAN CHẤP HÀNH" in signer and "CHỦ TỊCH" in signer and "Trần Văn Khánh" in signer
    assert "Nơi nhận:" in signer and "- Lưu: VT." in signer


def test_results_notice_cites_the_plan_and_counts_the_bands(built_district: BuildResult) -> None:
    doc = Document(str(built_district.out_dir / "thong-bao-ket-qua-2024.docx"))
    title = [plain(p.text) for p in doc.paragraphs if p.style.name in ("VB Doc Type", "VB Subject")]
    assert title == ["THÔNG BÁO", "Kết quả chấm điểm thi đua năm 2024"]
    body = "\n".join(plain(p.text) for p in doc.paragraphs if p.style.name == "VB Body")
    assert body.startswith(
        "Thực hiện Kế hoạch số 02/KH-HKH ngày 22 tháng 01 năm 2024 của Hội Khuyến học Quận 10 "
        "về thực hiện phong trào thi đua năm 2024 của các Chi hội Khuyến học trực thuộc, Hội "
        "Khuyến học Quận 10 đã chấm điểm thi đua năm 2024 của 12 đơn vị"
    )
    assert "- Xếp loại Xuất sắc (từ 90 trở lên điểm): 03 đơn vị;" not in body
    assert "- Xếp loại Xuất sắc (từ 90 điểm trở lên): 03 đơn vị;" in body
    assert "- Xếp loại Chưa đạt (dưới 50 điểm): 01 đơn vị." in body
    assert "Phụ lục kèm theo Thông báo này" in body and body.rstrip().endswith("./.")
    assert "theo Quyết định số 12/QĐ-HKH ngày 05 tháng 01 năm 2024" in body


def test_manifest_lists_the_scoring_documents(built_district: BuildResult) -> None:
    manifest = json.loads((built_district.out_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["documents"]
    kinds = [e["kind"] for e in entries if e["format"] == "docx"]
    assert kinds.count("evaluation") == 12 and kinds.count("summary") == 1
    assert kinds.count("notice") == 1
    ev = [e for e in entries if e["kind"] == "evaluation" and e["format"] == "docx"]
    assert {e["meta"]["unit"] for e in ev} >= {"thpt-nguyen-khuyen", "phuong-14"}


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) not installed")
def test_pdfs_one_page_sheets_and_a_landscape_summary(built_district: BuildResult) -> None:
    out = built_district.out_dir
    for pdf in out.glob("phieu-cham-diem-2024-*.pdf"):
        assert len(PdfReader(str(pdf)).pages) == 1, pdf.name
    summary = PdfReader(str(out / "bang-tong-hop-2024.pdf"))
    for page in summary.pages:
        assert page.mediabox.width > page.mediabox.height
    assert len(summary.pages) <= 2
    text = pdftotext(out / "bang-tong-hop-2024.pdf")
    assert "BẢNG TỔNG HỢP" in text and "Chi hội Khuyến học Phường 14" in text
    assert "Kèm theo Thông báo số 15/TB-HKH" in text  # the appendix of the results notice
    notice = PdfReader(str(out / "thong-bao-ket-qua-2024.pdf"))
    assert len(notice.pages) == 1
    assert "TM. BAN CHẤP HÀNH" in pdftotext(out / "thong-bao-ket-qua-2024.pdf")


def test_excel_form_round_trip(
    docgen_cli: DocgenCli,
    district_copy: Path,
    tmp_path: Path,
    scored,  # noqa: ANN001
) -> None:
    form = tmp_path / "bieu-mau.xlsx"
    exc = docgen_cli("form", "--year", "2024", "--content", str(district_copy), "--out", str(form))
    assert exc.code == 0 and form.is_file()
    wb = load_workbook(form)
    ws = wb["Chấm điểm"]
    assert wb["docgen"].sheet_state == "hidden"
    legend = [[c.value for c in row] for row in wb["Tiêu chí"].iter_rows(min_row=2)]
    assert (
        legend[1][:3]
        == ["ND2", "Nội dung 2: Xây dựng Hội khuyến học Phường, khu phố theo mô hình 6 có", 32]
        and legend[1][3] == 16
    )
    assert [row[0] for row in legend] == [
        "ND1",
        "ND2",
        "ND2.1",
        "ND2.2",
        "ND2.3",
        "ND2.4",
        "ND3",
        "ND4",
        "Thưởng",
        "Tổng",
    ]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$4:$5" and ws.protection.sheet
    heads = [ws.cell(5, c).value for c in range(1, ws.max_column + 1)]
    assert heads[:4] == ["STT", "Mã đơn vị", "Tên đơn vị", "ND1\n(tối đa 20)"]
    assert heads[-3:] == ["Thưởng\n(tối đa 8)", "Tổng\n(100)", "Ghi chú, minh chứng"]
    rules = {
        str(dv.sqref): (dv.type, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }
    assert rules["D6:D17"] == ("decimal", "0", "20") and rules["E6:E17"] == ("decimal", "0", "8")
    assert ws["D6"].protection.locked is False and ws["I6"].value == "=SUM(E6:H6)"
    assert ws["I6"].protection.locked and str(ws["M6"].value).startswith("=")
    # Fill the form as the secretary would, with the shipped scores, and read it back.
    csv_rows = read_scores(
        district_copy / "2024" / "scores.csv",
        scored.scheme,
        [r.unit_id for r in scored.results],
        ProblemList(),
    )
    by_id = {s.unit_id: s for s in csv_rows}
    col_of = {str(ws.cell(5, c).value).split("\n")[0]: c for c in range(1, ws.max_column + 1)}
    for r in range(6, 18):
        s = by_id[ws.cell(r, 2).value]
        for code, value in s.scores.items():
            ws.cell(r, col_of[code], value)
        ws.cell(r, col_of["Ghi chú, minh chứng"], s.notes or None)
    wb.save(district_copy / "2024" / "scores.xlsx")
    (district_copy / "2024" / "scores.csv").unlink()
    again = load_scored(load_content(district_copy, 2024))
    assert again.source.name == "scores.xlsx"
    assert again.results == scored.results
    # never overwrite a form that may hold scores
    exc = docgen_cli("form", "--year", "2024", "--content", str(district_copy), "--out", str(form))
    assert exc.code == 2 and "--force" in exc.err


def test_a_year_scored_with_the_tt22_preset(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    """The whole chain with another scheme: preset criteria, its form, its bands, its summary."""
    year = district_copy / "2024"
    (year / "scoring.yaml").write_text(
        "year: 2024\nscheme: dvht-2024\npreset: tt22-2020\ndate: 15/01/2025\n", encoding="utf-8"
    )
    (year / "scores.csv").unlink()
    (year / "self-scores.csv").unlink()
    for dossier_file in ("nominations.yaml", "council.yaml", "awards.yaml"):
        (year / dossier_file).unlink()  # this year's dossier was made for the other scheme
    form = year / "scores.xlsx"
    exc = docgen_cli("form", "--year", "2024", "--content", str(district_copy), "--out", str(form))
    assert exc.code == 0
    wb = load_workbook(form)
    ws = wb["Chấm điểm"]
    assert [ws.cell(5, c).value.split("\n")[0] for c in range(4, 7)] == ["ND1.1", "ND1.2", "ND1.3"]
    fills = {"thpt-nguyen-khuyen": 1.0, "thpt-nguyen-du": 0.85, "phuong-2": 0.7, "phuong-6": 0.5}
    for r in range(6, 18):
        share = fills.get(ws.cell(r, 2).value)
        if share is None:
            for c in range(1, ws.max_column + 1):
                ws.cell(r, c).value = None  # units without scores: left out, with a warning
            continue
        for c in range(4, ws.max_column + 1):
            head = str(ws.cell(5, c).value)
            if "(tối đa" in head:
                ws.cell(r, c, float(head.split("tối đa ")[1].rstrip(")").replace(",", ".")) * share)
    wb.save(form)
    out = tmp_path / "output"
    exc = docgen_cli(
        "build",
        "--year",
        "2024",
        "--content",
        str(district_copy),
        "--out",
        str(out),
        "--no-pdf",
        "-q",
    )
    assert exc.code == 0, exc.err
    doc = Document(str(out / "2024" / "bang-tong-hop-2024.docx"))
    rows = [cells(row) for row in doc.tables[0].rows[1:]]
    assert [(r[0], r[6], r[7]) for r in rows] == [
        ("1", "100", "Tốt"),
        ("2", "85", "Tốt"),
        ("3", "70", "Khá"),
        ("4", "50", "Trung bình"),
    ]
    assert cells(doc.tables[0].rows[0])[2:5] == ["ND1 (30)", "ND2 (30)", "ND3 (40)"]
    text = "\n".join(plain(p.text) for p in doc.paragraphs)
    assert (  # the preset's bands come from the Thông tư, printed as their source
        "Mức xếp loại theo Thông tư số 22/2020/TT-BGDĐT ngày 06 tháng 8 năm 2020 của Bộ Giáo dục "
        "và Đào tạo." in text
    )
    assert [cells(r)[0] for r in doc.tables[1].rows[1:-1]] == [
        "Tốt",
        "Khá",
        "Trung bình",
        "Không đạt",
    ]


def test_self_score_form_feeds_the_self_score_column(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path, scored
) -> None:  # noqa: ANN001
    year = district_copy / "2024"
    (year / "self-scores.csv").unlink()
    form = year / "self-scores.xlsx"
    exc = docgen_cli(
        "form", "--self", "--year", "2024", "--content", str(district_copy), "--out", str(form)
    )
    assert exc.code == 0
    wb = load_workbook(form)
    ws = wb["Chấm điểm"]
    assert ws["A1"].value == "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024"
    own = {
        "ND1": 20,
        "ND2.1": 8,
        "ND2.2": 8,
        "ND2.3": 8,
        "ND2.4": 8,
        "ND3": 19,
        "ND4": 19,
        "Thưởng": 7,
    }  # only thpt-nguyen-khuyen (row 6) assessed itself
    for c in range(1, ws.max_column + 1):
        code = str(ws.cell(5, c).value).split("\n")[0]
        if code in own:
            ws.cell(6, c, own[code])
    wb.save(form)
    again = load_scored(load_content(district_copy, 2024))
    khuyen = next(r for r in again.results if r.unit_id == "thpt-nguyen-khuyen")
    assert khuyen.self_total == 20 + 32 + 19 + 19 + 7
    assert khuyen.total == 95.5  # the approved score is unchanged
    others = [r.self_total for r in again.results if r.unit_id != "thpt-nguyen-khuyen"]
    assert others == [None] * 11
