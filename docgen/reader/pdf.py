"""A PDF -> ``DocOutline``: text lines with page:line locations, page sizes and fonts.

Text comes from poppler's ``pdftotext`` (reading order, one call per file) when it is installed,
else from pypdf. Fonts and page sizes come from pypdf. A PDF with no text layer (a scan) gives an
outline with no blocks; the engine reports that as "could not check" (VB903).
"""

from __future__ import annotations

import logging
import resource
import shutil
import signal
import subprocess
import tempfile
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from docgen import limits
from docgen.reader.outline import Block, DocOutline, PdfFont, Unreadable

PT_MM = 25.4 / 72


def _open(path: Path) -> PdfReader:
    # pypdf logs repairs of damaged files ("incorrect startxref pointer") to stderr; a clerk
    # cannot act on them, and a file it cannot read becomes VB901 anyway.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password")
        len(reader.pages)
    except FileNotDecryptedError:
        raise Unreadable(
            "PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi kiểm tra lại",
            "the PDF is password-protected; remove the password and check again",
        ) from None
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise Unreadable(f"không đọc được PDF ({exc})", f"cannot read the PDF ({exc})") from None
    except DependencyError as exc:  # never expected: cryptography is a dependency (AES)
        raise Unreadable(
            f"PDF được mã hóa theo cách chưa đọc được ({exc})",
            f"the PDF is encrypted in a way docgen cannot read ({exc})",
        ) from None
    return reader


def _fonts(reader: PdfReader) -> list[PdfFont]:
    out: dict[str, PdfFont] = {}
    for n, page in enumerate(reader.pages, start=1):
        try:
            fonts = page.get("/Resources", {}).get_object().get("/Font", {}).get_object()
        except (AttributeError, KeyError, PdfReadError):
            continue
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            name = name.split("+", 1)[1] if "+" in name[:7] else name
            desc = font.get("/FontDescriptor")
            if font.get("/Subtype") == "/Type0":
                kids = font.get("/DescendantFonts")
                desc = kids.get_object()[0].get_object().get("/FontDescriptor") if kids else None
            embedded = font.get("/Subtype") == "/Type3"
            if desc is not None:
                d = desc.get_object()
                embedded = embedded or any(
                    k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
            if name not in out or (out[name].embedded and not embedded):
                out[name] = PdfFont(name, embedded, n)
    return list(out.values())


def _limit_pdftotext() -> None:
    """In pdftotext before exec: a hostile PDF may not write more than ``MAX_PDF_TEXT_BYTES`` of
    text (SIGXFSZ), use more than a minute of CPU or a GiB of memory."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.MAX_PDF_TEXT_BYTES,) * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _text_pages(path: Path, reader: PdfReader) -> list[str]:
    exe = shutil.which("pdftotext")
    if exe:
        with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
            text = Path(work) / "text.txt"
            run = subprocess.run(
                [exe, "-enc", "UTF-8", str(path), str(text)],
                capture_output=True,
                timeout=60,
                preexec_fn=_limit_pdftotext,  # noqa: PLW1509 - only setrlimit
            )
            if run.returncode in (-signal.SIGXFSZ, -signal.SIGKILL, -signal.SIGXCPU):
                raise Unreadable(
                    f"PDF có quá nhiều chữ hoặc quá nặng để đọc (quá "
                    f"{limits.MAX_PDF_TEXT_BYTES // limits.MB} MB chữ, 60 giây, 1 GB)",
                    f"the PDF holds too much text or is too heavy to read (over "
                    f"{limits.MAX_PDF_TEXT_BYTES // limits.MB} MB of text, 60 s, 1 GB)",
                )
            if run.returncode == 0:
                pages = text.read_bytes().decode("utf-8", "replace").split("\f")
                if pages and not pages[-1].strip():
                    pages = pages[:-1]
                return pages
    return [(p.extract_text() or "") for p in reader.pages]


# What pypdf raises on a damaged or hostile file, besides its own errors.
BROKEN = (
    PdfReadError,
    PyPdfError,
    OSError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    zlib.error,
    subprocess.SubprocessError,
)


def read_pdf(path: Path) -> DocOutline:
    """The outline of the PDF at ``path``; ``Unreadable`` for a protected, damaged or oversized
    file (pypdf reads hostile input; anything it raises is a damaged file, never a crash)."""
    try:
        limits.check_size(path, limits.MAX_PDF_BYTES)
        return _read_pdf(path)
    except Unreadable:
        raise
    except limits.Refused as exc:
        raise Unreadable(exc.vi, exc.en) from None
    except BROKEN as exc:
        raise Unreadable(
            f"không đọc được PDF ({type(exc).__name__}: {str(exc)[:200]})",
            f"cannot read the PDF ({type(exc).__name__}: {str(exc)[:200]})",
        ) from None


def _read_pdf(path: Path) -> DocOutline:
    reader = _open(path)
    blocks: list[Block] = []
    for page_no, text in enumerate(_text_pages(path, reader), start=1):
        for line_no, line in enumerate(text.splitlines(), start=1):
            blocks.append(
                Block(
                    index=len(blocks),
                    where="page",
                    location=f"{page_no}:{line_no}",
                    text=line.strip(),
                )
            )
    sizes = []
    for page in reader.pages:
        box = page.mediabox
        w, h = float(box.width) * PT_MM, float(box.height) * PT_MM
        if int(page.get("/Rotate", 0) or 0) % 180:
            w, h = h, w
        sizes.append((round(w, 1), round(h, 1)))
    return DocOutline(
        path=path,
        source="pdf",
        blocks=tuple(blocks),
        pdf_pages=tuple(sizes),
        pdf_fonts=tuple(_fonts(reader)),
    )
