"""The district's results notice (Thông báo kết quả chấm điểm thi đua) and its Phụ lục (the
ranked summary): who signs it, where its scoring rules come from, and a 40-unit summary that
stays readable (one column per Nội dung, no word split, the header on every page)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from bench.district import generate
from docgen.content.load import load_content
from docgen.documents import evaluation, self_evaluation, summary
from docgen.errors import ContentError
from docgen.export import pdf as export
from docgen.pipeline import gate
from docgen.render.engine import render_bytes
from docgen.scoring import load_scored
from tests.helpers import CONTENT, TEMPLATES, needs_soffice, pdftotext


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if ln.startswith(text))


DECIDED = (
    "decided_by: Quyết định số 12/QĐ-HKH ngày 05 tháng 01 năm 2024 của Hội Khuyến học Quận 10\n"
)


def test_an_issued_notice_names_its_signer(district_copy: Path) -> None:
    scoring = _edit(
        district_copy / "2024" / "scoring.yaml", "    name: Trần Văn Khánh\n", "    name:\n"
    )
    content = load_content(district_copy, 2024)
    with pytest.raises(ContentError) as exc:
        gate(content, draft=False)
    msg = exc.value.format()
    assert "Nội dung năm 2024 còn 1 trường cần điền" in msg
    assert (
        f"scoring.yaml:{_line(scoring, '    name:')}:5: [issuer.signer.name] "
        "(cơ quan ban hành, người ký, tên) lỗi: cần điền họ "
        "tên người ký thông báo kết quả (ô 7b)"
    ) in msg
    drafted = gate(content, draft=True)
    scored = load_scored(drafted)
    assert scored is not None
    ctx = summary.notice_context(drafted, scored)
    assert ctx["signer"]["name"] == "[cần điền: họ tên người ký]"
    assert ctx["draft"] is True  # the template's "DỰ THẢO" box
    assert summary.notice_context(content, scored)["draft"] is False


def test_rules_outside_the_plan_name_the_decision_that_set_them(district_copy: Path) -> None:
    scoring = _edit(district_copy / "2024" / "scoring.yaml", DECIDED, "decided_by:\n")
    content = load_content(district_copy, 2024)
    with pytest.raises(ContentError) as exc:
        gate(content, draft=False)
    msg = exc.value.format()
    assert (
        f"scoring.yaml:{_line(scoring, 'decided_by:')}:1: [decided_by] lỗi: cần điền văn bản "
        "quy định điểm thưởng, điểm tối thiểu và mức xếp loại (decided_by, ví dụ: Quyết định số "
        "12/QĐ-HKH ngày 05 tháng 01 năm 2024 của …)"
    ) in msg
    drafted = gate(content, draft=True)
    scored = load_scored(drafted)
    assert scored is not None
    gap = "Điểm thưởng, điểm tối thiểu và mức xếp loại theo [cần điền: văn bản quy định]."
    assert summary.context(drafted, scored)["rules_note"] == gap
    assert summary.notice_context(drafted, scored)["rules_note"] == gap
    sheet = evaluation.context(drafted, scored, scored.results[0])
    assert sheet["rules_note"] == gap


def test_the_school_sheet_prints_the_districts_decision(tmp_path: Path) -> None:
    content = load_content(CONTENT, 2024)
    [job] = self_evaluation.jobs(content, TEMPLATES)
    assert job.context["rules_note"] == (
        "Điểm thưởng, điểm tối thiểu và mức xếp loại theo Quyết định số 12/QĐ-HKH ngày 05 tháng "
        "01 năm 2024 của Hội Khuyến học Quận 10."
    )
    # the school's set issues no evaluation sheet, summary or notice: the district does
    assert evaluation.jobs(content, TEMPLATES) == [] and summary.jobs(content, TEMPLATES) == []


def test_without_scores_nothing_is_asked(content_copy: Path) -> None:
    for name in ("scores.csv", "self-scores.csv"):
        (content_copy / "2024" / name).unlink()
    _edit(content_copy / "2024" / "scoring.yaml", DECIDED, "decided_by:\n")
    content = load_content(content_copy, 2024)
    assert gate(content, draft=False) is content  # no scores yet: no decision to name


def test_the_school_sheet_before_the_district_scores(content_copy: Path) -> None:
    """On 05/12 the Chi hội sends its self-assessment; the Hội's approved scores come later."""
    (content_copy / "2024" / "scores.csv").unlink()
    content = load_content(content_copy, 2024)
    assert load_scored(content) is None
    [job] = self_evaluation.jobs(content, TEMPLATES)
    assert job.context["self_total"] == "97" and job.meta["self_total"] == 97
    shown = [re.sub(r"<[^>]+>", "", r["self_score"].xml) for r in job.context["rows"]]
    assert shown[:2] == ["20", "32"] and shown[-1] == "7"  # Nội dung 1, 2 … the bonus
    _edit(content_copy / "2024" / "scoring.yaml", DECIDED, "decided_by:\n")
    with pytest.raises(ContentError) as exc:
        gate(load_content(content_copy, 2024), draft=False)
    assert "[decided_by] lỗi: cần điền văn bản quy định điểm thưởng" in exc.value.format()


