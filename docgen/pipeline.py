"""The build pipeline: content -> rendered .docx -> PDFs -> manifest, published atomically.

Everything is written to a staging folder next to the year's output folder and swapped in only
when the whole build succeeded, so a failed or interrupted build leaves the previous output
intact and no partial file behind.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from docgen import notices
from docgen.content import parsecache
from docgen.content.load import Content, load_content, resolve_year
from docgen.content.required import missing_fields
from docgen.documents import dossier, evaluation, plan, self_evaluation, summary
from docgen.errors import CheckFailed, ContentError, OutputError, Problem, SourceRef
from docgen.export import cache as cache_mod
from docgen.export import dossier as dossier_assemble
from docgen.export import fonts, manifest, office
from docgen.export import pdf as export
from docgen.export.cache import BuildCache
from docgen.files import check_folder_target, locked, reap, staged, write_error
from docgen.i18n import get_lang, tr
from docgen.render import draft
from docgen.render.engine import render_bytes
from docgen.render.job import BuiltDoc, RenderJob
from docgen.scoring.scheme import missing_date, missing_decision, missing_notice_signer

Producer = Callable[[Content, Path], list[RenderJob]]


Assembler = Callable[[Content, Path, list[BuiltDoc], bool], list[manifest.Entry]]

# Each kind of document registers here; later stages (scoring, dossier) add theirs.
PRODUCERS: list[Producer] = [
    plan.jobs,
    self_evaluation.jobs,
    evaluation.jobs,
    summary.jobs,
    dossier.jobs,
]
ASSEMBLERS: list[Assembler] = [dossier_assemble.assemble]


@dataclass(frozen=True)
class BuildOptions:
    content: Path = Path("content")
    out: Path = Path("output")
    templates: Path = Path("templates_docx")
    year: int | None = None
    pdf: bool = True
    cache: bool = True  # reuse PDFs and findings of unchanged .docx (False: --no-cache)
    draft: bool = False  # build despite empty required fields: "DỰ THẢO", fields highlighted


@dataclass
class BuildResult:
    year: int
    out_dir: Path
    entries: list[manifest.Entry]
    warnings: list[Problem] = field(default_factory=list)  # located, severity "warning"


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    pass


def collect_jobs(content: Content, templates: Path) -> list[RenderJob]:
    jobs = [job for produce in PRODUCERS for job in produce(content, templates)]
    seen: set[str] = set()
    for job in jobs:
        if job.filename in seen:  # a programming error, not a user error
            raise AssertionError(f"two documents named {job.filename}")
        seen.add(job.filename)
    return jobs


def render_all(
    jobs: list[RenderJob],
    folder: Path,
    progress: Progress = _noop,
    cached: BuildCache | None = None,
) -> list[BuiltDoc]:
    """Write each job's .docx (one at a time: nothing held in memory); an unchanged job's .docx
    (same template, context and docgen) comes from ``cached``."""
    built = []
    for i, job in enumerate(jobs, start=1):
        path = folder / job.filename
        path.parent.mkdir(parents=True, exist_ok=True)
        if cached is None or not cached.docx(job, path):
            path.write_bytes(render_bytes(job))
            if cached is not None:
                cached.put_docx(job, path)
        built.append(BuiltDoc(job, path))
        progress("render", i, len(jobs))
    return built


def check_all(
    built: list[BuiltDoc],
    progress: Progress = _noop,
    strict: bool = True,
    cached: BuildCache | None = None,
) -> list[Problem]:
    """Decree 30 check of every .docx written (``docgen check``); errors stop the build.

    Returns the warnings; raises ``CheckFailed`` listing every error-level finding, so nothing
    is published. With ``strict=False`` (drafts) errors are returned as warnings instead.
    Findings of a .docx already checked (same bytes, same checker) come from ``cached``.
    """
    from docgen.check import formatters
    from docgen.check.engine import Checker, Options

    # docgen's own profile: its documents also carry the sections docgen's kinds require. The
    # cached findings are keyed by these options and the rules data they load, and the language.
    options = Options(profile="docgen")
    lang = get_lang()
    if cached is not None:
        cached.start_check(lang, options)
    checkers: list[Checker] = []  # made on first use: a fully cached build needs none

    def findings(doc: BuiltDoc) -> list[list[str]]:
        if not checkers:
            checkers.append(Checker(options))
        return [
            [f.severity, f.location, f"{f.code} {formatters.message(f, lang)}", f.excerpt]
            for f in checkers[0].check_file(doc.docx)
        ]

    errors: list[Problem] = []
    warnings: list[Problem] = []
    for i, doc in enumerate(built, start=1):
        found = cached.findings(doc.docx, partial(findings, doc)) if cached else findings(doc)
        origins = getattr(doc.job, "origins", None)  # a job without origins: none known
        if origins is not None and any(len(row) < 4 for row in found):
            found = findings(doc)  # kept by an older docgen, without the paragraph's text
        for severity, location, msg, *excerpt in found:
            # a paragraph printed from a content value names that value's line too
            origin = origins().find(excerpt[0], msg) if origins and excerpt else ()
            ref = SourceRef(f"{doc.job.filename}:{location}", origin=origin)
            if severity == "error":
                errors.append(Problem(ref, msg))
            elif severity == "warning":
                # a located Problem: the CLI prints str(w), which carries the label once
                warnings.append(Problem(ref, msg, "warning"))
        progress("check", i, len(built))
    if errors and not strict:
        return [Problem(e.ref, e.message, "warning") for e in errors] + warnings
    if errors:
        raise CheckFailed(
            tr(
                "Kiểm tra thể thức (Nghị định 30) thấy {n} lỗi; chưa xuất bản văn bản nào:",
                "The Decree 30 check found {n} error(s); nothing was published:",
                n=len(errors),
            ),
            errors,
        )
    return warnings


def finish_export(
    built: list[BuiltDoc],
    batch: export.BesideBatch | office.WarmBatch,
    progress: Progress = _noop,
) -> list[BuiltDoc]:
    """Wait for the PDF batch of the documents without a PDF yet; all with PDFs and pages."""
    made = iter(batch.wait(lambda done, total: progress("pdf", done, total)))
    out = []
    for d in built:
        pdf = d.pdf or next(made)
        out.append(BuiltDoc(d.job, d.docx, pdf, d.pages or export.page_count(pdf)))
    return out


def check_dossier_set(folder: Path, strict: bool = True) -> list[Problem]:
    """The built dossier agrees with itself (counts in the tờ trình, danh sách, biên bản and the
    reports attached); a disagreement stops a final build, a draft only warns."""
    from docgen.check.dossier_set import check_dossier

    found = check_dossier(folder / dossier.SUBDIR, f"{dossier.SUBDIR}/")
    if found and strict:
        raise CheckFailed(
            tr(
                "Hồ sơ khen thưởng vừa tạo không thống nhất; chưa xuất bản văn bản nào:",
                "The dossier just built disagrees with itself; nothing was published:",
            ),
            found,
        )
    return [dataclasses.replace(p, severity="warning") for p in found]


def layout_warnings(built: list[BuiltDoc], cached: BuildCache | None = None) -> list[Problem]:
    """Faults only the rendered pages show (a wrapped date line, an orphaned "Nơi nhận:", a
    title's lone last word, a number cut from its label, a word broken in a table cell: see
    ``docgen.check.pdf_titles.built_faults``), one warning each, located by file and
    page:line; and, once, the font LibreOffice used. A PDF already looked at (same bytes, same
    docgen) is not read again."""
    from docgen.check import pdf_titles

    out: list[Problem] = []
    for d in built:
        if d.pdf:
            shown = Path(d.job.filename).with_suffix(".pdf").as_posix()

            def faults(
                pdf: Path = d.pdf, docx: Path = d.docx, shown: str = shown
            ) -> list[list[str]]:
                return [
                    [p.severity, p.ref.place or "", p.message, p.excerpt]
                    for p in pdf_titles.built_faults(docx, pdf, shown) or []
                ]

            found = cached.layout(d.pdf, faults) if cached else faults()
            out += [
                Problem(SourceRef(shown, place=place or None), message, severity, excerpt=excerpt)
                for severity, place, message, excerpt in found
            ]
    if any(d.pdf for d in built):
        out += fonts.font_notice()
    return out


def gate(content: Content, *, draft: bool) -> Content:
    """Refuse a final build with empty required fields; mark a draft build as such."""
    missing = missing_fields(content)
    scoring = missing_date(content) + missing_decision(content) + missing_notice_signer(content)
    if (missing or scoring) and not draft:
        what = (
            tr("Kế hoạch năm {y}", "The {y} plan", y=content.year)
            if not scoring
            else tr("Nội dung năm {y}", "The {y} content", y=content.year)
        )
        raise ContentError(
            tr(
                "{w} còn {n} trường cần điền; điền rồi tạo lại, hoặc dùng --draft để "
                "tạo bản dự thảo",
                "{w} has {n} fields to fill; fill them and build again, "
                "or use --draft to build a draft",
                w=what,
                n=len(missing) + len(scoring),
            ),
            missing + scoring,
        )
    return dataclasses.replace(content, draft=True) if draft else content


def still_to_fill(content: Content) -> list[Problem]:
    """A draft's fields still to fill, one warning each with its line: the draft prints them as
    highlighted "[cần điền: …]", and the user sees here where to fill them."""
    return [
        dataclasses.replace(
            p,
            severity="warning",
            message=p.message
            + tr(
                " (bản dự thảo in [cần điền: …] tô vàng ở chỗ này)",
                " (the draft shows a highlighted [cần điền: …] there)",
            ),
        )
        for p in missing_fields(content) + missing_date(content)
    ]


def prepare_out(out: Path, final: Path) -> None:
    """The output folder exists and can take the year's folder; else a clear OutputError."""
    if out.exists() and not out.is_dir():
        raise OutputError(
            tr(
                "--out {p} là một tệp, không phải thư mục",
                "--out {p} is a file, not a folder",
                p=out,
            )
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, out) from None
    check_folder_target(final)
    if not os.access(out, os.W_OK | os.X_OK):
        raise write_error(PermissionError(13, "Permission denied", str(out)), out)


