"""Command-line interface: the only place that prints, exits, or catches ``DocgenError``.

Exit codes: 0 ok; 1 invalid input or check errors; 2 usage; 130 interrupted (Ctrl-C);
3 unexpected error (a bug: please report it with the log file named on screen).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docgen import notices
from docgen.errors import DocgenError, Problem
from docgen.i18n import set_lang, tr

if TYPE_CHECKING:
    from rich.progress import TaskID


class _LazyConsole:
    """A rich Console made on first use: ``docgen check one.docx`` never imports rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def _console_or_make(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console_or_make(), name)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


err_console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)
out_console = _LazyConsole(highlight=False, soft_wrap=True)


def show_warnings(warnings: Iterable[Problem]) -> None:
    """Each located warning on stderr in yellow (escaped: field paths like [ND2] are not markup)."""
    for w in warnings:
        err_console.print(f"[yellow]{escape(str(w))}[/]", markup=True)


STAGE_NAMES = {
    "render": ("Tạo tệp .docx", "Rendering .docx"),
    "pdf": ("Chuyển sang PDF", "Converting to PDF"),
    "check": ("Kiểm tra thể thức", "Checking layout"),
}


class ProgressReporter:
    """rich progress bars per stage, with ETA; silent with --quiet or when not a terminal."""

    def __init__(self, quiet: bool) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.enabled = not quiet and err_console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn(tr("còn", "ETA")),
            TimeRemainingColumn(),
            console=err_console._console_or_make(),
            transient=True,
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressReporter:
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage not in self.tasks:
            vi, en = STAGE_NAMES.get(stage, (stage, stage))
            self.tasks[stage] = self.progress.add_task(tr(vi, en), total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def year_note(content_dir: Path, year: int | None, command: str) -> str | None:
    """Which year a command without ``--year`` works on, and why; None when ``--year`` was given."""
    from docgen.content.load import available_years

    years = available_years(content_dir)
    if year is not None or not years:
        return None
    latest = years[-1]
    note = tr(
        "Năm {y}: năm mới nhất trong {d}/",
        "Year {y}: the latest year in {d}/",
        y=latest,
        d=content_dir,
    )
    if len(years) > 1:
        others = years[:-1]
        note += tr(
            "; các năm có nội dung: {ys}; dùng --year {o} để làm năm khác (docgen {c} --year {o})",
            "; years with content: {ys}; use --year {o} for another year (docgen {c} --year {o})",
            ys=", ".join(map(str, years)),
            o=others[-1],
            c=command,
        )
    return note


def _note(text: str | None) -> None:
    if text:
        err_console.print(text, markup=False)


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_lang(value)


lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    expose_value=False,
    is_eager=True,
    callback=_set_lang,
    help="Ngôn ngữ thông báo / message language (default: DOCGEN_LANG or vi).",
)

# Options several commands share: where the content, the output and the templates are.
content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Thư mục nội dung (YAML, điểm) / content folder.",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Thư mục kết quả / output folder.",
)
templates_option = click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=Path("templates_docx"),
    show_default=True,
    help="Thư mục mẫu Word / Word templates folder.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "--version", package_name="docgen", prog_name="docgen")
@lang_option
def cli() -> None:
    """docgen: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu."""


@cli.command()
@click.option("--year", type=int, default=None, help="Năm (mặc định: năm mới nhất trong content/).")
@content_option
@out_option
@templates_option
@click.option("--no-pdf", is_flag=True, help="Không tạo PDF (chỉ .docx).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Tạo lại mọi PDF, kiểm tra lại mọi văn bản (không dùng output/.cache).",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Bản DỰ THẢO: tạo cả khi còn trường cần điền (tô vàng trong văn bản).",
)
@click.option("-q", "--quiet", is_flag=True, help="Không hiện tiến trình.")
@lang_option
def build(
    year: int | None,
    content_dir: Path,
    out_dir: Path,
    templates: Path,
    no_pdf: bool,
    no_cache: bool,
    draft: bool,
    quiet: bool,
) -> None:
    """Tạo văn bản của một năm (.docx, PDF, manifest.json) trong output/<năm>/."""
    from docgen.pipeline import BuildOptions
    from docgen.pipeline import build as run_build

    if not quiet:
        _note(year_note(content_dir, year, "build"))
    opts = BuildOptions(
        content=content_dir,
        out=out_dir,
        templates=templates,
        year=year,
        pdf=not no_pdf,
        cache=not no_cache,
        draft=draft,
    )
    with ProgressReporter(quiet) as progress:
        result = run_build(opts, progress)
    show_warnings(result.warnings)
    if not quiet:
        n_docx = sum(1 for e in result.entries if e.format == "docx")
        n_pdf = sum(1 for e in result.entries if e.format == "pdf")
        out_console.print(
            tr(
                "Đã tạo {d} tệp .docx và {p} tệp PDF trong {o}",
                "Wrote {d} .docx and {p} PDF files to {o}",
                d=n_docx,
                p=n_pdf,
                o=result.out_dir,
            )
        )


