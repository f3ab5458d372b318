"""Reporting periods: months, quarters, financial years and academic years, parsed and labelled."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .errors import ReportgenError

Kind = str  # a key of PERIOD_KINDS: "month", "quarter", "year"


@dataclass(frozen=True)
class PeriodKind:
    """Everything that varies by kind of period: one row of PERIOD_KINDS.

    Labels are ``str.format`` templates with ``{year}`` (the calendar year for a month, the
    year its year starts in otherwise), ``{number}`` (the month 1-12, the quarter 1-4, or 0 for
    a kind that fills its year), ``{month}`` (its first month's name), ``{end}`` (its last
    month, Sep-23), ``{fy}`` (the financial year, 2023/24, or 2023 when years are calendar
    years) and ``{span}`` (the two years it spans, 2023/24, always).
    """

    name: Kind  # Period.kind
    frequency: str  # an indicator's frequency in indicators/*.yaml
    months: int  # how long one is; divides 12
    start: int | None  # the month its years begin; None for the project's financial_year_start
    order: int  # finer first: a report for one kind covers indicators of its order or finer
    noun: tuple[str, str]  # in prose, one and many: "the previous quarter", "four quarters"
    chart_points: int  # periods on a trend chart
    extreme_window: int  # periods a value must outlast to be the highest or lowest "for a while"
    table_columns: int  # periods a scorecard shows when its columns are of this kind
    code: str  # data-file spelling, written with "-": 2023-24 Q2
    slug: str  # folder name: Q2-2023
    long_label: str  # in sentences: Quarter 2 2023/24
    short_label: str  # a column heading: Sep-23
    # "in ..." in a sentence: None writes "in" and the long label; an academic year says more
    prose: str | None = None

    @property
    def per_year(self) -> int:
        """Return how many fit in a year."""
        return 12 // self.months

    @property
    def yearly(self) -> bool:
        """Return whether one fills a year (no 'same period last year' within it)."""
        return self.per_year == 1


PERIOD_KINDS: dict[Kind, PeriodKind] = {
    kind.name: kind
    for kind in (
        PeriodKind(
            "month",
            "monthly",
            1,
            1,
            0,
            ("month", "months"),
            13,
            6,  # half a year: "the highest since October 2022" said of a figure in May 2023
            5,
            code="{year}-{number:02d}",
            slug="{year}-{number:02d}",
            long_label="{month} {year}",
            short_label="{end}",
        ),
        PeriodKind(
            "quarter",
            "quarterly",
            3,
            None,
            1,
            ("quarter", "quarters"),
            9,
            4,
            5,
            code="{fy} Q{number}",
            slug="Q{number}-{year}",
            long_label="Quarter {number} {fy}",
            short_label="{end}",
        ),
        PeriodKind(
            "year",
            "annual",
            12,
            None,
            2,
            ("year", "years"),
            6,
            3,
            5,
            code="{fy}",
            slug="{fy}",
            long_label="{fy}",
            short_label="{fy}",
        ),
        # September to August, as schools count: its years are its own, whatever the financial
        # year, so its targets and comparators are keyed by its own span (see Period.year_key).
        PeriodKind(
            "academic_year",
            "academic_year",
            12,
            9,
            2,
            ("school year", "school years"),
            6,
            3,
            5,
            code="{span} AY",
            slug="{span}-AY",
            long_label="{span} academic year",
            short_label="{span} AY",
            prose="in the {span} school year",
        ),
    )
}
FREQUENCY_KIND: dict[str, Kind] = {kind.frequency: kind.name for kind in PERIOD_KINDS.values()}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_LOOKUP = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_LOOKUP.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)})
_MONTH_LOOKUP["sept"] = 9


@dataclass(frozen=True)
class Period:
    """A month, a quarter of a financial year, or a financial year (a kind of PERIOD_KINDS).

    ``year`` is the calendar year for a month and the year the financial year starts
    in for a quarter or a year; ``number`` is the month (1-12), the quarter (1-4) or 0.
    """

    kind: Kind
    year: int
    number: int
    fy_start: int = 4

    @property
    def spec(self) -> PeriodKind:
        """Return the row of PERIOD_KINDS for the period's kind."""
        return PERIOD_KINDS[self.kind]

    # -- calendar arithmetic ------------------------------------------------------
    @cached_property
    def start_index(self) -> int:
        """Months since year 0 of the period's first month."""
        spec = self.spec
        slot = self.number - 1 if spec.per_year > 1 else 0
        return self.year * 12 + (spec.start or self.fy_start) - 1 + slot * spec.months

    def start_month(self) -> tuple[int, int]:
        """Return (year, month) of the first calendar month in the period."""
        return _year_month(self.start_index)

    def end_month(self) -> tuple[int, int]:
        """Return (year, month) of the last calendar month in the period."""
        return _year_month(self.end_index)

    @cached_property
    def end_index(self) -> int:
        """Months since year 0 of the period's last month: a sort key across kinds."""
        return self.start_index + self.spec.months - 1

    def previous(self, steps: int = 1) -> Period:
        """Return the period ``steps`` periods of the same kind earlier."""
        return _starting(self.kind, self.start_index - steps * self.spec.months, self.fy_start)

    def year_earlier(self, years: int = 1) -> Period:
        """Return the same period ``years`` years earlier."""
        return Period(self.kind, self.year - years, self.number, self.fy_start)

    def financial_year(self) -> Period:
        """Return the financial year the period ends in."""
        return _containing("year", self.end_index, self.fy_start)

    def year_key(self) -> str:
        """Return the year a target or comparator for the period is keyed by, written 2023-24.

        That is the financial year it ends in, except for a kind whose years are its own (an
        academic year), keyed by its own span: the 2023/24 academic year's target is "2023-24",
        although it ends in August 2024, in financial year 2024-25.
        """
        if self.spec.yearly and self.spec.start is not None:
            return self._span("-")
        return self.financial_year().code

    def as_kind(self, kind: Kind) -> Period:
        """Return the latest period of ``kind`` that has ended by the end of this one."""
        if kind == self.kind:
            return self
        found = _containing(kind, self.end_index, self.fy_start)
        return found if found.end_index == self.end_index else found.previous()

    def first(self, kind: Kind) -> Period:
        """Return the first period of ``kind`` that starts within this one: Q1 of a year."""
        found = _containing(kind, self.start_index, self.fy_start)
        return found if found.start_index == self.start_index else found.previous(-1)

    # -- labels ----------------------------------------------------------------------
    def fy_label(self, sep: str = "/") -> str:
        """Return the financial year label, e.g. 2023/24 (or 2023 for calendar years)."""
        if self.fy_start == 1:
            return str(self.year)
        return self._span(sep)

    def _span(self, sep: str) -> str:
        return f"{self.year}{sep}{(self.year + 1) % 100:02d}"

    def _label(self, template: str, sep: str) -> str:
        """Fill one of the kind's label templates (see PeriodKind)."""
        y, m = self.end_month()
        return template.format(
            year=self.year,
            number=self.number,
            month=MONTHS[self.start_month()[1] - 1],
            end=f"{MONTHS[m - 1][:3]}-{y % 100:02d}",
            fy=self.fy_label(sep),
            span=self._span(sep),
        )

    @property
    def code(self) -> str:
        """Return the canonical data-file spelling: 2023-09, 2023-24 Q2 or 2023-24."""
        return self._label(self.spec.code, "-")

    @property
    def slug(self) -> str:
        """Return a folder-safe name: 2023-09, Q2-2023 or 2023-24."""
        return self._label(self.spec.slug, "-")

    def short_label(self, sep: str = "/") -> str:
        """Return a column heading: Sep-23 for months and quarters, 2023/24 for years."""
        return self._label(self.spec.short_label, sep)

    def long_label(self, sep: str = "/") -> str:
        """Return the label used in sentences: September 2023, Quarter 2 2023/24, 2023/24."""
        return self._label(self.spec.long_label, sep)

    def prose_label(self, sep: str = "/") -> str:
        """Return the period as a sentence writes it after a verb: in 2023/24, in the 2023/24 school year."""
        if self.spec.prose is None:
            return f"in {self.long_label(sep)}"
        return self._label(self.spec.prose, sep)

    def end_label(self) -> str:
        """Return the month the period ends in, e.g. September 2023."""
        y, m = self.end_month()
        return f"{MONTHS[m - 1]} {y}"

    def __str__(self) -> str:
        return self.code


