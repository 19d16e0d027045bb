"""Command-line interface: the only place that prints, exits, or catches ``DocgenError``.

Exit codes: 0 ok; 1 invalid input or check errors; 2 usage; 130 interrupted (Ctrl-C);
3 unexpected error (a bug: please report it with the log file named on screen).
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)

from docgen import __version__
from docgen.errors import DocgenError
from docgen.i18n import set_lang, tr

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)

STAGE_NAMES = {
    "render": ("Tạo tệp .docx", "Rendering .docx"),
    "pdf": ("Chuyển sang PDF", "Converting to PDF"),
    "check": ("Kiểm tra thể thức", "Checking layout"),
}


class ProgressReporter:
    """rich progress bars per stage, with ETA; silent with --quiet or when not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and err_console.is_terminal
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn(tr("còn", "ETA")),
                                 TimeRemainingColumn(), console=err_console, transient=True)
        self.tasks: dict[str, int] = {}

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


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_lang(value)


lang_option = click.option(
    "--lang", type=click.Choice(["vi", "en"]), default=None, expose_value=False, is_eager=True,
    callback=_set_lang, help="Ngôn ngữ thông báo / message language (default: DOCGEN_LANG or vi).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="docgen")
@lang_option
def cli() -> None:
    """docgen: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ dữ liệu."""


@cli.command()
@click.option("--year", type=int, default=None, help="Năm (mặc định: năm mới nhất trong content/).")
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True)
@click.option("--templates", type=click.Path(path_type=Path), default=Path("templates_docx"),
              show_default=True)
@click.option("--no-pdf", is_flag=True, help="Không tạo PDF (chỉ .docx).")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện tiến trình.")
@lang_option
def build(year: int | None, content_dir: Path, out_dir: Path, templates: Path, no_pdf: bool,
          quiet: bool) -> None:
    """Tạo văn bản của một năm (.docx, PDF, manifest.json) trong output/<năm>/."""
    from docgen.build import BuildOptions
    from docgen.build import build as run_build

    opts = BuildOptions(content=content_dir, out=out_dir, templates=templates, year=year,
                        pdf=not no_pdf)
    with ProgressReporter(quiet) as progress:
        result = run_build(opts, progress)
    for w in result.warnings:
        err_console.print(f"[yellow]{tr('cảnh báo', 'warning')}:[/] {w}", markup=True)
    if not quiet:
        n_docx = sum(1 for e in result.entries if e.format == "docx")
        n_pdf = sum(1 for e in result.entries if e.format == "pdf")
        out_console.print(tr("Đã tạo {d} tệp .docx và {p} tệp PDF trong {o}",
                             "Wrote {d} .docx and {p} PDF files to {o}",
                             d=n_docx, p=n_pdf, o=result.out_dir))


def main(argv: list[str] | None = None) -> None:
    """Entry point with the single error boundary."""
    try:
        cli.main(args=argv, prog_name="docgen", standalone_mode=False)
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
        err_console.print(tr("Đã dừng (Ctrl-C); không có tệp nào được ghi dở.",
                             "Interrupted (Ctrl-C); no partial file was left."))
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # a bug: keep the traceback in a log, tell the user where it is
        log = Path(tempfile.gettempdir()) / "docgen-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        err_console.print(tr("Lỗi không mong đợi trong docgen. Vui lòng báo lỗi kèm tệp {l}",
                             "Unexpected error in docgen. Please report it with the file {l}",
                             l=log), markup=False)
        sys.exit(3)
    sys.exit(0)
