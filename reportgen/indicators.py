"""Indicator definitions: the schema of indicators/*.yaml and loading them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .errors import InputProblems, Problem, ReportgenError
from .files import unsafe_name
from .formatting import checked_figure, either
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from .subjects import subject_from_title
from .units import SCALES, UNITS, Measure, measure
from .yaml_source import load_yaml, schema_problems

# The units, frequencies and currency scales allowed are the keys of their tables, so the
# schema (and its JSON Schema enum) cannot list one the code does not know.
if TYPE_CHECKING:
    UnitName = str
    Frequency = str
    ScaleName = str
else:
    UnitName = Literal[tuple(UNITS)]
    Frequency = Literal[tuple(FREQUENCY_KIND)]
    ScaleName = Literal[tuple(SCALES)]
Polarity = Literal["higher", "lower", "target", "none"]
Basis = Literal["year_to_date", "rolling_year", "annual", "latest_quarter", "snapshot", "forecast", "month"]

BASIS_LABELS = {
    "year_to_date": "Year to Date",
    "rolling_year": "Rolling Year",
    "annual": "Annual",
    "latest_quarter": "Latest Quarter",
    "snapshot": "Snapshot",
    "forecast": "Forecast",
    "month": "Month",
}
BASIS_MEANINGS = {
    "year_to_date": "Performance accumulated over the year",
    "rolling_year": "Average performance over a 12 month period",
    "annual": "Performance measured once a year",
    "latest_quarter": "Performance this quarter",
    "snapshot": "Performance at a particular point in time",
    "forecast": "Predicted position at the end of the year",
    "month": "Performance this month",
}
POLARITY_LABELS = {
    "higher": "Bigger is Better",
    "lower": "Smaller is Better",
    "target": "Plan is best",
    "none": "No polarity",
}
POLARITY_MEANINGS = {
    "higher": "A bigger value for this measure is good",
    "lower": "A smaller value for this measure is good",
    "target": "Where it is better for performance to be on target rather than above or below",
    "none": "There is no right level for this measure; it is monitored",
}

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")  # what a data file's indicator column names
_FY_KEY = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_TOLERANCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")
_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")


@dataclass(frozen=True)
class Target:
    """A target for one year: a single value, or a range such as 0-18%."""

    low: float
    high: float

    @property
    def is_range(self) -> bool:
        """Return whether the target is a range rather than one value."""
        return self.low != self.high

    @property
    def value(self) -> float:
        """Return the single target value (the low bound of a range)."""
        return self.low


def parse_target(value: float | str) -> Target:
    """Read a target: a number, or a range written '0-18', '0 to 18' or '0%-18%'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Target(checked_figure(float(value)), float(value))
    m = _RANGE.match(str(value))
    if not m or float(m.group(1)) > float(m.group(2)):
        raise ValueError(
            f"expected a number, a range such as '0-18', or a mapping of financial year to either; got {value!r}"
        )
    return Target(checked_figure(float(m.group(1))), checked_figure(float(m.group(2))))


def _year_key(key: object) -> str:
    """Normalise a financial-year key (2023-24, 2023/24, 2023/2024) to 2023-24."""
    text = str(key).strip()
    m = _FY_KEY.match(text)
    if not m or int(m.group(2)) % 100 != (int(m.group(1)) + 1) % 100:
        raise ValueError(f"expected a financial year such as 2023-24; got {text!r}")
    return f"{m.group(1)}-{(int(m.group(1)) + 1) % 100:02d}"


def _percent_read(value: object) -> object:
    """Return a target with '16.5%' (alone or per year) read as 16.5."""
    if isinstance(value, dict):
        return {k: _percent_read(v) for k, v in value.items()}
    if isinstance(value, str) and (m := _PERCENT.match(value)):
        return float(m.group(1))
    return value


YearValues = dict[str, float]
MAX_TITLE = 300  # a title is a heading, a table cell and PDF metadata
MAX_TEXT = 10_000  # a definition, introduction or template: a long paragraph at most


def _by_year(value: object) -> object:
    if isinstance(value, dict):
        return {_year_key(k): v for k, v in value.items()}
    return value


