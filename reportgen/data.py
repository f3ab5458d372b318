"""Data files: read long-format CSV/XLSX rows into one series per indicator."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import InputProblems, Problem, ReportgenError
from .indicators import Indicator, Section
from .periods import FREQUENCY_KIND, Period, parse_period

Status = Literal["ok", "missing", "suppressed"]
MISSING_MARKERS = {"", "-", "–", "—", "n/a", "na", "n.a.", "x", "z", "..", ":", "null", "none", "nan"}
SUPPRESSED_MARKERS = {"c", "*", "■", "supp", "suppressed"}
_SMALL_NUMBER = re.compile(r"^<\s*\d+$")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
REQUIRED_COLUMNS = ("indicator", "period", "value")
OPTIONAL_COLUMNS = ("numerator", "denominator", "note")


@dataclass(frozen=True)
class Observation:
    """One figure for one indicator and period, as read from a data file."""

    period: Period
    value: float | None
    status: Status = "ok"
    numerator: float | None = None
    denominator: float | None = None
    note: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Series:
    """Every observation of one indicator, ordered by period."""

    indicator_id: str
    observations: tuple[Observation, ...] = ()

    def at(self, period: Period) -> Observation | None:
        """Return the observation for exactly ``period``, if any."""
        for obs in self.observations:
            if obs.period == period:
                return obs
        return None

    @property
    def latest(self) -> Observation | None:
        """Return the latest observation with a value or marker."""
        return self.observations[-1] if self.observations else None


@dataclass(frozen=True)
class DataSet:
    """All series of a project, plus the files they came from."""

    series: dict[str, Series]
    files: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())

    def get(self, indicator_id: str) -> Series:
        """Return the indicator's series (empty when it has no data)."""
        return self.series.get(indicator_id, Series(indicator_id))


@dataclass
class _Row:
    location: str  # data/q.csv:12 or data/q.xlsx:Sheet1!A12 (column added per field)
    path: str
    cells: dict[str, object]
    cell_refs: dict[str, str]


def parse_cell(raw: object) -> tuple[float | None, Status]:
    """Read a value cell: a number, 81.4%, 1,119, or a missing/suppressed marker."""
    if raw is None:
        return None, "missing"
    if isinstance(raw, bool):
        raise ValueError(f"expected a number; got {raw!r}")
    if isinstance(raw, int | float):
        if raw != raw:  # NaN from a spreadsheet's empty cell
            return None, "missing"
        return float(raw), "ok"
    text = str(raw).strip().replace("\u00a0", "")
    low = text.lower()
    if low in MISSING_MARKERS:
        return None, "missing"
    if low in SUPPRESSED_MARKERS or _SMALL_NUMBER.match(low):
        return None, "suppressed"
    if text.endswith("%"):
        text = text[:-1].strip()
    if _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        return float(text.replace(",", "")), "ok"
    raise ValueError(f"expected a number or a marker such as c or n/a; got {str(raw)!r}")


def load_data(project: Path, globs: list[str], sections: list[Section], fy_start: int) -> DataSet:
    """Read every data file into series; raise InputProblems naming every bad row."""
    indicators = {ind.id: ind for s in sections for ind in s.indicators}
    files: list[Path] = []
    for pattern in globs:
        files += sorted(
            p for p in project.glob(pattern) if p.is_file() and not p.name.startswith(("~$", "."))
        )
    problems: list[Problem] = []
    if not files:
        raise InputProblems(
            [Problem("data/", None, "", f"expected data files matching {', '.join(globs)}; found none")]
        )
    collected: dict[str, dict[Period, Observation]] = {}
    for path in files:
        display = path.relative_to(project).as_posix()
        try:
            rows = list(_read_rows(path, display))
        except ReportgenError as exc:
            problems.append(Problem(display, None, "", str(exc)))
            continue
        for row in rows:
            obs, indicator, errs = _observation(row, indicators, fy_start)
            problems += errs
            if obs is None or indicator is None:
                continue
            existing = collected.setdefault(indicator.id, {}).get(obs.period)
            if existing is not None:
                if (existing.value, existing.status) != (obs.value, obs.status):
                    problems.append(
                        Problem(
                            row.path,
                            _loc(row, "value"),
                            "value",
                            f"expected one value for {indicator.id} in {obs.period.code}; got "
                            f"{_show(obs)} here and {_show(existing)} at {existing.source}",
                        )
                    )
                continue
            collected[indicator.id][obs.period] = obs
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputProblems(problems)
    series = {
        key: Series(key, tuple(sorted(obs.values(), key=lambda o: o.period.end_index)))
        for key, obs in collected.items()
    }
    return DataSet(
        series=series, files=tuple(p.relative_to(project).as_posix() for p in files), warnings=tuple(problems)
    )


