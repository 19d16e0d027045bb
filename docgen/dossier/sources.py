"""Dossier input files with their positions: located schema errors, and the valid parts of an
invalid file, so that cross-file checks still run and every problem is reported at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docgen.content.load import _message, check_text
from docgen.content.source import load_yaml, source_ref
from docgen.dossier.models import (
    Council,
    Meeting,
    Nomination,
    Nominations,
    Submission,
    UnitOverride,
    UnitReport,
    Vote,
    field_names,
)
from docgen.errors import ProblemList, SourceRef
from docgen.i18n import did_you_mean, tr

M = TypeVar("M", bound=BaseModel)


class Source:
    """One loaded YAML file, to locate its fields in problems."""

    def __init__(self, path: Path, out: ProblemList) -> None:
        self.path, self.out = path, out
        self.data: Any = load_yaml(path)
        check_text(path, self.data, out)

    def ref(self, *loc: int | str) -> SourceRef:
        return source_ref(self.path, self.data, loc)

    def error(self, loc: tuple[int | str, ...], message: str) -> None:
        self.out.add(self.ref(*loc), message)


def hint(value: str, choices: list[str]) -> str:
    return did_you_mean(value, choices, cutoff=0.5)


def validate_file(model: type[M], src: Source) -> M | None:
    """``model`` from the file, or None with every schema problem located; unknown keys get a
    'did you mean' from the dossier's own field names."""
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            msg = _message(err)
            if err["type"] == "extra_forbidden":
                key = str(err["loc"][-1])
                msg = tr(
                    "khóa không hợp lệ '{k}'{h}",
                    "unknown key '{k}'{h}",
                    k=key,
                    h=hint(key, sorted(field_names())),
                )
            src.out.add(src.ref(*err["loc"]), msg)
        return None


def quiet(model: type[Any], node: Any) -> Any:
    """``model`` from ``node``, or None; its errors were already reported by the whole-file pass."""
    try:
        return model.model_validate(node)
    except ValidationError:
        return None


def items(data: Any, key: str) -> list[Any]:
    node = data.get(key) if isinstance(data, dict) else None
    return list(node) if isinstance(node, list) else []


def salvage_nominations(data: Any) -> Nominations | None:
    """The valid parts of an invalid nominations.yaml, so cross-file checks still run on them.

    An invalid candidate stays in its place as None, so indexes in messages stay the file's.
    """
    sub = quiet(Submission, data.get("submission") if isinstance(data, dict) else None)
    if sub is None:
        return None
    cands = [quiet(Nomination, c) for c in items(data, "candidates")]
    overrides = [quiet(UnitOverride, o) for o in items(data, "unit_overrides")]
    reports = [quiet(UnitReport, o) for o in items(data, "unit_reports")]
    return Nominations.model_construct(
        submission=sub, candidates=cands, unit_overrides=overrides, unit_reports=reports
    )


def salvage_council(data: Any) -> Council | None:
    meeting = quiet(Meeting, data.get("meeting") if isinstance(data, dict) else None)
    if meeting is None:
        return None
    return Council.model_construct(
        meeting=meeting, votes=[quiet(Vote, v) for v in items(data, "votes")]
    )
