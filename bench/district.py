"""A seeded synthetic district: N chi hội with scores and 30 nominees, as content docgen reads.

One writer per input file, each in the format of the stage that reads it:

- ``org.yaml``, ``<year>/plan.yaml``: copied from the district example (examples/, its plan);
- ``<year>/units.yaml``: ``docgen.content.units`` (id, name, kind, head);
- ``<year>/scoring.yaml``, ``scores.csv``, ``self-scores.csv``: the scoring stage (issue 4):
  semicolon CSV with BOM and decimal comma, one column per scheme column "ND2.1 (8)";
- ``<year>/awards.yaml``, ``nominations.yaml``, ``council.yaml``: the dossier stage (issue 5).

Files for a stage that is not installed are still written (the build ignores them), except the
council votes for units, which need the scoring stage to know which units qualify.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bench.names import EPONYMS, PROVINCES, SCHOOL_KINDS, SUBJECTS, person, slug

REPO = Path(__file__).resolve().parent.parent
# the district example: a Hội that scores every Chi hội (content/ is one school's Chi hội)
SOURCE = Path("examples") / "hoi-khuyen-hoc-quan-10"
DATA = Path(__file__).resolve().parent / "data"
YEAR = 2024
# The scoring columns of the shipped plan + scoring.yaml (used when docgen.scoring is absent).
DEFAULT_COLUMNS = [
    ("ND1", 20),
    ("ND2.1", 8),
    ("ND2.2", 8),
    ("ND2.3", 8),
    ("ND2.4", 8),
    ("ND3", 20),
    ("ND4", 20),
    ("Thưởng", 8),
]


@dataclass
class District:
    content: Path
    year: int
    units: list[dict[str, Any]]
    nominees: list[dict[str, Any]] = field(default_factory=list)
    unit_votes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def has_stage(module: str) -> bool:
    """Whether the docgen being run has ``module`` (looked up in ITS folder: an editable install
    elsewhere must not answer for a worktree)."""
    import docgen

    spec = importlib.util.find_spec("docgen")
    base = Path(spec.origin if spec and spec.origin else docgen.__file__).parent
    path = base.joinpath(*module.split(".")[1:])
    return path.is_dir() or path.with_suffix(".py").is_file()


def _yaml() -> YAML:
    y = YAML()
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def dump(path: Path, data: Any, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write(header)
        _yaml().dump(data, f)


def vn(x: float) -> str:
    return (f"{x:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


# -- writers, one per input file ------------------------------------------------------------


def copy_base(root: Path, year: int, repo: Path = REPO) -> list[str]:
    src = repo / SOURCE
    (root / str(year)).mkdir(parents=True, exist_ok=True)
    # the district's Hội issues this dossier: its remit is every Chi hội it ranks
    org = (src / "org.yaml").read_text(encoding="utf-8")
    (root / "org.yaml").write_text(
        org.replace("  level: chi hội\n", "  level: hội\n"), encoding="utf-8"
    )
    shutil.copy(src / str(year) / "plan.yaml", root / str(year) / "plan.yaml")
    return ["org.yaml", f"{year}/plan.yaml"]


DISTRICT_SIGNER = "Trần Văn Khánh"  # signs for the Hội in examples/hoi-khuyen-hoc-quan-10


def make_units(rng: random.Random, n: int) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    ids: set[str] = set()

    def add(uid: str, name: str, kind: str) -> None:
        if uid in ids:
            return
        ids.add(uid)
        head = person(rng)[0]
        while head == DISTRICT_SIGNER:  # the confirming authority never heads a unit it confirms
            head = person(rng)[0]
        units.append({"id": uid, "name": name, "kind": kind, "head": head})

    schools = [(k, a, e) for k, a, w in SCHOOL_KINDS for e in EPONYMS for _ in range(w)]
    rng.shuffle(schools)
    n_schools = int(n * 0.45)
    for kind, abbrev, eponym in schools:
        if len(units) >= n_schools:
            break
        add(f"{abbrev}-{slug(eponym)}", f"Chi hội Khuyến học {kind} {eponym}", "Chi hội trường học")
    for ward in range(1, 16):
        if len(units) < n:
            add(f"phuong-{ward}", f"Chi hội Khuyến học Phường {ward}", "Chi hội phường")
    quarter = 1
    while len(units) < n:
        for ward in range(1, 16):
            if len(units) >= n:
                break
            add(
                f"kp-{quarter}-p{ward}",
                f"Chi hội Khuyến học Khu phố {quarter}, Phường {ward}",
                "Chi hội khu phố",
            )
        quarter += 1
    return units[:n]


def write_units(root: Path, year: int, units: list[dict[str, Any]]) -> str:
    dump(
        root / str(year) / "units.yaml",
        {"units": units},
        f"# DỮ LIỆU TỔNG HỢP (synthetic bench data): {len(units)} chi hội, sinh tự động.\n",
    )
    return f"{year}/units.yaml"


def write_scoring(root: Path, year: int, repo: Path = REPO) -> str:
    src = repo / SOURCE / str(year) / "scoring.yaml"
    shutil.copy(src if src.is_file() else DATA / "scoring.yaml", root / str(year) / "scoring.yaml")
    return f"{year}/scoring.yaml"


def score_columns(root: Path, year: int) -> list[tuple[str, float]]:
    """The scheme's columns (code, max), from the scoring stage when installed."""
    if not has_stage("docgen.scoring"):
        return DEFAULT_COLUMNS
    from docgen.content.load import load_content
    from docgen.scoring.scheme import load_scheme

    scheme = load_scheme(load_content(root, year)).scheme
    return [(c.code, c.max) for c in scheme.columns]


