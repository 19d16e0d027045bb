"""Builds from the browser: one at a time (a second "Tạo văn bản" joins the running one).

A build is ``docgen.pipeline.build`` in a thread, with its progress kept for the page to poll.
A failed build publishes nothing (the pipeline's staging folder), so the previous output stays;
the last result of each year is kept in ``<out>/.docgen-web/builds/<year>.json``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, Problem, cut
from docgen.i18n import lang_scope, tr
from docgen.limits import MAX_MESSAGE
from docgen.pipeline import BuildOptions, build

log = logging.getLogger(__name__)


@dataclass
class BuildJob:
    id: int
    year: int
    draft: bool
    stage: str = "load"
    done: int = 0
    total: int = 0
    state: str = "running"  # running | ok | failed
    message: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)  # located, as ``problems``
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def progress(self, stage: str, done: int, total: int) -> None:
        self.stage, self.done, self.total = stage, done, total


def _problem(p: Problem) -> dict[str, Any]:
    """A located problem (an error, or a warning of the one warnings channel) as JSON data; the
    message cut like the CLI's (a value from a hostile file is never shown whole)."""
    r = p.ref
    return {
        "path": str(r.path),
        "line": r.line,
        "field": r.field,
        "cell": r.cell,
        # the content values a finding's paragraph was printed from, to link to their fields
        "origin": [{"path": str(o.path), "line": o.line, "field": o.field} for o in r.origin],
        "message": cut(p.message),
        "severity": p.severity,
        "text": str(p),
    }


class Builds:
    """The one build slot of a server."""

    def __init__(self, content: Path, out: Path, templates: Path, pdf: bool) -> None:
        self.content, self.out, self.templates, self.pdf = content, out, templates, pdf
        self._lock = threading.Lock()
        self._next = 1
        self.current: BuildJob | None = None
        self.jobs: dict[int, BuildJob] = {}

    def start(self, year: int, draft: bool, lang: str) -> tuple[BuildJob, bool]:
        """The running build (joined) or a new one; True when joined."""
        with self._lock:
            if self.current is not None and self.current.state == "running":
                return self.current, True
            job = BuildJob(self._next, year, draft)
            self._next += 1
            self.current = job
            self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, lang), daemon=True).start()
        return job, False

    def wait(self, job: BuildJob, timeout: float = 600) -> BuildJob:
        end = time.time() + timeout
        while job.state == "running" and time.time() < end:
            time.sleep(0.05)
        return job

    def _run(self, job: BuildJob, lang: str) -> None:
        opts = BuildOptions(
            content=self.content,
            out=self.out,
            templates=self.templates,
            year=job.year,
            pdf=self.pdf,
            draft=job.draft,
        )
        state = "failed"
        with lang_scope(lang):
            try:
                result = build(opts, job.progress)
                job.warnings = [_problem(w) for w in result.warnings]
                job.message = tr("Đã tạo {n} tệp", "Wrote {n} files", n=len(result.entries))
                state = "ok"
            except DocgenError as exc:
                job.message = cut(exc.message, 4 * MAX_MESSAGE)
                job.problems = [_problem(p) for p in exc.problems]
            except Exception as exc:  # a bug: keep the server up, say so on the page
                log.exception("build failed")
                job.message = tr(
                    "Lỗi không mong đợi khi tạo văn bản: {e}",
                    "Unexpected error while building: {e}",
                    e=exc,
                )
            finally:
                job.finished = time.time()
                try:
                    self._record(job, state)
                except OSError:
                    log.exception("cannot record the build")
                # only now: whoever waits for the job (the page's poll) finds its record written
                job.state = state

    def _record(self, job: BuildJob, state: str) -> None:
        folder = self.out / ".docgen-web" / "builds"
        folder.mkdir(parents=True, exist_ok=True)
        record = asdict(job) | {"state": state}
        (folder / f"{job.year}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def last(self, year: int) -> dict[str, Any] | None:
        path = self.out / ".docgen-web" / "builds" / f"{year}.json"
        if not path.is_file():
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None
        return data