@cli.command()
@click.option("--from", "source", type=int, required=True, help="Năm nguồn, e.g. 2024.")
@click.option("--to", "target", type=int, required=True, help="Năm mới, e.g. 2025.")
@content_option
@click.option("--force", is_flag=True, help="Ghi đè năm mới nếu đã có.")
@lang_option
def rollover(source: int, target: int, content_dir: Path, force: bool) -> None:
    """Tạo nội dung năm sau từ năm này (content/<năm mới>/) và báo cáo thay đổi."""
    from docgen.lifecycle.rollover import rollover as run_rollover

    result = run_rollover(content_dir, source, target, force=force)
    out_console.print(result.report_path.read_text(encoding="utf-8"), markup=False)
    out_console.print(
        tr(
            "Đã tạo {d}; báo cáo: {r}",
            "Created {d}; report: {r}",
            d=result.target_dir,
            r=result.report_path,
        )
    )


def _refs_summary(refs: dict[str, Any]) -> str:
    parts = []
    for key, ref in refs.items():
        renew = tr(" — ban hành lại hằng năm", " — renewed yearly") if ref.renew else ""
        parts.append(f"{key} ({ref.kind} số {ref.number}{renew})")
    return "; ".join(parts)


@cli.command("import")
@click.argument("docx", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Năm của kế hoạch, e.g. 2024.")
@content_option
@click.option("--force", is_flag=True, help="Ghi đè năm (và org.yaml) nếu đã có.")
@lang_option
def import_(docx: Path, year: int, content_dir: Path, force: bool) -> None:
    """Nhập một kế hoạch Word (.docx) thành content/<năm>/plan.yaml và content/org.yaml."""
    from docgen.lifecycle.importer import import_plan

    r = import_plan(docx, content_dir, year, force=force)
    for p in r.unplaced:
        err_console.print(str(p), markup=False)
    for typed, printed in r.rewritten:
        err_console.print(
            tr(
                "trích dẫn viết lại theo Nghị định 30: “{a}” → “{b}”",
                "citation rewritten the Decree 30 way: “{a}” → “{b}”",
                a=typed,
                b=printed,
            ),
            markup=False,
        )
    if r.plan.references:
        out_console.print(
            tr("Văn bản căn cứ: {r}", "Cited acts: {r}", r=_refs_summary(r.plan.references)),
            markup=False,
        )
    n_crit = len(r.plan.criteria)
    n_sub = sum(len(s.subsections) for s in r.plan.sections)
    out_console.print(
        tr(
            "Đã nhập {f}: {s} mục, {c} nội dung thi đua ({t} điểm), {u} tiểu mục; {w} đoạn "
            "chưa xếp được.\nĐã ghi {p} và {o}\nTiếp theo: xem lại {p} (và các đoạn chưa xếp "
            "được ở trên), rồi docgen build --year {y}{cd}; năm sau: docgen rollover --from {y} "
            "--to {n}{cd}",
            "Imported {f}: {s} sections, {c} criteria ({t} points), {u} "
            "subsections; {w} paragraphs not placed.\nWrote {p} and {o}\nNext: review {p} (and "
            "the paragraphs not placed, above), then docgen build --year {y}{cd}; next year: "
            "docgen rollover --from {y} --to {n}{cd}",
            y=year,
            n=year + 1,
            cd="" if content_dir == Path("content") else f" --content {content_dir}",
            f=docx,
            s=len(r.plan.sections),
            c=n_crit,
            t=f"{r.plan.total_points:g}",
            u=n_sub,
            w=len(r.unplaced),
            p=r.plan_path,
            o=r.org_path,
        ),
        markup=False,
    )


@cli.command()
@click.option("--year", type=int, default=None, help="Năm (mặc định: năm mới nhất trong content/).")
@content_option
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Tệp .xlsx (mặc định: content/<năm>/scores.xlsx, giữ mọi điểm đã nhập).",
)
@click.option("--self", "self_score", is_flag=True, help="Biểu mẫu tự chấm (self-scores).")
@click.option("--force", is_flag=True, help="Ghi đè tệp --out đã có.")
@lang_option
def form(
    year: int | None, content_dir: Path, out_path: Path | None, self_score: bool, force: bool
) -> None:
    """Tạo biểu mẫu Excel chấm điểm thi đua (một dòng mỗi đơn vị) / write the scoring form."""
    from docgen.scoring.commands import form_report, make_form

    _note(year_note(content_dir, year, "form"))
    with notices.collecting() as warnings:
        result = make_form(content_dir, year, out_path, self_score=self_score, force=force)
    show_warnings(warnings)
    for line in form_report(result):
        out_console.print(line, markup=False)


