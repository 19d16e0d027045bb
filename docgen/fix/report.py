"""A fix result as text (every change: rule, place, before → after; then what is left for a
person, with the reason) or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from docgen.check import formatters
from docgen.fix.engine import FixResult, fixable
from docgen.i18n import get_lang, tr


def _reason(code: str, result: FixResult) -> str:
    if any(code in g for g in (r.group for r in result.rejected)):
        pass
    if fixable(code):
        return tr(
            "sửa tự động không được kiểm tra lại xác nhận; cần sửa tay",
            "the automatic repair was not confirmed by the re-check; fix it by hand",
        )
    return tr("cần người quyết định", "needs a person's judgement")


def text(result: FixResult, target: Path | None) -> str:
    lang = get_lang()
    lines = []
    where = (
        tr("(chạy thử, không ghi tệp)", "(dry run, nothing written)")
        if target is None
        else (f"→ {target}")
    )
    lines.append(f"{result.source} {where}")
    if result.changes:
        lines.append(tr("Đã sửa ({n}):", "Repaired ({n}):", n=len(result.changes)))
        for c in result.changes:
            lines.append(f"  {c.code} {c.location}: {c.before!r} → {c.after!r}")
    else:
        lines.append(
            tr("Không có gì sửa tự động được.", "Nothing could be repaired automatically.")
        )
    for r in result.rejected:
        lines.append(
            tr(
                "  Không sửa nhóm {g}: {why}",
                "  Group {g} not repaired: {why}",
                g=r.group,
                why=r.reason_vi if lang == "vi" else r.reason_en,
            )
        )
    for code, loc, why in result.ambiguous:
        lines.append(
            tr("  Để nguyên {c} {l}: {w}", "  Left as it was {c} {l}: {w}", c=code, l=loc, w=why)
        )
    left = result.left
    if left:
        lines.append(tr("Còn lại cho người sửa ({n}):", "Left for a person ({n}):", n=len(left)))
        for f in left:
            lines.append(
                f"  {f.location}: {f.code} {f.severity} {formatters.message(f, lang)}"
                f" — {_reason(f.code, result)}"
            )
    else:
        lines.append(tr("Không còn lỗi hay cảnh báo.", "No error or warning left."))
    return "\n".join(lines)


def as_json(result: FixResult, target: Path | None) -> str:
    return json.dumps(
        {
            "source": str(result.source),
            "output": str(target) if target else None,
            "changes": [c.__dict__ for c in result.changes],
            "rejected": [r.__dict__ for r in result.rejected],
            "left": [
                {
                    "code": f.code,
                    "severity": f.severity,
                    "location": f.location,
                    "message_vi": formatters.message(f, "vi"),
                    "message_en": formatters.message(f, "en"),
                    "fixable": fixable(f.code),
                }
                for f in result.left
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
