"""The scoring scheme of a year: the plan's own criteria, refined by ``scoring.yaml``.

The criteria (Nội dung 1–4 and their points) are read from ``plan.yaml``, never copied. The
scoring file may split a criterion into items (tiêu chí, each with its own maximum), set a
per-criterion minimum, add a bonus item, and set the classification bands. A year may instead
use a shipped preset (``preset: tt22-2020``: Thông tư 22/2020/TT-BGDĐT, Đơn vị học tập).

When the maxima do not add up to the stated maximum the loader warns; scores are never scaled.

``scheme`` and ``title`` may say ``{year}`` (``{year-1}``, ``{year+1}``) for the year of the
folder, so that ``docgen rollover`` moves them exactly. ``date`` (the summary's date, ô 4) may be
empty until the summary is made: a build with scores refuses it (:func:`missing_date`), a
``--draft`` build shows it as ``[cần điền: …]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from docgen.content import prose
from docgen.content.load import Content, check_text, validate
from docgen.content.models import Org, Points, Strict, VnDate
from docgen.content.source import load_yaml, source_ref
from docgen.errors import ContentError, Problem, ProblemList
from docgen.i18n import tr
from docgen.scoring.files import SELF_SCORES, find_score_file
from docgen.vi.format import number

PRESETS_DIR = Path(__file__).parent / "presets"
# The scheme code and title name their year. They say it with ``{year}`` rather than in digits:
# the content states which year is the scheme's own, so ``docgen rollover`` moves it exactly and
# never has to guess whether a "2024" in a title is the year of the scheme or a fixed date.
_YEAR_TOKEN = r"\{year(?:[+-]\d{1,2})?\}"
SCHEME_CODE = rf"^(?:[a-z0-9]|{_YEAR_TOKEN})(?:[a-z0-9-]|{_YEAR_TOKEN})*$"


# -- the YAML schema -------------------------------------------------------------------------


class ItemSpec(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(description="Tiêu chí chấm")
    points: Points = Field(description="Điểm tối đa của tiêu chí")


class CriterionSpec(Strict):
    """Refinement of one plan criterion (by its key) or, in a preset, a whole criterion."""

    title: str | None = None
    points: Points | None = None
    minimum: float | None = Field(None, ge=0, description="Điểm tối thiểu của nội dung")
    items: list[ItemSpec] = Field(default_factory=list)


class BonusSpec(Strict):
    key: str = Field("thuong", pattern=r"^[a-z][a-z0-9_]*$")
    code: str = "Thưởng"
    title: str
    points: Points


class BandSpec(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(description="Tên xếp loại, e.g. Xuất sắc")
    min: float = Field(ge=0, description="Tổng điểm tối thiểu (từ … trở lên)")
    award: str | None = Field(None, description="Hình thức khen thưởng đề nghị, nếu có")
    requires_minimums: bool = Field(False, description="Phải đạt điểm tối thiểu mọi nội dung")


class NoticeSpec(Strict):
    """The numbered document whose appendix (Phụ lục) is the summary: a Thông báo kết quả."""

    number: int | None = Field(None, ge=1, description="Số thông báo (ô 3); trống: văn thư ghi")


class ScoringFile(Strict):
    year: int | None = Field(None, ge=2000, le=2100)
    scheme: str = Field(
        pattern=SCHEME_CODE,
        description="Mã thang điểm, ghi vào biểu mẫu; {year} là năm của thư mục",
    )
    preset: str | None = None
    title: str | None = None
    max_total: Points | None = Field(None, description="Tổng điểm tối đa công bố")
    date: VnDate | None = Field(None, description="Ngày lập bảng tổng hợp (ô 4)")
    preparer: str | None = Field(None, description="Họ tên người lập phiếu, bảng tổng hợp")
    issuer: Org | None = Field(None, description="Cơ quan chấm điểm; trống thì lấy org.yaml")
    decided_by: str | None = Field(
        None,
        description="Văn bản quy định điểm thưởng, điểm tối thiểu, mức xếp loại (không có trong "
        "kế hoạch), e.g. Quyết định số 12/QĐ-HKH ngày 05 tháng 01 năm 2024 của Hội …",
    )
    notice: NoticeSpec | None = Field(
        None, description="Thông báo kết quả (bảng tổng hợp là phụ lục)"
    )
    criteria: dict[str, CriterionSpec] = Field(default_factory=dict)
    bonus: BonusSpec | None = None
    bands: list[BandSpec] | None = None


# -- the typed scheme the engine works on ----------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One score cell per unit: an item, a criterion without items, or the bonus."""

    code: str  # header code in the form / CSV: "ND1", "ND2.3", "Thưởng"
    key: str
    title: str
    max: float
    criterion: str | None  # owning criterion key; None for the bonus


