"""The build cache: a document's PDF and Decree 30 findings, reused while its .docx is unchanged.

The .docx output is byte-identical for identical inputs, so a PDF depends only on the .docx bytes
and on what LibreOffice does with them: its version, the fonts fontconfig offers it and the
conversion options. An entry is keyed by the hash of all of these, so a changed template, font
size, font file or LibreOffice makes a new key and the document is converted again. Findings of
the checker are keyed by the .docx hash, the checker's own code and rules, and the language of the
messages.

The cache lives in ``<out>/.cache/<year>/`` (rebuilt, never committed), one folder per year, and
holds what the last successful build used: entries it did not use are removed when it saves.
Entries are written atomically (temporary name, then rename); an entry that cannot be read, has
another format or key, or whose PDF no longer has the hash recorded with it is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the layout or the meaning of an entry changes
PDF_FILTER = "pdf:writer_pdf_Export"  # the conversion options given to LibreOffice
_PACKAGE = Path(__file__).resolve().parent.parent  # docgen/


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


# -- what shapes a PDF besides the .docx --------------------------------------------------------


def libreoffice_stamp(soffice: str) -> str:
    """LibreOffice's version line and build files: a new LibreOffice makes new PDF keys."""
    try:
        version = subprocess.run(
            [soffice, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = "unknown"
    program = Path(os.path.realpath(soffice)).parent
    files = []
    for name in ("versionrc", "soffice.bin", "libmergedlo.so"):
        p = program / name
        with contextlib.suppress(OSError):
            st = p.stat()
            files.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return _digest(version, *files)


def font_stamp() -> str:
    """The fonts LibreOffice can see (fontconfig): each file with its version, size and time."""
    fc = shutil.which("fc-list")
    if fc is None:
        return "no-fontconfig"
    try:
        out = subprocess.run(
            [fc, "--format", "%{file}|%{family}|%{style}|%{fontversion}\n"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "fontconfig-failed"
    lines = []
    for line in sorted(set(out.splitlines())):
        path = line.split("|", 1)[0]
        try:
            st = os.stat(path)
            lines.append(f"{line}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            lines.append(line)
    return _digest(*lines)


def pdf_environment(soffice: str) -> str:
    """Everything besides the .docx that shapes a PDF, as one hash."""
    return _digest(f"format {FORMAT}", PDF_FILTER, libreoffice_stamp(soffice), font_stamp())


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def checker_stamp(lang: str) -> str:
    """The checker's code, rules and libraries, and the message language: new findings key."""
    h = hashlib.sha256(f"format {FORMAT} lang {lang}\0".encode())
    for name in ("python-docx", "lxml", "pypdf"):
        h.update(f"{name} {_dist_version(name)}\0".encode())
    for p in sorted(_PACKAGE.rglob("*")):  # all of docgen: the checker reads through the reader
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(p.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


# -- the cache ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPdf:
    path: Path
    pages: int


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _place(src: Path, dst: Path) -> None:
    """``dst`` with the bytes of ``src``: a hard link when possible (no copy), else a copy."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


class BuildCache:
    """The cache of one year's build in ``out``. ``reuse=False`` (``--no-cache``) reuses nothing
    but still keeps what this build made, for the next one.

    Counters ``pdf_hits``/``pdf_misses``/``check_hits``/``check_misses`` say what a build reused.
    """

    def __init__(self, out: Path, year: int, *, reuse: bool = True) -> None:
        self.root = out / ".cache" / str(year)
        self.reuse = reuse
        self.pdf_env: str | None = None
        self.used_pdfs: set[str] = set()
        self.checks: dict[str, Any] = {}
        self.used_checks: set[str] = set()
        self.check_key: str | None = None
        self.pdf_hits = self.pdf_misses = self.check_hits = self.check_misses = 0
        self._docx_sha: dict[Path, str] = {}

    def docx_sha(self, docx: Path) -> str:
        if docx not in self._docx_sha:
            self._docx_sha[docx] = sha256_file(docx)
        return self._docx_sha[docx]

    # PDFs: <root>/pdf/<key>.pdf and <key>.json {"format", "key", "sha256", "pages"}

    def _pdf_key(self, docx: Path) -> str:
        assert self.pdf_env is not None
        return _digest(self.pdf_env, self.docx_sha(docx))

    def start_pdf(self, soffice: str) -> None:
        self.pdf_env = pdf_environment(soffice)

    def pdf(self, docx: Path) -> CachedPdf | None:
        """The cached PDF of this .docx (checked against its recorded hash), or None."""
        if self.pdf_env is None:
            return None
        key = self._pdf_key(docx)
        found = self._read_pdf(key) if self.reuse else None
        if found is None:
            self.pdf_misses += 1
        else:
            self.pdf_hits += 1
            self.used_pdfs.add(key)
        return found

    def _read_pdf(self, key: str) -> CachedPdf | None:
        folder = self.root / "pdf"
        try:
            meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta["key"] != key:
                return None
            pdf, pages = folder / f"{key}.pdf", meta["pages"]
            if not isinstance(pages, int) or pages < 1 or sha256_file(pdf) != meta["sha256"]:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return CachedPdf(pdf, pages)

    def put_pdf(self, docx: Path, pdf: Path, pages: int) -> None:
        if self.pdf_env is None:
            return
        key = self._pdf_key(docx)
        folder = self.root / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        _place(pdf, folder / f"{key}.pdf")
        meta = {"format": FORMAT, "key": key, "sha256": sha256_file(pdf), "pages": pages}
        _write_atomic(folder / f"{key}.json", json.dumps(meta).encode())
        self.used_pdfs.add(key)

    @staticmethod
    def place(cached: CachedPdf, target: Path) -> None:
        _place(cached.path, target)

    # Check findings: <root>/check.json {"format", "checker", "docs": {docx sha: result}}

    def start_check(self, lang: str) -> None:
        self.check_key = checker_stamp(lang)
        if not self.reuse:
            return
        try:
            data = json.loads((self.root / "check.json").read_text(encoding="utf-8"))
            if data["format"] == FORMAT and data["checker"] == self.check_key:
                self.checks = dict(data["docs"])
        except (OSError, ValueError, KeyError, TypeError):
            self.checks = {}

    def findings(self, docx: Path, compute: Callable[[], Any]) -> Any:
        """The JSON-able check result of this .docx: cached, else ``compute()`` and kept."""
        if self.check_key is None:
            return compute()
        sha = self.docx_sha(docx)
        self.used_checks.add(sha)
        if sha in self.checks:
            self.check_hits += 1
            return self.checks[sha]
        self.check_misses += 1
        self.checks[sha] = result = compute()
        return result

    # Saving: what this build used stays, the rest goes.

    def save(self) -> None:
        if self.check_key is not None and self.used_checks:
            self.root.mkdir(parents=True, exist_ok=True)
            docs = {k: self.checks[k] for k in sorted(self.used_checks)}
            data = {"format": FORMAT, "checker": self.check_key, "docs": docs}
            _write_atomic(self.root / "check.json", json.dumps(data, ensure_ascii=False).encode())
        if self.pdf_env is not None:
            for p in self._entries("pdf"):
                if p.name.split(".")[0] not in self.used_pdfs:
                    p.unlink(missing_ok=True)

    def _entries(self, sub: str) -> Iterator[Path]:
        folder = self.root / sub
        if folder.is_dir():
            yield from (p for p in folder.iterdir() if p.is_file())
