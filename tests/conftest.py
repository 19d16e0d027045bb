"""Fixtures only (helpers live in :mod:`tests.helpers`). The full 2024 build (with PDFs) runs
once per session and is shared, so the suite starts LibreOffice once instead of once per test.

``slow`` tests (LibreOffice, benchmark scale) run in CI like the others; skip them while working
with ``pytest -m "not slow"``. A test that uses the shared ``built_2024`` build is slow.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import (
    CONTENT,
    DISTRICT,
    HAS_SOFFICE,
    REPO,
    TEMPLATES,
)
from tests.helpers.cli import CliResult, DocgenCli, run_cli

# No warm LibreOffice outlives a test (docgen keeps one between builds, see export.office):
# every build, in this process and in the commands tests run, starts its own as before.
# tests/export/test_office.py turns it on in a private folder and stops it.
os.environ["DOCGEN_OFFICE_IDLE"] = "0"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"built_2024", "built_district"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def docgen_cli(capsys: pytest.CaptureFixture[str]) -> DocgenCli:
    """Run ``docgen ARGS…`` as a user does (``docgen.cli.main``): exit code, stdout, stderr."""

    def invoke(*args: str | Path) -> CliResult:
        return run_cli(capsys, args)

    return invoke


@pytest.fixture(scope="session", autouse=True)
def _repo_output_untouched() -> object:
    """Tests write to temporary folders only: the repository's output/ must not change."""

    def listing() -> dict[str, int]:
        out = REPO / "output"
        return (
            {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")}
            if out.is_dir()
            else {}
        )

    before = listing()
    yield
    assert listing() == before, "a test wrote into the repository's output/ folder"


@pytest.fixture(autouse=True)
def _vietnamese_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see Vietnamese messages unless they ask for English."""
    monkeypatch.setenv("DOCGEN_LANG", "vi")
    from docgen import i18n

    i18n.set_lang(None)


@pytest.fixture(scope="session")
def built_2024(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``docgen build`` of the shipped 2024 content, with PDFs when LibreOffice is present."""
    out = tmp_path_factory.mktemp("output")
    return build(
        BuildOptions(content=CONTENT, out=out, templates=TEMPLATES, year=2024, pdf=HAS_SOFFICE)
    )


@pytest.fixture(scope="session")
def built_district(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``docgen build`` of the district example (examples/hoi-khuyen-hoc-quan-10), 2024, with
    PDFs when LibreOffice is present: the evaluation sheets, the results notice and its summary
    appendix, the district's dossier. Built once per session, shared like ``built_2024``."""
    out = tmp_path_factory.mktemp("district")
    return build(
        BuildOptions(content=DISTRICT, out=out, templates=TEMPLATES, year=2024, pdf=HAS_SOFFICE)
    )


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst)
    return dst


@pytest.fixture
def district_copy(tmp_path: Path) -> Path:
    """A private copy of the district example (the set that scores every Chi hội)."""
    dst = tmp_path / "district"
    shutil.copytree(DISTRICT, dst)
    return dst
