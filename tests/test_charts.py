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
                series(ind, {"2023-24 Q1": 70.0 + i, "2023-24 Q2": 75.0 + i}),
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
