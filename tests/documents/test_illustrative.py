"""Content marked ``illustrative: true`` (invented names, figures and decision numbers) prints a
visible "DỮ LIỆU MINH HỌA" on every page, so nobody sends it by mistake; real content does not."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from pypdf import PdfReader

from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import TEMPLATES, needs_soffice

MARK = "DỮ LIỆU MINH HỌA"


@needs_soffice
def test_every_page_of_the_shipped_build_carries_the_mark(built_2024: BuildResult) -> None:
    pdfs = [built_2024.out_dir / e.path for e in built_2024.entries if e.format == "pdf"]
    assert len(pdfs) >= 10
    pages = 0
    for pdf in pdfs:
        for i, page in enumerate(PdfReader(str(pdf)).pages, start=1):
            pages += 1
            assert MARK in page.extract_text(), f"{pdf.name} page {i}"
    assert pages > len(pdfs)  # multi-page documents carry it on their later pages too


def test_real_content_has_no_mark(content_copy: Path, tmp_path: Path) -> None:
    org = content_copy / "org.yaml"
    text = org.read_text(encoding="utf-8")
    assert "illustrative: true\n" in text
    org.write_text(text.replace("illustrative: true\n", ""), encoding="utf-8")
    result = build(BuildOptions(content=content_copy, out=tmp_path, templates=TEMPLATES, pdf=False))
    docs = [result.out_dir / e.path for e in result.entries if e.format == "docx"]
    assert docs
    for path in docs:
        doc = Document(str(path))
        footers = [
            p.text
            for s in doc.sections
            for f in (s.footer, s.first_page_footer)
            for p in f.paragraphs
        ]
        assert MARK not in " ".join(footers), path.name
