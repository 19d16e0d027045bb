"""Năm sau: the rollover (the change report), the fields left to fill, a draft, the real build."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from docgen.content.load import available_years, load_content
from docgen.content.required import missing_fields
from docgen.errors import ContentError, DocgenError
from docgen.lifecycle.rollover import REPORT, rollover
from docgen.web import yamledit
from docgen.web.common import posted, render, settings_of, shown, year_of
from docgen.web.routes_year import documents


async def next_page(request: Request, error: DocgenError | None = None) -> Response:
    year = year_of(request)
    s = settings_of(request)
    target = year + 1
    exists = target in available_years(s.content)
    report = to_fill = None
    load_problems = []
    if exists:
        path = s.content / str(target) / REPORT
        report = path.read_text(encoding="utf-8") if path.is_file() else None
        plan_path = s.content / str(target) / "plan.yaml"
        plan = yamledit.load(yamledit.read_text(plan_path), plan_path)
        try:
            to_fill = shown(missing_fields(load_content(s.content, target)), {"plan.yaml": plan})
        except ContentError as exc:
            load_problems = shown(exc.problems, {"plan.yaml": plan})
    return render(
        request,
        "next.html",
        status=422 if error else 200,
        page="next",
        year=year,
        target=target,
        exists=exists,
        report=report,
        to_fill=to_fill,
        load_problems=load_problems,
        error=shown(error.problems, {}) if error else None,
        error_message=error.message if error else None,
        docs=documents(s.out / str(target)) if exists else [],
    )


async def do_rollover(request: Request) -> Response:
    year = year_of(request)
    await posted(request)
    try:
        rollover(settings_of(request).content, year, year + 1)
    except DocgenError as exc:  # invalid content, or another run writing that year (the lock)
        return await next_page(request, exc)
    return RedirectResponse(f"/y/{year}/next", status_code=303)


ROUTES = [
    Route("/y/{year}/next", next_page),
    Route("/y/{year}/next/rollover", do_rollover, methods=["POST"]),
]
