"""`reportgen validate` and the checks build runs first: one fixture per case, exact messages.

Each case under tests/fixtures/validate/<case>/ holds only the files that differ from
tests/fixtures/minimal, which is copied first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.conftest import run_cli as run

FIXTURES = Path(__file__).parent / "fixtures"

# case, extra arguments, exit code, the lines validate prints before its summary
CASES: list[tuple[str, list[str], int, list[str]]] = [
    (
        "malformed_yaml",
        [],
        1,
        # the line the quote opens on, not the end of the file pyyaml reached looking for its end
        [
            'indicators/care.yaml:4: title: expected valid YAML; got a " that is never closed (end the value with ")'
        ],
    ),
    (
        "unknown_key",
        [],
        1,
        [
            "indicators/care.yaml:6: polarty: expected a known key; got unknown key 'polarty'; "
            "did you mean 'polarity'?"
        ],
    ),
    ("wrong_type", [], 1, ["indicators/care.yaml:10: decimals: expected a whole number; got 'one'"]),
    (
        "unknown_unit",
        [],
        1,
        [
            "indicators/care.yaml:5: unit: expected one of percent, count, rate, days, weeks, number, currency, "
            "hours, months; got 'percentage'; did you mean 'percent'?"
        ],
    ),
    (
        "unknown_currency_scale",
        [],
        1,
        [
            "indicators/care.yaml:22: currency_scale: expected one of units, thousands, millions, billions; "
            "got 'million'; did you mean 'millions'?"
        ],
    ),
    (
        "unit_label_on_a_percent",
        [],
        1,
        [
            "indicators/care.yaml:14: unit_label: expected unit_label only on a rate or number indicator; "
            "got it on a percent indicator"
        ],
    ),
    (
        "currency_scale_on_a_count",
        [],
        1,
        [
            "indicators/care.yaml:14: currency_scale: expected currency_scale only on a currency indicator; "
            "got it on a count indicator"
        ],
    ),
    (
        "unknown_polarity",
        [],
        1,
        ["indicators/care.yaml:6: polarity: expected one of higher, lower, target, none; got 'up'"],
    ),
    (
        "unknown_basis",
        [],
        1,
        [
            "indicators/care.yaml:7: basis: expected one of year_to_date, rolling_year, annual, "
            "latest_quarter, snapshot, forecast, month; got 'quarterly'; did you mean 'latest_quarter'?"
        ],
    ),
    (
        # one run reports every file's problems: a misspelt key in reportgen.yaml hides nothing
        "problems_in_every_file",
        [],
        1,
        [
            "reportgen.yaml:3: finacial_year_start: expected a known key; got unknown key "
            "'finacial_year_start'; did you mean 'financial_year_start'?",
            "indicators/care.yaml:5: unit: expected one of percent, count, rate, days, weeks, number, currency, "
            "hours, months; got 'percentage'; did you mean 'percent'?",
            "data/long.csv:6: value: expected a number or a marker such as c or x; got 'ninety'",
            "commentary/2023-24-Q2.yaml:1: reveiws: expected the id of a defined indicator; got 'reveiws'; "
            "did you mean 'reviews'?",
            "risks.yaml:6: likelihood: input should be less than or equal to 5; got 7",
        ],
    ),
    (
        "unknown_frequency",
        [],
        1,
        [
            "indicators/care.yaml:8: frequency: expected one of monthly, quarterly, annual, academic_year; got 'quartely'; "
            "did you mean 'quarterly'?"
        ],
    ),
    (
        "duplicate_id_across_files",
        [],
        1,
        [
            "indicators/more_care.yaml:3: id: expected a unique id; got 'visits', already defined in "
            "indicators/care.yaml:3"
        ],
    ),
    (
        "unknown_indicator",
        [],
        1,
        [
            "data/extra.csv:2: indicator: expected the id of a defined indicator; got 'visit'; "
            "did you mean 'visits'?"
        ],
    ),
    (
        "conflicting_rows_across_files",
        [],
        1,
        [
            "data/q2_resubmitted.csv:3: value: expected one value for visits in 2023-24 Q2; got 90 here "
            "and 91.5 at data/long.csv:3"
        ],
    ),
    (
        "unparseable_period",
        [],
        1,
        [
            "data/extra.csv:2: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; "
            "got '2023-24 Q7'"
        ],
    ),
    (
        "value_not_a_number",
        [],
        1,
        ["data/extra.csv:2: value: expected a number or a marker such as c or x; got 'ninety'"],
    ),
    (
        "value_not_a_number_in_a_workbook",
        [],
        1,
        ["data/q3.xlsx:'Q3 return'!C3: value: expected a number or a marker such as c or x; got 'ninety'"],
    ),
    (
        "undecodable_csv",
        [],
        1,
        [
            "data/extra.csv: expected UTF-8 or Windows-1252 text; got byte 0x81 on line 2, which is neither "
            "(save it from Excel as 'CSV UTF-8')"
        ],
    ),
    (
        "numerator_over_denominator",
        [],
        1,
        [
            "data/long.csv:3: numerator: expected a numerator no bigger than the denominator (200) "
            "for a percentage; got 230"
        ],
    ),
    (
        "value_disagrees_with_counts",
        [],
        1,
        ["data/long.csv:3: value: expected 91.5 from numerator 183 and denominator 200; got 95"],
    ),
    ("negative_count", [], 1, ["data/long.csv:5: value: expected a count of zero or more; got -3"]),
    (
        "percentage_over_100",
        [],
        0,
        ["data/long.csv:3: value: warning: expected a percentage of at most 100; got 104.2"],
    ),
    (
        "missing_target_for_year",
        [],
        0,
        [
            "indicators/care.yaml:17: target: warning: expected a target for placements in 2023-24; "
            "got targets for 2022-23 only, so the report shows ◇ Missing target"
        ],
    ),
    (
        "no_data_for_period",
        ["Q2-2023"],
        0,
        [
            "indicators/care.yaml:11: placements: warning: expected a figure for 2023-24 Q2; got none, "
            "so the report shows ○ No information"
        ],
    ),
    (
        "period_after_data",
        ["Q2-2023"],
        1,
        [
            "reportgen: error: period: no data for Quarter 2 2023/24 (2023-24 Q2); the latest period with "
            "data is Quarter 1 2023/24 (2023-24 Q1)"
        ],
    ),
    (
        "wrong_frequency",
        [],
        1,
        ["data/extra.csv:2: period: expected a quarter for quarterly indicator visits; got 2023-24"],
    ),
    (
        "spc_recalculation_without_data",
        [],
        1,
        [
            "indicators/care.yaml:11: spc_recalculate: expected a period with a figure for visits; "
            "got '2022-23 Q4', which has none"
        ],
    ),
    (
        "spc_settings_wrong",
        [],
        1,
        [
            "indicators/care.yaml:11: spc_recalculate: expected quarters such as 2022-23 Q1; got '2023-13'",
            "indicators/care.yaml:12: spc_baseline: input should be greater than or equal to 13; got 12",
        ],
    ),
    (
        "spc_shift_length",
        [],
        1,
        [
            "reportgen.yaml:7: shift_length: expected one of 6, 7; got 8",
            "reportgen.yaml:8: enable: expected a known key; got unknown key 'enable'; did you mean 'enabled'?",
        ],
    ),
]
CASES += [
    (
        # July-2023 reads as a month, but a build looks only for the code: the text would be lost
        "commentary_named_for_a_month_in_words",
        [],
        1,
        [
            "commentary/July-2023.yaml: expected a file named for a report period, such as 2023-24-Q2.yaml; "
            "got 'July-2023.yaml' (rename it 2023-07.yaml)"
        ],
    ),
    (
        # the CLI's Q2-2023 (and the output folder) is the slug; commentary files use the code
        "commentary_named_with_the_folder_slug",
        [],
        1,
        [
            "commentary/Q2-2023.yaml: expected a file named for a report period, such as 2023-24-Q2.yaml; "
            "got 'Q2-2023.yaml' (rename it 2023-24-Q2.yaml)"
        ],
    ),
    (
        # the CLI's Q2-2023 is a documented name for 2023-24 Q2; in a data file, one year is a guess
        "quarter_with_one_year",
        [],
        1,
        [
            "data/extra.csv:3: period: expected a quarter written with its financial year (2022-23 Q3 or "
            "2022-23 Q4); got 'Q4 2022', which could be October to December 2022 (quarter 4 of calendar "
            "year 2022) or January to March 2023 (quarter 4 of financial year 2022/23)"
        ],
    ),
    (
        # once for the column, not once per figure under it
        "quarter_with_one_year_in_a_wide_header",
        [],
        1,
        [
            "data/wide.csv:1: period: expected a quarter written with its financial year (2022-23 Q3 or "
            "2022-23 Q4); got 'Q4-2022', which could be October to December 2022 (quarter 4 of calendar "
            "year 2022) or January to March 2023 (quarter 4 of financial year 2022/23)"
        ],
    ),
    (
        # read as no figure, like a blank cell, but said so; x (the government's "not available") is quiet
        "na_markers_in_value_cells",
        [],
        0,
        [
            "data/extra.csv:2: value: warning: expected a number, or a blank cell for no figure; got 'NA', "
            "which is read as no figure",
            "data/extra.csv:3: value: warning: expected a number, or a blank cell for no figure; got '#N/A', "
            "which is read as no figure",
            "data/extra.csv:5: value: warning: expected a number, or a blank cell for no figure; got '-', "
            "which is read as no figure",
            "data/extra.csv:6: value: warning: expected a number, or a blank cell for no figure; got 'N/A', "
            "which is read as no figure",
        ],
    ),
    ("target_typed_as_a_percentage", [], 0, []),  # target: "90.5%", as a data file's cell may say it
    (
        "target_with_a_percent_sign_on_a_count",
        [],
        1,
        [
            "indicators/care.yaml:17: target: expected a number for a count; got '10%' (a % sign is for a percentage)"
        ],
    ),
    (
        # the rule in words, not the regular expression; and the data rows for the id the officer
        # meant (visits) are not reported as undefined besides
        "id_with_spaces",
        [],
        1,
        [
            "indicators/care.yaml:3: id: expected an id of letters, digits, underscores, dots or hyphens, "
            "such as children_in_care; got 'visits in time', which has a space"
        ],
    ),
    (
        "id_with_a_slash",
        [],
        1,
        [
            "indicators/care.yaml:11: id: expected an id of letters, digits, underscores, dots or hyphens, "
            "such as children_in_care; got 'placement/moves', which has '/'"
        ],
    ),
    (
        # it would be published as "the natonal average"
        "comparator_misspelt",
        [],
        1,
        [
            "indicators/care.yaml:20: comparators.natonal: expected one of national, statistical_neighbours, "
            "regional, england; got 'natonal'; did you mean 'national'?"
        ],
    ),
    (
        "custom_comparator_without_words",
        [],
        1,
        [
            "indicators/care.yaml:20: comparators.north_east: expected one of national, statistical_neighbours, "
            "regional, england; got 'north_east' (a comparator of your own needs its words in comparator_labels "
            "in reportgen.yaml, e.g. north_east: north east average)"
        ],
    ),
    ("custom_comparator_with_words", [], 0, []),
    (
        # pyyaml: "found character '%' that cannot start any token"
        "yaml_value_starting_with_percent",
        [],
        1,
        [
            "indicators/care.yaml:4: title: expected valid YAML; got a value starting with %, which must be in "
            'quotes: "%  of visits in time"'
        ],
    ),
    (
        "yaml_tab_in_indentation",
        [],
        1,
        [
            "indicators/care.yaml:13: unit: expected valid YAML; got a tab in the indentation (indent with spaces)"
        ],
    ),
    (
        # pyyaml: "mapping values are not allowed here"
        "yaml_colon_in_a_value",
        [],
        1,
        [
            "indicators/care.yaml:12: title: expected valid YAML; got a colon and a space inside a value, which "
            'must then be in quotes: "Placement moves: number in the quarter"'
        ],
    ),
    (
        # 0.17 would print as 0.2%, a red RAG and "down 78.7 percentage points"; 0.005 (0.5%) is
        # too far below the level to be told from a real, if startling, figure
        "percentage_typed_as_a_fraction",
        [],
        1,
        [
            "data/extra.csv:3: value: expected a percentage such as 17 for 17%; got 0.17, which would read as "
            "0.17% against its other figures (around 84); write 17 or 17%"
        ],
    ),
    (
        "percentages_all_typed_as_fractions",
        [],
        1,
        [
            "data/long.csv:2: value: expected a percentage such as 84 for 84%; got 0.84, which would read as "
            "0.84% against its target of 90; write 84 or 84%",
            "data/long.csv:3: value: expected a percentage such as 91.5 for 91.5%; got 0.915, which would read "
            "as 0.915% against its target of 90; write 91.5 or 91.5%",
        ],
    ),
    # 0.8% beside 2.1% and a target of 2%: a small percentage, not a fraction
    ("small_percentages_are_not_fractions", [], 0, []),
    (
        # a target of 0.9 would be met by any figure: targets and comparators are judged by the figures,
        # and the data row refused here is not reported again for disagreeing with the YAML (0.9)
        "percentage_target_typed_as_a_fraction",
        [],
        1,
        [
            "data/targets.csv:2: value: expected a percentage such as 85 for 85%; got 0.85, which would read as "
            "0.85% against its figures (around 87.8); write 85 or 85%",
            "indicators/care.yaml:9: target: expected a percentage such as 90 for 90%; got 0.9, which would read "
            "as 0.9% against its figures (around 87.8); write 90",
            "indicators/care.yaml:12: comparators.national: expected a percentage such as 87.2 for 87.2%; got "
            "0.872, which would read as 0.872% against its figures (around 87.8); write 87.2",
        ],
    ),
    (
        # one message for the header, not one more for every row under it ("expected a denominator
        # beside the numerator"): the column is read as meant, so real row problems still show
        "misspelt_column_read_as_meant",
        [],
        1,
        [
            "data/long.csv:1: denominater: expected a known column; got 'denominater'; did you mean 'denominator'?",
            "data/long.csv:5: value: expected a number or a marker such as c or x; got 'eleven'",
        ],
    ),
]
IDS = [case for case, *_ in CASES]


def case_project(tmp_path: Path, case: str) -> Path:
    """Return the minimal project with the case's files laid over it."""
    root = tmp_path / case
    shutil.copytree(FIXTURES / "minimal", root)
    shutil.copytree(FIXTURES / "validate" / case, root, dirs_exist_ok=True)
    return root


