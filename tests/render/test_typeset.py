"""The render stage's typesetting pass: U+00A0 where a line must not break, in the rendered XML
of every generated document (no LibreOffice here; tests/check/test_layout.py reads the PDFs)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree

from docgen.content.load import load_content
from docgen.pipeline import collect_jobs
from docgen.render import typeset
from docgen.render.engine import render_bytes, render_bytes_plain
from docgen.render.job import RenderJob
from tests.helpers import CONTENT, REPO, TEMPLATES

NBSP = "\u00a0"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE = REPO / "examples" / "hoi-khuyen-hoc-quan-10"


def _p(body: str, style: str = "VBBody") -> etree._Element:
    return etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>'
    )


def _texts(p: etree._Element) -> list[str]:
    return [t.text for t in p.iter(f"{{{W}}}t")]


def test_a_space_is_replaced_in_the_run_that_holds_it() -> None:
    p = _p(
        "<w:r><w:rPr><w:b/></w:rPr><w:t>Nội dung</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> 1: Tuyên truyền, 145</w:t></w:r>'
        "<w:r><w:t> suất</w:t></w:r>"
    )
    typeset.paragraph(p)
    assert _texts(p) == ["Nội dung", f"{NBSP}1: Tuyên truyền, 145", f"{NBSP}suất"]


def test_a_tab_or_break_ends_the_text_and_a_text_box_is_its_own_paragraph() -> None:
    p = _p(
        "<w:r><w:t>Điều</w:t><w:tab/><w:t xml:space='preserve'> 5</w:t></w:r>"
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Khoản 2</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r>"
    )
    typeset.part(p)
    assert _texts(p) == ["Điều", " 5", f"Khoản{NBSP}2"]


def test_titles_and_short_cell_values() -> None:
    title = _p("<w:r><w:t>TM. BAN CHẤP HÀNH</w:t></w:r>", "VBSigner")
    typeset.paragraph(title)
    assert _texts(title) == [f"TM.{NBSP}BAN CHẤP{NBSP}HÀNH"]
    cell = etree.fromstring(
        f'<w:tc xmlns:w="{W}"><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr>'
        '<w:p><w:pPr><w:pStyle w:val="VBTable"/></w:pPr><w:r><w:t>Không đạt</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="VBTableHead"/></w:pPr><w:r><w:t>Xếp loại</w:t></w:r></w:p>'
        "</w:tc>"
    )
    typeset.part(cell)
    assert _texts(cell) == [f"Không{NBSP}đạt", "Xếp loại"]  # a heading may stack its words
    narrow = etree.fromstring(etree.tostring(cell).replace(b'w:w="1800"', b'w:w="900"'))
    for t in narrow.iter(f"{{{W}}}t"):
        t.text = t.text.replace(NBSP, " ")
    typeset.part(narrow)
    assert _texts(narrow)[0] == "Không đạt"  # too narrow for one line: better at the space


def test_a_blank_to_fill_keeps_its_spaces() -> None:
    p = _p("<w:r><w:t>[cần điền: họ tên người ký]</w:t></w:r>", "VBSigner")
    typeset.paragraph(p)
    assert _texts(p) == ["[cần điền: họ tên người ký]"]


def _text(job: RenderJob) -> str:
    with zipfile.ZipFile(io.BytesIO(render_bytes(job))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml))


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """The text of one rendered document of each kind, of both shipped sets."""
    out = {}
    for name, root in (("school", CONTENT), ("district", EXAMPLE)):
        for job in collect_jobs(load_content(root, 2024), TEMPLATES):
            out.setdefault(f"{name}/{job.kind}", _text(job))
    return out


# a space that must not be there: label and number, abbreviated title and name
PLAIN = re.compile(
    r"(?i)(?:nội dung|điều|khoản|ngày|tháng|năm|quận|số:?) \d|(?-i:\b(?:TM|KT|TL|Q)\. )"
)


def test_every_document_of_both_sets_binds_its_labels_and_numbers(
    rendered: dict[str, str],
) -> None:
    assert {k.split("/")[1] for k in rendered} >= {
        "plan",
        "evaluation",
        "summary",
        "self-evaluation",
        "dossier-totrinh",
        "dossier-danhsach",
        "dossier-bienban",
        "dossier-baocao",
    }
    for name, text in rendered.items():
        assert PLAIN.findall(text) == [], name
        assert f"năm{NBSP}2024" in text, name


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("school/plan", [f"Nội dung{NBSP}1:", f"ngày{NBSP}22 tháng{NBSP}01 năm{NBSP}2024"]),
        ("school/self-evaluation", [f"TM.{NBSP}BAN CHẤP{NBSP}HÀNH", f"4{NBSP}có"]),
        ("district/evaluation", [f"145{NBSP}suất", f"6{NBSP}có", f"Nội dung{NBSP}2:"]),
        (
            "district/summary",
            [f"8{NBSP}điểm", f"12{NBSP}đơn vị", f"Quận{NBSP}10", f"Xuất{NBSP}sắc"],
        ),
        ("school/dossier-totrinh", [f"03{NBSP}tập thể", f"số{NBSP}04/BB-CHKH"]),
        ("school/dossier-bienban", [f"14{NBSP}giờ 00{NBSP}phút", f"ngày{NBSP}23"]),
        ("school/dossier-danhsach", [f"1.250{NBSP}đầu sách"]),
        ("school/dossier-baocao", [f"168{NBSP}hội viên"]),
    ],
)
def test_the_places_the_issue_names(
    rendered: dict[str, str], doc: str, expected: list[str]
) -> None:
    for piece in expected:
        assert piece in rendered[doc], piece


def test_fast_and_plain_render_agree_on_the_spaces() -> None:
    job = next(j for j in collect_jobs(load_content(CONTENT, 2024), TEMPLATES) if j.kind == "plan")
    fast, plain = render_bytes(job), render_bytes_plain(job)
    assert fast == plain
    assert NBSP.encode("utf-8") in zipfile.ZipFile(io.BytesIO(fast)).read("word/document.xml")
