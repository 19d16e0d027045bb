"""``docgen rollover --from 2024 --to 2025``: next year's content from this year's.

What moves is stated by the content, not guessed:

- ``year`` becomes the new year, so every ``{year}``, ``{year-1}`` in the prose moves exactly;
- the plan's ``number`` and ``date``, and ``number``/``date`` of every reference marked
  ``renew: true``, are cleared: they are the fields to fill (see :mod:`docgen.content.required`);
- references without ``renew`` are fixed data and are copied untouched;
- any other year written in digits that is not a fixed expression (:mod:`docgen.lifecycle.years`) is
  listed for the user to decide, never changed.

``scoring.yaml`` (the scoring scheme: rules, not data) goes through the same round trip: its
``year`` becomes the new year, ``scheme`` and ``title`` move with their ``{year}`` placeholders
(a year in digits there equal to the old year is moved too, see :func:`_move_year`), and its
``date`` (the summary's date, ô 4) is cleared: it is to fill once the new year has scores.

``plan.yaml`` is rewritten through ruamel.yaml's round trip (comments, key order, quoting and
layout survive); ``units.yaml`` and ``awards.yaml`` are carried over as they are; scores,
self-scores, nominations, council and figures are data of the old year and stay behind
(``{prev:…}`` in the new plan reads the old year's ``figures.yaml`` where it is). The new year is
written to a staging folder and renamed into place; a Markdown report (``ROLLOVER.md``) lists
every change and field to fill.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.content import prose
from docgen.content.load import (
    Content,
    available_years,
    iter_strings,
    load_content,
    load_figures,
    validate,
)
from docgen.content.models import Plan
from docgen.content.required import missing_in
from docgen.content.source import field_path, locate, make_yaml
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.files import locked, reap, staged, write_error
from docgen.i18n import tr
from docgen.lifecycle.years import excerpt, fixed_dates, free_years
from docgen.scoring.scheme import ScoringFile, expand_years, load_scheme

# Copied unchanged: the units, and the award rules (awards.yaml holds no year). plan.yaml and
# scoring.yaml are rolled over (rewritten, see above). Everything else is the year's own data
# (scores, self-scores, nominations, council, figures) and stays behind, listed in the report.
CARRIED = ("awards.yaml", "units.yaml")
ROLLED = ("plan.yaml", "scoring.yaml")
SCORING = "scoring.yaml"
REPORT = "ROLLOVER.md"
CLEAR_NOTE = "cần điền (docgen rollover)"


@dataclass(frozen=True)
class Change:
    field: str
    line: int | None
    old: str
    new: str


@dataclass(frozen=True)
class FreeYear:
    field: str
    line: int | None
    year: str
    excerpt: str


@dataclass(frozen=True)
class Kept:
    """A dated citation, a date or a year range that rollover left as it was."""

    field: str
    line: int | None
    text: str  # the citation or the date as the document prints it
    same_year: bool  # issued in (or naming) the old year: most likely to need a new one


@dataclass
class RolloverResult:
    source: int
    target: int
    target_dir: Path
    changes: list[Change] = field(default_factory=list)
    to_fill: list[Problem] = field(default_factory=list)
    free_years: list[FreeYear] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)  # dated citations and dates left unchanged
    carried: list[str] = field(default_factory=list)
    left_behind: list[str] = field(default_factory=list)
    # scoring.yaml (when the old year has one): its changes and the field to fill once scored
    scoring_changes: list[Change] = field(default_factory=list)
    scoring_to_fill: list[Problem] = field(default_factory=list)

    @property
    def report_path(self) -> Path:
        return self.target_dir / REPORT


def _check_years(root: Path, source: int, target: int, force: bool) -> None:
    years = available_years(root)
    if source not in years:
        raise ContentError(
            tr(
                "Không có nội dung năm {y} trong {root} (cần {root}/{y}/plan.yaml); các năm "
                "có: {ys}",
                "No content for year {y} in {root} (expected {root}/{y}/plan.yaml); "
                "available: {ys}",
                y=source,
                root=root,
                ys=", ".join(map(str, years)) or "—",
            )
        )
    if target <= source:
        raise ContentError(
            tr(
                "Năm đích ({t}) phải sau năm nguồn ({s})",
                "The target year ({t}) must come after the source year ({s})",
                t=target,
                s=source,
            )
        )
    if not 2000 <= target <= 2100:
        raise ContentError(
            tr(
                "Năm đích {t} không hợp lệ (2000–2100)",
                "Target year {t} is out of range (2000–2100)",
                t=target,
            )
        )
    if (root / str(target)).exists() and not force:
        raise ContentError(
            tr(
                "Đã có {p}; không ghi đè. Dùng --force để tạo lại (nội dung cũ sẽ bị thay).",
                "{p} already exists; not overwriting. Use --force to recreate it (replaces it).",
                p=root / str(target),
            )
        )


def _display(value: Any) -> str:
    return "" if value is None else str(value)


def _texts(data: Any) -> dict[tuple[int | str, ...], str]:
    """Prose strings whose expansion may change: everything but fixed references' data."""
    out = {}
    refs = data.get("references") or {}
    for loc, text in iter_strings(data):
        if loc and loc[0] == "references":
            ref = refs.get(loc[1]) if len(loc) > 2 else None
            if not (ref and ref.get("renew") is True and loc[2] == "title"):
                continue
        out[loc] = text
    return out


