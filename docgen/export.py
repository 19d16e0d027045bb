"""PDF export: .docx files -> PDFs with LibreOffice headless, one process per batch.

LibreOffice costs about a second to start; converting a whole batch in one process (or one per
core, each with its own profile) is what makes a district run fast.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pypdf import PdfReader

from docgen.errors import ExportError
from docgen.i18n import tr

INSTALL_HINT_VI = "cài LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"
INSTALL_HINT_EN = "install LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"


_wait = time.sleep  # between progress polls (a seam for the interruption test)


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
    """Split into ``n`` batches of about equal work (largest files first, to the lightest batch)."""
    sizes = {p: (p.stat().st_size if p.exists() else 0) for p in items}
    batches: list[list[Path]] = [[] for _ in range(n)]
    load = [0] * n
    for p in sorted(items, key=lambda p: -sizes[p]):
        i = load.index(min(load))
        batches[i].append(p)
        load[i] += sizes[p] + 20_000  # a fixed cost per document too
    order = {p: i for i, p in enumerate(items)}
    return [sorted(b, key=order.__getitem__) for b in batches if b]


def default_workers(n_files: int) -> int:
    """One LibreOffice per core (each costs ~1.5 s to start, so not for a handful of files).

    ``DOCGEN_PDF_WORKERS=n`` overrides it: each LibreOffice holds ~200 MB, so 1 halves the memory
    of a district build (and doubles its PDF time)."""
    env = os.environ.get("DOCGEN_PDF_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return min(int(env), max(n_files, 1))
    if n_files < 8:
        return 1
    return max(1, min(os.cpu_count() or 1, 4, n_files // 4))


def _kill(procs: list[subprocess.Popen]) -> None:
    """Stop LibreOffice: each runs in its own session, so its children (soffice.bin) go too."""
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                p.kill()
    for p in procs:
        p.wait()


def convert(docx_files: Sequence[Path], outdir: Path, *, workers: int | None = None,
            timeout: float = 900, progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """Convert every file to PDF in ``outdir``; one soffice process per worker, never per file.

    ``progress(done, total)`` is called as PDFs appear. On any interruption (Ctrl-C included)
    every LibreOffice process started here is killed before the exception propagates.
    """
    if not docx_files:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise ExportError(missing_soffice_message())
    if workers is None:
        workers = default_workers(len(docx_files))
    outdir.mkdir(parents=True, exist_ok=True)
    pdfs = [outdir / (Path(f).stem + ".pdf") for f in docx_files]
    with tempfile.TemporaryDirectory(prefix=f"docgen-lo-{os.getpid()}-") as tmp:
        procs: list[subprocess.Popen] = []
        logs = []
        try:
            for i, chunk in enumerate(_chunks(list(docx_files), workers)):
                profile = Path(tmp) / f"profile-{i}"
                cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                       "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", str(outdir), *map(str, chunk)]
                log = open(Path(tmp) / f"log-{i}.txt", "w+")  # noqa: SIM115 - closed below
                logs.append(log)
                procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL, start_new_session=True))
            deadline = time.monotonic() + timeout
            pending = {p.name for p in pdfs}  # progress: PDFs not in outdir yet
            reported = -1
            while any(p.poll() is None for p in procs):
                if time.monotonic() > deadline:
                    raise ExportError(tr("LibreOffice quá {s} giây, đã dừng",
                                         "LibreOffice took over {s} s and was stopped", s=timeout))
                if progress is not None:
                    pending -= {e.name for e in os.scandir(outdir)}
                    if len(pdfs) - len(pending) != reported:
                        reported = len(pdfs) - len(pending)
                        progress(reported, len(pdfs))
                _wait(0.1)
            for proc, log in zip(procs, logs, strict=True):
                if proc.returncode != 0:
                    log.seek(0)
                    raise ExportError(tr(
                        "LibreOffice lỗi (mã {c}): {e}", "LibreOffice failed (exit {c}): {e}",
                        c=proc.returncode, e=log.read().strip()[-500:]))
        finally:
            _kill(procs)
            for log in logs:
                log.close()
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise ExportError(tr("LibreOffice không tạo được: {m}", "LibreOffice did not produce: {m}",
                             m=", ".join(missing)))
    if progress is not None:
        progress(len(pdfs), len(pdfs))
    return pdfs


def convert_beside(docx_files: Sequence[Path], *, workers: int | None = None,
                   timeout: float = 900,
                   progress: Callable[[int, int], None] | None = None) -> list[Path]:
    """A PDF next to each .docx, whatever its folder, in ONE conversion batch for all of them.

    Files from several folders (or with equal names) are linked into one work folder under
    unique names, converted together, and each PDF is moved next to its .docx.
    """
    files = [Path(f) for f in docx_files]
    if not files:
        return []
    if len({f.parent for f in files}) == 1:
        return convert(files, files[0].parent, workers=workers, timeout=timeout, progress=progress)
    root = Path(os.path.commonpath([str(f.parent) for f in files]))
    work = root / f".pdf-work-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    try:
        staged = []
        for i, f in enumerate(files):
            link = work / "in" / f"{i:05d}-{f.name}"
            try:
                os.link(f, link)
            except OSError:
                shutil.copyfile(f, link)
            staged.append(link)
        made = convert(staged, work / "out", workers=workers, timeout=timeout, progress=progress)
        out = []
        for f, pdf in zip(files, made, strict=True):
            target = f.with_suffix(".pdf")
            os.replace(pdf, target)
            out.append(target)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)
