"""The Excel scoring form (``docgen form``): one row per unit, one column per score.

One row per unit (not one sheet per unit) because a district officer scores a hundred chi hội
side by side, sorts and compares them, and sends one sheet; saved as CSV it is exactly the CSV
format docgen reads. The secretary fills the yellow cells; grey cells (sub-totals, total) are
formulas, locked by sheet protection (no password: Review > Unprotect Sheet if needed).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from docgen.content.units import Unit
from docgen.scoring.readers import DATA_SHEET, META_SHEET
from docgen.scoring.regen import Typed
from docgen.scoring.scheme import Column, Scheme
from docgen.vi.format import number

HEAD_ROW = 5  # column headers; the row above holds the Nội dung titles
FIRST = HEAD_ROW + 1
FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT = PatternFill("solid", fgColor="FFF2CC")
COMPUTED = PatternFill("solid", fgColor="E7E6E6")
HEAD = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")

Plan = list[tuple[str, str, Column | None, str]]  # (header, group title, column or None, kind)


def _plan(scheme: Scheme) -> Plan:
    """Columns left to right: (header, group title, score column or None, kind)."""
    cols: Plan = [
        ("STT", "", None, "stt"),
        ("Mã đơn vị", "", None, "id"),
        ("Tên đơn vị", "", None, "name"),
    ]
    for crit in scheme.criteria:
        group = f"Nội dung {crit.number}: {crit.title}"
        for c in crit.columns:
            cols.append((f"{c.code}\n(tối đa {number(c.max)})", group, c, "score"))
        if crit.has_items:
            head = f"Cộng {crit.code}\n({number(crit.points)})"
            cols.append((head, group, None, f"sum:{crit.key}"))
    if scheme.bonus:
        b = scheme.bonus
        cols.append((f"{b.code}\n(tối đa {number(b.max)})", f"Điểm thưởng: {b.title}", b, "score"))
    cols.append((f"Tổng\n({number(scheme.max_total)})", "", None, "total"))
    cols.append(("Ghi chú, minh chứng", "", None, "notes"))
    return cols


def text_cell(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """A cell holding ``value``; text stays text even when it starts with "=" (a unit named
    "=HYPERLINK(…)" must not become a live formula in the form a district sends out)."""
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _head_cell(ws: Worksheet, row: int, col: int, text: str, size: float = 11) -> None:
    cell = text_cell(ws, row, col, text)
    cell.font = Font(name=FONT, bold=True, size=size)
    cell.alignment = WRAP
    cell.fill = HEAD
    cell.border = BOX


def build_form(
    scheme: Scheme,
    units: Sequence[Unit],
    *,
    self_score: bool = False,
    typed: Mapping[str, Typed] | None = None,
) -> Workbook:
    """The form; ``typed`` fills in the scores and notes already typed, by unit id."""
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    plan = _plan(scheme)
    _title_rows(ws, scheme, len(plan), self_score)
    _header_rows(ws, plan)
    letters = {
        col.code: get_column_letter(i)
        for i, (_, _, col, _) in enumerate(plan, start=1)
        if col is not None
    }
    _unit_rows(ws, scheme, units, plan, letters, typed or {})
    _validations(ws, scheme, len(units), letters)
    _page_setup(ws, plan)
    _criteria_sheet(wb, scheme)
    _meta_sheet(wb, scheme)
    wb.active = 0
    return wb


def _title_rows(ws: Worksheet, scheme: Scheme, last: int, self_score: bool) -> None:
    """Rows 1–3: the title, the scheme and how to fill the form, merged across the columns."""
    kind = "TỰ CHẤM ĐIỂM" if self_score else "CHẤM ĐIỂM"
    lines = [
        (f"BẢNG {kind} THI ĐUA NĂM {scheme.year}", Font(name=FONT, bold=True, size=14)),
        (scheme.title, Font(name=FONT, italic=True, size=12)),
        (
            "Nhập điểm vào các ô màu vàng: từ 0 đến điểm tối đa ghi ở tiêu đề cột, có thể có số lẻ "
            "(ví dụ 17,5). Các ô màu xám tự tính. Không đổi tên, thêm hoặc xóa cột; mỗi đơn vị một "
            "dòng, mã đơn vị theo units.yaml.",
            Font(name=FONT, size=11),
        ),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        cell = text_cell(ws, r, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[3].height = 30


def _header_rows(ws: Worksheet, plan: Plan) -> None:
    """Row 4: the Nội dung titles over their columns; row 5: one header per column."""
    last = len(plan)
    start = 1
    for c in range(1, last + 2):
        group = plan[c - 1][1] if c <= last else None
        prev = plan[start - 1][1]
        if c > last or group != prev:
            _head_cell(ws, HEAD_ROW - 1, start, prev, size=9)
            if c - 1 > start:
                ws.merge_cells(
                    start_row=HEAD_ROW - 1,
                    start_column=start,
                    end_row=HEAD_ROW - 1,
                    end_column=c - 1,
                )
            for j in range(start + 1, c):
                ws.cell(HEAD_ROW - 1, j).border = BOX
            start = c
    for c, (head, _, _, _) in enumerate(plan, start=1):
        _head_cell(ws, HEAD_ROW, c, head)
    ws.row_dimensions[HEAD_ROW - 1].height = 105
    ws.row_dimensions[HEAD_ROW].height = 32


def _unit_rows(
    ws: Worksheet,
    scheme: Scheme,
    units: Sequence[Unit],
    plan: Plan,
    letters: dict[str, str],
    typed: Mapping[str, Typed],
) -> None:
    """One row per unit: yellow score cells to fill (with the scores already typed), grey
    sub-total and total formulas."""
    score_letters = [letters[c.code] for c in scheme.columns]
    body = Font(name=FONT, size=12)
    for r, unit in enumerate(units, start=FIRST):
        ws.row_dimensions[r].height = 33
        before = typed.get(unit.id)
        for c, (_, _, col, k) in enumerate(plan, start=1):
            cell = ws.cell(r, c)
            cell.font = body
            cell.border = BOX
            left = k in ("id", "name", "notes")
            cell.alignment = Alignment(
                vertical="center",
                wrap_text=k in ("name", "notes"),
                horizontal="left" if left else "center",
            )
            if k == "stt":
                cell.value = r - FIRST + 1
            elif k == "id":
                text_cell(ws, r, c, unit.id)
            elif k == "name":
                text_cell(ws, r, c, unit.name)
            elif k == "score":
                cell.fill = INPUT
                cell.number_format = "0.0#"
                cell.protection = Protection(locked=False)
                if before is not None and col is not None:
                    text_cell(ws, r, c, before.scores.get(col.code))  # typed text stays text
            elif k.startswith("sum:"):
                crit = next(x for x in scheme.criteria if x.key == k[4:])
                refs = [f"{letters[x.code]}{r}" for x in crit.columns]
                cell.value = f"=SUM({refs[0]}:{refs[-1]})"
                cell.fill, cell.number_format = COMPUTED, "0.0#"
            elif k == "total":
                cell.value = "=" + "+".join(f"{x}{r}" for x in score_letters)
                cell.fill, cell.number_format = COMPUTED, "0.0#"
                cell.font = Font(name=FONT, size=12, bold=True)
            elif k == "notes":
                cell.protection = Protection(locked=False)
                if before is not None and before.notes is not None:
                    text_cell(ws, r, c, before.notes)  # text stays text, never a formula


def _validations(ws: Worksheet, scheme: Scheme, count: int, letters: dict[str, str]) -> None:
    """Excel refuses a score outside 0 … the column's maximum, with a Vietnamese message."""
    end = FIRST + max(count, 1) - 1
    for col in scheme.columns:
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=repr(float(col.max)).removesuffix(".0"),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Điểm không hợp lệ",
            error=f"{col.code}: nhập điểm từ 0 đến {number(col.max)} (có thể lẻ, ví dụ 17,5).",
            showInputMessage=True,
            promptTitle=col.code[:32],
            prompt=f"{col.title[:200]} (0 – {number(col.max)})",
        )
        dv.add(f"{letters[col.code]}{FIRST}:{letters[col.code]}{end}")
        ws.add_data_validation(dv)