def build(options: BuildOptions, progress: Progress = _noop) -> BuildResult:
    # content files unchanged since the last build are not parsed again (content.parsecache)
    year = resolve_year(options.content, options.year)
    folder = options.out / ".cache" / str(year) / "yaml"
    with parsecache.using(folder, reuse=options.cache) as parsed:
        return _build(options, progress, parsed)


def _build(options: BuildOptions, progress: Progress, parsed: dict[Path, str]) -> BuildResult:
    content = load_content(options.content, options.year)
    warnings = list(content.warnings)
    content = gate(content, draft=options.draft)  # refuses empty required fields
    if options.draft:
        warnings += still_to_fill(content)
    with notices.collecting() as noted:
        jobs = collect_jobs(content, options.templates)
    warnings += noted
    final = options.out / str(content.year)
    prepare_out(options.out, final)
    with locked(options.out, str(content.year), "docgen build"):
        reap(options.out)  # what a killed build left: staging folders, LibreOffice profiles
        try:
            with staged(options.out / f".staging-{content.year}-{os.getpid()}", final) as staging:
                entries = make_all(content, jobs, staging, options, progress, warnings)
        except OSError as exc:
            raise write_error(exc, options.out) from None
        parsecache.save(parsed)
    return BuildResult(content.year, final, entries, warnings)


