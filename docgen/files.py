"""Files docgen writes: a staging folder published in one step, deterministic zips."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # every member of every zip docgen writes carries this time


def publish(staging: Path, final: Path) -> None:
    """Swap the finished staging folder in place of ``final`` (two renames, same filesystem)."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