class Source(BaseModel):
    """Where a published statistics file (the government's open data layout) gives an indicator's figures."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TITLE)

    file: str = Field(
        description="The published CSV, relative to the project, e.g. data/ees/cla_number_and_rate_per_10k_children.csv."
    )
    column: str = Field(description="The measure column holding the figure, e.g. rate_per_10000.")
    filters: dict[str, str] = Field(
        default_factory=dict,
        description="Filter column to value, pinning one figure per council and year, "
        "e.g. population_type: Children looked after on 31 March each year.",
    )
    numerator: str | None = Field(None, description="Optional: the column of the count the figure is of.")
    denominator: str | None = Field(None, description="Optional: the column of the count it is out of.")
    benchmark: bool | None = Field(
        None,
        description="Compute the national, regional and statistical neighbour comparators and the rank "
        "(default yes, except for counts, whose England figure is a total, not an average).",
    )

    @field_validator("file")
    @classmethod
    def _inside_project(cls, value: str) -> str:
        parts = PurePosixPath(value.replace("\\", "/")).parts
        if not parts or parts[0] == "/" or value.startswith("~") or ".." in parts:
            raise ValueError(f"expected a file inside the project, such as data/ees/file.csv; got {value!r}")
        if not value.lower().endswith(".csv"):
            raise ValueError(f"expected a published statistics CSV file; got {value!r}")
        return value


class Indicator(BaseModel):
    """One performance indicator, as the officer defines it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)

    id: str = Field(
        pattern=ID_PATTERN.pattern,
        max_length=100,
        description="Unique id used in data files (letters, digits, _ . -).",
    )
    title: str = Field(max_length=MAX_TITLE, description="The indicator's name as shown in tables.")
    subject: str | None = Field(
        None,
        max_length=MAX_TITLE,
        description="Lower-case noun phrase for sentences, e.g. 'the percentage of audits judged good or better'.",
    )
    unit: UnitName = Field(description=either(UNITS) + ".")
    rate_per: int | None = Field(
        None, gt=0, le=1_000_000_000, description="For rates: the population base, e.g. 10000."
    )
    population: str | None = Field(
        None,
        description="For rates given as counts: the population (data rows with series population) "
        "the count is divided by; default the indicator's own id.",
    )
    currency_scale: ScaleName | None = Field(
        None,
        description="For currency: write figures in units (£1,250, the default), thousands (£250k), "
        "millions (£1.3m) or billions (£2.1bn).",
    )
    unit_label: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_TITLE,
        description="For number and rate units: the words after a figure, e.g. 'cases per worker' or "
        "'per 10,000 children aged under 18' (in place of a rate's 'per 10,000').",
    )
    decimals: int | None = Field(None, ge=0, le=4, description="Decimal places shown; default by unit.")
    polarity: Polarity = Field(description="higher, lower (is better), target (plan is best) or none.")
    basis: Basis = Field(description="Reporting basis, e.g. latest_quarter or snapshot.")
    frequency: Frequency = Field(description=f"How often a value is reported: {either(FREQUENCY_KIND)}.")
    target: float | str | dict[str, float | str] | None = Field(
        None, description="A number, or financial year (2023-24) to number."
    )
    tolerance: float | str | None = Field(
        None, description="Amber band: a number in the unit, or '5%' of the target."
    )
    comparators: dict[str, float | YearValues] = Field(
        default_factory=dict, description="Benchmark name to a number, or to financial year to number."
    )
    definition: str | None = Field(None, description="What is counted, in plain English.")

    template: str | None = Field(
        None, description="Optional Jinja2 sentence template replacing the generated paragraph."
    )
    total_of: list[str] | None = Field(
        None,
        description="For a count that is the sum of other count indicators of the same frequency: their ids. "
        "When one figure of the sum is suppressed, a second is withheld so it cannot be worked out.",
    )
    aggregate: Literal["sum", "ratio", "none"] | None = Field(
        None,
        description="How year-to-date figures combine: sum (counts), ratio (numerator/denominator) or none.",
    )
    spc: bool | None = Field(
        None,
        description="Statistical process control for this indicator: false turns it off, true turns it on "
        "when reportgen.yaml has it off; default the project's setting.",
    )
    spc_recalculate: list[str] = Field(
        default_factory=list,
        description="Periods where the process changed, e.g. [2022-04]: each starts a new segment with its own "
        "mean and limits.",
    )
    spc_baseline: int | None = Field(
        None,
        ge=13,
        le=10_000,
        description="Fix each segment's mean and limits on its first N figures (at least 13).",
    )
    source: Source | None = Field(
        None,
        description="A published statistics file to read the figures from: file, column, filters "
        "(and optionally numerator, denominator); the council is la_code in reportgen.yaml.",
    )

    _normalise_target = field_validator("target", mode="before")(_by_year)

    @field_validator("id", mode="before")
    @classmethod
    def _check_id(cls, value: object) -> object:
        # before the pattern, whose own message quotes the regular expression
        if isinstance(value, str) and value and len(value) <= 100 and not ID_PATTERN.match(value):
            bad = next(ch for ch in value if not ID_PATTERN.match(ch))
            what = "a space" if bad == " " else "a line break" if bad in "\r\n" else repr(bad)
            raise ValueError(
                f"expected an id of letters, digits, underscores, dots or hyphens, such as children_in_care; "
                f"got {value!r}, which has {what}"
            )
        return value

    @field_validator("currency_scale")
    @classmethod
    def _check_scale(cls, value: str | None, info: ValidationInfo) -> str | None:
        unit = info.data.get("unit")
        if value is not None and unit is not None and not UNITS[unit].scaled:
            scaled = either([u.name for u in UNITS.values() if u.scaled])
            raise ValueError(
                f"expected currency_scale only on a {scaled} indicator; got it on a {unit} indicator"
            )
        return value

    @field_validator("unit_label")
    @classmethod
    def _check_unit_label(cls, value: str | None, info: ValidationInfo) -> str | None:
        unit = info.data.get("unit")
        if value is not None and unit is not None and not UNITS[unit].labelled:
            labelled = either([u.name for u in UNITS.values() if u.labelled])
            raise ValueError(
                f"expected unit_label only on a {labelled} indicator; got it on a {unit} indicator"
            )
        return " ".join(value.split()) if value is not None else None

    @field_validator("target")
    @classmethod
    def _check_target(cls, value: object, info: ValidationInfo) -> object:
        unit = UNITS.get(str(info.data.get("unit")))
        # 16.5% is a percentage's target as a data file's cell reads it; a % on another unit is a slip
        if unit is not None and "{percent}" in unit.sentence[0]:
            value = _percent_read(value)
        for item in value.values() if isinstance(value, dict) else [value]:
            if item is not None:
                if unit is not None and isinstance(item, str) and _PERCENT.match(item):
                    raise ValueError(
                        f"expected a number for a {unit.noun}; got {item!r} (a % sign is for a percentage)"
                    )
                parse_target(item)  # type: ignore[arg-type]
        return value

    @field_validator("spc_recalculate", "spc_baseline")
    @classmethod
    def _check_spc(cls, value: object, info: ValidationInfo) -> object:
        frequency = info.data.get("frequency")
        if frequency is None or not value:
            return value
        kind = PERIOD_KINDS[FREQUENCY_KIND[frequency]]
        if kind.yearly:
            allowed = either([k.frequency for k in PERIOD_KINDS.values() if not k.yearly])
            raise ValueError(
                f"expected {info.field_name} only on a {allowed} indicator; got a {frequency} one"
            )
        if isinstance(value, list):
            for text in value:
                try:
                    parse_period(text, 4, kind.name)
                except ReportgenError:
                    example = Period(kind.name, 2022, 4 if kind.per_year == 12 else 1).code
                    raise ValueError(f"expected {kind.noun[0]}s such as {example}; got {text!r}") from None
        return value

    @field_validator("template")
    @classmethod
    def _check_template(cls, value: str | None) -> str | None:
        if value is not None:
            from jinja2 import TemplateSyntaxError
            from jinja2.sandbox import SandboxedEnvironment

            try:
                SandboxedEnvironment().parse(value)
            except TemplateSyntaxError as exc:
                raise ValueError(f"expected a valid Jinja2 template; got {exc.message}") from None
        return value

    @field_validator("comparators", mode="before")
    @classmethod
    def _normalise_comparators(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k): _by_year(v) for k, v in value.items()}
        return value

    @field_validator("comparators")
    @classmethod
    def _check_comparators(cls, value: dict[str, float | YearValues]) -> dict[str, float | YearValues]:
        for spec in value.values():
            for figure in spec.values() if isinstance(spec, dict) else [spec]:
                checked_figure(figure)
        return value

    @field_validator("tolerance")
    @classmethod
    def _check_tolerance(cls, value: float | str | None) -> float | str | None:
        return checked_tolerance(value)

    @model_validator(mode="after")
    def _check_rate(self) -> Indicator:
        unit = UNITS[self.unit]
        if unit.rate_per and self.rate_per is None:
            object.__setattr__(self, "rate_per", unit.ratio)
        return self

    @property
    def measure(self) -> Measure:
        """Return how the indicator's figures are written: unit, decimals, ratio and scale."""
        return measure(self.unit, self.decimals, self.rate_per, self.currency_scale, self.unit_label)

    @property
    def places(self) -> int:
        """Return the decimal places of the figure as shown, which every judgment uses (-5 for £1.3m)."""
        return self.measure.places

    @property
    def sentence_subject(self) -> str:
        """Return the noun phrase sentences start from."""
        if self.subject:
            return self.subject
        return subject_from_title(self.title)

    def target_for(self, period: Period) -> Target | None:
        """Return the target that applies in the period's year (Period.year_key)."""
        if self.target is None:
            return None
        if isinstance(self.target, dict):
            spec = self.target.get(period.year_key())
            return None if spec is None else parse_target(spec)
        return parse_target(self.target)

    def with_data(self, targets: YearValues, comparators: dict[str, YearValues]) -> Indicator:
        """Return a copy with targets and comparators from data files added, by financial year.

        The YAML's own figures stay; data/validation has already refused any that disagree.
        """
        if not targets and not comparators:
            return self
        target = self.target
        if targets and not isinstance(target, int | float | str):
            target = dict(sorted({**targets, **(target or {})}.items()))
        merged = dict(self.comparators)
        for name, years in comparators.items():
            spec = merged.get(name)
            if not isinstance(spec, int | float):
                merged[name] = dict(sorted({**years, **(spec or {})}.items()))
        return self.model_copy(update={"target": target, "comparators": merged})

    def tolerance_for(self, target: float) -> float:
        """Return the amber band in the indicator's unit."""
        if self.tolerance is None:
            return 0.0
        if isinstance(self.tolerance, str):
            m = _TOLERANCE.match(self.tolerance)
            assert m is not None
            return abs(target) * float(m.group(1)) / 100
        return float(self.tolerance)


