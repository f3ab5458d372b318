"""The pipeline: load -> validate -> assess -> narrate -> chart -> render, in order.

``build`` is the whole of it; the stages live in their own modules (project, validate, assess,
narrative, charts, briefing, render/*), the cache in cache.py, the other cores in concurrency.py
and the output folder's swap in publish.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .assess import QUARTILES, Assessment, Thresholds, assess_all, needs_attention
from .briefing import Briefing, briefing_charts, build_briefing, with_charts
from .cache import Cache, briefing_fingerprint, document_key
from .charts import plan_charts, start_drawing, warm_up
from .concurrency import Workers
from .diff import Changes, compare, load_report
from .errors import InputProblems, Problem, ReportgenError
from .formatting import long_date, slugify
from .narrative import Writer
from .periods import Period
from .project import Project, latest_period, load_project, resolve_period
from .publish import publishing
from .render import FORMATS, Format, RenderContext, unknown_format
from .validate import Outcome, check, strictly

Progress = Callable[[str], None]
Warn = Callable[[Problem], None]
MAX_WORKERS = 4  # chart workers; beyond four the PDF layout, not the charts, sets the pace


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which formats, where to, and how strictly."""

    output: Path | None = None  # default output/<PERIOD>/ in the project
    formats: tuple[str, ...] | None = None  # default reportgen.yaml's formats
    strict: bool = False  # warnings are errors
    draft: bool = False  # marked DRAFT, with the build date and data files
    cache: bool = True  # reuse charts and documents made before from the same inputs
    workers: int | None = None  # chart processes; default the machine's cores, at most MAX_WORKERS
    progress: Progress | None = None  # told the name of each stage as it starts
    warn: Warn | None = None  # told each warning
    exception: bool | None = None  # an exception report; default reportgen.yaml's `report`
    changes_since: Path | None = None  # an earlier build (its folder or report.json) to list changes from


def build(root: Path, period_text: str, options: BuildOptions | None = None, **changes: Any) -> list[Path]:
    """Build the report for a period and return the paths written.

    ``changes`` are BuildOptions fields, e.g. ``build(root, "Q2-2023", output=out, cache=False)``.
    Every format is written to a staging folder beside the output, which replaces the output
    folder whole only when all succeeded (publish.py), so a failure, Ctrl-C or SIGTERM never
    leaves a partial report, and a second build of the same folder meanwhile is refused.
    """
    if options is not None and not isinstance(options, BuildOptions):
        raise TypeError(f"build() takes its options as BuildOptions or keywords; got {options!r}")
    opts = replace(options or BuildOptions(), **changes)
    return build_project(load_project(root.resolve()), period_text, opts).paths


@dataclass(frozen=True)
class Built:
    """What a build wrote, and its indicators' RAG and quartile counts (for a summary of many councils)."""

    paths: list[Path]
    rag: dict[str, int]
    quartiles: dict[str, int]


def build_project(project: Project, period_text: str, opts: BuildOptions) -> Built:
    """Build the report of a loaded project (see ``build``)."""
    root = project.root
    period = resolve_period(project, period_text)
    warnings = check(project, period)  # the checks `reportgen validate` runs
    if opts.strict and warnings:
        raise InputProblems(strictly(warnings))
    for problem in warnings:
        (opts.warn or (lambda _p: None))(problem)
    formats = chosen_formats(project, opts)
    # absolute, but links are not resolved: publish.py refuses an output folder that is one
    out_dir = (opts.output or root / "output" / period.slug).absolute()
    stem = f"{slugify(project.config.title)}-{period.slug.lower()}"
    cache = Cache(root if opts.cache else None)
    # The workers are forked first: before any thread starts here, and before the output folder's
    # lock is taken, so none inherits it (concurrency.py).
    with _workers(formats, opts) as workers, publishing(out_dir) as staging:
        briefing = _write(project, period, formats, staging, stem, opts, cache, workers)
    cache.prune()
    rag = {k: sum(1 for a in briefing.assessments if a.rag == k) for k in ("green", "amber", "red", "none")}
    ranked = [a.rank.quartile for a in briefing.assessments if a.rank is not None]
    quartiles = {q: ranked.count(q) for q in QUARTILES} if ranked else {}
    return Built([fmt.path(out_dir, stem) for fmt in formats], rag, quartiles)


