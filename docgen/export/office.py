"""A warm LibreOffice kept between builds, so a rebuild that converts a few documents does not
pay LibreOffice's start (~1.7 s of CPU) every time.

``office_server.py`` (run by a Python with LibreOffice's UNO bridge, Debian's ``python3-uno``)
keeps one soffice running and converts on request over a unix socket in a private folder
(``$DOCGEN_OFFICE_DIR`` or ``/tmp/docgen-office-<uid>``, mode 0700, one sub-folder per
LibreOffice). It stops by itself after ``DOCGEN_OFFICE_IDLE`` minutes without a request
(default 10; ``0`` never keeps one: every build starts its own LibreOffice, as before).

A server is used only while it was started for the same LibreOffice, fonts and options (the
build cache's PDF stamp): anything else stops it and starts a new one, so a PDF is never made by
a LibreOffice other than the one its cache key names. When the UNO bridge is missing or the
server fails, the build converts with its own LibreOffice batch, as without it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from docgen.errors import ExportError
from docgen.export.pdf import BesideBatch, convert_beside
from docgen.i18n import tr

SERVER = Path(__file__).with_name("office_server.py")
DEFAULT_IDLE_MINUTES = 10.0
START_TIMEOUT = 60.0
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")


def idle_seconds() -> float:
    """How long a warm LibreOffice waits for the next build; 0: none is kept."""
    raw = os.environ.get("DOCGEN_OFFICE_IDLE", "").strip()
    try:
        minutes = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(0.0, minutes) * 60


def enabled() -> bool:
    return idle_seconds() > 0


def _has_uno(python: str) -> bool:
    try:
        return (
            subprocess.run(
                [python, "-c", "import uno"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


def uno_python() -> str | None:
    """A Python that can ``import uno`` (``$DOCGEN_UNO_PYTHON`` first), or None."""
    env = os.environ.get("DOCGEN_UNO_PYTHON", "").strip()
    for python in (env,) if env else UNO_PYTHONS:
        if os.access(python, os.X_OK) and _has_uno(python):
            return python
    return None


def _private_dir(path: Path) -> Path | None:
    """``path`` as a folder only this user can enter (made so), or None if it is someone
    else's or open to others: a socket there would accept another user's requests."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return path


def home(soffice: str) -> Path | None:
    """This LibreOffice's server folder, or None when no private folder can be had."""
    base = os.environ.get("DOCGEN_OFFICE_DIR", "").strip()
    root = Path(base) if base else Path(tempfile.gettempdir()) / f"docgen-office-{os.getuid()}"
    if _private_dir(root) is None:
        return None
    tag = hashlib.sha256(os.path.realpath(soffice).encode()).hexdigest()[:12]
    return _private_dir(root / tag)


