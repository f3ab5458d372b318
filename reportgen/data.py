"""Data files: every layout officers use (long or wide, CSV or XLSX) read into one series per indicator."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any, Literal

from .commentary import load_commentary
from .errors import InputProblems, Problem, ReportgenError
from .files import unsafe_name
from .formatting import checked_figure
from .indicators import Indicator, Section, parse_target
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, ambiguous_quarter, parse_period
from .tables import Cell, Table, UnsavedFormula, column_letter, read_tables

if TYPE_CHECKING:
    from .config import ProjectConfig
    from .published import Council

CONFIG_FILE = "reportgen.yaml"

# low: rounds to zero but is not zero; unreliable: published as of low reliability (u), no figure
Status = Literal["ok", "missing", "suppressed", "low", "unreliable"]
MISSING_MARKERS = {"", "-", "–", "—", "n/a", "na", "n.a.", "x", "z", "..", ":", "null", "none", "nan"}
SUPPRESSED_MARKERS = {"c", "*", "■", "supp", "suppressed"}
# Markers an officer may type for "not applicable", "to follow" or a failed lookup (Excel's #N/A):
# read as no figure like a blank cell, but said so, as a figure expected may have been lost. The
# government symbols x and z (not available, not applicable) are a statement, and pass quietly.
NA_MARKERS = (MISSING_MARKERS | {"#n/a"}) - {"", "x", "z"}
# The government statistical symbols besides c, x and z (GSS guidance on symbols in tables).
LOW_MARKERS = {"low", "k"}
UNRELIABLE_MARKERS = {"u"}
# Each symbol may also be written in brackets, as published spreadsheets do: [c], [x], [low].
BRACKETED = {"c", "x", "z", "low", "k", "u"}
# Statuses whose figure exists but is not shown: nothing may be derived from them (an extreme,
# a sum that gives one away).
HIDDEN = frozenset({"suppressed", "low", "unreliable"})
_SMALL_NUMBER = re.compile(r"^<\s*\d+$")
_DIGIT = re.compile(r"\d")
MAX_NUMBER_CHARS = 100  # over twice the longest figure (-1,000,000,000,000,000.000000%) or marker
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")
ACTUAL, TARGET, POPULATION = "actual", "target", "population"
# Figures officers state rather than let reportgen work out: printed instead of a computed one.
AVERAGE_12_MONTHS, OUTTURN, YEAR_TO_DATE = "average_12_months", "outturn", "year_to_date"
STATED = (YEAR_TO_DATE, AVERAGE_12_MONTHS, OUTTURN)
COLUMNS = ("indicator", "series", "period", "value", "numerator", "denominator", "note", "provisional")
# A figure still to be revised (late recording): 82.1p in its value cell, or a provisional column.
PROVISIONAL_SUFFIX = "p"
PROVISIONAL_TRUE = {"true", "yes", "y", "p", "provisional"}
PROVISIONAL_FALSE = {"false", "no", "n", "final"}
_NUMBER_AND_LETTERS = re.compile(r"^[+-]?[\d,]*\.?\d+\s*%?\s*[a-z]+$")
_ALIASES = {"indicator_id": "indicator", "notes": "note", "commentary": "note", "comment": "note"}
MAX_PROBLEMS_PER_FILE = 100
HEADER_SEARCH_ROWS = 20  # a title or a blank line or two above the header is common in exports
# A number standing alone in text (not part of Q2, 2023/24 or 12:30); years are left out.
_NUMBER_IN_TEXT = re.compile(r"(?<![\w/.:,-])\d+(?:[.,]\d+)*(?![\w/:-]|[.,]\d)")


@dataclass(frozen=True)
class Observation:
    """One figure for one indicator and period, as read from a data file."""

    period: Period
    value: float | None
    status: Status = "ok"
    numerator: float | None = None
    denominator: float | None = None
    note: str | None = None
    source: str = ""  # data/quarterly.csv:12 or data/q.xlsx:Data!A12
    withheld: str | None = None  # suppressed only so a total cannot reveal another: the total's id
    below: int | None = None  # suppressed by a marker such as <10: the figure is fewer than this
    provisional: bool = False  # to be revised (82.1p, or the provisional column): "82.1%p" in tables


@dataclass(frozen=True)
class Series:
    """Every observation of one indicator, ordered by period."""

    indicator_id: str
    observations: tuple[Observation, ...] = ()
    notes: Mapping[Period, str] = field(default_factory=dict)  # commentary for periods with no figure
    # From published statistics (published.py): every council's figures by period, for ranks,
    # and how many of a comparator's members had a figure, by name and year key.
    peers: Mapping[Period, Peers] = field(default_factory=dict)
    counts: Mapping[str, Mapping[str, tuple[int, int]]] = field(default_factory=dict)
    # Stated figures by series name (STATED) and period; an outturn's period is its financial year.
    stated: Mapping[str, Mapping[Period, float]] = field(default_factory=dict)
    # The officers' own questions for members, from commentary files, by period.
    questions: Mapping[Period, tuple[str, ...]] = field(default_factory=dict)

    def at(self, period: Period) -> Observation | None:
        """Return the observation for exactly ``period``, if any."""
        return self._by_period.get(period)

    @cached_property
    def _by_period(self) -> dict[Period, Observation]:
        # asked for several times per indicator and period: a scan each time was quadratic
        return {obs.period: obs for obs in self.observations}

    @property
    def latest(self) -> Observation | None:
        """Return the latest observation with a value or marker."""
        return self.observations[-1] if self.observations else None


YearValues = dict[str, float]  # financial year code (2023-24) -> figure


@dataclass(frozen=True)
class Peers:
    """Every council's published figure for one period, for ranking one of them."""

    values: tuple[float, ...]  # the councils with a figure
    low: int = 0  # and those whose figure rounds to zero but is not zero

    @property
    def count(self) -> int:
        """Return how many councils have a figure."""
        return len(self.values) + self.low


