"""The project file, reportgen.yaml: who the report is for and how it is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .colours import MIN_CONTRAST, WHITE, contrast, darkened, normalise
from .errors import InputProblems, Problem
from .formatting import HouseStyle
from .indicators import MAX_TEXT, MAX_TITLE, checked_tolerance
from .render import FORMAT_NAMES
from .spc import SpcOptions
from .yaml_source import load_yaml, schema_problems

CONFIG_FILE = "reportgen.yaml"
# Word keeps a document property to 255 characters, and the title goes there with the period
# ("...: Quarter 2 2023/24"), the author or authority as it is.
MAX_DOCUMENT_TITLE = 200

DEFAULT_COMPARATOR_LABELS = {
    "national": "national average",
    "statistical_neighbours": "statistical neighbour average",
    "regional": "regional average",
    "england": "England average",
}


class StyleConfig(BaseModel):
    """House style for the narrative."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    percent: Literal["%", "per cent"] = Field(
        "%", description='Write percentages as "81.4%" or "81.4 per cent".'
    )
    year_separator: Literal["/", "-"] = Field("/", description='Financial years as "2023/24" or "2023-24".')
    idiom: bool = Field(False, description='Use the "positively below / negatively above the target" idiom.')
    suppressed_text: str = Field(
        "fewer than 5", max_length=100, description="Words written in place of a suppressed count."
    )


class ThresholdConfig(BaseModel):
    """Where a change stops being marginal, slight or notable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    percentage_points: tuple[float, float, float] = Field(
        (0.5, 2.0, 5.0),
        description="For percentages: below the first is marginal, then slight, notable; from the third, significant.",
    )
    relative: tuple[float, float, float] = Field(
        (2.0, 5.0, 15.0),
        description="For other units, the same bands as a percentage change of the earlier value.",
    )


class SummaryConfig(BaseModel):
    """How many indicators the members' summary lists under each heading."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    performing_well: int = Field(
        5, ge=0, le=50, description="Most indicators listed under 'Performing well'."
    )
    areas_for_focus: int = Field(
        5, ge=0, le=50, description="Most indicators listed under 'Areas for focus'."
    )


class SpcConfig(BaseModel):
    """Statistical process control (Making Data Count) beside RAG."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        True, description="Run SPC for every monthly or quarterly indicator with enough figures."
    )
    shift_length: Literal[6, 7] = Field(
        6, description="Consecutive points on one side of the mean that make a shift: 6 or 7."
    )
    screen_moving_ranges: bool = Field(
        False, description="Leave moving ranges of 3.267 times the average or more out of the limits."
    )
    two_sigma_lines: bool = Field(False, description="Draw the two-sigma lines on SPC charts.")


class Branding(BaseModel):
    """The council's look: logo, primary colour and font."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    logo: str | None = Field(
        None,
        description="A PNG or JPEG logo in the project, e.g. branding/logo.png; shown on the title page.",
    )
    primary_colour: str | None = Field(
        None,
        description="Hex colour for headings and table headers, e.g. '#1d4f91'; white text on it must reach 4.5:1.",
    )
    font: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9 ._-]+$",
        description="Font family name for every format, e.g. Arial; Liberation Sans when absent.",
    )

    @field_validator("primary_colour")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is None:
            return None
        colour = normalise(value)
        ratio = contrast(colour, WHITE)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"expected a colour that white text can sit on at {MIN_CONTRAST}:1 or more; got "
                f"{value!r} at {ratio:.1f}:1 (the nearest darker shade that passes is '{darkened(colour)}')"
            )
        return colour


