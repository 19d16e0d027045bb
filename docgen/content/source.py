"""YAML files with their positions: ruamel.yaml round-trip loading, and locating a field's line.

Dates are kept as text so that an impossible date (31/02) becomes a located validation error
instead of a parser crash, and so that round-tripping (rollover) writes them back untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from docgen.content.syntax import explain
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr


class _TextDatesConstructor(RoundTripConstructor):
    pass


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a Vietnamese sentence
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a ContentError located at the offending line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContentError(tr("Không tìm thấy tệp {p}", "File not found: {p}", p=path)) from None
    except UnicodeDecodeError as exc:
        ref = SourceRef(path, field=None)
        raise ContentError(
            tr("Tệp không phải UTF-8", "File is not UTF-8"),
            [
                Problem(
                    ref,
                    tr(
                        "byte {b} ở vị trí {o} không phải UTF-8; hãy lưu tệp dưới dạng UTF-8",
                        "byte {b} at offset {o} is not UTF-8; save the file as UTF-8",
                        b=hex(exc.object[exc.start]),
                        o=exc.start,
                    ),
                )
            ],
        ) from None
    try:
        data = make_yaml().load(text)
    except MarkedYAMLError as exc:
        why = explain(text, exc)
        raise ContentError(
            tr(
                "YAML không hợp lệ: sửa dòng được chỉ ra rồi chạy lại",
                "Invalid YAML: fix the line shown and run again",
            ),
            [Problem(SourceRef(path, why.line, why.column), why.message)],
        ) from None
    return {} if data is None else data


def locate(data: Any, loc: Sequence[int | str]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node at ``loc``; falls back to the nearest existing parent."""
    line: int | None = None
    col: int | None = None
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            ln, cl = node.lc.key(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            ln, cl = node.lc.item(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        else:
            if line is None and hasattr(node, "lc"):
                line, col = node.lc.line + 1, node.lc.col + 1
            break
    return line, col


def field_path(loc: Sequence[int | str]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
