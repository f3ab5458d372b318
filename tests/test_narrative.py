"""Sentence by sentence: each piece of the narrative for given inputs."""

from __future__ import annotations

import pytest

from reportgen.assess import Assessment, assess_indicator
from reportgen.errors import ReportgenError
from reportgen.formatting import HouseStyle
from reportgen.narrative import Writer
from reportgen.periods import parse_period
from tests.conftest import indicator, series

Q2 = parse_period("2023-24 Q2")


def assessed(ind, values, counts=None, period=Q2) -> Assessment:  # type: ignore[no-untyped-def]
    return assess_indicator(ind, "S", series(ind, values, counts), period)


def test_change_is_in_percentage_points_with_a_magnitude(writer: Writer) -> None:
    ind = indicator(target=85.0, tolerance="5%")
    a = assessed(ind, {"2022-23 Q2": 81.0, "2023-24 Q1": 84.1, "2023-24 Q2": 81.2})
    assert writer.change_sentence(a) == (
        "This is a notable decline on the previous quarter (84.1%, down 2.9 percentage points) but a "
        "marginal improvement on the same quarter last year (81.0%, up 0.2 percentage points)."
    )


def test_a_rise_in_a_lower_is_better_measure_is_a_decline(writer: Writer) -> None:
    ind = indicator(polarity="lower")
    a = assessed(ind, {"2023-24 Q1": 56.3, "2023-24 Q2": 63.7})
    assert writer.change_sentence(a) == (
        "This is a significant decline on the previous quarter (56.3%, up 7.4 percentage points)."
    )


@pytest.mark.parametrize(
    "polarity, value, expected",
    [
        ("lower", 1.7, "This is notably better than the target of 5%."),  # 3.3 points
        ("lower", 5.2, "This is in line with the target of 5%, though just short of it."),  # 0.2: marginal
        ("lower", 7.6, "This is notably worse than the target of 5%, outside tolerance."),
        ("lower", 10.0, "This is significantly worse than the target of 5%."),
        ("higher", 7.6, "This is notably better than the target of 5%."),
        ("higher", 5.4, "This is in line with the target of 5%."),
        ("higher", 5.0, "This meets the target of 5%."),
    ],
)
def test_target_is_worded_by_polarity_never_bare_above_or_below(
    polarity: str, value: float, expected: str
) -> None:
    writer = Writer(HouseStyle())
    ind = indicator(id="d", polarity=polarity, target=5.0, tolerance="5%")  # id "d" picks shape 0
    assert writer.target_sentence(assessed(ind, {"2023-24 Q2": value})) == expected


@pytest.mark.parametrize(
    "polarity, value, expected",
    [
        ("lower", 16.0, "This is positively below the target of 18%."),
        ("lower", 18.5, "This is negatively above the target of 18%, but within tolerance."),
        ("higher", 80.0, "This is negatively below the target of 90%."),
        ("higher", 91.0, "This is positively above the target of 90%."),
    ],
)
def test_positively_negatively_idiom(polarity: str, value: float, expected: str) -> None:
    writer = Writer(HouseStyle(idiom=True))
    target = 18.0 if polarity == "lower" else 90.0
    ind = indicator(polarity=polarity, target=target, tolerance=1)
    assert writer.target_sentence(assessed(ind, {"2023-24 Q2": value})) == expected


def test_value_sentence_shows_numerator_and_denominator(writer: Writer) -> None:
    ind = indicator(
        id="a", title="% of referrals completed within 1 working day", frequency="annual", basis="annual"
    )
    a = assessed(ind, {"2023-24": 81.4}, counts={"2023-24": (1119, 1374)}, period=parse_period("2023-24"))
    assert writer.value_sentence(a) == (
        "The percentage of referrals completed within 1 working day was 81.4% (1,119 of 1,374) in 2023/24."
    )


