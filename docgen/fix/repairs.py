"""The mechanical repairs, each tied to the rules whose findings it resolves.

A repair edits a live document (``reader.docx.LiveDocx``) in place and returns what it changed;
it never decides anything a person must decide (a missing Số, a missing section, who signs).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from docgen.fix import spans
from docgen.fix.xml import PPR_ORDER, SECT_ORDER, child, ppr, set_flag, set_font, set_size
from docgen.reader.docx import LiveDocx, own_runs
from docgen.reader.styles import w
from docgen.vi.format import long_date
from docgen.vi.legacy import (
    already_unicode,
    convertible,
    decode_tcvn3,
    decode_vni,
    font_encoding,
    legacy_bytes,
)
from docgen.vi.text import slug

TNR = "Times New Roman"
SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"}
MM = 1440 / 25.4  # twips per millimetre


@dataclass(frozen=True)
class Change:
    code: str  # the rule whose finding this resolves
    location: str
    before: str
    after: str


@dataclass
class Target:
    """What a repair works on: the live document and the findings it is asked to resolve."""

    live: LiveDocx
    findings: dict[str, set[str]]  # code -> locations (first part, e.g. "¶3", "T1R2C1")
    touched: set[str] = field(default_factory=set)  # part names edited
    new_parts: dict[str, bytes] = field(default_factory=dict)  # parts added to the package
    content_types: dict[str, str] = field(default_factory=dict)  # their content types
    left: list[tuple[str, str, str]] = field(default_factory=list)  # (code, location, reason)
    layout: dict[str, Any] = field(default_factory=dict)  # the checker's `layout:` rules data

    def part(self, el: etree._Element) -> str:
        root = el.getroottree().getroot()
        return next(name for name, r in self.live.parts.items() if r is root)

    def edited(self, el: etree._Element) -> None:
        self.touched.add(self.part(el))

    def location(self, p: etree._Element) -> str:
        for i, el in enumerate(self.live.elements):
            if el is p:
                return self.live.outline.blocks[i].location
        return self.part(p)

    def blocks(self) -> Iterator[tuple[int, etree._Element]]:
        yield from enumerate(self.live.elements)

    def flagged(self, codes: tuple[str, ...]) -> set[int]:
        """Indexes of the blocks at the locations of findings with ``codes``."""
        places = set().union(*(self.findings.get(c, set()) for c in codes))
        return {i for i, b in enumerate(self.live.outline.blocks) if b.location in places}

    def text_parts(self) -> list[etree._Element]:
        """The document body and its headers and footers (what holds runs of text)."""
        roots = []
        for name, root in self.live.parts.items():
            if root.tag in (w("document"), w("hdr"), w("ftr")) or name == self.live.main:
                roots.append(root)
        return roots


Repair = Callable[[Target], list[Change]]


# -- text ------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    """Lower-case words without marks, for matching labels: "Nơi nhận:" -> "noi nhan"."""
    return slug(text).replace("-", " ")


def _run_chain(t: Target, run: etree._Element) -> list[etree._Element]:
    p = next(run.iterancestors(w("p")), None)
    pstyle = None
    if p is not None:
        ps = p.find(f"{w('pPr')}/{w('pStyle')}")
        pstyle = ps.get(w("val")) if ps is not None else None
    rs = run.find(f"{w('rPr')}/{w('rStyle')}")
    chain = t.live.styles.rpr_chain(pstyle, rs.get(w("val")) if rs is not None else None)
    own = run.find(w("rPr"))
    return [own, *chain] if own is not None else chain


def _font(t: Target, run: etree._Element) -> str | None:
    chain = _run_chain(t, run)
    return t.live.styles.font(chain, "ascii") or t.live.styles.font(chain, "hAnsi")


def legacy(t: Target) -> list[Change]:
    """VB406–VB409: runs set in a TCVN3 (.VnTime, .VnTimeH) or VNI (VNI-Times) font become
    Unicode in Times New Roman, run by run, formatting kept. A run whose characters cannot all be
    its font's encoding is left alone (its font pinned) and reported: never guessed."""
    before: dict[int, str] = {}
    paragraphs: dict[int, etree._Element] = {}
    codes: dict[int, str] = {}
    stale = _stale_font_runs(t)
    refonted: dict[int, tuple[etree._Element, str]] = {}
    for root in t.text_parts():
        for run in root.iter(w("r")):
            enc = font_encoding(_font(t, run))
            if enc is None:
                continue
            encoding, capitals = enc
            if encoding == "tcvn3" and run not in stale:
                _soft_hyphens_back(run)
            nodes = [n for n in run.iter(w("t"))]
            raw = "".join(n.text or "" for n in nodes)
            p = next(run.iterancestors(w("p")), run)
            if run in stale:  # Unicode text under a stale legacy font name: the font only
                refonted.setdefault(id(p), (p, _font(t, run) or ""))
                set_font(run, TNR)
                t.edited(run)
                continue
            if raw and not convertible(raw, encoding):
                set_font(run, _font(t, run) or "")
                t.left.append(("VB409", t.location(p), f"mã không rõ: {raw[:40]!r}"))
                t.edited(run)
                continue
            if id(p) not in before:
                before[id(p)], paragraphs[id(p)] = spans.text(p), p
                codes[id(p)] = "VB406" if encoding == "tcvn3" else "VB407"
            for n in nodes:
                value = n.text or ""
                n.text = (
                    decode_tcvn3(value, capitals=capitals)
                    if encoding == "tcvn3"
                    else decode_vni(value)
                )
            set_font(run, TNR)
            t.edited(run)
    changes = [
        Change(codes[k], t.location(p), before[k], spans.text(p)) for k, p in paragraphs.items()
    ]
    changes += [Change("VB408", t.location(p), font, TNR) for p, font in refonted.values()]
    changes += _legacy_styles(t)
    return changes