@dataclass(frozen=True)
class DataSet:
    """All series of a project, the targets and comparators data files give, and the files read."""

    series: dict[str, Series]
    files: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())
    targets: dict[str, YearValues] = field(default_factory=dict)  # indicator id -> year -> target
    comparators: dict[str, dict[str, YearValues]] = field(default_factory=dict)  # id -> name -> ...
    council: Council | None = None  # whose published statistics were read (published.py)

    def get(self, indicator_id: str) -> Series:
        """Return the indicator's series (empty when it has no data)."""
        return self.series.get(indicator_id, Series(indicator_id))

    def definitions(self, sections: list[Section]) -> list[Section]:
        """Return the sections with the data files' targets and comparators added to each indicator.

        Targets and comparators are judged wherever they were written, so they join the
        definitions once here rather than every stage looking in two places.
        """
        return [
            s.model_copy(
                update={
                    "indicators": tuple(
                        ind.with_data(self.targets.get(ind.id, {}), self.comparators.get(ind.id, {}))
                        for ind in s.indicators
                    )
                }
            )
            for s in sections
        ]


def shortened(text: str, limit: int = 60) -> str:
    """Return text quoted for a message, cut to ``limit`` characters with its length when longer."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} characters)"


def parse_cell(raw: object) -> tuple[float | None, Status]:
    """Read a value cell: a number, 81.4%, 1,119, or a marker (missing, suppressed, low, unreliable)."""
    if raw is None:
        return None, "missing"
    if isinstance(raw, UnsavedFormula):
        raise ValueError(
            f"expected a saved figure; got a formula with no saved result ({shortened(str(raw), 40)}); "
            "open the file in Excel and save it"
        )
    if isinstance(raw, bool):
        raise ValueError(f"expected a number; got {raw!r}")
    if isinstance(raw, int | float):
        if raw != raw:  # NaN from a spreadsheet's empty cell
            return None, "missing"
        return checked_figure(float(raw)), "ok"
    text = str(raw).strip().replace("\u00a0", "")
    if len(text) > MAX_NUMBER_CHARS:  # before any pattern: no figure or marker is this long
        raise ValueError(f"expected a number or a marker such as c or x; got {shortened(text)}")
    low = text.lower()
    if low.startswith("[") and low.endswith("]") and low[1:-1].strip() in BRACKETED:
        low = low[1:-1].strip()
    if low in MISSING_MARKERS or low in NA_MARKERS:
        return None, "missing"
    if low in SUPPRESSED_MARKERS or _SMALL_NUMBER.match(low):
        return None, "suppressed"
    if low in LOW_MARKERS:
        return None, "low"
    if low in UNRELIABLE_MARKERS:
        return None, "unreliable"
    if text.endswith("%"):
        text = text[:-1].strip()
    if _NUMBER.match(text) and _DIGIT.search(text):
        return checked_figure(float(text.replace(",", ""))), "ok"
    if _NUMBER_AND_LETTERS.match(low):
        raise ValueError(
            f"expected a number, a number marked provisional such as 82.1{PROVISIONAL_SUFFIX}, or a marker "
            f"such as c or x; got {str(raw)!r}"
        )
    raise ValueError(f"expected a number or a marker such as c or x; got {str(raw)!r}")


def na_marker(raw: object) -> str | None:
    """Return the text of a value cell holding an NA-like marker (NA, n/a, -, .., #N/A), or None."""
    if not isinstance(raw, str) or len(raw) > MAX_NUMBER_CHARS:
        return None
    text = raw.strip().replace("\u00a0", "")
    return text if text.lower() in NA_MARKERS else None


def split_provisional(raw: object) -> tuple[object, bool]:
    """Return a value cell without its provisional mark (82.1p, 82.1%p) and whether it had one."""
    if isinstance(raw, str) and len(raw) <= MAX_NUMBER_CHARS:
        text = raw.strip().replace("\u00a0", "")
        if text[-1:].lower() == PROVISIONAL_SUFFIX:
            rest = text[:-1].rstrip()
            if rest.endswith("%"):
                rest = rest[:-1].rstrip()
            if rest and _NUMBER.match(rest) and _DIGIT.search(rest):
                return rest, True
    return raw, False


def parse_provisional(raw: object) -> bool:
    """Read a provisional column's cell: true/yes (or p) marks the figure provisional; blank or false/no does not."""
    if _blank(raw):  # type: ignore[arg-type]
        return False
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in PROVISIONAL_TRUE:
        return True
    if text in PROVISIONAL_FALSE:
        return False
    raise ValueError(f"expected true, yes, false, no or an empty cell; got {shortened(str(raw).strip())}")


# -- rows: one figure each, whatever the layout ------------------------------------------


@dataclass(slots=True)  # made once per figure: a frozen class's __init__ is twice as slow
class _Row:
    """One figure as laid out in a file: its cells by field and where each cell is."""

    path: str
    cells: dict[str, Cell]
    refs: dict[str, str]  # field -> "12" (CSV line) or "Data!C12" (XLSX cell)
    where: str  # the row: "12" or "Data!A12"

    def loc(self, column: str) -> str:
        """Return the location of a field's cell, or of the row."""
        return self.refs.get(column, self.where)

    @property
    def source(self) -> str:
        """Return 'data/q.csv:12' for messages that point at another row."""
        return f"{self.path}:{self.where}"


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_name(value: Cell) -> str:
    if not isinstance(value, str):
        return ""
    name = "_".join(value.strip().lower().replace("-", " ").split())
    return _ALIASES.get(name, name)


@dataclass(frozen=True)
class _Header:
    """A table's header row, found, and the rows of figures under it."""

    table: Table
    row: int  # the header's row number in the table
    cells: tuple[Cell, ...]
    names: list[str]  # the cells as column names: "Numerator " -> numerator
    body: list[tuple[int, tuple[Cell, ...]]]


@dataclass(frozen=True)
class Layout:
    """One way officers lay out figures in a sheet: how to tell it, and how to read it."""

    name: str
    fits: Callable[[list[str]], bool]  # given the header's column names
    read: Callable[[_Header, int], tuple[Iterable[_Row], list[Problem]]]  # header, financial year start


def _read_long(h: _Header, fy_start: int) -> tuple[Iterable[_Row], list[Problem]]:
    """Long: one row per indicator per period (indicator, period, value, ...)."""
    missing = [c for c in ("period", "value") if c not in h.names]
    if missing:
        return [], [Problem(h.table.path, None, "", _missing_columns(h.table, missing))]
    problems = _unknown_headers(h.table, h.row, h.cells, h.names, wide=False)
    return _long_rows(h.table, h.names, h.body), problems


def _read_wide(h: _Header, fy_start: int) -> tuple[Iterable[_Row], list[Problem]]:
    """Wide: one row per indicator, one column per period, as a scorecard is pasted from Excel."""
    table, names = h.table, h.names
    problems: list[Problem] = []
    periods: dict[int, Cell] = {}
    for col, (raw, name) in enumerate(zip(h.cells, names, strict=True)):
        if name in COLUMNS or _blank(raw):
            continue
        if (ambiguous := ambiguous_quarter(raw, fy_start)) is not None:
            problems.append(Problem(table.path, table.ref(h.row, col), "period", ambiguous))
            continue
        try:
            parse_period(raw, fy_start)
        except ReportgenError as exc:
            if any(ch.isdigit() for ch in str(raw)):
                problems.append(Problem(table.path, table.ref(h.row, col), "period", str(exc)))
            continue
        periods[col] = raw
    counts = [c for c in ("numerator", "denominator") if c in names]
    if counts:
        problems.append(
            Problem(
                table.path,
                table.ref(h.row, names.index(counts[0])),
                counts[0],
                "expected one column per period in a wide sheet; got a "
                f"{counts[0]} column (give counts in the long layout: indicator, period, value, "
                "numerator, denominator)",
            )
        )
    if not periods and not problems:
        return [], [Problem(table.path, None, "", _missing_columns(table, ["period", "value"]))]
    problems += _unknown_headers(table, h.row, h.cells, names, wide=True)
    return _wide_rows(table, names, periods, h.body, fy_start), problems


# The layouts a sheet may have, tried in order: the first that fits its header reads it.
LAYOUTS: tuple[Layout, ...] = (
    Layout("long", lambda names: "period" in names or "value" in names, _read_long),
    Layout("wide", lambda names: True, _read_wide),
)


def _rows_of(table: Table, fy_start: int) -> tuple[Iterable[_Row], list[Problem], bool]:
    """Split a table into figures; return the rows, problems and whether it held data at all."""
    header_index = next(
        (
            i
            for i, (_, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS])
            if "indicator" in (_header_name(c) for c in cells)
        ),
        None,
    )
    if header_index is None:
        return [], [], False
    header_row, header = table.rows[header_index]
    names = [_header_name(c) for c in header]
    body = [(n, cells) for n, cells in table.rows[header_index + 1 :] if not all(_blank(c) for c in cells)]
    problems: list[Problem] = []
    for col, name in enumerate(names):
        if name in COLUMNS and name in names[:col]:
            problems.append(
                Problem(
                    table.path,
                    table.ref(header_row, col),
                    name,
                    f"expected each column once; got a second {name} column in column "
                    f"{column_letter(col)} (the first is column {column_letter(names.index(name))})",
                )
            )
    if problems:
        return [], problems, True
    # a misspelt column (denominater) is reported once, at its header, and read as the column it
    # was meant to be: otherwise every row under it would be wrong too (no denominator, a target
    # row read as a figure)
    names = _as_meant(names)
    found = _Header(table, header_row, header, names, body)
    layout = next(layout for layout in LAYOUTS if layout.fits(names))
    rows, problems = layout.read(found, fy_start)
    return rows, problems, True