def test_sentence_shapes_vary_by_indicator_but_never_between_builds(writer: Writer) -> None:
    shapes = set()
    for name in ("a", "b", "g"):  # crc32 % 3 gives 0, 2 and 1
        ind = indicator(id=name, title="% of reviews on time")
        text = writer.value_sentence(assessed(ind, {"2023-24 Q2": 90.0}))
        assert text == writer.value_sentence(assessed(ind, {"2023-24 Q2": 90.0}))
        shapes.add(text)
    assert shapes == {
        "The percentage of reviews on time was 90.0% in Quarter 2 2023/24.",
        "In Quarter 2 2023/24, the percentage of reviews on time was 90.0%.",
        "The percentage of reviews on time stood at 90.0% in Quarter 2 2023/24.",
    }


def test_suppressed_count_uses_the_house_words() -> None:
    writer = Writer(HouseStyle(suppressed_text="fewer than 10"))
    ind = indicator(title="Number of children in custody", unit="count", polarity="lower", target=2)
    assert writer.paragraph(assessed(ind, {"2023-24 Q1": 12, "2023-24 Q2": "c"})) == (
        "The number of children in custody was fewer than 10 in Quarter 2 2023/24; the exact figure "
        "is not published to protect the privacy of the people involved."
    )


def test_benchmark_names_the_year_and_whether_that_is_better(writer: Writer) -> None:
    ind = indicator(
        polarity="lower", comparators={"statistical_neighbours": {"2020-21": 24.4}, "national": 22.7}
    )
    a = assessed(ind, {"2023-24 Q2": 21.0})
    assert writer.benchmark_sentence(a) == (
        "It is notably below the 2020/21 statistical neighbour average of 24.4% and slightly below the "
        "national average of 22.7% (lower is better)."
    )


@pytest.mark.parametrize(
    "value, tolerance, expected",
    [  # the seed: 19.3% against 18.5%, 0.8 points, a slight gap, in whichever RAG band
        (19.3, "5%", "This is slightly worse than the target of 18.5%, but within tolerance."),
        (19.3, None, "This is slightly worse than the target of 18.5%."),
        (19.3, 0.5, "This is slightly worse than the target of 18.5%, outside tolerance."),
        (18.9, None, "This is marginally worse than the target of 18.5%."),  # red, so not "in line"
        (21.0, "5%", "This is notably worse than the target of 18.5%, outside tolerance."),
        (24.0, "5%", "This is significantly worse than the target of 18.5%."),
    ],
)
def test_the_gap_to_a_target_is_sized_like_a_change(value: float, tolerance: object, expected: str) -> None:
    ind = indicator(id="d", polarity="lower", target=18.5, tolerance=tolerance)
    assert Writer(HouseStyle()).target_sentence(assessed(ind, {"2023-24 Q2": value})) == expected


@pytest.mark.parametrize(
    "value, tolerance, words",
    [  # a summary line sizes the gap as the paragraph does, and says which side of the tolerance
        (19.3, "5%", "slightly worse than target (18.5%, within tolerance)"),
        (19.3, 0.5, "slightly worse than target (18.5%, outside tolerance)"),
        (19.3, None, "slightly worse than target (18.5%)"),  # no tolerance: nothing to be outside
        (24.0, "5%", "significantly worse than target (18.5%)"),
        (17.0, "5%", "better than target (18.5%)"),
    ],
)
def test_a_summary_line_sizes_the_gap_to_its_target(value: float, tolerance: object, words: str) -> None:
    ind = indicator(id="d", polarity="lower", target=18.5, tolerance=tolerance)
    line = Writer(HouseStyle()).highlight(assessed(ind, {"2023-24 Q2": value}))
    assert line == f"The percentage of assessments completed in time was {value:.1f}%, {words}."


