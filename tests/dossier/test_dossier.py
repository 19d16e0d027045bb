"""The commendation dossier on the real outputs of the shared 2024 build (``built_2024``): the
four kinds of document agree with each other, the merged PDF has its bookmarks, page labels and
metadata, and every kind of bad input is reported with file, line and field, exit 1, no output."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from docgen.content.load import load_content
from docgen.dossier.load import Dossier, load_dossier
from docgen.dossier.models import AwardRules, UnitOverride
from docgen.dossier.select import passes, unit_candidates
from docgen.errors import ContentError
from docgen.export.dossier import dossier_docs, zip_docx
from docgen.pipeline import BuildResult, collect_jobs
from docgen.render.job import BuiltDoc
from docgen.vi.format import long_date
from tests.helpers import (
    CONTENT,
    DISTRICT,
    HAS_SOFFICE,
    TEMPLATES,
    docx_text,
    needs_soffice,
    pdftotext,
    plain,
)
from tests.helpers.cli import DocgenCli

# The council's own nominations (nominations.yaml). Units proposed from the scoring stage come
# first when that stage has results; tests below take them from ``load_dossier`` and check the
# nominations against these fixed names.
NOMINATED = [
    "Tổ Ngữ văn Trường THPT Nguyễn Khuyến",
    "Ban Đại diện Cha mẹ học sinh Trường THPT Nguyễn Khuyến",
    "Nguyễn Minh Tuấn",
    "Trần Thị Ngọc Hân",
    "Phạm Thị Thu Trang",
]
REJECTED = "Đỗ Quốc Bảo"
GIAY_KHEN = "Giấy khen của Hội Khuyến học Quận 10"
BANG_KHEN = "Bằng khen của Hội Khuyến học Thành phố Hồ Chí Minh"


def _one(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _docs(built: BuildResult, kind: str) -> list[Path]:
    return [built.out_dir / e.path for e in built.entries if e.kind == kind and e.format == "docx"]


def _rows(path: Path) -> list[list[str]]:
    """Body rows (header row left out) of every bordered data table in the document."""
    out = []
    for t in Document(str(path)).tables:
        head = [plain(c.text) for c in t.rows[0].cells]
        if head and head[0] in ("TT", "Năm"):
            out += [[plain(c.text) for c in r.cells] for r in t.rows[1:]]
    return out


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    d = load_dossier(load_content(CONTENT, 2024))
    assert d is not None
    return d


def _two(n: int) -> str:
    return f"{n:02d}"


def _counts(names: list[str], kinds: dict[str, str]) -> str:
    tt = sum(kinds[n] == "tập thể" for n in names)
    cn = len(names) - tt
    return " và ".join(
        p for p in (f"{_two(tt)} tập thể" if tt else "", f"{_two(cn)} cá nhân" if cn else "") if p
    )


# -- the four documents agree -------------------------------------------------------------------


def test_shipped_candidates(dossier: Dossier) -> None:
    proposed = [c.name for c in dossier.proposed]
    assert proposed[-len(NOMINATED) :] == NOMINATED  # units from the scoring stage come first
    assert all(c.source == "unit" for c in dossier.proposed[: -len(NOMINATED)])
    assert [t.candidate.name for t in dossier.selection.rejected] == [REJECTED]


def test_the_four_documents_agree_on_candidates_counts_and_numbers(
    built_2024: BuildResult, dossier: Dossier
) -> None:
    content = load_content(CONTENT, 2024)
    proposed = [c.name for c in dossier.proposed]
    kinds = {t.candidate.name: t.candidate.kind for t in dossier.selection.tallies}
    awards = {c.name: c.award for c in dossier.proposed}
    giay_khen = [n for n in proposed if awards[n] == GIAY_KHEN]
    by_table = [
        n
        for a in (GIAY_KHEN, BANG_KHEN)
        for k in ("tập thể", "cá nhân")
        for n in proposed
        if awards[n] == a and kinds[n] == k
    ]
    plan = content.plan
    [totrinh] = _docs(built_2024, "dossier-totrinh")
    [danhsach] = _docs(built_2024, "dossier-danhsach")
    [bienban] = _docs(built_2024, "dossier-bienban")
    reports = _docs(built_2024, "dossier-baocao")

    tt = _one(docx_text(totrinh))
    assert "Số: 15/TTr-CHKH" in tt and "ngày 26 tháng 12 năm 2024" in tt
    assert "Kính gửi: Hội Khuyến học Quận 10." in tt
    # the plan is cited from the plan content, not retyped
    assert f"Kế hoạch số {plan.number}/KH-NK {long_date(plan.date)}" in tt
    assert "Biên bản họp xét thi đua, khen thưởng số 04/BB-CHKH ngày 23 tháng 12 năm 2024" in tt
    assert f"cho {_counts(proposed, kinds)} có thành tích" in tt
    assert f"- {GIAY_KHEN}: {_counts(giay_khen, kinds)};" in tt
    assert f"- {BANG_KHEN}: 01 cá nhân." in tt
    lines = docx_text(totrinh).splitlines()
    nn = lines.index("Nơi nhận:")
    assert lines[nn + 1] == "- Như trên;" and lines[nn + 3] == "- Lưu: VT, CHKH."

    ds = _one(docx_text(danhsach))
    assert "(Kèm theo Tờ trình số 15/TTr-CHKH ngày 26 tháng 12 năm 2024" in ds
    rows = _rows(danhsach)
    assert [r[1] for r in rows] == by_table  # by award, then tập thể before cá nhân
    n_tt = sum(kinds[n] == "tập thể" for n in giay_khen)
    numbers = [str(i) for i in range(1, n_tt + 1)]
    numbers += [str(i) for i in range(1, len(giay_khen) - n_tt + 1)] + ["1"]
    assert [r[0] for r in rows] == numbers  # numbered per table; Bằng khen: 1 cá nhân
    assert all(r[3] for r in rows)  # every row has its reason
    assert f"Tổng cộng: {_counts(proposed, kinds)}./." in ds
    assert REJECTED not in ds

    bb = _one(docx_text(bienban))
    assert "Số: 04/BB-CHKH" in bb and "Thành phố Hồ Chí Minh, ngày" not in bb  # Mẫu 1.9
    assert "14 giờ 00 phút, ngày 23 tháng 12 năm 2024" in bb and "16 giờ 30 phút" in bb
    assert "có mặt 08/09 thành viên" in bb
    votes = {r[1]: r for r in _rows(bienban)}
    assert list(votes) == proposed + [REJECTED]
    # columns: TT, name, award, for, against, not voting (issue 14), share, result
    assert votes[REJECTED][5:] == ["1", "50%", "Không đạt"]
    assert votes["Ban Đại diện Cha mẹ học sinh Trường THPT Nguyễn Khuyến"][6] == "87,5%"
    assert all(votes[n][7] == "Đạt" for n in proposed)
    assert all(sum(int(v) for v in votes[n][3:6]) == 8 for n in votes)
    assert f"đề nghị Hội Khuyến học Quận 10 khen thưởng {_counts(proposed, kinds)}" in bb
    assert f"- {GIAY_KHEN}: {', '.join(giay_khen)}; - {BANG_KHEN}: Nguyễn Minh Tuấn." in bb
    assert f"{REJECTED} đạt 4/8 phiếu tán thành (50%), không đạt tỷ lệ trên 50%" in bb
    signers = [c.text for c in Document(str(bienban)).tables[-1].rows[0].cells]
    assert "THƯ KÝ" in signers[0] and "CHỦ TỌA" in signers[-1]

    assert len(reports) == len(proposed)
    for path, name in zip(sorted(reports), proposed, strict=True):
        text = _one(docx_text(path))
        assert name in text or name.upper() in text
        assert "I. SƠ LƯỢC" in text and "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text
        assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in text
        award = BANG_KHEN if name == "Nguyễn Minh Tuấn" else GIAY_KHEN
        assert f"ĐỀ NGHỊ TẶNG {award.upper()}" in text
    report = dict(zip(proposed, sorted(reports), strict=True))
    tuan = _one(docx_text(report["Nguyễn Minh Tuấn"]))
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in tuan and "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in tuan
    assert [r[0] for r in _rows(report["Nguyễn Minh Tuấn"])] == ["2022", "2023"]
    to = _one(docx_text(report[NOMINATED[0]]))
    assert "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG" in to and "Phan Thị Kim Oanh" in to
    assert "Chưa được khen thưởng." in _one(docx_text(report[NOMINATED[1]]))


def test_manifest_lists_the_zip_and_its_docx_are_deterministic(
    built_2024: BuildResult, dossier: Dossier, tmp_path: Path
) -> None:
    proposed = [c.name for c in dossier.proposed]
    [z] = [e for e in built_2024.entries if e.kind == "dossier" and e.format == "zip"]
    path = built_2024.out_dir / z.path
    with zipfile.ZipFile(path) as f:
        names = f.namelist()
        assert {i.date_time for i in f.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert names[:3] == [
        "ho-so-khen-thuong/01-to-trinh.docx",
        "ho-so-khen-thuong/02-danh-sach.docx",
        "ho-so-khen-thuong/03-bien-ban.docx",
    ]
    assert len(names) == 3 + len(proposed)
    assert z.meta["candidates"] == proposed
    again = tmp_path / "again.zip"
    jobs = collect_jobs(load_content(CONTENT, 2024), TEMPLATES)
    docs = [BuiltDoc(j, built_2024.out_dir / j.filename) for j in jobs]
    zip_docx(dossier_docs(docs), built_2024.out_dir, again)
    assert again.read_bytes() == path.read_bytes()


# -- the merged PDF -----------------------------------------------------------------------------


@needs_soffice
def test_merged_pdf_bookmarks_labels_metadata_and_text(
    built_2024: BuildResult, dossier: Dossier
) -> None:
    proposed = [c.name for c in dossier.proposed]
    [e] = [e for e in built_2024.entries if e.kind == "dossier" and e.format == "pdf"]
    path = built_2024.out_dir / e.path
    reader = PdfReader(str(path))
    parts = [x for x in built_2024.entries if x.kind.startswith("dossier-") and x.format == "pdf"]
    assert len(parts) == 3 + len(proposed)
    assert len(reader.pages) == e.pages == sum(x.pages for x in parts)

    outline = reader.outline
    tops = [o.title for o in outline if not isinstance(o, list)]
    assert tops == [
        "Tờ trình đề nghị khen thưởng",
        "Phụ lục: Danh sách đề nghị khen thưởng",
        "Biên bản họp xét thi đua, khen thưởng",
        "Báo cáo thành tích",
    ]
    children = [o for o in outline if isinstance(o, list)][0]
    assert [c.title for c in children] == [f"{i}. {n}" for i, n in enumerate(proposed, start=1)]
    # each bookmark opens the first page of its document
    firsts = [reader.get_destination_page_number(o) for o in outline if not isinstance(o, list)]
    assert firsts[0] == 0 and firsts == sorted(firsts)

    labels = reader.page_labels
    assert labels[0] == "TTr-1" and labels.count("TTr-1") == 1
    assert any(lbl.startswith("PL-") for lbl in labels) and "BB-1" in labels
    assert [lbl for lbl in labels if lbl.endswith("-1") and lbl.startswith("BC")] == [
        f"BC{i:02d}-1" for i in range(1, len(proposed) + 1)
    ]
    assert reader.metadata.title == "Hồ sơ đề nghị khen thưởng năm 2024"
    assert reader.metadata.author == "Chi hội Khuyến học Trường THPT Nguyễn Khuyến"

    text = _one(pdftotext(path))
    for name in proposed + [REJECTED]:
        assert name in text or name.upper() in text, name


# -- unit candidates (scoring stage) with constructed results -----------------------------------


@dataclass(frozen=True)
class Result:
    unit_id: str
    unit_name: str
    unit_kind: str
    total: float
    max_total: float
    band: str
    band_key: str
    rank: int
    flags: tuple[str, ...] = ()


RESULTS = [
    Result(
        "phuong-12", "Chi hội Khuyến học Phường 12", "Chi hội phường", 82.5, 100, "Tốt", "tot", 3
    ),
    Result(
        "thpt-nguyen-du",
        "Chi hội Khuyến học Trường THPT Nguyễn Du",
        "Chi hội trường học",
        96,
        100,
        "Xuất sắc",
        "xuat_sac",
        2,
    ),
    Result(
        "thcs-hoang-van-thu",
        "Chi hội Khuyến học Trường THCS Hoàng Văn Thụ",
        "Chi hội trường học",
        61,
        100,
        "Đạt",
        "dat",
        4,
    ),
    Result(
        "thpt-nguyen-khuyen",
        "Chi hội Khuyến học Trường THPT Nguyễn Khuyến",
        "Chi hội trường học",
        97,
        100,
        "Xuất sắc",
        "xuat_sac",
        1,
    ),
]
RULES = AwardRules(
    awards=[{"name": GIAY_KHEN}], band_rule=[{"band": "Xuất sắc", "award": GIAY_KHEN}]
)


def test_unit_candidates_follow_the_band_rule_and_explicit_overrides() -> None:
    cands = unit_candidates(RESULTS, RULES, [], 2024)
    assert [c.unit_id for c in cands] == ["thpt-nguyen-khuyen", "thpt-nguyen-du"]
    assert cands[1].award == GIAY_KHEN and cands[1].kind == "tập thể"
    assert "96/100 điểm, xếp loại Xuất sắc, hạng 2" in cands[1].reason
    override = UnitOverride(unit="phuong-12", award=GIAY_KHEN, reason="Mô hình lớp học tình thương")
    cands = unit_candidates(RESULTS, RULES, [override], 2024)
    assert [c.unit_id for c in cands] == ["thpt-nguyen-khuyen", "thpt-nguyen-du", "phuong-12"]
    assert cands[2].override_reason == "Mô hình lớp học tình thương"
    assert cands[2].reason.startswith("Mô hình lớp học tình thương (đạt 82,5/100 điểm")


def test_pass_threshold_is_strictly_more_than_the_share() -> None:
    assert not passes(4, 8, 50) and passes(5, 8, 50) and passes(7, 9, 75) is True
    assert not passes(0, 0, 50)


UNIT_VOTES = """  - candidate: thpt-nguyen-khuyen
    agree: 8
  - candidate: thpt-nguyen-du
    agree: 8
  - candidate: phuong-12
    agree: 7
    against: 1
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _as_district(content: Path) -> None:
    """Make the copy's issuer a district-level Hội, whose remit is every unit it ranks, and
    vote on the other units the ranking proposes. A Hội lists the Chi hội it scores: the
    district example's units.yaml (the school's own set lists only its Chi hội)."""
    shutil.copyfile(DISTRICT / "2024" / "units.yaml", content / "2024" / "units.yaml")
    org = content / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("  level: chi hội\n", "  level: hội\n"),
        encoding="utf-8",
    )
    _break(content, COU, "  - candidate: thpt-nguyen-khuyen\n    agree: 8\n", UNIT_VOTES)


