"""A warm LibreOffice for docgen: one soffice kept running, converting .docx to PDF on request.

This file is a standalone script, run by a Python that has LibreOffice's UNO bridge
(Debian: ``python3-uno``, usually ``/usr/bin/python3``); it imports nothing from docgen.
``docgen.export.office`` starts it and talks to it.

    python3 office_server.py FOLDER SOFFICE IDLE_SECONDS STAMP

It leaves its starter at once (``FOLDER/starting`` holds its pid), starts soffice with its
own profile in ``FOLDER``, connects to it over a private pipe, then
listens on the unix socket ``FOLDER/sock`` (the folder is the caller's, mode 0700; a peer of
another user is refused). One request at a time, as one JSON line::

    {"files": ["/abs/a.docx", ...]}

answered by one JSON line per file, ``{"i": 0, "pdf": "/FOLDER/work/…/0.pdf"}``
or ``{"i": 0, "error": "…"}``, then ``{"done": true}``. The client moves each PDF away; when
it hangs up, the request stops and its PDFs are removed. After ``IDLE_SECONDS`` without a
request (or when soffice dies) the server stops soffice and exits, removing its socket.
``FOLDER/ready`` holds ``STAMP`` (what the client expects of this LibreOffice: version,
fonts) once the socket accepts requests.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CONNECT_TIMEOUT = 60.0


def start_office(folder: Path, soffice: str) -> tuple[subprocess.Popen[bytes], str]:
    pipe = f"docgen-office-{os.getuid()}-{os.getpid()}"
    profile = (folder / "profile").as_uri()
    proc = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return proc, pipe


def connect(pipe: str, proc: subprocess.Popen[bytes]) -> Any:
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def prop(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def convert(desktop: Any, src: str, dst: str) -> None:
    """``src`` (.docx) to ``dst`` (PDF) as ``soffice --convert-to pdf:writer_pdf_Export`` does."""
    import uno

    load = (prop("Hidden", True), prop("ReadOnly", True), prop("UpdateDocMode", 0))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "writer_pdf_Export"),))
    finally:
        doc.close(True)


WARMUP_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
    "word/document.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" '
        'w:hAnsi="Times New Roman"/><w:b/></w:rPr><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
        "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    ),
}


def warm_up(desktop: Any, folder: Path) -> None:
    """Convert a one-line .docx once before saying ready: LibreOffice loads Writer, the Word
    import and the PDF export on its first document (about a second), not on a build's."""
    import zipfile

    src, dst = folder / "warmup.docx", folder / "warmup.pdf"
    with zipfile.ZipFile(src, "w") as z:
        for name, xml in WARMUP_PARTS.items():
            z.writestr(name, xml)
    try:
        convert(desktop, str(src), str(dst))
    except Exception:  # noqa: BLE001, S110 - only a warm-up: the first build pays instead
        pass
    finally:
        src.unlink(missing_ok=True)
        dst.unlink(missing_ok=True)


def same_user(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def serve_one(conn: socket.socket, desktop: Any, work: Path, n: int) -> None:
    reader = conn.makefile("rb")
    line = reader.readline(1 << 20)
    request = json.loads(line.decode("utf-8"))
    files = request["files"]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ValueError("files: a list of paths")
    folder = work / str(n)
    folder.mkdir(parents=True)
    try:
        for i, src in enumerate(files):
            dst = folder / f"{i}.pdf"
            reply: dict[str, Any] = {"i": i, "pdf": str(dst)}
            try:
                convert(desktop, src, str(dst))
            except Exception as exc:  # noqa: BLE001 - reported to the client, file by file
                reply = {"i": i, "error": f"{type(exc).__name__}: {exc}"[:500]}
            conn.sendall(json.dumps(reply).encode() + b"\n")  # raises when the client left
        conn.sendall(b'{"done": true}\n')
        # the client moves each PDF as it arrives: wait until it hangs up, then clean up
        conn.settimeout(30)
        conn.recv(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def daemonize(folder: Path) -> None:
    """Leave the process that started us (it waits only for this): a server of its own, whose
    pid is in ``FOLDER/starting`` before the starter returns."""
    pid = os.fork()
    if pid > 0:
        tmp = folder / ".starting.tmp"
        tmp.write_text(str(pid), encoding="utf-8")
        os.replace(tmp, folder / "starting")
        os._exit(0)


def main(argv: list[str]) -> int:
    folder, soffice, idle, stamp = Path(argv[1]), argv[2], float(argv[3]), argv[4]
    daemonize(folder)
    proc, pipe = start_office(folder, soffice)

    def stop(*_: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    sock_path = folder / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        desktop = connect(pipe, proc)
        warm_up(desktop, folder)
        sock_path.unlink(missing_ok=True)
        server.bind(str(sock_path))
        server.listen(8)
        server.settimeout(min(idle, 1.0))
        tmp = folder / ".ready.tmp"
        tmp.write_text(f"{os.getpid()} {stamp}\n", encoding="utf-8")
        os.replace(tmp, folder / "ready")
        work = folder / "work"
        shutil.rmtree(work, ignore_errors=True)
        last, n = time.monotonic(), 0
        while proc.poll() is None and time.monotonic() - last < idle:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                n += 1
                conn.settimeout(None)
                try:
                    if same_user(conn):
                        serve_one(conn, desktop, work, n)
                except (OSError, ValueError, KeyError):
                    pass  # the client left or sent nonsense: next request
            last = time.monotonic()
    finally:
        (folder / "ready").unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # ours: a failed start is seen at once
            if (folder / "starting").read_text(encoding="utf-8").strip() == str(os.getpid()):
                (folder / "starting").unlink()
        sock_path.unlink(missing_ok=True)
        server.close()
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
        proc.wait()
        shutil.rmtree(folder / "work", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
