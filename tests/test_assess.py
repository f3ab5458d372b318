import pytest

from reportgen.assess import assess_indicator, movement, performance, position, rag_rating
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
