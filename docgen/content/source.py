"""YAML files with their positions: ruamel.yaml round-trip loading, and locating a field's line.

Dates are kept as text so that an impossible date (31/02) becomes a located validation error
instead of a parser crash, and so that round-tripping (rollover) writes them back untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from docgen import limits
from docgen.content import parsecache
from docgen.content.syntax import explain
from docgen.errors import ContentError, Problem, SourceRef
from docgen.i18n import tr

# Characters YAML refuses raw, and that no office document should carry in a value.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Explicit tags docgen accepts (``!!str "01"``); anything else (``!!python/object…``) is refused.
STANDARD_TAGS = {
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")
}


class YamlRefused(Exception):
    """A YAML document over a limit (aliases, depth, tags), with where and why."""

    def __init__(self, mark: Any, vi: str, en: str) -> None:
        super().__init__(en)
        self.mark, self.vi, self.en = mark, vi, en


def _expanded_size(root: Node, sizes: dict[int, int]) -> int:
    """How many values ``root`` stands for once every alias is expanded (iterative, memoised)."""
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes and sizes[id(node)] >= 0:
            continue
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 0) for c in children)
            continue
        if sizes.get(id(node)) == -1:  # an alias inside its own anchor: endless
            sizes[id(node)] = limits.MAX_YAML_NODES + 1
            continue
        sizes[id(node)] = -1
        stack.append((node, True))
        stack += [(c, False) for c in children if sizes.get(id(c), -1) < 0]
    return sizes[id(root)]


class GuardedComposer(Composer):
    """ruamel's composer with limits: alias expansion budget, nesting depth, standard tags only.

    An alias bomb (anchors of anchors) is refused while it is being read, before anything
    expands it; the value is never printed."""

    def compose_document(self) -> Any:
        self.budget = limits.MAX_YAML_NODES
        self.sizes: dict[int, int] = {}
        return super().compose_document()

    def _spend(self, n: int, mark: Any, alias: bool) -> None:
        self.budget -= n
        if self.budget >= 0:
            return
        if not alias:
            raise YamlRefused(
                mark,
                f"tệp có hơn {limits.MAX_YAML_NODES} giá trị; tệp nội dung thật nhỏ hơn nhiều",
                f"the file holds more than {limits.MAX_YAML_NODES} values; real content files "
                "are far smaller",
            )
        raise YamlRefused(
            mark,
            f"các bí danh (*tên) nở ra quá {limits.MAX_YAML_NODES} giá trị; tệp có thể là "
            "bom bí danh (alias bomb) — hãy viết giá trị ra thay vì dùng &neo/*bí danh",
            f"aliases (*name) expand to over {limits.MAX_YAML_NODES} values; the file may be "
            "an alias bomb — write the values out instead of using &anchors/*aliases",
        )

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
            if isinstance(node, SequenceNode | MappingNode) and node.end_mark is None:
                raise YamlRefused(
                    event.start_mark,
                    f"bí danh *{event.anchor} nằm bên trong chính neo &{event.anchor} của nó "
                    "(lặp vô hạn)",
                    f"alias *{event.anchor} is used inside its own anchor &{event.anchor} "
                    "(endless)",
                )
            self._spend(_expanded_size(node, self.sizes), event.start_mark, alias=True)
            return node
        if self.depth >= limits.MAX_YAML_DEPTH:
            raise YamlRefused(
                event.start_mark,
                f"lồng nhau quá {limits.MAX_YAML_DEPTH} cấp (ngoặc [ {{ hoặc thụt lề)",
                f"nested more than {limits.MAX_YAML_DEPTH} levels deep ([ {{ or indentation)",
            )
        tag = getattr(event, "ctag", None)
        if tag is not None and str(tag) != "!" and str(tag) not in STANDARD_TAGS:
            raise YamlRefused(
                event.start_mark,
                f"thẻ YAML {str(tag)[:80]!r} không được phép (chỉ dữ liệu thường: văn bản, số, "
                "danh sách, nhóm khóa)",
                f"YAML tag {str(tag)[:80]!r} is not allowed (plain data only: text, numbers, "
                "lists, mappings)",
            )
        self._spend(1, event.start_mark, alias=False)
        return super().compose_node(parent, index)


class _TextDatesConstructor(RoundTripConstructor):
    pass


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
)


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.Composer = GuardedComposer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a Vietnamese sentence
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _unreadable(path: Path, vi: str, en: str) -> ContentError:
    return ContentError(
        tr("Không đọc được {p}", "Cannot read {p}", p=path), [Problem(SourceRef(path), tr(vi, en))]
    )


def _control_problems(path: Path, text: str) -> list[Problem]:
    """Raw control characters, each located (YAML refuses them; Word pastes U+000B)."""
    out = []
    for m in CONTROL.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        code = f"U+{ord(m.group()):04X}"
        if m.group() == "\x0b":
            msg = tr(
                "ký tự ngắt dòng của Word (U+000B, Shift+Enter) trong văn bản; hãy xuống dòng "
                "thường (với văn bản nhiều dòng dùng khối '|')",
                "a Word line break (U+000B, Shift+Enter) in the text; use a plain line break "
                "(for text on several lines, a '|' block)",
            )
        else:
            msg = tr(
                "ký tự điều khiển {c} không được phép; hãy xóa nó",
                "control character {c} is not allowed; delete it",
                c=code,
            )
        out.append(Problem(SourceRef(path, line, col), msg))
    return out


def _strings(
    node: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every string key and value with its path (the tree is depth-limited by the composer)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield (*loc, key), key
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*loc, i))
    elif isinstance(node, str):
        yield loc, node


def _escaped_controls(path: Path, data: Any) -> list[Problem]:
    """Control characters written as escapes ("\\0", "\\x01") in a value or key."""
    out = []
    for loc, text in _strings(data):
        m = CONTROL.search(text)
        if m:
            line, col = locate(data, loc)
            out.append(
                Problem(
                    SourceRef(path, line, col, field_path(loc) or None),
                    tr(
                        'giá trị có ký tự điều khiển U+{c:04X} (mã thoát như "\\0", "\\x01"); '
                        "hãy xóa nó",
                        'the value holds control character U+{c:04X} (an escape such as "\\0", '
                        '"\\x01"); delete it',
                        c=ord(m.group()),
                    ),
                )
            )
    return out


def parse(text: str, path: Path | str) -> Any:
    """``text`` parsed under the limits (aliases, depth, tags); a refused or broken document is
    a ContentError located in ``path``. ``load_yaml`` reads files through it; ``docgen serve``
    parses the text it is about to edit through it too."""
    try:
        data = make_yaml().load(text)
    except YamlRefused as exc:
        line, col = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (None, None)
        raise ContentError(
            tr("YAML bị từ chối", "YAML refused"),
            [Problem(SourceRef(path, line, col), tr(exc.vi, exc.en))],
        ) from None
    except MarkedYAMLError as exc:
        why = explain(text, exc)
        raise ContentError(
            tr(
                "YAML không hợp lệ: sửa dòng được chỉ ra rồi chạy lại",
                "Invalid YAML: fix the line shown and run again",
            ),
            [Problem(SourceRef(path, why.line, why.column), why.message)],
        ) from None
    except YAMLError as exc:  # errors without a position (e.g. from the reader)
        raise ContentError(
            tr("YAML không hợp lệ", "Invalid YAML"),
            [Problem(SourceRef(path), tr("lỗi YAML: {f}", "YAML error: {f}", f=str(exc)[:300]))],
        ) from None
    return data


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a ContentError located at the offending line.

    The limits of ``docgen.limits`` apply: file size, alias expansion, nesting depth, standard
    tags only, no control characters."""
    try:
        if path.is_dir():
            raise _unreadable(
                path,
                "đây là một thư mục, không phải tệp YAML",
                "this is a folder, not a YAML file",
            )
        if path.exists() and not path.is_file():  # a device or a pipe: never read one
            raise _unreadable(
                path, "không phải tệp thường", "not a regular file (a device, a pipe…)"
            )
        limits.check_size(path, limits.MAX_YAML_BYTES)
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContentError(tr("Không tìm thấy tệp {p}", "File not found: {p}", p=path)) from None
    except limits.Refused as exc:
        raise _unreadable(path, exc.vi, exc.en) from None
    except OSError as exc:
        raise _unreadable(
            path, f"lỗi hệ thống: {exc.strerror}", f"system error: {exc.strerror}"
        ) from None
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
    controls = _control_problems(path, text)
    if controls:
        raise ContentError(
            tr("Tệp có ký tự điều khiển", "The file holds control characters"),
            controls[: limits.MAX_LISTED],
        )
    data = parsecache.parse(text, path, parse)
    escaped = _escaped_controls(path, data)
    if escaped:
        raise ContentError(
            tr("Tệp có ký tự điều khiển", "The file holds control characters"),
            escaped[: limits.MAX_LISTED],
        )
    return {} if data is None else data


