"""``bench/check``: how fast ``docgen check`` answers a clerk (one file) and a district (a folder).

Measures, from the command line as a user runs it:
- the modules a single .docx check imports (``python -X importtime``): pypdf, rich, pydantic,
  openpyxl and docxtpl must not be among them;
- the wall time of ``docgen check one.docx`` and ``docgen check one.pdf`` (median and best of
  ``--repeat`` runs; targets 0.2 s and 0.3 s);
- documents per second over a folder of mixed .docx and PDF files (target 100/s on 2 cores).
Prints a table and writes ``bench/check-results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("pypdf", "rich", "pydantic", "openpyxl", "docxtpl")
TARGETS = {"docx_s": 0.2, "pdf_s": 0.3, "folder_docs_per_s": 100.0}


def docgen_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("docgen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "docgen"]


def make_samples(folder: Path) -> tuple[Path, Path | None]:
    """docgen's 2024 plan as a .docx, and as a PDF when LibreOffice is installed."""
    from docgen.content.load import load_content
    from docgen.documents import plan
    from docgen.render.engine import render_bytes

    job = plan.jobs(load_content(REPO / "content", 2024), REPO / "templates_docx")[0]
    docx = folder / "ke-hoach.docx"
    docx.write_bytes(render_bytes(job))
    pdf = None
    if shutil.which("soffice"):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
            capture_output=True,
            timeout=180,
            check=False,
        )
        pdf = folder / "ke-hoach.pdf"
        pdf = pdf if pdf.exists() else None
    return docx, pdf


def imported_modules(path: Path) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "docgen", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    out = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            out.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return out


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command. On a shared machine the wall time grows with the
    load; the CPU time (user + system of the process tree) is what it costs."""
    c, t = _children_cpu(), time.perf_counter()
    subprocess.run(args, capture_output=True, check=False)
    return time.perf_counter() - t, _children_cpu() - c


def wall_times(path: Path, repeat: int) -> list[tuple[float, float]]:
    return [timed([*docgen_cmd(), "check", str(path)]) for _ in range(repeat)]


def folder_rate(docx: Path, pdf: Path | None, n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(n):
            src = pdf if pdf is not None and i % 5 == 4 else docx  # one PDF in five
            shutil.copyfile(src, folder / f"{i:04d}{src.suffix}")
        wall, cpu = timed([*docgen_cmd(), "check", str(folder)])
    cores = min(os.cpu_count() or 1, 4)
    return {
        "documents": n,
        "wall_s": round(wall, 3),
        "docs_per_s": round(n / wall, 1),
        "cpu_s": round(cpu, 3),
        # what the run takes on idle cores: its CPU time spread over the worker processes
        "docs_per_s_idle_estimate": round(n / (cpu / cores), 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/check", description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=10, help="runs per single-file timing")
    p.add_argument("--folder", type=int, default=300, help="documents in the folder run")
    p.add_argument("--json", type=Path, default=REPO / "bench" / "check-results.json")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docx, pdf = make_samples(Path(tmp))
        mods = imported_modules(docx)
        r: dict[str, Any] = {
            "cores": os.cpu_count(),
            "heavy_imports_for_one_docx": sorted(m for m in HEAVY if m in mods),
        }
        for key, path in (("docx", docx), ("pdf", pdf)):
            if path is None:
                continue
            ts = wall_times(path, a.repeat)
            r[key] = {
                "median_s": round(statistics.median(w for w, _ in ts), 3),
                "best_s": round(min(w for w, _ in ts), 3),
                "cpu_median_s": round(statistics.median(c for _, c in ts), 3),
                "runs": a.repeat,
            }
        r["folder"] = folder_rate(docx, pdf, a.folder)
    r["targets"] = TARGETS
    a.json.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"cores: {r['cores']}")
    print(f"heavy modules imported by `docgen check one.docx`: {r['heavy_imports_for_one_docx']}")
    for key in ("docx", "pdf"):
        if key in r:
            print(
                f"one {key}: wall median {r[key]['median_s']} s, best {r[key]['best_s']} s; "
                f"CPU median {r[key]['cpu_median_s']} s over {r[key]['runs']} runs "
                f"(target ≤ {TARGETS[key + '_s']} s)"
            )
    f = r["folder"]
    print(
        f"folder of {f['documents']} mixed files: {f['wall_s']} s wall, {f['docs_per_s']} "
        f"documents/s; CPU {f['cpu_s']} s, {f['docs_per_s_idle_estimate']} documents/s on idle "
        f"cores (target ≥ {TARGETS['folder_docs_per_s']:g}/s)"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f}")
    return 0
