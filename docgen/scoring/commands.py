"""What ``docgen form`` does, without printing: load the scheme and units, write the form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen import notices
from docgen.content.load import Content, load_content
from docgen.content.units import Unit, load_units
from docgen.errors import ContentError, UsageError
from docgen.files import locked, write_error
from docgen.i18n import tr
from docgen.scoring import band_counts, load_scored
from docgen.scoring.files import SCORES, SELF_SCORES
from docgen.scoring.form import write_form
from docgen.scoring.regen import Carried, carried_notes, carry_scores, merge, retire
from docgen.scoring.scheme import Scheme, load_scheme
from docgen.vi.format import number


@dataclass
class FormResult:
    path: Path
    year: int
    carried: Carried | None = None  # the scores carried over from the old score file
    retired: list[tuple[Path, Path]] = field(default_factory=list)  # (old name, new name)
    in_place: bool = False  # written as the year's score file (docgen reads it as it is)
    year_dir: Path = Path()
    sources: list[Path] = field(default_factory=list)  # the score files the scores came from


def make_form(
    content_dir: Path,
    year: int | None,
    out: Path | None,
    *,
    self_score: bool = False,
    force: bool = False,
) -> FormResult:
    """Write the scoring form, into ``content/<year>/scores.xlsx`` unless ``out`` says where,
    with every score already typed in the year's score file (xlsx or csv); warnings of the
    content, the scheme and the scores carried over go to ``notices``."""
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
    stem = SELF_SCORES if self_score else SCORES
    own = content.year_dir / f"{stem}.xlsx"
    path = out or own
    in_place = path.resolve() == own.resolve()
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            tr(
                "Biểu mẫu phải là tệp .xlsx, nhận được {p}",
                "The form must be an .xlsx file, got {p}",
                p=path,
            )
        )
    if path.exists() and not force and not in_place:
        raise UsageError(
            tr(
                "{p} đã có (có thể đã nhập điểm); dùng --force để ghi đè hoặc --out để chọn "
                "tên khác",
                "{p} exists (it may hold scores); use --force to overwrite or --out for "
                "another name",
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
    for w in (*content.warnings, *loaded.warnings):
        notices.warn(w)
    if not in_place:
        return _write_form(content, loaded.scheme, units, path, stem, self_score)
    # in place: the content year's files are renamed and written, one run at a time
    root = content.year_dir.parent
    with locked(root, str(content.year), "docgen form"):
        return _write_form(content, loaded.scheme, units, path, stem, self_score, in_place=True)


def _write_form(
    content: Content,
    scheme: Scheme,
    units: Sequence[Unit],
    path: Path,
    stem: str,
    self_score: bool,
    *,
    in_place: bool = False,
) -> FormResult:
    """The form with the scores already typed; in place, the old score files step aside."""
    result = FormResult(path, content.year, in_place=in_place, year_dir=content.year_dir)
    old = _score_files(content.year_dir, stem)
    ids = [u.id for u in units]
    result.sources = old
    for f in reversed(old):  # csv first, then the xlsx over it: the xlsx wins where both have one
        result.carried = merge(result.carried, carry_scores(f, scheme, ids))
    typed = result.carried.units if result.carried else None

    def step_aside() -> None:  # in place: the old files are renamed (never deleted)
        result.retired = [(f, retire(f)) for f in old]

    try:
        write_form(
            path,
            scheme,
            units,
            self_score=self_score,
            typed=typed,
            before_replace=step_aside if in_place else None,
        )
    except OSError as exc:
        raise write_error(exc, path.parent) from None
    if result.carried:
        kept = result.retired[0][1] if result.retired else None
        for note in carried_notes(result.carried, kept):
            notices.warn(note)
    return result


def _score_files(year_dir: Path, stem: str) -> list[Path]:
    """The year's score files, the one docgen reads first (xlsx before csv)."""
    return [p for p in (year_dir / f"{stem}.xlsx", year_dir / f"{stem}.csv") if p.is_file()]


def form_report(r: FormResult) -> list[str]:
    """What ``docgen form`` tells the user: where, what was carried, what to do next."""
    lines = [tr("Đã tạo biểu mẫu chấm điểm {p}", "Wrote the scoring form {p}", p=r.path)]
    if r.carried is not None and r.carried.units:
        lines.append(
            tr(
                "  giữ {c} ô điểm đã nhập của {u} đơn vị từ {s}; ô mới để trống",
                "  kept {c} score cells of {u} units from {s}; new cells are empty",
                c=r.carried.cells,
                u=len(r.carried.units),
                s=tr(" và ", " and ").join(f.name for f in r.sources),
            )
        )
    for old, new in r.retired:
        lines.append(
            tr(
                "  {o} đổi tên thành {n} (bản cũ, docgen không đọc nữa; xóa khi không cần)",
                "  {o} renamed {n} (the old copy, no longer read; delete it when not needed)",
                o=old.name,
                n=new.name,
            )
        )
    if r.in_place:
        lines.append(
            tr(
                "Tiếp theo: mở {p}, nhập điểm vào các ô màu vàng, lưu lại (giữ tên và dạng "
                ".xlsx); rồi chạy docgen scores --year {y} để kiểm tra và docgen build --year {y}",
                "Next: open {p}, type the scores in the yellow cells, save it (same name, .xlsx); "
                "then run docgen scores --year {y} to check and docgen build --year {y}",
                p=r.path,
                y=r.year,
            )
        )
    else:
        lines.append(
            tr(
                "Tiếp theo: nhập điểm vào các ô màu vàng rồi lưu thành {d}/scores.xlsx; chạy "
                "docgen scores --year {y} để kiểm tra",
                "Next: type the scores in the yellow cells and save it as {d}/scores.xlsx; run "
                "docgen scores --year {y} to check",
                d=r.year_dir,
                y=r.year,
            )
        )
    return lines


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
