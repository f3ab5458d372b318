"""Charts: one trend chart per indicator, with its alt text written from the data."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from .assess import Assessment
from .formatting import HouseStyle, cell, quantity

# One accessible palette for the whole document (each at least 4.5:1 on white).
PALETTE: dict[str, str] = {"value": "#1d4f91", "target": "#3d3d3d", "grid": "#d9d9d9"}
COMPARATOR_COLOURS = ("#a34400", "#6b3fa0", "#00703c")
# Lines differ by style as well as colour, and each is labelled, so none relies on colour.
COMPARATOR_STYLES: tuple[object, ...] = (":", "-.", (0, (1, 1, 4, 1)))
COMPARATOR_STYLE_WORDS = ("Dotted line", "Dash-dot line", "Dot-dot-dash line")
# SVG keeps text as text (half the size of paths) in fonts the PDF embeds; a fixed salt
# makes its element ids, and so the documents, the same on every build.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "reportgen",
    "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
}
POINTS = {"month": 13, "quarter": 9, "year": 6}


@dataclass(frozen=True)
class Chart:
    """A rendered chart and the words that describe it."""

    indicator_id: str
    png: bytes  # for the DOCX
    svg: bytes  # for the HTML and PDF: a third of the PDF's size, sharp at any zoom
    alt: str
    width_in: float
    height_in: float


def chart_points(a: Assessment) -> list[tuple[str, float | None]]:
    """Return the (label, value) pairs a chart plots, suppressed values left as gaps."""
    recent = a.history[-POINTS[a.period.kind] :]
    return [(o.period.short_label(), o.value if o.status == "ok" else None) for o in recent]


def alt_text(a: Assessment, style: HouseStyle, comparator_names: dict[str, str] | None = None) -> str:
    """Describe the chart: what it shows, the trend, the latest value and the target."""
    ind = a.indicator
    points = [(label, v) for label, v in chart_points(a) if v is not None]
    q = lambda v: quantity(v, ind.unit, ind.places, style, ind.rate_per)  # noqa: E731
    text = f"Line chart of {ind.title}"
    if not points:
        return text + ": no values to show."
    first_label, first = points[0]
    last_label, last = points[-1]
    text += f" from {first_label} to {last_label}."
    if len(points) > 1:
        if cell(first, ind.unit, ind.places) == cell(last, ind.unit, ind.places):
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
        text += f" {COMPARATOR_STYLE_WORDS[i % len(COMPARATOR_STYLE_WORDS)]}: {name} of {q(b.value)}."
    return text


def render_chart(a: Assessment, style: HouseStyle, comparator_names: dict[str, str]) -> Chart | None:
    """Draw the trend chart for one assessment, or None when there is nothing to plot."""
    points = chart_points(a)
    if not any(v is not None for _, v in points):
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ind = a.indicator
    width, height = 5.6, 2.3
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(width, height), dpi=150)
        png, svg = _draw(fig, ax, a, points, comparator_names)
    return Chart(ind.id, png, svg, alt_text(a, style, comparator_names), width, height)


def _draw(
    fig: Any, ax: Any, a: Assessment, points: list[tuple[str, float | None]], comparator_names: dict[str, str]
) -> tuple[bytes, bytes]:
    """Draw the chart on ``ax`` and return it as PNG and SVG."""
    import matplotlib.pyplot as plt

    ind = a.indicator
    try:
        xs = list(range(len(points)))
        ys = [float("nan") if v is None else v for _, v in points]
        ax.plot(
            xs, ys, color=PALETTE["value"], linewidth=2, marker="o", markersize=4, label="Actual", zorder=3
        )
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
            cell(ys[last], ind.unit, ind.places),
            (last, ys[last]),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            fontsize=8,
            color=PALETTE["value"],
            fontweight="bold",
        )
        right = len(points) - 0.5
        labels: list[tuple[float, str, str]] = []
        if a.target is not None:
            ax.axhline(a.target, color=PALETTE["target"], linestyle=(0, (5, 3)), linewidth=1.3)
            labels.append((a.target, f" Target {cell(a.target, ind.unit, ind.places)}", PALETTE["target"]))
        for i, b in enumerate(a.benchmarks):
            colour = COMPARATOR_COLOURS[i % len(COMPARATOR_COLOURS)]
            dash = COMPARATOR_STYLES[i % len(COMPARATOR_STYLES)]
            ax.axhline(b.value, color=colour, linestyle=dash, linewidth=1.5)
            name = comparator_names.get(b.name, b.name.replace("_", " "))
            labels.append((b.value, f" {_short(name)} {cell(b.value, ind.unit, ind.places)}", colour))
        ax.set_xticks(xs, [label for label, _ in points], fontsize=7.5)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.set_xlim(-0.5, right)
        values = [v for v in ys if v == v]
        refs = values + ([a.target] if a.target is not None else []) + [b.value for b in a.benchmarks]
        lo, hi = min(refs), max(refs)
        pad = (hi - lo) * 0.15 or (abs(hi) * 0.1 or 1)
        bottom = 0 if lo >= 0 and lo - pad < 0 else lo - pad
        ax.set_ylim(bottom, hi + pad * 1.5)
        for y, text, colour in _spread(labels, (hi + pad * 1.5 - bottom) * 0.09):
            ax.text(right, y, text, va="center", ha="left", fontsize=7.5, color=colour)
        if ind.unit == "percent":
            ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}%")
        ax.grid(axis="y", color=PALETTE["grid"], linewidth=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        fig.subplots_adjust(right=0.75)
        png = io.BytesIO()
        fig.savefig(png, format="png", metadata={"Software": None})
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return png.getvalue(), svg.getvalue()


def _spread(labels: list[tuple[float, str, str]], gap: float) -> list[tuple[float, str, str]]:
    """Move line labels apart vertically so close lines keep readable labels."""
    placed: list[tuple[float, str, str]] = []
    for y, text, colour in sorted(labels):
        if placed and y - placed[-1][0] < gap:
            y = placed[-1][0] + gap
        placed.append((y, text, colour))
    return placed


def _short(name: str) -> str:
    return (
        name.replace(" average", "").replace("statistical neighbour", "Stat. neighbours").capitalize()
        if len(name) > 14
        else name.capitalize()
    )


def render_charts(
    assessments: list[Assessment], style: HouseStyle, comparator_names: dict[str, str]
) -> dict[str, Chart]:
    """Draw every indicator's chart, keyed by indicator id."""
    charts = {}
    for a in assessments:
        chart = render_chart(a, style, comparator_names)
        if chart is not None:
            charts[a.indicator.id] = chart
    return charts
