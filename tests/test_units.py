"""Units: one table row each; exact strings in cells, sentences, changes and chart axes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.assess import movement, rag_rating
from reportgen.formatting import HouseStyle, axis_tick, cell, change, quantity, titled
from reportgen.indicators import json_schema
from reportgen.periods import FREQUENCY_KIND, PERIOD_KINDS
from reportgen.units import SCALES, UNITS, Unit, measure
from tests.conftest import indicator, run_cli, series

FIXTURES = Path(__file__).parent / "fixtures"
STYLE = HouseStyle()


def _enum(prop: dict[str, Any]) -> list[str]:
    """Return a JSON Schema property's enum, through the anyOf an optional field has."""
    if "enum" in prop:
        return list(prop["enum"])
    return [v for option in prop["anyOf"] for v in option.get("enum", [])]


def test_the_schema_offers_exactly_the_units_kinds_and_scales_of_the_tables() -> None:
    fields = json_schema()["$defs"]["Indicator"]["properties"]  # type: ignore[index]
    assert _enum(fields["unit"]) == list(UNITS)
    assert _enum(fields["frequency"]) == list(FREQUENCY_KIND) == [k.frequency for k in PERIOD_KINDS.values()]
    assert _enum(fields["currency_scale"]) == list(SCALES)
    assert (
        fields["unit"]["description"]
        == "percent, count, rate, days, weeks, number, currency, hours or months."
    )


# unit, indicator fields, value, cell, sentence, change of that size
WRITTEN: list[tuple[str, dict[str, Any], float, str, str, str]] = [
    ("percent", {}, 81.44, "81.4%", "81.4%", "81.4 percentage points"),
    ("percent", {}, 1.0, "1.0%", "1.0%", "1.0 percentage point"),
    ("count", {}, 1119, "1,119", "1,119", "1,119"),
    ("count", {}, 1, "1", "1", "1"),
    ("rate", {}, 65.6, "65.6", "65.6 per 10,000", "65.6 per 10,000"),
    ("rate", {"rate_per": 1000}, 3.25, "3.3", "3.3 per 1,000", "3.3 per 1,000"),
    ("days", {}, 1.0, "1.0", "1.0 day", "1.0 day"),
    ("days", {}, 1.38, "1.4", "1.4 days", "1.4 days"),
    ("weeks", {"decimals": 0}, 1.0, "1", "1 week", "1 week"),
    ("weeks", {}, 18.25, "18.3", "18.3 weeks", "18.3 weeks"),
    ("number", {}, 2.05, "2.1", "2.1", "2.1"),
    ("months", {}, 9.5, "9.5", "9.5 months", "9.5 months"),
    ("months", {"decimals": 0}, 1.0, "1", "1 month", "1 month"),
    ("currency", {}, 1250, "£1,250", "£1,250", "£1,250"),
    ("currency", {}, 120000, "£120,000", "£120,000", "£120,000"),
    ("currency", {"decimals": 2}, 12.5, "£12.50", "£12.50", "£12.50"),
    ("currency", {"currency_scale": "thousands"}, 250000, "£250k", "£250k", "£250k"),
    ("currency", {"currency_scale": "thousands"}, 249499, "£249k", "£249k", "£249k"),
    ("currency", {"currency_scale": "millions"}, 1250000, "£1.3m", "£1.3m", "£1.3m"),
    ("currency", {"currency_scale": "millions"}, 1249999, "£1.2m", "£1.2m", "£1.2m"),
    ("currency", {"currency_scale": "millions"}, 120000, "£0.1m", "£0.1m", "£0.1m"),
    ("currency", {"currency_scale": "millions"}, 2.1e9, "£2,100.0m", "£2,100.0m", "£2,100.0m"),
    ("currency", {"currency_scale": "billions"}, 2.1e9, "£2.1bn", "£2.1bn", "£2.1bn"),
    ("currency", {"currency_scale": "billions", "decimals": 2}, 2.125e9, "£2.13bn", "£2.13bn", "£2.13bn"),
    ("hours", {}, 12.5, "12.5", "12.5 hours", "12.5 hours"),
    ("hours", {}, 1, "1.0", "1.0 hour", "1.0 hour"),
    ("hours", {}, 0.95, "1.0", "1.0 hour", "1.0 hour"),  # singular as shown: 0.95 shows as 1.0
    ("hours", {}, 1.05, "1.1", "1.1 hours", "1.1 hours"),
    ("hours", {"decimals": 0}, 1.4, "1", "1 hour", "1 hour"),
    ("hours", {}, 0.04, "0.0", "0.0 hours", "0.0 hours"),
]


