"""Score files -> ``UnitScores``: the Excel form (.xlsx) or a CSV as a district sends it.

CSV: UTF-8 with or without BOM, or UTF-16 (Excel's "Unicode text"); ``;``, ``,`` or tab
separated; decimal comma ("17,5") or point. A legacy 8-bit file (TCVN3, VNI, Windows-1258) is
refused with the encoding to save it in. Every problem in the file is reported at once, each at
its cell (``scores.xlsx!Chấm điểm!D7``, ``scores.csv!D7``) with what was expected and found.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import limits
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.i18n import did_you_mean, tr
from docgen.scoring.engine import UnitScores, score_problem
from docgen.scoring.remit import Remit
from docgen.scoring.scheme import Column, Scheme
from docgen.vi import text as vntext
from docgen.vi.format import number

DATA_SHEET = "Chấm điểm"
META_SHEET = "docgen"
ID_NAMES = {"mã đơn vị", "ma don vi", "ma_don_vi", "mã", "unit_id", "id"}
NAME_NAMES = {"tên đơn vị", "ten don vi", "ten_don_vi", "đơn vị", "name", "unit_name"}
STT_NAMES = {"stt", "tt"}
NOTE_NAMES = {"ghi chú", "ghi chú, minh chứng", "ghi_chu", "ghi chu", "minh chứng", "notes"}
TOTAL_NAMES = {"tổng", "tổng điểm", "tổng cộng", "total"}
_NUM = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_HEAD = re.compile(  # "ND1 (tối đa 20)", "ND1 (20)", "ND1 (20 điểm)"
    r"^(?P<name>.*?)\s*\((?:tối đa|max)?\s*(?P<max>\d+(?:[.,]\d+)?)\s*(?:đ|điểm)?\)\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Grid:
    """A sheet as rows of raw values, with how to name a cell."""

    path: Path
    sheet: str | None  # None for CSV
    rows: list[list[Any]]
    meta: dict[str, tuple[Any, str]]  # from the form's hidden sheet: name -> (value, cell)

    def ref(
        self, row: int, col: int | None = None, fld: str | None = None, label: str | None = None
    ) -> SourceRef:
        where = f"{row}:{row}" if col is None else f"{_column(col)}{row}"
        cell = f"{self.sheet}!{where}" if self.sheet else where
        return SourceRef(self.path, cell=cell, field=fld, label=label)

    def cell_ref(self, row: int, col: int, fld: str, header: int, unit: str | None) -> SourceRef:
        """A unit's cell, named as a person would say it: "ô E3, cột ND2.1 (8) của đơn vị Chi
        hội …" (the column as its header reads; the unit by name, else the row)."""
        head = self.rows[header - 1]
        title = head[col - 1] if col <= len(head) else None
        column = " ".join(str(title).split()) if title not in (None, "") else fld
        cell = f"{_column(col)}{row}"
        words = (
            tr(
                "ô {c}, cột {h} của đơn vị {u}",
                "cell {c}, column {h} of unit {u}",
                c=cell,
                h=column,
                u=unit,
            )
            if unit
            else tr(
                "ô {c}, cột {h}, dòng {r}", "cell {c}, column {h}, row {r}", c=cell, h=column, r=row
            )
        )
        return self.ref(row, col, fld, words)