@pytest.mark.parametrize(
    "value, expected",
    [
        (22.9, "It is in line with the national average of 22.7%."),  # 0.2 points: marginal
        (23.5, "It is slightly above the national average of 22.7% (lower is better)."),
        (25.0, "It is notably above the national average of 22.7% (lower is better)."),
        (17.0, "It is well below the national average of 22.7% (lower is better)."),
    ],
)
def test_the_gap_to_a_benchmark_is_sized_like_a_change(writer: Writer, value: float, expected: str) -> None:
    ind = indicator(polarity="lower", comparators={"national": 22.7})
    assert writer.benchmark_sentence(assessed(ind, {"2023-24 Q2": value})) == expected


def test_a_template_error_names_the_indicator(writer: Writer) -> None:
    ind = indicator(id="visits", template="{{ nonsense.value }}")
    with pytest.raises(ReportgenError, match="template for indicator visits: 'nonsense' is undefined"):
        writer.paragraph(assessed(ind, {"2023-24 Q2": 90.0}))


def test_a_template_cannot_reach_python_internals(writer: Writer) -> None:
    ind = indicator(id="visits", template="{{ value.__class__.__mro__ }}")
    with pytest.raises(ReportgenError, match="template for indicator visits"):
        writer.paragraph(assessed(ind, {"2023-24 Q2": 90.0}))


def test_summary_counts_lists_and_questions(writer: Writer) -> None:
    good = indicator(id="good", title="% of reviews on time", target=90, tolerance="5%")
    bad = indicator(id="bad", title="% of visits in time", target=90, tolerance="5%")
    slipping = indicator(id="slip", title="% of plans up to date", target=80, tolerance="5%")
    assessments = [
        assessed(good, {"2023-24 Q1": 91.0, "2023-24 Q2": 95.0}),
        assessed(bad, {"2023-24 Q1": 75.0, "2023-24 Q2": 70.0}),
        assessed(slipping, {"2023-24 Q1": 88.0, "2023-24 Q2": 84.0}),
    ]
    summary = writer.summary(assessments, "Quarter 2 2023/24")
    assert summary.lines == (
        "This report covers 3 indicators for Quarter 2 2023/24.",
        "Of the 3 with a target and a figure for the period, 2 were better than target (★), 0 were worse "
        "than target but within tolerance (●) and 1 was worse than target and outside tolerance (▲).",
        "Compared with the previous period, 1 improved, 2 declined and 0 did not change.",
    )
    assert summary.performing_well == (
        "The percentage of reviews on time was 95.0%, better than target (90%), and it has improved "
        "since the previous quarter (91.0%).",
        "The percentage of plans up to date was 84.0%, better than target (80%), though it has "
        "declined since the previous quarter (88.0%).",
    )
    assert summary.areas_for_focus == (
        "The percentage of visits in time was 70.0%, significantly worse than target (90%), and it "
        "has declined since the previous quarter (75.0%).",
    )
    assert summary.investigation == (
        "What has caused the percentage of visits in time to fall to 70.0%, further from the target "
        "of 90%, and what action is planned?",
        "What lies behind the fall in the percentage of plans up to date from 88.0% to 84.0%?",
    )


# -- statistical process control beside RAG -----------------------------------------------------------


def _monthly(values: list[float], **fields: object) -> Assessment:
    from reportgen.assess import assess_indicator

    ind = indicator(frequency="monthly", basis="month", **fields)
    first = parse_period("2022-01")
    codes = [first.previous(-i).code for i in range(len(values))]
    return assess_indicator(
        ind, "S", series(ind, dict(zip(codes, values, strict=True))), parse_period(codes[-1])
    )


ALTERNATING = [89.0, 91.0] * 7


def test_spc_missed_but_within_normal_variation(writer: Writer) -> None:
    a = _monthly([*ALTERNATING, 88.5], target=90.0, tolerance="5%", decimals=1)
    assert a.rag == "amber" and a.spc is not None and a.spc.assurance == "hit_or_miss"
    assert writer.spc_sentence(a) == (
        "Missed this month, but within normal variation: on the current process the target of 90% "
        "will be met in some months and missed in others."
    )


def test_spc_met_but_within_normal_variation(writer: Writer) -> None:
    a = _monthly([*ALTERNATING, 90.5], target=90.0, decimals=1)
    assert writer.spc_sentence(a).startswith("Met this month, but within normal variation: ")


