"""The Jinja environment every template renders in, and template errors located in the template."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from docgen.errors import TemplateError
from docgen.i18n import tr

MAX_REPEAT = 100_000  # characters or items a template may make with '*'
MAX_POWER = 1_000  # largest exponent with '**'

# What a template can raise at run time from what it was given (besides jinja2's own errors).
RUNTIME_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, RecursionError, MemoryError)


class _Sandbox(SandboxedEnvironment):
    """The sandbox, plus a bound on ``*`` and ``**`` so that ``{{ 'x' * 10**10 }}`` cannot fill
    the memory."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise SecurityError(f"exponent {right} is over the limit of {MAX_POWER}")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(
                        f"repetition of {n} x {len(seq)} is over the limit of {MAX_REPEAT}"
                    )
        return super().call_binop(context, operator, left, right)


def make_env() -> jinja2.Environment:
    """Templates are edited by people and passed around by e-mail: they render in Jinja's sandbox
    (no attribute starting with ``_``, no unsafe callables), so a template cannot run code."""
    env = _Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters["upper"] = lambda s: str(s).upper()
    return env


def _strip_tags(xml_line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", xml_line)).strip()


def _template_line(exc: BaseException) -> int | None:
    """The line of the rendered XML where Jinja failed at run time (its rewritten traceback)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def body_lines(tpl: DocxTemplate) -> list[str]:
    # docxtpl renders the body XML with one paragraph per line; rebuild that view to find the text.
    if tpl.docx is None:
        tpl.init_docx()
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())).splitlines()


def template_error(
    template: Path, exc: BaseException, lines: list[str] | None = None, where: str | None = None
) -> TemplateError:
    """A located TemplateError; ``lines`` is the source (one paragraph per line) that failed,
    ``where`` the part of the template that is not a paragraph (a document property).

    Says, in words a template author acts on: the template, the paragraph as Word shows it, the
    tag, and what exists there (the fields of the object, the block left open); never the
    compiled Jinja."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _syntax_error(template, exc, where)
    context = list(getattr(exc, "docx_context", None) or [])
    line = _template_line(exc)
    if not context and lines is not None and line is not None and 0 < line <= len(lines):
        context = [lines[line - 1]]
    paragraph = " | ".join(t for t in (_paragraph_text(x) for x in context) if t)
    if isinstance(exc, jinja2.UndefinedError):
        msg = _undefined_message(template, exc, paragraph)
    elif isinstance(exc, SecurityError):
        msg = tr(
            "Mẫu {t} dùng một thao tác không an toàn, đã bị chặn: {e}",
            "Template {t} uses an unsafe operation, which was blocked: {e}",
            t=template,
            e=exc.message,
        )
    else:
        msg = tr(
            "Mẫu {t} không hiển thị được: {e}",
            "Template {t} failed to render: {e}",
            t=template,
            e=exc if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}",
        )
    if where:
        msg += tr("\n  ở {w}", "\n  in {w}", w=where)
    if paragraph:
        msg += tr(
            "\n  đoạn văn quanh thẻ: {x}",
            "\n  paragraph text around the tag: {x}",
            x=paragraph[:300],
        )
    return TemplateError(msg + _fix_hint(template))


def missing_tags_error(
    template: Path,
    missing: set[str],
    lines: list[str] | None,
    available: Iterable[str] = (),
) -> TemplateError:
    """The template names a top-level value the content does not provide (found before render);
    ``available``: the names the content provides, for a "did you mean"."""
    names = sorted(missing)
    have = sorted(available)
    where = []
    for name in names:
        rx = re.compile(
            r"\{\{-?\s*" + re.escape(name) + r"\b|\{%-?\s*\w+[^%]*\b" + re.escape(name) + r"\b"
        )
        hit = next((x for x in lines or [] if rx.search(x)), None)
        if hit is not None and (text := _paragraph_text(hit)):
            where.append(text[:200])
    msg = tr(
        "Mẫu {t} dùng thẻ mà nội dung không có: {m}",
        "Template {t} uses tags the content does not provide: {m}",
        t=template,
        m=", ".join(names),
    )
    close = sorted({c for n in names for c in difflib.get_close_matches(n, have, n=2)})
    if close:
        msg += tr(" (có phải: {c}?)", " (did you mean: {c}?)", c=", ".join(close))
    for text in where:
        msg += tr("\n  đoạn văn quanh thẻ: {x}", "\n  paragraph text around the tag: {x}", x=text)
    return TemplateError(msg + _fix_hint(template))


# --- helpers -----------------------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)([^%]*?)-?%\}")
_OPENERS = {"for", "if", "with", "macro", "call", "filter", "block", "raw", "autoescape"}


def _paragraph_text(xml_line: str) -> str:
    """A paragraph as the author sees it in Word: text and ``{{ }}`` tags, no block tags."""
    text = _strip_tags(xml_line)
    return re.sub(r"\s+", " ", _BLOCK_TAG.sub(" ", text)).strip()