def _missing_columns(table: Table, missing: list[str]) -> str:
    where = f" in sheet {table.sheet!r}" if table.sheet else ""
    return (
        f"expected columns indicator, period and value, or indicator and one column per period "
        f"(Jun-23, 2023-24 Q1, 2023-24){where}; missing {', '.join(missing)}"
    )


def _misspelt(name: str) -> str | None:
    """Return the known column a header evidently means (numerater: numerator), or None."""
    if not name or name in COLUMNS or any(ch.isdigit() for ch in name):
        return None
    hint = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.8)
    return hint[0] if hint else None


def _as_meant(names: list[str]) -> list[str]:
    """Return the column names with each misspelt one read as the column it means, unless that is there too."""
    out = list(names)
    for col, name in enumerate(names):
        meant = _misspelt(name)
        if meant is not None and meant not in out:
            out[col] = meant
    return out


def _unknown_headers(
    table: Table, header_row: int, header: tuple[Cell, ...], names: list[str], wide: bool
) -> list[Problem]:
    """Catch a misspelt column (numerater), which would otherwise be ignored like a title column."""
    problems = []
    for col, name in enumerate(_header_name(c) for c in header):  # as written, not as meant
        if not name or name in COLUMNS or (wide and any(ch.isdigit() for ch in name)):
            continue
        hint = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.8)
        if hint:
            problems.append(
                Problem(
                    table.path,
                    table.ref(header_row, col),
                    str(header[col]).strip(),
                    f"expected a known column; got {str(header[col]).strip()!r}; did you mean '{hint[0]}'?",
                )
            )
    return problems


def _long_rows(table: Table, names: list[str], body: list[tuple[int, tuple[Cell, ...]]]) -> Iterator[_Row]:
    # made as the reader asks, so a file it stops checking (wrong on every row) costs no more rows
    columns = {name: col for col, name in reversed(list(enumerate(names))) if name in COLUMNS}
    for number, cells in body:
        values = {name: (cells[col] if col < len(cells) else None) for name, col in columns.items()}
        refs = {name: table.ref(number, col) for name, col in columns.items()}
        yield _Row(table.path, values, refs, table.ref(number, 0))


