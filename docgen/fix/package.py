"""Write a repaired copy of a .docx: the edited parts re-serialised, every other member of the
package copied as it was (same name, order, bytes), atomically."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from lxml import etree


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def package_bytes(source: Path, parts: dict[str, bytes]) -> bytes:
    """The bytes of ``source`` with the members named in ``parts`` replaced."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = parts.get(info.filename)
            if data is None:
                data = src.read(info.filename)
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            dst.writestr(new, data)
    return out.getvalue()


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
