import pytest

from reportgen.errors import ReportgenError
from reportgen.periods import PERIOD_KINDS, Period, PeriodKind, ambiguous_quarter, parse_period


@pytest.mark.parametrize(
    "text, code",
    [
        ("Q2-2023", "2023-24 Q2"),
        ("2023-24 Q2", "2023-24 Q2"),
        ("Q2 2023-24", "2023-24 Q2"),
        ("Q2 2023/24", "2023-24 Q2"),
        ("2023-09", "2023-09"),
        ("Sep-23", "2023-09"),
        ("September 2023", "2023-09"),
        ("2023-24", "2023-24"),
        ("2023/24", "2023-24"),
        ("2023/2024", "2023-24"),
    ],
)
def test_parse_accepts_every_spelling(text: str, code: str) -> None:
    assert parse_period(text).code == code


def test_quarter_two_is_july_to_september_with_april_start() -> None:
    q2 = parse_period("Q2-2023")
    assert q2.start_month() == (2023, 7)
    assert q2.end_month() == (2023, 9)
    assert q2.long_label() == "Quarter 2 2023/24"
    assert q2.short_label() == "Sep-23"
    assert q2.slug == "Q2-2023"


def test_quarter_follows_the_configured_year_start() -> None:
    q1 = parse_period("Q1-2023", fy_start=1)
    assert q1.start_month() == (2023, 1)
    assert q1.end_month() == (2023, 3)
    assert q1.long_label() == "Quarter 1 2023"


def test_previous_quarter_crosses_the_financial_year() -> None:
    assert parse_period("2023-24 Q1").previous().code == "2022-23 Q4"
    assert parse_period("2023-24 Q1").year_earlier().code == "2022-23 Q1"
    assert parse_period("2023-01").previous().code == "2022-12"


def test_as_kind_takes_the_latest_complete_period() -> None:
    q2 = parse_period("Q2-2023")
    assert q2.as_kind("month").code == "2023-09"
    assert q2.as_kind("year").code == "2022-23"
    assert parse_period("2023-08").as_kind("quarter").code == "2023-24 Q1"
    assert parse_period("2024-03").as_kind("year").code == "2023-24"


def test_ambiguous_text_is_settled_by_the_indicator_frequency() -> None:
    assert parse_period("2011-12").kind == "year"
    assert parse_period("2011-12", kind_hint="month").code == "2011-12"
    assert parse_period("Jun-23", kind_hint="quarter").code == "2023-24 Q1"
    assert parse_period("Mar-24", kind_hint="year").code == "2023-24"


def test_a_month_inside_a_quarter_is_not_a_quarter() -> None:
    with pytest.raises(ReportgenError, match="expected a quarter or the month one ends in; got 'Aug-23'"):
        parse_period("Aug-23", kind_hint="quarter")


@pytest.mark.parametrize("text", ["", "2023-13", "Q5-2023", "2023-25", "next year", "Smarch-23"])
def test_unparseable_periods_are_refused(text: str) -> None:
    with pytest.raises(ReportgenError, match="expected a period such as"):
        parse_period(text)


def test_periods_sort_by_their_end_across_kinds() -> None:
    year = Period("year", 2022, 0)
    q4 = Period("quarter", 2022, 4)
    march = Period("month", 2023, 3)
    assert year.end_index == q4.end_index == march.end_index


def test_an_excel_date_is_its_month_or_the_period_it_ends() -> None:
    import datetime as dt

    assert parse_period(dt.datetime(2023, 9, 30)).code == "2023-09"
    assert parse_period(dt.datetime(2023, 9, 30), kind_hint="quarter").code == "2023-24 Q2"
    assert parse_period(dt.date(2024, 3, 31), kind_hint="year").code == "2023-24"
    with pytest.raises(ReportgenError, match="expected a quarter or the month one ends in; got '2023-04-01'"):
        parse_period(dt.datetime(2023, 4, 1), kind_hint="quarter")


# -- the table of kinds -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(PERIOD_KINDS))
@pytest.mark.parametrize("fy_start", [1, 4, 9])
def test_every_kind_tiles_time_without_gaps(kind: str, fy_start: int) -> None:
    spec = PERIOD_KINDS[kind]
    p = parse_period("2023-09", fy_start).as_kind(kind)
    assert p.end_index - p.start_index + 1 == spec.months
    assert p.previous().end_index == p.start_index - 1
    assert p.previous(-1).start_index == p.end_index + 1
    assert p.year_earlier().end_index == p.end_index - 12
    if not (spec.yearly and spec.start is not None):  # an academic year keeps its own years
        assert p.financial_year().first(kind).start_index == p.financial_year().start_index
    if not (kind == "year" and fy_start == 1):  # a calendar year's code, 2023, is not read back (yet)
        assert parse_period(p.code, fy_start, kind_hint=kind) == p


