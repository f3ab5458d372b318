"""Statistical process control, rule by rule at its edges, every icon, and the assurance boundaries.

Cases are built from the rules of issue 16 and from published worked examples:
- NHSRplotthedots' vignette "Deviations from Excel defaults": the series 1, 2, 1, 2, 10, 1, 2, ...
  whose limits the Making Data Count Excel tool (no screening) and the R package (screening)
  give differently;
- NHSRplotthedots' tests of assurance (lpl, mean, upl of 1, 2, 3 / 5, 6, 7 / 1, 4, 5 against a
  target of 4) and of two-in-three (near-limit points at 1, 0, 1 flag both; at 1, 0, 0, 1 none).

Most cases start from BASE: 14 figures alternating 10 and 12, so that, fixed as a baseline, the
mean is 11 and the mean moving range 2: limits 5.68 and 16.32, two-sigma lines 7.4534 and 14.5466.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from reportgen.assess import assess_indicator
from reportgen.periods import Period, parse_period
from reportgen.spc import Limits, SpcOptions, analyse, assurance, limits_of
from tests.conftest import indicator, series

BASE = [10.0, 12.0] * 7
NEAR_HIGH = 15.0  # beyond the upper two-sigma line (14.5466), within the limit (16.32)
NEAR_LOW = 7.0


def months(values: Sequence[float | None], start: str = "2021-01") -> list[tuple[Period, float | None]]:
    """Return consecutive months from ``start`` holding ``values`` (None is a gap)."""
    p = parse_period(start)
    out = []
    for v in values:
        out.append((p, v))
        p = p.previous(-1)
    return out


def run(values: Sequence[float | None], polarity: str = "higher", **kw: object):  # type: ignore[no-untyped-def]
    """Analyse ``values`` after BASE, the baseline fixing the mean at 11 and the limits at 5.68 and 16.32."""
    return analyse(months([*BASE, *values]), polarity, baseline=14, **kw)  # type: ignore[arg-type]


def flagged(result, rule: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Return the indexes (after BASE) of the points a rule flagged."""
    return [i - len(BASE) for i, p in enumerate(result.points) if rule in p.rules]


# -- limits --------------------------------------------------------------------------------------


def test_the_baseline_gives_the_limits_the_cases_rely_on() -> None:
    lim = run([11.5]).limits
    assert (lim.mean, lim.lower, lim.upper, lim.points) == (
        11.0,
        pytest.approx(5.68),
        pytest.approx(16.32),
        14,
    )
    assert (lim.lower_two_sigma, lim.upper_two_sigma) == (pytest.approx(7.4534), pytest.approx(14.5466))


VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_limits_match_the_making_data_count_excel_tool_without_screening() -> None:
    # the NHSRplotthedots vignette's series with screen_outliers = FALSE, "the same output as Excel":
    # mean 35/18, mean moving range 32/17 (the moving ranges 8 and 9 around the 10 kept)
    result = analyse(months(VIGNETTE), "higher")
    assert result is not None
    lim = result.limits
    assert round(lim.mean, 4) == 1.9444
    assert round(lim.upper, 4) == 6.9515
    assert round(lim.lower, 4) == -3.0626
    assert flagged_all(result) == {4: ("beyond_limit",)}


def test_screening_large_moving_ranges_is_an_option_off_by_default() -> None:
    # screened, the moving ranges of 8 and 9 (over 3.267 x 32/17) leave the mean moving range at 1
    result = analyse(months(VIGNETTE), "higher", options=SpcOptions(screen_moving_ranges=True))
    assert result is not None
    assert round(result.limits.upper, 4) == round(35 / 18 + 2.66, 4) == 4.6044
    assert analyse(months(VIGNETTE), "higher") == analyse(
        months(VIGNETTE), "higher", options=SpcOptions(screen_moving_ranges=False)
    )


def flagged_all(result) -> dict[int, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {i: p.rules for i, p in enumerate(result.points) if p.rules}


# -- 12 against 13 points, gaps ----------------------------------------------------------------------


def test_twelve_points_give_no_judgment_and_thirteen_do() -> None:
    assert analyse(months(BASE[:12]), "higher") is None
    result = analyse(months(BASE[:13]), "higher")
    assert result is not None and result.limits.points == 13


def test_a_gap_ends_the_run_so_the_figures_after_it_need_thirteen_of_their_own() -> None:
    assert analyse(months([*BASE, None, *BASE[:12]]), "higher") is None
    result = analyse(months([*[50.0] * 14, None, *BASE[:13]]), "higher")
    assert result is not None
    # no limit is worked out across the gap: the 50s before it take no part
    assert result.limits == limits_of(BASE[:13])
    assert [p.limits for p in result.points[:14]] == [limits_of([50.0] * 14)] * 14
    assert len(result.points) == 27  # the gap is not a point


def test_no_judgment_when_the_latest_figure_is_missing() -> None:
    assert analyse(months([*BASE, None]), "higher") is None


# -- a point beyond a limit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, rules", [(16.32, ()), (16.33, ("beyond_limit",)), (5.68, ()), (5.67, ("beyond_limit",))]
)
def test_a_point_on_a_limit_is_not_beyond_it(value: float, rules: tuple[str, ...]) -> None:
    assert run([value]).last.rules == rules


