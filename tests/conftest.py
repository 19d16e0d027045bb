"""Shared fixtures. The full 2024 build (with PDFs) runs once per session and is shared, so the
suite starts LibreOffice once instead of once per test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from docgen.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
TEMPLATES = REPO / "templates_docx"
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="session", autouse=True)
def _repo_output_untouched() -> object:
    """Tests write to temporary folders only: the repository's output/ must not change."""

    def listing() -> dict[str, int]:
        out = REPO / "output"
        return (
            {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")}
            if out.is_dir()
            else {}
        )

    before = listing()
    yield
    assert listing() == before, "a test wrote into the repository's output/ folder"


@pytest.fixture(autouse=True)
def _vietnamese_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see Vietnamese messages unless they ask for English."""
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    from docgen import i18n

    i18n.set_lang(None)


@pytest.fixture(scope="session")
def built_2024(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``docgen build`` of the shipped 2024 content, with PDFs when LibreOffice is present."""
    out = tmp_path_factory.mktemp("output")
    return build(
        BuildOptions(content=CONTENT, out=out, templates=TEMPLATES, year=2024, pdf=HAS_SOFFICE)
    )


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst)
    return dst


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx, body and tables, in document order, one line each."""
    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