def chosen_formats(project: Project, opts: BuildOptions) -> list[Format]:
    """Return the formats to build, in the registry's order; refuse an unknown one."""
    names = list(opts.formats or project.config.formats)
    unknown = unknown_format(names)
    if unknown is not None:
        raise InputProblems(
            [Problem("--format", None, "format", f"expected one of {', '.join(FORMATS)}; got {unknown!r}")]
        )
    return [fmt for name, fmt in FORMATS.items() if name in names]


def _workers(formats: list[Format], opts: BuildOptions) -> contextlib.AbstractContextManager[Workers | None]:
    """Fork the build's workers: chart processes when charts are drawn, and one for a background format."""
    cores = opts.workers or max(1, min(os.cpu_count() or 1, MAX_WORKERS))
    if cores < 2:
        return contextlib.nullcontext()
    charts = any(f.needs_charts for f in formats)
    # WeasyPrint is the longest stage: a worker imports it now and lays the PDF out while the
    # others draw the charts and this process writes the other formats.
    background = next((f for f in formats if f.background), None) if len(formats) > 1 else None
    if not charts and background is None:
        return contextlib.nullcontext()
    return Workers(cores if charts else 0, background="weasyprint" if background is not None else None)


def _write(
    project: Project,
    period: Period,
    formats: list[Format],
    staging: Path,
    stem: str,
    opts: BuildOptions,
    cache: Cache,
    workers: Workers | None,
) -> Briefing:
    """Assess, narrate and chart, then write every format into ``staging``; return the briefing.

    The background format gets the briefing before the charts are drawn and lays it out
    meanwhile; the drawn charts follow it through the mailbox.
    """
    note = opts.progress or (lambda _stage: None)
    chart_formats: tuple[str, ...] = ("png",) if any(f.needs_charts for f in formats) else ()
    exception = opts.exception if opts.exception is not None else project.config.report == "exception"
    planned, todo = plan_briefing(
        project, period, note, opts.draft, chart_formats, cache, exception, opts.changes_since
    )
    if todo and workers is not None and workers.count > 1:
        for _ in range(workers.count):
            workers.submit(warm_up)  # matplotlib imported while the rest is set going
    context = RenderContext(project.root, project.docx_reference)
    key = _Keys(cache, project, briefing_fingerprint(planned) if cache.enabled else "")
    background = next((f for f in formats if f.background), None)
    if workers is None or workers.job is None:
        background = None
    if background is not None and workers is not None:
        target = background.path(staging, stem)
        if key.fetch(background, target):
            background = None  # laid out before: nothing for the background to do
        else:
            from .render.html import render_html
            from .render.pdf import render_pdf

            # the paged HTML is made here while the worker finishes importing WeasyPrint
            workers.start(
                render_pdf, planned, target, project.root, html=render_html(planned, project.root, paged=True)
            )
    # the charts are drawn on the workers while this process writes what needs no pictures
    drawn = start_charts(planned, todo, chart_formats, cache, workers, note)
    written: set[str] = set()
    for fmt in formats:
        if fmt is not background and not fmt.needs_charts:
            _write_one(fmt, planned, staging, stem, context, key, note)
            written.add(fmt.name)
    briefing = drawn()
    if background is not None and workers is not None and not all(c.drawn for c in briefing_charts(planned)):
        workers.post({c.key: c.png for c in briefing_charts(briefing)})  # render_pdf's inbox
    for fmt in formats:
        if fmt is not background and fmt.name not in written:
            _write_one(fmt, briefing, staging, stem, context, key, note)
    if background is not None and workers is not None:
        note(background.name)
        workers.wait(f"Laying out the {background.name.upper()}")
        key.store(background, background.path(staging, stem))
    return briefing


