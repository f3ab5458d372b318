"""Assessment: RAG, direction of travel and benchmark position for each indicator."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from .data import HIDDEN, DataSet, Observation, Peers, Series
from .formatting import rounded
from .indicators import Indicator, Section, Target
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Kind, Period
from .spc import SpcOptions, SpcResult, analyse, applies, recalculation_periods
from .units import UNITS

Rag = Literal["green", "amber", "red", "none"]
Movement = Literal["increase", "decrease", "no change"]
Performance = Literal["improved", "declined", "no change", "not assessed"]
Position = Literal["better", "worse", "similar", "not assessed"]
Status = Literal["ok", "missing", "suppressed", "low", "unreliable", "no_data"]
QUARTILES = "ABCD"  # A the best quarter of councils, D the worst, as the DfE's benchmarking tool bands them

# Symbols follow the seed scorecard's Key to Symbols. Its words for ▲ ("significantly worse than
# target") are not used: ▲ means a shortfall beyond the tolerance, which may be slight in size, and
# the text sizes every gap ("slightly worse than the target of 1.6%"), so the two would disagree.
SYMBOLS: dict[str, tuple[str, str]] = {
    "green": ("★", "Performance better than target"),
    "amber": ("●", "Performance worse than target, within tolerance"),
    "red": ("▲", "Performance worse than target, outside tolerance"),
    "no_information": ("○", "No information"),
    "missing_target": ("◇", "Missing target"),
    "no_value": ("–", "No value"),
}
SHORT_WORDS = {
    "green": "Better than target",
    "amber": "Worse than target",
    "red": "Outside tolerance",
    "no_information": "No information",
    "missing_target": "Missing target",
    "no_value": "No value",
}


Magnitude = Literal["no change", "marginal", "slight", "notable", "significant"]


@dataclass(frozen=True)
class Thresholds:
    """Where a change stops being marginal, slight or notable (the project can set them)."""

    points: tuple[float, float, float] = (0.5, 2.0, 5.0)  # percentage points, for percentages
    relative: tuple[float, float, float] = (2.0, 5.0, 15.0)  # per cent of the earlier value, otherwise


@dataclass(frozen=True)
class Comparison:
    """How the value moved against an earlier period."""

    period: Period
    value: float
    delta: float
    movement: Movement
    performance: Performance
    magnitude: Magnitude = "no change"


@dataclass(frozen=True)
class Benchmark:
    """The value against one comparator such as the national average."""

    name: str
    value: float
    year: str | None
    position: Position
    count: int | None = None  # an average of some members of a group: how many had a figure
    of: int | None = None  # and how many the group has (9 of 10 statistical neighbours)
    gap: Magnitude = "no change"  # how far the value is from it, in the bands of a change


@dataclass(frozen=True)
class Rank:
    """Where the figure stands among every council with one that year: 1 is the best."""

    position: int
    of: int
    quartile: str  # A (the best quarter) to D
    tied: bool = False  # another council has the same figure, so the same rank


@dataclass(frozen=True)
class Cell:
    """One historic value in a scorecard row."""

    period: Period
    value: float | None
    status: Status
    withheld: bool = False  # suppressed to protect another figure (disclosure.py)
    provisional: bool = False  # marked provisional in the data: shown as 82.1%p


@dataclass(frozen=True)
class Extreme:
    """The value is the highest or lowest for a while."""

    kind: Literal["highest", "lowest"]
    since: Period | None  # the last period at least as extreme; None when nothing earlier was
    count: int  # periods compared, the current one included


@dataclass(frozen=True)
class Run:
    """Consecutive movements the same way, ending at (or just before) the period."""

    movement: Movement
    length: int  # movements in the run; for "no change", the value held for length + 1 periods


@dataclass(frozen=True)
class Aggregate:
    """A year-to-date or rolling figure built from the period values."""

    value: float
    numerator: float | None
    denominator: float | None
    start: Period
    end: Period
    periods: int


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
    target: float | None  # a single-value target
    tolerance: float
    rag: Rag
    symbol_key: str | None  # a key of SYMBOLS, or None when there is nothing to show
    previous: Comparison | None
    last_year: Comparison | None
    benchmarks: tuple[Benchmark, ...]
    history: tuple[Observation, ...]  # observations up to the period, for charts
    target_range: tuple[float, float] | None = None
    previous_rag: Rag | None = None
    earlier_years: tuple[Comparison, ...] = ()
    rolling_average: float | None = None
    extreme: Extreme | None = None
    run: Run | None = None
    ended_run: Run | None = None
    year_to_date: Aggregate | None = None
    withheld: str | None = None  # the total whose group made this figure withheld (disclosure.py)
    spc: SpcResult | None = None  # statistical process control at the period (spc.py), when judged
    rank: Rank | None = None  # among every council, for published statistics
    outturn: tuple[Period, float] | None = None  # last financial year's outturn, as stated in the data
    # the figure stated beside the judged one: ("year_to_date", ytd) or ("period", the period's own)
    beside: tuple[str, float] | None = None
    target_gap: Magnitude | None = None  # how far a single-value target is missed or beaten
    questions: tuple[str, ...] = ()  # the officer's own questions for members (commentary files)

    @property
    def symbol(self) -> str:
        """Return the RAG symbol, or '' when none applies."""
        return SYMBOLS[self.symbol_key][0] if self.symbol_key else ""

    @property
    def symbol_word(self) -> str:
        """Return the words that go with the symbol."""
        return SHORT_WORDS[self.symbol_key] if self.symbol_key else ""

    @property
    def provisional(self) -> bool:
        """Return whether the period's figure is marked provisional (to be revised) in the data."""
        return any(o.provisional for o in self.history if o.period == self.period)

    @property
    def has_value(self) -> bool:
        """Return whether there is a figure to talk about."""
        return self.status == "ok" and self.value is not None

    @property
    def has_target(self) -> bool:
        """Return whether a target (single or range) applies."""
        return self.target is not None or self.target_range is not None


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