def _validate(path: Path, data: Any) -> Plan:
    out = ProblemList()
    plan = validate(Plan, path, data, out)
    if plan is not None:
        for loc, text in iter_strings(data):
            if loc and loc[0] != "references":
                for msg in prose.problems(text, plan.year, plan.references):
                    out.add(SourceRef(path, locate(data, loc)[0], None, field_path(loc)), msg)
    if out.errors or plan is None:
        raise ContentError(
            tr("Không tạo được nội dung năm mới", "Could not make the new year's content"),
            out.problems,
        )
    return plan


def _move_year(text: str, source: int, target: int, key: str) -> str:
    """``text`` with the old year written in digits replaced by the new one.

    Only for ``scheme`` and ``title`` of scoring.yaml written before ``{year}`` was supported.
    There a year equal to the old year can only be the scheme's own year: the code is stamped on
    the form to tell years apart, and the title names the year scored (fixed years elsewhere in
    a title — an act "22/2020/TT-BGDĐT", a range "2023 – 2030", a full date — are left alone).
    """
    if key == "scheme":
        return re.sub(rf"(?<!\d){source}(?!\d)", str(target), text)
    out, start = [], 0
    for m in free_years(text):
        if int(m.group(1)) == source:
            out += [text[start : m.start()], str(target)]
            start = m.end()
    return "".join(out) + text[start:]


def _split_comment(node: Any, key: str) -> str:
    """Cut what follows ``key``'s line (blank lines, comments of the next keys) off its comment.

    ruamel keeps them in the comment token of the key before; returns them (starting with the
    line break), leaving ``key`` its own end-of-line comment only, if any.
    """
    token = (node.ca.items.get(key) or [None] * 4)[2]
    if token is None:
        return ""
    own, sep, rest = token.value.partition("\n")
    if not own.strip():  # no end-of-line comment: the whole token is what follows
        node.ca.items[key][2] = None
        return token.value
    token.value = own + "\n"
    return sep + rest if rest else ""


def _eol_note(node: Any, key: str, following: str) -> None:
    """Give ``key`` the note CLEAR_NOTE (unless it has its own comment), then ``following``."""
    token = (node.ca.items.get(key) or [None] * 4)[2]
    if token is None:
        node.yaml_add_eol_comment(CLEAR_NOTE, key, column=28)
        token = node.ca.items[key][2]
        token.value = token.value.rstrip("\n") + "\n"
    if following:
        token.value = token.value.rstrip("\n") + following


