"""The shape of a rules file (``rules.yaml``, a profile, a user's ``--rules``), in pydantic.

Every key is optional, because a user's file only adds to or overrides the builtin one; unknown
keys are errors. ``problems`` turns pydantic's errors into located ``Problem``s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationError,
)

from docgen.errors import Problem, SourceRef
from docgen.i18n import tr

Level = Literal["error", "warning", "off"]
Severity = Literal["error", "warning", "info"]
Number = StrictInt | StrictFloat


def _regex(expr: str) -> str:
    try:
        re.compile(expr)
    except re.error as exc:
        raise ValueError(f"biểu thức chính quy sai / bad regular expression: {exc}") from None
    return expr


def _range(value: list[float]) -> list[float]:
    if len(value) != 2 or value[0] > value[1]:
        raise ValueError("cần [nhỏ, lớn] / expected [low, high]")
    return value


Regex = Annotated[str, AfterValidator(_regex)]
Range = Annotated[list[Number], AfterValidator(_range)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Name(Strict):
    vi: str
    en: str


class SectionSpec(Strict):
    name: Name
    where: Literal["heading", "text"] = "text"
    any: list[Regex]


class Components(Strict):
    national: Level | None = None
    motto: Level | None = None
    issuer: Level | None = None
    number: Level | None = None
    place_date: Level | None = None
    subject: Level | None = None
    recipients: Level | None = None
    signer: Level | None = None
    addressee: Level | None = None
    closing: Level | None = None


class KindSpec(Strict):
    name: Name | None = None
    types: list[str] | None = None
    abbrev: str | None = None
    components: Components | None = None
    sections: list[SectionSpec] | None = None
    year_offsets: list[StrictInt] | None = None


class Defaults(Strict):
    components: Components | None = None
    year_offsets: list[StrictInt] | None = None


class Margins(Strict):
    top: Range | None = None
    bottom: Range | None = None
    left: Range | None = None
    right: Range | None = None


class Layout(Strict):
    page_mm: Range | None = None
    page_tolerance_mm: Number | None = None
    margins_mm: Margins | None = None
    tolerance_mm: Number | None = None
    fonts: list[str] | None = None
    pdf_fonts: list[str] | None = None
    body_size_pt: Range | None = None
    page_number_size_pt: Range | None = None


class FormatSpec(Strict):
    caps: StrictBool | None = None
    bold: StrictBool | None = None
    italic: StrictBool | None = None
    size_pt: Range | None = None


class Formatting(Strict):
    national: FormatSpec | None = None
    motto: FormatSpec | None = None
    parent: FormatSpec | None = None
    issuer: FormatSpec | None = None
    place_date: FormatSpec | None = None
    type_line: FormatSpec | None = None
    subject: FormatSpec | None = None
    recipients_label: FormatSpec | None = None
    recipients: FormatSpec | None = None
    signer: FormatSpec | None = None


class RulesFile(Strict):
    national_title: list[str] | None = None
    motto: list[str] | None = None
    type_abbreviations: dict[str, str] | None = None
    customary_abbreviations: list[str] | None = None
    authority_prefixes: list[str] | None = None
    honorifics: list[str] | None = None
    defaults: Defaults | None = None
    kinds: dict[str, KindSpec | None] | None = None
    layout: Layout | None = None
    formatting: Formatting | None = None
    severity: dict[str, Severity] | None = None
    enable: list[str] | None = None


def problems(path: Path, data: Any) -> list[Problem]:
    """Every way ``data`` (loaded with positions) differs from ``RulesFile``, located."""
    from docgen.content.source import field_path, locate

    try:
        RulesFile.model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if not _is_type_tag(p)]
            line, col = locate(data, loc)
            found = err.get("input")
            out.append(
                Problem(
                    SourceRef(path, line, col, field=field_path(loc)),
                    tr(
                        "{m} (gặp {f!r})",
                        "{m} (found {f!r})",
                        m=_message(err),
                        f=found if not isinstance(found, dict) else "{…}",
                    ),
                )
            )
        return sorted(out, key=lambda p: (p.ref.line or 0, p.ref.column or 0))
    return []


def _is_type_tag(part: Any) -> bool:
    """pydantic adds the union member tried ("int", "float", "list[…]") to an error's loc."""
    return isinstance(part, str) and (
        part in ("int", "float", "str", "bool") or "[" in part or part.startswith("function-")
    )


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return tr("khóa không có trong mẫu quy tắc", "unknown key")
    if kind == "literal_error":
        allowed = err["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return tr("cần một trong {e}", "expected one of {e}", e=allowed)
    if kind.startswith("bool"):
        return tr("cần true hoặc false", "expected true or false")
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return tr("cần một số", "expected a number")
    if kind == "list_type":
        return tr("cần một danh sách [..]", "expected a list [..]")
    if kind in ("dict_type", "model_type"):
        return tr("cần một bảng key: value", "expected a mapping (key: value)")
    if kind == "string_type":
        return tr("cần một chuỗi chữ", "expected text")
    if kind == "missing":
        return tr("thiếu khóa bắt buộc", "required key missing")
    return str(err["msg"]).removeprefix("Value error, ")
