import pytest

from reportgen.assess import (
    Run,
    Thresholds,
    assess_indicator,
    find_extreme,
    find_runs,
    gap,
    magnitude,
    movement,
    performance,
    position,
    rag_rating,
    range_rating,
    within_chance,
)
from reportgen.data import Observation
from reportgen.periods import parse_period
from tests.conftest import indicator, series

Q2 = parse_period("2023-24 Q2")


@pytest.mark.parametrize(
    "value, rag",
    [
        (90.0, "green"),
        (90.04, "green"),
        (95.0, "green"),
        (89.96, "green"),  # rounds to 90.0
        (89.94, "amber"),
        (85.5, "amber"),
        (85.49, "amber"),
        (85.44, "red"),
        (85.4, "red"),
        (10.0, "red"),
    ],
)
def test_rag_higher_is_better_at_the_edges(value: float, rag: str) -> None:
    # target 90, tolerance 5% of target = 4.5: amber down to 85.5 inclusive (85.49 shows as 85.5)
    assert rag_rating(value, 90.0, 4.5, "higher", 1) == rag


@pytest.mark.parametrize(
    "value, rag",
    [
        (1.7, "green"),
        (5.0, "green"),
        (5.1, "amber"),
        (5.24, "amber"),
        (5.25, "red"),  # shown as 5.3, beyond the 5.25 limit: judged as displayed
        (5.3, "red"),
        (7.6, "red"),
    ],
)
def test_rag_lower_is_better_at_the_edges(value: float, rag: str) -> None:
    assert rag_rating(value, 5.0, 0.25, "lower", 1) == rag


def test_lower_is_better_examples_from_real_reports() -> None:
    assert rag_rating(1.7, 5.0, 0.25, "lower", 1) == "green"
    assert rag_rating(7.6, 3.0, 0.15, "lower", 1) == "red"


@pytest.mark.parametrize(
    "value, rag",
    [
        (25.0, "green"),
        (27.0, "green"),
        (23.0, "green"),
        (27.1, "amber"),
        (21.0, "amber"),
        (29.0, "amber"),
        (29.1, "red"),
        (20.9, "red"),
    ],
)
def test_rag_plan_is_best_judges_distance_either_way(value: float, rag: str) -> None:
    assert rag_rating(value, 25.0, 2.0, "target", 1) == rag


def test_rag_with_zero_tolerance_has_no_amber() -> None:
    assert rag_rating(0, 0, 0, "lower", 0) == "green"
    assert rag_rating(1, 0, 0, "lower", 0) == "red"
    assert rag_rating(89.9, 90, 0, "higher", 1) == "red"


def test_polarity_none_is_never_rated() -> None:
    assert rag_rating(50, 10, 1, "none", 1) == "none"


def test_movement_and_performance_by_polarity() -> None:
    assert movement(84.1, 75.4, 1) == "increase"
    assert movement(84.12, 84.08, 1) == "no change"
    assert performance(84.1, 75.4, "higher", 1) == "improved"
    assert performance(84.1, 75.4, "lower", 1) == "declined"
    assert performance(20.0, 24.0, "lower", 1) == "improved"
    assert performance(20.0, 24.0, "none", 1) == "not assessed"
    assert performance(26.0, 29.0, "target", 1, target=25.0) == "improved"
    assert performance(26.0, 24.5, "target", 1, target=25.0) == "declined"


def test_position_against_a_comparator() -> None:
    assert position(24.8, 20.1, "lower", 1) == "worse"
    assert position(84.1, 82.4, "higher", 1) == "better"
    assert position(82.44, 82.4, "higher", 1) == "similar"
    assert position(10, 5, "none", 1) == "not assessed"


def test_assessment_of_a_quarter() -> None:
    ind = indicator(target={"2023-24": 85.0}, tolerance="5%", comparators={"national": 80.0})
    s = series(ind, {"2022-23 Q2": 81.0, "2023-24 Q1": 84.1, "2023-24 Q2": 81.2})
    a = assess_indicator(ind, "S", s, Q2)
    assert (a.value, a.target, a.rag, a.symbol) == (81.2, 85.0, "amber", "●")
    assert a.tolerance == pytest.approx(4.25)
    assert a.previous is not None and a.previous.movement == "decrease"
    assert a.previous.performance == "declined"
    assert a.last_year is not None and a.last_year.performance == "improved"
    assert a.benchmarks[0].position == "better"


def test_missing_target_for_the_year_gives_the_missing_target_symbol() -> None:
    ind = indicator(target={"2022-23": 85.0})
    a = assess_indicator(ind, "S", series(ind, {"2023-24 Q2": 81.2}), Q2)
    assert (a.rag, a.symbol_key, a.symbol_word) == ("none", "missing_target", "Missing target")


