"""PDF export: .docx files -> PDFs with LibreOffice headless, one process per batch.

LibreOffice costs about a second to start; converting a whole batch in one process (or one per
core, each with its own profile) is what makes a district run fast.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from docgen.errors import ExportError
from docgen.i18n import tr

INSTALL_HINT_VI = "cài LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"
INSTALL_HINT_EN = "install LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_soffice_message() -> str:
    return tr("Không tìm thấy LibreOffice (soffice) nên không tạo PDF; " + INSTALL_HINT_VI,
              "LibreOffice (soffice) not found, so no PDF was made; " + INSTALL_HINT_EN)


def _chunks(items: Sequence[Path], n: int) -> list[list[Path]]:
    return [list(items[i::n]) for i in range(n) if items[i::n]]


def convert(docx_files: Sequence[Path], outdir: Path, *, workers: int | None = None,
            timeout: float = 900) -> list[Path]:
    """Convert every file to PDF in ``outdir``; one soffice process per worker, never per file."""
    if not docx_files:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise ExportError(missing_soffice_message())
    if workers is None:
        workers = 1 if len(docx_files) < 8 else max(1, min(os.cpu_count() or 1, 4))
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as tmp:
        procs = []
        for i, chunk in enumerate(_chunks(list(docx_files), workers)):
            profile = Path(tmp) / f"profile-{i}"
            cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                   "--outdir", str(outdir), *map(str, chunk)]
            procs.append((cmd, subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE, text=True)))
        for cmd, proc in procs:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                for _, p in procs:
                    p.kill()
                raise ExportError(tr("LibreOffice quá {s} giây, đã dừng",
                                     "LibreOffice took over {s} s and was stopped", s=timeout)) from None
            if proc.returncode != 0:
                raise ExportError(tr(
                    "LibreOffice lỗi (mã {c}): {e}", "LibreOffice failed (exit {c}): {e}",
                    c=proc.returncode, e=(err or out).strip()[-500:]))
    pdfs = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise ExportError(tr("LibreOffice không tạo được: {m}", "LibreOffice did not produce: {m}",
                             m=", ".join(missing)))
    return pdfs


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)
