"""The one exception root and the problem records that validation collects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, located as precisely as the file allows."""

    path: str
    location: str | int | None
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path if self.location in (None, "") else f"{self.path}:{self.location}"
        prefix = "warning: " if self.severity == "warning" else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {prefix}{self.message}"


class ReportgenError(Exception):
    """An error in the user's inputs or environment: shown as one line, never a traceback."""


class InputProblems(ReportgenError):
    """Validation found errors; carries every problem found in one run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in errors))