def _write_one(
    fmt: Format,
    briefing: Briefing,
    staging: Path,
    stem: str,
    context: RenderContext,
    key: _Keys,
    note: Progress,
) -> None:
    """Write one format into ``staging``, from the cache when it was made before."""
    note(fmt.name)
    target = fmt.path(staging, stem)
    if not key.fetch(fmt, target):
        fmt.render(briefing, target, context)
        key.store(fmt, target)


@dataclass(frozen=True)
class _Keys:
    """Documents made before from the same briefing, templates, code and libraries."""

    cache: Cache
    project: Project
    fingerprint: str  # of the briefing (the same with its charts planned or drawn)

    def name(self, fmt: Format) -> str:
        key = document_key(fmt, self.fingerprint, self.project.root, self.project.docx_reference)
        return f"{key}.{fmt.name}"

    def fetch(self, fmt: Format, target: Path) -> bool:
        """Copy the document to ``target`` if it was made before; return whether it was."""
        if not (fmt.cacheable and self.cache.enabled):
            return False
        data = self.cache.read("documents", self.name(fmt), fmt.signature)
        if data is None:
            return False
        target.write_bytes(data)
        return True

    def store(self, fmt: Format, source: Path) -> None:
        """Keep a freshly written document for the next build."""
        if fmt.cacheable and self.cache.enabled:
            self.cache.write("documents", self.name(fmt), source.read_bytes())


def validate(root: Path, period_text: str | None = None, strict: bool = False) -> Outcome:
    """Run every check a build runs, for PERIOD (default the latest), without building."""
    try:
        project = load_project(root.resolve())
    except InputProblems as exc:
        return Outcome(tuple(strictly(exc.problems) if strict else exc.problems))
    try:
        period = resolve_period(project, period_text) if period_text else latest_period(project)
    except ReportgenError as exc:  # the request, not a file, is wrong
        warnings = list(project.data.warnings)
        return Outcome(tuple(strictly(warnings) if strict else warnings), str(exc))
    problems = check(project, period)
    try:
        rehearse(project, period)
    except ReportgenError as exc:  # an officer's template, or their Word file, as build would meet it
        return Outcome(tuple(strictly(problems) if strict else problems), str(exc), period)
    return Outcome(tuple(strictly(problems) if strict else problems), None, period)


def rehearse(project: Project, period: Period) -> None:
    """Run what a build runs before it writes a file, drawing and writing nothing; raise what it would.

    That is: assess, narrate (an indicator's own ``template:``), plan the charts (their alt
    text), assemble the briefing, put it through the project's own report.html.j2 (as the web
    page, with blank pictures, and as the PDF's pages) and strip the project's Word reference
    document, so ``validate`` passes only what ``build`` would get past.
    """
    from .render.html import package_templates, render_html

    exception = project.config.report == "exception"  # the report a plain `build` would make
    planned, _todo = plan_briefing(project, period, None, False, ("png",), Cache(None), exception)
    if os.path.lexists(project.root / "templates" / "report.html.j2"):
        blank = {c.indicator_id: replace(c, png=BLANK_PNG) for c in briefing_charts(planned)}
        render_html(with_charts(planned, blank), project.root)
        render_html(planned, project.root, paged=True)
    reference = project.docx_reference
    if reference is not None and reference != package_templates() / "reference.docx":
        from .reference import check_reference, styles_only

        display = (
            reference.relative_to(project.root).as_posix()
            if reference.is_relative_to(project.root)
            else reference.name
        )
        styles_only(check_reference(reference, display), display)


# A 1 x 1 white PNG: what a chart looks like to a template when validate draws nothing.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4c20000000049454e44ae426082"
)


def writer_for(project: Project) -> Writer:
    """Return the sentence writer for the project's house style."""
    return Writer(project.config.house_style, project.config.comparator_label)


