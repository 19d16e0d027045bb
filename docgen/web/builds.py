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

from docgen.errors import DocgenError
from docgen.i18n import lang_scope, tr
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
    warnings: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def progress(self, stage: str, done: int, total: int) -> None:
        self.stage, self.done, self.total = stage, done, total


def _problem(p: Any) -> dict[str, Any]:
    r = p.ref
    return {
        "path": str(r.path),
        "line": r.line,
        "field": r.field,
        "cell": r.cell,
        "message": p.message,
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
        with lang_scope(lang):
            try:
                result = build(opts, job.progress)
                job.warnings = result.warnings
                job.message = tr("Đã tạo {n} tệp", "Wrote {n} files", n=len(result.entries))
                job.state = "ok"
            except DocgenError as exc:
                job.message = exc.message
                job.problems = [_problem(p) for p in exc.problems]
                job.state = "failed"
            except Exception as exc:  # a bug: keep the server up, say so on the page
                log.exception("build failed")
                job.message = tr(
                    "Lỗi không mong đợi khi tạo văn bản: {e}",
                    "Unexpected error while building: {e}",
                    e=exc,
                )
                job.state = "failed"
            finally:
                job.finished = time.time()
                self._record(job)

    def _record(self, job: BuildJob) -> None:
        folder = self.out / ".docgen-web" / "builds"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{job.year}.json").write_text(
            json.dumps(asdict(job), ensure_ascii=False, indent=1), encoding="utf-8"
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