def _year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _starting(kind: Kind, index: int, fy_start: int) -> Period:
    """Return the period of ``kind`` whose first month is ``index`` (months since year 0)."""
    spec = PERIOD_KINDS[kind]
    year, within = divmod(index - ((spec.start or fy_start) - 1), 12)
    return Period(kind, year, within // spec.months + 1 if spec.per_year > 1 else 0, fy_start)


def _containing(kind: Kind, index: int, fy_start: int) -> Period:
    """Return the period of ``kind`` that the month ``index`` falls in."""
    spec = PERIOD_KINDS[kind]
    offset = (index - ((spec.start or fy_start) - 1)) % spec.months
    return _starting(kind, index - offset, fy_start)


# The spellings of each kind, tried in order. Groups: fy and fy2 (a span such as 2023-24,
# checked to be consecutive years) or y (a calendar year) give the year; q or m (a number) or
# mn (a month's name) give the number; neither means 0, a kind that fills its year.
MAX_PERIOD_CHARS = 40  # "Financial year 2023/2024 quarter 2" is 34; every spelling below is shorter
_FY = r"(?P<fy>\d{4})\s*[-/]\s*(?P<fy2>\d{2}|\d{4})"
_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    ("academic_year", re.compile(rf"^{_FY}\s*(?:AY|academic\s+year)$", re.I)),
    ("academic_year", re.compile(rf"^(?:AY|academic\s+year)\s*{_FY}$", re.I)),
    ("quarter", re.compile(rf"^(?:FY\s*)?{_FY}\s*[-_ ]?\s*Q(?P<q>[1-4])$", re.I)),
    ("quarter", re.compile(rf"^Q(?P<q>[1-4])\s*[-_ ]?\s*(?:FY\s*)?{_FY}$", re.I)),
    ("quarter", re.compile(r"^Q(?P<q>[1-4])\s*[-_ ]\s*(?P<fy>\d{4})$", re.I)),
    ("quarter", re.compile(r"^(?P<fy>\d{4})\s*[-_ ]\s*Q(?P<q>[1-4])$", re.I)),
    ("year", re.compile(rf"^(?:FY\s*)?{_FY}$", re.I)),
    ("month", re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-\d{1,2})?(?:[ T]00:00(?::00)?)?$")),
    ("month", re.compile(r"^(?P<mn>[A-Za-z]{3,9})[-\s']+(?P<y>\d{2}|\d{4})$")),
    ("month", re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$")),
]


def parse_period(text: object, fy_start: int = 4, kind_hint: Kind | None = None) -> Period:
    """Parse a period written in any of the spellings officers use (see _parse_period)."""
    if isinstance(text, str):
        text = text.strip()
        _too_long(text)  # before the cache, which would keep it, and before any pattern
    try:
        return _parse_cached(text, fy_start, kind_hint)
    except TypeError:  # an unhashable value: parse it uncached, to get the usual error
        return _parse_period(text, fy_start, kind_hint)


@lru_cache(maxsize=4096)  # a data file repeats the same few dozen period headings thousands of times
def _parse_cached(text: object, fy_start: int, kind_hint: Kind | None) -> Period:
    return _parse_period(text, fy_start, kind_hint)


def _parse_period(text: object, fy_start: int = 4, kind_hint: Kind | None = None) -> Period:
    """Parse a period written in any of the spellings officers use.

    ``kind_hint`` (the indicator's frequency) settles ambiguous text such as 2011-12
    (December 2011 or 2011/12) and turns a quarter-end month such as Jun-23 into the
    quarter it ends when the indicator is quarterly.
    """
    if isinstance(text, dt.datetime | dt.date):
        period = Period("month", text.year, text.month, fy_start)
        return _coerce(period, kind_hint, f"{text:%Y-%m-%d}")
    s = str(text).strip()
    if not s:
        raise ReportgenError("expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got ''")
    _too_long(s)
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        if g.get("fy2") is not None:
            fy, fy2 = int(g["fy"]), g["fy2"]
            month_too = kind == "year" and len(fy2) == 2 and 1 <= int(fy2) <= 12  # 2011-12: December 2011
            expected = fy + 1
            ok = int(fy2) == expected if len(fy2) == 4 else int(fy2) == expected % 100
            if not ok:
                if month_too:
                    return _coerce(Period("month", fy, int(fy2), fy_start), kind_hint, s)
                continue
            if month_too and kind_hint == "month":
                return Period("month", fy, int(fy2), fy_start)
        found = _matched(kind, g, fy_start)
        if found is not None:
            return _coerce(found, kind_hint, s)
    raise ReportgenError(f"expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got {s!r}")


# A quarter with one year: Q2-2023 is the CLI's (and the output folder's) name for 2023-24 Q2,
# but in a data file exported from elsewhere "Q4 2021" as often means October to December 2021.
_ONE_YEAR_QUARTER = re.compile(
    r"^(?:Q(?P<q>[1-4])\s*[-_ ]\s*(?P<y>\d{4})|(?P<y2>\d{4})\s*[-_ ]\s*Q(?P<q2>[1-4]))$", re.I
)


def ambiguous_quarter(text: object, fy_start: int) -> str | None:
    """Return why a data file's quarter written with one year (Q4 2021) cannot be read, or None.

    It is the 4th quarter of calendar 2021 or of financial year 2021/22; the message names both
    and the spellings that say which. Calendar years (financial_year_start 1) have one reading.
    """
    if fy_start == 1 or not isinstance(text, str) or len(text) > MAX_PERIOD_CHARS:
        return None  # too long to be a period (parse_period says so), before the pattern backtracks
    m = _ONE_YEAR_QUARTER.match(text.strip())
    if m is None:
        return None
    number, year = int(m["q"] or m["q2"]), int(m["y"] or m["y2"])
    of_year = Period("quarter", year, number, fy_start)
    first = year * 12 + (number - 1) * 3  # the calendar quarter's first month, months since year 0
    calendar = _starting("quarter", first, fy_start)
    codes = [of_year.code]
    if calendar.start_index == first:  # one of the project's quarters (always, with April years)
        codes.insert(0, calendar.code)
    return (
        f"expected a quarter written with its financial year ({' or '.join(codes)}); got {text.strip()!r}, "
        f"which could be {_months(first)} {year} (quarter {number} of calendar year {year}) or "
        f"{_months(of_year.start_index)} {of_year.end_month()[0]} (quarter {number} of financial year "
        f"{of_year.fy_label()})"
    )


def _months(first: int) -> str:
    """Return 'October to December' for the three months from ``first`` (months since year 0)."""
    return f"{MONTHS[first % 12]} to {MONTHS[(first + 2) % 12]}"


def _too_long(s: str) -> None:
    """Refuse text too long to be a period before any pattern sees it (some backtrack on long runs of spaces)."""
    if len(s) > MAX_PERIOD_CHARS:
        raise ReportgenError(
            f"expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got {s[:MAX_PERIOD_CHARS]!r}… "
            f"({len(s):,} characters)"
        )


def _matched(kind: Kind, groups: dict[str, str | None], fy_start: int) -> Period | None:
    """Return the period a pattern's groups name, or None when its number is out of range."""
    if groups.get("fy") is not None:
        year = int(groups["fy"] or 0)
    else:
        year = int(groups["y"] or 0)
        year += 2000 if year < 100 else 0
    if groups.get("mn") is not None:
        number = _MONTH_LOOKUP.get((groups["mn"] or "").lower(), 0)
    else:
        number = int(groups.get("q") or groups.get("m") or 0)
    per_year = PERIOD_KINDS[kind].per_year
    if not (number == 0 if per_year == 1 else 1 <= number <= per_year):
        return None
    return Period(kind, year, number, fy_start)


def _coerce(period: Period, kind_hint: Kind | None, text: str) -> Period:
    """Turn a month that closes a quarter or year into that quarter or year."""
    if kind_hint is None or kind_hint == period.kind or period.kind != "month":
        return period
    candidate = period.as_kind(kind_hint)
    if candidate.end_index == period.end_index:
        return candidate
    raise ReportgenError(
        f"expected a {PERIOD_KINDS[kind_hint].noun[0]} or the month one ends in; got {text!r}"
    )
