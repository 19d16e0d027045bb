"""``DocOutline`` -> ``Structure``: where the Decree 30 components are (ô 1-9), and the kind.

Works the same on a docgen .docx, a hand-typed Word file and PDF text: it looks at lines of
text in order, using table cells only as a hint (the Nơi nhận cell and the signer cell).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from docgen.check.config import RulesData
from docgen.reader.outline import Block, DocOutline
from docgen.vi.match import (
    BLANK_DATE,
    NUM_DATE,
    WORD_DATE,
    fold,
    is_caps,
    make_date,
    strip_marks,
)

PAGE_PARTS = ("header", "footer")
NATIONAL_LOOSE = re.compile(r"CONG\s*HOA\s*XA\s*HOI\s*CHU\s*NGHIA\s*VIET\s*NAM")
MOTTO_LOOSE = re.compile(r"DOC\s*LAP\W{0,4}TU\s*DO\W{0,4}HANH\s*PHUC")
NUMBER_RE = re.compile(
    r"(?:^|\s)(?P<label>S[ốố]|SỐ)\s*(?P<colon>[:.]?)\s*(?P<num>[\d ]*?)\s*"
    r"(?P<slash>/)\s*(?P<sym>[^\s,;]+(?:\s*-\s*[^\s,;]+)*)",
    re.IGNORECASE,
)
DATE_LINE = re.compile(r"^(?P<place>[^,]*?)\s*,?\s*(?P<date>ngày\b.*)$", re.IGNORECASE)
# "Hà Nội, 15/01/2024", and as hand-typed plans write it: "Quận 3, ngày 15/01/2024"
NUM_DATE_LINE = re.compile(
    r"^(?P<place>[^\W\d][^,]{1,59}?),\s*(?:ngày\s+)?(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})",
    re.IGNORECASE,
)
ROMAN = re.compile(r"^(?:PHẦN\s+)?(?P<num>[IVXLC]+)\s*[.\-–)]\s*(?P<title>\S.*)$")
CONTENT_N = re.compile(r"^Nội dung\s+(?P<num>\d+)\s*[:.]", re.IGNORECASE)
ARABIC = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>\S.*)$")
YEAR_IN_TITLE = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)
TARGET_YEAR = ("đến", "tới", "nhìn đến", "tầm nhìn", "giai đoạn")
# A date line whose day (and maybe month) the văn thư fills in at issuance: "ngày    tháng 9 năm".
DRAFT_DATE = re.compile(r"ngày\s*[.…_\s]*\s+tháng\s*(?:\d{1,2}|[.…_\s]*)\s*năm\b", re.IGNORECASE)
NUMBER_ONLY = re.compile(r"^Số\s*:\s*\d+\s*$", re.IGNORECASE)
NUMBER_LABEL = re.compile(r"^Số\s*:?\s*$", re.IGNORECASE)  # a draft's "Số:" alone on its PDF line
DATE_SPLIT = re.compile(r",\s*ngày\s*$", re.IGNORECASE)
SUBJECT_VV = re.compile(r"^(?:V/v|V/V|Về việc|VỀ VIỆC)\b")
# Mẫu 2.1: an appendix opens with "Phụ lục [số]", its title and "(Kèm theo … số … ngày … của …)"
APPENDIX = re.compile(r"^Phụ lục(?:\s+[IVXLC0-9]+)?\s*$", re.IGNORECASE)
ATTACHED_TO = re.compile(r"^\(Kèm theo\b", re.IGNORECASE)
# Paragraphs that open the body, never a trích yếu (PDF text has no alignment to tell).
BODY_STARTS = ("CĂN CỨ", "KÍNH GỬI", "I.", "1.", "PHẦN", "___")
NOTE_AFTER_ITEM = re.compile(r";\s{2,}\S.*$")
TAB_COLUMNS = re.compile(r"\t+")
DRAFT_MARK = "DỰ THẢO"
# docgen's own mark of a value still to fill in a draft ("Số: [cần điền: số]/KH-NK",
# "Quận 10, [cần điền: ngày ban hành]"): a blank left to fill, like the văn thư's gap
TODO_MARK = re.compile(r"\[cần điền(?::[^\]]*)?\]", re.IGNORECASE)
TODO_DATE_LINE = re.compile(r"^[^\W\d][^,]{1,59},\s*\[cần điền(?::[^\]]*)?\]\s*$", re.IGNORECASE)
# An issuer name broken over lines: the second line continues the first when it is a place
# ("ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG") or a conjunction, not a new body.
CONTINUATION = re.compile(
    r"^(?:TỈNH|THÀNH PHỐ|TP\.|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|VÀ|&|VIỆT NAM)\b"
)


@dataclass(frozen=True)
class Line:
    n: int  # position in Structure.lines
    block: Block
    text: str  # NFC: a decomposed (NFD) document is read like any other, VB404 says it once
    start: int = 0  # offset of this line in ``block.text`` (a paragraph may hold several lines)

    @property
    def location(self) -> str:
        return self.block.location

    @cached_property
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
    number_blank: bool = False  # "Số:      /QĐ-UBND": the văn thư fills it in at issuance
    day_blank: bool = False  # "ngày      tháng 9 năm 2025"
    draft_mark: bool = False  # "DỰ THẢO" in the header
    annex: bool = False  # "(Ban hành kèm theo Quyết định số …)": part of another document
    stage: str = "issued"  # "draft" | "issued"
    date_text: str = ""  # the place-and-date text (PDF: over several lines)

    @property
    def date_line_text(self) -> str:
        return self.date_text or (self.place_date.text if self.place_date else "")

    def text_lines(self) -> list[Line]:
        return [ln for ln in self.lines if ln.block.where not in PAGE_PARTS]


COLUMN_GAP = re.compile(r"\t+|\s{4,}")
BLANK_BEFORE = re.compile(r"(?:\bngày|\btháng|\bsố\s*:?)\s*$", re.IGNORECASE)
BLANK_AFTER = re.compile(r"^\s*(?:/|tháng\b|năm\b)", re.IGNORECASE)


def _joins(before: str, after: str) -> bool:
    """True when a wide gap is a blank left for the văn thư ("Số:      /QĐ", "ngày    tháng"),
    or the piece before it is too short to be a column ("Số:")."""
    return (
        sum(c.isalpha() for c in before) < 3
        or BLANK_BEFORE.search(before) is not None
        or BLANK_AFTER.match(after) is not None
    )


def _columns(part: str) -> list[tuple[int, str]]:
    """(offset, text) of the columns of one line laid out with tabs or runs of spaces."""
    cols: list[tuple[int, int]] = []  # (start, end) in part
    pos = 0
    for m in [*COLUMN_GAP.finditer(part), None]:
        end = m.start() if m else len(part)
        if part[pos:end].strip():
            if cols and _joins(part[cols[-1][0] : cols[-1][1]], part[pos:end]):
                cols[-1] = (cols[-1][0], end)
            else:
                cols.append((pos, end))
        pos = m.end() if m else pos
    if len(cols) > 1 and sum(c.isalpha() for c in part[cols[-1][0] : cols[-1][1]]) < 3:
        last = cols.pop()
        cols[-1] = (cols[-1][0], last[1])
    return [(a, part[a:b]) for a, b in cols]


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each line of a paragraph: line breaks split it, and so do tabs or runs
    of spaces that lay out columns ("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA XÃ HỘI…" in older files)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for part in text.split("\n"):
        cols = _columns(part)
        if len(cols) > 1:
            out += [(pos + o + len(c) - len(c.lstrip()), TAB_COLUMNS.sub(" ", c)) for o, c in cols]
        else:
            out.append((pos + len(part) - len(part.lstrip()), TAB_COLUMNS.sub(" ", part)))
        pos += len(part) + 1
    return out


def _lines(outline: DocOutline) -> list[Line]:
    out: list[Line] = []
    for b in outline.blocks:
        if b.where.split("(")[0] in PAGE_PARTS:
            continue
        for start, part in _pieces(b.text):
            if part.strip():
                text = unicodedata.normalize("NFC", part.strip())
                out.append(Line(len(out), b, text, start))
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


def analyse(
    outline: DocOutline, rules: RulesData, kind: str | None = None, stage: str = "auto"
) -> Structure:
    """Find each component in order: the header (ô 1-4), the type line or a công văn's "V/v"
    (ô 5), the tail (Kính gửi, Nơi nhận, signer), the body between, then dates and stage."""
    lines = _lines(outline)
    st = Structure(outline, lines)
    _national_and_motto(st, lines[:40])
    detected = _type_line(st, lines, rules)
    st.kind, st.kind_forced = (kind, True) if kind else (detected, False)
    _header(st, lines)
    if st.type_line:
        _subject(st, lines)
        _annex(st, lines)
    elif detected == "congvan" or kind == "congvan":
        _subject_vv(st, lines)
    start = st.subject[-1].n + 1 if st.subject else st.header_end
    if not st.type_line:
        start = max(start, st.header_end)
    _addressee(st, lines, start)
    _recipients(st, lines, start)
    _signer(st, lines, start)
    _body(st, lines, start)
    _dates(st)
    _stage(st, stage)
    return st


def _national_and_motto(st: Structure, head: list[Line]) -> None:
    skels = [strip_marks(ln.text) if len(ln.text) <= 120 else "" for ln in head]
    for pairs in (False, True):  # a narrow cell may wrap the Quốc hiệu over two PDF lines
        for i, ln in enumerate(head):
            if not skels[i] or (pairs and i + 1 >= len(head)):
                continue
            if st.national is not None and st.motto is not None:
                return
            text = f"{ln.text} {head[i + 1].text}" if pairs else ln.text
            skel = f"{skels[i]} {skels[i + 1]}" if pairs else skels[i]
            if st.national is None and skels[i].startswith("CONG") and NATIONAL_LOOSE.search(skel):
                st.national, st.national_text = ln, text
            elif st.national is None and not pairs and i < 8:
                # PDF text may run the issuer's column into the Quốc hiệu when the gap between
                # them is narrow: "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
                m = NATIONAL_LOOSE.search(skel)
                if m and m.start() > 0 and is_caps(ln.text[: m.start()]):
                    st.national = ln
                    st.national_text = ln.text[m.start() :] if len(skel) == len(ln.text) else text
            if st.motto is None and skels[i].startswith("DOC") and MOTTO_LOOSE.search(skel):
                st.motto, st.motto_text = ln, text


def _anchors(st: Structure) -> list[int]:
    # A text box floats: where Word anchors it says nothing about where the header ends.
    return [ln.n for ln in (st.national, st.motto) if ln and ln.block.where != "textbox"]


def _type_line(st: Structure, lines: list[Line], rules: RulesData) -> str:
    """The kind detected: from the type line (ô 5a), else "congvan" for a "V/v …" trích yếu
    under the number (ô 5b), else "unknown"."""
    anchors = _anchors(st)
    found = _find_type(lines, 0, rules)
    if found and anchors and found[0].n < max(anchors):
        found = _find_type(lines, max(anchors) + 1, rules)
    if found:
        st.type_line, st.type_name, detected = found
        if detected == "bieumau" and "phuluc" in rules.kinds and _appendix(lines):
            return "phuluc"  # a table attached to a numbered document: no header of its own
        return detected
    if _vv_line(st, lines) is not None:
        return "congvan"
    return "unknown"


def _appendix(lines: list[Line]) -> bool:
    """The document opens as a Phụ lục (Mẫu 2.1): "Phụ lục", its title, "(Kèm theo …)"."""
    head = [ln.text.strip() for ln in lines[:6] if ln.text.strip()]
    return bool(head) and bool(APPENDIX.match(head[0])) and any(ATTACHED_TO.match(x) for x in head)


def _vv_line(st: Structure, lines: list[Line]) -> Line | None:
    end = (max(_anchors(st)) + 12) if _anchors(st) else 16
    return next((ln for ln in lines[:end] if SUBJECT_VV.match(ln.text)), None)


def _header(st: Structure, lines: list[Line]) -> None:
    """Number (ô 3), place and date (ô 4) and the issuer's lines (ô 2) above the type line."""
    anchors = _anchors(st)
    if st.type_line:
        end = st.type_line.n
    else:
        vv = _vv_line(st, lines) if st.kind == "congvan" else None
        end = min(len(lines), (max(anchors) + 4) if anchors else 12)
        if vv:  # the date sits beside the V/v in the right column, maybe just after it
            end = max(vv.n, min(len(lines), max(anchors, default=vv.n) + 6))
            end = next((ln.n for ln in lines[vv.n : end] if ln.folded.startswith("KÍNH GỬI")), end)
    st.header_end = end
    for ln in lines[:end]:
        if SUBJECT_VV.match(ln.text):
            continue
        if fold(ln.text) == DRAFT_MARK:
            st.draft_mark = True
            continue
        m = NUMBER_RE.search(TODO_MARK.sub("      ", ln.text))
        if st.number is None and m and m.start() < 40:
            st.number, st.number_match = ln, m
        elif st.number is None and st.outline.source == "pdf" and NUMBER_LABEL.match(ln.text):
            # A draft's "Số:        /BC-STC": PDF text gives "Số:" and "/BC-STC" as two text
            # objects, on lines of their own, the Quốc hiệu's lines in between.
            symbol = next((x for x in lines[ln.n + 1 : ln.n + 5] if x.text.startswith("/")), None)
            if symbol is not None:
                st.number = ln
                st.number_match = NUMBER_RE.search(f"{ln.text} {symbol.text}")
        elif st.number is None and st.outline.source == "pdf" and NUMBER_ONLY.match(ln.text):
            st.number = ln  # "Số: 181" with "/BC-SNV" stamped as a separate text object
        elif st.place_date is None and DATE_SPLIT.search(ln.text) and st.outline.source == "pdf":
            st.place_date = ln  # "Bình Thuận, ngày" / "23 tháng" / "3 năm 2022"
            st.date_text = " ".join(x.text for x in lines[ln.n : ln.n + 3])
        elif st.place_date is None and (
            WORD_DATE.search(ln.text)
            or re.search(r"ngày\b.*tháng", ln.text, re.IGNORECASE)
            or NUM_DATE_LINE.search(ln.text)
            or TODO_DATE_LINE.search(ln.text)
        ):
            st.place_date = ln
        elif ln not in (st.national, st.motto) and is_caps(ln.text) and st.number is None:
            st.issuer.append(ln)