def test_the_table_names_what_prose_and_pictures_use() -> None:
    assert {k: (s.frequency, s.noun, s.chart_points, s.extreme_window) for k, s in PERIOD_KINDS.items()} == {
        "month": ("monthly", ("month", "months"), 13, 6),
        "quarter": ("quarterly", ("quarter", "quarters"), 9, 4),
        "year": ("annual", ("year", "years"), 6, 3),
        "academic_year": ("academic_year", ("school year", "school years"), 6, 3),
    }
    assert sorted(PERIOD_KINDS, key=lambda k: PERIOD_KINDS[k].order) == [
        "month",
        "quarter",
        "year",
        "academic_year",
    ]


HALF = PeriodKind(
    "half",
    "half-yearly",
    6,
    None,
    1,
    ("half-year", "half-years"),
    8,
    4,
    4,
    code="{fy} H{number}",
    slug="H{number}-{year}",
    long_label="Half {number} {fy}",
    short_label="{end}",
)
# A year of its own, starting in September whatever the financial year (as an academic year would)
SEPTEMBER = PeriodKind(
    "september_year",
    "yearly_from_september",
    12,
    9,
    2,
    ("September year", "September years"),
    6,
    3,
    5,
    code="{span} S",
    slug="{span}-S",
    long_label="the {span} September year",
    short_label="S{span}",
)


def test_a_kind_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PERIOD_KINDS, "half", HALF)
    h2 = Period("half", 2023, 2)
    assert (h2.start_month(), h2.end_month(), h2.long_label(), h2.short_label(), h2.slug) == (
        (2023, 10),
        (2024, 3),
        "Half 2 2023/24",
        "Mar-24",
        "H2-2023",
    )
    assert [h2.previous(n).code for n in (1, 2)] == ["2023-24 H1", "2022-23 H2"]
    assert parse_period("2023-11").as_kind("half").code == "2023-24 H1"
    assert parse_period("2023-24 Q4").as_kind("half") == h2
    assert parse_period("2023-24").first("half").code == "2023-24 H1"


def test_a_kind_can_start_its_years_in_a_month_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PERIOD_KINDS, "september_year", SEPTEMBER)
    year = parse_period("2024-08", fy_start=1).as_kind("september_year")
    assert (year.start_month(), year.end_month()) == ((2023, 9), (2024, 8))
    assert (year.long_label(), year.code) == ("the 2023/24 September year", "2023-24 S")  # not "2023"
    assert parse_period("2024-07").as_kind("september_year").long_label() == "the 2022/23 September year"
    assert year.previous().start_month() == (2022, 9)
    assert year.financial_year().code == "2024"  # the calendar year it ends in, when years start in January


@pytest.mark.parametrize(
    "text", ["2023-24 AY", "2023/24 AY", "AY 2023-24", "2023/24 academic year", "Academic year 2023/2024"]
)
def test_an_academic_year_is_read_in_its_spellings(text: str) -> None:
    p = parse_period(text)
    assert (p.kind, p.code, p.start_month(), p.end_month()) == (
        "academic_year",
        "2023-24 AY",
        (2023, 9),
        (2024, 8),
    )


def test_an_academic_year_is_written_and_keyed_as_its_own_year() -> None:
    p = parse_period("2023-24 AY")
    assert (p.long_label(), p.short_label(), p.prose_label(), p.slug) == (
        "2023/24 academic year",
        "2023/24 AY",
        "in the 2023/24 school year",
        "2023-24-AY",
    )
    # it ends in August 2024, in financial year 2024-25, but its targets are keyed by its own span
    assert (p.financial_year().code, p.year_key()) == ("2024-25", "2023-24")
    assert (
        parse_period("2024-25").as_kind("academic_year").code == "2023-24 AY"
    )  # the latest ended by March 2025
    assert parse_period("Aug-24", kind_hint="academic_year") == p
    assert parse_period("2023-24 Q2").year_key() == "2023-24"


@pytest.mark.parametrize("text", ["Q4 2021", "Q4-2021", "q4_2021", "2021 Q4", "2021-Q4"])
def test_a_quarter_with_one_year_has_two_readings(text: str) -> None:
    assert ambiguous_quarter(text, 4) == (
        f"expected a quarter written with its financial year (2021-22 Q3 or 2021-22 Q4); got {text!r}, "
        "which could be October to December 2021 (quarter 4 of calendar year 2021) or January to March 2022 "
        "(quarter 4 of financial year 2021/22)"
    )
    assert parse_period(text).code == "2021-22 Q4"  # the CLI's reading (Q2-2023) is unchanged


def test_a_quarter_with_one_year_is_plain_with_calendar_years_and_named_when_no_quarter_fits() -> None:
    assert ambiguous_quarter("Q4 2021", 1) is None
    assert ambiguous_quarter("Q4 2021-22", 4) is None
    assert ambiguous_quarter("2021-22 Q4", 4) is None
    # September years: October to December is no quarter of the project's, so only one code is offered
    assert ambiguous_quarter("Q4 2021", 9) == (
        "expected a quarter written with its financial year (2021-22 Q4); got 'Q4 2021', which could be "
        "October to December 2021 (quarter 4 of calendar year 2021) or June to August 2022 (quarter 4 of "
        "financial year 2021/22)"
    )
