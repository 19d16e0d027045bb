"""The render fast path: parse each template once, render it many times.

docxtpl re-opens the .docx, re-parses the XML and recompiles the Jinja template for every
document (and once more to list the undeclared variables). A district run renders the same
evaluation template hundreds of times, so this module loads each template ONCE (cached by path,
mtime and size) and keeps:

- the package exactly as python-docx would save it (member order and bytes), with the
  unchanged members already deflated and unused built-in styles dropped (``render.slim``);
- the patched body / header / footer XML compiled to Jinja templates;
- the set of variables the template declares.

A render then only runs the compiled templates, applies docxtpl's own post-processing
(``resolve_listing``, ``fix_tables``, docPr ids) and writes the zip directly
(``files.write_zip``), copying the unchanged members as bytes. The result is byte-identical to
the plain docxtpl path (``render.render_bytes_plain``); tests/render/test_fastpath.py checks
that for every shipped template.
"""

from __future__ import annotations

import copy
import os
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import nsmap
from docxtpl import DocxTemplate
from jinja2 import meta
from lxml import etree

from docgen.errors import TemplateError
from docgen.files import deflate, write_zip
from docgen.i18n import tr
from docgen.reader.outline import Unreadable
from docgen.reader.read import check_docx
from docgen.render import slim as docxslim
from docgen.render import typeset
from docgen.render.jinja import RUNTIME_ERRORS, missing_tags_error, template_error
from docgen.render.tables import Template

CORE_PROPS_RENDERED = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CACHE_SIZE = 32
_LISTING = re.compile("[\t\a\n\f]")


class Unsupported(Exception):
    """The template uses something only the plain docxtpl path handles (e.g. footnotes)."""


@dataclass
class Member:
    """One zip member: either fixed (already deflated) or produced per render."""

    name: str
    info: zipfile.ZipInfo | None = None  # fixed members: CRC and sizes filled in
    raw: bytes = b""  # fixed members: deflated bytes


@dataclass
class Part:
    """A rendered XML part (body, header or footer): its compiled template and source lines."""

    name: str  # zip member name, e.g. word/document.xml
    source: str  # patched XML, one paragraph per line (what Jinja sees)
    template: jinja2.Template
    encoding: str = "utf-8"

    @property
    def lines(self) -> list[str]:
        return self.source.splitlines()


@dataclass
class Loaded:
    path: Path
    env: jinja2.Environment
    members: list[Member]
    body: Part
    shell: Any  # the document element with an empty body
    headers: list[Part]  # headers and footers
    core: Any  # core properties element as saved
    core_name: str
    core_templates: dict[str, jinja2.Template]
    declared: set[str]


_cache: OrderedDict[tuple[str, int, int], Loaded] = OrderedDict()
_lock = threading.Lock()
# docxtpl's string functions only (patch_xml, resolve_listing…), and fix_tables keeping the
# widths of cells a column loop repeats (tables.Template)
_helper = Template(None)


def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_mtime_ns, st.st_size


def _compile(env: jinja2.Environment, name: str, xml: str, encoding: str = "utf-8") -> Part:
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return Part(name, source, env.from_string(source), encoding)


def load(path: Path, make_env: Any) -> Loaded:
    """The parsed, compiled template at ``path`` (from the cache when the file is unchanged)."""
    if not path.is_file():
        raise TemplateError(tr("Không tìm thấy mẫu {p}", "Template not found: {p}", p=path))
    key = _key(path)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    loaded = _load(path, make_env())
    with _lock:
        _cache[key] = loaded
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return loaded


def _load(path: Path, env: jinja2.Environment) -> Loaded:
    try:
        check_docx(path)  # zip bomb, DTD/entities: the limits of `docgen check`
    except Unreadable as exc:
        raise TemplateError(
            tr("Mẫu {p}: {e}", "Template {p}: {e}", p=path, e=tr(exc.vi, exc.en))
        ) from None
    try:
        doc = Document(BytesIO(path.read_bytes()))
    except etree.XMLSyntaxError as exc:
        raise _broken(path, _failing_part(path, exc), _part_text(path, exc), exc) from None
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise TemplateError(
            tr(
                "Mẫu {p} không phải tệp .docx hợp lệ ({e})",
                "Template {p} is not a valid .docx ({e})",
                p=path,
                e=exc,
            )
        ) from None
    package = doc.part.package
    if any(p.content_type == FOOTNOTES for p in package.iter_parts()):
        raise Unsupported("footnotes")
    core_part = package._core_properties_part  # created here when missing, as docxtpl does
    body_xml = _helper.patch_xml(_helper.xml_to_string(doc.element.body))
    headers_xml = []
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for rel in doc.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                xml = _helper.xml_to_string(docxslim.parse_part(rel.target_part.blob))
                name = rel.target_part.partname.lstrip("/")
                headers_xml.append(
                    (name, _helper.get_headers_footers_encoding(xml), _helper.patch_xml(xml))
                )
    try:
        # the same check as docxtpl's get_undeclared_template_variables (body + headers + footers)
        declared = meta.find_undeclared_variables(
            env.parse(body_xml + "".join(x for _, _, x in headers_xml))
        )
        body = _compile(env, doc.part.partname.lstrip("/"), body_xml)
        headers = [_compile(env, n, x, enc) for n, enc, x in headers_xml]
        core_templates = {
            p: env.from_string(getattr(doc.core_properties, p) or "") for p in CORE_PROPS_RENDERED
        }
    except jinja2.TemplateSyntaxError as exc:
        raise template_error(path, exc) from None
    shell = copy.deepcopy(doc.element)
    shell_body = shell.find(f"{{{nsmap['w']}}}body")
    for child in list(shell_body):
        shell_body.remove(child)
    saved = BytesIO()
    doc.save(saved)
    dynamic = {body.name, core_part.partname.lstrip("/"), *(h.name for h in headers)}
    members = []
    with zipfile.ZipFile(path) as z:
        used = docxslim.referenced({n: z.read(n) for n in z.namelist() if n.endswith(".xml")})
    with zipfile.ZipFile(saved) as z:
        for info in z.infolist():
            if info.filename in dynamic:
                members.append(Member(info.filename))
            else:
                data = z.read(info.filename)
                if info.filename == docxslim.STYLES:
                    data = docxslim.prune(data, used)
                members.append(Member(info.filename, *deflate(info.filename, data)))
    return Loaded(
        path,
        env,
        members,
        body,
        shell,
        headers,
        copy.deepcopy(core_part.element),
        core_part.partname.lstrip("/"),
        core_templates,
        declared,
    )