def test_no_row_for_the_period_gives_no_information() -> None:
    ind = indicator(target=85.0)
    a = assess_indicator(ind, "S", series(ind, {"2023-24 Q1": 81.2}), Q2)
    assert (a.status, a.rag, a.symbol_key) == ("no_data", "none", "no_information")


@pytest.mark.parametrize(
    "marker, status", [("c", "suppressed"), ("<5", "suppressed"), ("n/a", "missing"), ("", "missing")]
)
def test_markers_are_never_read_as_zero(marker: str, status: str) -> None:
    ind = indicator(unit="count", target=3, polarity="lower")
    a = assess_indicator(ind, "S", series(ind, {"2023-24 Q2": marker}), Q2)
    assert (a.status, a.value, a.rag, a.symbol_key) == (status, None, "none", "no_value")


def test_annual_indicator_in_a_quarterly_report_uses_the_latest_complete_year() -> None:
    ind = indicator(frequency="annual", basis="annual", target=90.0, tolerance=1)
    s = series(ind, {"2021-22": 87.5, "2022-23": 84.1, "2023-24": 81.4})
    a = assess_indicator(ind, "S", s, Q2)
    assert a.period.code == "2022-23"
    assert a.value == 84.1
    assert a.last_year is None
    assert a.previous is not None and a.previous.value == 87.5


def test_monthly_indicator_in_a_quarterly_report_uses_the_quarter_end_month() -> None:
    ind = indicator(frequency="monthly", basis="month")
    s = series(ind, {"2023-08": 50.0, "2023-09": 55.0})
    a = assess_indicator(ind, "S", s, Q2)
    assert a.period.code == "2023-09"
    assert a.previous is not None and a.previous.value == 50.0


def test_comparator_by_year_uses_the_latest_year_not_after_the_period() -> None:
    ind = indicator(
        polarity="lower", comparators={"statistical_neighbours": {"2021-22": 25.3, "2024-25": 20.0}}
    )
    a = assess_indicator(ind, "S", series(ind, {"2023-24 Q2": 27.3}), Q2)
    assert [(b.value, b.year, b.position) for b in a.benchmarks] == [(25.3, "2021-22", "worse")]


# -- judgments at their edges -------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, earlier, word",
    [
        (50.0, 50.04, "no change"),
        (50.4, 50.0, "marginal"),
        (50.5, 50.0, "slight"),
        (51.9, 50.0, "slight"),
        (52.0, 50.0, "notable"),
        (54.9, 50.0, "notable"),
        (55.0, 50.0, "significant"),
        (45.0, 50.0, "significant"),
    ],
)
def test_magnitude_of_percentage_changes_in_points(current: float, earlier: float, word: str) -> None:
    assert magnitude(current, earlier, "percent", 1, Thresholds()) == word


@pytest.mark.parametrize(
    "current, earlier, word",
    [
        (10100, 10000, "marginal"),
        (10200, 10000, "slight"),
        (10500, 10000, "notable"),
        (11500, 10000, "significant"),
        (0, 0, "no change"),
    ],
)
def test_magnitude_of_counts_is_relative(current: float, earlier: float, word: str) -> None:
    assert magnitude(current, earlier, "count", 0, Thresholds()) == word


@pytest.mark.parametrize(
    "current, earlier, chance",
    [
        (130, 100, True),  # 30 < 2 * sqrt(230) = 30.33
        (131, 100, False),  # 31 >= 2 * sqrt(231) = 30.40
        (70, 100, False),  # a fall of 30 from 100 is not: 30 >= 2 * sqrt(170) = 26.08
        (20, 17, True),
        (3, 0, True),  # 3 < 2 * sqrt(3) = 3.46
        (4, 0, False),  # 4 = 2 * sqrt(4): not below it
        (0, 4, False),
    ],
)
def test_within_chance_is_twice_the_poisson_spread(current: float, earlier: float, chance: bool) -> None:
    assert within_chance(current, earlier) is chance


@pytest.mark.parametrize(
    "current, earlier, word",
    [
        (130, 100, "slight"),  # 30% would be significant, but chance explains it
        (131, 100, "significant"),
        (20, 17, "slight"),  # 17.6%: not "a significant decline"
        (17, 20, "slight"),
        (3, 0, "slight"),
        (4, 0, "significant"),
        (101, 100, "marginal"),  # chance never raises a word
    ],
)
def test_a_count_change_chance_explains_is_at_most_slight(current: float, earlier: float, word: str) -> None:
    assert magnitude(current, earlier, "count", 0, Thresholds()) == word