def test_unit_candidate_needs_a_vote_and_then_joins_the_documents(content_copy: Path) -> None:
    council = content_copy / "2024" / "council.yaml"
    _as_district(content_copy)
    _break(content_copy, COU, UNIT_VOTES, "  - candidate: thpt-nguyen-khuyen\n    agree: 8\n")
    content = load_content(content_copy, 2024)
    with pytest.raises(ContentError) as exc:
        load_dossier(content, results=RESULTS)
    msg = exc.value.format()
    assert "council.yaml" in msg and "[votes]" in msg
    assert "'Chi hội Khuyến học Trường THPT Nguyễn Du' chưa có kết quả biểu quyết" in msg
    _append(council, "  - candidate: thpt-nguyen-du\n    agree: 8\n")
    d = load_dossier(content, results=RESULTS)
    assert d is not None
    assert [c.name for c in d.proposed[:2]] == [
        "Chi hội Khuyến học Trường THPT Nguyễn Khuyến",
        "Chi hội Khuyến học Trường THPT Nguyễn Du",
    ]
    assert sum(c.kind == "tập thể" for c in d.proposed) == 4
    from docgen.documents.dossier import baocao_context, bienban_context, totrinh_context

    assert totrinh_context(content, d)["count"] == "04 tập thể và 03 cá nhân"
    report = baocao_context(content, d, d.proposed[1])
    assert report["right"]["name"] == "Trần Minh Tuấn"  # the unit's head from units.yaml
    assert "96/100 điểm" in report["achievements"][0] and report["earlier"] == []
    own = baocao_context(content, d, d.proposed[0])  # unit_reports adds to the score line
    assert "97/100 điểm" in own["achievements"][0] and len(own["achievements"]) == 3
    assert any("168 hội viên" in p for p in own["summary"])
    assert own["earlier"][0]["year"] == 2023

    # a vote for a unit the band rule does not propose is an error ...
    _append(council, "  - candidate: phuong-12\n    agree: 8\n")
    with pytest.raises(ContentError) as exc:
        load_dossier(content, results=RESULTS)
    assert "unit_overrides" in exc.value.format() and "(Tốt)" in exc.value.format()
    # ... until an explicit override gives the award and the reason
    _break(
        content_copy,
        NOM,
        "unit_overrides: []",
        """unit_overrides:
  - unit: phuong-12
    award: Giấy khen của Hội Khuyến học Quận 10
    reason: Duy trì 2 lớp học tình thương cho 40 học sinh""",
    )
    d = load_dossier(content, results=RESULTS)
    assert [c.unit_id for c in d.proposed[:3]] == [
        "thpt-nguyen-khuyen",
        "thpt-nguyen-du",
        "phuong-12",
    ]
    from docgen.documents.dossier import dossier_jobs
    from docgen.render.engine import render_bytes

    assert bienban_context(content, d)["overrides"][0]["name"] == "Chi hội Khuyến học Phường 12"
    [job] = [j for j in dossier_jobs(content, d, TEMPLATES) if j.kind == "dossier-bienban"]
    rendered = content_copy / "bien-ban.docx"
    rendered.write_bytes(render_bytes(job))
    conclusion = _one(docx_text(rendered))
    assert (
        "Chi hội Khuyến học Phường 12 được đề nghị ngoài quy tắc xếp loại, lý do: Duy trì 2 "
        "lớp học tình thương" in conclusion
    )


