"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI-Windows) to Unicode and back.

A legacy document stores its letters as Windows-1252 characters that only a legacy font (.VnTime,
VNI-Times) draws as Vietnamese: "Céng hoµ" is "Cộng hoà" in .VnTime. Conversion is decided by the
font a run is set in, never guessed from the text alone; a run whose characters do not all belong
to its font's encoding is not converted (see ``convertible``).

- TCVN3 (TCVN 5712:1993, "ABC"): one byte a letter. Lower-case letters sit at 0xA8–0xFE; the
  regular fonts (.VnTime) have capitals only for the letters without a tone mark (Ă Â Ê Ô Ơ Ư Đ
  at 0xA1–0xA7); the capital fonts (.VnTimeH) draw the lower-case codes as capitals.
- VNI-Windows: a base letter followed by one mark character ("aù" = á, "oâ" = ô, "ôù" = ớ); a
  few letters have one character of their own (ñ = đ, ö = ư, ô = ơ, í ì æ ó ò = í ì ỉ ĩ ị, î = ỵ).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

from docgen.vi.text import VI_LATIN1

Encoding = Literal["tcvn3", "vni"]

# TCVN3 code -> Unicode letter (lower case, plus the toneless capitals).
_TCVN3_LOWER = {
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_CAPS = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}

# VNI: Unicode base letter + mark character -> letter. Marks are given for lower case; the
# upper-case mark is the upper-case Windows-1252 character (ù -> Ù).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# circumflex/breve combined with a tone, and the bare circumflex/breve
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "ñ": "đ", "ö": "ư", "ô": "ơ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


@cache
def _vni_table() -> dict[str, str]:
    """VNI sequence -> Unicode letter, both cases."""
    lower: dict[str, str] = {}
    for base in "aeiouy":
        for mark, tone in _VNI_TONES.items():
            lower[base + mark] = _compose(base, tone)
    for base in "aeo":
        for mark, tone in _VNI_HAT.items():
            lower[base + mark] = _compose(base, "\u0302", tone)
    for mark, tone in _VNI_BREVE.items():
        lower["a" + mark] = _compose("a", "\u0306", tone)
    for base in ("ô", "ö"):  # ơ and ư take the five tone marks
        for mark, tone in _VNI_TONES.items():
            lower[base + mark] = _compose(_VNI_SINGLE[base], tone)
    lower.update(_VNI_SINGLE)
    table = dict(lower)
    for seq, letter in lower.items():
        table[seq.upper()] = letter.upper()
    # "i" and "y" with a tone use their single characters in VNI, not i + mark: í ì æ ó ò, î
    for seq in ("iù", "iø", "iû", "iõ", "iï", "yï"):
        del table[seq], table[seq.upper()]
    return table


@cache
def _vni_pattern() -> re.Pattern[str]:
    seqs = sorted(_vni_table(), key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in seqs))


def decode_vni(text: str) -> str:
    """VNI-Windows text (as read from the .docx) -> Unicode (NFC)."""
    table = _vni_table()
    return _vni_pattern().sub(lambda m: table[m.group(0)], text)


@cache
def _vni_encode_table() -> dict[str, str]:
    return {letter: seq for seq, letter in _vni_table().items()}


def encode_vni(text: str) -> str:
    """Unicode -> VNI-Windows (the inverse of ``decode_vni``; for tests and round trips)."""
    table = _vni_encode_table()
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@cache
def _tcvn3_decode_table() -> dict[str, str]:
    table = {chr(code): letter for code, letter in _TCVN3_LOWER.items()}
    table.update({chr(code): letter for code, letter in _TCVN3_CAPS.items()})
    return table


def decode_tcvn3(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text -> Unicode. ``capitals``: the run is set in a capital font (.VnTimeH), which
    draws every letter as a capital."""
    table = _tcvn3_decode_table()
    out = "".join(table.get(ch, ch) for ch in text)
    return out.upper() if capitals else out


def encode_tcvn3(text: str) -> tuple[str, bool]:
    """Unicode -> (TCVN3 text, needs a capital font). Text with accented capitals can only be
    written in a capital font, so it is encoded in lower case with ``True``."""
    inverse = {letter: ch for ch, letter in _tcvn3_decode_table().items()}
    text = unicodedata.normalize("NFC", text)
    capitals = any(ch.isupper() and ch not in inverse and ch.lower() in inverse for ch in text)
    source = text.lower() if capitals else text
    return "".join(inverse.get(ch, ch) for ch in source), capitals


def font_encoding(font: str | None) -> tuple[Encoding, bool] | None:
    """The legacy encoding a font name declares, and whether it is a capital (…H) font."""
    if not font:
        return None
    name = font.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.rstrip().upper().endswith("H")
    if name.upper().startswith("VNI-"):
        return "vni", False
    return None


_UNICODE_VI = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)


def convertible(text: str, encoding: Encoding) -> bool:
    """True when every character of ``text`` can be a character of ``encoding``: plain ASCII or
    the Windows-1252 range the legacy fonts use, and no Unicode Vietnamese letter (a run that
    already holds "ế" is not legacy text, whatever its font says)."""
    if _UNICODE_VI.search(text):
        return False
    return all(ord(ch) < 0x100 or ch in "\u2013\u2014\u2018\u2019\u201c\u201d\u2026" for ch in text)


def already_unicode(text: str) -> bool:
    """True when ``text`` is Unicode Vietnamese that only its font calls legacy: it holds a
    letter no legacy encoding has ("ế", "ư", "Đ"…) and no legacy byte beside it."""
    return bool(_UNICODE_VI.search(text)) and not legacy_bytes(text)


def legacy_bytes(text: str) -> bool:
    """True when ``text`` holds a character only legacy-encoded text has: from 0x80-0xFF and not
    a Latin-1 letter Vietnamese uses as it is (TCVN3's "¸" for á, "µ" for à, "®" for đ…)."""
    return any(0x80 <= ord(ch) < 0x100 and ch not in VI_LATIN1 for ch in text)