def summary(lines: list[str], code: int, args: list[str]) -> str:
    errors = sum(1 for line in lines if ": warning: " not in line) if code else 0
    warnings = len(lines) - errors
    text = f"reportgen: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return text + (" for 2023-24 Q2" if code == 0 else "")


@pytest.mark.parametrize("case, args, code, lines", CASES, ids=IDS)
def test_validate_names_the_problem(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: str,
    args: list[str],
    code: int,
    lines: list[str],
) -> None:
    root = case_project(tmp_path, case)
    got_code, out, err = run(monkeypatch, capsys, "validate", *args, "--project", str(root))
    assert (got_code, out.splitlines(), err) == (code, [*lines, summary(lines, code, args)], "")
    assert not (root / "output").exists()


@pytest.mark.parametrize("case, args, code, lines", CASES, ids=IDS)
def test_build_runs_the_same_checks_and_writes_nothing_on_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: str,
    args: list[str],
    code: int,
    lines: list[str],
) -> None:
    root = case_project(tmp_path, case)
    out_dir = tmp_path / "out"
    got_code, out, err = run(
        monkeypatch, capsys, "build", "Q2-2023", "-p", str(root), "-o", str(out_dir), "-f", "json"
    )
    assert got_code == code
    if code == 0:
        assert err.splitlines() == lines  # warnings on stderr, and the report is built
        assert out == f"{out_dir / 'report.json'}\n"
    elif lines[0].startswith("reportgen: error: "):
        assert err.splitlines() == lines
    else:
        assert err.splitlines() == [
            *lines,
            f"reportgen: {len(lines)} error{'s' * (len(lines) != 1)}; nothing was written",
        ]
    if code:
        assert out == ""
        assert not out_dir.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == [case]  # no staging folder left behind


