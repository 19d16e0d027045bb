"""Open any supported document: a .docx or a PDF, read into one ``DocOutline``."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from docgen import limits
from docgen.reader.outline import DocOutline, Unreadable

# What zipfile raises on a damaged archive (RuntimeError: an encrypted member).
BROKEN_ZIP = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)

SUFFIXES = {".docx", ".docm", ".dotx", ".pdf"}


def read(path: Path) -> DocOutline:
    """Read a .docx or PDF; raise ``Unreadable`` with advice for anything else."""
    if sniff(path) == "pdf":
        from docgen.reader.pdf import read_pdf  # pypdf only when a PDF is read

        return read_pdf(path)
    from docgen.reader.docx import read_docx

    return read_docx(path)


def check_docx(path: Path) -> None:
    """Refuse anything but a .docx within the limits (``docgen.limits``) before a library opens
    it: the same messages ``docgen check`` gives, for ``import`` and templates."""
    if sniff(path) == "pdf":
        raise Unreadable("đây là tệp PDF, không phải .docx", "this is a PDF file, not a .docx")
    try:
        limits.check_zip_file(path)
    except limits.Refused as exc:
        raise Unreadable(exc.vi, exc.en) from None
    except BROKEN_ZIP as exc:
        raise Unreadable(
            f"không mở được tệp .docx ({exc})", f"cannot open the .docx ({exc})"
        ) from None


def sniff(path: Path) -> str:
    """ "pdf" or "docx" from the file's first bytes; ``Unreadable`` for anything else."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise Unreadable(
            f"{path} là một thư mục, không phải tệp", f"{path} is a folder, not a file"
        )
    if path.exists() and not path.is_file():  # a device, a pipe: never read one
        raise Unreadable(
            f"{path} không phải tệp thường (thiết bị, ống dẫn…)",
            f"{path} is not a regular file (a device, a pipe…)",
        )
    if not path.is_file():
        raise Unreadable(f"không tìm thấy tệp {path}", f"file not found: {path}")
    if path.stat().st_size == 0:
        raise Unreadable("tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    if suffix in (".doc", ".rtf", ".odt"):
        raise Unreadable(
            f"định dạng {suffix} không được hỗ trợ; hãy chuyển sang .docx, ví dụ: "
            f'soffice --headless --convert-to docx "{path.name}" (hoặc Word: Lưu thành .docx)',
            f"{suffix} files are not supported; convert to .docx first, e.g. "
            f'soffice --headless --convert-to docx "{path.name}" (or Word: Save As .docx)',
        )
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise Unreadable(
            f"không đọc được tệp ({exc.strerror})", f"cannot read the file ({exc.strerror})"
        ) from None
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(
            "đây là tệp Word cũ (.doc) hoặc tệp đã mã hóa bằng mật khẩu; hãy gỡ mật khẩu và lưu "
            "thành .docx (soffice --headless --convert-to docx)",
            "this is a legacy Word (.doc) or password-protected file; remove the password and "
            "save it as .docx (soffice --headless --convert-to docx)",
        )
    if not head.startswith(b"PK"):
        raise Unreadable(
            "không phải tệp .docx (không phải tệp zip)", "not a .docx file (not a zip archive)"
        )
    return "docx"
