"""The one warnings channel: located warnings a stage raises while it works, collected for the
caller (like the warnings module).

Every warning is a :class:`~docgen.errors.Problem` with severity "warning" (where, what).
Loaders return theirs with what they loaded (``Content.warnings``, ``Scored.warnings``, from
a ``ProblemList``); stages deeper in a build (a unit without scores, a dossier report not
used) call :func:`warn`, and :func:`collecting` gathers them into the build's result
(``BuildResult.warnings``) or, for the other commands, in the CLI; the CLI prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from docgen.errors import Problem

_collected: ContextVar[list[Problem] | None] = ContextVar("docgen_notices", default=None)


def warn(problem: Problem) -> None:
    """Record a warning for the running build, once; outside a build it is dropped."""
    bucket = _collected.get()
    if bucket is not None and problem not in bucket:
        bucket.append(problem)


@contextmanager
def collecting() -> Iterator[list[Problem]]:
    bucket: list[Problem] = []
    token = _collected.set(bucket)
    try:
        yield bucket
    finally:
        _collected.reset(token)