@dataclass(frozen=True)
class Criterion:
    key: str
    code: str  # "ND2"
    number: int
    title: str
    points: float
    minimum: float | None
    columns: tuple[Column, ...]  # its items, or a single column standing for itself

    @property
    def has_items(self) -> bool:
        return len(self.columns) > 1 or self.columns[0].key != self.key


@dataclass(frozen=True)
class Band:
    key: str
    name: str
    min: float
    award: str | None = None
    requires_minimums: bool = False


@dataclass(frozen=True)
class Scheme:
    id: str
    year: int
    title: str
    criteria: tuple[Criterion, ...]
    bonus: Column | None
    bands: tuple[Band, ...]  # highest threshold first; the last starts at 0
    stated_max: float | None = None
    issuer: Org | None = None
    date: Any = None
    preparer: str | None = None
    decided_by: str | None = None
    notice_number: int | None = None

    @property
    def rules(self) -> list[str]:
        """The scoring rules this scheme adds to the plan's criteria, as a sentence names them:
        the bonus, the per-criterion minimums, the bands."""
        out = ["Điểm thưởng"] if self.bonus else []
        if any(c.minimum is not None for c in self.criteria):
            out.append("điểm tối thiểu")
        if self.bands:
            out.append("mức xếp loại")
        return out

    @property
    def columns(self) -> tuple[Column, ...]:
        cols = tuple(c for crit in self.criteria for c in crit.columns)
        return cols + ((self.bonus,) if self.bonus else ())

    @property
    def max_total(self) -> float:
        """The most a unit can score: the sum of the column maxima (never rescaled)."""
        return sum(c.max for c in self.columns)

    @property
    def criteria_points(self) -> float:
        return sum(c.points for c in self.criteria)


@dataclass(frozen=True)
class LoadedScheme:
    scheme: Scheme
    warnings: tuple[Any, ...]


def criterion_numbers(plan_criteria: list[Any] | None) -> dict[str, int]:
    """The plan's Nội dung numbers by key (nd2 -> 2), to name scoring.yaml's fields in words."""
    return {c.key: n for n, c in enumerate(plan_criteria or [], start=1)}


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))


def _criteria_from_specs(
    specs: dict[str, CriterionSpec], path: Path, data: Any, out: ProblemList
) -> list[tuple[str, str, float, CriterionSpec]]:
    crits = []
    numbers = {key: n for n, key in enumerate(specs, start=1)}
    for key, s in specs.items():
        if s.title is None or s.points is None:
            out.add(
                source_ref(path, data, ("criteria", key), numbers),
                tr(
                    "nội dung trong thang điểm mẫu cần title và points",
                    "a preset criterion needs title and points",
                ),
            )
            continue
        crits.append((key, s.title, s.points, s))
    return crits