class Contact(BaseModel):
    """The officer to contact about the report."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(max_length=MAX_TITLE, description="The contact officer's name and role.")
    email: str | None = Field(None, max_length=MAX_TITLE, description="Their email address.")
    telephone: str | None = Field(None, max_length=100, description="Their telephone number.")


class Cover(BaseModel):
    """The cover block a committee report opens with (every line optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report_of: str | None = Field(
        None, max_length=MAX_TITLE, description="Whose report it is, e.g. Director of Children's Services."
    )
    wards_affected: str | None = Field(
        None, max_length=MAX_TITLE, description="The wards affected, e.g. All wards."
    )
    key_decision: bool | None = Field(
        None, description="Whether the report asks for a key decision (Yes or No)."
    )
    classification: str | None = Field(
        None, max_length=100, description="Open, exempt or confidential, as the council writes it."
    )
    exempt_paragraph: int | list[int] | None = Field(
        None,
        description="The paragraph(s) of Schedule 12A to the Local Government Act 1972 the exempt information falls under.",
    )
    contact: Contact | None = Field(None, description="The contact officer: name, email, telephone.")
    appendices: list[str] = Field(default_factory=list, description="The appendices, one per item.")

    @field_validator("exempt_paragraph")
    @classmethod
    def _paragraphs(cls, value: int | list[int] | None) -> int | list[int] | None:
        numbers = value if isinstance(value, list) else [] if value is None else [value]
        for n in numbers:
            if not 1 <= n <= 18:
                raise ValueError(f"expected a paragraph number of Schedule 12A, 1 to 18; got {n}")
        return value


class ProjectConfig(BaseModel):
    """Settings for one council's report, read from reportgen.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)

    authority: str = Field(
        max_length=MAX_DOCUMENT_TITLE, description="The council's name, e.g. Example Borough Council."
    )
    title: str = Field(max_length=MAX_DOCUMENT_TITLE, description="The report's title.")
    subtitle: str | None = Field(
        None, max_length=MAX_TITLE, description="A line under the title, e.g. the service."
    )
    committee: str | None = Field(None, max_length=MAX_TITLE, description="The committee the report goes to.")
    meeting_date: dt.date | None = Field(None, description="The meeting date, YYYY-MM-DD.")
    author: str | None = Field(
        None, max_length=MAX_DOCUMENT_TITLE, description="The report's author or team."
    )
    financial_year_start: int = Field(
        4, ge=1, le=12, description="First month of the financial year (April = 4)."
    )
    sections: list[str] = Field(
        default_factory=list, description="Section order; sections not listed follow in file order."
    )
    formats: list[str] = Field(
        default_factory=lambda: list(FORMAT_NAMES),
        description="Formats built when --format is not given.",
        json_schema_extra={"items": {"enum": list(FORMAT_NAMES)}},
    )
    purpose: str | None = Field(None, description="The Purpose paragraph; a default is written when absent.")
    recommendations: list[str] = Field(
        default_factory=list, description="Recommendations to the committee, one per item."
    )
    reasons_for_recommendations: list[str] = Field(
        default_factory=list,
        description="Why the committee is asked to agree the recommendations, a paragraph per item.",
    )
    background_papers: list[str] = Field(
        default_factory=list, description="Background papers relied on in writing the report, one per item."
    )
    cover: Cover | None = Field(
        None, description="The committee's cover block: report of, wards, key decision, contact..."
    )
    numbered_paragraphs: bool = Field(
        False, description="Number the chapters and paragraphs (1., 1.1) in every format."
    )
    report: Literal["full", "exception"] = Field(
        "full", description="exception: the full paragraph and chart only for indicators needing attention."
    )
    footer: str | None = Field(
        None, max_length=1000, description="Text printed in every page footer, e.g. a data caveat."
    )
    comparator_labels: dict[str, str] = Field(
        default_factory=dict,
        description="How each comparator name is written in text, e.g. statistical_neighbours: statistical neighbour average.",
    )
    style: StyleConfig = Field(default_factory=StyleConfig, description="House style for sentences.")
    tolerance: float | str | None = Field(
        None,
        description="Amber band for every indicator without its own: a number in the unit, or '5%' of the target.",
    )
    summary: SummaryConfig = Field(
        default_factory=SummaryConfig,
        description="Caps of the summary's lists: performing_well, areas_for_focus.",
    )
    thresholds: ThresholdConfig = Field(
        default_factory=ThresholdConfig,
        description="Bands for the words marginal, slight, notable, significant.",
    )
    data: list[str] = Field(
        default_factory=lambda: ["data/*.csv", "data/*.xlsx"],
        description="Data files to read, as globs relative to the project.",
    )
    sheets: list[str] = Field(
        default_factory=list,
        description="Workbook sheets to read, by name; default every sheet with an indicator column.",
    )
    branding: Branding = Field(default_factory=Branding, description="Logo, primary colour and font.")
    spc: SpcConfig = Field(
        default_factory=SpcConfig,
        description="Statistical process control: on or off, the shift length, screening, two-sigma lines.",
    )
    docx_reference: str | None = Field(
        None,
        description="A Word file whose styles the DOCX uses (a house template), relative to the project.",
    )
    la_code: str | None = Field(
        None,
        max_length=MAX_TITLE,
        description="The council whose published statistics indicators with a source read: its new_la_code "
        "(E08000024), old_la_code (394) or name as published (Sunderland).",
    )
    statistical_neighbours: str | list[str] | None = Field(
        None,
        description="The DfE statistical neighbour groupings file (relative to the project), or the "
        "neighbours' codes as a list; their average is computed for indicators with a source.",
    )

    @field_validator("reasons_for_recommendations", "background_papers", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("tolerance")
    @classmethod
    def _check_tolerance(cls, value: float | str | None) -> float | str | None:
        return checked_tolerance(value)

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, names: list[str]) -> list[str]:
        for name in names:
            if name not in FORMAT_NAMES:
                raise ValueError(f"expected one of {', '.join(FORMAT_NAMES)}; got {name!r}")
        return names

    @field_validator("data")
    @classmethod
    def _inside_project(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            path = PurePosixPath(pattern.replace("\\", "/"))
            # "//etc/*" is absolute too (POSIX keeps two leading slashes as its own anchor)
            if not path.parts or path.anchor or pattern.startswith("~") or ".." in path.parts:
                raise ValueError(
                    f"expected a pattern inside the project, such as data/*.csv; got {pattern!r}"
                )
        return patterns

    @property
    def house_style(self) -> HouseStyle:
        """Return the formatting conventions."""
        return HouseStyle(
            percent=self.style.percent,
            year_separator=self.style.year_separator,
            idiom=self.style.idiom,
            suppressed_text=self.style.suppressed_text,
        )

    @property
    def spc_options(self) -> SpcOptions:
        """Return the SPC settings the assessment uses."""
        return SpcOptions(
            enabled=self.spc.enabled,
            shift_length=self.spc.shift_length,
            screen_moving_ranges=self.spc.screen_moving_ranges,
            two_sigma_lines=self.spc.two_sigma_lines,
        )

    @property
    def comparator_names(self) -> list[str]:
        """Return the comparator names a data file's series column may use."""
        return list(dict.fromkeys([*DEFAULT_COMPARATOR_LABELS, *self.comparator_labels]))

    def comparator_label(self, name: str) -> str:
        """Return the words for a comparator in running text."""
        if name in self.comparator_labels:
            return self.comparator_labels[name]
        return DEFAULT_COMPARATOR_LABELS.get(name, name.replace("_", " ") + " average")


def json_schema() -> dict[str, object]:
    """Return the JSON Schema of reportgen.yaml, for editors to check and complete."""
    schema: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(ProjectConfig.model_json_schema())
    schema["title"] = "reportgen project file (reportgen.yaml)"
    return schema


def load_config(project: Path) -> ProjectConfig:
    """Read and check reportgen.yaml; raise InputProblems naming every fault."""
    config, problems = read_config(project)
    if problems:
        raise InputProblems(problems)
    return config


# What the rest of a project needs from reportgen.yaml to be checked when the file itself is wrong.
_NEEDED_BY_OTHER_FILES = (
    "financial_year_start",
    "sections",
    "data",
    "sheets",
    "comparator_labels",
    "la_code",
    "statistical_neighbours",
)
_PLACEHOLDER = {"authority": "(authority)", "title": "(title)"}


def read_config(project: Path) -> tuple[ProjectConfig, list[Problem]]:
    """Read reportgen.yaml; return the settings and every problem found.

    When the file has problems, the settings returned keep each field other files need that is
    itself valid (the data globs, the financial year) and defaults for the rest, so the
    indicators, data and commentary can still be checked in the same run.
    """
    path = project / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig.model_validate(_PLACEHOLDER), [
            Problem(CONFIG_FILE, None, "", f"expected a project file at {path}; none found")
        ]
    doc, problems = load_yaml(path, CONFIG_FILE)
    if doc is None:
        return ProjectConfig.model_validate(_PLACEHOLDER), problems
    if not isinstance(doc.data, dict):
        return ProjectConfig.model_validate(_PLACEHOLDER), [
            Problem(CONFIG_FILE, 1, "", "expected a mapping of settings; got " + type(doc.data).__name__)
        ]
    try:
        return ProjectConfig.model_validate(doc.data), []
    except ValidationError as exc:
        problems = schema_problems(exc, doc, ProjectConfig)
    salvaged: dict[str, object] = dict(_PLACEHOLDER)
    for name in _NEEDED_BY_OTHER_FILES:
        if name in doc.data:
            try:
                ProjectConfig.model_validate({**_PLACEHOLDER, name: doc.data[name]})
            except ValidationError:
                continue
            salvaged[name] = doc.data[name]
    return ProjectConfig.model_validate(salvaged), problems
