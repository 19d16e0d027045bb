"""Fields a signed-ready plan needs, and the DỰ THẢO build that shows the ones still empty.

Which fields must be (re)filled is stated by the content, not guessed:

- the plan's own ``number`` and ``date`` (ô 3, ô 4) — new for every document;
- ``number`` of every reference, and ``date`` of every reference marked ``renew: true`` (an act
  issued anew each year, such as the district's plan for the year; ``docgen rollover`` clears
  both for the new year);
- once the year has scores, the summary's ``date`` in ``scoring.yaml`` (ô 4 of the phiếu and the
  bảng tổng hợp; ``docgen rollover`` clears it too). A year without scores does not need it.

``docgen build`` refuses a plan with any of them empty and lists them (file:line, field);
``docgen build --draft`` builds anyway: the document carries "DỰ THẢO" and every missing value
appears as a yellow-highlighted ``[cần điền: …]``.
"""

from __future__ import annotations

import copy
import dataclasses
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.run import Run

from docgen.content import Content
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr
from docgen.models import Plan
from docgen.prose import TODO
from docgen.render import normalize_zip
from docgen.yamlsrc import field_path, load_yaml, locate


def missing_fields(content: Content) -> list[Problem]:
    """Every required field still empty in the year's plan, located in plan.yaml."""
    path = content.year_dir / "plan.yaml"
    return missing_in(content.plan, path, load_yaml(path))


def missing_in(plan: Plan, path: Path, data: Any) -> list[Problem]:
    """Every required field still empty in ``plan`` (parsed from ``data``, read from ``path``)."""
    out: list[Problem] = []

    def add(loc: tuple[str, ...], vi: str, en: str) -> None:
        line, col = locate(data, loc)
        out.append(Problem(SourceRef(path, line, col, field_path(loc)),
                           tr("cần điền {x}", "to fill: {x}", x=tr(vi, en))))

    if plan.number is None:
        add(("number",), "số văn bản (ô 3)", "document number (box 3)")
    if plan.date is None:
        add(("date",), "ngày ban hành (ô 4)", "date of issue (box 4)")
    for key, ref in plan.references.items():
        if not ref.number:
            add(("references", key, "number"), f"số của {ref.kind} '{key}'",
                f"number of the {ref.kind} '{key}'")
        if ref.renew and ref.date is None:
            add(("references", key, "date"), f"ngày của {ref.kind} '{key}'",
                f"date of the {ref.kind} '{key}'")
    return out


def gate(content: Content, *, draft: bool) -> Content:
    """Refuse a final build with empty required fields; mark a draft build as such."""
    from docgen.scoring.scheme import missing_date  # scoring imports content, not this module

    missing = missing_fields(content)
    scoring = missing_date(content)
    if (missing or scoring) and not draft:
        what = tr("Kế hoạch năm {y}", "The {y} plan", y=content.year) if not scoring else tr(
            "Nội dung năm {y}", "The {y} content", y=content.year)
        raise ContentError(tr(
            "{w} còn {n} trường cần điền; điền rồi tạo lại, hoặc dùng --draft để "
            "tạo bản dự thảo", "{w} has {n} fields to fill; fill them and build again, "
            "or use --draft to build a draft", w=what, n=len(missing) + len(scoring)),
            missing + scoring)
    return dataclasses.replace(content, draft=True) if draft else content


def highlight_todo(docx: Path) -> int:
    """Give every ``[cần điền: …]`` in ``docx`` its own yellow-highlighted run; return the count."""
    doc = Document(str(docx))
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.header._element, section.first_page_header._element]
    count = 0
    for part in parts:
        for r in list(part.iter(qn("w:r"))):
            text = Run(r, None).text
            if not TODO.search(text):
                continue
            for piece in _pieces(text):
                new = copy.deepcopy(r)
                run = Run(new, None)
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
            out.append(text[start:m.start()])
        out.append(m.group(0))
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out