def checked_tolerance(value: float | str | None) -> float | str | None:
    """Return a tolerance (a number in the unit, or '5%' of the target) unchanged, or raise ValueError."""
    if isinstance(value, str) and not _TOLERANCE.match(value):
        raise ValueError(f"expected a number or a percentage of the target such as '5%'; got {value!r}")
    if isinstance(value, str):
        m = _TOLERANCE.match(value)
        assert m is not None
        checked_figure(float(m.group(1)))
    if isinstance(value, int | float):
        checked_figure(value)
        if value < 0:
            raise ValueError(f"expected a tolerance of zero or more; got {value!r}")
    return value


def with_default_tolerance(sections: list[Section], default: float | str | None) -> list[Section]:
    """Give every indicator without a tolerance of its own the project's default one."""
    if default is None:
        return sections
    return [
        s.model_copy(
            update={
                "indicators": tuple(
                    i if i.tolerance is not None else i.model_copy(update={"tolerance": default})
                    for i in s.indicators
                )
            }
        )
        for s in sections
    ]


class SectionFile(BaseModel):
    """One indicators/*.yaml file: a section of the report and its indicators."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)

    section: str = Field(max_length=MAX_TITLE, description="Section title; one scorecard table per section.")
    area: str | None = Field(
        None, max_length=MAX_TITLE, description="Service area heading the section sits under."
    )
    introduction: str | None = Field(
        None, description="Optional paragraph printed under the section heading."
    )
    indicators: list[Indicator] = Field(description="The section's indicators.")


class Section(BaseModel):
    """A loaded section, remembering its file."""

    model_config = ConfigDict(frozen=True)

    title: str
    area: str | None
    introduction: str | None
    indicators: tuple[Indicator, ...]
    source: str
    lines: dict[str, dict[str, int]] = {}  # indicator id -> field -> line in ``source``

    def line(self, indicator_id: str, field: str = "id") -> int | None:
        """Return the line of an indicator's field in ``source`` (or of its id when absent)."""
        lines = self.lines.get(indicator_id, {})
        return lines.get(field) or lines.get("id")

    def where(self, indicator_id: str, field: str = "id") -> str:
        """Return 'indicators/x.yaml:12' for an indicator's field (or its id when absent)."""
        line = self.line(indicator_id, field)
        return f"{self.source}:{line}" if line else self.source