def make_briefing(
    project: Project,
    period: Period,
    with_charts: bool = True,
    draft: bool = False,
    chart_formats: tuple[str, ...] = ("png",),
    cache: Cache | None = None,
    exception: bool = False,
) -> Briefing:
    """Run assess -> narrate -> chart -> assemble for one period, in this process."""
    formats = chart_formats if with_charts else ()
    planned, todo = plan_briefing(project, period, None, draft, formats, cache or Cache(None), exception)
    return finish_charts(project, planned, todo, formats, cache or Cache(None), None)


def plan_briefing(
    project: Project,
    period: Period,
    progress: Progress | None,
    draft: bool,
    chart_formats: tuple[str, ...],
    cache: Cache,
    exception: bool = False,
    changes_since: Path | None = None,
) -> tuple[Briefing, dict[str, dict[str, Any]]]:
    """Assess, narrate and assemble the briefing with its charts planned, not drawn.

    Returns the briefing (charts read from the cache are whole; the rest have their key, size
    and alt text only) and the specs of the charts still to draw, for ``finish_charts``.
    """
    note = progress or (lambda _stage: None)
    note("assess")
    limits = project.config.thresholds
    thresholds = Thresholds(points=limits.percentage_points, relative=limits.relative)
    assessments: list[Assessment] = assess_all(
        project.sections, project.data, period, thresholds, project.config.spc_options
    )
    note("narrate")
    writer = writer_for(project)
    paragraphs = {a.indicator.id: writer.paragraph(a) for a in assessments}
    caps = project.config.summary
    summary = writer.summary(
        assessments,
        period.long_label(project.config.style.year_separator),
        well=caps.performing_well,
        focus=caps.areas_for_focus,
    )
    changes = _changes(changes_since, assessments, paragraphs, summary.lines) if changes_since else None
    labels = {a.name: project.config.comparator_label(a.name) for x in assessments for a in x.benchmarks}
    # an exception report draws only the charts it shows
    charted = [a for a in assessments if needs_attention(a)] if exception else assessments
    charts, todo = (
        plan_charts(
            charted,
            project.config.house_style,
            labels,
            chart_formats,
            cache,
            thresholds,
            two_sigma=project.config.spc.two_sigma_lines,
        )
        if chart_formats
        else ({}, {})
    )
    briefing = build_briefing(
        project.config,
        project.sections,
        project.data,
        assessments,
        paragraphs,
        charts,
        period,
        summary,
        register=project.register,
        look=project.look,
        draft=draft,
        build_date=long_date(dt.date.today()) if draft else None,
        exception=exception,
        changes=changes,
    )
    return briefing, todo


def _changes(
    since: Path, assessments: list[Assessment], paragraphs: dict[str, str], summary: tuple[str, ...]
) -> Changes:
    """Compare this build's judgments and words with an earlier build's report.json."""
    from .render.json import indicator_record

    old, built = load_report(since)
    new = {
        "summary": list(summary),
        "indicators": [indicator_record(a, paragraphs[a.indicator.id]) for a in assessments],
    }
    return compare(old, new, built)


def start_charts(
    briefing: Briefing,
    todo: dict[str, dict[str, Any]],
    chart_formats: tuple[str, ...],
    cache: Cache,
    workers: Workers | None,
    progress: Progress | None = None,
) -> Callable[[], Briefing]:
    """Set drawing the charts ``plan_briefing`` left to draw; return a function giving the briefing with them."""
    if not todo:
        return lambda: briefing
    (progress or (lambda _stage: None))("chart")
    planned = {c.indicator_id: c for c in briefing_charts(briefing)}
    drawing = start_drawing(planned, todo, chart_formats, cache, workers)
    return lambda: with_charts(briefing, drawing())


def finish_charts(
    project: Project,
    briefing: Briefing,
    todo: dict[str, dict[str, Any]],
    chart_formats: tuple[str, ...],
    cache: Cache,
    workers: Workers | None,
    progress: Progress | None = None,
) -> Briefing:
    """Draw the charts ``plan_briefing`` left to draw and return the briefing with them."""
    return start_charts(briefing, todo, chart_formats, cache, workers, progress)()