def _column(col: int) -> str:
    """A spreadsheet column's letters (1 -> A, 27 -> AA), as openpyxl's get_column_letter."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _fail(path: Path, message: str) -> ContentError:
    return ContentError(
        tr("Không đọc được tệp điểm {p}", "Cannot read the score file {p}", p=path),
        [Problem(SourceRef(path), message)],
    )


def norm(text: Any) -> str:
    return " ".join(vntext.nfc(str(text)).replace("\n", " ").split()).casefold()


# -- reading files ---------------------------------------------------------------------------


def read_grid(path: Path) -> Grid:
    if not path.is_file():
        raise _fail(path, tr("không tìm thấy tệp", "file not found"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise _fail(
        path,
        tr(
            "không phải bảng tính: cần tệp .xlsx (Excel) hoặc .csv, nhận được '{s}'",
            "not a spreadsheet: expected an .xlsx (Excel) or .csv file, found '{s}'",
            s=suffix or path.name,
        ),
    )


# What openpyxl raises on a damaged or hostile workbook (SyntaxError covers the XML parsers).
BROKEN_XLSX = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
    AssertionError,
    NotImplementedError,
    zlib.error,
)


def _limited(path: Path) -> bytes:
    """The file's bytes, refused over ``limits.MAX_SHEET_BYTES``."""
    try:
        limits.check_size(path, limits.MAX_SHEET_BYTES)
    except limits.Refused as exc:
        raise _fail(path, tr(exc.vi, exc.en)) from None
    return path.read_bytes()


def _too_many_rows(path: Path) -> ContentError:
    return _fail(
        path,
        tr(
            "bảng có hơn {n} dòng; tệp điểm chỉ có một dòng mỗi đơn vị — hãy xóa các dòng thừa",
            "the sheet has more than {n} rows; a score file has one row per unit — delete the "
            "extra rows",
            n=limits.MAX_SHEET_ROWS,
        ),
    )


def _capped(rows: Any, path: Path) -> list[list[Any]]:
    out: list[list[Any]] = []
    for row in rows:
        if len(out) >= limits.MAX_SHEET_ROWS:
            raise _too_many_rows(path)
        out.append(list(row)[: limits.MAX_SHEET_COLUMNS])
    return out


