"""``docgen import PLAN.docx --year 2024``: a Word plan (typed by hand, or built by docgen) into
``content/org.yaml`` + ``content/<year>/plan.yaml``.

The document is read as a stream of paragraphs (tables read column by column) and placed by
what each paragraph says, not by its Word style, so an ordinary hand-typed plan imports too:

- header: the table (or the paragraphs) before "KẾ HOẠCH": cơ quan chủ quản / ban hành (bold
  lines are the issuing body), "Số: 89/KH-NK", "<địa danh>, ngày dd tháng mm năm yyyy";
- trích yếu: the centred or bold lines under "KẾ HOẠCH";
- preamble until "I.", sections "I.", "II.", … (roman numerals in order), "Nội dung N: … (20
  điểm)" criteria, "1.", "2." subsections, the paragraphs under each;
- closing ("Trên đây …" or ending "./."), Nơi nhận and the signer (table or paragraphs).

Every paragraph that fits none of these is reported with its number (counted from 1 over the
whole document, table cells included). Years of the plan in the prose become ``{year}`` /
``{year-1}`` (:mod:`docgen.lifecycle.years`) and cited acts become ``references``
(:mod:`docgen.content.citations`), so an imported plan rolls over exactly.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from docgen.content import prose
from docgen.content.citations import Citations
from docgen.content.load import load_org, validate
from docgen.content.models import Org, Plan
from docgen.content.source import make_yaml
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.files import locked, publish, reap, write_error
from docgen.i18n import tr
from docgen.lifecycle.wordread import Para, Table, lines, read_blocks
from docgen.lifecycle.years import relativize
from docgen.vi.text import slug

DOC_TYPE = "KẾ HOẠCH"
RULE = re.compile(r"^[\s\-_—–─…=.*]*$")
NUMBER = re.compile(r"^Số\s*[:.]?\s*(\d*)\s*/\s*([A-ZĐ]+)\s*-\s*([A-ZĐ0-9][A-ZĐ0-9.-]*)\s*$")
PLACE_DATE = re.compile(r"^(.+?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\s*\.?$")
SECTION = re.compile(r"^([IVXLC]+)\s*[.:/]\s*(\S.*?)\s*[:.]?$")
CRITERION = re.compile(
    r"^Nội dung\s+(\d+)\s*[:.–-]\s*(.+?)\s*\(\s*(\d+(?:[.,]\d+)?)\s*điểm\s*\)"
    r"\s*[.:;]?$",
    re.IGNORECASE,
)
CRITERION_START = re.compile(r"^Nội dung\s+\d+\b", re.IGNORECASE)
SUBSECTION = re.compile(r"^(\d{1,2})\s*[.)]\s+(\S.*?)\s*[:.]?$")
AUTHORITY = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class ImportResult:
    year: int
    plan_path: Path
    org_path: Path
    plan: Plan
    org: Org
    unplaced: list[Problem] = field(default_factory=list)


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


class _Placer:
    def __init__(self, path: Path, year: int) -> None:
        self.path, self.year = path, year
        self.out = ProblemList()
        self.org: dict[str, Any] = {"parent_body": [], "issuing_body": []}
        self.plan: dict[str, Any] = {"year": year}

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

    def header(self, columns: list[list[Para]]) -> None:
        bodies: list[Para] = []
        for c, col in enumerate(columns):
            for p in (x for par in col for x in lines(par)):
                m_num, m_date = NUMBER.match(p.text), PLACE_DATE.match(p.text)
                if (
                    RULE.match(p.text)
                    or p.text.upper().startswith(("CỘNG HÒA", "CỘNG HOÀ"))
                    or p.text.startswith("Độc lập")
                ):
                    continue
                if m_num:
                    if m_num.group(1):
                        self.plan["number"] = int(m_num.group(1))
                    if m_num.group(2) != "KH":
                        self.unplaced(
                            p,
                            tr(
                                "ký hiệu loại văn bản là {k}, không phải KH (kế hoạch)",
                                "document type is {k}, not KH (plan)",
                                k=m_num.group(2),
                            ),
                        )
                    self.org["symbol"] = m_num.group(3)
                elif m_date:
                    place, d, mo, y = m_date.groups()
                    self.org["place"] = place.strip()
                    self.plan["date"] = f"{int(d):02d}/{int(mo):02d}/{y}"
                elif c == 0 and "symbol" not in self.org:
                    bodies.append(p)
                else:
                    self.unplaced(p)
        if not bodies:
            return
        bold = [p.bold for p in bodies]
        split = len(bodies) - 1
        if any(bold) and not all(bold):
            while split > 0 and bold[split - 1]:
                split -= 1
        self.org["parent_body"] = [p.text for p in bodies[:split]]
        self.org["issuing_body"] = [p.text for p in bodies[split:]]

    def body(self, paras: list[Para]) -> list[Para]:
        """Place preamble, sections, criteria, subsections; return the paragraphs in order."""
        preamble: list[str] = []
        sections: list[dict[str, Any]] = []
        placed: list[tuple[list[str], Para]] = []
        keys: set[str] = set()
        target = preamble
        for p in paras:
            m = SECTION.match(p.text)
            if m and len(sections) < len(ROMAN) and m.group(1) == ROMAN[len(sections)]:
                title = _sentence_case(m.group(2))
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
            m = SUBSECTION.match(p.text)
            if (
                m
                and sections
                and not sections[-1]["criteria"]
                and len(p.text) <= 120
                and int(m.group(1)) == len(sections[-1]["subsections"]) + 1
                and not p.text.endswith((";", ","))
            ):
                sections[-1]["subsections"].append({"title": m.group(2), "body": []})
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
                    "không thấy câu kết ('Trên đây là …' hoặc kết thúc bằng './.'); đoạn cuối là "
                    "{t!r}",
                    "no closing sentence ('Trên đây là …' or ending './.'); last paragraph: {t!r}",
                    t=placed[-1][1].text[:80],
                ),
            )
        self.plan["preamble"] = preamble
        for s in sections:
            for k in ("body", "criteria", "subsections"):
                if not s[k]:
                    del s[k]
        self.plan["sections"] = sections
        return [p for _, p in placed]

    def signature(self, recipients: list[Para], signer: list[Para]) -> None:
        items = []
        for p in recipients:
            text = re.sub(r"^[-–•+]\s*", "", p.text)
            text = re.sub(r"[;.,]$", "", text).strip()
            if text and not text.lower().startswith("nơi nhận"):
                items.append(text)
        self.org["distribution"] = items
        who: dict[str, str | None] = {"authority": None, "title": None, "name": None}
        for p in signer:
            if p.text.startswith("(") and p.text.endswith(")"):
                continue  # "(Ký, ghi rõ họ tên)", "(đã ký)"
            if p.text.startswith(AUTHORITY) and who["authority"] is None and who["title"] is None:
                who["authority"] = p.text
            elif p.text.upper() == p.text and who["title"] is None:
                who["title"] = p.text
            elif who["name"] is None and who["title"] is not None:
                who["name"] = p.text
            else:
                self.unplaced(p)
        self.org["signer"] = who


def _is_doc_type(p: Para) -> bool:
    first = p.text.split("\n", 1)[0]
    return re.sub(r"\s+", " ", first).strip().upper() == DOC_TYPE


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


def parse(path: Path, year: int) -> tuple[dict[str, Any], dict[str, Any], ProblemList]:
    """Read a Word plan into the raw org and plan data, with the paragraphs it could not place."""
    blocks = read_blocks(path)
    placer = _Placer(path, year)
    idx = next((i for i, b in enumerate(blocks) if isinstance(b, Para) and _is_doc_type(b)), None)
    if idx is None:
        raise ContentError(
            tr(
                "{p} không phải một kế hoạch: không thấy dòng tên loại 'KẾ HOẠCH' (đoạn riêng, in "
                "hoa)",
                "{p} is not a plan: no 'KẾ HOẠCH' document-type line (own paragraph, capitals)",
                p=path,
            )
        )
    head_table = next((b for b in blocks[:idx] if isinstance(b, Table)), None)
    loose = [x for b in blocks[:idx] if isinstance(b, Para) for x in lines(b)]
    if head_table is not None:
        placer.header(head_table.columns)
        for p in loose:
            placer.unplaced(p)
    else:
        placer.header([loose])
    for b in blocks[:idx]:
        if isinstance(b, Table) and b is not head_table:
            for p in (x for col in b.columns for x in col if x.text):
                placer.unplaced(p)

    rest = blocks[idx + 1 :]
    first = blocks[idx]
    title = [x.text for x in lines(first)[1:]] if isinstance(first, Para) else []
    while rest and isinstance(rest[0], Para):
        p = rest[0]
        if not p.text or RULE.match(p.text):
            rest.pop(0)
            if title:
                break
            continue
        if (
            not (p.centered or p.bold)
            or SECTION.match(p.text)
            or p.text.startswith("Căn cứ")
            or len(title) >= 4
        ):
            break
        title += [x.text for x in lines(p)]
        rest.pop(0)
    placer.plan["title_lines"] = title

    body: list[Para] = []
    recipients: list[Para] = []
    signer: list[Para] = []
    stage = "body"
    for b in rest:
        if isinstance(b, Table):
            if stage == "body" and "nơi nhận" in b.text.lower():
                stage = "signed"
                recipients += [p for p in b.columns[0] if p.text]
                signer += [p for col in b.columns[1:] for p in col if p.text]
            else:
                for p in (x for col in b.columns for x in col if x.text):
                    placer.unplaced(p)
            continue
        if not b.text or RULE.match(b.text):
            continue
        if stage == "body" and b.text.lower().startswith("nơi nhận"):
            stage = "recipients"
        if stage == "body":
            body.append(Para(b.n, " ".join(x.text for x in lines(b)), b.bold, b.centered))
        elif stage == "recipients" and (
            b.text.lower().startswith("nơi nhận") or b.text.startswith(("-", "–", "•", "+"))
        ):
            recipients.append(b)
        elif stage == "recipients":
            stage = "signer"
            signer.append(b)
        elif stage == "signer":
            signer.append(b)
        else:
            placer.unplaced(b)
    texts = [p.text for p in placer.body(body)]
    if not placer.plan["sections"]:
        raise ContentError(
            tr(
                "{p} không phải một kế hoạch: không thấy mục nào đánh số La Mã (I., II., …)",
                "{p} is not a plan: no sections numbered with Roman numerals (I., II., …)",
                p=path,
            )
        )
    placer.signature(recipients, signer)
    placer.org["name"] = _org_name(
        placer.org["issuing_body"], [placer.plan.get("closing", ""), *texts]
    )
    _placeholders(placer.plan, year)
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
    return placer.org, placer.plan, placer.out


def _placeholders(plan: dict[str, Any], year: int) -> None:
    """Cited acts -> ``{ref:key}`` + ``references``; the plan's years -> ``{year}``…"""
    cites = Citations(year)

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
                "Đã có {p}; không ghi đè. Dùng --force để thay.",
                "{p} already exists; not overwriting. Use --force to replace it.",
                p=year_dir,
            )
        )
    raw_org, raw_plan, out = parse(docx, year)
    org_data, plan_data = _ordered(raw_org, ORG_KEYS), _ordered(raw_plan, PLAN_KEYS)
    errors = ProblemList()
    org = validate(Org, org_path, dict(org_data), errors)
    plan = validate(Plan, year_dir / "plan.yaml", dict(plan_data), errors)
    for text in _strings(plan_data):
        for msg in prose.problems(text, year, plan.references if plan else {}):
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
                    "{p} đã có và khác cơ quan trong văn bản; dùng --force để thay",
                    "{p} already exists and differs from the document's organisation; use --force",
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
        staging = root / f".import-{year}-{os.getpid()}"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            (staging / "plan.yaml").write_text(plan_text, encoding="utf-8")
            if write_org:
                tmp = root / f".org-{os.getpid()}.yaml"
                tmp.write_text(_dump(org_data, note), encoding="utf-8")
                os.replace(tmp, org_path)
            publish(staging, year_dir)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise write_error(exc, root) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return ImportResult(year, year_dir / "plan.yaml", org_path, plan, org, out.problems)
