"""The pipeline: load -> assess -> narrate -> chart -> render, in one readable function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .assess import Assessment, Thresholds, assess_all
from .branding import Look, load_look
from .briefing import Briefing, build_briefing
from .charts import render_charts
from .config import ALL_FORMATS, ProjectConfig, load_config
from .data import DataSet, load_data
from .disclosure import protect
from .errors import InputProblems, Problem, ReportgenError
from .formatting import long_date
from .indicators import Section, load_sections
from .narrative import Writer
from .periods import FREQUENCY_KIND, Period, parse_period
from .publish import publishing
from .risks import Register, load_register
from .validate import Outcome, check, strictly

Progress = Callable[[str], None]
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
    rank = {"month": 0, "quarter": 1, "year": 2}
    indicators = [i for s in project.sections for i in s.indicators]
    fine = [i for i in indicators if rank[FREQUENCY_KIND[i.frequency]] <= rank[period.kind]] or indicators
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
    finer = {"month": 0, "quarter": 1, "year": 2}
    kind = min(set(kinds), key=lambda k: (-kinds.count(k), finer[k]))
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
) -> Briefing:
    """Run assess -> narrate -> chart -> assemble for one period (a draft carries today's date)."""
    note = progress or (lambda _stage: None)
    note("assess")
    limits = project.config.thresholds
    thresholds = Thresholds(points=limits.percentage_points, relative=limits.relative)
    assessments: list[Assessment] = assess_all(project.sections, project.data, period, thresholds)
    note("narrate")
    writer = writer_for(project.config)
    paragraphs = {a.indicator.id: writer.paragraph(a) for a in assessments}
    summary = writer.summary(assessments, period.long_label(project.config.style.year_separator))
    note("chart")
    labels = {a.name: project.config.comparator_label(a.name) for x in assessments for a in x.benchmarks}
    charts = render_charts(assessments, project.config.house_style, labels) if with_charts else {}
    return build_briefing(
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


def slugify(text: str) -> str:
    """Return a lower-case file-safe name."""
    text = text.replace("'", "").replace("’", "")
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:80] or "report"


def build(
    root: Path,
    period_text: str,
    output: Path | None = None,
    formats: list[str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    warn: Warn | None = None,
    draft: bool = False,
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
    out_dir = (output or root / "output" / period.slug).resolve()
    stem = f"{slugify(project.config.title)}-{period.slug.lower()}"
    names = {"pdf": f"{stem}.pdf", "docx": f"{stem}.docx", "html": f"{stem}.html", "json": "report.json"}
    with publishing(out_dir) as staging:
        briefing = make_briefing(
            project, period, note, with_charts=any(f != "json" for f in chosen), draft=draft
        )
        for fmt in ALL_FORMATS:
            if fmt not in chosen:
                continue
            note(fmt)
            target = staging / names[fmt]
            if fmt == "html":
                from .render_html import render_html

                target.write_text(render_html(briefing, root), encoding="utf-8")
            elif fmt == "pdf":
                from .render_pdf import render_pdf

                render_pdf(briefing, target, root)
            elif fmt == "docx":
                from .render_docx import render_docx

                render_docx(briefing, target, project.docx_reference)
            else:
                from .render_json import render_json

                render_json(briefing, target)
    return [out_dir / names[fmt] for fmt in ALL_FORMATS if fmt in chosen]
