"""Files docgen writes: a staging folder published in one step, deterministic zips, a lock per
folder being written, and the removal of what a killed run left behind."""

from __future__ import annotations

import contextlib
import copy
import errno
import fcntl
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.errors import OutputError
from docgen.i18n import tr

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # every member of every zip docgen writes carries this time

# A zip member ready to write: its header (CRC and sizes filled in) and its deflated bytes.
Deflated = tuple[zipfile.ZipInfo, bytes]


@contextmanager
def staged(staging: Path, final: Path) -> Iterator[Path]:
    """A fresh, empty ``staging`` folder to write into; published as ``final`` (see
    :func:`publish`) when the block succeeds, removed when it fails or is interrupted, so
    nothing half-written is ever left."""
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        yield staging
        publish(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# Work folders named after the process that made them: <prefix><anything>-<pid>[-suffix]
WORK = re.compile(r"^\.(staging|old|import|rollover|pdf-work|org)-(?:.*-)?(\d+)(?:\.yaml)?$")
PROFILE = re.compile(r"^docgen-lo-(\d+)-")
LOCK_WAIT = 10.0  # seconds a second run waits for the first before saying who holds the lock
LOW_DISK = 20 * 1024 * 1024  # under this many free bytes, a failed write is a full disk


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove(path: Path) -> None:
    """Remove a file, link or folder; nothing if it is gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def reap(folder: Path) -> list[Path]:
    """Remove the work folders of dead docgen processes in ``folder`` (a killed build's
    ``.staging-2024-<pid>``…) and their LibreOffice profiles in the temporary folder."""
    removed = []
    for base, pattern in ((folder, WORK), (Path(tempfile.gettempdir()), PROFILE)):
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue
        for entry in entries:
            m = pattern.match(entry.name)
            if m and not alive(int(m.group(m.lastindex or 1))):
                remove(Path(entry.path))
                removed.append(Path(entry.path))
    return removed


def check_folder_target(final: Path) -> None:
    """``final`` must be a folder docgen may replace (or absent): never a user's file."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise OutputError(
            tr(
                "{p} đã có và không phải thư mục; docgen không ghi đè tệp này — hãy đổi tên "
                "hoặc xóa nó, hoặc chọn --out khác",
                "{p} exists and is not a folder; docgen will not overwrite it — rename or delete "
                "it, or choose another --out",
                p=final,
            )
        )


def publish(staging: Path, final: Path) -> None:
    """Swap the finished staging folder in place of ``final`` (two renames, same filesystem)."""
    check_folder_target(final)
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    try:
        staging.rename(final)
    except BaseException:
        if old.exists() and not final.exists():
            old.rename(final)  # put the previous output back
        raise
    remove(old)


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "?"
    except OSError:
        return "?"


@contextlib.contextmanager
def locked(folder: Path, name: str, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold ``folder/.lock-<name>`` while writing (one run per output year / content year).

    A second run waits up to ``wait`` seconds (``DOCGEN_LOCK_WAIT``, default 10), then says who
    holds the lock. The kernel drops the lock of a killed run; the file is removed on release."""
    if wait is None:
        env = os.environ.get("DOCGEN_LOCK_WAIT", "")
        wait = float(env) if env.replace(".", "", 1).isdigit() else LOCK_WAIT
    path = folder / f".lock-{name}"
    deadline = time.monotonic() + wait
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise write_error(exc, folder) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise OutputError(
                    tr(
                        "{f} đang được một lần chạy docgen khác ghi ({h}); chờ nó xong rồi "
                        "chạy lại",
                        "{f} is being written by another docgen run ({h}); wait for it to finish "
                        "and run again",
                        f=folder / name,
                        h=holder,
                    )
                ) from None
            time.sleep(0.1)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the previous holder removed the file as we opened it: take the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, {what}, {time.strftime('%H:%M:%S')}".encode())
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


def write_error(exc: OSError, where: Path | None = None, *, writing: bool = True) -> OutputError:
    """What a failed write (or, ``writing=False``, any file operation) means for the user:
    which file or folder, and why."""
    target = exc.filename or where or "?"
    if exc.errno == errno.ENOSPC:
        why = tr("đĩa đã đầy", "the disk is full")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = tr("không có quyền (thư mục chỉ đọc?)", "permission denied (read-only?)")
    elif exc.errno == errno.ENOTDIR:
        why = tr("một phần của đường dẫn là tệp, không phải thư mục", "part of the path is a file")
    elif exc.errno == errno.EISDIR:
        why = tr("đây là thư mục, không phải tệp", "this is a folder, not a file")
    elif exc.errno == errno.EEXIST:
        why = tr("đã có một tệp trùng tên", "a file of that name exists")
    elif where is not None and disk_full(where):
        why = tr("đĩa đã đầy", "the disk is full")
    else:
        why = exc.strerror or str(exc)
    if not writing:
        return OutputError(
            tr("Không đọc/ghi được {p}: {w}", "Cannot read or write {p}: {w}", p=target, w=why)
        )
    return OutputError(tr("Không ghi được {p}: {w}", "Cannot write {p}: {w}", p=target, w=why))


def disk_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` (or its nearest existing parent) is (nearly) full."""
    p = folder
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return shutil.disk_usage(p).free < LOW_DISK
    except OSError:
        return False


def deflate(name: str, data: bytes) -> Deflated:
    """``data`` as the zip member ``name``: deflated exactly as ``zipfile`` does (default level,
    raw stream), dated ``ZIP_EPOCH``, mode rw-r--r--."""
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    raw = c.compress(data) + c.flush()
    zi = zipfile.ZipInfo(name, ZIP_EPOCH)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = 0o644 << 16
    zi.CRC = zlib.crc32(data)
    zi.file_size = len(data)
    zi.compress_size = len(raw)
    return zi, raw


def write_zip(members: Iterable[Deflated]) -> bytes:
    """The zip of already-deflated members, in order: the bytes ``zipfile`` writes for them.

    Uses ``zipfile`` internals (``ZipInfo.FileHeader``, ``filelist``, ``NameToInfo``,
    ``start_dir``); tests compare the result with ``zipfile.ZipFile.writestr``'s."""
    out = io.BytesIO()
    zf = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    for info, raw in members:
        zi = copy.copy(info)
        zi.header_offset = out.tell()
        out.write(zi.FileHeader(False))
        out.write(raw)
        zf.filelist.append(zi)
        zf.NameToInfo[zi.filename] = zi
    zf.start_dir = out.tell()
    zf.close()
    return out.getvalue()


def zip_bytes(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deterministic zip of (name, data) pairs: same inputs, same bytes."""
    return write_zip(deflate(name, data) for name, data in members)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step; a failed write says what and where (``files.write_error``)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise write_error(exc, path.parent) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(exc, path.parent) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