def build_scheme(
    spec: ScoringFile,
    year: int,
    plan_criteria: list[Any] | None,
    path: Path,
    data: Any,
    out: ProblemList,
) -> Scheme | None:
    """Turn the validated file into a Scheme; problems and warnings go to ``out``."""
    numbers = (
        criterion_numbers(plan_criteria)
        if plan_criteria is not None
        else {key: n for n, key in enumerate(spec.criteria, start=1)}
    )
    if plan_criteria is None:  # a preset: the criteria are defined in the file itself
        base = _criteria_from_specs(spec.criteria, path, data, out)
    else:
        base = [
            (c.key, c.title, c.points, spec.criteria.get(c.key, CriterionSpec()))
            for c in plan_criteria
        ]
        known = {c.key for c in plan_criteria}
        for key in spec.criteria:
            if key not in known:
                out.add(
                    source_ref(path, data, ("criteria", key), numbers),
                    tr(
                        "không có nội dung '{k}' trong plan.yaml (có: {ks})",
                        "no criterion '{k}' in plan.yaml (known: {ks})",
                        k=key,
                        ks=", ".join(sorted(known)),
                    ),
                )
    criteria = []
    for n, (key, title, points, s) in enumerate(base, start=1):
        code = f"ND{n}"
        loc = ("criteria", key)
        if s.items:
            cols = tuple(
                Column(f"{code}.{m}", it.key, it.title, it.points, key)
                for m, it in enumerate(s.items, start=1)
            )
            items_sum = sum(it.points for it in s.items)
            if abs(items_sum - points) > 1e-9:
                out.add(
                    source_ref(path, data, (*loc, "items"), numbers),
                    tr(
                        "các tiêu chí của {c} cộng lại {s} điểm, khác {p} điểm của nội dung; điểm "
                        "không được quy đổi",
                        "the items of {c} add up to {s} points, not the "
                        "criterion's {p}; scores are not rescaled",
                        c=code,
                        s=number(items_sum),
                        p=number(points),
                    ),
                    "warning",
                )
        else:
            cols = (Column(code, key, title, points, key),)
        if s.minimum is not None and s.minimum > points:
            out.add(
                source_ref(path, data, (*loc, "minimum"), numbers),
                tr(
                    "điểm tối thiểu {m} lớn hơn điểm tối đa {p}",
                    "minimum {m} exceeds maximum {p}",
                    m=number(s.minimum),
                    p=number(points),
                ),
            )
        criteria.append(Criterion(key, code, n, title, points, s.minimum, cols))
    bonus = None
    if spec.bonus:
        bonus = Column(spec.bonus.code, spec.bonus.key, spec.bonus.title, spec.bonus.points, None)
    bands = _bands(spec, path, data, out)
    scheme = Scheme(
        spec.scheme,
        year,
        spec.title or tr("Thang điểm thi đua", "Scoring scheme"),
        tuple(criteria),
        bonus,
        bands,
        spec.max_total,
        spec.issuer,
        spec.date,
        spec.preparer,
        spec.decided_by,
        spec.notice.number if spec.notice else None,
    )
    if spec.max_total is not None and abs(scheme.max_total - spec.max_total) > 1e-9:
        out.add(
            source_ref(path, data, ("max_total",), numbers),
            tr(
                "các nội dung{b} cộng lại {s} điểm, khác tổng tối đa {m} đã nêu; điểm được giữ "
                "nguyên, không quy đổi (đã thêm hoặc bớt nội dung? sửa thành `max_total: {s}` và "
                "xem lại ngưỡng các mức xếp loại `bands`)",
                "the criteria{b} add up to {s} points, not the stated maximum {m}; "
                "scores are kept as they are, not rescaled (added or removed a Nội dung? write "
                "`max_total: {s}` and review the `bands` thresholds)",
                b=tr(" và điểm thưởng", " and bonus") if bonus else "",
                s=number(scheme.max_total),
                m=number(spec.max_total),
            ),
            "warning",
        )
    band_specs = spec.bands or []
    for b in bands:
        if b.min > scheme.max_total:
            at = next((i for i, s in enumerate(band_specs) if s.key == b.key), None)
            out.add(
                source_ref(path, data, ("bands",) if at is None else ("bands", at, "min")),
                tr(
                    "ngưỡng xếp loại '{n}' ({m}) cao hơn tổng điểm tối đa {t}: không đơn vị nào "
                    "đạt",
                    "band '{n}' starts at {m}, above the maximum total {t}: no unit can reach it",
                    n=b.name,
                    m=number(b.min),
                    t=number(scheme.max_total),
                ),
                "warning",
            )
    return scheme


