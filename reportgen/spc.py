"""Statistical process control: XmR charts and the Making Data Count icons, beside RAG.

Pure functions over a series of figures: the limits of each segment, the four special cause
rules, the variation icon of the latest point and the assurance icon of the target. Nothing here
reads a file or draws; ``assess`` calls ``analyse`` and the chart, scorecard and sentences read
the result.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from .errors import Problem
from .periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from .units import Measure

if TYPE_CHECKING:
    from .data import DataSet
    from .indicators import Indicator, Section

Variation = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
]
Assurance = Literal["pass", "fail", "hit_or_miss"]
SpecialCause = Literal["improvement", "concern", "neither"]
Side = Literal["high", "low"]
Rule = Literal["beyond_limit", "shift", "trend", "two_of_three"]
RULES: tuple[Rule, ...] = ("beyond_limit", "shift", "trend", "two_of_three")

LIMIT_FACTOR = 2.66  # mean +/- 2.66 x the mean moving range: the process limits (three sigma)
TWO_SIGMA_FACTOR = 1.7733  # two thirds of the way to the limits
SCREEN_FACTOR = 3.267  # a moving range this many times the mean is screened out, when asked
MIN_POINTS = 13  # consecutive figures a segment needs for limits and signals
TREND_LENGTH = 6  # points strictly rising or falling
SHIFT_LENGTHS = (6, 7)  # points on one side of the mean: the project chooses

# What each icon means, for screen readers, the key and the annex (after NHS England's wording).
VARIATION_WORDS: dict[str, str] = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause improvement: significantly high",
    "improvement_low": "Special cause improvement: significantly low",
    "concern_high": "Special cause concern: significantly high",
    "concern_low": "Special cause concern: significantly low",
    "neither_high": "Special cause variation, neither improvement nor concern: significantly high",
    "neither_low": "Special cause variation, neither improvement nor concern: significantly low",
}
ASSURANCE_WORDS: dict[str, str] = {
    "pass": "Assurance: the process will consistently meet the target",
    "hit_or_miss": "Assurance: the process will meet the target in some periods and miss it in others",
    "fail": "Assurance: the process will consistently miss the target",
}


@dataclass(frozen=True)
class SpcOptions:
    """The project's SPC settings (reportgen.yaml ``spc:``)."""

    enabled: bool = True
    shift_length: int = 6
    screen_moving_ranges: bool = False
    two_sigma_lines: bool = False


@dataclass(frozen=True)
class Limits:
    """A segment's mean and limits, and the points they were worked out from."""

    mean: float
    lower: float
    upper: float
    lower_two_sigma: float
    upper_two_sigma: float
    points: int


@dataclass(frozen=True)
class SpcPoint:
    """One figure on the XmR chart: its segment's limits and the rules that flagged it."""

    period: Period
    value: float
    segment: int
    limits: Limits | None  # None: its segment has too few points for limits
    signals: tuple[tuple[Rule, Side], ...] = ()  # each rule that flagged it, and the side it points to
    special_cause: SpecialCause | None = None

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Return the rules that flagged the point, in the order of RULES."""
        return tuple(dict.fromkeys(rule for rule, _side in self.signals))

    @property
    def sides(self) -> frozenset[Side]:
        """Return the sides the point's signals point to (both, where rules disagree)."""
        return frozenset(side for _rule, side in self.signals)

    def signal(self, side: Side) -> Rule | None:
        """Return the first rule (in the order of RULES) that flagged the point on ``side``."""
        return next((rule for rule, s in self.signals if s == side), None)


@dataclass(frozen=True)
class SpcResult:
    """What SPC says of one indicator at the report period."""

    variation: Variation
    assurance: Assurance | None
    points: tuple[SpcPoint, ...]
    shift_run: int = 0  # points in the run on one side of the mean that ends at the last point
    trend_run: int = 0  # points in the rising or falling run that ends at the last point

    @property
    def last(self) -> SpcPoint:
        """Return the latest point, which the variation icon follows."""
        return self.points[-1]

    @property
    def limits(self) -> Limits:
        """Return the latest segment's mean and limits (the assurance icon's)."""
        assert self.last.limits is not None
        return self.last.limits

    @property
    def concern(self) -> bool:
        """Return whether the latest point is special cause concern (for the exception report)."""
        return self.variation in ("concern_high", "concern_low")

    @property
    def improvement(self) -> bool:
        """Return whether the latest point is special cause improvement."""
        return self.variation in ("improvement_high", "improvement_low")

    @property
    def common_cause(self) -> bool:
        """Return whether the latest point is within normal variation."""
        return self.variation == "common_cause"


