"""One place for how numbers, units, changes and dates are written (en-GB)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .periods import Period

# Figures are held within this either side of zero: beyond any council's figures, and small enough
# for ``rounded`` (28 significant digits) to stay exact with four decimal places.
MAX_FIGURE = 1e15
DEFAULT_DECIMALS = {"percent": 1, "rate": 1, "count": 0, "days": 1, "weeks": 1, "number": 1}
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]


@dataclass(frozen=True)
class HouseStyle:
    """The project's writing conventions, set in reportgen.yaml."""

    percent: str = "%"  # "%" or "per cent"
    year_separator: str = "/"  # 2023/24 or 2023-24
    idiom: bool = False  # "positively below the target"
    suppressed_text: str = "fewer than 5"


def checked_figure(value: float) -> float:
    """Return ``value`` when it is a finite figure within MAX_FIGURE either side of zero; else raise ValueError."""
    if not math.isfinite(value) or abs(value) >= MAX_FIGURE:
        raise ValueError(
            f"expected a number smaller than {MAX_FIGURE:,.0f} either side of zero; got {value:g}"
        )
    return value + 0.0  # -0.0 becomes 0.0


def rounded(value: float, decimals: int) -> Decimal:
    """Round half away from zero, as officers and Excel do (not banker's rounding)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: float, decimals: int = 0) -> str:
    """Write a number with thousands separators: 1,119 or 81.4."""
    r = rounded(value, decimals)
    if r == 0:
        r = abs(r)  # never print -0.0
    return f"{r:,.{decimals}f}"


def unit_suffix(unit: str, rate_per: int | None, style: HouseStyle, value: Decimal | None) -> str:
    """Return what follows the number in running text for the unit."""
    if unit == "percent":
        return "%" if style.percent == "%" else " per cent"
    if unit == "rate":
        return f" per {number(rate_per or 10000)}"
    if unit in ("days", "weeks"):
        singular = value is not None and abs(value) == 1
        return " " + (unit[:-1] if singular else unit)
    return ""


def quantity(value: float, unit: str, decimals: int, style: HouseStyle, rate_per: int | None = None) -> str:
    """Write a value with its unit for sentences: 81.4%, 65.6 per 10,000, 1.38 days."""
    text = number(value, decimals)
    return text + unit_suffix(unit, rate_per, style, rounded(value, decimals))


def cell(value: float, unit: str, decimals: int) -> str:
    """Write a value for a table cell: 81.4%, 65.6, 1.38, 1,119."""
    text = number(value, decimals)
    return text + "%" if unit == "percent" else text


def change(delta: float, unit: str, decimals: int, style: HouseStyle, rate_per: int | None = None) -> str:
    """Write the size of a change: percentage points for percentages, else in the unit."""
    size = abs(delta)
    if unit == "percent":
        text = number(size, decimals)
        return f"{text} percentage point" + ("" if rounded(size, decimals) == 1 else "s")
    return quantity(size, unit, decimals, style, rate_per)


def ordinal(n: int) -> str:
    """Return 'second' for 2, and '12th' beyond twelve."""
    if 1 <= n <= len(ORDINALS):
        return ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(value: dt.date) -> str:
    """Write a date as 14 November 2023."""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def period_label(period: Period, style: HouseStyle) -> str:
    """Write a period for running text: Quarter 2 2023/24, September 2023, 2023/24."""
    return period.long_label(style.year_separator)


def column_label(period: Period, style: HouseStyle) -> str:
    """Write a period as a table column heading."""
    return period.short_label(style.year_separator)


def capitalise(text: str) -> str:
    """Upper-case the first letter only (keeps acronyms such as CP intact)."""
    return text[:1].upper() + text[1:] if text else text


def slugify(text: str, fallback: str = "report") -> str:
    """Return a lower-case name safe for files and HTML ids: Children's Care -> childrens-care."""
    text = text.replace("'", "").replace("\u2019", "")
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:80] or fallback
