"""Run the rules: paths -> outlines -> structures -> ``Finding``s (data only; no text).

``select``/``ignore`` take codes or prefixes (``VB2``, ``VB50``), flake8 style. The kind comes
from ``--kind`` or from the document type line (KẾ HOẠCH -> plan, TỜ TRÌNH -> totrinh…).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.check import config
from docgen.check.catalogue import all_rules
from docgen.check.quality import reason, unreliable
from docgen.check.rules import Ctx, first_location
from docgen.check.structure import analyse
from docgen.errors import Problem, SourceRef, UsageError
from docgen.i18n import get_lang, set_lang, tr
from docgen.reader.outline import Unreadable
from docgen.reader.read import SUFFIXES, read

# A checker finding is the program's one diagnostic record (``docgen.errors.Problem``), with a
# rule code and message arguments instead of a rendered message.
Finding = Problem


def finding(
    path: Path,
    code: str,
    severity: str,
    location: str,
    args: dict[str, Any] | None = None,
    excerpt: str = "",
    order: int = -1,
) -> Problem:
    return Problem(
        SourceRef(path, place=location),
        severity=severity,
        code=code,
        args=dict(args or {}),
        excerpt=excerpt,
        order=order,
    )


STAGES = ("auto", "draft", "issued")
PROFILES = ("decree", "docgen")


@dataclass
class Options:
    kind: str | None = None  # None = auto
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules_file: Path | None = None
    # draft: the number and day may be blank (the văn thư fills them in at issuance);
    # issued: they may not; auto: a blank number or day means a draft.
    stage: str = "auto"
    # decree: only what Decree 30 and its appendices require; docgen: also docgen's own
    # document profiles (required sections, embedded PDF fonts), for docgen's outputs.
    profile: str = "decree"


def parse_codes(text: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (text or "").replace(";", ",").split(",") if c.strip())


class Checker:
    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        for name, value, allowed in (
            ("stage", self.options.stage, STAGES),
            ("profile", self.options.profile, PROFILES),
        ):
            if value not in allowed:
                raise UsageError(
                    tr(
                        "--{n} không hợp lệ: {v}; chọn một trong: {l}",
                        "Unknown --{n} {v}; choose one of: {l}",
                        n=name,
                        v=value,
                        l=", ".join(allowed),
                    )
                )
        self.data = config.load(self.options.rules_file, self.options.profile)
        self.rules = all_rules()
        if self.options.kind and self.options.kind not in self.data.kinds:
            raise UsageError(
                tr(
                    "Loại văn bản không hợp lệ: {k}; chọn một trong: {l}",
                    "Unknown kind {k}; choose one of: {l}",
                    k=self.options.kind,
                    l=", ".join(["auto", *self.data.kinds]),
                )
            )
        for code in self.options.select + self.options.ignore:
            if not any(c.startswith(code) for c in self.rules):
                raise UsageError(
                    tr(
                        'Không có quy tắc nào khớp "{c}" (xem --list-rules)',
                        'No rule matches "{c}" (see --list-rules)',
                        c=code,
                    )
                )
        overrides = self.data.raw.get("severity") or {}
        for code, sev in overrides.items():
            if code not in self.rules or sev not in ("error", "warning", "info"):
                raise UsageError(
                    tr(
                        "Tệp quy tắc: severity.{c}: cần mã quy tắc có thật và "
                        "error|warning|info, gặp {v!r}",
                        "Rules file: severity.{c}: expected a known rule and "
                        "error|warning|info, got {v!r}",
                        c=code,
                        v=sev,
                    )
                )
        self.severity = {code: overrides.get(code, r.severity) for code, r in self.rules.items()}

    def enabled(self, code: str) -> bool:
        sel, ign = self.options.select, self.options.ignore
        if sel and not any(code.startswith(s) for s in sel):
            return False
        rule = self.rules.get(code)
        if rule and not rule.default_on and code not in self.data.enable and code not in sel:
            return False
        best_sel = max((len(s) for s in sel if code.startswith(s)), default=0)
        best_ign = max((len(s) for s in ign if code.startswith(s)), default=-1)
        return best_ign < best_sel if best_ign >= 0 else True

    def check_file(self, path: Path) -> list[Finding]:
        try:
            outline = read(path)
        except Unreadable as exc:
            return self._only(
                "VB901",
                path,
                "1",
                {"reason": tr(exc.vi, exc.en), "reason_vi": exc.vi, "reason_en": exc.en},
            )
        return self.check_outline(outline)

    def _only(self, code: str, path: Path, loc: str, args: dict[str, Any]) -> list[Finding]:
        return [finding(path, code, self.severity[code], loc, args)] if self.enabled(code) else []

    def check_outline(self, outline: Any) -> list[Finding]:
        path = outline.path
        why = unreliable(outline) if outline.source == "pdf" else None
        if why:  # a scan, or a text layer that cannot be trusted: say so once
            found = self._only("VB903", path, "1:1", reason(why))
            return found + list(self._run(outline, only_sources=True))
        st = analyse(outline, self.data, self.options.kind, self.options.stage)
        found = []
        if st.kind == "unknown" and not self.options.kind:
            found += self._only("VB902", path, first_location(st), {})
        # Document order, as a văn thư reads it; rules without a place (layout) come first.
        return found + sorted(self._run(outline, st=st), key=lambda f: (f.order, f.code))

    def _run(self, outline: Any, st: Any = None, only_sources: bool = False) -> Iterator[Finding]:
        if st is None:
            st = analyse(outline, self.data, self.options.kind, self.options.stage)
        ctx = Ctx(st, self.data)
        for code, r in self.rules.items():
            if r.check is None or outline.source not in r.sources or not self.enabled(code):
                continue
            if only_sources and code < "VB500":
                continue
            for hit in r.check(ctx):
                sev = self.severity[code]
                if hit.severity == "warning" and sev == "error":
                    sev = "warning"
                yield finding(
                    outline.path, code, sev, hit.location, hit.args, hit.excerpt, hit.order
                )


# docgen's own folders inside an output or content folder; ``.docgen-web`` holds what
# ``docgen serve`` keeps (uploads sent to its check page, page images), not the year's documents.
WORK_FOLDERS = (".staging-", ".old-", ".pdf-work-", ".import-", ".docgen-web")


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders recursively (only .docx/.pdf, skipping Word's ~$ lock files and
    docgen's own work folders: a build's staging copy is not a document to check)."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                inside = f.relative_to(p).parts[:-1]
                if any(part.startswith(WORK_FOLDERS) for part in inside):
                    continue
                if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith("~$"):
                    yield f
        else:
            yield p


def exit_code(findings: list[Finding]) -> int:
    if any(f.code == "VB901" for f in findings):
        return 2
    return 1 if any(f.severity == "error" for f in findings) else 0


_worker: Checker | None = None


def _init_worker(options: Options, lang: str) -> None:
    global _worker
    set_lang(lang)
    _worker = Checker(options)


def _check_one(path: Path) -> list[Finding]:
    assert _worker is not None
    return _worker.check_file(path)


def check_files(options: Options, paths: list[Path], jobs: int | None = None) -> list[Finding]:
    """Findings of every file, in the order given; on ``jobs`` processes (default: one per core,
    at most 4, once there are 16 files or more — a district folder has hundreds)."""
    checker = Checker(options)  # validates the options (rules file, codes) before any work
    if jobs is None:
        jobs = min(os.cpu_count() or 1, 4) if len(paths) >= 16 else 1
    if jobs <= 1:
        return [f for p in paths for f in checker.check_file(p)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(options, get_lang())
    ) as pool:
        return [f for found in pool.map(_check_one, paths, chunksize=8) for f in found]