@pytest.mark.parametrize(
    "case",
    ["percentage_over_100", "missing_target_for_year", "no_data_for_period", "na_markers_in_value_cells"],
)
def test_strict_makes_warnings_errors_for_validate_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    root = case_project(tmp_path, case)
    warnings = next(lines for c, _, _, lines in CASES if c == case)
    as_errors = [warning.replace(": warning: ", ": ") for warning in warnings]
    n = f"{len(as_errors)} error{'s' * (len(as_errors) != 1)}"
    code, out, _ = run(monkeypatch, capsys, "validate", "--strict", "-p", str(root))
    assert (code, out.splitlines()) == (1, [*as_errors, f"reportgen: {n}, 0 warnings for 2023-24 Q2"])
    out_dir = tmp_path / "out"
    code, out, err = run(
        monkeypatch, capsys, "build", "Q2-2023", "--strict", "-p", str(root), "-o", str(out_dir)
    )
    assert (code, out, err.splitlines()) == (1, "", [*as_errors, f"reportgen: {n}; nothing was written"])
    assert not out_dir.exists()


@pytest.mark.parametrize(
    "case, indicator, symbol",
    [
        ("missing_target_for_year", "placements", "Missing target"),
        ("no_data_for_period", "placements", "No information"),
    ],
)
def test_the_report_shows_the_symbol_the_warning_names(
    tmp_path: Path, case: str, indicator: str, symbol: str
) -> None:
    from reportgen.pipeline import build

    build(case_project(tmp_path, case), "Q2-2023", output=tmp_path / "out", formats=("json",))
    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert next(i for i in doc["indicators"] if i["id"] == indicator)["symbol"] == symbol


