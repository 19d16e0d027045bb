"""Placeholders in content prose: years relative to the plan year, and citations by key.

``{year}``, ``{year-1}``, ``{year+1}``: the plan year and its neighbours, so rollover moves them
exactly. ``{ref:tt22}`` cites an act from ``references`` in full ("Thông tư số 22/2020/TT-BGDĐT
ngày 06 tháng 8 năm 2020 của Bộ Giáo dục và Đào tạo"); ``{ref:tt22|nodate}`` leaves out the date,
``{ref:tt22|short}`` gives only "Thông tư số 22/2020/TT-BGDĐT".

``{prev:key}``: last year's figure for a target phrased "cao hơn năm trước", e.g.
" (năm 2024: 12 suất học bổng 1&1)" from ``content/2024/figures.yaml``; nothing when last year
has no such figure (the placeholder brings its own leading space).

A value still to be filled (a renewed reference cleared by ``docgen rollover``) is written
``[cần điền: …]`` (:func:`todo`); ``docgen build`` refuses it, ``--draft`` highlights it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from docgen.content.models import Figure, LegalRef
from docgen.i18n import tr
from docgen.vi.format import long_date, number

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_YEAR = re.compile(r"^year(?:\s*([+-])\s*(\d{1,2}))?$")
_REF = re.compile(r"^ref:([a-z][a-z0-9_]*)(?:\|(full|nodate|short))?$")
_PREV = re.compile(r"^prev:([a-z][a-z0-9_]*)$")
TODO = re.compile(r"\[cần điền: [^\]]*\]")


def todo(label: str) -> str:
    """The visible mark of a value still to be filled: ``[cần điền: số văn bản]``."""
    return f"[cần điền: {label}]"


class PlaceholderError(ValueError):
    pass


def cite(ref: LegalRef, fmt: str = "full") -> str:
    text = f"{ref.kind} số {ref.number or todo('số ' + ref.kind.lower())}"
    if fmt == "full" and ref.date:
        text += f" {long_date(ref.date)}"
    elif fmt == "full" and ref.renew:
        text += f" ngày {todo('ngày ' + ref.kind.lower())}"
    if fmt in ("full", "nodate") and ref.issuer:
        text += f" của {ref.issuer}"
    return text


def _one(
    token: str,
    year: int,
    refs: Mapping[str, LegalRef],
    previous: Mapping[str, Figure] | None = None,
) -> str:
    m = _PREV.match(token.strip())
    if m:
        fig = (previous or {}).get(m.group(1))
        return f" (năm {year - 1}: {number(fig.value)} {fig.unit})" if fig else ""
    m = _YEAR.match(token.strip())
    if m:
        sign, delta = m.groups()
        return str(year + (int(delta) if sign == "+" else -int(delta)) if sign else year)
    m = _REF.match(token.strip())
    if m:
        key, fmt = m.group(1), m.group(2) or "full"
        if key not in refs:
            known = ", ".join(sorted(refs)) or "—"
            raise PlaceholderError(
                tr(
                    "không có văn bản '{k}' trong references (các khóa có: {known})",
                    "unknown reference '{k}' (known: {known})",
                    k=key,
                    known=known,
                )
            )
        return cite(refs[key], fmt)
    raise PlaceholderError(
        tr(
            "chỗ giữ chỗ không hợp lệ '{{{t}}}' (dùng {{year}}, {{year-1}}, {{ref:KHÓA}}, "
            "{{prev:KHÓA}})",
            "unknown placeholder '{{{t}}}' (expected {{year}}, {{year-1}}, {{ref:KEY}}, "
            "{{prev:KEY}})",
            t=token,
        )
    )


def expand(
    text: str, year: int, refs: Mapping[str, LegalRef], previous: Mapping[str, Figure] | None = None
) -> str:
    """Replace every placeholder; raise PlaceholderError naming the first bad one."""
    return PLACEHOLDER.sub(lambda m: _one(m.group(1), year, refs, previous), text)


def problems(text: str, year: int, refs: Mapping[str, LegalRef]) -> list[str]:
    """Every bad placeholder in ``text`` (for reporting all problems at once)."""
    out = []
    for m in PLACEHOLDER.finditer(text):
        try:
            _one(m.group(1), year, refs)
        except PlaceholderError as exc:
            out.append(str(exc))
    return out
