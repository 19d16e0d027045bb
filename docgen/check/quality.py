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
MAX_BAD_SHARE = 0.25  # ordinary Vietnamese prose: under 5 % (names, abbreviations, English)
MAX_QUESTION_SHARE = 0.03


def unreliable(outline: DocOutline) -> str | None:
    """Why the text layer cannot be trusted ("ocr", "question-marks"), or None."""
    text = "\n".join(b.text for b in outline.blocks)
    tokens = text.split()
    if tokens and len(QUESTION_IN_WORD.findall(text)) / len(tokens) > MAX_QUESTION_SHARE:
        return "question-marks"
    # Lower-case words only: capitals hold abbreviations (UBND, QĐ-UBND) that are no syllable.
    words = [w for w in WORD.findall(text) if any(c.islower() for c in w)]
    if len(words) < MIN_WORDS:
        return None
    bad = sum(1 for w in words if not SYLLABLE.match(strip_marks(w)))
    return "ocr" if bad / len(words) > MAX_BAD_SHARE else None
