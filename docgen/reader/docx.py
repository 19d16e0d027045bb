"""A .docx (any producer: Word, LibreOffice, docgen) -> ``DocOutline``.

Reads the package XML directly with lxml, so that text boxes, content controls, tracked
insertions and headers/footers are seen in document order, and so that fonts are resolved the
way Word does: run -> character style -> paragraph style chain -> ``w:docDefaults``, with a
theme font (``w:asciiTheme``…) overriding a named font on the same element.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from docgen import limits
from docgen.reader.outline import Block, DocOutline, PageSetup, RunFacts, Unreadable
from docgen.reader.styles import Styles, on, w

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


SKIP = {
    w("txbxContent"),
    w("del"),
    w("delText"),
    w("instrText"),
    f"{{{MC}}}Fallback",
    w("rPr"),
    w("pPr"),
    w("moveFrom"),
}
SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
# the direct formatting RunFacts reads
_FACT_TAGS = {w("rFonts"), w("sz"), w("b"), w("i"), w("caps")}
TWIP_MM = 1440 / 25.4


def _parse(z: zipfile.ZipFile, name: str) -> etree._Element | None:
    cache = _CACHE.setdefault(id(z), {})
    if name not in cache:
        cache[name] = _parse_part(z, name)
    return cache[name]


_CACHE: dict[int, dict[str, etree._Element | None]] = {}


def _parse_part(z: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        data = z.read(name)
    except KeyError:
        return None
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as exc:
        raise Unreadable(
            f"phần {name} của tệp bị hỏng ({exc})", f"part {name} of the file is damaged ({exc})"
        ) from None
    try:
        return limits.xml(data, name)
    except limits.Refused as exc:
        raise Unreadable(exc.vi, exc.en) from None
    except etree.XMLSyntaxError as exc:
        raise Unreadable(
            f"phần {name} của tệp bị hỏng ({exc})", f"part {name} of the file is damaged ({exc})"
        ) from None


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, base = posixpath.split(part)
    root = _parse(z, posixpath.join(folder, "_rels", base + ".rels"))
    out = {}
    if root is not None:
        for rel in root.iter(f"{{{PKG}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            out[rel.get("Id", "")] = target
    return out


def _theme_fonts(z: zipfile.ZipFile, doc_part: str) -> dict[str, str]:
    target = next((t for t in _rels(z, doc_part).values() if "theme" in t), "word/theme/theme1.xml")
    root = _parse(z, target)
    out: dict[str, str] = {}
    if root is None:
        return out
    for kind in ("major", "minor"):
        font = root.find(f".//{{{A}}}{kind}Font")
        if font is None:
            continue
        for tag, names in (("latin", ("HAnsi", "Ascii")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            el = font.find(f"{{{A}}}{tag}")
            if el is not None:
                for n in names:
                    out[kind + n] = el.get("typeface", "") or f"({kind} theme font)"
    return out


class _Reader:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        # Runs repeat the same few formattings: resolve each (styles, direct formatting) once.
        self._facts_cache: dict[tuple[object, ...], tuple[Any, ...]] = {}
        self.blocks: list[Block] = []
        self.elements: list[etree._Element] = []  # the w:p of each block, for docgen fix
        self.n_body = self.n_table = self.n_box = 0

    # -- text and runs of one paragraph ------------------------------------------------------
    def _walk(self, el: etree._Element, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIP or not isinstance(tag, str):
                continue
            if tag == w("t"):
                out.append(child.text or "")
            elif tag == w("tab"):
                out.append("\t")
            elif tag in (w("br"), w("cr")):
                out.append("\n")
            elif tag == w("noBreakHyphen"):
                out.append("-")
            else:
                self._walk(child, out)

    def paragraph(
        self,
        p: etree._Element,
        where: str,
        location: str,
        table: int = 0,
        row: int = 0,
        col: int = 0,
    ) -> None:
        ppr = p.find(w("pPr"))
        ps = ppr.find(w("pStyle")) if ppr is not None else None
        pstyle = ps.get(w("val")) if ps is not None else None
        runs = []
        text: list[str] = []
        offset = 0
        for r in p.iter(w("r")):
            if _skipped(r, p):
                continue
            parts: list[str] = []
            self._walk(r, parts)
            t = "".join(parts)
            text.append(t)
            if t.strip():
                runs.append(self._facts(r, pstyle, t, offset + len(t) - len(t.lstrip())))
            offset += len(t)
        jc = ppr.find(w("jc")) if ppr is not None else None
        if jc is None:
            for sp in self.styles.ppr_chain(pstyle):
                if sp.find(w("jc")) is not None:
                    jc = sp.find(w("jc"))
                    break
        self.blocks.append(
            Block(
                index=len(self.blocks),
                where=where,
                location=location,
                text="".join(text),
                style=self.styles.name(pstyle),
                table=table,
                row=row,
                col=col,
                runs=tuple(runs),
                align=jc.get(w("val")) if jc is not None else None,
            )
        )
        self.elements.append(p)
        for box in _text_boxes(p):
            self.n_box += 1
            for bp in box.iter(w("p")):
                if _inside(bp, box, w("txbxContent")):
                    continue
                self.paragraph(bp, "textbox", f"textbox{self.n_box}")

    def _facts(self, r: etree._Element, pstyle: str | None, text: str, start: int = 0) -> RunFacts:
        rpr = r.find(w("rPr"))
        rs = rpr.find(w("rStyle")) if rpr is not None else None
        rstyle = rs.get(w("val")) if rs is not None else None
        direct: tuple[object, ...] = ()
        if rpr is not None:
            direct = tuple(
                (el.tag, tuple(sorted(el.attrib.items()))) for el in rpr if el.tag in _FACT_TAGS
            )
        key = (pstyle, rstyle, direct)
        facts = self._facts_cache.get(key)
        if facts is None:
            chain = self.styles.rpr_chain(pstyle, rstyle)
            if direct:
                chain = [rpr, *chain]
            fonts = tuple(self.styles.font(chain, s) for s in ("ascii", "hAnsi"))
            every = tuple(f for s in SLOTS if (f := self.styles.font(chain, s)))
            flag = self.styles.flag
            facts = (
                fonts,
                every,
                self.styles.size(chain),
                flag(chain, "b"),
                flag(chain, "i"),
                flag(chain, "caps"),
            )
            self._facts_cache[key] = facts
        fonts, every, size, bold, italic, caps = facts
        return RunFacts(
            chars=len(text.strip()),
            fonts=fonts,
            all_fonts=every,
            size_pt=size,
            bold=bold,
            italic=italic,
            caps=caps,
            start=start,
        )

    # -- containers ----------------------------------------------------------------------------
    def container(
        self, el: etree._Element, where: str, cell: tuple[int, int, int] | None = None
    ) -> None:
        for child in el:
            if child.tag == w("p"):
                if cell:
                    t, r, c = cell
                    self.paragraph(child, "cell", f"T{t}R{r}C{c}", t, r, c)
                elif where == "body":
                    self.n_body += 1
                    self.paragraph(child, "body", f"¶{self.n_body}")
                else:
                    self.paragraph(child, where, where)
            elif child.tag == w("tbl"):
                self.table(child, where)
            elif child.tag in (w("sdt"), w("customXml"), w("sdtContent"), w("ins")):
                self.container(
                    child.find(w("sdtContent")) if child.tag == w("sdt") else child, where, cell
                )

    def table(self, tbl: etree._Element, where: str) -> None:
        self.n_table += 1
        t = self.n_table
        for r, tr in enumerate(tbl.iterfind(w("tr")), start=1):
            col = 1
            for tc in tr.iter(w("tc")):
                if tc.getparent() is not tr and tc.getparent().tag != w("sdtContent"):
                    continue
                self.container(tc, where, (t, r, col))
                span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
                col += int(span.get(w("val"), "1")) if span is not None else 1


def _skipped(r: etree._Element, p: etree._Element) -> bool:
    """True for a run in a text box, a deletion or an mc:Fallback copy below paragraph ``p``."""
    for a in r.iterancestors():
        if a is p:
            return False
        if a.tag in SKIP:
            return True
    return False


def own_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of paragraph ``p`` itself, in order (not those of its text boxes or deletions)."""
    return [r for r in p.iter(w("r")) if not _skipped(r, p)]


