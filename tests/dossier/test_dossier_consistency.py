"""A dossier that agrees with itself: each contradiction found in the 2024 dossier, reintroduced
into a copy of the shipped content, is a located error before anything is rendered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from docgen.content.load import load_content
from docgen.dossier.load import load_dossier
from docgen.errors import ContentError
from tests.helpers import TEMPLATES


def _edit(content: Path, file: str, old: str, new: str) -> Path:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, snippet: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(snippet)].count("\n") + 1


def _errors(content: Path) -> str:
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content, 2024))
    return " ".join(exc.value.format().split())


def test_the_shipped_dossier_is_consistent(content_copy: Path) -> None:
    d = load_dossier(load_content(content_copy, 2024))
    assert d is not None
    for t in d.selection.tallies:
        assert t.agree + t.against + t.abstain == t.present == d.meeting.members_present
    assert d.ranking_date is not None and d.ranking_date <= d.meeting.date <= d.submission.date


def test_votes_must_add_up_to_the_members_present(content_copy: Path) -> None:
    path = _edit(
        content_copy,
        "2024/council.yaml",
        "    agree: 6\n    against: 1\n    abstain: 1\n",
        "    agree: 6\n    against: 1\n",
    )
    msg = _errors(content_copy)
    line = _line(path, "  - candidate: Trần Thị Ngọc Hân")
    assert f"council.yaml:{line}:" in msg and "[votes[4]]" in msg
    assert "không biểu quyết (0) = 7" in msg and "có mặt (8)" in msg


def test_the_ranking_must_exist_before_the_meeting(content_copy: Path) -> None:
    _edit(content_copy, "2024/council.yaml", "  date: 23/12/2024\n", "  date: 18/12/2024\n")
    msg = _errors(content_copy)
    assert "[meeting.date]" in msg and "lập ngày 20/12/2024" in msg and "(18/12/2024)" in msg


def test_nobody_confirms_their_own_report(content_copy: Path) -> None:
    _edit(
        content_copy,
        "2024/nominations.yaml",
        "    confirmed_by:\n      title: HIỆU TRƯỞNG\n      name: Lê Thị Minh Châu\n",
        "",
    )
    msg = _errors(content_copy)
    assert "nominations.yaml:" in msg and "[unit_reports[0]]" in msg
    assert "Nguyễn Thị Thanh Hương vừa là người báo cáo" in msg and "confirmed_by" in msg


def test_one_achievement_is_not_claimed_by_two_candidates(content_copy: Path) -> None:
    _edit(
        content_copy,
        "2024/nominations.yaml",
        "      - Chủ nhiệm câu lạc bộ đọc sách của trường;",
        "      - Xây dựng “Tủ sách khuyến học” với 1.250 đầu sách do giáo viên, phụ huynh và cựu "
        "học sinh đóng góp; tổ chức 8 buổi sinh hoạt câu lạc bộ đọc sách với hơn 600 lượt học sinh"
        " tham gia.\n      - Chủ nhiệm câu lạc bộ đọc sách của trường;",
    )
    msg = _errors(content_copy)
    assert "[candidates[3].achievements[0]]" in msg
    assert "'Trần Thị Ngọc Hân' ghi lại nguyên văn thành tích của 'Tổ Ngữ văn" in msg


def test_a_figure_has_one_value(content_copy: Path) -> None:
    _edit(
        content_copy,
        "2024/nominations.yaml",
        "trao {fig:hoc_bong_1_1} đúng thời hạn",
        "trao 150 suất học bổng đúng thời hạn",
    )
    _edit(
        content_copy,
        "2024/nominations.yaml",
        "{fig:hoc_bong_1_1} đúng hạn",
        "{fig:hoc_bong} đúng hạn",
    )
    msg = _errors(content_copy)
    assert "[candidates[4].achievements[1]]" in msg and "'150 suất học bổng' ghi tay" in msg
    assert "(145 suất học bổng 1&1 trong figures.yaml)" in msg
    assert "[candidates[4].reason]" in msg and "'hoc_bong' không có trong figures.yaml" in msg


def test_figures_print_from_data(content_copy: Path) -> None:
    _edit(content_copy, "2024/figures.yaml", "value: 145", "value: 151")
    d = load_dossier(load_content(content_copy, 2024))
    assert d is not None
    texts = " ".join(t for c in d.proposed for t in (c.reason, *c.achievements))
    assert texts.count("151 suất học bổng 1&1") >= 3 and "{fig:" not in texts


def test_a_chi_hoi_proposes_only_within_its_remit(content_copy: Path) -> None:
    nom = _edit(
        content_copy,
        "2024/nominations.yaml",
        "hội viên Chi hội Khuyến học\n    unit: thpt-nguyen-khuyen",
        "hội viên Chi hội Khuyến học\n    unit: thpt-nguyen-du",
    )
    cou = _edit(
        content_copy,
        "2024/council.yaml",
        "votes:\n",
        "votes:\n  - candidate: phuong-12\n    agree: 8\n",
    )
    msg = _errors(content_copy)
    assert f"nominations.yaml:{_line(nom, '    unit: thpt-nguyen-du')}:" in msg
    assert "[candidates[5].unit]" in msg and "'thpt-nguyen-du' ngoài phạm vi" in msg
    assert f"council.yaml:{_line(cou, '  - candidate: phuong-12')}:" in msg
    assert "[votes[0].candidate]" in msg and "'phuong-12' ngoài phạm vi" in msg


def test_a_chi_hoi_issuer_names_its_unit(content_copy: Path) -> None:
    _edit(content_copy, "org.yaml", "  unit: thpt-nguyen-khuyen\n", "  unit: thpt-khuyen\n")
    msg = _errors(content_copy)
    assert "org.yaml:" in msg and "[chapter.unit]" in msg and "'thpt-khuyen'" in msg


def test_a_built_dossier_that_disagrees_is_not_published(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen import pipeline
    from docgen.check.dossier_set import check_dossier
    from docgen.documents import dossier as documents
    from docgen.errors import CheckFailed

    out = tmp_path / "out"
    result = pipeline.build(
        pipeline.BuildOptions(content=content_copy, out=out, templates=TEMPLATES, pdf=False)
    )
    folder = result.out_dir / documents.SUBDIR
    assert check_dossier(folder) == []
    next(iter(sorted(folder.glob("04-bao-cao-*.docx")))).unlink()
    [finding] = check_dossier(folder)
    assert "số đề nghị trong tờ trình: 6" in finding.message
    assert "số báo cáo thành tích: 5" in finding.message

    # a build whose documents disagree (one report lost) publishes nothing
    jobs = documents.dossier_jobs
    monkeypatch.setattr(
        documents,
        "dossier_jobs",
        lambda *a: jobs(*a)[:-1],  # type: ignore[misc]
    )
    monkeypatch.setattr(pipeline, "PRODUCERS", [*pipeline.PRODUCERS[:-1], documents.jobs])
    before = sorted(p.name for p in result.out_dir.rglob("*"))
    with pytest.raises(CheckFailed) as exc:
        pipeline.build(
            pipeline.BuildOptions(content=content_copy, out=out, templates=TEMPLATES, pdf=False)
        )
    assert "số báo cáo thành tích: 5" in " ".join(str(p) for p in exc.value.problems)
    assert sorted(p.name for p in result.out_dir.rglob("*")) == before


def test_an_issued_plan_names_its_signer(content_copy: Path, tmp_path: Path) -> None:
    from docgen import pipeline
    from docgen.errors import ContentError as Refused

    org = _edit(content_copy, "org.yaml", "  name: Lê Thị Minh Châu\n", "  name:\n")
    options = pipeline.BuildOptions(
        content=content_copy, out=tmp_path / "out", templates=TEMPLATES, pdf=False
    )
    with pytest.raises(Refused) as exc:
        pipeline.build(options)
    msg = exc.value.format()
    line = _line(org, "  title: HIỆU TRƯỞNG\n  name:") + 1
    assert f"org.yaml:{line}:" in msg
    assert "[signer.name]" in msg and "họ tên người ký" in msg
    draft = pipeline.build(dataclasses.replace(options, draft=True))
    plan = next(draft.out_dir / e.path for e in draft.entries if e.kind == "plan")
    from docx import Document

    assert "[cần điền: họ tên người ký]" in Document(str(plan)).tables[-1].rows[0].cells[1].text
