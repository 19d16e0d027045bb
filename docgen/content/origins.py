"""Where a generated paragraph came from: a document's content values as they are printed
(placeholders expanded), each with its place in the YAML file.

The build's own Decree 30 check reads the generated .docx, so a finding names a paragraph of
that document (``ke-hoach-2024.docx:¶5``); the user fixes it in the content file. Each
document's producer (documents/) gives its RenderJob these origins, made only when asked, and
the pipeline's check stage looks a finding's paragraph text up here to name the line too
("… (từ content/2024/plan.yaml:60, phần mở đầu, đoạn 1)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, partial
from pathlib import Path
from typing import Any

from docgen.content.load import iter_strings
from docgen.content.source import source_ref
from docgen.errors import SourceRef
from docgen.vi import text as vntext

# A content value shorter than this is not distinctive enough to name a paragraph ("Lưu: VT").
MIN_TEXT = 16
# A paragraph is attributed to a value only when they share a run of at least this share of the
# paragraph's text shown in the finding (template words around a short value do not count).
MIN_SHARE = 0.5
# Values that templates may print in capitals (a section's title as its heading, an award).
UPPER = ("title", "award")


def _norm(text: str) -> str:
    return " ".join(vntext.nfc(text).split()).removeprefix("- ")


@dataclass(frozen=True)
class Origins:
    """The printed content values of one document, and the acts it cites by number."""

    texts: tuple[tuple[str, SourceRef], ...] = ()  # printed text (normalised) -> where
    terms: tuple[tuple[str, SourceRef], ...] = ()  # a cited act's number -> its reference

    def find(self, excerpt: str, message: str = "") -> tuple[SourceRef, ...]:
        """The content value a finding's paragraph (``excerpt``: its text as the checker shows
        it, maybe cut) was printed from; then each cited act the ``message`` names by number."""
        found: list[SourceRef] = []
        shown = _norm(excerpt)
        best: tuple[int, int, SourceRef] | None = None
        if len(shown) >= MIN_TEXT:
            for text, ref in self.texts:
                if shown in text or text in shown:
                    size = min(len(shown), len(text))
                else:  # the excerpt is cut, and starts with template words ("1. ", "Nội dung 2:")
                    size = (
                        SequenceMatcher(None, shown, text, autojunk=False)
                        .find_longest_match(0, len(shown), 0, len(text))
                        .size
                    )
                if size < MIN_TEXT or size < MIN_SHARE * len(shown):
                    continue
                if best is None or (size, -len(text)) > (best[0], -best[1]):
                    best = (size, len(text), ref)
        if best is not None:
            found.append(best[2])
        for term, ref in self.terms:
            if term in message and ref not in found:
                found.append(ref)
        return tuple(found)

    def __add__(self, other: Origins) -> Origins:
        return Origins(self.texts + other.texts, self.terms + other.terms)


def lazy(make: Callable[..., Origins], *args: Any) -> Callable[[], Origins]:
    """``make(*args)`` the first time it is asked for, then the same origins: a document's
    origins are needed only when its check finds something, so most builds never make them."""
    return cache(partial(make, *args))


def from_yaml(path: Path | str, data: Any, expand: Callable[[str], str]) -> Origins:
    """The origins of a document printed from the YAML ``data`` read from ``path``: every
    string value as ``expand`` prints it, and each act of ``references`` by its number."""
    texts: list[tuple[str, SourceRef]] = []
    for loc, raw in iter_strings(data):
        if loc and loc[0] == "references":
            continue
        try:
            printed = expand(raw)
        except (KeyError, ValueError):  # a value the document does not print as prose
            printed = raw
        text = _norm(printed)
        if len(text) >= MIN_TEXT:
            ref = source_ref(path, data, loc)
            texts.append((text, ref))
            if loc[-1] in UPPER:
                texts.append((text.upper(), ref))
    terms: list[tuple[str, SourceRef]] = []
    refs = data.get("references") if isinstance(data, dict) else None
    if isinstance(refs, dict):
        for key, ref in refs.items():
            number = ref.get("number") if isinstance(ref, dict) else None
            if isinstance(number, str) and len(number.strip()) >= 4:
                terms.append((number.strip(), source_ref(path, data, ("references", key))))
    return Origins(tuple(texts), tuple(terms))
