"""What flows through rendering: a job (template + context + properties) and the document
built from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docgen.content.origins import Origins


@dataclass(frozen=True)
class DocProps:
    """Core document properties (File > Properties in Word), taken from content."""

    title: str
    author: str
    subject: str = ""
    date: dt.date | None = None
    keywords: str = ""


@dataclass(frozen=True)
class RenderJob:
    kind: str  # "plan", "evaluation", "summary", "totrinh", …
    template: Path
    context: dict[str, Any]
    filename: str  # file name inside the year's output folder, e.g. "ke-hoach-2024.docx"
    props: DocProps
    meta: dict[str, Any] = field(default_factory=dict)  # extra manifest fields (unit, candidate…)
    # the content values printed in the document, for the build's check to name their lines;
    # made only when a finding asks (most builds have none)
    origins: Callable[[], Origins] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BuiltDoc:
    """A rendered job: its .docx and, once exported, its PDF and page count."""

    job: RenderJob
    docx: Path
    pdf: Path | None = None
    pages: int | None = None