@dataclass(frozen=True)
class SectionsRead:
    """What reading indicators/ gave: the sections that loaded, every problem, and what was not checked."""

    sections: list[Section]
    problems: list[Problem]
    unchecked_ids: frozenset[str] = frozenset()  # ids in files that did not load, so cannot be checked
    unreadable: bool = False  # a file could not be read at all: its ids are unknown

    def is_unchecked(self, indicator_id: str) -> bool:
        """Return whether data for this id belongs to a file that failed (so is not judged here)."""
        return self.unreadable or indicator_id in self.unchecked_ids


def load_sections(project: Path, order: list[str]) -> list[Section]:
    """Read every indicators/*.yaml file; raise InputProblems naming every fault."""
    found = read_sections(project, order)
    if found.problems:
        raise InputProblems(found.problems)
    return found.sections


def read_sections(project: Path, order: list[str]) -> SectionsRead:
    """Read every indicators/*.yaml file and return what loaded with every problem found."""
    folder = project / "indicators"
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    problems: list[Problem] = []
    if not files:
        return SectionsRead(
            [], [Problem("indicators/", None, "", "expected at least one indicators/*.yaml file; found none")]
        )
    sections: list[Section] = []
    seen: dict[str, str] = {}
    unchecked: set[str] = set()
    unreadable = False
    for path in files:
        display = path.relative_to(project).as_posix()
        if (unsafe := unsafe_name(display)) is not None:
            problems.append(Problem(display, None, "", f"expected a file name of plain text; got {unsafe}"))
            unreadable = True
            continue
        doc, errs = load_yaml(path, display)
        problems += errs
        if doc is None:
            unreadable = True
            continue
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(
                    display, 1, "", "expected a mapping with section: and indicators:; got " + _kind(doc.data)
                )
            )
            unreadable = True
            continue
        try:
            parsed = SectionFile.model_validate(doc.data)
        except ValidationError as exc:
            problems += schema_problems(exc, doc, SectionFile)
            unchecked |= _ids_in(doc.data)
            # an id refused (visits in time) leaves its data rows' id (visits) unknown too: not
            # each row's problem, so no id this run cannot place is reported as undefined
            unreadable |= any(tuple(e["loc"])[::2] == ("indicators", "id") for e in exc.errors())
            continue
        lines: dict[str, dict[str, int]] = {}
        for i, ind in enumerate(parsed.indicators):
            found = lines.setdefault(
                ind.id,
                {
                    str(key): line
                    for key in ["id", *Indicator.model_fields]
                    if (line := doc.lines.get(("indicators", i, key))) is not None
                },
            )
            for name in ind.comparators:  # a misspelt name is located at its own line
                if (line := doc.lines.get(("indicators", i, "comparators", name))) is not None:
                    found["comparators." + name] = line
            if ind.source is not None:  # published.py points at the part of a source that is wrong
                at = ("indicators", i, "source")
                keys = [(k,) for k in Source.model_fields] + [("filters", k) for k in ind.source.filters]
                for key in keys:
                    if (line := doc.lines.get((*at, *key))) is not None:
                        found["source." + ".".join(key)] = line
            if ind.id in seen:
                problems.append(
                    Problem(
                        display,
                        doc.line_of(("indicators", i, "id")),
                        "id",
                        f"expected a unique id; got {ind.id!r}, already defined in {seen[ind.id]}",
                    )
                )
            else:
                seen[ind.id] = f"{display}:{doc.line_of(('indicators', i, 'id'))}"
        sections.append(
            Section(
                title=parsed.section,
                area=parsed.area,
                introduction=parsed.introduction,
                indicators=tuple(parsed.indicators),
                source=display,
                lines=lines,
            )
        )
    problems += _total_problems(sections, unchecked if not unreadable else None)
    rank = {name: i for i, name in enumerate(order)}
    ordered = sorted(sections, key=lambda s: rank.get(s.title, len(rank)))
    return SectionsRead(ordered, problems, frozenset(unchecked), unreadable)


