"""Files docgen writes: the staging folder published in one step, the deterministic zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from docgen.files import ZIP_EPOCH, staged, zip_bytes


def test_staged_folder_replaces_the_old_output_in_one_step(tmp_path: Path) -> None:
    final = tmp_path / "2024"
    final.mkdir()
    (final / "old.docx").write_bytes(b"old")
    with staged(tmp_path / ".staging-2024", final) as folder:
        (folder / "new.docx").write_bytes(b"new")
        assert (final / "old.docx").is_file()  # nothing changes until the block succeeds
    assert [p.name for p in final.iterdir()] == ["new.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024"]


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_failed_or_interrupted_staging_leaves_the_old_output(
    tmp_path: Path, error: type[BaseException]
) -> None:
    final = tmp_path / "2024"
    final.mkdir()
    (final / "old.docx").write_bytes(b"old")
    with pytest.raises(error), staged(tmp_path / ".staging-2024", final) as folder:
        (folder / "half.docx").write_bytes(b"half")
        raise error
    assert [p.name for p in final.iterdir()] == ["old.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024"]  # no staging folder left


def test_zip_writer_matches_zipfile() -> None:
    """``files.zip_bytes`` (pre-deflated members written through zipfile internals) gives the
    bytes ``zipfile.writestr`` gives, names with Vietnamese letters included."""
    members = [("word/document.xml", b"<w:document/>" * 50), ("hồ sơ/01-tờ-trình.docx", b"")]
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    ours = zip_bytes(members)
    assert ours == plain.getvalue()
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        assert z.testzip() is None
        assert [(i.filename, i.date_time) for i in z.infolist()] == [
            (name, ZIP_EPOCH) for name, _ in members
        ]
        assert z.read("word/document.xml") == members[0][1]
