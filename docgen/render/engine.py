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
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from docgen.errors import TemplateError
from docgen.files import zip_bytes
from docgen.i18n import tr
from docgen.reader.outline import Unreadable
from docgen.reader.read import check_docx
from docgen.render import fastpath as tplcache
from docgen.render import slim as docxslim
from docgen.render import typeset
from docgen.render.jinja import (
    RUNTIME_ERRORS,
    body_lines,
    make_env,
    missing_tags_error,
    template_error,
)
from docgen.render.job import DocProps, RenderJob
from docgen.render.tables import Template


def load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(tr("Không tìm thấy mẫu {p}", "Template not found: {p}", p=path))
    try:
        check_docx(path)  # zip bomb, DTD/entities: the limits of `docgen check`
    except Unreadable as exc:
        raise TemplateError(
            tr("Mẫu {p}: {e}", "Template {p}: {e}", p=path, e=tr(exc.vi, exc.en))
        ) from None
    try:
        return Template(io.BytesIO(path.read_bytes()))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise TemplateError(
            tr(
                "Mẫu {p} không phải tệp .docx hợp lệ ({e})",
                "Template {p} is not a valid .docx ({e})",
                p=path,
                e=exc,
            )
        ) from None


def render_bytes(job: RenderJob) -> bytes:
    """Render ``job`` and return the .docx bytes (the fast path: parse once, render many).

    Byte-identical to ``render_bytes_plain``; templates the fast path does not handle (footnotes)
    fall back to the plain path."""
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
        raise template_error(job.template, exc) from None
    if missing:
        raise missing_tags_error(job.template, missing, body_lines(tpl), job.context)
    try:
        tpl.render(job.context, env, autoescape=True)
    except (jinja2.TemplateError, *RUNTIME_ERRORS) as exc:
        raise template_error(job.template, exc, body_lines(tpl)) from None
    typeset_parts(tpl)
    set_props(tpl, job.props)
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue(), styles_used(job.template))


def typeset_parts(tpl: DocxTemplate) -> None:
    """The typesetting pass (non-breaking spaces) over the rendered body, headers and footers."""
    typeset.part(tpl.docx.element.body)
    for rel in tpl.docx.part.rels.values():
        if rel.reltype in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            typeset.part(rel.target_part.element)


def set_props(tpl: DocxTemplate, props: DocProps) -> None:
    apply_props(tpl.docx.core_properties, props)


def apply_props(cp: Any, props: DocProps) -> None:
    """Write ``props`` into python-docx ``CoreProperties``."""
    cp.title, cp.author, cp.subject, cp.keywords = (
        props.title,
        props.author,
        props.subject,
        props.keywords,
    )
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
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(name, src.read(name)) for name in src.namelist()]
    return zip_bytes(
        (name, docxslim.prune(member, styles) if name == docxslim.STYLES else member)
        for name, member in members
    )
