"""YAML syntax errors explained to a person who edits content, not to a parser author.

ruamel.yaml reports where the *parser* gave up ("sequence entries are not allowed here", often on
the line after the mistake). :func:`explain` turns each error class into the likely cause, the
fix, and the line where the mistake most likely is, in Vietnamese (English on request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from docgen.i18n import tr

# A value that opens a quote: "key: "…" or "- "…", the quote char in group "q".
_OPENS_QUOTE = re.compile(r"^\s*(?:-\s+|[^\s#][^:#]*:\s+)(?:-\s+)?(?P<q>[\"'])")
_KEY = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#:][^:#]*?):(?:\s|$)")


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based, the line where the mistake most likely is
    column: int | None
    message: str


def _strip_comment(line: str) -> str:
    """The line without a trailing `` # comment`` outside quotes (good enough for a hint)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The last line at or before ``upto`` (0-based) whose value opens a quote it never closes."""
    for n in range(min(upto, len(lines) - 1), -1, -1):
        text = _strip_comment(lines[n])
        m = _OPENS_QUOTE.match(text)
        if not m:
            continue
        q = m.group("q")
        rest = text[m.end() :]
        if q not in rest.replace('\\"', ""):
            return n, m.end()
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _siblings(lines: list[str], n: int) -> int | None:
    """The indentation of the nearest earlier non-blank line with less or equal indentation."""
    own = _indent(lines[n])
    for k in range(n - 1, -1, -1):
        t = lines[k]
        if not t.strip() or t.lstrip().startswith("#"):
            continue
        if _indent(t) != own:
            return _indent(t)
        return None
    return None


def _show(line: str) -> str:
    t = line.strip()
    return t if len(t) <= 60 else t[:57] + "…"


def explain(text: str, exc: MarkedYAMLError) -> Explained:
    """The likely cause and fix of ``exc`` raised while parsing ``text``."""
    lines = text.splitlines() or [""]
    mark = exc.problem_mark or exc.context_mark
    at = min(mark.line, len(lines) - 1) if mark else len(lines) - 1
    col = mark.column + 1 if mark else None
    problem = exc.problem or ""
    context = exc.context or ""

    def at_line(line: int, vi: str, en: str, column: int | None = None, **kw: object) -> Explained:
        return Explained(line + 1, column, tr(vi, en, **kw))

    if "duplicate key" in problem:
        key = re.search(r'duplicate key "([^"]*)"', problem)
        first = exc.context_mark.line + 1 if exc.context_mark else None
        original = _first_key_line(lines, key.group(1) if key else "", at)
        return at_line(
            at,
            "khóa `{k}` được ghi hai lần trong cùng một khối (lần đầu ở dòng {f}): xóa một dòng "
            "hoặc đổi tên khóa",
            "key `{k}` is written twice in the same block (first at line {f}): delete one line "
            "or rename the key",
            col,
            k=key.group(1) if key else "?",
            f=original or first or "?",
        )
    if "'\\t'" in problem:
        return at_line(
            at,
            "dòng {n} có ký tự Tab: dùng dấu cách, không dùng phím Tab, để thụt lề",
            "line {n} contains a Tab character: indent with spaces, not the Tab key",
            col,
            n=at + 1,
        )
    if "quoted scalar" in context and exc.context_mark is not None:
        n = exc.context_mark.line
        q = lines[n][exc.context_mark.column] if exc.context_mark.column < len(lines[n]) else '"'
        return _missing_quote(n, exc.context_mark.column + 1, q, lines)
    unclosed = _unclosed_quote(lines, at)
    if unclosed is not None and "flow" not in context:
        n, c = unclosed
        return _missing_quote(n, c, lines[n][c - 1], lines)
    return _explain_rest(exc, lines, at, col, mark)


