"""One place for how numbers, units, changes and dates are written (en-GB)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from .periods import Period
from .units import Measure

# Figures are held within this either side of zero: beyond any council's figures, and small enough
# for ``rounded`` (28 significant digits) to stay exact with four decimal places.
MAX_FIGURE = 1e15
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


# A provisional figure (to be revised as late recording comes in): its mark in a table cell, its
# word in sentences, and the key line a table that shows the mark carries.
PROVISIONAL_MARK = "p"
PROVISIONAL_WORD = "provisional"
PROVISIONAL_KEY = f"{PROVISIONAL_MARK}: {PROVISIONAL_WORD}"

PLAIN = HouseStyle()  # tables and charts: "%" whatever the house style of sentences


def checked_figure(value: float) -> float:
    """Return ``value`` when it is a finite figure within MAX_FIGURE either side of zero; else raise ValueError."""
    if not math.isfinite(value) or abs(value) >= MAX_FIGURE:
        raise ValueError(
            f"expected a number smaller than {MAX_FIGURE:,.0f} either side of zero; got {value:g}"
        )
    return value + 0.0  # -0.0 becomes 0.0


def rounded(value: float, decimals: int, exponent: int = 0) -> Decimal:
    """Round half away from zero, as officers and Excel do (not banker's rounding).

    ``exponent`` divides by a power of ten first, exactly: 1,250,000 at 6 is 1.25, so 1.3.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).scaleb(-exponent).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value: float, decimals: int = 0) -> str:
    """Write a number with thousands separators: 1,119 or 81.4."""
    r = rounded(value, decimals)
    if r == 0:
        r = abs(r)  # never print -0.0
    return f"{r:,.{decimals}f}"


def _fill(template: str, digits: str, measure: Measure, style: HouseStyle) -> str:
    """Fill one of a unit's templates (see units.py) with a figure's digits, unsigned."""
    return template.format(
        n=digits,
        percent="%" if style.percent == "%" else " per cent",
        per=number(measure.per) if measure.per is not None else "",
        scale=measure.scale.suffix,
    )


def _written(forms: tuple[str, str], value: float, measure: Measure, style: HouseStyle) -> str:
    """Write a value in one of a unit's templates, singular when it shows as exactly 1."""
    shown = rounded(value, measure.decimals, measure.scale.exponent)
    form = forms[0] if abs(shown) == 1 else forms[1]
    text = _fill(form, f"{abs(shown):,.{measure.decimals}f}", measure, style)
    return "-" + text if shown < 0 else text


def _labelled(forms: tuple[str, str], measure: Measure) -> tuple[str, str]:
    """Return a unit's sentence forms, or the indicator's unit_label after the figure: 4.2 cases per worker."""
    return forms if measure.label is None else ("{n} " + measure.label, "{n} " + measure.label)


def quantity(value: float, measure: Measure, style: HouseStyle) -> str:
    """Write a value with its unit for sentences: 81.4%, 65.6 per 10,000, 1.4 days, £1.3m."""
    return _written(_labelled(measure.unit.sentence, measure), value, measure, style)


def own_precision(value: float, measure: Measure) -> Measure:
    """Return the measure a set figure (a target, a band's end) is written in: its own decimals.

    A target of 121 is "121 days", not "121.0 days"; one of 2.5 keeps its place; never more
    places than the indicator's figures show.
    """
    for decimals in range(0, max(measure.decimals, 0) + 1):
        if rounded(value, decimals, measure.scale.exponent) == rounded(
            value, measure.decimals, measure.scale.exponent
        ):
            return replace(measure, decimals=decimals)
    return measure


def target_quantity(value: float, measure: Measure, style: HouseStyle) -> str:
    """Write a target for sentences in its own precision: 121 days, 90%, 2.5 days."""
    return quantity(value, own_precision(value, measure), style)


def target_cell(value: float, measure: Measure) -> str:
    """Write a target for a table cell in its own precision: 121, 90%, 2.5."""
    return cell(value, own_precision(value, measure))


def cell(value: float, measure: Measure) -> str:
    """Write a value for a table cell or a chart label: 81.4%, 65.6, 1.4, 1,119, £1.3m."""
    return _written((measure.unit.cell, measure.unit.cell), value, measure, PLAIN)


def titled(title: str, measure: Measure) -> str:
    """Write an indicator's title for a table, with its unit_label when it has one: Caseload (cases per worker)."""
    return f"{title} ({measure.label})" if measure.label else title


def marked(text: str, provisional: bool) -> str:
    """Write a table cell's figure with the provisional mark when it is provisional: 82.1%p."""
    return text + PROVISIONAL_MARK if provisional else text


def rounds_to_zero(measure: Measure, style: HouseStyle | None = None) -> str:
    """Write a figure that rounds to zero but is not zero: 'fewer than 0.5', 'less than 0.05%'.

    That is, below half the last digit the indicator shows; with no style, as a table cell
    writes it: '<0.05%'. Never 0, and never a figure a reader could work with.
    """
    finer = replace(measure, decimals=measure.decimals + 1)
    half = 5 * 10.0 ** -(measure.places + 1)
    if style is None:
        return "<" + cell(half, finer)
    return f"{'fewer' if measure.unit.summable else 'less'} than {quantity(half, finer, style)}"


def rank_ordinal(n: int) -> str:
    """Return a rank as digits: 1st, 2nd, 12th, 152nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def change(delta: float, measure: Measure, style: HouseStyle) -> str:
    """Write the size of a change: percentage points for percentages, else in the unit."""
    return _written(
        _labelled(measure.unit.change or measure.unit.sentence, measure), abs(delta), measure, style
    )


def percent_change(delta: float, earlier: float, style: HouseStyle) -> str:
    """Write a change as a share of the earlier figure, unsigned, to one decimal: 11.9%."""
    sign = "%" if style.percent == "%" else " per cent"
    return f"{number(abs(delta) / abs(earlier) * 100, 1)}{sign}"


def axis_tick(value: float, measure: Measure, decimals: int | None = None) -> str:
    """Write a chart's axis tick in the unit's axis template: £1.25m, 12,500, 17.5%.

    ``decimals`` gives every tick of an axis the same places (16.0%, 16.5%); without it a tick
    has the digits it needs.
    """
    # a tick is a round number, but arrives as a float such as 0.30000000000000004
    tick = Decimal(repr(round(float(value), 9))).scaleb(-measure.scale.exponent).normalize()
    if decimals is not None:
        tick = tick.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = _fill(measure.unit.axis or "{n}", f"{abs(tick):,f}", measure, PLAIN)
    return "-" + text if tick < 0 else text


def either(options: Iterable[str]) -> str:
    """Write choices for a description: 'monthly, quarterly or annual'."""
    items = list(options)
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else "".join(items)


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
