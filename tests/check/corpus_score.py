"""Scoring of `docgen check` against the judged real-document corpus (issue 13).

The unit is a (file, rule code) pair: a code reported on a file, however many times, is one
answer; the judgements (tests/corpus/real/judgements.csv) say for each pair whether it is a real
defect (`expected`) or a false alarm (`must-not`). A reported pair with no judgement row counts as
a false alarm too, so that precision is never flattered by what nobody looked at; those pairs are
listed separately so a reader can tell an unjudged finding from one judged wrong.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS_META = REPO / "tests" / "corpus" / "real"
SOURCES = CORPUS_META / "SOURCES.csv"
JUDGEMENTS = CORPUS_META / "judgements.csv"
# The hold-out set: gathered from other repositories after the rules were tuned on the corpus above,
# judged (and the judgements committed) before the checker was run on it.
HOLDOUT_SOURCES = CORPUS_META / "SOURCES-holdout.csv"
HOLDOUT_JUDGEMENTS = CORPUS_META / "judgements-holdout.csv"
# Written after the checker ran: a verdict for each finding the first pass had not judged, and
# corrections of first-pass mistakes (each says so); code EXIT: not a correct issued document.
HOLDOUT_SECOND_PASS = CORPUS_META / "judgements-holdout-second-pass.csv"
VERDICTS = ("expected", "must-not")

THRESHOLDS = {"error_precision": 0.95, "all_precision": 0.90, "recall": 0.90}


@dataclass(frozen=True)
class Source:
    file: str
    repository: str
    commit: str
    path: str
    blob: str
    issuer: str
    type: str
    year: str
    stage: str
    correct_issued: bool
    conversion: str


def load_sources(path: Path = SOURCES) -> dict[str, Source]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = [f for f in Source.__dataclass_fields__ if f != "correct_issued"]
    return {
        r["file"]: Source(**{f: r[f] for f in fields}, correct_issued=r["correct_issued"] == "yes")
        for r in rows
    }


def load_judgements(path: Path = JUDGEMENTS) -> dict[tuple[str, str], tuple[str, str]]:
    """(file, code) -> (verdict, note)."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            key = (r["file"], r["code"])
            if key in out:
                raise ValueError(f"{path.name}: {key} judged twice")
            out[key] = (r["verdict"], r["note"])
    return out


def locate_corpus(start: Path = REPO) -> Path | None:
    """Where the documents are: $DOCGEN_REAL_CORPUS, the git-ignored folder of this checkout, or
    shared/corpus/real in a parent folder (the project machines and CI). None if nowhere."""
    env = os.environ.get("DOCGEN_REAL_CORPUS")
    candidates = [Path(env)] if env else []
    candidates.append(CORPUS_META / "files")
    candidates += [p / "shared" / "corpus" / "real" for p in start.parents]
    for c in candidates:
        if c.is_dir() and any(c.iterdir()):
            return c
    return None


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content (to check a copy against SOURCES.csv)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class FileResult:
    """What the checker said about one file: (code, severity) per finding, or the crash."""

    findings: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int | None = None
    crash: str | None = None


@dataclass
class Figures:
    files: int
    crashes: dict[str, str]
    findings: int
    pairs: int
    error_pairs: int
    true_error_pairs: int
    true_pairs: int
    judged_false_pairs: list[tuple[str, str, str]]  # (file, code, severity) judged must-not
    unjudged_pairs: list[tuple[str, str, str]]
    expected: int
    found_expected: int
    missed: list[tuple[str, str]]
    correct_issued: int
    correct_issued_nonzero: dict[str, int]

    @property
    def error_precision(self) -> float:
        return self.true_error_pairs / self.error_pairs if self.error_pairs else 1.0

    @property
    def all_precision(self) -> float:
        return self.true_pairs / self.pairs if self.pairs else 1.0

    @property
    def recall(self) -> float:
        return self.found_expected / self.expected if self.expected else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "crashes": self.crashes,
            "findings": self.findings,
            "reported_pairs": self.pairs,
            "error_pairs": self.error_pairs,
            "error_precision": round(self.error_precision, 4),
            "all_precision": round(self.all_precision, 4),
            "recall": round(self.recall, 4),
            "expected_pairs": self.expected,
            "found_expected_pairs": self.found_expected,
            "false_alarms_judged": [list(p) for p in self.judged_false_pairs],
            "false_alarms_unjudged": [list(p) for p in self.unjudged_pairs],
            "missed": [list(p) for p in self.missed],
            "correct_issued_documents": self.correct_issued,
            "correct_issued_nonzero_exit": self.correct_issued_nonzero,
            "thresholds": THRESHOLDS,
        }

    def summary(self) -> str:
        return (
            f"real corpus: {self.files} files, {self.findings} findings on {self.pairs} "
            f"(file, code) pairs; error precision {self.error_precision:.1%} "
            f"({self.true_error_pairs}/{self.error_pairs}), all-findings precision "
            f"{self.all_precision:.1%} ({self.true_pairs}/{self.pairs}; "
            f"{len(self.judged_false_pairs)} judged false alarms, {len(self.unjudged_pairs)} "
            f"unjudged), recall {self.recall:.1%} ({self.found_expected}/{self.expected}), "
            f"crashes {len(self.crashes)}, correct issued documents exiting non-zero "
            f"{len(self.correct_issued_nonzero)}/{self.correct_issued}"
        )


def score(
    results: Mapping[str, FileResult],
    judgements: Mapping[tuple[str, str], tuple[str, str]],
    sources: Mapping[str, Source],
) -> Figures:
    reported: dict[tuple[str, str], str] = {}  # pair -> worst severity
    rank = {"info": 0, "warning": 1, "error": 2}
    n_findings = 0
    for name, res in results.items():
        for code, sev in res.findings:
            n_findings += 1
            key = (name, code)
            if rank.get(sev, 0) >= rank.get(reported.get(key, "info"), 0):
                reported[key] = sev
    judged_false: list[tuple[str, str, str]] = []
    unjudged: list[tuple[str, str, str]] = []
    true_pairs = true_err = err_pairs = 0
    for (name, code), sev in sorted(reported.items()):
        verdict = judgements.get((name, code), ("", ""))[0]
        ok = verdict == "expected"
        if sev == "error":
            err_pairs += 1
            true_err += ok
        true_pairs += ok
        if verdict == "must-not":
            judged_false.append((name, code, sev))
        elif not ok:
            unjudged.append((name, code, sev))
    expected = [k for k, (v, _) in judgements.items() if v == "expected" and k[0] in results]
    missed = sorted(k for k in expected if k not in reported)
    correct = [n for n, s in sources.items() if s.correct_issued and n in results]
    nonzero: dict[str, int] = {}
    for n in correct:
        rc = results[n].exit_code
        if rc != 0:
            nonzero[n] = -1 if rc is None else rc  # -1: the check crashed
    return Figures(
        files=len(results),
        crashes={n: r.crash for n, r in results.items() if r.crash},
        findings=n_findings,
        pairs=len(reported),
        error_pairs=err_pairs,
        true_error_pairs=true_err,
        true_pairs=true_pairs,
        judged_false_pairs=judged_false,
        unjudged_pairs=unjudged,
        expected=len(expected),
        found_expected=len(expected) - len(missed),
        missed=missed,
        correct_issued=len(correct),
        correct_issued_nonzero=nonzero,
    )


def known_files(sources: Mapping[str, Source], corpus: Path) -> Iterable[Path]:
    return (corpus / name for name in sorted(sources))
