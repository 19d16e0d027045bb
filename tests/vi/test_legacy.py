"""TCVN3 and VNI round trips over the whole Vietnamese alphabet, both cases."""

from __future__ import annotations

import unicodedata

import pytest

from docgen.vi.legacy import (
    convertible,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    font_encoding,
)

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
UPPER = [ch.upper() for ch in LOWER]
SENTENCE = "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập - Tự do - Hạnh phúc; Nơi nhận: Lưu VT."


def test_the_alphabet_has_all_146_letters() -> None:
    # 12 vowels × 6 tones + đ, in each case
    assert len(set(LOWER)) == 73 and len(set(UPPER)) == 73


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip(letter: str) -> None:
    encoded = encode_vni(letter)
    assert encoded != letter or letter in "aeiouyAEIOUYíìÍÌ"  # VNI keeps í, ì as they are
    assert all(ord(ch) < 0x100 for ch in encoded)
    assert decode_vni(encoded) == letter


@pytest.mark.parametrize("letter", LOWER)
def test_tcvn3_round_trip_lower_case(letter: str) -> None:
    encoded, capitals = encode_tcvn3(letter)
    assert not capitals and len(encoded) == 1 and ord(encoded) < 0x100
    assert decode_tcvn3(encoded) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_capitals_go_through_the_capital_font(letter: str) -> None:
    encoded, capitals = encode_tcvn3(letter)
    toneless = letter in "AĂÂEÊIOÔƠUƯYĐ"
    assert capitals == (not toneless and not letter.isascii())
    assert decode_tcvn3(encoded, capitals=capitals) == letter


def test_known_byte_values() -> None:
    # domain.md §5.2/5.3: á = 0xB8, à = 0xB5, ả = 0xB6, ã = 0xB7, ạ = 0xB9, ă = 0xA8, â = 0xA9,
    # ê = 0xAA; VNI á = "aù", ấ = "aá", é = "eù", ê = "eâ", ă = "aê".
    assert decode_tcvn3("\xb8\xb5\xb6\xb7\xb9\xa8\xa9\xaa") == "áàảãạăâê"
    assert decode_vni("aù aá eù eâ aê") == "á ấ é ê ă"
    assert (
        decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )


def test_sentences_round_trip() -> None:
    assert decode_vni(encode_vni(SENTENCE)) == SENTENCE
    text, capitals = encode_tcvn3(SENTENCE.lower())
    assert decode_tcvn3(text, capitals=capitals) == SENTENCE.lower()
    caps, capitals = encode_tcvn3(SENTENCE.upper())
    assert capitals and decode_tcvn3(caps, capitals=True) == SENTENCE.upper()


def test_fonts_declare_the_encoding() -> None:
    assert font_encoding(".VnTime") == ("tcvn3", False)
    assert font_encoding(".VnTimeH") == ("tcvn3", True)
    assert font_encoding(".VnArial") == ("tcvn3", False)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") is None and font_encoding(None) is None


def test_unicode_vietnamese_is_not_legacy_text() -> None:
    assert not convertible("Cộng hòa", "tcvn3")
    assert convertible("Céng hoµ", "tcvn3") and convertible("Coäng hoøa", "vni")
