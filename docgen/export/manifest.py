"""``manifest.json``: every file a build wrote, with its kind, hash and page count."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docgen import __version__


@dataclass(frozen=True)
class Entry:
    kind: str  # "plan", "evaluation", "summary", "dossier", …
    format: str  # "docx" | "pdf" | "xlsx" | "zip"
    path: str  # relative to the year's output folder, POSIX separators
    sha256: str
    pages: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def entry(
    kind: str, path: Path, root: Path, pages: int | None = None, meta: dict[str, Any] | None = None
) -> Entry:
    return Entry(
        kind=kind,
        format=path.suffix.lstrip("."),
        path=path.relative_to(root).as_posix(),
        sha256=sha256(path),
        pages=pages,
        meta=dict(meta or {}),
    )


def write(path: Path, year: int, entries: list[Entry]) -> None:
    data = {
        "generator": f"docgen {__version__}",
        "year": year,
        "documents": [asdict(e) for e in sorted(entries, key=lambda e: (e.path, e.format))],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