@pytest.mark.parametrize("unit, fields, value, in_cell, in_sentence, as_change", WRITTEN)
def test_every_unit_is_written_exactly(
    unit: str, fields: dict[str, Any], value: float, in_cell: str, in_sentence: str, as_change: str
) -> None:
    m = indicator(unit=unit, **fields).measure
    assert (cell(value, m), quantity(value, m, STYLE), change(-value, m, STYLE)) == (
        in_cell,
        in_sentence,
        as_change,
    )


@pytest.mark.parametrize(
    "fields, value, in_cell, in_sentence, as_change",
    [
        (
            {"unit": "number", "unit_label": "cases per worker"},
            18.25,
            "18.3",
            "18.3 cases per worker",
            "18.3 cases per worker",
        ),
        (
            {"unit": "rate", "unit_label": "per 10,000 children aged under 18"},
            65.6,
            "65.6",
            "65.6 per 10,000 children aged under 18",
            "65.6 per 10,000 children aged under 18",
        ),
        (
            {"unit": "number", "unit_label": "  cases   per worker "},
            1,
            "1.0",
            "1.0 cases per worker",
            "1.0 cases per worker",
        ),
    ],
)
def test_a_unit_label_is_written_after_the_figure_in_words_not_in_cells(
    fields: dict[str, Any], value: float, in_cell: str, in_sentence: str, as_change: str
) -> None:
    m = indicator(**fields).measure
    assert (cell(value, m), quantity(value, m, STYLE), change(-value, m, STYLE)) == (
        in_cell,
        in_sentence,
        as_change,
    )


def test_a_table_titles_an_indicator_with_its_unit_label_only_when_it_has_one() -> None:
    labelled = indicator(title="Average caseload", unit="number", unit_label="cases per worker")
    assert titled(labelled.title, labelled.measure) == "Average caseload (cases per worker)"
    plain = indicator(title="Average caseload", unit="number")
    assert titled(plain.title, plain.measure) == "Average caseload"


def test_every_unit_has_a_written_case() -> None:
    assert {case[0] for case in WRITTEN} == set(UNITS)


@pytest.mark.parametrize(
    "fields, value, written",
    [
        ({}, -1250, "-£1,250"),
        ({"currency_scale": "millions"}, -1250000, "-£1.3m"),
        ({"currency_scale": "millions"}, -40000, "£0.0m"),  # rounds to nothing: no minus
        ({"currency_scale": "thousands"}, -500, "-£1k"),
    ],
)
def test_negative_currency_has_its_minus_before_the_pound(
    fields: dict[str, Any], value: float, written: str
) -> None:
    m = indicator(unit="currency", **fields).measure
    assert cell(value, m) == quantity(value, m, STYLE) == written


def test_per_cent_house_style_is_for_sentences_only() -> None:
    m = indicator(unit="percent").measure
    assert quantity(81.4, m, HouseStyle(percent="per cent")) == "81.4 per cent"
    assert cell(81.4, m) == "81.4%"
    assert change(1.5, m, HouseStyle(percent="per cent")) == "1.5 percentage points"


@pytest.mark.parametrize(
    "unit, scale, decimals, places",
    [
        ("currency", None, 0, 0),
        ("currency", "units", 0, 0),
        ("currency", "thousands", 0, -3),
        ("currency", "millions", 1, -5),
        ("currency", "billions", 1, -8),
        ("hours", None, 1, 1),
        ("count", None, 0, 0),
        ("percent", None, 1, 1),
    ],
)
def test_decimals_default_by_unit_and_scale(unit: str, scale: str | None, decimals: int, places: int) -> None:
    fields = {"currency_scale": scale} if scale else {}
    ind = indicator(unit=unit, **fields)
    assert (ind.measure.decimals, ind.places) == (decimals, places)