def test_without_scoring_results_unit_votes_do_not_apply(content_copy: Path) -> None:
    d = load_dossier(load_content(content_copy, 2024), results=None, use_scoring=False)
    assert d is not None and [c.name for c in d.proposed] == NOMINATED


# -- bad input ----------------------------------------------------------------------------------

NOM, COU = "nominations.yaml", "council.yaml"
BAD = {
    "missing-field": (
        NOM,
        "    reason: Duy trì câu lạc bộ đọc sách và quỹ sách “Tủ sách khuyến học” "
        "với 1.250 đầu sách; 100% giáo viên của tổ là hội viên tích cực.\n",
        "",
        "candidates[0].reason",
        "  - name: Tổ Ngữ văn",
        "reason",
    ),
    "unit-unknown": (
        NOM,
        "    unit: thpt-nguyen-khuyen\n    award: Giấy khen của Hội Khuyến học "
        "Quận 10\n    reason: Duy trì",
        "    unit: thpt-ng-khuyen\n    award: Giấy khen "
        "của Hội Khuyến học Quận 10\n    reason: Duy trì",
        "candidates[0].unit",
        "    unit: thpt-ng-khuyen",
        "thpt-ng-khuyen",
    ),
    "votes-over-present": (
        COU,
        "    agree: 8\n  - candidate: Ban",
        "    agree: 12\n  - candidate: Ban",
        "votes[1].agree",
        "    agree: 12",
        "(12)",
    ),
    "meeting-after": (
        COU,
        "  date: 23/12/2024",
        "  date: 27/12/2024",
        "meeting.date",
        "  date: 27/12/2024",
        "27/12/2024",
    ),
    "award-unknown": (
        NOM,
        "    award: Bằng khen của Hội Khuyến học Thành phố Hồ Chí Minh",
        "    award: Bằng khen Hội KH TP",
        "candidates[2].award",
        "    award: Bằng khen Hội KH TP",
        "Bằng khen Hội KH TP",
    ),
    "earlier-without-year": (
        NOM,
        "      - year: 2023\n        school_year: 2022 – 2023",
        "      - school_year: 2022 – 2023",
        "candidates[0].earlier_awards[0].year",
        "      - school_year: 2022 – 2023",
        "year",
    ),
    "duplicate": (
        NOM,
        "  - name: Phạm Thị Thu Trang",
        "  - name: Trần Thị Ngọc Hân",
        "candidates[4].name",
        "  - name: Trần Thị Ngọc Hân\n    kind: cá nhân\n    position: Nhân viên",
        "Trần Thị Ngọc Hân",
    ),
}


