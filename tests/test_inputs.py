"""Loading config, definitions and data, and the exact errors bad input gets."""

import shutil
from pathlib import Path

import pytest

from reportgen.data import parse_cell
from reportgen.errors import InputProblems
from reportgen.pipeline import load_project

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", dest)
    return dest


def problems_of(project: Path) -> list[str]:
    with pytest.raises(InputProblems) as info:
        load_project(project)
    return [str(p) for p in info.value.problems]


def test_minimal_project_loads(project: Path) -> None:
    loaded = load_project(project)
    assert loaded.config.authority == "Test Council"
    assert [i.id for s in loaded.sections for i in s.indicators] == ["visits", "placements"]
    visits = loaded.data.get("visits")
    assert [(o.period.code, o.value, o.numerator, o.denominator) for o in visits.observations] == [
        ("2023-24 Q1", 84.0, 84.0, 100.0),
        ("2023-24 Q2", 91.5, 183.0, 200.0),
    ]
    assert visits.observations[1].note == "Better after recruitment"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("81.4", (81.4, "ok")),
        ("81.4%", (81.4, "ok")),
        ("1,119", (1119.0, "ok")),
        (42, (42.0, "ok")),
        ("", (None, "missing")),
        ("n/a", (None, "missing")),
        ("-", (None, "missing")),
        ("x", (None, "missing")),
        ("z", (None, "missing")),
        ("c", (None, "suppressed")),
        ("*", (None, "suppressed")),
        ("■", (None, "suppressed")),
        ("<5", (None, "suppressed")),
        (None, (None, "missing")),
    ],
)
def test_cells_and_markers(raw: object, expected: tuple) -> None:  # type: ignore[type-arg]
    assert parse_cell(raw) == expected


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a number or a marker such as c or x; got 'ninety'"):
        parse_cell("ninety")


@pytest.mark.parametrize(
    "fixture, message",
    [
        (
            "unknown_polarity.yaml",
            "indicators/care.yaml:6: polarity: expected one of higher, lower, target, none; got 'up'",
        ),
        (
            "misspelt_key.yaml",
            "indicators/care.yaml:6: polarty: expected a known key; got unknown key 'polarty'; did you mean 'polarity'?",
        ),
        (
            "malformed.yaml",
            'indicators/care.yaml:4: title: expected valid YAML; got a " that is never closed (end the value with ")',
        ),
        (
            "duplicate_key.yaml",
            "indicators/care.yaml:10: target: expected each key once in a mapping; got 'target' again (first on line 9)",
        ),
    ],
)
def test_definition_errors_name_file_line_and_field(project: Path, fixture: str, message: str) -> None:
    shutil.copy(FIXTURES / "indicators" / fixture, project / "indicators" / "care.yaml")
    assert message in problems_of(project)


@pytest.mark.parametrize(
    "fixture, message",
    [
        (
            "unknown_indicator.csv",
            "data/extra.csv:2: indicator: expected the id of a defined indicator; got 'visit'; did you mean 'visits'?",
        ),
        (
            "value_not_a_number.csv",
            "data/extra.csv:3: value: expected a number or a marker such as c or x; got 'ninety'",
        ),
        (
            "bad_period.csv",
            "data/extra.csv:2: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got '2023-24 Q7'",
        ),
        (
            "conflicting_duplicate.csv",
            "data/extra.csv:3: value: expected one value for visits in 2023-24 Q2; got 90 here and 91.5 at data/extra.csv:2",
        ),
    ],
)
def test_data_errors_name_file_row_and_field(project: Path, fixture: str, message: str) -> None:
    (project / "data" / "long.csv").unlink()
    shutil.copy(FIXTURES / "data" / fixture, project / "data" / "extra.csv")
    assert problems_of(project) == [message]


def test_a_value_fitting_no_member_of_a_union_is_one_problem(project: Path) -> None:
    shutil.copy(FIXTURES / "indicators" / "target_not_a_number.yaml", project / "indicators" / "care.yaml")
    assert problems_of(project) == [
        "indicators/care.yaml:9: target: expected a number, a range such as '0-18', or a mapping of financial year to either; got 'ninety'",
        "indicators/care.yaml:11: comparators.international.2022-23: expected a number; got 'abc'",
        # the data is checked in the same run; this care.yaml no longer defines placements
        "data/long.csv:4: indicator: expected the id of a defined indicator; got 'placements'",
        "data/long.csv:5: indicator: expected the id of a defined indicator; got 'placements'",
    ]


def test_every_problem_is_reported_in_one_run(project: Path) -> None:
    shutil.copy(FIXTURES / "indicators" / "unknown_polarity.yaml", project / "indicators" / "a.yaml")
    shutil.copy(FIXTURES / "indicators" / "misspelt_key.yaml", project / "indicators" / "b.yaml")
    problems = problems_of(project)
    assert len(problems) == 2
    assert problems[0].startswith("indicators/a.yaml:6: polarity:")
    assert problems[1].startswith("indicators/b.yaml:6: polarty:")


def test_missing_config_is_one_clear_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [
        f"reportgen.yaml: expected a project file at {tmp_path / 'reportgen.yaml'}; none found"
    ]