def _alive(pid: int) -> bool:
    """A running process (a zombie no one has reaped yet is not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2 : stat.rindex(b")") + 3] not in (b"Z", b"X")
    except (OSError, ValueError):
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _ready(folder: Path) -> tuple[int, str] | None:
    """(pid, stamp) of the server answering in ``folder``, or None."""
    try:
        pid_text, stamp = (folder / "ready").read_text(encoding="utf-8").strip().split(" ", 1)
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return (pid, stamp) if _alive(pid) else None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with open(folder / "lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _wait_gone(pid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def stop(soffice: str) -> bool:
    """Stop the warm LibreOffice of ``soffice`` (if any); True when one was running."""
    folder = home(soffice)
    found = _ready(folder) if folder else None
    if found is None:
        return False
    with contextlib.suppress(OSError):
        os.kill(found[0], signal.SIGTERM)
    _wait_gone(found[0])
    return True


class Office:
    """The warm LibreOffice of ``soffice`` for PDFs stamped ``stamp``."""

    def __init__(self, soffice: str, stamp: str) -> None:
        self.soffice = soffice
        self.stamp = stamp
        self.folder = home(soffice)

    def running(self) -> bool:
        found = self.folder and _ready(self.folder)
        return bool(found) and found[1] == self.stamp  # type: ignore[index]

    def start(self, wait: bool) -> bool:
        """Make sure a server with this stamp runs (one with another stamp is stopped first);
        with ``wait``, until it accepts requests. False when none can be had here."""
        if self.folder is None:
            return False
        with _locked(self.folder):
            found = _ready(self.folder)
            if found is not None and found[1] != self.stamp:
                with contextlib.suppress(OSError):
                    os.kill(found[0], signal.SIGTERM)
                _wait_gone(found[0])
                found = None
            if found is None and not self._spawn():
                return False
        return self._wait_ready() if wait else True

    def _spawn(self) -> bool:
        starting = self.folder / "starting"  # type: ignore[operator]
        if self._starting_alive():  # another build's server, still starting: not a second
            return True
        python = uno_python()
        if python is None:
            return False
        shutil.rmtree(self.folder / "profile", ignore_errors=True)  # type: ignore[operator]
        starting.unlink(missing_ok=True)
        # the server leaves this process at once (it outlives the build and stops itself when
        # idle), writing its pid to ``starting``: no child is left behind here
        try:
            started = subprocess.run(
                [
                    python,
                    str(SERVER),
                    str(self.folder),
                    self.soffice,
                    str(idle_seconds()),
                    self.stamp,
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        return started.returncode == 0 and self._starting_alive()

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.running():
                return True
            if not self._starting_alive():
                return False
            time.sleep(0.02)
        return False

    def _starting_alive(self) -> bool:
        try:
            pid = int((self.folder / "starting").read_text(encoding="utf-8"))  # type: ignore[operator]
        except (OSError, ValueError):
            return False
        return _alive(pid)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class WarmBatch:
    """The PDFs of ``docx_files`` (each beside its .docx) made by the warm LibreOffice, in the
    background like ``pdf.BesideBatch``: ``start()``, ``wait(progress)``, ``cancel()``."""

    def __init__(self, docx_files: Sequence[Path], office: Office, timeout: float = 900) -> None:
        self.files = [Path(f) for f in docx_files]
        self.office = office
        self.timeout = timeout
        self.done: list[Path | None] = [None] * len(self.files)
        self.errors: list[str] = []
        self.broken: str | None = None
        self.sock: socket.socket | None = None
        self.thread: threading.Thread | None = None
        self.cancelled = False
        self.order = sorted(range(len(self.files)), key=lambda i: -_size(self.files[i]))

    def __enter__(self) -> WarmBatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def start(self) -> WarmBatch:
        if not self.files:
            return self
        assert self.office.folder is not None
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(self.office.folder / "sock"))
            # the largest first (a district's summary: most of the work), so LibreOffice is
            # busy with it while docgen checks the others
            request = {"files": [str(self.files[i].resolve()) for i in self.order]}
            sock.sendall(json.dumps(request).encode() + b"\n")
        except OSError as exc:
            sock.close()
            self.broken = str(exc)
            return self
        self.sock = sock
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()
        return self

    def _receive(self) -> None:
        assert self.sock is not None
        try:
            for line in self.sock.makefile("rb"):
                reply = json.loads(line)
                if reply.get("done"):
                    return
                i = self.order[int(reply["i"])]
                if self.cancelled:
                    return
                if "error" in reply:
                    self.errors.append(f"{self.files[i].name}: {reply['error']}")
                    continue
                target = self.files[i].with_suffix(".pdf")
                shutil.move(reply["pdf"], target)
                self.done[i] = target
            self.broken = "LibreOffice stopped"
        except (OSError, ValueError, KeyError, IndexError) as exc:
            if not self.cancelled:
                self.broken = str(exc) or type(exc).__name__

    def wait(self, progress: Callable[[int, int], None] | None = None) -> list[Path]:
        if not self.files:
            return []
        try:
            deadline = time.monotonic() + self.timeout
            reported = -1
            while self.thread is not None and self.thread.is_alive():
                if time.monotonic() > deadline:
                    raise ExportError(
                        tr(
                            "LibreOffice quá {s} giây, đã dừng",
                            "LibreOffice took over {s} s and was stopped",
                            s=self.timeout,
                        )
                    )
                n = sum(1 for d in self.done if d is not None)
                if progress is not None and n != reported:
                    reported = n
                    progress(n, len(self.files))
                self.thread.join(0.05)
        finally:
            self.cancel()
        if self.errors:
            raise ExportError(
                tr(
                    "LibreOffice không tạo được: {m}",
                    "LibreOffice did not produce: {m}",
                    m="; ".join(self.errors),
                )
            )
        rest = [f for f, d in zip(self.files, self.done, strict=True) if d is None]
        if rest:  # the server went away: these with a LibreOffice of this build's own
            made = iter(convert_beside(rest))
            self.done = [d or next(made) for d in self.done]
        if progress is not None:
            progress(len(self.files), len(self.files))
        return [d for d in self.done if d is not None]

    def cancel(self) -> None:
        self.cancelled = self.cancelled or (self.thread is not None and self.thread.is_alive())
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()
            self.sock = None
        if self.thread is not None:
            self.thread.join()
            self.thread = None


WARM_MAX = 40  # from about this many documents, two LibreOffice batches of the build's own win


def batch_for(todo: Sequence[Path], soffice: str, stamp: str) -> WarmBatch | BesideBatch:
    """The conversion of ``todo``: by the warm LibreOffice for a few documents (started now if
    none runs), else by a batch of this build's own (``pdf.BesideBatch``)."""
    if enabled() and 0 < len(todo) < WARM_MAX:
        office = Office(soffice, stamp)
        if office.start(wait=True):
            return WarmBatch(todo, office)
    return BesideBatch(todo)


def keep_warm(soffice: str, stamp: str) -> None:
    """After a build: start a warm LibreOffice for the next one, in the background, if none
    runs (its batch processes have exited by now, so the two never hold memory together)."""
    if enabled():
        office = Office(soffice, stamp)
        if not office.running():
            office.start(wait=False)
