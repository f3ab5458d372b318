"""Charts: a trend chart for each indicator with enough figures, and its alt text written from the data.

A spec (plain data) decides each picture; its ``kind`` names the function in DRAWERS that
draws it, so another kind of chart is one more drawer.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from .assess import SYMBOLS, Assessment, Thresholds
from .data import Observation
from .formatting import (
    PROVISIONAL_WORD,
    HouseStyle,
    axis_tick,
    cell,
    marked,
    quantity,
    target_cell,
    target_quantity,
)
from .palette import CHART_BAND_ALPHA
from .palette import PALETTE as DOCUMENT_PALETTE
from .periods import Period
from .spc import statistic_measure
from .units import Measure

if TYPE_CHECKING:
    from .cache import Cache
    from .concurrency import Workers

# The document's one palette (palette.py), each line colour at least 4.5:1 on white.
PALETTE: dict[str, str] = {
    "value": DOCUMENT_PALETTE.chart_value,
    "target": DOCUMENT_PALETTE.chart_target,
    "grid": DOCUMENT_PALETTE.chart_grid,
}
COMPARATOR_COLOURS = DOCUMENT_PALETTE.chart_comparators
# Lines differ by style as well as colour, and each is labelled, so none relies on colour.
COMPARATOR_STYLES: tuple[object, ...] = (":", "-.", (0, (1, 1, 4, 1)))
COMPARATOR_STYLE_WORDS = ("Dotted line", "Dash-dot line", "Dot-dot-dash line")
# SVG keeps text as text (half the size of paths) in fonts the PDF embeds; a fixed salt
# makes its element ids, and so the documents, the same on every build.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "reportgen",
    "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
    "text.parse_math": False,  # "$" in a label is a dollar sign, not maths (US$ or $x$ in a comparator's name)
    "hatch.linewidth": 0.8,
}
CHART_NICENESS = 5


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the words that describe it."""

    indicator_id: str
    # the pictures are not part of its repr, which names the briefing in the document cache
    png: bytes = field(repr=False)  # every format's picture; empty while it is still being drawn
    svg: bytes = field(repr=False)  # drawn only when asked for (the web page can use it)
    alt: str
    width_in: float
    height_in: float
    key: str = ""  # hash of the spec: names the picture before it is drawn
    pixels: tuple[int, int] = (0, 0)  # the PNG's width and height

    @property
    def drawn(self) -> bool:
        """Return whether the picture is here (a planned chart has only its key and size)."""
        return bool(self.png or self.svg)


# -- what a trend chart shows ---------------------------------------------------------------------

MIN_FIGURES = 3  # fewer figures than this get no chart: the scorecard row and the paragraph say it all
# A change smaller than the marginal threshold spans at most a quarter of the value axis, so a
# move from 16.8% to 17.0% is never drawn corner to corner; nor is the axis finer than four of the
# figures' own last digit (a count's axis spans at least 4).
MIN_SPAN_MARGINALS = 4
MIN_SPAN_STEPS = 4
MOST_TICKS = 6
# a period with no figure a chart may plot, by its status (published statistics add low and u)
GAP_WORDS = {
    "suppressed": "Suppressed",
    "missing": "No figure",
    "no_data": "No figure",
    "low": "Rounds to zero",
    "unreliable": "Low reliability",
}
GAP_PHRASES = {
    "suppressed": "suppressed",
    "missing": "no figure",
    "no_data": "no figure",
    "low": "published as low, rounding to zero",
    "unreliable": "published as of low reliability",
}


def chart_periods(a: Assessment) -> list[Period]:
    """Return the periods a trend chart spans, oldest first: its kind's number of periods to the one
    assessed, less any before the first figure (a chart does not open on an empty stretch)."""
    count = a.period.spec.chart_points
    periods = [a.period.previous(count - 1 - i) for i in range(count)]
    by_period = {o.period: o for o in a.history}
    first = next((i for i, p in enumerate(periods) if _plotted(by_period.get(p)) is not None), None)
    return [] if first is None else periods[first:]


def _plotted(o: Observation | None) -> float | None:
    """Return the value a chart may plot for an observation (never a suppressed or missing one)."""
    return o.value if o is not None and o.status == "ok" else None


def chart_points(a: Assessment) -> list[tuple[str, float | None, str]]:
    """Return (label, value, status) for every period the chart spans; a period with no figure to
    show (suppressed, missing or absent) has value None and is drawn as a gap."""
    by_period = {o.period: o for o in a.history}
    out: list[tuple[str, float | None, str]] = []
    for p in chart_periods(a):
        o = by_period.get(p)
        out.append((p.short_label(), _plotted(o), o.status if o is not None else "no_data"))
    return out


def provisional_points(a: Assessment) -> list[int]:
    """Return the indexes of the chart's points whose figure is provisional (drawn hollow)."""
    by_period = {o.period: o for o in a.history}
    return [
        i
        for i, p in enumerate(chart_periods(a))
        if (o := by_period.get(p)) is not None and o.provisional and _plotted(o) is not None
    ]


def charted(a: Assessment) -> bool:
    """Return whether the indicator gets a chart: at least MIN_FIGURES figures to draw."""
    return sum(1 for _, v, _ in chart_points(a) if v is not None) >= MIN_FIGURES


def charted_periods(a: Assessment) -> set[Period]:
    """Return the periods whose figures the indicator's chart shows (none when it has no chart)."""
    return set(chart_periods(a)) if charted(a) else set()