def unit_scores(rng: random.Random, columns: list[tuple[str, float]]) -> list[float]:
    quality = min(max(rng.gauss(0.8, 0.12), 0.3), 1.0)
    out = []
    for _code, mx in columns:
        share = min(max(quality + rng.gauss(0, 0.07), 0.0), 1.0)
        out.append(round(mx * share * 2) / 2)
    return out


NOTES = [
    "",
    "",
    "",
    "",
    "Học bổng 1&1: {n} suất",
    "Mô hình tủ sách khu phố",
    "Báo cáo nộp trễ hạn",
    "Đạt Đơn vị học tập năm {y}",
    "{n}% hội viên có thẻ",
]


def write_scores(
    root: Path,
    year: int,
    rng: random.Random,
    units: list[dict[str, Any]],
    columns: list[tuple[str, float]],
) -> list[str]:
    head = [
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        *(f"{c} ({vn(m)})" for c, m in columns),
        f"Tổng ({vn(sum(m for _, m in columns))})",
        "Ghi chú",
    ]
    approved, own = [";".join(head)], [";".join(head)]
    for i, u in enumerate(units, start=1):
        scores = unit_scores(rng, columns)
        mine = [
            min(m, s + rng.choice([0, 0, 0.5, 1]))
            for s, (_, m) in zip(scores, columns, strict=True)
        ]
        note = rng.choice(NOTES).format(n=rng.randint(20, 95), y=year - 1)
        note = f'"{note}"' if ";" in note else note
        for rows, vals in ((approved, scores), (own, mine)):
            rows.append(
                ";".join(
                    [
                        str(i),
                        u["id"],
                        u["name"],
                        *map(vn, vals),
                        vn(sum(vals)),
                        note if rows is approved else "",
                    ]
                )
            )
    d = root / str(year)
    (d / "scores.csv").write_text("\ufeff" + "\n".join(approved) + "\n", encoding="utf-8")
    (d / "self-scores.csv").write_text("\ufeff" + "\n".join(own) + "\n", encoding="utf-8")
    return [f"{year}/scores.csv", f"{year}/self-scores.csv"]


