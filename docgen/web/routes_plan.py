"""Kế hoạch: the plan (plan.yaml) and its signer (org.yaml), edited field by field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen.content.load import Content, load_content
from docgen.content.required import missing_fields
from docgen.errors import Problem, SourceRef
from docgen.i18n import tr
from docgen.web import store, yamledit
from docgen.web.common import by_field, posted, render, settings_of, shown, year_of
from docgen.web.labels import label

ORG = "org/"


def validate_plan(year: int) -> store.Validator:
    def run(root: Path) -> list[Problem]:
        loaded: list[Content] = []
        found = store.problems_of(lambda: loaded.append(load_content(root, year)))
        return found + [w for c in loaded for w in c.warnings]

    return run


def _page(
    request: Request,
    year: int,
    problems: list[Problem],
    status: int = 200,
    conflicts: list[Any] | None = None,
    saved: list[str] | None = None,
) -> Response:
    s = settings_of(request)
    plan_path, org_path = s.content / str(year) / "plan.yaml", s.content / "org.yaml"
    plan_text, org_text = yamledit.read_text(plan_path), yamledit.read_text(org_path)
    plan, org = yamledit.load(plan_text, plan_path), yamledit.load(org_text, org_path)
    items = shown(problems, {"plan.yaml": plan, "org.yaml": org})
    errs = by_field([i for i in items if i.file == "plan.yaml"])
    org_errs = {ORG + k: v for k, v in by_field([i for i in items if i.file == "org.yaml"]).items()}
    total = 0.0
    for sec in plan.get("sections") or []:
        for c in sec.get("criteria") or []:
            if isinstance(c.get("points"), (int, float)):
                total += c["points"]
    return render(
        request,
        "plan.html",
        status=status,
        page="plan",
        year=year,
        plan=plan,
        org=org,
        errs=errs,
        org_errs=org_errs,
        items=items,
        total=total,
        plan_version=yamledit.remember(plan_text),
        org_version=yamledit.remember(org_text),
        conflicts=[
            {"label": label("plan.yaml", plan, c.field), "yours": c.yours, "theirs": c.theirs}
            for c in conflicts or []
        ],
        saved=saved,
    )


async def plan_page(request: Request) -> Response:
    year = year_of(request)
    s = settings_of(request)
    problems = validate_plan(year)(s.content)
    if not any(p.severity == "error" for p in problems):
        problems += [
            Problem(p.ref, p.message, "warning")
            for p in missing_fields(load_content(s.content, year))
        ]
    return _page(request, year, problems)


async def plan_save(request: Request) -> Response:
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    plan_form, org_form = yamledit.split_form(form, ORG)
    validate = validate_plan(year)
    plan_path, org_path = s.content / str(year) / "plan.yaml", s.content / "org.yaml"
    r1 = store.save_form(s.content, plan_path, plan_form, form.get("v_plan", ""), validate)
    if r1.conflicts:
        return _page(request, year, validate(s.content), 409, conflicts=r1.conflicts)
    if not r1.saved:
        return _page(request, year, r1.problems, 422)
    r2 = store.save_form(s.content, org_path, org_form, form.get("v_org", ""), validate)
    if r2.conflicts:
        return _page(request, year, validate(s.content), 409, conflicts=r2.conflicts)
    if not r2.saved:
        return _page(request, year, r2.problems, 422)
    return _page(request, year, r2.problems, saved=r1.changed + [ORG + c for c in r2.changed])


def _new_key(plan: Any) -> str:
    used = {
        str(c.get("key")) for sec in plan.get("sections") or [] for c in sec.get("criteria") or []
    }
    n = 1
    while f"nd{n}" in used:
        n += 1
    return f"nd{n}"


async def add_criterion(request: Request) -> Response:
    """Append a Nội dung (title, points, paragraphs) to a section of the plan."""
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    section = form.get("section", "")
    title = str(form.get("new_title", "")).strip()
    points = str(form.get("new_points", "")).strip()
    body = [ln.strip() for ln in str(form.get("new_body", "")).splitlines() if ln.strip()]

    def edit(data: Any) -> list[str]:
        secs = data.get("sections")
        if not isinstance(secs, CommentedSeq) or not re.fullmatch(r"\d+", section):
            return []
        i = int(section)
        if not 0 <= i < len(secs):
            return []
        crits = secs[i].get("criteria")
        if not isinstance(crits, CommentedSeq):
            crits = CommentedSeq()
            secs[i]["criteria"] = crits
        item = CommentedMap()
        item["key"] = _new_key(data)
        item["title"] = title
        item["points"] = yamledit.coerce(None, "points", points)
        if body:
            item["body"] = CommentedSeq(body)
        crits.append(item)
        return [f"sections[{i}].criteria[{len(crits) - 1}]"]

    validate = validate_plan(year)
    path = s.content / str(year) / "plan.yaml"
    if not title:
        msg = tr("cần tên của Nội dung", "the criterion needs a title")
        return _page(request, year, [Problem(SourceRef(path, field="new_title"), msg)], 422)
    r = store.save_form(s.content, path, {}, form.get("v_plan", ""), validate, edit=edit)
    if r.conflicts:
        return _page(request, year, validate(s.content), 409, conflicts=r.conflicts)
    if not r.changed:
        msg = tr("Chọn một mục để thêm Nội dung", "Choose a section to add the criterion to")
        return _page(request, year, [Problem(SourceRef(path, field="new_section"), msg)], 422)
    if not r.saved:  # the new item is not in the file: show its errors at the add form
        moved = []
        for p in r.new_errors:
            fld = p.ref.field or ""
            tail = fld.rsplit(".", 1)[-1] if fld.startswith(r.changed[0]) else ""
            new = f"new_{tail}" if tail in ("title", "points", "body") else fld
            moved.append(Problem(SourceRef(p.ref.path, p.ref.line, p.ref.column, new), p.message))
        return _page(request, year, moved, 422)
    return _page(request, year, r.problems, saved=r.changed)


async def add_reference(request: Request) -> Response:
    """Add an act to the references (căn cứ), cited in the text as ``{ref:key}``."""
    year = year_of(request)
    s = settings_of(request)
    form = await posted(request)
    path = s.content / str(year) / "plan.yaml"
    key = str(form.get("ref_key", "")).strip()
    values = {
        k: str(form.get(f"ref_{k}", "")).strip() for k in ("kind", "number", "issuer", "title")
    }
    date = str(form.get("ref_date", "")).strip()
    problems = []
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        problems.append(
            tr(
                "khóa cần chữ thường không dấu, số hoặc '_', bắt đầu bằng chữ (vd. tt22), "
                "nhận được {f!r}",
                "the key needs lowercase letters, digits or '_', starting with a letter "
                "(e.g. tt22), found {f!r}",
                f=key,
            )
        )
    if not values["kind"]:
        problems.append(tr("cần loại văn bản (vd. Thông tư)", "the kind is needed (e.g. Thông tư)"))
    if problems:
        found = [Problem(SourceRef(path, field="new_ref"), m) for m in problems]
        return _page(request, year, found, 422)

    def edit(data: Any) -> list[str]:
        refs = data.get("references")
        if not isinstance(refs, CommentedMap):
            refs = CommentedMap()
            data["references"] = refs
        if key in refs:
            return []
        item = CommentedMap((k, v) for k, v in values.items() if v)
        if date:
            item["date"] = yamledit.to_vn_date(date)
        refs[key] = item
        return [f"references.{key}"]

    validate = validate_plan(year)
    r = store.save_form(s.content, path, {}, form.get("v_plan", ""), validate, edit=edit)
    if r.conflicts:
        return _page(request, year, validate(s.content), 409, conflicts=r.conflicts)
    if not r.changed:
        msg = tr("đã có căn cứ với khóa '{k}'", "a reference with key '{k}' exists", k=key)
        return _page(request, year, [Problem(SourceRef(path, field="new_ref"), msg)], 422)
    if not r.saved:
        moved = [
            Problem(SourceRef(p.ref.path, p.ref.line, p.ref.column, "new_ref"), p.message)
            for p in r.new_errors
        ]
        return _page(request, year, moved, 422)
    return _page(request, year, r.problems, saved=r.changed)


ROUTES = [
    Route("/y/{year}/plan", plan_page, methods=["GET"]),
    Route("/y/{year}/plan", plan_save, methods=["POST"]),
    Route("/y/{year}/plan/add-criterion", add_criterion, methods=["POST"]),
    Route("/y/{year}/plan/add-reference", add_reference, methods=["POST"]),
]
