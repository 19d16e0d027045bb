"""Files docgen writes: a staging folder published in one step, deterministic zips."""

from __future__ import annotations

import copy
import io
import os
import shutil
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

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


def publish(staging: Path, final: Path) -> None:
    """Swap the finished staging folder in place of ``final`` (two renames, same filesystem)."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


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