def minimum_span(measure: Measure, values: list[float], thresholds: Thresholds) -> float:
    """Return the least span of a value axis: MIN_SPAN_MARGINALS marginal changes, MIN_SPAN_STEPS last digits."""
    if measure.unit.sized_by == "points":
        marginal = thresholds.points[0]
    else:
        marginal = thresholds.relative[0] / 100 * max(abs(v) for v in values)
    return max(MIN_SPAN_MARGINALS * marginal, MIN_SPAN_STEPS * 10.0**-measure.places)


def alt_text(a: Assessment, style: HouseStyle, comparator_names: dict[str, str] | None = None) -> str:
    """Describe the chart: what it shows, the trend, its gaps, the latest value and the target."""
    ind = a.indicator
    points = chart_points(a)
    shown = [(label, v) for label, v, _ in points if v is not None]
    q = lambda v: quantity(v, ind.measure, style)  # noqa: E731
    text = f"Line chart of {ind.title}"
    if not shown:
        return text + ": no values to show."
    text += f" from {points[0][0]} to {points[-1][0]}."
    (first_label, first), (last_label, last) = shown[0], shown[-1]
    latest_label, latest, latest_status = points[-1]
    ends = "" if latest is not None else f" ({first_label})", "" if latest is not None else f" ({last_label})"
    if len(shown) > 1:
        if cell(first, ind.measure) == cell(last, ind.measure):
            text += f" It ends where it started, at {q(last)}{ends[1]}."
        else:
            trend = "rose" if last > first else "fell"
            text += f" It {trend} from {q(first)}{ends[0]} to {q(last)}{ends[1]}."
        high = max(shown, key=lambda p: p[1])
        low = min(shown, key=lambda p: p[1])
        if high[1] != low[1]:
            text += f" Highest {q(high[1])} ({high[0]}), lowest {q(low[1])} ({low[0]})."
    else:
        text += f" The only value is {q(last)}{ends[1]}."
    gaps = [f"{label} ({GAP_PHRASES[status]})" for label, v, status in points[:-1] if v is None]
    if gaps:
        text += f" Gaps in the line: {', '.join(gaps)}."
    early = [points[i][0] for i in provisional_points(a) if i != len(points) - 1]
    if early:
        text += f" Provisional figures, drawn as hollow points: {', '.join(early)}."
    if latest is not None:
        late = f" ({PROVISIONAL_WORD})" if a.provisional else ""
        text += f" Latest value ({latest_label}): {q(latest)}{late}, marked with a ring."
    else:
        text += f" Latest figure ({latest_label}): {GAP_PHRASES[latest_status]}, shown as a marked gap."
    text += _target_words(a, lambda v: target_quantity(v, ind.measure, style))
    names = comparator_names or {}
    for i, b in enumerate(a.benchmarks):
        name = names.get(b.name, b.name.replace("_", " "))
        line = COMPARATOR_STYLE_WORDS[i % len(COMPARATOR_STYLE_WORDS)]
        if _by_year(a, b.name):
            text += f" {line}: {name} each year, {q(b.value)} in {b.year.replace('-', style.year_separator) if b.year else 'the latest year'}."
        else:
            text += f" {line}: {name} of {q(b.value)}."
    return text


def _target_words(a: Assessment, q: Callable[[float], str]) -> str:
    """Describe the target line or range, and where the latest value stands against it.

    ``q`` writes a target in its own precision (90%, 2.5 days).
    """
    if a.target_range is not None:
        low, high = a.target_range
        text = f" Shaded band between dashed lines: target range of {q(low)} to {q(high)}"
        if a.has_value and a.value is not None:
            shown = cell(a.value, a.indicator.measure)
            if a.value < low and shown != cell(low, a.indicator.measure):
                text += "; the latest value is below the range"
            elif a.value > high and shown != cell(high, a.indicator.measure):
                text += "; the latest value is above the range"
            else:
                text += "; the latest value is within it"
        return text + "."
    if a.target is not None:
        text = f" Dashed line: target of {q(a.target)}"
        if a.has_value:
            # the key's meaning, which names the target: "worse than target, outside tolerance"
            meaning = SYMBOLS[a.symbol_key][1].removeprefix("Performance ") if a.symbol_key else ""
            if meaning:
                text += f"; the latest value is {meaning[0].lower()}{meaning[1:]}"
        return text + "."
    return " No target is set." if a.indicator.polarity != "none" else ""


CHART_VERSION = 11  # bump when the drawing changes, so cached charts are redrawn
SIZE_IN = (5.6, 2.3)
DPI = 150


def chart_spec(
    a: Assessment, comparator_names: dict[str, str], thresholds: Thresholds | None = None
) -> dict[str, Any] | None:
    """Return everything that decides the picture, as plain data (hashable, picklable), or None for no chart."""
    if not charted(a):
        return None
    points = chart_points(a)
    ind = a.indicator
    return {
        "version": CHART_VERSION,
        "kind": "trend",
        "id": ind.id,
        "points": points,
        "provisional": provisional_points(a),
        "measure": ind.measure,  # plain data: its repr names it in the key
        "min_span": minimum_span(
            ind.measure, [v for _, v, _ in points if v is not None], thresholds or Thresholds()
        ),
        "target": a.target,
        "range": list(a.target_range) if a.target_range else None,
        "lines": [
            (comparator_names.get(b.name, b.name.replace("_", " ")), b.value, *_by_year(a, b.name))
            for b in a.benchmarks
        ],
        "size": SIZE_IN,
        "dpi": DPI,
        "palette": [PALETTE, COMPARATOR_COLOURS, DOCUMENT_PALETTE.chart_gap, CHART_BAND_ALPHA],
    }


