"""The rule catalogue: stable ids (VBnnn), severity, vi/en description and message, check function.

Families by hundreds, flake8 style: VB1xx thể thức components and sections, VB2xx Nơi nhận,
VB3xx dates and consistency, VB4xx template leftovers and text encoding, VB5xx page layout
(VB52x: each component's formatting), VB9xx could not check. Rule functions live in
``vb1_components`` … ``vb52_format``; each takes a ``Ctx`` and yields ``Hit``s (location +
message arguments), never text: formatters render it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docgen.check.config import Kind, RulesData
from docgen.check.structure import Line, Structure

CODE_RE = re.compile(r"^VB[0-9]{3}$")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Hit:
    location: str
    args: dict[str, Any] = field(default_factory=dict)
    excerpt: str = ""
    severity: str | None = None  # a kind's component level may lower an error to a warning
    order: int = -1  # block index, to list findings in document order


# An annex issued with a decision has that decision's number, date, Nơi nhận and closing.
ANNEX_OFF = frozenset({"number", "place_date", "recipients", "closing"})


HEADER_PARTS = frozenset(
    {"national", "motto", "issuer", "number", "place_date", "signer", "recipients"}
)


def _has_header(st: Structure) -> bool:
    return bool(st.national or st.motto or st.number or st.place_date)


@dataclass
class Ctx:
    st: Structure
    data: RulesData
    memo: dict[str, Any] = field(default_factory=dict)  # work shared by several rules

    @property
    def kind(self) -> Kind:
        return self.data.kinds.get(self.st.kind) or self.data.kinds["unknown"]

    def level(self, component: str) -> str | None:
        if self.st.annex and component in ANNEX_OFF:
            return None
        if self.st.kind == "unknown" and component in HEADER_PARTS and _has_header(self.st):
            # No type line, but a header: an administrative document all the same, whose
            # number, date, signer… the decree asks of every type (PL I, ô 1-4, 7, 9b).
            return "warning"
        lvl = self.kind.components.get(component, "off")
        return None if lvl == "off" else lvl

    def hit(
        self,
        line: Line | None,
        excerpt: str | None = None,
        severity: str | None = None,
        **args: Any,
    ) -> Hit:
        loc = line.location if line else first_location(self.st)
        text = excerpt if excerpt is not None else (line.text if line else "")
        return Hit(loc, args, text[:120], severity, line.block.index if line else -1)


def first_location(st: Structure) -> str:
    body = [b for b in st.outline.blocks if b.where in ("body", "cell", "page")]
    return body[0].location if body else ("1:1" if st.outline.source == "pdf" else "¶1")


Check = Callable[[Ctx], Iterator[Hit]]


def differ(found: str, expected: str) -> tuple[str, str]:
    """How two strings that look alike differ, for a message: the first character that is not
    the same, by its Unicode name ("" when they differ visibly enough, e.g. a missing word)."""
    import unicodedata

    a, b = unicodedata.normalize("NFC", found), unicodedata.normalize("NFC", expected)
    if len(a) != len(b):
        return "", ""
    for x, y in zip(a, b, strict=True):
        if x != y:
            names = [f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in (x, y)]
            return (
                f' (khác ở ký tự "{x}" ({names[0]}), cần "{y}" ({names[1]}))',
                f' (differs at "{x}" ({names[0]}), expected "{y}" ({names[1]}))',
            )
    return "", ""


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    vi: str  # one-line description (--list-rules)
    en: str
    msg_vi: str  # message template over the hit's args
    msg_en: str
    check: Check | None
    sources: tuple[str, ...] = ("docx", "pdf")
    default_on: bool = True  # False: not a Decree 30 requirement; on with `enable:` / --select

    def message(self, lang: str, args: dict[str, Any]) -> str:
        tpl = self.msg_en if lang == "en" else self.msg_vi
        try:
            return boxes(tpl.format(**args), lang)
        except (KeyError, IndexError):
            return boxes(tpl, lang)

    def description(self, lang: str) -> str:
        return boxes(self.en if lang == "en" else self.vi, lang)


# Decree 30's numbered boxes (PL I, Mẫu 1.1), named, so "ô 3" says what it is.
BOX_NAMES = {
    "1": ("Quốc hiệu và Tiêu ngữ", "national title and motto"),
    "2": ("tên cơ quan ban hành", "issuing body"),
    "3": ("số, ký hiệu", "number and symbol"),
    "4": ("địa danh, ngày tháng", "place and date"),
    "5a": ("tên loại, trích yếu", "type and subject"),
    "5b": ("trích yếu công văn", "letter's subject"),
    "7a": ("quyền hạn, chức vụ người ký", "signer's authority and title"),
    "7b": ("họ tên người ký", "signer's name"),
    "9a": ("Kính gửi", "addressee"),
    "9b": ("Nơi nhận", "distribution list"),
}
BOX_RE = re.compile(r"\b(ô|box) (\d[ab]?)\b(?! –)")


def boxes(text: str, lang: str) -> str:
    """ "(ô 3)" -> "(ô 3 – số, ký hiệu)"; "box 3" -> "box 3 – number and symbol"."""

    def name(m: re.Match[str]) -> str:
        names = BOX_NAMES.get(m.group(2))
        if not names:
            return m.group(0)
        return f"{m.group(0)} – {names[1] if m.group(1) == 'box' else names[0]}"

    return BOX_RE.sub(name, text)


CATALOGUE: dict[str, Rule] = {}


def rule(
    code: str,
    severity: str,
    vi: str,
    en: str,
    msg_vi: str | None = None,
    msg_en: str | None = None,
    sources: tuple[str, ...] = ("docx", "pdf"),
    default_on: bool = True,
) -> Callable[[Check], Check]:
    """Register a rule; the message defaults to the description."""
    assert CODE_RE.match(code) and severity in SEVERITIES and code not in CATALOGUE, code

    def deco(fn: Check) -> Check:
        CATALOGUE[code] = Rule(
            code, severity, vi, en, msg_vi or vi, msg_en or en, fn, sources, default_on
        )
        return fn

    return deco


def declare(code: str, severity: str, vi: str, en: str, msg_vi: str, msg_en: str) -> None:
    """A rule the engine raises itself (VB9xx), with no check function."""
    assert CODE_RE.match(code) and code not in CATALOGUE, code
    CATALOGUE[code] = Rule(code, severity, vi, en, msg_vi, msg_en, None)


declare(
    "VB901",
    "error",
    "Không đọc được tệp",
    "File could not be read",
    "Không đọc được tệp: {reason}",
    "File could not be read: {reason}",
)
declare(
    "VB902",
    "info",
    "Không nhận ra tên loại văn bản; bỏ qua kiểm tra thành phần",
    "Document type not recognised; component checks skipped",
    "Không nhận ra tên loại văn bản (KẾ HOẠCH, TỜ TRÌNH…); chỉ kiểm tra trình bày, mã chữ, "
    "ngày tháng và (cảnh báo) các thành phần chung; dùng --kind để chỉ định",
    "Document type line (KẾ HOẠCH, TỜ TRÌNH…) not recognised; only layout, encoding, dates "
    "and (as warnings) the common components were checked; use --kind to set it",
)
declare(
    "VB903",
    "warning",
    'PDF không có lớp chữ tin cậy (bản quét, chữ OCR lỗi, chữ Việt thành "?"); không kiểm '
    "tra được nội dung",
    'The PDF has no reliable text layer (a scan, OCR garbage, "?" for Vietnamese letters); '
    "its content could not be checked",
    "Không kiểm tra được nội dung một cách tin cậy: {reason_vi}; hãy kiểm tra tệp .docx",
    "Content could not be checked reliably: {reason_en}; check the .docx instead",
)
