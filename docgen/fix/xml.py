"""Small WordprocessingML edits with the schema's child order respected (Word refuses a
document whose ``w:rPr`` children are out of order)."""

from __future__ import annotations

from lxml import etree

from docgen.reader.styles import w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# CT_RPr, CT_PPr and CT_SectPr child order (ECMA-376 part 1, 17.3.2.28, 17.3.1.26, 17.6.17)
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
SECT_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def child(parent: etree._Element, name: str, order: list[str]) -> etree._Element:
    """The ``w:name`` child of ``parent``, created at its schema position when absent."""
    found = parent.find(w(name))
    if found is not None:
        return found
    new = etree.Element(w(name))
    rank = order.index(name)
    for i, existing in enumerate(parent):
        local = etree.QName(existing).localname if isinstance(existing.tag, str) else ""
        if local in order and order.index(local) > rank:
            parent.insert(i, new)
            return new
    parent.append(new)
    return new


def rpr(run: etree._Element) -> etree._Element:
    found = run.find(w("rPr"))
    if found is None:
        found = etree.Element(w("rPr"))
        run.insert(0, found)
    return found


def ppr(p: etree._Element) -> etree._Element:
    found = p.find(w("pPr"))
    if found is None:
        found = etree.Element(w("pPr"))
        p.insert(0, found)
    return found


def set_flag(run: etree._Element, name: str, value: bool = True) -> None:
    """Bold, italic…: an explicit on/off on the run (``w:b`` and its complex-script twin)."""
    props = rpr(run)
    for tag in (name, name + "Cs") if name in ("b", "i") else (name,):
        el = child(props, tag, RPR_ORDER)
        if value:
            el.attrib.pop(w("val"), None)
        else:
            el.set(w("val"), "0")


def set_size(run: etree._Element, points: float) -> None:
    props = rpr(run)
    for tag in ("sz", "szCs"):
        child(props, tag, RPR_ORDER).set(w("val"), str(round(points * 2)))


def set_font(run_or_rpr: etree._Element, font: str) -> None:
    """Name ``font`` in every slot and drop theme fonts, which would override it."""
    props = run_or_rpr if run_or_rpr.tag == w("rPr") else rpr(run_or_rpr)
    fonts = child(props, "rFonts", RPR_ORDER)
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(w(slot), font)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(w(theme), None)
