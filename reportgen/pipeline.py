"""The pipeline: load -> assess -> narrate -> chart -> render, in one readable function."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assess import Assessment, Thresholds, assess_all
from .branding import Look, load_look
from .briefing import Briefing, briefing_charts, build_briefing, with_charts
from .charts import draw_charts, plan_charts
from .config import ALL_FORMATS, ProjectConfig, load_config
from .data import DataSet, load_data
from .disclosure import protect
from .errors import InputProblems, Problem, ReportgenError
from .formatting import long_date, slugify
from .indicators import Section, load_sections
from .narrative import Writer
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from .publish import publishing
from .risks import Register, load_register
from .validate import Outcome, check, strictly

Progress = Callable[[str], None]
CACHE_DIR = ".reportgen-cache"  # drawn charts, named by a hash of their data and style
Warn = Callable[[Problem], None]


@dataclass(frozen=True)
class Project:
    """Everything loaded and checked from a project folder."""

    root: Path
    config: ProjectConfig
    sections: list[Section]
    data: DataSet
    register: Register | None = None
    look: Look = Look()
    docx_reference: Path | None = None


def load_project(root: Path) -> Project:
    """Load config, indicator definitions, data, risks and branding; raise InputProblems on any error."""
    config = load_config(root)
    sections = load_sections(root, config.sections)
    data = protect(sections, load_data(root, config, sections))  # secondary suppression, before any use
    register = load_register(root, config.financial_year_start)
    look = load_look(root, config)
    return Project(
        root, config, data.definitions(sections), data, register, look, docx_reference(root, config)
    )


def docx_reference(root: Path, config: ProjectConfig) -> Path:
    """Return the Word file whose styles the DOCX uses: reportgen.yaml's, the project's, or ours."""
    if config.docx_reference:
        path = (root / config.docx_reference).resolve()
        if path.suffix.lower() != ".docx" or not path.is_file() or not path.is_relative_to(root.resolve()):
            raise InputProblems(
                [
                    Problem(
                        "reportgen.yaml",
                        None,
                        "docx_reference",
                        f"expected a .docx file in the project; got {config.docx_reference!r} (not found)"
                        if path.suffix.lower() == ".docx"
                        else f"expected a .docx file; got {config.docx_reference!r}",
                    )
                ]
            )
        return path
    own = root / "templates" / "reference.docx"
    if own.is_file():
        return own
    from .render_html import package_templates

    return package_templates() / "reference.docx"


def resolve_period(project: Project, text: str) -> Period:
    """Parse the requested period and check that the data reaches it."""
    try:
        period = parse_period(text, project.config.financial_year_start)
    except ReportgenError as exc:
        raise ReportgenError(f"period: {exc}") from None
    indicators = [i for s in project.sections for i in s.indicators]
    fine = [
        i for i in indicators if PERIOD_KINDS[FREQUENCY_KIND[i.frequency]].order <= period.spec.order
    ] or indicators
    observed = [o.period for i in fine for o in project.data.get(i.id).observations]
    if not observed:
        raise ReportgenError("no data: the data files hold no figures for any indicator")
    latest = max(observed, key=lambda p: p.end_index)
    if period.end_index > latest.end_index:
        label = period.long_label(project.config.style.year_separator)
        raise ReportgenError(
            f"period: no data for {label} ({period.code}); the latest period with data is "
            f"{latest.long_label(project.config.style.year_separator)} ({latest.code})"
        )
    return period


def latest_period(project: Project) -> Period:
    """Return the latest period with data in the project's most common frequency."""
    indicators = [i for s in project.sections for i in s.indicators]
    kinds = [FREQUENCY_KIND[i.frequency] for i in indicators]
    kind = min(set(kinds), key=lambda k: (-kinds.count(k), PERIOD_KINDS[k].order))
    observed = [
        o.period for i in indicators for o in project.data.get(i.id).observations if o.period.kind == kind
    ]
    if not observed:
        raise ReportgenError("no data: the data files hold no figures for any indicator")
    return max(observed, key=lambda p: p.end_index)


def validate(root: Path, period_text: str | None = None, strict: bool = False) -> Outcome:
    """Run every check a build runs, for PERIOD (default the latest), without building."""
    try:
        project = load_project(root.resolve())
    except InputProblems as exc:
        return Outcome(tuple(strictly(exc.problems) if strict else exc.problems))
    try:
        period = resolve_period(project, period_text) if period_text else latest_period(project)
    except ReportgenError as exc:
        warnings = list(project.data.warnings)
        return Outcome(tuple(strictly(warnings) if strict else warnings), str(exc))
    problems = check(project, period)
    return Outcome(tuple(strictly(problems) if strict else problems), None, period)