def test_every_problem_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = case_project(tmp_path, "value_not_a_number")
    shutil.copytree(FIXTURES / "validate" / "unknown_indicator", root, dirs_exist_ok=True)  # same file name
    shutil.copytree(FIXTURES / "validate" / "negative_count", root, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "validate" / "value_not_a_number_in_a_workbook", root, dirs_exist_ok=True)
    code, out, _ = run(monkeypatch, capsys, "validate", "-p", str(root))
    assert code == 1
    assert out.splitlines() == [
        "data/extra.csv:2: indicator: expected the id of a defined indicator; got 'visit'; did you mean 'visits'?",
        "data/long.csv:5: value: expected a count of zero or more; got -3",
        "data/q3.xlsx:'Q3 return'!C3: value: expected a number or a marker such as c or x; got 'ninety'",
        "reportgen: 3 errors, 0 warnings",
    ]


def test_the_example_project_validates_clean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for period in ([], ["Q1-2023"], ["Q2-2023"]):
        code, out, _ = run(monkeypatch, capsys, "validate", *period, "-p", str(ROOT))
        label = "2023-24 Q1" if period == ["Q1-2023"] else "2023-24 Q2"
        assert (code, out) == (0, f"reportgen: 0 errors, 0 warnings for {label}\n")


@pytest.mark.parametrize("case", ["malformed_yaml", "period_after_data", "percentage_over_100"])
def test_the_installed_command_never_shows_a_traceback(tmp_path: Path, case: str) -> None:
    root = case_project(tmp_path, case)
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "validate", "Q2-2023", "-p", str(root)],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == (0 if case == "percentage_over_100" else 1)
    assert result.stdout.splitlines()[-1].startswith("reportgen: ")


