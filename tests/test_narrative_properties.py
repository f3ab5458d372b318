"""Properties of the narrative over random series: it never misleads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.assess import assess_indicator
from reportgen.formatting import HouseStyle
from reportgen.narrative import Writer
from reportgen.periods import parse_period
from tests.conftest import indicator, series
from tests.narrative_cases import QUARTERS

PERIOD = parse_period("2023-24 Q2")


@st.composite
def stories(draw: st.DrawFn) -> tuple:  # type: ignore[type-arg]
    unit = draw(st.sampled_from(["percent", "count"]))
    polarity = draw(st.sampled_from(["higher", "lower", "target", "none"]))
    top = 60.0 if unit == "percent" else 500.0
    value = st.floats(0, top, allow_nan=False).map(lambda v: round(v, 1 if unit == "percent" else 0))
    values: list[object] = draw(st.lists(value, min_size=1, max_size=6))
    hidden = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    shown = [("c" if h else v) for v, h in zip(values, hidden, strict=True)]
    target = draw(value)
    tolerance = draw(st.sampled_from([0, 1, "5%", "10%"]))
    ind = indicator(
        unit=unit,
        polarity=polarity,
        target=target,
        tolerance=tolerance,
        aggregate="sum" if unit == "count" else None,
        comparators={"national": draw(value)},
    )
    style = HouseStyle(idiom=draw(st.booleans()))
    return ind, dict(zip(QUARTERS[-len(shown) :], shown, strict=True)), style


@settings(max_examples=400, deadline=None)
@given(stories())
def test_narrative_never_misleads(story: tuple) -> None:  # type: ignore[type-arg]
    ind, values, style = story
    a = assess_indicator(ind, "S", series(ind, values), PERIOD)
    text = Writer(style).paragraph(a)
    if a.previous is not None and a.previous.performance == "declined":
        assert "improvement on the previous" not in text
        assert "improvement on both" not in text
    if a.previous is not None and a.previous.performance == "improved":
        assert "decline on the previous" not in text
        assert "decline on both" not in text
    if a.rag in ("red", "amber"):
        for claim in (
            "better than the target",
            "beats the target",
            "meets the target",
            "positively",
            "in line with the planned",
            "within the target range",
        ):
            assert claim not in text
    if a.rag == "green":
        assert "worse than the target" not in text and "negatively" not in text
    # a suppressed value never appears, nor does any comparison with a suppressed period
    suppressed = {code for code, v in values.items() if v == "c"}
    for c in (a.previous, a.last_year):
        assert c is None or c.period.code not in suppressed


@settings(max_examples=200, deadline=None)
@given(stories())
def test_a_suppressed_figure_gets_no_numbers_at_all(story: tuple) -> None:  # type: ignore[type-arg]
    """No figure, difference, target or benchmark is printed beside a suppressed value."""
    ind, values, style = story
    values = dict(values, **{"2023-24 Q2": "c"})
    a = assess_indicator(ind, "S", series(ind, values), PERIOD)
    text = Writer(style).paragraph(a)
    assert "not published" in text
    residue = text.replace("Quarter 2 2023/24", "").replace(style.suppressed_text, "")
    assert not any(ch.isdigit() for ch in residue), text