def test_judgments_use_the_scaled_figure_as_shown() -> None:
    places = indicator(unit="currency", currency_scale="millions").places
    assert movement(1_249_999, 1_200_000, places) == "no change"  # both £1.2m
    assert movement(1_250_000, 1_200_000, places) == "increase"  # £1.3m against £1.2m
    assert rag_rating(2_549_000, 2_500_000, 0, "lower", places) == "green"  # £2.5m meets £2.5m


@pytest.mark.parametrize(
    "unit, fields, tick, label",
    [
        ("percent", {}, 85.0, "85%"),
        ("percent", {}, 87.5, "87.5%"),
        ("percent", {}, 100.0, "100%"),
        ("percent", {}, 0.30000000000000004, "0.3%"),
        ("percent", {}, -0.0, "0%"),
        ("currency", {}, 1500.0, "£1,500"),
        ("currency", {}, 2_500_000.0, "£2,500,000"),
        ("currency", {"currency_scale": "thousands"}, -500_000.0, "-£500k"),
        ("currency", {"currency_scale": "millions"}, 1_250_000.0, "£1.25m"),
        ("currency", {"currency_scale": "millions"}, 1_000_000.0, "£1m"),
        ("currency", {"currency_scale": "billions"}, 2_000_000_000.0, "£2bn"),
    ],
)
def test_axis_ticks_carry_the_unit(unit: str, fields: dict[str, Any], tick: float, label: str) -> None:
    assert axis_tick(tick, indicator(unit=unit, **fields).measure) == label


