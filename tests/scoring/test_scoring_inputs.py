"""Score files: every encoding and separator a district sends, and every bad input located.

Bad inputs go through the real boundary (``docgen.cli.main``): exit code 1, each problem with
its file, cell and field, and nothing written to the output folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docgen.content.load import load_content
from docgen.scoring import load_results
from tests.helpers import DISTRICT
from tests.helpers.cli import DocgenCli

HEAD = (
    "STT;Mã đơn vị;Tên đơn vị;ND1 (20);ND2.1 (8);ND2.2 (8);ND2.3 (8);ND2.4 (8);ND3 (20);"
    "ND4 (20);Thưởng (8);Tổng (100);Ghi chú"
)


def reference() -> list:
    return load_results(load_content(DISTRICT, 2024))


def csv_lines(content: Path) -> list[str]:
    return (content / "2024" / "scores.csv").read_bytes().decode("utf-8-sig").splitlines()


def write_csv(content: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path = content / "2024" / "scores.csv"
    path.write_bytes(
        "\r\n".join(lines).encode(encoding) + b"\r\n"
        if "16" not in encoding
        else "\r\n".join(lines).encode(encoding)
    )
    return path


def set_cell(lines: list[str], row: int, col: int, value: str) -> list[str]:
    """Change one cell (1-based row/col as the spreadsheet shows them) of a ';' CSV."""
    import csv

    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=";"))
    rows[row - 1][col - 1] = value
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return out.getvalue().splitlines()


def run_build(content: Path, tmp_path: Path, docgen_cli: DocgenCli) -> tuple[int, str]:
    out = tmp_path / "output"
    exc = docgen_cli(
        "build", "--year", "2024", "--content", str(content), "--out", str(out), "--no-pdf", "-q"
    )
    err = exc.err
    if exc.code != 0:
        assert not (out / "2024").exists(), "a failed build must not publish anything"
        assert not any(out.glob(".staging-*")) if out.exists() else True
    return exc.code, err


# -- accepted variants -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "sep", "decimal"),
    [
        ("utf-8-sig", ";", ","),
        ("utf-8", ";", ","),
        ("utf-8", ",", "."),
        ("utf-8", ",", ","),
        ("utf-16", "\t", ","),
        ("utf-16-le", ";", "."),
        ("utf-8-sig", "\t", "."),
    ],
)
def test_csv_encodings_separators_and_decimal_comma(
    district_copy: Path, encoding: str, sep: str, decimal: str
) -> None:
    import csv

    rows = list(csv.reader(io.StringIO("\n".join(csv_lines(district_copy))), delimiter=";"))
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    for r in rows:
        w.writerow([c.replace(",", decimal) if c.replace(",", "").isdigit() else c for c in r])
    (district_copy / "2024" / "scores.csv").write_bytes(out.getvalue().encode(encoding))
    got = load_results(load_content(district_copy, 2024))
    assert [(r.unit_id, r.total, r.rank, r.band) for r in got] == [
        (r.unit_id, r.total, r.rank, r.band) for r in reference()
    ]
    assert got[0].notes.startswith("Học bổng 1&1")


def test_no_score_file_means_no_results(district_copy: Path) -> None:
    (district_copy / "2024" / "scores.csv").unlink()
    assert load_results(load_content(district_copy, 2024)) is None


# -- bad inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25", ["scores.csv!D2", "[ND1]", "25", "20"]),  # above the maximum
        ("-1", ["scores.csv!D2", "[ND1]", "điểm âm", "-1"]),  # negative
        (
            "mười lăm",
            ["scores.csv!D2", "[ND1]", "cần một số", "'mười lăm'"],
        ),  # text in a number cell
        ("", ["scores.csv!D2", "[ND1]", "ô bắt buộc để trống"]),  # empty required cell
    ],
    ids=["above-max", "negative", "text", "empty"],
)
def test_bad_score_cell(
    district_copy: Path,
    tmp_path: Path,
    docgen_cli: DocgenCli,
    value: str,
    expected: list[str],
) -> None:
    write_csv(district_copy, set_cell(csv_lines(district_copy), 2, 4, value))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    line = next(ln for ln in err.splitlines() if "scores.csv!D2" in ln)
    for part in expected:
        assert part in line, (part, err)


def test_all_problems_in_a_file_at_once(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    lines = set_cell(csv_lines(district_copy), 3, 5, "9")
    lines = set_cell(lines, 7, 9, "abc")
    write_csv(district_copy, set_cell(lines, 13, 11, "-0,5"))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "3 lỗi" in err
    for cell in ("scores.csv!E3", "scores.csv!I7", "scores.csv!K13"):
        assert cell in err


def test_unit_not_in_units_yaml(district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    write_csv(district_copy, set_cell(csv_lines(district_copy), 4, 2, "thpt-nguyen-an-nin"))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv!B4" in err and "[Mã đơn vị]" in err and "'thpt-nguyen-an-nin'" in err
    assert "units.yaml" in err and "thpt-nguyen-an-ninh" in err  # did you mean


def test_unit_listed_twice(district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    lines = csv_lines(district_copy)
    write_csv(district_copy, [*lines, lines[1]])
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv!B14" in err and "thpt-nguyen-khuyen" in err and "dòng 2" in err


def test_unit_id_missing(district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    write_csv(district_copy, set_cell(csv_lines(district_copy), 6, 2, ""))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and "scores.csv!B6" in err and "ô bắt buộc để trống" in err


def test_criterion_column_missing(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    import csv

    rows = list(csv.reader(io.StringIO("\n".join(csv_lines(district_copy))), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([r[:8] + r[9:] for r in rows])  # drop ND3
    write_csv(district_copy, out.getvalue().splitlines())
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv!1:1: [ND3]" in err and "thiếu cột điểm ND3" in err


def test_criterion_column_renamed(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    write_csv(district_copy, set_cell(csv_lines(district_copy), 1, 9, "ND 3"))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv!I1" in err and "'ND 3'" in err and "'ND3'" in err  # did you mean
    assert "scores.csv!1:1: [ND3]" in err


def test_extra_unknown_column(district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    lines = csv_lines(district_copy)
    write_csv(district_copy, [lines[0] + ";Điểm phụ"] + [ln + ";1" for ln in lines[1:]])
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and "scores.csv!N1" in err and "'Điểm phụ'" in err


def test_csv_from_another_scheme(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    write_csv(district_copy, set_cell(csv_lines(district_copy), 1, 4, "ND1 (25)"))
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv!D1: [ND1]" in err and "25" in err and "hkh-q10-2024" in err


def test_csv_form_of_another_year(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    lines = csv_lines(district_copy)
    write_csv(district_copy, ["BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2023;;", *lines])
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and "scores.csv!A1" in err and "2023" in err and "2024" in err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scores.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        ("scores.xlsx", "Mã đơn vị;ND1\nthpt-nguyen-khuyen;19".encode()),
        ("scores.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"),
        ("scores.ods", b"PK\x03\x04"),
    ],
    ids=["pdf-as-xlsx", "text-as-xlsx", "zip-as-csv", "ods"],
)
def test_not_a_spreadsheet(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli, name: str, data: bytes
) -> None:
    (district_copy / "2024" / "scores.csv").unlink()
    (district_copy / "2024" / name).write_bytes(data)
    if name.endswith(".ods"):  # not a name docgen looks for: hand it to the reader directly
        from docgen.errors import ContentError
        from docgen.scoring.readers import read_grid

        with pytest.raises(ContentError) as exc:
            read_grid(district_copy / "2024" / name)
        assert "scores.ods" in exc.value.format() and ".xlsx" in exc.value.format()
        return
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and name in err
    assert ("không phải bảng tính" in err) or ("không phải tệp CSV" in err)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Céng hoµ x· héi chñ nghÜa".encode("latin-1"), "TCVN3"),
        ("Tröôøng Trung hoïc phoå thoâng".encode("latin-1"), "VNI"),
        (b"Chi h\xf4i Ph\xfd\xf5\xccng 2", "Windows-1258"),
    ],
    ids=["tcvn3", "vni", "cp1258"],
)
def test_legacy_8bit_csv_names_the_encoding_to_use(
    district_copy: Path,
    tmp_path: Path,
    docgen_cli: DocgenCli,
    raw: bytes,
    encoding: str,
) -> None:
    lines = csv_lines(district_copy)
    body = "\r\n".join(lines[:3]).encode("ascii", errors="replace") + b"\r\n"
    (district_copy / "2024" / "scores.csv").write_bytes(body + b"99;x;" + raw + b";1\r\n")
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.csv:4" in err and encoding in err and "CSV UTF-8" in err


def test_xlsx_form_of_another_year_or_scheme(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    form = tmp_path / "form.xlsx"
    exc = docgen_cli("form", "--year", "2024", "--content", str(district_copy), "--out", str(form))
    assert exc.code == 0
    wb = load_workbook(form)
    wb["docgen"]["B1"] = 2023
    wb["docgen"]["B2"] = "tt22-2020"
    ws = wb["Chấm điểm"]
    for r in range(6, 18):
        for c in range(4, 13):
            if ws.cell(5, c).value and not str(ws.cell(r, c).value or "").startswith("="):
                ws.cell(r, c, 5)
    wb.save(district_copy / "2024" / "scores.xlsx")
    (district_copy / "2024" / "scores.csv").unlink()
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.xlsx!docgen!B1: [năm]" in err and "2023" in err
    assert "scores.xlsx!docgen!B2: [thang điểm]" in err and "tt22-2020" in err


def test_xlsx_bad_cells_are_located_on_the_sheet(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    form = tmp_path / "form.xlsx"
    docgen_cli("form", "--year", "2024", "--content", str(district_copy), "--out", str(form))
    wb = load_workbook(form)
    ws = wb["Chấm điểm"]
    for r in range(6, 18):
        for c in range(4, 14):
            if "(tối đa" in str(ws.cell(5, c).value):
                ws.cell(r, c, 5)
    ws["D7"] = 21
    ws["E8"] = "bảy"
    wb.save(district_copy / "2024" / "scores.xlsx")
    (district_copy / "2024" / "scores.csv").unlink()
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    assert "scores.xlsx!Chấm điểm!D7: [ND1]" in err and "21" in err
    assert "scores.xlsx!Chấm điểm!E8: [ND2.1]" in err and "'bảy'" in err


def test_scores_command_prints_ranking_and_warns_about_unscored_units(
    docgen_cli: DocgenCli, district_copy: Path
) -> None:
    lines = csv_lines(district_copy)
    write_csv(district_copy, [ln for ln in lines if ";phuong-9;" not in ln])
    exc = docgen_cli("scores", "--year", "2024", "--content", str(district_copy))
    captured = exc
    assert exc.code == 0
    out = captured.out.splitlines()
    assert out[1].split()[:4] == ["1", "95,5/100", "Xuất", "sắc"]
    assert out[-1] == "Xuất sắc: 3, Tốt: 3, Khá: 3, Trung bình: 1, Chưa đạt: 1"
    assert "[phuong-9]" in captured.err and "chưa có điểm" in captured.err


def test_scores_command_without_scores_fails(docgen_cli: DocgenCli, district_copy: Path) -> None:
    (district_copy / "2024" / "scores.csv").unlink()
    exc = docgen_cli("scores", "--year", "2024", "--content", str(district_copy))
    assert exc.code == 1 and "scores.csv" in exc.err


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ("scoring.yaml", ["scoring.yaml", "tt22-2020"]),  # names the presets to start from
        ("units.yaml", ["units.yaml", "scores.csv"]),
    ],
)
def test_scores_without_scheme_or_units(
    district_copy: Path,
    tmp_path: Path,
    docgen_cli: DocgenCli,
    missing: str,
    expected: list[str],
) -> None:
    (district_copy / "2024" / missing).unlink()
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1
    for part in expected:
        assert part in err


def test_both_xlsx_and_csv_is_ambiguous(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    (district_copy / "2024" / "scores.xlsx").write_bytes(b"PK")
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and "scores.xlsx" in err and "scores.csv" in err


def test_a_unit_row_left_blank_is_not_scored_yet(district_copy: Path) -> None:
    lines = csv_lines(district_copy)
    for col in range(4, 12):
        lines = set_cell(lines, 13, col, "")  # phuong-14: every score cell empty
    write_csv(district_copy, lines)
    results = load_results(load_content(district_copy, 2024))
    assert len(results) == 11 and "phuong-14" not in {r.unit_id for r in results}


def test_bad_scores_leave_the_previous_output_untouched(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    args = [
        "build",
        "--year",
        "2024",
        "--content",
        str(district_copy),
        "--out",
        str(out),
        "--no-pdf",
        "-q",
    ]
    exc = docgen_cli(*args)
    assert exc.code == 0

    def files() -> dict[str, bytes]:
        return {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in (out / "2024").rglob("*")
            if p.is_file()
        }

    before = files()
    assert "2024/bang-tong-hop-2024.docx" in before and "2024/manifest.json" in before
    write_csv(district_copy, set_cell(csv_lines(district_copy), 2, 4, "200"))
    exc = docgen_cli(*args)
    assert exc.code == 1 and "scores.csv!D2" in exc.err
    assert files() == before
    assert [p.name for p in out.iterdir() if p.name != ".cache"] == ["2024"]  # no staging left


def test_unquoted_decimal_comma_in_a_comma_csv(
    district_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    lines = [ln.replace(";", ",") for ln in csv_lines(district_copy)[:3]]  # "19,5" now splits
    write_csv(district_copy, ["BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2024", *lines])
    code, err = run_build(district_copy, tmp_path, docgen_cli)
    assert code == 1 and "scores.csv!N2" in err and '"17,5"' in err
