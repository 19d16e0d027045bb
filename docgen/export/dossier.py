"""The dossier as one file: a merged PDF (bookmarks, page labels, metadata) and a .zip of the
editable .docx files, both listed in manifest.json. Runs after the batch PDF export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.content.load import Content
from docgen.export import cache, manifest
from docgen.files import zip_bytes

if TYPE_CHECKING:
    from docgen.render.job import BuiltDoc

KINDS = ("dossier-totrinh", "dossier-danhsach", "dossier-bienban", "dossier-baocao")
# Bookmark title and page-label prefix of each document (each document is numbered from 1).
LABELS = {
    "dossier-totrinh": ("Tờ trình đề nghị khen thưởng", "TTr-"),
    "dossier-danhsach": ("Phụ lục: Danh sách đề nghị khen thưởng", "PL-"),
    "dossier-bienban": ("Biên bản họp xét thi đua, khen thưởng", "BB-"),
}
REPORTS = "Báo cáo thành tích"


def dossier_docs(built: list[BuiltDoc]) -> list[BuiltDoc]:
    """The dossier's documents in dossier order: tờ trình, danh sách, biên bản, reports."""
    docs = [d for d in built if d.job.kind in KINDS]
    return sorted(docs, key=lambda d: (KINDS.index(d.job.kind), d.job.meta.get("order", 0)))


def merge_pdf(docs: list[BuiltDoc], target: Path, title: str, author: str) -> int:
    """Write the merged PDF; return its page count."""
    from pypdf import PdfReader, PdfWriter  # only when the merged PDF is made (not cached)
    from pypdf.constants import PageLabelStyle

    writer = PdfWriter()
    reports_parent = None
    for d in docs:
        assert d.pdf is not None
        start = len(writer.pages)
        writer.append(PdfReader(str(d.pdf)), import_outline=False)
        end = len(writer.pages) - 1
        if d.job.kind == "dossier-baocao":
            order = int(d.job.meta["order"])
            if reports_parent is None:
                reports_parent = writer.add_outline_item(title=REPORTS, page_number=start)
            writer.add_outline_item(
                title=f"{order}. {d.job.meta['candidate']}",
                page_number=start,
                parent=reports_parent,
            )
            prefix = f"BC{order:02d}-"
        else:
            name, prefix = LABELS[d.job.kind]
            writer.add_outline_item(title=name, page_number=start)
        writer.set_page_label(start, end, style=PageLabelStyle.DECIMAL, prefix=prefix, start=1)
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": author,
            "/Subject": title,
            "/Creator": "docgen",
            "/Producer": "docgen (pypdf)",
        }
    )
    writer.page_mode = "/UseOutlines"
    with target.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def zip_docx(docs: list[BuiltDoc], root: Path, target: Path) -> None:
    """A deterministic .zip of the .docx files (fixed timestamps, dossier order)."""
    target.write_bytes(
        zip_bytes((d.docx.relative_to(root).as_posix(), d.docx.read_bytes()) for d in docs)
    )


def assemble(
    content: Content, staging: Path, built: list[BuiltDoc], pdf: bool
) -> list[manifest.Entry]:
    docs = dossier_docs(built)
    if not docs:
        return []
    chapter = content.org.chapter
    author = chapter.name if chapter else content.org.name
    title = f"Hồ sơ đề nghị khen thưởng năm {content.year}"
    stem = f"ho-so-khen-thuong-{content.year}"
    meta = {
        "title": title,
        "author": author,
        "documents": [d.docx.relative_to(staging).as_posix() for d in docs],
        "candidates": [d.job.meta["candidate"] for d in docs if d.job.kind == "dossier-baocao"],
    }
    entries = []
    zpath = staging / f"{stem}.zip"
    zip_docx(docs, staging, zpath)
    entries.append(manifest.entry("dossier", zpath, staging, None, meta))
    if pdf and all(d.pdf is not None for d in docs):
        ppath = staging / f"{stem}.pdf"
        inputs = [d.pdf for d in docs if d.pdf is not None]
        extra = json.dumps([meta, [(d.job.kind, d.job.meta) for d in docs]], ensure_ascii=False)
        pages = cache.derived(ppath, inputs, extra, lambda: merge_pdf(docs, ppath, title, author))
        entries.append(manifest.entry("dossier", ppath, staging, pages, meta))
    return entries