def _soft_hyphens_back(run: etree._Element) -> None:
    """TCVN3 writes "ư" as byte 0xAD, the Latin-1 soft hyphen: Word and LibreOffice keep it as
    a <w:softHyphen/> between two <w:t>, and the letter vanishes from the text ("Ch¬ng" for
    "Chương"). Put the byte back in its place, for the conversion to read as "ư"."""
    for mark in list(run.iter(w("softHyphen"))):
        t = etree.Element(w("t"))
        t.text = "\xad"
        parent = mark.getparent()
        assert parent is not None
        parent.replace(mark, t)


STALE_MIN_PARAGRAPHS = 3


def _stale_font_runs(t: Target) -> set[etree._Element]:
    """The runs whose legacy font name is stale: a document converted to Unicode with its font
    left as it was (".VnTime" over "Nguyễn Ngọc Anh"). Only when the whole document says so:
    Unicode Vietnamese under a legacy font in at least three paragraphs and not one run that
    still holds legacy-encoded text. One such run alone stays ambiguous: left and reported."""
    runs: set[etree._Element] = set()  # the elements themselves: an id() may be reused
    paragraphs: set[etree._Element] = set()
    for root in t.text_parts():
        for run in root.iter(w("r")):
            if font_encoding(_font(t, run)) is None:
                continue
            raw = "".join(n.text or "" for n in run.iter(w("t")))
            if legacy_bytes(raw):
                return set()  # legacy-encoded (or mixed) text somewhere: nothing is stale
            runs.add(run)  # Unicode letters, or letters both encodings share ("CHUYÊN")
            if already_unicode(raw):
                paragraphs.add(next(run.iterancestors(w("p")), run))
    return runs if len(paragraphs) >= STALE_MIN_PARAGRAPHS else set()


def _legacy_styles(t: Target) -> list[Change]:
    """Fonts of styles and document defaults: a legacy font becomes Times New Roman (the runs
    that inherit it were converted above, or pinned to their font)."""
    out = []
    for name, root in t.live.parts.items():
        if root.tag != w("styles"):
            continue
        for fonts in root.iter(w("rFonts")):
            named = [fonts.get(w(s)) for s in ("ascii", "hAnsi", "cs", "eastAsia")]
            if any(font_encoding(f) for f in named if f):
                old = next(f for f in named if f and font_encoding(f))
                parent = fonts.getparent()
                assert parent is not None
                set_font(parent, TNR)
                t.touched.add(name)
                style = next(fonts.iterancestors(w("style")), None)
                where = style.get(w("styleId"), "") if style is not None else "docDefaults"
                out.append(Change("VB408", f"styles:{where}", old, TNR))
    return out