def _close(a: float, b: float) -> bool:
    """Return whether two figures are the same (so a point on the mean, or a repeated value, is caught)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def limits_of(values: Sequence[float], baseline: int | None = None, screen: bool = False) -> Limits | None:
    """Work out a segment's mean and limits from its first ``baseline`` values (all by default)."""
    if len(values) < MIN_POINTS:
        return None
    base = list(values[:baseline]) if baseline else list(values)
    mean = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in zip(base, base[1:], strict=False)]
    average = sum(ranges) / len(ranges)
    if screen:
        kept = [r for r in ranges if r < SCREEN_FACTOR * average]
        average = sum(kept) / len(kept) if kept else average
    return Limits(
        mean,
        mean - LIMIT_FACTOR * average,
        mean + LIMIT_FACTOR * average,
        mean - TWO_SIGMA_FACTOR * average,
        mean + TWO_SIGMA_FACTOR * average,
        len(base),
    )


def _side_of_mean(value: float, limits: Limits) -> Side | None:
    if _close(value, limits.mean):
        return None
    return "high" if value > limits.mean else "low"


def _beyond(value: float, limits: Limits) -> Side | None:
    if value > limits.upper and not _close(value, limits.upper):
        return "high"
    if value < limits.lower and not _close(value, limits.lower):
        return "low"
    return None


def _near(value: float, limits: Limits) -> Side | None:
    """Return the side a point lies beyond the two-sigma line on, while within the limits."""
    if _beyond(value, limits) is not None:
        return None
    if value > limits.upper_two_sigma and not _close(value, limits.upper_two_sigma):
        return "high"
    if value < limits.lower_two_sigma and not _close(value, limits.lower_two_sigma):
        return "low"
    return None


def _runs(keys: Sequence[object]) -> list[tuple[int, int]]:
    """Return (start, end) of each stretch of equal, non-None keys, end exclusive."""
    out = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] is not None:
                out.append((start, i))
            start = i
    return out


def classify(sides: frozenset[Side], polarity: str, value: float, mean: float) -> tuple[SpecialCause, Side]:
    """Name a flagged point improvement, concern or neither by polarity, and the side it signals."""
    if polarity in ("higher", "lower"):
        good: Side = "high" if polarity == "higher" else "low"
        if good in sides:
            return "improvement", good  # a point that is both is shown as improvement
        return "concern", next(iter(sides))
    if len(sides) == 1:
        return "neither", next(iter(sides))
    return "neither", "high" if value >= mean else "low"


def assurance(target: float | None, polarity: str, limits: Limits) -> Assurance | None:
    """Judge whether the process will meet its target: a target within the limits is hit or miss."""
    if target is None or polarity not in ("higher", "lower"):
        return None
    inside = limits.lower < target < limits.upper
    if inside and not _close(target, limits.lower) and not _close(target, limits.upper):
        return "hit_or_miss"
    below = target <= limits.lower or _close(target, limits.lower)
    return "pass" if below == (polarity == "higher") else "fail"


