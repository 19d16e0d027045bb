"""``bench/run``: docgen against the naive pipeline, both measured in the same run.

Stages: render (docxtpl load+render+save per document vs docgen's fast path), PDF (one soffice
per file on a sample vs docgen's batch), check (``docgen check`` over the outputs), end to end
(``docgen build`` of the whole district: wall time, peak memory of the process tree) and scaling
(end to end at several N). Writes ``bench/results.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.district import REPO, YEAR, generate, has_stage
from bench.measure import run_tree

TARGETS = {
    "render_ratio": 5.0,
    "pdf_ratio": 8.0,
    "pdf_ms_per_doc": 50.0,
    "check_docs_per_s": 100.0,
    "e2e_wall_s": 30.0,
    "e2e_peak_mb": 300.0,  # PSS of the whole process tree (docgen + LibreOffice)
    "e2e_own_mb": 120.0,  # RSS of docgen's own process
    "rebuild_wall_s": 3.0,
    "scaling_slope_ratio": 1.25,  # marginal cost per unit, last segment / first segment
    "scaling_memory_ratio": 1.5,  # docgen's peak RSS at the largest N / at the smallest
}
UPPER = {"render_ratio", "pdf_ratio", "check_docs_per_s"}  # the others are upper bounds
STAGES = ("render", "pdf", "check", "e2e", "rebuild", "scaling")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=None, help="đơn vị / units (default 300; quick 30)")
    p.add_argument("--nominees", type=int, default=30)
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument(
        "--scaling", default=None, help="N list for scaling, without PDF (default 300,1000,3000)"
    )
    p.add_argument("--skip", default="", help=f"comma list of stages to skip: {','.join(STAGES)}")
    p.add_argument("--no-pdf", action="store_true", help="no LibreOffice at all (skips PDF stage)")
    p.add_argument("--pdf-sample", type=int, default=None, help="naive soffice runs (default 20)")
    p.add_argument("--pdf-docs", type=int, default=None, help="limit docgen's PDF batch to N docs")
    p.add_argument(
        "--render-sample",
        type=int,
        default=None,
        help="documents rendered the naive way (default 100)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="small and fast: 30 units, small samples, scaling 10,20,30",
    )
    p.add_argument("--workdir", type=Path, default=None, help="keep generated data here")
    p.add_argument("--json", type=Path, default=REPO / "bench" / "results.json")
    a = p.parse_args(argv)
    a.skip = {s.strip() for s in a.skip.split(",") if s.strip()}
    unknown = a.skip - set(STAGES)
    if unknown:
        p.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    q = a.quick
    a.units = a.units or (30 if q else 300)
    a.scaling = [int(x) for x in (a.scaling or ("10,20,30" if q else "300,1000,3000")).split(",")]
    a.pdf_sample = a.pdf_sample if a.pdf_sample is not None else (2 if q else 20)
    a.pdf_docs = a.pdf_docs if a.pdf_docs is not None else (20 if q else None)
    a.render_sample = a.render_sample or (20 if q else 100)
    return a


def spread(n: int, k: int) -> list[int]:
    """``k`` indices spread evenly over ``range(n)`` (all when k >= n)."""
    if k >= n:
        return list(range(n))
    if k <= 1:
        return [0]
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})


# -- stages ------------------------------------------------------------------------------------


def stage_render(content: Path, templates: Path, out: Path, sample: int) -> dict[str, Any]:
    from docxtpl import DocxTemplate

    from docgen.content.load import load_content
    from docgen.pipeline import collect_jobs
    from docgen.render import fastpath as tplcache
    from docgen.render.engine import make_env, render_bytes

    t0 = time.perf_counter()
    loaded = load_content(content, YEAR)
    jobs = collect_jobs(loaded, templates)
    prepare = time.perf_counter() - t0
    document_set = "docgen build jobs"
    if not has_stage("docgen.scoring"):  # no per-unit documents in this build: stand-ins
        jobs += unit_plans(loaded, templates)
        document_set += " + one plan per unit (stand-in: the scoring stage is not installed)"
    tplcache.clear()  # docgen starts cold: its one parse per template is counted
    times = []
    for job in jobs:
        t = time.perf_counter()
        path = out / "docgen" / job.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_bytes(job))
        times.append(time.perf_counter() - t)
    idx = spread(len(jobs), sample)
    naive = []
    for i in idx:
        job = jobs[i]
        path = out / "naive" / job.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        tpl = DocxTemplate(job.template)
        tpl.render(job.context, make_env(), autoescape=True)
        tpl.save(path)
        naive.append(time.perf_counter() - t)
    docgen_all = sum(times) / len(times) * 1000
    docgen_sample = sum(times[i] for i in idx) / len(idx) * 1000
    naive_ms = sum(naive) / len(naive) * 1000
    return {
        "documents": len(jobs),
        "document_set": document_set,
        "kinds": dict(Counter(j.kind for j in jobs)),
        "templates": len({j.template for j in jobs}),
        "prepare_s": round(prepare, 3),
        "naive_sample": len(idx),
        "naive_ms_per_doc": round(naive_ms, 2),
        "docgen_ms_per_doc": round(docgen_all, 2),
        "docgen_ms_per_doc_same_sample": round(docgen_sample, 2),
        "ratio": round(naive_ms / docgen_sample, 1),
        "docgen_total_s": round(sum(times), 3),
        "naive_extrapolated_total_s": round(naive_ms * len(jobs) / 1000, 2),
        "root": str(out),
        "docgen_files": [str(out / "docgen" / j.filename) for j in jobs],
        "naive_files": [str(out / "naive" / jobs[i].filename) for i in idx],
    }


def unit_plans(content: Any, templates: Path) -> list[Any]:
    """The plan as each unit would issue it (its own header and number): N realistic documents."""
    import dataclasses

    from docgen.content.units import load_units
    from docgen.documents import plan

    base = plan.jobs(content, templates)[0]
    out = []
    for i, u in enumerate(load_units(content.year_dir) or [], start=1):
        ctx = {
            **base.context,
            "parent_body": ["HỘI KHUYẾN HỌC QUẬN 10"],
            "issuing_body": [u.name.upper()],
            "so_ky_hieu": f"Số: {i:02d}/KH-CHKH",
            "signer": {**base.context["signer"], "title": "CHI HỘI TRƯỞNG", "name": u.head or ""},
        }
        out.append(
            dataclasses.replace(
                base, context=ctx, filename=f"don-vi/ke-hoach-{u.id}.docx", meta={"unit": u.id}
            )
        )
    return out


def _soffice_one(soffice: str, profile: Path, src: Path, outdir: Path) -> None:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(src),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=300,
    )


def stage_pdf(render: dict[str, Any], out: Path, sample: int, limit: int | None) -> dict[str, Any]:
    from docgen.export import pdf as export

    soffice = export.find_soffice()
    if soffice is None:
        return {"available": False, "reason": "LibreOffice (soffice) not installed"}
    naive_files = [Path(p) for p in render["naive_files"]]
    picked = [naive_files[i] for i in spread(len(naive_files), sample)]
    profile = out / "naive-profile"
    _soffice_one(soffice, profile, picked[0], out / "warmup")  # profile creation: not counted
    naive = []
    for f in picked:
        t = time.perf_counter()
        _soffice_one(soffice, profile, f, out / "naive-pdf")
        naive.append(time.perf_counter() - t)
    docs = [Path(p) for p in render["docgen_files"]]
    if limit:
        docs = [docs[i] for i in spread(len(docs), limit)]
    work = out / "docgen-pdf"
    shutil.rmtree(work, ignore_errors=True)
    copies = []
    for d in docs:  # a copy, so the render stage's folder keeps only .docx
        c = work / d.relative_to(Path(render["root"]) / "docgen")
        c.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(d, c)
        copies.append(c)
    workers = export.default_workers(len(copies))
    t = time.perf_counter()
    export.convert_beside(copies)
    total = time.perf_counter() - t
    naive_ms = sum(naive) / len(naive) * 1000
    docgen_ms = total / len(copies) * 1000
    return {
        "available": True,
        "naive_sample": len(picked),
        "naive_ms_per_doc": round(naive_ms, 1),
        "naive_extrapolated_total_s": round(naive_ms * render["documents"] / 1000, 1),
        "docgen_documents": len(copies),
        "docgen_workers": workers,
        "docgen_total_s": round(total, 2),
        "docgen_ms_per_doc": round(docgen_ms, 1),
        "ratio": round(naive_ms / docgen_ms, 1),
    }


def check_available() -> bool:
    if not has_stage("docgen.check"):
        return False
    from docgen.cli import cli

    return "check" in getattr(cli, "commands", {})


def stage_check(folder: Path) -> dict[str, Any]:
    if not check_available():
        return {"available": False, "reason": "docgen check is not in this build (issue 6)"}
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".pdf"))
    res = run_tree(
        [sys.executable, "-m", "docgen", "check", str(folder), "--format", "json"], cwd=REPO
    )
    ok = res.returncode in (0, 1)  # 1: findings reported, still a complete run
    return {
        "available": True,
        "completed": ok,
        "returncode": res.returncode,
        "documents": len(files),
        "wall_s": round(res.wall_s, 2),
        "docs_per_s": round(len(files) / res.wall_s, 1) if ok else None,
        "peak_rss_mb": round(res.peak_rss_mb, 1),
        "error": None if ok else (res.stderr or res.stdout)[-800:],
    }


def run_build(
    content: Path, out: Path, pdf: bool, cache: bool = True, env: dict[str, str] | None = None
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "docgen",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--templates",
        str(REPO / "templates_docx"),
        "--year",
        str(YEAR),
        "--quiet",
    ]
    if not pdf:
        cmd.append("--no-pdf")
    if not cache:
        cmd.append("--no-cache")
    res = run_tree(cmd, cwd=REPO, env={**os.environ, **(env or {})})
    if res.returncode != 0:
        return {
            "pdf": pdf,
            "completed": False,
            "returncode": res.returncode,
            "wall_s": round(res.wall_s, 2),
            "peak_rss_mb": round(res.peak_rss_mb, 1),
            "error": (res.stderr or res.stdout)[-1500:],
            "files": {},
        }
    manifest = json.loads((out / str(YEAR) / "manifest.json").read_text(encoding="utf-8"))
    formats = Counter(d["format"] for d in manifest["documents"])
    stats = out / ".cache" / str(YEAR) / "last-build.json"
    return {
        "pdf": pdf,
        "completed": True,
        "wall_s": round(res.wall_s, 2),
        "cpu_s": round(res.cpu_s, 2),
        "peak_rss_mb": round(res.peak_rss_mb, 1),
        "peak_pss_mb": round(res.peak_pss_mb, 1),
        "peak_single_process_rss_mb": round(res.peak_single_rss_mb, 1),
        "docgen_rss_mb": round(res.peak_own_rss_mb, 1),
        "docgen_pss_mb": round(res.peak_own_pss_mb, 1),
        "files": dict(formats),
        "cache": json.loads(stats.read_text(encoding="utf-8")) if stats.is_file() else None,
        "out": str(out / str(YEAR)),
    }


def docx_hashes(folder: Path) -> dict[str, str]:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {d["path"]: d["sha256"] for d in data["documents"] if d["format"] == "docx"}


def change_one_score(content: Path) -> str:
    """Lower (or raise) one unit's first score by 0.5 and fix its total: a typical small edit."""
    import csv
    import io

    path = content / str(YEAR) / "scores.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    row = rows[len(rows) // 2]

    def num(text: str) -> float:
        return float(text.replace(",", "."))

    def vn(x: float) -> str:
        return (f"{x:.1f}".rstrip("0").rstrip(".")).replace(".", ",")

    delta = -0.5 if num(row[3]) >= 0.5 else 0.5
    row[3], row[-2] = vn(num(row[3]) + delta), vn(num(row[-2]) + delta)
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    return row[1]