def _cells(st: Structure) -> dict[int, set[tuple[int, int]]]:
    """Table number -> its (row, col) cells, to tell a one-cell table (a framed trích yếu)."""
    out: dict[int, set[tuple[int, int]]] = {}
    for b in st.outline.blocks:
        if b.table:
            out.setdefault(b.table, set()).add((b.row, b.col))
    return out


def _is_bold(ln: Line) -> bool:
    yes = sum(r.chars for r in ln.block.runs if r.bold)
    return yes * 2 > sum(r.chars for r in ln.block.runs) > 0


def _subject(st: Structure, lines: list[Line]) -> None:
    """The trích yếu (ô 5a): on the type line itself, or the lines right under it that are
    laid out like it (centred, in the same place), or the bold paragraph just under it, or a
    one-cell table (a framed trích yếu)."""
    assert st.type_line and st.type_name
    rest = st.type_line.folded[len(st.type_name) :].strip()
    if rest:
        st.subject.append(st.type_line)
    blocks = st.outline.blocks
    after = [ln for ln in lines[st.type_line.n + 1 :] if ln.block.where != "textbox"][:3]
    one_cell = {t for t, cells in _cells(st).items() if len(cells) == 1}
    prev = st.type_line
    for ln in after:
        f = ln.folded
        long_ok = not st.subject and _is_bold(ln) and len(ln.text) <= 400
        if f.startswith(BODY_STARTS) or (len(ln.text) > 160 and not long_ok):
            break
        if (
            st.outline.source == "pdf"
            and not st.subject
            and not SUBJECT_VV.match(ln.text)
            and ln.text.rstrip().endswith((",", ":"))
        ):
            break  # a sentence of the body running on, where a trích yếu would stand
        if st.outline.source == "docx":
            gap = blocks[prev.block.index + 1 : ln.block.index]
            if st.subject and any(b.where != "textbox" and not b.text.strip() for b in gap):
                break  # an empty paragraph (or the short rule) ends the trích yếu
            framed = ln.block.table in one_cell and ln.block.table != st.type_line.block.table
            first_bold = not st.subject and _is_bold(ln) and not ROMAN.match(f)
            same_place = (
                ln.block.table == st.type_line.block.table
                and ln.block.align == st.type_line.block.align
            )
            if not (same_place or framed or first_bold):
                break  # the trích yếu is centred like the type line; the body is not
        st.subject.append(ln)
        prev = ln


