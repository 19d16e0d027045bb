"""The PDF word audits (docgen.check.cell_breaks, docgen.check.pdf_titles) over built documents."""

from __future__ import annotations

from pathlib import Path

from docgen.check import cell_breaks, pdf_titles
from docgen.errors import Problem


def audit(docs: list[tuple[Path, Path]]) -> dict[str, list[str]]:
    """Every finding of both audits over (docx, pdf) pairs, by file name."""
    found: dict[str, list[str]] = {}
    for docx, pdf in docs:
        problems: list[Problem] = (cell_breaks.check(docx, pdf) or []) + (
            pdf_titles.check(docx, pdf) or []
        )
        if problems:
            found[docx.name] = [f"{p.ref.place}: {p.message}" for p in problems]
    return found
