"""Who may use the server, and in which language.

On this machine only (127.0.0.1) no password is needed. Served to the office network the
server needs a password, read from an environment variable or a file (never the command line);
the session cookie is signed, HttpOnly and SameSite=strict, and every form carries the
session's CSRF token (``common.posted``).
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from docgen.errors import UsageError
from docgen.i18n import lang_scope, tr

PASSWORD_ENV = "DOCGEN_WEB_PASSWORD"
OPEN_PATHS = ("/login", "/static/")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def read_password(password_file: Path | None) -> str | None:
    """The password from ``--password-file`` or ``$DOCGEN_WEB_PASSWORD``, or None."""
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(
                tr(
                    "Không đọc được tệp mật khẩu {p}: {e}",
                    "Cannot read the password file {p}: {e}",
                    p=password_file,
                    e=exc.strerror,
                )
            ) from None
        return text or None
    return os.environ.get(PASSWORD_ENV) or None


def require_password(host: str, password: str | None) -> None:
    if host not in LOCAL_HOSTS and not password:
        raise UsageError(
            tr(
                "Mở cho mạng nội bộ (--host {h}) cần mật khẩu: đặt biến môi trường {e} hoặc dùng "
                "--password-file TỆP (không ghi mật khẩu trên dòng lệnh)",
                "Serving to the network (--host {h}) needs a password: set {e} or use "
                "--password-file FILE (never on the command line)",
                h=host,
                e=PASSWORD_ENV,
            )
        )
    if password is not None and len(password) < 8:
        raise UsageError(tr("Mật khẩu cần ít nhất 8 ký tự", "The password needs 8+ characters"))


def password_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Gate:
    """ASGI middleware inside the session middleware: login when a password is set, and the
    session's language for every message of the request."""

    def __init__(self, app: ASGIApp, password: str | None) -> None:
        self.app, self.password = app, password

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session: dict[str, Any] = scope.get("session", {})
        path: str = scope.get("path", "/")
        if self.password and not session.get("auth") and not path.startswith(OPEN_PATHS):
            target = "/login?next=" + quote(path if path.startswith("/") else "/")
            await RedirectResponse(target, status_code=303)(scope, receive, send)
            return
        with lang_scope(session.get("lang")):
            await self.app(scope, receive, send)
