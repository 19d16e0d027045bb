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
from typing import Any

from pypdf import PdfReader

from docgen.errors import ExportError
from docgen.i18n import tr

INSTALL_HINT_VI = "cài LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"
INSTALL_HINT_EN = (
    "install LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation"
)


_wait = time.sleep  # between progress polls (a seam for the interruption test)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_soffice_message() -> str:
    return tr(
        "Không tìm thấy LibreOffice (soffice) nên không tạo PDF; " + INSTALL_HINT_VI,
        "LibreOffice (soffice) not found, so no PDF was made; " + INSTALL_HINT_EN,
    )


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


SMALL_BATCH = 40  # fewer documents than this: one LibreOffice (see default_workers)


def default_workers(n_files: int) -> int:
    """One LibreOffice per core, but only for a batch worth it: each costs ~1.7 s of CPU to start
    and ~80 ms per document after that, so a second one pays off from about 40 documents (a
    rebuild that converts a dozen changed documents starts one).

    ``DOCGEN_PDF_WORKERS=n`` overrides it: each LibreOffice holds ~200 MB, so 1 halves the memory
    of a district build (and doubles its PDF time)."""
    env = os.environ.get("DOCGEN_PDF_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return min(int(env), max(n_files, 1))
    if n_files < SMALL_BATCH:
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


class Batch:
    """LibreOffice converting ``docx_files`` to ``outdir`` in the background.

    ``start()`` launches one soffice per worker (never one per file) and returns at once, so the
    caller can do other work (e.g. check the .docx) while LibreOffice converts; ``wait()`` then
    reports progress and returns the PDFs; ``cancel()`` (also on leaving a ``with`` block) kills
    every LibreOffice process started here, children included. Ctrl-C in ``wait`` cancels too.
    """

    def __init__(
        self,
        docx_files: Sequence[Path],
        outdir: Path,
        *,
        workers: int | None = None,
        timeout: float = 900,
    ) -> None:
        self.files = [Path(f) for f in docx_files]
        self.outdir = outdir
        self.workers = workers or default_workers(len(self.files))
        self.timeout = timeout
        self.pdfs = [outdir / (f.stem + ".pdf") for f in self.files]
        self.procs: list[subprocess.Popen] = []
        self.logs: list[Any] = []
        self.tmp: Path | None = None
        self.started = 0.0

    def __enter__(self) -> Batch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def start(self) -> Batch:
        if not self.files:
            return self
        soffice = find_soffice()
        if soffice is None:
            raise ExportError(missing_soffice_message())
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f"docgen-lo-{os.getpid()}-"))
        self.started = time.monotonic()
        try:
            for i, chunk in enumerate(_chunks(self.files, self.workers)):
                profile = self.tmp / f"profile-{i}"
                cmd = [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(self.outdir),
                    *map(str, chunk),
                ]
                log = open(self.tmp / f"log-{i}.txt", "w+")  # noqa: SIM115 - closed in cancel
                self.logs.append(log)
                self.procs.append(
                    subprocess.Popen(
                        cmd,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        start_new_session=True,
                    )
                )
        except BaseException:
            self.cancel()
            raise
        return self

    def wait(self, progress: Callable[[int, int], None] | None = None) -> list[Path]:
        if not self.files:
            return []
        try:
            deadline = self.started + self.timeout
            pending = {p.name for p in self.pdfs}  # progress: PDFs not in outdir yet
            reported = -1
            while any(p.poll() is None for p in self.procs):
                if time.monotonic() > deadline:
                    raise ExportError(
                        tr(
                            "LibreOffice quá {s} giây, đã dừng",
                            "LibreOffice took over {s} s and was stopped",
                            s=self.timeout,
                        )
                    )
                if progress is not None:
                    pending -= {e.name for e in os.scandir(self.outdir)}
                    if len(self.pdfs) - len(pending) != reported:
                        reported = len(self.pdfs) - len(pending)
                        progress(reported, len(self.pdfs))
                _wait(0.1)
            for proc, log in zip(self.procs, self.logs, strict=True):
                if proc.returncode != 0:
                    log.seek(0)
                    raise ExportError(
                        tr(
                            "LibreOffice lỗi (mã {c}): {e}",
                            "LibreOffice failed (exit {c}): {e}",
                            c=proc.returncode,
                            e=log.read().strip()[-500:],
                        )
                    )
        finally:
            self.cancel()
        missing = [p.name for p in self.pdfs if not p.is_file()]
        if missing:
            raise ExportError(
                tr(
                    "LibreOffice không tạo được: {m}",
                    "LibreOffice did not produce: {m}",
                    m=", ".join(missing),
                )
            )
        if progress is not None:
            progress(len(self.pdfs), len(self.pdfs))
        return self.pdfs

    def cancel(self) -> None:
        """Kill what is still running and remove the profiles (safe to call twice)."""
        _kill(self.procs)
        for log in self.logs:
            log.close()
        self.logs = []
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def convert(
    docx_files: Sequence[Path],
    outdir: Path,
    *,
    workers: int | None = None,
    timeout: float = 900,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Convert every file to PDF in ``outdir``; one soffice process per worker, never per file."""
    with Batch(docx_files, outdir, workers=workers, timeout=timeout) as batch:
        return batch.wait(progress)


class BesideBatch:
    """A PDF next to each .docx, whatever its folder, in ONE conversion batch for all of them.

    Files from several folders (or with equal names) are linked into one work folder under
    unique names, converted together, and each PDF is moved next to its .docx.
    """

    def __init__(
        self, docx_files: Sequence[Path], *, workers: int | None = None, timeout: float = 900
    ) -> None:
        self.files = [Path(f) for f in docx_files]
        self.work: Path | None = None
        if len({f.parent for f in self.files}) <= 1:
            outdir = self.files[0].parent if self.files else Path(".")
            self.batch = Batch(self.files, outdir, workers=workers, timeout=timeout)
            return
        root = Path(os.path.commonpath([str(f.parent) for f in self.files]))
        self.work = root / f".pdf-work-{os.getpid()}"
        staged = [self.work / "in" / f"{i:05d}-{f.name}" for i, f in enumerate(self.files)]
        self.batch = Batch(staged, self.work / "out", workers=workers, timeout=timeout)

    def __enter__(self) -> BesideBatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def start(self) -> BesideBatch:
        try:
            if self.work is not None:
                shutil.rmtree(self.work, ignore_errors=True)
                (self.work / "in").mkdir(parents=True)
                for f, link in zip(self.files, self.batch.files, strict=True):
                    try:
                        os.link(f, link)
                    except OSError:
                        shutil.copyfile(f, link)
            self.batch.start()
        except BaseException:
            self.cancel()
            raise
        return self

    def wait(self, progress: Callable[[int, int], None] | None = None) -> list[Path]:
        try:
            made = self.batch.wait(progress)
            if self.work is None:
                return made
            out = []
            for f, pdf in zip(self.files, made, strict=True):
                target = f.with_suffix(".pdf")
                os.replace(pdf, target)
                out.append(target)
            return out
        finally:
            self.cancel()

    def cancel(self) -> None:
        self.batch.cancel()
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)


def convert_beside(
    docx_files: Sequence[Path],
    *,
    workers: int | None = None,
    timeout: float = 900,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """A PDF next to each .docx, whatever its folder, in one LibreOffice batch (see BesideBatch)."""
    with BesideBatch(docx_files, workers=workers, timeout=timeout) as batch:
        return batch.wait(progress)


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)
