"""Units: one table of how each unit's figures are written, sized, charted and checked.

Every module asks a unit's row rather than comparing its name, so a unit that needs no
new indicator field is one row here. A row's templates are ``str.format`` strings with:

- ``{n}``: the figure as shown, without its sign (a negative figure gets ``-`` in front
  of the whole text: ``-£1,250``, ``-1.5 days``);
- ``{percent}``: the house style's percent sign, ``%`` or `` per cent``;
- ``{per}``: a rate's population base, ``10,000``;
- ``{scale}``: the currency scale's suffix, ``k``, ``m`` or ``bn`` (empty for units).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal


@dataclass(frozen=True)
class Unit:
    """Everything that varies by unit: one row of UNITS.

    Plain data only (no functions): a chart's cache key is made from the row's repr.
    """

    name: str  # as written in indicators/*.yaml
    noun: str  # one value, in messages: "expected a percentage of at most 100"
    decimals: int  # decimal places shown when the indicator does not say
    sentence: tuple[str, str]  # a value in a sentence, singular (exactly 1 as shown) and plural
    cell: str = "{n}"  # a value in a table cell and on a chart's labels
    axis: str | None = None  # a chart's axis ticks; None leaves matplotlib's own
    change: tuple[str, str] | None = None  # the size of a change, when not written as a value
    sized_by: Literal["points", "relative"] = "relative"  # which thresholds name a change's size
    ratio: int | None = None  # value = numerator / denominator x ratio; None: not a ratio
    rate_per: bool = False  # the indicator's rate_per replaces ``ratio`` (its default)
    population: bool = False  # a numerator alone is divided by a population from the data
    part_of_whole: bool = False  # the numerator counts some of the denominator, so is no bigger
    summable: bool = False  # a total_of may add figures of this unit
    non_negative: bool = False  # a figure below zero is an error
    warn_above: float | None = None  # a figure above this is a warning
    counts: str | None = None  # numerator and denominator after the value: " ({num} of {den})"
    small_when_suppressed: bool = False  # a suppressed figure is itself small: "fewer than 5"
    scaled: bool = False  # the indicator's currency_scale applies
    labelled: bool = False  # the indicator's unit_label is written after the figure ("cases per worker")


UNITS: dict[str, Unit] = {
    unit.name: unit
    for unit in (
        Unit(
            "percent",
            "percentage",
            1,
            ("{n}{percent}", "{n}{percent}"),
            cell="{n}%",
            axis="{n}%",
            change=("{n} percentage point", "{n} percentage points"),
            sized_by="points",
            ratio=100,
            part_of_whole=True,
            warn_above=100,
            counts=" ({num} of {den})",
        ),
        Unit(
            "count", "count", 0, ("{n}", "{n}"), summable=True, non_negative=True, small_when_suppressed=True
        ),
        Unit(
            "rate",
            "rate",
            1,
            ("{n} per {per}", "{n} per {per}"),
            ratio=10000,
            rate_per=True,
            population=True,
            counts=" ({num} in a population of {den})",
            labelled=True,
        ),
        Unit("days", "number of days", 1, ("{n} day", "{n} days")),
        Unit("weeks", "number of weeks", 1, ("{n} week", "{n} weeks")),
        Unit("number", "number", 1, ("{n}", "{n}"), labelled=True),
        # Negative figures are allowed: a budget variance is an overspend or an underspend.
        Unit(
            "currency",
            "sum of money",
            0,
            ("£{n}{scale}", "£{n}{scale}"),
            cell="£{n}{scale}",
            axis="£{n}{scale}",
            scaled=True,
        ),
        Unit("hours", "number of hours", 1, ("{n} hour", "{n} hours")),
        # Durations officers state in months: "9.5 months" to a plan, to permanence.
        Unit("months", "number of months", 1, ("{n} month", "{n} months")),
    )
}


@dataclass(frozen=True)
class Scale:
    """How many digits a currency figure is written without: £1.3m is millions."""

    name: str  # as written in currency_scale
    exponent: int  # the figure is divided by 10 ** exponent
    suffix: str  # written after it
    decimals: int  # decimal places shown when the indicator does not say


SCALES: dict[str, Scale] = {
    scale.name: scale
    for scale in (
        Scale("units", 0, "", 0),
        Scale("thousands", 3, "k", 0),
        Scale("millions", 6, "m", 1),
        Scale("billions", 9, "bn", 1),
    )
}


@dataclass(frozen=True)
class Measure:
    """How one indicator's figures are written: its unit, decimals, ratio and scale."""

    unit: Unit
    decimals: int  # shown, of the scaled figure: 1 in £1.3m
    per: int | None = None  # the ratio's multiplier: 100 for a percentage, rate_per for a rate
    scale: Scale = SCALES["units"]
    label: str | None = (
        None  # the indicator's unit_label: written after the figure in place of the unit's words
    )

    @property
    def places(self) -> int:
        """Return the decimal places of the unscaled figure that display keeps (-5 for £1.3m)."""
        return self.decimals - self.scale.exponent


@cache  # asked for every judgment an indicator gets; the rows are constants
def measure(
    unit: str,
    decimals: int | None,
    rate_per: int | None = None,
    scale: str | None = None,
    label: str | None = None,
) -> Measure:
    """Return the measure of an indicator's fields (decimals and scale None for the unit's defaults)."""
    row = UNITS[unit]
    chosen = SCALES[scale] if row.scaled and scale is not None else SCALES["units"]
    if decimals is None:
        decimals = chosen.decimals if row.scaled else row.decimals
    per = (rate_per or row.ratio) if row.rate_per else row.ratio
    return Measure(row, decimals, per, chosen, label if row.labelled else None)
