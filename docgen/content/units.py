"""The units scored against the plan (``content/<year>/units.yaml``): chi hội, schools, wards."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from docgen.content.load import check_text, validate
from docgen.content.models import Strict
from docgen.content.source import load_yaml, source_ref
from docgen.errors import ContentError, ProblemList
from docgen.i18n import tr


class Unit(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Mã đơn vị, dùng trong tệp điểm")
    name: str = Field(description="Tên đơn vị, e.g. Chi hội Khuyến học Trường THPT Nguyễn Khuyến")
    kind: str = Field(description="Loại đơn vị, e.g. Chi hội trường học, Chi hội phường")
    head: str | None = Field(None, description="Người đứng đầu (chi hội trưởng)")


class UnitList(Strict):
    units: list[Unit] = Field(min_length=1)


_cache: dict[tuple[str, int, int], list[Unit]] = {}


def load_units(year_dir: Path) -> list[Unit] | None:
    """Units of the year, or None when the year has no units.yaml.

    Several stages ask for the units in one build (scoring, evaluation sheets, summary, dossier);
    a district list takes most of a second to parse, so a valid file is parsed once per change
    (cached by path, mtime and size; the units are immutable)."""
    path = year_dir / "units.yaml"
    if not path.is_file():
        return None
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key in _cache:
        return list(_cache[key])
    units = _load_units(path)
    _cache.clear()  # one year at a time is enough
    _cache[key] = units
    return list(units)


def _load_units(path: Path) -> list[Unit]:
    out = ProblemList()
    data = load_yaml(path)
    check_text(path, data, out)
    parsed = validate(UnitList, path, data, out)
    if parsed is not None:
        seen: dict[str, int] = {}
        for i, unit in enumerate(parsed.units):
            if unit.id in seen:
                out.add(
                    source_ref(path, data, ("units", i, "id")),
                    tr(
                        "mã đơn vị '{u}' trùng với đơn vị {n} (units[{j}])",
                        "unit id '{u}' repeats unit {n} (units[{j}])",
                        u=unit.id,
                        n=seen[unit.id] + 1,
                        j=seen[unit.id],
                    ),
                )
            seen.setdefault(unit.id, i)
    if out.errors or parsed is None:
        raise ContentError(tr("Danh sách đơn vị không hợp lệ", "Invalid unit list"), out.problems)
    return parsed.units
