"""The error tree every stage raises, and the location every problem carries.

Library code raises; only ``docgen.cli`` prints and exits (one error boundary). Each error
knows its exit code, in the manner of Click's exceptions: 1 for bad input, 2 for usage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.i18n import tr
from docgen.limits import MAX_LISTED, MAX_MESSAGE


@dataclass(frozen=True)
class SourceRef:
    """Where a value came from: a file, and a line/column, a spreadsheet cell or a place in a
    document, and a field path."""

    path: Path | str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted path into the data, e.g. "sections[1].criteria[0].points"
    cell: str | None = None  # spreadsheet location, e.g. "Sheet1!D7"
    label: str | None = None  # the field in words, e.g. "Nội dung 3, tên" (printed after field)
    place: str | None = None  # a place in a document: "¶12", "T1R3C2", "header", "2:14" (PDF)
    # the content values a generated document's place was printed from (a build's own check)
    origin: tuple[SourceRef, ...] = ()

    def __str__(self) -> str:
        where = str(self.path)
        if self.place:
            where += f":{self.place}"
        elif self.cell:
            where += f"!{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.origin:
            named = "; ".join(o.named() for o in self.origin)
            where += " (" + tr("từ {o}", "from {o}", o=named) + ")"
        return where

    def named(self) -> str:
        """File and line, then the field in words: "plan.yaml:60, phần mở đầu, đoạn 1"."""
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}, {self.label}" if self.label else where


SEVERITY_WORDS = {
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "info": ("ghi chú", "note"),
}


@dataclass(frozen=True)
class Problem:
    """The one diagnostic record of the program: a content error (YAML, scores) and a checker
    finding alike. Where (``ref``), how serious, and what: either a rendered ``message``, or a
    rule ``code`` with its message arguments (``args``), rendered by the checker's formatters
    in either language."""

    ref: SourceRef
    message: str = ""
    severity: str = "error"  # "error" | "warning" | "info"
    code: str = ""  # a checker rule id (VBnnn); "" for content errors
    args: dict[str, Any] = field(default_factory=dict)
    excerpt: str = ""  # the text the finding is about
    order: int = field(default=-1, compare=False)  # position in the document, for sorting

    @property
    def path(self) -> Path:
        return Path(self.ref.path)

    @property
    def location(self) -> str:
        """The place inside the file ("¶12", "2:14"), as ``docgen check`` prints it."""
        if self.ref.place is not None:
            return self.ref.place
        return str(self.ref.line) if self.ref.line is not None else ""

    def __str__(self) -> str:
        vi, en = SEVERITY_WORDS.get(self.severity, (self.severity, self.severity))
        fld = f" [{self.ref.field}]" if self.ref.field else ""
        if self.ref.label:
            fld += f" ({self.ref.label})"
        code = f" {self.code}" if self.code else ""
        return f"{self.ref}:{fld}{code} {tr(vi, en)}: {cut(self.message)}"


def cut(message: str, limit: int = MAX_MESSAGE) -> str:
    """``message``, cut at ``limit`` characters: a value found in a hostile file is never
    printed whole."""
    if len(message) <= limit:
        return message
    return message[:limit] + tr(
        "… (bỏ bớt {n} ký tự)", "… ({n} characters cut)", n=len(message) - limit
    )


class DocgenError(Exception):
    """Base of every error docgen reports to a user."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def format(self) -> str:
        """The message and the problems: the first ``MAX_LISTED``, then how many more."""
        lines = [cut(self.message, 4 * MAX_MESSAGE)]
        lines += [f"  {p}" for p in self.problems[:MAX_LISTED]]
        rest = len(self.problems) - MAX_LISTED
        if rest > 0:
            lines.append(
                "  "
                + tr(
                    "… và {n} vấn đề khác (sửa các vấn đề trên rồi chạy lại để xem tiếp)",
                    "… and {n} more (fix the ones above and run again to see the rest)",
                    n=rest,
                )
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()


class ContentError(DocgenError, ValueError):
    """Content (YAML) or results (Excel/CSV) do not satisfy the schema."""


class TemplateError(DocgenError):
    """A .docx template is missing, malformed or asks for data the content lacks."""


class ExportError(DocgenError, RuntimeError):
    """LibreOffice failed to convert a document."""


class OutputError(DocgenError):
    """docgen cannot write where it was asked to (a file in the way, read-only, disk full,
    another run writing the same folder)."""


class CheckFailed(DocgenError):
    """The Decree 30 checker found errors in a document docgen was about to publish."""


class UsageError(DocgenError):
    exit_code = 2


@dataclass
class ProblemList:
    """Collects every problem in a file before failing, so a user sees them all at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, ref: SourceRef, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(ref, message, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