def locate(data: Any, loc: Sequence[int | str]) -> tuple[int | None, int | None]:
    """1-based (line, column) of the node at ``loc``; falls back to the nearest existing parent."""
    line: int | None = None
    col: int | None = None
    node = data
    try:
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
                if line is None and hasattr(node, "lc") and node.lc.line is not None:
                    line, col = node.lc.line + 1, node.lc.col + 1
                break
    except (KeyError, TypeError, IndexError, AttributeError):  # positions missing: keep the last
        pass
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
    "value": ("giá trị", "value"),
    "unit": ("đơn vị tính", "unit"),
    "chapter": ("Chi hội ban hành hồ sơ", "issuing Chi hội"),
    "minimum": ("điểm tối thiểu", "minimum"),
    "items": ("các tiêu chí", "items"),
    "bands": ("mức xếp loại", "bands"),
    "max_total": ("tổng điểm tối đa", "maximum total"),
    "award": ("hình thức khen thưởng", "award"),
    "reason": ("lý do", "reason"),
    "position": ("chức vụ", "position"),
    "agree": ("số phiếu tán thành", "votes in favour"),
    "against": ("số phiếu không tán thành", "votes against"),
    "abstain": ("số thành viên không biểu quyết", "members not voting"),
    "candidate": ("ứng viên", "candidate"),
    "meeting": ("cuộc họp", "meeting"),
    "submission": ("tờ trình", "submission"),
    "present": ("số người có mặt", "members present"),
    "id": ("mã đơn vị", "unit id"),
    "head": ("người đứng đầu", "head"),
    "scheme": ("mã thang điểm", "scheme code"),
    "preset": ("thang điểm mẫu", "preset"),
    "preparer": ("người lập bảng", "preparer"),
    "bonus": ("điểm thưởng", "bonus"),
    "code": ("tên cột", "column name"),
    "min": ("ngưỡng điểm", "threshold"),
    "requires_minimums": ("phải đạt điểm tối thiểu", "requires the minimums"),
    "kinds": ("đối tượng", "kinds"),
    "band": ("xếp loại", "band"),
    "band_rule": ("quy tắc xếp loại", "band rule"),
    "pass_percent": ("tỷ lệ tán thành cần đạt", "pass percentage"),
    "school_year": ("năm học", "school year"),
    "decision": ("quyết định khen thưởng", "award decision"),
    "profile": ("sơ yếu lý lịch", "profile"),
    "born": ("năm sinh", "year of birth"),
    "gender": ("giới tính", "gender"),
    "hometown": ("quê quán", "hometown"),
    "residence": ("nơi thường trú", "residence"),
    "qualification": ("trình độ chuyên môn", "qualification"),
    "party": ("ngày vào Đảng", "party membership"),
    "workplace": ("nơi công tác", "workplace"),
    "confirmed_by": ("người xác nhận", "confirmed by"),
    "summary": ("sơ lược, đặc điểm", "summary"),
    "recipient": ("Kính gửi", "Kính gửi (addressee)"),
    "field": ("lĩnh vực", "field"),
    "start": ("giờ bắt đầu", "start time"),
    "end": ("giờ kết thúc", "end time"),
    "chair": ("chủ trì", "chair"),
    "secretary": ("thư ký", "secretary"),
    "members_total": ("tổng số thành viên", "members in total"),
    "members_present": ("số thành viên có mặt", "members present"),
    "ballot": ("hình thức biểu quyết", "ballot"),
    "unit_id": ("mã đơn vị", "unit id"),
}
_ITEMS: dict[str, tuple[str, str]] = {
    "title_lines": ("trích yếu, dòng {n}", "subject line {n}"),
    "preamble": ("phần mở đầu, đoạn {n}", "preamble paragraph {n}"),
    "body": ("đoạn {n}", "paragraph {n}"),
    "subsections": ("tiểu mục {n}", "subsection {n}"),
    "distribution": ("Nơi nhận, dòng {n}", "Nơi nhận line {n}"),
    "units": ("đơn vị {n}", "unit {n}"),
    "bands": ("mức xếp loại {n}", "band {n}"),
    "items": ("tiêu chí {n}", "item {n}"),
    "absent": ("thành viên vắng {n}", "absent member {n}"),
    "guests": ("khách mời {n}", "guest {n}"),
    "agenda": ("nội dung họp {n}", "agenda item {n}"),
    "summary": ("sơ lược, đoạn {n}", "summary paragraph {n}"),
    "band_rule": ("quy tắc xếp loại {n}", "band rule {n}"),
    "candidates": ("ứng viên {n}", "candidate {n}"),
    "votes": ("kết quả biểu quyết {n}", "vote {n}"),
    "awards": ("hình thức khen thưởng {n}", "award {n}"),
    "achievements": ("thành tích {n}", "achievement {n}"),
    "earlier_awards": ("khen thưởng trước đây {n}", "earlier award {n}"),
    "unit_reports": ("báo cáo đơn vị {n}", "unit report {n}"),
    "unit_overrides": ("đề nghị ngoại lệ {n}", "override {n}"),
    "members": ("thành viên {n}", "member {n}"),
}


