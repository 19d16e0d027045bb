"""Draft marks in a rendered .docx: each ``[cần điền: …]`` highlighted yellow."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.run import Run
from docx.types import ProvidesStoryPart

from docgen.content.prose import TODO
from docgen.render.engine import normalize_zip


def highlight_todo(docx: Path) -> int:
    """Give every ``[cần điền: …]`` in ``docx`` its own yellow-highlighted run; return the count."""
    doc = Document(str(docx))
    # (element, the story it belongs to): a Run is bound to its story's part
    parts: list[tuple[Any, ProvidesStoryPart]] = [(doc.element.body, doc)]
    for section in doc.sections:
        parts += [
            (section.header._element, section.header),
            (section.first_page_header._element, section.first_page_header),
        ]
    count = 0
    for part, story in parts:
        for r in list(part.iter(qn("w:r"))):
            text = Run(r, story).text
            if not TODO.search(text):
                continue
            for piece in _pieces(text):
                new = copy.deepcopy(r)
                run = Run(new, story)
                run.text = piece
                if TODO.fullmatch(piece):
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                    count += 1
                r.addprevious(new)
            r.getparent().remove(r)
    buf = io.BytesIO()
    doc.save(buf)
    docx.write_bytes(normalize_zip(buf.getvalue()))
    return count


def _pieces(text: str) -> list[str]:
    """``text`` cut into plain pieces and ``[cần điền: …]`` marks, in order."""
    out, start = [], 0
    for m in TODO.finditer(text):
        if m.start() > start:
            out.append(text[start : m.start()])
        out.append(m.group(0))
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out