@cli.command()
@click.option("--year", type=int, default=None, help="Năm (mặc định: năm mới nhất trong content/).")
@content_option
@lang_option
def scores(year: int | None, content_dir: Path) -> None:
    """Kiểm tra tệp điểm và in bảng xếp hạng / check the score file and print the ranking."""
    from docgen.scoring.commands import ranking_lines

    _note(year_note(content_dir, year, "scores"))
    with notices.collecting() as warnings:
        lines = ranking_lines(content_dir, year)
    show_warnings(warnings)
    for line in lines:
        out_console.print(line, markup=False)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    default="auto",
    show_default=True,
    help="Loại văn bản: auto (tự nhận từ tên loại hoặc dòng V/v) | congvan | quyetdinh | "
    "chithi | thongbao | giaymoi | congdien | plan | totrinh | bienban | baocao | thanhtich | "
    "danhsach | bieumau | vanban.",
)
@click.option(
    "--stage",
    type=click.Choice(["auto", "draft", "issued"]),
    default="auto",
    show_default=True,
    help="Bản trình ký (draft: số, ngày để trống cho văn thư) hay đã ban hành (issued); "
    "auto: để trống số hoặc ngày là bản trình ký.",
)
@click.option(
    "--profile",
    type=click.Choice(["decree", "docgen"]),
    default="decree",
    show_default=True,
    help="decree: chỉ những gì Nghị định 30 yêu cầu; docgen: thêm các phần bắt buộc của văn bản "
    "docgen tạo và phông nhúng trong PDF.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Định dạng kết quả / output format.",
)
@click.option("--select", default=None, help="Chỉ kiểm tra các mã này, vd. VB2,VB301.")
@click.option("--ignore", default=None, help="Bỏ qua các mã này, vd. VB115,VB5.")
@click.option(
    "--rules",
    "rules_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Tệp YAML bổ sung/ghi đè quy tắc (docgen/check/rules.yaml).",
)
@click.option("--list-rules", is_flag=True, help="Liệt kê các quy tắc / list the rules.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Số tiến trình song song (mặc định: mỗi nhân một tiến trình khi có ≥ 16 tệp).",
)
@lang_option
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[Path, ...],
    kind: str,
    stage: str,
    profile: str,
    fmt: str,
    select: str | None,
    ignore: str | None,
    rules_file: Path | None,
    list_rules: bool,
    jobs: int | None,
) -> None:
    """Kiểm tra thể thức văn bản (.docx, PDF) theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi; 1 có lỗi; 2 có tệp không đọc được hoặc sai cách dùng.
    """
    from docgen.check import formatters
    from docgen.check.engine import Options, check_files, exit_code, expand, parse_codes
    from docgen.errors import UsageError

    if list_rules:
        click.echo(formatters.rules_json() if fmt == "json" else formatters.rule_list())
        return
    if not paths:
        raise UsageError(
            tr(
                "Cần ít nhất một tệp hoặc thư mục: docgen check ĐƯỜNG_DẪN…",
                "Give at least one file or folder: docgen check PATH…",
            )
        )
    options = Options(
        kind=None if kind == "auto" else kind,
        select=parse_codes(select),
        ignore=parse_codes(ignore),
        rules_file=rules_file,
        stage=stage,
        profile=profile,
    )
    files = list(expand(paths))
    findings = check_files(options, files, jobs)
    click.echo(
        formatters.as_json(findings) if fmt == "json" else formatters.text(findings, len(files))
    )
    ctx.exit(exit_code(findings))