def _cpu(pid: int) -> float:
    """User + system CPU seconds of one running process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm_office() -> dict[str, Any] | None:
    """The warm LibreOffice docgen keeps between builds (export.office): its pid and the PSS of
    its process tree (server + soffice), once it accepts requests; None when there is none."""
    from bench.measure import _rss, tree
    from docgen.export import cache, office
    from docgen.export import pdf as export

    soffice = export.find_soffice()
    if soffice is None or not office.enabled():
        return None
    folder = office.home(soffice)
    stamp = cache.pdf_environment(soffice)
    deadline = time.monotonic() + 90
    while folder is not None and time.monotonic() < deadline:
        found = office._ready(folder)
        if found and found[1] == stamp:
            pids = tree(found[0])
            pss = sum(_rss(p)[1] for p in pids)
            rss = sum(_rss(p)[0] for p in pids)
            mb = 1024 * 1024
            return {
                "pid": found[0],
                "pss_mb": round(pss / mb, 1),
                "rss_mb": round(rss / mb, 1),
                "cpu_s": round(sum(_cpu(p) for p in pids), 2),
            }
        time.sleep(0.1)
    return None


def stage_rebuild(
    content: Path, out: Path, pdf: bool, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """After a full build into ``out``: change one unit's score and build again."""
    before = docx_hashes(out / str(YEAR))
    unit = change_one_score(content)
    r = run_build(content, out, pdf, env=env)
    if not r["completed"]:
        return {"unit": unit, **r}
    after = docx_hashes(out / str(YEAR))
    changed = sorted(p for p, sha in after.items() if before.get(p) != sha)
    cache = r.get("cache") or {}
    return {
        **r,
        "unit": unit,
        "documents": len(after),
        "changed_docx": changed,
        "pdfs_converted": cache.get("pdf_misses") if pdf else None,
        "docx_rendered": cache.get("docx_misses"),
        "checked": cache.get("check_misses"),
    }


