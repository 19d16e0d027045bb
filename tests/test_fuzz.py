"""Property-based fuzzing of every loader (issue 12): random and mutated inputs give a located
error (a ``DocgenError`` / ``Unreadable``) or a result, never an unexpected exception (exit 3),
within a time budget per input. Kept to a few seconds per loader in CI."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.check import config as rules_config
from docgen.content.load import load_content
from docgen.content.source import load_yaml
from docgen.errors import DocgenError, ProblemList
from docgen.reader.outline import Unreadable
from docgen.reader.read import read
from tests.helpers import CONTENT

FUZZ = settings(
    # DOCGEN_FUZZ_EXAMPLES=1000 for a longer hunt; CI keeps each loader to a few seconds
    max_examples=int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "40")),
    deadline=3000,  # ms per input: a hostile input must not be slow either
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same inputs on every CI run; no flaky findings
    database=None,
)

PLAN = (CONTENT / "2024" / "plan.yaml").read_bytes()
SCORES = (CONTENT / "2024" / "scores.csv").read_bytes()


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few random edits: flips, insertions (YAML/XML/CSV syntax and control
    characters included), deletions, duplication and truncation."""
    data = bytearray(seed)
    tokens = st.sampled_from(
        [
            b"\x00",
            b"\x0b",
            b"\xff",
            b"&",
            b"*a",
            b"&a ",
            b"!!python/object:os.system ",
            b"[",
            b"{",
            b"]",
            b"}",
            b": ",
            b"- ",
            b"\n  ",
            b"'",
            b'"',
            b"\\x01",
            b"<",
            b">",
            b"</w:p>",
            b"<!DOCTYPE x [<!ENTITY e 'x'>]>",
            b";",
            b",",
            b"=HYPERLINK(",
            b"1e308",
            b"-0",
            b"{{",
            b"}}",
            b"%",
            b"\r",
            "ế".encode(),
            b"\xe1\xbb",
        ]
    )
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 4))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == 0 and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == 1:
            data[pos:pos] = draw(tokens)
        elif kind == 2:
            n = draw(st.integers(1, 200))
            del data[pos : pos + n]
        elif kind == 3:
            n = draw(st.integers(1, 200))
            data[pos:pos] = data[pos : pos + n] * draw(st.integers(1, 20))
        else:
            data = data[:pos]
    return bytes(data)


any_bytes = st.binary(max_size=2000)
any_text = st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass"))


# -- content YAML ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dst = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, dst)
    return dst


@FUZZ
@given(data=st.one_of(mutated(PLAN), any_bytes, any_text))
def test_fuzz_content_yaml(data: bytes, content_dir: Path) -> None:
    (content_dir / "2024" / "plan.yaml").write_bytes(data)
    try:
        load_content(content_dir, 2024)
    except DocgenError as exc:
        assert exc.exit_code in (1, 2) and exc.format()


# -- rules YAML -----------------------------------------------------------------------------

RULES = (Path(rules_config.__file__).parent / "rules.yaml").read_bytes()


