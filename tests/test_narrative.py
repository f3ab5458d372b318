from reportgen.assess import assess_indicator
from reportgen.formatting import HouseStyle
from reportgen.narrative import Writer
from reportgen.periods import parse_period
from tests.conftest import indicator, series

Q2 = parse_period("2023-24 Q2")


def paragraph(writer: Writer, ind, values, counts=None, period=Q2) -> str:  # type: ignore[no-untyped-def]
    return writer.paragraph(assess_indicator(ind, "S", series(ind, values, counts), period))


def test_higher_is_better_amber_with_both_comparisons(writer: Writer) -> None:
    ind = indicator(
        title="% of Single Assessments completed within 45 working days",
        target=85.0,
        tolerance="5%",
        comparators={"statistical_neighbours": 82.4},
    )
    text = paragraph(writer, ind, {"2022-23 Q2": 81.0, "2023-24 Q1": 84.1, "2023-24 Q2": 81.2})
    assert text == (
        "The percentage of Single Assessments completed within 45 working days was 81.2% in "
        "Quarter 2 2023/24. This is a decline on the previous quarter (84.1%, down 2.9 percentage "
        "points) but an improvement on the same quarter last year (81.0%, up 0.2 percentage "
        "points). This is worse than the target of 85.0%, but within tolerance. It is worse than "
        "the statistical neighbour average of 82.4%."
    )


def test_lower_is_better_below_target_is_called_better(writer: Writer) -> None:
    ind = indicator(
        title="% of referrals taking over 3 working days",
        polarity="lower",
        frequency="annual",
        basis="annual",
        target=5.0,
        tolerance="5%",
    )
    text = paragraph(writer, ind, {"2022-23": 2.4, "2023-24": 1.7}, period=parse_period("2023-24"))
    assert text == (
        "The percentage of referrals taking over 3 working days was 1.7% in 2023/24. This is an "
        "improvement on 2022/23 (2.4%, down 0.7 percentage points). This is better than the "
        "target of 5.0%."
    )


def test_lower_is_better_above_target_is_called_worse(writer: Writer) -> None:
    ind = indicator(title="% of repeat plans", polarity="lower", target=3.0, tolerance="5%")
    text = paragraph(writer, ind, {"2023-24 Q2": 7.6})
    assert text == (
        "The percentage of repeat plans was 7.6% in Quarter 2 2023/24. This is "
        "significantly worse than the target of 3.0%."
    )


def test_numerator_and_denominator_are_shown(writer: Writer) -> None:
    ind = indicator(
        title="% of referrals completed within 1 working day",
        frequency="annual",
        basis="annual",
        target=90.0,
        tolerance="5%",
    )
    text = paragraph(
        writer,
        ind,
        {"2022-23": 84.1, "2023-24": 81.4},
        counts={"2023-24": (1119, 1374)},
        period=parse_period("2023-24"),
    )
    assert text.startswith(
        "The percentage of referrals completed within 1 working day was 81.4% (1,119 of 1,374) in "
        "2023/24. This is a decline on 2022/23 (84.1%, down 2.7 percentage points). This is "
        "significantly worse than the target of 90.0%."
    )


def test_snapshot_basis_reads_as_at_the_end_of_the_month(writer: Writer) -> None:
    ind = indicator(title="Children in care", unit="count", polarity="none", basis="snapshot")
    text = paragraph(writer, ind, {"2023-24 Q1": 300, "2023-24 Q2": 300})
    assert text == (
        "Children in care was 300 at the end of September 2023. This is the same as "
        "the previous quarter (300). There is no right level for this measure; it is "
        "monitored."
    )


def test_rate_per_ten_thousand(writer: Writer) -> None:
    ind = indicator(
        title="Rate of children on a CP plan",
        unit="rate",
        polarity="none",
        frequency="annual",
        basis="snapshot",
    )
    text = paragraph(
        writer,
        ind,
        {"2022-23": 57.6, "2023-24": 65.6},
        counts={"2023-24": (146, 22256)},
        period=parse_period("2023-24"),
    )
    assert text == (
        "The rate of children on a CP plan was 65.6 per 10,000 (146 in a population of 22,256) at "
        "the end of March 2024. This is an increase on 2022/23 (57.6 per 10,000, up 8.0 per "
        "10,000). There is no right level for this measure; it is monitored."
    )


def test_a_change_of_one_point_is_singular(writer: Writer) -> None:
    ind = indicator(title="% of reviews in time")
    text = paragraph(writer, ind, {"2023-24 Q1": 98.0, "2023-24 Q2": 97.0})
    assert "(98.0%, down 1.0 percentage point)" in text


def test_suppressed_value_is_never_printed(writer: Writer) -> None:
    ind = indicator(title="Number of children adopted", unit="count", polarity="higher", target=5)
    text = paragraph(writer, ind, {"2023-24 Q1": 7, "2023-24 Q2": "c"})
    assert text == (
        "The figure for Quarter 2 2023/24 is not published because the number is "
        "small enough to identify individuals."
    )


def test_no_data_points_to_the_latest_figure(writer: Writer) -> None:
    ind = indicator(title="% of appraisals completed")
    text = paragraph(writer, ind, {"2023-24 Q1": 68.0})
    assert text == (
        "No figure is available yet for Quarter 2 2023/24. The latest, for Quarter 1 2023/24, was 68.0%."
    )


def test_plan_is_best_names_the_side(writer: Writer) -> None:
    ind = indicator(
        title="Number of children in care", unit="count", polarity="target", target=300, tolerance=10
    )
    assert paragraph(writer, ind, {"2023-24 Q2": 315}).endswith(
        "This is above the planned level of 300, but within tolerance."
    )
    assert paragraph(writer, ind, {"2023-24 Q2": 270}).endswith(
        "This is well below the planned level of 300."
    )
    assert paragraph(writer, ind, {"2023-24 Q2": 305}).endswith(
        "This is in line with the planned level of 300."
    )


def test_per_cent_house_style_and_hyphenated_years() -> None:
    writer = Writer(HouseStyle(percent="per cent", year_separator="-"))
    ind = indicator(title="% of plans reviewed", frequency="annual", basis="annual", target=95.0)
    text = paragraph(writer, ind, {"2021-22": 90.0, "2022-23": 96.0}, period=parse_period("2022-23"))
    assert text == (
        "The percentage of plans reviewed was 96.0 per cent in 2022-23. This is an "
        "improvement on 2021-22 (90.0 per cent, up 6.0 percentage points). This is "
        "better than the target of 95.0 per cent."
    )


def test_comparator_year_is_named(writer: Writer) -> None:
    ind = indicator(
        title="% of repeat plans",
        polarity="lower",
        comparators={"statistical_neighbours": {"2021-22": 25.3}, "national": 22.7},
    )
    text = paragraph(writer, ind, {"2023-24 Q2": 23.5})
    assert text.endswith(
        "It is better than the 2021/22 statistical neighbour average of 25.3% "
        "and worse than the national average of 22.7%."
    )