def analyse(
    series: Sequence[tuple[Period, float | None]],
    polarity: str,
    target: float | None = None,
    recalculate: Collection[Period] = (),
    baseline: int | None = None,
    options: SpcOptions | None = None,
) -> SpcResult | None:
    """Run the XmR chart over consecutive periods (a gap is None), the last being the report period.

    A gap (a missing or suppressed figure) and a recalculation period each start a new segment;
    moving ranges and limits never span one. Returns None when there is no SPC judgment: the
    last figure is missing, or its segment has fewer than MIN_POINTS consecutive figures.
    """
    opts = options or SpcOptions()
    if not series or series[-1][1] is None:
        return None
    periods: list[Period] = []
    values: list[float] = []
    segments: list[int] = []
    stretches: list[int] = []  # consecutive figures with no gap: a trend may cross a recalculation
    segment = stretch = 0
    gap = True
    for period, value in series:
        if value is None:
            gap = True
            continue
        if gap:
            segment, stretch = segment + 1, stretch + 1
        elif period in recalculate:
            segment += 1
        gap = False
        periods.append(period)
        values.append(value)
        segments.append(segment)
        stretches.append(stretch)
    limits: dict[int, Limits | None] = {}
    for start, end in _runs(segments):
        limits[segments[start]] = limits_of(values[start:end], baseline, opts.screen_moving_ranges)
    n = len(values)
    flags: list[set[tuple[Rule, Side]]] = [set() for _ in range(n)]

    def flag(i: int, rule: Rule, side: Side) -> None:
        if limits[segments[i]] is not None:  # no signals without limits
            flags[i].add((rule, side))

    for i in range(n):
        lim = limits[segments[i]]
        if lim is not None and (side := _beyond(values[i], lim)) is not None:
            flag(i, "beyond_limit", side)
    # shift: within a segment, points strictly on one side of its mean
    shift_keys: list[object] = []
    for i in range(n):
        lim = limits[segments[i]]
        side = _side_of_mean(values[i], lim) if lim is not None else None
        shift_keys.append((segments[i], side) if side is not None else None)
    shift_at: list[int] = [0] * n
    for start, end in _runs(shift_keys):
        for i in range(start, end):
            shift_at[i] = i - start + 1
        if end - start >= opts.shift_length:
            for i in range(start, end):
                flag(i, "shift", shift_keys[start][1])  # type: ignore[index]
    # trend: strictly rising or falling figures with no gap, across the mean and recalculations
    trend_at: list[int] = [1] * n
    moves: list[object] = [None]
    for i in range(1, n):
        if stretches[i] != stretches[i - 1] or _close(values[i], values[i - 1]):
            moves.append(None)
        else:
            moves.append((stretches[i], "high" if values[i] > values[i - 1] else "low"))
    for start, end in _runs(moves):
        first = start - 1  # the point the first move leaves from
        for i in range(start, end):
            trend_at[i] = i - first + 1
        if end - first >= TREND_LENGTH:
            for i in range(first, end):
                flag(i, "trend", moves[start][1])  # type: ignore[index]
    # two of three: within a segment, two of three consecutive points beyond the same two-sigma line
    near: list[Side | None] = []
    for i in range(n):
        lim = limits[segments[i]]
        near.append(_near(values[i], lim) if lim is not None else None)
    for i in range(n - 2):
        if segments[i] != segments[i + 2]:
            continue
        window = range(i, i + 3)
        for side in ("high", "low"):
            hits = [j for j in window if near[j] == side]
            if len(hits) >= 2:
                for j in hits:
                    flag(j, "two_of_three", side)  # type: ignore[arg-type]
    points = []
    for i in range(n):
        lim = limits[segments[i]]
        signals = tuple(sorted(flags[i], key=lambda f: (RULES.index(f[0]), f[1])))
        cause: SpecialCause | None = None
        if signals and lim is not None:
            cause = classify(frozenset(side for _r, side in signals), polarity, values[i], lim.mean)[0]
        points.append(SpcPoint(periods[i], values[i], segments[i], lim, signals, cause))
    last = points[-1]
    if last.limits is None:
        return None
    if last.sides:
        cause_, side_ = classify(last.sides, polarity, last.value, last.limits.mean)
        variation: Variation = f"{cause_}_{side_}"  # type: ignore[assignment]
    else:
        variation = "common_cause"
    return SpcResult(
        variation=variation,
        assurance=assurance(target, polarity, last.limits),
        points=tuple(points),
        shift_run=shift_at[-1] if "shift" in last.rules else 0,
        trend_run=trend_at[-1] if "trend" in last.rules else 0,
    )


def statistic_measure(m: Measure) -> Measure:
    """Return how an average or limit is written: whole numbers get one decimal place (an average of 23.2)."""
    return replace(m, decimals=1) if m.decimals == 0 else m


# -- the indicator's settings ---------------------------------------------------------------------


def applies(indicator: Indicator, options: SpcOptions, kind: str) -> bool:
    """Return whether SPC is run for the indicator: on for the project (or the indicator), off per indicator."""
    if PERIOD_KINDS[kind].yearly:
        return False
    return indicator.spc if indicator.spc is not None else options.enabled


def recalculation_periods(indicator: Indicator, fy_start: int) -> frozenset[Period]:
    """Return the indicator's recalculation points as periods of its frequency."""
    kind = FREQUENCY_KIND[indicator.frequency]
    return frozenset(parse_period(text, fy_start, kind) for text in indicator.spc_recalculate)


def setting_problems(sections: list[Section], data: DataSet, fy_start: int) -> list[Problem]:
    """Return an error for each recalculation period that has no figure in the data."""
    problems = []
    for section in sections:
        for ind in section.indicators:
            if not ind.spc_recalculate:
                continue
            series = data.get(ind.id)
            for text in ind.spc_recalculate:
                period = parse_period(text, fy_start, FREQUENCY_KIND[ind.frequency])
                obs = series.at(period)
                if obs is None or obs.status != "ok" or obs.value is None:
                    problems.append(
                        Problem(
                            section.source,
                            section.line(ind.id, "spc_recalculate"),
                            "spc_recalculate",
                            f"expected a period with a figure for {ind.id}; got {text!r}, which has none",
                        )
                    )
    return problems