@FUZZ
@given(data=st.one_of(mutated(RULES[:3000]), mutated(b"defaults:\n  components: {}\n"), any_text))
def test_fuzz_rules_yaml(data: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_bytes(data)
    try:
        rules_config.load(path)
    except DocgenError as exc:
        assert exc.format()


# -- scores CSV / XLSX ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheme_units(content_dir: Path):
    from docgen.content.units import load_units
    from docgen.scoring.scheme import load_scheme

    (content_dir / "2024" / "plan.yaml").write_bytes(PLAN)
    content = load_content(content_dir, 2024)
    units = load_units(content.year_dir)
    assert units is not None
    return load_scheme(content).scheme, [u.id for u in units]


def _xlsx_seed() -> bytes:
    from docgen.content.units import load_units
    from docgen.scoring.form import form_bytes
    from docgen.scoring.scheme import load_scheme

    content = load_content(CONTENT, 2024)
    units = load_units(content.year_dir)
    assert units is not None
    return form_bytes(load_scheme(content).scheme, units)


def _read_scores(path: Path, scheme_units) -> None:
    from docgen.scoring.readers import read_scores

    scheme, ids = scheme_units
    try:
        read_scores(path, scheme, ids, ProblemList())
    except DocgenError as exc:
        assert exc.format()


@FUZZ
@given(data=st.one_of(mutated(SCORES), any_bytes))
def test_fuzz_scores_csv(data: bytes, scheme_units, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("csv") / "scores.csv"
    path.write_bytes(data)
    _read_scores(path, scheme_units)


def _rezip(seed: bytes, member: str, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, new if info.filename == member else src.read(info))
    return out.getvalue()


@st.composite
def mutated_package(draw: st.DrawFn, seed: bytes, members: list[str]) -> bytes:
    """A zip package with one XML member mutated, or the zip bytes themselves mutated."""
    if draw(st.booleans()):
        return draw(mutated(seed))
    member = draw(st.sampled_from(members))
    with zipfile.ZipFile(io.BytesIO(seed)) as z:
        xml = z.read(member)
    return _rezip(seed, member, draw(mutated(xml)))


XLSX = _xlsx_seed()


@FUZZ
@given(
    data=st.one_of(
        mutated_package(XLSX, ["xl/worksheets/sheet1.xml", "xl/workbook.xml"]), any_bytes
    )
)
def test_fuzz_scores_xlsx(data: bytes, scheme_units, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "scores.xlsx"
    path.write_bytes(data)
    _read_scores(path, scheme_units)


# -- .docx and PDF readers, importer --------------------------------------------------------


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from docgen.pipeline import BuildOptions, build
    from tests.helpers import TEMPLATES

    out = tmp_path_factory.mktemp("built")
    build(BuildOptions(content=CONTENT, out=out, templates=TEMPLATES, year=2024, pdf=False))
    return (out / "2024" / "ke-hoach-2024.docx").read_bytes()


DOCX_PARTS = [
    "word/document.xml",
    "word/styles.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
]


@FUZZ
@given(data=st.data())
def test_fuzz_docx_reader(data: st.DataObject, plan_docx: bytes, tmp_path_factory) -> None:
    blob = data.draw(st.one_of(mutated_package(plan_docx, DOCX_PARTS), any_bytes))
    path = tmp_path_factory.mktemp("docx") / "van-ban.docx"
    path.write_bytes(blob)
    try:
        read(path)
    except Unreadable as exc:
        assert exc.vi and exc.en


def _pdf_seed() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    w = PdfWriter()
    page = w.add_blank_page(width=595, height=842)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 72 720 Td (KE HOACH thi dua nam 2024) Tj ET")
    page[NameObject("/Contents")] = w._add_object(stream)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


PDF = _pdf_seed()


@FUZZ
@given(data=st.one_of(mutated(PDF), any_bytes.map(lambda b: b"%PDF-1.7\n" + b)))
def test_fuzz_pdf_reader(data: bytes, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("pdf") / "van-ban.pdf"
    path.write_bytes(data)
    try:
        read(path)
    except Unreadable as exc:
        assert exc.vi and exc.en


@FUZZ
@given(data=st.data())
def test_fuzz_importer(data: st.DataObject, plan_docx: bytes, tmp_path_factory) -> None:
    from docgen.lifecycle.importer import import_plan

    blob = data.draw(mutated_package(plan_docx, ["word/document.xml"]))
    folder = tmp_path_factory.mktemp("import")
    path = folder / "ke-hoach.docx"
    path.write_bytes(blob)
    try:
        import_plan(path, folder / "content", 2024)
    except DocgenError as exc:
        assert exc.exit_code == 1 and exc.format()


def test_fuzz_yaml_loader_alone_is_bounded(tmp_path: Path) -> None:
    """A sanity check of the harness: load_yaml gives a result for the shipped plan."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(PLAN)
    assert load_yaml(path)["year"] == 2024
