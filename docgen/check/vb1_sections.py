"""VB12x-VB13x: required sections per kind, heading numbering, type abbreviation vs ký hiệu."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.rules import Ctx, Hit, rule
from docgen.check.structure import ARABIC, CONTENT_N, ROMAN, Line
from docgen.vi.match import is_caps

ROMANS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]


@rule(
    "VB121",
    "error",
    "Thiếu phần bắt buộc của loại văn bản",
    "Missing a required section",
    "Thiếu phần bắt buộc của {kind}: {section}",
    "Missing a required section of a {kind_en}: {section_en}",
)
def sections(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    heads = [h[2] for h in st.headings] + [ln.folded for ln in st.body if is_caps(ln.text)]
    text = [ln.folded for ln in st.body + st.subject]
    for sec in ctx.kind.sections:
        pool = heads if sec.where == "heading" else text
        if not any(p.search(t) for p in sec.patterns for t in pool):
            yield ctx.hit(
                st.type_line,
                kind=ctx.kind.name_vi,
                kind_en=ctx.kind.name_en,
                section=sec.name_vi,
                section_en=sec.name_en,
            )


@rule(
    "VB122",
    "error",
    "Đánh số mục La Mã bị sai thứ tự hoặc thiếu (I, II, III…)",
    "Roman section numbers skip or repeat (I, II, III…)",
    'Mục "{found}" sau mục "{prev}"; cần "{expected}"',
    'Section "{found}" follows "{prev}"; expected "{expected}"',
)
def roman_order(ctx: Ctx) -> Iterator[Hit]:
    prev = 0
    outer: list[int] = []  # a list numbered I, II… again inside a section ("I. Hàng ăn…")
    for line, num, _ in ctx.st.headings:
        if num not in ROMANS:
            continue
        n = ROMANS.index(num) + 1
        if n == 1 and prev > 0:
            outer.append(prev)
        elif n != prev + 1 and outer and n == outer[-1] + 1:
            outer.pop()  # back to the sections: "II. DIỄN BIẾN GIÁ" after the inner "XI."
        elif n != prev + 1:
            yield ctx.hit(
                line,
                found=num,
                prev=ROMANS[prev - 1] if prev else "-",
                expected=ROMANS[prev] if prev < len(ROMANS) else "?",
            )
        prev = n


@rule(
    "VB123",
    "error",
    'Đánh số "Nội dung 1..n" bị sai thứ tự hoặc thiếu',
    '"Nội dung 1..n" numbering skips or repeats',
    '"Nội dung {found}" sau "Nội dung {prev}"; cần "Nội dung {expected}"',
    '"Nội dung {found}" follows "Nội dung {prev}"; expected "Nội dung {expected}"',
)
def content_order(ctx: Ctx) -> Iterator[Hit]:
    prev = 0
    for line in ctx.st.body:
        m = CONTENT_N.match(line.text)
        if m:
            n = int(m.group("num"))
            if n != prev + 1:
                yield ctx.hit(line, found=n, prev=prev, expected=prev + 1)
            prev = n


@rule(
    "VB124",
    "warning",
    "Đánh số khoản 1, 2, 3… trong một mục bị nhảy số",
    "Numbered items 1, 2, 3… within a section skip a number",
    'Khoản "{found}." sau khoản "{prev}." (cần "{expected}.")',
    'Item "{found}." follows item "{prev}." (expected "{expected}.")',
)
def arabic_order(ctx: Ctx) -> Iterator[Hit]:
    """A forward gap only ("3." then "5."), and only when the missing number is nowhere in the
    section: every numbered paragraph counts, whatever its length or ending."""
    sections: list[list[tuple[Line, int]]] = [[]]
    for line in ctx.st.body:
        if ROMAN.match(line.folded):
            sections.append([])
            continue
        m = ARABIC.match(line.text)
        if m:
            sections[-1].append((line, int(m.group("num"))))
    for items in sections:
        seen = {n for _, n in items}
        prev = 0
        for line, n in items:
            short = len(line.text) < 120 and not line.text.rstrip().endswith((";", "."))
            missing = [k for k in range(prev + 1, n) if k not in seen]
            if prev and n > prev + 1 and missing and short:
                yield ctx.hit(line, found=n, prev=prev, expected=prev + 1)
            prev = n


def _abbrev(ctx: Ctx) -> str | None:
    m = ctx.st.number_match
    if not m:
        return None
    sym = m.group("sym").replace(" ", "")
    return sym.split("-")[0].split("/")[-1] if "-" in sym else None


@rule(
    "VB131",
    "error",
    "Chữ viết tắt tên loại trong ký hiệu không khớp tên loại văn bản",
    "The symbol's type abbreviation does not match the document type",
    '{type} phải có ký hiệu "…/{expected}-…", nhưng ghi "{found}"',
    'A {type} must be numbered "…/{expected}-…", found "{found}"',
)
def type_vs_symbol(ctx: Ctx) -> Iterator[Hit]:
    st, found = ctx.st, _abbrev(ctx)
    if not found or not st.type_name:
        return
    expected = ctx.kind.abbrev if st.kind == _kind_of(ctx) else None
    if expected is None:
        expected = next(
            (
                v
                for k, v in sorted(ctx.data.abbreviations.items(), key=lambda x: -len(x[0]))
                if st.type_name == k or st.type_name.startswith(k + " ")
            ),
            None,
        )
    if expected and found != expected:
        yield ctx.hit(
            st.number,
            type=st.type_line.text if st.type_line else st.type_name,
            expected=expected,
            found=found,
        )


def _kind_of(ctx: Ctx) -> str:
    return next((k for p, k in ctx.data.type_prefixes() if p == ctx.st.type_name), "unknown")


@rule(
    "VB132",
    "warning",
    "Chữ viết tắt tên loại không có trong bảng của Nghị định 30 (Phụ lục III)",
    "Type abbreviation not in the decree's table (Appendix III)",
    '"{found}" không có trong bảng chữ viết tắt tên loại văn bản (Phụ lục III)',
    '"{found}" is not in the decree\'s type abbreviation table (Appendix III)',
)
def unknown_abbrev(ctx: Ctx) -> Iterator[Hit]:
    found = _abbrev(ctx)
    known = set(ctx.data.abbreviations.values()) | set(ctx.data["customary_abbreviations"] or [])
    if found and found not in known and ctx.st.type_name:
        yield ctx.hit(ctx.st.number, found=found)