def _bands(spec: ScoringFile, path: Path, data: Any, out: ProblemList) -> tuple[Band, ...]:
    specs = spec.bands or []
    if not specs:
        out.add(
            source_ref(path, data, ("bands",)),
            tr("thiếu các mức xếp loại (bands)", "the classification bands (bands) are missing"),
        )
        return ()
    bands = tuple(
        sorted(
            (Band(b.key, b.name, b.min, b.award, b.requires_minimums) for b in specs),
            key=lambda b: -b.min,
        )
    )
    mins = [b.min for b in bands]
    if len(set(mins)) != len(mins):
        out.add(
            source_ref(path, data, ("bands",)),
            tr("hai mức xếp loại có cùng ngưỡng điểm", "two bands share the same threshold"),
        )
    if bands[-1].min != 0:
        out.add(
            source_ref(path, data, ("bands",)),
            tr(
                "mức thấp nhất phải bắt đầu từ 0 để mọi tổng điểm đều được xếp loại (nhận được "
                "{m})",
                "the lowest band must start at 0 so every total gets a band (found {m})",
                m=number(bands[-1].min),
            ),
        )
    keys = [b.key for b in bands]
    if len(set(keys)) != len(keys):
        out.add(
            source_ref(path, data, ("bands",)),
            tr("mã xếp loại bị trùng", "band keys are duplicated"),
        )
    return bands


def expand_years(text: str, year: int) -> str:
    """``text`` with ``{year}``, ``{year-1}``, ``{year+1}`` written out for ``year``."""
    return prose.expand(text, year, {})


def _read_spec(
    path: Path, out: ProblemList, year: int, numbers: dict[str, int] | None = None
) -> tuple[ScoringFile | None, Any]:
    """The validated file, its ``{year}`` placeholders expanded for ``year`` (``numbers``: the
    plan's Nội dung numbers by key, to name fields in words)."""
    data = load_yaml(path)
    check_text(path, data, out)
    spec = validate(ScoringFile, path, data, out, numbers)
    if spec is None:
        return None, data
    bad = False
    for key in ("scheme", "title"):
        for msg in prose.problems(getattr(spec, key) or "", year, {}):
            out.add(source_ref(path, data, (key,)), msg)
            bad = True
    if bad:
        return None, data
    return spec.model_copy(
        update={
            "scheme": expand_years(spec.scheme, year),
            "title": (expand_years(spec.title, year) if spec.title is not None else None),
        }
    ), data


def missing_date(content: Content) -> list[Problem]:
    """The summary's date (ô 4) when the year has scores but ``scoring.yaml`` leaves it empty."""

    path = content.year_dir / "scoring.yaml"
    if not path.is_file() or find_score_file(content.year_dir) is None:
        return []
    data = load_yaml(path)
    if not hasattr(data, "get") or data.get("date") not in (None, ""):
        return []
    return [
        Problem(
            source_ref(path, data, ("date",)),
            tr(
                "cần điền {x}",
                "to fill: {x}",
                x=tr(
                    "ngày lập bảng tổng hợp (ô 4); năm {y} đã có điểm",
                    "date of the summary (box 4); year {y} has scores",
                    y=content.year,
                ),
            ),
        )
    ]


def missing_decision(content: Content) -> list[Problem]:
    """Scoring rules that are not in the plan (bonus, minimums, bands) come from a decision;
    once the year has scores (or self-scores), ``scoring.yaml`` names it (``decided_by``), or
    the build stops."""
    path = content.year_dir / "scoring.yaml"
    scores = find_score_file(content.year_dir) or find_score_file(content.year_dir, SELF_SCORES)
    if not path.is_file() or scores is None:
        return []
    data = load_yaml(path)
    if not hasattr(data, "get") or data.get("decided_by") not in (None, ""):
        return []
    if data.get("preset") in preset_names():  # a shipped preset names its own (Thông tư …)
        return []
    ref = source_ref(path, data, ("decided_by",) if "decided_by" in data else ())
    return [
        Problem(
            ref,
            tr(
                "cần điền {x}",
                "to fill: {x}",
                x=tr(
                    "văn bản quy định điểm thưởng, điểm tối thiểu và mức xếp loại (decided_by, "
                    "ví dụ: Quyết định số 12/QĐ-HKH ngày 05 tháng 01 năm {y} của …)",
                    "the decision that set the bonus, minimums and bands (decided_by, e.g. "
                    "Quyết định số 12/QĐ-HKH ngày 05 tháng 01 năm {y} của …)",
                    y=content.year,
                ),
            ),
        )
    ]