def _explain_rest(
    exc: MarkedYAMLError, lines: list[str], at: int, col: int | None, mark: Any
) -> Explained:
    """Brackets, colons, special characters and indentation."""
    problem = exc.problem or ""
    context = exc.context or ""

    def at_line(line: int, vi: str, en: str, column: int | None = None, **kw: object) -> Explained:
        return Explained(line + 1, column, tr(vi, en, **kw))

    if "flow sequence" in context or "flow mapping" in context:
        close = "]" if "sequence" in context else "}"
        opened = exc.context_mark.line if exc.context_mark else at
        return at_line(
            opened,
            "dấu {o} mở ở dòng {n} không có dấu {c} đóng: thêm {c} ở cuối giá trị, hoặc nếu đây "
            "là lời văn thì đặt cả giá trị trong ngoặc kép",
            "the {o} opened on line {n} is never closed by {c}: add {c} at the end of the value, "
            "or, if this is prose, put the whole value in double quotes",
            exc.context_mark.column + 1 if exc.context_mark else None,
            o="[" if close == "]" else "{",
            c=close,
            n=opened + 1,
        )
    if "mapping values are not allowed" in problem:
        before = lines[at][: mark.column] if mark else ""
        if re.search(r":\s", before) or before.lstrip().startswith("- "):
            return at_line(
                at,
                "giá trị ở dòng {n} có dấu hai chấm và dấu cách (`: `) mà không đặt trong ngoặc "
                'kép: đặt cả giá trị trong ngoặc kép, ví dụ "{x}"',
                "the value on line {n} contains a colon and a space (`: `) without quotes: put "
                'the whole value in double quotes, e.g. "{x}"',
                col,
                n=at + 1,
                x=_value_of(lines[at]),
            )
        return _bad_indent(at, lines)
    if "cannot start any token" in problem:
        ch = re.search(r"character '(.)'", problem)
        return at_line(
            at,
            "giá trị ở dòng {n} bắt đầu bằng ký tự {c}, ký tự đặc biệt của YAML: đặt cả giá trị "
            "trong ngoặc kép",
            "the value on line {n} starts with {c}, a YAML special character: put the whole "
            "value in double quotes",
            col,
            n=at + 1,
            c=ch.group(1) if ch else "?",
        )
    if "undefined alias" in problem:
        return at_line(
            at,
            "giá trị ở dòng {n} bắt đầu bằng * (ký tự đặc biệt của YAML): đặt cả giá trị trong "
            "ngoặc kép",
            "the value on line {n} starts with * (a YAML special character): put the whole value "
            "in double quotes",
            col,
            n=at + 1,
        )
    if "but found '<scalar>'" in problem and mark is not None:
        before = lines[at][: mark.column].rstrip()
        if before.endswith(("}", "]")):
            return at_line(
                at,
                "giá trị ở dòng {n} bắt đầu bằng {{ hoặc [ (như {{year}}): đặt cả giá trị trong "
                'ngoặc kép, ví dụ "{x}"',
                "the value on line {n} starts with {{ or [ (like {{year}}): put the whole value "
                'in double quotes, e.g. "{x}"',
                col,
                n=at + 1,
                x=_value_of(lines[at]),
            )
        if before.endswith(("'", '"')):
            return at_line(
                at,
                "dòng {n} có chữ sau dấu ngoặc kép đóng: đặt cả giá trị trong một cặp ngoặc kép "
                '(ngoặc kép bên trong viết “ ” hoặc \\")',
                "line {n} has text after the closing quote: put the whole value in one pair of "
                'quotes (write inner quotes as “ ” or \\")',
                col,
                n=at + 1,
            )
    if "expected <block end>" in problem or "block collection" in context:
        return _bad_indent(at, lines)
    return at_line(
        at,
        "lỗi cú pháp YAML ở dòng {n} ({e}): xem lại dấu ngoặc kép, dấu hai chấm và thụt lề",
        "YAML syntax error on line {n} ({e}): check quotes, colons and indentation",
        col,
        n=at + 1,
        e=problem or context,
    )


def _value_of(line: str) -> str:
    m = _KEY.match(line)
    if line.lstrip().startswith("- "):
        value = line.lstrip()[2:].strip()
    else:
        value = line[m.end() :].strip() if m else line.strip()
    value = value.replace('"', "“", 1).replace('"', "”", 1) if '"' in value else value
    return value if len(value) <= 50 else value[:47] + "…"


def _first_key_line(lines: list[str], key: str, upto: int) -> int | None:
    indent = _indent(lines[upto])
    for n in range(upto):
        m = _KEY.match(lines[n])
        if m and m.group("key").strip() == key and len(m.group("indent")) == indent:
            return n + 1
    return None


def _missing_quote(n: int, column: int, quote: str, lines: list[str]) -> Explained:
    return Explained(
        n + 1,
        column,
        tr(
            "thiếu dấu ngoặc {k} đóng ở dòng {n}: giá trị mở bằng {q} phải kết thúc bằng {q} ở "
            "cuối dòng ({x})",
            "missing closing {k} quote on line {n}: a value that opens with {q} must end with {q} "
            "at the end of the line ({x})",
            k=tr("kép", "double") if quote == '"' else tr("đơn", "single"),
            q=quote,
            n=n + 1,
            x=_show(lines[n]),
        ),
    )


def _bad_indent(n: int, lines: list[str]) -> Explained:
    # the parser stops at the first line that does not fit; look back for an odd indentation
    own, expected = _indent(lines[n]), _siblings(lines, n)
    return Explained(
        n + 1,
        own + 1,
        tr(
            "dòng {n} thụt lề khác các dòng cùng cấp ({a} dấu cách{b}): các dòng cùng cấp phải "
            "bắt đầu ở cùng một cột, dùng dấu cách",
            "line {n} is indented differently from its siblings ({a} spaces{b}): lines at the "
            "same level must start in the same column, with spaces",
            n=n + 1,
            a=own,
            b=tr("; dòng trước: {e}", "; line before: {e}", e=expected)
            if expected is not None
            else "",
        ),
    )
