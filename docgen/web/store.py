"""Saving a form into a content file: same validation as the CLI, conflicts, atomic writes.

The candidate text is validated in a shadow copy of the content folder by the same loaders the
CLI uses; if it brings an error that was not there before, nothing is written and the located
problems go back to the form. A form made from an older version of the file (another tab, a
hand edit) is refused with both values of every field it changed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, Problem, SourceRef
from docgen.files import locked, write_atomic
from docgen.web import yamledit
from docgen.web.yamledit import FieldConflict

Validator = Callable[[Path], list[Problem]]  # content root -> every problem found


@dataclass
class SaveResult:
    saved: bool
    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # as in the real folder
    new_errors: list[Problem] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    version: str = ""


def problems_of(call: Callable[[], Any]) -> list[Problem]:
    """Problems a loader raises (every one it found), or none."""
    try:
        call()
    except DocgenError as exc:
        return exc.problems or [Problem(SourceRef(""), exc.message)]
    return []


def _key(p: Problem, root: Path) -> tuple[str, str | None, str]:
    try:
        rel = Path(p.ref.path).relative_to(root).as_posix()
    except ValueError:
        rel = str(p.ref.path)
    return rel, p.ref.field, p.message


def _rebase(p: Problem, shadow: Path, root: Path) -> Problem:
    try:
        rel = Path(p.ref.path).relative_to(shadow)
    except ValueError:
        return p
    ref = SourceRef(root / rel, p.ref.line, p.ref.column, p.ref.field, p.ref.cell)
    return Problem(ref, p.message, p.severity)


@contextmanager
def writing(root: Path, paths: Iterable[Path]) -> Iterator[None]:
    """Hold the content-year locks of ``paths`` (``files.locked``, the ones ``docgen rollover``
    and ``docgen import`` take) while the page writes them: never into a year that another run
    is replacing. A lock held too long is an ``OutputError`` saying who holds it."""
    years = set()
    for p in paths:
        parts = p.relative_to(root).parts if p.is_relative_to(root) else ()
        if len(parts) > 1 and parts[0].isdigit():
            years.add(parts[0])
    with ExitStack() as stack:
        for year in sorted(years):
            stack.enter_context(locked(root, year, "docgen serve"))
        yield


def check_candidate(
    root: Path, files: Mapping[Path, bytes], validate: Validator
) -> tuple[list[Problem], list[Problem]]:
    """(problems after, errors that are new) when ``files`` replace theirs under ``root``."""
    before = {_key(p, root) for p in validate(root) if p.severity == "error"}
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        shadow = Path(tmp) / "content"
        shutil.copytree(root, shadow, ignore=shutil.ignore_patterns(".*"))
        for path, data in files.items():
            target = shadow / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        after = [_rebase(p, shadow, root) for p in validate(shadow)]
    new = [p for p in after if p.severity == "error" and _key(p, root) not in before]
    return after, new


@dataclass
class Edit:
    """One file of a save: the form's fields for it, the version the form was made from, and
    an optional structural change (adding an item)."""

    path: Path
    form: Mapping[str, str]
    version: str
    edit: Callable[[Any], list[str]] | None = None


def save_many(root: Path, edits: list[Edit], validate: Validator) -> SaveResult:
    """Apply every edit; write all the files (each atomically) only if none is stale and the
    result brings no new error."""
    texts: dict[Path, bytes] = {}
    changed: list[str] = []
    stale: list[FieldConflict] = []
    versions = []
    for e in edits:
        current = yamledit.read_text(e.path) if e.path.exists() else ""
        fresh = e.version == yamledit.version_of(current)
        base = current if fresh else yamledit.base_text(e.version)
        data = yamledit.load(base if base is not None else current, e.path)
        mine = yamledit.apply_form(data, e.form)
        if e.edit is not None:
            mine += e.edit(data)
        changed += mine
        if not fresh:
            stale += yamledit.conflicts(e.version, data, current, mine)
            versions.append(yamledit.remember(current))
        elif mine:
            text = yamledit.dump(data)
            texts[e.path] = text.encode("utf-8")
            versions.append(yamledit.remember(text))
        else:
            versions.append(yamledit.remember(current))
    if stale or any(e.version != yamledit.version_of(_now(e.path)) for e in edits):
        return SaveResult(False, changed, conflicts=stale, version=versions[0])
    if not texts:
        return SaveResult(True, [], validate(root), version=versions[0])
    problems, new = check_candidate(root, texts, validate)
    if new:
        return SaveResult(False, changed, problems, new, version=edits[0].version)
    with writing(root, texts):
        if any(e.version != yamledit.version_of(_now(e.path)) for e in edits):
            # replaced while this save waited for the lock (an import, a hand edit): stale
            return SaveResult(False, changed, version=versions[0])
        for path, data in texts.items():
            write_atomic(path, data)
    return SaveResult(True, changed, problems, version=versions[0])


def _now(path: Path) -> str:
    return yamledit.read_text(path) if path.exists() else ""


def save_form(
    root: Path,
    path: Path,
    form: Mapping[str, str],
    version: str,
    validate: Validator,
    edit: Callable[[Any], list[str]] | None = None,
) -> SaveResult:
    """Apply ``form`` (and ``edit``, for structural changes) to ``path`` and write it if valid."""
    return save_many(root, [Edit(path, form, version, edit)], validate)