@pytest.fixture(scope="module")
def forty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The notice and summary of a 40-unit district, rendered and converted in ONE batch."""
    root = tmp_path_factory.mktemp("forty")
    district = generate(root / "content", n_units=40, n_nominees=3, seed=11)
    content = dataclasses.replace(load_content(district.content, 2024))
    out = root / "out"
    out.mkdir()
    paths = []
    for job in summary.jobs(content, TEMPLATES):
        path = out / job.filename
        path.write_bytes(render_bytes(job))
        paths.append(path)
    notice, appendix = paths
    with export.BesideBatch(paths) as batch:
        batch.wait()
    return notice.with_suffix(".pdf"), appendix.with_suffix(".pdf")


@needs_soffice
def test_forty_units_stay_readable(forty: tuple[Path, Path]) -> None:
    notice, appendix = forty
    assert len(PdfReader(str(notice)).pages) == 1
    reader = PdfReader(str(appendix))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height  # landscape
        text = " ".join(page.extract_text().split())
        # the header row repeats on every page of the table (the last may hold only the counts)
        if "Chi hội Khuyến học" in text:
            assert "Tên đơn vị" in text and "ND2 (32)" in text and "Thưởng (8)" in text
    words = set(re.split(r"\s+", pdftotext(appendix)))
    # no word split in the narrow columns: each head word, band and score is whole
    for w in ("Hạng", "ND1", "(20)", "Thưởng", "(8)", "Điểm", "tự", "chấm", "duyệt", "Xếp", "loại"):
        assert w in words, w
    assert {"Xuất", "sắc", "Trung", "bình", "Chưa", "đạt"} <= words
    assert {"19,5", "31,5"} & words
    # every unit is there, ranked
    assert "40" in words


def test_the_summary_is_checked_as_an_appendix(district_copy: Path, tmp_path: Path) -> None:
    """Mẫu 2.1: the Phụ lục has no Quốc hiệu, Số or signer of its own; a table that does not
    open as a Phụ lục is still a form, whose missing Quốc hiệu is said."""
    from docgen.check.engine import Checker, Options

    content = load_content(district_copy, 2024)
    notice, appendix = summary.jobs(content, TEMPLATES)
    path = tmp_path / appendix.filename
    path.write_bytes(render_bytes(appendix))
    checker = Checker(Options(profile="docgen"))
    assert [f.code for f in checker.check_file(path)] == []
    for opening, expected in (("Phụ lục", set()), ("", {"VB101", "VB102"})):
        doc = Document()
        for text in (
            opening,
            "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM",
            "(Kèm theo Thông báo số 15/TB-HKH)",
        ):
            if text:
                doc.add_paragraph(text)
        doc.add_paragraph("Kết quả chấm điểm của các đơn vị như sau./.")
        doc.save(str(tmp_path / "bang.docx"))
        found = {f.code for f in checker.check_file(tmp_path / "bang.docx")}
        assert found & {"VB101", "VB102"} == expected, opening
    notice_path = tmp_path / notice.filename
    notice_path.write_bytes(render_bytes(notice))
    assert [f.code for f in checker.check_file(notice_path) if f.severity == "error"] == []
