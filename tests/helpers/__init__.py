"""Shared test helpers: repository paths, reading generated documents, LibreOffice marks.

Tests import these from here (never from conftest, which only declares fixtures)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from docx import Document

from docgen.vi.typeset import NBSP

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"  # the school Chi hội's set: plan, self-assessment, dossier
# the district Hội's set: it scores every Chi hội (evaluation sheets, results notice + summary)
DISTRICT = REPO / "examples" / "hoi-khuyen-hoc-quan-10"
TEMPLATES = REPO / "templates_docx"
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None

T = TypeVar("T", bound=Callable[..., object])


def needs_soffice(test: T) -> T:
    """A test that runs LibreOffice: marked ``slow`` (still run in CI), skipped without soffice."""
    skip = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) not installed")
    return pytest.mark.slow(skip(test))


def plain(text: str) -> str:
    """Text as a reader sees it: the render stage's non-breaking spaces are spaces."""
    return text.replace(NBSP, " ")


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx, body and tables, in document order, one line each; the
    non-breaking spaces of the render stage read as spaces (tests/render/test_typeset.py
    asserts where they are)."""
    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
        else:
            lines.append(block.text)
    return "\n".join(lines).replace(NBSP, " ")


def pdftotext(path: Path) -> str:
    """The PDF's text laid out; non-breaking spaces read as spaces (as in ``docx_text``)."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace(NBSP, " ")
