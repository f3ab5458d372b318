"""Charts: what they show and leave out, each rule at its edge; alt text; labels; colours; repeatable files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.assess import Thresholds, assess_all, assess_indicator
from reportgen.charts import (
    alt_text,
    chart_points,
    chart_spec,
    charted,
    draw,
    figure,
    minimum_span,
    render_chart,
    spc_chart_spec,
    spec_key,
    value_axis,
)
from reportgen.formatting import HouseStyle, axis_tick
from reportgen.periods import parse_period
from tests.conftest import ROOT, indicator, series

STRESS = Path(__file__).parent / "fixtures" / "stress"

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
        "Dashed line: target of 85%; the latest value is worse than target, outside tolerance. "
        "Dotted line: national average of 80.0%. "
        "Dash-dot line: statistical neighbour average of 82.4%."
    )


def test_chart_files_are_repeatable_and_svg_keeps_text() -> None:
    first = render_chart(_assessment(), HouseStyle(), NAMES)
    second = render_chart(_assessment(), HouseStyle(), NAMES)
    assert first is not None and second is not None
    assert first.svg == second.svg and first.png == second.png
    svg = first.svg.decode("utf-8")
    assert "<text" in svg and "Target 85%" in svg and "<dc:date>" not in svg
    assert first.png.startswith(b"\x89PNG")


def _assessments() -> list:  # type: ignore[type-arg]
    from reportgen.assess import assess_indicator
    from reportgen.periods import parse_period
    from tests.conftest import indicator, series

    out = []
    for i in range(6):
        ind = indicator(id=f"ind{i}", target=80 + i, tolerance="5%")
        out.append(
            assess_indicator(
                ind,
                "S",
                series(ind, {"2022-23 Q4": 68.0 + i, "2023-24 Q1": 70.0 + i, "2023-24 Q2": 75.0 + i}),
                parse_period("Q2-2023"),
            )
        )
    return out


def test_cached_charts_are_read_back_and_a_change_redraws(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reportgen import charts
    from reportgen.cache import Cache
    from reportgen.formatting import HouseStyle

    assessments = _assessments()
    cache = Cache(tmp_path)
    first = charts.render_charts(assessments, HouseStyle(), {}, ("png",), cache=cache)
    assert len(list((tmp_path / ".reportgen-cache" / "charts").glob("*.png"))) == 6
    drawn: list[str] = []
    real = charts.draw
    monkeypatch.setattr(
        charts, "draw", lambda spec, formats=("png", "svg"): drawn.append(spec["id"]) or real(spec, formats)
    )
    again = charts.render_charts(assessments, HouseStyle(), {}, ("png",), cache=cache)
    assert drawn == []  # everything came from the cache
    assert {k: c.png for k, c in again.items()} == {k: c.png for k, c in first.items()}
    changed = _assessments()[:1]
    object.__setattr__(changed[0], "target", 99.0)
    charts.render_charts(changed, HouseStyle(), {}, ("png",), cache=cache)
    assert drawn == ["ind0"]  # a changed target is a different picture


def test_parallel_drawing_gives_the_same_bytes_as_serial() -> None:
    from reportgen import charts
    from reportgen.concurrency import Workers
    from reportgen.formatting import HouseStyle

    assessments = _assessments()
    serial = charts.render_charts(assessments, HouseStyle(), {}, ("png", "svg"))
    planned, todo = charts.plan_charts(assessments, HouseStyle(), {}, ("png", "svg"))
    with Workers(2) as workers:
        parallel = charts.draw_charts(planned, todo, ("png", "svg"), None, workers)
    assert {k: (c.png, c.svg) for k, c in serial.items()} == {k: (c.png, c.svg) for k, c in parallel.items()}


def test_only_the_formats_asked_for_are_drawn() -> None:
    from reportgen import charts
    from reportgen.formatting import HouseStyle

    got = charts.render_charts(_assessments()[:1], HouseStyle(), {}, ("svg",))
    assert got["ind0"].png == b"" and got["ind0"].svg.startswith(b"<?xml")


def test_a_planned_chart_knows_the_size_its_picture_will_have() -> None:
    from reportgen import charts
    from reportgen.render.pdf import png_header

    chart = render_chart(_assessment(), HouseStyle(), NAMES)
    assert chart is not None
    header = png_header(chart.png)
    assert header is not None and header[:2] == chart.pixels == (840, 345)
    planned, todo = charts.plan_charts([_assessment()], HouseStyle(), NAMES, ("png",))
    assert list(todo) == [chart.indicator_id]
    ahead = planned[chart.indicator_id]
    assert not ahead.drawn and (ahead.key, ahead.pixels, ahead.alt) == (chart.key, chart.pixels, chart.alt)


# -- what a chart shows, each rule at its edge (issue 13 item 5) ------------------------------------

M07 = parse_period("2022-07")
PERCENT = indicator().measure
COUNT = indicator(unit="count").measure


def _monthly(values: dict[str, Any], **fields: Any) -> Any:
    ind = indicator(id="monthly", frequency="monthly", basis="month", **fields)
    return assess_indicator(ind, "S", series(ind, values), parse_period(max(values)))


def test_fewer_than_three_figures_get_no_chart_three_do() -> None:
    two = _monthly({"2023-08": 80.0, "2023-09": 81.0})
    suppressed = _monthly({"2023-07": 79.0, "2023-08": "c", "2023-09": 81.0})
    three = _monthly({"2023-07": 79.0, "2023-08": 80.0, "2023-09": 81.0})
    assert (charted(two), charted(suppressed), charted(three)) == (False, False, True)
    assert render_chart(two, HouseStyle(), {}) is None and chart_spec(suppressed, {}) is None
    assert render_chart(three, HouseStyle(), {}) is not None


def test_time_is_drawn_to_scale_with_missing_months_as_gaps() -> None:
    a = _monthly({"2021-07": 70.0, "2022-06": 72.0, "2022-07": 71.0})
    points = chart_points(a)
    assert [p[0] for p in points] == [
        "Jul-21", "Aug-21", "Sep-21", "Oct-21", "Nov-21", "Dec-21", "Jan-22",
        "Feb-22", "Mar-22", "Apr-22", "May-22", "Jun-22", "Jul-22",
    ]  # fmt: skip
    assert [(i, v) for i, (_, v, _) in enumerate(points) if v is not None] == [
        (0, 70.0),
        (11, 72.0),
        (12, 71.0),
    ]
    assert {s for _, v, s in points if v is None} == {"no_data"}
    # the chart opens on its first figure, not on an empty stretch
    later = _monthly({"2022-03": 70.0, "2022-06": 72.0, "2022-07": 71.0})
    assert [p[0] for p in chart_points(later)][:2] == ["Mar-22", "Apr-22"]


def test_a_percentage_axis_stays_within_0_and_100() -> None:
    high = value_axis([96.0, 99.0, 100.0, 95.0], PERCENT, 2.0)
    assert high.top == 100.0 and max(high.ticks) <= 100.0
    low = value_axis([0.0, 1.2, 0.4], PERCENT, 2.0)
    assert low.bottom == 0.0 and min(low.ticks) >= 0.0
    # a figure beyond 100% (a warning, not an error) is still drawn, not cut off
    over = value_axis([98.0, 104.2], PERCENT, 2.0)
    assert over.top > 104.2
    # a count never gets a negative axis; a negative currency figure does
    assert value_axis([0.0, 0.0, 0.0], COUNT, 4.0).bottom == 0.0
    money = indicator(unit="currency").measure
    assert value_axis([-1250.0, 400.0], money, 4.0).bottom < -1250.0


def test_a_change_below_the_marginal_threshold_never_fills_the_plot() -> None:
    thresholds = Thresholds()  # marginal below 0.5 percentage points, or 2% for other units
    span = minimum_span(PERCENT, [16.8, 17.0], thresholds)
    assert span == 2.0
    axis = value_axis([16.8, 17.0], PERCENT, span)
    assert (17.0 - 16.8) / (axis.top - axis.bottom) < 0.1
    # at the edge: a change of just under the marginal threshold spans at most a quarter of the axis
    axis = value_axis([16.0, 16.49], PERCENT, span)
    assert 0.49 / (axis.top - axis.bottom) <= 0.25
    # a bigger change is drawn with the room it needs
    axis = value_axis([16.0, 19.0], PERCENT, span)
    assert 3.0 / (axis.top - axis.bottom) > 0.5
    # relative: 17 to 20 children; and a count's axis spans at least 4
    assert minimum_span(COUNT, [17.0, 20.0], thresholds) == 4.0
    assert minimum_span(COUNT, [990.0, 1000.0], thresholds) == 80.0
    axis = value_axis([1000.0, 981.0], COUNT, minimum_span(COUNT, [1000.0, 981.0], thresholds))
    assert 19.0 / (axis.top - axis.bottom) <= 0.25


def test_counts_are_ticked_in_whole_numbers_with_thousands_separators() -> None:
    axis = value_axis([6.0, 7.0, 6.0], COUNT, 4.0)
    assert all(t == int(t) for t in axis.ticks) and axis.decimals == 0
    assert axis.ticks == (4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
    big = value_axis([12_345_678.0, 22_345_678.0], COUNT, 4.0)
    labels = [axis_tick(t, COUNT, big.decimals) for t in big.ticks]
    assert labels == [
        "12,000,000",
        "14,000,000",
        "16,000,000",
        "18,000,000",
        "20,000,000",
        "22,000,000",
        "24,000,000",
    ]
    # every tick of an axis is written with the same places
    fine = value_axis([16.2, 17.4], PERCENT, 2.0)
    assert [axis_tick(t, PERCENT, fine.decimals) for t in fine.ticks] == [
        "15.5%", "16.0%", "16.5%", "17.0%", "17.5%", "18.0%"
    ]  # fmt: skip
    # £1.3m is never ticked £1.25m
    millions = indicator(unit="currency", currency_scale="millions").measure
    axis = value_axis([1_200_000.0, 1_500_000.0], millions, 4.0)
    assert [axis_tick(t, millions, axis.decimals) for t in axis.ticks] == ["£1.2m", "£1.3m", "£1.4m", "£1.5m"]


def test_the_drawn_axis_is_the_one_value_axis_chose() -> None:
    ind = indicator(id="big", unit="count", polarity="lower", target=15_000_000)
    s = series(ind, {"2022-23 Q4": 12_345_678, "2023-24 Q1": 22_345_678, "2023-24 Q2": 14_000_000})
    spec = chart_spec(assess_indicator(ind, "S", s, Q2), {})
    assert spec is not None
    fig = figure(spec)
    try:
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()] == [f"{n},000,000" for n in range(12, 25, 2)]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["Mar-23", "Jun-23", "Sep-23"]
    finally:
        _close(fig)


@pytest.mark.parametrize(
    ("target", "values", "set_below"),
    [
        (0, {"2022-23 Q4": 4, "2023-24 Q1": 8, "2023-24 Q2": 5}, True),  # a target of 0 on the axis
        (6, {"2022-23 Q4": 0, "2023-24 Q1": 8, "2023-24 Q2": 5}, True),  # a figure of 0 on it
        (6, {"2022-23 Q4": 4, "2023-24 Q1": 8, "2023-24 Q2": 5}, False),  # nothing on it
    ],
)
def test_a_line_at_the_foot_of_the_axis_is_not_hidden_by_the_axis_line(
    target: float, values: dict[str, float], set_below: bool
) -> None:
    ind = indicator(id="audit", unit="count", polarity="lower", target=target)
    spec = chart_spec(assess_indicator(ind, "S", series(ind, values), Q2), {})
    assert spec is not None
    fig = figure(spec)
    try:
        ax = fig.axes[0]
        assert bool(ax.get_ylim()[0] == 0.0) is set_below
        assert (ax.spines["bottom"].get_position() == ("outward", 5)) is set_below
        level = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert len(level) == 1 and level[0].get_clip_on() is not set_below
    finally:
        _close(fig)


def test_an_spc_lower_limit_held_at_0_is_not_hidden_by_the_axis_line() -> None:
    # counts of 0 to 3 a month: the lower limit falls below 0 and is drawn at 0, the axis's foot
    ind = indicator(id="incidents", frequency="monthly", basis="month", unit="count", polarity="lower")
    values = [1, 0, 2, 1, 3, 0, 1, 2, 0, 1, 2, 1, 0, 1, 2]
    codes = [f"{2022 + i // 12}-{i % 12 + 1:02d}" for i in range(len(values))]
    a = assess_indicator(ind, "S", series(ind, dict(zip(codes, values, strict=True))), parse_period(codes[-1]))
    spec = spc_chart_spec(a, two_sigma=False)
    assert spec is not None and spec["segments"][-1][3] < 0  # the lower limit, before it is held
    fig = figure(spec)
    try:
        ax = fig.axes[0]
        assert ax.get_ylim()[0] == 0.0
        assert ax.spines["bottom"].get_position() == ("outward", 5)
        assert all(not line.get_clip_on() for line in ax.get_lines())
    finally:
        _close(fig)


def test_a_suppressed_latest_figure_is_a_marked_gap_and_the_alt_text_says_so() -> None:
    ind = indicator(target=18.5, polarity="lower")
    s = series(ind, {"2022-23 Q3": 21.0, "2022-23 Q4": 19.3, "2023-24 Q1": 18.9, "2023-24 Q2": "c"})
    a = assess_indicator(ind, "S", s, Q2)
    chart = render_chart(a, HouseStyle(), {})
    assert chart is not None
    assert chart.alt == (
        "Line chart of % of assessments completed in time from Dec-22 to Sep-23. "
        "It fell from 21.0% (Dec-22) to 18.9% (Jun-23). Highest 21.0% (Dec-22), lowest 18.9% (Jun-23). "
        "Latest figure (Sep-23): suppressed, shown as a marked gap. Dashed line: target of 18.5%."
    )
    spec = chart_spec(a, {})
    assert spec is not None
    fig = figure(spec)
    try:
        texts = [t.get_text() for t in fig.findobj(_text_class()) if t.get_visible()]
        assert "Suppressed" in texts
        assert "18.9%" not in texts  # the figure before is not labelled as the latest
        rings = [line for line in fig.axes[0].get_lines() if line.get_markersize() == 9]
        assert rings == []
    finally:
        _close(fig)


def test_gaps_inside_the_line_are_named_in_the_alt_text() -> None:
    a = _monthly({"2023-05": 80.0, "2023-06": "c", "2023-07": 82.0, "2023-09": 83.0})
    assert alt_text(a, HouseStyle()) == (
        "Line chart of % of assessments completed in time from May-23 to Sep-23. It rose from 80.0% to 83.0%. "
        "Highest 83.0% (Sep-23), lowest 80.0% (May-23). Gaps in the line: Jun-23 (suppressed), Aug-23 (no figure). "
        "Latest value (Sep-23): 83.0%, marked with a ring. No target is set."
    )


def test_the_target_range_is_always_in_the_alt_text() -> None:
    ind = indicator(target="0-18", polarity="lower", tolerance=2)
    inside = assess_indicator(
        ind, "S", series(ind, {"2022-23 Q4": 19.0, "2023-24 Q1": 17.5, "2023-24 Q2": 16.0}), Q2
    )
    above = assess_indicator(
        ind, "S", series(ind, {"2022-23 Q4": 19.0, "2023-24 Q1": 17.5, "2023-24 Q2": 18.04}), Q2
    )
    over = assess_indicator(
        ind, "S", series(ind, {"2022-23 Q4": 19.0, "2023-24 Q1": 17.5, "2023-24 Q2": 18.1}), Q2
    )
    words = "Shaded band between dashed lines: target range of 0% to 18%"
    assert alt_text(inside, HouseStyle()).endswith(f"{words}; the latest value is within it.")
    assert alt_text(above, HouseStyle()).endswith(
        f"{words}; the latest value is within it."
    )  # 18.0% as shown
    assert alt_text(over, HouseStyle()).endswith(f"{words}; the latest value is above the range.")


# -- labels and colours -------------------------------------------------------------------------------


def _text_class() -> Any:
    from matplotlib.text import Text

    return Text


def _close(fig: Any) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)


def _collisions(spec: dict[str, Any]) -> list[str]:
    """Return every text of a drawn chart that leaves the picture or overlaps another text."""
    fig = figure(spec)
    try:
        renderer = fig.canvas.get_renderer()
        boxes = [
            (t.get_text(), t.get_window_extent(renderer))
            for t in fig.findobj(_text_class())
            if t.get_visible() and t.get_text().strip()
        ]
        frame = fig.bbox
        faults = [
            f"{text!r} leaves the picture"
            for text, b in boxes
            if b.x0 < frame.x0 - 0.5
            or b.x1 > frame.x1 + 0.5
            or b.y0 < frame.y0 - 0.5
            or b.y1 > frame.y1 + 0.5
        ]
        for i, (text, b) in enumerate(boxes):
            for other, c in boxes[i + 1 :]:
                if min(b.x1, c.x1) - max(b.x0, c.x0) > 0.5 and min(b.y1, c.y1) - max(b.y0, c.y0) > 0.5:
                    faults.append(f"{text!r} overlaps {other!r}")
        return faults
    finally:
        _close(fig)


def _project_specs(root: Path) -> dict[str, dict[str, Any]]:
    from reportgen.pipeline import load_project, resolve_period

    project = load_project(root)
    assessments = assess_all(project.sections, project.data, resolve_period(project, "Q2-2023"))
    names = {b.name: project.config.comparator_label(b.name) for a in assessments for b in a.benchmarks}
    specs = {a.indicator.id: chart_spec(a, names) for a in assessments}
    return {k: v for k, v in specs.items() if v is not None}


@pytest.mark.parametrize("root", [ROOT, STRESS], ids=["example", "stress"])
def test_no_label_leaves_a_chart_or_overlaps_another(root: Path) -> None:
    specs = _project_specs(root)
    assert len(specs) >= 8
    faults = {cid: found for cid, spec in specs.items() if (found := _collisions(spec))}
    assert faults == {}


def test_close_lines_and_long_names_keep_their_labels_apart() -> None:
    ind = indicator(
        target=25.0,
        comparators={
            "national": 25.1,
            "statistical_neighbours": 25.3,
            "north_west_regional_and_city_region": 24.9,
        },
    )
    s = series(ind, {"2022-23 Q4": 24.0, "2023-24 Q1": 25.2, "2023-24 Q2": 25.0})
    spec = chart_spec(
        assess_indicator(ind, "S", s, Q2),
        {"north_west_regional_and_city_region": "North West regional and city region average"},
    )
    assert spec is not None
    assert _collisions(spec) == []


def test_the_latest_figure_moves_off_the_line() -> None:
    # the line arrives from above: its figure goes below the ring, not across the line
    ind = indicator()
    s = series(ind, {"2022-23 Q4": 80.4, "2023-24 Q1": 84.1, "2023-24 Q2": 81.2})
    spec = chart_spec(assess_indicator(ind, "S", s, Q2), {})
    assert spec is not None
    fig = figure(spec)
    try:
        label = next(t for t in fig.findobj(_text_class()) if t.get_text() == "81.2%")
        ring_y = fig.axes[0].transData.transform((2, 81.2))[1]
        assert label.get_window_extent(fig.canvas.get_renderer()).y1 < ring_y
    finally:
        _close(fig)


def test_every_mark_a_chart_draws_reaches_3_to_1() -> None:
    import re

    from reportgen.colours import MIN_GRAPHIC_CONTRAST, contrast
    from reportgen.palette import PALETTE

    specs = _project_specs(STRESS)
    colours: set[str] = set()
    for spec in specs.values():
        svg = draw(spec, ("svg",))["svg"].decode("utf-8")
        colours |= {c.lower() for c in re.findall(r"(?:stroke|fill)[:=]\s*\"?(#[0-9a-fA-F]{6})", svg)}
    # the grid and a range's shading are not marks; white and black are the ground and the text
    not_marks = {"#ffffff", "#000000", PALETTE.chart_grid, PALETTE.chart_band}
    marks = colours - not_marks
    assert marks and marks <= {c.lower() for c in PALETTE.chart_marks().values()}
    for colour in marks:
        assert contrast(colour, "#ffffff") >= MIN_GRAPHIC_CONTRAST, colour


def test_a_unit_label_names_the_value_axis_and_the_alt_text_figures() -> None:
    a = _monthly(
        {"2023-07": 19.4, "2023-08": 18.6, "2023-09": 18.2},
        unit="number",
        unit_label="cases per worker",
        polarity="lower",
    )
    spec = chart_spec(a, {})
    assert spec is not None
    fig = figure(spec)
    try:
        assert fig.axes[0].get_ylabel() == "cases per worker"
    finally:
        _close(fig)
    assert "Latest value (Sep-23): 18.2 cases per worker, marked with a ring." in alt_text(a, HouseStyle())
    plain = chart_spec(_monthly({"2023-07": 19.4, "2023-08": 18.6, "2023-09": 18.2}, unit="number"), {})
    assert plain is not None
    fig = figure(plain)
    try:
        assert fig.axes[0].get_ylabel() == ""
    finally:
        _close(fig)


def test_a_provisional_figure_is_a_hollow_point_and_the_alt_text_says_so() -> None:
    a = _monthly({"2023-05": 84.0, "2023-06": "83.2p", "2023-07": "82.1p"}, target=85)
    spec = chart_spec(a, {})
    assert spec is not None and spec["provisional"] == [1, 2]
    fig = figure(spec)
    try:
        ax = fig.axes[0]
        hollow = [line for line in ax.get_lines() if line.get_gid() == "provisional"]
        assert [(list(h.get_xdata()), list(h.get_ydata()), h.get_markerfacecolor()) for h in hollow] == [
            ([1], [83.2], "white")
        ]
        labels = [t.get_text() for t in ax.texts]
        assert "82.1%p" in labels  # the latest, ringed, carries the mark in its label
    finally:
        _close(fig)
    words = alt_text(a, HouseStyle())
    assert "Provisional figures, drawn as hollow points: Jun-23." in words
    assert "Latest value (Jul-23): 82.1% (provisional), marked with a ring." in words
    final = chart_spec(_monthly({"2023-05": 84.0, "2023-06": 83.2, "2023-07": 82.1}, target=85), {})
    assert final is not None and final["provisional"] == []
    assert spec_key(final) != spec_key(spec)
