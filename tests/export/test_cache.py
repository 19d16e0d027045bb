"""Incremental builds: a PDF is reused only while its .docx bytes and LibreOffice's world are
unchanged; one changed input converts exactly the documents whose .docx changed."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from pypdf import PdfReader, PdfWriter

from docgen.errors import ExportError
from docgen.export import cache
from docgen.export import pdf as export
from docgen.export.manifest import sha256
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import TEMPLATES, needs_soffice, pdftotext
from tests.scoring.test_scoring_inputs import csv_lines, set_cell, write_csv


class Converter:
    """Stands in for LibreOffice: a one-page PDF that records the hash of the .docx it came from,
    and the list of documents each build converted."""

    def __init__(self) -> None:
        self.converted: list[str] = []

    def batch(self, docx_files, outdir, **kw):  # the signature of export.Batch
        conv = self

        class FakeBatch:
            def __init__(self) -> None:
                self.files = [Path(f) for f in docx_files]

            def start(self):
                return self

            def wait(self, progress=None):
                outdir.mkdir(parents=True, exist_ok=True)
                out = []
                for f in self.files:
                    conv.converted.append(re.sub(r"^\d{5}-", "", f.name))
                    w = PdfWriter()
                    w.add_blank_page(595, 842)
                    w.add_metadata({"/Subject": sha256(f)})
                    pdf = outdir / (f.stem + ".pdf")
                    with pdf.open("wb") as fh:
                        w.write(fh)
                    out.append(pdf)
                return out

            def cancel(self) -> None:
                pass

        return FakeBatch()

    def take(self) -> set[str]:
        names, self.converted = set(self.converted), []
        return names


@pytest.fixture
def lo(monkeypatch: pytest.MonkeyPatch) -> Converter:
    conv = Converter()
    monkeypatch.setattr(export, "Batch", conv.batch)
    monkeypatch.setattr(export, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(cache, "libreoffice_stamp", lambda soffice: "LibreOffice 7.4.7.2")
    monkeypatch.setattr(cache, "font_stamp", lambda: "Liberation Serif 2.1.5")
    return conv


def run(content: Path, out: Path, templates: Path = TEMPLATES, **kw) -> BuildResult:
    return build(BuildOptions(content=content, out=out, templates=templates, year=2024, **kw))


def docx_hashes(result: BuildResult) -> dict[str, str]:
    """Each .docx of the build (file name) with its sha256, from the manifest."""
    data = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    return {Path(d["path"]).name: d["sha256"] for d in data["documents"] if d["format"] == "docx"}


def assert_fresh(result: BuildResult) -> None:
    """Every PDF was made from the .docx beside it, as it is now: nothing stale."""
    docx = sorted(result.out_dir.rglob("*.docx"))
    assert docx
    for f in docx:
        meta = PdfReader(str(f.with_suffix(".pdf"))).metadata
        assert meta is not None and meta["/Subject"] == sha256(f), f.name


def test_unchanged_rebuild_converts_nothing(lo: Converter, content_copy: Path, tmp_path) -> None:
    out = tmp_path / "out"
    first = run(content_copy, out)
    names = set(docx_hashes(first))
    assert lo.take() == names and len(names) > 10
    manifest = (first.out_dir / "manifest.json").read_bytes()
    again = run(content_copy, out)
    assert lo.take() == set()
    assert (again.out_dir / "manifest.json").read_bytes() == manifest  # pages, hashes: same
    assert_fresh(again)


def test_one_score_converts_exactly_the_changed_documents(
    lo: Converter, district_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    before = docx_hashes(run(district_copy, out))
    lo.take()
    # thpt-nguyen-an-ninh: ND3 17 -> 16, total 82 -> 81 (its rank stays third)
    lines = set_cell(set_cell(csv_lines(district_copy), 4, 9, "16"), 4, 12, "81")
    write_csv(district_copy, lines)
    result = run(district_copy, out)
    after = docx_hashes(result)
    changed = {name for name, sha in after.items() if before.get(name) != sha}
    assert lo.take() == changed
    assert "phieu-cham-diem-2024-thpt-nguyen-an-ninh.docx" in changed
    assert "bang-tong-hop-2024.docx" in changed
    assert "ke-hoach-2024.docx" not in changed
    assert not any(n.startswith("phieu-cham-diem") and "an-ninh" not in n for n in changed)
    assert len(changed) < len(after) / 2
    assert_fresh(result)


def test_ranking_change_converts_what_the_ranking_touches(
    lo: Converter, district_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    before = docx_hashes(run(district_copy, out))
    lo.take()
    # thpt-dien-hong 61.5 -> 82.5 (ND1, ND3, ND4 -> 20, Thưởng -> 8): fourth -> third
    lines = csv_lines(district_copy)
    for col, value in ((4, "20"), (9, "20"), (10, "20"), (11, "8"), (12, "82,5")):
        lines = set_cell(lines, 5, col, value)
    write_csv(district_copy, lines)
    result = run(district_copy, out)
    after = docx_hashes(result)
    changed = {name for name, sha in after.items() if before.get(name) != sha}
    assert "phieu-cham-diem-2024-thpt-dien-hong.docx" in changed
    assert lo.take() == changed
    assert_fresh(result)


def _bigger_body(src: Path, dst: Path, template: str) -> Path:
    shutil.copytree(src, dst)
    doc = Document(str(dst / template))
    doc.styles["VB Body"].font.size = Pt(13)
    doc.save(str(dst / template))
    return dst


def test_template_font_size_regenerates_that_templates_documents(
    lo: Converter, content_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run(content_copy, out)
    before = docx_hashes(first)
    kinds = {
        Path(d["path"]).name: d["kind"]
        for d in json.loads((first.out_dir / "manifest.json").read_text())["documents"]
    }
    lo.take()
    templates = _bigger_body(TEMPLATES, tmp_path / "tpl", "ke-hoach.docx")
    result = run(content_copy, out, templates=templates)
    after = docx_hashes(result)
    changed = {name for name, sha in after.items() if before[name] != sha}
    assert lo.take() == changed == {n for n in after if kinds[n] == "plan"}
    assert_fresh(result)


@pytest.mark.parametrize("stamp", ["libreoffice_stamp", "font_stamp"])
def test_new_libreoffice_or_fonts_regenerate_everything(
    lo: Converter, content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stamp: str
) -> None:
    out = tmp_path / "out"
    names = set(docx_hashes(run(content_copy, out)))
    lo.take()
    monkeypatch.setattr(cache, stamp, lambda *a: "LibreOffice 24.2.7 / fonts-liberation2 2.1.6")
    result = run(content_copy, out)
    assert lo.take() == names
    run(content_copy, out)
    assert lo.take() == set()  # the new world is cached in turn
    assert_fresh(result)


def test_no_cache_or_clean_output_converts_everything(
    lo: Converter, content_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    names = set(docx_hashes(run(content_copy, out)))
    lo.take()
    run(content_copy, out, cache=False)
    assert lo.take() == names
    shutil.rmtree(out)
    run(content_copy, out)
    assert lo.take() == names


def test_corrupt_or_foreign_entries_are_ignored(
    lo: Converter, content_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(content_copy, out)
    lo.take()
    folder = out / ".cache" / "2024" / "pdf"
    metas = sorted(folder.glob("*.json"))
    pdfs = {json.loads(m.read_text())["key"]: m.with_suffix(".pdf") for m in metas}
    keys = sorted(pdfs)
    pdfs[keys[0]].unlink()  # entry without its PDF
    pdfs[keys[1]].write_bytes(b"%PDF-1.4 truncated")  # PDF no longer the one recorded
    (folder / f"{keys[2]}.json").write_text("{not json")  # unreadable
    meta = json.loads((folder / f"{keys[3]}.json").read_text())
    (folder / f"{keys[3]}.json").write_text(json.dumps({**meta, "format": 99}))  # foreign
    meta = json.loads((folder / f"{keys[4]}.json").read_text())
    (folder / f"{keys[4]}.json").write_text(json.dumps({**meta, "key": keys[5]}))  # misplaced
    (out / ".cache" / "2024" / "check.json").write_text("[1, 2")
    result = run(content_copy, out)
    assert len(lo.take()) == 5
    assert_fresh(result)
    run(content_copy, out)
    assert lo.take() == set()  # repaired


def test_checks_are_reused_and_say_the_same(
    lo: Converter, district_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.check.engine import Checker

    calls: list[Path] = []
    real = Checker.check_file

    def counted(self, path):
        calls.append(path)
        return real(self, path)

    monkeypatch.setattr(Checker, "check_file", counted)
    out = tmp_path / "out"
    first = run(district_copy, out)
    before = docx_hashes(first)
    assert len(calls) == len(before)
    calls.clear()
    same = run(district_copy, out)
    assert calls == [] and same.warnings == first.warnings
    lines = set_cell(set_cell(csv_lines(district_copy), 4, 9, "16"), 4, 12, "81")
    write_csv(district_copy, lines)
    again = run(district_copy, out)
    changed = set(docx_hashes(again).items()) - set(before.items())
    assert sorted(p.name for p in calls) == sorted(name for name, _ in changed)
    assert len(changed) >= 2


def test_failed_conversion_keeps_nothing(
    lo: Converter, content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*a, **kw):
        raise ExportError("LibreOffice failed (exit 81)")

    monkeypatch.setattr(export, "Batch", broken)
    out = tmp_path / "out"
    with pytest.raises(ExportError):
        run(content_copy, out)
    assert list(out.iterdir()) == []


@needs_soffice
def test_real_rebuild_reuses_libreoffices_pdfs(
    built_2024: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content_copy: Path
) -> None:
    """The session build's cache: a rebuild with LibreOffice present starts no LibreOffice."""
    out = tmp_path / "out"
    shutil.copytree(built_2024.out_dir.parent, out)

    start = export.Batch.start

    def no_libreoffice(self: export.Batch) -> export.Batch:
        assert self.files == [], "LibreOffice started although every .docx is unchanged"
        return start(self)

    monkeypatch.setattr(export.Batch, "start", no_libreoffice)
    again = run(content_copy, out)
    for f in built_2024.out_dir.rglob("*.pdf"):
        rel = f.relative_to(built_2024.out_dir)
        assert (again.out_dir / rel).read_bytes() == f.read_bytes(), rel
    plan = again.out_dir / "ke-hoach-2024.pdf"
    assert "KẾ HOẠCH" in pdftotext(plan)
    old = json.loads((built_2024.out_dir / "manifest.json").read_text(encoding="utf-8"))
    new = json.loads((again.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert new == old
    # the PDFs' layout (date line, Nơi nhận) is not read again either, and says the same
    stats = json.loads((out / ".cache" / "2024" / "last-build.json").read_text())
    docs = len([e for e in new["documents"] if e["format"] == "docx"])
    assert stats["layout_misses"] == 0 and stats["layout_hits"] == docs
    assert [str(w) for w in again.warnings] == [str(w) for w in built_2024.warnings]


def test_new_docgen_code_renders_and_checks_again(
    lo: Converter, content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .docx is reused only from the same docgen: another version renders everything again."""
    out = tmp_path / "out"
    names = set(docx_hashes(run(content_copy, out)))
    lo.take()
    stats = out / ".cache" / "2024" / "last-build.json"
    run(content_copy, out)
    assert json.loads(stats.read_text())["docx_hits"] == len(names)
    monkeypatch.setattr(cache, "code_stamp", lambda: "docgen of tomorrow")
    run(content_copy, out)
    s = json.loads(stats.read_text())
    assert s["docx_hits"] == 0 and s["docx_misses"] == len(names)
    assert s["check_hits"] == 0 and s["check_misses"] == len(names)
    assert lo.take() == set()  # same bytes, so the PDFs still stand


def test_draft_is_rendered_not_reused(lo: Converter, content_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    final = docx_hashes(run(content_copy, out))
    lo.take()
    draft = docx_hashes(run(content_copy, out, draft=True))
    assert set(draft) == set(final)
    assert lo.take() == {n for n in draft if draft[n] != final[n]}


def test_cli_no_cache_flag(lo: Converter, content_copy: Path, tmp_path: Path) -> None:
    from docgen import cli

    out = tmp_path / "out"

    def build_cli(*extra: str) -> int:
        args = ["build", "--content", str(content_copy), "--out", str(out), "--year", "2024"]
        with pytest.raises(SystemExit) as exc:
            cli.main([*args, "--templates", str(TEMPLATES), "-q", *extra])
        return int(exc.value.code or 0)

    assert build_cli() == 0
    names = lo.take()
    assert build_cli() == 0 and lo.take() == set()
    assert build_cli("--no-cache") == 0 and lo.take() == names
    stats = json.loads((out / ".cache" / "2024" / "last-build.json").read_text())
    assert stats["docx_hits"] == stats["pdf_hits"] == stats["check_hits"] == 0


def _edited_copy(src: Path, dst: Path) -> Path:
    """``src`` with one more comment line: the same rules, other bytes."""
    dst.write_text(src.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    return dst


@pytest.mark.parametrize("which", ["rules", "profile"])
def test_changed_rules_or_profile_checks_again(
    lo: Converter, content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """Findings are keyed by the rules data the build's checker loads (rules.yaml and docgen's
    profile), not only by docgen's code: another rules file never reuses stale findings."""
    from docgen.check import config

    out = tmp_path / "out"
    names = set(docx_hashes(run(content_copy, out)))
    stats = out / ".cache" / "2024" / "last-build.json"
    run(content_copy, out)
    assert json.loads(stats.read_text())["check_hits"] == len(names)
    monkeypatch.setattr(cache, "code_stamp", lambda: "the same docgen")  # only the data changes
    run(content_copy, out)
    if which == "rules":
        monkeypatch.setattr(config, "BUILTIN", _edited_copy(config.BUILTIN, tmp_path / "r.yaml"))
    else:
        edited = _edited_copy(config.PROFILES["docgen"], tmp_path / "p.yaml")
        monkeypatch.setitem(config.PROFILES, "docgen", edited)
    run(content_copy, out)
    s = json.loads(stats.read_text())
    assert s["check_hits"] == 0 and s["check_misses"] == len(names)
    run(content_copy, out)
    assert json.loads(stats.read_text())["check_hits"] == len(names)  # cached in turn


def test_check_key_covers_the_profile_and_options() -> None:
    from docgen.check.engine import Options

    docgen = cache.checker_stamp("vi", Options(profile="docgen"))
    assert docgen == cache.checker_stamp("vi", Options(profile="docgen"))
    assert docgen != cache.checker_stamp("vi", Options(profile="decree"))
    assert docgen != cache.checker_stamp("en", Options(profile="docgen"))
    assert docgen != cache.checker_stamp("vi", Options(profile="docgen", stage="draft"))
    assert docgen != cache.checker_stamp("vi", Options(profile="docgen", ignore=("VB5",)))


def test_dead_runs_temporary_files_leave_the_cache(
    lo: Converter, content_copy: Path, tmp_path: Path
) -> None:
    """A build killed while writing the cache leaves ``.<name>.<pid>.tmp``; the next build
    removes it (as ``files.reap`` removes staging folders), a live process's stays."""
    out = tmp_path / "out"
    run(content_copy, out)
    root = out / ".cache" / "2024"
    dead = [root / ".check.json.999999999.tmp", root / "pdf" / ".x.pdf.999999999.tmp"]
    live = root / f".check.json.{os.getppid()}.tmp"  # a process still running
    for p in [*dead, live]:
        p.write_bytes(b"half")
    run(content_copy, out)
    assert not any(p.exists() for p in dead) and live.exists()
