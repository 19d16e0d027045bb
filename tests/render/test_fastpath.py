"""The render fast path (parse once, render many) makes exactly the documents docxtpl makes."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from docgen.content.load import load_content
from docgen.documents import plan
from docgen.errors import TemplateError
from docgen.pipeline import collect_jobs
from docgen.render import fastpath as tplcache
from docgen.render.engine import (
    DocProps,
    RenderJob,
    apply_props,
    render_bytes,
    render_bytes_plain,
)
from docgen.render.jinja import make_env
from scaffold import borders, header_block, new_document, para, repeat_header, save, table
from tests.helpers import CONTENT, DISTRICT, TEMPLATES, docx_text, plain


def layout(data: bytes) -> dict:
    """What a reader sees: text in order, paragraph styles, table shapes, page setup, properties."""
    doc = Document(io.BytesIO(data))
    paras = [(p.style.name, plain(p.text)) for p in doc.paragraphs]
    tables = [[[plain(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]
    sections = [
        (
            s.orientation,
            s.page_width,
            s.page_height,
            s.left_margin,
            s.top_margin,
            [plain(p.text) for p in s.header.paragraphs],
        )
        for s in doc.sections
    ]
    cp = doc.core_properties
    return {
        "paras": paras,
        "tables": tables,
        "sections": sections,
        "props": (cp.title, cp.author, cp.subject, cp.keywords, cp.created),
    }


@pytest.fixture(scope="module")
def plan_job() -> RenderJob:
    return plan.jobs(load_content(CONTENT, 2024), TEMPLATES)[0]


def test_plan_fast_path_equals_plain_path(plan_job: RenderJob) -> None:
    fast, plain = render_bytes(plan_job), render_bytes_plain(plan_job)
    assert fast == plain  # same bytes, so same text, styles, tables and sections
    assert render_bytes(plan_job) == fast  # and again from the cache
    with zipfile.ZipFile(io.BytesIO(fast)) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert ("VB Doc Type", "KẾ HOẠCH") in layout(fast)["paras"]


@pytest.fixture(scope="module")
def sheet_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A landscape template with a row loop, merged header rows and a tag in the page header."""
    doc = new_document(landscape=True)
    header_block(doc, landscape=True)
    para(doc, "BẢNG TỔNG HỢP {{ title|upper }}", "VB Doc Type")
    t = table(doc, 4, (2.0, 12.0, 4.0, 4.0))
    borders(t)
    repeat_header(t.rows[0])
    for cell, label in zip(t.rows[0].cells, ("TT", "Đơn vị", "Điểm", "Xếp loại"), strict=True):
        para(cell, label, "VB Body")
    para(t.rows[1].cells[0], "{%tr for u in units %}", "VB Body")
    for cell, expr in zip(
        t.rows[2].cells,
        ("{{ loop.index }}", "{{ u.name }}", "{{ u.score }}", "{{ u.grade }}"),
        strict=True,
    ):
        para(cell, expr, "VB Body")
    para(t.rows[3].cells[0], "{%tr endfor %}", "VB Body")
    para(doc, "{{ note }}", "VB Body")
    doc.sections[0].header.paragraphs[0].add_run(" – {{ unit_label }}")
    path = tmp_path_factory.mktemp("tpl") / "bang.docx"
    save(doc, path)
    return path


def sheet_job(template: Path, n: int, **extra: object) -> RenderJob:
    units = [
        {
            "name": f"Chi hội Khuyến học Phường {i} & Khu phố <{i}>",
            "score": f"{80 + i % 20},5",
            "grade": "Xuất sắc" if i % 3 else "Tốt",
        }
        for i in range(1, n + 1)
    ]
    context = {
        "parent_body": ["HỘI KHUYẾN HỌC QUẬN 10"],
        "issuing_body": ["BAN THƯỜNG VỤ"],
        "so_ky_hieu": f"Số: {n}/BC-HKH",
        "place_date": "Quận 10, ngày 06 tháng 5 năm 2024",
        "title": "kết quả thi đua năm 2024",
        "units": units,
        "unit_label": f"{n} đơn vị",
        "note": "Ghi chú:\n- dòng một\tcột 2\n- “1&1”",
        **extra,
    }
    return RenderJob(
        "summary",
        template,
        context,
        f"bang-{n}.docx",
        DocProps(
            title=f"Bảng {n}", author="Hội Khuyến học Quận 10", subject="BẢNG", keywords=f"BTH {n}"
        ),
    )