def _fix_hint(template: Path) -> str:
    return tr(
        "\n  sửa thẻ trong {t} bằng Word hoặc LibreOffice rồi chạy lại",
        "\n  fix the tag in {t} with Word or LibreOffice and run again",
        t=template,
    )


def _frame_values(exc: BaseException) -> dict[str, object]:
    """The template's variables where it failed (loop variables and the context)."""
    values: dict[str, object] = {}
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename == "<template>":
            ctx = frame.f_locals.get("context")
            if isinstance(ctx, jinja2.runtime.Context):
                values.update(ctx.get_all())
            for name, value in frame.f_locals.items():
                values[re.sub(r"^l_\d+_", "", name)] = value
        tb = tb.tb_next
    return values


def _fields(value: object) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    model_fields = getattr(type(value), "model_fields", None)
    if isinstance(model_fields, dict):
        return list(model_fields)
    if isinstance(value, (str, int, float, list, tuple)) or value is None:
        return []
    return [n for n in vars(value) if not n.startswith("_")] if hasattr(value, "__dict__") else []


def _undefined_message(template: Path, exc: jinja2.UndefinedError, paragraph: str) -> str:
    text = exc.message or ""
    attr = re.search(r"has no attribute '([^']+)'", text)
    root = re.search(r"'([^']+)' is undefined", text)
    name = attr.group(1) if attr else root.group(1) if root else None
    tag, have, guess = name or "?", "", ""
    values = _frame_values(exc)
    for expr in re.findall(r"\{\{-?\s*(.+?)\s*-?\}\}", paragraph) + re.findall(
        r"\{%-?\s*\w+\s+(.+?)\s*-?%\}", paragraph
    ):
        m = (
            re.search(r"([A-Za-z_][\w.]*)\." + re.escape(name or "") + r"\b", expr)
            if attr
            else None
        )
        if m:
            tag = f"{m.group(1)}.{name}"
            parent: object = values.get(m.group(1).split(".")[0])
            for part in m.group(1).split(".")[1:]:
                parent = (
                    parent.get(part) if isinstance(parent, dict) else getattr(parent, part, None)
                )
            fields = _fields(parent)
            if fields:
                have = ", ".join(f"{m.group(1)}.{f}" for f in fields)
                close = difflib.get_close_matches(name or "", fields, n=1)
                if close:
                    guess = f"{m.group(1)}.{close[0]}"
            break
    if root and not have:
        have = ", ".join(
            sorted(
                k
                for k in values
                if k.isidentifier() and not k.startswith("_") and k not in _JINJA_GLOBALS
            )
        )
    return tr(
        "Mẫu {t}: thẻ `{g}` không có{d}{h}",
        "Template {t}: tag `{g}` does not exist{d}{h}",
        t=template,
        g=tag,
        d=tr(" (có phải `{x}`?)", " (did you mean `{x}`?)", x=guess) if guess else "",
        h=tr("; có: {f}", "; available: {f}", f=have) if have else "",
    )


_JINJA_GLOBALS = {
    "range",
    "dict",
    "lipsum",
    "cycler",
    "joiner",
    "namespace",
    "context",
    "missing",
    "environment",
    "undefined",
    "resolve",
    "t_1",
    "t_2",
    "t_3",
}


def _split(source: str) -> list[str]:
    return re.sub(r"\n?<w:p([ >])", r"\n<w:p\1", source).splitlines()


