"""The build pipeline: reproducible output, atomic publishing, template errors, no LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from docgen import pipeline as build_mod
from docgen.errors import TemplateError
from docgen.export import pdf as export
from docgen.pipeline import BuildOptions, build
from tests.helpers import TEMPLATES
from tests.helpers.cli import DocgenCli


def opts(content: Path, out: Path, templates: Path = TEMPLATES, **kw) -> BuildOptions:
    return BuildOptions(content=content, out=out, templates=templates, year=2024, pdf=False, **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_inputs_give_identical_bytes(content_copy: Path, tmp_path: Path) -> None:
    a = build(opts(content_copy, tmp_path / "a"))
    b = build(opts(content_copy, tmp_path / "b"))
    assert snapshot(a.out_dir) == snapshot(b.out_dir)
    assert (a.out_dir / "ke-hoach-2024.docx").stat().st_size > 10_000


def test_rebuild_replaces_output_and_leaves_no_staging(content_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(opts(content_copy, out))
    (out / "2024" / "stale.txt").write_text("from last year")
    build(opts(content_copy, out))
    assert not (out / "2024" / "stale.txt").exists()
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["2024"]


def break_template(src: Path, dst: Path, old: str, new: str) -> Path:
    """Copy the templates, replacing text inside the plan template's document.xml."""
    import zipfile

    shutil.copytree(src, dst)
    path = dst / "ke-hoach.docx"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return dst


def test_failed_build_keeps_previous_output(content_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(opts(content_copy, out))
    before = snapshot(out / "2024")
    bad = break_template(TEMPLATES, tmp_path / "tpl", "{{ closing }}", "{{ closing_text }}")
    with pytest.raises(TemplateError) as info:
        build(opts(content_copy, out, templates=bad))
    msg = str(info.value)
    assert "closing_text" in msg and "ke-hoach.docx" in msg
    assert snapshot(out / "2024") == before
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["2024"]  # no staging


def test_template_attribute_the_content_lacks(content_copy: Path, tmp_path: Path) -> None:
    bad = break_template(TEMPLATES, tmp_path / "tpl", "{{ signer.title }}", "{{ signer.rank }}")
    with pytest.raises(TemplateError) as info:
        build(opts(content_copy, tmp_path / "out", templates=bad))
    msg = str(info.value)
    assert "rank" in msg and "ke-hoach.docx" in msg
    assert "đoạn văn quanh thẻ" in msg and "{{ signer.rank }}" in msg  # the tag, in context
    assert not (tmp_path / "out" / "2024").exists()


def test_template_syntax_error(content_copy: Path, tmp_path: Path) -> None:
    bad = break_template(TEMPLATES, tmp_path / "tpl", "{%p for s in sections %}", "{%p for s in %}")
    with pytest.raises(TemplateError, match="cú pháp Jinja"):
        build(opts(content_copy, tmp_path / "out", templates=bad))


def test_missing_template(content_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(TemplateError, match="Không tìm thấy mẫu .*ke-hoach.docx"):
        build(opts(content_copy, tmp_path / "out", templates=tmp_path / "empty"))


def test_without_libreoffice_docx_is_still_written(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "find_soffice", lambda: None)
    monkeypatch.setattr(build_mod.export, "find_soffice", lambda: None)
    result = build(
        BuildOptions(
            content=content_copy, out=tmp_path / "out", templates=TEMPLATES, year=2024, pdf=True
        )
    )
    assert (result.out_dir / "ke-hoach-2024.docx").is_file()
    assert not list(result.out_dir.glob("*.pdf"))
    assert any("libreoffice-writer-nogui" in str(w) for w in result.warnings)
    Document(str(result.out_dir / "ke-hoach-2024.docx"))  # opens


def test_interrupted_build_leaves_nothing(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_mod.manifest, "write", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(opts(content_copy, tmp_path / "out"))
    assert list((tmp_path / "out").iterdir()) == []


def test_warnings_of_every_stage_reach_the_build_result(
    docgen_cli: DocgenCli, district_copy: Path, tmp_path: Path
) -> None:
    """A unit left without scores is a warning of the scoring stage; the user must see it."""
    scores = district_copy / "2024" / "scores.csv"
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    dropped = next(ln for ln in lines if ";phuong-14;" in ln)
    scores.write_text(
        "\ufeff" + "\n".join(ln for ln in lines if ln != dropped) + "\n", encoding="utf-8"
    )
    for name in ("nominations.yaml", "council.yaml", "awards.yaml"):
        (district_copy / "2024" / name).unlink()  # the dossier is not what this test is about
    result = build(opts(district_copy, tmp_path / "out"))
    [warning] = [str(w) for w in result.warnings if "phuong-14" in str(w)]
    assert "chưa có điểm" in warning and "scores.csv" in warning

    info = docgen_cli(
        "build", "--content", str(district_copy), "--out", str(tmp_path / "o2"), "--no-pdf", "-q"
    )
    assert info.code == 0
    err = info.err
    assert "phuong-14" in err and "[phuong-14]" in err  # shown, brackets not eaten by markup
