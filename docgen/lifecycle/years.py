"""Years written as digits in prose: which are fixed, which may be relative to the plan year.

Fixed (never touched, never asked about): a range such as "giai đoạn 2023 – 2030", a full date
("ngày 09 tháng 11 năm 2023", "06/8/2020"), the year inside an act's number ("22/2020/TT-BGDĐT"),
and placeholders (``{year}``…). Any other year in digits is *free*: ``docgen rollover`` lists it
for the user to decide, and ``docgen import`` turns the plan year and its neighbours into
``{year}``, ``{year-1}``, ``{year+1}`` so that the imported plan rolls over exactly.
"""

from __future__ import annotations

import re

from docgen.content.prose import PLACEHOLDER

YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")
FIXED = (
    re.compile(r"(?:19|20)\d{2}\s*[–—-]\s*(?:19|20)\d{2}"),
    re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE),
    re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"),
    PLACEHOLDER,
)


def free_years(text: str) -> list[re.Match[str]]:
    """Every year in digits in ``text`` that is not part of a fixed expression."""
    fixed = [m.span() for rx in FIXED for m in rx.finditer(text)]
    return [
        m for m in YEAR.finditer(text) if not any(a <= m.start() and m.end() <= b for a, b in fixed)
    ]


def fixed_dates(text: str) -> list[re.Match[str]]:
    """The dates and year ranges written in digits in ``text`` (kept as they are by rollover)."""
    found = [m for rx in FIXED[:3] for m in rx.finditer(text)]
    return sorted(found, key=lambda m: m.start())


def relativize(text: str, year: int) -> str:
    """Write the free years ``year-1``, ``year``, ``year+1`` as placeholders."""
    names = {year - 1: "{year-1}", year: "{year}", year + 1: "{year+1}"}
    out, start = [], 0
    for m in free_years(text):
        name = names.get(int(m.group(1)))
        if name:
            out += [text[start : m.start()], name]
            start = m.end()
    return "".join(out) + text[start:]


def excerpt(text: str, m: re.Match[str], width: int = 40) -> str:
    a, b = max(m.start() - width, 0), min(m.end() + width, len(text))
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")
