"""The scoring engine: pure functions, property-tested with hypothesis, and the scheme loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.content.load import load_content
from docgen.content.units import Unit
from docgen.errors import ContentError
from docgen.scoring import engine
from docgen.scoring.scheme import Band, Column, Criterion, Scheme, load_preset, load_scheme
from tests.helpers import DISTRICT


def make_scheme(
    maxima: list[float], bands: tuple[Band, ...] | None = None, minimum: float | None = None
) -> Scheme:
    crits = tuple(
        Criterion(
            f"c{i}",
            f"ND{i}",
            i,
            f"Nội dung {i}",
            m,
            minimum,
            (Column(f"ND{i}", f"c{i}", f"Nội dung {i}", m, f"c{i}"),),
        )
        for i, m in enumerate(maxima, start=1)
    )
    bands = bands or (
        Band("tot", "Tốt", 85),
        Band("kha", "Khá", 70),
        Band("tb", "Trung bình", 50),
        Band("kd", "Không đạt", 0),
    )
    return Scheme("t", 2024, "t", crits, None, bands)


maxima_st = st.lists(st.sampled_from([5.0, 8.0, 10.0, 20.0, 25.0, 32.0]), min_size=1, max_size=6)


@st.composite
def scheme_and_scores(draw: st.DrawFn) -> tuple[Scheme, list[dict[str, float]]]:
    scheme = make_scheme(draw(maxima_st))
    n = draw(st.integers(min_value=1, max_value=15))
    halves = st.integers(min_value=0, max_value=80)  # scores in steps of 0.5 or 0.25
    rows = []
    for _ in range(n):
        row = {}
        for col in scheme.columns:
            step = draw(st.sampled_from([0.5, 0.25, 0.1]))
            row[col.code] = min(col.max, round(draw(halves) * step, 2))
        rows.append(row)
    return scheme, rows


@settings(max_examples=200, deadline=None)
@given(scheme_and_scores())
def test_total_never_exceeds_max(data: tuple[Scheme, list[dict[str, float]]]) -> None:
    scheme, rows = data
    for row in rows:
        assert all(engine.score_problem(c, row[c.code]) is None for c in scheme.columns)
        assert 0 <= engine.total(scheme, row) <= scheme.max_total


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 12.5, 50, 69.5, 70, 84.75, 85, 85, 90, 100]), max_size=20))
def test_rank_is_a_consistent_competition_ranking(totals: list[float]) -> None:
    ranks = engine.rank(totals)
    order = engine.ranked_order(totals)
    assert sorted(order) == list(range(len(totals)))  # a permutation of the units
    for i, j in zip(order, order[1:], strict=False):
        assert totals[i] >= totals[j]
        assert ranks[i] <= ranks[j]
        if totals[i] == totals[j]:
            assert ranks[i] == ranks[j] and i < j  # ties share a rank, keep input order
    for i, t in enumerate(totals):  # rank = 1 + number of strictly better units
        assert ranks[i] == 1 + sum(1 for u in totals if u > t)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.booleans(),
)
def test_band_is_monotone_in_the_total(a: float, b: float, meets: bool) -> None:
    bands = (
        Band("xs", "Xuất sắc", 90, requires_minimums=True),
        Band("tot", "Tốt", 80),
        Band("kha", "Khá", 65),
        Band("tb", "Trung bình", 50),
        Band("cd", "Chưa đạt", 0),
    )
    lo, hi = sorted((a, b))
    rank_of = {bd.key: i for i, bd in enumerate(bands)}  # 0 = best
    best, worst = engine.band_for(bands, hi, meets), engine.band_for(bands, lo, meets)
    assert rank_of[best.key] <= rank_of[worst.key]


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (100, "Tốt"),
        (85, "Tốt"),
        (84.99, "Khá"),
        (70, "Khá"),
        (69.5, "Trung bình"),
        (50, "Trung bình"),
        (49.75, "Không đạt"),
        (0, "Không đạt"),
    ],
)
def test_tt22_preset_bands(total: float, band: str) -> None:
    scheme = load_preset("tt22-2020", 2024).scheme
    assert scheme.max_total == 100
    assert [c.points for c in scheme.criteria] == [30, 30, 40]
    assert engine.band_for(scheme.bands, total).name == band


def test_ties_share_a_rank_in_units_order() -> None:
    scheme = make_scheme([50, 50])
    units = [Unit(id=u, name=u.upper(), kind="Chi hội") for u in ("a", "b", "c", "d")]
    scored = [
        engine.UnitScores("a", {"ND1": 40, "ND2": 40}),
        engine.UnitScores("b", {"ND1": 45, "ND2": 45}),
        engine.UnitScores("c", {"ND1": 41, "ND2": 39}),
        engine.UnitScores("d", {"ND1": 10, "ND2": 10}),
    ]
    results = engine.evaluate(scheme, units, scored)
    assert [(r.unit_id, r.rank) for r in results] == [("b", 1), ("a", 2), ("c", 2), ("d", 4)]
    assert [r.band for r in results] == ["Tốt", "Khá", "Khá", "Không đạt"]


def test_minimum_flags_and_band_requiring_minimums() -> None:
    bands = (Band("xs", "Xuất sắc", 90, requires_minimums=True), Band("tot", "Tốt", 0))
    scheme = make_scheme([50, 50], bands, minimum=25)
    units = [Unit(id="a", name="A", kind="k")]
    r = engine.evaluate(scheme, units, [engine.UnitScores("a", {"ND1": 50, "ND2": 20})])[0]
    assert r.total == 70 and r.band == "Tốt" and r.flags == ("ND2 dưới điểm tối thiểu (20/25)",)
    r = engine.evaluate(
        make_scheme([50, 50], bands), units, [engine.UnitScores("a", {"ND1": 50, "ND2": 45})]
    )[0]
    assert (r.band, r.flags) == ("Xuất sắc", ())


def test_the_2024_scheme_reads_the_plan_criteria() -> None:
    content = load_content(DISTRICT, 2024)
    loaded = load_scheme(content)
    scheme = loaded.scheme
    assert loaded.warnings == ()
    assert [c.points for c in scheme.criteria] == [c.points for c in content.plan.criteria]
    assert scheme.criteria_points == 92 and scheme.bonus.max == 8 and scheme.max_total == 100
    assert [c.code for c in scheme.columns] == [
        "ND1",
        "ND2.1",
        "ND2.2",
        "ND2.3",
        "ND2.4",
        "ND3",
        "ND4",
        "Thưởng",
    ]
    assert [b.name for b in scheme.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Chưa đạt"]


def test_criteria_not_adding_up_warn_and_are_not_scaled(district_copy: Path) -> None:
    path = district_copy / "2024" / "scoring.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  points: 8\n\n# Các mức", "  points: 10\n\n# Các mức"
        ),
        encoding="utf-8",
    )
    loaded = load_scheme(load_content(district_copy, 2024))
    assert loaded.scheme.max_total == 102  # the sum of the maxima, never rescaled to 100
    messages = [str(w) for w in loaded.warnings]
    assert any(
        "scoring.yaml:" in m and "[max_total]" in m and "102" in m and "100" in m for m in messages
    ), messages


def test_bad_band_table_is_located(district_copy: Path) -> None:
    path = district_copy / "2024" / "scoring.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Chưa đạt\n    min: 0", "name: Chưa đạt\n    min: 20")
    text = text.replace("  nd3:\n    minimum: 10", "  nd9:\n    minimum: 10")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_scheme(load_content(district_copy, 2024))
    text = exc.value.format()
    assert "[bands]" in text and "từ 0" in text
    assert "[criteria.nd9]" in text and "nd9" in text
