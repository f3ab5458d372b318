"""Data files in every layout officers use, read into the same series."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.errors import InputProblems
from reportgen.pipeline import build, load_project, make_briefing, resolve_period
from tests.conftest import indicator

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def layout_project(tmp_path: Path, *data: str) -> Path:
    """Return a copy of the layouts project with the named data files (or folder) under data/."""
    root = tmp_path / "project"
    shutil.copytree(LAYOUTS / "project", root)
    (root / "data").mkdir()
    for name in data:
        source = LAYOUTS / "data" / name
        if source.is_dir():
            for path in source.iterdir():
                shutil.copy(path, root / "data" / path.name)
        else:
            shutil.copy(source, root / "data" / name)
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(InputProblems) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("long")
    build(layout_project(tmp, "long.csv"), "Q2-2023", output=tmp / "out", formats=("json",))
    return (tmp / "out" / "report.json").read_bytes()


@pytest.mark.parametrize(
    "layout",
    [
        "wide.csv",  # one column per period: 2023-24, Mar-23, Q1 2023-24, 2023-07, Sep-23
        "long_bom.csv",  # Excel's "CSV UTF-8": a byte order mark
        "long_cp1252.csv",  # Excel's plain "CSV" on Windows: café and the dash in a note
        "long.xlsx",  # a title row above the header, quarters as Excel dates, 88.5% as a formatted cell
        "wide_dates.xlsx",  # wide with Excel dates as headers, years as text, a Commentary column
        "several",  # three CSVs (one repeating Q2) and a workbook with a long and a wide sheet
    ],
)
def test_every_layout_builds_the_same_report_as_the_long_csv(
    tmp_path: Path, long_report: bytes, layout: str
) -> None:
    build(layout_project(tmp_path, layout), "Q2-2023", output=tmp_path / "out", formats=("json",))
    assert (tmp_path / "out" / "report.json").read_bytes() == long_report


def test_the_long_csv_report_holds_what_the_files_say(long_report: bytes) -> None:
    import json

    doc = {i["id"]: i for i in json.loads(long_report)["indicators"]}
    assert doc["visits"]["commentary"] == "Recruitment of two social workers – café drop-ins helped"
    assert doc["visits"]["comparators"] == {
        "national": {"value": 87.2, "year": "2022-23", "position": "better"}
    }
    assert (doc["placements"]["target"], doc["placements"]["rag"]) == (10.0, "amber")  # target from the data
    assert doc["placements"]["commentary"] == "Two moves were planned step-downs to family placements."
    assert (doc["contacts"]["period"], doc["contacts"]["value"]) == ("2023-09", 1204.0)
    assert doc["cin_rate"]["period"] == "2022-23"
    assert doc["cin_rate"]["commentary"] == "Above target after the change in the front door in October."


def test_suppressed_and_missing_markers_are_never_zero(tmp_path: Path) -> None:
    project = load_project(layout_project(tmp_path, "wide.csv"))
    rr = project.data.get("re_referrals").observations
    assert [(o.period.code, o.value, o.status) for o in rr] == [
        ("2022-23 Q4", None, "missing"),
        ("2023-24 Q1", None, "suppressed"),
        ("2023-24 Q2", 24.8, "ok"),
    ]


def test_a_rate_given_as_a_count_is_divided_by_its_population(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "indicators" / "02_annual.yaml").write_text(
        (root / "indicators" / "02_annual.yaml").read_text() + "    population: children_0_17\n"
    )
    (root / "data" / "long.csv").write_text(
        (root / "data" / "long.csv")
        .read_text()
        .replace("cin_rate,actual,2022-23,412.3,", "cin_rate,actual,2022-23,,")
        .replace("indicator,series,period,value,note", "indicator,series,period,value,note,numerator")
        .replace("Above target after the change in the front door in October.", "note,2103")
    )
    (root / "data" / "population.csv").write_text(
        "indicator,series,period,value\nchildren_0_17,population,2021-22,50900\nchildren_0_17,population,2022-23,51006\n"
    )
    obs = load_project(root).data.get("cin_rate").observations[-1]
    assert (obs.period.code, obs.numerator, obs.denominator) == ("2022-23", 2103.0, 51006.0)
    assert obs.value == pytest.approx(412.30, abs=0.005)


def test_a_count_without_a_population_is_an_error(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "rates.csv").write_text("indicator,period,value,numerator\ncin_rate,2022-23,,2103\n")
    assert problems_of(root) == [
        "data/rates.csv:2: denominator: expected a denominator, or a population for cin_rate in 2022-23 "
        "or 2022-23 (series population); got neither"
    ]


def test_a_population_row_for_an_unknown_name_suggests_one(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "population.csv").write_text(
        "indicator,series,period,value\ncin_rat,population,2022-23,51006\n"
    )
    assert problems_of(root) == [
        "data/population.csv:2: indicator: expected the id of a defined indicator; got 'cin_rat'; did you mean 'cin_rate'?"
    ]


def test_an_unknown_series_suggests_the_nearest(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "extra.csv").write_text("indicator,series,period,value\nvisits,nationl,2022-23,80\n")
    assert problems_of(root) == [
        "data/extra.csv:2: series: expected actual, target, population, year_to_date, average_12_months, "
        "outturn or a comparator name (national, statistical_neighbours, regional, england); got 'nationl'; "
        "did you mean 'national'?"
    ]


def test_a_configured_comparator_name_is_a_series(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    config = root / "reportgen.yaml"
    config.write_text(config.read_text() + "comparator_labels:\n  core_cities: core cities average\n")
    (root / "data" / "extra.csv").write_text("indicator,series,period,value\nvisits,core_cities,2022-23,80\n")
    project = load_project(root)
    briefing = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    visits = next(a for a in briefing.assessments if a.indicator.id == "visits")
    assert [(b.name, b.value, b.year) for b in visits.benchmarks] == [
        ("national", 87.2, "2022-23"),
        ("core_cities", 80.0, "2022-23"),
    ]


def test_a_target_in_data_that_contradicts_the_yaml_is_an_error(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "targets.csv").write_text("indicator,series,period,value\nvisits,target,2023-24 Q2,88\n")
    assert problems_of(root) == [
        "data/targets.csv:2: value: expected 90, the target for 2023-24 in indicators/01_quarterly.yaml:9; "
        "got 88 (give each target in one place)"
    ]


def test_targets_are_set_per_financial_year(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "targets.csv").write_text(
        "indicator,series,Q1 2023-24,Q2 2023-24,Q3 2023-24\nplacements,target,10,10,9\n"
    )
    assert problems_of(root) == [
        "data/targets.csv:2: value: expected one target for placements in 2023-24; got 9 here and 10 at "
        "data/long.csv:9 (targets are set per financial year)"
    ]
    (root / "data" / "targets.csv").write_text(  # a wide sheet repeating the year's target is fine
        "indicator,series,Q1 2023-24,Q2 2023-24,Q3 2023-24\nplacements,target,10,10,10\n"
    )
    placements = next(i for s in load_project(root).sections for i in s.indicators if i.id == "placements")
    assert placements.target == {"2023-24": 10}


def test_commentary_without_a_figure_is_still_shown(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "commentary" / "2023-24-Q3.yaml").write_text(
        "visits: The case system migration delayed the return.\n"
    )
    (root / "data" / "long.csv").write_text(
        (root / "data" / "long.csv").read_text() + "placements,actual,2023-24 Q3,9,\n"
    )
    project = load_project(root)
    briefing = make_briefing(project, resolve_period(project, "Q3-2023"), with_charts=False)
    visits = next(a for a in briefing.assessments if a.indicator.id == "visits")
    assert (visits.status, visits.note) == ("no_data", "The case system migration delayed the return.")


def test_commentary_problems_are_located(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "commentary" / "2023-24-Q2.yaml").write_text(
        "placements: Planned moves.\nvisit: Better.\nre_referrals: 12\n"
    )
    (root / "commentary" / "next quarter.yaml").write_text("visits: Soon.\n")
    (root / "commentary" / "2023-24.yaml").write_text("visits: Different.\n")
    (root / "data" / "long.csv").write_text(
        (root / "data" / "long.csv").read_text() + "visits,actual,2023-24,90,Year end\n"
    )
    assert problems_of(root) == [
        "data/long.csv:20: period: expected a quarter for quarterly indicator visits; got 2023-24",
        "commentary/2023-24-Q2.yaml:2: visit: expected the id of a defined indicator; got 'visit'; did you mean 'visits'?",
        "commentary/2023-24-Q2.yaml:3: re_referrals: expected text; got 12",
        "commentary/next quarter.yaml: expected a file named for a report period, such as 2023-24-Q2.yaml; "
        "got 'next quarter.yaml'",
    ]


def test_commentary_that_contradicts_a_note_is_an_error(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "commentary" / "2023-24-Q2.yaml").write_text("visits: Something else.\n")
    assert problems_of(root) == [
        "commentary/2023-24-Q2.yaml:1: visits: expected one commentary for visits in 2023-24 Q2; "
        "got this and another at data/long.csv:4"
    ]


def test_wide_headers_that_are_not_periods_are_located(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "wide.csv").write_text(
        "indicator,title,Q1 2023-24,Q7 2023-24,numerator\nvisits,Visits,88,,\n"
    )
    assert problems_of(root) == [
        "data/wide.csv:1: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got 'Q7 2023-24'",
        "data/wide.csv:1: numerator: expected one column per period in a wide sheet; got a numerator column "
        "(give counts in the long layout: indicator, period, value, numerator, denominator)",
    ]


def test_a_wide_cell_in_a_month_that_ends_no_quarter_names_its_cell(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scorecard"
    sheet.append(["Indicator", "Jun-23", "Aug-23"])
    sheet.append(["visits", 88, 90])
    book.save(root / "data" / "wide.xlsx")
    assert problems_of(root) == [
        "data/wide.xlsx:Scorecard!C2: period: expected a quarter or the month one ends in; got 'Aug-23'"
    ]


def test_a_misspelt_column_is_not_silently_ignored(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "long.csv").write_text("indicator,period,value,numerater\nvisits,2023-24 Q2,91.5,183\n")
    assert problems_of(root) == [
        "data/long.csv:1: numerater: expected a known column; got 'numerater'; did you mean 'numerator'?"
    ]


def test_a_column_given_twice_is_an_error(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "long.csv").write_text("indicator,period,Value,value\nvisits,2023-24 Q2,91.5,90\n")
    assert problems_of(root) == [
        "data/long.csv:1: value: expected each column once; got a second value column in column D (the first is column C)"
    ]


def test_a_rate_disagreeing_with_its_population_names_it(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "rates.csv").write_text(
        "indicator,series,period,value,numerator\ncin_rate,,2022-23,420,2103\ncin_rate,population,2022-23,51006,\n"
    )
    assert problems_of(root) == [
        "data/rates.csv:2: value: expected 412.3 from numerator 2103 and population (cin_rate) 51006; got 420"
    ]


def test_a_file_without_the_columns_says_which(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "long.csv").write_text("indicator,value\nvisits,91.5\n")
    (root / "data" / "notes.csv").write_text("what,when\nsomething,today\n")
    assert problems_of(root) == [
        "data/long.csv: expected columns indicator, period and value, or indicator and one column per period "
        "(Jun-23, 2023-24 Q1, 2023-24); missing period",
        "data/notes.csv: expected a header row with an indicator column in the first 20 rows; found none",
    ]


def test_sheets_named_in_config_are_the_only_ones_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    root = layout_project(tmp_path)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Q2 return"
    first.append(["indicator", "period", "value"])
    first.append(["visits", "2023-24 Q2", 91.5])
    draft = book.create_sheet("Draft")
    draft.append(["indicator", "period", "value"])
    draft.append(["visits", "2023-24 Q2", "ninety"])
    book.save(root / "data" / "return.xlsx")
    assert problems_of(root) == [
        "data/return.xlsx:Draft!C2: value: expected a number or a marker such as c or x; got 'ninety'"
    ]
    config = root / "reportgen.yaml"
    config.write_text(config.read_text() + "sheets: [Q2 return, Targets]\n")
    assert problems_of(root) == [
        "reportgen.yaml: sheets: expected a sheet named 'Targets' in a workbook; found none"
    ]
    config.write_text(config.read_text().replace(", Targets", ""))
    assert load_project(root).data.get("visits").observations[0].value == 91.5


# -- targets and comparators from data files join the definitions -----------------------------


def test_data_targets_and_comparators_join_the_yaml_by_year() -> None:
    ind = indicator(target={"2023-24": 90}, comparators={"national": {"2021-22": 70}, "regional": 71})
    merged = ind.with_data(
        {"2022-23": 84}, {"national": {"2022-23": 75}, "statistical_neighbours": {"2022-23": 72}}
    )
    assert merged.target == {"2022-23": 84, "2023-24": 90}
    assert merged.comparators == {
        "national": {"2021-22": 70, "2022-23": 75},
        "regional": 71,
        "statistical_neighbours": {"2022-23": 72},
    }
    assert indicator(target=90).with_data({"2023-24": 90}, {}).target == 90  # one figure for every year


def test_a_data_target_is_judged_like_a_yaml_one(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "long.csv").write_text(
        (root / "data" / "long.csv")
        .read_text()
        .replace("placements,target,2023-24,10,", "placements,target,2022-23,10,")
    )
    project = load_project(root)
    assessments = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False).assessments
    placements = next(a for a in assessments if a.indicator.id == "placements")
    assert (placements.target, placements.symbol_key) == (None, "missing_target")
    q4 = make_briefing(project, resolve_period(project, "2022-23 Q4"), with_charts=False).assessments
    assert next(a for a in q4 if a.indicator.id == "placements").rag == "red"  # 14 against 10, tolerance 2


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("c", "suppressed"),
        ("C", "suppressed"),
        ("[c]", "suppressed"),
        ("x", "missing"),
        ("[x]", "missing"),
        ("z", "missing"),
        ("[Z]", "missing"),
        ("low", "low"),
        ("LOW", "low"),
        ("[low]", "low"),
        ("k", "low"),
        ("[k]", "low"),
        ("u", "unreliable"),
        ("U", "unreliable"),
        ("[u]", "unreliable"),
    ],
)
def test_the_government_statistical_symbols_in_any_case_and_in_brackets(cell: str, status: str) -> None:
    from reportgen.data import parse_cell

    assert parse_cell(cell) == (None, status)


def test_a_bracket_around_anything_else_is_no_symbol() -> None:
    from reportgen.data import parse_cell

    with pytest.raises(ValueError, match=r"expected a number or a marker such as c or x; got '\[y\]'"):
        parse_cell("[y]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("82.1p", ("82.1", True)),
        ("82.1%p", ("82.1", True)),
        (" 1,119 P ", ("1,119", True)),
        ("82.1", ("82.1", False)),
    ],
)
def test_a_provisional_mark_is_taken_off_the_figure(raw: str, expected: tuple[str, bool]) -> None:
    from reportgen.data import split_provisional

    assert split_provisional(raw) == expected


def test_a_figure_marked_p_or_in_a_provisional_column_is_provisional(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "long.csv").write_text(
        "indicator,period,value,provisional\n"
        "visits,2023-24 Q1,80.5,\n"
        "visits,2023-24 Q2,82.1p,\n"
        "re_referrals,2023-24 Q1,22.0,no\n"
        "re_referrals,2023-24 Q2,24.8,yes\n"
    )
    data = load_project(root).data
    assert [(o.period.code, o.value, o.provisional) for o in data.get("visits").observations] == [
        ("2023-24 Q1", 80.5, False),
        ("2023-24 Q2", 82.1, True),
    ]
    assert [o.provisional for o in data.get("re_referrals").observations] == [False, True]


def test_a_wide_sheets_provisional_column_marks_the_rows_latest_figure(tmp_path: Path) -> None:
    root = layout_project(tmp_path)
    (root / "data" / "wide.csv").write_text(
        "indicator,series,Q1 2023-24,Q2 2023-24,provisional\n"
        "visits,,80.5,82.1,yes\n"
        "re_referrals,,22.0,24.8,\n"
        "placements,target,10,10,yes\n"
    )
    assert problems_of(root) == [
        "data/wide.csv:4: provisional: expected a provisional mark only on an actual figure; got it on a "
        "target row"
    ]
    (root / "data" / "wide.csv").write_text(
        "indicator,series,Q1 2023-24,Q2 2023-24,provisional\nvisits,,80.5,82.1,yes\nre_referrals,,22.0,24.8,\n"
    )
    data = load_project(root).data
    assert [(o.period.code, o.provisional) for o in data.get("visits").observations] == [
        ("2023-24 Q1", False),
        ("2023-24 Q2", True),
    ]
    assert [o.provisional for o in data.get("re_referrals").observations] == [False, False]


def test_a_bad_provisional_mark_is_an_error_that_says_how_to_write_one(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "extra.csv").write_text(
        "indicator,series,period,value,provisional\n"
        "visits,,2023-24 Q2,82.1q,\n"
        "visits,,2023-24 Q1,80.5,perhaps\n"
        "visits,target,2023-24,90p,\n"
        "re_referrals,,2023-24 Q1,c,yes\n"
    )
    assert problems_of(root) == [
        "data/extra.csv:2: value: expected a number, a number marked provisional such as 82.1p, or a marker "
        "such as c or x; got '82.1q'",
        "data/extra.csv:3: provisional: expected true, yes, false, no or an empty cell; got 'perhaps'",
        "data/extra.csv:4: provisional: expected a provisional mark only on an actual figure; got it on a "
        "target row",
        "data/extra.csv:5: provisional: expected a provisional mark only on an actual figure; got it on a "
        "suppressed marker",
    ]


def test_a_provisional_figure_is_marked_in_words_tables_and_report_json(tmp_path: Path) -> None:
    import json
    import re

    root = layout_project(tmp_path, "long.csv")
    csv = root / "data" / "long.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("2023-24 Q2,91.5,", "2023-24 Q2,91.5p,"), "utf-8")
    build(root, "Q2-2023", output=tmp_path / "out", formats=("json", "html"))
    doc = {
        i["id"]: i for i in json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))["indicators"]
    }
    assert [k for k, v in doc.items() if v["provisional"]] == ["visits"]
    assert "91.5% (provisional)" in doc["visits"]["narrative"]
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    cells = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<td.*?</td>", html, re.S)]
    assert "91.5%p" in cells and "88.5%" in cells  # only the provisional figure has the mark
    assert "p: provisional" in re.sub(r"<[^>]+>", "", html)


def test_stated_averages_and_outturns_are_read_by_series_name(tmp_path: Path) -> None:
    from reportgen.periods import parse_period

    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "stated.csv").write_text(
        "indicator,series,period,value\nvisits,outturn,2022-23 Q4,84.1\nvisits,Outturn,2022-23,84.1\n"
    )
    data = load_project(root).data
    assert data.get("visits").stated == {"outturn": {parse_period("2022-23"): 84.1}}


def test_a_stated_figure_given_twice_or_for_the_wrong_frequency_is_an_error(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "stated.csv").write_text(
        "indicator,series,period,value\n"
        "visits,outturn,2022-23,84.1\n"
        "visits,outturn,2022-23 Q4,83.0\n"
        "visits,average_12_months,2023-24 Q2,85.0\n"
        "visits,average_12_month,2023-24 Q2,85.0\n"
    )
    assert problems_of(root) == [
        "data/stated.csv:3: value: expected one outturn for visits in 2022-23; got 83 here and 84.1 at "
        "data/stated.csv:2",
        "data/stated.csv:4: series: expected average_12_months only for a monthly indicator; got it for "
        "quarterly indicator visits",
        "data/stated.csv:5: series: expected actual, target, population, year_to_date, average_12_months, "
        "outturn or a comparator name (national, statistical_neighbours, regional, england); got "
        "'average_12_month'; did you mean 'average_12_months'?",
    ]


def test_year_to_date_figures_are_a_series_beside_the_period_figures(tmp_path: Path) -> None:
    from reportgen.periods import parse_period

    root = layout_project(tmp_path, "long.csv")
    (root / "data" / "ytd.csv").write_text(
        "indicator,series,period,value\nvisits,year_to_date,2023-24 Q1,88.5\nvisits,year to date,2023-24 Q2,90.0\n"
    )
    visits = load_project(root).data.get("visits")
    assert visits.stated == {
        "year_to_date": {parse_period("2023-24 Q1"): 88.5, parse_period("2023-24 Q2"): 90.0}
    }
    assert [o.value for o in visits.observations][-2:] == [88.5, 91.5]  # the period figures are unchanged


def test_an_officers_questions_are_read_with_the_commentary(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "commentary" / "2023-24-Q2.yaml").write_text(
        "placements:\n"
        "  text: Two moves were   planned step-downs.\n"
        "  questions:\n"
        "    - How many moves were unplanned?\n"
        "    - How many moves were unplanned?\n"
        "    - Is the  placement strategy on track?\n"
        "re_referrals:\n"
        "  questions: Why are re-referrals rising?\n"
    )
    # the questions of an annual indicator's report sit with that year's figure
    (root / "commentary" / "2023-24.yaml").write_text("cin_rate:\n  questions: [Is the rate still rising?]\n")
    project = load_project(root)
    assert project.data.get("placements").questions == {
        resolve_period(project, "Q2-2023"): ("How many moves were unplanned?", "Is the placement strategy on track?")
    }
    briefing = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    by_id = {a.indicator.id: a for a in briefing.assessments}
    assert by_id["placements"].note == "Two moves were planned step-downs."
    assert by_id["re_referrals"].note is None  # an entry of questions alone has no commentary
    assert by_id["re_referrals"].questions == ("Why are re-referrals rising?",)
    assert by_id["visits"].questions == ()


def test_an_officers_questions_that_cannot_be_read_are_located(tmp_path: Path) -> None:
    root = layout_project(tmp_path, "long.csv")
    (root / "commentary" / "2023-24-Q2.yaml").write_text(
        "placements:\n"
        "  text: Planned moves.\n"
        "  question: Why?\n"
        "visits:\n"
        "  questions: 12\n"
        "re_referrals:\n"
        "  questions:\n"
        "    - Why are re-referrals rising?\n"
        "    - {who: me}\n"
        "contacts:\n"
        "  text: [a, b]\n"
        "cin_rate:\n"
        "  questions:\n" + "    - Why?\n" * 21
    )
    assert problems_of(root) == [
        "commentary/2023-24-Q2.yaml:3: placements.question: expected text or questions; got 'question'; "
        "did you mean 'questions'?",
        "commentary/2023-24-Q2.yaml:5: visits.questions: expected a list of questions; got 12",
        "commentary/2023-24-Q2.yaml:9: re_referrals.questions: expected text; got {'who': 'me'}",
        "commentary/2023-24-Q2.yaml:11: contacts.text: expected text; got ['a', 'b']",
        "commentary/2023-24-Q2.yaml:13: cin_rate.questions: expected at most 20 questions; got 21",
    ]
