"""Published statistics read as downloaded: the DfE's real files, checked against the CSV itself.

Every expected figure here is worked out in the test, straight from the CSV with the csv
module (not pandas, not reportgen): the council's value, England's and its region's rows, the
mean of its statistical neighbours that have a figure (and how many did), and its rank among
every council, 1 the best, ties sharing a rank.
"""

from __future__ import annotations

import csv
import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest

from reportgen.assess import Assessment, assess_all
from reportgen.errors import InputProblems
from reportgen.pipeline import build, make_briefing
from reportgen.project import load_project, project_for, read_inputs, resolve_period
from tests.conftest import ROOT

EES = ROOT / "examples" / "sunderland" / "data" / "ees"  # the shared files, copied unchanged
GROUPINGS = "New_Statistical_Neighbour_Groupings_April_2021.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
CLA_31_MARCH = {"population_type": "Children looked after on 31 March each year"}

# id -> (file, column, filters, unit, decimals, polarity)
MEASURES = {
    "rereferrals": (C1, "rereferral_percent", {}, "percent", 1, "lower"),
    "nfa": (C1, "no_further_action_percent", {}, "percent", 1, "none"),
    "referrals": (C1, "referral_count", {}, "count", 0, "none"),
    "second_plans": (D3, "CPP_subsequent_percent", {}, "percent", 1, "lower"),
    "cla_rate": (CLA, "rate_per_10000", CLA_31_MARCH, "rate", 0, "none"),
    "caseload": (CSWW, "caseload_fte", {}, "number", 1, "lower"),
    "vacancies": (CSWW, "vacancy_rate_fte", {}, "percent", 1, "lower"),
    "agency": (CSWW, "agency_rate_fte", {}, "percent", 1, "lower"),
    "turnover": (CSWW, "turnover_rate_fte", {}, "percent", 1, "lower"),
}
RANKED = [k for k, m in MEASURES.items() if m[5] != "none"]
# four councils in four regions: Lincolnshire has lost a neighbour (Cumbria, reorganised in 2023),
# Buckinghamshire was itself reorganised (E10000002 until 2020, E06000060 since)
COUNCILS = {
    "E08000024": "Sunderland",
    "E09000007": "Camden",
    "E10000019": "Lincolnshire",
    "E06000060": "Buckinghamshire",
}


