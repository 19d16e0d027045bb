"""The checker's rules data: ``rules.yaml`` in this package, merged with a user's file."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError

from docgen.content.source import load_yaml
from docgen.errors import ContentError, UsageError
from docgen.i18n import tr
from docgen.vi.match import fold, pattern

BUILTIN = Path(__file__).with_name("rules.yaml")
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

    def type_prefixes(self) -> list[tuple[str, str]]:
        """(folded type prefix, kind id), longest first; decree types not claimed -> "vanban"."""
        out = [(t, k.id) for k in self.kinds.values() for t in k.types]
        claimed = {t for t, _ in out}
        out += [(t, "vanban") for t in self.abbreviations if t not in claimed]
        return sorted(out, key=lambda x: -len(x[0]))


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        if path == BUILTIN:  # shipped with docgen; a user's file gets the limits of load_yaml
            data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        else:
            data = load_yaml(path)
    except ContentError as exc:
        raise UsageError(
            tr("Không đọc được tệp quy tắc {p}", "Cannot read rules file {p}", p=path),
            exc.problems,
        ) from None
    except (OSError, YAMLError) as exc:
        raise UsageError(
            tr(
                "Không đọc được tệp quy tắc {p}: {e}",
                "Cannot read rules file {p}: {e}",
                p=path,
                e=exc,
            )
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            tr(
                "Tệp quy tắc {p} phải là một bảng YAML (key: value)",
                "Rules file {p} must be a YAML mapping",
                p=path,
            )
        )
    return data


def load(user: Path | None = None) -> RulesData:
    raw = _load_yaml(BUILTIN)
    if user is None:
        return _interpret(raw)
    raw = _merge(raw, _load_yaml(user))
    try:
        return _interpret(raw)
    except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:
        # a user's file of the wrong shape (a list where a mapping belongs…): say so, no crash
        raise UsageError(
            tr(
                "Tệp quy tắc {p} có cấu trúc không đúng ({e}); xem docgen/check/rules.yaml",
                "Rules file {p} has an unexpected structure ({e}); see docgen/check/rules.yaml",
                p=user,
                e=f"{type(exc).__name__}: {str(exc)[:120]}",
            )
        ) from None


def _interpret(raw: dict[str, Any]) -> RulesData:
    defaults = raw.get("defaults", {})
    kinds = {}
    for kid, spec in (raw.get("kinds") or {}).items():
        spec = spec or {}
        comps = {**defaults.get("components", {}), **(spec.get("components") or {})}
        for name, level in comps.items():
            if name not in COMPONENTS or level not in LEVELS:
                raise UsageError(
                    tr(
                        "Tệp quy tắc: kinds.{k}.components.{c}: cần một trong {l}, gặp {v!r}",
                        "Rules file: kinds.{k}.components.{c}: expected one of {l}, got {v!r}",
                        k=kid,
                        c=name,
                        l="/".join(LEVELS) + f" ({', '.join(COMPONENTS)})",
                        v=level,
                    )
                )
        sections = tuple(
            Section(
                s["name"]["vi"],
                s["name"]["en"],
                s.get("where", "text"),
                tuple(pattern(p) for p in s["any"]),
            )
            for s in spec.get("sections") or []
        )
        types = tuple(fold(t) for t in spec.get("types") or [])
        name = spec.get("name") or {"vi": kid, "en": kid}
        kinds[kid] = Kind(
            kid,
            name["vi"],
            name["en"],
            types,
            spec.get("abbrev"),
            comps,
            sections,
            tuple(spec.get("year_offsets") or defaults.get("year_offsets", [-1, 0, 1])),
        )
    for needed in ("vanban", "unknown"):
        if needed not in kinds:
            raise UsageError(
                tr("Tệp quy tắc thiếu kinds.{k}", "Rules file lacks kinds.{k}", k=needed)
            )
    _check_formatting(raw.get("formatting") or {})
    abbrev = {fold(k): str(v) for k, v in (raw.get("type_abbreviations") or {}).items()}
    return RulesData(raw, kinds, abbrev)


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


def _check_formatting(fmt: Any) -> None:
    """``formatting:`` (VB52x): {component: {caps|bold|italic: true/false, size_pt: [lo, hi]}}."""

    def bad(where: str, expected: str, value: Any) -> UsageError:
        return UsageError(
            tr(
                "Tệp quy tắc: formatting{w}: cần {e}, gặp {v!r}",
                "Rules file: formatting{w}: expected {e}, got {v!r}",
                w=where,
                e=expected,
                v=value,
            )
        )

    if not isinstance(fmt, dict):
        raise bad("", "{national: {...}, ...}", fmt)
    for part, spec in fmt.items():
        if part not in FORMAT_PARTS:
            raise bad("", ", ".join(FORMAT_PARTS), part)
        if spec is None:
            continue
        if not isinstance(spec, dict):
            raise bad(f".{part}", "{bold: true, size_pt: [13, 14]}", spec)
        for key, value in spec.items():
            if key in ("caps", "bold", "italic"):
                if not isinstance(value, bool):
                    raise bad(f".{part}.{key}", "true/false", value)
            elif key == "size_pt":
                ok = (
                    isinstance(value, list)
                    and len(value) == 2
                    and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
                    and value[0] <= value[1]
                )
                if not ok:
                    raise bad(f".{part}.size_pt", "[lo, hi] (pt)", value)
            else:
                raise bad(f".{part}", "caps, bold, italic, size_pt", key)
