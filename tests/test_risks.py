"""The risk register: scores, levels, change since last quarter, the matrix and input errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.briefing import Paragraph, Table, risk_blocks
from reportgen.errors import InputProblems
from reportgen.periods import parse_period
from reportgen.risks import level, load_register, status_at
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("score", "expected"),
    [(1, "Low"), (6, "Low"), (7, "Moderate"), (12, "Moderate"), (13, "High"), (25, "High")],
)
def test_level_bands_follow_the_risk_key(score: int, expected: str) -> None:
    assert level(score) == expected


def _register(tmp_path: Path, text: str) -> Path:
    (tmp_path / "risks.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_example_register_scores_and_changes() -> None:
    register = load_register(ROOT, 4)
    assert register is not None
    got = {
        s.risk.id: (s.current.score, s.current.level, s.change)
        for s in status_at(register, parse_period("Q2-2023"))
    }
    assert got == {
        "CS1": (12, "Moderate", "decreasing"),
        "CS2": (20, "High", "increasing"),
        "CS3": (12, "Moderate", "no change"),
        "CS4": (10, "Moderate", "decreasing"),
        "CS5": (4, "Low", "decreasing"),
    }
    q1 = {s.risk.id: s.change for s in status_at(register, parse_period("Q1-2023"))}
    assert q1["CS5"] == "new"


def test_register_and_matrix_tables() -> None:
    register = load_register(ROOT, 4)
    assert register is not None
    blocks = risk_blocks(register, parse_period("Q2-2023"), "/")
    tables = {b.id: b for b in blocks if isinstance(b, Table)}
    assert list(tables) == ["risk-register", "risk-matrix"]
    register_table, matrix = tables["risk-register"], tables["risk-matrix"]
    assert register_table.header == (
        "Ref",
        "Risk",
        "Owner",
        "Score Mar-23",
        "Score Jun-23",
        "Likelihood",
        "Impact",
        "Score Sep-23",
        "Level",
        "Change since Jun-23",
    )
    cs2 = register_table.rows[1]
    assert [c.text for c in cs2[3:]] == [
        "12 Moderate",
        "16 High",
        "5 Highly Likely",
        "4 Major",
        "20",
        "High",
        "↑ Increasing",
    ]
    assert cs2[8].rag == "red"
    assert [c.text for c in register_table.rows[4][3:5]] == ["Not assessed", "6 Low"]
    assert matrix.header == (
        "Likelihood / Impact",
        "1 Insignificant",
        "2 Minor",
        "3 Moderate",
        "4 Major",
        "5 Critical",
    )
    rows = {r[0].text: [c.text for c in r[1:]] for r in matrix.rows}
    assert list(rows) == ["Highly Likely (5)", "Likely (4)", "Possible (3)", "Unlikely (2)", "Remote (1)"]
    assert rows["Highly Likely (5)"][3] == "20 High\nCS2"
    assert rows["Possible (3)"][3] == "12 Moderate\nCS1, CS3"
    assert rows["Unlikely (2)"] == ["2 Low", "4 Low\nCS5", "6 Low", "8 Moderate", "10 Moderate\nCS4"]
    assert [b.text for b in blocks if isinstance(b, Paragraph)][1:] == [
        "5 risks are on the register for Quarter 2 2023/24: 1 high, 3 moderate and 1 low. "
        "Since the previous quarter, 1 increased, 3 decreased and 1 did not change.",
        "Each risk's score is its likelihood multiplied by its impact.",
    ]


def test_no_risks_file_means_no_register(tmp_path: Path) -> None:
    assert load_register(tmp_path, 4) is None


def test_bad_scores_and_quarters_are_located(tmp_path: Path) -> None:
    project = _register(
        tmp_path,
        "risks:\n"
        "  - id: R1\n"
        "    title: A risk\n"
        "    owner: Someone\n"
        "    assessments:\n"
        '      "2023-24 Q1": {likelihood: 6, impact: 2}\n',
    )
    with pytest.raises(InputProblems) as info:
        load_register(project, 4)
    assert [str(p) for p in info.value.problems] == [
        "risks.yaml:6: likelihood: input should be less than or equal to 5; got 6"
    ]
    project = _register(
        tmp_path,
        "risks:\n"
        "  - id: R1\n"
        "    title: A risk\n"
        "    owner: Someone\n"
        "    assessments:\n"
        '      "2023-24": {likelihood: 2, impact: 2}\n',
    )
    with pytest.raises(InputProblems) as info:
        load_register(project, 4)
    assert [str(p) for p in info.value.problems] == [
        "risks.yaml:6: assessments: expected a quarter such as 2023-24 Q2; got '2023-24'"
    ]
