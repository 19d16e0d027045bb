"""Write a repaired copy of a .docx: the edited parts re-serialised, every other member of the
package copied as it was (same name, order, bytes), atomically."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


CONTENT_TYPES = "[Content_Types].xml"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def package_bytes(
    source: Path,
    parts: dict[str, bytes],
    added: dict[str, bytes] | None = None,
    content_types: dict[str, str] | None = None,
) -> bytes:
    """The bytes of ``source`` with the members named in ``parts`` replaced and ``added`` ones
    appended (each declared in ``[Content_Types].xml`` with ``content_types``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = parts.get(info.filename)
            if data is None:
                data = src.read(info.filename)
            if info.filename == CONTENT_TYPES and content_types:
                data = _declare(data, content_types)
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            dst.writestr(new, data)
        for name, data in (added or {}).items():
            new = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            new.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(new, data)
    return out.getvalue()


def _declare(data: bytes, content_types: dict[str, str]) -> bytes:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    for part, kind in content_types.items():
        override = etree.SubElement(root, f"{{{CT}}}Override")
        override.set("PartName", part)
        override.set("ContentType", kind)
    return serialise(root)
