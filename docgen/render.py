"""Rendering: a docxtpl template + a context -> a .docx file, strictly and reproducibly.

- Strict: a tag the context does not provide is an error naming the template, the tag and the
  paragraph around it; nothing renders blank silently (Jinja ``StrictUndefined``).
- Safe: autoescape, so "1&1" or "<" in content cannot break the document XML.
- Reproducible: the same inputs give the same bytes (fixed zip timestamps, document properties
  from content, not from the clock).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from docgen import docxslim
from docgen.errors import TemplateError
from docgen.i18n import tr

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DocProps:
    """Core document properties (File > Properties in Word), taken from content."""

    title: str
    author: str
    subject: str = ""
    date: dt.date | None = None
    keywords: str = ""


@dataclass(frozen=True)
class RenderJob:
    kind: str  # "plan", "evaluation", "summary", "totrinh", …
    template: Path
    context: dict[str, Any]
    filename: str  # file name inside the year's output folder, e.g. "ke-hoach-2024.docx"
    props: DocProps
    meta: dict[str, Any] = field(default_factory=dict)  # extra manifest fields (unit, candidate…)


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters["upper"] = lambda s: str(s).upper()
    return env


def _strip_tags(xml_line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", xml_line)).strip()


def _template_line(exc: BaseException) -> int | None:
    """The line of the rendered XML where Jinja failed at run time (from its rewritten traceback)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _body_lines(tpl: DocxTemplate) -> list[str]:
    # docxtpl renders the body XML with one paragraph per line; rebuild that view to find the text.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml())).splitlines()


def _template_error(template: Path, exc: jinja2.TemplateError,
                    lines: list[str] | None = None) -> TemplateError:
    """A located TemplateError; ``lines`` is the source (one paragraph per line) that failed."""
    context = list(getattr(exc, "docx_context", None) or [])
    line = _template_line(exc)
    if not context and lines is not None and line is not None:
        context = lines[max(line - 3, 0): line + 2]
    around = [t for t in (_strip_tags(x) for x in context) if t]
    excerpt = " | ".join(around)[:300]
    if isinstance(exc, jinja2.TemplateSyntaxError):
        msg = tr("Mẫu {t} có lỗi cú pháp Jinja: {e}", "Template {t} has a Jinja syntax error: {e}",
                 t=template, e=exc.message)
    elif isinstance(exc, jinja2.UndefinedError):
        msg = tr("Mẫu {t} dùng thẻ mà nội dung không có: {e}",
                 "Template {t} uses a tag the content does not provide: {e}", t=template,
                 e=exc.message)
    else:
        msg = tr("Mẫu {t} không hiển thị được: {e}", "Template {t} failed to render: {e}",
                 t=template, e=exc)
    if excerpt:
        msg += tr("\n  đoạn văn quanh thẻ: {x}", "\n  paragraph text around the tag: {x}", x=excerpt)
    return TemplateError(msg)


def load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(tr("Không tìm thấy mẫu {p}", "Template not found: {p}", p=path))
    try:
        return DocxTemplate(io.BytesIO(path.read_bytes()))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(tr("Mẫu {p} không phải tệp .docx hợp lệ ({e})",
                               "Template {p} is not a valid .docx ({e})", p=path, e=exc)) from None


def render_bytes(job: RenderJob) -> bytes:
    """Render ``job`` and return the .docx bytes (the fast path: parse once, render many).

    Byte-identical to ``render_bytes_plain``; templates the fast path does not handle (footnotes)
    fall back to the plain path."""
    from docgen import tplcache
    try:
        return tplcache.render(job.template, job.context, job.props, make_env, apply_props)
    except tplcache.Unsupported:
        return render_bytes_plain(job)


def render_bytes_plain(job: RenderJob) -> bytes:
    """Render ``job`` with plain docxtpl (load, render, save): the reference for the fast path."""
    env = make_env()
    tpl = load_template(job.template)
    try:
        missing = tpl.get_undeclared_template_variables(env, job.context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(job.template, exc) from None
    if missing:
        raise TemplateError(tr(
            "Mẫu {t} dùng thẻ mà nội dung không có: {m}",
            "Template {t} uses tags the content does not provide: {m}",
            t=job.template, m=", ".join(sorted(missing))))
    try:
        tpl.render(job.context, env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise _template_error(job.template, exc, _body_lines(tpl)) from None
    set_props(tpl, job.props)
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue(), styles_used(job.template))


def set_props(tpl: DocxTemplate, props: DocProps) -> None:
    apply_props(tpl.docx.core_properties, props)


def apply_props(cp: Any, props: DocProps) -> None:
    """Write ``props`` into python-docx ``CoreProperties``."""
    cp.title, cp.author, cp.subject, cp.keywords = props.title, props.author, props.subject, props.keywords
    cp.last_modified_by = props.author
    cp.revision = 1
    stamp = dt.datetime.combine(props.date or dt.date(2000, 1, 1), dt.time(8, 0))
    cp.created = cp.modified = stamp


def styles_used(template: Path) -> set[str] | None:
    """The style ids the template refers to (see ``docxslim``)."""
    with zipfile.ZipFile(template) as z:
        return docxslim.referenced({n: z.read(n) for n in z.namelist() if n.endswith(".xml")})


def normalize_zip(data: bytes, styles: set[str] | None = None) -> bytes:
    """Rewrite a .docx zip with fixed timestamps so equal content gives equal bytes.

    With ``styles`` (the ids in use), unused built-in style definitions are dropped."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, ZIP_EPOCH)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            member = src.read(info.filename)
            if info.filename == docxslim.STYLES:
                member = docxslim.prune(member, styles)
            dst.writestr(zi, member)
    return out.getvalue()