def _inside(el: etree._Element, top: etree._Element, tag: str | None = None) -> bool:
    """True when ``el`` sits in a text box (or mc:Fallback) nested below ``top``."""
    for a in el.iterancestors():
        if a is top:
            return False
        if a.tag == (tag or w("txbxContent")) or a.tag == f"{{{MC}}}Fallback":
            return True
    return False


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    return [b for b in p.iter(w("txbxContent")) if not _inside(b, p)]


def _mm(v: str | None) -> float:
    try:
        return abs(int(float(v or 0))) / TWIP_MM
    except ValueError:
        return 0.0


PAGE_RE = re.compile(r"\bPAGE\b")


def _page_field(
    root: etree._Element | None, styles: Styles
) -> tuple[bool, str | None, float | None]:
    """Does a header/footer part show a PAGE field; with its alignment and size."""
    if root is None:
        return False, None, None
    for p in root.iter(w("p")):
        instr = " ".join((i.text or "") for i in p.iter(w("instrText")))
        instr += " ".join(f.get(w("instr"), "") for f in p.iter(w("fldSimple")))
        if PAGE_RE.search(instr.upper()):
            reader = _Reader(styles)
            reader.paragraph(p, "header", "header")
            b = reader.blocks[0]
            align = b.align if b.align == "center" else (_tab_align(p, styles) or b.align)
            run = next(iter(p.iter(w("r"))), None)
            size = reader._facts(run, None, "1").size_pt if run is not None else None
            ps = p.find(f"{w('pPr')}/{w('pStyle')}")
            if ps is not None and run is not None:
                size = reader._facts(run, ps.get(w("val")), "1").size_pt
            return True, align, size
    return False, None, None


