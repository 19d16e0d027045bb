"""Word style inheritance for the docx reader: run -> character style -> paragraph style chain
-> ``w:docDefaults``; a theme font (``w:asciiTheme``…) overrides a named font on the same element
and is resolved through the document theme (``a:minorFont``/``a:majorFont``)."""

from __future__ import annotations

from functools import cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(w("val"), "true") not in ("0", "false", "off")


class Styles:
    """Style inheritance for fonts, sizes, bold, italic and caps."""

    def __init__(self, root: etree._Element | None, theme: dict[str, str]) -> None:
        self.theme = theme
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.defaults: etree._Element | None = None
        self.cache: dict[tuple[str | None, str | None], list[etree._Element]] = {}
        self.ppr_cache: dict[str | None, list[etree._Element]] = {}
        if root is None:
            return
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"), "")
            self.by_id[sid] = st
            if (
                st.get(w("type")) == "paragraph"
                and on(st)
                and st.get(w("default")) in ("1", "true")
            ):
                self.default_para = sid
        self.defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")

    def name(self, sid: str | None) -> str:
        st = self.by_id.get(sid or self.default_para or "")
        el = st.find(w("name")) if st is not None else None
        return el.get(w("val"), "") if el is not None else (sid or "")

    def _chain(self, sid: str | None, tag: str) -> list[etree._Element]:
        out, seen = [], set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            el = st.find(w(tag))
            if el is not None:
                out.append(el)
            based = st.find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return out

    def rpr_chain(self, pstyle: str | None, rstyle: str | None) -> list[etree._Element]:
        key = (pstyle, rstyle)
        if key not in self.cache:
            chain = self._chain(rstyle, "rPr") + self._chain(pstyle or self.default_para, "rPr")
            if self.defaults is not None:
                chain.append(self.defaults)
            self.cache[key] = chain
        return self.cache[key]

    def ppr_chain(self, pstyle: str | None) -> list[etree._Element]:
        if pstyle not in self.ppr_cache:
            self.ppr_cache[pstyle] = self._chain(pstyle or self.default_para, "pPr")
        return self.ppr_cache[pstyle]

    def font(self, chain: list[etree._Element], slot: str) -> str | None:
        for rpr in chain:
            rf = rpr.find(w("rFonts"))
            if rf is None:
                continue
            theme = rf.get(w(slot + "Theme") if slot != "cs" else w("cstheme"))
            if theme:
                return self.theme.get(theme, theme)
            if rf.get(w(slot)):
                return rf.get(w(slot))
        return None

    @staticmethod
    def size(chain: list[etree._Element]) -> float | None:
        for rpr in chain:
            sz = rpr.find(w("sz"))
            if sz is not None and sz.get(w("val"), "").isdigit():
                return int(sz.get(w("val"))) / 2
        return 10.0  # Word's built-in default when nothing sets a size

    @staticmethod
    def flag(chain: list[etree._Element], tag: str) -> bool:
        """A on/off property (``b``, ``i``, ``caps``): the nearest element that sets it wins."""
        for rpr in chain:
            b = on(rpr.find(w(tag)))
            if b is not None:
                return b
        return False

    @staticmethod
    def bold(chain: list[etree._Element]) -> bool:
        return Styles.flag(chain, "b")
