"""District scale: the synthetic district generator, bench/run, one PDF batch, clean Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from bench.district import DEFAULT_COLUMNS, generate, has_stage
from docgen import pipeline as build_mod
from docgen.content.load import load_content
from docgen.content.source import load_yaml
from docgen.content.units import load_units
from docgen.export import pdf as export
from docgen.pipeline import BuildOptions, build
from tests.helpers import REPO, TEMPLATES, needs_soffice


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory):
    return generate(
        tmp_path_factory.mktemp("district") / "content", n_units=40, n_nominees=9, seed=7
    )


def test_generated_units_load_with_docgens_loaders(district) -> None:
    content = load_content(district.content, 2024)
    units = load_units(content.year_dir)
    assert len(units) == 40 and len({u.id for u in units}) == 40
    kinds = {u.kind for u in units}
    assert {"Chi hội trường học", "Chi hội phường"} <= kinds
    for u in units:
        assert u.name.startswith("Chi hội Khuyến học ")
        assert unicodedata.is_normalized("NFC", u.name) and u.head and len(u.head.split()) >= 3
    assert any("Nguyễn" in u.head for u in units)  # the commonest family name shows up
    assert content.plan.total_points > 0  # the real plan is copied alongside


def test_generated_scores_follow_the_scoring_format(district) -> None:
    text = (district.content / "2024" / "scores.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    head, body = rows[0], rows[1:]
    codes = [c for c, _ in DEFAULT_COLUMNS]
    assert head[:3] == ["STT", "Mã đơn vị", "Tên đơn vị"] and head[-2:] == ["Tổng (100)", "Ghi chú"]
    assert [h.split(" (")[0] for h in head[3:-2]] == codes
    ids = [u["id"] for u in district.units]
    assert [r[1] for r in body] == ids
    for r in body:
        values = [float(v.replace(",", ".")) for v in r[3:-2]]
        for v, (_, mx) in zip(values, DEFAULT_COLUMNS, strict=True):
            assert 0 <= v <= mx and (v * 2).is_integer()
        assert float(r[-2].replace(",", ".")) == pytest.approx(sum(values))
    if has_stage("docgen.scoring"):  # after the merge: the scoring stage reads it
        from docgen.scoring import load_scored

        scored = load_scored(load_content(district.content, 2024))
        assert len(scored.results) == 40


def test_generated_dossier_inputs_are_consistent(district) -> None:
    noms = load_yaml(district.content / "2024" / "nominations.yaml")
    council = load_yaml(district.content / "2024" / "council.yaml")
    awards = {a["name"] for a in load_yaml(district.content / "2024" / "awards.yaml")["awards"]}
    ids = {u["id"] for u in district.units}
    names = [c["name"] for c in noms["candidates"]]
    assert len(names) == 9 and len(set(names)) == 9
    assert {c["kind"] for c in noms["candidates"]} == {"tập thể", "cá nhân"}
    assert all(c["unit"] in ids and c["award"] in awards for c in noms["candidates"])
    voted = [v["candidate"] for v in council["votes"]]
    assert voted[:9] == names and voted[9:] == district.unit_votes
    present = council["meeting"]["members_present"]
    assert all(v["agree"] + v.get("against", 0) <= present for v in council["votes"])
    if has_stage("docgen.dossier"):
        from docgen.dossier.load import load_dossier

        d = load_dossier(load_content(district.content, 2024))
        assert d is not None and d.proposed


def test_same_seed_same_files(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", n_units=15, n_nominees=4, seed=1)
    b = generate(tmp_path / "b", n_units=15, n_nominees=4, seed=1)
    c = generate(tmp_path / "c", n_units=15, n_nominees=4, seed=2)
    for f in a.files:
        assert (a.content / f).read_bytes() == (b.content / f).read_bytes()
    scores = "2024/scores.csv"
    assert (a.content / scores).read_bytes() != (c.content / scores).read_bytes()


@pytest.mark.slow  # the benchmark script end to end
def test_bench_run_small(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run"),
            "--quick",
            "--units",
            "5",
            "--no-pdf",
            "--scaling",
            "3,5",
            "--json",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    r = json.loads(out.read_text(encoding="utf-8"))
    assert set(r) >= {"meta", "render", "pdf", "check", "e2e", "scaling", "targets"}
    rd = r["render"]
    assert rd["documents"] >= 5 and rd["naive_ms_per_doc"] > 0 and rd["docgen_ms_per_doc"] > 0
    same = rd["docgen_ms_per_doc_same_sample"]
    assert rd["ratio"] == pytest.approx(rd["naive_ms_per_doc"] / same, rel=0.05)
    assert r["pdf"]["available"] is False
    assert "available" in r["check"]
    assert r["e2e"]["completed"], r["e2e"].get("error")
    assert r["e2e"]["files"]["docx"] >= 1 and r["e2e"]["wall_s"] > 0
    assert r["e2e"]["peak_rss_mb"] > 20  # a Python process at least
    assert [p["units"] for p in r["scaling"]["points"]] == [3, 5]
    assert set(r["targets"]) == {
        "render_ratio",
        "pdf_ratio",
        "check_docs_per_s",
        "e2e_wall_s",
        "e2e_peak_mb",
    }
    assert "render" in proc.stdout and "end to end" in proc.stdout  # the printed table


def test_one_batch_for_all_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents in several folders, with equal names, go to LibreOffice in one batch."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "c").mkdir(parents=True)
    files = [tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx", tmp_path / "b" / "c" / "y.docx"]
    for i, f in enumerate(files):
        f.write_bytes(f"doc {i}".encode())
    batches = []

    class FakeBatch:  # what soffice does: <stem>.pdf in outdir, for every file of the batch
        def __init__(self, docx_files, outdir, **kw):
            self.files, self.outdir = list(docx_files), outdir

        def start(self):
            batches.append(self.files)
            assert all(f.is_file() for f in self.files)  # linked before LibreOffice starts
            return self

        def wait(self, progress=None):
            self.outdir.mkdir(parents=True, exist_ok=True)
            out = []
            for f in self.files:
                pdf = self.outdir / (f.stem + ".pdf")
                pdf.write_bytes(b"%PDF " + f.read_bytes())
                out.append(pdf)
            return out

        def cancel(self):
            pass

    monkeypatch.setattr(export, "Batch", FakeBatch)
    pdfs = export.convert_beside(files)
    assert len(batches) == 1 and len(batches[0]) == 3
    assert pdfs == [f.with_suffix(".pdf") for f in files]
    assert [p.read_bytes() for p in pdfs] == [b"%PDF doc 0", b"%PDF doc 1", b"%PDF doc 2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # work folder removed


def test_chunks_balance_work(tmp_path: Path) -> None:
    """One big document (a 300-row summary) weighs as much as five small sheets."""
    sizes = [100_000, 500_000, 100_000, 100_000, 100_000, 100_000]
    paths = []
    for i, size in enumerate(sizes):
        p = tmp_path / f"{i}.docx"
        with p.open("wb") as f:
            f.truncate(size)
        paths.append(p)
    chunks = export._chunks(paths, 2)
    assert sorted(chunks, key=len) == [[paths[1]], [paths[0], *paths[2:]]]  # input order kept


def _soffice_children(marker: str) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmd = Path(f"/proc/{entry.name}/cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmd:
                pids.append(int(entry.name))
    return pids


@needs_soffice
def test_ctrl_c_during_pdf_kills_libreoffice_and_leaves_nothing(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[int]] = []

    def interrupt(seconds: float) -> None:  # Ctrl-C while LibreOffice is converting
        for _ in range(40):  # (its launcher script may be between exec calls for an instant)
            running = _soffice_children(f"docgen-lo-{os.getpid()}-")
            if running:
                break
            time.sleep(0.05)
        seen.append(running)
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_wait", interrupt)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build(BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2024, pdf=True))
    assert seen and seen[0], "LibreOffice was running when Ctrl-C came"
    deadline = time.monotonic() + 5
    while _soffice_children(f"docgen-lo-{os.getpid()}-") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _soffice_children(f"docgen-lo-{os.getpid()}-") == []
    assert list(out.iterdir()) == []  # no staging folder, no partial file
    assert build_mod.export is export