def _tab_align(p: etree._Element, styles: Styles) -> str | None:
    """ "center" when the PAGE field stands at a centre tab stop (older Word files put
    "<tab><tab>PAGE" in a left-aligned header whose style has centre and right stops)."""
    tabs = 0
    for el in p.iter(w("tab"), w("fldChar"), w("fldSimple")):
        if el.tag == w("tab") and el.getparent() is not None and el.getparent().tag == w("r"):
            tabs += 1
        elif el.tag != w("tab"):
            break
    if not tabs:
        return None
    ppr = p.find(w("pPr"))
    ps = ppr.find(w("pStyle")) if ppr is not None else None
    chain = [ppr] if ppr is not None else []
    chain += styles.ppr_chain(ps.get(w("val")) if ps is not None else None)
    stops: dict[int, str] = {}
    for el in reversed(chain):  # the paragraph's own stops override its style's
        for t in el.iterfind(f"{w('tabs')}/{w('tab')}"):
            pos = int(t.get(w("pos"), "0") or 0)
            if t.get(w("val")) == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = t.get(w("val"), "left")
    ordered = [stops[k] for k in sorted(stops)]
    return ordered[tabs - 1] if tabs <= len(ordered) else None


def read_docx(path: Path) -> DocOutline:
    return read_docx_live(path).outline


@dataclass
class LiveDocx:
    """A read .docx with its parsed parts kept: ``elements[i]`` is the ``w:p`` of block ``i``,
    ``parts`` maps each parsed part name to its root, ``styles`` resolves inheritance. Editing the
    elements edits ``parts`` (docgen fix writes them back)."""

    outline: DocOutline
    elements: list[etree._Element]
    parts: dict[str, etree._Element]
    styles: Styles
    main: str
    members: frozenset[str] = frozenset()  # every member name of the package


def read_docx_live(path: Path) -> LiveDocx:
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise Unreadable(
            f"không mở được tệp .docx ({exc})", f"cannot open the .docx ({exc})"
        ) from None
    try:
        limits.check_zip(z)
        return _read(z, path)
    except limits.Refused as exc:
        raise Unreadable(exc.vi, exc.en) from None
    finally:
        _CACHE.pop(id(z), None)
        z.close()


