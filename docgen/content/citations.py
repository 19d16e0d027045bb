"""Citations of acts in imported prose -> ``references`` + ``{ref:key}`` placeholders.

"Kế hoạch số 02/KH-HKH ngày 22 tháng 01 năm 2024 của Hội Khuyến học Ủy ban nhân dân Quận 10"
becomes ``{ref:kh02}`` with ``kh02: {kind, number, date, issuer}``, so that the act is written
once and, when it was issued in the plan's own year (the district's plan for the year), marked
``renew: true``: ``docgen rollover`` then asks for next year's number and date instead of
silently citing last year's act. Only citations that :func:`docgen.content.prose.cite` writes back
letter for letter are taken ("Kind số N[ ngày dd tháng mm năm yyyy][ của Issuer]"); anything
else stays as typed.
"""

from __future__ import annotations

import re
from itertools import takewhile
from typing import Any

from docgen.vi.format import long_date, parse_date
from docgen.vi.text import fold_marks

KINDS = (
    "Kế hoạch",
    "Quyết định",
    "Thông tư",
    "Kết luận",
    "Nghị quyết",
    "Nghị định",
    "Chỉ thị",
    "Công văn",
    "Hướng dẫn",
    "Thông báo",
    "Luật",
)
_END = (
    r"(?=$|\s*[,;.()“”\"]| về | quy định| ban hành| trên | đối với| theo | triển khai| nhằm"
    rf"| và (?:{'|'.join(KINDS)}) )"
)
CITE = re.compile(
    rf"(?P<kind>{'|'.join(KINDS)}) số (?P<number>\d[\w./-]*\w)"
    r"(?: (?P<date>ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})))?"
    rf"(?: của (?P<issuer>[^,;.()“”\"]*?[^\s,;.()“”\"]))?{_END}"
)


# Every form a hand-typed plan uses (``loose``): "số" optional (then the number must hold "/" or
# "-", as an act number does), the date as "dd/mm/yyyy", "d/m/yyyy" or "ngày … tháng … năm …".
LOOSE = re.compile(
    rf"(?P<kind>{'|'.join(KINDS)})(?: (?P<so>số))? (?P<number>\d[\w./-]*\w)"
    r"(?: (?P<date>ngày (?:(?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4}))))?"
    rf"(?: của (?P<issuer>[^,;.()“”\"]*?[^\s,;.()“”\"]))?{_END}"
)


def _key(kind: str, number: str) -> str:
    initials = "".join(w[0] for w in fold_marks(kind).lower().split())
    return initials + "".join(takewhile(str.isdigit, number))  # CITE: number starts with a digit


def _compatible(ref: dict[str, Any], occ: dict[str, Any], fmt: str) -> bool:
    """Whether ``occ`` (cited with ``fmt``) can share ``ref`` and still expand to its own text."""
    if (ref["kind"], ref["number"]) != (occ["kind"], occ["number"]):
        return False
    if fmt != "|short" and ref.get("_issuer_used") and ref.get("issuer") != occ["issuer"]:
        return False
    return not (fmt == "" and ref.get("date") not in (None, occ["date"]))


class Citations:
    """Collects the acts cited across a plan's texts.

    Strict (the default) takes only what docgen writes back letter for letter. ``loose`` takes
    every form a person types ("ngày 16/01/2023", "Quyết định 1315/QĐ-TTg" without "số"); the
    citation is then written the Decree 30 way, and each such rewrite is kept in ``rewritten``
    (typed text, text docgen will print) so that the user can be told."""

    def __init__(self, year: int, *, loose: bool = False) -> None:
        self.year = year
        self.loose = loose
        self.refs: dict[str, dict[str, Any]] = {}
        self.rewritten: list[tuple[str, str]] = []

    def _add(self, occ: dict[str, Any], fmt: str) -> str:
        base = _key(occ["kind"], occ["number"])
        key, i = base, 2
        while key in self.refs and not _compatible(self.refs[key], occ, fmt):
            key, i = f"{base}_{i}", i + 1
        ref = self.refs.setdefault(key, {"kind": occ["kind"], "number": occ["number"]})
        if fmt != "|short":
            ref["issuer"], ref["_issuer_used"] = occ["issuer"], True
        if fmt == "":
            ref["date"] = occ["date"]
        return key

    def _one(self, m: re.Match[str]) -> str:
        date = None
        loose = self.loose and m.re is LOOSE
        if loose and not m["so"] and "/" not in m["number"] and "-" not in m["number"]:
            return m.group(0)  # "Kế hoạch 2024" is not a citation
        if m.group("date"):
            d, mo, y = (
                (m["d"], m["m"], m["y"]) if m["d"] or not loose else (m["d2"], m["m2"], m["y2"])
            )
            try:
                date = parse_date(f"{d}/{mo}/{y}")
            except ValueError:
                return m.group(0)
            if long_date(date) != m.group("date") and not loose:
                return m.group(0)  # "ngày 9 tháng …" would come back as "ngày 09 …"
        issuer = m.group("issuer")
        fmt = "" if date else ("|nodate" if issuer else "|short")
        occ = {
            "kind": m["kind"],
            "number": m["number"],
            "date": date.strftime("%d/%m/%Y") if date else None,
            "issuer": issuer,
        }
        key = self._add(occ, fmt)
        if loose:
            written = f"{m['kind']} số {m['number']}"
            if date:
                written += " " + long_date(date)
            if issuer:
                written += " của " + issuer
            if written != m.group(0):
                self.rewritten.append((m.group(0), written))
        return "{ref:" + key + fmt + "}"

    def replace(self, text: str) -> str:
        return (LOOSE if self.loose else CITE).sub(self._one, text)

    def references(self) -> dict[str, dict[str, Any]]:
        out = {}
        for key, ref in sorted(self.refs.items()):
            ref = {k: ref[k] for k in ("kind", "number", "date", "issuer") if ref.get(k)}
            if ref.get("date", "")[-4:] == str(self.year):
                ref["renew"] = True  # issued in the plan's own year: a new one comes next year
            out[key] = ref
        return out
