"""Assessment: RAG, direction of travel and benchmark position for each indicator."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .data import DataSet, Observation, Series
from .formatting import rounded
from .indicators import Indicator, Section
from .periods import FREQUENCY_KIND, Kind, Period

Rag = Literal["green", "amber", "red", "none"]
Movement = Literal["increase", "decrease", "no change"]
Performance = Literal["improved", "declined", "no change", "not assessed"]
Position = Literal["better", "worse", "similar", "not assessed"]
Status = Literal["ok", "missing", "suppressed", "no_data"]

# Symbols and words follow the seed scorecard's Key to Symbols.
SYMBOLS: dict[str, tuple[str, str]] = {
    "green": ("★", "Performance better than target"),
    "amber": ("●", "Performance worse than target"),
    "red": ("▲", "Performance significantly worse than target"),
    "no_information": ("○", "No information"),
    "missing_target": ("◇", "Missing target"),
    "no_value": ("–", "No value"),
}
SHORT_WORDS = {
    "green": "Better than target",
    "amber": "Worse than target",
    "red": "Significantly worse",
    "no_information": "No information",
    "missing_target": "Missing target",
    "no_value": "No value",
}


@dataclass(frozen=True)
class Comparison:
    """How the value moved against an earlier period."""

    period: Period
    value: float
    delta: float
    movement: Movement
    performance: Performance


@dataclass(frozen=True)
class Benchmark:
    """The value against one comparator such as the national average."""

    name: str
    value: float
    year: str | None
    position: Position


@dataclass(frozen=True)
class Cell:
    """One historic value in a scorecard row."""

    period: Period
    value: float | None
    status: Status


@dataclass(frozen=True)
class Assessment:
    """Everything judged about one indicator at the report period."""

    indicator: Indicator
    section: str
    period: Period  # the indicator's own period that was assessed
    status: Status
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str | None
    target: float | None
    tolerance: float
    rag: Rag
    symbol_key: str | None  # a key of SYMBOLS, or None when there is nothing to show
    previous: Comparison | None
    last_year: Comparison | None
    benchmarks: tuple[Benchmark, ...]
    history: tuple[Observation, ...]  # observations up to the period, for charts

    @property
    def symbol(self) -> str:
        """Return the RAG symbol, or '' when none applies."""
        return SYMBOLS[self.symbol_key][0] if self.symbol_key else ""

    @property
    def symbol_word(self) -> str:
        """Return the words that go with the symbol."""
        return SHORT_WORDS[self.symbol_key] if self.symbol_key else ""

    @property
    def has_value(self) -> bool:
        """Return whether there is a figure to talk about."""
        return self.status == "ok" and self.value is not None


def same(a: float, b: float, places: int) -> bool:
    """Return whether two values look identical once rounded for display."""
    return rounded(a, places) == rounded(b, places)


def rag_rating(value: float, target: float, tolerance: float, polarity: str, places: int) -> Rag:
    """Rate a value against its target at displayed precision.

    Green when the target is met or beaten, amber when missed by no more than the
    tolerance, red beyond it. Plan-is-best (``target``) is green within the
    tolerance either side and amber within twice it.
    """
    if polarity == "none":
        return "none"
    v = rounded(value, places)
    t = rounded(target, places)
    tol = Decimal(repr(float(tolerance)))
    if polarity == "higher":
        shortfall = t - v
    elif polarity == "lower":
        shortfall = v - t
    else:
        distance = abs(v - t)
        if distance <= tol:
            return "green"
        return "amber" if distance <= 2 * tol else "red"
    if shortfall <= 0:
        return "green"
    return "amber" if shortfall <= tol else "red"


def movement(current: float, earlier: float, places: int) -> Movement:
    """Return the raw direction of a change, judged on displayed values."""
    if same(current, earlier, places):
        return "no change"
    return "increase" if current > earlier else "decrease"


def performance(
    current: float, earlier: float, polarity: str, places: int, target: float | None = None
) -> Performance:
    """Return whether a change is an improvement, by the indicator's polarity."""
    move = movement(current, earlier, places)
    if move == "no change":
        return "no change"
    if polarity == "higher":
        return "improved" if move == "increase" else "declined"
    if polarity == "lower":
        return "improved" if move == "decrease" else "declined"
    if polarity == "target" and target is not None:
        now, before = (
            abs(rounded(current, places) - rounded(target, places)),
            abs(rounded(earlier, places) - rounded(target, places)),
        )
        if now == before:
            return "no change"
        return "improved" if now < before else "declined"
    return "not assessed"