def _roll_scoring(
    path: Path, dst: Path, source: int, target: int, content: Any
) -> tuple[str, list[Change], list[Problem]]:
    """The new scoring.yaml (text), its changes and its field to fill (``date``)."""
    load_scheme(content)  # the old scheme must be valid (ContentError otherwise)
    yaml = make_yaml()
    data = yaml.load(path.read_text(encoding="utf-8-sig"))
    changes: list[tuple[tuple[str, ...], Any, Any]] = []
    if data.get("year") is not None:
        changes.append((("year",), data["year"], target))
        data["year"] = target
    for key in ("scheme", "title"):
        value = data.get(key)
        if not isinstance(value, str):
            continue
        moved = _move_year(value, source, target, key)
        if moved != value:
            # keep the scalar's style (quoted, folded…): ruamel's string subclasses take the text
            data[key] = type(value)(moved) if type(value) is not str else moved
        old, new = expand_years(value, source), expand_years(moved, target)
        if old != new:
            changes.append(((key,), old, new))
    if data.get("date") not in (None, ""):
        changes.append((("date",), data["date"], None))
    if "date" in data:
        data["date"] = None
    else:  # absent: add it where a reader expects it, after the heading values
        keys = list(data)
        after = next((k for k in ("max_total", "title", "scheme") if k in keys), None)
        data.insert(keys.index(after) + 1 if after else len(keys), "date", None)
        if after:  # blank lines and comments that followed ``after`` now follow ``date``
            _eol_note(data, "date", _split_comment(data, after))
    _eol_note(data, "date", _split_comment(data, "date"))
    notice = data.get("notice")  # the results notice is numbered anew each year (văn thư)
    if hasattr(notice, "get") and notice.get("number") not in (None, ""):
        changes.append((("notice", "number"), notice["number"], None))
        notice["number"] = None
    buf = io.StringIO()
    yaml.dump(data, buf)
    written = yaml.load(buf.getvalue())
    out = ProblemList()
    validate(ScoringFile, dst, written, out)
    if out.errors:  # cannot happen for a valid source; never write an invalid scheme
        raise ContentError(
            tr("Không tạo được thang điểm năm mới", "Could not make the new year's scoring scheme"),
            out.problems,
        )
    line, col = locate(written, ("date",))
    to_fill = [
        Problem(
            SourceRef(dst, line, col, "date"),
            tr(
                "cần điền {x}",
                "to fill: {x}",
                x=tr(
                    "ngày lập bảng tổng hợp (ô 4), khi đã có điểm",
                    "date of the summary (box 4), once scored",
                ),
            ),
        )
    ]
    return (
        buf.getvalue(),
        [
            Change(field_path(loc), locate(written, loc)[0], _display(old), _display(new))
            for loc, old, new in changes
        ],
        to_fill,
    )


@dataclass(frozen=True)
class Rolled:
    """The new year, computed and not yet written: what changed, and the files' new text."""

    result: RolloverResult
    plan_yaml: str
    scoring_yaml: str | None  # None when the old year has no scoring.yaml


def rollover(root: Path, source: int, target: int, *, force: bool = False) -> RolloverResult:
    """Create ``root/<target>`` from ``root/<source>``; return what changed.

    Three steps: :func:`compute` (nothing written), :func:`report` (the Markdown change report),
    :func:`write` (staging folder, published in one step).

    One run per target year at a time (a lock): a second ``rollover --to`` the same year waits,
    then finds the year made and says so, instead of silently replacing it."""
    root = Path(root)
    if not root.is_dir():
        return _rollover(root, source, target, force=force)  # says what is missing
    with locked(root, str(target), "docgen rollover"):
        reap(root)
        try:
            return _rollover(root, source, target, force=force)
        except OSError as exc:
            raise write_error(exc, root) from None


