"""The units scored against the plan (``content/<year>/units.yaml``): chi hội, schools, wards."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from docgen.content import check_text, validate
from docgen.errors import ContentError, ProblemList, SourceRef
from docgen.i18n import tr
from docgen.models import Strict
from docgen.yamlsrc import load_yaml, locate


class Unit(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Mã đơn vị, dùng trong tệp điểm")
    name: str = Field(description="Tên đơn vị, e.g. Chi hội Khuyến học Trường THPT Nguyễn Khuyến")
    kind: str = Field(description="Loại đơn vị, e.g. Chi hội trường học, Chi hội phường")
    head: str | None = Field(None, description="Người đứng đầu (chi hội trưởng)")


class UnitList(Strict):
    units: list[Unit] = Field(min_length=1)


def load_units(year_dir: Path) -> list[Unit] | None:
    """Units of the year, or None when the year has no units.yaml."""
    path = year_dir / "units.yaml"
    if not path.is_file():
        return None
    out = ProblemList()
    data = load_yaml(path)
    check_text(path, data, out)
    parsed = validate(UnitList, path, data, out)
    if parsed is not None:
        seen: dict[str, int] = {}
        for i, unit in enumerate(parsed.units):
            if unit.id in seen:
                line, col = locate(data, ("units", i, "id"))
                out.add(SourceRef(path, line, col, f"units[{i}].id"), tr(
                    "mã đơn vị '{u}' trùng với units[{j}]", "unit id '{u}' repeats units[{j}]",
                    u=unit.id, j=seen[unit.id]))
            seen.setdefault(unit.id, i)
    if out.errors or parsed is None:
        raise ContentError(tr("Danh sách đơn vị không hợp lệ", "Invalid unit list"), out.problems)
    return parsed.units
