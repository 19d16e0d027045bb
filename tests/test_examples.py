"""The district example (examples/hoi-khuyen-hoc-quan-10): the Hội Khuyến học Quận 10 scores
every Chi hội, issues the evaluation sheets with the approved score, the ranked summary and its
own dossier to the city Hội; built and checked the same way as content/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.content.load import load_content
from docgen.content.units import load_units
from docgen.dossier.load import load_dossier
from docgen.errors import ContentError
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import REPO, TEMPLATES, docx_text

EXAMPLE = REPO / "examples" / "hoi-khuyen-hoc-quan-10"


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("quan-10")
    return build(BuildOptions(content=EXAMPLE, out=out, templates=TEMPLATES, pdf=False))


def _docs(result: BuildResult, kind: str) -> list[Path]:
    return [
        result.out_dir / e.path for e in result.entries if e.kind == kind and e.format == "docx"
    ]


def test_the_district_scores_every_chi_hoi(district: BuildResult) -> None:
    units = load_units(EXAMPLE / "2024") or []
    sheets = _docs(district, "evaluation")
    assert len(sheets) == len(units) == 12
    text = " ".join(docx_text(sheets[0]).split())
    assert "HỘI KHUYẾN HỌC QUẬN 10" in text and "Điểm duyệt" in text
    [summary] = _docs(district, "summary")
    summary_text = docx_text(summary)
    assert all(u.name in summary_text for u in units)


def test_its_dossier_goes_to_the_city_and_proposes_its_chi_hoi(district: BuildResult) -> None:
    [totrinh] = _docs(district, "dossier-totrinh")
    text = " ".join(docx_text(totrinh).split())
    assert "Số: 21/TTr-HKH" in text and "Kính gửi: Hội Khuyến học Thành phố Hồ Chí Minh." in text
    assert "Hội Khuyến học Quận 10 kính đề nghị" in text and "cho 03 tập thể" in text
    assert "Trần Văn Khánh" in text  # the signer has a name
    reports = _docs(district, "dossier-baocao")
    assert len(reports) == 3
    assert all("Chi hội Khuyến học" in docx_text(r) for r in reports)


def test_a_chi_hoi_could_not_propose_them(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    org = content / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "  level: hội\n", "  level: chi hội\n  unit: thpt-nguyen-khuyen\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as exc:
        load_dossier(load_content(content, 2024))
    msg = exc.value.format()
    assert "'thpt-nguyen-du' ngoài phạm vi" in msg and "'phuong-12' ngoài phạm vi" in msg
