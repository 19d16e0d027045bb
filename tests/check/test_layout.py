"""Layouts that hold with the longest realistic values: a date in every month, the longest place
name, 40 units, 20 nominees. All documents go through ONE LibreOffice batch; the assertions read
the PDFs' text positions (the same reader ``docgen build`` uses to check its own PDFs)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from bench.district import generate
from docgen.check import pdf_titles
from docgen.check.pdf_layout import (
    FULL_DATE,
    LABEL,
    RIGHT_MARGIN_PT,
    Line,
    Page,
    check_pdf,
    date_faults,
    lines,
    recipient_faults,
)
from docgen.content.load import load_content
from docgen.export.pdf import convert_beside
from docgen.pipeline import collect_jobs
from docgen.render.engine import render_bytes
from docgen.render.job import RenderJob
from docgen.vi.format import long_date
from tests.helpers import REPO, TEMPLATES, needs_soffice
from tests.helpers.audits import audit

KINDS = (
    "plan",
    "notice",
    "summary",
    "dossier-totrinh",
    "dossier-danhsach",
    "dossier-bienban",
)
PLACE = "Thành phố Hồ Chí Minh"  # the longest place name of a provincial capital


def _with_date(job: RenderJob, month: int, template: Path | None = None) -> RenderJob:
    ctx = dict(job.context)
    place = str(ctx["place_date"]).split(", ngày")[0]
    ctx["place_date"] = f"{place}, {long_date(dt.date(2025, month, 28))}"
    if template is not None:  # an old template knows no illustrative mark
        ctx.pop("illustrative_mark", None)
    return dataclasses.replace(job, context=ctx, template=template or job.template)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("longest")
    district = generate(root / "content", n_units=40, n_nominees=20, seed=14)
    # the district example's place is "Quận 10": give it the longest place name instead
    for path in (district.content / "org.yaml", district.content / "2024" / "scoring.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("place: Quận 10\n", f"place: {PLACE}\n"), encoding="utf-8")
    content = load_content(district.content, 2024)
    assert content.org.place == PLACE
    jobs = collect_jobs(content, TEMPLATES)
    chosen = {j.kind: j for j in jobs if j.kind in KINDS}
    chosen["evaluation"] = next(j for j in jobs if j.kind == "evaluation")
    reports = [j for j in jobs if j.kind == "dossier-baocao"]
    chosen["baocao-tap-the"] = next(j for j in reports if j.meta["kind"] == "tập thể")
    chosen["baocao-ca-nhan"] = next(j for j in reports if j.meta["kind"] == "cá nhân")
    for i, report in enumerate(reports):  # 20 nominees and the units: every report
        chosen[f"baocao-{i + 1:02d}"] = report
    for m in range(1, 13):
        chosen[f"plan-{m:02d}"] = _with_date(chosen["plan"], m)
        chosen[f"totrinh-{m:02d}"] = _with_date(chosen["dossier-totrinh"], m)
    # the plan template as shipped before issue 14: its date column wraps for December
    old = root / "ke-hoach-cu.docx"
    old.write_bytes(
        subprocess.run(
            ["git", "show", "25e24bd:templates_docx/ke-hoach.docx"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    )
    chosen["old-plan-12"] = _with_date(chosen["plan"], 12, old)
    docs = {}
    for name, job in chosen.items():
        path = root / "docs" / f"{name}.docx"
        path.parent.mkdir(exist_ok=True)
        if name == "old-plan-12":  # as rendered before issue 14: no non-breaking spaces either
            with mock.patch("docgen.render.typeset.part", lambda root: root):
                path.write_bytes(render_bytes(job))
        else:
            path.write_bytes(render_bytes(job))
        docs[name] = path
    made = convert_beside(list(docs.values()))  # one LibreOffice batch for all of them
    return dict(zip(docs, made, strict=True))


@pytest.mark.slow
@needs_soffice
def test_the_longest_values_are_really_there(pdfs: dict[str, Path]) -> None:
    summary = " ".join(ln.text for p in lines(pdfs["summary"]) or [] for ln in p.lines)
    assert summary.count("Chi hội Khuyến học") >= 40
    danh_sach = " ".join(ln.text for p in lines(pdfs["dossier-danhsach"]) or [] for ln in p.lines)
    assert "Tổng cộng:" in danh_sach


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("doc", ["plan", "totrinh"])
def test_the_date_line_is_one_line_inside_the_margin_in_every_month(
    pdfs: dict[str, Path], doc: str
) -> None:
    for m in range(1, 13):
        pages = lines(pdfs[f"{doc}-{m:02d}"])
        assert pages is not None
        date = long_date(dt.date(2025, m, 28))
        [line] = [ln for ln in pages[0].lines if ln.text.startswith(PLACE + ",")]
        assert line.text == f"{PLACE}, {date}", (m, line.text)
        assert line.x1 <= pages[0].width - RIGHT_MARGIN_PT + 1, (m, line.x1)
        assert date_faults(pages) == []


@pytest.mark.slow
@needs_soffice
def test_a_wrapping_date_line_is_reported(pdfs: dict[str, Path]) -> None:
    faults = check_pdf(pdfs["old-plan-12"])
    assert faults is not None and len(faults) == 1
    assert "xuống dòng" in faults[0].message and "tháng 12 năm'" in faults[0].message


@pytest.mark.slow
@needs_soffice
def test_no_layout_fault_in_any_document(pdfs: dict[str, Path]) -> None:
    found = {n: check_pdf(p) for n, p in pdfs.items() if n != "old-plan-12"}
    assert {n: f for n, f in found.items() if f} == {}


@pytest.mark.slow
@needs_soffice
def test_noi_nhan_label_and_first_item_share_a_page(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        pages = lines(pdf) or []
        labels = [(p.number, ln) for p in pages for ln in p.lines if ln.text == LABEL]
        for number, label in labels:
            page = pages[number - 1]
            below = [ln for ln in page.lines if ln.y0 >= label.y1 - 1 and ln.text.startswith("-")]
            assert below, (name, number)


@pytest.mark.slow
@needs_soffice
def test_headings_and_header_hold(pdfs: dict[str, Path]) -> None:
    """ "Số:" sits under the issuing body (left column) and below its rule, in every document."""
    numbered = [n for n in pdfs if n.startswith(("plan", "totrinh", "dossier-t", "dossier-b"))]
    assert len(numbered) == 27
    for name in numbered:
        first = (lines(pdfs[name]) or [])[0]
        numbers = [ln for ln in first.lines if ln.text.startswith("Số:")]
        assert numbers, name
        issuer = [ln for ln in first.lines if ln.y1 < numbers[0].y0 and ln.x1 < first.width / 2]
        assert issuer, name
        assert numbers[0].x1 < first.width / 2, name  # left half, not mid-page
        assert numbers[0].y0 - max(ln.y1 for ln in issuer) > 4, name  # room for the rule


def test_an_orphaned_noi_nhan_label_is_reported() -> None:
    label = Line(LABEL, 90, 780, 150, 795)
    alone = Page(1, 595, 842, (Line("Trên đây là …/.", 90, 700, 500, 715), label))
    assert len(recipient_faults([alone])) == 1
    kept = Page(1, 595, 842, (label, Line("- Như trên;", 90, 797, 160, 810)))
    assert recipient_faults([kept]) == []


def test_date_line_rules() -> None:
    line = Line(f"{PLACE}, ngày 28 tháng 12 năm", 250, 100, 540, 115)
    assert len(date_faults([Page(1, 595, 842, (line,))])) == 1
    wide = Line(f"{PLACE}, ngày 28 tháng 12 năm 2025", 250, 100, 570, 115)
    assert "lấn lề phải" in date_faults([Page(1, 595, 842, (wide,))])[0].message
    assert FULL_DATE.search(wide.text)


@pytest.mark.slow
@needs_soffice
def test_no_broken_word_no_lone_title_word_no_cut_number(pdfs: dict[str, Path]) -> None:
    """The PDF word audits (tests/check/test_pdf_text_audits.py) on every longest-values
    document: no word or short value broken in a table cell, no title leaving its last word
    alone, no line starting with the number of "Nội dung N", "ngày N", "Quận N"."""
    pairs = [(p.with_suffix(".docx"), p) for n, p in pdfs.items() if n != "old-plan-12"]
    assert len(pairs) >= 45
    assert audit(pairs) == {}
    # the plan as rendered before the typesetting pass cuts numbers from their labels, and the
    # build's own look at its PDFs says so, beside the wrapped date line
    old = pdfs["old-plan-12"]
    assert audit([(old.with_suffix(".docx"), old)]) != {}
    seen = [
        p.message for p in pdf_titles.built_faults(old.with_suffix(".docx"), old, "kh.pdf") or []
    ]
    assert any("xuống dòng" in m for m in seen)
    assert any("bị tách khỏi 'năm' ở dòng trên" in m for m in seen)
