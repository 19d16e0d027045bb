"""VB3xx: dates (Decree 30 form, leading zeros, impossible, out of context) and consistency
(points that do not add up, one act cited with two dates, the year in the title vs the body)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from docgen.check.rules import Ctx, Hit, rule
from docgen.check.structure import ARABIC, CONTENT_N, ROMAN, Line
from docgen.vi.format import long_date
from docgen.vi.match import (
    BLANK_DATE,
    NUM_DATE,
    WORD_DATE,
    fold,
    make_date,
    zero_padding_ok,
)

ACT_TYPES = (
    r"Thông tư(?: liên tịch)?|Nghị định|Quyết định|Nghị quyết|Chỉ thị|Kết luận|Luật|"
    r"Công văn|Hướng dẫn|Kế hoạch|Thông báo|Chương trình"
)
# The gap between an act's number and its date may not run into the next act of a list of
# căn cứ ("Căn cứ Nghị định 30/2020/NĐ-CP Căn cứ Quyết định 12/QĐ-UBND ngày …"): the date
# belongs to the act nearest before it.
ACT = re.compile(
    rf"(?P<type>{ACT_TYPES})\s+(?:số\s+)?(?P<num>\d+)"
    rf"(?P<rest>[/\-][^\s,;()]*)?(?P<gap>(?:(?!{ACT_TYPES}|[Cc]ăn cứ)[^.;()]){{0,80}}?)"
    r"(?<!trước )(?<!vào )(?<!từ )(?<!đến )(?<!hạn )(?<!sau )\bngày\s+"
    r"(?:(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4})|"
    r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.IGNORECASE,
)
POINTS = re.compile(r"\((\d+(?:[.,]\d+)?)\s*điểm\)", re.IGNORECASE)
# A stated maximum, not a score achieved ("Tổng điểm: 85" on a filled-in sheet is a result).
TOTAL = re.compile(
    r"(?:tổng\s*cộng|tổng\s*số\s*điểm|thang\s*điểm|tổng\s*điểm\s*tối\s*đa)\s*(?:là\s*|:\s*)?"
    r"(\d+(?:[.,]\d+)?)\s*điểm",
    re.IGNORECASE,
)


class Stream:
    """The document's text as one string (lines joined by spaces), mapping offsets to lines."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.starts: list[int] = []
        parts, pos = [], 0
        for ln in lines:
            self.starts.append(pos)
            parts.append(ln.text)
            pos += len(ln.text) + 1
        self.text = " ".join(parts)

    def line_at(self, offset: int) -> Line:
        return self.lines[max(bisect.bisect_right(self.starts, offset) - 1, 0)]


def _word_dates(lines: list[Line]) -> Iterator[tuple[Line, re.Match[str]]]:
    for ln in lines:
        for m in WORD_DATE.finditer(ln.text):
            yield ln, m


@rule(
    "VB301",
    "error",
    'Ngày ban hành không viết theo mẫu "ngày 06 tháng 01 năm 2024"',
    'Date of issue not written as "ngày 06 tháng 01 năm 2024"',
    'Ngày ban hành phải viết "ngày … tháng … năm …" (ví dụ: {example}): "{found}"',
    'The date of issue must read "ngày … tháng … năm …" (e.g. {example}): "{found}"',
)
def issue_date_form(ctx: Ctx) -> Iterator[Hit]:
    line = ctx.st.place_date
    if ctx.st.day_blank:
        return  # left for the văn thư: VB117 (draft) or VB118 (issued) says so
    text = ctx.st.date_line_text
    if line and not WORD_DATE.search(text) and not BLANK_DATE.search(text):
        m = NUM_DATE.search(text)
        d = make_date(m.group(1), m.group(3), m.group(4)) if m else None
        yield ctx.hit(
            line, found=line.text.strip(), example=long_date(d) if d else "ngày 06 tháng 5 năm 2024"
        )


