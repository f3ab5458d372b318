"""The one palette: every colour the documents and charts use, each pair readable at WCAG AA.

Renderers only translate these: the HTML and PDF get them as CSS custom properties (the
stylesheet names none itself), the Word file shades its cells with them, and the charts draw
with them. A council's ``branding.primary_colour`` replaces ``primary`` for headings and
table headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

WHITE = "#ffffff"


@dataclass(frozen=True)
class Swatch:
    """A cell colour and the text colour that reads on it."""

    background: str
    text: str


RAG_SWATCHES: dict[str, Swatch] = {
    "green": Swatch("#d5ecd9", "#0b4a1f"),
    "amber": Swatch("#fde9b8", "#4d3800"),
    "red": Swatch("#f6d2d5", "#6b0f1a"),
    "grey": Swatch("#eeeeee", "#2b2b2b"),
}
# Which swatch a RAG rating, risk level or status key is shown in.
SWATCH_OF: dict[str, str] = {
    "green": "green",
    "amber": "amber",
    "red": "red",
    "no_information": "grey",
    "missing_target": "grey",
    "no_value": "grey",
}


@dataclass(frozen=True)
class Palette:
    """Every colour of the documents, by role."""

    primary: str = "#1d4f91"  # headings, links, table headers (white text on it)
    text: str = "#0b0c0c"
    muted: str = "#4b4f52"  # captions, definitions, page furniture
    rule: str = "#b1b4b6"  # table borders
    panel: str = "#f3f2f1"  # behind officer commentary
    placeholder: str = "#595959"  # an empty commentary box's prompt, on the panel
    header_text: str = WHITE
    rag: dict[str, Swatch] = field(default_factory=lambda: dict(RAG_SWATCHES))
    # Charts: the indicator's own line, the target, the grid and up to three comparators.
    chart_value: str = "#1d4f91"
    chart_target: str = "#3d3d3d"
    chart_grid: str = "#d9d9d9"
    chart_comparators: tuple[str, ...] = ("#a34400", "#6b3fa0", "#00703c")
    # Statistical process control: the icons' fills (white letters on them) and the SPC chart's
    # special cause points (each kind a shape too), its line, mean and limits.
    spc_common: str = "#505a5f"
    spc_improvement: str = "#005eb8"
    spc_concern: str = "#b04a00"
    spc_neither: str = "#6b3fa0"
    spc_mean: str = "#0b0c0c"
    spc_limit: str = "#3d3d3d"
    chart_gap: str = "#4b4f52"  # the hatching and word that mark a period with no figure to show
    chart_band: str = "#d9d9d9"  # a target range's shading, laid over white at CHART_BAND_ALPHA

    def swatch(self, key: str | None) -> Swatch | None:
        """Return the swatch a RAG, level or status key is shown in, or None for plain cells."""
        name = SWATCH_OF.get(key or "")
        return self.rag[name] if name else None

    def swatch_name(self, key: str | None) -> str | None:
        """Return the name of the swatch (green, amber, red, grey) for a key, or None."""
        return SWATCH_OF.get(key or "")

    def branded(self, primary: str | None) -> Palette:
        """Return the palette with the council's primary colour, when it has one."""
        return replace(self, primary=primary) if primary else self

    def css_variables(self) -> dict[str, str]:
        """Return the CSS custom properties the stylesheet reads (without the leading --)."""
        names = {
            "primary": self.primary,
            "text": self.text,
            "muted": self.muted,
            "rule": self.rule,
            "panel": self.panel,
            "header-text": self.header_text,
        }
        for name, swatch in self.rag.items():
            names[f"{name}-bg"] = swatch.background
            names[f"{name}-fg"] = swatch.text
        return names

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """Return (where, text colour, background) for every pair text is printed in."""
        pairs = [
            ("body text", self.text, WHITE),
            ("muted text", self.muted, WHITE),
            ("headings and links", self.primary, WHITE),
            ("table header", self.header_text, self.primary),
            ("commentary", self.text, self.panel),
            ("commentary placeholder", self.placeholder, self.panel),
        ]
        pairs += [(f"{name} cell", s.text, s.background) for name, s in self.rag.items()]
        pairs += [
            (f"{name} cell in Word (black text)", "#000000", s.background) for name, s in self.rag.items()
        ]
        pairs += [("chart value line and label", self.chart_value, WHITE)]
        pairs += [("chart target line and label", self.chart_target, WHITE)]
        pairs += [(f"chart comparator {i + 1}", c, WHITE) for i, c in enumerate(self.chart_comparators)]
        pairs += [
            (f"SPC {name} icon letter", WHITE, colour)
            for name, colour in (
                ("common cause", self.spc_common),
                ("improvement", self.spc_improvement),
                ("concern", self.spc_concern),
                ("neither", self.spc_neither),
            )
        ]
        pairs += [
            ("SPC mean line and label", self.spc_mean, WHITE),
            ("SPC limit lines", self.spc_limit, WHITE),
        ]
        pairs += [("chart gap label", self.chart_gap, WHITE)]
        return pairs

    def chart_marks(self) -> dict[str, str]:
        """Return every colour a chart draws a mark or line in (the grid and the range's shading are not marks)."""
        marks = {
            "value line, points and ring": self.chart_value,
            "target line": self.chart_target,
            "gap hatching": self.chart_gap,
        }
        marks.update({f"comparator line {i + 1}": c for i, c in enumerate(self.chart_comparators)})
        return marks

    def mark_pairs(self) -> list[tuple[str, str, str]]:
        """Return (where, mark colour, background) for every chart mark: on white and on a target range."""
        band = blend(self.chart_band, WHITE, CHART_BAND_ALPHA)
        return [
            (f"{where} on {ground}", colour, background)
            for where, colour in self.chart_marks().items()
            for ground, background in (("white", WHITE), ("a target range", band))
        ]


PALETTE = Palette()
CHART_BAND_ALPHA = 0.35  # a target range's shading: light enough for every mark to keep 3:1 on it


def blend(colour: str, background: str, alpha: float) -> str:
    """Return the colour seen when ``colour`` is laid over ``background`` at ``alpha``."""
    fg = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    bg = [int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(f * alpha + b * (1 - alpha)):02x}" for f, b in zip(fg, bg, strict=True))


def hex_digits(colour: str) -> str:
    """Return a colour as Word writes it: 1D4F91."""
    return colour.lstrip("#").upper()
