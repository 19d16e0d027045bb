"""VB2xx: the distribution list, Nơi nhận (ô 9b; PL I, mục II.9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.rules import Ctx, Hit, differ, rule
from docgen.vi.match import fold, strip_marks

DASH = re.compile(r"^[-–—+•]\s*")


def _items(ctx: Ctx) -> list:
    return [ln for ln in ctx.st.recipients if ln.text.strip()]


@rule(
    "VB201",
    "error",
    'Thiếu "Nơi nhận:" (ô 9b)',
    'Missing the distribution list "Nơi nhận:" (box 9b)',
)
def missing(ctx: Ctx) -> Iterator[Hit]:
    lvl = ctx.level("recipients")
    if lvl and ctx.st.recipients_label is None:
        yield ctx.hit(ctx.st.signer[0] if ctx.st.signer else None, severity=lvl)


@rule(
    "VB202",
    "error",
    'Nhãn Nơi nhận phải viết đúng "Nơi nhận:"',
    'The label must read exactly "Nơi nhận:"',
    'Nhãn phải viết "Nơi nhận:", gặp "{found}"{diff}',
    'The label must read "Nơi nhận:", found "{found}"{diff_en}',
)
def label(ctx: Ctx) -> Iterator[Hit]:
    line = ctx.st.recipients_label
    if line and not line.text.strip().startswith("Nơi nhận:"):
        found = line.text.strip()
        vi, en = differ(found[: len("Nơi nhận:")], "Nơi nhận:")
        yield ctx.hit(line, found=found[:40], diff=vi, diff_en=en)


@rule("VB203", "error", "Danh sách Nơi nhận trống", "The distribution list is empty")
def empty(ctx: Ctx) -> Iterator[Hit]:
    if ctx.st.recipients_label and not _items(ctx):
        # A kind that needs no Nơi nhận (danh sách, biểu mẫu…): an empty label is only cosmetic.
        lower = None if ctx.level("recipients") == "error" else "warning"
        yield ctx.hit(ctx.st.recipients_label, severity=lower)


@rule(
    "VB204",
    "error",
    'Mỗi nơi nhận phải bắt đầu bằng "- "',
    'Each recipient must start with "- "',
    'Nơi nhận phải bắt đầu bằng "- ": "{found}"',
    'Recipient must start with "- ": "{found}"',
)
def dash(ctx: Ctx) -> Iterator[Hit]:
    for ln in _items(ctx):
        if not ln.text.lstrip().startswith("-"):
            yield ctx.hit(ln, found=ln.text.strip())


@rule(
    "VB205",
    "error",
    'Mỗi nơi nhận (trừ dòng cuối) phải kết thúc bằng ";"',
    'Each recipient but the last must end with ";"',
    'Nơi nhận phải kết thúc bằng ";": "{found}"',
    'Recipient must end with ";": "{found}"',
)
def semicolon(ctx: Ctx) -> Iterator[Hit]:
    for ln in _items(ctx)[:-1]:
        if not ln.text.rstrip().endswith(";"):
            yield ctx.hit(ln, found=ln.text.strip())


# "- Lưu: VT, NC.Châu", "- Lưu: VT, TCCC.(Ngan)", "- Lưu: VT, TH(2). H": the drafter's name or
# initials after the final period (ô 12, set small), not part of the list.
DRAFTER = re.compile(r"\.\s*\(?[^\W\d_][^\W\d_.]{0,11}\)?\s*\d{0,3}$")


def _ends_with_period(text: str) -> bool:
    t = text.rstrip()
    return t.endswith(".") or (_is_luu(t) and DRAFTER.search(t) is not None)


@rule(
    "VB206",
    "error",
    'Dòng cuối của Nơi nhận phải kết thúc bằng "."',
    'The last recipient line must end with "."',
    'Dòng cuối của Nơi nhận phải kết thúc bằng ".": "{found}"',
    'The last recipient line must end with ".": "{found}"',
)
def period(ctx: Ctx) -> Iterator[Hit]:
    items = _items(ctx)
    if items and not _ends_with_period(items[-1].text):
        yield ctx.hit(items[-1], found=items[-1].text.strip())


def _is_luu(text: str) -> bool:
    return strip_marks(DASH.sub("", text)).startswith("LUU")


@rule("VB207", "error", 'Nơi nhận thiếu dòng "- Lưu: VT, …"', 'No "- Lưu: VT, …" (file copy) line')
def luu(ctx: Ctx) -> Iterator[Hit]:
    items = _items(ctx)
    if items and not any(_is_luu(ln.text) for ln in items):
        yield ctx.hit(items[-1])


@rule(
    "VB208",
    "warning",
    'Dòng "Lưu" viết sai mẫu hoặc không ở cuối ("- Lưu: VT, …")',
    'The "Lưu" line is malformed or not last ("- Lưu: VT, …")',
    'Dòng lưu nên là dòng cuối, dạng "- Lưu: VT, …": "{found}"',
    'The file-copy line should be last and read "- Lưu: VT, …": "{found}"',
)
def luu_form(ctx: Ctx) -> Iterator[Hit]:
    items = _items(ctx)
    for i, ln in enumerate(items):
        if not _is_luu(ln.text):
            continue
        body = DASH.sub("", ln.text.strip())
        if i != len(items) - 1 or not re.match(r"^Lưu\s*:\s*VT\b", body):
            yield ctx.hit(ln, found=ln.text.strip())


@rule(
    "VB209",
    "error",
    'Có "Kính gửi" nhưng Nơi nhận thiếu "- Như trên;"',
    'A "Kính gửi" addressee but no "- Như trên;" in Nơi nhận',
)
def nhu_tren(ctx: Ctx) -> Iterator[Hit]:
    items = _items(ctx)
    if (
        ctx.st.addressee
        and ctx.st.recipients_label
        and not any(fold(DASH.sub("", ln.text)).startswith("NHƯ TRÊN") for ln in items)
        and not _addressee_listed(ctx.st.addressee.text, [ln.text for ln in items])
    ):
        yield ctx.hit(ctx.st.recipients_label)


def _words(text: str) -> list[str]:
    return strip_marks(text).split()


def _names(addressee: str) -> list[list[str]]:
    """Kính gửi: Bộ Tài chính (Cục Quản lý giá) -> [BO TAI CHINH], [CUC QUAN LY GIA]."""
    text = re.sub(r"^\s*Kính\s+gửi\s*:?", "", addressee, flags=re.IGNORECASE)
    parts = (n.strip().rstrip(" ;.,:") for n in re.split(r"[;()\n]|\s-\s", text))
    return [_words(n) for n in parts if _words(n)]


def _same_name(item: list[str], name: list[str]) -> bool:
    """Word by word, a word of the item being the name's word or the initials of the next few
    ("CỤC QL GIÁ" is "CỤC QUẢN LÝ GIÁ")."""
    i = 0
    for word in item:
        if i < len(name) and word == name[i]:
            i += 1
            continue
        for k in range(2, 5):
            if "".join(w[0] for w in name[i : i + k]) == word and i + k <= len(name):
                i += k
                break
        else:
            return False
    return i == len(name)


def _addressee_listed(addressee: str, items: list[str]) -> bool:
    """The Kính gửi's addressee named in the list itself stands for "Như trên"."""
    names = _names(addressee)
    for text in items:
        item = _words(re.sub(r"\(.*?\)", "", DASH.sub("", text)).rstrip(" ;.,"))
        if item and any(_same_name(item, name) for name in names):
            return True
    return False


@rule(
    "VB210",
    "warning",
    "Một nơi nhận bị ghi hai lần",
    "A recipient is listed twice",
    '"{found}" đã có trong Nơi nhận',
    '"{found}" is already in the list',
)
def duplicate(ctx: Ctx) -> Iterator[Hit]:
    seen: set[str] = set()
    for ln in _items(ctx):
        key = fold(DASH.sub("", ln.text)).rstrip(";. ")
        if key in seen:
            yield ctx.hit(ln, found=ln.text.strip())
        seen.add(key)