def _read_xlsx(path: Path) -> Grid:
    data = _limited(path)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _fail(
            path,
            tr(
                "tệp Excel cũ (.xls); hãy mở bằng Excel và lưu lại dạng .xlsx",
                "old Excel format (.xls); open it in Excel and save it as .xlsx",
            ),
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            limits.check_zip(z, part_limit=limits.MAX_SHEET_XML_BYTES)
    except limits.Refused as exc:
        hint = tr(
            " — một tệp điểm có một dòng mỗi đơn vị (tối đa {n} dòng)",
            " — a score file has one row per unit (at most {n} rows)",
            n=limits.MAX_SHEET_ROWS,
        )
        raise _fail(path, tr(exc.vi, exc.en) + hint) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        pass  # load_workbook says it below
    try:
        # read-only: rows stream from the XML instead of a cell object each in memory
        from openpyxl import load_workbook  # only for an .xlsx: ~0.1 s to import

        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        return _grid(path, wb)
    except ContentError:
        raise
    except BROKEN_XLSX as exc:
        raise _fail(
            path,
            tr(
                "không phải bảng tính Excel (.xlsx) hợp lệ ({e})",
                "not a valid Excel workbook (.xlsx) ({e})",
                e=type(exc).__name__,
            ),
        ) from None


def _grid(path: Path, wb: Any) -> Grid:
    ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
    if (ws.max_row or 0) > limits.MAX_SHEET_ROWS:  # the sheet's stated size; checked below too
        raise _too_many_rows(path)
    if hasattr(ws, "reset_dimensions"):  # read-only: never trust the stated size to end the data
        ws.reset_dimensions()
    rows = _capped(ws.iter_rows(values_only=True, max_col=limits.MAX_SHEET_COLUMNS), path)
    meta: dict[str, tuple[Any, str]] = {}
    if META_SHEET in wb.sheetnames:
        meta_rows = wb[META_SHEET].iter_rows(values_only=True, max_col=2, max_row=100)
        for r, row in enumerate(meta_rows, start=1):
            if row and row[0] is not None:
                meta[str(row[0])] = (row[1] if len(row) > 1 else None, f"{META_SHEET}!B{r}")
    wb.close()
    return Grid(path, ws.title, rows, meta)


def decode_csv(path: Path, data: bytes) -> str:
    try:
        return _decode_csv(path, data)
    except UnicodeDecodeError as exc:  # a damaged UTF-16 file
        raise _fail(
            path,
            tr(
                "tệp UTF-16 bị hỏng ở byte {o}; hãy lưu lại dạng 'CSV UTF-8'",
                "damaged UTF-16 file at byte {o}; save it again as 'CSV UTF-8'",
                o=exc.start,
            ),
        ) from None


def _decode_csv(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    elif len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return data.decode("utf-16-le")
    elif len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return data.decode("utf-16-be")
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in data[:4096]:
        raise _fail(
            path,
            tr(
                "không phải tệp CSV (văn bản) mà là tệp nhị phân; cần .csv hoặc .xlsx",
                "not a CSV (text) file but a binary file; expected .csv or .xlsx",
            ),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        legacy = vntext.legacy_encoding(data.decode("latin-1"))
        enc = vntext.ENCODING_NAMES[legacy] if legacy else "Windows-1258 (ANSI tiếng Việt)"
        title = tr("Tệp CSV không phải Unicode", "The CSV file is not Unicode")
        raise ContentError(
            title,
            [
                Problem(
                    SourceRef(path, line=line),
                    tr(
                        "byte {b} không phải UTF-8; tệp có vẻ dùng bảng mã {e}. Hãy lưu lại bằng "
                        "mã "
                        "UTF-8: trong Excel chọn File > Save As > 'CSV UTF-8 (Comma delimited) "
                        "(*.csv)'"
                        "{h}",
                        "byte {b} is not UTF-8; the file looks like {e}. Save it as UTF-8: in "
                        "Excel, "
                        "File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'{h}",
                        b=hex(data[exc.start]),
                        e=enc,
                        h=tr(
                            "; văn bản gõ bằng TCVN3/VNI cần chuyển sang Unicode (Unikey) trước",
                            "; text typed in TCVN3/VNI must first be converted to Unicode (Unikey)",
                        )
                        if legacy
                        else "",
                    ),
                )
            ],
        ) from None


def _read_csv(path: Path) -> Grid:
    text = decode_csv(path, _limited(path))
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # The separator is the one the header row (with "Mã đơn vị") uses most; title rows above it
    # may have none.
    heads = [ln for ln in lines if any(n in norm(ln) for n in ("mã đơn vị", "ma_don_vi"))]
    first = heads[0] if heads else (lines[0] if lines else "")
    delim = max((";", ",", "\t"), key=lambda d: first.count(d))
    try:
        rows = _capped(csv.reader(io.StringIO(text), delimiter=delim), path)
    except csv.Error as exc:
        raise _fail(path, tr("tệp CSV hỏng ({e})", "damaged CSV file ({e})", e=exc)) from None
    return Grid(path, None, rows, {"delimiter": (delim, "")})


# -- interpreting a grid ---------------------------------------------------------------------


def _header_row(grid: Grid) -> int | None:
    for r, row in enumerate(grid.rows[:15], start=1):
        if any(v is not None and norm(v) in ID_NAMES for v in row):
            return r
    return None


def _split_head(value: Any) -> tuple[str, float | None]:
    text = norm(value)
    m = _HEAD.match(text)
    if m:
        return m.group("name").strip(), float(m.group("max").replace(",", "."))
    return text, None


def parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and _NUM.match(value.strip().replace("\u00a0", "")):
        return float(value.strip().replace(",", "."))
    return None


def _check_year(grid: Grid, scheme: Scheme, header: int, out: ProblemList) -> None:
    year = grid.meta.get("năm") or grid.meta.get("year")
    if year is not None and str(year[0]) != str(scheme.year):
        out.add(
            SourceRef(grid.path, cell=year[1], field="năm"),
            tr(
                "biểu mẫu của năm {f}, không phải năm {y}: hãy dùng biểu mẫu tạo bằng "
                "'docgen form --year {y}'",
                "the form is for year {f}, not {y}: use the form made by 'docgen form --year {y}'",
                f=year[0],
                y=scheme.year,
            ),
        )
    sid = grid.meta.get("thang điểm") or grid.meta.get("scheme")
    if sid is not None and str(sid[0]) != scheme.id:
        out.add(
            SourceRef(grid.path, cell=sid[1], field="thang điểm"),
            tr(
                "biểu mẫu theo thang điểm '{f}', không phải '{s}' của năm {y}",
                "the form follows scheme '{f}', not '{s}' of year {y}",
                f=sid[0],
                s=scheme.id,
                y=scheme.year,
            ),
        )
    if year is None:
        for r, row in enumerate(grid.rows[: header - 1], start=1):
            for c, v in enumerate(row, start=1):
                title = isinstance(v, str) and norm(v).startswith(
                    ("bảng chấm điểm", "bảng tự chấm")
                )
                m = _YEAR.search(str(v)) if title else None
                if m and int(m.group(1)) != scheme.year:
                    out.add(
                        grid.ref(r, c, "tiêu đề"),
                        tr(
                            "biểu mẫu ghi năm {f}, không phải năm {y}",
                            "the form says year {f}, not {y}",
                            f=m.group(1),
                            y=scheme.year,
                        ),
                    )


def read_scores(
    path: Path,
    scheme: Scheme,
    unit_ids: list[str],
    out: ProblemList,
    names: Mapping[str, str] | None = None,
    remit: Remit | None = None,
) -> list[UnitScores]:
    """Every unit row of a score file; problems (with cells, and the unit by ``names``: id ->
    name from units.yaml) are added to ``out``. With a Chi hội's ``remit``, a row of any other
    unit is an error at its unit id cell."""
    grid = read_grid(path)
    header = _header_row(grid)
    if header is None:
        out.add(
            SourceRef(path),
            tr(
                "không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' (trong 15 dòng đầu)",
                "no header row with a 'Mã đơn vị' column (in the first 15 rows)",
            ),
        )
        return []
    _check_year(grid, scheme, header, out)
    heads = _Headers(grid, scheme, header, out)
    for c in range(1, max(len(r) for r in grid.rows) + 1):
        heads.read(c)
    _missing_columns(grid, scheme, header, heads.cols, path, out)
    if heads.id_col is None:
        return []
    at = _Where(grid, header, heads.id_col, heads.name_col, names or {})
    empty = _empty_columns(grid, scheme, header, heads.cols, out)
    rows = _rows(grid, scheme, at, heads.notes_col, heads.cols, unit_ids, out, empty, remit)
    if heads.total_col is not None:
        _check_totals(at, heads.total_col, heads.cols, out)
    return rows


class _Headers:
    """The header row read cell by cell: where the unit id, the notes and each score column are."""

    def __init__(self, grid: Grid, scheme: Scheme, header: int, out: ProblemList) -> None:
        self.grid, self.scheme, self.header, self.out = grid, scheme, header, out
        self.by_code = {c.code.casefold(): c for c in scheme.columns}
        self.by_code.update({c.key.casefold(): c for c in scheme.columns})
        self.computed = TOTAL_NAMES | {f"cộng {c.code.casefold()}" for c in scheme.criteria}
        self.known_names = [c.code for c in scheme.columns] + [
            "Mã đơn vị",
            "Tên đơn vị",
            "Ghi chú",
            "Tổng",
        ]
        self.cols: dict[str, int] = {}
        self.id_col: int | None = None
        self.notes_col: int | None = None
        self.total_col: int | None = None
        self.name_col: int | None = None

    def read(self, c: int) -> None:
        head = self.grid.rows[self.header - 1]
        value = head[c - 1] if c <= len(head) else None
        name, stated = _split_head(value) if value is not None else ("", None)
        if not name:
            self._nameless(c)
        elif name in ID_NAMES:
            self.id_col = c
        elif name in NOTE_NAMES or name.startswith("ghi chú"):
            self.notes_col = c
        elif name in TOTAL_NAMES:
            self._total(c, stated)
        elif name in NAME_NAMES:
            self.name_col = c
        elif name in STT_NAMES or name in self.computed:
            return
        elif name in self.by_code:
            self._score(c, self.by_code[name], stated)
        else:
            self._unknown(c, value, name)

    def _nameless(self, c: int) -> None:
        """A column without a header is fine unless it holds data (a split decimal comma?)."""
        grid = self.grid
        if not any(len(r) >= c and r[c - 1] not in (None, "") for r in grid.rows[self.header :]):
            return
        hint = (
            tr(
                " (tệp phân cách bằng dấu phẩy: số thập phân như 17,5 phải đặt trong ngoặc kép "
                '"17,5" hoặc viết 17.5)',
                " (comma-separated file: a decimal comma like "
                '17,5 must be quoted "17,5" or written 17.5)',
            )
            if grid.meta.get("delimiter", ("",))[0] == ","
            else ""
        )
        self.out.add(
            grid.ref(self.header, c),
            tr(
                "cột có dữ liệu nhưng không có tiêu đề{h}",
                "a column with data but no header{h}",
                h=hint,
            ),
        )

    def _score(self, c: int, col: Column, stated: float | None) -> None:
        """A score column: not twice, and its stated maximum must be the scheme's."""
        ref = self.grid.ref(self.header, c, col.code)
        if col.code in self.cols:
            self.out.add(ref, tr("cột {c} lặp lại", "column {c} appears twice", c=col.code))
        self.cols[col.code] = c
        if stated is not None and abs(stated - col.max) > 1e-9:
            self.out.add(
                ref,
                tr(
                    "tiêu đề ghi tối đa {f} điểm nhưng thang điểm '{s}' năm {y} cho {c} tối đa "
                    "{m}: biểu mẫu của năm khác hoặc thang điểm khác",
                    "the header says a maximum of {f} but scheme '{s}' of {y} gives {c} a "
                    "maximum of {m}: a form from another year or scheme",
                    f=number(stated),
                    s=self.scheme.id,
                    y=self.scheme.year,
                    c=col.code,
                    m=number(col.max),
                ),
            )

    def _total(self, c: int, stated: float | None) -> None:
        """The Tổng column (docgen adds the scores itself): a stated maximum that is not the
        scheme's is a stale column."""
        self.total_col = c
        scheme = self.scheme
        if stated is not None and abs(stated - scheme.max_total) > 1e-9:
            self.out.add(
                self.grid.ref(self.header, c, "Tổng"),
                tr(
                    "cột Tổng ghi tối đa {f} nhưng thang điểm năm {y} có tổng tối đa {m} (cột "
                    "cũ?): docgen tự cộng điểm, không dùng cột này; sửa tiêu đề thành "
                    "`Tổng ({m})` hoặc xóa cột",
                    "the Tổng column says a maximum of {f} but the {y} scheme's maximum total "
                    "is {m} (a stale column?): docgen adds the scores itself and ignores this "
                    "column; rename it `Tổng ({m})` or delete it",
                    f=number(stated),
                    y=scheme.year,
                    m=number(scheme.max_total),
                ),
                "warning",
            )

    def _unknown(self, c: int, value: Any, name: str) -> None:
        guess = str(value).split("(")[0].strip()
        m = re.match(r"nội dung\s*(\d+)", name)
        if m and f"ND{m.group(1)}" in self.known_names:
            guess = f"ND{m.group(1)}"
        self.out.add(
            self.grid.ref(self.header, c),
            tr(
                "cột không xác định {f!r}{h}; các cột điểm: {k}",
                "unknown column {f!r}{h}; score columns: {k}",
                f=str(value),
                h=did_you_mean(guess, self.known_names, cutoff=0.5),
                k=", ".join(c.code for c in self.scheme.columns),
            ),
        )


def _missing_columns(
    grid: Grid, scheme: Scheme, header: int, cols: dict[str, int], path: Path, out: ProblemList
) -> None:
    for col in scheme.columns:
        if col.code not in cols and col is not scheme.bonus:
            out.add(
                grid.ref(header, None, col.code),
                tr(
                    "thiếu cột điểm {c} ({t}, tối đa {m}) hoặc cột đã bị đổi tên: thêm cột "
                    "`{c} ({m})` vào {f}, hoặc chạy lại `docgen form{s} --year {y}` (tạo lại biểu "
                    "mẫu {x}, giữ mọi điểm đã nhập)",
                    "score column {c} ({t}, max {m}) is missing or was renamed: add a column "
                    "`{c} ({m})` to {f}, or run `docgen form{s} --year {y}` again (it writes the "
                    "form {x} again, keeping every score already typed)",
                    c=col.code,
                    t=col.title,
                    m=number(col.max),
                    f=path.name,
                    s=" --self" if path.stem.startswith("self") else "",
                    y=scheme.year,
                    x=path.with_suffix(".xlsx"),
                ),
            )


@dataclass(frozen=True)
class _Where:
    """How to name a unit's cell: the header row, and where the unit's id and name are."""

    grid: Grid
    header: int
    id_col: int
    name_col: int | None
    names: Mapping[str, str]

    def unit(self, r: int) -> str | None:
        """The unit of row ``r`` by name: from units.yaml, else the row's name cell, else its id."""
        row = self.grid.rows[r - 1]

        def text(c: int | None) -> str:
            v = row[c - 1] if c is not None and c <= len(row) else None
            return " ".join(str(v).split()) if v is not None else ""

        uid = text(self.id_col)
        return self.names.get(uid) or text(self.name_col) or uid or None

    def ref(self, r: int, c: int | None, fld: str) -> SourceRef:
        if c is None:
            return self.grid.ref(r, None, fld)
        return self.grid.cell_ref(r, c, fld, self.header, self.unit(r))


def _check_totals(at: _Where, total_col: int, cols: dict[str, int], out: ProblemList) -> None:
    """A typed total that is not the sum of its row (a stale column) is reported."""
    grid = at.grid
    for r in range(at.header + 1, len(grid.rows) + 1):
        row = grid.rows[r - 1]
        typed = parse_number(row[total_col - 1]) if total_col <= len(row) else None
        values = [parse_number(row[c - 1]) if c <= len(row) else None for c in cols.values()]
        if typed is None or any(v is None for v in values) or not values:
            continue
        total = sum(v for v in values if v is not None)
        if abs(total - typed) > 1e-6:
            out.add(
                at.ref(r, total_col, "Tổng"),
                tr(
                    "ô Tổng ghi {t} nhưng cộng các cột điểm được {s}: docgen dùng {s}; sửa hoặc "
                    "xóa cột Tổng",
                    "the Tổng cell says {t} but the score columns add up to {s}: docgen uses {s}; "
                    "fix or delete the Tổng column",
                    t=number(typed),
                    s=number(total),
                ),
                "warning",
            )


def _empty_columns(
    grid: Grid, scheme: Scheme, header: int, cols: dict[str, int], out: ProblemList
) -> set[str]:
    """A score column empty on every scored row (a Nội dung just added) is said once, at its
    header, rather than once per unit; the codes of such columns."""

    def filled(row: list[Any], c: int) -> bool:
        v = row[c - 1] if c <= len(row) else None
        return v is not None and not (isinstance(v, str) and not v.strip())

    rows = [
        r
        for r in range(header + 1, len(grid.rows) + 1)
        if any(filled(grid.rows[r - 1], c) for c in cols.values())
    ]
    empty: set[str] = set()
    for col in scheme.columns:
        c = cols.get(col.code)
        if c is None or col is scheme.bonus or len(rows) < 2:
            continue
        if not any(filled(grid.rows[r - 1], c) for r in rows):
            empty.add(col.code)
            letter = _column(c)
            out.add(
                grid.ref(header, c, col.code),
                tr(
                    "cột {c} ({t}, tối đa {m}) chưa có điểm nào: nhập điểm {c} của {n} đơn vị "
                    "vào các ô {a}{r0}–{a}{r1}, lưu lại rồi chạy lại",
                    "column {c} ({t}, max {m}) has no score yet: type the {c} score of the {n} "
                    "units in cells {a}{r0}–{a}{r1}, save, and run again",
                    c=col.code,
                    t=col.title,
                    m=number(col.max),
                    n=len(rows),
                    a=letter,
                    r0=rows[0],
                    r1=rows[-1],
                ),
            )
    return empty


def _rows(
    grid: Grid,
    scheme: Scheme,
    at: _Where,
    notes_col: int | None,
    cols: dict[str, int],
    unit_ids: list[str],
    out: ProblemList,
    empty: set[str] | None = None,
    remit: Remit | None = None,
) -> list[UnitScores]:
    result: list[UnitScores] = []
    seen: dict[str, int] = {}
    header, id_col, grid = at.header, at.id_col, at.grid
    for r in range(header + 1, len(grid.rows) + 1):
        row = grid.rows[r - 1]

        def cell(c: int, row: list[Any] = row) -> Any:
            v = row[c - 1] if c <= len(row) else None
            return None if isinstance(v, str) and not v.strip() else v

        score_cells = [cell(c) for c in cols.values()]
        if all(v is None for v in score_cells):
            continue  # an empty line, or a unit not scored yet (warned about as unscored)
        uid = cell(id_col)
        ok = True
        if uid is None:
            out.add(
                at.ref(r, id_col, "Mã đơn vị"),
                tr(
                    "ô bắt buộc để trống: cần mã đơn vị (trong units.yaml)",
                    "empty required cell: expected a unit id (from units.yaml)",
                ),
            )
            ok = False
        else:
            uid = str(uid).strip()
            if remit is not None and uid != remit.unit:
                out.add(at.ref(r, id_col, "Mã đơn vị"), remit.outside(uid))
                ok = False
            elif uid not in unit_ids:
                hint = did_you_mean(uid, unit_ids)
                out.add(
                    at.ref(r, id_col, "Mã đơn vị"),
                    tr(
                        "đơn vị {u!r} không có trong units.yaml{h}",
                        "unit {u!r} is not in units.yaml{h}",
                        u=uid,
                        h=hint,
                    ),
                )
                ok = False
            elif uid in seen:
                out.add(
                    at.ref(r, id_col, "Mã đơn vị"),
                    tr(
                        "đơn vị {u!r} được chấm hai lần (đã có ở dòng {n})",
                        "unit {u!r} is listed twice (already on row {n})",
                        u=uid,
                        n=seen[uid],
                    ),
                )
                ok = False
            else:
                seen[uid] = r
        scores: dict[str, float] = {}
        for col in scheme.columns:
            c = cols.get(col.code)
            raw = cell(c) if c else None
            if raw is None:
                if c is not None and col is not scheme.bonus and col.code not in (empty or ()):
                    out.add(
                        at.ref(r, c, col.code),
                        tr(
                            "ô bắt buộc để trống: cần điểm {c} từ 0 đến {m}",
                            "empty required cell: expected a {c} score from 0 to {m}",
                            c=col.code,
                            m=number(col.max),
                        ),
                    )
                    ok = False
                continue
            value = parse_number(raw)
            if value is None:
                shown = raw.strftime("%d/%m/%Y") if isinstance(raw, dt.date) else raw
                out.add(
                    at.ref(r, c, col.code),
                    tr(
                        "cần một số từ 0 đến {m}, nhận được {f!r}",
                        "expected a number from 0 to {m}, found {f!r}",
                        m=number(col.max),
                        f=shown,
                    ),
                )
                ok = False
                continue
            problem = score_problem(col, value)
            if problem:
                out.add(at.ref(r, c, col.code), problem)
                ok = False
            scores[col.code] = value
        if ok:
            notes = cell(notes_col) if notes_col else None
            result.append(
                UnitScores(
                    uid, scores, vntext.nfc(str(notes)) if notes else "", where=str(grid.ref(r))
                )
            )
    return result
