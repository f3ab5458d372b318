"""Validation: every problem a build for a period would meet, found without building."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .assess import SYMBOLS, assess_all
from .errors import Problem

if TYPE_CHECKING:
    from .periods import Period
    from .project import Project


@dataclass(frozen=True)
class Outcome:
    """What validation found: problems in files, a problem with the request, the period checked."""

    problems: tuple[Problem, ...]
    fatal: str | None = None  # e.g. a period later than the data, worded as build words it
    period: Period | None = None

    @property
    def errors(self) -> int:
        """Return the number of errors."""
        return sum(1 for p in self.problems if p.severity == "error") + (self.fatal is not None)

    @property
    def warnings(self) -> int:
        """Return the number of warnings."""
        return sum(1 for p in self.problems if p.severity == "warning")

    def lines(self) -> list[str]:
        """Return one line per problem and a closing summary."""
        out = [str(p) for p in self.problems]
        if self.fatal is not None:
            out.append(f"reportgen: error: {self.fatal}")
        summary = f"reportgen: {_count(self.errors, 'error')}, {_count(self.warnings, 'warning')}"
        if self.period is not None:
            summary += f" for {self.period.code}"
        return [*out, summary]

    @property
    def exit_code(self) -> int:
        """Return 1 when there is an error, else 0."""
        return 1 if self.errors else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def check(project: Project, period: Period) -> list[Problem]:
    """Return the warnings a build for ``period`` would give: the data's, and what the report would lack."""
    problems = list(project.data.warnings)
    section_of = {ind.id: s for s in project.sections for ind in s.indicators}
    for a in assess_all(project.sections, project.data, period, spc=project.config.spc_options):
        ind = a.indicator
        section = section_of[ind.id]
        symbol, words = SYMBOLS[a.symbol_key] if a.symbol_key else ("", "")
        if a.symbol_key == "no_information":
            problems.append(
                Problem(
                    section.source,
                    section.line(ind.id),
                    ind.id,
                    f"expected a figure for {a.period.code}; got none, so the report shows {symbol} {words}",
                    "warning",
                )
            )
        elif a.symbol_key == "missing_target":
            years = sorted(ind.target) if isinstance(ind.target, dict) else []
            problems.append(
                Problem(
                    section.source,
                    section.line(ind.id, "target"),
                    "target",
                    f"expected a target for {ind.id} in {a.period.financial_year().code}; got targets for "
                    f"{', '.join(years)} only, so the report shows {symbol} {words}",
                    "warning",
                )
            )
    return problems


def strictly(problems: list[Problem]) -> list[Problem]:
    """Return the problems with every warning made an error (--strict)."""
    return [replace(p, severity="error") for p in problems]
