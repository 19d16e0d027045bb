"""VB52x: how each thể thức component is formatted in a .docx (PL I, table in mục V): capitals,
bold, italic and size. PDFs carry no reliable style information and are skipped.

What each component should look like is data (``formatting:`` in rules.yaml), so a user can
change a size range or drop a requirement. A component is checked only where the structure
found it; its appearance is judged by most of its characters (a stray bold comma is not a fault).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docgen.check.rules import Ctx, Hit, rule
from docgen.check.structure import CONTINUATION, Line
from docgen.reader.outline import RunFacts
from docgen.vi.match import fold, is_caps

DOCX = ("docx",)
# Half a point either way: 14.5 pt beside 14 pt is not what a reader sees as a wrong size.
SIZE_TOLERANCE = 0.5
LABEL_CHARS = len("Nơi nhận:")
# Marks that may stand in the header area but are not the issuing body (ô 10, 11; a draft).
MARKS = {
    fold(m)
    for m in (
        "DỰ THẢO",
        "KHẨN",
        "THƯỢNG KHẨN",
        "HỎA TỐC",
        "MẬT",
        "TỐI MẬT",
        "TUYỆT MẬT",
        "XEM XONG TRẢ LẠI",
        "LƯU HÀNH NỘI BỘ",
    )
}


def _majority(runs: Iterable[RunFacts], attr: str) -> bool:
    yes = no = 0
    for r in runs:
        if getattr(r, attr):
            yes += r.chars
        else:
            no += r.chars
    return yes > no


def _size(runs: Iterable[RunFacts]) -> float | None:
    weights: dict[float, int] = {}
    for r in runs:
        if r.size_pt is not None:
            weights[r.size_pt] = weights.get(r.size_pt, 0) + r.chars
    return max(weights, key=lambda k: weights[k]) if weights else None


def _pt(v: float, lang: str = "en") -> str:
    return f"{v:g}".replace(".", ",") if lang == "vi" else f"{v:g}"


def problems(runs: list[RunFacts], text: str, spec: dict[str, Any]) -> list[tuple[str, str]]:
    """What differs from ``spec`` ({caps, bold, italic: bool; size_pt: [lo, hi]}), as (vi, en)."""
    out: list[tuple[str, str]] = []
    if not runs:
        return out
    if spec.get("caps") and not (is_caps(text) or _majority(runs, "caps")):
        out.append(("chưa viết in hoa", "not in capitals"))
    for attr, (vi_yes, en_yes, vi_no, en_no) in (
        ("bold", ("cần in đậm", "should be bold", "không được in đậm", "should not be bold")),
        (
            "italic",
            ("cần in nghiêng", "should be italic", "không được in nghiêng", "should not be italic"),
        ),
    ):
        want = spec.get(attr)
        if want is None:
            continue
        if _majority(runs, attr) != bool(want):
            out.append((vi_yes, en_yes) if want else (vi_no, en_no))
    rng = spec.get("size_pt")
    size = _size(runs)
    if rng and size is not None:
        lo, hi = rng
        if not lo - SIZE_TOLERANCE <= size <= hi + SIZE_TOLERANCE:
            vi, en = (
                f"{_pt(lo, lang)} pt" if lo == hi else f"{_pt(lo, lang)}-{_pt(hi, lang)} pt"
                for lang in ("vi", "en")
            )
            out.append(
                (f"cỡ {_pt(size, 'vi')} pt, cần {vi}", f"size {_pt(size)} pt, expected {en}")
            )
    return out


def _spec(ctx: Ctx, component: str) -> dict[str, Any] | None:
    fmt = ctx.data.raw.get("formatting") or {}
    spec = fmt.get(component)
    if not spec or ctx.st.outline.source != "docx" or ctx.st.kind == "unknown":
        return None
    return spec


def _hit(ctx: Ctx, line: Line, found: list[tuple[str, str]], what: tuple[str, str]) -> Hit:
    return ctx.hit(
        line,
        what=what[0],
        what_en=what[1],
        detail="; ".join(f[0] for f in found),
        detail_en="; ".join(f[1] for f in found),
    )


def _lines(lines: Iterable[Line | None]) -> Iterator[Line]:
    """The lines that are text: a template's docxtpl tag ("{%p for … %}") is left out."""
    for ln in lines:
        if ln is not None and "{%" not in ln.text:
            yield ln