def nfc(t: Target) -> list[Change]:
    """VB404: decomposed Vietnamese (NFD) becomes precomposed (NFC)."""
    changed: dict[int, tuple[etree._Element, str]] = {}
    for root in t.text_parts():
        for node in root.iter(w("t")):
            value = node.text or ""
            if not unicodedata.is_normalized("NFC", value):
                p = next(node.iterancestors(w("p")), node)
                changed.setdefault(id(p), (p, spans.text(p)))
                node.text = unicodedata.normalize("NFC", value)
                t.edited(node)
    return [Change("VB404", t.location(p), old, spans.text(p)) for p, old in changed.values()]


_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def dates(t: Target) -> list[Change]:
    """VB301–VB303: "ngày 5 tháng 01 năm 2024" -> "ngày 05 tháng 01 năm 2024" (Decree 30: the day
    and the months 1 and 2 take a leading zero, the other months none)."""
    out = []
    for _, p in t.blocks():
        text = spans.text(p)
        for m in reversed(list(_DATE.finditer(text))):
            try:
                when = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue  # not a real date: VB304, for a person
            good = long_date(when)
            # a non-breaking space (docgen's render stage puts them in dates) is a space
            if " ".join(m.group(0).split()) == good:
                continue
            if spans.replace(p, m.start(), m.end(), good):
                code = "VB302" if m.group(1) != good.split()[1] else "VB303"
                out.append(Change(code, t.location(p), m.group(0), good))
                t.edited(p)
    return out


_AUTHORITY = re.compile(
    r"^(T\s*/\s*M|T\.M|TM|K\s*/\s*T|KT|T\s*/\s*L|TL|TUQ|Q)(?![^\W\d_])\s*[.:]?\s*(?=\S)"
)


def authority(t: Target) -> list[Change]:
    """VB112: "T/M." -> "TM.", "KT.CHỦ TỊCH" -> "KT. CHỦ TỊCH" (the lines the checker found)."""
    out = []
    for i in sorted(t.flagged(("VB112",))):
        p = t.live.elements[i]
        text = spans.text(p)
        for line_start, line in _lines(text):
            m = _AUTHORITY.match(line)
            if not m:
                continue
            key = re.sub(r"[\s/.]", "", m.group(1))
            good = key + ". "
            same = m.group(0).replace("\u00a0", " ") == good
            if not same and spans.replace(p, line_start, line_start + m.end(), good):
                out.append(Change("VB112", t.location(p), m.group(0).strip(), good.strip()))
                t.edited(p)
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _runs_in(p: etree._Element, start: int, end: int) -> list[etree._Element]:
    """The runs holding text between ``start`` and ``end`` of the paragraph's text."""
    found = []
    for run in own_runs(p):
        nodes = set(run.iter(w("t")))
        for piece in spans.pieces(p):
            if piece.node in nodes and piece.start < end and piece.end > start and piece.text:
                found.append(run)
                break
    return found


NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_NATIONAL_FOLD, _MOTTO_FOLD = _fold(NATIONAL), _fold(MOTTO)


def national(t: Target) -> list[Change]:
    """VB103, VB520, VB521: Quốc hiệu and Tiêu ngữ spelled as the decree writes them, bold,
    Quốc hiệu 12–13 pt (13), Tiêu ngữ 13–14 pt (14)."""
    out: list[Change] = []
    spell = bool(t.findings.get("VB103"))
    for _, p in t.blocks():
        text = spans.text(p)
        for start, line in reversed(_lines(text)):
            folded = _fold(line)
            if folded == _NATIONAL_FOLD or (spell and _close(folded, _NATIONAL_FOLD)):
                good, size, code = NATIONAL, (12.0, 13.0, 13.0), "VB520"
            elif folded == _MOTTO_FOLD or (spell and _close(folded, _MOTTO_FOLD)):
                good, size, code = MOTTO, (13.0, 14.0, 14.0), "VB521"
            else:
                continue
            stripped = line.strip()
            lead = len(line) - len(line.lstrip())
            end = start + lead + len(stripped)
            if spell and stripped != good and spans.replace(p, start + lead, end, good):
                out.append(Change("VB103", t.location(p), stripped, good))
                t.edited(p)
            if t.findings.get(code):
                out += _format_line(t, p, start, start + lead + len(good), size, code)
    return out


