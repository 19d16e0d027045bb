"""User-facing message catalogue: Vietnamese by default, English on request.

The language is chosen once per process by the CLI (``--lang``) or the ``DOCGEN_LANG``
environment variable. Library code builds messages with :func:`tr`; it never prints.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGS = ("vi", "en")
_lang: str | None = None
# One request of ``docgen serve`` in its own language, without changing the process's choice.
_request_lang: ContextVar[str | None] = ContextVar("docgen_request_lang", default=None)


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = lang if lang in LANGS else None


@contextmanager
def lang_scope(lang: str | None) -> Iterator[None]:
    """Messages in ``lang`` inside the block (this thread or task only)."""
    token = _request_lang.set(lang if lang in LANGS else None)
    try:
        yield
    finally:
        _request_lang.reset(token)


def get_lang() -> str:
    scoped = _request_lang.get()
    if scoped:
        return scoped
    if _lang:
        return _lang
    env = os.environ.get("DOCGEN_LANG", "vi").lower()[:2]
    return env if env in LANGS else "vi"


def tr(vi: str, en: str, /, **kwargs: object) -> str:
    """Pick the message for the current language and fill it in with ``str.format``."""
    text = en if get_lang() == "en" else vi
    return text.format(**kwargs) if kwargs else text


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (có phải là 'X'?)`` with the choice closest to ``value`` (difflib), or ``""``."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return tr(" (có phải là '{s}'?)", " (did you mean '{s}'?)", s=close[0]) if close else ""
