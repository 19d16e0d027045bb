"""Vietnamese formatting in one place: Decree 30 dates, numbers (babel, vi), Roman numerals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal, format_percent

LOCALE = "vi_VN"

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(n: int) -> str:
    """1 -> 'I', 14 -> 'XIV'. Sections of a plan are numbered with these (Decree 30, PL I)."""
    if not 0 < n < 4000:
        raise ValueError(f"roman numerals cover 1..3999, got {n}")
    out = []
    for value, glyph in _ROMAN:
        count, n = divmod(n, value)
        out.append(glyph * count)
    return "".join(out)


def day_month(d: dt.date) -> tuple[str, str]:
    """Decree 30 padding: a leading zero for days below 10 and for the months 1 and 2."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}", month


def long_date(d: dt.date) -> str:
    """``ngày 06 tháng 01 năm 2024``, ``ngày 29 tháng 6 năm 2024`` (Decree 30, PL I, II.4)."""
    day, month = day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def short_date(d: dt.date) -> str:
    """``06/5/2024``: the same padding rule in numeric form, as used in citations."""
    day, month = day_month(d)
    return f"{day}/{month}/{d.year}"


def _half_up(value: float | int | Decimal, digits: int) -> Decimal:
    """``value`` rounded half away from zero, as Excel and a Vietnamese office round (8,125 ->
    8,13; babel alone rounds half to even: 8,12); no negative zero."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def number(value: float | int | Decimal, digits: int = 2) -> str:
    """Vietnamese number: ``1.234,5`` (dot for thousands, comma for decimals), no trailing zeros.

    The separators come from babel's ``vi`` locale data (CLDR)."""
    fmt = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(_half_up(value, digits), format=fmt, locale=LOCALE)


def percent(value: float | Decimal, digits: int = 1) -> str:
    """``66,7%`` for 0.6667: babel's ``vi`` percent pattern (sign after the number, no space)."""
    fmt = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(_half_up(value, digits + 2), format=fmt, locale=LOCALE)


_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date:
    """Read ``06/5/2024``, ``06/05/2024`` or ``2024-05-06``; raise ValueError with the reason."""
    m = _DATE_RE.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO_RE.match(text)
        if not m:
            raise ValueError("format")
        year, month, day = (int(g) for g in m.groups())
    return dt.date(year, month, day)  # raises ValueError for 31/02