# "(Ban hành kèm theo Quyết định số 09/2010/QĐ-UBND ngày 21 tháng 01 năm 2010 của …)": a quy
# định, quy chế or phụ lục issued with a decision carries that decision's number, date and Nơi
# nhận, not its own (PL I; Mẫu 1.2 and its annex).
ANNEX_LINE = re.compile(
    r"^\(?\s*(?:BAN HÀNH\s+)?(?:KÈM|ĐÍNH KÈM)\s+THEO\s+(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ|"
    r"KẾ HOẠCH|TỜ TRÌNH|CÔNG VĂN|BÁO CÁO|CHỈ THỊ)\b"
)


def _annex(st: Structure, lines: list[Line]) -> None:
    assert st.type_line
    after = lines[st.type_line.n + 1 : st.type_line.n + 6]
    st.annex = any(ANNEX_LINE.match(ln.folded) for ln in after)


def _subject_vv(st: Structure, lines: list[Line]) -> None:
    """A công văn's trích yếu: "V/v …" under the number, with the lines that continue it in the
    same table cell (docx)."""
    vv = _vv_line(st, lines)
    if vv is None:
        return
    st.subject.append(vv)
    if vv.block.table:
        for ln in lines[vv.n + 1 : vv.n + 4]:
            b = ln.block
            if (b.table, b.row, b.col) != (vv.block.table, vv.block.row, vv.block.col):
                break
            st.subject.append(ln)
    st.header_end = max(st.header_end, st.subject[-1].n + 1)