def _syntax_error(
    template: Path, exc: jinja2.TemplateSyntaxError, part: str | None = None
) -> TemplateError:
    message = exc.message or ""
    lines = _split(exc.source) if exc.source else _template_lines(template)
    balance = _unbalanced(lines)
    stray = balance.stray
    where = ""
    if "Unexpected end of template" in message and balance.misplaced is not None:
        inner, outer = balance.misplaced
        what = tr(
            'thiếu một thẻ `{{%p endfor %}}` trước `{g}` (đoạn "{x}"): khối `{o}` mở ở đoạn '
            '"{y}" phải được đóng trước đó',
            'a `{{%p endfor %}}` is missing before `{g}` (paragraph "{x}"): the block `{o}` '
            'opened at paragraph "{y}" must be closed before it',
            g=inner.tag.replace("{%", "{%p", 1),
            x=_near(lines, inner.line, inner.tag),
            o=outer.tag.replace("{%", "{%p", 1),
            y=_near(lines, outer.line, outer.tag),
        )
    elif "Unexpected end of template" in message and balance.open is not None:
        block = balance.open
        what = tr(
            'khối `{g}` mở ở đoạn "{x}" chưa được đóng: thiếu thẻ `{{%p end{k} %}}`',
            'the block `{g}` opened at paragraph "{x}" is never closed: `{{%p end{k} %}}` is '
            "missing",
            g=block.tag.replace("{%", "{%p", 1),
            x=_near(lines, block.line, block.tag),
            k=block.word,
        )
    elif stray is not None and "Encountered unknown tag" in message:
        n, tag = stray
        what = tr(
            'thẻ `{g}` ở đoạn "{x}" không có khối mở tương ứng (đã xóa thẻ mở?)',
            'the tag `{g}` at paragraph "{x}" closes no open block (was the opening deleted?)',
            g=tag.replace("{%", "{%p", 1),
            x=_near(lines, n, tag),
        )
    else:
        filt = re.search(r"No filter named '([^']+)'", message)
        if filt:
            close = difflib.get_close_matches(filt.group(1), list(make_env().filters), n=3)
            what = tr(
                "bộ lọc `{f}` không có{c}",
                "there is no filter `{f}`{c}",
                f=filt.group(1),
                c=tr("; có phải: {m}?", "; did you mean: {m}?", m=", ".join(close))
                if close
                else "",
            )
        else:
            what = message or str(exc)
        line = _located_line(lines)
        bad = _bad_tag(lines[line]) if line is not None and line < len(lines) else None
        if bad and line is not None:
            what = tr("thẻ `{g}` viết sai: {e}", "tag `{g}` is malformed: {e}", g=bad, e=what)
            line += 1  # a {%p %} tag stands before the paragraph it opens
        if line is not None:
            where = tr(
                "\n  đoạn văn quanh thẻ: {x}",
                "\n  paragraph text around the tag: {x}",
                x=_near(lines, line),
            )
    msg = tr(
        "Mẫu {t} có lỗi cú pháp Jinja: {e}",
        "Template {t} has a Jinja syntax error: {e}",
        t=template,
        e=what,
    )
    if part:
        msg += tr("\n  ở {w}", "\n  in {w}", w=part)
    return TemplateError(msg + where + _fix_hint(template))


def _bad_tag(line: str) -> str | None:
    """The first block tag on ``line`` that does not parse on its own (with its end tag)."""
    env = make_env()
    for m in _BLOCK_TAG.finditer(line):
        word = m.group(1)
        probe = m.group(0) + ("{% end" + word + " %}" if word in _OPENERS else "")
        if word.startswith("end") or word in ("else", "elif"):
            continue
        try:
            env.parse(probe)
        except jinja2.TemplateSyntaxError:
            return m.group(0).replace("{%", "{%p", 1)
    return None


def _template_lines(template: Path) -> list[str]:
    """The template body, one paragraph per line (when Jinja kept no source with the error)."""
    try:
        return body_lines(DocxTemplate(str(template)))
    except Exception:  # the template was readable a moment ago; without it, no paragraph is shown
        return []


def _near(lines: list[str], n: int, tag: str | None = None) -> str:
    """The text of paragraph ``n`` (0-based), else of the next paragraph with text. A ``{%p}``
    tag ends up after the paragraph before it: then the paragraph it stood above is meant."""
    if tag is not None and n < len(lines):
        line = lines[n]
        if line.find(tag.replace("{%p", "{%", 1)) > line.rfind("</w:p>"):
            n += 1
    for k in range(n, min(n + 4, len(lines))):
        text = _paragraph_text(lines[k])
        if text:
            return text[:200]
    return ""


_FOR = re.compile(r"for\s+([\w,\s]+?)\s+in\s+([A-Za-z_]\w*)")


@dataclass
class _Open:
    line: int
    word: str
    tag: str
    names: tuple[str, ...] = ()  # loop variables of a for block


@dataclass
class _Balance:
    open: _Open | None = None  # the innermost block still open at the end
    stray: tuple[int, str] | None = None  # the first end tag that closes nothing
    # where an end tag is most likely missing: a for block nested in a loop whose variable it
    # does not use, over a variable of a loop further out (the block, and the one left open)
    misplaced: tuple[_Open, _Open] | None = None


def _unbalanced(lines: list[str]) -> _Balance:
    out = _Balance()
    stack: list[_Open] = []
    for n, line in enumerate(lines):
        for m in _BLOCK_TAG.finditer(line):
            word = m.group(1)
            if word in _OPENERS:
                f = _FOR.match(m.group(0)[2:].strip(" -"))
                block = _Open(
                    n,
                    word,
                    m.group(0),
                    tuple(re.split(r"\s*,\s*", f.group(1).strip())) if f else (),
                )
                loops = [b for b in stack if b.names]
                if f and out.misplaced is None and len(loops) >= 2:
                    root = f.group(2)
                    if root not in loops[-1].names and any(root in b.names for b in loops[:-1]):
                        out.misplaced = (block, loops[-1])
                stack.append(block)
            elif word.startswith("end"):
                if stack and stack[-1].word == word[3:]:
                    stack.pop()
                elif out.stray is None:
                    out.stray = (n, m.group(0))
    out.open = stack[-1] if stack else None
    return out


def _located_line(lines: list[str]) -> int | None:
    """Where the syntax error is once the source is split one paragraph per line (0-based)."""
    if not lines:
        return None
    try:
        make_env().from_string("\n".join(lines))
    except jinja2.TemplateSyntaxError as again:
        return (again.lineno or 1) - 1
    return None
