"""The parsed content files of the last build, kept as JSON with their positions.

Reading the YAML with positions (ruamel's round-trip loader, pure Python) is the largest part
of a rebuild's start: ~0.6 s of CPU for a district's units.yaml alone. ``docgen build`` turns
this cache on (``using(folder)``): a file whose bytes are unchanged is read back from
``<out>/.cache/<year>/yaml/`` with the same values and the same line/column of every key and
item (so located errors are unchanged); any other file is parsed as before and kept.

Only plain data is kept: mappings, lists, text, numbers, booleans, null. A file with anchors,
aliases or merge keys, or whose values are anything else, is always parsed. The values come
back as plain ``str``/``float`` (the quoting styles of ruamel's round-trip types only matter
to code that writes the file back, which never reads through this cache: rollover and the web
editor parse the text themselves). Entries are keyed by the file's bytes, this module and the
parser's code and ruamel's version; one entry per file (folder and name) is kept. New entries
are written only when the build succeeded (``save``): a failed build leaves nothing.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ruamel.yaml import __version__ as ruamel_version
from ruamel.yaml.comments import CommentedMap, CommentedSeq

FORMAT = 1
_active: ContextVar[tuple[Path, dict[Path, str], bool] | None] = ContextVar(
    "docgen_parse_cache", default=None
)
# anchors (&a), aliases (*a), merge keys (<<), explicit tags (!!str): parsed every time
_SPECIAL = re.compile(r"(^|[\s\[{,:-])[&*!]\S|<<")
_CODE = "".join(
    hashlib.sha256(Path(__file__).with_name(name).read_bytes()).hexdigest()
    for name in ("parsecache.py", "source.py")
)


class _Unfreezable(Exception):
    pass


@contextlib.contextmanager
def using(folder: Path, reuse: bool = True) -> Iterator[dict[Path, str]]:
    """Read unchanged content files from ``folder`` meanwhile (``reuse=False``, for
    ``--no-cache``: parse every file); yields the new entries, for ``save`` once the build
    succeeded."""
    pending: dict[Path, str] = {}
    token = _active.set((folder, pending, reuse))
    try:
        yield pending
    finally:
        _active.reset(token)


def save(pending: dict[Path, str]) -> None:
    """Write the new entries (atomically), dropping each file's earlier ones; best effort."""
    for entry, frozen in pending.items():
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
            tmp.write_text(frozen, encoding="utf-8")
            os.replace(tmp, entry)
            stem = entry.name.rsplit(".", 2)[0]
            for old in entry.parent.glob(f"{glob.escape(stem)}.*.json"):
                if old != entry:
                    old.unlink(missing_ok=True)


def parse(text: str, path: Path, parse_text: Callable[[str, Path], Any]) -> Any:
    """``parse_text(text, path)``, or its kept result for these bytes."""
    active = _active.get()
    if active is None or _SPECIAL.search(text):
        return parse_text(text, path)
    folder, pending, reuse = active
    key = hashlib.sha256(f"{FORMAT}\0{ruamel_version}\0{_CODE}\0{text}".encode()).hexdigest()
    entry = folder / f"{path.parent.name}-{path.name}.{key}.json"
    if reuse:
        try:
            return _thaw(json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            pass  # no entry, or one that is not ours: parse
    data = parse_text(text, path)
    with contextlib.suppress(_Unfreezable):
        pending[entry] = json.dumps(_freeze(data), ensure_ascii=False)
    return data


def _pos(lc: Any) -> list[Any]:
    return [lc.line, lc.col]


def _freeze(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        if getattr(node, "merge", None):
            raise _Unfreezable
        data = node.lc.data or {}
        items = [[_key(k), _freeze(v), data.get(k)] for k, v in node.items()]
        return {"m": items, "at": _pos(node.lc)}
    if isinstance(node, CommentedSeq):
        data = node.lc.data or {}
        return {
            "s": [_freeze(v) for v in node],
            "lc": [data.get(i) for i in range(len(node))],
            "at": _pos(node.lc),
        }
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return {"f": repr(float(node))}
    raise _Unfreezable


def _key(key: Any) -> Any:
    if key is None or isinstance(key, str | bool | int):
        return _freeze(key)
    raise _Unfreezable


def _thaw(node: Any) -> Any:
    if isinstance(node, dict):
        if "m" in node:
            m = CommentedMap()
            for k, v, lc in node["m"]:
                if isinstance(k, list | dict):
                    raise TypeError("a key must be a scalar")
                m[k] = _thaw(v)
                if lc is not None:
                    m.lc.add_kv_line_col(k, list(lc))
            m.lc.line, m.lc.col = node["at"]
            return m
        if "s" in node:
            s = CommentedSeq(_thaw(v) for v in node["s"])
            for i, lc in enumerate(node["lc"]):
                if lc is not None:
                    s.lc.add_idx_line_col(i, list(lc))
            s.lc.line, s.lc.col = node["at"]
            return s
        return float(node["f"])
    if node is None or isinstance(node, str | bool | int):
        return node
    raise TypeError(type(node).__name__)
