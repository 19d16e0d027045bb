"""docgen import: the round trip import(build(content)) == content, and a plan typed by hand in
ordinary Word style (made here with python-docx from the restored seed text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from docgen.content.load import Content, load_content
from docgen.errors import ContentError
from docgen.lifecycle.importer import import_plan
from docgen.lifecycle.rollover import rollover
from docgen.pipeline import BuildOptions, BuildResult, build
from tests.helpers import CONTENT, TEMPLATES, docx_text
from tests.helpers.cli import DocgenCli


def outline(c: Content) -> dict[str, Any]:
    """The expanded text and structure of a year's content (what the documents show)."""
    x, p = c.expand, c.plan
    return {
        "header": (c.org.parent_body, c.org.issuing_body, c.org.symbol, c.org.place, c.org.name),
        "plan": (p.year, p.number, p.date),
        "title": [x(t) for t in p.title_lines],
        "preamble": [x(t) for t in p.preamble],
        "sections": [
            (
                x(s.title),
                [x(t) for t in s.body],
                [(x(cr.title), cr.points, [x(t) for t in cr.body]) for cr in s.criteria],
                [(x(sub.title), [x(t) for t in sub.body]) for sub in s.subsections],
            )
            for s in p.sections
        ],
        "closing": x(p.closing),
        "distribution": p.distribution or c.org.distribution,
        "signer": (p.signer or c.org.signer).model_dump(),
    }


def _docx_of(result: BuildResult) -> Path:
    return next(
        result.out_dir / e.path for e in result.entries if e.kind == "plan" and e.format == "docx"
    )


def test_round_trip_reproduces_the_content(built_2024: BuildResult, tmp_path: Path) -> None:
    root = tmp_path / "content"
    r = import_plan(_docx_of(built_2024), root, 2024)
    assert r.unplaced == []
    original, imported = load_content(CONTENT, 2024), load_content(root, 2024)
    assert outline(imported) == outline(original)
    assert [s.key for s in imported.plan.sections] == ["muc_tieu", "to_chuc", "thuc_hien"]
    assert imported.plan.total_points == 92
    text = (root / "2024" / "plan.yaml").read_text(encoding="utf-8")
    # the plan year became a placeholder; fixed years did not
    assert "- Thực hiện phong trào thi đua năm {year}" in text
    assert "cao hơn so với năm {year-1}”." in text
    assert "giai đoạn 2023 – 2030" in text
    # each cited act became a reference; the one issued in the plan year is renewed yearly
    refs = imported.plan.references
    assert sorted(refs) == ["kh02", "kl49", "qd1315", "qd222", "tt22"]
    assert [k for k, r in refs.items() if r.renew] == ["kh02"]
    for mine, shipped in (
        ("kh02", "kh_quan"),
        ("kl49", "kl49"),
        ("qd1315", "qd1315"),
        ("tt22", "tt22"),
        ("qd222", "qd222"),
    ):
        a, b = refs[mine], original.plan.references[shipped]
        date = None if mine == "kl49" else b.date  # Kết luận 49 is cited without its date
        assert (a.kind, a.number, a.date, a.issuer) == (b.kind, b.number, date, b.issuer)
    assert "Căn cứ {ref:kh02} về thực hiện phong trào thi đua năm {year}," in text
    # and the imported content builds the same document text
    again = build(
        BuildOptions(content=root, out=tmp_path / "out", templates=TEMPLATES, year=2024, pdf=False)
    )
    assert docx_text(again.out_dir / "ke-hoach-2024.docx") == docx_text(_docx_of(built_2024))