def range_rating(value: float, low: float, high: float, tolerance: float, places: int) -> Rag:
    """Rate a value against a target range: green inside, amber within tolerance outside."""
    v = rounded(value, places)
    lo, hi = rounded(low, places), rounded(high, places)
    outside = lo - v if v < lo else (v - hi if v > hi else Decimal(0))
    if outside <= 0:
        return "green"
    return "amber" if outside <= Decimal(repr(float(tolerance))) else "red"


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
        now = abs(rounded(current, places) - rounded(target, places))
        before = abs(rounded(earlier, places) - rounded(target, places))
        if now == before:
            return "no change"
        return "improved" if now < before else "declined"
    return "not assessed"


# Units whose figures are counts of events or people, where chance alone moves a small number a
# long way. (A row of units.UNITS could carry this; kept here while units.py is changed elsewhere.)
CHANCE_UNITS = frozenset({"count"})


def within_chance(current: float, earlier: float) -> bool:
    """Return whether ordinary variation explains a change in a count from ``earlier`` to ``current``.

    Treating each count as Poisson, the difference of two counts a and b has a standard deviation
    of about sqrt(a + b), so a change is within chance when |a - b| < 2 * sqrt(a + b): 100 to 130
    is (30 < 30.3), 100 to 131 is not; 17 to 20 is; 0 to 3 is (3 < 3.46), 0 to 4 is not (4 = 4).
    """
    return _chance_explains(current - earlier, abs(current) + abs(earlier))


def _chance_explains(difference: float, variance: float) -> bool:
    """Return whether a difference is within two standard deviations of Poisson variation."""
    return abs(difference) < 2 * math.sqrt(variance)


def _at_most_slight(sized: Magnitude, unit: str, chance: bool) -> Magnitude:
    """Cap a count's notable or significant size at slight when chance explains it."""
    if unit in CHANCE_UNITS and sized in ("notable", "significant") and chance:
        return "slight"
    return sized