def test_a_percentage_target_typed_with_its_sign_is_the_number(tmp_path: Path) -> None:
    from reportgen.pipeline import load_project

    project = load_project(case_project(tmp_path, "target_typed_as_a_percentage"))
    visits = next(i for s in project.sections for i in s.indicators if i.id == "visits")
    assert visits.target == 90.5


def test_a_formula_with_no_saved_result_names_its_sheet_and_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_tables import _workbook_with_formulas

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "data" / "long.csv").unlink()
    _workbook_with_formulas(root / "data" / "q.xlsx", {"C2": "84"})  # the second was never saved by Excel
    code, out, _ = run(monkeypatch, capsys, "validate", "-p", str(root))
    assert (code, out.splitlines()) == (
        1,
        [
            "data/q.xlsx:'Q return'!C3: value: expected a saved figure; got a formula with no saved result "
            "('=D3/E3*100'); open the file in Excel and save it",
            "reportgen: 1 error, 0 warnings",
        ],
    )


def test_a_fraction_in_a_general_format_cell_names_the_sheet_and_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Q return"
    sheet.append(["indicator", "period", "value"])
    sheet.append(["visits", "2022-23 Q4", 0.929])  # General format: Excel shows 0.929, not 92.9%
    sheet.append(["visits", "2022-23 Q3", 0.9])
    sheet["C3"].number_format = "0.0%"  # formatted as a percentage: read as 90, as the officer sees it
    book.save(root / "data" / "q.xlsx")
    code, out, _ = run(monkeypatch, capsys, "validate", "-p", str(root))
    assert (code, out.splitlines()) == (
        1,
        [
            "data/q.xlsx:'Q return'!C2: value: expected a percentage such as 92.9 for 92.9%; got 0.929, which "
            "would read as 0.929% against its other figures (around 90); write 92.9, or format the cell as a "
            "percentage in Excel",
            "reportgen: 1 error, 0 warnings",
        ],
    )


