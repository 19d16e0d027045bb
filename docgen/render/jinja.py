"""The Jinja environment every template renders in, and template errors located in the template."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from docgen.errors import TemplateError
from docgen.i18n import tr


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters["upper"] = lambda s: str(s).upper()
    return env


def _strip_tags(xml_line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", xml_line)).strip()


def _template_line(exc: BaseException) -> int | None:
    """The line of the rendered XML where Jinja failed at run time (from its traceback)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def body_lines(tpl: DocxTemplate) -> list[str]:
    # docxtpl renders the body XML with one paragraph per line; rebuild that view to find the text.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())).splitlines()


def template_error(
    template: Path, exc: jinja2.TemplateError, lines: list[str] | None = None
) -> TemplateError:
    """A located TemplateError; ``lines`` is the source (one paragraph per line) that failed."""
    context = list(getattr(exc, "docx_context", None) or [])
    line = _template_line(exc)
    if not context and lines is not None and line is not None:
        context = lines[max(line - 3, 0) : line + 2]
    around = [t for t in (_strip_tags(x) for x in context) if t]
    excerpt = " | ".join(around)[:300]
    if isinstance(exc, jinja2.TemplateSyntaxError):
        msg = tr(
            "Mẫu {t} có lỗi cú pháp Jinja: {e}",
            "Template {t} has a Jinja syntax error: {e}",
            t=template,
            e=exc.message,
        )
    elif isinstance(exc, jinja2.UndefinedError):
        msg = tr(
            "Mẫu {t} dùng thẻ mà nội dung không có: {e}",
            "Template {t} uses a tag the content does not provide: {e}",
            t=template,
            e=exc.message,
        )
    else:
        msg = tr(
            "Mẫu {t} không hiển thị được: {e}",
            "Template {t} failed to render: {e}",
            t=template,
            e=exc,
        )
    if excerpt:
        msg += tr(
            "\n  đoạn văn quanh thẻ: {x}", "\n  paragraph text around the tag: {x}", x=excerpt
        )
    return TemplateError(msg)