def magnitude(current: float, earlier: float, unit: str, places: int, thresholds: Thresholds) -> Magnitude:
    """Name the size of a change: percentage points for percentages, relative change otherwise.

    A change in a count that chance explains (``within_chance``) is at most "slight", so 17 to 20
    children is never "a significant decline".
    """
    if same(current, earlier, places):
        return "no change"
    sized = _banded(current, earlier, unit, places, thresholds)
    return _at_most_slight(sized, unit, within_chance(current, earlier))


def gap(
    value: float, reference: float, unit: str, places: int, thresholds: Thresholds, target: bool = False
) -> Magnitude:
    """Name how far a value is from a target or benchmark, in the bands of a change from it.

    A count's gap to its ``target`` that chance explains is at most "slight": a service running
    exactly at a target of t would see counts of about t give or take 2 * sqrt(t) (Poisson), so 0
    against a target of 1 is "slightly better" (1 < 2), 5 against a target of 0 is not chance.
    An average of other councils is not a count of the same events: chance does not apply to it.
    """
    if same(value, reference, places):
        return "no change"
    sized = _banded(value, reference, unit, places, thresholds)
    return _at_most_slight(sized, unit, target and _chance_explains(value - reference, abs(reference)))


def _banded(current: float, earlier: float, unit: str, places: int, thresholds: Thresholds) -> Magnitude:
    """Name the size of a change by the thresholds' bands alone."""
    if UNITS[unit].sized_by == "points":
        size = float(abs(rounded(current, places) - rounded(earlier, places)))
        bands = thresholds.points
    else:
        if rounded(earlier, places) == 0:
            return "significant"
        size = abs(current - earlier) / abs(earlier) * 100
        bands = thresholds.relative
    if size < bands[0]:
        return "marginal"
    if size < bands[1]:
        return "slight"
    return "notable" if size < bands[2] else "significant"


def position(value: float, comparator: float, polarity: str, places: int) -> Position:
    """Return whether the value is better than a benchmark, by polarity."""
    if polarity not in ("higher", "lower"):
        return "not assessed"
    if same(value, comparator, places):
        return "similar"
    better = value > comparator if polarity == "higher" else value < comparator
    return "better" if better else "worse"


def range_performance(
    current: float, earlier: float, low: float, high: float, polarity: str, places: int
) -> Performance:
    """Judge a change against a target range: getting closer to the range is improving."""
    if polarity == "none":
        return "not assessed"

    def outside(v: float) -> Decimal:
        r, lo, hi = rounded(v, places), rounded(low, places), rounded(high, places)
        return lo - r if r < lo else (r - hi if r > hi else Decimal(0))

    now, before = outside(current), outside(earlier)
    if now != before:
        return "improved" if now < before else "declined"
    if polarity in ("higher", "lower"):
        return performance(current, earlier, polarity, places)
    return "no change" if same(current, earlier, places) else "not assessed"


def _compare(
    indicator: Indicator,
    value: float,
    other: Observation | None,
    target: float | None,
    thresholds: Thresholds,
    target_range: tuple[float, float] | None = None,
) -> Comparison | None:
    if other is None or other.status != "ok" or other.value is None:
        return None
    places = indicator.places
    if target_range is not None:
        perf = range_performance(value, other.value, *target_range, indicator.polarity, places)
    else:
        perf = performance(value, other.value, indicator.polarity, places, target)
    return Comparison(
        period=other.period,
        value=other.value,
        delta=value - other.value,
        movement=movement(value, other.value, places),
        performance=perf,
        magnitude=magnitude(value, other.value, indicator.unit, places, thresholds),
    )


def comparators_at(indicator: Indicator, period: Period) -> tuple[tuple[str, float, str | None], ...]:
    """Return (name, value, year or None) of each comparator that applies in ``period``: the
    latest year's figure up to the period's own year (an academic year's by its own span)."""
    out: list[tuple[str, float, str | None]] = []
    latest = int(period.year_key()[:4])
    for name, spec in indicator.comparators.items():
        if isinstance(spec, dict):
            usable = {k: v for k, v in spec.items() if int(k[:4]) <= latest}
            if not usable:
                continue
            year = max(usable, key=lambda k: int(k[:4]))
            out.append((name, float(usable[year]), year))
        else:
            out.append((name, float(spec), None))
    return tuple(out)


