"""Năm: the year's documents (status, page images, downloads, zip) and "Tạo văn bản"."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from docgen.content.load import available_years
from docgen.export import manifest
from docgen.files import zip_bytes
from docgen.i18n import get_lang, tr
from docgen.web import previews
from docgen.web.common import builds, inside, posted, render, settings_of, year_of

PAGES = {  # content file -> the page where its fields are edited
    "plan.yaml": "plan",
    "org.yaml": "plan",
    "units.yaml": "scores",
    "scoring.yaml": "scores",
    "scores.xlsx": "scores",
    "scores.csv": "scores",
    "self-scores.csv": "scores",
    "self-scores.xlsx": "scores",
    "nominations.yaml": "awards",
    "council.yaml": "awards",
    "awards.yaml": "awards",
}


def documents(out_dir: Path) -> list[dict[str, Any]]:
    """The year's manifest, one row per document (its .docx and PDF together)."""
    path = out_dir / "manifest.json"
    if not path.is_file():
        return []
    rows: dict[str, dict[str, Any]] = {}
    for e in manifest.read(path).get("documents", []):
        stem = str(e["path"]).rsplit(".", 1)[0]
        row = rows.setdefault(stem, {"stem": stem, "kind": e["kind"], "files": {}})
        row["files"][e["format"]] = e["path"]
        if e["format"] == "docx":
            row["title"] = doc_title(out_dir / str(e["path"]))
        elif (e.get("meta") or {}).get("title"):
            row.setdefault("title", e["meta"]["title"])
        if e.get("pages"):
            row["pages"] = e["pages"]
    order = ("plan", "self", "summary", "evaluation", "dossier")  # self: the phiếu tự chấm
    rank = {k: i for i, k in enumerate(order)}
    return sorted(
        rows.values(), key=lambda r: (rank.get(str(r["kind"]).split("-")[0], 9), r["stem"])
    )


_TITLE = re.compile(rb"<dc:title>([^<]*)</dc:title>")
_titles: dict[tuple[str, int], str] = {}


def doc_title(path: Path) -> str | None:
    """The title a .docx carries in its properties (set by docgen), or None."""
    try:
        key = (str(path), path.stat().st_mtime_ns)
        if key not in _titles:
            with zipfile.ZipFile(path) as z:
                m = _TITLE.search(z.read("docProps/core.xml"))
            _titles[key] = html.unescape(m.group(1).decode("utf-8")) if m else ""
        return _titles[key] or None
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def newest_input(content: Path, year: int) -> float:
    files = [content / "org.yaml", *(p for p in (content / str(year)).iterdir() if p.is_file())]
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


DOC_PAGES = (  # generated document -> the page whose fields it is made from
    ("ke-hoach", "plan"),
    ("phieu-tu-cham-diem", "scores"),  # the Chi hội's own sheet, from self-scores.csv
    ("phieu-cham-diem", "scores"),
    ("bang-tong-hop", "scores"),
    ("thong-bao-ket-qua", "scores"),  # the results notice; its Phụ lục is bang-tong-hop
    ("ho-so-khen-thuong", "awards"),
)


def doc_page(name: str) -> str | None:
    return next((page for prefix, page in DOC_PAGES if name.startswith(prefix)), None)


def link(year: int, p: dict[str, Any]) -> str | None:
    origin = p.get("origin")
    if origin and isinstance(origin, list) and isinstance(origin[0], dict):
        return link(year, origin[0])  # a finding in a paragraph printed from a content field
    path = str(p.get("path", ""))
    page = PAGES.get(Path(path).name) or doc_page(path)
    if page is None:
        return None
    anchor = f"#f-{p['field']}" if p.get("field") else ""
    return f"/y/{year}/{page}{anchor}"


def warning_lines(last: dict[str, Any]) -> list[str]:
    """The last build's warnings as the CLI prints them (one line each); a record written before
    warnings were located problems holds the lines themselves."""
    out: list[str] = []
    for w in last.get("warnings") or []:
        text = str(w.get("text", "")) if isinstance(w, dict) else str(w)
        out += text.splitlines()
    return out


