import pytest

from reportgen.errors import ReportgenError
from reportgen.periods import Period, parse_period


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
