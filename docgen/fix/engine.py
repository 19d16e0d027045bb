"""Check, repair group by group, re-check, keep what the re-check proves (see the package doc)."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docgen.check.engine import Checker, Finding, Options
from docgen.fix.package import package_bytes, serialise
from docgen.fix.repairs import FIXABLE, REPAIRS, Change, Group, Target
from docgen.reader.docx import read_docx_live


@dataclass(frozen=True)
class Rejected:
    group: str
    reason_vi: str
    reason_en: str


@dataclass
class FixResult:
    source: Path
    data: bytes  # the repaired package
    changes: list[Change] = field(default_factory=list)
    before: list[Finding] = field(default_factory=list)
    after: list[Finding] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ambiguous: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def left(self) -> list[Finding]:
        """What a person must still look at (errors and warnings)."""
        return [f for f in self.after if f.severity in ("error", "warning")]


def _key(f: Finding) -> tuple[str, str]:
    return f.code, f.location


def _by_code(findings: list[Finding]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.code, set()).add(f.location.split(":")[0])
    return out


def fix(path: Path, options: Options | None = None) -> FixResult:
    """Repair ``path`` (a .docx) in memory; nothing is written (see ``cli``)."""
    checker = Checker(options or Options())
    current = path.read_bytes()
    before = checker.check_file(path)
    result = FixResult(path, current, before=before, after=before)
    with tempfile.TemporaryDirectory(prefix="docgen-fix-") as tmp:
        work = Path(tmp) / path.name
        work.write_bytes(current)
        findings = before
        for group in REPAIRS:
            wanted = [c for c in group.codes if checker.enabled(c)]
            if not any(f.code in wanted for f in findings):
                continue
            attempt = _attempt(work, group, findings, checker, Path(tmp) / f"try-{group.name}")
            if attempt is None:
                continue
            data, changes, after, ambiguous, rejection = attempt
            result.ambiguous += ambiguous
            if rejection is not None:
                result.rejected.append(rejection)
                continue
            work.write_bytes(data)
            findings = after
            result.changes += changes
        result.data = work.read_bytes()
        result.after = findings
    return result


def _attempt(
    work: Path, group: Group, findings: list[Finding], checker: Checker, target: Path
) -> tuple[bytes, list[Change], list[Finding], list[tuple[str, str, str]], Rejected | None] | None:
    live = read_docx_live(work)
    wanted = _by_code([f for f in findings if f.code in group.codes])
    t = Target(live, wanted, layout=checker.data["layout"])
    changes = group.repair(t)
    if not changes:  # nothing repaired (ambiguous runs only pin their font: not worth a copy)
        return (
            b"",
            [],
            findings,
            t.left,
            Rejected(group.name, "không sửa được chỗ nào", "nothing could be repaired"),
        )
    parts = {name: serialise(live.parts[name]) for name in t.touched}
    data = package_bytes(work, parts, t.new_parts, t.content_types)
    target.parent.mkdir(parents=True, exist_ok=True)
    target = target.with_suffix(work.suffix)
    target.write_bytes(data)
    after = checker.check_file(target)
    aimed = Counter(f.code for f in findings if f.code in group.codes)
    still = Counter(f.code for f in after if f.code in group.codes)
    new = Counter(_key(f) for f in after) - Counter(_key(f) for f in findings)
    new_codes = sorted({code for code, _ in new if code not in group.codes})
    rejection = None
    if sum(still.values()) >= sum(aimed.values()):
        rejection = Rejected(
            group.name,
            "kiểm tra lại vẫn thấy lỗi cần sửa; giữ nguyên",
            "the re-check still reports the findings; left unchanged",
        )
    elif new_codes and not group.reveals:
        rejection = Rejected(
            group.name,
            f"sửa xong, kiểm tra lại có lỗi mới ({', '.join(new_codes)}); giữ nguyên",
            f"the re-check reports new findings ({', '.join(new_codes)}); left unchanged",
        )
    return data, changes, after, t.left, rejection


def fixable(code: str) -> bool:
    return code in FIXABLE