async def overview(request: Request) -> Response:
    year = year_of(request)
    s = settings_of(request)
    out_dir = s.out / str(year)
    docs = documents(out_dir)
    last = builds(request).last(year)
    built_at = (out_dir / "manifest.json").stat().st_mtime if docs else None
    stale = built_at is not None and newest_input(s.content, year) > built_at
    warned = warning_lines(last) if last and last.get("state") == "ok" else []
    for d in docs:
        names = [Path(f).name for f in d["files"].values()]
        d["findings"] = [w for w in warned if any(w.startswith(n) for n in names)]
        d["status"] = "findings" if d["findings"] else ("stale" if stale else "built")
        d["page"] = doc_page(d["stem"])
    problems = []
    if last and last.get("state") == "failed":
        problems = [dict(p, link=link(year, p)) for p in last.get("problems", [])]
    running = builds(request).current
    return render(
        request,
        "year.html",
        page="year",
        year=year,
        docs=docs,
        stale=stale,
        last=last,
        problems=problems,
        job=running if running and running.state == "running" else None,
    )


async def start_build(request: Request) -> Response:
    year = year_of(request)
    form = await posted(request)
    job, joined = builds(request).start(year, draft=form.get("draft") == "1", lang=get_lang())
    if request.headers.get("hx-request"):
        return render(request, "progress.html", year=year, job=job, joined=joined)
    return RedirectResponse(f"/y/{year}/", status_code=303)


async def build_status(request: Request) -> Response:
    year = year_of(request)
    raw = request.query_params.get("job", "")
    job = builds(request).jobs.get(int(raw)) if raw.isdigit() else None
    if job is None:
        raise HTTPException(404)
    resp = render(request, "progress.html", year=year, job=job, joined=False)
    if job.state != "running":
        resp.headers["HX-Refresh"] = "true"  # show the new documents
    return resp


def _entry(request: Request, year: int, rel: str) -> Path:
    """A file the year's manifest lists (nothing else can be downloaded)."""
    out_dir = settings_of(request).out / str(year)
    target = inside(out_dir, rel)
    listed = {f for d in documents(out_dir) for f in d["files"].values()}
    if target.relative_to(out_dir.resolve()).as_posix() not in listed or not target.is_file():
        raise HTTPException(404)
    return target


async def download(request: Request) -> Response:
    year = year_of(request)
    target = _entry(request, year, str(request.path_params["path"]))
    return FileResponse(target, filename=target.name)


async def download_zip(request: Request) -> Response:
    """The whole set of the year (every file of the manifest, and the manifest) as one zip."""
    year = year_of(request)
    out_dir = settings_of(request).out / str(year)
    files = sorted({f for d in documents(out_dir) for f in d["files"].values()})
    if not files:
        raise HTTPException(404, tr("Chưa có văn bản nào", "Nothing built yet"))
    data = zip_bytes(
        (f"{year}/{rel}", (out_dir / rel).read_bytes()) for rel in [*files, "manifest.json"]
    )
    headers = {"Content-Disposition": f'attachment; filename="docgen-{year}.zip"'}
    return Response(data, media_type="application/zip", headers=headers)


async def thumbnail(request: Request) -> Response:
    year = year_of(request)
    target = _entry(request, year, str(request.path_params["path"]))
    raw = request.query_params.get("page", "1")
    page = int(raw) if raw.isdigit() else 1
    if target.suffix.lower() != ".pdf":
        raise HTTPException(404)
    made = previews.render(target, settings_of(request).out, page)
    if made is None:
        raise HTTPException(404)
    return FileResponse(made[1], media_type="image/png", headers={"Cache-Control": "max-age=3600"})


async def home(request: Request) -> Response:
    years = available_years(settings_of(request).content)
    if years:
        return RedirectResponse(f"/y/{years[-1]}/", status_code=303)
    return render(request, "empty.html", year=None, page="year")


ROUTES = [
    Route("/", home),
    Route("/y/{year}/", overview),
    Route("/y/{year}/build", start_build, methods=["POST"]),
    Route("/y/{year}/build/status", build_status),
    Route("/y/{year}/files/{path:path}", download),
    Route("/y/{year}/thumb/{path:path}", thumbnail),
    Route("/y/{year}/all.zip", download_zip),
]
