"""Content loading: ``content/org.yaml`` + ``content/<year>/plan.yaml`` -> typed ``Content``.

Every problem in a file is collected and reported at once, each located at file:line:column
with its field path, what was expected and what was found (pre-commit style).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.content import prose
from docgen.content.models import Figure, FigureFile, Org, Plan, known_field_names
from docgen.content.source import load_yaml, source_ref
from docgen.errors import ContentError, Problem, ProblemList, SourceRef
from docgen.i18n import did_you_mean, tr
from docgen.vi import text as vntext
from docgen.vi.match import WORD_DATE

if TYPE_CHECKING:  # pydantic's own error record type (pydantic depends on pydantic-core)
    from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Content:
    """Everything the documents of one year are made from."""

    root: Path
    year: int
    org: Org
    plan: Plan
    warnings: tuple[Problem, ...] = field(default=())
    previous: dict[str, Figure] = field(default_factory=dict)  # last year's figures.yaml
    draft: bool = False  # a DỰ THẢO build: fields still to fill are shown highlighted
    plan_data: Any = field(default=None, repr=False, compare=False)  # plan.yaml as parsed (once)

    @property
    def year_dir(self) -> Path:
        return self.root / str(self.year)

    def expand(self, text: str) -> str:
        return prose.expand(text, self.plan.year, self.plan.references, self.previous)


def available_years(root: Path) -> list[int]:
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.name.isdigit() and p.is_dir())


def resolve_year(root: Path, year: int | None) -> int:
    years = available_years(root)
    if year is None:
        if not years:
            raise ContentError(
                tr(
                    "Không có năm nào trong {root} (cần thư mục như {root}/2024/plan.yaml)",
                    "No year found in {root} (expected a folder like {root}/2024/plan.yaml)",
                    root=root,
                )
            )
        return years[-1]
    if year not in years:
        raise ContentError(
            tr(
                "Không có nội dung cho năm {y} trong {root}; các năm có: {ys}",
                "No content for year {y} in {root}; available years: {ys}",
                y=year,
                root=root,
                ys=", ".join(map(str, years)) or "—",
            )
        )
    return year


def iter_strings(
    node: Any, loc: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every string scalar with its path, in file order."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from iter_strings(value, (*loc, key))
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            yield from iter_strings(value, (*loc, i))
    elif isinstance(node, str):
        yield loc, node


def _ref(path: Path, data: Any, loc: tuple[int | str, ...]) -> SourceRef:
    return source_ref(path, data, loc)


def check_text(path: Path, data: Any, out: ProblemList) -> None:
    """Normalise NFD to NFC (with a warning) and refuse legacy 8-bit Vietnamese text."""
    for loc, text in list(iter_strings(data)):
        ref = _ref(path, data, loc)
        legacy = vntext.legacy_encoding(text)
        if legacy:
            out.add(
                ref,
                tr(
                    "văn bản có vẻ được gõ bằng bảng mã {enc}, không phải Unicode: {t!r}; hãy "
                    "chuyển "
                    "sang Unicode dựng sẵn (Unikey: Công cụ chuyển mã, đích Unicode)",
                    "text looks like legacy {enc} encoding, not Unicode: {t!r}; convert it to "
                    "Unicode "
                    "(precomposed, NFC), e.g. with Unikey's converter",
                    enc=vntext.ENCODING_NAMES[legacy],
                    t=text[:60],
                ),
            )
        elif "\ufffd" in text:
            out.add(
                ref,
                tr("có ký tự hỏng U+FFFD (�): {t!r}", "contains U+FFFD (�): {t!r}", t=text[:60]),
            )
        elif not vntext.is_nfc(text):
            _set(data, loc, vntext.nfc(text))
            out.add(
                ref,
                tr(
                    "văn bản ở dạng Unicode tổ hợp (NFD); đã chuẩn hóa sang dựng sẵn (NFC)",
                    "text is decomposed Unicode (NFD); normalised to NFC",
                ),
                "warning",
            )


def _set(data: Any, loc: tuple[int | str, ...], value: str) -> None:
    node = data
    for key in loc[:-1]:
        node = node[key]
    node[loc[-1]] = value


def _message(err: ErrorDetails) -> str:
    kind, loc, found = err["type"], err["loc"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return tr("thiếu trường bắt buộc '{n}'", "required field '{n}' is missing", n=loc[-1])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = did_you_mean(key, known_field_names())
        return tr("khóa không hợp lệ '{k}'{h}", "unknown key '{k}'{h}", k=key, h=hint)
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        numbered = re.match(r"\s*(\d+)\s*/\s*\S", found) if isinstance(found, str) else None
        hint = (
            tr(
                " (chỉ ghi số thứ tự: {n}; phần ký hiệu sau dấu / docgen tự ghép)",
                " (write the number only: {n}; docgen adds the symbol after the /)",
                n=numbered.group(1),
            )
            if numbered and loc and loc[-1] == "number"
            else ""
        )
        return tr(
            "cần một số, nhận được {f!r}{h}", "expected a number, found {f!r}{h}", f=found, h=hint
        )
    if kind == "date_format":
        words = WORD_DATE.search(found) if isinstance(found, str) else None
        hint = (
            tr(
                ' (viết {d}/{m}/{y}; docgen tự in "ngày … tháng … năm …" theo Nghị định 30)',
                ' (write {d}/{m}/{y}; docgen prints "ngày … tháng … năm …" itself)',
                d=words.group(1).zfill(2),
                m=words.group(2).zfill(2),
                y=words.group(3),
            )
            if words
            else ""
        )
        return tr(
            "cần ngày dạng dd/mm/yyyy, nhận được {f!r}{h}",
            "expected a date dd/mm/yyyy, found {f!r}{h}",
            f=found,
            h=hint,
        )
    if kind == "date_impossible":
        return tr("ngày {f!r} không tồn tại", "the date {f!r} does not exist", f=found)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        op = {
            "greater_than": ">",
            "greater_than_equal": "≥",
            "less_than": "<",
            "less_than_equal": "≤",
        }[kind]
        return tr(
            "cần giá trị {op} {b}, nhận được {f!r}",
            "expected a value {op} {b}, found {f!r}",
            op=op,
            b=bound,
            f=found,
        )
    if kind == "string_type":
        hint = ""
        if isinstance(found, dict):
            hint = tr(
                " (văn bản có dấu ':' hoặc bắt đầu bằng '{{' phải đặt trong ngoặc kép \"…\")",
                " (quote text that contains ': ' or starts with '{{': \"…\")",
            )
        return tr(
            "cần văn bản, nhận được {f!r}{h}", "expected text, found {f!r}{h}", f=found, h=hint
        )
    if kind == "list_type":
        return tr(
            "cần một danh sách (các dòng '- …'), nhận được {f!r}",
            "expected a list ('- …' lines), found {f!r}",
            f=found,
        )
    if kind in ("dict_type", "model_type"):
        return tr(
            "cần một nhóm khóa: giá trị, nhận được {f!r}",
            "expected a mapping, found {f!r}",
            f=found,
        )
    if kind == "too_short":
        return tr(
            "cần ít nhất {n} mục", "expected at least {n} item(s)", n=ctx.get("min_length", 1)
        )
    if kind == "string_pattern_mismatch":
        return tr(
            "giá trị {f!r} không đúng dạng {p}",
            "value {f!r} does not match {p}",
            f=found,
            p=ctx.get("pattern"),
        )
    msg = err["msg"]
    return msg if repr(found) in msg else f"{msg} ({found!r})"


def validate(
    model: type[M],
    path: Path,
    data: Any,
    out: ProblemList,
    criteria: Mapping[str, int] | None = None,
) -> M | None:
    """``model`` from ``data``, or None with every schema problem located and named in words
    (``criteria``: the plan's Nội dung numbers by key, see :func:`source_ref`)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            out.add(source_ref(path, data, err["loc"], criteria), _message(err))
        return None


def load_org(root: Path, out: ProblemList) -> Org | None:
    path = root / "org.yaml"
    data = load_yaml(path)
    check_text(path, data, out)
    org = validate(Org, path, data, out)
    if org is not None:
        check_distribution(path, data, ("distribution",), org.distribution, out)
    return org


def load_plan(root: Path, year: int, out: ProblemList, data: Any = None) -> Plan | None:
    """Validate ``root/<year>/plan.yaml`` (``data``: the file already parsed, if it was)."""
    path = root / str(year) / "plan.yaml"
    if data is None:
        data = load_yaml(path)
    check_text(path, data, out)
    plan = validate(Plan, path, data, out)
    if plan is None:
        return None
    if plan.year != year:
        out.add(
            _ref(path, data, ("year",)),
            tr(
                "năm trong tệp ({f}) khác thư mục {y}",
                "year in the file ({f}) differs from folder {y}",
                f=plan.year,
                y=year,
            ),
        )
    for loc, text in iter_strings(data):
        if loc and loc[0] == "references":
            continue
        for msg in prose.problems(text, plan.year, plan.references):
            out.add(_ref(path, data, loc), msg)
    keys = [c.key for c in plan.criteria]
    for i, s in enumerate(plan.sections):
        for j, c in enumerate(s.criteria):
            if keys.count(c.key) > 1:
                out.add(
                    _ref(path, data, ("sections", i, "criteria", j, "key")),
                    tr("mã nội dung '{k}' bị trùng", "criterion key '{k}' is duplicated", k=c.key),
                )
    if plan.distribution is not None:
        check_distribution(path, data, ("distribution",), plan.distribution, out)
    return plan


def check_distribution(
    path: Path, data: Any, loc: tuple[int | str, ...], items: list[str], out: ProblemList
) -> None:
    if items and not items[-1].startswith("Lưu"):
        out.add(
            _ref(path, data, (*loc, len(items) - 1)),
            tr(
                "mục cuối của Nơi nhận phải là 'Lưu: VT, …', nhận được {f!r}",
                "the last Nơi nhận item must be 'Lưu: VT, …', found {f!r}",
                f=items[-1],
            ),
        )
    for i, item in enumerate(items):
        if item.startswith("-") or item.endswith((";", ".")):
            out.add(
                _ref(path, data, (*loc, i)),
                tr(
                    "viết mục Nơi nhận không kèm '-' đầu dòng và ';' cuối dòng (docgen tự thêm): "
                    "{f!r}",
                    "write Nơi nhận items without the leading '-' and trailing ';' (docgen adds "
                    "them): "
                    "{f!r}",
                    f=item,
                ),
                "warning",
            )


def load_figures(year_dir: Path, out: ProblemList) -> dict[str, Figure]:
    """A year's result figures (``figures.yaml``), or none when the file does not exist."""
    path = year_dir / "figures.yaml"
    if not path.is_file():
        return {}
    data = load_yaml(path)
    check_text(path, data, out)
    parsed = validate(FigureFile, path, data, out)
    return dict(parsed.figures) if parsed else {}


def load_content(root: Path, year: int | None = None) -> Content:
    """Load and validate one year's content; raise ContentError listing every problem."""
    root = Path(root)
    year = resolve_year(root, year)
    out = ProblemList()
    org = load_org(root, out)
    plan_data = load_yaml(root / str(year) / "plan.yaml")  # parsed once per build
    plan = load_plan(root, year, out, plan_data)
    previous = load_figures(root / str(year - 1), out)
    if out.errors or org is None or plan is None:
        raise ContentError(
            tr(
                "Nội dung không hợp lệ ({n} lỗi)", "Invalid content ({n} errors)", n=len(out.errors)
            ),
            sorted(out.problems, key=lambda p: (str(p.ref.path), p.ref.line or 0)),
        )
    return Content(
        root=root,
        year=year,
        org=org,
        plan=plan,
        warnings=tuple(out.warnings),
        previous=previous,
        plan_data=plan_data,
    )