def _show(obs: Observation) -> str:
    return obs.status if obs.value is None else f"{obs.value:g}"


def _loc(row: _Row, column: str) -> str:
    return row.cell_refs.get(column, row.location)


def _observation(
    row: _Row, indicators: dict[str, Indicator], fy_start: int
) -> tuple[Observation | None, Indicator | None, list[Problem]]:
    problems: list[Problem] = []
    ind_id = str(row.cells.get("indicator") or "").strip()
    if not ind_id:
        problems.append(
            Problem(
                row.path, _loc(row, "indicator"), "indicator", "expected an indicator id; got an empty cell"
            )
        )
        return None, None, problems
    indicator = indicators.get(ind_id)
    if indicator is None:
        hint = difflib.get_close_matches(ind_id, list(indicators), n=1)
        suffix = f"; did you mean '{hint[0]}'?" if hint else ""
        problems.append(
            Problem(
                row.path,
                _loc(row, "indicator"),
                "indicator",
                f"expected the id of a defined indicator; got {ind_id!r}{suffix}",
            )
        )
        return None, None, problems
    kind = FREQUENCY_KIND[indicator.frequency]
    raw_period = row.cells.get("period")
    try:
        period = parse_period(raw_period, fy_start, kind_hint=kind)
    except ReportgenError as exc:
        problems.append(Problem(row.path, _loc(row, "period"), "period", str(exc)))
        return None, indicator, problems
    if period.kind != kind:
        problems.append(
            Problem(
                row.path,
                _loc(row, "period"),
                "period",
                f"expected a {kind} for {indicator.frequency} indicator {ind_id}; got {period.code}",
            )
        )
        return None, indicator, problems
    parsed: dict[str, tuple[float | None, Status]] = {}
    for column in ("value", "numerator", "denominator"):
        try:
            parsed[column] = parse_cell(row.cells.get(column))
        except ValueError as exc:
            problems.append(Problem(row.path, _loc(row, column), column, str(exc)))
    if problems:
        return None, indicator, problems
    value, status = parsed["value"]
    num, num_status = parsed["numerator"]
    den, _ = parsed["denominator"]
    if num_status == "suppressed":
        status = "suppressed"
    if status == "suppressed":
        value = num = den = None
    elif value is None and num is not None and den:
        scale = 100 if indicator.unit == "percent" else (indicator.rate_per or 1)
        value = num / den * scale if indicator.unit in ("percent", "rate") else None
        status = "ok" if value is not None else status
    note_raw = row.cells.get("note")
    note = str(note_raw).strip() if note_raw not in (None, "") and str(note_raw).strip() else None
    return Observation(period, value, status, num, den, note, row.location), indicator, problems


def _read_rows(path: Path, display: str) -> Iterator[_Row]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _read_csv(path, display)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _read_xlsx(path, display)
    else:
        raise ReportgenError(f"expected a .csv or .xlsx file; got {path.suffix or 'no extension'}")


def _normalise_header(name: object) -> str:
    return str(name or "").strip().lower().replace(" ", "_")


def _read_csv(path: Path, display: str) -> Iterator[_Row]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ReportgenError("expected a header row; the file is empty") from None
    columns = [_normalise_header(h) for h in header]
    _check_columns(columns)
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        cells: dict[str, object] = {
            col: (record[i] if i < len(record) else "") for i, col in enumerate(columns) if col
        }
        yield _Row(f"{line}", display, cells, {})


def _check_columns(columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ReportgenError(f"expected columns {', '.join(REQUIRED_COLUMNS)}; missing {', '.join(missing)}")


def _read_xlsx(path: Path, display: str) -> Iterator[_Row]:
    import pandas as pd
    from openpyxl.utils import get_column_letter

    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise ReportgenError(f"expected a readable Excel workbook; got {type(exc).__name__}: {exc}") from None
    used = 0
    for sheet, frame in sheets.items():
        if frame.empty:
            continue
        columns = [_normalise_header(h) for h in frame.iloc[0].tolist()]
        if any(c not in columns for c in REQUIRED_COLUMNS):
            continue
        used += 1
        for r in range(1, len(frame)):
            values = frame.iloc[r].tolist()
            if all(v is None or (isinstance(v, float) and v != v) or str(v).strip() == "" for v in values):
                continue
            cells = {col: values[i] for i, col in enumerate(columns) if col}
            refs = {col: f"{sheet}!{get_column_letter(i + 1)}{r + 1}" for i, col in enumerate(columns) if col}
            yield _Row(f"{sheet}!A{r + 1}", display, cells, refs)
    if not used:
        raise ReportgenError(f"expected a sheet with columns {', '.join(REQUIRED_COLUMNS)}; found none")