def _benchmarks(
    indicator: Indicator,
    value: float,
    period: Period,
    counts: Mapping[str, Mapping[str, tuple[int, int]]] | None = None,
    thresholds: Thresholds | None = None,
) -> tuple[Benchmark, ...]:
    out = []
    places = indicator.places
    for name, comp, label in comparators_at(indicator, period):
        count, of = (counts or {}).get(name, {}).get(label or "", (None, None))
        size = gap(value, comp, indicator.unit, places, thresholds or Thresholds())
        out.append(
            Benchmark(name, comp, label, position(value, comp, indicator.polarity, places), count, of, size)
        )
    return tuple(out)


def rank_among(value: float | None, peers: Peers, polarity: str, places: int) -> Rank | None:
    """Rank a figure (None for one that rounds to zero but is not zero) among every council's, 1 the best.

    Judged on figures as displayed; tied figures share a rank (the best of theirs). A figure that
    rounds to zero but is not zero sits above those that show zero and below every other.
    """
    if polarity not in ("higher", "lower") or peers.count == 0:
        return None

    def key(v: float | None) -> tuple[int, Decimal]:
        if v is None:
            return (1, Decimal(0))  # between zero and the smallest figure shown above it
        shown = rounded(v, places)
        return (0 if shown <= 0 else 2, shown)

    own = key(value)
    keys = [key(v) for v in peers.values] + [key(None)] * peers.low
    better = sum(1 for k in keys if (k > own if polarity == "higher" else k < own))
    equal = sum(1 for k in keys if k == own)
    position = better + 1
    quartile = QUARTILES[min(3, max(0, -(-4 * position // peers.count) - 1))]
    return Rank(position, peers.count, quartile, tied=equal > 1)


def tolerance_of(indicator: Indicator, spec: Target, value: float | None) -> float:
    """Return the amber band: of the target, or of the range bound the value is beyond."""
    bound = spec.low if value is None or value < spec.low else spec.high
    return indicator.tolerance_for(bound)


def rate(indicator: Indicator, value: float, period: Period) -> Rag:
    """Rate a value against the target (single or range) that applies in its period."""
    spec = indicator.target_for(period)
    if spec is None or indicator.polarity == "none":
        return "none"
    tol = tolerance_of(indicator, spec, value)
    if spec.is_range:
        return range_rating(value, spec.low, spec.high, tol, indicator.places)
    return rag_rating(value, spec.value, tol, indicator.polarity, indicator.places)


def consecutive(history: tuple[Observation, ...], period: Period) -> list[Observation]:
    """Return the unbroken run of observations with values that ends at ``period``, oldest first."""
    by_period = {o.period: o for o in history}
    out: list[Observation] = []
    p = period
    while p in by_period and by_period[p].status == "ok" and by_period[p].value is not None:
        out.append(by_period[p])
        p = p.previous()
    return out[::-1]


def find_extreme(history: tuple[Observation, ...], period: Period, places: int) -> Extreme | None:
    """Say whether the value is the highest or lowest for at least a year (or three years)."""
    known = [o for o in history if o.period.end_index <= period.end_index]
    if any(o.status in HIDDEN for o in known):
        return None  # a hidden value could be the real extreme
    values = [o for o in known if o.status == "ok" and o.value is not None]
    if not values or values[-1].period != period:
        return None
    current = rounded(values[-1].value or 0, places)
    earlier = values[:-1]
    window = period.spec.extreme_window
    for kind in ("highest", "lowest"):
        beaten = [
            o
            for o in earlier
            if (
                rounded(o.value or 0, places) >= current
                if kind == "highest"
                else rounded(o.value or 0, places) <= current
            )
        ]
        if beaten:
            since = beaten[-1].period
            gap = _steps(since, period)
            if gap > window:
                return Extreme(kind, since, gap)  # type: ignore[arg-type]
        elif len(values) > window:
            return Extreme(kind, None, len(values))  # type: ignore[arg-type]
    return None


def _steps(earlier: Period, later: Period) -> int:
    months = later.end_index - earlier.end_index
    return months // later.spec.months


def find_runs(run_of: list[Observation], places: int) -> tuple[Run | None, Run | None]:
    """Return the current run of like movements and, if the latest movement ended one, that run."""
    moves: list[Movement] = [
        movement(b.value or 0, a.value or 0, places) for a, b in zip(run_of, run_of[1:], strict=False)
    ]
    if not moves:
        return None, None
    last, length = moves[-1], _trailing(moves)
    before = moves[: len(moves) - length]
    ended = Run(before[-1], _trailing(before)) if before else None
    return Run(last, length), ended


def _trailing(moves: list[Movement]) -> int:
    """Return how many of the last movements are the same as the very last."""
    length = 0
    for m in reversed(moves):
        if m != moves[-1]:
            break
        length += 1
    return length


def _aggregate(indicator: Indicator, history: tuple[Observation, ...], period: Period) -> Aggregate | None:
    """Return the year-to-date figure when the period is part of a year and values can be combined."""
    if period.spec.yearly or indicator.basis not in ("month", "latest_quarter"):
        return None
    how = indicator.aggregate
    if how is None:
        # Summing is only right for flows (referrals made), never for stocks (cases open), so it
        # must be asked for; a ratio of summed numerators and denominators is safe by default.
        how = "ratio" if UNITS[indicator.unit].ratio is not None else "none"
    if how == "none":
        return None
    first = period.financial_year().first(period.kind)
    if first == period:
        return None
    by_period = {o.period: o for o in history}
    wanted = []
    p = period
    while True:
        wanted.append(p)
        if p == first:
            break
        p = p.previous()
    observations = [by_period.get(w) for w in wanted]
    if any(o is None or o.status != "ok" or o.value is None for o in observations):
        return None  # a gap or a suppressed value: no total rather than a misleading one
    obs = [o for o in observations if o is not None]
    if how == "sum":
        total = sum(o.value or 0 for o in obs)
        return Aggregate(total, None, None, first, period, len(obs))
    if any(o.numerator is None or not o.denominator for o in obs):
        return None
    num = sum(o.numerator or 0 for o in obs)
    den = sum(o.denominator or 0 for o in obs)
    return Aggregate(num / den * (indicator.measure.per or 1), num, den, first, period, len(obs))


def spc_series(series: Series, period: Period) -> list[tuple[Period, float | None]]:
    """Return every period from the first figure to ``period``, None where there is no usable figure."""
    first = next((o.period for o in series.observations if o.period.kind == period.kind), None)
    if first is None or first.end_index > period.end_index:
        return []
    out: list[tuple[Period, float | None]] = []
    p = period
    while p.end_index >= first.end_index:
        obs = series.at(p)
        out.append((p, obs.value if obs is not None and obs.status == "ok" else None))
        p = p.previous()
    return out[::-1]


def assess_spc(
    indicator: Indicator, series: Series, period: Period, target: float | None, options: SpcOptions
) -> SpcResult | None:
    """Run statistical process control for one indicator at its period, when it applies."""
    if not applies(indicator, options, period.kind):
        return None
    return analyse(
        spc_series(series, period),
        indicator.polarity,
        target,
        recalculation_periods(indicator, period.fy_start),
        indicator.spc_baseline,
        options,
    )


def _with_year_to_date(
    indicator: Indicator, series: Series, period: Period
) -> tuple[Series, tuple[str, float] | None]:
    """Return the series to judge and the figure stated beside the judged one, given stated year-to-date figures.

    With ``basis: year_to_date`` the year-to-date figures (rows with series year_to_date) are judged
    and the period's own figure is stated beside; otherwise the period's figure is judged and the
    year-to-date figure stated beside it: ("year_to_date" or "period", the other figure).
    """
    stated = series.stated.get("year_to_date", {})
    own = series.at(period)
    if not stated or own is None or own.status != "ok" or own.value is None:
        return series, None
    if indicator.basis != "year_to_date":
        return series, ("year_to_date", stated[period]) if period in stated else None
    if period not in stated:
        return series, None
    judged = tuple(
        replace(o, value=stated[o.period], numerator=None, denominator=None)
        if o.period in stated and o.status == "ok"
        else o
        for o in series.observations
    )
    return replace(series, observations=judged), ("period", own.value)


def assess_indicator(
    indicator: Indicator,
    section: str,
    series: Series,
    report_period: Period,
    thresholds: Thresholds | None = None,
    spc: SpcOptions | None = None,
) -> Assessment:
    """Judge one indicator at the report period."""
    rules = thresholds or Thresholds()
    kind: Kind = FREQUENCY_KIND[indicator.frequency]
    period = report_period.as_kind(kind)
    series, beside = _with_year_to_date(indicator, series, period)
    obs = series.at(period)
    history = tuple(o for o in series.observations if o.period.end_index <= period.end_index)
    status: Status = "no_data" if obs is None else obs.status
    value = obs.value if obs is not None and obs.status == "ok" else None
    spec = indicator.target_for(period)
    target = spec.value if spec is not None and not spec.is_range else None
    target_range = (spec.low, spec.high) if spec is not None and spec.is_range else None
    tolerance = tolerance_of(indicator, spec, value) if spec is not None else 0.0
    rag: Rag = "none"
    symbol: str | None
    extras: dict[str, object] = {}
    previous = last_year = None
    benchmarks: tuple[Benchmark, ...] = ()
    if status == "no_data":
        symbol = "no_information"
    elif status == "low":
        # it rounds to zero, so is judged as the zero it shows as; no change is worked out from it
        rag = rate(indicator, 0.0, period)
        symbol = None if indicator.polarity == "none" or spec is None else rag
        benchmarks = _benchmarks(indicator, 0.0, period, series.counts, rules)
    elif value is None:
        symbol = "no_value"
    else:
        rag = rate(indicator, value, period)
        if indicator.polarity == "none":
            symbol = None
        elif spec is None:
            symbol = "missing_target" if indicator.target is not None else None
        else:
            symbol = rag
        previous = _compare(indicator, value, series.at(period.previous()), target, rules, target_range)
        if previous is not None and indicator.polarity != "none":
            prev_rag = rate(indicator, previous.value, previous.period)
            extras["previous_rag"] = prev_rag if prev_rag != "none" else None
        if not period.spec.yearly:
            last_year = _compare(
                indicator, value, series.at(period.year_earlier()), target, rules, target_range
            )
        else:
            years = []
            for back in range(1, 4):
                c = _compare(indicator, value, series.at(period.previous(back)), target, rules, target_range)
                if c is None:
                    break
                years.append(c)
            extras["earlier_years"] = tuple(years)
        benchmarks = _benchmarks(indicator, value, period, series.counts, rules)
        if target is not None:
            extras["target_gap"] = gap(value, target, indicator.unit, indicator.places, rules, target=True)
        chain = consecutive(history, period)
        extras["extreme"] = find_extreme(history, period, indicator.places)
        extras["run"], extras["ended_run"] = find_runs(chain, indicator.places)
        if period.spec.months == 1 and len(chain) >= 12:  # a rolling 12-month average
            extras["rolling_average"] = sum(o.value or 0 for o in chain[-12:]) / 12
        extras["year_to_date"] = _aggregate(indicator, history, period)
        extras["spc"] = assess_spc(indicator, series, period, target, spc or SpcOptions())
    if beside is not None and status == "ok":
        extras["beside"] = beside
        if beside[0] == "year_to_date":
            extras["year_to_date"] = None  # the stated figure, not one worked out from the periods
    # a figure officers state is printed instead of one worked out (data.STATED)
    stated_average = series.stated.get("average_12_months", {}).get(period)
    if stated_average is not None and status == "ok":
        extras["rolling_average"] = stated_average
    last_fy = period.financial_year().previous()
    outturn = series.stated.get("outturn", {}).get(last_fy)
    if outturn is not None and status == "ok":
        extras["outturn"] = (last_fy, outturn)
    peers = series.peers.get(period)
    if peers is not None and (value is not None or status == "low"):
        extras["rank"] = rank_among(value, peers, indicator.polarity, indicator.places)
    return Assessment(
        indicator=indicator,
        section=section,
        period=period,
        status=status,
        value=value,
        numerator=obs.numerator if obs is not None and status == "ok" else None,
        denominator=obs.denominator if obs is not None and status == "ok" else None,
        note=obs.note if obs is not None else series.notes.get(period),
        questions=series.questions.get(period, ()),
        target=target,
        tolerance=tolerance,
        rag=rag,
        symbol_key=symbol,
        previous=previous,
        last_year=last_year,
        benchmarks=benchmarks,
        history=history,
        target_range=target_range,
        withheld=obs.withheld if obs is not None else None,
        **extras,  # type: ignore[arg-type]
    )


def needs_attention(a: Assessment) -> bool:
    """Return whether an exception report gives the indicator its full paragraph and chart.

    That is red or amber against target, declining notably or significantly since the
    previous period, or showing special cause concern (SPC).
    """
    if a.rag in ("red", "amber") or (a.spc is not None and a.spc.concern):
        return True
    prev = a.previous
    return (
        prev is not None and prev.performance == "declined" and prev.magnitude in ("notable", "significant")
    )


def table_periods(section: Section, report_period: Period, count: int | None = None) -> tuple[Period, ...]:
    """Return the column periods of a section's scorecard, oldest first.

    Columns follow the report's own frequency; a section of only annual indicators
    shows years instead, so its table is not mostly empty.
    """
    kinds = {FREQUENCY_KIND[i.frequency] for i in section.indicators}
    only = next(iter(kinds)) if len(kinds) == 1 else None
    kind: Kind = only if only is not None and PERIOD_KINDS[only].yearly else report_period.kind
    last = report_period.as_kind(kind)
    count = count or last.spec.table_columns
    return tuple(last.previous(count - 1 - i) for i in range(count))


def column_period(indicator: Indicator, column: Period) -> Period | None:
    """Return the indicator's period shown under a column, or None when none fits it.

    A period of the indicator's kind ending with the column's; or, for a yearly figure under a
    year of another kind, the year that ended within it (the 2023/24 academic year under 2024/25).
    """
    kind: Kind = FREQUENCY_KIND[indicator.frequency]
    period = column.as_kind(kind)
    if period.end_index == column.end_index:
        return period
    if period.spec.yearly and column.spec.yearly and period.end_index > column.end_index - 12:
        return period
    return None


def cell_for(indicator: Indicator, series: Series, column: Period) -> Cell:
    """Return the indicator's value shown under a column period."""
    period = column_period(indicator, column)
    if period is None:
        return Cell(column, None, "no_data")
    obs = series.at(period)
    if obs is None:
        return Cell(column, None, "no_data")
    stated = series.stated.get("year_to_date", {}).get(period)
    if indicator.basis == "year_to_date" and stated is not None and obs.status == "ok":
        obs = replace(obs, value=stated)  # the row shows the figures judged, as the paragraph does
    return Cell(
        column,
        obs.value if obs.status == "ok" else None,
        obs.status,
        obs.withheld is not None,
        obs.provisional,
    )


def assess_all(
    sections: list[Section],
    data: DataSet,
    report_period: Period,
    thresholds: Thresholds | None = None,
    spc: SpcOptions | None = None,
) -> list[Assessment]:
    """Assess every indicator of every section, in report order."""
    return [
        assess_indicator(ind, section.title, data.get(ind.id), report_period, thresholds, spc)
        for section in sections
        for ind in section.indicators
    ]