def _wide_rows(
    table: Table,
    names: list[str],
    periods: dict[int, Cell],
    body: list[tuple[int, tuple[Cell, ...]]],
    fy_start: int,
) -> Iterator[_Row]:
    ind_col = names.index("indicator")
    series_col = names.index("series") if "series" in names else None
    note_col = names.index("note") if "note" in names else None
    provisional_col = names.index("provisional") if "provisional" in names else None
    order = {col: parse_period(raw, fy_start).end_index for col, raw in periods.items()}
    for number, cells in body:

        def at(col: int | None, cells: tuple[Cell, ...] = cells) -> Cell:
            return cells[col] if col is not None and col < len(cells) else None

        filled = [col for col in periods if not _blank(at(col))]
        # A wide sheet's note and provisional columns are about the row's latest figure.
        latest = max(filled, key=lambda col: order[col]) if filled else None
        row_refs = {"indicator": table.ref(number, ind_col)}  # the same for every figure of the row
        if series_col is not None:
            row_refs["series"] = table.ref(number, series_col)
        if note_col is not None:
            row_refs["note"] = table.ref(number, note_col)
        if provisional_col is not None:
            row_refs["provisional"] = table.ref(number, provisional_col)
        for col in filled:
            values: dict[str, Cell] = {
                "indicator": at(ind_col),
                "series": at(series_col),
                "period": periods[col],
                "value": at(col),
                "note": at(note_col) if col == latest else None,
                "provisional": at(provisional_col) if col == latest else None,
            }
            cell = table.ref(number, col)
            yield _Row(table.path, values, {**row_refs, "period": cell, "value": cell}, cell)


# -- records: rows checked against the indicator definitions -------------------------------


@dataclass(slots=True)  # made once per figure: a frozen class's __init__ is twice as slow
class _Record:
    row: _Row
    key: str  # the indicator id, or a population's name
    indicator: Indicator | None  # None for a named population shared by several indicators
    series: str
    period: Period
    value: float | None
    status: Status
    numerator: float | None
    denominator: float | None
    note: str | None
    provisional: bool = False


class _Reader:
    """Turns rows into records, series, targets, comparators and populations, collecting problems."""

    def __init__(
        self, config: ProjectConfig, sections: list[Section], unchecked: Callable[[str], bool] | None = None
    ) -> None:
        self.unchecked = unchecked or (lambda _id: False)
        self.fy_start = config.financial_year_start
        self.indicators = {ind.id: ind for s in sections for ind in s.indicators}
        self.defined_in = {ind.id: s for s in sections for ind in s.indicators}
        self.comparator_names = list(
            dict.fromkeys(
                [*config.comparator_names, *(n for i in self.indicators.values() for n in i.comparators)]
            )
        )
        self.series_names = [ACTUAL, TARGET, POPULATION, *STATED, *self.comparator_names]
        self.populations = sorted({i.population for i in self.indicators.values() if i.population})
        self.problems: list[Problem] = []
        self.seen: set[Problem] = set()
        self.hints: dict[tuple[str, bool], str] = {}

    def error(
        self, row: _Row, column: str, message: str, severity: Literal["error", "warning"] = "error"
    ) -> None:
        problem = Problem(row.path, row.loc(column), column, message, severity)
        if problem not in self.seen:  # a wide row's indicator cell is the same cell for every figure
            self.seen.add(problem)
            self.problems.append(problem)

    def record(self, row: _Row) -> _Record | None:
        """Check one row's indicator, series, period and cells."""
        key = str(row.cells.get("indicator") or "").strip()
        if not key:
            self.error(row, "indicator", "expected an indicator id; got an empty cell")
            return None
        series = self.series_name(row)
        if series is None:
            return None
        indicator = self.indicators.get(key)
        if indicator is None and self.unchecked(key):
            return None  # defined in an indicators file that did not load: that file's problem
        if indicator is None and not (series == POPULATION and key in self.populations):
            suffix = self.hint(key, series == POPULATION)
            self.error(row, "indicator", f"expected the id of a defined indicator; got {key!r}{suffix}")
            return None
        period = self.period(row, indicator, series)
        if period is None:
            return None
        parsed: dict[str, tuple[float | None, Status]] = {}
        failed = False
        raw_value, provisional = split_provisional(row.cells.get("value"))
        try:
            provisional = parse_provisional(row.cells.get("provisional")) or provisional
        except ValueError as exc:
            self.error(row, "provisional", str(exc))
            failed = True
        for column in ("value", "numerator", "denominator"):
            try:
                parsed[column] = parse_cell(raw_value if column == "value" else row.cells.get(column))
            except ValueError as exc:
                self.error(row, column, str(exc))
                failed = True
        if failed:
            return None
        if (marker := na_marker(row.cells.get("value"))) is not None:
            self.error(
                row,
                "value",
                f"expected a number, or a blank cell for no figure; got {marker!r}, which is read as no figure",
                "warning",
            )
        note_raw = row.cells.get("note")
        note = " ".join(str(note_raw).split()) if not _blank(note_raw) else None
        value, status = parsed["value"]
        num, num_status = parsed["numerator"]
        den, den_status = parsed["denominator"]
        if "suppressed" in (num_status, den_status):
            # a suppressed count hides the figure too: with the other count, the figure gives it away
            status = "suppressed"
        if status in HIDDEN:
            value = num = den = None
        if provisional and (series != ACTUAL or value is None and status != "missing"):
            # a target or a marker is not revised: only a figure officers gave (or counts) can be
            self.error(
                row,
                "provisional" if "provisional" in row.cells else "value",
                f"expected a provisional mark only on an actual figure; got it on "
                f"{'a ' + series + ' row' if series != ACTUAL else 'a ' + status + ' marker'}",
            )
            return None
        return _Record(row, key, indicator, series, period, value, status, num, den, note, provisional)

    def hint(self, key: str, population: bool) -> str:
        """Return "; did you mean 'x'?" for an unknown id, worked out once per id (a wide row asks per cell)."""
        if (key, population) not in self.hints:
            choices = list(self.indicators) + (self.populations if population else [])
            hint = difflib.get_close_matches(key, choices, n=1)
            self.hints[key, population] = f"; did you mean '{hint[0]}'?" if hint else ""
        return self.hints[key, population]

    def series_name(self, row: _Row) -> str | None:
        raw = row.cells.get("series")
        if _blank(raw):
            return ACTUAL
        name = _header_name(str(raw))
        if name in self.series_names:
            return name
        hint = difflib.get_close_matches(name, self.series_names, n=1)
        suffix = f"; did you mean '{hint[0]}'?" if hint else ""
        self.error(
            row,
            "series",
            f"expected actual, target, population, {', '.join(STATED)} or a comparator name "
            f"({', '.join(self.comparator_names)}); "
            f"got {str(raw).strip()!r}{suffix}",
        )
        return None

    def period(self, row: _Row, indicator: Indicator | None, series: str) -> Period | None:
        raw = row.cells.get("period")
        kind = FREQUENCY_KIND[indicator.frequency] if indicator is not None else None
        if (ambiguous := ambiguous_quarter(raw, self.fy_start)) is not None:
            self.error(row, "period", ambiguous)
            return None
        try:
            period = parse_period(raw, self.fy_start, kind_hint=kind)
        except ReportgenError as exc:
            self.error(row, "period", str(exc))
            return None
        if indicator is None or period.kind == kind:
            return period
        if series != ACTUAL and period.kind == "year":
            return period  # a target, comparator or population for the whole financial year
        noun = PERIOD_KINDS[FREQUENCY_KIND[indicator.frequency]].noun[0]
        self.error(
            row,
            "period",
            f"expected a {noun} for {indicator.frequency} indicator {indicator.id}; got {period.code}",
        )
        return None


