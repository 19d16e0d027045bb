"""Kiểm tra: any .docx or PDF checked by the Decree 30 checker (``docgen check``), each finding
with its excerpt and the page image with the spot marked."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from docgen.check import formatters
from docgen.check.engine import Checker, Finding
from docgen.export import pdf as export
from docgen.fix.engine import fix as fix_document
from docgen.fix.engine import fixable
from docgen.i18n import get_lang, tr
from docgen.reader.read import SUFFIXES
from docgen.web import previews
from docgen.web.common import Upload, posted, render, settings_of


def _pdf_of(doc: Path) -> Path | None:
    """The document as PDF (a .docx converted once by LibreOffice, next to the upload)."""
    if doc.suffix == ".pdf":
        return doc
    target = doc.with_suffix(".pdf")
    if not target.is_file() and export.find_soffice() is not None:
        try:
            export.convert([doc], doc.parent, timeout=120)
        except Exception:  # noqa: BLE001 - no page image is not a failure of the check
            return None
    return target if target.is_file() else None


def repair(doc: Path, fixed_dir: Path) -> dict[str, Any]:
    """``docgen fix`` on an uploaded .docx: each change (rule, place, before → after) and the
    repaired copy, kept beside the uploads under the same content-hash name."""
    result = fix_document(doc)
    if not result.changes:
        return {"repairs": []}
    fixed_dir.mkdir(parents=True, exist_ok=True)
    (fixed_dir / doc.name).write_bytes(result.data)
    return {
        "repairs": [
            {"code": c.code, "location": c.location, "before": c.before, "after": c.after}
            for c in result.changes
        ],
        "repaired_url": f"/check/fixed/{doc.stem}.docx",
        "left_after_repair": len(result.left),
    }


def inspect(doc: Path, out: Path) -> dict[str, Any]:
    findings: list[Finding] = Checker().check_file(doc)
    lang = get_lang()
    pdf = _pdf_of(doc) if not any(f.code == "VB901" for f in findings) else None
    rows = []
    for f in findings:
        row: dict[str, Any] = {
            "code": f.code,
            "severity": f.severity,
            "location": f.location,
            "message": formatters.message(f, lang),
            "excerpt": f.excerpt,
        }
        spot = previews.find_spot(pdf, f.excerpt) if pdf and f.excerpt else None
        if spot and pdf:
            made = previews.render(pdf, out, spot.page, dpi=100)
            if made:
                row["image"] = f"/preview/{made[0]}/{spot.page}.png"
                row["spot"] = spot
        rows.append(row)
    first = previews.render(pdf, out, 1, dpi=100) if pdf else None
    result = {"findings": rows, "first_page": f"/preview/{first[0]}/1.png" if first else None}
    if doc.suffix == ".docx" and any(fixable(f.code) for f in findings):
        result.update(repair(doc, doc.parent.parent / "fixed"))
    return result


async def check_page(request: Request) -> Response:
    return render(request, "check.html", page="check", year=None)


async def check_upload(request: Request) -> Response:
    s = settings_of(request)
    form = await posted(request)
    file = form.get("file")
    error = None
    if not isinstance(file, Upload) or not file.filename:
        error = tr("Chọn một tệp .docx hoặc PDF", "Choose a .docx or PDF file")
    else:
        suffix = Path(file.filename).suffix.lower()
        data = file.data
        if suffix not in SUFFIXES:
            error = tr(
                "Chỉ nhận tệp .docx hoặc PDF, nhận được '{s}'",
                "Only .docx or PDF files, got '{s}'",
                s=suffix or file.filename,
            )
        elif len(data) > s.max_upload:
            error = tr(
                "Tệp quá lớn: tối đa {n} MB",
                "File too large: at most {n} MB",
                n=s.max_upload // 2**20,
            )
    if error is not None or not isinstance(file, Upload):
        return render(request, "check.html", status=422, page="check", year=None, error=error)
    folder = s.state / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".pdf" if suffix == ".pdf" else ".docx"
    doc = folder / (hashlib.sha256(data).hexdigest() + suffix)  # never the sender's file name
    doc.write_bytes(data)
    result = await run_in_threadpool(inspect, doc, s.out)
    return render(request, "check.html", page="check", year=None, doc_name=file.filename, **result)


async def repaired(request: Request) -> Response:
    """The repaired copy of an uploaded .docx, downloaded as ``<name>-fixed.docx``."""
    digest = str(request.path_params["digest"])
    path = settings_of(request).state / "fixed" / f"{digest}.docx"
    if not re.fullmatch(r"[0-9a-f]{64}", digest) or not path.is_file():
        raise HTTPException(404)
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="van-ban-da-sua.docx",
    )


async def preview(request: Request) -> Response:
    digest = str(request.path_params["digest"])
    raw = str(request.path_params["page"])
    page = int(raw) if raw.isdigit() else 0
    path = previews.cached(settings_of(request).out, digest, page, 100) or previews.cached(
        settings_of(request).out, digest, page
    )
    if path is None:
        raise HTTPException(404)
    return FileResponse(path, media_type="image/png")


ROUTES = [
    Route("/check", check_page),
    Route("/check", check_upload, methods=["POST"]),
    Route("/check/fixed/{digest}.docx", repaired),
    Route("/preview/{digest}/{page}.png", preview),
]