def missing_notice_signer(content: Content) -> list[Problem]:
    """The results notice of the association that scored (``scoring.yaml`` ``issuer``) names
    its signer (ô 7b) once the year has scores."""
    path = content.year_dir / "scoring.yaml"
    if not path.is_file() or find_score_file(content.year_dir) is None:
        return []
    data = load_yaml(path)
    issuer: Any = data.get("issuer") if hasattr(data, "get") else None
    signer: Any = issuer.get("signer") if hasattr(issuer, "get") else None
    if not hasattr(signer, "get") or signer.get("name") not in (None, ""):
        return []
    loc: tuple[str, ...] = (
        ("issuer", "signer", "name") if "name" in signer else ("issuer", "signer")
    )
    return [
        Problem(
            source_ref(path, data, loc),
            tr(
                "cần điền {x}",
                "to fill: {x}",
                x=tr(
                    "họ tên người ký thông báo kết quả (ô 7b)",
                    "the name of the results notice's signer (box 7b)",
                ),
            ),
        )
    ]


def load_preset(name: str, year: int) -> LoadedScheme:
    path = PRESETS_DIR / f"{name}.yaml"
    out = ProblemList()
    spec, data = _read_spec(path, out, year)
    scheme = build_scheme(spec, year, None, path, data, out) if spec else None
    if scheme is None or out.errors:
        raise ContentError(
            tr("Thang điểm mẫu {n} không hợp lệ", "Invalid preset {n}", n=name), out.problems
        )
    return LoadedScheme(scheme, tuple(out.warnings))


def load_scheme(content: Content) -> LoadedScheme:
    """The year's scheme from ``scoring.yaml`` (plan criteria + refinements, or a preset)."""
    path = content.year_dir / "scoring.yaml"
    if not path.is_file():
        raise ContentError(
            tr(
                "Có tệp điểm nhưng thiếu {p} (thang điểm và các mức xếp loại); các thang mẫu: {ps}",
                "Scores exist but {p} is missing (scoring scheme and bands); presets: {ps}",
                p=path,
                ps=", ".join(preset_names()),
            )
        )
    out = ProblemList()
    numbers = criterion_numbers(content.plan.criteria)
    spec, data = _read_spec(path, out, content.year, numbers)
    scheme = None
    if spec is not None:
        if spec.year is not None and spec.year != content.year:
            out.add(
                source_ref(path, data, ("year",), numbers),
                tr(
                    "năm trong tệp ({f}) khác thư mục {y}",
                    "year in the file ({f}) differs from folder {y}",
                    f=spec.year,
                    y=content.year,
                ),
            )
        if spec.preset:
            if spec.preset not in preset_names():
                out.add(
                    source_ref(path, data, ("preset",), numbers),
                    tr(
                        "không có thang điểm mẫu '{p}' (có: {ps})",
                        "no preset '{p}' (known: {ps})",
                        p=spec.preset,
                        ps=", ".join(preset_names()),
                    ),
                )
            else:
                preset = load_preset(spec.preset, content.year).scheme
                bands = _bands(spec, path, data, out) if spec.bands else preset.bands
                if spec.criteria or spec.bonus:
                    out.add(
                        source_ref(path, data, ("preset",), numbers),
                        tr(
                            "khi dùng thang mẫu, 'criteria' và 'bonus' lấy từ thang mẫu; bỏ các "
                            "mục "
                            "này hoặc bỏ 'preset'",
                            "with a preset, 'criteria' and 'bonus' come from "
                            "the preset; remove them or remove 'preset'",
                        ),
                    )
                scheme = Scheme(
                    spec.scheme,
                    content.year,
                    spec.title or preset.title,
                    preset.criteria,
                    preset.bonus,
                    bands,
                    preset.stated_max,
                    spec.issuer,
                    spec.date,
                    spec.preparer,
                    spec.decided_by or preset.decided_by,
                    spec.notice.number if spec.notice else None,
                )
        else:
            scheme = build_scheme(spec, content.year, content.plan.criteria, path, data, out)
    if out.errors or scheme is None:
        raise ContentError(
            tr("Thang điểm không hợp lệ ({p})", "Invalid scoring scheme ({p})", p=path),
            out.problems,
        )
    return LoadedScheme(scheme, tuple(out.warnings))
