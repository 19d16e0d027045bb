"""Hostile and broken inputs (issue 12): every one gets a clear, located message and the right
exit code, quickly, and nothing is written. The hostile files are generated here."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from docx import Document

from docgen.cli import main
from tests.conftest import TEMPLATES


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str, float]:
    """``docgen argv``: exit code, stdout, stderr, seconds."""
    start = time.monotonic()
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err, time.monotonic() - start


def snapshot(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def build_args(content: Path, out: Path, templates: Path = TEMPLATES) -> list[str]:
    return [
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--templates",
        str(templates),
        "--no-pdf",
        "--year",
        "2024",
    ]


# -- templates: the sandbox -----------------------------------------------------------------


@pytest.fixture
def templates_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "templates"
    shutil.copytree(TEMPLATES, dst)
    return dst


def _tamper_body(template: Path, text: str) -> None:
    doc = Document(str(template))
    doc.add_paragraph(text)
    doc.save(str(template))


PAYLOAD = "{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"


@pytest.mark.parametrize("where", ["body", "title"])
def test_a_template_cannot_run_code(
    where: str, content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    marker = tmp_path / "pwned"
    tpl = templates_copy / "ke-hoach.docx"
    if where == "body":
        _tamper_body(tpl, PAYLOAD % marker)
    else:
        doc = Document(str(tpl))
        doc.core_properties.title = PAYLOAD % marker
        doc.save(str(tpl))
    before = snapshot(tmp_path)
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert not marker.exists()
    assert "không an toàn" in err and str(tpl) in err
    if where == "title":
        assert "thuộc tính tài liệu 'title'" in err
    else:
        assert "đoạn văn quanh thẻ" in err
    assert "Traceback" not in err and secs < 30
    assert snapshot(tmp_path) == before  # nothing written, nothing half-written


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError"),
        ("{{ 'a' + 1 }}", "TypeError"),
        ("{{ 'x' * 100000000 }}", "không an toàn"),
        ("{{ 10 ** 100000000 }}", "không an toàn"),
    ],
)
def test_template_runtime_errors_are_located(
    tag: str, expected: str, content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    tpl = templates_copy / "ke-hoach.docx"
    _tamper_body(tpl, f"Đoạn cuối có thẻ hỏng {tag}")
    code, _, err, secs = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert expected in err and str(tpl) in err
    assert "Đoạn cuối có thẻ hỏng" in err  # the paragraph around the tag
    assert secs < 30 and not (tmp_path / "o" / "2024").exists()


def test_template_with_broken_xml(
    content_copy: Path, templates_copy: Path, tmp_path: Path, capsys
) -> None:
    import zipfile

    tpl = templates_copy / "ke-hoach.docx"
    with zipfile.ZipFile(tpl) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    i = body.index("</w:p>", len(body) // 2)
    parts["word/document.xml"] = (body[:i] + "<w:p" + body[i:]).encode("utf-8")
    with zipfile.ZipFile(tpl, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    code, _, err, _ = run(build_args(content_copy, tmp_path / "o", templates_copy), capsys)
    assert code == 1, err
    assert "XML hỏng" in err and "word/document.xml" in err and str(tpl) in err
    assert "Traceback" not in err
