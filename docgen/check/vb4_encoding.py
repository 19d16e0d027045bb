"""VB4xx: leftover template artefacts and text encoding (NFD, TCVN3, VNI, U+FFFD, legacy fonts)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from docgen.check.rules import Ctx, Hit, rule
from docgen.reader.outline import Block
from docgen.vi.text import legacy_encoding, stray_combining

TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
PLACEHOLDER = re.compile(
    r"\[[A-ZĐÀ-Ỹa-zđà-ỹ .…]{3,40}\]|<<[^>]{1,40}>>|«[^»]{1,40}»|\bX{3,}\b|"
    r"\bTODO\b|\bLorem ipsum\b"
)
# Precomposed Vietnamese letters that no legacy encoding produces when misread.
VI_UNICODE = re.compile(r"[\u1EA0-\u1EF9ăĂơƠưƯđĐ]")
COMBINING = re.compile(r"[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
LEGACY_FONT = re.compile(r"^(\.vn|vni[-\s])", re.IGNORECASE)


def _blocks(ctx: Ctx) -> list[Block]:
    return [b for b in ctx.st.outline.blocks if b.text.strip()]


def _hit(ctx: Ctx, b: Block, excerpt: str, **args: object) -> Hit:
    return Hit(b.location, dict(args), excerpt[:120], order=b.index)


@rule(
    "VB401",
    "error",
    "Còn sót thẻ mẫu ({{ }}, {% %}) trong văn bản",
    "Leftover template tags ({{ }}, {% %}) in the document",
    'Còn sót thẻ mẫu "{found}"',
    'Leftover template tag "{found}"',
)
def template_tags(ctx: Ctx) -> Iterator[Hit]:
    for b in _blocks(ctx):
        m = TAGS.search(b.text)
        if m:
            yield _hit(ctx, b, b.text, found=b.text[max(m.start() - 10, 0) : m.end() + 20].strip())


@rule(
    "VB402",
    "warning",
    "Còn chữ giữ chỗ chưa thay ([Tên đơn vị], <<…>>, XXX)",
    "Placeholder text left in ([Tên đơn vị], <<…>>, XXX)",
    'Còn chữ giữ chỗ "{found}"',
    'Placeholder left in: "{found}"',
)
def placeholders(ctx: Ctx) -> Iterator[Hit]:
    for b in _blocks(ctx):
        m = PLACEHOLDER.search(b.text)
        if m:
            yield _hit(ctx, b, b.text, found=m.group(0))


@rule(
    "VB403",
    "error",
    "Có ký tự lỗi U+FFFD (�): chữ bị hỏng khi chuyển mã",
    "Replacement character U+FFFD (�): text damaged by a conversion",
)
def replacement(ctx: Ctx) -> Iterator[Hit]:
    for b in _blocks(ctx):
        if "\ufffd" in b.text:
            yield _hit(ctx, b, b.text)


@rule(
    "VB404",
    "error",
    "Chữ Việt ở dạng tổ hợp (NFD), cần Unicode dựng sẵn (NFC)",
    "Vietnamese text is decomposed (NFD); precomposed Unicode (NFC) is required",
    'Chữ Việt ở dạng tổ hợp (NFD) trong {n} đoạn, đầu tiên "{found}"; hãy chuyển sang Unicode '
    "dựng sẵn (Unikey: Công cụ chuyển mã, Unicode)",
    'Decomposed (NFD) Vietnamese in {n} paragraph(s), first in "{found}"; convert to '
    "precomposed Unicode (NFC)",
    sources=("docx",),  # in a PDF it is the text layer's encoding, not the document's
)
def nfd(ctx: Ctx) -> Iterator[Hit]:
    """Said once for the document: the other rules read the text after NFC normalisation."""
    bad = [b for b in _blocks(ctx) if not unicodedata.is_normalized("NFC", b.text)]
    if bad:
        b = bad[0]
        i = next((i for i, c in enumerate(b.text) if unicodedata.combining(c)), 0)
        yield _hit(
            ctx,
            b,
            unicodedata.normalize("NFC", b.text),
            n=len(bad),
            found=unicodedata.normalize("NFC", b.text[max(i - 12, 0) : i + 8]),
        )


@rule(
    "VB405",
    "error",
    "Dấu thanh rời (ký tự tổ hợp) còn sót sau khi chuẩn hóa",
    "Stray combining marks remain after normalisation",
    sources=("docx",),
)
def stray(ctx: Ctx) -> Iterator[Hit]:
    for b in _blocks(ctx):
        if COMBINING.search(b.text) and stray_combining(b.text):
            yield _hit(ctx, b, b.text)


def _legacy(ctx: Ctx, enc: str) -> Iterator[Hit]:
    for b in _blocks(ctx):
        if legacy_encoding(b.text) == enc and not VI_UNICODE.search(b.text):
            yield _hit(ctx, b, b.text)


@rule(
    "VB406",
    "error",
    "Văn bản gõ bằng mã TCVN3 (ABC, .VnTime), không phải Unicode",
    "Text typed in TCVN3 (ABC, .VnTime), not Unicode",
)
def tcvn3(ctx: Ctx) -> Iterator[Hit]:
    yield from _legacy(ctx, "tcvn3")


@rule(
    "VB407",
    "error",
    "Văn bản gõ bằng mã VNI (VNI-Times), không phải Unicode",
    "Text typed in VNI (VNI-Times), not Unicode",
)
def vni(ctx: Ctx) -> Iterator[Hit]:
    yield from _legacy(ctx, "vni")


@rule(
    "VB408",
    "error",
    "Dùng phông chữ mã cũ (.VnTime, VNI-Times)",
    "A legacy-encoding font is used (.VnTime, VNI-Times)",
    'Phông "{font}" là phông mã cũ; dùng Times New Roman (Unicode)',
    'Font "{font}" is a legacy-encoding font; use Times New Roman (Unicode)',
    sources=("docx",),
)
def legacy_font(ctx: Ctx) -> Iterator[Hit]:
    seen: set[str] = set()
    for b in _blocks(ctx):
        for r in b.runs:
            if not any(c.isalpha() for c in b.text[r.start : r.start + r.chars]):
                continue  # "2" is "2" in every encoding
            for f in r.all_fonts:
                if LEGACY_FONT.match(f) and f not in seen:
                    seen.add(f)
                    yield _hit(ctx, b, b.text, font=f)


@rule(
    "VB409",
    "error",
    "Một đoạn văn lẫn Unicode với mã cũ (TCVN3/VNI)",
    "A paragraph mixes Unicode with a legacy encoding (TCVN3/VNI)",
    "Đoạn văn lẫn Unicode với mã {enc}",
    "Paragraph mixes Unicode with {enc}",
)
def mixed(ctx: Ctx) -> Iterator[Hit]:
    for b in _blocks(ctx):
        enc = legacy_encoding(b.text)
        if enc and VI_UNICODE.search(b.text):
            yield _hit(ctx, b, b.text, enc=enc.upper())