@pytest.mark.parametrize(
    "value, target, word",
    [
        (0, 1, "slight"),  # 1 < 2 * sqrt(1): one event either way is chance
        (12, 20, "slight"),  # 8 < 2 * sqrt(20) = 8.94
        (11, 20, "significant"),  # 9 >= 8.94
        (5, 0, "significant"),  # against a target of none, any event is not chance
        (20, 20, "no change"),
    ],
)
def test_a_count_gap_to_its_target_chance_explains_is_at_most_slight(
    value: float, target: float, word: str
) -> None:
    assert gap(value, target, "count", 0, Thresholds(), target=True) == word


def test_chance_does_not_cap_a_count_gap_to_a_benchmark() -> None:
    assert gap(0, 1, "count", 0, Thresholds()) == "significant"


def test_chance_does_not_cap_other_units() -> None:
    assert magnitude(20.0, 17.0, "days", 1, Thresholds()) == "significant"


def test_project_thresholds_change_the_words() -> None:
    assert magnitude(51.0, 50.0, "percent", 1, Thresholds(points=(2, 4, 8))) == "marginal"


@pytest.mark.parametrize(
    "value, rag",
    [(0.0, "green"), (18.0, "green"), (18.9, "amber"), (19.0, "amber"), (19.1, "red"), (-0.5, "amber")],
)
def test_target_range_with_tolerance(value: float, rag: str) -> None:
    assert range_rating(value, 0.0, 18.0, 1.0, 1) == rag


def _obs(values: list[float | str], kind: str = "quarter") -> tuple[Observation, ...]:
    codes = ["2022-23 Q1", "2022-23 Q2", "2022-23 Q3", "2022-23 Q4", "2023-24 Q1", "2023-24 Q2"]
    out = []
    for code, v in zip(codes[-len(values) :], values, strict=True):
        status = "suppressed" if v == "c" else "ok"
        out.append(Observation(parse_period(code), None if v == "c" else float(v), status))  # type: ignore[arg-type]
    return tuple(out)


def test_extreme_needs_more_than_a_year_of_history() -> None:
    # four quarters is only a year: not yet "highest of the last five"
    assert find_extreme(_obs([1, 2, 3, 4]), Q2, 0) is None
    ext = find_extreme(_obs([1, 2, 3, 4, 5]), Q2, 0)
    assert ext is not None and (ext.kind, ext.since, ext.count) == ("highest", None, 5)


def test_extreme_since_the_last_higher_value() -> None:
    ext = find_extreme(_obs([9, 2, 3, 4, 5, 6]), Q2, 0)
    assert ext is not None and (ext.kind, ext.since.code if ext.since else None) == ("highest", "2022-23 Q1")
    assert find_extreme(_obs([2, 9, 3, 4, 5, 6]), Q2, 0) is None  # 2022-23 Q2 is only four quarters back


def test_equal_earlier_value_stops_an_extreme() -> None:
    assert find_extreme(_obs([1, 2, 3, 4, 6, 6]), Q2, 0) is None


def test_a_suppressed_value_in_the_history_blocks_extremes() -> None:
    assert find_extreme(_obs([1, "c", 3, 4, 5, 6]), Q2, 0) is None


def test_runs_and_the_end_of_a_run() -> None:
    run, ended = find_runs(list(_obs([9, 8, 7, 6, 5])), 0)
    assert (run, ended) == (Run("decrease", 4), None)
    run, ended = find_runs(list(_obs([9, 8, 7, 6, 7])), 0)
    assert (run, ended) == (Run("increase", 1), Run("decrease", 3))
    run, _ = find_runs(list(_obs([5, 5, 5])), 0)
    assert run == Run("no change", 2)
    assert find_runs(list(_obs([5])), 0) == (None, None)


def test_year_to_date_ratio_sums_numerators_and_denominators() -> None:
    ind = indicator(frequency="monthly", basis="month")
    s = series(ind, {"2023-04": 80.0, "2023-05": 90.0}, counts={"2023-04": (8, 10), "2023-05": (27, 30)})
    a = assess_indicator(ind, "S", s, parse_period("2023-05"))
    assert a.year_to_date is not None
    assert (a.year_to_date.value, a.year_to_date.numerator, a.year_to_date.denominator) == (87.5, 35, 40)


def test_year_to_date_is_refused_for_counts_unless_asked_and_when_a_month_is_hidden() -> None:
    stock = indicator(unit="count", frequency="monthly", basis="month")
    assert (
        assess_indicator(
            stock, "S", series(stock, {"2023-04": 5, "2023-05": 6}), parse_period("2023-05")
        ).year_to_date
        is None
    )
    flow = indicator(unit="count", frequency="monthly", basis="month", aggregate="sum")
    a = assess_indicator(flow, "S", series(flow, {"2023-04": 5, "2023-05": 6}), parse_period("2023-05"))
    assert a.year_to_date is not None and a.year_to_date.value == 11
    hidden = assess_indicator(
        flow, "S", series(flow, {"2023-04": "c", "2023-05": 6}), parse_period("2023-05")
    )
    assert hidden.year_to_date is None