def _rollover(root: Path, source: int, target: int, *, force: bool = False) -> RolloverResult:
    _check_years(root, source, target, force)
    rolled = compute(root, source, target)
    write(root, rolled, report(rolled.result, root))
    return rolled.result


def compute(root: Path, source: int, target: int) -> Rolled:
    """The new year's plan.yaml and scoring.yaml and the list of changes; writes nothing."""
    src = load_content(root, source)  # the source must be valid (ContentError otherwise)
    src_dir, dst_dir = root / str(source), root / str(target)
    result = RolloverResult(source, target, dst_dir)
    plan_yaml = _roll_plan(src, src_dir / "plan.yaml", dst_dir / "plan.yaml", result)
    scoring = None
    if (src_dir / SCORING).is_file():
        scoring, result.scoring_changes, result.scoring_to_fill = _roll_scoring(
            src_dir / SCORING, dst_dir / SCORING, source, target, src
        )
    for name in sorted(p.name for p in src_dir.iterdir()):
        if name in CARRIED:
            result.carried.append(name)
        elif name not in (*ROLLED, REPORT) and not name.startswith("."):
            result.left_behind.append(name)
    return Rolled(result, plan_yaml, scoring)


def _roll_plan(src: Content, path: Path, dst: Path, result: RolloverResult) -> str:
    """The new plan.yaml (text); fills ``result``'s changes, fields to fill, free years and
    the dated citations and dates kept."""
    source, target = result.source, result.target
    yaml = make_yaml()
    data = yaml.load(path.read_text(encoding="utf-8-sig"))
    texts = _texts(data)
    old_texts = {
        loc: prose.expand(
            t, source, src.plan.references, src.previous if loc[0] != "references" else None
        )
        for loc, t in texts.items()
    }
    changes: list[tuple[tuple[int | str, ...], Any, Any]] = [(("year",), data["year"], target)]
    data["year"] = target
    renewed, cleared_locs = _clear_renewed(data)
    changes += renewed
    buf = io.StringIO()
    yaml.dump(data, buf)
    written = yaml.load(buf.getvalue())  # line numbers of the new file
    plan = _validate(dst, written)
    figures = load_figures(path.parent, ProblemList())  # this year's results, cited by {prev:…}
    for loc, text in texts.items():
        new = prose.expand(
            text, target, plan.references, figures if loc[0] != "references" else None
        )
        if new != old_texts[loc]:
            changes.append((loc, old_texts[loc], new))
        for m in free_years(text):
            result.free_years.append(
                FreeYear(field_path(loc), locate(written, loc)[0], m.group(1), excerpt(text, m))
            )
        if loc[0] != "references" and loc not in cleared_locs:
            for m in fixed_dates(text):
                result.kept.append(
                    Kept(
                        field_path(loc),
                        locate(written, loc)[0],
                        excerpt(text, m, 30),
                        str(source) in m.group(0),
                    )
                )
    for key, ref in plan.references.items():
        if ref.date is not None and not ref.renew:
            result.kept.append(
                Kept(
                    f"references.{key}",
                    locate(written, ("references", key))[0],
                    prose.cite(ref),
                    ref.date.year == source,
                )
            )
    result.kept.sort(key=lambda k: k.line or 0)
    result.changes = sorted(
        (
            Change(field_path(loc), locate(written, loc)[0], _display(old), _display(new))
            for loc, old, new in changes
        ),
        key=lambda c: c.line or 0,
    )
    result.to_fill = missing_in(plan, dst, written)
    return buf.getvalue()