def load_data(
    project: Path,
    config: ProjectConfig,
    sections: list[Section],
    unchecked: Callable[[str], bool] | None = None,
) -> DataSet:
    """Read every data file and commentary into series; raise InputProblems naming every bad row.

    ``unchecked(id)`` says an id belongs to an indicators file that did not load: its rows and
    commentary are skipped rather than reported as unknown.
    """
    files: list[Path] = []
    # a published statistics file is read by the indicators that name it (published.py), not here
    published = {project / ind.source.file for s in sections for ind in s.indicators if ind.source}
    if isinstance(config.statistical_neighbours, str):
        published.add(project / config.statistical_neighbours)
    for pattern in config.data:
        try:
            found = list(project.glob(pattern))
        except (ValueError, NotImplementedError, IndexError):  # "data/a**.csv", ".": not a pattern glob takes
            raise InputProblems(
                [
                    Problem(
                        CONFIG_FILE, None, "data", f"expected a pattern such as data/*.csv; got {pattern!r}"
                    )
                ]
            ) from None
        files += sorted(
            p
            for p in found
            # not only regular files: a FIFO or a link to a device is refused when read, in one line
            if not p.is_dir() and not p.name.startswith(("~$", ".")) and p not in files and p not in published
        )
    if not files and not any(ind.source for s in sections for ind in s.indicators):
        raise InputProblems(
            [Problem("data/", None, "", f"expected data files matching {', '.join(config.data)}; found none")]
        )
    reader = _Reader(config, sections, unchecked)
    records: list[_Record] = []
    sheets_seen: set[str] = set()
    for path in files:
        display = path.relative_to(project).as_posix()
        if (unsafe := unsafe_name(display)) is not None:
            reader.problems.append(
                Problem(display, None, "", f"expected a file name of plain text; got {unsafe}")
            )
            continue
        try:
            tables = read_tables(path, display, config.sheets)
        except ReportgenError as exc:
            reader.problems.append(Problem(display, None, "", str(exc)))
            continue
        used = 0
        before = len(reader.problems)
        for table in tables:
            rows, problems, has_data = _rows_of(table, reader.fy_start)
            if not has_data and (table.sheet is None or table.chosen):
                problems = [Problem(display, None, "", _no_header(table))]
            reader.problems += problems
            used += has_data
            sheets_seen.update([table.sheet] if table.sheet else [])
            for row in rows:
                record = reader.record(row)
                if record is not None:
                    records.append(record)
                elif len(reader.problems) - before >= MAX_PROBLEMS_PER_FILE:
                    # a file wrong on every row (the wrong file, or a shifted column) says so in a
                    # screenful, not in 200,000 lines, and costs no more than reading it
                    reader.problems.append(
                        Problem(
                            display,
                            row.where,
                            "",
                            f"expected at most {MAX_PROBLEMS_PER_FILE} problems in a file; stopped checking "
                            f"{display} here (fix these and run again)",
                        )
                    )
                    break
            else:
                continue
            break
        if tables and tables[0].sheet is not None and not used and not config.sheets:
            reader.problems.append(
                Problem(display, None, "", "expected a sheet with an indicator column; found none")
            )
    if any(p.suffix.lower() in (".xlsx", ".xlsm") for p in files):
        for name in config.sheets:
            if name not in sheets_seen:
                reader.problems.append(
                    Problem(
                        CONFIG_FILE,
                        None,
                        "sheets",
                        f"expected a sheet named {name!r} in a workbook; found none",
                    )
                )
    flagged = _fractions(reader, records)  # a row refused once is checked no further (one message a row)
    records = [r for r in records if id(r) not in flagged]
    populations = _populations(reader, [r for r in records if r.series == POPULATION])
    actuals = _actuals(reader, [r for r in records if r.series == ACTUAL], populations)
    references = _references(reader, [r for r in records if r.series not in (ACTUAL, POPULATION, *STATED)])
    stated = _stated(reader, [r for r in records if r.series in STATED])
    notes, questions = _commentary(reader, project, actuals)
    # rows are checked in passes (cells, then counts and duplicates): report in file order
    rank = {path.relative_to(project).as_posix(): i for i, path in enumerate(files)}
    reader.problems.sort(
        key=lambda p: (rank[p.path], *_row_order(p.location)) if p.path in rank else (len(rank), "", 0)
    )
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors:
        raise InputProblems(reader.problems)
    series = {
        key: Series(
            key,
            tuple(sorted(actuals.get(key, {}).values(), key=lambda o: o.period.end_index)),
            notes=notes.get(key, {}),
            stated=stated.get(key, {}),
            questions=questions.get(key, {}),
        )
        for key in sorted(set(actuals) | set(notes) | set(stated) | set(questions))
    }
    order = {name: i for i, name in enumerate(reader.series_names)}  # comparators in a stable order
    return DataSet(
        series=series,
        files=tuple(p.relative_to(project).as_posix() for p in files),
        warnings=tuple(reader.problems),
        targets={key: by_name[TARGET] for key, by_name in references.items() if TARGET in by_name},
        comparators={
            key: {n: by_name[n] for n in sorted(by_name, key=order.__getitem__) if n != TARGET}
            for key, by_name in references.items()
            if set(by_name) - {TARGET}
        },
    )