@cli.command()
@click.argument("docx", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Tệp kết quả (mặc định: <tên>-fixed.docx bên cạnh tệp gốc).",
)
@click.option("--in-place", is_flag=True, help="Ghi đè chính tệp gốc.")
@click.option("--select", default=None, help="Chỉ sửa các mã này, vd. VB2,VB301.")
@click.option("--ignore", default=None, help="Không sửa các mã này, vd. VB5.")
@click.option("--dry-run", is_flag=True, help="Chỉ in những gì sẽ sửa, không ghi tệp.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lang_option
@click.pass_context
def fix(
    ctx: click.Context,
    docx: Path,
    output: Path | None,
    in_place: bool,
    select: str | None,
    ignore: str | None,
    dry_run: bool,
    fmt: str,
) -> None:
    """Sửa trong tệp .docx những lỗi thể thức sửa được tự động (ngày tháng, Nơi nhận, Quốc hiệu,
    quyền hạn ký, khổ giấy, lề, phông chữ, mã TCVN3/VNI, NFD) / repair what the checker finds.

    Mỗi chỗ sửa được kiểm tra lại. Mã thoát: 0 không còn lỗi, cảnh báo; 1 còn; 2 sai cách dùng.
    """
    from docgen.check.engine import Options, parse_codes
    from docgen.errors import UsageError
    from docgen.files import write_atomic
    from docgen.fix import report
    from docgen.fix.engine import fix as run_fix

    if output is not None and in_place:
        raise UsageError(
            tr("Chọn -o hoặc --in-place, không cả hai.", "Give -o or --in-place, not both.")
        )
    if docx.suffix.lower() != ".docx" or not docx.is_file():
        raise UsageError(
            tr(
                "Cần một tệp .docx có thật, gặp: {p}",
                "Expected an existing .docx file, got: {p}",
                p=docx,
            )
        )
    target = docx if in_place else (output or docx.with_name(f"{docx.stem}-fixed.docx"))
    if not in_place and target.resolve() == docx.resolve():
        raise UsageError(
            tr(
                "Tệp kết quả trùng tệp gốc; dùng --in-place để ghi đè.",
                "The output is the input; use --in-place to overwrite it.",
            )
        )
    result = run_fix(docx, Options(select=parse_codes(select), ignore=parse_codes(ignore)))
    written = None if dry_run else target
    if written is not None:
        write_atomic(written, result.data)
    click.echo(report.as_json(result, written) if fmt == "json" else report.text(result, written))
    ctx.exit(1 if result.left else 0)


@cli.command()
@content_option
@out_option
@templates_option
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0: mạng nội bộ.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Tệp chứa mật khẩu (hoặc biến môi trường DOCGEN_WEB_PASSWORD).",
)
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@lang_option
def serve(
    content_dir: Path,
    out_dir: Path,
    templates: Path,
    host: str,
    port: int,
    password_file: Path | None,
    no_browser: bool,
) -> None:
    """Mở docgen trong trình duyệt (http://127.0.0.1:8000) / the whole year in a browser."""
    from docgen.web.serve import run

    run(content_dir, out_dir, templates, host, port, password_file, open_browser=not no_browser)


def crash_log(text: str) -> Path:
    """Write ``text`` to a new private file (mode 0600, a unique name: never a fixed path that
    another user could plant a link at, never overwritten by a concurrent run)."""
    import tempfile  # only on a crash: never on the hot path of a quick check

    from docgen import __version__

    fd, name = tempfile.mkstemp(prefix="docgen-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"docgen {__version__}\n{text}")
    return Path(name)


def main(argv: list[str] | None = None) -> None:
    """Entry point with the single error boundary."""
    try:
        code = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
        if isinstance(code, int) and code:  # ctx.exit(n), e.g. `docgen check` finding errors
            sys.exit(code)
    except DocgenError as exc:
        err_console.print(exc.format(), markup=False)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print(tr("Đã dừng.", "Aborted."))
        sys.exit(130)
    except click.ClickException as exc:
        exc.show(file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print(
            tr(
                "Đã dừng (Ctrl-C); không có tệp nào được ghi dở.",
                "Interrupted (Ctrl-C); no partial file was left.",
            )
        )
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OSError as exc:  # a file or folder docgen could not read or write: say which and why
        from docgen.files import write_error

        err_console.print(write_error(exc, writing=False).format(), markup=False)
        sys.exit(1)
    except Exception:  # a bug: keep the traceback in a log, tell the user where it is
        import traceback

        log = crash_log(traceback.format_exc())
        err_console.print(
            tr(
                "Lỗi không mong đợi trong docgen. Vui lòng báo lỗi kèm tệp {l}",
                "Unexpected error in docgen. Please report it with the file {l}",
                l=log,
            ),
            markup=False,
        )
        sys.exit(3)
    sys.exit(0)
