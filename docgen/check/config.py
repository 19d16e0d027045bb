"""The checker's rules data: ``rules.yaml``, a profile over it, and a user's ``--rules`` file.

Each file is read with positions (``docgen.content.source``) and validated with pydantic, so a
user sees every mistake at once with its file:line and field. The builtin file is validated
the first time and then cached as JSON (keyed by its content), so that ``docgen check one.docx``
needs neither ruamel.yaml nor pydantic.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import Problem, SourceRef, UsageError
from docgen.i18n import tr
from docgen.vi.match import fold, pattern

BUILTIN = Path(__file__).with_name("rules.yaml")
PROFILES = {"decree": None, "docgen": Path(__file__).with_name("profile-docgen.yaml")}
LEVELS = ("error", "warning", "off")
COMPONENTS = (
    "national",
    "motto",
    "issuer",
    "number",
    "place_date",
    "subject",
    "recipients",
    "signer",
    "addressee",
    "closing",
)
FORMAT_PARTS = (
    "national",
    "motto",
    "parent",
    "issuer",
    "place_date",
    "type_line",
    "subject",
    "recipients_label",
    "recipients",
    "signer",
)


@dataclass(frozen=True)
class Section:
    name_vi: str
    name_en: str
    where: str  # "heading" | "text"
    patterns: tuple[Any, ...]


@dataclass(frozen=True)
class Kind:
    id: str
    name_vi: str
    name_en: str
    types: tuple[str, ...]  # folded type-line prefixes
    abbrev: str | None
    components: dict[str, str]
    sections: tuple[Section, ...]
    year_offsets: tuple[int, ...]


@dataclass(frozen=True)
class RulesData:
    raw: dict[str, Any]
    kinds: dict[str, Kind]
    abbreviations: dict[str, str]  # folded type name -> abbreviation

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    @property
    def enable(self) -> tuple[str, ...]:
        return tuple(self.raw.get("enable") or ())

    def type_prefixes(self) -> list[tuple[str, str]]:
        """(folded type prefix, kind id), longest first; decree types not claimed -> "vanban"."""
        out = [(t, k.id) for k in self.kinds.values() for t in k.types]
        claimed = {t for t, _ in out}
        out += [(t, "vanban") for t in self.abbreviations if t not in claimed]
        return sorted(out, key=lambda x: -len(x[0]))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; lists and scalars replace."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _plain(data: Any) -> Any:
    """ruamel's commented containers -> plain dicts and lists (for JSON and merging)."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def read_file(path: Path) -> dict[str, Any]:
    """One rules file, validated: a ``UsageError`` lists every problem with file:line."""
    from docgen.check.schema import problems
    from docgen.content.source import load_yaml
    from docgen.errors import ContentError

    try:
        # a user's file gets the limits of load_yaml (size, aliases, depth, tags, controls)
        data = load_yaml(path)
    except ContentError as exc:
        raise UsageError(
            tr("Tệp quy tắc {p} không đọc được:", "Cannot read rules file {p}:", p=path),
            exc.problems or [Problem(SourceRef(path), exc.message)],
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            tr(
                "Tệp quy tắc {p} phải là một bảng YAML (key: value)",
                "Rules file {p} must be a YAML mapping",
                p=path,
            ),
            [Problem(SourceRef(path, 1), tr("cần key: value", "expected key: value"))],
        )
    found = problems(path, data)
    if found:
        raise UsageError(
            tr(
                "Tệp quy tắc {p} có {n} lỗi:",
                "Rules file {p} has {n} problem(s):",
                p=path,
                n=len(found),
            ),
            found,
        )
    return _plain(data)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"


def _builtin(path: Path) -> dict[str, Any]:
    """A builtin data file, validated once per content and then read from a JSON cache."""
    data = path.read_bytes()
    key = f"{zlib.crc32(data):08x}{len(data):x}"  # zlib is loaded anyway (the .docx reader)
    cached = _cache_dir() / f"{path.stem}-{key}-v1.json"
    try:
        raw = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw.get("source") == key:
            return dict(raw["data"])
    except (OSError, ValueError, KeyError):
        pass  # no cache yet, or one that is not ours: validate the file again
    raw = read_file(path)
    import tempfile

    tmp = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"source": key, "data": raw}, fh, ensure_ascii=False)
        os.replace(tmp, cached)
    except OSError:  # no writable cache (read-only, disk full): validate again next time
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return raw


def load(user: Path | None = None, profile: str = "decree") -> RulesData:
    """The builtin rules, then the profile (``docgen``: docgen's own sections and rules), then
    the user's file, merged and turned into ``RulesData``."""
    raw = _builtin(BUILTIN)
    extra = PROFILES.get(profile)
    if extra is not None:
        raw = _merge(raw, _builtin(extra))
    if user is not None:
        raw = _merge(raw, read_file(user))
    for needed in ("vanban", "unknown"):
        if needed not in (raw.get("kinds") or {}):
            raise UsageError(
                tr("Tệp quy tắc thiếu kinds.{k}", "Rules file lacks kinds.{k}", k=needed)
            )
    if user is None:
        return _interpret(raw)
    try:
        return _interpret(raw)
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:
        # a shape the schema let through but the rules cannot use: say so, no crash
        raise UsageError(
            tr(
                "Tệp quy tắc {p} có cấu trúc không đúng ({e}); xem docgen/check/rules.yaml",
                "Rules file {p} has an unexpected structure ({e}); see docgen/check/rules.yaml",
                p=user,
                e=f"{type(exc).__name__}: {str(exc)[:120]}",
            )
        ) from None


def _interpret(raw: dict[str, Any]) -> RulesData:
    defaults = raw.get("defaults") or {}
    kinds = {}
    for kid, spec in (raw.get("kinds") or {}).items():
        spec = spec or {}
        comps = {**(defaults.get("components") or {}), **(spec.get("components") or {})}
        sections = tuple(
            Section(
                s["name"]["vi"],
                s["name"]["en"],
                s.get("where", "text"),
                tuple(pattern(p) for p in s["any"]),
            )
            for s in spec.get("sections") or []
        )
        name = spec.get("name") or {"vi": kid, "en": kid}
        kinds[kid] = Kind(
            kid,
            name["vi"],
            name["en"],
            tuple(fold(t) for t in spec.get("types") or []),
            spec.get("abbrev"),
            comps,
            sections,
            tuple(spec.get("year_offsets") or defaults.get("year_offsets") or [-1, 0, 1]),
        )
    abbrev = {fold(k): str(v) for k, v in (raw.get("type_abbreviations") or {}).items()}
    return RulesData(raw, kinds, abbrev)
