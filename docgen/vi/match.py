"""Text helpers for the checker: folding for label matching, and Vietnamese date patterns."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from docgen.vi.text import fold_marks

# Old ("hoà", "uỷ") and new ("hòa", "ủy") tone placement are both in use (PL I; domain §1.12):
# fold the old style onto the new one before matching labels.
_TONE_PAIRS = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
# Only at the end of a syllable: "hoà" = "hòa", but "hoạch" keeps its (only) spelling.
_TONE_RE = re.compile(
    "(?:"
    + "|".join(
        list(_TONE_PAIRS)
        + [k.upper() for k in _TONE_PAIRS]
        + [k[0].upper() + k[1:] for k in _TONE_PAIRS]
    )
    + r")(?![^\W\d_])"
)
_SPACE_RE = re.compile(r"\s+")


def fold_tone(text: str) -> str:
    return _TONE_RE.sub(lambda m: _fix_tone(m.group(0)), text)


def _fix_tone(s: str) -> str:
    new = _TONE_PAIRS[s.lower()]
    return "".join(c.upper() if o.isupper() else c for o, c in zip(s, new, strict=True))


def fold(text: str) -> str:
    """NFC, old tone placement folded, upper case, single spaces: for matching labels."""
    return _SPACE_RE.sub(" ", fold_tone(unicodedata.normalize("NFC", text))).strip().upper()


def strip_marks(text: str) -> str:
    """Upper-case ASCII skeleton ("CỘNG HÒA" -> "CONG HOA") to find misspelt labels."""
    return _SPACE_RE.sub(" ", fold_marks(text)).strip().upper()


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def pattern(expr: str) -> re.Pattern[str]:
    """Compile a rules-file pattern to match folded text (case-insensitive, tone-folded)."""
    return re.compile(fold_tone(unicodedata.normalize("NFC", expr)), re.IGNORECASE)


WORD_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
NUM_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/])")
BLANK_DATE = re.compile(r"ngày\s*(?:[.…_ ]*)\s*tháng\s*(?:[.…_ ]*)\s*năm", re.IGNORECASE)


def make_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def zero_padding_ok(day: str, month: str) -> tuple[bool, bool]:
    """(required zeros present, no superfluous zero) for a Decree 30 date (PL I, II.4.b)."""
    d, m = int(day), int(month)
    required = not ((d < 10 and len(day) < 2) or (m <= 2 and len(month) < 2))
    no_extra = not (m > 2 and month.startswith("0"))
    return required, no_extra