# -- shift ----------------------------------------------------------------------------------------


def test_a_run_of_five_on_one_side_is_no_shift_and_six_is() -> None:
    # BASE ends on 12, above the mean: a 10 first, so the run starts after it
    assert flagged(run([10.0, *[11.5] * 5]), "shift") == []
    assert flagged(run([10.0, *[11.5] * 6]), "shift") == [1, 2, 3, 4, 5, 6]  # every point of the run


def test_the_shift_length_can_be_seven() -> None:
    seven = SpcOptions(shift_length=7)
    assert flagged(run([10.0, *[11.5] * 6], options=seven), "shift") == []
    assert flagged(run([10.0, *[11.5] * 7], options=seven), "shift") == [1, 2, 3, 4, 5, 6, 7]


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    assert flagged(run([11.0, 11.5, 11.5, 11.5, 11.0, 11.5, 11.5, 11.5]), "shift") == []
    assert flagged(run([10.5] * 3 + [11.0] + [10.5] * 6), "shift") == [4, 5, 6, 7, 8, 9]


def test_a_shift_does_not_run_across_a_recalculation() -> None:
    values = [*BASE, 11.5, 11.5, 11.5, *[11.6, 11.4] * 7]
    periods = months(values)
    recalc = {periods[17][0]}
    result = analyse(periods, "higher", recalculate=recalc)
    assert result is not None
    assert [i for i, p in enumerate(result.points) if "shift" in p.rules] == []


# -- trend ----------------------------------------------------------------------------------------


def test_five_rising_points_are_no_trend_and_six_are_even_across_the_mean() -> None:
    # the 12 before the first is higher, so each run starts with it
    assert flagged(run([10.0, 10.5, 11.5, 12.0, 12.5]), "trend") == []
    six = run([9.5, 10.0, 10.5, 11.5, 12.0, 12.5])
    assert flagged(six, "trend") == [0, 1, 2, 3, 4, 5]
    assert six.variation == "improvement_high" and six.trend_run == 6


def test_falling_points_are_a_low_trend() -> None:
    result = run([13.0, 12.5, 12.0, 11.5, 10.5, 10.0], "lower")
    assert flagged(result, "trend") == [0, 1, 2, 3, 4, 5]
    assert result.variation == "improvement_low"


def test_equal_values_break_a_trend() -> None:
    assert flagged(run([9.5, 10.0, 10.5, 10.5, 11.0, 11.5, 12.0]), "trend") == []


def test_a_trend_runs_across_a_recalculation_point() -> None:
    first = [10.0, 12.0] * 6 + [10.2, 10.4, 10.6]
    second = [10.8, 11.0, 11.2, *[10.0, 12.0] * 6]
    periods = months([*first, *second])
    result = analyse(periods, "higher", recalculate={periods[len(first)][0]})
    assert result is not None
    rising = [i for i, p in enumerate(result.points) if "trend" in p.rules]
    assert rising == list(range(len(first) - 3, len(first) + 3))  # 10.2 to 11.2: three either side
    assert result.points[len(first)].segment != result.points[len(first) - 1].segment


def test_a_gap_breaks_a_trend() -> None:
    result = analyse(months([*BASE, 10.5, 11.0, 11.5, None, *BASE[:10], 12.5, 13.0, 13.5]), "higher")
    assert result is None or "trend" not in result.last.rules


# -- two of three ---------------------------------------------------------------------------------


def test_two_of_three_beyond_the_two_sigma_line_flags_only_those_two() -> None:
    result = run([11.5, NEAR_HIGH, 11.5, NEAR_HIGH, 11.5, 11.5])  # NHSRplotthedots' 0, 1, 0, 1 case
    assert flagged(result, "two_of_three") == [1, 3]


def test_two_near_points_three_apart_are_not_two_of_three() -> None:
    result = run([NEAR_HIGH, 11.5, 11.5, NEAR_HIGH])  # NHSRplotthedots' 1, 0, 0, 1 case
    assert flagged(result, "two_of_three") == []


def test_two_of_three_needs_the_same_side() -> None:
    assert flagged(run([NEAR_HIGH, NEAR_LOW, 11.5]), "two_of_three") == []
    assert flagged(run([NEAR_LOW, 11.0, NEAR_LOW]), "two_of_three") == [0, 2]


