"""Where a Vietnamese line must not break: the spaces that become non-breaking (U+00A0).

Decree 30 text is justified and set in narrow columns; a line that starts with the "1" of
"Nội dung 1", ends with "ngày" before "05", or leaves "TM." at the end of a line reads as a
mistake. The rules:

- a label and its number: "Nội dung 1", "Điều 5", "Khoản 2", "Mục II", "ngày 05", "tháng 01",
  "năm 2024", "số 04/BB-CHKH", "Quận 10";
- a figure and the word after it: "145 suất", "8 điểm", "06 có" (not the day or month of a date,
  so "ngày 05 tháng 01 năm 2024" can still break between its parts);
- a school year: "2024 – 2025"; a dash never starts a line ("19 – 18": "19 –");
- an abbreviated title and the word after it: "TM. BAN CHẤP HÀNH", "KT. CHỦ TỊCH", "ThS. Lê";
- a short table value is one unit ("Xuất sắc", "Không đạt", "Trung bình"): ``short=True``;
- a title leaves no lone last word (the last breakable space of a title line): ``title=True``.

``positions`` gives the indices of the spaces to replace, so a caller can apply them to text
split over several runs of a Word paragraph (``docgen.render.typeset``).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# A label followed by its number (Arabic; Roman for the parts of a document).
_LABELS = (
    "nội dung",
    "điều",
    "khoản",
    "điểm",
    "mục",
    "chương",
    "phần",
    "phụ lục",
    "tiêu chí",
    "quận",
    "phường",
    "huyện",
    "xã",
    "thị trấn",
    "số",
    "số:",
    "ngày",
    "tháng",
    "năm",
    "năm học",
    "lớp",
    "khóa",
    "khoá",
    "trang",
    "tổ",
)
_NUMBER = r"\d+(?:[.,/]\d+)*%?"
_ROMAN = r"[IVXLC]+\b"
_LABEL = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in _LABELS) + r")( )(?=\d|" + _ROMAN + ")",
    re.IGNORECASE,
)
# a figure and the word after it; the number is not itself the number of a label
_FIGURE = re.compile(r"(?<![\w.,/–-])(" + _NUMBER + r")( )(?=[^\W\d_])")
_ANY_NUMBER = re.compile(r"\d|[IVXLC]\b")
_SPACE = re.compile(" ")
_YEARS = re.compile(r"\b\d{4}( )[–-]( )\d{4}\b")
_DASH = re.compile(r"\S( )[–—](?= )")
_ABBREVIATIONS = ("TM", "KT", "TL", "TUQ", "Q", "TS", "ThS", "GS", "PGS", "CN", "BS", "KS", "TP")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:" + "|".join(_ABBREVIATIONS) + r")\.( )(?=\w)",
)
_TWO_WORDS = re.compile(r"^[^\W\d_]+ [^\W\d_]+$")  # letters only: not a label "Nơi nhận:"
SHORT_VALUE = 12  # a table value of two words and at most this many characters is one unit


def positions(text: str, *, title: bool = False, short: bool = False) -> set[int]:
    """The indices of the spaces in ``text`` that must not break."""
    out: set[int] = set()
    if " " not in text:
        return out
    if _ANY_NUMBER.search(text):
        labelled: set[int] = set()  # where a label's number starts
        for m in _LABEL.finditer(text):
            out.add(m.start(1))
            labelled.add(m.end(1))
        for m in _FIGURE.finditer(text):
            # a label's number ("Quận 10 xem xét", the day and month of "ngày 05 tháng 01")
            # stays with its label, not with the word after it
            if m.start(1) not in labelled:
                out.add(m.start(2))
        for m in _YEARS.finditer(text):
            out.update((m.start(1), m.start(2)))
    if "–" in text or "—" in text:
        out.update(m.start(1) for m in _DASH.finditer(text))
    if ". " in text:
        out.update(m.start(1) for m in _ABBREVIATION.finditer(text))
    if short and len(text.strip()) <= SHORT_VALUE and _TWO_WORDS.match(text.strip()):
        out.add(text.index(" ", len(text) - len(text.lstrip())))
    if title:
        end = len(text.rstrip())
        start = len(text) - len(text.lstrip())
        free = [m.start() for m in _SPACE.finditer(text, start, end) if m.start() not in out]
        # the last break leaves one word alone: bind it, keeping at least one break
        if len(free) >= 2 and not any(j > free[-1] for j in out):
            out.add(free[-1])
    return out


def bind(text: str, *, title: bool = False, short: bool = False) -> str:
    """``text`` with non-breaking spaces where a line must not break."""
    chars = list(text)
    for i in positions(text, title=title, short=short):
        chars[i] = NBSP
    return "".join(chars)