def _hand_typed(path: Path, c: Content, stray: str | None = None) -> None:
    """A plan as a secretary types it in Word: default styles, a borderless 2-column header
    table, plain paragraphs, the seed's punctuation ("I. Mục tiêu, yêu cầu:", "(20 điểm).")."""
    x, plan = c.expand, c.plan
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    left.add_paragraph("THÀNH PHỐ HỒ CHÍ MINH")
    left.add_paragraph().add_run("TRƯỜNG THPT NGUYỄN KHUYẾN").bold = True
    left.add_paragraph("––––––––")
    left.add_paragraph("Số: 89/KH-NK")
    right.paragraphs[0].add_run("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph("–––––––––––––––––")
    right.add_paragraph().add_run("Thành phố Hồ Chí Minh, ngày 06 tháng 5 năm 2024").italic = True
    if stray:
        doc.add_paragraph(stray)

    def centred_bold(text: str) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True

    centred_bold("KẾ HOẠCH")
    for t in plan.title_lines:
        centred_bold(x(t))
    doc.add_paragraph()
    for t in plan.preamble:
        doc.add_paragraph(x(t))
    n = 0
    for i, s in enumerate(plan.sections, start=1):
        doc.add_paragraph().add_run(f"{'I' * i if i < 4 else 'IV'}. {x(s.title)}:").bold = True
        for t in s.body:
            doc.add_paragraph(x(t))
        for cr in s.criteria:
            n += 1
            doc.add_paragraph().add_run(
                f" Nội dung {n}: {x(cr.title)} ({cr.points:g} điểm)."
            ).bold = True
            for t in cr.body:
                doc.add_paragraph(x(t))
        for j, sub in enumerate(s.subsections, start=1):
            doc.add_paragraph(f"{j}. {x(sub.title)}")
            for t in sub.body:
                doc.add_paragraph(x(t))
    doc.add_paragraph(x(plan.closing))
    doc.add_paragraph()
    doc.add_paragraph().add_run("Nơi nhận:").bold = True
    for item in c.org.distribution[:-1]:
        doc.add_paragraph(f"- {item};")
    doc.add_paragraph(f"- {c.org.distribution[-1]}.")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("HIỆU TRƯỞNG").bold = True
    if c.org.signer.name:  # the plan's signer has a name (issue 14)
        doc.add_paragraph(c.org.signer.name).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(str(path))


def test_hand_typed_plan_imports_every_section(tmp_path: Path) -> None:
    seed = load_content(CONTENT, 2024)
    docx = tmp_path / "ke-hoach-go-tay.docx"
    _hand_typed(docx, seed, stray="Bản lưu hành nội bộ")
    r = import_plan(docx, tmp_path / "content", 2024)
    got, want = outline(load_content(tmp_path / "content", 2024)), outline(seed)
    assert got == want
    assert [s.title for s in r.plan.sections] == [
        "Mục tiêu, yêu cầu",
        "Tổ chức thực hiện",
        "Thực hiện công tác thi đua - khen thưởng",
    ]
    assert [(c.key, c.points) for c in r.plan.criteria] == [
        ("nd1", 20),
        ("nd2", 32),
        ("nd3", 20),
        ("nd4", 20),
    ]
    assert [s.title for s in r.plan.sections[2].subsections] == [
        "Triển khai thực hiện",
        "Quy định về tiêu chuẩn khen thưởng",
    ]
    # the stray paragraph is reported with its number: 9 header cell paragraphs, then it
    assert [(p.ref.field, p.severity) for p in r.unplaced] == [("đoạn 10", "warning")]
    assert "Bản lưu hành nội bộ" in r.unplaced[0].message


def test_header_paragraphs_and_signature_table(tmp_path: Path) -> None:
    """Another common hand-typed layout: header lines as paragraphs, Nơi nhận | signer table."""
    seed = load_content(CONTENT, 2024)
    docx = tmp_path / "kh.docx"
    _hand_typed(docx, seed)
    doc = Document(str(docx))
    body = doc.element.body
    head = doc.tables[0]
    lines = [p.text for cell in head.rows[0].cells for p in cell.paragraphs]
    for text in lines:  # the header table becomes plain paragraphs, in the same place
        p = doc.add_paragraph(text)
        head._tbl.addprevious(p._p)
    body.remove(head._tbl)
    for p in list(doc.paragraphs):  # Nơi nhận and signer paragraphs move into a table
        if p.text.startswith(
            ("Nơi nhận", "- Hội", "- HĐSP", "- Lưu", "HIỆU TRƯỞNG", "Lê Thị Minh Châu")
        ):
            body.remove(p._p)
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    for item in ("- Hội Khuyến học Quận 10;", "- HĐSP nhà trường;", "- Lưu: VT, PHTCSVC."):
        left.add_paragraph(item)
    right.paragraphs[0].text = "KT. HIỆU TRƯỞNG"
    for text in ("PHÓ HIỆU TRƯỞNG", "(Đã ký)", "", "Nguyễn Văn An"):
        right.add_paragraph(text)
    doc.save(str(docx))
    r = import_plan(docx, tmp_path / "content", 2024)
    assert r.unplaced == []
    assert r.org.parent_body == ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert r.org.issuing_body == ["TRƯỜNG THPT NGUYỄN KHUYẾN"]
    assert (r.plan.number, r.plan.date.isoformat(), r.org.place) == (
        89,
        "2024-05-06",
        "Thành phố Hồ Chí Minh",
    )
    assert r.org.distribution == seed.org.distribution
    assert r.org.signer.model_dump() == {
        "authority": "KT. HIỆU TRƯỞNG",
        "title": "PHÓ HIỆU TRƯỞNG",
        "name": "Nguyễn Văn An",
    }
    assert len(r.plan.sections) == 3 and len(r.plan.criteria) == 4


def test_imported_plan_rolls_over(tmp_path: Path) -> None:
    seed = load_content(CONTENT, 2024)
    docx = tmp_path / "kh.docx"
    _hand_typed(docx, seed)
    root = tmp_path / "content"
    import_plan(docx, root, 2024)
    r = rollover(root, 2024, 2025)
    fields = {c.field for c in r.changes}
    assert fields == {
        "year",
        "number",
        "date",
        "title_lines[0]",
        "closing",
        "preamble[0]",
        "sections[1].criteria[3].body[2]",
        "references.kh02.number",
        "references.kh02.date",
    }
    assert {p.ref.field for p in r.to_fill} == {
        "number",
        "date",
        "references.kh02.number",
        "references.kh02.date",
    }
    assert r.free_years == []
    c = load_content(root, 2025)
    assert c.expand(c.plan.title_lines[0]) == "Thực hiện phong trào thi đua năm 2025"


def test_import_cli_and_bad_input(
    docgen_cli: DocgenCli, built_2024: BuildResult, tmp_path: Path
) -> None:
    root = tmp_path / "content"
    exc = docgen_cli("import", str(_docx_of(built_2024)), "--year", "2024", "--content", str(root))
    assert exc.code == 0
    assert "3 mục, 4 nội dung thi đua (92 điểm), 2 tiểu mục" in exc.out
    before = (root / "2024" / "plan.yaml").read_bytes()

    letter = tmp_path / "thu.docx"
    doc = Document()
    doc.add_paragraph("Kính gửi: Ban Giám hiệu")
    doc.add_paragraph("Tôi viết thư này để đề nghị …")
    doc.save(str(letter))
    not_docx = tmp_path / "plan.docx"
    not_docx.write_text("không phải docx", encoding="utf-8")
    cases = [
        ([str(_docx_of(built_2024)), "--year", "2024"], "Đã có"),
        ([str(letter), "--year", "2023"], "không phải một kế hoạch: không thấy dòng tên loại"),
        ([str(not_docx), "--year", "2023"], "không phải tệp Word .docx"),
        ([str(tmp_path / "none.docx"), "--year", "2023"], "Không tìm thấy tệp"),
        ([str(_docx_of(built_2024)), "--year", "1999"], "Năm 1999 không hợp lệ"),
    ]
    for args, msg in cases:
        exc = docgen_cli("import", *args, "--content", str(root))
        assert exc.code == 1, args
        assert msg in exc.err
    assert sorted(p.name for p in root.iterdir()) == ["2024", "org.yaml"]
    assert (root / "2024" / "plan.yaml").read_bytes() == before


def test_plan_without_sections_is_refused(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Tổ chức ngày hội đọc sách")
    doc.add_paragraph("Nhà trường tổ chức ngày hội đọc sách vào tháng 4.")
    doc.save(str(tmp_path / "kh.docx"))
    with pytest.raises(ContentError, match="không thấy mục nào đánh số La Mã"):
        import_plan(tmp_path / "kh.docx", tmp_path / "content", 2024)
    assert not (tmp_path / "content").exists()


def test_citations_taken_only_when_written_back_letter_for_letter() -> None:
    from docgen.content.citations import Citations
    from docgen.lifecycle.years import free_years, relativize

    c = Citations(2024)
    odd = "theo Quyết định số 1315/QĐ-TTg ngày 9 tháng 11 năm 2023 của Thủ tướng Chính phủ;"
    assert c.replace(odd) == odd  # "ngày 9" would come back as "ngày 09"
    assert c.replace("theo Quyết định 1315/QĐ-TTg;") == "theo Quyết định 1315/QĐ-TTg;"  # no "số"
    text = "Thông tư số 22/2020/TT-BGDĐT quy định về tiêu chí, giai đoạn 2023 – 2030, năm 2024."
    assert c.replace(text) == (
        "{ref:tt22|short} quy định về tiêu chí, giai đoạn 2023 – 2030, năm 2024."
    )
    assert [m.group(1) for m in free_years(text)] == ["2024"]
    assert relativize(text, 2025) == text.replace("năm 2024", "năm {year-1}")