def make_all(
    content: Content,
    jobs: list[RenderJob],
    staging: Path,
    options: BuildOptions,
    progress: Progress,
    warnings: list[Problem],
) -> list[manifest.Entry]:
    """Render, check, convert and assemble every document into ``staging``; its manifest
    entries. Warnings are added to ``warnings``; a check error raises before anything is
    published. What an unchanged document needs (.docx, PDF, findings, the dossier's PDF) comes
    from the build cache (``output/.cache/<year>``); its new entries wait in ``staging`` and
    join the cache only when everything succeeded."""
    cached = BuildCache(options.out, content.year, staging=staging, reuse=options.cache)
    built = render_all(jobs, staging, progress, None if options.draft else cached)
    if options.draft:
        for d in built:
            draft.highlight_todo(d.docx)
    soffice = export.find_soffice()
    pdf = options.pdf and soffice is not None
    if options.pdf and not pdf:
        warnings.append(Problem(SourceRef("soffice"), export.missing_soffice_message(), "warning"))
    # LibreOffice converts in the background from here while the Decree 30 checker reads the
    # .docx files; a check error cancels the conversion and nothing is published. A draft is
    # checked but not stopped. Documents whose .docx is unchanged take their cached PDF.
    built = cached.reuse_pdfs(built, soffice) if pdf else built
    todo = [d.docx for d in built if pdf and d.pdf is None]
    stamp = cached.pdf_env or ""
    # a few documents go to the warm LibreOffice kept between builds (see export.office)
    with (
        office.batch_for(todo, soffice, stamp)
        if pdf and soffice
        else export.BesideBatch([]) as batch
    ):
        warnings += check_all(built, progress, strict=not options.draft, cached=cached)
        warnings += check_dossier_set(staging, strict=not options.draft)
        if pdf:
            built = cached.keep_pdfs(finish_export(built, batch, progress), todo)
            warnings += layout_warnings(built, cached)
    entries = []
    for d in built:
        entries.append(manifest.entry(d.job.kind, d.docx, staging, d.pages, d.job.meta))
        if d.pdf:
            entries.append(manifest.entry(d.job.kind, d.pdf, staging, d.pages, d.job.meta))
    token = cache_mod.current.set(cached)  # the dossier's merged PDF is cached too
    try:
        for assemble in ASSEMBLERS:
            entries += assemble(content, staging, built, pdf)
    finally:
        cache_mod.current.reset(token)
    manifest.write(staging / "manifest.json", content.year, entries)
    if pdf and soffice:
        office.keep_warm(soffice, stamp)
    cached.save()  # before publishing: moves its new entries out of the staging folder
    return entries
