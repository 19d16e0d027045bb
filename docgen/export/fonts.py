"""Which font LibreOffice embeds for Times New Roman, said once per build."""

from __future__ import annotations

import shutil
import subprocess

from docgen.errors import Problem, SourceRef
from docgen.i18n import tr


def times_substitute() -> str | None:
    """The family fontconfig gives for "Times New Roman", or None when it is the real font
    (or fontconfig cannot say)."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    found = subprocess.run(
        [exe, "-f", "%{family}", "Times New Roman"], capture_output=True, text=True
    ).stdout
    family = found.split(",")[0].strip()
    return None if not family or family.casefold() == "times new roman" else family


def font_notice() -> list[Problem]:
    """One warning when LibreOffice stands another font in for Times New Roman, else none."""
    family = times_substitute()
    if family is None:
        return []
    return [
        Problem(
            SourceRef("soffice"),
            tr(
                "Máy này không có phông Times New Roman: LibreOffice dùng {f} (cùng kích thước "
                "chữ) và nhúng {f} vào PDF. Muốn PDF nhúng Times New Roman, cài phông (xem "
                "README, mục Phông chữ) rồi tạo lại.",
                "Times New Roman is not installed: LibreOffice uses {f} (same metrics) and embeds "
                "{f} in the PDFs. To embed Times New Roman, install the font (README, Fonts) and "
                "build again.",
                f=family,
            ),
            "warning",
        )
    ]
