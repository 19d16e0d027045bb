"""The Starlette application of ``docgen serve``."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from docgen.errors import DocgenError, OutputError
from docgen.i18n import LANGS, tr
from docgen.web import (
    routes_awards,
    routes_check,
    routes_next,
    routes_plan,
    routes_scores,
    routes_year,
    security,
)
from docgen.web.builds import Builds
from docgen.web.common import Settings, posted, render

STATIC = Path(__file__).parent / "static"


def _local_next(raw: object) -> str:
    """Only a path on this server (never //other.host or http://…)."""
    text = str(raw or "/")
    return text if text.startswith("/") and not text.startswith("//") else "/"


async def set_language(request: Request) -> Response:
    form = await posted(request)
    if form.get("lang") in LANGS:
        request.session["lang"] = form["lang"]
    return RedirectResponse(_local_next(form.get("next")), status_code=303)


async def login(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    error = None
    if request.method == "POST":
        form = await posted(request)
        if settings.password and security.password_ok(
            str(form.get("password", "")), settings.password
        ):
            request.session["auth"] = True
            return RedirectResponse(_local_next(form.get("next")), status_code=303)
        error = tr("Sai mật khẩu", "Wrong password")
    nxt = _local_next(request.query_params.get("next"))
    return render(
        request, "login.html", status=401 if error else 200, error=error, nxt=nxt, year=None
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.status_code in (403, 413, 404) else ""
    if exc.status_code == 404 and not detail:
        detail = tr("Không tìm thấy trang", "Page not found")
    return render(request, "error.html", status=exc.status_code, message=detail, year=None)


async def docgen_error(request: Request, exc: Exception) -> Response:
    """A DocgenError no page answers itself (a content file refused by the YAML limits, another
    docgen run holding the year's lock, a file that cannot be written): its message and located
    problems, as the CLI prints them (cut like the CLI's), never a crash page."""
    assert isinstance(exc, DocgenError)
    status = 409 if isinstance(exc, OutputError) else 422
    return render(request, "error.html", status=status, message=exc.format(), year=None)


def create_app(settings: Settings) -> Starlette:
    routes = [
        *routes_year.ROUTES,
        *routes_plan.ROUTES,
        *routes_scores.ROUTES,
        *routes_awards.ROUTES,
        *routes_check.ROUTES,
        *routes_next.ROUTES,
        Route("/lang", set_language, methods=["POST"]),
        Route("/login", login, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret,
                session_cookie="docgen_session",
                same_site="strict",
                https_only=False,
            ),
            Middleware(security.Gate, password=settings.password),
        ],
        exception_handlers={HTTPException: http_error, DocgenError: docgen_error},
    )
    app.state.settings = settings
    app.state.builds = Builds(settings.content, settings.out, settings.templates, settings.pdf)
    return app
