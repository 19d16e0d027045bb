"""The warm LibreOffice kept between builds (docgen.export.office): a rebuild converts its few
changed documents there, never with a LibreOffice other than the one its PDF cache key names,
and falls back to a batch of its own when the warm one is missing or gone."""

from __future__ import annotations

import json
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from docgen.export import cache, office
from docgen.export import pdf as export
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import (
    CONTENT,
    DISTRICT,
    HAS_SOFFICE,
    TEMPLATES,
    docx_text,
    needs_soffice,
    pdftotext,
)
from tests.scoring.test_scoring_inputs import csv_lines, set_cell, write_csv

HAS_UNO = HAS_SOFFICE and office.uno_python() is not None
needs_uno = pytest.mark.skipif(not HAS_UNO, reason="no Python with LibreOffice's UNO bridge")


def run(content: Path, out: Path) -> BuildResult:
    return build(BuildOptions(content=content, out=out, templates=TEMPLATES, year=2024))


@pytest.fixture
def warm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Warm LibreOffice on, in a private folder of this test (a short path: a unix socket's
    name has ~100 bytes at most); stopped at the end, whatever happened."""
    folder = Path(tempfile.mkdtemp(prefix="dgo-"))
    monkeypatch.setenv("DOCGEN_OFFICE_DIR", str(folder))
    monkeypatch.setenv("DOCGEN_OFFICE_IDLE", "5")  # minutes
    yield folder
    soffice = export.find_soffice()
    if soffice:
        office.stop(soffice)
    shutil.rmtree(folder, ignore_errors=True)


def ready(soffice: str, stamp: str, timeout: float = 90) -> int:
    """The pid of the warm server once it answers for ``stamp``."""
    folder = office.home(soffice)
    assert folder is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = office._ready(folder)
        if found and found[1] == stamp:
            return found[0]
        time.sleep(0.1)
    raise AssertionError("the warm LibreOffice did not start")


def no_batch(*args: object, **kw: object) -> None:
    raise AssertionError("a LibreOffice batch of the build's own was started")


@needs_soffice
@needs_uno
def test_a_rebuild_converts_its_changed_documents_in_the_warm_office(
    warm: Path, district_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content_copy = district_copy  # the district's scoring: sheets and the ranked summary
    out = tmp_path / "out"
    run(content_copy, out)  # every document: converted by the build's own batch
    soffice = export.find_soffice()
    assert soffice is not None
    stamp = cache.pdf_environment(soffice)
    pid = ready(soffice, stamp)  # the build left a warm LibreOffice for the next one
    # thpt-nguyen-an-ninh: ND3 17 -> 16, total 82 -> 81
    write_csv(content_copy, set_cell(set_cell(csv_lines(content_copy), 4, 9, "16"), 4, 12, "81"))
    monkeypatch.setattr(export.Batch, "start", no_batch)
    result = run(content_copy, out)
    stats = json.loads((out / ".cache" / "2024" / "last-build.json").read_text())
    assert 0 < stats["pdf_misses"] < office.WARM_MAX
    assert office._ready(office.home(soffice)) == (pid, stamp)  # type: ignore[arg-type]
    summary = result.out_dir / "bang-tong-hop-2024.pdf"
    lines = pdftotext(summary).splitlines()
    at = next(i for i, line in enumerate(lines) if "Nguyễn An Ninh" in line)
    row = " ".join(lines[at - 1 : at + 1])  # the unit's name wraps: its figures are above
    assert re.search(r"\b81\b", row) and not re.search(r"\b82\b", row), row
    manifest = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    for d in manifest["documents"]:  # page counts are those of the PDFs published
        if d["format"] == "pdf" and d["path"].count("/") == 0 and d["pages"]:
            assert len(PdfReader(str(result.out_dir / d["path"])).pages) == d["pages"]


@needs_soffice
@needs_uno
def test_the_warm_office_makes_the_pdf_a_batch_makes(warm: Path, tmp_path: Path) -> None:
    soffice = export.find_soffice()
    assert soffice is not None
    built = tmp_path / "b"
    built.mkdir()
    docs = [built / f"{name}.docx" for name in ("ke-hoach-2024", "bang-tong-hop-2024")]
    result = run(DISTRICT, tmp_path / "out")  # converted by the build's own batch
    for d in docs:
        shutil.copyfile(result.out_dir / d.name, d)
    o = office.Office(soffice, "stamp")
    assert o.start(wait=True)
    with office.WarmBatch(docs, o) as batch:
        warm_pdfs = batch.wait()
    assert [p.name for p in warm_pdfs] == [d.with_suffix(".pdf").name for d in docs]
    for pdf in warm_pdfs:
        reference = result.out_dir / pdf.name
        assert len(PdfReader(str(pdf)).pages) == len(PdfReader(str(reference)).pages)
        assert pdftotext(pdf) == pdftotext(reference)
    assert "KẾ HOẠCH" in docx_text(docs[0]).upper()


@needs_soffice
@needs_uno
def test_another_libreoffice_or_fonts_restart_the_warm_office(warm: Path) -> None:
    soffice = export.find_soffice()
    assert soffice is not None
    assert office.Office(soffice, "fonts-a").start(wait=True)
    first = ready(soffice, "fonts-a")
    assert office.Office(soffice, "fonts-a").running()
    assert not office.Office(soffice, "fonts-b").running()  # never used for another stamp
    assert office.Office(soffice, "fonts-b").start(wait=True)
    second = ready(soffice, "fonts-b")
    assert second != first
    assert not office._alive(first)  # gone (a zombie init has not reaped yet counts as gone)


@needs_soffice
@needs_uno
def test_the_warm_office_stops_by_itself_when_idle(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_OFFICE_IDLE", "0.03")  # 1.8 s
    soffice = export.find_soffice()
    assert soffice is not None
    assert office.Office(soffice, "s").start(wait=True)
    folder = office.home(soffice)
    assert folder is not None
    deadline = time.monotonic() + 30
    while office._ready(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert office._ready(folder) is None
    assert not (folder / "sock").exists()


@needs_soffice
@needs_uno
def test_a_cancelled_conversion_leaves_no_pdf(warm: Path, tmp_path: Path) -> None:
    """A check error cancels the conversion: nothing lands beside the .docx afterwards."""
    soffice = export.find_soffice()
    assert soffice is not None
    result = run(CONTENT, tmp_path / "out")
    docs = []
    for src in sorted(result.out_dir.glob("*.docx"))[:6]:
        docs.append(tmp_path / src.name)
        shutil.copyfile(src, docs[-1])
    o = office.Office(soffice, "s")
    assert o.start(wait=True)
    batch = office.WarmBatch(docs, o).start()
    batch.cancel()
    time.sleep(3)  # the server goes on with the file it had begun, then stops
    assert sorted(tmp_path.glob("*.pdf")) == []
    work = office.home(soffice) / "work"  # type: ignore[operator]
    assert not work.exists() or list(work.rglob("*.pdf")) == []


def test_no_private_folder_no_warm_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server folder others can enter is never used (its socket would take their requests):
    the build converts with its own batch."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("DOCGEN_OFFICE_DIR", str(shared))
    monkeypatch.setenv("DOCGEN_OFFICE_IDLE", "5")
    assert office.home("/usr/bin/soffice") is None
    batch = office.batch_for([tmp_path / "a.docx"], "/usr/bin/soffice", "s")
    assert isinstance(batch, export.BesideBatch)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777


def test_off_by_setting_and_for_large_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_OFFICE_DIR", str(tmp_path / "o"))
    monkeypatch.setenv("DOCGEN_OFFICE_IDLE", "0")
    assert not office.enabled()
    assert isinstance(office.batch_for([tmp_path / "a.docx"], "x", "s"), export.BesideBatch)
    monkeypatch.setenv("DOCGEN_OFFICE_IDLE", "5")
    many = [tmp_path / f"{i}.docx" for i in range(office.WARM_MAX)]
    assert isinstance(office.batch_for(many, "x", "s"), export.BesideBatch)
    assert not (tmp_path / "o").exists()  # nothing started


def test_a_vanished_server_falls_back_to_a_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server went away between the check and the request: the build's own batch converts."""
    monkeypatch.setenv("DOCGEN_OFFICE_DIR", str(tmp_path / "o"))
    docs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for d in docs:
        d.write_bytes(b"docx")
    made: list[list[Path]] = []

    def fake_convert(files: list[Path]) -> list[Path]:
        made.append(list(files))
        for f in files:
            f.with_suffix(".pdf").write_bytes(b"%PDF")
        return [f.with_suffix(".pdf") for f in files]

    monkeypatch.setattr(office, "convert_beside", fake_convert)
    o = office.Office("/usr/bin/soffice", "s")  # no server: its socket does not exist
    with office.WarmBatch(docs, o) as batch:
        pdfs = batch.wait()
    assert made == [docs]
    assert pdfs == [d.with_suffix(".pdf") for d in docs]


@needs_uno
def test_a_server_that_cannot_start_leaves_the_build_to_its_own_batch(
    warm: Path, tmp_path: Path
) -> None:
    """LibreOffice exits at once (here: not LibreOffice at all): the server gives up, says so by
    removing its ``starting`` file, and the build converts with its own batch."""
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    o = office.Office(str(broken), "s")
    assert not o.start(wait=True)
    assert o.folder is not None
    assert not (o.folder / "starting").exists() and not (o.folder / "ready").exists()
    batch = office.batch_for([tmp_path / "a.docx"], str(broken), "s")
    assert isinstance(batch, export.BesideBatch)