def _addressee(st: Structure, lines: list[Line], start: int) -> None:
    for ln in lines[start:]:
        if ln.folded.startswith("KÍNH GỬI"):
            st.addressee = ln
            break


def _recipients(st: Structure, lines: list[Line], start: int) -> None:
    """The "Nơi nhận:" label and its items (ô 9b)."""
    label = next(
        (ln for ln in lines[start:] if strip_marks(ln.text[:12]).startswith("NOI NHAN")), None
    )
    st.recipients_label = label
    if label is None:
        return
    after_colon = label.text.split(":", 1)[1].strip() if ":" in label.text else ""
    if after_colon:
        st.recipients.append(Line(label.n, label.block, after_colon, label.start))
    if st.outline.source == "pdf":
        _pdf_recipients(st, lines, label)
        return
    cell = (label.block.table, label.block.row, label.block.col)
    for ln in lines[label.n + 1 :]:
        b = ln.block
        if label.block.in_table and (b.table, b.row, b.col) != cell:
            break
        dash = ln.text.lstrip().startswith(("-", "+", "–"))
        if ln.start > 0 and not dash:
            continue  # the signer's column beside the list, laid out with tabs
        if is_caps(ln.text) and not dash:
            break
        if not label.block.in_table and st.recipients and lines[ln.n - 1].block.index + 1 < b.index:
            break
        note = NOTE_AFTER_ITEM.search(ln.text)
        if note:  # "- Cổng TTĐT;  Để đăng dự thảo": a note set beside the item, not part of it
            ln = Line(ln.n, ln.block, ln.text[: note.start() + 1], ln.start)
        st.recipients.append(ln)


