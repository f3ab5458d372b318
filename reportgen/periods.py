"""Reporting periods: months, quarters and financial years, parsed and labelled."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from .errors import ReportgenError

Kind = Literal["month", "quarter", "year"]
FREQUENCY_KIND: dict[str, Kind] = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
KIND_ORDER: dict[Kind, int] = {"month": 0, "quarter": 1, "year": 2}  # finer first

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
    """A month, a quarter of a financial year, or a financial year.

    ``year`` is the calendar year for a month and the year the financial year starts
    in for a quarter or a year; ``number`` is the month (1-12), the quarter (1-4) or 0.
    """

    kind: Kind
    year: int
    number: int
    fy_start: int = 4

    # -- calendar arithmetic ------------------------------------------------------
    def start_month(self) -> tuple[int, int]:
        """Return (year, month) of the first calendar month in the period."""
        if self.kind == "month":
            return self.year, self.number
        offset = 0 if self.kind == "year" else (self.number - 1) * 3
        return _add_months(self.year, self.fy_start, offset)

    def end_month(self) -> tuple[int, int]:
        """Return (year, month) of the last calendar month in the period."""
        length = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        y, m = self.start_month()
        return _add_months(y, m, length - 1)

    @cached_property
    def end_index(self) -> int:
        """Months since year 0 of the period's last month: a sort key across kinds."""
        y, m = self.end_month()
        return y * 12 + m - 1

    def previous(self, steps: int = 1) -> Period:
        """Return the period ``steps`` periods of the same kind earlier."""
        if self.kind == "year":
            return Period("year", self.year - steps, 0, self.fy_start)
        if self.kind == "quarter":
            idx = self.year * 4 + self.number - 1 - steps
            return Period("quarter", idx // 4, idx % 4 + 1, self.fy_start)
        y, m = _add_months(self.year, self.number, -steps)
        return Period("month", y, m, self.fy_start)

    def year_earlier(self, years: int = 1) -> Period:
        """Return the same period ``years`` years earlier."""
        return Period(self.kind, self.year - years, self.number, self.fy_start)

    def financial_year(self) -> Period:
        """Return the financial year the period ends in."""
        y, m = self.end_month()
        return Period("year", y if m >= self.fy_start else y - 1, 0, self.fy_start)

    def as_kind(self, kind: Kind) -> Period:
        """Return the latest period of ``kind`` that has ended by the end of this one."""
        if kind == self.kind:
            return self
        y, m = self.end_month()
        if kind == "month":
            return Period("month", y, m, self.fy_start)
        fy = self.financial_year()
        if kind == "year":
            last = Period("year", fy.year, 0, self.fy_start)
            return last if last.end_index <= self.end_index else last.previous()
        months_in = (y * 12 + m) - (fy.year * 12 + self.fy_start) + 1  # 1..12
        q = months_in // 3
        if q == 0:
            return Period("quarter", fy.year - 1, 4, self.fy_start)
        return Period("quarter", fy.year, q, self.fy_start)

    # -- labels ----------------------------------------------------------------------
    def fy_label(self, sep: str = "/") -> str:
        """Return the financial year label, e.g. 2023/24 (or 2023 for calendar years)."""
        if self.fy_start == 1:
            return str(self.year)
        return f"{self.year}{sep}{(self.year + 1) % 100:02d}"

    @property
    def code(self) -> str:
        """Return the canonical data-file spelling: 2023-09, 2023-24 Q2 or 2023-24."""
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.fy_label('-')} Q{self.number}"
        return self.fy_label("-")

    @property
    def slug(self) -> str:
        """Return a folder-safe name: 2023-09, Q2-2023 or 2023-24."""
        if self.kind == "quarter":
            return f"Q{self.number}-{self.year}"
        return self.code

    def short_label(self, sep: str = "/") -> str:
        """Return a column heading: Sep-23 for months and quarters, 2023/24 for years."""
        if self.kind == "year":
            return self.fy_label(sep)
        y, m = self.end_month()
        return f"{MONTHS[m - 1][:3]}-{y % 100:02d}"

    def long_label(self, sep: str = "/") -> str:
        """Return the label used in sentences: September 2023, Quarter 2 2023/24, 2023/24."""
        if self.kind == "month":
            return f"{MONTHS[self.number - 1]} {self.year}"
        if self.kind == "quarter":
            return f"Quarter {self.number} {self.fy_label(sep)}"
        return self.fy_label(sep)

    def end_label(self) -> str:
        """Return the month the period ends in, e.g. September 2023."""
        y, m = self.end_month()
        return f"{MONTHS[m - 1]} {y}"

    def __str__(self) -> str:
        return self.code


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + month - 1 + n
    return idx // 12, idx % 12 + 1


_FY = r"(?P<fy>\d{4})\s*[-/]\s*(?P<fy2>\d{2}|\d{4})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
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
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        if kind in ("quarter", "year") and g.get("fy2") is not None:
            fy, fy2 = int(g["fy"]), g["fy2"]
            expected = fy + 1
            ok = int(fy2) == expected if len(fy2) == 4 else int(fy2) == expected % 100
            if not ok:
                if kind == "year" and len(fy2) == 2 and 1 <= int(fy2) <= 12:
                    return _coerce(Period("month", fy, int(fy2), fy_start), kind_hint, s)
                continue
            if kind == "year" and len(fy2) == 2 and 1 <= int(fy2) <= 12 and kind_hint == "month":
                return Period("month", fy, int(fy2), fy_start)
        if kind == "quarter":
            return _coerce(Period("quarter", int(g["fy"]), int(g["q"]), fy_start), kind_hint, s)
        if kind == "year":
            return _coerce(Period("year", int(g["fy"]), 0, fy_start), kind_hint, s)
        year = int(g["y"])
        if year < 100:
            year += 2000
        if g.get("mn") is not None:
            month = _MONTH_LOOKUP.get(g["mn"].lower())
            if month is None:
                continue
        else:
            month = int(g["m"])
        if not 1 <= month <= 12:
            continue
        return _coerce(Period("month", year, month, fy_start), kind_hint, s)
    raise ReportgenError(f"expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got {s!r}")


def _coerce(period: Period, kind_hint: Kind | None, text: str) -> Period:
    """Turn a month that closes a quarter or year into that quarter or year."""
    if kind_hint is None or kind_hint == period.kind or period.kind != "month":
        return period
    candidate = period.as_kind(kind_hint)
    if candidate.end_index == period.end_index:
        return candidate
    raise ReportgenError(f"expected a {kind_hint} or the month one ends in; got {text!r}")