def writer_for(config: ProjectConfig) -> Writer:
    """Return the sentence writer for the project's house style."""
    return Writer(config.house_style, config.comparator_label)


def make_briefing(
    project: Project,
    period: Period,
    progress: Progress | None = None,
    with_charts: bool = True,
    draft: bool = False,
    chart_formats: tuple[str, ...] = ("png",),
    workers: int = 1,
    cache: bool = False,
) -> Briefing:
    """Run assess -> narrate -> chart -> assemble for one period (a draft carries today's date)."""
    formats = chart_formats if with_charts else ()
    planned, todo = plan_briefing(project, period, progress, draft, formats, cache)
    return finish_charts(project, planned, todo, formats, workers, cache)


def plan_briefing(
    project: Project,
    period: Period,
    progress: Progress | None,
    draft: bool,
    chart_formats: tuple[str, ...],
    cache: bool,
) -> tuple[Briefing, dict[str, dict[str, Any]]]:
    """Assess, narrate and assemble the briefing with its charts planned, not drawn.

    Returns the briefing (charts read from the cache are whole; the rest have their key, size
    and alt text only) and the specs of the charts still to draw, for ``finish_charts``.
    """
    note = progress or (lambda _stage: None)
    note("assess")
    limits = project.config.thresholds
    thresholds = Thresholds(points=limits.percentage_points, relative=limits.relative)
    assessments: list[Assessment] = assess_all(project.sections, project.data, period, thresholds)
    note("narrate")
    writer = writer_for(project.config)
    paragraphs = {a.indicator.id: writer.paragraph(a) for a in assessments}
    summary = writer.summary(assessments, period.long_label(project.config.style.year_separator))
    labels = {a.name: project.config.comparator_label(a.name) for x in assessments for a in x.benchmarks}
    charts, todo = (
        plan_charts(
            assessments, project.config.house_style, labels, chart_formats, _chart_cache(project, cache)
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
    )
    return briefing, todo


def finish_charts(
    project: Project,
    briefing: Briefing,
    todo: dict[str, dict[str, Any]],
    chart_formats: tuple[str, ...],
    workers: int,
    cache: bool,
    progress: Progress | None = None,
) -> Briefing:
    """Draw the charts ``plan_briefing`` left to draw and return the briefing with them."""
    if not todo:
        return briefing
    (progress or (lambda _stage: None))("chart")
    planned = {i.id: i.chart for s in briefing.sections for i in s.indicators if i.chart is not None}
    drawn = draw_charts(planned, todo, chart_formats, _chart_cache(project, cache), workers)
    return with_charts(briefing, drawn)


def _chart_cache(project: Project, cache: bool) -> Path | None:
    return project.root / CACHE_DIR / "charts" if cache else None


class Background:
    """A forked worker that imports a heavy library now and runs one job later.

    Started before the charts are drawn, it has WeasyPrint imported by the time the briefing
    is ready; ``run`` then sends it the job (pickled), called with ``inbox=``, a function that
    waits for what ``post`` sends next; ``wait`` re-raises a failure here: a user error as the
    same one-line ReportgenError, anything else with its traceback.
    """

    def __init__(self, preload: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.receive, child_send = context.Pipe(duplex=False)
        child_receive, self.send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_background_main, args=(preload, child_receive, child_send), daemon=True
        )
        self.process.start()
        child_send.close()
        child_receive.close()
        self.sending: Any = None

    def run(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Hand the worker its job (without waiting for it to finish its import)."""
        self._send((fn, args, kwargs))

    def post(self, message: object) -> None:
        """Send the running job what it waits for through its ``inbox``."""
        self._send(message)

    def _send(self, message: object) -> None:
        """Pickle ``message`` here and write it from a thread, in order.

        The worker reads only once its import is done, and a pipe holds 64 KiB: a briefing
        written directly would block this process until then.
        """
        import threading
        from multiprocessing.reduction import ForkingPickler

        data = bytes(ForkingPickler.dumps(message))
        before = self.sending

        def write() -> None:
            if before is not None:
                before.join()
            try:
                self.send.send_bytes(data)
            except OSError:
                pass  # the worker is gone: wait() says so

        self.sending = threading.Thread(target=write, name="reportgen-send", daemon=True)
        self.sending.start()

    def wait(self) -> None:
        """Wait for the job to finish and raise what it raised."""
        try:
            outcome = self.receive.recv()
        except EOFError:
            outcome = ("bug", "the background renderer stopped without a word (killed?)")
        finally:
            self.process.join()
        if outcome is None:
            return
        kind, message = outcome
        if kind == "user":
            raise ReportgenError(message)
        raise RuntimeError(f"rendering in the background failed:\n{message}")

    def cancel(self) -> None:
        """Stop the worker (after an error or interrupt elsewhere, or when it had no job)."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _background_main(preload: str, receive: Any, send: Any) -> None:
    import importlib
    import traceback

    try:
        importlib.import_module(preload)
        try:
            fn, args, kwargs = receive.recv()
        except EOFError:
            return  # the parent gave up before sending a job
        fn(*args, **kwargs, inbox=receive.recv)
        send.send(None)
    except ReportgenError as exc:
        send.send(("user", str(exc)))
    except BaseException:  # report everything: the parent decides what it means
        send.send(("bug", traceback.format_exc()))
    finally:
        send.close()


def build(
    root: Path,
    period_text: str,
    output: Path | None = None,
    formats: list[str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    warn: Warn | None = None,
    draft: bool = False,
    cache: bool = True,
) -> list[Path]:
    """Build the report for a period and return the paths written; ``draft`` marks it DRAFT.

    Every format is written to a staging folder beside the output, which replaces the output
    folder whole only when all succeeded (publish.py), so a failure, Ctrl-C or SIGTERM never
    leaves a partial report, and a second build of the same folder meanwhile is refused.
    """
    root = root.resolve()
    project = load_project(root)
    period = resolve_period(project, period_text)
    # the same checks `reportgen validate` runs; with --strict a warning stops the build
    warnings = check(project, period)
    if strict and warnings:
        raise InputProblems(strictly(warnings))
    for problem in warnings:
        (warn or (lambda _p: None))(problem)
    chosen = list(formats or project.config.formats)
    unknown = [f for f in chosen if f not in ALL_FORMATS]
    if unknown:
        raise InputProblems(
            [
                Problem(
                    "--format",
                    None,
                    "format",
                    f"expected one of {', '.join(ALL_FORMATS)}; got {unknown[0]!r}",
                )
            ]
        )
    note = progress or (lambda _stage: None)
    # one PNG per chart serves every format: measured faster to draw and to lay out than SVG
    # (see README, "Charts")
    chart_formats: tuple[str, ...] = ("png",) if set(chosen) - {"json"} else ()
    workers = max(1, min(os.cpu_count() or 1, 4))
    out_dir = (output or root / "output" / period.slug).resolve()
    stem = f"{slugify(project.config.title)}-{period.slug.lower()}"
    names = {"pdf": f"{stem}.pdf", "docx": f"{stem}.docx", "html": f"{stem}.html", "json": "report.json"}
    # WeasyPrint is the longest stage: a second process imports it now and lays the PDF out
    # while this one draws the charts and writes the other formats
    pdf_job = Background("weasyprint") if "pdf" in chosen and len(chosen) > 1 and workers > 1 else None
    try:
        with publishing(out_dir) as staging:
            try:
                _write_formats(
                    project,
                    period,
                    chosen,
                    staging,
                    names,
                    note,
                    pdf_job,
                    draft=draft,
                    chart_formats=chart_formats,
                    workers=workers,
                    cache=cache,
                )
            finally:
                if pdf_job is not None:
                    pdf_job.cancel()  # before the staging folder goes
    finally:
        if pdf_job is not None:
            pdf_job.cancel()
    return [out_dir / names[fmt] for fmt in ALL_FORMATS if fmt in chosen]


def _write_formats(
    project: Project,
    period: Period,
    chosen: list[str],
    staging: Path,
    names: dict[str, str],
    note: Progress,
    pdf_job: Background | None,
    draft: bool,
    chart_formats: tuple[str, ...],
    workers: int,
    cache: bool,
) -> None:
    """Assess, narrate and chart, then write every chosen format into ``staging``.

    The PDF process gets the briefing before the charts are drawn and lays it out meanwhile;
    the drawn charts follow it through ``post``.
    """
    root = project.root
    planned, todo = plan_briefing(project, period, note, draft, chart_formats, cache)
    documents = DocumentCache(root / CACHE_DIR / "documents" if cache else None, planned, project)
    if pdf_job is not None and documents.fetch("pdf", staging / names["pdf"]):
        pdf_job.cancel()  # the same PDF was laid out before: nothing to do
        pdf_job = None
    elif pdf_job is not None:
        from .render_pdf import render_pdf

        # the paged HTML the cache key was made from, if it was: the PDF process need not make it
        pdf_job.run(render_pdf, planned, staging / names["pdf"], root, html=documents.content)
    briefing = finish_charts(project, planned, todo, chart_formats, workers, cache, note)
    if pdf_job is not None and not all(c.drawn for c in briefing_charts(planned)):
        # the PDF process waits for the charts its briefing lacked (render_pdf's inbox)
        pdf_job.post({c.key: c.png for c in briefing_charts(briefing)})
    for fmt in ALL_FORMATS:
        if fmt not in chosen or (fmt == "pdf" and pdf_job is not None):
            continue
        note(fmt)
        target = staging / names[fmt]
        if not (target.exists() or documents.fetch(fmt, target)):
            _render(fmt, briefing, target, project)
            documents.store(fmt, target)
    if pdf_job is not None:
        note("pdf")
        pdf_job.wait()
        documents.store("pdf", staging / names["pdf"])


class DocumentCache:
    """PDFs and Word files laid out before, named by a hash of everything that makes them.

    The key is the paged HTML (every word, figure and chart of the briefing), the Word
    reference document, the code and the library versions; the same key means the same
    bytes, as builds are repeatable. A cache that cannot be read or written only costs time.
    """

    KEEP = 24  # documents kept; older ones are removed

    def __init__(self, folder: Path | None, briefing: Briefing, project: Project) -> None:
        self.folder = folder
        self.briefing = briefing
        self.project = project
        self._content: str | None = None

    @property
    def content(self) -> str | None:
        """Return the paged HTML the keys are made from, if a key has been asked for."""
        return self._content

    def key(self, fmt: str) -> str:
        """Return the cache key of one format."""
        import hashlib
        from importlib.metadata import version

        if self._content is None:
            from .render_html import render_html

            self._content = render_html(self.briefing, self.project.root, paged=True)
        digest = hashlib.sha256()
        library = {"pdf": "weasyprint", "docx": "python-docx"}.get(fmt)
        for part in (fmt, code_fingerprint(), version(library) if library else "", self._content):
            digest.update(part.encode("utf-8") + b"\0")
        if fmt == "docx" and self.project.docx_reference is not None:
            digest.update(self.project.docx_reference.read_bytes())
        return digest.hexdigest()[:40]

    def fetch(self, fmt: str, target: Path) -> bool:
        """Copy a cached document to ``target``; return whether there was one."""
        if fmt not in ("pdf", "docx") or self.folder is None:
            return False
        try:
            shutil.copyfile(self.folder / f"{self.key(fmt)}.{fmt}", target)
            return True
        except OSError:
            return False

    def store(self, fmt: str, source: Path) -> None:
        """Keep a freshly written document for the next build."""
        if fmt not in ("pdf", "docx") or self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = self.folder / f".{os.getpid()}.{fmt}.tmp"
            shutil.copyfile(source, temp)
            os.replace(temp, self.folder / f"{self.key(fmt)}.{fmt}")
            kept = sorted(self.folder.glob("*.*"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[self.KEEP :]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """Return a hash of reportgen's code and shipped templates (computed once per process)."""
    if not _FINGERPRINT:
        import hashlib

        from .render_html import package_templates

        digest = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for path in sorted([*here.glob("*.py"), *package_templates().glob("*")]):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def _render(fmt: str, briefing: Briefing, target: Path, project: Project) -> None:
    """Write one format of the briefing to ``target``."""
    if fmt == "html":
        from .render_html import render_html

        target.write_text(render_html(briefing, project.root), encoding="utf-8")
    elif fmt == "pdf":
        from .render_pdf import render_pdf

        render_pdf(briefing, target, project.root)
    elif fmt == "docx":
        from .render_docx import render_docx

        render_docx(briefing, target, project.docx_reference)
    else:
        from .render_json import render_json

        render_json(briefing, target)
