"""vi.text.is_syllable and vi.legacy.already_unicode / legacy_bytes (issue 18 helpers)."""

from __future__ import annotations

import pytest

from docgen.vi.legacy import already_unicode, encode_tcvn3, legacy_bytes
from docgen.vi.text import is_syllable


@pytest.mark.parametrize(
    "word", ["Nguyễn", "Thúy", "đường", "Huỳnh", "nghiêng", "Quảng", "khuyến", "Trịnh", "gì"]
)
def test_vietnamese_syllables(word: str) -> None:
    assert is_syllable(word) and is_syllable(word.upper())


@pytest.mark.parametrize("word", ["hoµ", "STT", "Nguyễến", "abcde", "Ng5"])
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_unicode_under_a_legacy_font_and_legacy_bytes() -> None:
    assert already_unicode("Nguyễn Ngọc Anh") and not legacy_bytes("Nguyễn Ngọc Anh")
    tcvn3, _ = encode_tcvn3("Cộng hòa xã hội")
    assert legacy_bytes(tcvn3) and not already_unicode(tcvn3)
    assert not already_unicode("CHUYÊN")  # letters both encodings share: not evidence
    assert not already_unicode("Nguyễn ¸")  # a Unicode letter beside a TCVN3 byte: mixed