def source_ref(
    path: Path | str,
    data: Any,
    loc: Sequence[int | str],
    criteria: Mapping[str, int] | None = None,
) -> SourceRef:
    """Where the field at ``loc`` of a parsed YAML file is: line and column, its path and the
    same path in words (``criteria``: the plan's Nội dung numbers by key, for the files that
    name a Nội dung by its key, such as scoring.yaml). Every content file locates its
    problems through this one function."""
    line, col = locate(data, loc)
    return SourceRef(
        path, line, col, field_path(loc) or None, label=field_words(data, loc, criteria)
    )


def field_words(
    data: Any, loc: Sequence[int | str], criteria: Mapping[str, int] | None = None
) -> str | None:
    """A field path in the words of the document: ("sections", 1, "criteria", 2, "title") ->
    "Mục II, Nội dung 3, tên" (criteria are numbered across sections, as the plan prints them);
    ("criteria", "nd2", "items", 2, "points") -> "Nội dung 2, tiêu chí 3, số điểm" when
    ``criteria`` numbers the key nd2 as 2."""
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
            number = (criteria or {}).get(nxt)
            words.append(
                tr("Nội dung {n}", "Nội dung {n}", n=number)
                if number is not None
                else tr("Nội dung `{k}`", "Nội dung `{k}`", k=nxt)
            )
        elif key == "figures" and isinstance(nxt, str):
            words.append(tr("số liệu {k}", "figure {k}", k=nxt))
        elif key == "unit" and i > 0 and loc[i - 1] == "chapter":  # not a unit of measure
            words.append(tr("mã đơn vị trong units.yaml", "unit id in units.yaml"))
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
        if isinstance(nxt, (int, str)) and key in (
            "sections",
            "criteria",
            "references",
            "figures",
            *_ITEMS,
        ):
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
