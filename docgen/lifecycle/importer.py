"""``docgen import PLAN.docx --year 2024``: a Word plan (typed by hand, or built by docgen) into
``content/org.yaml`` + ``content/<year>/plan.yaml``.

The document is read by the checker's one reader (:mod:`docgen.reader.read` -> ``DocOutline``)
and its Decree 30 structure parser (:mod:`docgen.check.structure`): the header components
(cơ quan chủ quản / ban hành, số và ký hiệu, địa danh và ngày), the type line and trích yếu, the
body, Nơi nhận and the signer are where the checker finds them. This module only adds what a
*plan* has and the checker does not need, in named steps:

- :func:`_header`: which issuer lines are the parent body and which the issuing body (the bold
  lines), the number and symbol, the place and date;
- ``_Placer.body``: preamble until "I.", sections "I.", "II.", … (in order), "Nội dung N: …
  (20 điểm)" criteria, "1.", "2." subsections, the closing sentence ("Trên đây …" / "./.");
- :func:`_signature`: Nơi nhận items and the signer (authority, title, name).

Every paragraph that fits none of these is reported with its number (counted from 1 over the
document body, table cells included). Years of the plan in the prose become ``{year}`` /
``{year-1}`` (:mod:`docgen.lifecycle.years`) and cited acts, in every form a person types them,
become ``references`` (:mod:`docgen.content.citations`), so an imported plan rolls over exactly.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from docgen.check import config as rules_config
from docgen.check.structure import ARABIC, PAGE_PARTS, ROMAN, Line, Structure, analyse
from docgen.content import prose
from docgen.content.citations import Citations
from docgen.content.load import load_org, validate
from docgen.content.models import Org, Plan
from docgen.content.source import make_yaml
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.files import locked, reap, staged, write_error
from docgen.i18n import tr
from docgen.lifecycle.years import relativize
from docgen.reader.outline import DocOutline, Unreadable
from docgen.reader.read import check_docx, read
from docgen.vi.match import NUM_DATE, WORD_DATE, make_date
from docgen.vi.text import slug

DOC_TYPE = "KẾ HOẠCH"
RULE = re.compile(r"^[\s\-_—–─…=.*]*$")
CRITERION = re.compile(
    r"^Nội dung\s+(\d+)\s*[:.–-]\s*(.+?)\s*\(\s*(\d+(?:[.,]\d+)?)\s*điểm\s*\)"
    r"\s*[.:;]?$",
    re.IGNORECASE,
)
CRITERION_START = re.compile(r"^Nội dung\s+\d+\b", re.IGNORECASE)
AUTHORITY = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class ImportResult:
    year: int
    plan_path: Path
    org_path: Path
    plan: Plan
    org: Org
    unplaced: list[Problem] = field(default_factory=list)
    rewritten: list[tuple[str, str]] = field(default_factory=list)  # citations: typed -> printed


# --- placing ---------------------------------------------------------------------------------


def _sentence_case(text: str) -> str:
    if text.upper() != text or not any(c.isalpha() for c in text):
        return text
    low = text.lower()
    return low[:1].upper() + low[1:]


def _slug(text: str, taken: set[str]) -> str:
    key = "_".join(slug(text).split("-")[:2]) or "muc"
    if not key[0].isalpha():
        key = "m_" + key
    base, i = key, 2
    while key in taken:
        key, i = f"{base}_{i}", i + 1
    taken.add(key)
    return key


@dataclass(frozen=True)
class Para:
    n: int  # paragraph number in the document body, from 1 (table cells included)
    text: str


class _Placer:
    """Collects the org and plan data, and the paragraphs that fit nowhere."""

    def __init__(self, path: Path, year: int, outline: DocOutline) -> None:
        self.path, self.year = path, year
        self.out = ProblemList()
        self.org: dict[str, Any] = {"parent_body": [], "issuing_body": []}
        self.plan: dict[str, Any] = {"year": year}
        self.used: set[int] = set()  # Line.n of every line placed (or deliberately skipped)
        blocks = [b for b in outline.blocks if b.where.split("(")[0] not in PAGE_PARTS]
        self.numbers = {b.index: k for k, b in enumerate(blocks, start=1)}

    def para(self, ln: Line) -> Para:
        return Para(self.numbers.get(ln.block.index, 0), ln.text)

    def unplaced(self, p: Para, why: str | None = None) -> None:
        self.out.add(
            SourceRef(self.path, field=tr("đoạn {n}", "paragraph {n}", n=p.n)),
            why
            or tr(
                "không xếp được vào phần nào của kế hoạch: {t!r}",
                "could not place this paragraph: {t!r}",
                t=p.text[:80],
            ),
            "warning",
        )

    def body(self, paras: list[Para]) -> list[Para]:
        """Place preamble, sections, criteria, subsections; return the paragraphs in order."""
        preamble: list[str] = []
        sections: list[dict[str, Any]] = []
        placed: list[tuple[list[str], Para]] = []
        keys: set[str] = set()
        target = preamble
        for p in paras:
            m = ROMAN.match(p.text)
            if m and len(sections) < len(NUMERALS) and m["num"] == NUMERALS[len(sections)]:
                title = _sentence_case(m["title"].strip().rstrip(":.").strip())
                sections.append(
                    {
                        "key": _slug(title, keys),
                        "title": title,
                        "body": [],
                        "criteria": [],
                        "subsections": [],
                    }
                )
                target = sections[-1]["body"]
                continue
            m = CRITERION.match(p.text)
            if m and sections:
                n = sum(len(s["criteria"]) for s in sections) + 1
                points = float(m.group(3).replace(",", "."))
                sections[-1]["criteria"].append(
                    {
                        "key": f"nd{n}",
                        "title": m.group(2),
                        "points": int(points) if points.is_integer() else points,
                        "body": [],
                    }
                )
                target = sections[-1]["criteria"][-1]["body"]
                continue
            if CRITERION_START.match(p.text):
                self.unplaced(
                    p,
                    tr(
                        "dòng 'Nội dung' không ghi số điểm '(… điểm)': {t!r}",
                        "'Nội dung' line without its points '(… điểm)': {t!r}",
                        t=p.text[:80],
                    ),
                )
            m = ARABIC.match(p.text)
            if (
                m
                and sections
                and not sections[-1]["criteria"]
                and len(p.text) <= 120
                and int(m["num"]) == len(sections[-1]["subsections"]) + 1
                and not p.text.endswith((";", ","))
            ):
                title = m["title"].strip().rstrip(":.").strip()
                sections[-1]["subsections"].append({"title": title, "body": [], "typed": p.text})
                target = sections[-1]["subsections"][-1]["body"]
                continue
            target.append(p.text)
            placed.append((target, p))
        if placed and (
            placed[-1][1].text.startswith("Trên đây") or placed[-1][1].text.endswith("./.")
        ):
            lst, p = placed.pop()
            lst.pop()
            self.plan["closing"] = p.text
        elif placed:
            self.unplaced(
                placed[-1][1],
                tr(
                    "không thấy câu kết ('Trên đây là …' hoặc kết thúc bằng './.'); đoạn cuối "
                    "là {t!r}",
                    "no closing sentence ('Trên đây là …' or ending './.'); last paragraph: {t!r}",
                    t=placed[-1][1].text[:80],
                ),
            )
        self.plan["preamble"] = preamble
        for s in sections:
            _numbered_items(s)
            for k in ("body", "criteria", "subsections"):
                if not s[k]:
                    del s[k]
        self.plan["sections"] = sections
        return [p for _, p in placed]


def _numbered_items(section: dict[str, Any]) -> None:
    """Numbered lines with nothing under them ("1. Ban Chấp hành triển khai …" / "2. Cuối năm
    …") are the section's paragraphs, as typed, not tiểu mục titles without a body."""
    subs = section["subsections"]
    if any(not s["body"] for s in subs):
        for s in subs:
            section["body"] += [s["typed"], *s["body"]]
        subs.clear()
    for s in subs:
        del s["typed"]


def _line_bold(ln: Line) -> bool:
    """Whether every run of text on this line is bold (as Word shows it, styles resolved)."""
    text = ln.block.text
    start = text.find(ln.text)
    end = start + len(ln.text)
    runs = [r for r in ln.block.runs if r.chars and (start < 0 or start <= r.start < end)]
    return bool(runs) and all(r.bold for r in runs)


def _header(st: Structure, placer: _Placer) -> None:
    """Cơ quan chủ quản / ban hành (bold lines are the issuing body), number, place and date."""
    for ln in (st.national, st.motto):
        if ln is not None:
            placer.used.add(ln.n)
    if st.number is not None and st.number_match is not None:
        placer.used.add(st.number.n)
        num = st.number_match
        code, _, symbol = re.sub(r"\s+", "", num["sym"]).partition("-")
        if num["num"].strip().isdigit():
            placer.plan["number"] = int(num["num"].strip())
        if code != "KH":
            placer.unplaced(
                placer.para(st.number),
                tr(
                    "ký hiệu loại văn bản là {k}, không phải KH (kế hoạch)",
                    "document type is {k}, not KH (plan)",
                    k=code,
                ),
            )
        placer.org["symbol"] = symbol
    if st.place_date is not None:
        text = st.place_date.text
        m: re.Match[str] | None = WORD_DATE.search(text)
        day = make_date(*m.groups()) if m else None
        if m is None:
            m = NUM_DATE.search(text)
            day = make_date(m.group(1), m.group(3), m.group(4)) if m else None
        if m is not None and day is not None:
            placer.used.add(st.place_date.n)
            place = re.sub(r"[,\s]*(?:ngày)?\s*$", "", text[: m.start()], flags=re.IGNORECASE)
            placer.org["place"] = place.strip()
            placer.plan["date"] = day.strftime("%d/%m/%Y")
    bodies = st.issuer
    placer.used.update(ln.n for ln in bodies)
    if not bodies:
        return
    bold = [_line_bold(ln) for ln in bodies]
    split = len(bodies) - 1
    if any(bold) and not all(bold):
        while split > 0 and bold[split - 1]:
            split -= 1
    placer.org["parent_body"] = [ln.text for ln in bodies[:split]]
    placer.org["issuing_body"] = [ln.text for ln in bodies[split:]]


def _title(st: Structure, placer: _Placer) -> None:
    """The trích yếu: the lines under KẾ HOẠCH (or after it on the same line)."""
    assert st.type_line is not None and st.type_name is not None
    placer.used.add(st.type_line.n)
    title = []
    for ln in st.subject:
        placer.used.add(ln.n)
        text = ln.text[len(DOC_TYPE) :].strip() if ln is st.type_line else ln.text
        if text:
            title.append(text)
    placer.plan["title_lines"] = title


def _body_paras(st: Structure, placer: _Placer) -> list[Para]:
    """The body's paragraphs (a paragraph's manual line breaks joined by spaces)."""
    paras: list[Para] = []
    last = None
    for ln in st.body:
        if ln.n in placer.used:
            continue
        placer.used.add(ln.n)
        if RULE.match(ln.text):
            continue
        if last is ln.block and paras:
            paras[-1] = Para(paras[-1].n, f"{paras[-1].text} {ln.text}")
        else:
            paras.append(placer.para(ln))
        last = ln.block
    return paras


def _signature(st: Structure, placer: _Placer) -> None:
    """Nơi nhận items, and the signer: authority (TM., KT. …), title, name."""
    items = []
    for ln in [*([st.recipients_label] if st.recipients_label else []), *st.recipients]:
        placer.used.add(ln.n)
    for ln in st.recipients:
        text = re.sub(r"^[-–•+]\s*", "", ln.text)
        text = re.sub(r"[;.,]$", "", text).strip()
        if text and not text.lower().startswith("nơi nhận"):
            items.append(text)
    placer.org["distribution"] = items
    who: dict[str, str | None] = {"authority": None, "title": None, "name": None}
    for ln in st.signer:
        placer.used.add(ln.n)
        if ln.text.startswith(AUTHORITY) and who["authority"] is None and who["title"] is None:
            who["authority"] = ln.text
        elif who["title"] is None:
            who["title"] = ln.text
        else:
            placer.unplaced(placer.para(ln))
    if st.signer_name is not None:
        placer.used.add(st.signer_name.n)
        who["name"] = st.signer_name.text
    placer.org["signer"] = who


def _leftovers(st: Structure, placer: _Placer) -> None:
    """Every paragraph placed nowhere is reported once, with its number."""
    seen: set[int] = set()
    for ln in st.lines:
        if ln.n in placer.used or RULE.match(ln.text) or ln.block.index in seen:
            continue
        if ln.text.startswith("(") and ln.text.endswith(")"):
            continue  # "(Ký, ghi rõ họ tên)", "(Đã ký)"
        seen.add(ln.block.index)
        placer.unplaced(placer.para(ln))


def _org_name(issuing: list[str], texts: list[str]) -> str:
    """The issuing body as written in the prose ("Trường THPT Nguyễn Khuyến"), else title case."""
    name = " ".join(issuing)
    for text in texts:
        i = text.casefold().find(name.casefold())
        if i >= 0 and len(text.casefold()) == len(text):
            return text[i : i + len(name)]
    words = [
        w
        if (len(w) <= 5 and not re.search(r"[AĂÂEÊIOÔƠUƯY]", w)) or w in ("THPT", "THCS")
        else w[:1] + w[1:].lower()
        for w in name.split()
    ]
    return " ".join(words)


def _outline(path: Path) -> DocOutline:
    """The document through the one reader; anything but a .docx is refused with advice, and a
    .docx over the limits (``docgen.limits``), a folder or a device with `docgen check`'s
    messages, before anything reads it."""
    if not path.exists():
        raise ContentError(tr("Không tìm thấy tệp {p}", "File not found: {p}", p=path))
    try:
        if not path.is_file() or zipfile.is_zipfile(path):
            check_docx(path)
    except Unreadable as exc:
        raise ContentError(
            tr("Không đọc được {p}", "Cannot read {p}", p=path),
            [Problem(SourceRef(path), tr(exc.vi, exc.en))],
        ) from None
    try:
        outline = read(path)
    except Unreadable as exc:
        outline = None
        why = tr(exc.vi, exc.en)
    else:
        why = tr("tệp PDF", "a PDF file")
    if outline is None or outline.source != "docx":
        raise ContentError(
            tr(
                "{p} không phải tệp Word .docx (Word 2007 trở lên): {w}; tệp .doc cũ hay PDF: mở "
                "bằng Word hoặc LibreOffice rồi lưu thành .docx",
                "{p} is not a Word .docx file (Word 2007 or later): {w}; save an old .doc or a "
                "PDF as .docx in Word or LibreOffice first",
                p=path,
                w=why,
            )
        )
    return outline


def _structure(path: Path, outline: DocOutline) -> Structure:
    st = analyse(outline, rules_config.load())
    if st.type_line is None or st.type_name != DOC_TYPE:
        raise ContentError(
            tr(
                "{p} không phải một kế hoạch: không thấy dòng tên loại 'KẾ HOẠCH' (đoạn riêng, "
                "in hoa)",
                "{p} is not a plan: no 'KẾ HOẠCH' document-type line (own paragraph, capitals)",
                p=path,
            )
        )
    return st


@dataclass
class Parsed:
    org: dict[str, Any]
    plan: dict[str, Any]
    out: ProblemList  # the paragraphs placed nowhere (warnings)
    rewritten: list[tuple[str, str]]  # citations as typed -> as docgen will print them


def parse(path: Path, year: int) -> Parsed:
    """Read a Word plan into the raw org and plan data, with the paragraphs it could not place."""
    outline = _outline(path)
    st = _structure(path, outline)
    placer = _Placer(path, year, outline)
    _header(st, placer)
    _title(st, placer)
    texts = [p.text for p in placer.body(_body_paras(st, placer))]
    if not placer.plan["sections"]:
        raise ContentError(
            tr(
                "{p} không phải một kế hoạch: không thấy mục nào đánh số La Mã (I., II., …)",
                "{p} is not a plan: no sections numbered with Roman numerals (I., II., …)",
                p=path,
            )
        )
    _signature(st, placer)
    _leftovers(st, placer)
    # a non-breaking space (Word's Ctrl+Shift+Space, docgen's render stage) is a space in the
    # content: the render stage puts it back where a line must not break
    placer.org, placer.plan = _plain_spaces(placer.org), _plain_spaces(placer.plan)
    texts = [_plain_spaces(t) for t in texts]
    placer.out.problems.sort(key=lambda p: int(re.sub(r"\D", "", p.ref.field or "0") or 0))
    placer.org["name"] = _org_name(
        placer.org["issuing_body"], [placer.plan.get("closing", ""), *texts]
    )
    rewritten = _placeholders(placer.plan, year)
    date = placer.plan.get("date")
    if date and int(date[-4:]) != year:
        placer.out.add(
            SourceRef(path, field="date"),
            tr(
                "ngày ban hành {d} không thuộc năm {y} đã chọn (--year)",
                "the date of issue {d} is not in the chosen year {y} (--year)",
                d=date,
                y=year,
            ),
            "warning",
        )
    return Parsed(placer.org, placer.plan, placer.out, rewritten)


def _plain_spaces(node: Any) -> Any:
    """``node`` (strings, lists, dicts) with every U+00A0 a plain space."""
    if isinstance(node, str):
        return node.replace("\u00a0", " ")
    if isinstance(node, list):
        return [_plain_spaces(v) for v in node]
    if isinstance(node, dict):
        return type(node)((k, _plain_spaces(v)) for k, v in node.items())
    return node


def _placeholders(plan: dict[str, Any], year: int) -> list[tuple[str, str]]:
    """Cited acts -> ``{ref:key}`` + ``references``; the plan's years -> ``{year}``…

    Returns the citations written differently from how they were typed (typed, printed)."""
    cites = Citations(year, loose=True)

    def fix(text: str) -> str:
        return relativize(cites.replace(text), year)

    plan["title_lines"] = [fix(t) for t in plan["title_lines"]]
    plan["preamble"] = [fix(t) for t in plan["preamble"]]
    for s in plan["sections"]:
        s["title"] = fix(s["title"])
        s["body"] = [fix(t) for t in s.get("body", [])]
        for part in (*s.get("criteria", []), *s.get("subsections", [])):
            part["title"] = fix(part["title"])
            part["body"] = [fix(t) for t in part["body"]]
        if not s["body"]:
            del s["body"]
    if "closing" in plan:
        plan["closing"] = fix(plan["closing"])
    refs = CommentedMap()
    for key, ref in cites.references().items():
        refs[key] = CommentedMap(ref)
        if ref.get("renew"):
            refs[key].yaml_add_eol_comment(
                tr(
                    "ban hành trong năm {y}: docgen rollover sẽ hỏi số, ngày mới (sửa nếu không "
                    "đúng)",
                    "issued in {y}: docgen rollover will ask for the new number and date",
                    y=year,
                ),
                "renew",
            )
    if refs:
        plan["references"] = refs
    return cites.rewritten


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    return [t for x in node for t in _strings(x)] if isinstance(node, list) else []


ORG_KEYS = ("parent_body", "issuing_body", "name", "symbol", "place", "signer", "distribution")
PLAN_KEYS = (
    "year",
    "number",
    "date",
    "title_lines",
    "references",
    "preamble",
    "sections",
    "closing",
)


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> CommentedMap:
    out = CommentedMap()
    for k in keys:
        if k in data:
            out[k] = data[k]
    return out


def _dump(data: CommentedMap, comment: str) -> str:
    data.yaml_set_start_comment(comment)
    buf = io.StringIO()
    make_yaml().dump(data, buf)
    return buf.getvalue()


def import_plan(docx: Path, root: Path, year: int, *, force: bool = False) -> ImportResult:
    """Import ``docx`` as ``root/<year>/plan.yaml`` (+ ``root/org.yaml``); nothing is written if
    the document cannot be read as a plan."""
    docx, root = Path(docx), Path(root)
    if not 2000 <= year <= 2100:
        raise ContentError(
            tr("Năm {y} không hợp lệ (2000–2100)", "Year {y} is out of range (2000–2100)", y=year)
        )
    year_dir, org_path = root / str(year), root / "org.yaml"
    if year_dir.exists() and not force:
        raise ContentError(
            tr(
                "Đã có {p}; không ghi đè. Dùng --force để thay, hoặc --content THƯ_MỤC để "
                "nhập vào một thư mục nội dung khác (ví dụ --content noi-dung-truong)",
                "{p} already exists; not overwriting. Use --force to replace it, or --content "
                "FOLDER to import into another content folder (e.g. --content noi-dung-truong)",
                p=year_dir,
            )
        )
    parsed = parse(docx, year)
    raw_org, raw_plan, out = parsed.org, parsed.plan, parsed.out
    org_data, plan_data = _ordered(raw_org, ORG_KEYS), _ordered(raw_plan, PLAN_KEYS)
    errors = ProblemList()
    org = validate(Org, org_path, dict(org_data), errors)
    plan = validate(Plan, year_dir / "plan.yaml", dict(plan_data), errors)
    # an invalid plan's own errors say why; its texts are checked once it is valid
    for text in _strings(plan_data) if plan is not None else []:
        for msg in prose.problems(text, year, plan.references if plan is not None else {}):
            errors.add(
                SourceRef(docx),
                tr(
                    "{m} trong {t!r}: văn bản không được chứa dấu ngoặc nhọn {{ }}; hãy sửa trong "
                    "Word",
                    "{m} in {t!r}: the text may not contain braces {{ }}; fix it in Word",
                    m=msg,
                    t=text[:80],
                ),
            )
    if errors.errors or org is None or plan is None:
        raise ContentError(
            tr(
                "Không nhập được {p}: thiếu hoặc sai các phần sau",
                "Could not import {p}: these parts are missing or wrong",
                p=docx,
            ),
            errors.problems + out.problems,
        )
    write_org = True
    if org_path.is_file():
        existing = load_org(root, ProblemList())
        if existing == org:
            write_org = False
        elif not force:
            raise ContentError(
                tr(
                    "{p} đã có và khác cơ quan trong văn bản; dùng --force để thay, hoặc "
                    "--content THƯ_MỤC để nhập vào một thư mục nội dung khác",
                    "{p} already exists and differs from the document's organisation; use "
                    "--force to replace it, or --content FOLDER to import into another folder",
                    p=org_path,
                )
            )
    note = tr(
        "Nhập từ {f} bằng docgen import; xem lại rồi sửa nếu cần.",
        "Imported from {f} by docgen import; review and edit as needed.",
        f=docx.name,
    )
    plan_text = _dump(plan_data, note)
    with locked(root, str(year), "docgen import"):
        if year_dir.exists() and not force:  # another run wrote it while this one read
            raise ContentError(
                tr(
                    "Đã có {p}; không ghi đè. Dùng --force để thay.",
                    "{p} already exists; not overwriting. Use --force to replace it.",
                    p=year_dir,
                )
            )
        reap(root)
        try:
            with staged(root / f".import-{year}-{os.getpid()}", year_dir) as staging:
                (staging / "plan.yaml").write_text(plan_text, encoding="utf-8")
                if write_org:
                    tmp = root / f".org-{os.getpid()}.yaml"
                    tmp.write_text(_dump(org_data, note), encoding="utf-8")
                    os.replace(tmp, org_path)
        except OSError as exc:
            raise write_error(exc, root) from None
    return ImportResult(
        year, year_dir / "plan.yaml", org_path, plan, org, out.problems, parsed.rewritten
    )