def _row_order(location: str | int | None) -> tuple[str, int]:
    """Return (sheet, row) of '12' or 'Data!C12' for sorting; a file-level problem comes first."""
    text = str(location or "")
    sheet, _, cell = text.rpartition("!")
    digits = "".join(ch for ch in cell if ch.isdigit())
    return sheet, int(digits) if digits else 0


def _no_header(table: Table) -> str:
    where = f" of sheet {table.sheet!r}" if table.sheet else ""
    found = f"expected a header row with an indicator column in the first {HEADER_SEARCH_ROWS} rows{where}; found none"
    first = {_header_name(c) for c in table.rows[0][1]} if table.rows else set()
    if {"time_period", "geographic_level"} <= first:
        return found + " (it is a published statistics file: name it in an indicator's source:)"
    return found


def _show(value: float | None, status: str = "ok") -> str:
    return status if value is None else f"{value:g}"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


FRACTION_LEVEL = 5.0  # below this, a percentage of 0.5 beside figures of 2 or 3 may well be what it says
# 0.17 is taken for 17% when 17 is from a tenth of the indicator's level (a fall from 79% to 17%
# is news, a fall to 0.17% is a slip) to three times it (0.9 beside figures of 12 may be 0.9%)
FRACTION_RANGE = (0.1, 3.0)


def _fractions(reader: _Reader, records: list[_Record]) -> set[int]:
    """Refuse percentages typed as fractions (0.17 for 17%, 0.929 in a General-format Excel cell).

    Such a figure would print as 0.2% with a red RAG. It is told by the indicator's level: the
    median of its figures above 1, else (for a figure) its target or a comparator. A value at
    most 1 is taken for a fraction when a hundred times it lies near that level (FRACTION_RANGE)
    and the level is well above 1, so a genuinely small percentage (0.8% beside 2%) passes.
    Targets and comparators, in data files or YAML, are judged against the figures. Return the
    ids of the records refused.
    """
    flagged: set[int] = set()
    by_id: dict[str, list[_Record]] = {}
    for r in records:
        if r.indicator is not None and "{percent}" in r.indicator.measure.unit.sentence[0]:
            by_id.setdefault(r.indicator.id, []).append(r)
    for rows in by_id.values():
        ind = rows[0].indicator
        assert ind is not None
        above = [f for r in rows if r.series == ACTUAL and (f := _figure_of(r)) is not None and f > 1]
        level = median(above) if above else None
        around = f"around {round(level, max(ind.places, 0)):g}" if level is not None else ""
        reference, words = (level, f"its other figures ({around})") if above else _reference_level(ind, rows)
        for r in rows:
            typed = r.value if r.numerator is None and r.denominator is None else None
            if r.series == POPULATION or typed is None:
                continue
            against = (reference, words) if r.series == ACTUAL else (level, f"its figures ({around})")
            found = _fraction(typed, *against)
            if found is not None:
                # a General-format cell shows 0.929; one formatted as a percentage is read as 92.9
                tail = ", or format the cell as a percentage in Excel" if "!" in r.row.where else " or {}%"
                reader.error(r.row, "value", found[0] + tail.format(f"{found[1]:g}"))
                flagged.add(id(r))
        if level is None:
            continue
        section = reader.defined_in[ind.id]
        for name, figure in _yaml_figures(ind):
            found = _fraction(figure, level, f"its figures ({around})")
            if found is not None:
                line = section.line(ind.id, name) or section.line(ind.id, name.split(".")[0])
                reader.problems.append(Problem(section.source, line, name, found[0]))
    return flagged


def _fraction(typed: float, level: float | None, basis: str) -> tuple[str, float] | None:
    """Return the problem with a percentage typed as a fraction of one and the percentage meant, or None."""
    if level is None or level < FRACTION_LEVEL or not 0 < typed <= 1:
        return None
    percent = round(typed * 100, 10)
    if not FRACTION_RANGE[0] <= percent / level <= FRACTION_RANGE[1]:
        return None
    return (
        f"expected a percentage such as {percent:g} for {percent:g}%; got {typed:g}, which would read as "
        f"{typed:g}% against {basis}; write {percent:g}",
        percent,
    )


def _yaml_figures(ind: Indicator) -> Iterator[tuple[str, float]]:
    """Yield the single-figure targets and the comparators an indicator's YAML gives, with their field."""
    specs: list[tuple[str, object]] = [("target", ind.target)]
    specs += [(f"comparators.{name}", given) for name, given in ind.comparators.items()]
    for name, spec in specs:
        for figure in spec.values() if isinstance(spec, dict) else [spec]:
            if isinstance(figure, int | float) and not isinstance(figure, bool):
                yield name, float(figure)


def _figure_of(r: _Record) -> float | None:
    """Return a percentage record's figure: as typed, or from its counts."""
    if r.value is not None:
        return r.value
    if r.numerator is not None and r.denominator:
        return r.numerator / r.denominator * 100
    return None


def _reference_level(ind: Indicator, rows: list[_Record]) -> tuple[float | None, str]:
    """Return the highest target (YAML or data) or else comparator of a percentage, and words for it."""
    targets = [t for r in rows if r.series == TARGET and (t := r.value) is not None]
    spec = ind.target
    for item in spec.values() if isinstance(spec, dict) else [spec]:
        if item is not None:
            try:
                targets.append(parse_target(item).high)
            except ValueError:
                continue
    if targets:
        return max(targets), f"its target of {max(targets):g}"
    comparators = [
        (f, name)
        for name, given in ind.comparators.items()
        for f in (given.values() if isinstance(given, dict) else [given])
    ] + [
        (r.value, r.series)
        for r in rows
        if r.series not in (ACTUAL, TARGET, POPULATION) and r.value is not None
    ]
    if comparators:
        figure, name = max(comparators)
        return figure, f"its {name.replace('_', ' ')} comparator of {figure:g}"
    return None, ""


