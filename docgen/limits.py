"""The limits docgen applies to everything it reads: nothing read is trusted.

Every input (content YAML, a rules file, scores.xlsx/csv, a .docx to check or import, a
template) may come from an upload or an e-mail. These caps keep a hostile or broken file from
eating the machine: it is refused with a clear message in well under a second instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

MB = 1024 * 1024

# YAML (content, scheme, dossier sources, rules files)
MAX_YAML_BYTES = 4 * MB  # a year's plan.yaml is ~20 KB
MAX_YAML_NODES = 50_000  # values, aliases (*name) expanded: refuses alias bombs; a plan has ~1,000
MAX_YAML_DEPTH = 64  # nested lists/mappings

# .docx packages (check, import, templates)
MAX_PART_BYTES = 64 * MB  # one XML part, uncompressed
MAX_PACKAGE_BYTES = 256 * MB  # all parts together, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1 * MB
MAX_MEMBERS = 5000

# PDFs (check)
MAX_PDF_BYTES = 100 * MB
MAX_PDF_TEXT_BYTES = 50 * MB  # text extracted from one PDF

# spreadsheets (scores.xlsx / .csv)
MAX_SHEET_BYTES = 20 * MB
MAX_SHEET_ROWS = 5_000  # a district has a few hundred units
MAX_SHEET_XML_BYTES = 10 * MB  # one worksheet, uncompressed (5,000 rows are about 4 MB)
MAX_SHEET_COLUMNS = 500

# a report lists this many problems, then counts the rest; a message is cut at this many characters
MAX_LISTED = 50
MAX_MESSAGE = 1000


class Refused(Exception):
    """An input is over a limit; ``vi`` / ``en`` say which, and what to do."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def check_size(path: Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` bytes before reading it."""
    size = path.stat().st_size
    if size > limit:
        raise Refused(
            f"tệp quá lớn ({size / MB:.1f} MB; tối đa {limit / MB:.0f} MB)",
            f"the file is too large ({size / MB:.1f} MB; at most {limit / MB:.0f} MB)",
        )


def check_zip(z: zipfile.ZipFile, part_limit: int = MAX_PART_BYTES) -> None:
    """Refuse a zip bomb from its directory, before anything is decompressed.

    ``zipfile`` never returns more than a member's declared size (a lying header ends in a CRC
    error), so checking the declared sizes is enough."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Refused(
            f"tệp nén có quá nhiều phần ({len(infos)}; tối đa {MAX_MEMBERS})",
            f"the package has too many parts ({len(infos)}; at most {MAX_MEMBERS})",
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        ratio = size / max(info.compress_size, 1)
        if size > part_limit or (size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise Refused(
                f"phần {info.filename} giải nén ra {size / MB:.0f} MB (tỉ lệ nén {ratio:.0f}:1): "
                f"quá lớn, hoặc là bom nén (zip bomb); tối đa {part_limit / MB:.0f} MB, "
                f"tỉ lệ {MAX_RATIO}:1",
                f"part {info.filename} expands to {size / MB:.0f} MB (compression ratio "
                f"{ratio:.0f}:1): too large, or a zip bomb; the limits are "
                f"{part_limit / MB:.0f} MB and {MAX_RATIO}:1",
            )
    if total > MAX_PACKAGE_BYTES:
        raise Refused(
            f"tệp giải nén ra {total / MB:.0f} MB (tối đa {MAX_PACKAGE_BYTES / MB:.0f} MB)",
            f"the package expands to {total / MB:.0f} MB (at most {MAX_PACKAGE_BYTES / MB:.0f} MB)",
        )


def check_zip_file(path: Path) -> None:
    """``check_zip`` on the file at ``path``, plus a DTD check of every XML part (see ``xml``)."""
    with zipfile.ZipFile(path) as z:
        check_zip(z)
        for info in z.infolist():
            if info.filename.endswith((".xml", ".rels")):
                check_xml(z.read(info), info.filename)


def check_xml(data: bytes, name: str) -> None:
    """Refuse a DTD: Office XML never has one, and entities are how XML bombs are built."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # in text these would be &lt;!…
        raise Refused(
            f"phần {name} có khai báo DTD/ENTITY (không có trong tệp Word thật; có thể là bom XML)",
            f"part {name} declares a DTD/ENTITY (never in a real Word file; possibly an XML bomb)",
        )


def xml(data: bytes, name: str) -> etree._Element:
    """Parse one package part: no DTD, no entities, no network, no huge trees."""
    check_xml(data, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser=parser)
