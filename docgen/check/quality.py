"""Is a PDF's text layer good enough to check? A scan's OCR layer (garbled letters) or a PDF
whose Vietnamese letters come out as "?" would only produce confident false findings."""

from __future__ import annotations

import re

from docgen.reader.outline import DocOutline
from docgen.vi.match import strip_marks

# A Vietnamese syllable, tone marks stripped: onset, vowel nucleus, coda.
SYLLABLE = re.compile(
    r"^(?:NGH|NG|GH|GI|KH|NH|PH|QU|TH|TR|CH|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}"
    r"(?:NG|NH|CH|[CMNPT])?$"
)
WORD = re.compile(r"[^\W\d_]+")
QUESTION_IN_WORD = re.compile(r"[^\W\d_]\?|\?[^\W\d_]")
MIN_WORDS = 30
# Letters no Vietnamese text holds, which a wrong font map produces ("CØNG HOÀ", "CHæNGH").
# The decree's fixed words with their first letter lost ("- hư trên", "ơi nhận:", "ính gửi:"):
# the font's map drops some capitals, so every name and label in the text is damaged.
DROPPED = re.compile(r"(?:^|[\s\-–:])(?:hư trên|ơi nhận:|ính gửi:|ộc lập - )", re.MULTILINE)
ODD = "ØæÆøß¿¡¤¦¨ª¬®±²³µ¶·¸¹º¼½¾"
MAPPING = re.compile(rf"[{ODD}]\S*\s?\S*[{ODD}]")
MAX_BAD_SHARE = 0.25  # ordinary Vietnamese prose: under 5 % (names, abbreviations, English)
MAX_QUESTION_SHARE = 0.03


MIN_LETTERS = 100  # an image-only PDF may carry a stamp's few words ("SAO Y", a date)
REASONS = {
    "none": ("không có lớp chữ (bản quét?)", "no text layer (a scan?)"),
    "little": (
        "hầu như không có chữ (bản quét, chỉ có dấu sao y hoặc chữ ký số)",
        "almost no text (a scan carrying only a copy stamp or a signature)",
    ),
    "ocr": (
        "lớp chữ nhận dạng (OCR) bị lỗi, nhiều chữ không phải tiếng Việt",
        "a garbled OCR text layer: many words are not Vietnamese",
    ),
    "question-marks": (
        'chữ Việt bị trích thành "?" (phông không có bảng mã Unicode)',
        'Vietnamese letters extract as "?" (the font has no Unicode map)',
    ),
    "mapping": (
        "phông chữ ánh xạ sai (chữ trích ra khác chữ in)",
        "the fonts map letters wrongly (the extracted text differs from the printed page)",
    ),
}


def reason(why: str) -> dict[str, str]:
    vi, en = REASONS[why]
    return {"reason_vi": vi, "reason_en": en}


def unreliable(outline: DocOutline) -> str | None:
    """Why the text layer cannot be trusted (a key of ``REASONS``), or None."""
    text = "\n".join(b.text for b in outline.blocks)
    letters = sum(c.isalpha() for c in text)
    if letters == 0:
        return "none"
    if MAPPING.search(text) or DROPPED.search(text):
        return "mapping"
    tokens = text.split()
    if tokens and len(QUESTION_IN_WORD.findall(text)) / len(tokens) > MAX_QUESTION_SHARE:
        return "question-marks"
    if letters < MIN_LETTERS * max(len(outline.pdf_pages), 1) // 2 and "CỘNG" not in text.upper():
        return "little"
    # Lower-case words only: capitals hold abbreviations (UBND, QĐ-UBND) that are no syllable.
    words = [w for w in WORD.findall(text) if any(c.islower() for c in w)]
    if len(words) < MIN_WORDS:
        return None
    bad = sum(1 for w in words if not SYLLABLE.match(strip_marks(w)))
    return "ocr" if bad / len(words) > MAX_BAD_SHARE else None