def stage_scaling(ns: list[int], args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """``docgen build --no-pdf`` at each N (fresh output): per-unit cost and docgen's memory."""
    points = []
    for n in ns:
        content = work / f"scale-{n}" / "content"
        generate(content, n, min(args.nominees, n), args.seed)
        r = run_build(content, work / f"scale-{n}" / "output", pdf=False)
        shutil.rmtree(work / f"scale-{n}", ignore_errors=True)
        if not r["completed"]:
            points.append({"units": n, "completed": False, "error": r["error"][-300:]})
            continue
        points.append(
            {
                "units": n,
                "completed": True,
                "wall_s": r["wall_s"],
                "cpu_s": r["cpu_s"],
                "files": r["files"],
                "per_unit_ms": round(r["wall_s"] / n * 1000, 1),
                "cpu_per_unit_ms": round(r["cpu_s"] / n * 1000, 1),
                "docgen_rss_mb": r["docgen_rss_mb"],
                "peak_rss_mb": r["peak_rss_mb"],
            }
        )
    done = [p for p in points if p["completed"]]
    fit: dict[str, Any] = {}
    if len(done) >= 2:
        xs = [p["units"] for p in done]
        fit = {
            "cpu_s": linear_fit(xs, [p["cpu_s"] for p in done], "s"),
            "wall_s": linear_fit(xs, [p["wall_s"] for p in done], "s"),
            "docgen_rss_mb": linear_fit(xs, [p["docgen_rss_mb"] for p in done], "MB"),
        }
        # flat: the cost of one more unit at the top of the range vs at the bottom (CPU time,
        # which the other engineers' load on the machine disturbs less than wall time)
        a, b, c = done[0], done[-2], done[-1]
        if len(done) >= 3:
            first = (b["cpu_s"] - a["cpu_s"]) / (b["units"] - a["units"])
            last = (c["cpu_s"] - b["cpu_s"]) / (c["units"] - b["units"])
        else:  # two points: the per-unit cost at each end
            first, last = a["cpu_s"] / a["units"], c["cpu_s"] / c["units"]
        fit["slope_ratio"] = round(last / first, 2) if first > 0 else None
        fit["memory_ratio"] = round(c["docgen_rss_mb"] / a["docgen_rss_mb"], 2)
    return {"pdf": False, "points": points, "linear_fit": fit}


def linear_fit(xs: list[int], ys: list[float], unit: str) -> dict[str, Any]:
    """Least squares ``y = fixed + per_unit * x`` and the worst relative residual."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    a = my - b * mx
    worst = max(abs(y - (a + b * x)) / y for x, y in zip(xs, ys, strict=True) if y)
    per = b * 1000 if unit == "s" else b * 1024
    return {
        f"fixed_{unit}": round(a, 2),
        f"per_unit_{'ms' if unit == 's' else 'kb'}": round(per, 2),
        "max_relative_residual": round(worst, 3),
    }


# -- report ------------------------------------------------------------------------------------


def targets(r: dict[str, Any]) -> dict[str, Any]:
    e2e = r.get("e2e", {})
    ok = bool(e2e.get("completed"))
    rb = r.get("rebuild", {})
    fit = r.get("scaling", {}).get("linear_fit", {})
    pdf = r.get("pdf", {})
    got = {
        "render_ratio": r.get("render", {}).get("ratio"),
        "pdf_ratio": pdf.get("ratio"),
        "pdf_ms_per_doc": pdf.get("docgen_ms_per_doc"),
        "check_docs_per_s": r.get("check", {}).get("docs_per_s"),
        "e2e_wall_s": e2e.get("wall_s") if e2e.get("pdf") and ok else None,
        "e2e_peak_mb": e2e.get("peak_pss_mb") if ok else None,
        "e2e_own_mb": e2e.get("docgen_rss_mb") if ok else None,
        "rebuild_wall_s": rb.get("wall_s") if rb.get("completed") else None,
        "scaling_slope_ratio": fit.get("slope_ratio"),
        "scaling_memory_ratio": fit.get("memory_ratio"),
    }
    district = r["meta"]["stages_present"]["scoring"]  # per-unit documents in the build
    out = {}
    for k, target in TARGETS.items():
        v = got[k]
        met = None if v is None else (v >= target if k in UPPER else v <= target)
        note = None
        if k.startswith(("e2e", "rebuild")) and not district:
            met, note = None, "not a district build: the scoring stage is not installed"
        out[k] = {"target": target, "value": v, "met": met, "note": note}
    return out


def print_table(r: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    m = r["meta"]
    t = Table(
        title=f"docgen bench — {m['units']} units, {m['cpus']} CPU, "
        f"load {m['loadavg_start']:.1f} → {m['loadavg_end']:.1f}"
    )
    for col in ("stage", "naive", "docgen", "ratio / value", "target", "met"):
        t.add_column(col)
    tg = r["targets"]

    def met(k: str) -> str:
        m = tg[k]["met"]
        return "—" if m is None else ("yes" if m else "NO")

    rd = r.get("render")
    if rd:
        t.add_row(
            f"render ({rd['documents']} docs)",
            f"{rd['naive_ms_per_doc']} ms/doc",
            f"{rd['docgen_ms_per_doc_same_sample']} ms/doc",
            f"{rd['ratio']}×",
            "≥ 5×",
            met("render_ratio"),
        )
    pd = r.get("pdf")
    if pd and pd.get("available"):
        t.add_row(
            f"PDF ({pd['docgen_documents']} docs)",
            f"{pd['naive_ms_per_doc']} ms/doc",
            f"{pd['docgen_ms_per_doc']} ms/doc ({pd['docgen_workers']} workers)",
            f"{pd['ratio']}×",
            "≥ 8×, ≤ 50 ms/doc",
            met("pdf_ratio") + " / " + met("pdf_ms_per_doc"),
        )
    elif pd:
        t.add_row("PDF", "—", "—", pd.get("reason", "skipped"), "≥ 8×", "—")
    ck = r.get("check")
    if ck and ck.get("available"):
        t.add_row(
            f"check ({ck['documents']} files)",
            "—",
            f"{ck['docs_per_s']} docs/s",
            f"{ck['docs_per_s']} docs/s",
            "≥ 100/s",
            met("check_docs_per_s"),
        )
    elif ck:
        t.add_row("check", "—", "—", ck.get("reason", "skipped"), "≥ 100/s", "—")
    e = r.get("e2e")
    if e and not e["completed"]:
        t.add_row(
            "end to end", "—", "FAILED", e["error"].strip().splitlines()[0][:60], "< 30 s", "—"
        )
    elif e:
        files = ", ".join(f"{v} {k}" for k, v in sorted(e["files"].items()))
        t.add_row(
            f"end to end ({files})",
            "—",
            f"{e['wall_s']} s (CPU {e['cpu_s']} s)",
            f"{e['wall_s']} s" + ("" if e["pdf"] else " (no PDF)"),
            "< 30 s",
            met("e2e_wall_s"),
        )
        t.add_row(
            "peak memory (tree)",
            "—",
            f"RSS {e['peak_rss_mb']} MB",
            f"PSS {e['peak_pss_mb']} MB",
            "< 300 MB",
            met("e2e_peak_mb"),
        )
        t.add_row(
            "peak memory (docgen)",
            "—",
            f"PSS {e['docgen_pss_mb']} MB",
            f"RSS {e['docgen_rss_mb']} MB",
            "< 120 MB",
            met("e2e_own_mb"),
        )
    rb = r.get("rebuild")
    if rb and rb.get("completed"):
        what = f"{len(rb['changed_docx'])} .docx changed"
        if rb["pdfs_converted"] is not None:
            what += f", {rb['pdfs_converted']} PDF converted"
        t.add_row(
            f"rebuild, one score changed ({what})",
            "—",
            f"{rb['wall_s']} s (CPU {rb['cpu_s']} s"
            + (f" + warm LibreOffice {rb['office_cpu_s']} s)" if "office_cpu_s" in rb else ")"),
            f"{rb['wall_s']} s",
            "≤ 3 s",
            met("rebuild_wall_s"),
        )
    elif rb:
        t.add_row("rebuild", "—", "FAILED", rb.get("error", "")[-60:], "≤ 3 s", "—")
    cold = r.get("rebuild_cold")
    if cold and cold.get("completed"):
        t.add_row(
            "rebuild, same edit, no warm LibreOffice",
            f"{cold['wall_s']} s (CPU {cold['cpu_s']} s)",
            "—",
            f"{round(cold['wall_s'] / rb['wall_s'], 1)}× slower"
            if rb and rb.get("wall_s")
            else "—",
            "—",
            "—",
        )
    wo = (rb or {}).get("warm_office")
    if wo:
        t.add_row(
            "warm LibreOffice kept between builds",
            "—",
            f"RSS {wo['rss_mb']} MB",
            f"PSS {wo['pss_mb']} MB",
            "—",
            "—",
        )
    sc = r.get("scaling")
    if sc:
        pts = "  ".join(
            f"N={p['units']}: CPU {p['cpu_s']} s ({p['cpu_per_unit_ms']} ms/unit), "
            f"{p['docgen_rss_mb']} MB"
            if p["completed"]
            else f"N={p['units']}: failed"
            for p in sc["points"]
        )
        fit = sc["linear_fit"]
        cpu = fit.get("cpu_s", {})
        t.add_row(
            "scaling (no PDF)",
            "—",
            pts,
            f"{cpu.get('per_unit_ms')} ms/unit + {cpu.get('fixed_s')} s; "
            f"slope ×{fit.get('slope_ratio')}, memory ×{fit.get('memory_ratio')}",
            "≤ ×1.25, ≤ ×1.5",
            "yes"
            if tg["scaling_slope_ratio"]["met"] and tg["scaling_memory_ratio"]["met"]
            else ("—" if tg["scaling_slope_ratio"]["met"] is None else "NO"),
        )
    console = Console()
    Console(width=max(console.width, 120)).print(t)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    pdf = not args.no_pdf and shutil.which("soffice") is not None
    work = args.workdir or Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # the bench's own warm LibreOffice (docgen.export.office), stopped at the end
    os.environ["DOCGEN_OFFICE_DIR"] = tempfile.mkdtemp(prefix="dgb-")
    r: dict[str, Any] = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "units": args.units,
            "nominees": args.nominees,
            "seed": args.seed,
            "quick": args.quick,
            "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg()[0],
            "stages_present": {
                "scoring": has_stage("docgen.scoring"),
                "dossier": has_stage("docgen.dossier"),
                "check": check_available(),
            },
        }
    }
    try:
        content = work / "district" / "content"
        district = generate(content, args.units, args.nominees, args.seed)
        r["meta"]["generated_files"] = district.files
        if "render" not in args.skip or (pdf and "pdf" not in args.skip):
            r["render"] = stage_render(
                content, REPO / "templates_docx", work / "render", args.render_sample
            )
        if "pdf" not in args.skip:
            r["pdf"] = (
                stage_pdf(r["render"], work / "pdf", args.pdf_sample, args.pdf_docs)
                if pdf
                else {"available": False, "reason": "skipped (--no-pdf)"}
            )
        if "e2e" not in args.skip:
            r["e2e"] = run_build(content, work / "district" / "output", pdf)
            if r["e2e"]["completed"] and "rebuild" not in args.skip:
                # the warm LibreOffice the full build left: started in the background while
                # the user edits, so its start is not in the rebuild's time (its memory is
                # reported beside it)
                r["warm_office_before"] = warm_office() if pdf else None
                r["rebuild"] = stage_rebuild(content, work / "district" / "output", pdf)
                after = r["rebuild"]["warm_office"] = warm_office() if pdf else None
                before = r["warm_office_before"]
                if before and after and before["pid"] == after["pid"]:
                    # the conversions the warm LibreOffice did for this rebuild: its CPU is
                    # not in the build's process tree, so it is added here
                    r["rebuild"]["office_cpu_s"] = round(after["cpu_s"] - before["cpu_s"], 2)
                # the same edit without a warm LibreOffice (each build starts its own): the
                # baseline of the same run
                r["rebuild_cold"] = stage_rebuild(
                    content, work / "district" / "output", pdf, env={"DOCGEN_OFFICE_IDLE": "0"}
                )
        if "check" not in args.skip:
            e2e_ok = r.get("e2e", {}).get("completed")
            folder = Path(r["e2e"]["out"]) if e2e_ok else work / "render" / "docgen"
            r["check"] = stage_check(folder)
        if "scaling" not in args.skip:
            r["scaling"] = stage_scaling(args.scaling, args, work)
    finally:
        from docgen.export import office
        from docgen.export import pdf as export

        soffice = export.find_soffice()
        if soffice:
            office.stop(soffice)
        shutil.rmtree(os.environ["DOCGEN_OFFICE_DIR"], ignore_errors=True)
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    for stage in ("render",):
        if stage in r:
            r[stage].pop("docgen_files", None)
            r[stage].pop("naive_files", None)
            r[stage].pop("root", None)
    r["meta"]["loadavg_end"] = os.getloadavg()[0]
    r["targets"] = targets(r)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(r)
    print(f"results: {args.json}")
    return 0
