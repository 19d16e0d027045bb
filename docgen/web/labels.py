"""Field paths in plain words: ``sections[1].criteria[2].points`` -> "Nội dung 3: số điểm"."""

from __future__ import annotations

from typing import Any

from docgen.i18n import tr
from docgen.vi.format import roman
from docgen.web.yamledit import get, parse_field

# (vi, en) names of the fields a secretary sees
NAMES: dict[str, tuple[str, str]] = {
    "number": ("số", "number"),
    "date": ("ngày", "date"),
    "title": ("tên", "title"),
    "title_lines": ("Trích yếu", "Subject line"),
    "points": ("số điểm", "points"),
    "body": ("đoạn", "paragraph"),
    "kind": ("loại", "kind"),
    "issuer": ("cơ quan ban hành", "issued by"),
    "preamble": ("Lời mở đầu", "Preamble"),
    "closing": ("Câu kết", "Closing sentence"),
    "distribution": ("Nơi nhận", "Recipients"),
    "signer": ("Người ký", "Signer"),
    "authority": ("quyền hạn ký", "signing authority"),
    "name": ("họ tên", "name"),
    "position": ("chức vụ", "position"),
    "unit": ("đơn vị", "unit"),
    "award": ("hình thức khen thưởng", "award"),
    "reason": ("lý do", "reason"),
    "achievements": ("thành tích", "achievements"),
    "agree": ("số phiếu tán thành", "votes in favour"),
    "against": ("số phiếu không tán thành", "votes against"),
    "abstain": ("số thành viên không biểu quyết", "members not voting"),
    "candidate": ("ứng viên", "candidate"),
    "members_total": ("số thành viên", "members"),
    "members_present": ("số thành viên có mặt", "members present"),
    "head": ("người đứng đầu", "head"),
    "id": ("mã đơn vị", "unit code"),
    "place": ("địa điểm", "place"),
}


def _name(key: int | str) -> str:
    vi, en = NAMES.get(str(key), (str(key), str(key)))
    return tr(vi, en)


def criterion_number(plan: Any, section: int, index: int) -> int:
    """Nội dung numbers run across the sections, as printed in the plan."""
    sections = plan.get("sections") if hasattr(plan, "get") else None
    before = 0
    for s in (sections or [])[:section]:
        before += len((s or {}).get("criteria") or []) if hasattr(s, "get") else 0
    return before + index + 1


def plan_label(plan: Any, loc: tuple[int | str, ...]) -> str:
    if not loc:
        return tr("Kế hoạch", "Plan")
    head = loc[0]
    if head == "number":
        return tr("Số văn bản", "Document number")
    if head == "date":
        return tr("Ngày ban hành", "Date of issue")
    if head == "references" and len(loc) > 1:
        ref = get(plan, ("references", loc[1])) or {}
        what = f"{ref.get('kind', '')} {loc[1]}".strip() if hasattr(ref, "get") else str(loc[1])
        tail = f": {_name(loc[2])}" if len(loc) > 2 else ""
        return tr("Căn cứ ({w}){t}", "Reference ({w}){t}", w=what, t=tail)
    if head == "sections" and len(loc) > 1 and isinstance(loc[1], int):
        sec = roman(loc[1] + 1)
        if len(loc) > 3 and loc[2] == "criteria" and isinstance(loc[3], int):
            n = criterion_number(plan, loc[1], loc[3])
            rest = loc[4:]
            tail = ""
            if rest:
                tail = f": {_name(rest[0])}"
                if len(rest) > 1 and isinstance(rest[1], int):
                    tail += f" {rest[1] + 1}"
            return tr("Nội dung {n}{t}", "Criterion {n}{t}", n=n, t=tail)
        if len(loc) > 3 and loc[2] == "subsections" and isinstance(loc[3], int):
            return tr("Mục {s}.{k}", "Section {s}.{k}", s=sec, k=loc[3] + 1) + _tail(loc[4:])
        return tr("Mục {s}", "Section {s}", s=sec) + _tail(loc[2:])
    return _name(head) + (f" {loc[1] + 1}" if len(loc) > 1 and isinstance(loc[1], int) else "")


def _tail(rest: tuple[int | str, ...]) -> str:
    if not rest:
        return ""
    out = f": {_name(rest[0])}"
    if len(rest) > 1 and isinstance(rest[1], int):
        out += f" {rest[1] + 1}"
    return out


def list_label(data: Any, loc: tuple[int | str, ...], what: tuple[str, str], key: str) -> str:
    """``candidates[2].award`` -> "Ứng viên 3 (Nguyễn Văn A): hình thức khen thưởng"."""
    if len(loc) > 1 and isinstance(loc[1], int):
        item = get(data, loc[:2])
        who = f" ({item.get(key)})" if hasattr(item, "get") and item.get(key) else ""
        base = f"{tr(*what)} {loc[1] + 1}{who}"
        return base + (f": {_name(loc[2])}" if len(loc) > 2 else "")
    return _name(loc[0]) if loc else ""


def label(file: str, data: Any, field: str | None) -> str:
    """Plain words for ``field`` of a content file (``plan.yaml``, ``nominations.yaml``…)."""
    if not field:
        return file
    try:
        loc = parse_field(field)
    except ValueError:
        return field
    if file == "plan.yaml":
        return plan_label(data, loc)
    if file == "org.yaml" and loc[0] == "signer":
        return tr("Người ký", "Signer") + _tail(loc[1:])
    if file == "nominations.yaml" and loc[0] == "candidates":
        return list_label(data, loc, ("Ứng viên", "Nominee"), "name")
    if file == "council.yaml" and loc[0] == "votes":
        return list_label(data, loc, ("Phiếu biểu quyết", "Vote"), "candidate")
    if file == "council.yaml" and loc[0] == "meeting":
        return tr("Cuộc họp", "Meeting") + _tail(loc[1:])
    if file == "units.yaml" and loc[0] == "units":
        return list_label(data, loc, ("Đơn vị", "Unit"), "name")
    if file == "nominations.yaml" and loc[0] == "submission":
        return tr("Tờ trình", "Submission") + _tail(loc[1:])
    return _name(loc[0]) + _tail(loc[1:])
