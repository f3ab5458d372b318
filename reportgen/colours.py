"""Colours: WCAG contrast, so every text colour the documents use stays readable."""

from __future__ import annotations

import re

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
WHITE = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
MIN_GRAPHIC_CONTRAST = 3.0  # WCAG 2.1 AA 1.4.11 for the marks and lines of a chart


def normalise(colour: str) -> str:
    """Return ``#rrggbb`` in lower case from ``#rgb`` or ``#rrggbb``."""
    if not HEX.match(colour):
        raise ValueError(f"expected a hex colour such as '#1d4f91'; got {colour!r}")
    digits = colour[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a hex colour."""
    digits = normalise(colour)[1:]
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darkened(colour: str, against: str = WHITE, ratio: float = MIN_CONTRAST) -> str:
    """Return the colour darkened just enough to reach ``ratio`` against ``against``."""
    digits = normalise(colour)[1:]
    rgb = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    for step in range(101):
        scale = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * scale):02x}" for c in rgb)
        if contrast(candidate, against) >= ratio:
            return candidate
    return "#000000"
