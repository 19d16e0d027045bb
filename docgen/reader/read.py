"""Open any supported document: a .docx or a PDF, read into one ``DocOutline``."""

from __future__ import annotations

from pathlib import Path

from docgen.reader.outline import DocOutline, Unreadable

SUFFIXES = {".docx", ".docm", ".dotx", ".pdf"}


def read(path: Path) -> DocOutline:
    """Read a .docx or PDF; raise ``Unreadable`` with advice for anything else."""
    suffix = path.suffix.lower()
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
    head = path.read_bytes()[:8]
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        from docgen.reader.pdf import read_pdf  # pypdf only when a PDF is read

        return read_pdf(path)
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
    from docgen.reader.docx import read_docx

    return read_docx(path)
