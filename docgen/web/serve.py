"""Start the server: settings from the command line, the password from a file or the
environment, uvicorn on 127.0.0.1 unless asked otherwise."""

from __future__ import annotations

import threading
import webbrowser
from pathlib import Path

import uvicorn

from docgen.export.pdf import find_soffice
from docgen.web import security
from docgen.web.app import create_app
from docgen.web.common import Settings


def make_settings(
    content: Path, out: Path, templates: Path, host: str, password_file: Path | None
) -> Settings:
    password = security.read_password(password_file)
    security.require_password(host, password)
    return Settings(
        content=content.resolve(),
        out=out.resolve(),
        templates=templates.resolve(),
        pdf=find_soffice() is not None,
        password=password,
    )


def run(
    content: Path,
    out: Path,
    templates: Path,
    host: str,
    port: int,
    password_file: Path | None,
    *,
    open_browser: bool = True,
) -> None:
    settings = make_settings(content, out, templates, host, password_file)
    app = create_app(settings)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    print(f"docgen serve: {url}  (Ctrl-C để dừng / to stop)", flush=True)
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
