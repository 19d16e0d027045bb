"""The dossier's sentences for a unit proposed from its score live in data (awards.yaml
``unit_texts``, or docgen/dossier/unit-texts.yaml), never in the dossier's Python code."""

from __future__ import annotations

import ast
import re

import pytest

from docgen.content.source import load_yaml
from docgen.dossier.models import UNIT_TEXTS_FILE, AwardRules, UnitTexts
from docgen.dossier.select import unit_candidates
from tests.dossier.test_dossier import RESULTS, RULES
from tests.helpers import CONTENT, REPO

GIAY_KHEN = "Giấy khen của Hội Khuyến học Quận 10"
VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def _allowed(tree: ast.AST) -> set[int]:
    """Nodes that may hold Vietnamese: docstrings, messages (``tr(…)``) and field help
    (``description=``). A field's default is data too (docgen/dossier/defaults.yaml)."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")
            if name == "tr":
                allowed.update(id(sub) for sub in ast.walk(node))
            for kw in node.keywords:
                if kw.arg == "description":
                    allowed.update(id(sub) for sub in ast.walk(kw.value))
    return allowed


def document_sentences(source: str) -> list[tuple[int, str]]:
    """String literals and f-strings of three or more words with Vietnamese letters."""
    tree = ast.parse(source)
    allowed = _allowed(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):
            allowed.update(id(v) for v in node.values)  # reported once, as a whole
            text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if VIETNAMESE.search(text) and len(text.split()) >= 3:
            found.append((node.lineno, text))
    return found


def test_no_document_sentence_in_the_dossier_code() -> None:
    found = {
        f"{p.name}:{line}": text
        for p in sorted((REPO / "docgen" / "dossier").glob("*.py"))
        for line, text in document_sentences(p.read_text(encoding="utf-8"))
    }
    assert found == {}


def test_the_scan_finds_a_sentence_put_back() -> None:
    code = (
        "def reason(year: int, score: str) -> str:\n"
        '    return f"Hoàn thành xuất sắc phong trào thi đua năm {year} ({score})"\n'
    )
    assert document_sentences(code) == [(2, "Hoàn thành xuất sắc phong trào thi đua năm {…} ({…})")]
    allowed = 'raise X(tr("không tìm thấy tệp {p}", "file not found", p=p))\n'
    assert document_sentences(allowed) == []
    default = 'ballot: str = Field("biểu quyết giơ tay", description="Hình thức biểu quyết")\n'
    assert document_sentences(default) == [(1, "biểu quyết giơ tay")]


def test_the_texts_print_as_before() -> None:
    [first, second] = unit_candidates(RESULTS, RULES, [], 2024, parent="Hội Khuyến học Quận 10")
    assert second.reason == (
        "Hoàn thành xuất sắc phong trào thi đua năm 2024 (đạt 96/100 điểm, xếp loại Xuất sắc, "
        "hạng 2)"
    )
    assert second.achievements[0] == (
        "Kết quả chấm điểm thi đua năm 2024 theo Kế hoạch: đạt 96/100 điểm, xếp loại Xuất sắc, "
        "hạng 2."
    )
    assert second.summary[0] == (
        "Chi hội Khuyến học Trường THPT Nguyễn Du là chi hội trường học thuộc "
        "Hội Khuyến học Quận 10."
    )
    assert second.head_title == "CHI HỘI TRƯỞNG"


def test_the_shipped_content_spells_out_the_default_texts() -> None:
    default = UnitTexts.model_validate(load_yaml(UNIT_TEXTS_FILE)["unit_texts"])
    shipped = AwardRules.model_validate(load_yaml(CONTENT / "2024" / "awards.yaml"))
    assert shipped.unit_texts == default


def test_a_user_edits_the_texts_in_awards_yaml() -> None:
    texts = {
        "score": "{total} trên {max_total} điểm ({band}, thứ {rank})",
        "own_score": "{total} trên {max_total} điểm ({band})",
        "reason": "Dẫn đầu phong trào thi đua năm {year}: {score}",
        "override_reason": "{reason}; {score}",
        "achievement": "Năm {year}: {score}.",
        "summary": "{unit_name} ({unit_kind}), {parent}.",
        "head_title": "TRƯỞNG BAN",
    }
    rules = AwardRules(
        awards=[{"name": GIAY_KHEN}],
        band_rule=[{"band": "Xuất sắc", "award": GIAY_KHEN}],
        unit_texts=texts,
    )
    [_, second] = unit_candidates(RESULTS, rules, [], 2024, parent="Hội Khuyến học Quận 10")
    assert (
        second.reason == "Dẫn đầu phong trào thi đua năm 2024: 96 trên 100 điểm (Xuất sắc, thứ 2)"
    )
    assert second.achievements[0] == "Năm 2024: 96 trên 100 điểm (Xuất sắc, thứ 2)."
    assert second.head_title == "TRƯỞNG BAN"


def test_an_unknown_placeholder_is_a_located_error() -> None:
    with pytest.raises(ValueError, match=r"\{nam\}.*\{score\}, \{year\}"):
        UnitTexts.model_validate(
            {**load_yaml(UNIT_TEXTS_FILE)["unit_texts"], "reason": "Năm {nam} ({score})"}
        )


def test_field_defaults_come_from_the_data_file() -> None:
    from docgen.dossier.models import DEFAULTS_FILE, Meeting, Submission

    data = load_yaml(DEFAULTS_FILE)
    meeting = Meeting.model_validate(
        {
            "body": "Hội đồng Thi đua - Khen thưởng",
            "date": "23/12/2024",
            "start": "14:00",
            "end": "16:00",
            "place": "Phòng họp",
            "chair": {"name": "A", "title": "Chủ tịch"},
            "secretary": {"name": "B", "title": "Thư ký"},
            "members_total": 9,
            "members_present": 8,
            "agenda": ["Xét khen thưởng"],
        }
    )
    assert meeting.ballot == data["meeting"]["ballot"] == "biểu quyết giơ tay"
    assert meeting.distribution == ["Lưu: VT, Hồ sơ"]
    submission = Submission.model_validate(
        {"date": "26/12/2024", "recipient": "Hội Khuyến học Quận 10", "distribution": ["a", "b"]}
    )
    assert submission.field == "công tác khuyến học, khuyến tài, xây dựng xã hội học tập"
