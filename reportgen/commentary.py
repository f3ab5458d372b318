"""Officer commentary: commentary/<period>.yaml files mapping indicator id to text.

An entry is the text itself, or a mapping with ``text`` and ``questions`` (the officer's own
questions for members, printed first in "Possible areas for investigation")::

    placements: Two of the moves were planned step-downs.
    visits:
      text: Two of the three months were recorded late.
      questions:
        - When will the new recording system be in use?
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, ReportgenError
from .files import unsafe_name
from .indicators import MAX_TEXT
from .periods import Period, parse_period
from .yaml_source import YamlDocument, load_yaml

FOLDER = "commentary"
MAX_QUESTIONS = 20  # for one indicator in one report: more is a paste, not questions


@dataclass(frozen=True)
class Commentary:
    """What an officer wrote about one indicator for the report on one period."""

    indicator_id: str
    period: Period  # the report period the file is named for
    text: str  # "" when the entry has only questions
    source: str  # commentary/2023-24-Q2.yaml:3
    questions: tuple[str, ...] = ()  # the officer's own questions for members, in the file's order


ENTRY_KEYS = ("text", "questions")


def commentary_file_name(period: Period) -> str:
    """Return the file name commentary for a report period goes in: 2023-24-Q2.yaml."""
    return period.code.replace(" ", "-") + ".yaml"


def load_commentary(
    project: Path,
    indicator_ids: list[str],
    fy_start: int,
    unchecked: Callable[[str], bool] | None = None,
) -> tuple[list[Commentary], list[Problem]]:
    """Read every commentary/*.yaml file; return the commentary and any problems found.

    ``unchecked(id)`` marks ids of indicators whose file did not load; their text is skipped.
    """
    folder = project / FOLDER
    if not folder.is_dir():
        return [], []
    files = sorted(p for p in [*folder.glob("*.yaml"), *folder.glob("*.yml")] if not p.name.startswith("."))
    found: list[Commentary] = []
    problems: list[Problem] = []
    known = set(indicator_ids)
    for path in files:
        display = path.relative_to(project).as_posix()
        if (unsafe := unsafe_name(display)) is not None:
            problems.append(Problem(display, None, "", f"expected a file name of plain text; got {unsafe}"))
            continue
        try:
            period = parse_period(path.stem, fy_start)
        except ReportgenError:
            problems.append(Problem(display, None, "", _misnamed(path.name)))
            continue
        if path.stem != commentary_file_name(period).removesuffix(".yaml"):
            # July-2023 or Q2-2023 reads as a period, but only the code is the name a build
            # looks for and an officer can tell at a glance which report it is for
            problems.append(Problem(display, None, "", _misnamed(path.name, period, path.suffix)))
            continue
        doc, errs = load_yaml(path, display)
        problems += errs
        if doc is None or doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(
                    display, 1, "", "expected a mapping of indicator id to commentary; got a list or text"
                )
            )
            continue
        for key, text in doc.data.items():
            line = doc.lines.get((key,))
            if key not in known and unchecked is not None and unchecked(str(key)):
                continue
            if key not in known:
                hint = difflib.get_close_matches(key, indicator_ids, n=1)
                suffix = f"; did you mean '{hint[0]}'?" if hint else ""
                problems.append(
                    Problem(
                        display, line, key, f"expected the id of a defined indicator; got {key!r}{suffix}"
                    )
                )
                continue
            entry = _entry(doc, key, text, display, line, problems)
            if entry is not None and (entry[0] or entry[1]):
                found.append(Commentary(key, period, entry[0], f"{display}:{line}", entry[1]))
    return found, problems


def _entry(
    doc: YamlDocument, key: str, value: object, display: str, line: int | None, problems: list[Problem]
) -> tuple[str, tuple[str, ...]] | None:
    """Return an entry's text and questions, or None (with the problem noted) when it cannot be read."""
    if isinstance(value, dict):
        for name in value:
            if name not in ENTRY_KEYS:
                hint = difflib.get_close_matches(str(name), ENTRY_KEYS, n=1)
                suffix = f"; did you mean '{hint[0]}'?" if hint else ""
                where = doc.lines.get((key, name), line)
                problems.append(
                    Problem(display, where, f"{key}.{name}", f"expected text or questions; got {name!r}{suffix}")
                )
                return None
        text = _text(value.get("text"), display, doc.lines.get((key, "text"), line), f"{key}.text", problems)
        questions = _questions(doc, key, value.get("questions"), display, line, problems)
        if text is None or questions is None:
            return None
        return text, questions
    text = _text(value, display, line, key, problems)
    return None if text is None else (text, ())


def _text(value: object, display: str, line: int | None, field: str, problems: list[Problem]) -> str | None:
    """Return one piece of text with its white space joined ("" for none), or None when it is not text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if not isinstance(value, str):
        problems.append(Problem(display, line, field, f"expected text; got {value!r}"))
        return None
    if len(value) > MAX_TEXT:
        problems.append(
            Problem(display, line, field, f"expected at most {MAX_TEXT:,} characters; got {len(value):,}")
        )
        return None
    return " ".join(value.split())


def _questions(
    doc: YamlDocument, key: str, value: object, display: str, line: int | None, problems: list[Problem]
) -> tuple[str, ...] | None:
    """Return an entry's questions (one question may be written without a list), or None when unreadable."""
    where = doc.lines.get((key, "questions"), line)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        problems.append(
            Problem(display, where, f"{key}.questions", f"expected a list of questions; got {value!r}")
        )
        return None
    if len(items) > MAX_QUESTIONS:
        problems.append(
            Problem(
                display,
                where,
                f"{key}.questions",
                f"expected at most {MAX_QUESTIONS} questions; got {len(items):,}",
            )
        )
        return None
    out: list[str] = []
    for i, item in enumerate(items):
        at = doc.lines.get((key, "questions", i), where) if not isinstance(value, str) else where
        text = _text(item, display, at, f"{key}.questions", problems)
        if text is None:
            return None
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _misnamed(name: str, period: Period | None = None, suffix: str = ".yaml") -> str:
    """Return the problem with a commentary file's name, with the name to give it when it can be told."""
    message = f"expected a file named for a report period, such as 2023-24-Q2.yaml; got {name!r}"
    if period is None:
        return message
    return f"{message} (rename it {commentary_file_name(period).removesuffix('.yaml')}{suffix})"