def test_two_of_three_with_one_point_beyond_a_limit() -> None:
    # only points beyond the two-sigma line and within the limits count: the 17 is beyond the limit
    result = run([NEAR_HIGH, 17.0, 11.5])
    assert flagged(result, "two_of_three") == []
    assert flagged(result, "beyond_limit") == [1]


# -- improvement, concern, neither, and conflicts -----------------------------------------------------


@pytest.mark.parametrize(
    "value, polarity, variation, cause",
    [
        (17.0, "higher", "improvement_high", "improvement"),
        (17.0, "lower", "concern_high", "concern"),
        (17.0, "none", "neither_high", "neither"),
        (17.0, "target", "neither_high", "neither"),
        (5.0, "higher", "concern_low", "concern"),
        (5.0, "lower", "improvement_low", "improvement"),
        (5.0, "none", "neither_low", "neither"),
        (11.5, "higher", "common_cause", None),
    ],
)
def test_every_variation_icon(value: float, polarity: str, variation: str, cause: str | None) -> None:
    result = run([value], polarity)
    assert (result.variation, result.last.special_cause) == (variation, cause)
    assert result.concern == variation.startswith("concern")


def test_a_point_that_is_both_improvement_and_concern_is_shown_as_improvement() -> None:
    # six points below the mean (a low shift) that rise every month (a high trend)
    values = [8.0, 8.5, 9.0, 9.5, 10.0, 10.5]
    higher = run(values, "higher")
    assert higher.last.rules == ("shift", "trend")
    assert higher.last.sides == {"high", "low"}
    assert (higher.variation, higher.last.special_cause) == ("improvement_high", "improvement")
    assert higher.last.signal("high") == "trend"
    lower = run(values, "lower")
    assert (lower.variation, lower.last.special_cause) == ("improvement_low", "improvement")
    assert lower.last.signal("low") == "shift"
    assert run(values, "none").variation == "neither_low"  # both ways: the side of the mean it is on


# -- recalculation and baseline -----------------------------------------------------------------


def test_moving_ranges_never_span_a_recalculation_point() -> None:
    values = [*BASE, *[20.0, 22.0] * 7]
    periods = months(values)
    result = analyse(periods, "higher", recalculate={periods[14][0]})
    assert result is not None
    # the jump from 12 to 20 is in neither segment's moving ranges: both have a mean range of 2
    assert (result.limits.mean, result.limits.upper) == (21.0, pytest.approx(26.32))
    assert result.points[0].limits is not None and result.points[0].limits.upper == pytest.approx(16.32)
    assert not any(p.rules for p in result.points)
    joined = analyse(periods, "higher")
    assert joined is not None and joined.limits.mean == 16.0


def test_a_recalculated_segment_needs_thirteen_points() -> None:
    periods = months([*BASE, *[20.0, 22.0] * 6])
    assert analyse(periods, "higher", recalculate={periods[14][0]}) is None


def test_a_baseline_fixes_the_mean_and_limits_on_the_first_points() -> None:
    values = [*BASE, 14.0, 14.0, 14.0]
    fixed = analyse(months(values), "higher", baseline=14)
    free = analyse(months(values), "higher")
    assert fixed is not None and free is not None
    assert (fixed.limits.mean, fixed.limits.points) == (11.0, 14)
    assert free.limits.points == 17 and free.limits.mean == pytest.approx(11.5294, abs=1e-4)
    assert all(p.limits == fixed.limits for p in fixed.points)  # the baseline's limits run on


# -- assurance ------------------------------------------------------------------------------------------


def limits(lower: float, mean: float, upper: float) -> Limits:
    return Limits(mean, lower, upper, mean - (mean - lower) * 2 / 3, mean + (upper - mean) * 2 / 3, 13)


@pytest.mark.parametrize(
    "lim, higher, lower",
    [
        # NHSRplotthedots' assurance cases: a target of 4
        (limits(1, 2, 3), "fail", "pass"),
        (limits(5, 6, 7), "pass", "fail"),
        (limits(1, 4, 5), "hit_or_miss", "hit_or_miss"),
        # the boundaries: a target on a limit is beyond the range the process varies in
        (limits(4, 5, 6), "pass", "fail"),
        (limits(2, 3, 4), "fail", "pass"),
        (limits(3.999, 5, 6), "hit_or_miss", "hit_or_miss"),
        (limits(2, 3, 4.001), "hit_or_miss", "hit_or_miss"),
    ],
)
def test_assurance_at_its_boundaries(lim: Limits, higher: str, lower: str) -> None:
    assert assurance(4.0, "higher", lim) == higher
    assert assurance(4.0, "lower", lim) == lower


