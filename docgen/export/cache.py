"""The build cache: what an unchanged document needs is reused instead of made again.

- A .docx is byte-identical for identical inputs: it is keyed by its template's bytes, its
  context and properties, and docgen's own code (every module and rules file, and the versions
  of the libraries that write documents). Draft builds render everything.
- A PDF depends only on the .docx bytes and on what LibreOffice does with them: its version, the
  fonts fontconfig offers it and the conversion options. A changed template, font size, font
  file or LibreOffice makes a new key, so the document is converted again.
- Decree 30 findings are keyed by the .docx hash, the checker's code and rules, and the message
  language; the dossier's merged PDF by the hashes of the PDFs it is made of.

The cache lives in ``<out>/.cache/<year>/`` (rebuilt, never committed) and holds what the last
successful build used; ``last-build.json`` counts what it reused. Entries are written atomically
(temporary name, then rename) and hard-linked into the staging folder, never copied; an entry
that cannot be read, has another format or key, or whose file no longer has the hash recorded
with it is ignored.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docxtpl import RichText

from docgen.export.manifest import sha256
from docgen.files import alive
from docgen.render.job import BuiltDoc, RenderJob

if TYPE_CHECKING:
    from docgen.check.engine import Options

FORMAT = 1  # bump when the layout or the meaning of an entry changes
PDF_FILTER = "pdf:writer_pdf_Export"  # the conversion options given to LibreOffice
_PACKAGE = Path(__file__).resolve().parent.parent  # docgen/


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


# -- what shapes a PDF besides the .docx --------------------------------------------------------


def libreoffice_stamp(soffice: str) -> str:
    """LibreOffice's version (its ``versionrc``, else ``soffice --version``, which costs a
    LibreOffice start of ~0.15 s) and build files: a new LibreOffice makes new PDF keys."""
    program = Path(os.path.realpath(soffice)).parent
    try:
        version = (program / "versionrc").read_text(encoding="utf-8", errors="replace")
    except OSError:
        version = _version_line(soffice)
    files = []
    for name in ("versionrc", "soffice.bin", "libmergedlo.so"):
        p = program / name
        with contextlib.suppress(OSError):
            st = p.stat()
            files.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return _digest(version, *files)


def _version_line(soffice: str) -> str:
    try:
        return subprocess.run(
            [soffice, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


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
    """Everything besides the .docx that shapes a PDF, as one hash (the locale too: LibreOffice
    takes defaults such as hyphenation patterns from it)."""
    locale = [f"{k}={os.environ.get(k, '')}" for k in ("LANG", "LC_ALL", "LANGUAGE")]
    return _digest(
        f"format {FORMAT}", PDF_FILTER, libreoffice_stamp(soffice), font_stamp(), *locale
    )


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@functools.cache
def code_stamp() -> str:
    """docgen's own code and rules, and the libraries that render and read documents."""
    h = hashlib.sha256(f"format {FORMAT} {sys.version} zlib {zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    for name in ("docxtpl", "jinja2", "python-docx", "lxml", "pypdf", "babel"):
        h.update(f"{name} {_dist_version(name)}\0".encode())
    for p in sorted(_PACKAGE.rglob("*")):  # all of docgen, whatever module a change is in
        if p.suffix in (".py", ".yaml") and "__pycache__" not in p.parts:
            h.update(p.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def checker_stamp(lang: str, options: Options | None = None) -> str:
    """What decides a .docx's findings besides its bytes, as one hash: the checker's code and
    libraries, the message language, the checker's options (the build uses docgen's profile)
    and the rules data they load — ``rules.yaml``, the profile's file and a ``--rules`` file —
    so a changed rules file or profile never reuses stale findings."""
    from docgen.check import config
    from docgen.check.engine import Options

    options = options or Options()
    settings = dataclasses.asdict(options)
    settings["rules_file"] = None if options.rules_file is None else str(options.rules_file)
    rules = [config.BUILTIN, config.PROFILES.get(options.profile), options.rules_file]
    data = []
    for path in rules:
        if path is None:
            data.append("-")
            continue
        try:
            data.append(f"{path.name} {sha256(path)}")
        except OSError:
            data.append(f"{path.name} unreadable")  # the checker will say so itself
    return _digest(
        code_stamp(),
        f"lang {lang}",
        json.dumps(settings, sort_keys=True, ensure_ascii=False),
        *data,
    )


class Uncacheable(Exception):
    """A context value the cache cannot describe exactly: that document is always rendered."""


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data that tells apart everything a template could print."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise Uncacheable(repr(value)[:80])
        return {"dict": sorted((k, canonical(v)) for k, v in value.items())}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dt.datetime):
        raise Uncacheable("datetime")
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    if isinstance(value, RichText):
        return ["RichText", value.xml]
    raise Uncacheable(type(value).__name__)


def job_key(job: RenderJob, template_sha: str) -> str | None:
    """What a .docx is made of: template bytes, context, properties, docgen's code; or None."""
    try:
        data = [
            canonical(job.context),
            canonical(dataclasses.asdict(job.props)),
        ]
    except Uncacheable:
        return None
    return _digest(code_stamp(), template_sha, json.dumps(data, ensure_ascii=False))


# -- the cache ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPdf:
    path: Path
    pages: int


current: contextvars.ContextVar[BuildCache | None] = contextvars.ContextVar(
    "docgen_build_cache", default=None
)  # the cache of the build running, for stages that make files from other files


def derived(target: Path, inputs: list[Path], extra: str, make: Callable[[], int]) -> int:
    """``make()`` through the running build's cache (see ``BuildCache.derived``), or at once."""
    active = current.get()
    return make() if active is None else active.derived(target, inputs, extra, make)


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

    Counters ``docx_hits``, ``pdf_hits``, ``check_hits``, ``layout_hits`` (and ``…_misses``)
    say what was reused.
    """

    def __init__(
        self, out: Path, year: int, *, staging: Path | None = None, reuse: bool = True
    ) -> None:
        self.root = out / ".cache" / str(year)
        # New entries wait in the staging folder until the build succeeds (``save``): an
        # interrupted build leaves nothing behind, not even in the cache.
        self.pending = staging / ".cache-new" if staging is not None else self.root
        self.reuse = reuse
        self.pdf_env: str | None = None
        self.used_pdf: set[str] = set()
        self.used_docx: set[str] = set()
        self.used_derived: set[str] = set()
        self._template_sha: dict[Path, str] = {}
        self.checks: dict[str, Any] = {}
        self.used_checks: set[str] = set()
        self.check_key: str | None = None
        self.pdf_hits = self.pdf_misses = self.check_hits = self.check_misses = 0
        self.layout_hits = self.layout_misses = 0
        self.docx_hits = self.docx_misses = 0
        self._docx_sha: dict[Path, str] = {}

    def docx_sha(self, docx: Path) -> str:
        if docx not in self._docx_sha:
            self._docx_sha[docx] = sha256(docx)
        return self._docx_sha[docx]

    # .docx: <root>/docx/<job key>.docx and .json {"format", "key", "sha256"}

    def docx(self, job: RenderJob, target: Path) -> bool:
        """Put the cached .docx of ``job`` at ``target``; False when there is none."""
        key = self._job_key(job)
        if key is None:
            return False
        self.used_docx.add(key)
        meta = self._read_entry("docx", key) if self.reuse else None
        if meta is None:
            self.docx_misses += 1
            return False
        self.docx_hits += 1
        _place(meta[0], target)
        self._docx_sha[target] = meta[1]["sha256"]
        return True

    def put_docx(self, job: RenderJob, made: Path) -> None:
        key = self._job_key(job)
        if key is not None:
            self._put("docx", key, made, {})

    def _job_key(self, job: RenderJob) -> str | None:
        if job.template not in self._template_sha:
            try:
                self._template_sha[job.template] = sha256(job.template)
            except OSError:
                return None
        return job_key(job, self._template_sha[job.template])

    def _read_entry(self, sub: str, key: str) -> tuple[Path, dict[str, Any]] | None:
        folder = self.root / sub
        try:
            meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta["key"] != key:
                return None
            path = folder / f"{key}.{sub}"
            if sha256(path) != meta["sha256"]:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return path, meta

    def _put(self, sub: str, key: str, made: Path, extra: dict[str, Any]) -> None:
        folder = self.pending / sub
        folder.mkdir(parents=True, exist_ok=True)
        _place(made, folder / f"{key}.{sub}")
        meta = {"format": FORMAT, "key": key, "sha256": sha256(made), **extra}
        _write_atomic(folder / f"{key}.json", json.dumps(meta).encode())
        getattr(self, f"used_{sub}").add(key)

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
        entry = self._read_entry("pdf", key) if self.reuse else None
        pages = entry[1].get("pages") if entry else None
        if entry is None or not isinstance(pages, int) or pages < 1:
            self.pdf_misses += 1
            return None
        self.pdf_hits += 1
        self.used_pdf.add(key)
        return CachedPdf(entry[0], pages)

    def put_pdf(self, docx: Path, pdf: Path, pages: int) -> None:
        if self.pdf_env is not None:
            self._put("pdf", self._pdf_key(docx), pdf, {"pages": pages})

    def reuse_pdfs(self, built: list[BuiltDoc], soffice: str | None) -> list[BuiltDoc]:
        """Each document whose .docx is unchanged gets its cached PDF (and page count) at once;
        the others keep ``pdf=None``, for LibreOffice."""
        assert soffice is not None
        self.start_pdf(soffice)
        out = []
        for d in built:
            hit = self.pdf(d.docx)
            if hit is not None:
                target = d.docx.with_suffix(".pdf")
                _place(hit.path, target)
                d = BuiltDoc(d.job, d.docx, target, hit.pages)
            out.append(d)
        return out

    def keep_pdfs(self, built: list[BuiltDoc], converted: list[Path]) -> list[BuiltDoc]:
        """Keep the PDFs LibreOffice just made (of ``converted``) for the next build."""
        new = set(converted)
        for d in built:
            if d.docx in new and d.pdf is not None and d.pages is not None:
                self.put_pdf(d.docx, d.pdf, d.pages)
        return built

    # Check findings: <root>/check.json {"format", "checker", "docs": {docx sha: result}}

    def start_check(self, lang: str, options: Options | None = None) -> None:
        """Load the findings kept for this checker (``options``, rules data, language)."""
        self.check_key = checker_stamp(lang, options)
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

    def layout(self, pdf: Path, compute: Callable[[], Any]) -> Any:
        """The JSON-able layout faults of a PDF (a wrapped date line…), kept beside the check
        results under the PDF's bytes: a PDF reused from the cache is not read again."""
        if self.check_key is None:
            return compute()
        sha = "pdf:" + self.docx_sha(pdf)
        self.used_checks.add(sha)
        if sha in self.checks:
            self.layout_hits += 1
            return self.checks[sha]
        self.layout_misses += 1
        self.checks[sha] = result = compute()
        return result

    # Files made from other files (the dossier's merged PDF): <root>/derived/<key>.derived

    def derived(self, target: Path, inputs: list[Path], extra: str, make: Callable[[], int]) -> int:
        """``make()`` writes ``target`` and returns a number (its pages); reused while the inputs'
        bytes, ``extra`` and docgen's code are the same."""
        key = _digest(code_stamp(), extra, *(sha256(p) for p in inputs))
        self.used_derived.add(key)
        entry = self._read_entry("derived", key) if self.reuse else None
        if entry is not None and isinstance(entry[1].get("value"), int):
            _place(entry[0], target)
            return int(entry[1]["value"])
        value = make()
        self._put("derived", key, target, {"value": value})
        return value

    # Saving: what this build used stays, the rest goes.

    def stats(self) -> dict[str, int]:
        names = ("docx", "pdf", "check", "layout")
        return {f"{n}_{w}": getattr(self, f"{n}_{w}") for n in names for w in ("hits", "misses")}

    def save(self) -> None:
        """Keep what this build used, drop the rest; ``last-build.json`` says what was reused."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.pending != self.root and self.pending.is_dir():
            for folder in self.pending.iterdir():
                (self.root / folder.name).mkdir(exist_ok=True)
                for p in folder.iterdir():
                    os.replace(p, self.root / folder.name / p.name)
            shutil.rmtree(self.pending)
        self._reap_tmp()
        _write_atomic(self.root / "last-build.json", json.dumps(self.stats()).encode())
        if self.check_key is not None and self.used_checks:
            docs = {k: self.checks[k] for k in sorted(self.used_checks)}
            data = {"format": FORMAT, "checker": self.check_key, "docs": docs}
            _write_atomic(self.root / "check.json", json.dumps(data, ensure_ascii=False).encode())
        kinds = (("pdf", self.used_pdf), ("docx", self.used_docx), ("derived", self.used_derived))
        for kind, used in kinds:
            if used:  # a build without PDFs leaves the PDFs of the last build with them
                for p in self._entries(kind):
                    if p.name.split(".")[0] not in used:
                        p.unlink(missing_ok=True)

    def _reap_tmp(self) -> None:
        """Temporary files a killed build left in the cache (``.<name>.<pid>.tmp``, as
        ``files.reap`` does for staging folders): removed once their process is gone."""
        for folder in (self.root, *(p for p in self.root.iterdir() if p.is_dir())):
            for p in folder.glob(".*.tmp"):
                pid = p.name.rsplit(".", 2)[-2]
                if pid.isdigit() and not alive(int(pid)):
                    p.unlink(missing_ok=True)

    def _entries(self, sub: str) -> Iterator[Path]:
        folder = self.root / sub
        if folder.is_dir():
            yield from (p for p in folder.iterdir() if p.is_file())