@rule(
    "VB302",
    "error",
    "Ngày ban hành thiếu số 0 (ngày dưới 10, tháng 1 và 2)",
    "Date of issue lacks a leading zero (days below 10, months 1 and 2)",
    'Viết "{expected}" thay cho "{found}"',
    'Write "{expected}" instead of "{found}"',
)
def issue_date_zero(ctx: Ctx) -> Iterator[Hit]:
    text = ctx.st.date_line_text
    for m in WORD_DATE.finditer(text):
        d = make_date(*m.groups())
        if d and not zero_padding_ok(m.group(1), m.group(2))[0]:
            yield ctx.hit(ctx.st.place_date, found=m.group(0), expected=long_date(d))


DRAFT_MONTH = re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


@rule(
    "VB303",
    "error",
    'Số 0 đứng trước trong ngày tháng khác Nghị định 30 ("tháng 04": lỗi ở ngày ban hành)',
    'Leading zeros in a date differ from Decree 30 ("tháng 04": an error in the date of issue)',
    'Viết "{expected}" thay cho "{found}"',
    'Write "{expected}" instead of "{found}"',
)
def other_date_zero(ctx: Ctx) -> Iterator[Hit]:
    """A superfluous zero ("tháng 04") is an error in the date of issue, even with the day
    left blank for the văn thư; elsewhere, and for a missing zero, a warning."""
    st = ctx.st
    issue = st.date_line_text
    for m in WORD_DATE.finditer(issue):
        d = make_date(*m.groups())
        if d and not zero_padding_ok(m.group(1), m.group(2))[1]:
            yield ctx.hit(st.place_date, found=m.group(0), expected=long_date(d))
    if st.day_blank:
        for m in DRAFT_MONTH.finditer(issue):
            month = m.group(1)
            if int(month) > 2 and month.startswith("0"):
                yield ctx.hit(
                    st.place_date, found=m.group(0), expected=f"tháng {int(month)} năm {m.group(2)}"
                )
    for ln, m in _word_dates(st.text_lines()):
        if ln is st.place_date:
            continue
        d = make_date(*m.groups())
        if d and not all(zero_padding_ok(m.group(1), m.group(2))):
            yield ctx.hit(ln, severity="warning", found=m.group(0), expected=long_date(d))


@rule(
    "VB304",
    "error",
    "Ngày tháng không có thật",
    "Impossible date",
    'Ngày không có thật: "{found}"',
    'Impossible date: "{found}"',
)
def impossible(ctx: Ctx) -> Iterator[Hit]:
    for ln in ctx.st.text_lines():
        for m in WORD_DATE.finditer(ln.text):
            if make_date(*m.groups()) is None:
                yield ctx.hit(ln, found=m.group(0))
        for m in NUM_DATE.finditer(ln.text):
            if make_date(m.group(1), m.group(3), m.group(4)) is None:
                yield ctx.hit(ln, found=m.group(0))


def _citations(ctx: Ctx) -> list[tuple[Line, re.Match[str]]]:
    if "citations" not in ctx.memo:
        stream = Stream(ctx.st.body + ctx.st.subject)
        ctx.memo["citations"] = [(stream.line_at(m.start()), m) for m in ACT.finditer(stream.text)]
    return ctx.memo["citations"]


def _cited_date(m: re.Match[str]) -> tuple[str, str, str]:
    return (
        m.group("d1") or m.group("d2"),
        m.group("m1") or m.group("m2"),
        m.group("y1") or m.group("y2"),
    )


@rule(
    "VB305",
    "error",
    "Văn bản được trích dẫn có ngày sau ngày ban hành",
    "A cited act is dated after the document itself",
    "{act} ghi ngày {cited}, sau ngày ban hành {issued}",
    "{act} is dated {cited}, after this document's date {issued}",
)
def cited_after(ctx: Ctx) -> Iterator[Hit]:
    issued = ctx.st.issue_date
    if not issued:
        return
    for ln, m in _citations(ctx):
        d = make_date(*_cited_date(m))
        if d and d > issued:
            yield ctx.hit(
                ln,
                act=f"{m.group('type')} {m.group('num')}{m.group('rest') or ''}",
                cited=d.strftime("%d/%m/%Y"),
                issued=issued.strftime("%d/%m/%Y"),
            )