def test_assurance_needs_a_target_and_a_direction() -> None:
    lim = limits(1, 4, 5)
    assert assurance(None, "higher", lim) is None
    assert assurance(4.0, "target", lim) is None
    assert assurance(4.0, "none", lim) is None


def test_assurance_uses_the_latest_segments_limits() -> None:
    periods = months([*BASE, *[20.0, 22.0] * 7])
    result = analyse(periods, "higher", target=17.0, recalculate={periods[14][0]})
    # 17 is within the new limits (15.68 to 26.32), though above the old upper limit of 16.32
    assert result is not None and result.assurance == "hit_or_miss"


def test_equal_values_break_a_falling_trend_too() -> None:
    assert flagged(run([13.0, 12.5, 12.0, 12.0, 11.5, 11.0, 10.5], "lower"), "trend") == []


def test_two_of_three_does_not_reach_across_a_recalculation() -> None:
    values = [*BASE, 16.0, 16.0, *[10.0, 12.0] * 7]
    periods = months(values)
    result = analyse(periods, "higher", recalculate={periods[15][0]}, baseline=14)
    assert result is not None
    before, after = result.points[14], result.points[15]
    assert before.limits is not None and after.limits is not None
    # each is beyond its own segment's two-sigma line and within its limits, but they are in two segments
    assert before.limits.upper_two_sigma < 16.0 < before.limits.upper
    assert after.limits.upper_two_sigma < 16.0 < after.limits.upper
    assert "two_of_three" not in before.rules and "two_of_three" not in after.rules


# -- the assessment: settings, gaps, suppression ----------------------------------------------------


def monthly(values: Sequence[object], **fields: object):  # type: ignore[no-untyped-def]
    """Assess a monthly indicator whose figures run from January 2022 to the last value."""
    ind = indicator(frequency="monthly", basis="month", unit="count", polarity="lower", **fields)
    codes = [p.code for p, _ in months([0.0] * len(values), "2022-01")]
    s = series(ind, dict(zip(codes, values, strict=True)))
    return assess_indicator(ind, "S", s, parse_period(codes[-1]), spc=fields.pop("options", None))  # type: ignore[arg-type]


def test_the_assessment_carries_the_spc_result() -> None:
    a = monthly([*BASE, 17], spc_baseline=14)
    assert a.spc is not None and a.spc.variation == "concern_high" and a.spc.concern
    assert [p.period.code for p in a.spc.points][-1] == "2023-03"


def test_spc_is_off_per_indicator_and_per_project_and_on_again_per_indicator() -> None:
    off = SpcOptions(enabled=False)
    assert monthly([*BASE, 17], spc=False, spc_baseline=14).spc is None
    ind = indicator(frequency="monthly", basis="month", unit="count", polarity="lower")
    codes = [p.code for p, _ in months([0.0] * 15, "2022-01")]
    s = series(ind, dict(zip(codes, [*BASE, 17], strict=True)))
    assert assess_indicator(ind, "S", s, parse_period(codes[-1]), spc=off).spc is None
    forced = ind.model_copy(update={"spc": True})
    assert assess_indicator(forced, "S", s, parse_period(codes[-1]), spc=off).spc is not None


def test_annual_indicators_get_no_spc() -> None:
    ind = indicator(frequency="annual", basis="annual", unit="count")
    codes = [f"{y}-{(y + 1) % 100:02d}" for y in range(2000, 2020)]
    s = series(ind, dict(zip(codes, [*BASE, 10, 12, 10, 12, 10, 12], strict=True)))
    assert assess_indicator(ind, "S", s, parse_period(codes[-1])).spc is None


def test_a_suppressed_figure_is_a_gap_and_no_limit_rests_on_it() -> None:
    a = monthly([*BASE, "c", *BASE[:12]])
    assert a.spc is None  # twelve figures since the suppressed one
    b = monthly([*BASE, "c", *BASE[:13]])
    assert b.spc is not None
    assert "2023-03" not in [p.period.code for p in b.spc.points]  # the suppressed month
    assert b.spc.limits == limits_of(BASE[:13])  # worked out from the figures after it only


def test_a_month_with_no_row_is_a_gap_too() -> None:
    ind = indicator(frequency="monthly", basis="month", unit="count", polarity="lower")
    codes = [p.code for p, _ in months([0.0] * 28, "2022-01")]
    figures = dict(zip(codes, [*BASE, 10.0, *BASE[:13]], strict=True))
    del figures[codes[14]]
    a = assess_indicator(ind, "S", series(ind, figures), parse_period(codes[-1]))
    assert a.spc is not None and a.spc.limits == limits_of(BASE[:13])


def test_recalculation_periods_are_read_in_the_indicators_frequency() -> None:
    a = monthly([*BASE, *[20.0, 22.0] * 7], spc_recalculate=["2023-03"])
    assert a.spc is not None and a.spc.limits.mean == 21.0
