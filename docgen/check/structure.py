"""``DocOutline`` -> ``Structure``: where the Decree 30 components are (ô 1-9), and the kind.

Works the same on a docgen .docx, a hand-typed Word file and PDF text: it looks at lines of
text in order, using table cells only as a hint (the Nơi nhận cell and the signer cell).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from docgen.check.config import RulesData
from docgen.reader.outline import Block, DocOutline
from docgen.vi.match import WORD_DATE, fold, is_caps, make_date, strip_marks

PAGE_PARTS = ("header", "footer")
NATIONAL_LOOSE = re.compile(r"CONG\s*HOA\s*XA\s*HOI\s*CHU\s*NGHIA\s*VIET\s*NAM")
MOTTO_LOOSE = re.compile(r"DOC\s*LAP\W{0,4}TU\s*DO\W{0,4}HANH\s*PHUC")
NUMBER_RE = re.compile(
    r"(?:^|\s)(?P<label>S[ốố]|SỐ)\s*(?P<colon>[:.]?)\s*(?P<num>[\d ]*?)\s*"
    r"(?P<slash>/)\s*(?P<sym>[^\s,;]+(?:\s*-\s*[^\s,;]+)*)",
    re.IGNORECASE,
)
DATE_LINE = re.compile(r"^(?P<place>[^,]*?)\s*,?\s*(?P<date>ngày\b.*)$", re.IGNORECASE)
NUM_DATE_LINE = re.compile(r"^(?P<place>[^,\d]{2,60}),\s*(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})")
ROMAN = re.compile(r"^(?:PHẦN\s+)?(?P<num>[IVXLC]+)\s*[.\-–)]\s*(?P<title>\S.*)$")
CONTENT_N = re.compile(r"^Nội dung\s+(?P<num>\d+)\s*[:.]", re.IGNORECASE)
ARABIC = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>\S.*)$")
YEAR_IN_TITLE = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    n: int  # position in Structure.lines
    block: Block
    text: str

    @property
    def location(self) -> str:
        return self.block.location

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class Structure:
    outline: DocOutline
    lines: list[Line]
    kind: str = "unknown"
    kind_forced: bool = False
    header_end: int = 0
    national: Line | None = None
    motto: Line | None = None
    national_text: str = ""  # the Quốc hiệu as written (two lines joined when a PDF wraps it)
    motto_text: str = ""
    issuer: list[Line] = field(default_factory=list)
    number: Line | None = None
    number_match: re.Match[str] | None = None
    place_date: Line | None = None
    type_line: Line | None = None
    type_name: str | None = None  # folded type prefix that matched, e.g. "KẾ HOẠCH"
    subject: list[Line] = field(default_factory=list)
    addressee: Line | None = None
    recipients_label: Line | None = None
    recipients: list[Line] = field(default_factory=list)
    signer: list[Line] = field(default_factory=list)
    signer_name: Line | None = None
    body: list[Line] = field(default_factory=list)
    headings: list[tuple[Line, str, str]] = field(default_factory=list)  # (line, numeral, title)
    issue_date: dt.date | None = None
    title_year: int | None = None

    def text_lines(self) -> list[Line]:
        return [ln for ln in self.lines if ln.block.where not in PAGE_PARTS]


def _lines(outline: DocOutline) -> list[Line]:
    out: list[Line] = []
    for b in outline.blocks:
        if b.where.split("(")[0] in PAGE_PARTS:
            continue
        for part in b.text.split("\n"):
            if part.strip():
                out.append(Line(len(out), b, part.strip()))
    return out


def _find_type(lines: list[Line], start: int, rules: RulesData) -> tuple[Line, str, str] | None:
    prefixes = rules.type_prefixes()
    for ln in lines[start : start + 25]:
        if not is_caps(ln.text) or ln.block.where == "textbox":
            continue
        f = ln.folded
        for prefix, kind in prefixes:
            if f == prefix or f.startswith(prefix + " "):
                # "BÁO CÁO" / "Thành tích đề nghị…" on two lines is a báo cáo thành tích.
                nxt = lines[ln.n + 1].folded if ln.n + 1 < len(lines) else ""
                both = f"{f} {nxt}"
                for longer, kind2 in prefixes:
                    if len(longer) > len(prefix) and both.startswith(longer + " "):
                        return ln, longer, kind2
                return ln, prefix, kind
    return None


def analyse(outline: DocOutline, rules: RulesData, kind: str | None = None) -> Structure:
    lines = _lines(outline)
    st = Structure(outline, lines)
    head = lines[:40]
    for pairs in (False, True):  # a narrow cell may wrap the Quốc hiệu over two PDF lines
        for i, ln in enumerate(head):
            if len(ln.text) > 120 or (pairs and i + 1 >= len(head)):
                continue
            text = f"{ln.text} {head[i + 1].text}" if pairs else ln.text
            skel = strip_marks(text)
            if (
                st.national is None
                and NATIONAL_LOOSE.search(skel)
                and strip_marks(ln.text).lstrip().startswith("CONG")
            ):
                st.national, st.national_text = ln, text
            if (
                st.motto is None
                and MOTTO_LOOSE.search(skel)
                and strip_marks(ln.text).lstrip().startswith("DOC")
            ):
                st.motto, st.motto_text = ln, text
    # A text box floats: where Word anchors it says nothing about where the header ends.
    anchors = [ln.n for ln in (st.national, st.motto) if ln and ln.block.where != "textbox"]
    found = _find_type(lines, 0, rules)
    if found and anchors and found[0].n < max(anchors):
        found = _find_type(lines, max(anchors) + 1, rules)
    if found:
        st.type_line, st.type_name, detected = found
    else:
        detected = "unknown"
    st.kind, st.kind_forced = (kind, True) if kind else (detected, False)
    end = st.type_line.n if st.type_line else min(len(lines), (max(anchors) + 4) if anchors else 12)
    st.header_end = end
    for ln in lines[:end]:
        m = NUMBER_RE.search(ln.text)
        if st.number is None and m and m.start() < 40:
            st.number, st.number_match = ln, m
        elif st.place_date is None and (
            WORD_DATE.search(ln.text)
            or re.search(r"ngày\b.*tháng", ln.text, re.IGNORECASE)
            or NUM_DATE_LINE.search(ln.text)
        ):
            st.place_date = ln
        elif ln not in (st.national, st.motto) and is_caps(ln.text) and st.number is None:
            st.issuer.append(ln)
    if st.type_line:
        _subject(st, lines)
    _tail(st, lines)
    _dates(st)
    return st


def _subject(st: Structure, lines: list[Line]) -> None:
    assert st.type_line and st.type_name
    rest = st.type_line.folded[len(st.type_name) :].strip()
    if rest:
        st.subject.append(st.type_line)
    blocks = st.outline.blocks
    after = [ln for ln in lines[st.type_line.n + 1 :] if ln.block.where != "textbox"][:3]
    prev = st.type_line
    for ln in after:
        f = ln.folded
        if f.startswith(("CĂN CỨ", "KÍNH GỬI", "I.", "1.", "PHẦN")) or len(ln.text) > 160:
            break
        if st.outline.source == "docx":
            gap = blocks[prev.block.index + 1 : ln.block.index]
            if st.subject and any(b.where != "textbox" and not b.text.strip() for b in gap):
                break  # an empty paragraph (or the short rule) ends the trích yếu
            if (
                ln.block.table != st.type_line.block.table
                or ln.block.align != st.type_line.block.align
            ):
                break  # the trích yếu is centred like the type line; the body is not
        st.subject.append(ln)
        prev = ln


def _tail(st: Structure, lines: list[Line]) -> None:
    start = st.subject[-1].n + 1 if st.subject else st.header_end
    for ln in lines[start:]:
        if ln.folded.startswith("KÍNH GỬI"):
            st.addressee = ln
            break
    label = next(
        (ln for ln in lines[start:] if strip_marks(ln.text[:12]).startswith("NOI NHAN")), None
    )
    st.recipients_label = label
    if label is not None:
        after_colon = label.text.split(":", 1)[1].strip() if ":" in label.text else ""
        if after_colon:
            st.recipients.append(Line(label.n, label.block, after_colon))
        if st.outline.source == "pdf":
            _pdf_recipients(st, lines, label)
        for ln in lines[label.n + 1 :] if st.outline.source == "docx" else []:
            if label.block.in_table and (ln.block.table, ln.block.row, ln.block.col) != (
                label.block.table,
                label.block.row,
                label.block.col,
            ):
                break
            if is_caps(ln.text) and not ln.text.lstrip().startswith(("-", "+", "–")):
                break
            if (
                not label.block.in_table
                and st.outline.source == "docx"
                and st.recipients
                and lines[ln.n - 1].block.index + 1 < ln.block.index
            ):
                break
            st.recipients.append(ln)
    last_body = start
    for ln in lines[start:]:
        if label is not None and ln.n >= label.n:
            break
        if len(ln.text) > 80 or ln.text.rstrip().endswith("./."):
            last_body = ln.n
    items = {r.n for r in st.recipients} | ({label.n} if label else set())
    region = [ln for ln in lines[last_body + 1 :] if ln.n not in items]
    if label is not None and label.block.in_table:
        region = [ln for ln in lines if ln.block.table == label.block.table and ln.n not in items]
    data_tables = {b.table for b in st.outline.blocks if b.row >= 3}
    region = [ln for ln in region if ln.block.table not in data_tables or not ln.block.table]
    for ln in region:
        # A bare numeral or a numbered section heading ("II. THÀNH TÍCH ĐẠT ĐƯỢC") is never part
        # of the signature block, even where PDF text has no long body lines to mark the body.
        if re.fullmatch(r"[IVXLC]+\.?", ln.text.strip()) or ROMAN.match(ln.folded):
            continue
        if is_caps(ln.text) and len(ln.text.split()) <= 14 and not ln.folded.startswith("NƠI NHẬN"):
            st.signer.append(ln)
        elif st.signer and st.signer_name is None and _looks_like_name(ln.text):
            st.signer_name = ln
    body_end = min([ln.n for ln in st.signer] + ([label.n] if label else []) + [len(lines)])
    st.body = [ln for ln in lines[start:body_end] if ln.block.where != "textbox"]
    for ln in st.body:
        m = ROMAN.match(ln.folded)
        if m and len(ln.text) < 200:
            st.headings.append((ln, m.group("num"), m.group("title")))


def _pdf_recipients(st: Structure, lines: list[Line], label: Line) -> None:
    """PDF text interleaves the Nơi nhận column with the signer column: take the dash lines
    (and the lines that continue them) and skip the signer's lines in between."""
    prev: Line | None = None
    for ln in lines[label.n + 1 : label.n + 30]:
        dash = ln.text.startswith(("-", "–", "+"))
        joined = prev is not None and prev.block.index + 1 == ln.block.index
        if dash:
            st.recipients.append(ln)
        elif (
            joined
            and st.recipients
            and prev is not None
            and st.recipients[-1].n == prev.n
            and not is_caps(ln.text)
            and not st.recipients[-1].text.rstrip().endswith((";", "."))
        ):
            last = st.recipients.pop()
            st.recipients.append(Line(last.n, last.block, last.text + " " + ln.text))
            ln = Line(last.n, ln.block, ln.text)
        prev = ln


def _looks_like_name(text: str) -> bool:
    words = text.replace(".", ". ").split()
    return (
        2 <= len(words) <= 7
        and not any(c.isdigit() for c in text)
        and not text.startswith("(")
        and all(w[0].isupper() for w in words if w[0].isalpha())
    )


def _dates(st: Structure) -> None:
    src = st.place_date
    if src is None and st.kind == "bienban":
        src = next((ln for ln in st.body if WORD_DATE.search(ln.text)), None)
    m = WORD_DATE.search(src.text) if src else None
    if m:
        st.issue_date = make_date(*m.groups())
    for ln in ([st.type_line] if st.type_line else []) + st.subject:
        for y in YEAR_IN_TITLE.findall(ln.text):
            st.title_year = int(y)
