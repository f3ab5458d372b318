"""The risk register: risks.yaml, each risk scored by likelihood and impact per quarter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputProblems, Problem, ReportgenError
from .indicators import MAX_TEXT, MAX_TITLE
from .periods import Period, parse_period
from .yaml_source import load_yaml, schema_problems

RISKS_FILE = "risks.yaml"
LIKELIHOOD = {5: "Highly Likely", 4: "Likely", 3: "Possible", 2: "Unlikely", 1: "Remote"}
IMPACT = {1: "Insignificant", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Critical"}
Level = Literal["Low", "Moderate", "High"]
LEVELS: tuple[tuple[Level, int, int], ...] = (("Low", 1, 6), ("Moderate", 7, 12), ("High", 13, 25))
Change = Literal["increasing", "decreasing", "no change", "new"]
# Arrows, not the scorecard's triangles, so a risk's movement is never read as a RAG symbol.
CHANGE_SYMBOLS: dict[Change, tuple[str, str]] = {
    "increasing": ("↑", "Increasing"),
    "decreasing": ("↓", "Decreasing"),
    "no change": ("↔", "No change"),
    "new": ("+", "New this quarter"),
}
CHANGE_MEANINGS: dict[Change, str] = {
    "increasing": "Risk score increasing",
    "decreasing": "Risk score decreasing",
    "no change": "No change in the risk score",
    "new": "New risk, first assessed this quarter",
}


class RiskScore(BaseModel):
    """One quarter's assessment of a risk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    likelihood: int = Field(ge=1, le=5, description="1 Remote to 5 Highly Likely.")
    impact: int = Field(ge=1, le=5, description="1 Insignificant to 5 Critical.")


class Risk(BaseModel):
    """A risk on the register and its assessment in each quarter."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TITLE)

    id: str = Field(
        pattern=r"^[A-Za-z0-9_.-]+$", description="Short reference shown in the matrix, e.g. CS1."
    )
    title: str = Field(description="What could go wrong, in a sentence.")
    owner: str = Field(description="Who manages the risk, e.g. a job title.")
    assessments: dict[str, RiskScore] = Field(
        description="Quarter (e.g. '2023-24 Q2') to likelihood and impact, each 1-5."
    )


class RiskFile(BaseModel):
    """The risks.yaml file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)

    introduction: str | None = Field(None, description="Optional paragraph under the Risk register heading.")
    risks: list[Risk] = Field(description="The risks on the register.")


@dataclass(frozen=True)
class Scored:
    """A risk's likelihood and impact in one quarter."""

    quarter: Period
    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        """Return likelihood x impact."""
        return self.likelihood * self.impact

    @property
    def level(self) -> Level:
        """Return Low, Moderate or High."""
        return level(self.score)


@dataclass(frozen=True)
class RiskEntry:
    """A loaded risk with its assessments in quarter order."""

    id: str
    title: str
    owner: str
    history: tuple[Scored, ...]


@dataclass(frozen=True)
class Register:
    """The loaded risks.yaml."""

    introduction: str | None
    risks: tuple[RiskEntry, ...]


@dataclass(frozen=True)
class RiskStatus:
    """A risk as it stands at the report period."""

    risk: RiskEntry
    current: Scored
    previous: Scored | None

    @property
    def change(self) -> Change:
        """Return how the score moved since the previous assessment."""
        if self.previous is None:
            return "new"
        if self.current.score > self.previous.score:
            return "increasing"
        if self.current.score < self.previous.score:
            return "decreasing"
        return "no change"


def level(score: int) -> Level:
    """Return the level of risk for a score of 1 to 25."""
    for name, low, high in LEVELS:
        if low <= score <= high:
            return name
    raise ValueError(f"a risk score is 1 to 25; got {score}")


def load_register(project: Path, fy_start: int) -> Register | None:
    """Read risks.yaml when the project has one; raise InputProblems naming every fault."""
    path = project / RISKS_FILE
    if not path.is_file():
        return None
    doc, problems = load_yaml(path, RISKS_FILE)
    if doc is None:
        raise InputProblems(problems)
    try:
        parsed = RiskFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputProblems(schema_problems(exc, doc, RiskFile)) from None
    entries = []
    seen: set[str] = set()
    for i, risk in enumerate(parsed.risks):
        if risk.id in seen:
            problems.append(
                Problem(
                    RISKS_FILE,
                    doc.line_of(("risks", i, "id")),
                    "id",
                    f"expected a unique id; got {risk.id!r} again",
                )
            )
        seen.add(risk.id)
        history = []
        for key, value in risk.assessments.items():
            try:
                quarter = parse_period(key, fy_start, kind_hint="quarter")
            except ReportgenError as exc:
                quarter = None
                reason = str(exc)
            if quarter is None or quarter.kind != "quarter":
                problems.append(
                    Problem(
                        RISKS_FILE,
                        doc.line_of(("risks", i, "assessments", key)),
                        "assessments",
                        f"expected a quarter such as 2023-24 Q2; got {key!r}"
                        + (f" ({reason})" if quarter is None else ""),
                    )
                )
                continue
            history.append(Scored(quarter, value.likelihood, value.impact))
        history.sort(key=lambda s: s.quarter.end_index)
        entries.append(RiskEntry(risk.id, risk.title, risk.owner, tuple(history)))
    if problems:
        raise InputProblems(problems)
    return Register(parsed.introduction, tuple(entries))


def status_at(register: Register, period: Period) -> list[RiskStatus]:
    """Return each risk as assessed by the end of ``period`` (risks not yet assessed are left out)."""
    out = []
    for risk in register.risks:
        known = [s for s in risk.history if s.quarter.end_index <= period.end_index]
        if known:
            out.append(RiskStatus(risk, known[-1], known[-2] if len(known) > 1 else None))
    return out
