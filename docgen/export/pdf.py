"""PDF export: .docx files -> PDFs with LibreOffice headless, one process per batch.

LibreOffice costs about a second to start; converting a whole batch in one process (or one per
core, each with its own profile) is what makes a district run fast.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docgen.errors import ExportError, OutputError
from docgen.files import disk_full
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


# A watchdog beside each batch: when docgen dies (even by SIGKILL, which no handler sees), it
# kills the LibreOffice process groups, so nothing goes on converting into a dead build's folder.
WATCHDOG = """
import os, signal, sys, time
parent, groups = int(sys.argv[1]), [int(g) for g in sys.argv[2:]]
while True:
    time.sleep(0.2)
    alive = []
    for g in groups:
        try:
            os.killpg(g, 0)
            alive.append(g)
        except OSError:
            pass
    if not alive:
        sys.exit(0)
    if os.getppid() != parent:
        for g in alive:
            try:
                os.killpg(g, signal.SIGKILL)
            except OSError:
                pass
        sys.exit(0)
"""
PR_SET_PDEATHSIG = 1


def _prctl() -> Any:
    """libc's prctl, looked up in the parent (the child after fork only calls it)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the parent dies (Linux prctl; elsewhere the
    watchdog alone does it)."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(procs: list[subprocess.Popen]) -> subprocess.Popen | None:
    if not procs:
        return None
    return subprocess.Popen(
        [sys.executable, "-c", WATCHDOG, str(os.getpid()), *(str(p.pid) for p in procs)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C in the terminal does not stop it before docgen cleans up
    )


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
        self.watchdog: subprocess.Popen | None = None
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
                        preexec_fn=_die_with_parent,  # noqa: PLW1509 - only prctl, async-safe
                    )
                )
            self.watchdog = _watch(self.procs)
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
                if proc.returncode != 0 and disk_full(self.outdir):
                    raise _disk_full(self.outdir)
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
        if missing and disk_full(self.outdir):
            raise _disk_full(self.outdir)
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
        if self.watchdog is not None:
            _kill([self.watchdog])
            self.watchdog = None
        for log in self.logs:
            log.close()
        self.logs = []
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def _disk_full(folder: Path) -> OutputError:
    return OutputError(
        tr(
            "Không ghi được PDF vào {p}: đĩa đã đầy; hãy giải phóng chỗ trống rồi tạo lại",
            "Cannot write the PDFs to {p}: the disk is full; free some space and build again",
            p=folder,
        )
    )


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
    from pypdf import PdfReader  # only when a new PDF is counted: not on a cached rebuild

    return len(PdfReader(str(pdf)).pages)
