"""Vietnamese text hygiene: NFC, diacritic folding and slugs, and detection of legacy 8-bit
encodings (TCVN3, VNI).

Shared by the content loader (which refuses legacy text) and the checker (which reports it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Encoding = Literal["tcvn3", "vni"]
_WORD_RE = re.compile(r"[a-z0-9]+")

# Letters Vietnamese really uses in the Latin-1 block; every other Latin-1 letter or symbol
# inside a word is a trace of TCVN3 (.VnTime) bytes read as Unicode, e.g. "Céng hoµ".
VI_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_TCVN3_MARKS = set("¸µ¶·¹¨©ª«¬®¯°±²³´½¾ÆÇËÎÏÐÑ×ØÛÜÞßåæçëîïñö÷øûüþÿ¡¢£¤¥¦§¼")
_TCVN3_RE = re.compile(
    r"[A-Za-z][" + re.escape("".join(sorted(_TCVN3_MARKS))) + r"]|"
    r"[" + re.escape("".join(sorted(_TCVN3_MARKS))) + r"][A-Za-z]"
)
# VNI-Windows stores a base vowel then mark bytes: á = "aù", à = "aø", ả = "aû", ạ = "aï",
# â = "aâ", ê = "eâ", ư = "ö", đ = "ñ". No Vietnamese word has a vowel followed by these.
_VNI_RE = re.compile(
    r"[aeiouyAEIOUY][ùøûõïÙØÛÕÏ]|[aeoAEO][âêÂÊ][a-zA-Z]?|[a-zA-Z][öñÖÑ]|[öñÖÑ][a-zA-Z]"
)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_marks(text: str) -> str:
    """Vietnamese letters without their marks: ``Đồng Khởi`` -> ``Dong Khoi`` (đ -> d;
    compatibility forms unfolded, NFKD). The one diacritic folding: slugs, keys, label skeletons."""
    t = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Lower-case ASCII words joined by ``-``: ``Nguyễn Thị Lan`` -> ``nguyen-thi-lan``."""
    return "-".join(_WORD_RE.findall(fold_marks(text).lower()))


def stray_combining(text: str) -> bool:
    """True when combining marks survive NFC (e.g. a tone mark on a letter that takes none)."""
    return any(unicodedata.combining(ch) for ch in nfc(text))


def legacy_encoding(text: str) -> Encoding | None:
    """Guess whether ``text`` is TCVN3 or VNI bytes shown as Unicode; None when it looks clean."""
    vni = len(_VNI_RE.findall(text))
    tcvn = len(_TCVN3_RE.findall(text))
    if max(vni, tcvn) < 2:
        return None
    return "vni" if vni >= tcvn else "tcvn3"


ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC, .VnTime)", "vni": "VNI (VNI-Times)"}


# A Vietnamese syllable: onset, vowel nucleus (with its glide), coda; tones taken off first.
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def is_syllable(word: str) -> bool:
    """True when ``word`` is written as one Vietnamese syllable: at most one tone mark, the
    letters of the alphabet in the order onset-vowels-coda ("Nguyễn", "Thúy", "đường"; not
    "hoµ" or "STT"). A check of form, not a dictionary: "Céng" passes."""
    parts = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in parts) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    return bool(_SYLLABLE_RE.match(base))
