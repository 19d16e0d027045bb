"""Findings -> text (one line each plus a summary) or JSON (a list, both languages)."""

from __future__ import annotations

import json
from collections import Counter

from docgen.check.catalogue import all_rules
from docgen.check.engine import Finding
from docgen.check.rules import Rule
from docgen.errors import SEVERITY_WORDS
from docgen.i18n import get_lang, tr


def severity_word(severity: str, lang: str) -> str:
    """The severity as a Vietnamese clerk reads it ("lỗi"), or the English word as before."""
    return severity if lang == "en" else SEVERITY_WORDS.get(severity, (severity,))[0]


def message(f: Finding, lang: str, rules: dict[str, Rule] | None = None) -> str:
    r = (rules or all_rules())[f.code]
    args = dict(f.args)
    if f.code == "VB901":
        args["reason"] = args.get(f"reason_{lang}", args.get("reason", ""))
    return r.message(lang, args)


def text(findings: list[Finding], files: int) -> str:
    rules, lang = all_rules(), get_lang()
    lines = [
        f"{f.path}:{f.location}: {f.code} {severity_word(f.severity, lang)} "
        f"{message(f, lang, rules)}"
        for f in findings
    ]
    counts = Counter(f.severity for f in findings)
    lines.append(
        tr(
            "Đã kiểm tra {n} tệp: {e} lỗi, {w} cảnh báo, {i} ghi chú",
            "Checked {n} file(s): {e} error(s), {w} warning(s), {i} note(s)",
            n=files,
            e=counts["error"],
            w=counts["warning"],
            i=counts["info"],
        )
    )
    return "\n".join(lines)


def as_json(findings: list[Finding]) -> str:
    rules = all_rules()
    out = [
        {
            "path": str(f.path),
            "code": f.code,
            "severity": f.severity,
            "location": f.location,
            "message_vi": message(f, "vi", rules),
            "message_en": message(f, "en", rules),
            "excerpt": f.excerpt,
        }
        for f in findings
    ]
    return json.dumps(out, ensure_ascii=False, indent=2)


def rule_list() -> str:
    lang = get_lang()
    lines = []
    for code, r in all_rules().items():
        desc = r.description(lang)
        lines.append(f"{code}  {r.severity:<8} {desc}")
    return "\n".join(lines)


def rules_json() -> str:
    out = [
        {
            "code": c,
            "severity": r.severity,
            "description_vi": r.description("vi"),
            "description_en": r.description("en"),
        }
        for c, r in all_rules().items()
    ]
    return json.dumps(out, ensure_ascii=False, indent=2)
