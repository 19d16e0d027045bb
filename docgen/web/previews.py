"""Page images of PDFs, rendered once with poppler's pdftoppm and cached by content hash; the
spot of a checker finding located on its page with ``pdftotext -bbox``."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from docgen.vi.match import fold

DPI = 50
_HASH = re.compile(r"^[0-9a-f]{64}$")


def cache_dir(out: Path) -> Path:
    return out / ".docgen-web" / "previews"


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def available() -> bool:
    return shutil.which("pdftoppm") is not None


def render(pdf: Path, out: Path, page: int = 1, dpi: int = DPI) -> tuple[str, Path] | None:
    """(content hash, PNG) of ``page`` of ``pdf``; rendered only the first time."""
    if not available() or page < 1:
        return None
    digest = file_hash(pdf)
    target = cache_dir(out) / f"{digest}-{page}-{dpi}.png"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        stem = target.with_suffix("")
        tmp = stem.with_name(stem.name + ".tmp")
        done = subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page)]
            + ["-singlefile", str(pdf), str(tmp)],
            capture_output=True,
            timeout=60,
        )
        made = tmp.with_name(tmp.name + ".png")
        if done.returncode != 0 or not made.is_file():
            return None
        made.replace(target)
    return digest, target


def cached(out: Path, digest: str, page: int, dpi: int = DPI) -> Path | None:
    """The cached PNG for a hash taken from a URL (validated: never a path)."""
    if not _HASH.match(digest) or not 0 < page < 10000 or dpi not in (DPI, 100):
        return None
    path = cache_dir(out) / f"{digest}-{page}-{dpi}.png"
    return path if path.is_file() else None


@dataclass(frozen=True)
class Spot:
    page: int
    left: float  # fractions of the page width/height
    top: float
    width: float
    height: float


_WORD = re.compile(
    r'<page width="([\d.]+)" height="([\d.]+)">|'
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def find_spot(pdf: Path, excerpt: str) -> Spot | None:
    """Where the first words of ``excerpt`` are printed (page and box), or None."""
    wanted = [fold(w) for w in excerpt.split()][:6]
    wanted = [w for w in wanted if w]
    if not wanted or shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60
    )
    if done.returncode != 0:
        return None
    pages: list[tuple[float, float, list[tuple[float, float, float, float, str]]]] = []
    for m in _WORD.finditer(done.stdout):
        if m.group(1):
            pages.append((float(m.group(1)), float(m.group(2)), []))
        elif pages:
            box = (float(m.group(3)), float(m.group(4)), float(m.group(5)), float(m.group(6)))
            pages[-1][2].append((*box, fold(unescape(m.group(7)))))
    for number, (pw, ph, words) in enumerate(pages, start=1):
        texts = [w[4] for w in words]
        for i in range(len(texts) - len(wanted) + 1):
            if texts[i : i + len(wanted)] == wanted:
                hit = words[i : i + len(wanted)]
                x0, y0 = min(w[0] for w in hit), min(w[1] for w in hit)
                x1, y1 = max(w[2] for w in hit), max(w[3] for w in hit)
                return Spot(number, x0 / pw, y0 / ph, (x1 - x0) / pw, (y1 - y0) / ph)
    return None
