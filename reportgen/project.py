"""A project folder loaded whole (config, indicators, data, commentary, risks, branding) and its periods."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .branding import Look, load_look
from .config import CONFIG_FILE, ProjectConfig, read_config
from .data import DataSet, load_data
from .disclosure import protect
from .errors import InputProblems, Problem, ReportgenError
from .indicators import Section, comparator_problems, read_sections, with_default_tolerance
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from .risks import Register, load_register
from .spc import setting_problems

if TYPE_CHECKING:
    from .published import Published

T = TypeVar("T")


@dataclass(frozen=True)
class Inputs:
    """Every project file read and checked, before a council is chosen: read once for every council."""

    root: Path
    config: ProjectConfig
    sections: list[Section]  # as defined: data files' targets and comparators not yet joined
    data: DataSet  # the data files' own figures
    published: Published | None = None  # the published statistics files indicators name
    register: Register | None = None
    look: Look = Look()
    docx_reference: Path | None = None


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
    inputs: Inputs | None = None  # what it was made from, for another council's report


def load_project(root: Path) -> Project:
    """Load config, indicator definitions, data, risks and branding; raise InputProblems on any error.

    Every file is read even when an earlier one has problems, so one run reports them all:
    a misspelt key in reportgen.yaml does not hide a bad unit in an indicator file.
    """
    inputs, problems = read_inputs(root)
    project: Project | None = None
    if inputs is not None:
        try:
            project = project_for(inputs)
        except InputProblems as exc:
            problems += exc.problems
    if project is None or any(p.severity == "error" for p in problems):
        raise InputProblems(problems)
    return project


def read_inputs(root: Path) -> tuple[Inputs | None, list[Problem]]:
    """Read every file of the project; return what loaded (None on any error) and every problem."""
    problems: list[Problem] = []
    config, found = read_config(root)
    if not (root / CONFIG_FILE).is_file():
        raise InputProblems(found)  # not a project folder at all: nothing else to look for
    problems += found
    read = read_sections(root, config.sections)
    problems += read.problems
    problems += comparator_problems(read.sections, config.comparator_names)
    read = replace(read, sections=with_default_tolerance(read.sections, config.tolerance))
    data: DataSet | None = None
    try:
        data = load_data(root, config, read.sections, read.is_unchecked)
    except InputProblems as exc:
        problems += exc.problems
    if data is not None:
        problems += setting_problems(read.sections, data, config.financial_year_start)
    published = None
    if any(ind.source is not None for s in read.sections for ind in s.indicators):
        from .published import Published  # pandas, only for a project that reads published files

        published = Published(root, config, read.sections)
        problems += published.problems
    register = _collect(problems, lambda: load_register(root, config.financial_year_start))
    look = _collect(problems, lambda: load_look(root, config))
    reference = _collect(problems, lambda: docx_reference(root, config))
    errors = [p for p in problems if p.severity == "error"]
    if errors or data is None:
        return None, problems
    return Inputs(root, config, read.sections, data, published, register, look or Look(), reference), problems


def project_for(inputs: Inputs, la_code: str | None = None) -> Project:
    """Return the project for one council: reportgen.yaml's la_code, or ``la_code`` (its report alone).

    A council named here (a build of several) gets its report under its own published name.
    """
    config, data = inputs.config, inputs.data
    if inputs.published is not None:
        council, warnings = inputs.published.council(la_code or config.la_code)
        data = inputs.published.join(data, inputs.sections, council, warnings)
        labels = {
            "national": "England average",
            "regional": f"{council.authority.region_name} average",
            **config.comparator_labels,
        }
        update: dict[str, object] = {"comparator_labels": labels}
        if la_code is not None:
            update.update(authority=council.name, la_code=council.code)
        config = config.model_copy(update=update)
    data = protect(inputs.sections, data)  # secondary suppression, before any use
    return Project(
        inputs.root,
        config,
        data.definitions(inputs.sections),
        data,
        inputs.register,
        inputs.look,
        inputs.docx_reference,
        inputs,
    )


def _collect(problems: list[Problem], load: Callable[[], T]) -> T | None:
    """Run one loader, adding its problems to ``problems`` instead of stopping."""
    try:
        return load()
    except InputProblems as exc:
        problems += exc.problems
        return None


def docx_reference(root: Path, config: ProjectConfig) -> Path:
    """Return the Word file whose styles the DOCX uses: reportgen.yaml's, the project's, or ours.

    A project's own must be a Word document inside the project (a link may not lead out of it);
    reference.py strips it to its styles and page set-up before use.
    """
    if config.docx_reference:
        named = config.docx_reference
        path = (root / named).resolve()
        problem = None
        if path.suffix.lower() != ".docx":
            problem = f"expected a .docx file; got {named!r}"
        elif not path.is_relative_to(root.resolve()):
            problem = f"expected a .docx file in the project; got {named!r} (outside it)"
        elif not path.exists():
            problem = f"expected a .docx file in the project; got {named!r} (not found)"
        else:
            problem = _unreadable_reference(path, named)
        if problem is not None:
            raise InputProblems([Problem("reportgen.yaml", None, "docx_reference", problem)])
        return path
    own = root / "templates" / "reference.docx"
    if os.path.lexists(own):
        display = "templates/reference.docx"
        problem = None
        if not own.resolve().is_relative_to(root.resolve()):
            problem = f"expected a Word file inside the project; got a link to {os.readlink(own)}"
        else:
            problem = _unreadable_reference(own, display)
        if problem is not None:
            raise InputProblems([Problem(display, None, "", problem)])
        return own
    from .render.html import package_templates

    return package_templates() / "reference.docx"


def _unreadable_reference(path: Path, display: str) -> str | None:
    from .reference import check_reference

    try:
        check_reference(path, display)
    except ReportgenError as exc:
        return str(exc)
    return None


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
    # each indicator is judged at its latest period ended by the report's end (an academic year
    # ending in August, in a financial year's report): one of them must be there
    reached = any(
        o.period.end_index >= period.as_kind(FREQUENCY_KIND[i.frequency]).end_index
        for i in fine
        for o in project.data.get(i.id).observations[-1:]
    )
    if not reached:
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
