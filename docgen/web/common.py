"""What every page shares: settings, the template environment, CSRF-checked forms, safe paths."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from docgen.content.load import available_years
from docgen.errors import Problem, SourceRef
from docgen.i18n import get_lang, tr
from docgen.vi.format import long_date, number, parse_date
from docgen.web import labels
from docgen.web.builds import Builds

MAX_UPLOAD = 20 * 1024 * 1024  # bytes; a plan or a dossier is well under 5 MB


@dataclass(frozen=True)
class Upload:
    """An uploaded file, read (at most the size limit plus one byte) and closed."""

    filename: str
    data: bytes


@dataclass
class Settings:
    content: Path
    out: Path
    templates: Path
    pdf: bool = True
    password: str | None = None  # required whenever the server listens beyond this machine
    secret: str = field(default_factory=lambda: secrets.token_hex(32))
    max_upload: int = MAX_UPLOAD

    @property
    def state(self) -> Path:
        """The web app's own files (uploads, previews, last builds): inside the output folder."""
        return self.out / ".docgen-web"


def vn_date(text: Any) -> str:
    """``06/05/2024`` -> ``ngày 06 tháng 5 năm 2024`` (Decree 30), or '' when not a date."""
    try:
        return long_date(parse_date(str(text)))
    except (ValueError, TypeError):
        return ""


def iso_date(text: Any) -> str:
    try:
        return parse_date(str(text)).isoformat()
    except (ValueError, TypeError):
        return ""


def make_env() -> Environment:
    env = Environment(
        loader=PackageLoader("docgen.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = tr
    env.globals["lang"] = get_lang
    env.filters["vn_date"] = vn_date
    env.filters["iso_date"] = iso_date
    env.filters["num"] = lambda v: number(v) if isinstance(v, (int, float)) else (v or "")
    return env


ENV = make_env()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    years = available_years(settings.content)
    if ctx.get("year") is None and years:
        ctx["year"] = years[-1]  # the menu of the latest year on pages about no year
    html = ENV.get_template(name).render(
        request=request,
        csrf=csrf_token(request),
        years=years,
        path=request.url.path,
        **ctx,
    )
    return HTMLResponse(html, status_code=status)


async def posted(request: Request) -> dict[str, Any]:
    """The submitted form, after the CSRF check (403 without the session's token)."""
    length = int(request.headers.get("content-length") or 0)
    settings: Settings = request.app.state.settings
    if length > settings.max_upload + 64 * 1024:
        raise HTTPException(
            413,
            tr(
                "Tệp quá lớn: tối đa {n} MB",
                "File too large: at most {n} MB",
                n=settings.max_upload // (1024 * 1024),
            ),
        )
    out: dict[str, Any] = {}
    async with request.form(max_part_size=settings.max_upload + 1) as form:
        sent = form.get("csrf") or request.headers.get("x-csrf-token") or ""
        expected = request.session.get("csrf") or ""
        if not expected or not hmac.compare_digest(str(sent), str(expected)):
            raise HTTPException(
                403,
                tr(
                    "Phiên làm việc hết hạn hoặc yêu cầu không hợp lệ (CSRF); hãy tải lại trang",
                    "Session expired or invalid request (CSRF); reload the page",
                ),
            )
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                data = await value.read(settings.max_upload + 1)
                out[key] = Upload(value.filename or "", data)
            else:
                out[key] = str(value)
    return out


def year_of(request: Request) -> int:
    """The year in the URL, which must be a year of the content folder (404 otherwise)."""
    settings: Settings = request.app.state.settings
    raw = str(request.path_params.get("year", ""))
    if not raw.isdigit() or int(raw) not in available_years(settings.content):
        raise HTTPException(404, tr("Không có năm {y}", "No year {y}", y=raw[:8]))
    return int(raw)


def inside(base: Path, rel: str) -> Path:
    """``base/rel`` if it stays inside ``base`` (no '..', no absolute path, no link out)."""
    if not rel or "\x00" in rel or rel.startswith(("/", "\\")) or ":" in rel:
        raise HTTPException(404)
    target = (base / rel).resolve()
    root = base.resolve()
    if target != root and root not in target.parents:
        raise HTTPException(404)
    return target


def builds(request: Request) -> Builds:
    b: Builds = request.app.state.builds
    return b


def settings_of(request: Request) -> Settings:
    s: Settings = request.app.state.settings
    return s


@dataclass(frozen=True)
class Shown:
    """A problem as a page shows it: plain-words field, message, and the CLI's located line."""

    file: str
    field: str | None
    label: str
    message: str
    severity: str
    cli: str
    cell: str | None = None


def _as_cli(p: Problem) -> str:
    """The CLI's line: paths relative to the folder the server was started in, as typed."""
    try:
        rel = Path(str(p.ref.path)).relative_to(Path.cwd())
    except ValueError:
        return str(p)
    r = p.ref
    return str(Problem(SourceRef(rel, r.line, r.column, r.field, r.cell), p.message, p.severity))


def shown(problems: list[Problem], data_by_file: dict[str, Any]) -> list[Shown]:
    out = []
    for p in problems:
        file = Path(str(p.ref.path)).name
        data = data_by_file.get(file)
        out.append(
            Shown(
                file,
                p.ref.field,
                labels.label(file, data, p.ref.field) if p.ref.field else file,
                p.message,
                p.severity,
                _as_cli(p),
                p.ref.cell,
            )
        )
    return out


def by_field(items: list[Shown]) -> dict[str, list[Shown]]:
    """Problems keyed by field path, and by every parent path (a missing key shows on its group)."""
    out: dict[str, list[Shown]] = {}
    for s in items:
        if s.field:
            out.setdefault(s.field, []).append(s)
    return out