def _populations(reader: _Reader, records: list[_Record]) -> dict[str, dict[Period, tuple[float, str]]]:
    """Return population by name (or indicator id) and period, with where each came from."""
    out: dict[str, dict[Period, tuple[float, str]]] = {}
    for r in records:
        if r.value is None:
            continue  # a population marked n/a is no population; a rate needing it is caught later
        if r.value <= 0:
            reader.error(r.row, "value", f"expected a population above zero; got {r.value:g}")
            continue
        known = out.setdefault(r.key, {}).get(r.period)
        if known is not None:
            if not _close(known[0], r.value):
                reader.error(
                    r.row,
                    "value",
                    f"expected one population for {r.key} in {r.period.code}; got {r.value:g} here "
                    f"and {known[0]:g} at {known[1]}",
                )
            continue
        out[r.key][r.period] = (r.value, r.row.source)
    return out


def _actuals(
    reader: _Reader, records: list[_Record], populations: dict[str, dict[Period, tuple[float, str]]]
) -> dict[str, dict[Period, Observation]]:
    """Return each indicator's observations, computing values from counts and checking them."""
    out: dict[str, dict[Period, Observation]] = {}
    for r in records:
        assert r.indicator is not None
        obs = _observation(reader, r, populations)
        if obs is None:
            continue
        existing = out.setdefault(r.key, {}).get(obs.period)
        if existing is None:
            out[r.key][obs.period] = obs
            continue
        same_value = existing.status == obs.status and (
            existing.value == obs.value
            or (existing.value is not None and obs.value is not None and _close(existing.value, obs.value))
        )
        if not same_value:
            reader.error(
                r.row,
                "value",
                f"expected one value for {r.key} in {obs.period.code}; got "
                f"{_show(obs.value, obs.status)} here and {_show(existing.value, existing.status)} "
                f"at {existing.source}",
            )
            continue
        if obs.note and existing.note and obs.note != existing.note:
            reader.error(
                r.row,
                "note",
                f"expected one note for {r.key} in {obs.period.code}; got a different one at {existing.source}",
            )
            continue
        # the same figure twice (a file per quarter overlapping): keep whichever says more
        if (existing.note or not obs.note) and (existing.numerator, existing.denominator) == (
            obs.numerator,
            obs.denominator,
        ):
            continue  # nothing more (a row repeated: cheap, however many times)
        out[r.key][obs.period] = replace(
            existing,
            note=existing.note or obs.note,
            numerator=existing.numerator if existing.numerator is not None else obs.numerator,
            denominator=existing.denominator if existing.denominator is not None else obs.denominator,
        )
    return out


def _observation(
    reader: _Reader, r: _Record, populations: dict[str, dict[Period, tuple[float, str]]]
) -> Observation | None:
    """Check one actual figure and complete it from its counts (or population)."""
    ind = r.indicator
    assert ind is not None
    unit = ind.measure.unit
    value, status, num, den = r.value, r.status, r.numerator, r.denominator
    bad = False
    for column, figure in (("numerator", num), ("denominator", den)):
        if figure is not None and figure < 0:
            reader.error(r.row, column, f"expected a count of zero or more; got {figure:g}")
            bad = True
    if unit.non_negative and value is not None and value < 0:
        reader.error(r.row, "value", f"expected a {unit.noun} of zero or more; got {value:g}")
        bad = True
    if bad:
        return None
    divisor = "denominator"
    if unit.population and num is not None and den is None:
        name = ind.population or ind.id
        by_period = populations.get(name, {})
        found = by_period.get(r.period) or by_period.get(r.period.financial_year())
        if found is not None:
            den, divisor = found[0], f"population ({name})"
        elif value is None and status == "missing":
            reader.error(
                r.row,
                "denominator",
                f"expected a denominator, or a population for {name} in {r.period.code} or "
                f"{r.period.financial_year().code} (series population); got neither",
            )
            return None
    if unit.ratio is not None and num is not None and den is not None:
        if den == 0:
            reader.error(r.row, "denominator", "expected a denominator above zero; got 0")
            return None
        if unit.part_of_whole and num > den:
            reader.error(
                r.row,
                "numerator",
                f"expected a numerator no bigger than the denominator ({den:g}) for a {unit.noun}; got {num:g}",
            )
            return None
        computed = num / den * (ind.measure.per or 1)
        if value is None and status == "missing":
            value, status = computed, "ok"
        elif value is not None and abs(value - computed) > 0.5 * 10**-ind.places + 1e-9:
            reader.error(
                r.row,
                "value",
                f"expected {computed:.{ind.places}f} from numerator {num:g} and {divisor} {den:g}; "
                f"got {value:g}",
            )
            return None
    elif unit.ratio is not None and value is None and status == "missing" and num is not None:
        # (a rate's numerator alone was divided by its population above, or refused)
        reader.error(r.row, "denominator", "expected a denominator beside the numerator; got none")
        return None
    if unit.warn_above is not None and value is not None and value > unit.warn_above:
        reader.error(
            r.row, "value", f"expected a {unit.noun} of at most {unit.warn_above:g}; got {value:g}", "warning"
        )
    if status == "suppressed" and r.note and (number := number_in(r.note)):
        reader.error(r.row, "note", _note_warning(number), "warning")
    below = marker_bound(r.row.cells.get("value")) if status == "suppressed" else None
    return Observation(
        r.period, value, status, num, den, r.note, r.row.source, below=below, provisional=r.provisional
    )


def marker_bound(raw: object) -> int | None:
    """Return N of a suppression marker <N (a figure known only to be fewer than N), or None."""
    text = str(raw).strip() if isinstance(raw, str) else ""
    if len(text) <= MAX_NUMBER_CHARS and _SMALL_NUMBER.match(text):
        return int(text[1:].strip())
    return None


