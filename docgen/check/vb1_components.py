"""VB1xx: thể thức components (ô 1-9, Điều 8 khoản 2), required sections, type vs ký hiệu."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from docgen.check.rules import Ctx, Hit, differ, rule
from docgen.vi.match import fold, fold_tone, is_caps


def _missing(ctx: Ctx, component: str, present: object) -> Iterator[Hit]:
    lvl = ctx.level(component)
    if lvl and not present:
        yield ctx.hit(None, "", severity=lvl)


@rule(
    "VB101",
    "error",
    'Thiếu Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (ô 1)',
    'Missing the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (box 1)',
)
def national(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "national", ctx.st.national)


@rule(
    "VB102",
    "error",
    'Thiếu Tiêu ngữ "Độc lập - Tự do - Hạnh phúc" (ô 1)',
    'Missing the motto "Độc lập - Tự do - Hạnh phúc" (box 1)',
)
def motto(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "motto", ctx.st.motto)


@rule(
    "VB103",
    "error",
    "Quốc hiệu viết sai (lỗi) hoặc Tiêu ngữ viết khác mẫu (cảnh báo)",
    "National title misspelt (error) or motto written differently (warning)",
    '{what} viết khác mẫu: "{found}"; đúng là "{expected}"{diff}',
    '{what_en} differs from the decree: "{found}"; expected "{expected}"{diff_en}',
)
def national_spelling(ctx: Ctx) -> Iterator[Hit]:
    for line, key, what in (
        (ctx.st.national, "national_title", ("Quốc hiệu", "National title")),
        (ctx.st.motto, "motto", ("Tiêu ngữ", "Motto")),
    ):
        if line is None:
            continue
        accepted = [fold(a) for a in ctx.data[key]]
        exact = list(ctx.data[key])
        text = ctx.st.national_text if key == "national_title" else ctx.st.motto_text
        ok = any(a in fold(text) for a in accepted)
        if key == "motto":  # case matters for the motto: "Độc lập - Tự do - Hạnh phúc"
            ok = any(re.sub(r"\s+", " ", a) in re.sub(r"\s+", " ", _nfc_fold(text)) for a in exact)
        if not ok:
            vi, en = differ(text, exact[0])
            yield ctx.hit(
                line,
                severity="warning" if key == "motto" else None,
                what=what[0],
                what_en=what[1],
                found=text,
                expected=exact[0],
                diff=vi,
                diff_en=en,
            )


def _nfc_fold(text: str) -> str:
    return fold_tone(unicodedata.normalize("NFC", text))


@rule(
    "VB104",
    "error",
    "Thiếu tên cơ quan, tổ chức ban hành văn bản (ô 2)",
    "Missing the issuing body's name (box 2)",
)
def issuer(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "issuer", ctx.st.issuer)


@rule(
    "VB105",
    "error",
    'Thiếu số, ký hiệu văn bản "Số: …/…-…" (ô 3)',
    'Missing the document number and symbol "Số: …/…-…" (box 3)',
)
def number(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "number", ctx.st.number)


@rule(
    "VB106",
    "error",
    "Số, ký hiệu viết sai quy cách",
    "Number/symbol is malformed",
    'Số, ký hiệu viết sai quy cách ({detail}): "{found}"; mẫu: "Số: 05/KH-NK"',
    'Number/symbol is malformed ({detail_en}): "{found}"; expected e.g. "Số: 05/KH-NK"',
)
def number_format(ctx: Ctx) -> Iterator[Hit]:
    m, line = ctx.st.number_match, ctx.st.number
    if not m or not line:
        return
    problems = []
    if not m.group("colon") or m.group("colon") != ":":
        problems.append(('thiếu dấu hai chấm sau "Số"', 'no colon after "Số"'))
    num = m.group("num").strip()
    if num and num.isdigit() and int(num) < 10 and len(num) < 2:
        problems.append(
            ("số nhỏ hơn 10 phải có số 0 phía trước", "numbers below 10 need a leading 0")
        )
    sym = m.group("sym")
    if " " in sym:
        problems.append(("có khoảng trắng trong ký hiệu", "spaces inside the symbol"))
    if any(c.islower() for c in sym.split("-")[-1]):
        problems.append(
            ("chữ viết tắt tên cơ quan phải in hoa", "issuer abbreviation must be in capitals")
        )
    if problems:
        yield ctx.hit(
            line,
            detail="; ".join(p[0] for p in problems),
            detail_en="; ".join(p[1] for p in problems),
            found=line.text.strip(),
        )


@rule(
    "VB107",
    "error",
    "Thiếu địa danh và thời gian ban hành (ô 4)",
    "Missing the place and date of issue (box 4)",
)
def place_date(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "place_date", ctx.st.place_date)


@rule(
    "VB108",
    "warning",
    'Dòng ngày tháng thiếu địa danh ("Thành phố Hồ Chí Minh, ngày …")',
    'Date line lacks the place name ("Thành phố Hồ Chí Minh, ngày …")',
)
def place_name(ctx: Ctx) -> Iterator[Hit]:
    line = ctx.st.place_date
    if line and fold(line.text).startswith("NGÀY"):
        yield ctx.hit(line)


@rule(
    "VB109",
    "error",
    "Không tìm thấy tên loại văn bản (ô 5a) của loại đã chọn",
    "The document type line (box 5a) for the chosen kind was not found",
    'Không tìm thấy tên loại văn bản (ô 5a); với --kind {kind} cần dòng "{types}"',
    'Document type line (box 5a) not found; --kind {kind} expects "{types}"',
)
def type_line(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if (
        st.kind_forced
        and ctx.kind.types
        and (not st.type_name or st.type_name not in ctx.kind.types)
    ):
        yield ctx.hit(st.type_line, kind=st.kind, types=" / ".join(ctx.kind.types))


@rule(
    "VB110",
    "error",
    "Thiếu trích yếu nội dung dưới tên loại (ô 5a)",
    "Missing the subject line (trích yếu) under the document type (box 5a)",
)
def subject(ctx: Ctx) -> Iterator[Hit]:
    if ctx.st.type_line:
        for h in _missing(ctx, "subject", ctx.st.subject):
            yield Hit(ctx.st.type_line.location, {}, ctx.st.type_line.text, h.severity)


@rule(
    "VB111",
    "error",
    "Thiếu quyền hạn, chức vụ của người ký (ô 7a)",
    "Missing the signer's authority and title (box 7a)",
)
def signer(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "signer", ctx.st.signer)


# "T/M", "K/T", "KT" without its period, "KT.CHỦ TỊCH" without the space (PL I, mục II.7.b).
AUTH = re.compile(
    r"^(?P<p>T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\s*/\s*UQ|TUQ|TM|KT|TL|Q)"
    r"(?:(?P<dot>\s*\.)(?P<sp>\s*)|\s+)(?=[A-ZĐÀ-Ỹ])",
)
AUTH_FORMS = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}


def authority_fix(text: str) -> tuple[str, bool] | None:
    """(the corrected signing authority, only the space after the period is missing), or None
    when it is written as the decree says."""
    m = AUTH.match(text.strip())
    if not m:
        return None
    prefix = re.sub(r"[\s/]", "", m.group("p"))
    good_form = m.group("dot") == "." and prefix == m.group("p")
    if good_form and m.group("sp") in (" ", "\u00a0"):  # a non-breaking space is a space
        return None
    return f"{AUTH_FORMS[prefix]} {text.strip()[m.end() :]}", good_form


@rule(
    "VB112",
    "error",
    "Quyền hạn ký viết sai (TM., KT., Q., TL., TUQ. có dấu chấm; thiếu dấu cách: cảnh báo)",
    "Signing authority written wrongly (TM., KT., Q., TL., TUQ. with a period; no space: warning)",
    'Quyền hạn ký viết sai: "{found}"; viết "{expected}" (TM., KT., Q., TL., TUQ.)',
    'Signing authority written wrongly: "{found}"; write "{expected}" (TM., KT., Q., TL., TUQ.)',
)
def authority(ctx: Ctx) -> Iterator[Hit]:
    for line in ctx.st.signer:
        fixed = authority_fix(line.text)
        if fixed:
            # "T/M.", "KT" without its period: an error; "KT.CHỦ TỊCH" (no space): a warning.
            lower = "warning" if fixed[1] else None
            yield ctx.hit(line, severity=lower, found=line.text.strip(), expected=fixed[0])


@rule(
    "VB113",
    "info",
    "Chưa có họ tên người ký (ô 7b); ký và ghi tay",
    "No signer name (box 7b); it will be handwritten",
)
def signer_name(ctx: Ctx) -> Iterator[Hit]:
    if ctx.level("signer") and ctx.st.signer and ctx.st.signer_name is None:
        yield ctx.hit(ctx.st.signer[-1])


@rule(
    "VB114",
    "warning",
    "Có học hàm, học vị hoặc danh xưng trước họ tên người ký",
    "Academic title or honorific before the signer's name",
    'Không ghi học hàm, học vị, danh xưng trước họ tên người ký: "{found}"',
    'No academic title or honorific before the signer\'s name: "{found}"',
)
def honorific(ctx: Ctx) -> Iterator[Hit]:
    line = ctx.st.signer_name
    if line and any(
        line.text.strip().startswith(h + " ") or line.text.strip().startswith(h) and h.endswith(".")
        for h in ctx.data["honorifics"]
    ):
        yield ctx.hit(line, found=line.text.strip())


@rule(
    "VB115",
    "warning",
    'Nội dung văn bản không kết thúc bằng dấu "./."',
    'The body does not end with "./."',
)
def closing(ctx: Ctx) -> Iterator[Hit]:
    lvl = ctx.level("closing")
    body = [ln for ln in ctx.st.body if not is_caps(ln.text)]
    if lvl and body and not any(ln.text.rstrip().endswith("./.") for ln in ctx.st.lines):
        yield ctx.hit(body[-1], severity=lvl)


@rule(
    "VB116",
    "error",
    'Thiếu "Kính gửi:" (ô 9a) cho văn bản gửi cấp trên',
    'Missing "Kính gửi:" (box 9a) for a document sent upward',
)
def addressee(ctx: Ctx) -> Iterator[Hit]:
    yield from _missing(ctx, "addressee", ctx.st.addressee)


@rule(
    "VB117",
    "info",
    "Chưa cấp số, ngày: văn thư điền khi ban hành (bản trình ký)",
    "Number and date not yet given: the văn thư fills them in at issuance (draft)",
    "Chưa cấp {what}: văn thư điền khi ban hành",
    "No {what_en} yet: the văn thư fills in the blanks at issuance",
)
def draft_blanks(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if st.stage == "draft" and (st.number_blank or st.day_blank):
        what = _blanks(st.number_blank, st.day_blank)
        yield ctx.hit(st.number or st.place_date, what=what[0], what_en=what[1])


def _blanks(number: bool, day: bool) -> tuple[str, str]:
    if number and day:
        return "số, ngày", "number and date"
    return ("số", "number") if number else ("ngày", "date")


@rule(
    "VB118",
    "error",
    "Văn bản ban hành còn để trống số hoặc ngày",
    "An issued document with a blank number or date",
    "Văn bản đã ban hành còn để trống {what} (ô 3, ô 4)",
    "The issued document still has a blank {what_en} (box 3, box 4)",
)
def issued_blanks(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if st.stage == "issued" and (st.number_blank or st.day_blank):
        what = _blanks(st.number_blank, st.day_blank)
        yield ctx.hit(st.number or st.place_date, what=what[0], what_en=what[1])


@rule(
    "VB119",
    "warning",
    "Số để trống nhưng ngày tháng đã ghi đủ",
    "The number is blank but the date is complete",
    'Số để trống ("{found}") nhưng ngày đã ghi đủ: số và ngày được cấp cùng lúc khi ban hành',
    'The number is blank ("{found}") but the date is complete: both are given at issuance',
)
def number_without_date(ctx: Ctx) -> Iterator[Hit]:
    st = ctx.st
    if st.number_blank and st.number and st.issue_date and not st.day_blank:
        yield ctx.hit(st.number, found=st.number.text.strip())