def test_rolling_average_needs_twelve_unbroken_months() -> None:
    ind = indicator(unit="count", frequency="monthly", basis="month", polarity="none")
    values = {f"{2022 + (m + 9) // 12}-{(m + 9) % 12 + 1:02d}": 10 + m for m in range(12)}
    a = assess_indicator(ind, "S", series(ind, values), parse_period("2023-09"))
    assert a.rolling_average == pytest.approx(15.5)
    values["2023-01"] = "c"
    a = assess_indicator(ind, "S", series(ind, values), parse_period("2023-09"))
    assert a.rolling_average is None


# -- rank among every council -----------------------------------------------------------------


def test_ranks_are_one_for_the_best_and_shared_by_ties() -> None:
    from reportgen.assess import rank_among
    from reportgen.data import Peers

    peers = Peers((10.0, 12.0, 12.0, 15.0, 20.0))
    lower = [rank_among(v, peers, "lower", 1) for v in (10.0, 12.0, 15.0, 20.0)]
    assert [(r.position, r.of, r.tied) for r in lower if r] == [
        (1, 5, False),
        (2, 5, True),
        (4, 5, False),
        (5, 5, False),
    ]
    higher = rank_among(12.0, peers, "higher", 1)
    assert higher is not None and (higher.position, higher.tied) == (3, True)
    assert rank_among(12.0, peers, "none", 1) is None
    assert rank_among(12.0, peers, "target", 1) is None


def test_ties_are_judged_on_the_figures_as_shown() -> None:
    from reportgen.assess import rank_among
    from reportgen.data import Peers

    r = rank_among(12.04, Peers((12.04, 11.96, 13.0)), "lower", 1)  # 12.0 and 12.0
    assert r is not None and (r.position, r.tied) == (1, True)


@pytest.mark.parametrize(
    ("position", "quartile"), [(1, "A"), (38, "A"), (39, "B"), (76, "B"), (77, "C"), (115, "D"), (152, "D")]
)
def test_quartiles_are_the_quarters_of_the_ranks(position: int, quartile: str) -> None:
    from reportgen.assess import rank_among
    from reportgen.data import Peers

    peers = Peers(tuple(float(v) for v in range(1, 153)))
    r = rank_among(float(position), peers, "lower", 0)
    assert r is not None and (r.position, r.of, r.quartile) == (position, 152, quartile)


def test_a_figure_that_rounds_to_zero_is_above_zero_and_below_every_other() -> None:
    from reportgen.assess import rank_among
    from reportgen.data import Peers

    peers = Peers((0.0, 0.0, 0.1, 2.0), low=2)
    r = rank_among(None, peers, "lower", 1)
    assert r is not None and (r.position, r.of, r.tied) == (3, 6, True)
    r = rank_among(0.1, peers, "lower", 1)
    assert r is not None and r.position == 5
    r = rank_among(None, peers, "higher", 1)
    assert r is not None and r.position == 3


def test_a_year_to_date_row_shows_the_figures_its_basis_judges() -> None:
    from dataclasses import replace

    from reportgen.assess import cell_for
    from reportgen.periods import parse_period

    values = {"2023-06": 17.6, "2023-07": 18.2}
    stated = {"year_to_date": {parse_period("2023-07"): 17.4}}
    july = parse_period("2023-07")
    for basis, shown in (("year_to_date", [17.6, 17.4]), ("month", [17.6, 18.2])):
        ind = indicator(frequency="monthly", basis=basis)
        s = replace(series(ind, values), stated=stated)
        assert [cell_for(ind, s, p).value for p in (july.previous(), july)] == shown


def _months(values: list[float]) -> tuple[Observation, ...]:
    """Return monthly observations ending in September 2023."""
    end = parse_period("2023-09")
    return tuple(Observation(end.previous(len(values) - 1 - i), float(v), "ok") for i, v in enumerate(values))


def test_a_monthly_extreme_needs_six_months_of_history() -> None:
    sep = parse_period("2023-09")
    assert find_extreme(_months([1, 2, 3, 4, 5, 6]), sep, 0) is None  # five months before it
    ext = find_extreme(_months([1, 2, 3, 4, 5, 6, 7]), sep, 0)
    assert ext is not None and (ext.kind, ext.since, ext.count) == ("highest", None, 7)


def test_a_monthly_extreme_since_a_named_month_more_than_six_back() -> None:
    sep = parse_period("2023-09")
    assert find_extreme(_months([9, 1, 2, 3, 4, 5, 6]), sep, 0) is None  # March is six months back
    ext = find_extreme(_months([9, 1, 2, 3, 4, 5, 6, 7]), sep, 0)
    assert ext is not None and (ext.kind, ext.since.code if ext.since else None) == ("highest", "2023-02")