def line_runs(ctx: Ctx, ln: Line) -> list[RunFacts]:
    """The runs of one line of a paragraph: a Quốc hiệu and Tiêu ngữ typed as one paragraph
    with a line break (Shift+Enter), or laid out with tabs, are judged each on its own runs."""
    block = ln.block
    if "\n" not in block.text and "\t" not in block.text:
        return list(block.runs)
    starts: dict[int, list[int]] = ctx.memo.setdefault("vb52_starts", {})
    if not starts:
        for other in ctx.st.lines:
            starts.setdefault(other.block.index, []).append(other.start)
    mine = sorted(set(starts.get(block.index, [ln.start])))
    later = [s for s in mine if s > ln.start]
    end = later[0] if later else len(block.text) + 1
    return [r for r in block.runs if ln.start <= r.start < end]


def _check(
    ctx: Ctx, component: str, lines: Iterable[Line | None], what: tuple[str, str]
) -> Iterator[Hit]:
    spec = _spec(ctx, component)
    if spec is None:
        return
    for ln in _lines(lines):
        found = problems(line_runs(ctx, ln), ln.text, spec)
        if found:
            yield _hit(ctx, ln, found, what)


def _split_label(runs: list[RunFacts]) -> tuple[list[RunFacts], list[RunFacts]]:
    """The runs of the "Nơi nhận:" label and the runs after it, on the same line."""
    label: list[RunFacts] = []
    n = 0
    for i, r in enumerate(runs):
        if n >= LABEL_CHARS - 1:
            return label, runs[i:]
        label.append(r)
        n += r.chars
    return label, []


MSG = ("{what}: {detail}", "{what_en}: {detail_en}")


def _rule(code: str, vi: str, en: str):  # noqa: ANN202 - the @rule decorator
    return rule(code, "warning", vi, en, MSG[0], MSG[1], sources=DOCX)


@_rule(
    "VB520",
    "Quốc hiệu chưa đúng định dạng (in hoa, in đậm, cỡ 12-13)",
    "National title formatting (capitals, bold, 12-13 pt)",
)
def national_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(ctx, "national", [ctx.st.national], ("Quốc hiệu", "National title"))


@_rule(
    "VB521",
    "Tiêu ngữ chưa đúng định dạng (in đậm, cỡ 13-14)",
    "Motto formatting (bold, 13-14 pt)",
)
def motto_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(ctx, "motto", [ctx.st.motto], ("Tiêu ngữ", "Motto"))


