"""Measuring helpers: wall time and peak memory of a process tree (Linux /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children_map() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def tree(pid: int) -> list[int]:
    kids = _children_map()
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo += kids.get(p, [])
    return seen


def _rss(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes; PSS shares pages between processes fairly (0 when unreadable)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * PAGE
    except OSError:
        return 0, 0
    pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    return rss, pss


@dataclass
class RunResult:
    returncode: int
    wall_s: float
    peak_rss_mb: float  # sum of RSS over the process tree, at its peak
    peak_pss_mb: float  # sum of PSS (shared pages split between processes), at its peak
    peak_single_rss_mb: float  # the largest single process
    stdout: str
    stderr: str
    peak_own_rss_mb: float = 0.0  # the command's own process (docgen), without its children
    peak_own_pss_mb: float = 0.0
    cpu_s: float = 0.0  # user + system CPU time of the whole tree


def run_tree(
    cmd: list[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    interval: float = 0.05,
) -> RunResult:
    """Run ``cmd``; sample the memory of it and all its descendants while it runs."""
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = [0, 0, 0, 0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss = pss = single = 0
            for p in tree(proc.pid):
                r, s = _rss(p)
                rss, pss, single = rss + r, pss + s, max(single, r)
                if p == proc.pid:
                    peak[3], peak[4] = max(peak[3], r), max(peak[4], s)
            peak[0], peak[1], peak[2] = max(peak[0], rss), max(peak[1], pss), max(peak[2], single)
            stop.wait(interval)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        out, err = proc.communicate()
    finally:
        stop.set()
        t.join()
        if proc.poll() is None:
            proc.kill()
    wall = time.perf_counter() - start
    after = os.times()  # children's times include their own children (LibreOffice) once reaped
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    mb = 1024 * 1024
    return RunResult(
        proc.returncode,
        wall,
        peak[0] / mb,
        peak[1] / mb,
        peak[2] / mb,
        out,
        err,
        peak_own_rss_mb=peak[3] / mb,
        peak_own_pss_mb=peak[4] / mb,
        cpu_s=cpu,
    )


def python() -> str:
    return sys.executable
