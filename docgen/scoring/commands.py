"""What ``docgen form`` does, without printing: load the scheme and units, write the form."""

from __future__ import annotations

from pathlib import Path

from docgen import notices
from docgen.content.load import load_content
from docgen.content.units import load_units
from docgen.errors import ContentError, UsageError
from docgen.files import write_error
from docgen.i18n import tr
from docgen.scoring import band_counts, load_scored
from docgen.scoring.form import write_form
from docgen.scoring.scheme import load_scheme
from docgen.vi.format import number


def make_form(
    content_dir: Path,
    year: int | None,
    out: Path | None,
    *,
    self_score: bool = False,
    force: bool = False,
) -> Path:
    """Write the Excel scoring form; warnings of the content and scheme go to ``notices``."""
    content = load_content(content_dir, year)
    loaded = load_scheme(content)
    units = load_units(content.year_dir)
    if units is None:
        raise ContentError(
            tr(
                "Thiếu {p}: cần danh sách đơn vị để tạo biểu mẫu",
                "{p} is missing: the form needs the list of units",
                p=content.year_dir / "units.yaml",
            )
        )
    stem = "bieu-mau-tu-cham" if self_score else "bieu-mau-cham-diem"
    path = out or Path(f"{stem}-{content.year}.xlsx")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            tr(
                "Biểu mẫu phải là tệp .xlsx, nhận được {p}",
                "The form must be an .xlsx file, got {p}",
                p=path,
            )
        )
    if path.exists() and not force:
        raise UsageError(
            tr(
                "{p} đã có (có thể đã nhập điểm); dùng --force để ghi đè hoặc --out để chọn tên "
                "khác",
                "{p} exists (it may hold scores); use --force to overwrite or --out for another "
                "name",
                p=path,
            )
        )
    if path.is_dir():
        raise UsageError(
            tr(
                "--out {p} là một thư mục; hãy cho tên tệp .xlsx",
                "--out {p} is a folder; give an .xlsx file name",
                p=path,
            )
        )
    try:
        write_form(path, loaded.scheme, units, self_score=self_score)
    except OSError as exc:
        raise write_error(exc, path.parent) from None
    for w in (*content.warnings, *loaded.warnings):
        notices.warn(w)
    return path


def ranking_lines(content_dir: Path, year: int | None) -> list[str]:
    """The ranking as plain text lines (rank, total, band, unit), then the count per band."""
    content = load_content(content_dir, year)
    scored = load_scored(content)
    if scored is None:
        raise ContentError(
            tr(
                "Năm {y} chưa có tệp điểm (scores.xlsx hoặc scores.csv trong {d})",
                "Year {y} has no score file (scores.xlsx or scores.csv in {d})",
                y=content.year,
                d=content.year_dir,
            )
        )
    lines = [
        tr(
            "Kết quả chấm điểm năm {y} ({s}):",
            "Results for {y} ({s}):",
            y=content.year,
            s=scored.source,
        )
    ]
    for r in scored.results:
        flag = f"  [{'; '.join(r.flags)}]" if r.flags else ""
        lines.append(
            f"{r.rank:>4}  {number(r.total):>6}/{number(r.max_total)}  {r.band:<12} "
            f"{r.unit_name}{flag}"
        )
    lines.append(", ".join(f"{b.name}: {k}" for b, k in band_counts(scored.scheme, scored.results)))
    for w in (*content.warnings, *scored.warnings):
        notices.warn(w)
    return lines
