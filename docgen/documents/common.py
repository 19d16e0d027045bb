"""Context shared by every Decree 30 document: header, số/ký hiệu, date line, signer, Nơi nhận."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docgen.content.models import Org, Signer
from docgen.vi.format import long_date


def so_ky_hieu(number: int | None, type_abbrev: str, org: Org) -> str:
    """``Số: 89/KH-NK``; numbers below 10 take a leading zero; no number leaves a gap to fill."""
    num = f"{number:02d}" if number is not None else "      "
    return f"Số: {num}/{type_abbrev}-{org.symbol}"


def place_date(org: Org, date: dt.date | None) -> str:
    if date is None:
        return f"{org.place}, ngày      tháng      năm"
    return f"{org.place}, {long_date(date)}"


ILLUSTRATIVE = "DỮ LIỆU MINH HỌA"


def marks(illustrative: bool) -> dict[str, str]:
    """What every template's footer prints: "DỮ LIỆU MINH HỌA" for illustrative content."""
    return {"illustrative_mark": ILLUSTRATIVE if illustrative else ""}


def recipients(items: list[str]) -> list[str]:
    """``- item;`` for each item, the last one ending with a period (PL I, mục II.9)."""
    out = [f"- {item};" for item in items]
    if out:
        out[-1] = out[-1][:-1] + "."
    return out


def signer(s: Signer) -> dict[str, str]:
    return {"authority": s.authority or "", "title": s.title, "name": s.name or ""}


def header_context(
    org: Org, *, number: int | None, type_abbrev: str, date: dt.date | None
) -> dict[str, Any]:
    return {
        "parent_body": list(org.parent_body),
        "issuing_body": list(org.issuing_body),
        "so_ky_hieu": so_ky_hieu(number, type_abbrev, org),
        "place_date": place_date(org, date),
    }