@pytest.mark.parametrize("n", [1, 7, 40])
def test_table_template_fast_path_equals_plain_path(sheet_template: Path, n: int) -> None:
    job = sheet_job(sheet_template, n)
    fast, plain = render_bytes(job), render_bytes_plain(job)
    assert fast == plain
    seen = layout(fast)
    assert seen == layout(plain)
    rows = seen["tables"][1]
    assert len(rows) == n + 1 and rows[0] == ["TT", "Đơn vị", "Điểm", "Xếp loại"]
    assert rows[-1][1] == f"Chi hội Khuyến học Phường {n} & Khu phố <{n}>"
    assert seen["sections"][0][0] == WD_ORIENT.LANDSCAPE
    assert f"{n} đơn vị" in seen["sections"][0][5][0]
    assert seen["props"][:4] == (f"Bảng {n}", "Hội Khuyến học Quận 10", "BẢNG", f"BTH {n}")
    text = docx_text_bytes(fast)
    assert "Ghi chú:" in text and "“1&1”" in text and "{{" not in text and "{%" not in text


def docx_text_bytes(data: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as f:
        f.write(data)
    try:
        return docx_text(Path(f.name))
    finally:
        os.unlink(f.name)


def test_changed_template_is_reloaded(sheet_template: Path, tmp_path: Path) -> None:
    copy = tmp_path / "bang.docx"
    copy.write_bytes(sheet_template.read_bytes())
    job = sheet_job(copy, 2)
    assert "BẢNG TỔNG HỢP" in docx_text_bytes(render_bytes(job))
    with zipfile.ZipFile(copy) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "BẢNG TỔNG HỢP".encode(), "DANH SÁCH TỔNG HỢP".encode()
    )
    with zipfile.ZipFile(copy, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    st = copy.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    fast = render_bytes(job)
    assert "DANH SÁCH TỔNG HỢP" in docx_text_bytes(fast) and fast == render_bytes_plain(job)


def test_errors_match_the_plain_path(sheet_template: Path) -> None:
    job = sheet_job(sheet_template, 3)
    missing = dataclasses.replace(
        job, context={k: v for k, v in job.context.items() if k != "note"}
    )
    for render in (render_bytes, render_bytes_plain):
        with pytest.raises(TemplateError, match="note") as info:
            render(missing)
        assert "bang.docx" in str(info.value)
    bad_units = dataclasses.replace(job, context={**job.context, "units": [{"name": "A"}]})
    messages = []
    for render in (render_bytes, render_bytes_plain):
        with pytest.raises(TemplateError) as info:
            render(bad_units)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "score" in messages[0] and "đoạn văn quanh thẻ" in messages[0]
    assert "{{ u.score }}" in messages[0]


def test_one_parse_serves_many_documents(sheet_template: Path) -> None:
    tplcache.clear()
    jobs = [sheet_job(sheet_template, n) for n in (2, 5, 11)]
    fast = [render_bytes(j) for j in jobs]
    assert tplcache.cache_info()["templates"] == 1
    assert fast == [render_bytes_plain(j) for j in jobs]
    assert len(set(fast)) == 3


def test_every_shipped_template_fast_path_equals_plain_docxtpl() -> None:
    """The fast path leans on docxtpl/python-docx private functions and zipfile internals: for
    each template docgen ships, its first job renders to exactly plain docxtpl's bytes."""
    # the school's set and the district's: together they use every template
    jobs = [
        *collect_jobs(load_content(CONTENT, 2024), TEMPLATES),
        *collect_jobs(load_content(DISTRICT, 2024), TEMPLATES),
    ]
    first: dict[str, RenderJob] = {}
    for job in jobs:
        first.setdefault(job.template.name, job)
    assert set(first) == {p.name for p in TEMPLATES.glob("*.docx")}  # every template is covered
    for name, job in sorted(first.items()):
        fast = tplcache.render(job.template, job.context, job.props, make_env, apply_props)
        assert fast == render_bytes_plain(job), name  # no silent fallback: fast path proper
        assert docx_text_bytes(fast).strip(), name