def _signer(st: Structure, lines: list[Line], start: int) -> None:
    """The signer's authority and title (ô 7a, capitals) and name (ô 7b) after the body."""
    label = st.recipients_label
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
    if label is not None and label.block.in_table:
        # The Nơi nhận cell merged down several rows beside the signer (name in row 4) makes a
        # signature table of four rows: it is still the signature table, not data.
        data_tables.discard(label.block.table)
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


def _body(st: Structure, lines: list[Line], start: int) -> None:
    label = st.recipients_label
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
            and prev is not None
            and st.recipients
            and prev is not None
            and st.recipients[-1].n == prev.n
            and (not is_caps(ln.text) or st.recipients[-1].text.rstrip().endswith(","))
            and not st.recipients[-1].text.rstrip().endswith((";", "."))
        ):
            last = st.recipients.pop()
            st.recipients.append(Line(last.n, last.block, last.text + " " + ln.text, last.start))
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
    text = st.date_line_text if src is st.place_date else (src.text if src else "")
    m = WORD_DATE.search(text) if src else None
    if m:
        st.issue_date = make_date(*m.groups())
    for ln in ([st.type_line] if st.type_line else []) + st.subject:
        for m in YEAR_IN_TITLE.finditer(ln.text):
            before = ln.text[max(m.start() - 12, 0) : m.start()].lower()
            if st.title_year is None and not before.rstrip().endswith(TARGET_YEAR):
                st.title_year = int(m.group(1))  # "đến năm 2030" is a target, not the year


def _stage(st: Structure, stage: str) -> None:
    """A draft leaves the number or the day blank for the văn thư (or says DỰ THẢO)."""
    m = st.number_match
    st.number_blank = bool(m and not m.group("num").strip())
    text = st.date_line_text
    st.day_blank = bool(
        DRAFT_DATE.search(text) or BLANK_DATE.search(text) or TODO_MARK.search(text)
    ) and not (WORD_DATE.search(text) or NUM_DATE.search(text))
    if stage in ("draft", "issued"):
        st.stage = stage
    else:
        st.stage = "draft" if st.number_blank or st.day_blank or st.draft_mark else "issued"