def _names(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into names: "ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG" is one name on two lines."""
    out: list[list[Line]] = []
    for ln in lines:
        if out and CONTINUATION.match(ln.folded):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def _issuer_parts(ctx: Ctx) -> tuple[list[Line], list[Line]]:
    """(parent body, issuing body) lines. The parent body (chủ quản, upright) stands above the
    issuing body (bold), and either may take several lines: the issuing body is the run of
    bold names at the end, else the last name; with two names or more the first is always
    read as the parent body. One name broken over lines is one name."""
    names = _names([ln for ln in _lines(ctx.st.issuer) if ln.folded not in MARKS])
    if len(names) < 2:
        return [], [ln for name in names for ln in name]
    k = len(names)
    while k > 0 and all(_majority(line_runs(ctx, ln), "bold") for ln in names[k - 1]):
        k -= 1
    k = min(max(k, 1), len(names) - 1) if k < len(names) else len(names) - 1
    return [ln for n in names[:k] for ln in n], [ln for n in names[k:] for ln in n]


@_rule(
    "VB522",
    "Tên cơ quan ban hành chưa in đậm (hoặc cỡ chữ ngoài 12-13)",
    "Issuing body's name not bold (or its size is outside 12-13 pt)",
)
def issuer_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(
        ctx, "issuer", _issuer_parts(ctx)[1], ("Tên cơ quan ban hành", "Issuing body")
    )


@_rule(
    "VB523",
    "Tên cơ quan chủ quản không được in đậm (cỡ 12-13)",
    "Parent body's name must not be bold (12-13 pt)",
)
def parent_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(ctx, "parent", _issuer_parts(ctx)[0], ("Tên cơ quan chủ quản", "Parent body"))


@_rule(
    "VB524",
    "Địa danh, ngày tháng chưa in nghiêng (cỡ 13-14)",
    "Place and date line not italic (13-14 pt)",
)
def place_date_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(
        ctx, "place_date", [ctx.st.place_date], ("Địa danh, ngày tháng", "Place and date")
    )


@_rule(
    "VB525",
    "Tên loại văn bản chưa in đậm hoặc cỡ chữ ngoài 13-14",
    "Document type line not bold or its size is outside 13-14 pt",
)
def type_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(ctx, "type_line", [ctx.st.type_line], ("Tên loại văn bản", "Document type"))


@_rule(
    "VB526",
    "Trích yếu nội dung chưa in đậm (cỡ 13-14)",
    "Subject line (trích yếu) not bold (13-14 pt)",
)
def subject_format(ctx: Ctx) -> Iterator[Hit]:
    # The trích yếu of a công văn ("V/v …", ô 5b) is upright, not bold; "(Kèm theo …)" under
    # the name of a danh sách or phụ lục is italic.
    if ctx.st.kind == "congvan":
        return
    lines = [
        ln
        for ln in ctx.st.subject
        if ln is not ctx.st.type_line and not ln.text.lower().startswith(("v/v", "("))
    ]
    yield from _check(ctx, "subject", lines, ("Trích yếu", "Subject"))


@_rule(
    "VB527",
    '"Nơi nhận:" chưa in đậm, nghiêng, cỡ 12',
    '"Nơi nhận:" not bold italic 12 pt',
)
def recipients_label_format(ctx: Ctx) -> Iterator[Hit]:
    spec = _spec(ctx, "recipients_label")
    label = ctx.st.recipients_label
    if spec is None or label is None:
        return
    runs = _split_label(line_runs(ctx, label))[0]
    found = problems(runs, "", spec)
    if found:
        yield _hit(ctx, label, found, ('"Nơi nhận:"', '"Nơi nhận:"'))


@_rule(
    "VB528",
    "Cỡ chữ danh sách nơi nhận ngoài 10,5-12 (mẫu: 11)",
    "Recipient list size outside 10.5-12 pt (decree: 11)",
)
def recipients_format(ctx: Ctx) -> Iterator[Hit]:
    spec = _spec(ctx, "recipients")
    label = ctx.st.recipients_label
    if spec is None or label is None:
        return
    for ln in _lines(ctx.st.recipients):
        runs = line_runs(ctx, ln)
        if ln.n == label.n:  # "Nơi nhận: - Như trên;" on one line
            runs = _split_label(runs)[1]
        found = problems(runs, ln.text, spec)
        if found:
            yield _hit(ctx, ln, found, ("Nơi nhận", "Recipients"))


@_rule(
    "VB529",
    "Quyền hạn, chức vụ người ký chưa in đậm (cỡ 13-14)",
    "Signer's authority and title not bold (13-14 pt)",
)
def signer_format(ctx: Ctx) -> Iterator[Hit]:
    yield from _check(ctx, "signer", ctx.st.signer, ("Quyền hạn, chức vụ", "Signer's title"))
