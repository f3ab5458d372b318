"""Officer commentary: commentary/<period>.yaml files mapping indicator id to text."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, ReportgenError
from .files import unsafe_name
from .indicators import MAX_TEXT
from .periods import Period, parse_period
from .yaml_source import load_yaml

FOLDER = "commentary"


@dataclass(frozen=True)
class Commentary:
    """What an officer wrote about one indicator for the report on one period."""

    indicator_id: str
    period: Period  # the report period the file is named for
    text: str
    source: str  # commentary/2023-24-Q2.yaml:3


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
            if text is None or (isinstance(text, str) and not text.strip()):
                continue
            if not isinstance(text, str):
                problems.append(Problem(display, line, key, f"expected text; got {text!r}"))
                continue
            if len(text) > MAX_TEXT:
                problems.append(
                    Problem(
                        display, line, key, f"expected at most {MAX_TEXT:,} characters; got {len(text):,}"
                    )
                )
                continue
            found.append(Commentary(key, period, " ".join(text.split()), f"{display}:{line}"))
    return found, problems


def _misnamed(name: str, period: Period | None = None, suffix: str = ".yaml") -> str:
    """Return the problem with a commentary file's name, with the name to give it when it can be told."""
    message = f"expected a file named for a report period, such as 2023-24-Q2.yaml; got {name!r}"
    if period is None:
        return message
    return f"{message} (rename it {commentary_file_name(period).removesuffix('.yaml')}{suffix})"