def _clear_renewed(
    data: Any,
) -> tuple[list[tuple[tuple[int | str, ...], Any, Any]], set[tuple[int | str, ...]]]:
    """Empty the plan's number and date and those of ``renew: true`` references, each with a
    note; the (location, old, new) changes, and the locations cleared."""
    changes: list[tuple[tuple[int | str, ...], Any, Any]] = []
    cleared: list[tuple[Any, str, tuple[int | str, ...]]] = [
        (data, "number", ("number",)),
        (data, "date", ("date",)),
    ]
    for key, ref in (data.get("references") or {}).items():
        if ref.get("renew") is True:
            cleared += [
                (ref, "number", ("references", key, "number")),
                (ref, "date", ("references", key, "date")),
            ]
    for node, key, loc in cleared:
        if node.get(key) is not None:
            changes.append((loc, node[key], None))
        if key in node:
            node[key] = None
        else:  # absent: add it where a reader expects it (after year / kind / number)
            keys = list(node)
            after = (
                "number"
                if key == "date" and "number" in keys
                else ("year" if node is data else "kind")
            )
            node.insert(keys.index(after) + 1 if after in keys else len(keys), key, None)
        if not node.ca.items.get(key):
            node.yaml_add_eol_comment(CLEAR_NOTE, key, column=24)
    return changes, {loc for _, _, loc in cleared}


def write(root: Path, rolled: Rolled, report_text: str) -> None:
    """Write the new year to a staging folder and publish it in one step (nothing half-written)."""
    r = rolled.result
    src_dir = root / str(r.source)
    with staged(root / f".rollover-{r.target}-{os.getpid()}", r.target_dir) as staging:
        (staging / "plan.yaml").write_text(rolled.plan_yaml, encoding="utf-8")
        if rolled.scoring_yaml is not None:
            (staging / SCORING).write_text(rolled.scoring_yaml, encoding="utf-8")
        for name in r.carried:
            shutil.copy2(src_dir / name, staging / name)
        (staging / REPORT).write_text(report_text, encoding="utf-8")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") if text else "—"


def report(r: RolloverResult, root: Path) -> str:
    """The Markdown change report (also saved as ``<target>/ROLLOVER.md``)."""
    plan = f"{r.target}/plan.yaml"
    lines = [
        tr(
            "# Chuyển nội dung năm {s} sang năm {t}",
            "# Rollover of year {s} to {t}",
            s=r.source,
            t=r.target,
        ),
        "",
        tr(
            "Tạo bởi `docgen rollover --from {s} --to {t}`. Số dòng là dòng trong `{p}`.",
            "Made by `docgen rollover --from {s} --to {t}`. Line numbers refer to `{p}`.",
            s=r.source,
            t=r.target,
            p=plan,
        ),
        "",
        tr("## Giá trị đã đổi ({n})", "## Changed values ({n})", n=len(r.changes)),
        "",
        tr("| Dòng | Trường | Cũ | Mới |", "| Line | Field | Old | New |"),
        "|---|---|---|---|",
    ]
    for c in r.changes:
        new = c.new or tr("*(cần điền)*", "*(to fill)*")
        lines.append(f"| {c.line or ''} | `{c.field}` | {_cell(c.old)} | {_cell(new)} |")
    lines += ["", tr("## Trường cần điền ({n})", "## Fields to fill ({n})", n=len(r.to_fill)), ""]
    lines += [f"- [ ] `{plan}:{p.ref.line}` `{p.ref.field}`: {p.message}" for p in r.to_fill]
    lines += [
        "",
        tr(
            "## Năm ghi bằng số cần xem lại ({n})",
            "## Years in digits to review ({n})",
            n=len(r.free_years),
        ),
        "",
    ]
    if r.free_years:
        lines.append(
            tr(
                "docgen không đổi các năm này. Nếu là năm của kế hoạch, thay bằng `{{year}}` hoặc "
                "`{{year-1}}`; nếu là năm cố định, để nguyên.",
                "docgen left these unchanged. If relative to the plan year, write `{{year}}` or "
                "`{{year-1}}`; if fixed, leave them.",
            )
        )
        lines.append("")
        lines += [
            f"- `{plan}:{f.line}` `{f.field}`: **{f.year}** — “{f.excerpt}”" for f in r.free_years
        ]
    else:
        lines.append(tr("Không có.", "None."))
    lines += _kept_report(r, plan)
    if r.scoring_changes or r.scoring_to_fill:
        lines += _scoring_report(r)
    lines += ["", tr("## Tệp", "## Files"), ""]
    rolled = (
        tr(", scoring.yaml (đã đổi như trên)", ", scoring.yaml (changed as above)")
        if (r.scoring_changes or r.scoring_to_fill)
        else ""
    )
    lines.append(
        tr(
            "- Chuyển sang: plan.yaml (đã đổi như trên){s}{c}",
            "- Carried over: plan.yaml (changed as above){s}{c}",
            s=rolled,
            c="".join(f", {n} " + tr("(giữ nguyên)", "(unchanged)") for n in r.carried),
        )
    )
    if r.left_behind:
        lines.append(
            tr(
                "- Không chuyển (dữ liệu riêng của năm {s}): {f}",
                "- Not carried over (data of year {s}): {f}",
                s=r.source,
                f=", ".join(r.left_behind),
            )
        )
    if "figures.yaml" in r.left_behind:
        lines.append(
            tr(
                "- figures.yaml ở lại năm {s}: `{{prev:…}}` trong kế hoạch năm {t} đọc số liệu "
                "năm {s} từ đó; không cần tạo {t}/figures.yaml.",
                "- figures.yaml stays in {s}: `{{prev:…}}` in the {t} plan reads the {s} figures "
                "from it; no {t}/figures.yaml is needed.",
                s=r.source,
                t=r.target,
            )
        )
    return "\n".join(lines) + "\n"