@rule(
    "VB306",
    "error",
    "Năm ban hành không khớp năm ghi ở tên văn bản",
    "The year of issue does not fit the year in the title",
    'Văn bản "năm {title}" lại ban hành năm {issued}',
    'The document is "năm {title}" (for {title}) but issued in {issued}',
)
def year_context(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if (
        st.issue_date
        and st.title_year
        and st.issue_date.year - st.title_year not in ctx.kind.year_offsets
    ):
        yield ctx.hit(st.place_date or st.type_line, title=st.title_year, issued=st.issue_date.year)


@rule(
    "VB307",
    "error",
    "Năm nhắc lại tên văn bản trong nội dung khác năm ở trích yếu (năm trước: cảnh báo)",
    "The body repeats the title's phrase with a different year (the year before: warning)",
    '"{found}" nhưng trích yếu ghi năm {year}',
    '"{found}" but the title says {year}',
)
def title_phrase_year(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if not st.title_year:
        return
    for ln in st.subject + ([st.type_line] if st.type_line else []):
        m = re.search(r"(\S+\s+\S+)\s+năm\s+" + str(st.title_year), ln.text, re.IGNORECASE)
        if not m:
            continue
        phrase = re.compile(re.escape(m.group(1)) + r"\s+năm\s+(\d{4})", re.IGNORECASE)
        stream = Stream(st.body)
        for hit in phrase.finditer(stream.text):
            if int(hit.group(1)) != st.title_year:
                # "kết quả thi đua năm 2023" in a 2024 plan may look back on purpose.
                lower = "warning" if int(hit.group(1)) == st.title_year - 1 else None
                line = stream.line_at(hit.start())
                found = " ".join(hit.group(0).split())  # as the clerk reads it: U+00A0 is a space
                yield ctx.hit(line, severity=lower, found=found, year=st.title_year)
        return


def _num(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None


@rule(
    "VB311",
    "error",
    "Tổng điểm các nội dung không bằng tổng điểm đã ghi",
    "Criterion points do not add up to the stated total",
    "Các nội dung cộng lại {sum} điểm, nhưng văn bản ghi tổng {total} điểm",
    "Criterion points add up to {sum}, but the stated total is {total}",
)
def points_total(ctx: Ctx) -> Iterator[Hit]:
    if ctx.st.kind == "bieumau":  # a filled-in scoring sheet states results, not maxima
        return
    points, total_line, total = [], None, None
    for ln in ctx.st.body:
        m = POINTS.search(ln.text)
        short = len(ln.text) < 200
        if (
            m
            and short
            and (CONTENT_N.match(ln.text) or ROMAN.match(ln.folded) or ARABIC.match(ln.text))
        ):
            points.append(_num(m.group(1)) or Decimal(0))
        t = TOTAL.search(ln.text)
        if t and total is None:
            total_line, total = ln, _num(t.group(1))
    added = sum(points, Decimal(0))
    if points and total is not None and added != total:
        yield ctx.hit(total_line, sum=_fmt(added), total=_fmt(total))


def _fmt(d: Decimal) -> str:
    return f"{d.normalize():f}".replace(".", ",")


@rule(
    "VB312",
    "warning",
    "Cột điểm của bảng không cộng lại bằng dòng tổng",
    "A table's points column does not add up to its total row",
    'Cột "{column}" cộng lại {sum}, dòng tổng ghi {total}',
    'Column "{column}" adds up to {sum}, the total row says {total}',
    sources=("docx",),
)
def table_total(ctx: Ctx) -> Iterator[Hit]:
    cells: dict[int, dict[tuple[int, int], str]] = {}
    where: dict[tuple[int, int, int], Line] = {}
    for ln in ctx.st.lines:
        b = ln.block
        if b.table:
            key = (b.row, b.col)
            grid = cells.setdefault(b.table, {})
            grid[key] = (grid.get(key, "") + " " + ln.text).strip()
            where.setdefault((b.table, b.row, b.col), ln)
    for t, grid in cells.items():
        cols = sorted({c for _, c in grid})
        rows = sorted({r for r, _ in grid})
        head = [c for c in cols if any("ĐIỂM" in fold(grid.get((r, c), "")) for r in rows[:2])]
        total_rows = [
            r for r in rows if any(fold(grid.get((r, c), "")).startswith("TỔNG") for c in cols[:3])
        ]
        for c in head:
            for tr in total_rows[:1]:
                total = _num(grid.get((tr, c), ""))
                if total is None:
                    continue
                levels: dict[str, Decimal] = {}
                for r in rows:
                    v = _num(grid.get((r, c), "")) if r < tr else None
                    if v is None:
                        continue
                    label = grid.get((r, cols[0]), "").strip()
                    lvl = (
                        "roman"
                        if re.fullmatch(r"[IVX]+\.?", label)
                        else (
                            "sub"
                            if re.fullmatch(r"\d+\.\d+.*", label)
                            else ("letter" if re.fullmatch(r"[a-zđ]\)?", label) else "item")
                        )
                    )
                    levels[lvl] = levels.get(lvl, Decimal(0)) + v
                    levels["all"] = levels.get("all", Decimal(0)) + v
                if levels and total not in levels.values():
                    yield ctx.hit(
                        where.get((t, tr, c)),
                        column=grid.get((rows[0], c), "")[:30],
                        sum=_fmt(levels["all"]),
                        total=_fmt(total),
                    )


def _key(m: re.Match[str]) -> tuple[str, str, str]:
    """(type, number, type abbreviation): "Thông tư 22/2020/TT-BGDĐT" -> ("THÔNG TƯ", "22", "TT").

    Only the first letter group counts, so a symbol wrapped at its hyphen in PDF text
    ("22/TT-" / "BGDĐT") is still the same act.
    """
    groups = [
        p for p in re.split(r"[/]", (m.group("rest") or "").strip("/-")) if p and not p.isdigit()
    ]
    abbrev = groups[0].split("-")[0] if groups else ""
    return fold(m.group("type")), m.group("num"), fold(abbrev)


def _num_year(m: re.Match[str]) -> int | None:
    y = re.search(r"/((?:19|20)\d\d)(?:/|$)", m.group("rest") or "")
    return int(y.group(1)) if y else None


@rule(
    "VB313",
    "error",
    "Cùng một văn bản được trích dẫn với hai ngày khác nhau",
    "The same act is cited with different dates",
    "{act} ghi ngày {date}, nơi khác ghi ngày {other} ({where})",
    "{act} is cited as dated {date} here and {other} elsewhere ({where})",
)
def act_dates(ctx: Ctx) -> Iterator[Hit]:
    first: dict[tuple[str, str, str], tuple[Line, tuple[str, str, str], int | None]] = {}
    for ln, m in _citations(ctx):
        key, dmy, ny = _key(m), _cited_date(m), _num_year(m)
        d = make_date(*dmy)
        if d is None:
            continue
        if key not in first:
            first[key] = (ln, dmy, ny)
            continue
        ln0, dmy0, ny0 = first[key]
        d0 = make_date(*dmy0)
        if d0 != d and not (ny and ny0 and ny != ny0):
            yield ctx.hit(
                ln,
                act=f"{m.group('type')} {m.group('num')}{m.group('rest') or ''}",
                date=d.strftime("%d/%m/%Y"),
                other=d0.strftime("%d/%m/%Y") if d0 else "?",
                where=ln0.location,
            )


@rule(
    "VB314",
    "error",
    "Năm trong số hiệu văn bản được trích dẫn khác năm của ngày ban hành",
    "The year in a cited act's number differs from the year of its date",
    "{act}: số hiệu ghi năm {num_year} nhưng ngày ban hành là {date}",
    "{act}: the number says {num_year} but it is dated {date}",
)
def act_year(ctx: Ctx) -> Iterator[Hit]:
    for ln, m in _citations(ctx):
        ny, d = _num_year(m), make_date(*_cited_date(m))
        if ny and d and d.year != ny:
            yield ctx.hit(
                ln,
                act=f"{m.group('type')} {m.group('num')}{m.group('rest') or ''}",
                num_year=ny,
                date=d.strftime("%d/%m/%Y"),
            )