def _close(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _format_line(
    t: Target, p: etree._Element, start: int, end: int, size: tuple[float, float, float], code: str
) -> list[Change]:
    low, high, best = size
    changed = []
    for run in _runs_in(p, start, end):
        chain = _run_chain(t, run)
        if not t.live.styles.bold(chain):
            set_flag(run, "b")
            changed.append("in đậm")
        current = t.live.styles.size(chain) or 0
        if not low <= current <= high:
            set_size(run, best)
            changed.append(f"cỡ {current:g} → {best:g}")
    if changed:
        t.edited(p)
        return [
            Change(code, t.location(p), spans.text(p)[start:end], ", ".join(sorted(set(changed))))
        ]
    return []


# -- Nơi nhận --------------------------------------------------------------------------------
_LABEL = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n\s*:?", re.IGNORECASE)
_BULLET = re.compile(r"^\s*([-–—•+*]\s*)?")


def _recipient_lines(t: Target) -> tuple[tuple[etree._Element, int, str] | None, list]:
    """The "Nơi nhận:" label (paragraph, offset, line) and its items [(paragraph, offset, line)],
    in the same table cell (or run of body paragraphs), label and items possibly one paragraph
    with line breaks."""
    blocks = t.live.outline.blocks
    for i, b in enumerate(blocks):
        for start, line in _lines(b.text):
            if not _LABEL.match(line) or _fold(line).split()[:2] != ["noi", "nhan"]:
                continue
            p = t.live.elements[i]
            label = (p, start, line)
            items = [(p, s, ln) for s, ln in _lines(b.text) if s > start and ln.strip()]
            j = i + 1
            while j < len(blocks) and (
                blocks[j].where,
                blocks[j].table,
                blocks[j].row,
                blocks[j].col,
            ) == (b.where, b.table, b.row, b.col):
                nb = blocks[j]
                if not nb.text.strip():
                    if items:
                        break
                    j += 1
                    continue
                bullet = _BULLET.match(nb.text)
                if nb.where == "body" and not (bullet and bullet.group(1)):
                    break
                items += [(t.live.elements[j], s, ln) for s, ln in _lines(nb.text) if ln.strip()]
                j += 1
            return label, items
    return None, []


def recipients(t: Target) -> list[Change]:
    """VB202, VB204–VB206, VB527, VB528: "Nơi nhận:" written so, bold italic 12; each item starts
    with "- ", ends with ";", the last with "."; items 11 pt."""
    label, items = _recipient_lines(t)
    if label is None:
        return []
    out: list[Change] = []
    p, start, line = label
    m = _LABEL.match(line)
    assert m is not None
    if m.group(0).strip() != "Nơi nhận:" and spans.replace(p, start, start + m.end(), "Nơi nhận:"):
        out.append(Change("VB202", t.location(p), m.group(0).strip(), "Nơi nhận:"))
        t.edited(p)
    if t.findings.get("VB527"):
        for run in _runs_in(p, start, start + len("Nơi nhận:")):
            set_flag(run, "b")
            set_flag(run, "i")
            set_size(run, 12)
        out.append(Change("VB527", t.location(p), "Nơi nhận:", "in đậm, nghiêng, cỡ 12"))
        t.edited(p)
    # from the last item backwards, so that offsets in a shared paragraph stay valid
    for k in reversed(range(len(items))):
        ip, s, ln = items[k]
        # "- BTV Thành ủy<tab><tab>(Đã ký)": the signer's column laid out with tabs beside the
        # item is not part of it; the item's ";" goes before the tabs, not after "(Đã ký)".
        ln = ln.split("\t", 1)[0] if ln.split("\t", 1)[-1].strip() and "\t" in ln else ln
        text = ln.rstrip()
        end_mark = "." if k == len(items) - 1 else ";"
        body = re.sub(r"[\s.;,:]+$", "", text)
        if text != body + end_mark and spans.replace(ip, s + len(body), s + len(text), end_mark):
            code = "VB206" if end_mark == "." else "VB205"
            out.append(Change(code, t.location(ip), text[len(body) :] or "∅", end_mark))
            t.edited(ip)
        bullet = _BULLET.match(ln)
        assert bullet is not None
        if bullet.group(0) != "- " and ln.strip() and spans.replace(ip, s, s + bullet.end(), "- "):
            out.append(Change("VB204", t.location(ip), bullet.group(0) or "∅", "- "))
            t.edited(ip)
        if t.findings.get("VB528"):
            for run in _runs_in(ip, s, s + len(ln)):
                size = t.live.styles.size(_run_chain(t, run)) or 0
                if not 10.5 <= size <= 12:
                    set_size(run, 11)
                    out.append(Change("VB528", t.location(ip), f"cỡ {size:g}", "cỡ 11"))
                    t.edited(ip)
    return out


# -- page ------------------------------------------------------------------------------------
def _sections(t: Target) -> list[etree._Element]:
    doc = t.live.parts[t.live.main]
    body = doc.find(w("body"))
    assert body is not None
    return [s for s in body.iter(w("sectPr")) if s.getparent().tag in (w("pPr"), w("body"))]


def page(t: Target) -> list[Change]:
    """VB501, VB503: A4 paper; each margin the checker finds out of Decree 30's range (rules.yaml
    `layout.margins_mm`: top and bottom 20–25 mm, left 30–35, right 15–20) moved to the nearest
    edge of the range."""
    out = []
    landscape_ok = t.live.outline.tables > 0
    ranges = t.layout["margins_mm"]
    tol = t.layout["tolerance_mm"]
    for n, sect in enumerate(_sections(t), start=1):
        size = child(sect, "pgSz", SECT_ORDER)
        width, height = int(size.get(w("w"), "0") or 0), int(size.get(w("h"), "0") or 0)
        turned = size.get(w("orient")) == "landscape" or width > height
        landscape = turned and landscape_ok
        want = (16838, 11906) if landscape else (11906, 16838)
        if t.findings.get("VB501") and (abs(width - want[0]) > 20 or abs(height - want[1]) > 20):
            size.set(w("w"), str(want[0]))
            size.set(w("h"), str(want[1]))
            if not landscape:
                size.attrib.pop(w("orient"), None)
            out.append(
                Change("VB501", f"section {n}", f"{width / MM:.0f} × {height / MM:.0f} mm", "A4")
            )
        margins = child(sect, "pgMar", SECT_ORDER)
        for side, (low, high) in ranges.items():
            raw = margins.get(w(side))
            value = abs(int(raw)) / MM if raw and raw.lstrip("-").isdigit() else None
            # within the checker's tolerance a margin is accepted, and left as it is
            if value is None or low - tol <= value <= high + tol or not t.findings.get("VB503"):
                continue
            twips = math.ceil(low * MM) if value < low else math.floor(high * MM)
            margins.set(w(side), str(twips))
            out.append(
                Change("VB503", f"section {n}", f"lề {side} {value:.1f} mm", f"{twips / MM:.1f} mm")
            )
        if out:
            t.touched.add(t.live.main)
    return out


def fonts(t: Target) -> list[Change]:
    """VB504: Times New Roman in the styles, the document defaults and every run (symbol fonts
    and legacy fonts, which need converting first, are left)."""
    out: list[Change] = []
    for name, root in t.live.parts.items():
        if root.tag not in (w("styles"), w("document"), w("hdr"), w("ftr")):
            continue
        for rfonts in root.iter(w("rFonts")):
            named = {rfonts.get(w(s)) for s in ("ascii", "hAnsi")} - {None}
            themed = any(rfonts.get(w(s)) for s in ("asciiTheme", "hAnsiTheme"))
            if not themed and (not named or named == {TNR}):
                continue
            if any(f and (f.lower() in SYMBOL_FONTS or font_encoding(f)) for f in named):
                continue
            parent = rfonts.getparent()
            assert parent is not None
            set_font(parent, TNR)
            t.touched.add(name)
            where = (
                t.location(p)
                if (p := next(rfonts.iterancestors(w("p")), None)) is not None
                else name
            )
            out.append(
                Change("VB504", where, ", ".join(sorted(f for f in named if f)) or "theme", TNR)
            )
    # runs that set no font of their own inherit it: the defaults get one too
    for name, root in t.live.parts.items():
        if root.tag == w("styles"):
            defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
            if defaults is not None and defaults.find(w("rFonts")) is None:
                set_font(defaults, TNR)
                t.touched.add(name)
                out.append(Change("VB504", "styles:docDefaults", "∅", TNR))
    return out


def body_size(t: Target) -> list[Change]:
    """VB505: body paragraphs the checker found outside 13–14 pt are set to the nearer size."""
    out = []
    for i in sorted(t.flagged(("VB505",))):
        p = t.live.elements[i]
        for run in own_runs(p):
            size = t.live.styles.size(_run_chain(t, run)) or 0
            if size and not 13 <= size <= 14:
                set_size(run, 13 if size < 13 else 14)
                out.append(
                    Change("VB505", t.location(p), f"cỡ {size:g}", f"cỡ {13 if size < 13 else 14}")
                )
                t.edited(p)
    return out


_HEADER = (
    '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
    'w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>'
    '<w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _add_page_header(t: Target) -> str | None:
    """A new default header holding a centred PAGE field (13 pt), for a document with none."""
    rels_name = t.live.main.replace("word/", "word/_rels/") + ".rels"
    rels = t.live.parts.get(rels_name)
    if rels is None:
        return None
    n = 1
    while f"word/header{n}.xml" in t.live.members | set(t.new_parts):
        n += 1
    name = f"word/header{n}.xml"
    ids = {r.get("Id") for r in rels}
    rid = next(f"rIdDocgen{k}" for k in range(1, 1000) if f"rIdDocgen{k}" not in ids)
    rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", HEADER_TYPE)
    rel.set("Target", f"header{n}.xml")
    t.touched.add(rels_name)
    t.new_parts[name] = _HEADER.encode()
    t.content_types[f"/{name}"] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    )
    return rid


def page_numbers(t: Target) -> list[Change]:
    """VB506: a centred page number at the top from page 2 where there is none; VB507: no
    number on the first page ("trang đầu khác"); VB508: the number centred, 13 pt."""
    out = []
    if t.findings.get("VB506"):
        sections = _sections(t)
        if sections and all(s.find(w("headerReference")) is None for s in sections):
            rid = _add_page_header(t)
            if rid is not None:
                for sect in sections:
                    ref = etree.Element(w("headerReference"))
                    ref.set(w("type"), "default")
                    ref.set(f"{{{REL}}}id", rid)
                    sect.insert(0, ref)
                    child(sect, "titlePg", SECT_ORDER)
                t.touched.add(t.live.main)
                out.append(Change("VB506", "header", "∅", "số trang giữa lề trên, từ trang 2"))
    if t.findings.get("VB507"):
        for n, sect in enumerate(_sections(t), start=1):
            if sect.find(w("titlePg")) is None:
                child(sect, "titlePg", SECT_ORDER)
                t.touched.add(t.live.main)
                out.append(Change("VB507", f"section {n}", "số trang ở trang 1", "trang đầu khác"))
    if t.findings.get("VB508"):
        for name, root in t.live.parts.items():
            if root.tag != w("hdr"):
                continue
            for p in root.iter(w("p")):
                instr = " ".join(x.text or "" for x in p.iter(w("instrText")))
                simple = [f.get(w("instr"), "") for f in p.iter(w("fldSimple"))]
                if "PAGE" not in (instr + " ".join(simple)).upper():
                    continue
                jc = child(ppr(p), "jc", PPR_ORDER)
                if jc.get(w("val")) != "center":
                    jc.set(w("val"), "center")
                    out.append(Change("VB508", name, "lề", "giữa"))
                for run in p.iter(w("r")):
                    size = t.live.styles.size(_run_chain(t, run)) or 0
                    if not 13 <= size <= 14:
                        set_size(run, 13)
                t.touched.add(name)
    return out


@dataclass(frozen=True)
class Group:
    name: str
    codes: tuple[str, ...]
    repair: Repair
    reveals: bool = False  # may reveal findings the unreadable text hid (legacy encodings)


REPAIRS: tuple[Group, ...] = (
    Group("legacy", ("VB406", "VB407", "VB408", "VB409"), legacy, reveals=True),
    Group("nfc", ("VB404",), nfc),
    Group("national", ("VB103", "VB520", "VB521"), national),
    Group("dates", ("VB301", "VB302", "VB303"), dates),
    Group("recipients", ("VB202", "VB204", "VB205", "VB206", "VB527", "VB528"), recipients),
    Group("authority", ("VB112",), authority),
    Group("page", ("VB501", "VB503"), page),
    Group("fonts", ("VB504",), fonts),
    Group("body-size", ("VB505",), body_size),
    Group("page-numbers", ("VB506", "VB507", "VB508"), page_numbers),
)
FIXABLE = {code for g in REPAIRS for code in g.codes}