def write_project(root: Path, measures: dict[str, tuple], config: str = "") -> Path:  # type: ignore[type-arg]
    """Write a project reading the shared files for ``measures``."""
    (root / "indicators").mkdir(parents=True)
    (root / "data" / "ees").mkdir(parents=True)
    for name in {m[0] for m in measures.values()} | {GROUPINGS}:
        shutil.copy(EES / name, root / "data" / "ees" / name)
    (root / "reportgen.yaml").write_text(
        "authority: Test Council\ntitle: Benchmarks\nla_code: E08000024\n"
        f"statistical_neighbours: data/ees/{GROUPINGS}\n" + config,
        encoding="utf-8",
    )
    lines = ["section: Published", "indicators:"]
    for key, (file, column, filters, unit, decimals, polarity) in measures.items():
        lines += [
            f"  - id: {key}",
            f"    title: {key}",
            f"    unit: {unit}",
            f"    decimals: {decimals}",
            f"    polarity: {polarity}",
            "    basis: annual",
            "    frequency: annual",
            "    source:",
            f"      file: data/ees/{file}",
            f"      column: {column}",
        ]
        if filters:
            lines.append("      filters:")
            lines += [f"        {k}: {v}" for k, v in filters.items()]
    (root / "indicators" / "published.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = write_project(tmp_path_factory.mktemp("published"), MEASURES)
    found, problems = read_inputs(root)
    assert found is not None, problems
    return found


_ASSESSED: dict[tuple[int, str, str], dict[str, Assessment]] = {}


def assessed(inputs, code: str, period: str = "2024-25") -> dict[str, Assessment]:  # type: ignore[no-untyped-def]
    key = (id(inputs), code, period)
    if key not in _ASSESSED:
        project = project_for(inputs, code)
        found = assess_all(project.sections, project.data, resolve_period(project, period))
        _ASSESSED[key] = {a.indicator.id: a for a in found}
    return _ASSESSED[key]


# -- the CSV, read independently -----------------------------------------------------------------


@cache
def rows(file: str) -> tuple[dict[str, str], ...]:
    with open(EES / file, encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


def matching(file: str, year: str, filters: dict[str, str], level: str) -> list[dict[str, str]]:
    return [
        r
        for r in rows(file)
        if r["time_period"] == year
        and r["geographic_level"] == level
        and all(r[k] == v for k, v in filters.items())
    ]


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def shown(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def own_value(key: str, code: str, year: str = "2025") -> str:
    file, column, filters, *_ = MEASURES[key]
    (row,) = [r for r in matching(file, year, filters, "Local authority") if r["new_la_code"] == code]
    return row[column]


def england(key: str, year: str = "2025") -> float | None:
    file, column, filters, *_ = MEASURES[key]
    (row,) = matching(file, year, filters, "National")
    return number(row[column])


def region(key: str, code: str, year: str = "2025") -> float | None:
    file, column, filters, *_ = MEASURES[key]
    (own,) = [r for r in matching(file, year, filters, "Local authority") if r["new_la_code"] == code]
    (row,) = [r for r in matching(file, year, filters, "Regional") if r["region_code"] == own["region_code"]]
    return number(row[column])


def neighbours_of(old_code: str) -> list[str]:
    with open(EES / GROUPINGS, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    header = table[0]
    columns = [header.index(f"SN{k}") for k in range(1, 11)]
    (row,) = [r for r in table[1:] if r[0] == old_code][:1]
    return [row[c] for c in columns]


def neighbour_average(key: str, code: str, year: str = "2025") -> tuple[float, int]:
    file, column, filters, *_ = MEASURES[key]
    local = matching(file, year, filters, "Local authority")
    (own,) = [r for r in local if r["new_la_code"] == code]
    figures = []
    for old in neighbours_of(own["old_la_code"]):
        found = [number(r[column]) for r in local if r["old_la_code"] == old]
        if found and found[0] is not None:
            figures.append(found[0])
    return sum(figures) / len(figures), len(figures)


def rank(key: str, code: str, year: str = "2025") -> tuple[int, int, str]:
    """Competition rank (1 the best, ties share), counting a 'low' as above zero and below the rest."""
    file, column, filters, _unit, places, polarity = MEASURES[key]
    local = matching(file, year, filters, "Local authority")

    def key_of(text: str) -> tuple[int, Decimal] | None:
        if text == "low":
            return (1, Decimal(0))
        value = number(text)
        if value is None:
            return None
        figure = shown(value, places)
        return (0 if figure <= 0 else 2, figure)

    keyed = [k for r in local if (k := key_of(r[column])) is not None]
    (own,) = [key_of(r[column]) for r in local if r["new_la_code"] == code]
    assert own is not None
    better = sum(1 for k in keyed if (k < own if polarity == "lower" else k > own))
    position = better + 1
    quartile = "ABCD"[min(3, (4 * position - 1) // len(keyed))]
    return position, len(keyed), quartile


# -- figures, comparators and ranks --------------------------------------------------------------


@pytest.mark.parametrize("code", list(COUNCILS))
@pytest.mark.parametrize("key", ["rereferrals", "second_plans", "caseload", "vacancies", "cla_rate"])
def test_figures_comparators_and_ranks_are_the_csvs(inputs, code: str, key: str) -> None:  # type: ignore[no-untyped-def]
    a = assessed(inputs, code)[key]
    assert a.period.code == "2024-25"
    assert a.status == "ok"
    assert a.value == number(own_value(key, code))
    by_name = {b.name: b for b in a.benchmarks}
    assert [b.year for b in a.benchmarks] == ["2024-25"] * 3
    assert by_name["national"].value == england(key)
    assert by_name["regional"].value == region(key, code)
    average, count = neighbour_average(key, code)
    assert by_name["statistical_neighbours"].value == pytest.approx(average, abs=1e-9)
    assert (by_name["statistical_neighbours"].count, by_name["statistical_neighbours"].of) == (count, 10)
    if key in RANKED:
        assert a.rank is not None
        assert (a.rank.position, a.rank.of, a.rank.quartile) == rank(key, code)
    else:
        assert a.rank is None  # no right level: compared, never ranked


def test_an_average_says_how_many_neighbours_had_a_figure(inputs) -> None:  # type: ignore[no-untyped-def]
    # Cumbria (909) has had no figures since 2023; North Northamptonshire's workforce is
    # published jointly with West Northamptonshire's, under neither council's own code
    a = assessed(inputs, "E10000019")
    assert neighbour_average("rereferrals", "E10000019")[1] == 9
    assert neighbour_average("caseload", "E10000019")[1] == 8
    sn = {b.name: b for b in a["caseload"].benchmarks}["statistical_neighbours"]
    assert (sn.count, sn.of) == (8, 10)
    project = project_for(inputs, "E10000019")
    period = resolve_period(project, "2024-25")
    text = make_briefing(project, period, with_charts=False)
    paragraph = next(p.narrative for p in _parts(text) if p.assessment.indicator.id == "rereferrals")
    assert "average of 9 of our 10 statistical neighbours" in paragraph and "(all 2024/25" in paragraph


def _parts(briefing):  # type: ignore[no-untyped-def]
    from reportgen.briefing import indicator_parts

    return indicator_parts(briefing)


def test_ties_share_a_rank_and_counts_are_not_ranked(inputs) -> None:  # type: ignore[no-untyped-def]
    a = assessed(inputs, "E08000024")
    assert a["rereferrals"].rank is not None and a["rereferrals"].rank.tied  # 18.5% is shared
    position, _, _ = rank("rereferrals", "E08000024")
    assert a["rereferrals"].rank.position == position
    assert (
        a["referrals"].rank is None and a["referrals"].benchmarks == ()
    )  # a count's England figure is a total


# -- the statistical symbols, on a council that has each -------------------------------------------


def test_low_is_never_zero_nor_a_number_and_still_ranks(inputs) -> None:  # type: ignore[no-untyped-def]
    assert own_value("agency", "E08000024") == "low"
    a = assessed(inputs, "E08000024")["agency"]
    assert (a.status, a.value) == ("low", None)
    assert a.rank is not None
    assert (a.rank.position, a.rank.of, a.rank.quartile) == rank("agency", "E08000024")
    assert [b.position for b in a.benchmarks] == ["better", "better", "better"]  # England is 13.0%
    project = project_for(inputs, "E08000024")
    briefing = make_briefing(project, resolve_period(project, "2024-25"), with_charts=False)
    paragraph = next(p.narrative for p in _parts(briefing) if p.assessment.indicator.id == "agency")
    assert paragraph.startswith(
        "Agency was less than 0.05% in 2024/25: the published figure rounds to zero but is not zero."
    )
    assert (
        f"It ranks {_ordinal(a.rank.position)} of {a.rank.of} councils, in the top quartile (A)." in paragraph
    )
    row = _row(briefing, "agency")
    assert [row[h] for h in ("2023/24", "Actual 2024/25")] == ["<0.05%", "<0.05%"]
    assert "Target 2024/25" not in row and "Status" not in row  # no target in the section: no empty columns
    assert row["Rank (quartile)"] == f"{_ordinal(a.rank.position)} of {a.rank.of} (A)"
    assert "0.0%" not in " ".join(row.values())  # never shown as zero


def test_u_is_low_reliability_with_a_footnote(inputs) -> None:  # type: ignore[no-untyped-def]
    assert own_value("turnover", "E08000024", "2024") == "u"
    a = assessed(inputs, "E08000024", "2023-24")["turnover"]
    assert (a.status, a.value, a.rank, a.benchmarks) == ("unreliable", None, None, ())
    project = project_for(inputs, "E08000024")
    briefing = make_briefing(project, resolve_period(project, "2024-25"), with_charts=False)
    assert _row(briefing, "turnover")["2023/24"] == "Low reliability"
    notes = [b.text for b in _section_blocks(briefing) if getattr(b, "role", "") == "note"]
    assert any(n.startswith("Low reliability: the publisher marks the figure u") for n in notes)
    # and the next year's turnover is compared with nothing before it
    assert assessed(inputs, "E08000024")["turnover"].previous is None


def test_suppressed_stays_suppressed(inputs) -> None:  # type: ignore[no-untyped-def]
    assert own_value("nfa", "E08000024", "2022") == "c"
    a = assessed(inputs, "E08000024", "2021-22")["nfa"]
    assert (a.status, a.value, a.numerator, a.denominator) == ("suppressed", None, None, None)
    project = project_for(inputs, "E08000024")
    briefing = make_briefing(project, resolve_period(project, "2021-22"), with_charts=False)
    row = _row(briefing, "nfa")
    assert [row["2020/21"], row["Actual 2021/22"]] == ["Suppressed", "Suppressed"]
    assert row["Rank (quartile)"] == "n/a"  # no right level


def _ordinal(n: int) -> str:
    from reportgen.formatting import rank_ordinal

    return rank_ordinal(n)


def _section_blocks(briefing):  # type: ignore[no-untyped-def]
    from reportgen.briefing import Part, walk

    return [n for n in walk(briefing.parts) if not isinstance(n, Part)]


def _row(briefing, key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return an indicator's scorecard row, by column header."""
    from reportgen.briefing import Table

    table = next(b for b in _section_blocks(briefing) if isinstance(b, Table) and b.table_kind == "scorecard")
    return next(
        dict(zip(table.header, (c.text for c in r), strict=True)) for r in table.rows if r[0].text == key
    )


# -- the council, and councils that were reorganised -----------------------------------------------


def test_a_reorganised_councils_earlier_code_is_not_mixed_in(inputs) -> None:  # type: ignore[no-untyped-def]
    old = [r for r in rows(C1) if r["new_la_code"] == "E10000002"]
    assert {r["time_period"] for r in old} == {str(y) for y in range(2013, 2021)}
    project = project_for(inputs, "E06000060")
    series = project.data.get("rereferrals")
    assert [o.period.code for o in series.observations] == [
        "2020-21",
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    council = project.data.council
    assert council is not None and [a.code for a in council.other_codes] == ["E10000002"]
    briefing = make_briefing(project, resolve_period(project, "2024-25"), with_charts=False)
    sources = next(p for p in briefing.parts if p.id == "sources")
    assert (
        "Figures published for Buckinghamshire under code E10000002 (2012/13 to 2019/20) are not included: "
        "this report follows Buckinghamshire under code E06000060 (2019/20 to 2024/25), and a council "
        "published under another code may not cover the same area."
    ) in [b.text for b in sources.blocks if hasattr(b, "text")]


@pytest.mark.parametrize(
    ("named", "code"),
    [
        ("E08000024", "E08000024"),
        ("e08000024", "E08000024"),
        ("394", "E08000024"),
        ("Sunderland", "E08000024"),
        ("Sunderland City Council", "E08000024"),
        ("825", "E06000060"),  # the old code of both Buckinghamshires: the current one
        ("Buckinghamshire", "E06000060"),
        ("Dorset", "E06000059"),  # and not the county council before 2019 (E10000009)
        ("St Helens", "E08000013"),
        ("Herefordshire", "E06000019"),
        # its workforce figures for 2024/25 are under a new code, E08000039, already
        ("Sheffield", "E08000019"),
        ("373", "E08000019"),
    ],
)
def test_the_council_by_code_or_name(inputs, named: str, code: str) -> None:  # type: ignore[no-untyped-def]
    council, _warnings = inputs.published.council(named)
    assert council.code == code


@pytest.mark.parametrize(
    ("named", "message"),
    [
        (
            "Sunderlnd",
            "reportgen.yaml: la_code: expected a council's new_la_code, old_la_code or name in "
            f"data/ees/{C1} (and 4 more); got 'Sunderlnd'; nearest: Sunderland, Cumberland",
        ),
        (
            "E08000099",
            "reportgen.yaml: la_code: expected a council's new_la_code, old_la_code or name in "
            f"data/ees/{C1} (and 4 more); got 'E08000099'; nearest: E08000039 (Sheffield), "
            "E08000029 (Solihull), E08000019 (Sheffield)",
        ),
        (
            "Yorkshire",
            "reportgen.yaml: la_code: expected one council; got 'Yorkshire', which matches "
            "East Riding of Yorkshire (E06000011) or North Yorkshire (E06000065)",
        ),
    ],
)
def test_an_unknown_or_ambiguous_council_lists_the_nearest(inputs, named: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputProblems) as caught:
        inputs.published.council(named)
    assert [str(p) for p in caught.value.problems] == [message]


def test_each_file_is_read_once_however_many_indicators_use_it(tmp_path: Path) -> None:
    from reportgen.published import READS

    root = write_project(tmp_path, MEASURES)
    before = dict(READS)
    inputs, _ = read_inputs(root)
    assert inputs is not None
    for code in COUNCILS:
        project_for(inputs, code)
    read = {k: v - before.get(k, 0) for k, v in READS.items() if v - before.get(k, 0)}
    assert read == {f"data/ees/{f}": 1 for f in (C1, D3, CLA, CSWW, GROUPINGS)}


# -- report.json ---------------------------------------------------------------------------------


def test_report_json_names_the_comparators_and_the_rank(tmp_path: Path) -> None:
    root = write_project(tmp_path, {k: MEASURES[k] for k in ("rereferrals", "referrals")})
    (path,) = build(root, "2024-25", output=tmp_path / "out", formats=("json",), cache=False)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["council"] == {
        "new_la_code": "E08000024",
        "old_la_code": "394",
        "la_name": "Sunderland",
        "region_code": "E12000001",
        "region_name": "North East",
    }
    first, counts = doc["indicators"]
    average, used = neighbour_average("rereferrals", "E08000024")
    assert first["comparators"] == {
        "national": {"value": 22.6, "year": "2024-25", "position": "better"},
        "regional": {"value": 20.7, "year": "2024-25", "position": "better"},
        "statistical_neighbours": {
            "value": pytest.approx(average),
            "year": "2024-25",
            "position": "better",
            "count": used,
            "of": 10,
        },
    }
    position, of, quartile = rank("rereferrals", "E08000024")
    assert first["rank"] == {"position": position, "of": of, "quartile": quartile}
    assert (counts["comparators"], counts["rank"]) == ({}, None)


# -- bad input -----------------------------------------------------------------------------------


def _problems(root: Path) -> list[str]:
    with pytest.raises(InputProblems) as caught:
        load_project(root)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def _edit(root: Path, old: str, new: str) -> None:
    path = root / "indicators" / "published.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_column_that_is_not_in_the_file_names_the_nearest(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"cla_rate": MEASURES["cla_rate"]})
    _edit(root, "column: rate_per_10000", "column: rate_per_1000")
    assert _problems(root) == [
        f"indicators/published.yaml:12: source.column: expected a column of data/ees/{CLA}; got "
        "'rate_per_1000'; nearest: 'rate_per_10000'"
    ]


def test_a_filter_value_that_is_not_in_the_file_names_the_nearest(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"cla_rate": MEASURES["cla_rate"]})
    _edit(root, "on 31 March each year", "at 31 March")
    assert _problems(root) == [
        f"indicators/published.yaml:14: source.filters.population_type: expected a value of population_type "
        f"in data/ees/{CLA}; got 'Children looked after at 31 March'; nearest: 'Children looked after on "
        "31 March each year', 'Children ceasing to be looked after each year', 'Children starting to be "
        "looked after each year'"
    ]


def test_a_filter_column_that_is_not_in_the_file_names_the_nearest(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"cla_rate": MEASURES["cla_rate"]})
    _edit(root, "population_type:", "populationtype:")
    assert _problems(root) == [
        f"indicators/published.yaml:14: source.filters.populationtype: expected a filter column of "
        f"data/ees/{CLA}; got 'populationtype'; nearest: 'population_type', 'population_estimate'"
    ]


def test_filters_that_leave_two_rows_a_year_say_which_column_tells_them_apart(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"cla_rate": (CLA, "rate_per_10000", {}, "rate", 0, "none")})
    assert _problems(root) == [
        f"indicators/published.yaml:10: source.filters: expected filters that leave one row of data/ees/{CLA} "
        "per place and year; got two for England in 2024/25 (lines 2 and 3); add a filter on population_type "
        "(one of 'Children ceasing to be looked after each year', 'Children looked after on 31 March each "
        "year', 'Children starting to be looked after each year')"
    ]


def test_a_file_not_in_the_published_layout_says_which_standard_columns_are_missing(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    path = root / "data" / "ees" / C1
    text = path.read_text(encoding="utf-8").replace("time_identifier,geographic_level", "time_id,level", 1)
    path.write_text(text, encoding="utf-8")
    assert _problems(root) == [
        f"data/ees/{C1}:1: expected the published statistics layout, with the standard columns time_period, "
        "time_identifier, geographic_level, country_code, country_name, region_code, region_name, old_la_code, "
        "new_la_code, la_name; missing time_identifier, geographic_level"
    ]


def test_a_missing_file_and_a_bad_cell(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"rereferrals": MEASURES["rereferrals"], "second_plans": MEASURES["second_plans"]}
    )
    _edit(root, f"file: data/ees/{D3}", "file: data/ees/d3_missing.csv")
    path = root / "data" / "ees" / C1
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",22.6,", ",twenty,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _problems(root) == [
        f"data/ees/{C1}:2: rereferral_percent: expected a number or a statistical symbol such as c, x, z, low "
        "or u; got 'twenty'",
        "indicators/published.yaml:21: source.file: expected a published statistics file; got "
        "'data/ees/d3_missing.csv' (not found)",
    ]


# -- periods as published, the symbols in any case and form, other groupings -----------------------

FIXTURES = Path(__file__).parent / "fixtures" / "published"


def write_small_project(root: Path, indicator: str, config: str = "") -> Path:
    """Write a project over the small fixture files (an academic-year file, a financial-year file)."""
    (root / "indicators").mkdir(parents=True)
    shutil.copytree(FIXTURES, root / "data" / "ees")
    (root / "reportgen.yaml").write_text(
        "authority: Sunderland City Council\ntitle: Benchmarks\nla_code: Sunderland\n" + config,
        encoding="utf-8",
    )
    (root / "indicators" / "small.yaml").write_text(
        "section: Small\nindicators:\n" + indicator, encoding="utf-8"
    )
    return root


ATTAINMENT = """\
  - id: attainment8
    title: Average Attainment 8 score
    subject: the average Attainment 8 score
    unit: number
    polarity: higher
    basis: annual
    frequency: academic_year
    target: {"2023-24": 45}
    source:
      file: data/ees/academic_year_attainment8.csv
      column: attainment8
      filters: {school_type: All state-funded}
"""


def test_an_academic_year_is_judged_at_the_latest_one_ended_and_worded_as_a_school_year(
    tmp_path: Path,
) -> None:
    root = write_small_project(
        tmp_path, ATTAINMENT, "statistical_neighbours: data/ees/groupings_wide_layout.csv\n"
    )
    project = load_project(root)
    briefing = make_briefing(project, resolve_period(project, "2024-25"), with_charts=False)
    (a,) = briefing.assessments
    assert (a.period.code, a.value, a.target, a.rag) == (
        "2023-24 AY",
        44.6,
        45.0,
        "red",
    )  # keyed by its own year
    assert [(b.name, b.value, b.year, b.count, b.of) for b in a.benchmarks] == [
        ("national", 46.1, "2023-24", None, None),
        ("regional", 44.6, "2023-24", None, None),
        # Gateshead is [low] and North Tyneside [u]: only Newcastle of the ten has a figure
        ("statistical_neighbours", 45.2, "2023-24", 1, 10),
    ]
    assert a.rank is not None and (a.rank.position, a.rank.of, a.rank.quartile) == (2, 3, "C")
    (part,) = _parts(briefing)
    assert part.narrative.startswith("The average Attainment 8 score")
    assert "44.6 in the 2023/24 school year." in part.narrative
    assert "the 45.2 average of 1 of our 10 statistical neighbours" in part.narrative
    assert "(all 2023/24; higher is better)" in part.narrative
    # the period columns are academic years, the latest ended one the actual (as many earlier
    # ones as the page has room for beside three comparators and a rank)
    headers = [c.header for c in _table(briefing).columns]
    actual = headers.index("Actual 2023/24 AY")
    assert headers[actual + 1] == "Target 2023/24 AY"
    assert actual > 3
    assert headers[3:actual] == [f"{y}/{(y + 1) % 100:02d} AY" for y in range(2023 - (actual - 3), 2023)]


def _table(briefing):  # type: ignore[no-untyped-def]
    from reportgen.briefing import Table

    return next(b for b in _section_blocks(briefing) if isinstance(b, Table) and b.table_kind == "scorecard")


def test_a_source_published_by_academic_year_needs_an_academic_year_indicator(tmp_path: Path) -> None:
    root = write_small_project(tmp_path, ATTAINMENT.replace("frequency: academic_year", "frequency: annual"))
    with pytest.raises(InputProblems) as caught:
        load_project(root)
    assert [str(p) for p in caught.value.problems] == [
        "indicators/small.yaml:9: frequency: expected academic_year for attainment8, whose source "
        "data/ees/academic_year_attainment8.csv is published by school year; got annual"
    ]


SPEND = """\
  - id: spend
    title: Spend per child
    unit: currency
    polarity: none
    basis: annual
    frequency: annual
    source:
      file: data/ees/financial_year_spend.csv
      column: spend_per_child
"""


@pytest.mark.parametrize(
    ("council", "expected"),
    [
        ("Sunderland", [("2022-23", "ok", 1200.0), ("2023-24", "ok", 1250.0)]),
        ("Gateshead", [("2022-23", "low", None), ("2023-24", "low", None)]),  # K, then LOW
        (
            "Newcastle upon Tyne",
            [("2022-23", "suppressed", None), ("2023-24", "missing", None)],
        ),  # C, then [z]
    ],
)
def test_financial_years_and_the_symbols_in_any_case(
    tmp_path: Path, council: str, expected: list[tuple]
) -> None:  # type: ignore[type-arg]
    root = write_small_project(tmp_path, SPEND)
    inputs, problems = read_inputs(root)
    assert inputs is not None, problems
    series = project_for(inputs, council).data.get("spend")
    assert [(o.period.code, o.status, o.value) for o in series.observations] == expected


def test_neighbours_can_be_listed_by_code_or_name(tmp_path: Path) -> None:
    root = write_small_project(
        tmp_path, ATTAINMENT, "statistical_neighbours: [E08000037, '391', North Tyneside]\n"
    )
    project = load_project(root)
    council = project.data.council
    assert council is not None
    assert [(n.name, n.code, n.old_code) for n in council.neighbours] == [
        ("Gateshead", "E08000037", None),
        ("Newcastle upon Tyne", None, "391"),
        ("North Tyneside", "E08000022", None),
    ]
    (a,) = assess_all(project.sections, project.data, resolve_period(project, "2024-25"))
    sn = {b.name: b for b in a.benchmarks}["statistical_neighbours"]
    assert (sn.value, sn.count, sn.of) == (45.2, 1, 3)


def test_a_council_since_reorganised_has_its_neighbours_from_the_older_groupings(inputs) -> None:  # type: ignore[no-untyped-def]
    council, warnings = inputs.published.council("928")  # Northamptonshire, until 2021
    assert (council.code, council.name, warnings) == ("E10000021", "Northamptonshire", [])
    with open(EES / GROUPINGS, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    foot = table[[r[1] for r in table].index("Old SNs:") :]
    (row,) = [r for r in foot if r[0] == "928"]
    assert [n.old_code for n in council.neighbours] == row[5:25:2]


def test_a_council_missing_from_the_groupings_is_a_warning(inputs) -> None:  # type: ignore[no-untyped-def]
    council, warnings = inputs.published.council("Cumberland")
    assert council.neighbours == ()
    assert [str(w) for w in warnings] == [
        "reportgen.yaml: statistical_neighbours: warning: expected Cumberland (old_la_code 942) in "
        f"data/ees/{GROUPINGS}; not found, so no statistical neighbour average is shown"
    ]


def test_a_published_figure_and_a_data_file_must_agree(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    (root / "data" / "extra.csv").write_text(
        "indicator,period,value\nrereferrals,2024-25,18.4\n", encoding="utf-8"
    )
    assert _problems(root) == [
        "data/extra.csv:2: value: expected one value for rereferrals in 2024-25; got 18.4 here and 18.5 at "
        f"data/ees/{C1}:25"
    ]


def test_a_computed_comparator_cannot_be_typed_as_well(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    _edit(root, "    source:\n", "    comparators: {national: 22.1}\n    source:\n")
    assert _problems(root) == [
        "indicators/published.yaml:10: comparators: expected the national comparator for rereferrals in one "
        f"place; got it here, and it is computed from data/ees/{C1}"
    ]


def test_commentary_sits_beside_the_published_figure(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    (root / "commentary").mkdir()
    (root / "commentary" / "2024-25.yaml").write_text(
        "rereferrals: Fewer repeat referrals.\n", encoding="utf-8"
    )
    project = load_project(root)
    (a,) = assess_all(project.sections, project.data, resolve_period(project, "2024-25"))
    assert a.note == "Fewer repeat referrals."


def test_a_published_file_among_the_data_files_says_so(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    shutil.copy(EES / D3, root / "data" / D3)  # in data/, where the data files are, and named by no source
    assert _problems(root) == [
        f"data/{D3}: expected a header row with an indicator column in the first 20 rows; found none (it is a "
        "published statistics file: name it in an indicator's source:)"
    ]


def test_reading_the_files_starts_no_thread_before_the_workers_are_forked(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = write_project(tmp_path, {"rereferrals": MEASURES["rereferrals"]})
    code = (
        "import sys; from pathlib import Path; from reportgen.project import read_inputs; "
        "read_inputs(Path(sys.argv[1])); import pandas; "
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('Threads')))"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "1"  # numpy's OpenBLAS would start one per core


def test_commentary_and_questions_stay_with_a_measure_from_published_statistics(tmp_path: Path) -> None:
    root = write_small_project(tmp_path, ATTAINMENT)
    (root / "commentary").mkdir()
    (root / "commentary" / "2024-25.yaml").write_text(
        "attainment8:\n  text: Results day.\n  questions: [Which schools fell?]\n", encoding="utf-8"
    )
    project = load_project(root)
    (a,) = make_briefing(project, resolve_period(project, "2024-25"), with_charts=False).assessments
    assert (a.period.code, a.note, a.questions) == ("2023-24 AY", "Results day.", ("Which schools fell?",))