def _kept_report(r: RolloverResult, plan: str) -> list[str]:
    """Every dated citation and date docgen kept: the user decides which are still right."""
    lines = [
        "",
        tr(
            "## Văn bản có ngày và ngày tháng giữ nguyên ({n})",
            "## Dated citations and dates kept as they were ({n})",
            n=len(r.kept),
        ),
        "",
    ]
    if not r.kept:
        return [*lines, tr("Không có.", "None.")]
    lines += [
        tr(
            "docgen không đổi các văn bản căn cứ và ngày tháng này. Văn bản năm {s} (đánh dấu ⚠) "
            "có thể đã có bản của năm {t}: nếu vậy, sửa số và ngày trong `references` (hoặc ghi "
            "`renew: true` để docgen xóa số, ngày mỗi lần chuyển năm).",
            "docgen kept these cited acts and dates. Those of {s} (marked ⚠) may have a {t} "
            "successor: if so, change the number and date in `references` (or write `renew: "
            "true` so that rollover clears them every year).",
            s=r.source,
            t=r.target,
        ),
        "",
    ]
    for k in r.kept:
        mark = "⚠ " if k.same_year else ""
        lines.append(f"- {mark}`{plan}:{k.line}` `{k.field}`: {k.text}")
    return lines


def _scoring_report(r: RolloverResult) -> list[str]:
    """The scoring scheme's part of the report: its changes, and its date to fill once scored."""
    path = f"{r.target}/{SCORING}"
    lines = [
        "",
        tr(
            "## Thang điểm `{p}`: giá trị đã đổi ({n})",
            "## Scoring scheme `{p}`: changed values ({n})",
            p=path,
            n=len(r.scoring_changes),
        ),
        "",
        tr("| Dòng | Trường | Cũ | Mới |", "| Line | Field | Old | New |"),
        "|---|---|---|---|",
    ]
    for c in r.scoring_changes:
        new = c.new or tr("*(cần điền)*", "*(to fill)*")
        lines.append(f"| {c.line or ''} | `{c.field}` | {_cell(c.old)} | {_cell(new)} |")
    lines += [
        "",
        tr(
            "Cần điền khi năm {t} đã có điểm (trước đó `docgen build` không cần):",
            "To fill once year {t} has scores (`docgen build` does not need it before):",
            t=r.target,
        ),
        "",
    ]
    lines += [f"- `{path}:{p.ref.line}` `{p.ref.field}`: {p.message}" for p in r.scoring_to_fill]
    return lines