def test_spc_six_in_a_row_above_the_average_is_a_real_improvement(writer: Writer) -> None:
    # the issue's own example: mean (8 x 22 + 6 x 23 + 6 x 25) / 20 = 23.2
    values = [22.0, 23.0] * 6 + [22.0, 22.0] + [25.0] * 6
    a = _monthly(values, unit="count")
    assert (
        writer.spc_sentence(a)
        == "Six months in a row above the average of 23.2: a real improvement, not chance."
    )


def test_spc_trend_beyond_limit_and_two_of_three_sentences(writer: Writer) -> None:
    falling = _monthly(
        [*[30.0, 32.0] * 7, 33.0, 32.0, 31.5, 31.0, 30.5, 30.2], unit="days", polarity="lower", decimals=1
    )
    assert (
        writer.spc_sentence(falling)
        == "Six months in a row, each lower than the last: a real improvement, not chance."
    )
    beyond = _monthly([*[40.0, 42.0] * 7, 60.0], unit="count", polarity="lower", spc_baseline=14)
    assert writer.spc_sentence(beyond) == (
        "This month's figure is above the upper limit of 46.3: a real concern, not chance."
    )
    near = _monthly(
        [*ALTERNATING, 85.5, 90.5, 85.4], polarity="higher", spc_baseline=14, target=88.0, decimals=1
    )
    assert writer.spc_sentence(near) == (
        "Two of the last three months close to the lower limit of 84.7%: a real concern, not chance. "
        "On the current process the target of 88% will be met in some months and missed in others."
    )
    neither = _monthly([*[40.0, 42.0] * 7, 60.0], unit="count", polarity="none", spc_baseline=14)
    assert writer.spc_sentence(neither).endswith(": a real change, not chance.")


def test_spc_consistently_pass_and_fail(writer: Writer) -> None:
    passing = _monthly([*ALTERNATING, 90.0], target=80.0, decimals=1)
    assert writer.spc_sentence(passing) == (
        "Within normal variation, and on the current process the target of 80% will be met every month: "
        "even the lower limit of 84.9% meets it."
    )
    failing = _monthly([*ALTERNATING, 90.0], target=97.0, decimals=1)
    assert writer.spc_sentence(failing) == (
        "Within normal variation, but on the current process the target of 97% will be missed every month: "
        "even the upper limit of 95.1% falls short of it, so meeting it needs a change in how the service works."
    )
    untargeted = _monthly([*ALTERNATING, 90.0], decimals=1)
    assert writer.spc_sentence(untargeted) == (
        "This is within normal variation: the figures vary by chance between 84.9% and 95.1% around an "
        "average of 90.0%, so there is no change to react to."
    )


def test_no_spc_sentence_without_a_judgment(writer: Writer) -> None:
    assert writer.spc_sentence(_monthly(ALTERNATING[:12], target=90.0)) == ""
    a = _monthly([*ALTERNATING, 88.5], target=90.0)
    assert writer.spc_sentence(a) in writer.generated(a)


def test_a_stated_12_month_average_is_printed_instead_of_the_computed_one(writer: Writer) -> None:
    from dataclasses import replace

    ind = indicator(id="contacts", frequency="monthly", basis="month", target=85, tolerance="5%")
    values = {f"{2022 + (m > 12)}-{(m - 1) % 12 + 1:02d}": 80.0 for m in range(7, 19)}
    values["2023-07"] = 86.3
    computed = assess_indicator(ind, "S", series(ind, values), parse_period("2023-07"))
    assert computed.rolling_average is not None and round(computed.rolling_average, 1) == 80.5
    stated = replace(series(ind, values), stated={"average_12_months": {parse_period("2023-07"): 84.6}})
    a = assess_indicator(ind, "S", stated, parse_period("2023-07"))
    assert a.rolling_average == 84.6
    assert "It is above the rolling 12-month average of 84.6%." in writer.paragraph(a)
    assert "80.5%" not in writer.paragraph(a)


