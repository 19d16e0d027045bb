"""What ``docgen form`` does, without printing: load the scheme and units, write the form."""

from __future__ import annotations

from pathlib import Path

from docgen.content import load_content
from docgen.errors import ContentError, UsageError
from docgen.i18n import tr
from docgen.scoring.form import write_form
from docgen.scoring.scheme import load_scheme
from docgen.units import load_units


def make_form(content_dir: Path, year: int | None, out: Path | None, *, self_score: bool = False,
              force: bool = False) -> tuple[Path, list[str]]:
    content = load_content(content_dir, year)
    loaded = load_scheme(content)
    units = load_units(content.year_dir)
    if units is None:
        raise ContentError(tr(
            "Thiếu {p}: cần danh sách đơn vị để tạo biểu mẫu",
            "{p} is missing: the form needs the list of units", p=content.year_dir / "units.yaml"))
    stem = "bieu-mau-tu-cham" if self_score else "bieu-mau-cham-diem"
    path = out or Path(f"{stem}-{content.year}.xlsx")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(tr("Biểu mẫu phải là tệp .xlsx, nhận được {p}",
                            "The form must be an .xlsx file, got {p}", p=path))
    if path.exists() and not force:
        raise UsageError(tr(
            "{p} đã có (có thể đã nhập điểm); dùng --force để ghi đè hoặc --out để chọn tên khác",
            "{p} exists (it may hold scores); use --force to overwrite or --out for another name",
            p=path))
    write_form(path, loaded.scheme, units, self_score=self_score)
    warnings = [str(w) for w in (*content.warnings, *loaded.warnings)]
    return path, warnings
