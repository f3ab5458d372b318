"""The one exception root and the problem records that validation collects."""

from __future__ import annotations

import re
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


# What a terminal acts on or shows out of order: C0 and C1 controls (ESC starts an escape
# sequence), bidirectional overrides, lone surrogates. Tab is left as it is.
_UNSHOWABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def one_line(text: str) -> str:
    """Return text on one line and safe for a terminal: line breaks as \\n, other controls as \\x1b or \\u202e.

    A key, header or file name holding one stays on one line, and no escape sequence in a file
    name reaches the officer's terminal.
    """
    return _UNSHOWABLE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    ch = found.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


# Besides jinja2's TemplateError, what an officer's own template can raise while it renders:
# {{ 1/0 }}, {{ title + 1 }}, {{ items[99] }}, range(10**9) in the sandbox, a macro calling itself.
TEMPLATE_CODE_ERRORS: tuple[type[Exception], ...] = (
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    RecursionError,
    MemoryError,  # a value too big to make at all; the sandbox refuses the usual ways to ask for one
)


def template_message(exc: BaseException) -> str:
    """Return what went wrong in an officer's template, on one line."""
    text = " ".join(str(exc).split())
    return text if text else "ran out of memory" if isinstance(exc, MemoryError) else type(exc).__name__


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
