"""`reportgen indicators`: one aligned line per indicator, with the latest period that has data."""

from __future__ import annotations

from pathlib import Path

from .project import Project, load_project

HEADER = ("id", "section", "unit", "polarity", "frequency", "latest")


def indicator_rows(project: Project) -> list[tuple[str, ...]]:
    """Return id, section, unit, polarity, frequency and latest period with data, in report order."""
    rows: list[tuple[str, ...]] = []
    for section in project.sections:
        for ind in section.indicators:
            reported = [o for o in project.data.get(ind.id).observations if o.status != "missing"]
            latest = reported[-1].period.code if reported else "none"
            rows.append((ind.id, section.title, ind.unit, ind.polarity, ind.frequency, latest))
    return rows


def indicator_table(root: Path) -> list[str]:
    """Load the project and return its indicators as a plain aligned table, header first."""
    rows = [HEADER, *indicator_rows(load_project(root.resolve()))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