def _tick_labels(unit: str, values: dict[str, float], **fields: Any) -> list[str]:
    """Draw an indicator's chart and return its y-axis tick labels."""
    import matplotlib.pyplot as plt

    from reportgen.assess import assess_indicator
    from reportgen.charts import chart_spec, figure
    from reportgen.periods import parse_period

    ind = indicator(unit=unit, **fields)
    spec = chart_spec(assess_indicator(ind, "S", series(ind, values), parse_period("2023-24 Q2")), {})
    assert spec is not None
    fig = figure(spec)
    try:
        return [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    finally:
        plt.close(fig)


def test_a_currency_chart_has_pound_ticks_at_its_scale() -> None:
    labels = _tick_labels(
        "currency",
        {"2022-23 Q4": 1_400_000, "2023-24 Q1": 1_100_000, "2023-24 Q2": 2_250_000},
        currency_scale="millions",
    )
    assert labels and all(t.startswith("£") and t.endswith("m") for t in labels), labels


def test_a_percent_chart_keeps_its_percent_ticks() -> None:
    labels = _tick_labels("percent", {"2022-23 Q4": 75.0, "2023-24 Q1": 72.0, "2023-24 Q2": 81.2})
    assert labels and all(t.endswith("%") for t in labels), labels


def test_hours_and_counts_have_plain_ticks_with_thousands_separators() -> None:
    labels = _tick_labels("hours", {"2022-23 Q4": 14.0, "2023-24 Q1": 13.5, "2023-24 Q2": 12.5})
    assert labels and not any(t.endswith(("%", "m")) or "hour" in t for t in labels), labels
    counts = _tick_labels("count", {"2022-23 Q4": 1200, "2023-24 Q1": 1350, "2023-24 Q2": 1500})
    assert counts == ["1,200", "1,300", "1,400", "1,500"]


def test_a_unit_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Formatting asks the table, so a row is all a unit needs (the schema reads it at import)."""
    monkeypatch.setitem(
        UNITS, "miles", Unit("miles", "distance", 1, ("{n} mile", "{n} miles"), axis="{n} mi")
    )
    m = measure("miles", None)
    assert (quantity(1, m, STYLE), quantity(2.25, m, STYLE), cell(2.25, m)) == (
        "1.0 mile",
        "2.3 miles",
        "2.3",
    )
    assert (change(-0.5, m, STYLE), axis_tick(3, m)) == ("0.5 miles", "3 mi")


# -- in validate and build ----------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "units", root)
    return root


def test_negative_currency_and_hours_validate_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(monkeypatch, capsys, "validate", "Q2-2023", "--project", str(_project(tmp_path)))
    assert (code, out, err) == (0, "reportgen: 0 errors, 0 warnings for 2023-24 Q2\n", "")


@pytest.fixture(scope="module")
def units_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the currency and hours project once, in every format."""
    from reportgen.pipeline import build

    tmp = tmp_path_factory.mktemp("units")
    root = _project(tmp)
    return {p.suffix.lstrip("."): p for p in build(root, "Q2-2023", output=tmp / "out", cache=False)}


def test_a_build_writes_currency_and_hours_in_every_sentence(units_build: dict[str, Path]) -> None:
    doc = {i["id"]: i for i in json.loads(units_build["json"].read_text(encoding="utf-8"))["indicators"]}
    assert {k: (v["display_value"], v["rag"]) for k, v in doc.items()} == {
        "spend": ("£2.2m", "green"),
        "variance": ("£118,750", "none"),
        "response": ("12.5", "amber"),
    }
    assert doc["spend"]["narrative"] == (
        "Spending on placements was £2.2m in 2023/24 to the end of September 2023. This is a "
        "significant decline on the previous quarter (£1.1m, up £1.1m) and a notable decline on the same "
        "quarter last year (£2.1m, up £0.1m). This continues to be notably better than the target of £2.5m."
    )
    assert doc["variance"]["narrative"] == (
        "The forecast budget variance is forecast to be £118,750 at the end of 2023/24. This is a "
        "significant increase on the previous quarter (-£1,250, up £120,000)."
    )
    assert doc["response"]["narrative"] == (
        "The average time to respond to a contact was 12.5 hours in Quarter 2 2023/24. This is a notable "
        "improvement on the previous quarter (13.5 hours, down 1.0 hour) but the same as the same quarter "
        "last year (12.5 hours). This is slightly worse than the target of 12 hours, but within tolerance, having "
        "been worse than target and outside tolerance in the previous quarter. It is well above the national "
        "average of 1.0 hour (lower is better)."
    )


def test_a_build_writes_currency_and_hours_in_the_scorecard(units_build: dict[str, Path]) -> None:
    import re

    html = units_build["html"].read_text(encoding="utf-8")
    table = next(t for t in re.findall(r"<table.*?</table>", html, re.S) if "scorecard for" in t)
    rows = [
        [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<t[hd].*?</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]
    assert [row[3:9] for row in rows[1:]] == [
        ["£2.1m", "", "", "£1.1m", "£2.2m", "£2.5m"],
        ["", "", "", "-£1,250", "£118,750", ""],
        ["12.5", "", "", "13.5", "12.5", "12"],
    ]


def test_the_pdf_and_word_files_spell_pounds(units_build: dict[str, Path]) -> None:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(units_build["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "£2.2m" in text and "-£1,250" in text and "down 1.0 hour)" in " ".join(text.split())
    from tests.test_pipeline import docx_text

    words = docx_text(units_build["docx"])  # narratives sit in locked content controls
    assert "up £120,000" in words and "12.5 hours" in words


@pytest.mark.parametrize(
    ("unit", "decimals", "scale", "cell", "sentence"),
    [
        ("count", None, None, "<0.5", "fewer than 0.5"),
        ("percent", None, None, "<0.05%", "less than 0.05%"),
        ("rate", 0, None, "<0.5", "less than 0.5 per 10,000"),
        ("number", 1, None, "<0.05", "less than 0.05"),
        ("currency", 1, "millions", "<£0.05m", "less than £0.05m"),
    ],
)
def test_a_figure_that_rounds_to_zero_is_below_half_its_last_digit(
    unit: str, decimals: int | None, scale: str | None, cell: str, sentence: str
) -> None:
    from reportgen.formatting import HouseStyle, rounds_to_zero
    from reportgen.units import measure

    m = measure(unit, decimals, None, scale)
    assert (rounds_to_zero(m), rounds_to_zero(m, HouseStyle())) == (cell, sentence)


def test_ranks_are_written_in_digits() -> None:
    from reportgen.formatting import rank_ordinal

    assert [rank_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112, 152)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
        "112th",
        "152nd",
    ]