def position(value: float, comparator: float, polarity: str, places: int) -> Position:
    """Return whether the value is better than a benchmark, by polarity."""
    if polarity not in ("higher", "lower"):
        return "not assessed"
    if same(value, comparator, places):
        return "similar"
    better = value > comparator if polarity == "higher" else value < comparator
    return "better" if better else "worse"


def _compare(
    indicator: Indicator, value: float, other: Observation | None, target: float | None
) -> Comparison | None:
    if other is None or other.status != "ok" or other.value is None:
        return None
    places = indicator.places
    return Comparison(
        period=other.period,
        value=other.value,
        delta=value - other.value,
        movement=movement(value, other.value, places),
        performance=performance(value, other.value, indicator.polarity, places, target),
    )


def _benchmarks(indicator: Indicator, value: float, period: Period) -> tuple[Benchmark, ...]:
    out = []
    fy = period.financial_year()
    for name, spec in indicator.comparators.items():
        if isinstance(spec, dict):
            usable = {k: v for k, v in spec.items() if int(k[:4]) <= fy.year}
            if not usable:
                continue
            year = max(usable, key=lambda k: int(k[:4]))
            comp, label = usable[year], year
        else:
            comp, label = float(spec), None
        out.append(Benchmark(name, comp, label, position(value, comp, indicator.polarity, indicator.places)))
    return tuple(out)


def assess_indicator(indicator: Indicator, section: str, series: Series, report_period: Period) -> Assessment:
    """Judge one indicator at the report period."""
    kind: Kind = FREQUENCY_KIND[indicator.frequency]
    period = report_period.as_kind(kind)
    obs = series.at(period)
    history = tuple(o for o in series.observations if o.period.end_index <= period.end_index)
    target = indicator.target_for(period)
    tolerance = indicator.tolerance_for(target) if target is not None else 0.0
    status: Status = "no_data" if obs is None else obs.status
    value = obs.value if obs is not None and obs.status == "ok" else None
    rag: Rag = "none"
    symbol: str | None
    previous = last_year = None
    benchmarks: tuple[Benchmark, ...] = ()
    if status == "no_data":
        symbol = "no_information"
    elif value is None:
        symbol = "no_value"
    else:
        if indicator.polarity == "none":
            symbol = None
        elif target is None:
            symbol = "missing_target" if indicator.target is not None else None
        else:
            rag = rag_rating(value, target, tolerance, indicator.polarity, indicator.places)
            symbol = rag
        previous = _compare(indicator, value, series.at(period.previous()), target)
        if kind != "year":
            last_year = _compare(indicator, value, series.at(period.year_earlier()), target)
        benchmarks = _benchmarks(indicator, value, period)
    return Assessment(
        indicator=indicator,
        section=section,
        period=period,
        status=status,
        value=value,
        numerator=obs.numerator if obs is not None else None,
        denominator=obs.denominator if obs is not None else None,
        note=obs.note if obs is not None else series.notes.get(period),
        target=target,
        tolerance=tolerance,
        rag=rag,
        symbol_key=symbol,
        previous=previous,
        last_year=last_year,
        benchmarks=benchmarks,
        history=history,
    )


def table_periods(section: Section, report_period: Period, count: int = 5) -> tuple[Period, ...]:
    """Return the column periods of a section's scorecard, oldest first.

    Columns follow the report's own frequency; a section of only annual indicators
    shows years instead, so its table is not mostly empty.
    """
    kinds = {FREQUENCY_KIND[i.frequency] for i in section.indicators}
    kind: Kind = "year" if kinds == {"year"} else report_period.kind
    last = report_period.as_kind(kind)
    return tuple(last.previous(count - 1 - i) for i in range(count))


def cell_for(indicator: Indicator, series: Series, column: Period) -> Cell:
    """Return the indicator's value shown under a column period."""
    kind: Kind = FREQUENCY_KIND[indicator.frequency]
    period = column.as_kind(kind)
    if period.end_index != column.end_index:
        return Cell(column, None, "no_data")
    obs = series.at(period)
    if obs is None:
        return Cell(column, None, "no_data")
    return Cell(column, obs.value if obs.status == "ok" else None, obs.status)


def assess_all(sections: list[Section], data: DataSet, report_period: Period) -> list[Assessment]:
    """Assess every indicator of every section, in report order."""
    return [
        assess_indicator(ind, section.title, data.get(ind.id), report_period)
        for section in sections
        for ind in section.indicators
    ]