def _page_setup(ws: Worksheet, plan: Plan) -> None:
    """Column widths, frozen headers, A4 landscape one page wide, headers on every page."""
    widths = {"stt": 5, "id": 20, "name": 34, "score": 10, "total": 9, "notes": 30}
    for c, (_, _, _, k) in enumerate(plan, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(k, 9)
    ws.freeze_panes = ws.cell(FIRST, 4)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEAD_ROW - 1}:{HEAD_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.print_options.horizontalCentered = True
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.formatCells = False


def _meta_sheet(wb: Workbook, scheme: Scheme) -> None:
    """A hidden, protected sheet naming the year, scheme and columns the form was made for."""
    meta = wb.create_sheet(META_SHEET)
    for r, (k, v) in enumerate(
        (
            ("năm", scheme.year),
            ("thang điểm", scheme.id),
            ("cột", ",".join(c.code for c in scheme.columns)),
        ),
        start=1,
    ):
        text_cell(meta, r, 1, k)
        text_cell(meta, r, 2, v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


def _criteria_sheet(wb: Workbook, scheme: Scheme) -> None:
    """A read-only list of what each column code means: code, criterion, maximum, minimum."""
    ws = wb.create_sheet("Tiêu chí")
    for c, head in enumerate(("Cột", "Nội dung, tiêu chí", "Tối đa", "Tối thiểu"), start=1):
        _head_cell(ws, 1, c, head)
    rows: list[tuple[str, str, float, float | None, bool]] = []
    for crit in scheme.criteria:
        rows.append(
            (crit.code, f"Nội dung {crit.number}: {crit.title}", crit.points, crit.minimum, True)
        )
        if crit.has_items:
            rows += [(c.code, c.title, c.max, None, False) for c in crit.columns]
    if scheme.bonus:
        rows.append(
            (scheme.bonus.code, f"Điểm thưởng: {scheme.bonus.title}", scheme.bonus.max, None, True)
        )
    rows.append(("Tổng", "Tổng điểm tối đa", scheme.max_total, None, True))
    for r, (code, title, most, least, bold) in enumerate(rows, start=2):
        for c, value in enumerate((code, title, most, least), start=1):
            cell = text_cell(ws, r, c, value)
            cell.font = Font(name=FONT, size=12, bold=bold)
            cell.border = BOX
            cell.alignment = Alignment(
                wrap_text=True, vertical="center", horizontal="left" if c == 2 else "center"
            )
    for col, width in zip("ABCD", (10, 80, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.protection.sheet = True


def form_bytes(
    scheme: Scheme,
    units: Sequence[Unit],
    *,
    self_score: bool = False,
    typed: Mapping[str, Typed] | None = None,
) -> bytes:
    buf = io.BytesIO()
    build_form(scheme, units, self_score=self_score, typed=typed).save(buf)
    return buf.getvalue()


def write_form(
    path: Path,
    scheme: Scheme,
    units: Sequence[Unit],
    *,
    self_score: bool = False,
    typed: Mapping[str, Typed] | None = None,
    before_replace: Callable[[], None] | None = None,
) -> Path:
    """Write the form in one step (a temporary file beside, then renamed); ``before_replace``
    runs once it is written, just before it takes its place (old score files step aside)."""
    data = form_bytes(scheme, units, self_score=self_score, typed=typed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # a unique name: concurrent runs
    try:
        tmp.write_bytes(data)
        if before_replace is not None:
            before_replace()
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # nothing half-written left behind (e.g. a full disk)
        raise
    return path
