"""Charts: alt text that states the trend, latest value and target; repeatable SVG and PNG."""

from __future__ import annotations

from reportgen.assess import assess_indicator
from reportgen.charts import render_chart
from reportgen.formatting import HouseStyle
from reportgen.periods import parse_period
from tests.conftest import indicator, series

Q2 = parse_period("2023-24 Q2")
NAMES = {"national": "national average", "statistical_neighbours": "statistical neighbour average"}


def _assessment():  # type: ignore[no-untyped-def]
    ind = indicator(
        target=85.0, tolerance=2.0, comparators={"national": 80.0, "statistical_neighbours": 82.4}
    )
    s = series(ind, {"2022-23 Q4": 72.0, "2023-24 Q1": 75.5, "2023-24 Q2": 81.2})
    return assess_indicator(ind, "Section", s, Q2)


def test_alt_text_states_trend_latest_value_target_and_comparators() -> None:
    chart = render_chart(_assessment(), HouseStyle(), NAMES)
    assert chart is not None
    assert chart.alt == (
        "Line chart of % of assessments completed in time from Mar-23 to Sep-23. "
        "It rose from 72.0% to 81.2%. Highest 81.2% (Sep-23), lowest 72.0% (Mar-23). "
        "Latest value (Sep-23): 81.2%, marked with a ring. "
        "Dashed line: target of 85.0%; the latest value is significantly worse than target. "
        "Dotted line: national average of 80.0%. "
        "Dash-dot line: statistical neighbour average of 82.4%."
    )


def test_chart_files_are_repeatable_and_svg_keeps_text() -> None:
    first = render_chart(_assessment(), HouseStyle(), NAMES)
    second = render_chart(_assessment(), HouseStyle(), NAMES)
    assert first is not None and second is not None
    assert first.svg == second.svg and first.png == second.png
    svg = first.svg.decode("utf-8")
    assert "<text" in svg and "Target 85.0" in svg and "<dc:date>" not in svg
    assert first.png.startswith(b"\x89PNG")