def _part_candidates(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(n, z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))]


def _failing_part(path: Path, exc: etree.XMLSyntaxError) -> str:
    """The package part that does not parse (python-docx does not say which)."""
    for name, data in _part_candidates(path):
        try:
            etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            return name
    return "?"


def _part_text(path: Path, exc: etree.XMLSyntaxError) -> bytes:
    name = _failing_part(path, exc)
    return dict(_part_candidates(path)).get(name, b"")


def _post(xml: str) -> str:
    """docxtpl's post-processing of a rendered part (render_xml_part, after Jinja)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if not _LISTING.search(xml):  # resolve_listing only rewrites these characters: skip its regexes
        return xml
    return _helper.resolve_listing(xml)


def _run(t: Loaded, part: Part, context: dict[str, Any]) -> str:
    try:
        return _post(part.template.render(context))
    except (jinja2.TemplateError, *RUNTIME_ERRORS) as exc:
        raise template_error(t.path, exc, part.lines) from None


def _xml(t: Loaded, part: Part, rendered: str | bytes, parse: Any) -> Any:
    """Parse a rendered part; XML broken by an edit of the template is a located error."""
    try:
        return parse(rendered)
    except etree.XMLSyntaxError as exc:
        raise _broken(t.path, part.name, rendered, exc) from None


def _broken(path: Path, part: str, xml: str | bytes, exc: etree.XMLSyntaxError) -> TemplateError:
    """The template's XML does not parse: name the part and show the text before the fault."""
    text = xml.decode("utf-8", "replace") if isinstance(xml, bytes) else xml
    lines = text.splitlines() or [""]
    line = max(min(exc.lineno or 1, len(lines)), 1)
    before = "\n".join(lines[max(line - 3, 0) : line - 1]) + lines[line - 1][: (exc.offset or 0)]
    near = re.sub(r"\s+", " ", re.sub(r"<[^>]*>?", " ", before[-2000:])).strip()[-200:]
    return TemplateError(
        tr(
            "Mẫu {t} có XML hỏng (có lẽ do sửa tay): phần {p}, dòng {l}: {e}\n"
            "  đoạn văn ngay trước chỗ hỏng: {x}",
            "Template {t} has broken XML (probably edited by hand): part {p}, line {l}: {e}\n"
            "  paragraph text just before the fault: {x}",
            t=path,
            p=part,
            l=exc.lineno,
            e=exc.msg,
            x=near or "—",
        )
    )


def render(path: Path, context: dict[str, Any], props: Any, make_env: Any, set_core: Any) -> bytes:
    """Render the template at ``path`` with ``context``; the .docx bytes."""
    t = load(path, make_env)
    missing = t.declared - set(context)
    if missing:
        raise missing_tags_error(path, missing, t.body.lines, context)
    out: dict[str, bytes] = {}
    # body: as DocxTemplate.render (build_xml, fix_tables, fix_docpr_ids, map_tree)
    tree = typeset.part(_xml(t, t.body, _run(t, t.body, context), _helper.fix_tables))
    ids = 1000
    for elt in tree.xpath("//wp:docPr", namespaces=nsmap):
        ids += 1
        elt.attrib["id"] = str(ids)
    root = copy.deepcopy(t.shell)
    root.replace(root.find(f"{{{nsmap['w']}}}body"), tree)
    out[t.body.name] = serialize_part_xml(root)
    for part in t.headers:
        xml = _run(t, part, context).encode(part.encoding)
        out[part.name] = serialize_part_xml(typeset.part(_xml(t, part, xml, docxslim.parse_part)))
    core = copy.deepcopy(t.core)
    cp = CoreProperties(core)
    for name, tpl in t.core_templates.items():
        try:
            setattr(cp, name, tpl.render(context))
        except (jinja2.TemplateError, *RUNTIME_ERRORS) as exc:
            where = tr("thuộc tính tài liệu '{n}'", "document property '{n}'", n=name)
            raise template_error(path, exc, where=where) from None
    set_core(cp, props)
    out[t.core_name] = serialize_part_xml(core)
    entries = []
    for m in t.members:
        if m.info is not None:
            entries.append((m.info, m.raw))
        else:
            entries.append(deflate(m.name, out[m.name]))
    return write_zip(entries)


def clear() -> None:
    with _lock:
        _cache.clear()


def cache_info() -> dict[str, int]:
    return {"templates": len(_cache), "pid": os.getpid()}