def test_every_trap_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_tables import _workbook_with_formulas

    root = case_project(tmp_path, "comparator_misspelt")
    for case in (
        "commentary_named_for_a_month_in_words",
        "quarter_with_one_year",
        "misspelt_column_read_as_meant",
    ):
        shutil.copytree(FIXTURES / "validate" / case, root, dirs_exist_ok=True)
    _workbook_with_formulas(root / "data" / "q.xlsx", {"C2": "84"})
    code, out, _ = run(monkeypatch, capsys, "validate", "-p", str(root))
    assert code == 1
    assert out.splitlines() == [
        "indicators/care.yaml:20: comparators.natonal: expected one of national, statistical_neighbours, "
        "regional, england; got 'natonal'; did you mean 'national'?",
        "data/extra.csv:3: period: expected a quarter written with its financial year (2022-23 Q3 or "
        "2022-23 Q4); got 'Q4 2022', which could be October to December 2022 (quarter 4 of calendar "
        "year 2022) or January to March 2023 (quarter 4 of financial year 2022/23)",
        "data/long.csv:1: denominater: expected a known column; got 'denominater'; did you mean 'denominator'?",
        "data/long.csv:5: value: expected a number or a marker such as c or x; got 'eleven'",
        "data/q.xlsx:'Q return'!C3: value: expected a saved figure; got a formula with no saved result "
        "('=D3/E3*100'); open the file in Excel and save it",
        "commentary/July-2023.yaml: expected a file named for a report period, such as 2023-24-Q2.yaml; got "
        "'July-2023.yaml' (rename it 2023-07.yaml)",
        "reportgen: 6 errors, 0 warnings",
    ]
