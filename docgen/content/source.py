"""YAML files with their positions: ruamel.yaml round-trip loading, and locating a field's line.

Dates are kept as text so that an impossible date (31/02) becomes a located validation error
instead of a parser crash, and so that round-tripping (rollover) writes them back untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from docgen.content.syntax import explain
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr


class _TextDatesConstructor(RoundTripConstructor):
    pass


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a Vietnamese sentence
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a ContentError located at the offending line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContentError(tr("Không tìm thấy tệp {p}", "File not found: {p}", p=path)) from None
    except UnicodeDecodeError as exc:
        ref = SourceRef(path, field=None)
        raise ContentError(
            tr("Tệp không phải UTF-8", "File is not UTF-8"),
            [
                Problem(
                    ref,
                    tr(
                        "byte {b} ở vị trí {o} không phải UTF-8; hãy lưu tệp dưới dạng UTF-8",
                        "byte {b} at offset {o} is not UTF-8; save the file as UTF-8",
                        b=hex(exc.object[exc.start]),
                        o=exc.start,
                    ),
                )
            ],
        ) from None
    try:
        data = make_yaml().load(text)
    except MarkedYAMLError as exc:
        why = explain(text, exc)
        raise ContentError(
            tr(
                "YAML không hợp lệ: sửa dòng được chỉ ra rồi chạy lại",
                "Invalid YAML: fix the line shown and run again",
            ),
            [Problem(SourceRef(path, why.line, why.column), why.message)],
        ) from None
    return {} if data is None else data


def locate(data: Any, loc: Sequence[int | str]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node at ``loc``; falls back to the nearest existing parent."""
    line: int | None = None
    col: int | None = None
    node = data
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            ln, cl = node.lc.key(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            ln, cl = node.lc.item(key)
            line, col = ln + 1, cl + 1
            node = node[key]
        else:
            if line is None and hasattr(node, "lc"):
                line, col = node.lc.line + 1, node.lc.col + 1
            break
    return line, col


def field_path(loc: Sequence[int | str]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# the fields of the content files in words, (vi, en)
_WORDS: dict[str, tuple[str, str]] = {
    "title": ("tên", "title"),
    "points": ("số điểm", "points"),
    "key": ("khóa", "key"),
    "number": ("số", "number"),
    "date": ("ngày", "date"),
    "year": ("năm", "year"),
    "closing": ("câu kết", "closing sentence"),
    "distribution": ("Nơi nhận", "Nơi nhận (recipients)"),
    "signer": ("người ký", "signer"),
    "authority": ("quyền hạn ký", "signing authority"),
    "name": ("tên", "name"),
    "issuer": ("cơ quan ban hành", "issuing body"),
    "kind": ("loại văn bản", "kind of act"),
    "renew": ("ban hành lại hằng năm", "renewed yearly"),
    "parent_body": ("cơ quan chủ quản", "parent body"),
    "issuing_body": ("cơ quan ban hành", "issuing body"),
    "symbol": ("chữ viết tắt", "symbol"),
    "place": ("địa danh", "place"),
    "value": ("số liệu", "value"),
    "unit": ("đơn vị tính", "unit"),
    "minimum": ("điểm tối thiểu", "minimum"),
    "items": ("tiêu chí con", "items"),
    "bands": ("mức xếp loại", "bands"),
    "max_total": ("tổng điểm tối đa", "maximum total"),
    "award": ("hình thức khen thưởng", "award"),
    "reason": ("lý do", "reason"),
    "position": ("chức vụ", "position"),
    "agree": ("số phiếu tán thành", "votes in favour"),
    "against": ("số phiếu không tán thành", "votes against"),
    "candidate": ("ứng viên", "candidate"),
    "meeting": ("cuộc họp", "meeting"),
    "submission": ("tờ trình", "submission"),
    "present": ("số người có mặt", "members present"),
}
_ITEMS: dict[str, tuple[str, str]] = {
    "title_lines": ("trích yếu, dòng {n}", "subject line {n}"),
    "preamble": ("phần mở đầu, đoạn {n}", "preamble paragraph {n}"),
    "body": ("đoạn {n}", "paragraph {n}"),
    "subsections": ("tiểu mục {n}", "subsection {n}"),
    "distribution": ("Nơi nhận, dòng {n}", "Nơi nhận line {n}"),
    "units": ("đơn vị {n}", "unit {n}"),
    "bands": ("mức xếp loại {n}", "band {n}"),
    "items": ("tiêu chí con {n}", "item {n}"),
    "candidates": ("ứng viên {n}", "candidate {n}"),
    "votes": ("kết quả biểu quyết {n}", "vote {n}"),
    "awards": ("hình thức khen thưởng {n}", "award {n}"),
    "achievements": ("thành tích {n}", "achievement {n}"),
    "earlier_awards": ("khen thưởng trước đây {n}", "earlier award {n}"),
    "unit_reports": ("báo cáo đơn vị {n}", "unit report {n}"),
    "unit_overrides": ("đề nghị ngoại lệ {n}", "override {n}"),
    "members": ("thành viên {n}", "member {n}"),
}


def field_words(data: Any, loc: Sequence[int | str]) -> str | None:
    """A field path in the words of the document: ("sections", 1, "criteria", 2, "title") ->
    "Mục II, Nội dung 3, tên" (criteria are numbered across sections, as the plan prints them)."""
    words: list[str] = []
    node = data
    i = 0
    while i < len(loc):
        key = loc[i]
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = node.get(key) if isinstance(node, dict) else None
        if key == "sections" and isinstance(nxt, int):
            words.append(
                tr("Mục {r}", "Section {r}", r=ROMAN[nxt] if nxt < len(ROMAN) else nxt + 1)
            )
        elif key == "criteria" and isinstance(nxt, int):
            before = 0
            sections = data.get("sections") if isinstance(data, dict) else None
            if isinstance(sections, list) and i >= 2 and isinstance(loc[i - 1], int):
                before = sum(
                    len(s.get("criteria") or []) if isinstance(s, dict) else 0
                    for s in sections[: int(loc[i - 1])]
                )
            words.append(tr("Nội dung {n}", "Nội dung {n}", n=before + nxt + 1))
        elif key == "criteria" and isinstance(nxt, str):
            words.append(tr("Nội dung {k}", "Nội dung {k}", k=nxt))
        elif key == "references" and isinstance(nxt, str):
            words.append(tr("văn bản căn cứ {k}", "cited act {k}", k=nxt))
        elif key in _ITEMS and isinstance(nxt, int):
            vi, en = _ITEMS[key]
            item = child[nxt] if isinstance(child, list) and nxt < len(child) else None
            name = item.get("name") or item.get("candidate") if isinstance(item, dict) else None
            words.append(tr(vi, en, n=nxt + 1) + (f" ({name})" if isinstance(name, str) else ""))
        elif isinstance(key, str) and key in _WORDS:
            words.append(tr(*_WORDS[key]))
        else:
            node = child
            i += 1
            continue
        if isinstance(nxt, (int, str)) and key in ("sections", "criteria", "references", *_ITEMS):
            node = (
                child[nxt]
                if isinstance(child, list) and isinstance(nxt, int) and nxt < len(child)
                else (child.get(nxt) if isinstance(child, dict) else None)
            )
            i += 2
        else:
            node = child
            i += 1
    return ", ".join(words) or None
