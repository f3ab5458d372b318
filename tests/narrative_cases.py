"""Hand-made series for the golden narrative tests: each case is one indicator's story.

``expected`` holds the exact paragraph, reviewed by a person; regenerate with
``REPORTGEN_UPDATE_GOLDEN=1`` only after a deliberate change, then read the diff.
"""

from __future__ import annotations

from typing import Any

Q = "quarterly"
M = "monthly"
A = "annual"


def months(start_year: int, start_month: int, values: list[Any]) -> dict[str, Any]:
    """Return {YYYY-MM: value} for consecutive months."""
    out = {}
    y, m = start_year, start_month
    for v in values:
        out[f"{y}-{m:02d}"] = v
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


QUARTERS = ["2022-23 Q1", "2022-23 Q2", "2022-23 Q3", "2022-23 Q4", "2023-24 Q1", "2023-24 Q2"]


def quarters(values: list[Any]) -> dict[str, Any]:
    """Return {quarter code: value} ending at 2023-24 Q2."""
    return dict(zip(QUARTERS[len(QUARTERS) - len(values) :], values, strict=True))


CASES: list[dict[str, Any]] = [
    # -- higher is better, percentages, quarterly ------------------------------------------------
    dict(
        name="higher_green_with_better_benchmark",
        ind=dict(
            title="% of reviews held on time", target=90, tolerance="5%", comparators={"national": 88.0}
        ),
        values=quarters([85.0, 88.0, 91.0, 92.5]),
    ),
    dict(
        name="higher_amber_within_tolerance",
        ind=dict(title="% of assessments completed in 45 days", target=85, tolerance="5%"),
        values=quarters([81.0, 84.1, 81.2]),
    ),
    dict(
        name="higher_red_declined",
        ind=dict(title="% of initial visits in time", target=85, tolerance="5%"),
        values=quarters([76.0, 75.9, 70.1]),
    ),
    dict(
        name="higher_meets_target_exactly",
        ind=dict(title="% of plans reviewed", target=90, tolerance=2),
        values=quarters([88.0, 90.0]),
    ),
    dict(
        name="higher_rounds_up_to_target",
        ind=dict(title="% of plans reviewed", target=85, tolerance="5%"),
        values=quarters([83.0, 84.96]),
    ),
    dict(
        name="higher_red_to_amber",
        ind=dict(title="% of strategy discussions in 5 days", target=90, tolerance="5%"),
        values=quarters([80.0, 86.0]),
    ),
    # -- lower is better ---------------------------------------------------------------------------
    dict(
        name="lower_green_below_target",
        ind=dict(title="% of referrals taking over 3 days", polarity="lower", target=5, tolerance="5%"),
        values=quarters([2.4, 1.7]),
    ),
    dict(
        name="lower_red_above_target",
        ind=dict(title="% of repeat child protection plans", polarity="lower", target=3, tolerance="5%"),
        values=quarters([6.1, 7.6]),
    ),
    dict(
        name="lower_amber",
        ind=dict(
            title="% of re-referrals within 12 months",
            polarity="lower",
            target=21.5,
            tolerance="5%",
            comparators={"statistical_neighbours": 20.1},
        ),
        values=quarters([24.3, 22.5]),
    ),
    dict(
        name="lower_days_sickness",
        ind=dict(
            title="Days lost to sickness per FTE",
            subject="the number of days lost to sickness per FTE",
            unit="days",
            decimals=2,
            polarity="lower",
            target=2.1,
            tolerance="5%",
        ),
        values=quarters([1.82, 1.85, 1.62, 1.38, 1.52]),
    ),
    dict(
        name="lower_weeks_monthly",
        ind=dict(
            title="Average weeks to adoption",
            subject="the average time to adoption",
            unit="weeks",
            polarity="lower",
            frequency=M,
            basis="month",
            target=60,
            tolerance=3,
        ),
        values=months(2023, 7, [63.0, 61.5, 62.0]),
        period="2023-09",
    ),
    dict(
        name="lower_months_quarterly",
        ind=dict(
            title="Average months from entering care to permanence",
            subject="the average time to permanence",
            unit="months",
            polarity="lower",
            target=10,
            tolerance="5%",
        ),
        values=quarters([10.4, 9.8, 9.5]),
    ),
    dict(
        name="number_with_unit_label",
        ind=dict(
            title="Average caseload per social worker",
            subject="the average caseload",
            unit="number",
            unit_label="cases per worker",
            polarity="lower",
            target=18,
            tolerance=1,
        ),
        values=quarters([19.4, 18.6]),
    ),
    dict(
        name="rate_with_unit_label",
        ind=dict(
            title="Rate of children in need",
            unit="rate",
            unit_label="per 10,000 children aged under 18",
            polarity="none",
        ),
        values=quarters([312.4, 318.9]),
    ),
    dict(
        name="provisional_latest_month",
        ind=dict(
            title="% of contacts with a decision in 24 hours",
            frequency=M,
            basis="month",
            target=85,
            tolerance="5%",
        ),
        values=months(2023, 5, [84.0, 83.2, "82.1p"]),
        period="2023-07",
    ),
    dict(
        name="stated_average_12_months",
        ind=dict(
            title="% of contacts with a decision in 24 hours",
            frequency=M,
            basis="month",
            target=85,
            tolerance="5%",
        ),
        values=months(2023, 5, [84.0, 83.2, 86.3]),
        stated={"average_12_months": {"2023-07": 84.6}},
        period="2023-07",
    ),
    dict(
        name="stated_outturn",
        ind=dict(title="% of reviews held on time", target=90, tolerance="5%"),
        values=quarters([88.0, 89.5]),
        stated={"outturn": {"2022-23": 84.1}},
    ),
    dict(
        name="year_to_date_beside_the_month",
        ind=dict(
            title="% of re-referrals within 12 months",
            polarity="lower",
            frequency=M,
            basis="month",
            target=18,
            tolerance="5%",
        ),
        values=months(2023, 5, [17.0, 17.6, 18.2]),
        stated={"year_to_date": {"2023-06": 17.0, "2023-07": 17.4}},
        period="2023-07",
    ),
    dict(
        name="year_to_date_judged_month_beside",
        ind=dict(
            title="% of re-referrals within 12 months",
            polarity="lower",
            frequency=M,
            basis="year_to_date",
            target=17.5,
            tolerance="5%",
        ),
        values=months(2023, 5, [17.0, 17.6, 18.2]),
        stated={"year_to_date": {"2023-05": 16.8, "2023-06": 17.0, "2023-07": 17.4}},
        period="2023-07",
    ),
    # -- plan is best ---------------------------------------------------------------------------
    dict(
        name="plan_green",
        ind=dict(
            title="Number of children in care",
            unit="count",
            polarity="target",
            basis="snapshot",
            target=300,
            tolerance=10,
        ),
        values=quarters([310, 305]),
    ),
    dict(
        name="plan_amber_above",
        ind=dict(
            title="Number of children in care",
            unit="count",
            polarity="target",
            basis="snapshot",
            target=300,
            tolerance=10,
        ),
        values=quarters([305, 316]),
    ),
    dict(
        name="plan_red_below",
        ind=dict(
            title="Number of children in care",
            unit="count",
            polarity="target",
            basis="snapshot",
            target=300,
            tolerance=10,
        ),
        values=quarters([285, 270]),
    ),
    # -- counts sized with chance in mind (assess.within_chance) ----------------------------------
    dict(
        name="count_small_change_within_chance",
        ind=dict(title="Number of children becoming subject to a CP plan", unit="count", polarity="lower"),
        values=quarters([17, 20]),  # 17.6% up, but 3 < 2 * sqrt(37): a slight decline, not significant
    ),
    dict(
        name="count_change_beyond_chance",
        ind=dict(title="Number of children becoming subject to a CP plan", unit="count", polarity="lower"),
        values=quarters([100, 131]),  # 31 >= 2 * sqrt(231) = 30.4: the 31% rise is significant
    ),
    dict(
        name="count_change_with_its_percentage",
        ind=dict(title="Number of children in care", unit="count", polarity="lower", basis="snapshot"),
        values=quarters([168, 148]),  # down 20, or 11.9% of 168; slight, as 20 < 2 * sqrt(316)
        style=dict(percent="per cent"),
    ),
    dict(
        name="count_gap_to_target_within_chance",
        ind=dict(title="Number of RIDDOR reports made", unit="count", polarity="lower", target=1),
        values=quarters([0, 0]),  # 0 against 1: one event is chance (1 < 2 * sqrt(1)), so "slightly"
    ),
    dict(
        name="count_of_zero_in_words",
        ind=dict(
            title="Number of children in care in custody",
            unit="count",
            polarity="lower",
            basis="snapshot",
            target=0,
        ),
        values=quarters([2, 0]),
    ),
    # -- polarity none ----------------------------------------------------------------------------
    dict(
        name="none_count_snapshot",
        ind=dict(
            title="Number of children open to early help", unit="count", polarity="none", basis="snapshot"
        ),
        values=quarters([410, 423, 397]),
    ),
    dict(
        name="none_with_comparators",
        ind=dict(
            title="Rate of children in need",
            unit="rate",
            polarity="none",
            basis="snapshot",
            comparators={"national": 342.7, "statistical_neighbours": 401.2},
        ),
        values=quarters([371.0, 380.4]),
    ),
    dict(
        name="none_rate_annual_counts",
        ind=dict(
            title="Rate of children on a CP plan", unit="rate", polarity="none", frequency=A, basis="snapshot"
        ),
        values={"2021-22": 53.7, "2022-23": 57.6},
        counts={"2022-23": (128, 22207)},
        period="2023-24 Q2",
    ),
    # -- rates, numbers -------------------------------------------------------------------------
    dict(
        name="rate_lower_with_target",
        ind=dict(
            title="Rate of children in care",
            unit="rate",
            polarity="lower",
            basis="snapshot",
            target=120,
            tolerance="5%",
        ),
        values=quarters([142.3, 134.8]),
    ),
    dict(
        name="number_monthly_rolling_average",
        ind=dict(
            title="Average caseload per social worker",
            subject="the average caseload per social worker",
            unit="number",
            polarity="lower",
            frequency=M,
            basis="snapshot",
        ),
        values=months(
            2022, 9, [17.0, 18.2, 18.9, 19.4, 18.7, 18.1, 17.9, 18.4, 18.8, 19.1, 19.6, 20.3, 20.9]
        ),
        period="2023-09",
    ),
    # -- runs and extremes ------------------------------------------------------------------------
    dict(
        name="monthly_fourth_reduction_in_a_row",
        ind=dict(
            title="Number of children missing from care",
            subject="the number of missing episodes",
            unit="count",
            polarity="lower",
            frequency=M,
            basis="month",
        ),
        values=months(2023, 3, [61, 58, 64, 60, 55, 49, 41]),
        period="2023-09",
    ),
    dict(
        name="monthly_maintained_at_100",
        ind=dict(
            title="% of children in care with an allocated social worker",
            frequency=M,
            basis="snapshot",
            target=100,
            tolerance=1,
        ),
        values=months(2023, 5, [98.0, 99.0, 100.0, 100.0, 100.0]),
        period="2023-09",
    ),
    dict(
        name="quarterly_ends_run_of_increases",
        ind=dict(title="% of children persistently absent", polarity="lower", target=15, tolerance="5%"),
        values=quarters([16.4, 24.8, 25.1, 27.9, 19.8]),
    ),
    dict(
        name="monthly_highest_since_last_october",
        ind=dict(title="Number of referrals", unit="count", polarity="none", frequency=M, basis="month"),
        values=months(2022, 10, [412, 360, 371, 355, 380, 349, 366, 372, 358, 377, 390, 402]),
        period="2023-09",  # 402 is the highest since October 2022, eleven months back
    ),
    dict(
        name="monthly_highest_since_named_month",
        ind=dict(
            title="Number of contacts",
            subject="the number of contacts to the front door",
            unit="count",
            polarity="none",
            frequency=M,
            basis="month",
        ),
        values=months(
            2021,
            10,
            [
                980,
                700,
                650,
                720,
                690,
                710,
                705,
                730,
                760,
                740,
                720,
                700,
                715,
                735,
                745,
                725,
                690,
                705,
                760,
                770,
                750,
                740,
                780,
                805,
            ],
        ),
        period="2023-09",
    ),
    dict(
        name="quarterly_highest_of_last_six",
        ind=dict(
            title="% of care leavers in suitable accommodation", basis="snapshot", target=95, tolerance="5%"
        ),
        values=quarters([90.0, 90.7, 91.9, 91.1, 92.5, 94.1]),
    ),
    # -- annual outturns over several years -------------------------------------------------------
    dict(
        name="annual_higher_than_each_year_not_monotonic",
        ind=dict(
            title="Number of re-referrals",
            subject="the number of children re-referred within 12 months",
            unit="count",
            polarity="lower",
            frequency=A,
            basis="annual",
        ),
        values={"2020-21": 143, "2021-22": 106, "2022-23": 286, "2023-24": 332},
        period="2023-24",
    ),
    dict(
        name="annual_continued_decrease_is_improvement",
        ind=dict(
            title="% of care leavers NEET",
            polarity="lower",
            frequency=A,
            basis="snapshot",
            target=30,
            tolerance="5%",
        ),
        values={"2020-21": 33.5, "2021-22": 31.8, "2022-23": 26.9, "2023-24": 22.6},
        period="2023-24",
    ),
    dict(
        name="annual_continued_increase_count",
        ind=dict(
            title="Number of C&F assessments completed",
            subject="the number of Children and Families assessments completed",
            unit="count",
            polarity="none",
            frequency=A,
            basis="annual",
        ),
        values={"2020-21": 692, "2021-22": 806, "2022-23": 1461, "2023-24": 1554},
        period="2023-24",
    ),
    dict(
        name="annual_single_earlier_year_with_counts",
        ind=dict(
            title="% of referrals completed within 1 working day",
            frequency=A,
            basis="annual",
            target=90,
            tolerance="5%",
        ),
        values={"2022-23": 84.1, "2023-24": 81.4},
        counts={"2023-24": (1119, 1374)},
        period="2023-24",
    ),
    dict(
        name="annual_mixed_years_falls_back_to_previous",
        ind=dict(
            title="% of statutory visits in time", frequency=A, basis="annual", target=90, tolerance="5%"
        ),
        values={"2020-21": 93.1, "2021-22": 80.0, "2022-23": 83.4, "2023-24": 81.0},
        period="2023-24",
    ),
    # -- reporting bases ---------------------------------------------------------------------------
    dict(
        name="basis_year_to_date",
        ind=dict(title="% of EHCPs issued in 20 weeks", basis="year_to_date", target=60, tolerance="5%"),
        values=quarters([48.0, 55.0, 58.5]),
    ),
    dict(
        name="basis_rolling_year",
        ind=dict(
            title="% of repeat referrals", polarity="lower", basis="rolling_year", target=22, tolerance=1
        ),
        values=quarters([26.9, 29.4]),
    ),
    dict(
        name="basis_forecast",
        ind=dict(
            title="Projected overspend",
            subject="the projected overspend (£000s)",
            unit="number",
            decimals=0,
            polarity="lower",
            basis="forecast",
            target=0,
            tolerance=250,
        ),
        values=quarters([1250, 980]),
    ),
    dict(
        name="basis_month_with_year_to_date_ratio",
        ind=dict(
            title="% of contacts decided within 1 working day",
            frequency=M,
            basis="month",
            target=90,
            tolerance="5%",
        ),
        values=months(2023, 4, [80.0, 85.0, 90.0, 86.0, 88.0, 92.0]),
        counts={
            "2023-04": (80, 100),
            "2023-05": (85, 100),
            "2023-06": (90, 100),
            "2023-07": (86, 100),
            "2023-08": (88, 100),
            "2023-09": (92, 100),
        },
        period="2023-09",
    ),
    dict(
        name="year_to_date_sum_of_counts",
        ind=dict(
            title="Number of children adopted",
            subject="the number of children adopted",
            unit="count",
            polarity="higher",
            basis="latest_quarter",
            aggregate="sum",
            target=5,
            tolerance=1,
        ),
        values=quarters([6, 4, 7]),
    ),
    # -- suppressed and missing ---------------------------------------------------------------
    dict(
        name="suppressed_count",
        ind=dict(
            title="Number of children in custody",
            subject="the number of children in care in custody",
            unit="count",
            polarity="lower",
            target=2,
        ),
        values=quarters([7, 6, "c"]),
    ),
    dict(
        name="suppressed_percentage",
        ind=dict(title="% of UASC placed out of area", polarity="lower", target=10, tolerance=1),
        values=quarters([12.0, "<5"]),
    ),
    dict(
        name="missing_marker",
        ind=dict(title="% of audits judged good", target=50, tolerance="5%"),
        values=quarters([48.0, "n/a"]),
    ),
    dict(
        name="no_data_for_the_period",
        ind=dict(title="% of staff appraisals completed", basis="rolling_year"),
        values=quarters([66.0, 68.0]),
        period="2023-24 Q3",
    ),
    dict(
        name="previous_suppressed_compares_with_last_year_only",
        ind=dict(
            title="Number of children adopted",
            subject="the number of children adopted",
            unit="count",
            polarity="higher",
        ),
        values=quarters([9, 10, 8, 11, "c", 12]),
    ),
    dict(
        name="missing_target_for_the_year",
        ind=dict(title="% of care plans up to date", target={"2022-23": 95}, tolerance="5%"),
        values=quarters([94.0, 96.1]),
    ),
    # -- target ranges -----------------------------------------------------------------------------
    dict(
        name="range_green",
        ind=dict(
            title="% of children with 3 or more placements",
            polarity="lower",
            basis="snapshot",
            target="0-18",
            tolerance=1,
        ),
        values=quarters([17.4, 16.2]),
    ),
    dict(
        name="range_amber_above",
        ind=dict(
            title="% of children with 3 or more placements",
            polarity="lower",
            basis="snapshot",
            target="0-18",
            tolerance=1,
        ),
        values=quarters([17.4, 18.8]),
    ),
    dict(
        name="range_red_below_band",
        ind=dict(
            title="% of referrals leading to assessment", polarity="target", target="60 to 80", tolerance=2
        ),
        values=quarters([63.0, 55.0]),
    ),
    # -- benchmarks and house style -----------------------------------------------------------------
    dict(
        name="benchmarks_with_years_mixed",
        ind=dict(
            title="% of repeat CP plans",
            polarity="lower",
            comparators={"statistical_neighbours": {"2020-21": 24.4}, "national": 22.7},
        ),
        values=quarters([24.9, 23.5]),
    ),
    dict(
        name="benchmark_in_line",
        ind=dict(title="% of assessments in time", comparators={"national": 82.4}),
        values=quarters([80.0, 82.44]),
    ),
    dict(
        name="idiom_positively_below",
        ind=dict(
            title="% of care leavers NEET", polarity="lower", basis="snapshot", target=30, tolerance="5%"
        ),
        values=quarters([24.0, 22.6]),
        style=dict(idiom=True),
    ),
    dict(
        name="idiom_negatively_below_within_tolerance",
        ind=dict(title="% of conferences within 15 days", target=95, tolerance="5%"),
        values=quarters([93.0, 91.0]),
        style=dict(idiom=True),
    ),
    dict(
        name="per_cent_and_hyphenated_years",
        ind=dict(title="% of plans reviewed", frequency=A, basis="annual", target=95),
        values={"2021-22": 90.0, "2022-23": 96.0},
        period="2022-23",
        style=dict(percent="per cent", year_separator="-"),
    ),
    # -- counts and edge values ----------------------------------------------------------------------
    dict(
        name="count_from_zero_is_significant",
        ind=dict(
            title="Number of audit recommendations overdue",
            subject="the number of audit recommendations overdue",
            unit="count",
            polarity="lower",
            target=0,
        ),
        values=quarters([0, 4]),
    ),
    dict(
        name="no_change_both_ways",
        ind=dict(
            title="Number of RIDDOR reports",
            subject="the number of RIDDOR reports",
            unit="count",
            polarity="lower",
            target=1,
        ),
        values=quarters([0, 0, 0]),
    ),
    dict(
        name="own_template",
        ind=dict(
            title="% of reviews on time",
            target=95,
            tolerance="5%",
            template="{{ value }} of reviews were on time in {{ period }}, {{ rag_words }} ({{ target }})."
            "{% if previous %} Last quarter: {{ previous.value }}.{% endif %}",
        ),
        values=quarters([96.0, 93.5]),
    ),
    # -- subjects from titles: the unit and the basis are said once, by the sentence ----------
    dict(
        name="subject_sheds_unit_in_brackets",
        ind=dict(title="Average length of open proceedings cases (weeks)", unit="weeks", polarity="lower"),
        values=quarters([38.0, 36.2]),
    ),
    dict(
        name="subject_sheds_year_to_date_and_number_of",
        ind=dict(
            title="No. of children entering care (year to date)",
            unit="count",
            basis="year_to_date",
            polarity="none",
        ),
        values=quarters([40, 78]),
    ),
    dict(
        name="target_in_its_own_precision",
        ind=dict(
            title="Average days to complete an adoption",
            unit="days",
            decimals=1,
            polarity="lower",
            target=121,
        ),
        values=quarters([130.4, 126.5]),
    ),
    dict(
        name="benchmarks_share_one_year_said_once",
        ind=dict(
            title="% of re-referrals within 12 months",
            polarity="lower",
            comparators={"national": {"2022-23": 22.1}, "statistical_neighbours": {"2022-23": 20.3}},
        ),
        values=quarters([24.0, 21.0]),
    ),
    dict(
        name="benchmark_plan_is_best_has_no_verdict",
        ind=dict(title="% of budget spent", polarity="target", target=100, comparators={"national": 97.0}),
        values=quarters([99.0, 100.0]),
    ),
]