def _by_year(a: Assessment, name: str) -> list[list[float | None]]:
    """Return a comparator's figure for each point's year, when it has one for more than one of them.

    Published statistics give England's (and the region's) figure every year, and a line at the
    latest of them would say that was England's figure all along. None otherwise: a level line.
    """
    spec = a.indicator.comparators.get(name)
    if not isinstance(spec, dict):
        return []
    values = [spec.get(p.year_key()) for p in chart_periods(a)]
    return [values] if sum(v is not None for v in values) > 1 else []


def pixel_size(spec: dict[str, Any]) -> tuple[int, int]:
    """Return the PNG's width and height in pixels, as matplotlib's Agg canvas sizes it."""
    width, height = spec["size"]
    return int(width * spec["dpi"]), int(height * spec["dpi"])


@cache
def _matplotlib_version() -> str:
    from importlib.metadata import version

    return version("matplotlib")  # reads the package metadata: 4 ms, so once per process


def spec_key(spec: dict[str, Any]) -> str:
    """Return a stable hash of a chart spec and the matplotlib that draws it."""
    text = json.dumps([spec, _matplotlib_version()], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def draw(spec: dict[str, Any], formats: tuple[str, ...] = ("png", "svg")) -> dict[str, bytes]:
    """Draw one chart from its spec in each requested format."""
    fig = figure(spec)
    try:
        return {fmt: _png(fig) if fmt == "png" else _svg(fig) for fmt in formats}
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def figure(spec: dict[str, Any]) -> Any:
    """Return the drawn matplotlib figure of a spec (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=spec["size"], dpi=spec["dpi"])
        try:
            DRAWERS[spec["kind"]](fig, ax, spec)
            fig.canvas.draw()  # inside the rc context, so the fonts are the ones it names
        except BaseException:
            plt.close(fig)
            raise
    return fig


def _png(fig: Any) -> bytes:
    """Return the figure as an RGB PNG: no alpha channel, so WeasyPrint re-encodes it once, not twice."""
    from PIL import Image

    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _svg(fig: Any) -> bytes:
    """Return the figure as SVG with its text kept as text."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


# -- the value axis ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Axis:
    """A value axis: its limits, its ticks and the decimal places every tick label is written with."""

    bottom: float
    top: float
    ticks: tuple[float, ...]
    decimals: int


FLOOR_OFFSET_PT = 5  # the time axis's line below the plot when a line or point lies at its foot
PAD = 0.18  # of the span, below the lowest line or point: room for the latest figure below its ring
TOP_PAD = 0.18  # and above the highest, for it above


def value_axis(refs: list[float], measure: Measure, min_span: float) -> Axis:
    """Return the value axis for a chart's points and lines.

    The span is at least ``min_span``, widened about the middle; figures that are all zero or
    more never get a negative axis, and a percentage (a part of a whole) never one beyond 100%,
    unless a figure is (the window moves inside those bounds rather than losing its width).
    Ticks are round numbers no finer than the figures' last digit: whole numbers for counts.
    """
    lo, hi = min(refs), max(refs)
    floor = 0.0 if lo >= 0 else None
    ceiling = float(measure.per) if measure.unit.part_of_whole and measure.per and hi <= measure.per else None
    if hi - lo < min_span:
        middle = (lo + hi) / 2
        lo, hi = middle - min_span / 2, middle + min_span / 2
    if floor is not None and lo < floor:
        lo, hi = floor, hi + (floor - lo)
    if ceiling is not None and hi > ceiling:
        lo, hi = lo - (hi - ceiling), ceiling
        if floor is not None:
            lo = max(lo, floor)
    span = hi - lo
    bottom, top = lo - span * PAD, hi + span * TOP_PAD
    if floor is not None:
        bottom = max(bottom, floor)
    if ceiling is not None:
        top = min(top, ceiling)
    ticks, decimals = nice_ticks(bottom, top, measure)
    return Axis(bottom, top, ticks, decimals)


def nice_ticks(
    bottom: float, top: float, measure: Measure, most: int = MOST_TICKS
) -> tuple[tuple[float, ...], int]:
    """Return round ticks between ``bottom`` and ``top``, and the places to write them with.

    A step is 1, 2 or 5 times a power of ten, and a whole number of the figures' last digit
    (10 ** -places), so a count is never ticked 6.4, 6.6 and £1.3m is never ticked £1.25m. The
    finest such step that gives at most ``most`` ticks is taken, or the one before it when that
    would leave fewer than three and the finer gives no more than ``most`` + 1.
    """
    finest = Decimal(1).scaleb(-measure.places)
    low, high = Decimal(repr(float(bottom))), Decimal(repr(float(top)))
    steps = [
        Decimal(m).scaleb(power)
        for power in range(-measure.places, 20)
        for m in ("1", "2", "5")
        if Decimal(m).scaleb(power) % finest == 0
    ]
    counts = [math.floor(high / step) - math.ceil(low / step) + 1 for step in steps]
    chosen = next(i for i, n in enumerate(counts) if n <= most)
    if counts[chosen] < 3 and chosen > 0 and counts[chosen - 1] <= most + 1:
        chosen -= 1
    step = steps[chosen]
    first = math.ceil(low / step)
    shown = step.scaleb(-measure.scale.exponent).normalize()
    decimals = max(0, -int(shown.as_tuple().exponent))
    return tuple(float(step * (first + i)) for i in range(counts[chosen])), decimals


# -- drawing ----------------------------------------------------------------------------------

FONT_PT = 7.5
VALUE_FONT_PT = 8.0
RIGHT = 0.75  # the plot's right edge, in figure widths: the line labels sit beyond it
BOTTOM, TOP = 0.13, 0.95
MIN_LEFT = 0.085
LABEL_GAP_PT = 2.0


def _hollow(ax: Any, x: int, y: float, size: float, edge: float, zorder: float, **style: Any) -> None:
    """Draw a hollow point: the ring round the latest figure, or a provisional one."""
    ax.plot(
        [x],
        [y],
        marker="o",
        markersize=size,
        color=PALETTE["value"],
        markerfacecolor="white",
        markeredgecolor=PALETTE["value"],
        markeredgewidth=edge,
        zorder=zorder,
        clip_on=False,
        **style,
    )


def _draw_trend(fig: Any, ax: Any, spec: dict[str, Any]) -> None:
    """Draw a trend chart: the figures over time to scale, the target, the comparators and the latest value."""
    from matplotlib.font_manager import FontProperties

    measure = spec["measure"]
    points = spec["points"]
    n = len(points)
    ys = [float("nan") if v is None else v for _, v, _ in points]
    values = [v for _, v, _ in points if v is not None]
    refs = list(values)
    lines: list[tuple[float, str, str, object]] = []  # value, label, colour, dash
    if spec["target"] is not None:
        lines.append(
            (spec["target"], f"Target {target_cell(spec['target'], measure)}", PALETTE["target"], TARGET_DASH)
        )
    if spec["range"] is not None:
        low, high = spec["range"]
        text = f"Target range {target_cell(low, measure)}–{target_cell(high, measure)}"
        lines += [(low, "", PALETTE["target"], TARGET_DASH), (high, text, PALETTE["target"], TARGET_DASH)]
        ax.axhspan(low, high, color=DOCUMENT_PALETTE.chart_band, alpha=CHART_BAND_ALPHA, linewidth=0)
    yearly: dict[int, list[float | None]] = {}  # a comparator with a figure each year: its line
    for i, (name, value, *by_year) in enumerate(spec["lines"]):
        colour = COMPARATOR_COLOURS[i % len(COMPARATOR_COLOURS)]
        if by_year:
            yearly[len(lines)] = by_year[0]
        lines.append(
            (
                value,
                f"{_short(name)} {cell(value, measure)}",
                colour,
                COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)],
            )
        )
    refs += [value for value, *_ in lines]
    refs += [v for line in yearly.values() for v in line if v is not None]
    axis = value_axis(refs, measure, spec["min_span"])

    renderer = fig.canvas.get_renderer()
    font = FontProperties(family=RC["font.family"], size=FONT_PT)
    bold = FontProperties(family=RC["font.family"], size=VALUE_FONT_PT, weight="bold")
    px = fig.dpi / 72  # pixels a point

    def size_pt(text: str, prop: Any = font) -> tuple[float, float]:
        w, h, _d = renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w / px, h / px

    width_pt = spec["size"][0] * 72
    tick_labels = [axis_tick(t, measure, axis.decimals) for t in axis.ticks]
    widest = max((size_pt(t)[0] for t in tick_labels), default=0.0)
    # an indicator's unit_label names the axis ("cases per worker"): its height takes room on the left
    label_room = size_pt(measure.label)[1] + 4 if measure.label else 0.0
    left = max(MIN_LEFT, (widest + 3.5 + 3.5 + 4 + label_room) / width_pt)  # tick, pad and a little room
    fig.subplots_adjust(left=left, right=RIGHT, bottom=BOTTOM, top=TOP)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(axis.bottom, axis.top)
    ax.set_yticks(axis.ticks, tick_labels, fontsize=FONT_PT)
    if measure.label:
        ax.set_ylabel(measure.label, fontsize=FONT_PT)
    # at most seven labels on the time axis, counted back from the latest period
    step = max(1, -(-n // 7))
    shown = [i for i in range(n) if (n - 1 - i) % step == 0]
    ax.set_xticks(shown, [points[i][0] for i in shown], fontsize=FONT_PT)
    ax.grid(axis="y", color=PALETTE["grid"], linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    on_floor = _clear_of_the_axis_line(ax, axis, [value for value, *_ in lines] + ys)

    for j, (value, _text, colour, dash) in enumerate(lines):
        if j in yearly:  # drawn year by year, labelled at the latest: not a level line
            line = [float("nan") if v is None else v for v in yearly[j]]
            ax.plot(range(n), line, color=colour, linestyle=dash, linewidth=1.5, marker="o", markersize=2.5)
        else:
            ax.axhline(
                value,
                color=colour,
                linestyle=dash,
                linewidth=1.5 if dash in COMPARATOR_STYLES else 1.3,
                clip_on=not on_floor,
            )
    # markers may sit on the axis (a count of 0, a rate of 100%): drawn whole, not cut by the frame
    ax.plot(
        range(n), ys, color=PALETTE["value"], linewidth=2, marker="o", markersize=4, zorder=3, clip_on=False
    )
    last = n - 1
    # a provisional figure is a hollow point (the latest is a ring already, and its label says p)
    for i in spec["provisional"]:
        if i != last:
            _hollow(ax, i, ys[i], size=5, edge=1.5, zorder=3.5, linestyle="none", gid="provisional")
    if points[-1][1] is not None:
        _hollow(ax, last, ys[last], size=9, edge=2, zorder=4)
        label = marked(cell(ys[last], measure), last in spec["provisional"])
        w, h = size_pt(label, bold)
        dx, dy, ha, va = _value_label_place(ax, ys, [v for v, *_ in lines], w * px, h * px, px)
        ax.annotate(
            label,
            (last, ys[last]),
            textcoords="offset points",
            xytext=(dx, dy),
            ha=ha,
            va=va,
            fontsize=VALUE_FONT_PT,
            color=PALETTE["value"],
            fontweight="bold",
            # on a white patch above the lines, so a target or comparator line close to the
            # latest value cannot run through its figure
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            zorder=5,
        )
    else:
        # the latest figure is not shown: its place is marked, never the figure before it ringed
        ax.axvspan(
            last - 0.4,
            last + 0.4,
            facecolor="white",
            edgecolor=DOCUMENT_PALETTE.chart_gap,
            hatch="////",
            linewidth=0,
            zorder=2,
        )
        ax.text(
            last,
            (axis.bottom + axis.top) / 2,
            GAP_WORDS[points[-1][2]],
            rotation=90,
            ha="center",
            va="center",
            fontsize=FONT_PT,
            color=DOCUMENT_PALETTE.chart_gap,
            zorder=5,
            bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )

    room = (1 - RIGHT) * width_pt - 4  # the margin beyond the plot, less a little at the edge
    labels = [(value, _wrap(text, room, size_pt), colour) for value, text, colour, _dash in lines if text]
    line_pt = FONT_PT * 1.25
    to_pt = lambda y: ax.transData.transform((0, y))[1] / px  # noqa: E731
    placed = _spread(
        [(to_pt(value), text.count("\n") + 1, text, colour) for value, text, colour in labels],
        line_pt,
        to_pt(axis.bottom),
        to_pt(axis.top),
    )
    for y_pt, text, colour in placed:
        y = ax.transData.inverted().transform((0, y_pt * px))[1]
        ax.text(
            1.0,
            y,
            text,
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=FONT_PT,
            color=colour,
            linespacing=1.1,
        )


TARGET_DASH: object = (0, (5, 3))
DRAWERS: dict[str, Callable[[Any, Any, dict[str, Any]], None]] = {"trend": _draw_trend}  # "spc" added below


def _clear_of_the_axis_line(ax: Any, axis: Axis, levels: list[float]) -> bool:
    """Set the time axis's line a little below the plot when a level lies at the foot; say if one did.

    A target of 0, a figure of 0 or a lower limit of 0 on an axis that starts at 0 would lie on
    the axis line and vanish into it; lines drawn there must then be drawn unclipped.
    """
    tolerance = (axis.top - axis.bottom) * 1e-6
    on_floor = any(math.isclose(y, axis.bottom, abs_tol=tolerance) for y in levels if not math.isnan(y))
    if on_floor:
        ax.spines["bottom"].set_position(("outward", FLOOR_OFFSET_PT))
    return on_floor


def _value_label_place(
    ax: Any, ys: list[float], lines: list[float], w: float, h: float, px: float
) -> tuple[float, float, str, str]:
    """Choose where the latest value's figure goes (w and h are its size in pixels).

    Above the ring, below it or to its left, whichever stays inside the plot and clear of the
    figures' line; of those, one clear of the target and comparator lines too, if there is one.
    """
    last = len(ys) - 1
    cx, cy = ax.transData.transform((last, ys[last]))
    ring = 6.5 * px  # the ring's radius and edge, and a little air
    box = ax.bbox
    segments = [
        (ax.transData.transform((i, ys[i])), ax.transData.transform((i + 1, ys[i + 1])))
        for i in range(last)
        if ys[i] == ys[i] and ys[i + 1] == ys[i + 1]
    ]
    dots = [ax.transData.transform((i, y)) for i, y in enumerate(ys[:-1]) if y == y]
    levels = [ax.transData.transform((0, y))[1] for y in lines]
    # centred on the ring, unless that would run past the plot's right edge into the line labels
    x1 = min(cx + w / 2, box.x1)
    candidates = [  # (offset in points, alignment, the label's box in pixels)
        ((x1 - w / 2 - cx) / px, 6.5, "center", "bottom", (x1 - w, cy + ring, x1, cy + ring + h)),
        ((x1 - w / 2 - cx) / px, -6.5, "center", "top", (x1 - w, cy - ring - h, x1, cy - ring)),
        (-6.5, 0.0, "right", "center", (cx - ring - w, cy - h / 2, cx - ring, cy + h / 2)),
    ]

    def faults(rect: tuple[float, float, float, float]) -> int:
        x0, y0, x1, y1 = rect
        inside = x0 >= box.x0 and x1 <= box.x1 + 0.5 and y0 >= box.y0 and y1 <= box.y1
        air = (x0 - 2 * px, y0 - 2 * px, x1 + 2 * px, y1 + 2 * px)  # the white patch and a little more
        on_line = sum(_crosses(a, b, air) for a, b in segments) + sum(
            air[0] <= x <= air[2] and air[1] <= y <= air[3] for x, y in dots
        )
        on_reference = sum(air[1] <= y <= air[3] for y in levels)
        return 100 * (not inside) + 10 * on_line + on_reference

    best = min(candidates, key=lambda c: faults(c[4]))  # the first of the least faulty
    return best[0], best[1], best[2], best[3]


def _crosses(a: Any, b: Any, rect: tuple[float, float, float, float]) -> bool:
    """Return whether the segment from a to b passes through the rectangle (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = rect
    for k in range(51):
        t = k / 50
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        if x0 <= x <= x1 and y0 <= y <= y1:
            return True
    return False


def _wrap(text: str, room: float, size_pt: Callable[[str], tuple[float, float]]) -> str:
    """Break a line label into lines no wider than ``room`` points, at spaces."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and size_pt(f"{lines[-1]} {word}")[0] <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def render_chart(
    a: Assessment, style: HouseStyle, comparator_names: dict[str, str], thresholds: Thresholds | None = None
) -> Chart | None:
    """Draw the trend chart for one assessment (PNG and SVG), or None when it gets no chart."""
    return render_charts([a], style, comparator_names, thresholds=thresholds).get(a.indicator.id)


def _spread(
    labels: list[tuple[float, int, str, str]], line: float, bottom: float, top: float
) -> list[tuple[float, str, str]]:
    """Move line labels apart so none overlaps another, keeping them between ``bottom`` and ``top``.

    Each label is (its line's height, its number of lines, text, colour), in points; labels are
    pushed up from their lines where they crowd, then down from the top where that is too high.
    """
    items = sorted(labels)
    ys = [y for y, *_ in items]
    half = [lines * line / 2 for _, lines, _, _ in items]
    for i in range(len(ys)):
        low = bottom + half[i] if i == 0 else ys[i - 1] + half[i - 1] + half[i] + LABEL_GAP_PT
        ys[i] = max(ys[i], low)
    for i in reversed(range(len(ys))):
        high = top - half[i] if i == len(ys) - 1 else ys[i + 1] - half[i + 1] - half[i] - LABEL_GAP_PT
        ys[i] = min(ys[i], high)
    return [(y, text, colour) for y, (_, _, text, colour) in zip(ys, items, strict=True)]


def _short(name: str) -> str:
    """Shorten a comparator's label for the chart margin."""
    import re

    short = re.sub(r"statistical neighbours?( average)?", "Stat. neighbours", name, flags=re.I)
    short = short.replace(" average", "")
    return short[:1].upper() + short[1:]


def plan_charts(
    assessments: list[Assessment],
    style: HouseStyle,
    comparator_names: dict[str, str],
    formats: tuple[str, ...] = ("png", "svg"),
    cache: Cache | None = None,
    thresholds: Thresholds | None = None,
    two_sigma: bool = False,
) -> tuple[dict[str, Chart], dict[str, dict[str, Any]]]:
    """Return every indicator's chart, keyed by indicator id, and the specs still to draw.

    A chart whose spec was drawn before comes back whole from ``cache`` (named by the spec's
    hash); the rest come back planned: key, size and alt text, but no picture yet, so the
    PDF can be laid out while they are drawn (see ``draw_charts``).
    """
    charts: dict[str, Chart] = {}
    todo: dict[str, dict[str, Any]] = {}
    for a in assessments:
        # where SPC judged the indicator, its XmR chart is the indicator's chart: the same line
        # with the process's mean and limits (one picture per indicator keeps the build's time)
        spc = spc_chart_spec(a, two_sigma, thresholds) if a.spc is not None else None
        spec = spc or chart_spec(a, comparator_names, thresholds)
        if spec is None:
            continue
        cid = a.indicator.id
        key = spec_key(spec)
        found = _from_cache(cache, key, formats)
        if found is None:
            todo[cid] = spec
        chart = Chart(
            cid,
            (found or {}).get("png", b""),
            (found or {}).get("svg", b""),
            spc_alt_text(a, style) if spc else alt_text(a, style, comparator_names),
            width_in=spec["size"][0],
            height_in=spec["size"][1],
            key=key,
            pixels=pixel_size(spec),
        )
        charts[cid] = chart
    return charts, todo


def draw_charts(
    charts: dict[str, Chart],
    todo: dict[str, dict[str, Any]],
    formats: tuple[str, ...] = ("png", "svg"),
    cache: Cache | None = None,
    workers: Workers | None = None,
) -> dict[str, Chart]:
    """Draw the planned charts in ``todo`` (on the build's workers, when it has them) and return every chart."""
    return start_drawing(charts, todo, formats, cache, workers)()


def start_drawing(
    charts: dict[str, Chart],
    todo: dict[str, dict[str, Any]],
    formats: tuple[str, ...] = ("png", "svg"),
    cache: Cache | None = None,
    workers: Workers | None = None,
) -> Callable[[], dict[str, Chart]]:
    """Set the charts in ``todo`` drawing on the workers; return a function that waits for every chart.

    Without workers (or with a handful of charts) they are drawn when the function is called.
    """
    jobs = list(todo.values())
    if workers is not None and workers.count > 1 and len(jobs) >= 4:
        chunk = max(1, len(jobs) // (workers.count * 4))
        collect = workers.start_map(partial(draw_in_worker, formats=formats), jobs, chunksize=chunk)
    else:
        collect = lambda: [draw(spec, formats) for spec in jobs]  # noqa: E731

    def finish() -> dict[str, Chart]:
        done = dict(charts)
        for cid, result in zip(todo, collect(), strict=True):
            planned = charts[cid]
            _to_cache(cache, planned.key, result)
            done[cid] = replace(planned, png=result.get("png", b""), svg=result.get("svg", b""))
        return done

    return finish


_NICE: list[bool] = []


def warm_up() -> None:
    """Prepare a worker to draw: import matplotlib and step back in priority.

    The PDF process lays the document out meanwhile and is the longer job, so the chart
    workers run a little lower: measured on the example, 2.8 -> 2.55 s for a first build on
    two cores.
    """
    if not _NICE:
        _NICE.append(True)
        try:
            os.nice(CHART_NICENESS)
        except OSError:
            pass
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401


def draw_in_worker(spec: dict[str, Any], formats: tuple[str, ...]) -> dict[str, bytes]:
    """Draw one chart in a worker process."""
    warm_up()
    return draw(spec, formats)


def render_charts(
    assessments: list[Assessment],
    style: HouseStyle,
    comparator_names: dict[str, str],
    formats: tuple[str, ...] = ("png", "svg"),
    cache: Cache | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, Chart]:
    """Draw every indicator's chart, keyed by indicator id (cached ones read, not drawn).

    Only the formats asked for are made: PNG for every document, SVG when the web page wants it.
    """
    charts, todo = plan_charts(assessments, style, comparator_names, formats, cache, thresholds)
    return draw_charts(charts, todo, formats, cache)


CACHE_SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<"}


def _from_cache(cache: Cache | None, key: str, formats: tuple[str, ...]) -> dict[str, bytes] | None:
    """Return the cached pictures of a spec, or None to draw them (a file that is missing, or
    does not start as its format does, is drawn again rather than trusted)."""
    if cache is None or not cache.enabled:
        return None
    found = {fmt: cache.read("charts", f"{key}.{fmt}", CACHE_SIGNATURES.get(fmt, b"")) for fmt in formats}
    if any(data is None for data in found.values()):
        return None
    return {fmt: data for fmt, data in found.items() if data is not None}


def _to_cache(cache: Cache | None, key: str, images: dict[str, bytes]) -> None:
    """Store drawn charts; a cache that cannot be written only costs speed next time."""
    if cache is None:
        return
    for fmt, data in images.items():
        cache.write("charts", f"{key}.{fmt}", data)


# -- the SPC chart (an XmR chart): drawn instead of the trend chart where SPC judged the indicator ------

SPC_CHART_VERSION = 4  # bump when the SPC drawing changes
SPC_SIZE_IN = (5.6, 2.6)
# Special cause points differ by shape as well as colour: the legend and alt text name each.
SPC_MARKERS = {"improvement": ("o", 6.5), "concern": ("D", 5.5), "neither": ("s", 5.5)}
SPC_WORDS = {
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neither": "Special cause, neither",
}
SPC_SHAPE_WORDS = {"improvement": "circles", "concern": "diamonds", "neither": "squares"}


def _spc_colours() -> dict[str, str]:
    p = DOCUMENT_PALETTE
    return {
        "line": p.spc_common,
        "mean": p.spc_mean,
        "limit": p.spc_limit,
        "target": p.chart_target,
        "improvement": p.spc_improvement,
        "concern": p.spc_concern,
        "neither": p.spc_neither,
    }


def spc_chart_spec(
    a: Assessment, two_sigma: bool, thresholds: Thresholds | None = None
) -> dict[str, Any] | None:
    """Return everything that decides the SPC chart's picture, or None when SPC did not judge it."""
    spc = a.spc
    if spc is None:
        return None
    first = spc.points[0].period
    step = first.spec.months
    points = [
        (p.period.short_label(), (p.period.end_index - first.end_index) // step, p.value, p.special_cause)
        for p in spc.points
    ]
    segments: list[list[Any]] = []
    for i, p in enumerate(spc.points):
        if p.limits is None:
            continue
        x = points[i][1]
        lim = p.limits
        if segments and segments[-1][0] == p.segment:
            segments[-1][2] = x
        else:
            segments.append(
                [p.segment, x, x, lim.mean, lim.lower, lim.upper, lim.lower_two_sigma, lim.upper_two_sigma]
            )
    return {
        "version": SPC_CHART_VERSION,
        "kind": "spc",
        "id": a.indicator.id,
        "points": points,
        "segments": [tuple(s[1:]) for s in segments],
        "measure": a.indicator.measure,
        "statistic": statistic_measure(a.indicator.measure),
        # the value axis keeps the trend chart's rules: a change below the marginal threshold
        # spans at most a quarter of it
        "min_span": minimum_span(
            statistic_measure(a.indicator.measure), [p[2] for p in points], thresholds or Thresholds()
        ),
        "target": a.target,
        "two_sigma": two_sigma,
        "size": SPC_SIZE_IN,
        "dpi": DPI,
        "palette": _spc_colours(),
    }


def spc_alt_text(a: Assessment, style: HouseStyle) -> str:
    """Describe the SPC chart: the span, the latest limits, the target and every special cause point."""
    spc = a.spc
    assert spc is not None
    ind = a.indicator
    q = lambda v: quantity(v, ind.measure, style)  # noqa: E731
    qs = lambda v: quantity(v, statistic_measure(ind.measure), style)  # noqa: E731
    pts = spc.points
    lim = spc.limits
    text = (
        f"Statistical process control chart of {ind.title} from {pts[0].period.short_label()} to "
        f"{pts[-1].period.short_label()}, {len(pts)} figures. Solid line: the average, {qs(lim.mean)}; "
        f"dashed lines: the lower limit, {qs(lim.lower)}, and the upper limit, {qs(lim.upper)}"
    )
    segments = list(dict.fromkeys(p.segment for p in pts))
    if len(segments) > 1:
        start = next(p for p in pts if p.segment == pts[-1].segment)
        text += f", worked out from {start.period.short_label()}, where a new segment starts"
    text += "."
    if a.target is not None:
        text += f" Long-dashed line: target of {target_quantity(a.target, ind.measure, style)}."
    for cause in ("improvement", "concern", "neither"):
        flagged = [p for p in pts if p.special_cause == cause]
        if flagged:
            labels = ", ".join(p.period.short_label() for p in flagged)
            text += f" {SPC_WORDS[cause]} ({SPC_SHAPE_WORDS[cause]}): {labels}."
    if not any(p.special_cause for p in pts):
        text += " Every point is within normal variation."
    text += f" Latest value ({pts[-1].period.short_label()}): {q(pts[-1].value)}, marked with a ring."
    return text


def _draw_spc(fig: Any, ax: Any, spec: dict[str, Any]) -> None:
    """Draw the SPC chart described by ``spec`` on ``ax``."""
    from matplotlib.lines import Line2D

    colours = spec["palette"]
    measure = spec["measure"]
    statistic = spec["statistic"]
    points = spec["points"]
    span = points[-1][1] + 1
    ys = [float("nan")] * span
    for _label, x, value, _cause in points:
        ys[x] = value
    ax.plot(range(span), ys, color=colours["line"], linewidth=1.4, zorder=3)
    ax.plot(
        [p[1] for p in points],
        [p[2] for p in points],
        linestyle="none",
        marker="o",
        markersize=3,
        color=colours["line"],
        zorder=3,
    )
    present = []
    for cause, (marker, size) in SPC_MARKERS.items():
        flagged = [p for p in points if p[3] == cause]
        if not flagged:
            continue
        present.append(cause)
        ax.plot(
            [p[1] for p in flagged],
            [p[2] for p in flagged],
            linestyle="none",
            marker=marker,
            markersize=size,
            color=colours[cause],
            markeredgecolor="white",
            markeredgewidth=0.6,
            zorder=4,
        )
    last_x, last_y = points[-1][1], points[-1][2]
    ax.plot(
        [last_x],
        [last_y],
        marker="o",
        markersize=10,
        markerfacecolor="none",
        markeredgecolor=colours["mean"],
        markeredgewidth=1.5,
        zorder=5,
    )
    values = [p[2] for p in points]
    # the limits are drawn within what the figures can be (no negative count, no rate past 100%),
    # so a wide process does not widen the axis past the rules every chart keeps
    floor = 0.0 if min(values) >= 0 else float("-inf")
    per = float(statistic.per) if statistic.unit.part_of_whole and statistic.per else None
    ceiling = per if per is not None and max(values) <= per else float("inf")
    bounded = lambda y: min(max(y, floor), ceiling)  # noqa: E731
    refs = list(values)
    for x0, x1, mean, lower, upper, lower2, upper2 in spec["segments"]:
        xs = [x0 - 0.4, x1 + 0.4]
        ax.plot(xs, [mean, mean], color=colours["mean"], linewidth=1.1, zorder=2)
        for bound in (bounded(lower), bounded(upper)):
            ax.plot(
                xs, [bound, bound], color=colours["limit"], linewidth=1.1, linestyle=(0, (2, 2)), zorder=2
            )
        if spec["two_sigma"]:
            for bound in (bounded(lower2), bounded(upper2)):
                ax.plot(xs, [bound, bound], color=colours["limit"], linewidth=0.7, linestyle=":", zorder=2)
        refs += [bounded(lower), bounded(upper)]
    right = span - 0.5
    _x0, _x1, mean, lower, upper, _l2, _u2 = spec["segments"][-1]
    labels: list[tuple[float, str, str]] = [
        (bounded(upper), f" Upper limit {cell(bounded(upper), statistic)}", colours["limit"]),
        (mean, f" Average {cell(mean, statistic)}", colours["mean"]),
        (bounded(lower), f" Lower limit {cell(bounded(lower), statistic)}", colours["limit"]),
    ]
    if spec["target"] is not None:
        target = spec["target"]
        ax.axhline(target, color=colours["target"], linestyle=(0, (6, 3)), linewidth=1.3, zorder=2)
        labels.append((target, f" Target {target_cell(target, measure)}", colours["target"]))
        refs.append(target)
    axis = value_axis(refs, statistic, spec["min_span"])
    step = max(1, -(-span // 7))
    ticks = [x for x in range(span) if (span - 1 - x) % step == 0]
    names = {p[1]: p[0] for p in points}
    ax.set_xticks(ticks, [names.get(x, "") for x in ticks], fontsize=7.5)
    ax.set_xlim(-0.5, right)
    ax.set_ylim(axis.bottom, axis.top)
    ax.set_yticks(axis.ticks, [axis_tick(t, statistic, axis.decimals) for t in axis.ticks], fontsize=7.5)
    if _clear_of_the_axis_line(ax, axis, refs):
        for drawn in ax.get_lines():
            drawn.set_clip_on(False)  # every line lies within the axis: refs hold them all
    fig.subplots_adjust(left=0.085, right=0.75, bottom=0.2 if present else 0.12, top=0.95)
    px = fig.dpi / 72  # pixels a point
    to_pt = lambda y: ax.transData.transform((0, y))[1] / px  # noqa: E731
    placed = _spread(
        [(to_pt(y), 1, text, colour) for y, text, colour in labels],
        7.5 * 1.25,
        to_pt(axis.bottom),
        to_pt(axis.top),
    )
    for y_pt, text, colour in placed:
        y = ax.transData.inverted().transform((0, y_pt * px))[1]
        ax.text(right, y, text, va="center", ha="left", fontsize=7.5, color=colour)
    ax.grid(axis="y", color=DOCUMENT_PALETTE.chart_grid, linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if present:
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=SPC_MARKERS[c][0],
                markersize=SPC_MARKERS[c][1],
                color=colours[c],
                label=SPC_WORDS[c],
            )
            for c in present
        ]
        fig.legend(
            handles=handles,
            loc="lower left",
            ncol=len(handles),
            fontsize=7,
            frameon=False,
            bbox_to_anchor=(0.07, 0.0),
        )


DRAWERS["spc"] = _draw_spc
