"""The variation and assurance icons of statistical process control, drawn by us as small PNGs.

Each kind differs by shape as well as colour (improvement a disc, concern a diamond, neither a
square, common cause and hit-or-miss a ring) and carries a letter (H, L, P, F, ?), so none
relies on colour; the colours are the palette's, white letters on them at 4.5:1 or more. Every
icon goes with its meaning in words (spc.VARIATION_WORDS, ASSURANCE_WORDS), which screen readers
are given and the key prints.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache

from .palette import PALETTE, Palette
from .spc import ASSURANCE_WORDS, VARIATION_WORDS

SIZE_PX = 72  # the PNG: sharp at 0.22 inches in print (about 330 dots an inch)
SUPERSAMPLE = 4  # drawn four times larger and shrunk, for smooth edges
SIZE_IN = 0.22  # shown this wide and high in every format
ICON_VERSION = 1  # bump when the drawing changes

# key -> (shape, colour role, mark): the mark is a letter or "flat" (a level zigzag)
_DESIGN: dict[str, tuple[str, str, str]] = {
    "common_cause": ("ring", "spc_common", "flat"),
    "improvement_high": ("disc", "spc_improvement", "H"),
    "improvement_low": ("disc", "spc_improvement", "L"),
    "concern_high": ("diamond", "spc_concern", "H"),
    "concern_low": ("diamond", "spc_concern", "L"),
    "neither_high": ("square", "spc_neither", "H"),
    "neither_low": ("square", "spc_neither", "L"),
    "pass": ("disc", "spc_improvement", "P"),
    "fail": ("diamond", "spc_concern", "F"),
    "hit_or_miss": ("ring", "spc_common", "?"),
}


@dataclass(frozen=True)
class Icon:
    """One icon: its key, its meaning in words, and the picture."""

    key: str
    words: str
    png: bytes = field(repr=False)  # its repr names it by key, so a briefing's hash needs no pixels
    width_in: float = SIZE_IN
    height_in: float = SIZE_IN


def variation_icon(key: str, palette: Palette = PALETTE) -> Icon:
    """Return the variation icon for a variation key of spc.VARIATION_WORDS."""
    return Icon(key, VARIATION_WORDS[key], _png(key, _colour(key, palette)))


def assurance_icon(key: str, palette: Palette = PALETTE) -> Icon:
    """Return the assurance icon for an assurance key of spc.ASSURANCE_WORDS."""
    return Icon(key, ASSURANCE_WORDS[key], _png(key, _colour(key, palette)))


def _colour(key: str, palette: Palette) -> str:
    colour: str = getattr(palette, _DESIGN[key][1])
    return colour


@cache
def _png(key: str, colour: str) -> bytes:
    """Draw one icon (a few milliseconds; each kind once per process)."""
    from PIL import Image, ImageDraw, ImageFont

    shape, _role, mark = _DESIGN[key]
    big = SIZE_PX * SUPERSAMPLE
    image = Image.new("RGB", (big, big), "white")
    draw = ImageDraw.Draw(image)
    pad = big * 0.04
    box = (pad, pad, big - pad, big - pad)
    ring = shape == "ring"
    if shape in ("disc", "ring"):
        draw.ellipse(box, fill=None if ring else colour, outline=colour, width=int(big * 0.09))
    elif shape == "diamond":
        mid = big / 2
        draw.polygon([(mid, pad), (big - pad, mid), (mid, big - pad), (pad, mid)], fill=colour)
    else:
        inset = big * 0.1
        draw.rounded_rectangle((inset, inset, big - inset, big - inset), radius=big * 0.12, fill=colour)
    ink = colour if ring else "white"
    if mark == "flat":
        # a level zigzag: the ordinary ups and downs of a process with nothing special in them
        xs = [big * f for f in (0.24, 0.36, 0.48, 0.60, 0.72)]
        ys = [big * f for f in (0.52, 0.44, 0.55, 0.45, 0.51)]
        draw.line(list(zip(xs, ys, strict=True)), fill=ink, width=int(big * 0.06), joint="curve")
        for x, y in zip(xs, ys, strict=True):
            r = big * 0.055
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
    else:
        size = big * (0.5 if shape == "diamond" else 0.58)
        font = ImageFont.load_default(size=size)
        draw.text(
            (big / 2, big / 2),
            mark,
            fill=ink,
            font=font,
            anchor="mm",
            stroke_width=int(big * 0.02),
            stroke_fill=ink,
        )
    small = image.resize((SIZE_PX, SIZE_PX), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
