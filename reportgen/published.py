"""Published statistics: the government's open-data CSV files, read as downloaded, for any council.

An indicator with ``source:`` takes its figures from a file in the open data layout the
Department for Education publishes (one row per year, geography and filter, one column per
measure, every council in England). Each file is read once per build with pandas, however many
indicators name it, and each indicator's measure is indexed once; every council of a
multi-council build shares those indexes. The council is named once, as reportgen.yaml's
``la_code``; its comparators are computed, not typed: England (the National row), its region (its
own Regional row) and the average of its statistical neighbours that have a figure that year.
Every council's figure is kept for ranking (assess.py judges the rank).
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import CONFIG_FILE, ProjectConfig
from .data import HIDDEN, DataSet, Observation, Peers, Series, YearValues, parse_cell
from .errors import InputProblems, Problem, Severity
from .formatting import either
from .indicators import Indicator, Section
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Kind, Period
from .units import UNITS

if TYPE_CHECKING:
    import pandas as pd

# The columns every file in the layout has (their order differs from file to file), and those read.
STANDARD_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
NEEDED_COLUMNS = tuple(c for c in STANDARD_COLUMNS if not c.startswith("country_"))
NATIONAL, REGIONAL, LOCAL = "national", "regional", "local authority"
NEIGHBOURS = "statistical_neighbours"
COMPUTED = ("national", "regional", NEIGHBOURS)  # the comparators computed, as report.json names them
MAX_BYTES = 100 * 2**20  # the largest local-authority-level file published is a few MB
BAD_CELLS_SHOWN = 3  # a wrong column (a name, say) would otherwise give a line per council and year
READS: Counter[str] = Counter()  # files read with pandas, by path: each once per build

# time_identifier -> the kind of period it is and how time_period is written
_IDENTIFIERS = {"reporting year": "year", "financial year": "year", "academic year": "academic_year"}
_OLD_CODE = re.compile(r"^\d{3}$")
_NEW_CODE = re.compile(r"^E\d{8}$", re.I)
_SUFFIXES = ("metropolitan borough council", "borough council", "county council", "city council", "council")


@dataclass(frozen=True)
class Authority:
    """A council as the files publish it: one new_la_code, and the years it has figures for."""

    code: str  # new_la_code: E08000024
    old_code: str  # old_la_code, as the neighbour groupings number councils: 394
    name: str
    region_code: str
    region_name: str
    periods: frozenset[Period]

    @property
    def first(self) -> Period:
        """Return the first year with a figure."""
        return min(self.periods, key=lambda p: p.end_index)

    @property
    def last(self) -> Period:
        """Return the latest year with a figure."""
        return max(self.periods, key=lambda p: p.end_index)

    def described(self) -> str:
        """Return 'Sunderland (E08000024)'."""
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Neighbour:
    """A statistical neighbour: its old three-digit code (the groupings' numbering) or its new code."""

    name: str
    old_code: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Council:
    """The council a report is for, and what its comparators are made of."""

    authority: Authority
    neighbours: tuple[Neighbour, ...] = ()
    neighbours_from: str | None = None  # the groupings file, or reportgen.yaml for a list
    other_codes: tuple[
        Authority, ...
    ] = ()  # the same council (by old code or name) under another code: not mixed in
    files: tuple[str, ...] = ()  # the published files read

    @property
    def code(self) -> str:
        """Return its new_la_code."""
        return self.authority.code

    @property
    def name(self) -> str:
        """Return its name as published."""
        return self.authority.name


@dataclass
class _Measure:
    """One indicator's figures in its source, for every geography and year, indexed once."""

    path: str
    kind: Kind
    benchmark: bool
    local: dict[str, dict[Period, Observation]] = field(default_factory=dict)  # new code -> period
    by_old: dict[tuple[str, Period], str] = field(default_factory=dict)  # (old code, period) -> new code
    national: dict[Period, Observation] = field(default_factory=dict)
    regional: dict[str, dict[Period, Observation]] = field(default_factory=dict)  # region code -> ...
    peers: dict[Period, Peers] = field(default_factory=dict)


@dataclass(frozen=True)
class _Grouping:
    """One council's row of the statistical neighbour groupings."""

    name: str
    neighbours: tuple[str, ...]  # old three-digit codes, closest first


def _pandas() -> Any:
    """Import pandas without the threads numpy's OpenBLAS starts, one per core, on import.

    A build forks its workers after reading these files, and a fork must find no thread
    running (concurrency.py); reading a CSV needs no BLAS.
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    import pandas

    return pandas


def normalised(name: str) -> str:
    """Return a council's name for matching: 'St. Helens' and 'st helens' are one."""
    text = name.casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _words(text: str) -> tuple[str, ...]:
    text = normalised(text)
    for suffix in _SUFFIXES:
        if text.endswith(" " + suffix):
            text = text[: -len(suffix) - 1]
            break
    return tuple(text.split())


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Return whether ``inner``'s words appear together, in order, in ``outer``."""
    n = len(inner)
    return n > 0 and any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


class Published:
    """Every published file a project's indicators name, read once and indexed per indicator.

    ``problems`` holds every fault found: files missing or not in the layout, columns, filter
    values and codes that are not in a file (each with the nearest that are). One Published
    serves every council of a build.
    """

    def __init__(self, root: Path, config: ProjectConfig, sections: list[Section]) -> None:
        self.root = root
        self.config = config
        self.fy_start = config.financial_year_start
        self.problems: list[Problem] = []
        self.measures: dict[str, _Measure] = {}
        self.authorities: dict[str, Authority] = {}
        self.groupings: dict[str, _Grouping] = {}
        self.older_groupings: dict[str, _Grouping] = {}  # the rows under "Old SNs" at the foot
        self.files: list[str] = []
        sourced = [(s, ind) for s in sections for ind in s.indicators if ind.source is not None]
        by_file: dict[str, list[tuple[Section, Indicator]]] = {}
        for s, ind in sourced:
            assert ind.source is not None
            by_file.setdefault(Path(ind.source.file).as_posix(), []).append((s, ind))
        about: dict[str, tuple[str, ...]] = {}  # new code -> old code, name, region code and name
        for display, users in by_file.items():
            frame = self._read(display, users)
            if frame is None:
                continue
            self.files.append(display)
            lines = frame.index + 2  # the header is line 1
            periods = self._periods(display, frame, lines, users)
            if periods is None:
                continue
            for s, ind in users:
                measure = self._index(display, frame, lines, periods, s, ind)
                if measure is not None:
                    self.measures[ind.id] = measure
            self._note_authorities(frame, about)
        # a council is current in the years it has a figure (not just rows of x and z)
        figures: dict[str, set[Period]] = {}
        for measure in self.measures.values():
            for code, by_period in measure.local.items():
                known = {p for p, o in by_period.items() if o.status != "missing"}
                figures.setdefault(code, set()).update(known)
        for code, (old, name, region_code, region_name) in sorted(about.items()):
            if figures.get(code):
                self.authorities[code] = Authority(
                    code, old, name, region_code, region_name, frozenset(figures[code])
                )
        if isinstance(config.statistical_neighbours, str) and sourced:
            self._read_groupings(config.statistical_neighbours)

    # -- reading -------------------------------------------------------------------------
    def _source_problem(
        self, section: Section, ind: Indicator, key: str, message: str, severity: Severity = "error"
    ) -> None:
        where = f"source.{key}" if key else "source"
        line = section.lines.get(ind.id, {}).get(where) or section.line(ind.id, "source")
        self.problems.append(Problem(section.source, line, where, message, severity))

    def _read(self, display: str, users: list[tuple[Section, Indicator]]) -> pd.DataFrame | None:
        """Read one file (every column as text), or record why it cannot be read."""
        path = self.root / display
        if not path.is_file():
            for s, ind in users:
                self._source_problem(
                    s, ind, "file", f"expected a published statistics file; got {display!r} (not found)"
                )
            return None
        size = path.stat().st_size
        if size > MAX_BYTES:
            self.problems.append(
                Problem(
                    display,
                    None,
                    "",
                    f"expected a published statistics file of at most {MAX_BYTES // 2**20} MB; "
                    f"got {size / 2**20:.0f} MB (filter it to local authority level first)",
                )
            )
            return None
        pd = _pandas()
        READS[display] += 1
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            self.problems.append(
                Problem(
                    display,
                    None,
                    "",
                    f"expected a UTF-8 CSV file; got a byte {exc.object[exc.start]:#04x} "
                    f"that is not UTF-8 at byte {exc.start}",
                )
            )
            return None
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            reason = " ".join(str(exc).split())
            self.problems.append(Problem(display, None, "", f"expected a CSV file; got {reason}"))
            return None
        frame.columns = [str(c).strip() for c in frame.columns]
        missing = [c for c in NEEDED_COLUMNS if c not in frame.columns]
        if missing:
            self.problems.append(
                Problem(
                    display,
                    1,
                    "",
                    f"expected the published statistics layout, with the standard columns "
                    f"{', '.join(STANDARD_COLUMNS)}; missing {', '.join(missing)}",
                )
            )
            return None
        for column in NEEDED_COLUMNS:
            frame[column] = frame[column].str.strip()
        frame["geographic_level"] = frame["geographic_level"].str.lower()
        return frame

    def _periods(
        self, display: str, frame: pd.DataFrame, lines: Any, users: list[tuple[Section, Indicator]]
    ) -> list[Period | None] | None:
        """Return each row's period, from time_period and time_identifier; None when one cannot be read."""
        found: dict[tuple[str, str], Period | None] = {}
        bad = False
        pairs = list(zip(frame["time_period"], frame["time_identifier"], strict=True))
        for i, pair in enumerate(pairs):
            if pair in found:
                continue
            try:
                found[pair] = self._period(*pair)
            except _PeriodError as exc:
                found[pair] = None
                self.problems.append(Problem(display, int(lines[i]), exc.column, str(exc)))
                bad = True
        return None if bad else [found[pair] for pair in pairs]

    def _period(self, time_period: str, identifier: str) -> Period:
        """Read '2025' with 'Reporting year' (the year to 31 March 2025), '202324' with 'Financial year' or 'Academic year'."""
        kind = _IDENTIFIERS.get(identifier.strip().lower())
        if kind is None:
            raise _PeriodError(
                "time_identifier",
                f"expected {either(repr(k.capitalize()) for k in _IDENTIFIERS)}; got {identifier!r}",
            )
        reporting = identifier.strip().lower() == "reporting year"
        if kind == "year" and self.fy_start != 4:
            raise _PeriodError(
                "time_identifier",
                f"expected financial_year_start: 4 in {CONFIG_FILE}, as figures published by "
                f"{identifier.strip().lower()} run April to March; got {self.fy_start}",
            )
        text = time_period.strip()
        if reporting and re.fullmatch(r"\d{4}", text):
            return Period("year", int(text) - 1, 0, self.fy_start)
        m = re.fullmatch(r"(\d{4})(\d{2})", text)
        if not reporting and m and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
            return Period(kind, int(m.group(1)), 0, self.fy_start)
        example = "2025" if reporting else "202324"
        raise _PeriodError(
            "time_period",
            f"expected a time_period such as {example} for {identifier.strip()}; got {time_period!r}",
        )

    def _index(
        self,
        display: str,
        frame: pd.DataFrame,
        lines: Any,
        periods: list[Period | None],
        section: Section,
        ind: Indicator,
    ) -> _Measure | None:
        """Check one indicator's source against its file and index its figures."""
        src = ind.source
        assert src is not None
        header = list(frame.columns)
        others = [c for c in header if c not in STANDARD_COLUMNS]
        failed = False
        for key, column in (
            ("column", src.column),
            ("numerator", src.numerator),
            ("denominator", src.denominator),
        ):
            if column is not None and column not in header:
                self._source_problem(
                    section,
                    ind,
                    key,
                    f"expected a column of {display}; got {column!r}{_nearest(column, others)}",
                )
                failed = True
        mask = None
        for column, wanted in src.filters.items():
            if column not in header:
                self._source_problem(
                    section,
                    ind,
                    f"filters.{column}",
                    f"expected a filter column of {display}; got {column!r}{_nearest(column, others)}",
                )
                failed = True
                continue
            values = frame[column].str.strip()
            matches = values.str.casefold() == " ".join(wanted.split()).casefold()
            if not matches.any():
                choices = sorted(set(values))
                self._source_problem(
                    section,
                    ind,
                    f"filters.{column}",
                    f"expected a value of {column} in {display}; got {wanted!r}{_nearest(wanted, choices)}",
                )
                failed = True
                continue
            mask = matches if mask is None else mask & matches
        if failed:
            return None
        kind = FREQUENCY_KIND[ind.frequency]
        rows = frame.index if mask is None else frame.index[mask.to_numpy()]
        kinds = {periods[i].kind for i in rows if periods[i] is not None}  # type: ignore[union-attr]
        if kinds and kinds != {kind}:
            published = next(iter(kinds))
            wanted_frequency = PERIOD_KINDS[published].frequency
            self.problems.append(
                Problem(
                    section.source,
                    section.line(ind.id, "frequency"),
                    "frequency",
                    f"expected {wanted_frequency} for {ind.id}, whose source {display} is published by "
                    f"{PERIOD_KINDS[published].noun[0]}; got {ind.frequency}",
                )
            )
            return None
        unit = UNITS[ind.unit]
        benchmark = src.benchmark if src.benchmark is not None else not unit.summable
        measure = _Measure(display, kind, benchmark)
        read = {
            name: self._cells(display, frame, lines, rows, column)
            for name, column in (
                ("value", src.column),
                ("numerator", src.numerator),
                ("denominator", src.denominator),
            )
            if column is not None
        }
        cells = {name: found for name, found in read.items() if found is not None}
        if len(cells) < len(read):
            return None
        absent: tuple[float | None, str] = (None, "missing")
        # plain lists: a row at a time through pandas is a hundred times slower
        level, new_codes, old_codes, regions = (
            frame[c].tolist() for c in ("geographic_level", "new_la_code", "old_la_code", "region_code")
        )
        seen: dict[tuple[str, str, Period], int] = {}
        for i in rows:
            period = periods[i]
            assert period is not None
            where = level[i]
            if where == LOCAL:
                key = new_codes[i]
            elif where == REGIONAL:
                key = regions[i]
            elif where == NATIONAL:
                key = ""
            else:
                continue  # another geography (a district, a constituency): not compared here
            line = int(lines[i])
            if (where, key, period) in seen:
                self._duplicate(display, frame, section, ind, seen[(where, key, period)], line, period)
                return None
            seen[(where, key, period)] = line
            obs = _observation(
                period,
                cells["value"][i],
                cells["numerator"][i] if "numerator" in cells else absent,
                cells["denominator"][i] if "denominator" in cells else absent,
                f"{display}:{line}",
            )
            if where == LOCAL:
                measure.local.setdefault(key, {})[period] = obs
                measure.by_old[(old_codes[i], period)] = key
            elif where == REGIONAL:
                measure.regional.setdefault(key, {})[period] = obs
            else:
                measure.national[period] = obs
        if measure.benchmark:
            by_period: dict[Period, list[Observation]] = {}
            for figures in measure.local.values():
                for period, obs in figures.items():
                    by_period.setdefault(period, []).append(obs)
            measure.peers = {
                period: Peers(
                    tuple(sorted(o.value for o in found if o.status == "ok" and o.value is not None)),
                    sum(1 for o in found if o.status == "low"),
                )
                for period, found in by_period.items()
            }
        return measure

    def _cells(
        self, display: str, frame: pd.DataFrame, lines: Any, rows: Iterable[int], column: str
    ) -> dict[int, tuple[float | None, str]] | None:
        """Read a column's cells (numbers or the statistical symbols); None when some are neither."""
        parsed: dict[str, tuple[float | None, str] | str] = {}
        out: dict[int, tuple[float | None, str]] = {}
        bad: list[int] = []
        values = frame[column].tolist()
        for i in rows:
            raw = values[i]
            got = parsed.get(raw)
            if got is None:
                try:
                    got = parse_cell(raw)
                except ValueError as exc:
                    got = str(exc)
                parsed[raw] = got
            if isinstance(got, str):
                bad.append(i)
            else:
                out[i] = got
        for i in bad[:BAD_CELLS_SHOWN]:
            self.problems.append(
                Problem(
                    display,
                    int(lines[i]),
                    column,
                    f"expected a number or a statistical symbol such as c, x, z, low or u; got {values[i]!r}",
                )
            )
        if len(bad) > BAD_CELLS_SHOWN:
            self.problems.append(
                Problem(
                    display,
                    None,
                    column,
                    f"expected numbers in a measure column; got {len(bad) - BAD_CELLS_SHOWN} more cells "
                    "like those above",
                )
            )
        return None if bad else out

    def _duplicate(
        self,
        display: str,
        frame: pd.DataFrame,
        section: Section,
        ind: Indicator,
        first: int,
        line: int,
        period: Period,
    ) -> None:
        """Say that the filters leave two rows for one place and year, and which columns tell them apart."""
        a, b = frame.iloc[first - 2], frame.iloc[line - 2]
        differ = [c for c in frame.columns if c not in STANDARD_COLUMNS and a[c] != b[c]]
        filters = [c for c in differ if not _numeric(frame[c])]
        hint = (
            "; add a filter on "
            + either(f"{c} (one of {', '.join(repr(v) for v in sorted(set(frame[c]))[:4])})" for c in filters)
            if filters
            else ""
        )
        place = a["la_name"] or a["region_name"] or "England"
        self._source_problem(
            section,
            ind,
            "filters",
            f"expected filters that leave one row of {display} per place and year; got two for "
            f"{place} in {period.long_label()} (lines {first} and {line}){hint}",
        )

    def _note_authorities(self, frame: pd.DataFrame, about: dict[str, tuple[str, ...]]) -> None:
        """Record each council's old code, name and region, as the file's latest row gives them."""
        local = frame.index[(frame["geographic_level"] == LOCAL).to_numpy()]
        columns = ("new_la_code", "old_la_code", "la_name", "region_code", "region_name")
        lists = [frame[c].tolist() for c in columns]
        order = frame["time_period"].tolist()
        latest: dict[str, str] = {}
        for i in local:
            code = lists[0][i]
            # "E06000061 / E06000062": two councils publishing one figure (a children's trust),
            # which is no one council's own; it is still one of the figures a council is ranked among
            if not code or "/" in code or order[i] < latest.get(code, ""):
                continue
            latest[code] = order[i]
            about[code] = tuple(values[i] for values in lists[1:])

    def _read_groupings(self, display: str) -> None:
        """Read the DfE statistical neighbour groupings: the April 2021 layout or the newer wide one."""
        path = self.root / display
        if not path.is_file():
            self.problems.append(
                Problem(
                    CONFIG_FILE,
                    None,
                    NEIGHBOURS,
                    f"expected a statistical neighbour groupings file; got {display!r} (not found)",
                )
            )
            return
        pd = _pandas()
        READS[display] += 1
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", header=None)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
            self.problems.append(
                Problem(display, None, "", f"expected a CSV file; got {' '.join(str(exc).split())}")
            )
            return
        rows = [[str(v).strip() for v in row] for row in table.itertuples(index=False)]
        header = [h.casefold() for h in rows[0]] if rows else []
        if header[:2] == ["la num", "la name"] and "sn1" in header:
            code_col, name_col = 0, 1
            columns = [header.index(f"sn{k}") for k in range(1, 11) if f"sn{k}" in header]
        elif header[:2] == ["old_la_code", "la_name"] and "sn_1" in header:
            code_col, name_col = 0, 1
            columns = [header.index(f"sn_{k}") for k in range(1, 11) if f"sn_{k}" in header]
        else:
            self.problems.append(
                Problem(
                    display,
                    1,
                    "",
                    "expected the DfE statistical neighbour groupings, with columns LA num, LA Name, LA number, "
                    "GOInd, GOReg, SN1, SNP, ... SN10, SNP (April 2021) or old_la_code, la_name, region_ind, "
                    f"region_name, SN_1, SN_1P, ... SN_10, SN_10P; got {', '.join(rows[0][:6]) if rows else 'an empty file'}",
                )
            )
            return
        self.files.append(display)
        target = self.groupings
        for row in rows[1:]:
            code = row[code_col] if len(row) > code_col else ""
            if not code:
                if any("old" in cell.casefold() for cell in row):
                    target = self.older_groupings  # "Old SNs:": groupings of councils since reorganised
                continue
            neighbours = tuple(row[c] for c in columns if c < len(row) and row[c])
            target.setdefault(code, _Grouping(row[name_col], neighbours))

    # -- the council -----------------------------------------------------------------------------
    def resolve(
        self, text: str, field_name: str, where: str = CONFIG_FILE
    ) -> tuple[Authority | None, list[Authority], list[Problem]]:
        """Find the council a code or name means; return it, its other codes, and any problem."""
        text = text.strip()
        everyone = list(self.authorities.values())
        if _NEW_CODE.match(text):
            found = [a for a in everyone if a.code.casefold() == text.casefold()]
            kind = "new_la_code"
        elif _OLD_CODE.match(text):
            found = [a for a in everyone if a.old_code == text]
            kind = "old_la_code"
        else:
            words = _words(text)
            found = [a for a in everyone if _words(a.name) == words]
            if not found:
                found = [
                    a
                    for a in everyone
                    if _contains(words, _words(a.name)) or _contains(_words(a.name), words)
                ]
            kind = "name"
        files = self._files_named()
        if not found:
            if kind == "name":
                names = sorted({a.name for a in everyone})
                close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
                hint = f"; nearest: {', '.join(close)}" if close else ""
            else:
                codes = sorted({a.code if kind == "new_la_code" else a.old_code for a in everyone})
                close = difflib.get_close_matches(text.upper(), codes, n=3, cutoff=0.6)
                named = {a.code if kind == "new_la_code" else a.old_code: a.name for a in everyone}
                hint = f"; nearest: {', '.join(f'{c} ({named[c]})' for c in close)}" if close else ""
            return (
                None,
                [],
                [
                    Problem(
                        where,
                        None,
                        field_name,
                        f"expected a council's new_la_code, old_la_code or name in {files}; got {text!r}{hint}",
                    )
                ],
            )
        # One council (one old code) may be published under several codes: Buckinghamshire as
        # E10000002 then E06000060, Sheffield's workforce figures under a new code a year before
        # its other figures. It is the code with the latest and most figures.
        by_council: dict[str, Authority] = {}
        for a in found:
            known = by_council.get(a.old_code)
            if known is None or self._standing(a) > self._standing(known):
                by_council[a.old_code] = a
        councils = list(by_council.values())
        newest = max(a.last.end_index for a in councils)
        current = [a for a in councils if a.last.end_index == newest]
        if len(current) > 1:  # two councils today: the name does not say which
            listed = either(a.described() for a in sorted(current, key=lambda a: (a.name, a.code)))
            return (
                None,
                [],
                [
                    Problem(
                        where, None, field_name, f"expected one council; got {text!r}, which matches {listed}"
                    )
                ],
            )
        latest = current[0]
        # the council under another code (reorganised; or renumbered by one file first, as
        # Sheffield's workforce figures for 2024/25 are): named, never mixed in
        others = [
            a
            for a in everyone
            if a.code != latest.code
            and (a.old_code == latest.old_code or _words(a.name) == _words(latest.name))
        ]
        return latest, sorted(others, key=lambda a: a.first.end_index), []

    def _standing(self, a: Authority) -> tuple[int, int]:
        """Return how current a code is: its latest year, then how many figures it has then."""
        return a.last.end_index, _figures(self.measures.values(), a.code, {a.last})

    def _files_named(self) -> str:
        if not self.files:
            return "the published files"
        return self.files[0] if len(self.files) == 1 else f"{self.files[0]} (and {len(self.files) - 1} more)"

    def council(self, la_code: str | None, name_field: str = "la_code") -> tuple[Council, list[Problem]]:
        """Return the council reportgen.yaml (or --authorities) names, with its neighbours, and warnings.

        Raise InputProblems when it names none, or no single one.
        """
        if la_code is None or not la_code.strip():
            raise InputProblems(
                [
                    Problem(
                        CONFIG_FILE,
                        None,
                        "la_code",
                        "expected the council's new_la_code (such as E08000024), old_la_code (394) or name, "
                        "for the indicators with a source; got none",
                    )
                ]
            )
        authority, others, problems = self.resolve(la_code, name_field)
        if authority is None:
            raise InputProblems(problems)
        neighbours, origin, problems = self._neighbours(authority)
        if [p for p in problems if p.severity == "error"]:
            raise InputProblems(problems)
        return Council(authority, neighbours, origin, tuple(others), tuple(self.files)), problems

    def _neighbours(self, authority: Authority) -> tuple[tuple[Neighbour, ...], str | None, list[Problem]]:
        spec = self.config.statistical_neighbours
        if spec is None:
            return (), None, []
        if isinstance(spec, list):
            out, problems = [], []
            for text in spec:
                found, _earlier, trouble = self.resolve(str(text), NEIGHBOURS)
                problems += trouble
                if found is not None:
                    if _OLD_CODE.match(str(text).strip()):
                        out.append(Neighbour(found.name, old_code=found.old_code))
                    else:
                        out.append(Neighbour(found.name, code=found.code))
            return tuple(out), CONFIG_FILE, problems
        if spec not in self.files:
            return (), None, []  # the file could not be read: that is its own problem
        grouping = self.groupings.get(authority.old_code) or self.older_groupings.get(authority.old_code)
        if grouping is None:
            return (
                (),
                None,
                [
                    Problem(
                        CONFIG_FILE,
                        None,
                        NEIGHBOURS,
                        f"expected {authority.name} (old_la_code {authority.old_code}) in {spec}; not found, so "
                        "no statistical neighbour average is shown",
                        "warning",
                    )
                ],
            )
        names = {
            a.old_code: a.name for a in sorted(self.authorities.values(), key=lambda a: a.last.end_index)
        }
        fallback = {
            **{k: g.name for k, g in self.older_groupings.items()},
            **{k: g.name for k, g in self.groupings.items()},
        }
        return (
            tuple(Neighbour(names.get(c) or fallback.get(c, c), old_code=c) for c in grouping.neighbours),
            spec,
            [],
        )

    def join(
        self, data: DataSet, sections: list[Section], council: Council, warnings: list[Problem]
    ) -> DataSet:
        """Return the data with the council's published figures, comparators and peers; raise InputProblems on a clash."""
        series = dict(data.series)
        comparators = {k: dict(v) for k, v in data.comparators.items()}
        problems: list[Problem] = list(warnings)
        for section in sections:
            for ind in section.indicators:
                measure = self.measures.get(ind.id)
                if measure is None:
                    continue
                own = series.get(ind.id, Series(ind.id))
                merged = {o.period: o for o in own.observations}
                notes = dict(own.notes)
                for period, obs in measure.local.get(council.code, {}).items():
                    known = merged.get(period)
                    if known is not None:
                        if known.status != obs.status or known.value != obs.value:
                            path, _, line = known.source.rpartition(":")
                            problems.append(
                                Problem(
                                    path,
                                    line,
                                    "value",
                                    f"expected one value for {ind.id} in {period.code}; got {_shown(known)} here and "
                                    f"{_shown(obs)} at {obs.source}",
                                )
                            )
                        continue
                    note = notes.pop(period, None)  # commentary written for this figure
                    merged[period] = replace(obs, note=note) if note else obs
                counts: dict[str, dict[str, tuple[int, int]]] = {}
                if measure.benchmark:
                    computed, counts = self._comparators(measure, council)
                    given = set(ind.comparators) | set(comparators.get(ind.id, {}))
                    for name in sorted(given & set(computed)):
                        problems.append(
                            Problem(
                                section.source,
                                section.line(ind.id, "comparators")
                                if name in ind.comparators
                                else section.line(ind.id, "source"),
                                "comparators",
                                f"expected the {name} comparator for {ind.id} in one place; got it "
                                f"{'here' if name in ind.comparators else 'in a data file'}, and it is computed from {measure.path}",
                            )
                        )
                    comparators.setdefault(ind.id, {}).update({n: v for n, v in computed.items() if v})
                series[ind.id] = replace(
                    own,
                    observations=tuple(sorted(merged.values(), key=lambda o: o.period.end_index)),
                    notes=notes,
                    peers=measure.peers if measure.benchmark else {},
                    counts=counts,
                )
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise InputProblems(problems)
        files = tuple(dict.fromkeys([*data.files, *council.files]))
        return replace(
            data,
            series=series,
            comparators=comparators,
            council=council,
            files=files,
            warnings=(*data.warnings, *problems),
        )

    def _comparators(
        self, measure: _Measure, council: Council
    ) -> tuple[dict[str, YearValues], dict[str, dict[str, tuple[int, int]]]]:
        """Compute England, the region and the neighbour average for every year, keyed by year."""
        national = {
            p.year_key(): o.value
            for p, o in measure.national.items()
            if o.status == "ok" and o.value is not None
        }
        region = measure.regional.get(council.authority.region_code, {})
        regional = {
            p.year_key(): o.value for p, o in region.items() if o.status == "ok" and o.value is not None
        }
        average: YearValues = {}
        counts: dict[str, tuple[int, int]] = {}
        if council.neighbours:
            periods = {p for figures in measure.local.values() for p in figures}
            for period in sorted(periods, key=lambda p: p.end_index):
                values = []
                for n in council.neighbours:
                    code = n.code or measure.by_old.get((n.old_code or "", period))
                    obs = measure.local.get(code or "", {}).get(period)
                    if obs is not None and obs.status == "ok" and obs.value is not None:
                        values.append(obs.value)
                if values:
                    average[period.year_key()] = round(sum(values) / len(values), 10)
                    counts[period.year_key()] = (len(values), len(council.neighbours))
        computed = {"national": dict(sorted(national.items())), "regional": dict(sorted(regional.items()))}
        computed[NEIGHBOURS] = dict(sorted(average.items()))
        return computed, {NEIGHBOURS: counts} if counts else {}

    # -- every council at once ----------------------------------------------------------------------
    def _current(self, judged: set[Period]) -> list[Authority]:
        """Return the councils with a figure for a judged period, each once.

        A council published under two codes at once (one file renumbering it before the others)
        is the code with the most figures; its report names the other.
        """
        found: dict[str, Authority] = {}
        for a in self.authorities.values():
            if not a.periods & judged:
                continue
            known = found.get(a.old_code)
            if known is None or _figures(self.measures.values(), a.code, judged) > _figures(
                self.measures.values(), known.code, judged
            ):
                found[a.old_code] = a
        return list(found.values())

    def select(
        self, spec: str, period: Period, kinds: Iterable[Kind]
    ) -> tuple[list[Authority], list[Problem]]:
        """Return the councils ``--authorities`` names (all, a region, or codes and names), by name."""
        judged = {period.as_kind(k) for k in kinds}
        current = self._current(judged)
        text = spec.strip()
        if text.casefold() == "all":
            return sorted(current, key=lambda a: a.name), []
        wanted = normalised(text)
        in_region = [
            a
            for a in current
            if wanted in (normalised(a.region_name), a.region_code.casefold())
            or normalised(a.region_name).endswith(" " + wanted)  # London: Inner and Outer London
        ]
        if in_region:
            return sorted(in_region, key=lambda a: a.name), []
        chosen: list[Authority] = []
        problems: list[Problem] = []
        for item in text.split(","):
            if not item.strip():
                continue
            found, _earlier, trouble = self.resolve(item, "authorities", "--authorities")
            problems += trouble
            if found is not None and found not in chosen:
                chosen.append(found)
        if not chosen and not problems:
            regions = sorted({a.region_name for a in current})
            problems.append(
                Problem(
                    "--authorities",
                    None,
                    "authorities",
                    f"expected all, a region ({', '.join(regions)}) or council codes; got {spec!r}",
                )
            )
        return chosen, problems


class _PeriodError(ValueError):
    """A row's time_period or time_identifier cannot be read; ``column`` says which."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _figures(measures: Iterable[_Measure], code: str, periods: set[Period]) -> int:
    """Return how many figures a council has in these periods across the measures."""
    return sum(
        1
        for m in measures
        for p in periods
        if (o := m.local.get(code, {}).get(p)) is not None and o.status != "missing"
    )


def _observation(
    period: Period,
    value: tuple[float | None, str],
    numerator: tuple[float | None, str],
    denominator: tuple[float | None, str],
    source: str,
) -> Observation:
    """Make one published figure; a suppressed count behind it suppresses it too, as the source intends."""
    statuses = (value[1], numerator[1], denominator[1])
    if "suppressed" in statuses:
        return Observation(period, None, "suppressed", source=source)
    if value[1] in HIDDEN or value[1] == "missing":
        return Observation(period, None, value[1], source=source)  # type: ignore[arg-type]
    return Observation(
        period,
        value[0],
        "ok",
        numerator[0] if numerator[1] == "ok" else None,
        denominator[0] if denominator[1] == "ok" else None,
        source=source,
    )


def _numeric(column: Any) -> bool:
    """Return whether a column holds figures (so is a measure, not a filter)."""
    sample = [v for v in column[:50] if v]
    return bool(sample) and all(re.fullmatch(r"-?[\d.,]+|[a-z\[\]]{1,5}", v) for v in sample)


def _nearest(text: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(text, choices, n=3, cutoff=0.5)
    return f"; nearest: {', '.join(repr(c) for c in close)}" if close else ""


def _shown(obs: Observation) -> str:
    return obs.status if obs.value is None else f"{obs.value:g}"
