"""Edit a paragraph's text as the reader sees it ("ngày 5 tháng 01…" across any number of runs)
while every run keeps its own formatting: the replacement goes into the run where the matched
text starts, and the rest of the match is removed from the runs it spanned."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from docgen.fix.xml import XML_SPACE
from docgen.reader.docx import SKIP, own_runs
from docgen.reader.styles import w

_OTHER = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


@dataclass
class Piece:
    node: etree._Element | None  # a w:t, or None for a tab or a break (not editable)
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def pieces(p: etree._Element) -> list[Piece]:
    out: list[Piece] = []
    pos = 0

    def walk(el: etree._Element) -> None:
        nonlocal pos
        for ch in el:
            if not isinstance(ch.tag, str) or ch.tag in SKIP:
                continue
            if ch.tag == w("t"):
                out.append(Piece(ch, pos, ch.text or ""))
                pos += len(ch.text or "")
            elif ch.tag in _OTHER:
                out.append(Piece(None, pos, _OTHER[ch.tag]))
                pos += 1
            else:
                walk(ch)

    for r in own_runs(p):
        walk(r)
    return out


def text(p: etree._Element) -> str:
    return "".join(piece.text for piece in pieces(p))


def _set(node: etree._Element, value: str) -> None:
    node.text = value
    if value != value.strip():
        node.set(XML_SPACE, "preserve")


def replace(p: etree._Element, start: int, end: int, new: str) -> bool:
    """Replace characters ``start:end`` of the paragraph's text by ``new``; False (nothing done)
    when the span crosses a tab or a line break."""
    ps = pieces(p)
    if start == end:  # an insertion: into the text piece that ends or starts there
        host = next((x for x in ps if x.node is not None and x.start < start <= x.end), None)
        host = host or next((x for x in ps if x.node is not None and x.start == start), None)
        if host is None or host.node is None:
            return False
        k = start - host.start
        _set(host.node, host.text[:k] + new + host.text[k:])
        return True
    hit = [x for x in ps if x.start < end and x.end > start]
    if not hit or any(x.node is None for x in hit):
        return False
    first, last = hit[0], hit[-1]
    for x in hit:
        assert x.node is not None
        head = x.text[: max(start - x.start, 0)]
        tail = x.text[end - x.start :] if x is last else ""
        _set(x.node, head + (new if x is first else "") + tail)
    return True


def set_text(p: etree._Element, new: str) -> bool:
    """Replace the whole text of ``p`` (the first run keeps its formatting)."""
    return replace(p, 0, len(text(p)), new)
