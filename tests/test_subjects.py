"""Subjects derived from titles: every seed and example title, and the units and qualifiers they shed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.subjects import subject_from_title
from tests.conftest import indicator

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "seed_titles.tsv"


def _pairs() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1]) for row in rows if row[0] and not row[0].startswith("#")]


PAIRS = _pairs()


def test_the_fixture_holds_every_seed_and_example_title() -> None:
    titles = {t for t, _ in PAIRS}
    assert len(PAIRS) >= 60
    for path in sorted((ROOT / "indicators").glob("*.yaml")):
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            assert ind["title"] in titles, f"{path.name}: {ind['title']!r} is not in {FIXTURE.name}"


@pytest.mark.parametrize(("title", "subject"), PAIRS, ids=[t[:40] for t, _ in PAIRS])
def test_subject_of_every_seed_and_example_title(title: str, subject: str) -> None:
    assert subject_from_title(title) == subject


@pytest.mark.parametrize(("title", "subject"), PAIRS, ids=[t[:40] for t, _ in PAIRS])
def test_no_subject_keeps_a_unit_a_percent_sign_or_a_trailing_label(title: str, subject: str) -> None:
    got = subject_from_title(title)
    assert "%" not in got and "(weeks)" not in got and "year to date" not in got
    assert not got.endswith((" CYP", " Childrens", " childrens", ".")), got
    assert got[:1].islower() or got.split()[0].isupper()
    assert "  " not in got


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("Average length of open proceedings cases (weeks)", "the average length of open proceedings cases"),
        ("Care leavers in suitable accommodation (year to date)", "care leavers in suitable accommodation"),
        ("Re-referrals (%)", "re-referrals"),
        ("No. of children in care", "the number of children in care"),
        ("Number of Missing Episodes (YTD)", "the number of missing episodes"),
        ("Total number of contacts received (year to date)", "the number of contacts received"),
        ("Days lost to stress per FTE - CYP", "days lost to stress per FTE"),
        (
            "Average days to hear an appeal (working days) (rolling year)",
            "the average days to hear an appeal",
        ),
        ("Children in Care, rate per 10,000 children", "the rate of children in care"),
        ("% Initial visits in time", "the percentage of initial visits in time"),
        ("Ofsted inspections judged good (%)", "Ofsted inspections judged good"),
        (
            "% Children in Care (CIC) reviewed in timescales",
            "the percentage of children in care (CIC) reviewed in timescales",
        ),
        ("Staff turnover (staff leaving as a % of all staff) CYP", "staff turnover"),
        (
            "Households in temporary accommodation - snapshot at month end",
            "households in temporary accommodation - snapshot at month end",
        ),
    ],
)
def test_units_and_qualifiers_are_shed_and_the_rest_kept(title: str, subject: str) -> None:
    assert subject_from_title(title) == subject


def test_an_officers_subject_wins_over_the_title() -> None:
    ind = indicator(title="Average length of cases (weeks)", subject="how long cases take")
    assert ind.sentence_subject == "how long cases take"
    assert (
        indicator(title="Average length of cases (weeks)").sentence_subject == "the average length of cases"
    )
