"""The school's own phiếu tự chấm điểm: the Chi hội's header, its self-scores only, signed by the
Chi hội trưởng (issue 14); from the shared 2024 build."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from docgen.errors import ContentError
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import TEMPLATES, docx_text, plain


def test_the_chi_hoi_self_assessment_sheet(built_2024: BuildResult) -> None:
    [path] = [
        built_2024.out_dir / e.path
        for e in built_2024.entries
        if e.kind == "self-evaluation" and e.format == "docx"
    ]
    text = " ".join(docx_text(path).split())
    assert text.startswith("HỘI KHUYẾN HỌC QUẬN 10 CHI HỘI KHUYẾN HỌC TRƯỜNG THPT NGUYỄN KHUYẾN")
    assert "Thành phố Hồ Chí Minh, ngày 05 tháng 12 năm 2024" in text
    assert "PHIẾU TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024" in text
    assert "Điểm tự chấm" in text and "duyệt" not in text
    table = Document(str(path)).tables[1]
    assert [plain(c.text) for c in table.rows[-1].cells][-3:] == ["TỔNG CỘNG", "100", "97"]
    signature = [plain(c.text) for c in Document(str(path)).tables[-1].rows[0].cells]
    assert "CHI HỘI TRƯỞNG" in signature[1] and "Nguyễn Thị Thanh Hương" in signature[1]
    assert "Hội Khuyến học Quận 10;" in signature[0]


def test_the_self_assessment_comes_before_the_ranking(content_copy: Path, tmp_path: Path) -> None:
    path = content_copy / "2024" / "self-assessment.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date: 05/12/2024", "date: 21/12/2024"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as exc:
        build(BuildOptions(content=content_copy, out=tmp_path, templates=TEMPLATES, pdf=False))
    msg = exc.value.format()
    assert f"self-assessment.yaml:{_line(path, 'date:')}:" in msg and "[date]" in msg
    assert "21/12/2024 ở sau ngày lập bảng tổng hợp 20/12/2024" in msg
    assert not (tmp_path / "2024").exists()


def _line(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, t in enumerate(lines, start=1) if t.startswith(start))