def _break(content: Path, file: str, old: str, new: str) -> Path:
    path = content / "2024" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, snippet: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(snippet)].count("\n") + 1


def _run_build(content: Path, out: Path, docgen_cli: DocgenCli) -> tuple[int, str]:
    r = docgen_cli("build", "--content", content, "--out", out, "--no-pdf", "-q", "--year", "2024")
    return r.code, r.err


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_located_exit_1_nothing_written(
    case: str, content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    file, old, new, field, where, found = BAD[case]
    path = _break(content_copy, file, old, new)
    line = _line_of(path, where)
    out = tmp_path / "output"
    (out / "2024").mkdir(parents=True)
    (out / "2024" / "earlier.txt").write_text("previous build", encoding="utf-8")
    before = _snapshot(out)
    code, err = _run_build(content_copy, out, docgen_cli)
    assert code == 1
    err = _one(err)
    assert f"{path}:{line}:" in err, err
    assert f"[{field}]" in err and found in err, err
    assert _snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["2024"]


def test_every_problem_is_reported_at_once(
    content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    for case in (
        "unit-unknown",
        "votes-over-present",
        "meeting-after",
        "award-unknown",
        "earlier-without-year",
    ):
        file, old, new, *_ = BAD[case]
        _break(content_copy, file, old, new)
    code, err = _run_build(content_copy, tmp_path / "out", docgen_cli)
    assert code == 1
    for case in (
        "unit-unknown",
        "votes-over-present",
        "meeting-after",
        "award-unknown",
        "earlier-without-year",
    ):
        assert f"[{BAD[case][3]}]" in err, case
    assert not (tmp_path / "out" / "2024").exists()


def test_english_messages(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break(content_copy, COU, "  date: 23/12/2024", "  date: 27/12/2024")
    from docgen import i18n

    monkeypatch.setenv("DOCGEN_LANG", "en")
    i18n.set_lang(None)
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content_copy, 2024))
    assert "the meeting (27/12/2024) is after the tờ trình (26/12/2024" in exc.value.format()


def test_no_dossier_inputs_means_no_dossier(content_copy: Path) -> None:
    for name in ("nominations.yaml", "council.yaml", "awards.yaml"):
        (content_copy / "2024" / name).unlink()
    assert load_dossier(load_content(content_copy, 2024)) is None


def test_zip_is_written_without_pdf_too(built_2024: BuildResult) -> None:
    kinds = {(e.kind, e.format) for e in built_2024.entries}
    assert ("dossier", "zip") in kinds
    assert (("dossier", "pdf") in kinds) == HAS_SOFFICE
    data = (built_2024.out_dir / "ho-so-khen-thuong-2024.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None


def test_a_unit_below_the_band_rule_cannot_come_in_as_a_nomination(content_copy: Path) -> None:
    _as_district(content_copy)
    _break(content_copy, COU, UNIT_VOTES, UNIT_VOTES.split("  - candidate: phuong-12")[0])
    _break(
        content_copy,
        NOM,
        "unit_overrides: []",
        """  - name: Chi hội Khuyến học Phường 12
    kind: tập thể
    unit: phuong-12
    award: Giấy khen của Hội Khuyến học Quận 10
    reason: Mở 2 lớp học tình thương.
    achievements:
      - Mở 2 lớp học tình thương cho 40 học sinh.
unit_overrides: []""",
    )
    content = load_content(content_copy, 2024)
    with pytest.raises(ContentError) as exc:
        load_dossier(content, results=RESULTS)
    msg = exc.value.format()
    assert "[candidates[6].name]" in msg and "xếp loại Tốt" in msg and "unit_overrides" in msg


def test_award_must_suit_the_kind_of_candidate(content_copy: Path) -> None:
    awards = content_copy / "2024" / "awards.yaml"
    awards.write_text(
        awards.read_text(encoding="utf-8").replace(
            "  - name: Bằng khen của Hội Khuyến học Thành phố Hồ Chí Minh\n"
            "    kinds: [tập thể, cá nhân]",
            "  - name: Bằng khen của Hội Khuyến học Thành phố Hồ Chí Minh\n    kinds: [tập thể]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content_copy, 2024))
    assert "[candidates[2].award]" in exc.value.format()
    assert "không dành cho cá nhân" in exc.value.format()


@dataclass(frozen=True)
class ResultWithAward(Result):
    award: str | None = None


def test_band_rule_must_agree_with_the_scoring_stage_and_reports_need_a_proposed_unit(
    content_copy: Path,
) -> None:
    content = load_content(content_copy, 2024)
    results = [
        ResultWithAward(*dataclasses.astuple(r)[:8], award=BANG_KHEN) if r.band == "Xuất sắc" else r
        for r in RESULTS
    ]
    results = [
        dataclasses.replace(r, band="Tốt", band_key="tot")
        if r.unit_id == "thpt-nguyen-khuyen"
        else r
        for r in results
    ]
    with pytest.raises(ContentError) as exc:
        load_dossier(content, results=results)
    msg = exc.value.format()
    assert "awards.yaml" in msg and "[band_rule]" in msg and "Xuất sắc" in msg
    assert "[unit_reports[0].unit]" in msg and "thpt-nguyen-khuyen" in msg


def test_a_misspelt_key_gets_a_suggestion(content_copy: Path) -> None:
    path = _break(
        content_copy,
        NOM,
        "    achievements:\n      - Năm học",
        "    acheivements:\n      - Năm học",
    )
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content_copy, 2024))
    line = _line_of(path, "    acheivements:")
    assert f"{path}:{line}:5: [candidates[0].acheivements]" in exc.value.format()
    assert "(có phải là 'achievements'?)" in exc.value.format()


@given(
    present=st.integers(1, 200), data=st.data(), pct=st.sampled_from([50, 50.0, 60, 66.5, 75, 0])
)
def test_pass_rule_is_exact_share_arithmetic(present: int, data: st.DataObject, pct: float) -> None:
    agree = data.draw(st.integers(0, present))
    assert passes(agree, present, pct) == (Fraction(agree, present) > Fraction(str(pct)) / 100)


def test_dates_belong_to_the_dossier_year(content_copy: Path) -> None:
    _break(content_copy, NOM, "  date: 26/12/2024", "  date: 26/12/2026")
    _break(content_copy, COU, "  date: 23/12/2024", "  date: 23/12/2023")
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content_copy, 2024))
    msg = exc.value.format()
    assert "[submission.date]" in msg and "26/12/2026 không thuộc năm 2024" in msg
    assert "[meeting.date]" in msg and "23/12/2023 không thuộc năm 2024" in msg
