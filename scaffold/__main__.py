"""Create the starting Word templates: ``python -m scaffold [--force] [DIR]``.

Existing templates are kept unless ``--force`` is given: they may carry a user's Word edits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scaffold import dossier, illustrative_mark, plan, save, scoring

BUILDERS = {
    "ke-hoach.docx": plan.build,
    "phieu-cham-diem.docx": scoring.build_evaluation,
    "phieu-tu-cham-diem.docx": scoring.build_self_evaluation,
    "thong-bao-ket-qua.docx": scoring.build_notice,
    "bang-tong-hop.docx": scoring.build_summary,
    "to-trinh-khen-thuong.docx": dossier.to_trinh,
    "danh-sach-khen-thuong.docx": dossier.danh_sach,
    "bien-ban-xet-khen-thuong.docx": dossier.bien_ban,
    "bao-cao-thanh-tich-tap-the.docx": dossier.bao_cao_tap_the,
    "bao-cao-thanh-tich-ca-nhan.docx": dossier.bao_cao_ca_nhan,
}


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    target = Path(args[0]) if args else Path("templates_docx")
    for name, build in BUILDERS.items():
        path = target / name
        if path.exists() and not force:
            print(f"giữ nguyên {path} (dùng --force để tạo lại)")
            continue
        save(illustrative_mark(build()), path)
        print(f"đã tạo {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
