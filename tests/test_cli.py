"""The command line: exit codes, located messages in Vietnamese and English, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen import __version__
from tests.helpers import TEMPLATES
from tests.helpers.cli import DocgenCli


def run(argv: list[str], docgen_cli: DocgenCli) -> tuple[int, str, str]:
    r = docgen_cli(*argv)
    return r.code, r.out, r.err


def test_version(docgen_cli: DocgenCli) -> None:
    code, out, _ = run(["--version"], docgen_cli)
    assert code == 0 and __version__ in out


def test_build_no_pdf(content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    code, out, err = run(
        [
            "build",
            "--content",
            str(content_copy),
            "--out",
            str(tmp_path / "o"),
            "--templates",
            str(TEMPLATES),
            "--no-pdf",
            "--year",
            "2024",
        ],
        docgen_cli,
    )
    assert code == 0, err
    written = list((tmp_path / "o" / "2024").rglob("*.docx"))
    assert f"Đã tạo {len(written)} tệp .docx và 0 tệp PDF" in out
    assert (tmp_path / "o" / "2024" / "ke-hoach-2024.docx").is_file()


def test_bad_content_exit_1_with_location(
    content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli
) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("points: 20", "points: hai mươi", 1),
        encoding="utf-8",
    )
    code, _, err = run(
        ["build", "--content", str(content_copy), "--out", str(tmp_path / "o"), "--no-pdf"],
        docgen_cli,
    )
    assert code == 1
    assert f"{plan}:" in err and "[sections[1].criteria[0].points]" in err
    assert "cần một số, nhận được 'hai mươi'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o" / "2024").exists()


def test_english_messages(content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli) -> None:
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("points: 20", "points: hai mươi", 1),
        encoding="utf-8",
    )
    code, _, err = run(
        [
            "build",
            "--lang",
            "en",
            "--content",
            str(content_copy),
            "--out",
            str(tmp_path / "o"),
            "--no-pdf",
        ],
        docgen_cli,
    )
    assert code == 1 and "expected a number, found 'hai mươi'" in err


def test_english_from_environment(
    content_copy: Path, tmp_path: Path, docgen_cli: DocgenCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "en")
    code, _, err = run(
        ["build", "--content", str(content_copy), "--year", "1999", "--out", str(tmp_path / "o")],
        docgen_cli,
    )
    assert code == 1 and "No content for year 1999" in err


def test_usage_error_exit_2(docgen_cli: DocgenCli) -> None:
    code, _, err = run(["build", "--no-such-option"], docgen_cli)
    assert code == 2 and "--no-such-option" in err


def test_unexpected_error_exit_3(
    docgen_cli: DocgenCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import docgen.pipeline

    def boom(*a: object, **k: object) -> None:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(docgen.pipeline, "build", boom)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, _, err = run(["build"], docgen_cli)
    assert code == 3 and "báo lỗi" in err and "Traceback" not in err
    # issue 12: a private, unique log file (mkstemp), named on screen; no fixed path
    (log,) = tmp_path.glob("docgen-error-*.log")
    assert str(log) in err.replace("\n", "")
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