def number_in(text: str) -> str | None:
    """Return the first number standing alone in officer text (a year aside), or None."""
    for found in _NUMBER_IN_TEXT.finditer(text):
        digits = found.group()
        if not (len(digits) == 4 and digits[:2] in ("19", "20")):
            return digits
    return None


def _note_warning(number: str) -> str:
    return (
        f"expected no figures in a note on a suppressed value; got {number} (notes are published as "
        "written: check it cannot reveal the suppressed figure)"
    )


def _references(reader: _Reader, records: list[_Record]) -> dict[str, dict[str, YearValues]]:
    """Return targets and comparators from data files by indicator, name and financial year.

    A target or comparator applies to a whole financial year, as in the YAML; a row for a
    quarter or month gives the figure for its year (a wide sheet often repeats it per quarter).
    """
    out: dict[str, dict[str, YearValues]] = {}
    where: dict[tuple[str, str, str], str] = {}
    for r in records:
        ind = r.indicator
        assert ind is not None
        if r.value is None:
            continue  # n/a: no target or comparator for that period
        year = r.period.financial_year().code
        what = "target" if r.series == TARGET else f"{r.series} comparator"
        spec = ind.target if r.series == TARGET else ind.comparators.get(r.series)
        in_yaml = spec.get(year) if isinstance(spec, dict) else spec
        if in_yaml is not None and not (isinstance(in_yaml, int | float) and _close(float(in_yaml), r.value)):
            section = reader.defined_in[ind.id]
            reader.error(
                r.row,
                "value",
                f"expected {_figure(in_yaml)}, the {what} for {year} in "
                f"{section.where(ind.id, 'target' if r.series == TARGET else 'comparators')}; "
                f"got {r.value:g} (give each {what} in one place)",
            )
            continue
        _keep_once(
            reader,
            r,
            out.setdefault(ind.id, {}).setdefault(r.series, {}),
            year,
            where,
            f"one {what} for {ind.id} in {year}",
            f" ({what}s are set per financial year)",
        )
    return {key: {n: dict(sorted(v.items())) for n, v in by_name.items()} for key, by_name in out.items()}


def _stated(reader: _Reader, records: list[_Record]) -> dict[str, dict[str, dict[Period, float]]]:
    """Return the figures officers state (a 12-month average, an outturn) by indicator, name and period.

    An outturn is a financial year's: a row for a quarter or month gives its year's outturn.
    """
    out: dict[str, dict[str, dict[Period, float]]] = {}
    where: dict[tuple[str, str, Period], str] = {}
    for r in records:
        if r.value is None:
            continue  # n/a: nothing stated for that period
        period = r.period.financial_year() if r.series == OUTTURN else r.period
        if r.series == AVERAGE_12_MONTHS and r.indicator is not None and r.indicator.frequency != "monthly":
            reader.error(
                r.row,
                "series",
                f"expected {AVERAGE_12_MONTHS} only for a monthly indicator; got it for "
                f"{r.indicator.frequency} indicator {r.key}",
            )
            continue
        _keep_once(
            reader,
            r,
            out.setdefault(r.key, {}).setdefault(r.series, {}),
            period,
            where,
            f"one {r.series} for {r.key} in {period.code}",
        )
    return out


def _keep_once(
    reader: _Reader,
    r: _Record,
    values: dict[Any, float],
    at: Any,
    where: dict[Any, str],
    expected: str,
    why: str = "",
) -> None:
    """Keep a figure stated once for ``at`` (a year, a period); a second, different one is an error
    naming both rows, and the same figure again (a wide sheet repeating it) is no error."""
    assert r.value is not None
    known = values.get(at)
    if known is None:
        values[at] = r.value
        where[(r.key, r.series, at)] = r.row.source
    elif not _close(known, r.value):
        reader.error(
            r.row,
            "value",
            f"expected {expected}; got {r.value:g} here and {known:g} at {where[(r.key, r.series, at)]}{why}",
        )


def _figure(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else repr(value)


def _commentary(
    reader: _Reader, project: Path, actuals: dict[str, dict[Period, Observation]]
) -> tuple[dict[str, dict[Period, str]], dict[str, dict[Period, tuple[str, ...]]]]:
    """Attach commentary files to the figure each describes; keep those without a figure apart.

    Return the text with no figure to sit beside, and the officers' questions, by indicator and period.
    """
    found, problems = load_commentary(project, list(reader.indicators), reader.fy_start, reader.unchecked)
    reader.problems += problems
    loose: dict[str, dict[Period, str]] = {}
    questions: dict[str, dict[Period, tuple[str, ...]]] = {}
    seen: dict[tuple[str, Period], tuple[str, str]] = {}  # text and where it came from
    for c in found:
        ind = reader.indicators[c.indicator_id]
        # commentary for a report on Q2 sits beside the figure that report shows
        period = c.period.as_kind(FREQUENCY_KIND[ind.frequency])
        if c.questions:
            asked = questions.setdefault(ind.id, {})
            before = asked.get(period, ())
            asked[period] = before + tuple(q for q in c.questions if q not in before)
        if not c.text:
            continue
        obs = actuals.get(ind.id, {}).get(period)
        earlier = seen.get((ind.id, period))
        if earlier is None and obs is not None and obs.note:
            earlier = (obs.note, obs.source)
        if earlier is not None and earlier[0] != c.text:
            path, _, line = c.source.rpartition(":")
            reader.problems.append(
                Problem(
                    path,
                    int(line) if line.isdigit() else None,
                    ind.id,
                    f"expected one commentary for {ind.id} in {period.code}; got this and another at {earlier[1]}",
                )
            )
            continue
        seen[(ind.id, period)] = (c.text, c.source)
        if obs is not None and obs.status == "suppressed" and (number := number_in(c.text)):
            path, _, line = c.source.rpartition(":")
            where = int(line) if line.isdigit() else None
            reader.problems.append(Problem(path, where, ind.id, _note_warning(number), "warning"))
        if obs is not None:
            actuals[ind.id][period] = replace(obs, note=c.text)
        else:
            loose.setdefault(ind.id, {})[period] = c.text
    return loose, questions