def _read(z: zipfile.ZipFile, path: Path) -> LiveDocx:
    main = next(
        (t for t in _rels(z, ".rels").values() if t.endswith(".xml") and "document" in t.lower()),
        "word/document.xml",
    )
    doc = _parse(z, main)
    if doc is None or doc.find(w("body")) is None:
        raise Unreadable(
            "tệp zip không chứa văn bản Word (thiếu word/document.xml)",
            "the zip holds no Word document (word/document.xml is missing)",
        )
    rels = _rels(z, main)
    styles_part = next((t for t in rels.values() if t.endswith("styles.xml")), "word/styles.xml")
    styles = Styles(_parse(z, styles_part), _theme_fonts(z, main))
    reader = _Reader(styles)
    body = doc.find(w("body"))
    sect_prs = [s for s in body.iter(w("sectPr")) if s.getparent().tag in (w("pPr"), w("body"))]
    parts_seen: set[str] = set()
    for kind in ("header", "footer"):
        for sp in sect_prs:
            for ref in sp.iterfind(w(f"{kind}Reference")):
                target = rels.get(ref.get(f"{{{R}}}id", ""))
                if not target or target in parts_seen:
                    continue
                parts_seen.add(target)
                label = (
                    kind
                    if ref.get(w("type")) in (None, "default")
                    else f"{kind}({ref.get(w('type'))})"
                )
                root = _parse(z, target)
                if root is not None and kind == "header":
                    reader.container(root, label)
    reader.container(body, "body")
    footer_blocks = _Reader(styles)
    footer_blocks.n_table = reader.n_table
    sections = []
    prev: dict[str, tuple[bool, str | None, float | None]] = {}
    for sp in sect_prs:
        fields = dict(prev)
        for kind in ("header", "footer"):
            for ref in sp.iterfind(w(f"{kind}Reference")):
                typ = ref.get(w("type"), "default")
                target = rels.get(ref.get(f"{{{R}}}id", ""))
                root = _parse(z, target) if target else None
                fields[f"{kind}:{typ}"] = _page_field(root, styles)
                if kind == "footer" and target and root is not None and typ == "default":
                    footer_blocks.container(root, "footer")
        prev = fields
        sz, mar = sp.find(w("pgSz")), sp.find(w("pgMar"))
        default = next(
            (
                k.split(":")[0]
                for k in ("header:default", "footer:default")
                if fields.get(k, (False,))[0]
            ),
            None,
        )
        facts = fields.get(f"{default}:default", (False, None, None))
        sections.append(
            PageSetup(
                width_mm=_mm(sz.get(w("w")) if sz is not None else "11906"),
                height_mm=_mm(sz.get(w("h")) if sz is not None else "16838"),
                margins_mm={
                    k: _mm(mar.get(w(k))) if mar is not None else 25.4
                    for k in ("top", "bottom", "left", "right")
                },
                title_pg=bool(on(sp.find(w("titlePg")))),
                page_field_default=default,
                page_field_first=any(
                    fields.get(f"{k}:first", (False,))[0] for k in ("header", "footer")
                ),
                page_field_align=facts[1],
                page_field_size_pt=facts[2],
            )
        )
    blocks = reader.blocks + [
        Block(
            index=len(reader.blocks) + i,
            where="footer",
            location="footer",
            text=b.text,
            style=b.style,
            runs=b.runs,
            align=b.align,
        )
        for i, b in enumerate(footer_blocks.blocks)
    ]
    outline = DocOutline(
        path=path,
        source="docx",
        blocks=tuple(blocks),
        sections=tuple(sections),
        tables=reader.n_table,
    )
    parts = {name: root for name, root in _CACHE.get(id(z), {}).items() if root is not None}
    return LiveDocx(
        outline,
        reader.elements + footer_blocks.elements,
        parts,
        styles,
        main,
        frozenset(z.namelist()),
    )
