"""VB5xx: page layout (PL I, mục I): A4, margins, Times New Roman, body size, page numbers; PDF
page size and fonts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.rules import Ctx, Hit, rule
from docgen.vi.match import fold

MARGIN_NAMES = {
    "top": ("trên", "top"),
    "bottom": ("dưới", "bottom"),
    "left": ("trái", "left"),
    "right": ("phải", "right"),
}


def _a4(w: float, h: float, tol: float, page: list[float]) -> str | None:
    short, long_ = page
    if abs(w - short) <= tol and abs(h - long_) <= tol:
        return "portrait"
    if abs(w - long_) <= tol and abs(h - short) <= tol:
        return "landscape"
    return None


def _loc(ctx: Ctx, i: int) -> str:
    """Page set-up belongs to a Word section (Layout > Page Setup), not to a paragraph."""
    return f"section{i}"


@rule(
    "VB501",
    "error",
    "Khổ giấy không phải A4 (210 × 297 mm)",
    "Paper size is not A4 (210 × 297 mm)",
    "Khổ giấy {w:.0f} × {h:.0f} mm, cần A4 (210 × 297 mm)",
    "Paper is {w:.0f} × {h:.0f} mm, A4 (210 × 297 mm) is required",
    sources=("docx",),
)
def paper(ctx: Ctx) -> Iterator[Hit]:
    lay = ctx.data["layout"]
    for i, s in enumerate(ctx.st.outline.sections, start=1):
        if not _a4(s.width_mm, s.height_mm, lay["page_tolerance_mm"], lay["page_mm"]):
            yield Hit(_loc(ctx, i), {"w": s.width_mm, "h": s.height_mm})


def _data_table(ctx: Ctx) -> bool:
    """A table with 3 rows or more (the header and signature tables have 1-2)."""
    return any(b.row >= 3 for b in ctx.st.outline.blocks)


@rule(
    "VB502",
    "warning",
    "Trang nằm ngang nhưng văn bản không có bảng",
    "Landscape page but the document has no table",
    sources=("docx",),
)
def landscape(ctx: Ctx) -> Iterator[Hit]:
    lay = ctx.data["layout"]
    for i, s in enumerate(ctx.st.outline.sections, start=1):
        if _a4(
            s.width_mm, s.height_mm, lay["page_tolerance_mm"], lay["page_mm"]
        ) == "landscape" and not _data_table(ctx):
            yield Hit(_loc(ctx, i))


@rule(
    "VB503",
    "error",
    "Lề trang ngoài khoảng quy định (trên, dưới 20-25 mm; trái 30-35; phải 15-20)",
    "Page margin out of range (top/bottom 20-25 mm, left 30-35, right 15-20)",
    "Lề {side} {value_vi} mm, cần {lo}-{hi} mm",
    "{side_en} margin {value:.1f} mm, expected {lo}-{hi} mm",
    sources=("docx",),
)
def margins(ctx: Ctx) -> Iterator[Hit]:
    lay = ctx.data["layout"]
    tol = lay["tolerance_mm"]
    for i, s in enumerate(ctx.st.outline.sections, start=1):
        for side, (lo, hi) in lay["margins_mm"].items():
            v = s.margins_mm.get(side, 0)
            if not lo - tol <= v <= hi + tol:
                vi, en = MARGIN_NAMES.get(side, (side, side))
                yield Hit(
                    _loc(ctx, i),
                    {
                        "side": vi,
                        "side_en": en,
                        "value": v,
                        "value_vi": f"{v:.1f}".replace(".", ","),
                        "lo": lo,
                        "hi": hi,
                    },
                )


@rule(
    "VB504",
    "error",
    "Phông chữ không phải Times New Roman",
    "Font is not Times New Roman",
    'Phông "{font}" (cần Times New Roman) trong "{found}"',
    'Font "{font}" (Times New Roman required) in "{found}"',
    sources=("docx",),
)
def font(ctx: Ctx) -> Iterator[Hit]:
    allowed = {f.lower() for f in ctx.data["layout"]["fonts"]}
    seen: set[str] = set()
    for b in ctx.st.outline.blocks:
        for r in b.runs:
            if not any(c.isalpha() for c in b.text[r.start : r.start + r.chars]):
                continue  # a page number or a dash: digits look the same in any font
            for f in r.fonts:
                name = f or "(mặc định của Word / Word default)"
                if not _allowed_font(f, allowed) and name not in seen:
                    seen.add(name)
                    yield Hit(
                        b.location, {"font": name, "found": b.text.strip()[:40]}, b.text[:120]
                    )


@rule(
    "VB505",
    "error",
    "Cỡ chữ phần nội dung ngoài khoảng 13-14",
    "Body text size outside 13-14 pt",
    "Cỡ chữ nội dung là {size:g} pt, cần {lo}-{hi} pt",
    "Body text is {size:g} pt, expected {lo}-{hi} pt",
    sources=("docx",),
)
def body_size(ctx: Ctx) -> Iterator[Hit]:
    lo, hi = ctx.data["layout"]["body_size_pt"]
    weights: dict[float, int] = {}
    first: dict[float, str] = {}
    skip = {
        id(ln.block) for ln in ctx.st.subject + ([ctx.st.type_line] if ctx.st.type_line else [])
    }
    for ln in ctx.st.body:
        b = ln.block
        if b.where != "body" or id(b) in skip:
            continue
        for r in b.runs:
            if r.size_pt is not None:
                weights[r.size_pt] = weights.get(r.size_pt, 0) + r.chars
                first.setdefault(r.size_pt, b.location)
    # A form or summary table may hold only a line or two of body text: too little to judge.
    if sum(weights.values()) >= 200:
        size = max(weights, key=lambda k: weights[k])
        if not lo <= size <= hi:
            yield Hit(first[size], {"size": size, "lo": lo, "hi": hi})


PAGE_LINES = 50  # printed lines on one A4 page at 13-14 pt, header and signature included


def _long(ctx: Ctx) -> bool:
    """More than one page, estimated: each paragraph takes a line per 85 characters (40 in a
    table cell)."""
    lines = 0
    for b in ctx.st.outline.blocks:
        if b.where in ("body", "cell"):
            lines += max(1, -(-len(b.text) // (40 if b.table else 85)))
    return lines > PAGE_LINES


@rule(
    "VB506",
    "warning",
    "Không có số trang (trường PAGE) cho văn bản nhiều trang",
    "No page number (PAGE field) in a multi-page document",
    sources=("docx",),
)
def page_number(ctx: Ctx) -> Iterator[Hit]:
    secs = ctx.st.outline.sections
    if secs and _long(ctx) and not any(s.page_field_default for s in secs):
        yield Hit("header")


@rule(
    "VB507",
    "warning",
    'Số trang hiện ở trang đầu (cần "trang đầu khác", không đánh số trang 1)',
    "Page number shown on page 1 (set a different first page)",
    sources=("docx",),
)
def first_page(ctx: Ctx) -> Iterator[Hit]:
    for s in ctx.st.outline.sections[:1]:
        if (s.page_field_default and not s.title_pg) or (s.title_pg and s.page_field_first):
            yield Hit("header")


@rule(
    "VB508",
    "warning",
    "Số trang không ở giữa lề trên hoặc cỡ chữ ngoài 13-14",
    "Page number not centred in the top margin, or its size is outside 13-14 pt",
    "Số trang: {detail}",
    "Page number: {detail_en}",
    sources=("docx",),
)
def page_number_place(ctx: Ctx) -> Iterator[Hit]:
    lo, hi = ctx.data["layout"]["page_number_size_pt"]
    for s in ctx.st.outline.sections[:1]:
        if not s.page_field_default:
            continue
        detail = []
        if s.page_field_default != "header":
            detail.append(("đặt ở chân trang, cần ở lề trên", "in the footer, expected the header"))
        if s.page_field_align != "center":
            detail.append(("không căn giữa, cần căn giữa", "not centred, expected centred"))
        if s.page_field_size_pt and not lo <= s.page_field_size_pt <= hi:
            size = s.page_field_size_pt
            detail.append(
                (
                    f"cỡ {size:g} pt, cần {lo}–{hi} pt".replace(".", ","),
                    f"size {size:g} pt, expected {lo}–{hi} pt",
                )
            )
        if detail:
            yield Hit(
                s.page_field_default,
                {
                    "detail": "; ".join(d[0] for d in detail),
                    "detail_en": "; ".join(d[1] for d in detail),
                },
            )


@rule(
    "VB511",
    "error",
    "Trang PDF không phải khổ A4",
    "PDF page is not A4",
    "Trang {page}: {w:.0f} × {h:.0f} mm, cần A4",
    "Page {page}: {w:.0f} × {h:.0f} mm, A4 required",
    sources=("pdf",),
)
def pdf_paper(ctx: Ctx) -> Iterator[Hit]:
    """A scan's page is the scanner's, a few millimetres off A4: on a PDF without a reliable
    text layer only another standard paper (Letter, Legal, A3, A5) is reported."""
    from docgen.check.quality import unreliable

    lay = ctx.data["layout"]
    scan = unreliable(ctx.st.outline) is not None
    for i, (w, h) in enumerate(ctx.st.outline.pdf_pages, start=1):
        if _a4(w, h, lay["page_tolerance_mm"], lay["page_mm"]):
            continue
        if scan and not any(_a4(w, h, 2, list(size)) for size in OTHER_PAPERS):
            continue
        yield Hit(f"{i}:1", {"page": i, "w": w, "h": h})


# A subset font named only by its resource ("CIDFont+F1", "F2"): its family is unknown.
ANONYMOUS_FONT = re.compile(r"^(?:CIDFont\+)?F\d+$")
OTHER_PAPERS = ((215.9, 279.4), (215.9, 355.6))  # Letter, Legal: a printer driver's default


@rule(
    "VB512",
    "error",
    "Phông chữ không được nhúng vào PDF",
    "Font not embedded in the PDF",
    'Phông "{font}" không được nhúng (trang {page})',
    'Font "{font}" is not embedded (page {page})',
    sources=("pdf",),
    default_on=False,  # not a Decree 30 requirement: docgen's profile (and --select) only
)
def pdf_embedded(ctx: Ctx) -> Iterator[Hit]:
    for f in ctx.st.outline.pdf_fonts:
        if not f.embedded:
            yield Hit(f"{f.page}:1", {"font": f.name, "page": f.page})


@rule(
    "VB513",
    "warning",
    "PDF dùng phông khác Times New Roman",
    "PDF uses a font other than Times New Roman",
    'Phông "{font}" (trang {page}) không phải Times New Roman hay phông tương đương',
    'Font "{font}" (page {page}) is not Times New Roman or a metric-compatible substitute',
    sources=("pdf",),
)
def pdf_font(ctx: Ctx) -> Iterator[Hit]:
    """Only when no Times New Roman (or substitute) is used at all: a signed PDF's signature
    box and stamps are set in Arial or Helvetica beside a Times New Roman text."""
    allowed = [fold(f).replace(" ", "") for f in ctx.data["layout"]["pdf_fonts"]]

    def times(name: str) -> bool:
        base = fold(name.split(",")[0].split("-")[0]).replace(" ", "")
        return any(base.startswith(a) or a.startswith(base) and len(base) > 4 for a in allowed)

    from docgen.check.quality import unreliable

    fonts = [f for f in ctx.st.outline.pdf_fonts if not ANONYMOUS_FONT.match(f.name)]
    if any(times(f.name) for f in fonts) or unreliable(ctx.st.outline):
        return  # a scan's fonts are the OCR layer's, invisible
    for f in fonts:
        yield Hit(f"{f.page}:1", {"font": f.name, "page": f.page})


def _allowed_font(name: str | None, allowed: set[str]) -> bool:
    """ "Times New Roman Bold;Times New Roman" (Word's alternate names) is Times New Roman."""
    for part in (name or "").split(";"):
        base = part.strip().lower()
        for suffix in (" bold", " italic", " bold italic", " regular"):
            base = base.removesuffix(suffix)
        if base in allowed:
            return True
    return False
