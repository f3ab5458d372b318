"""A project folder loaded whole (config, indicators, data, commentary, risks, branding) and its periods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .branding import Look, load_look
from .config import CONFIG_FILE, ProjectConfig, read_config
from .data import DataSet, load_data
from .disclosure import protect
from .errors import InputProblems, Problem, ReportgenError
from .indicators import Section, read_sections
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from .risks import Register, load_register
from .spc import setting_problems

T = TypeVar("T")


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
    """Load config, indicator definitions, data, risks and branding; raise InputProblems on any error.

    Every file is read even when an earlier one has problems, so one run reports them all:
    a misspelt key in reportgen.yaml does not hide a bad unit in an indicator file.
    """
    problems: list[Problem] = []
    config, found = read_config(root)
    if not (root / CONFIG_FILE).is_file():
        raise InputProblems(found)  # not a project folder at all: nothing else to look for
    problems += found
    read = read_sections(root, config.sections)
    problems += read.problems
    data: DataSet | None = None
    try:
        data = load_data(root, config, read.sections, read.is_unchecked)
    except InputProblems as exc:
        problems += exc.problems
    if data is not None:
        problems += setting_problems(read.sections, data, config.financial_year_start)
    register = _collect(problems, lambda: load_register(root, config.financial_year_start))
    look = _collect(problems, lambda: load_look(root, config))
    reference = _collect(problems, lambda: docx_reference(root, config))
    errors = [p for p in problems if p.severity == "error"]
    if errors or data is None:
        raise InputProblems(problems)
    data = protect(read.sections, data)  # secondary suppression, before any use
    return Project(root, config, data.definitions(read.sections), data, register, look or Look(), reference)


def _collect(problems: list[Problem], load: Callable[[], T]) -> T | None:
    """Run one loader, adding its problems to ``problems`` instead of stopping."""
    try:
        return load()
    except InputProblems as exc:
        problems += exc.problems
        return None


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
    from .render.html import package_templates

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