def _ids_in(data: object) -> set[str]:
    """Return the ids a section file that failed its schema still names."""
    items = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return set()
    return {str(item["id"]) for item in items if isinstance(item, dict) and "id" in item}


def _total_problems(sections: list[Section], unchecked: set[str] | None = None) -> list[Problem]:
    """Check each total_of: known ids, not itself, all counts of one frequency (a sum of like figures).

    ``unchecked`` holds ids defined in files that failed (None: some file was unreadable), whose
    parts cannot be judged here; the file's own problems say what is wrong.
    """
    by_id = {ind.id: ind for s in sections for ind in s.indicators}
    problems = []
    for section in sections:
        for ind in section.indicators:
            if not ind.total_of:
                continue

            def problem(message: str, ind: Indicator = ind, section: Section = section) -> Problem:
                return Problem(section.source, section.line(ind.id, "total_of"), "total_of", message)

            if not UNITS[ind.unit].summable:
                summable = either([u.noun for u in UNITS.values() if u.summable])
                problems.append(
                    problem(f"expected total_of on a {summable}; got it on a {ind.unit} indicator")
                )
                continue
            for part_id in ind.total_of:
                part = by_id.get(part_id)
                if part_id == ind.id:
                    problems.append(problem("expected the ids of other indicators; got itself"))
                elif part is None and (unchecked is None or part_id in unchecked):
                    continue
                elif part is None:
                    hint = difflib.get_close_matches(part_id, [i for i in by_id if i != ind.id], n=1)
                    suffix = f"; did you mean '{hint[0]}'?" if hint else ""
                    problems.append(problem(f"expected the ids of other indicators; got {part_id!r}{suffix}"))
                elif part.unit != ind.unit or part.frequency != ind.frequency:
                    problems.append(
                        problem(
                            f"expected parts that are {ind.frequency} {UNITS[ind.unit].noun}s like the total; "
                            f"got {part_id!r} "
                            f"({part.frequency} {part.unit})"
                        )
                    )
    return problems


