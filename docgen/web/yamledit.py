"""Round-trip edits of the content YAML: only the fields that changed are touched.

A form field is named after its field path (``sections[1].criteria[2].points``, the same path
the CLI's messages carry). ``L:`` marks a list edited as lines of a textarea, ``D:`` a date from
a date picker (``2024-05-06`` is written ``06/05/2024``). Comments, key order and quoting stay;
a one-field change is a one-line diff.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from docgen import limits
from docgen.content.source import make_yaml, parse
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr
from docgen.vi.format import parse_date

_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
NUMERIC_KEYS = {
    "points",
    "agree",
    "against",
    "abstain",
    "members_total",
    "members_present",
    "year",
}
# optional fields a form may add to an existing item (the others must already be in the file)
OPTIONAL_KEYS = {
    "against",
    "abstain",
    "title",
    "name",
    "authority",
    "head",
    "number",
    "date",
    "position",
}
_BASES: dict[str, str] = {}  # version -> text, to show what a stale form started from


Loc = tuple[int | str, ...]


def version_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_text(path: Path) -> str:
    """The file's text; a file over the YAML size limit (``limits.MAX_YAML_BYTES``) is refused
    before it is read, as the loaders refuse it."""
    try:
        limits.check_size(path, limits.MAX_YAML_BYTES)
    except limits.Refused as exc:
        raise ContentError(
            tr("Không đọc được {p}", "Cannot read {p}", p=path),
            [Problem(SourceRef(path), tr(exc.vi, exc.en))],
        ) from None
    return path.read_bytes().decode("utf-8-sig")


def remember(text: str) -> str:
    """The version token of ``text``, kept so a later conflict can show the base."""
    v = version_of(text)
    if len(_BASES) > 64:
        _BASES.clear()
    _BASES[v] = text
    return v


def parse_field(name: str) -> Loc:
    loc: list[int | str] = []
    pos = 0
    for m in _TOKEN.finditer(name):
        if m.start() != pos:
            raise ValueError(name)
        pos = m.end()
        loc.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
    if pos != len(name) or not loc:
        raise ValueError(name)
    return tuple(loc)


def get(data: Any, loc: Loc) -> Any:
    node = data
    for key in loc:
        in_map = isinstance(node, Mapping) and key in node
        in_seq = isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        if not (in_map or in_seq):
            return None
        node = node[key]
    return node


def _number(raw: str) -> int | float | str:
    text = raw.strip().replace(" ", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+[.,]\d+", text):
        value = float(text.replace(",", "."))
        return int(value) if value.is_integer() else value
    return raw.strip()  # the validator reports "expected a number, found 'abc'"


def coerce(old: Any, key: int | str, raw: str) -> Any:
    """The new value in the type the file already uses for the field."""
    if raw.strip() == "":
        return None
    if isinstance(old, bool):
        return raw.strip().lower() in ("1", "true", "on", "yes", "có")
    if isinstance(old, (int, float)) or (old is None and key in NUMERIC_KEYS):
        return _number(raw)
    if old is None and key == "number" and raw.strip().isdigit():
        return int(raw.strip())
    if isinstance(old, ScalarString):
        return type(old)(raw.strip())
    return raw.strip()


def to_vn_date(raw: str) -> str:
    """``2024-05-06`` (date picker) or ``6/5/2024`` -> ``06/05/2024``; anything else as typed."""
    try:
        d = parse_date(raw)
    except ValueError:
        return raw.strip()
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return float(old) == float(new)
    return str(old) == str(new)


def _set(data: Any, loc: Loc, value: Any) -> None:
    parent = get(data, loc[:-1]) if len(loc) > 1 else data
    key = loc[-1]
    in_map = isinstance(parent, CommentedMap) and isinstance(key, str)
    in_seq = isinstance(parent, CommentedSeq) and isinstance(key, int) and key < len(parent)
    if in_map or in_seq:
        parent[key] = value
    else:
        raise KeyError(".".join(map(str, loc)))


def _set_list(data: Any, loc: Loc, lines: list[str]) -> bool:
    seq = get(data, loc)
    if not isinstance(seq, CommentedSeq):
        if seq is None and not lines:
            return False
        new = CommentedSeq(lines)
        _set(data, loc, new)
        return True
    changed = False
    for i, line in enumerate(lines[: len(seq)]):
        if str(seq[i]) != line:
            seq[i] = type(seq[i])(line) if isinstance(seq[i], ScalarString) else line
            changed = True
    if len(lines) > len(seq):
        seq.extend(lines[len(seq) :])
        changed = True
    while len(seq) > len(lines):
        del seq[len(seq) - 1]
        changed = True
    return changed


def apply_form(data: Any, form: Mapping[str, str]) -> list[str]:
    """Apply the form's field values to ``data``; the names of the fields that changed."""
    changed = []
    for name, raw in form.items():
        kind, _, path = name.partition(":") if name[:2] in ("L:", "D:") else ("", "", name)
        try:
            loc = parse_field(path)
        except ValueError:
            continue  # csrf, version tokens and buttons are not fields
        if kind == "L":
            lines = [ln.strip() for ln in raw.replace("\r\n", "\n").split("\n") if ln.strip()]
            if _set_list(data, loc, lines):
                changed.append(path)
            continue
        parent = get(data, loc[:-1]) if len(loc) > 1 else data
        if not isinstance(parent, (CommentedMap, CommentedSeq)):
            continue  # a field of something no longer in the file
        missing = isinstance(parent, CommentedMap) and loc[-1] not in parent
        if missing and (loc[-1] not in OPTIONAL_KEYS or not raw.strip()):
            continue  # only fields the file has (or optional ones of a known item)
        old = get(data, loc)
        if isinstance(old, (CommentedMap, CommentedSeq)):
            continue
        value = to_vn_date(raw) if kind == "D" and raw.strip() else coerce(old, loc[-1], raw)
        if not _same(old, value):
            _set(data, loc, value)
            changed.append(path)
    return changed


def dump(data: Any) -> str:
    buf = io.StringIO()
    make_yaml().dump(data, buf)
    return buf.getvalue()


def load(text: str, name: Path | str = "YAML") -> Any:
    """The round-trip tree of ``text``, under the limits of every YAML docgen reads
    (``content.source.parse``): a refused or broken file is a located ``ContentError``."""
    data = parse(text, name)
    return CommentedMap() if data is None else data


@dataclass(frozen=True)
class FieldConflict:
    field: str
    yours: str
    theirs: str


def conflicts(base_version: str, submitted: Any, current_text: str, changed: list[str]) -> list:
    """For a stale form: each field you changed, your value and the value in the file now."""
    current = load(current_text)
    out = []
    for name in changed:
        loc = parse_field(name)
        out.append(FieldConflict(name, _show(get(submitted, loc)), _show(get(current, loc))))
    return out


def base_text(version: str) -> str | None:
    return _BASES.get(version)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def split_form(form: Mapping[str, Any], prefix: str) -> tuple[dict[str, str], dict[str, str]]:
    """(fields without ``prefix``, fields with it, prefix removed); ``L:``/``D:`` kept."""
    mine: dict[str, str] = {}
    other: dict[str, str] = {}
    for name, value in form.items():
        if not isinstance(value, str):
            continue
        kind, rest = (name[:2], name[2:]) if name[:2] in ("L:", "D:") else ("", name)
        if rest.startswith(prefix):
            other[kind + rest[len(prefix) :]] = value
        else:
            mine[name] = value
    return mine, other
