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
        return one_line(f"{where}:{field} {prefix}{self.message}")


def one_line(text: str) -> str:
    """Return text with its line breaks written as \\n, so a key or header holding one stays on one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


# Besides jinja2's TemplateError, what an officer's own template can raise while it renders:
# {{ 1/0 }}, {{ title + 1 }}, {{ items[99] }}, range(10**9) in the sandbox, a macro calling itself.
TEMPLATE_CODE_ERRORS: tuple[type[Exception], ...] = (
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    RecursionError,
)


def template_line(exc: BaseException, name: str) -> int | None:
    """Return the line of template ``name`` an exception was raised on, when jinja2 recorded it."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line if isinstance(line, int) else None


class ReportgenError(Exception):
    """An error in the user's inputs or environment: shown as one line, never a traceback."""


class Refusal(ReportgenError):
    """A request refused, with a line for each thing in the way (printed before the message)."""

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class InputProblems(ReportgenError):
    """Validation found errors; carries every problem found in one run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("\n".join(str(p) for p in errors))
