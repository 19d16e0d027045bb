"""The one way tests run the command line: ``docgen.cli.main`` (the real entry point, with its
error boundary and exit codes) under pytest's output capture."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

import pytest

from docgen.cli import main


class CliResult(NamedTuple):
    code: int  # the process exit code
    out: str  # stdout
    err: str  # stderr


class DocgenCli(Protocol):
    def __call__(self, *args: str | Path) -> CliResult: ...


def run_cli(capsys: pytest.CaptureFixture[str], args: tuple[str | Path, ...]) -> CliResult:
    """``docgen ARGS…``: what was printed before is dropped, then exit code, stdout, stderr."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    code = info.value.code
    return CliResult(code if isinstance(code, int) else (0 if code is None else 1), out, err)
