"""Charts: one trend chart per indicator, with its alt text written from the data."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from .assess import Assessment
from .formatting import HouseStyle, axis_tick, cell, quantity
from .palette import PALETTE as DOCUMENT_PALETTE
from .spc import statistic_measure

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


def chart_points(a: Assessment) -> list[tuple[str, float | None]]:
    """Return the (label, value) pairs a chart plots, suppressed values left as gaps."""
    recent = a.history[-a.period.spec.chart_points :]
    return [(o.period.short_label(), o.value if o.status == "ok" else None) for o in recent]


def alt_text(a: Assessment, style: HouseStyle, comparator_names: dict[str, str] | None = None) -> str:
    """Describe the chart: what it shows, the trend, the latest value and the target."""
    ind = a.indicator
    points = [(label, v) for label, v in chart_points(a) if v is not None]
    q = lambda v: quantity(v, ind.measure, style)  # noqa: E731
    text = f"Line chart of {ind.title}"
    if not points:
        return text + ": no values to show."
    first_label, first = points[0]
    last_label, last = points[-1]
    text += f" from {first_label} to {last_label}."
    if len(points) > 1:
        if cell(first, ind.measure) == cell(last, ind.measure):
            text += f" It ends where it started, at {q(last)}."
        else:
            trend = "rose" if last > first else "fell"
            text += f" It {trend} from {q(first)} to {q(last)}."
        high = max(points, key=lambda p: p[1])
        low = min(points, key=lambda p: p[1])
        if high[1] != low[1]:
            text += f" Highest {q(high[1])} ({high[0]}), lowest {q(low[1])} ({low[0]})."
    else:
        text += f" The only value is {q(last)}."
    text += f" Latest value ({last_label}): {q(last)}, marked with a ring."
    if a.target is not None:
        text += f" Dashed line: target of {q(a.target)}"
        if a.has_value:
            word = a.symbol_word.lower()
            text += f"; the latest value is {word}" + ("" if "target" in word else " than target")
        text += "."
    names = comparator_names or {}
    for i, b in enumerate(a.benchmarks):
        name = names.get(b.name, b.name.replace("_", " "))
        line = COMPARATOR_STYLE_WORDS[i % len(COMPARATOR_STYLE_WORDS)]
        if _by_year(a, b.name):
            text += f" {line}: {name} each year, {q(b.value)} in {b.year.replace('-', style.year_separator) if b.year else 'the latest year'}."
        else:
            text += f" {line}: {name} of {q(b.value)}."
    return text


CHART_VERSION = 7  # bump when the drawing changes, so cached charts are redrawn
SIZE_IN = (5.6, 2.3)
DPI = 150


def chart_spec(a: Assessment, comparator_names: dict[str, str]) -> dict[str, Any] | None:
    """Return everything that decides the picture, as plain data (hashable, picklable)."""
    points = chart_points(a)
    if not any(v is not None for _, v in points):
        return None
    ind = a.indicator
    return {
        "version": CHART_VERSION,
        "id": ind.id,
        "points": points,
        "measure": ind.measure,  # plain data: its repr names it in the key
        "target": a.target,
        "range": list(a.target_range) if a.target_range else None,
        "lines": [
            (comparator_names.get(b.name, b.name.replace("_", " ")), b.value, *_by_year(a, b.name))
            for b in a.benchmarks
        ],
        "size": SIZE_IN,
        "dpi": DPI,
        "palette": [PALETTE, COMPARATOR_COLOURS],
    }


def _by_year(a: Assessment, name: str) -> list[list[float | None]]:
    """Return a comparator's figure for each point's year, when it has one for more than one of them.

    Published statistics give England's (and the region's) figure every year, and a line at the
    latest of them would say that was England's figure all along. None otherwise: a level line.
    """
    spec = a.indicator.comparators.get(name)
    if not isinstance(spec, dict):
        return []
    values = [spec.get(o.period.year_key()) for o in a.history[-a.period.spec.chart_points :]]
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
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=spec["size"], dpi=spec["dpi"])
        try:
            (_draw_spc if spec.get("kind") == "spc" else _draw)(fig, ax, spec)
            out = {}
            for fmt in formats:
                out[fmt] = _png(fig) if fmt == "png" else _svg(fig)
        finally:
            plt.close(fig)
    return out


def _png(fig: Any) -> bytes:
    """Return the figure as an RGB PNG: no alpha channel, so WeasyPrint re-encodes it once, not twice."""
    from PIL import Image

    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _svg(fig: Any) -> bytes:
    """Return the figure as SVG with its text kept as text."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _draw(fig: Any, ax: Any, spec: dict[str, Any]) -> None:
    """Draw the chart described by ``spec`` on ``ax``."""
    measure = spec["measure"]
    points = spec["points"]
    xs = list(range(len(points)))
    ys = [float("nan") if v is None else v for _, v in points]
    ax.plot(xs, ys, color=PALETTE["value"], linewidth=2, marker="o", markersize=4, label="Actual", zorder=3)
    last = max(i for i, (_, v) in enumerate(points) if v is not None)
    ax.plot(
        [last],
        [ys[last]],
        marker="o",
        markersize=9,
        markerfacecolor="white",
        markeredgecolor=PALETTE["value"],
        markeredgewidth=2,
        zorder=4,
    )
    ax.annotate(
        cell(ys[last], measure),
        (last, ys[last]),
        textcoords="offset points",
        xytext=(0, 9),
        ha="center",
        fontsize=8,
        color=PALETTE["value"],
        fontweight="bold",
        # on a white patch above the lines, so a target or comparator line close to the latest
        # value cannot run through its figure
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        zorder=5,
    )
    right = len(points) - 0.5
    labels: list[tuple[float, str, str]] = []
    refs = [v for v in ys if v == v]
    if spec["target"] is not None:
        target = spec["target"]
        ax.axhline(target, color=PALETTE["target"], linestyle=(0, (5, 3)), linewidth=1.3)
        labels.append((target, f" Target {cell(target, measure)}", PALETTE["target"]))
        refs.append(target)
    if spec["range"] is not None:
        low, high = spec["range"]
        for bound in (low, high):
            ax.axhline(bound, color=PALETTE["target"], linestyle=(0, (5, 3)), linewidth=1.3)
        ax.axhspan(low, high, color=PALETTE["grid"], alpha=0.35, linewidth=0)
        labels.append((high, f" Target range {cell(low, measure)}–{cell(high, measure)}", PALETTE["target"]))
        refs += [low, high]
    for i, (name, value, *by_year) in enumerate(spec["lines"]):
        colour = COMPARATOR_COLOURS[i % len(COMPARATOR_COLOURS)]
        dash = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
        if by_year:  # a figure each year: drawn year by year, labelled at the latest
            line = [float("nan") if v is None else v for v in by_year[0]]
            ax.plot(xs, line, color=colour, linestyle=dash, linewidth=1.5, marker="o", markersize=2.5)
            refs += [v for v in line if v == v]
        else:
            ax.axhline(value, color=colour, linestyle=dash, linewidth=1.5)
        labels.append((value, f" {_short(name)} {cell(value, measure)}", colour))
        refs.append(value)
    # at most seven labels on the time axis (every other month of 13 reads better, and draws faster)
    step = max(1, -(-len(points) // 7))
    shown = [i for i in xs if (len(points) - 1 - i) % step == 0]
    ax.set_xticks(shown, [points[i][0] for i in shown], fontsize=7.5)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_xlim(-0.5, right)
    lo, hi = min(refs), max(refs)
    pad = (hi - lo) * 0.15 or (abs(hi) * 0.1 or 1)
    bottom = 0 if lo >= 0 and lo - pad < 0 else lo - pad
    ax.set_ylim(bottom, hi + pad * 1.5)
    for y, text, colour in _spread(labels, (hi + pad * 1.5 - bottom) * 0.09):
        ax.text(right, y, text, va="center", ha="left", fontsize=7.5, color=colour)
    if measure.unit.axis is not None:
        ax.yaxis.set_major_formatter(lambda v, _: axis_tick(v, measure))
    ax.grid(axis="y", color=PALETTE["grid"], linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # fixed margins rather than tight_layout, which draws the figure once more to measure it
    fig.subplots_adjust(left=0.085, right=0.75, bottom=0.13, top=0.95)


def render_chart(a: Assessment, style: HouseStyle, comparator_names: dict[str, str]) -> Chart | None:
    """Draw the trend chart for one assessment (PNG and SVG), or None when there is nothing to plot."""
    return render_charts([a], style, comparator_names).get(a.indicator.id)


def _spread(labels: list[tuple[float, str, str]], gap: float) -> list[tuple[float, str, str]]:
    """Move line labels apart vertically so close lines keep readable labels."""
    placed: list[tuple[float, str, str]] = []
    for y, text, colour in sorted(labels):
        if placed and y - placed[-1][0] < gap:
            y = placed[-1][0] + gap
        placed.append((y, text, colour))
    return placed


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
        spc = spc_chart_spec(a, two_sigma) if a.spc is not None else None
        spec = spc or chart_spec(a, comparator_names)
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
) -> dict[str, Chart]:
    """Draw every indicator's chart, keyed by indicator id (cached ones read, not drawn).

    Only the formats asked for are made: PNG for every document, SVG when the web page wants it.
    """
    charts, todo = plan_charts(assessments, style, comparator_names, formats, cache)
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

SPC_CHART_VERSION = 1  # bump when the SPC drawing changes
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


def spc_chart_spec(a: Assessment, two_sigma: bool) -> dict[str, Any] | None:
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
        text += f" Long-dashed line: target of {q(a.target)}."
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
    refs = [p[2] for p in points]
    for x0, x1, mean, lower, upper, lower2, upper2 in spec["segments"]:
        xs = [x0 - 0.4, x1 + 0.4]
        ax.plot(xs, [mean, mean], color=colours["mean"], linewidth=1.1, zorder=2)
        for bound in (lower, upper):
            ax.plot(
                xs, [bound, bound], color=colours["limit"], linewidth=1.1, linestyle=(0, (2, 2)), zorder=2
            )
        if spec["two_sigma"]:
            for bound in (lower2, upper2):
                ax.plot(xs, [bound, bound], color=colours["limit"], linewidth=0.7, linestyle=":", zorder=2)
        refs += [lower, upper]
    right = span - 0.5
    _x0, _x1, mean, lower, upper, _l2, _u2 = spec["segments"][-1]
    labels: list[tuple[float, str, str]] = [
        (upper, f" Upper limit {cell(upper, statistic)}", colours["limit"]),
        (mean, f" Average {cell(mean, statistic)}", colours["mean"]),
        (lower, f" Lower limit {cell(lower, statistic)}", colours["limit"]),
    ]
    if spec["target"] is not None:
        target = spec["target"]
        ax.axhline(target, color=colours["target"], linestyle=(0, (6, 3)), linewidth=1.3, zorder=2)
        labels.append((target, f" Target {cell(target, measure)}", colours["target"]))
        refs.append(target)
    step = max(1, -(-span // 7))
    ticks = [x for x in range(span) if (span - 1 - x) % step == 0]
    names = {p[1]: p[0] for p in points}
    ax.set_xticks(ticks, [names.get(x, "") for x in ticks], fontsize=7.5)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_xlim(-0.5, right)
    lo, hi = min(refs), max(refs)
    pad = (hi - lo) * 0.12 or (abs(hi) * 0.1 or 1)
    ax.set_ylim(lo - pad, hi + pad)
    for y, text, colour in _spread(labels, (hi - lo + 2 * pad) * 0.09):
        ax.text(right, y, text, va="center", ha="left", fontsize=7.5, color=colour)
    if measure.unit.axis is not None:
        ax.yaxis.set_major_formatter(lambda v, _: axis_tick(v, measure))
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
    fig.subplots_adjust(left=0.085, right=0.75, bottom=0.2 if present else 0.12, top=0.95)
