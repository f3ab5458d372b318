"""The data annex workbook: numbers as numbers, markers for hidden figures, and no formula from text."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reportgen.pipeline import build
from tests.conftest import ROOT
from tests.test_disclosure import PLANTED, occurs

DISCLOSURE = ROOT / "tests" / "fixtures" / "disclosure"


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    return load_workbook(path)


def _rows(sheet: Any) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Any:
    (path,) = build(ROOT, "Q2-2023", output=tmp_path_factory.mktemp("xlsx"), formats=("xlsx",), cache=False)
    assert path.name == "childrens-services-performance-scorecard-q2-2023-data.xlsx"
    return _open(path)


def test_two_sheets_with_frozen_headers_and_filters(example: Any) -> None:
    assert example.sheetnames == ["Scorecard", "Data"]
    for sheet in example:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
    scorecard = _rows(example["Scorecard"])
    assert len(scorecard) == 44  # one row per indicator


def test_figures_are_numbers_formatted_to_the_indicators_decimals(example: Any) -> None:
    rows = {r["Indicator id"].value: r for r in _rows(example["Scorecard"])}
    audits = rows["audits_good_or_better"]
    assert (audits["Value"].value, audits["Value"].number_format, audits["Value"].data_type) == (
        52.0,
        '#,##0.0"%"',
        "n",
    )
    assert audits["Target"].value == 50.0 and audits["RAG"].value == "Green"
    assert audits["Status"].value == "Better than target"
    assert (audits["Direction"].value, audits["Performance"].value) == ("increase", "improved")
    riddor = rows["riddor_reports"]
    assert (riddor["Value"].value, riddor["Value"].number_format) == (0, "#,##0")
    sickness = rows["days_lost_sickness_fte"]
    assert sickness["Value"].number_format == "#,##0.00"
    units = {"percent": '#,##0.0"%"', "count": "#,##0"}
    assert {
        r["Unit"].value: r["Value"].number_format for r in rows.values() if r["Unit"].value in units
    } == units
    rereferrals = rows["re_referrals_12m"]
    assert rereferrals["Statistical neighbour average"].value == 20.1


def test_the_data_sheet_holds_every_figure_the_report_shows(example: Any) -> None:
    data = _rows(example["Data"])
    audits = [
        (r["Period code"].value, r["Value"].value)
        for r in data
        if r["Indicator id"].value == "audits_good_or_better"
    ]
    assert audits[-2:] == [("2023-24 Q1", 48.0), ("2023-24 Q2", 52.0)]
    assert all(r["Value"].data_type == "n" for r in data if isinstance(r["Value"].value, float))


def test_suppressed_and_withheld_figures_are_markers_never_the_number(tmp_path: Path) -> None:
    (path,) = build(DISCLOSURE, "Q2-2023", output=tmp_path, formats=("xlsx",), cache=False)
    book = _open(path)
    data = {(r["Indicator id"].value, r["Period code"].value): r for r in _rows(book["Data"])}
    police = data[("referrals_police", "2023-24 Q2")]
    assert (police["Value"].value, police["Status"].value) == ("[c]", "suppressed")
    health = data[("referrals_health", "2023-24 Q2")]
    assert (health["Value"].value, health["Status"].value) == ("[c]", "withheld")
    reviews = data[("reviews_in_time", "2023-24 Q2")]
    assert (reviews["Value"].value, reviews["Numerator"].value, reviews["Denominator"].value) == (
        "[c]",
        None,
        None,
    )
    with zipfile.ZipFile(path) as package:
        xml = b"".join(package.read(name) for name in package.namelist())
    assert [figure for figure in PLANTED if occurs(figure, xml)] == []


def test_text_a_spreadsheet_would_run_is_neutralised(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", project)
    care = project / "indicators" / "care.yaml"
    care.write_text(
        care.read_text(encoding="utf-8")
        .replace('title: "% of visits in time"', 'title: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
        .replace("title: Number of placement moves", 'title: "@SUM(1+1)"')
        .replace("section: Care", 'section: "-Care"'),
        encoding="utf-8",
    )
    (path,) = build(project, "2023-24 Q2", output=tmp_path / "out", formats=("xlsx",))
    book = _open(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(c.data_type == "f" for sheet in book for row in sheet.iter_rows() for c in row)
    texts = {c.value for c in cells}
    assert {'\'=HYPERLINK("http://x","y")', "'@SUM(1+1)", "'-Care"} <= texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_two_builds_write_the_same_bytes(tmp_path: Path) -> None:
    first = build(ROOT, "Q2-2023", output=tmp_path / "a", formats=("xlsx",), cache=False)[0].read_bytes()
    again = build(ROOT, "Q2-2023", output=tmp_path / "b", formats=("xlsx",), cache=False)[0].read_bytes()
    assert first == again


def test_each_unit_is_written_as_the_report_writes_it(tmp_path: Path) -> None:
    (path,) = build(ROOT / "tests" / "fixtures" / "units", "2023-24 Q2", output=tmp_path, formats=("xlsx",))
    rows = {r["Indicator id"].value: r["Value"] for r in _rows(_open(path)["Scorecard"])}
    # the figure itself stays in the cell; the format shows it as £2.2m, -£1,250 or 10.5 hours
    assert (rows["spend"].value, rows["spend"].number_format) == (2249999, '"£"#,##0.0,,"m"')
    assert rows["variance"].number_format == '"£"#,##0'
    assert rows["response"].number_format == "#,##0.0"


def test_a_provisional_figure_says_so_in_the_data_sheet(tmp_path: Path) -> None:
    from tests.review_helpers import copy_example

    project = copy_example(tmp_path / "p")
    data = project / "data" / "quarterly.csv"
    data.write_text(
        data.read_text(encoding="utf-8").replace(
            "re_referrals_12m,2023-24 Q2,24.8,", "re_referrals_12m,2023-24 Q2,24.8p,"
        ),
        encoding="utf-8",
    )
    (path,) = build(project, "Q2-2023", output=tmp_path / "out", formats=("xlsx",), cache=False)
    rows = {(r["Indicator id"].value, r["Period code"].value): r for r in _rows(_open(path)["Data"])}
    latest = rows[("re_referrals_12m", "2023-24 Q2")]
    assert (latest["Value"].value, latest["Status"].value) == (24.8, "provisional")
    assert rows[("re_referrals_12m", "2023-24 Q1")]["Status"].value in ("", None)