def make_nominees(
    rng: random.Random, units: list[dict[str, Any]], n: int, awards: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    schools = [u for u in units if u["kind"] == "Chi hội trường học"] or units
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    scholarships: set[int] = set()
    claimed: set[str] = set()
    while len(out) < n:
        u = rng.choice(schools)
        school = u["name"].removeprefix("Chi hội Khuyến học ")
        collective = len(out) % 3 == 0
        kind = "tập thể" if collective else "cá nhân"
        fits = [a["name"] for a in awards if kind in a.get("kinds", [kind])]
        subject = rng.choice(SUBJECTS)
        n_scholar = rng.randint(8, 60 + n)
        while n_scholar in scholarships:  # one achievement belongs to one candidate
            n_scholar = rng.randint(8, 60 + n)
        results = ""
        while not results or results in claimed:  # one achievement belongs to one candidate
            results = (
                f"Tỷ lệ học sinh đạt điểm trung bình môn {subject} từ 5,0 trở lên là "
                f"{vn(rng.uniform(95, 100))}%; {rng.randint(1, 12)} học sinh đạt giải cấp "
                "thành phố."
            )
        achievements = [
            f"Năm 2024 vận động được {n_scholar} suất học bổng 1&1 trị giá "
            f"{n_scholar * 2}.000.000 đồng cho học sinh có hoàn cảnh khó khăn.",
            results,
        ]
        if collective:
            name, position, head = rng.choice(
                [
                    (f"Tổ {subject} {school}", "Tổ chuyên môn", "TỔ TRƯỞNG"),
                    (
                        f"Ban Đại diện Cha mẹ học sinh {school}",
                        "Ban đại diện cha mẹ học sinh",
                        "TRƯỞNG BAN",
                    ),
                    (f"Liên đội {school}", "Liên đội Thiếu niên Tiền phong", "TỔNG PHỤ TRÁCH"),
                ]
            )
            c: dict[str, Any] = {
                "name": name,
                "kind": kind,
                "position": position,
                "unit": u["id"],
                "award": rng.choice(fits),
                "reason": f"Vận động {n_scholar} suất học bổng; duy trì tủ sách khuyến học.",
                "head": {"title": head, "name": person(rng)[0]},
                "summary": [f"{name} có {rng.randint(8, 20)} thành viên."],
                "achievements": achievements,
                "earlier_awards": [],
            }
        else:
            name, gender = person(rng)
            c = {
                "name": name,
                "kind": kind,
                "position": f"Giáo viên {subject}, hội viên Chi hội Khuyến học",
                "unit": u["id"],
                "award": rng.choice(fits),
                "reason": f"Vận động {n_scholar} suất học bổng 1&1 năm 2024.",
                "profile": {
                    "born": rng.randint(1965, 1995),
                    "gender": gender,
                    "hometown": (lambda p: p[0].upper() + p[1:])(rng.choice(PROVINCES)),
                    "residence": f"Phường {rng.randint(1, 15)}, Quận 10, Thành phố Hồ Chí Minh",
                    "qualification": f"Cử nhân Sư phạm {subject}",
                },
                "achievements": achievements,
                "earlier_awards": [
                    {
                        "year": 2023,
                        "title": "Lao động tiên tiến",
                        "decision": f"Quyết định số {rng.randint(10, 900)}/QĐ-"
                        f"SGDĐT ngày 15/8/2023 của Sở Giáo dục và Đào "
                        "tạo Thành phố Hồ Chí Minh",
                    }
                ],
            }
        key = " ".join(c["name"].casefold().split())
        if key not in seen:
            seen.add(key)
            scholarships.add(n_scholar)
            claimed.add(results)
            out.append(c)
    return out


def qualifying_units(root: Path, year: int) -> list[str]:
    """Units the scoring results and the award rule put to the vote (needs both stages)."""
    if not (has_stage("docgen.scoring") and has_stage("docgen.dossier")):
        return []
    from docgen.content.load import load_content
    from docgen.content.source import load_yaml
    from docgen.dossier.models import AwardRules
    from docgen.dossier.select import rule_award
    from docgen.scoring import load_results

    rules = AwardRules.model_validate(load_yaml(root / str(year) / "awards.yaml"))
    results = load_results(load_content(root, year)) or []
    return [r.unit_id for r in results if rule_award(rules, r)]


def write_dossier(
    root: Path,
    year: int,
    rng: random.Random,
    units: list[dict[str, Any]],
    n_nominees: int,
    unit_votes: list[str],
    repo: Path = REPO,
) -> tuple[list[str], list[dict[str, Any]]]:
    d = root / str(year)
    src = repo / SOURCE / str(year) / "awards.yaml"
    shutil.copy(src if src.is_file() else DATA / "awards.yaml", d / "awards.yaml")
    awards = _yaml().load((d / "awards.yaml").read_text(encoding="utf-8"))["awards"]
    nominees = make_nominees(rng, units, n_nominees, awards)
    dump(
        d / "nominations.yaml",
        {
            "submission": {
                "number": 15,
                "date": f"27/12/{year}",
                "recipient": "Hội Khuyến học Quận 10",
                "distribution": [
                    "Như trên",
                    "Ban Thường vụ Hội Khuyến học Quận 10",
                    "Lưu: VT, CHKH",
                ],
            },
            "candidates": nominees,
            "unit_overrides": [],
        },
        "# DỮ LIỆU TỔNG HỢP (synthetic bench data): đề nghị khen thưởng.\n",
    )
    present = 9
    votes = []
    for c in nominees:
        agree = rng.choice([9, 8, 8, 7, 7, 6, 4])
        votes.append({"candidate": c["name"], "agree": agree, "against": present - agree})
    votes += [{"candidate": uid, "agree": present} for uid in unit_votes]
    chair, secretary = person(rng)[0], person(rng)[0]
    dump(
        d / "council.yaml",
        {
            "meeting": {
                "number": 4,
                "body": "Hội đồng Thi đua - Khen thưởng Hội Khuyến học Quận 10",
                "date": f"23/12/{year}",
                "start": "14:00",
                "end": "16:30",
                "place": "Phòng họp Hội Khuyến học Quận 10, 474 Đường 3 Tháng 2, Phường 14",
                "chair": {"name": chair, "title": "Chủ tịch Hội, Chủ tịch Hội đồng"},
                "secretary": {"name": secretary, "title": "Thư ký Hội đồng"},
                "members_total": 11,
                "members_present": present,
                "absent": [
                    "Ông Nguyễn Văn Hải, Ủy viên (vắng có lý do)",
                    "Bà Lê Thị Thu, Ủy viên (vắng có lý do)",
                ],
                "agenda": [
                    f"Thông qua kết quả phong trào thi đua năm {year}.",
                    "Xét, biểu quyết đề nghị khen thưởng.",
                ],
                "ballot": "biểu quyết giơ tay",
                "distribution": ["Hội Khuyến học Thành phố", "Lưu: VT, Hồ sơ"],
            },
            "votes": votes,
        },
        "# DỮ LIỆU TỔNG HỢP (synthetic bench data): họp Hội đồng Thi đua - Khen thưởng.\n",
    )
    return [f"{year}/awards.yaml", f"{year}/nominations.yaml", f"{year}/council.yaml"], nominees


def generate(
    dest: Path,
    n_units: int = 300,
    n_nominees: int = 30,
    seed: int = 2024,
    year: int = YEAR,
    repo: Path = REPO,
) -> District:
    """Write a district's content to ``dest`` (replacing it); same seed, same files."""
    shutil.rmtree(dest, ignore_errors=True)
    rng = random.Random(seed)
    files = copy_base(dest, year, repo)
    units = make_units(rng, n_units)
    files.append(write_units(dest, year, units))
    files.append(write_scoring(dest, year, repo))
    files += write_scores(dest, year, rng, units, score_columns(dest, year))
    # the dossier's unit candidates come from the scores: vote on them when both stages exist
    (dest / str(year) / "awards.yaml").parent.mkdir(parents=True, exist_ok=True)
    src = repo / SOURCE / str(year) / "awards.yaml"
    shutil.copy(src if src.is_file() else DATA / "awards.yaml", dest / str(year) / "awards.yaml")
    unit_votes = qualifying_units(dest, year)
    names, nominees = write_dossier(dest, year, rng, units, n_nominees, unit_votes, repo)
    files += names
    return District(dest, year, units, nominees, unit_votes, files)
