"""Warnings a stage raises while it works, collected for the caller (like the warnings module).

Producers of documents return jobs; what they have to say on the side (a unit without scores,
text normalised from NFD) goes through :func:`warn` and reaches the CLI via the build's result.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_collected: ContextVar[list[str] | None] = ContextVar("docgen_notices", default=None)


def warn(message: object) -> None:
    """Record a warning for the running build; outside a build it is dropped."""
    bucket = _collected.get()
    if bucket is not None and str(message) not in bucket:
        bucket.append(str(message))


@contextmanager
def collecting() -> Iterator[list[str]]:
    bucket: list[str] = []
    token = _collected.set(bucket)
    try:
        yield bucket
    finally:
        _collected.reset(token)