@pytest.mark.parametrize(
    "subject, value, expected",
    [  # the id "episodes" picks the "stood at" shape for a figure
        ("the number of missing episodes", 0, "There were no missing episodes in Quarter 2 2023/24."),
        (
            "the number of missing episodes",
            1,
            "The number of missing episodes stood at 1 in Quarter 2 2023/24.",
        ),
        ("missing episodes reported", 0, "Missing episodes reported stood at 0 in Quarter 2 2023/24."),
    ],
)
def test_a_count_of_zero_is_said_in_words_when_the_subject_allows(
    writer: Writer, subject: str, value: int, expected: str
) -> None:
    ind = indicator(id="episodes", unit="count", polarity="lower", subject=subject)
    assert writer.value_sentence(assessed(ind, {"2023-24 Q2": value})) == expected


def test_a_percentage_of_zero_stays_a_figure(writer: Writer) -> None:
    ind = indicator(id="episodes", subject="the number of missing episodes")
    assert "0.0%" in writer.value_sentence(assessed(ind, {"2023-24 Q2": 0.0}))


def test_summary_lists_are_capped_and_count_a_target_range_met(writer: Writer) -> None:
    goods = [
        indicator(id=f"g{i}", title=f"% of reviews of kind {i}", target=80, tolerance="5%") for i in range(4)
    ]
    band = indicator(
        id="band", title="% of cases in the band", polarity="target", target="10-20", tolerance=1
    )
    assessments = [assessed(g, {"2023-24 Q1": 85.0, "2023-24 Q2": 90.0 + i}) for i, g in enumerate(goods)]
    assessments.append(assessed(band, {"2023-24 Q1": 15.0, "2023-24 Q2": 15.0}))
    full = writer.summary(assessments, "Quarter 2 2023/24")
    assert len(full.performing_well) == 5
    assert full.performing_well[0].startswith(
        "The percentage of reviews of kind 3 was 93.0%, better than target"
    )
    assert (
        full.performing_well[-1]
        == "The percentage of cases in the band was 15.0%, within the target range (10% to 20%)."
    )
    capped = writer.summary(assessments, "Quarter 2 2023/24", well=2)
    assert capped.performing_well == full.performing_well[:2]


def test_areas_for_focus_include_a_notable_decline_with_no_target(writer: Writer) -> None:
    falling = indicator(id="fall", title="% of visits in time", polarity="higher")
    steady = indicator(id="steady", title="% of plans up to date", polarity="higher")
    assessments = [
        assessed(falling, {"2023-24 Q1": 80.0, "2023-24 Q2": 72.0}),
        assessed(steady, {"2023-24 Q1": 80.0, "2023-24 Q2": 79.8}),
    ]
    assert writer.summary(assessments, "Quarter 2 2023/24").areas_for_focus == (
        "The percentage of visits in time was 72.0%, a significant decline on the previous quarter (80.0%).",
    )
    assert writer.summary(assessments, "Quarter 2 2023/24", focus=0).areas_for_focus == ()


def test_the_officers_questions_come_before_the_drafted_ones_once_each(writer: Writer) -> None:
    from dataclasses import replace

    bad = indicator(id="bad", title="% of visits in time", target=90, tolerance="5%")
    good = indicator(id="good", title="% of reviews on time", target=90, tolerance="5%")
    assessments = [
        replace(assessed(bad, {"2023-24 Q1": 75.0, "2023-24 Q2": 70.0}), questions=("Which teams?",)),
        replace(assessed(good, {"2023-24 Q2": 95.0}), questions=("Is it lasting?", "Which teams?")),
    ]
    summary = writer.summary(assessments, "Quarter 2 2023/24")
    assert summary.raised == ("Which teams?", "Is it lasting?")
    assert summary.investigation == (
        "What has caused the percentage of visits in time to fall to 70.0%, further from the target "
        "of 90%, and what action is planned?",
    )