def comparator_problems(sections: list[Section], known: list[str]) -> list[Problem]:
    """Refuse a comparator name the project does not define (natonal), which would be printed as written.

    ``known`` is the names reportgen.yaml allows: the usual ones and any in comparator_labels.
    """
    problems = []
    for section in sections:
        for ind in section.indicators:
            for name in ind.comparators:
                if name in known:
                    continue
                hint = difflib.get_close_matches(name, known, n=1)
                suffix = (
                    f"; did you mean {hint[0]!r}?"
                    if hint
                    else " (a comparator of your own needs its words in comparator_labels in reportgen.yaml, "
                    f"e.g. {name}: {name.replace('_', ' ')} average)"
                )
                problems.append(
                    Problem(
                        section.source,
                        section.line(ind.id, "comparators." + name) or section.line(ind.id, "comparators"),
                        "comparators." + name,
                        f"expected one of {', '.join(known)}; got {name!r}{suffix}",
                    )
                )
    return problems


def json_schema() -> dict[str, object]:
    """Return the JSON Schema of an indicators/*.yaml file, for editors to check and complete."""
    schema: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
    }
    schema.update(SectionFile.model_json_schema())
    schema["title"] = "reportgen indicators file"
    return schema


def _kind(value: object) -> str:
    return {list: "a list", str: "text", type(None): "an empty file"}.get(type(value), type(value).__name__)
