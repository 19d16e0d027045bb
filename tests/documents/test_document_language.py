"""Documents are always Vietnamese: ``DOCGEN_LANG=en`` changes the messages, never the text of a
document; organisation names come from data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from docgen import i18n
from docgen.pipeline import BuildOptions, build
from tests.helpers import CONTENT, TEMPLATES, docx_text

# Words of the English messages that once leaked into the danh sách and the reports ("scored
# 97/100, band Xuất sắc, rank 1", "Outstanding results in the 2024 emulation movement").
ENGLISH = re.compile(
    r"\b(the|of|and|is|are|in|for|with|from|under|scored|band|rank|unit|points?|"
    r"outstanding|results?|emulation|movement|plan|report|vote|missing|expected|found)\b",
    re.IGNORECASE,
)


def all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [docx_text(path)]
    for s in doc.sections:
        for h in (s.header, s.first_page_header):
            parts += [p.text for p in h.paragraphs]
    return "\n".join(parts)


def test_a_build_with_english_messages_writes_no_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "en")
    i18n.set_lang(None)
    result = build(
        BuildOptions(content=CONTENT, out=tmp_path, templates=TEMPLATES, year=2024, pdf=False)
    )
    docs = [result.out_dir / e.path for e in result.entries if e.format == "docx"]
    assert len(docs) >= 10 and any("bao-cao" in d.name for d in docs)
    found = {d.name: sorted(set(ENGLISH.findall(all_text(d)))) for d in docs}
    assert {k: v for k, v in found.items() if v} == {}
    report = next(d for d in docs if "chi-hoi" in d.name)
    text = all_text(report)
    assert "Kết quả chấm điểm thi đua năm 2024 theo Kế hoạch: đạt" in text
    assert "thuộc Hội Khuyến học Quận 10." in text  # the Hội it reports to (nominations.yaml)


def test_organisation_names_come_from_data(content_copy: Path, tmp_path: Path) -> None:
    # a Chi hội's set: the association above is the one its tờ trình goes to
    noms = content_copy / "2024" / "nominations.yaml"
    noms.write_text(
        noms.read_text(encoding="utf-8").replace(
            "  recipient: Hội Khuyến học Quận 10\n",
            "  recipient: Hội Khuyến học Quận Phú Nhuận\n",
        ),
        encoding="utf-8",
    )
    result = build(BuildOptions(content=content_copy, out=tmp_path, templates=TEMPLATES, pdf=False))
    report = next(
        result.out_dir / e.path
        for e in result.entries
        if e.format == "docx" and "chi-hoi" in e.path
    )
    assert "thuộc Hội Khuyến học Quận Phú Nhuận." in all_text(report)


def test_the_district_names_itself_from_data(district_copy: Path, tmp_path: Path) -> None:
    # the district's set: the Hội that scored the Chi hội (org.yaml chapter, scoring.yaml issuer)
    for path in (district_copy / "org.yaml", district_copy / "2024" / "scoring.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "  name: Hội Khuyến học Quận 10\n", "  name: Hội Khuyến học Quận Phú Nhuận\n"
            ),
            encoding="utf-8",
        )
    result = build(
        BuildOptions(content=district_copy, out=tmp_path, templates=TEMPLATES, pdf=False)
    )
    report = next(
        result.out_dir / e.path
        for e in result.entries
        if e.format == "docx" and "bao-cao" in e.path and "chi-hoi" in e.path
    )
    assert "thuộc Hội Khuyến học Quận Phú Nhuận." in all_text(report)
