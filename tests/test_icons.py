"""The variation and assurance icons: one picture per kind, each with its meaning in words."""

from __future__ import annotations

import io

from PIL import Image

from reportgen.colours import contrast
from reportgen.icons import _DESIGN, SIZE_PX, assurance_icon, variation_icon
from reportgen.palette import PALETTE
from reportgen.spc import ASSURANCE_WORDS, VARIATION_WORDS


def every_icon():  # type: ignore[no-untyped-def]
    return [variation_icon(k) for k in VARIATION_WORDS] + [assurance_icon(k) for k in ASSURANCE_WORDS]


def test_every_variation_and_assurance_kind_has_an_icon_and_words() -> None:
    assert set(_DESIGN) == set(VARIATION_WORDS) | set(ASSURANCE_WORDS)
    icons = every_icon()
    assert len({i.png for i in icons}) == 10  # no two look the same
    for icon in icons:
        image = Image.open(io.BytesIO(icon.png))
        assert (image.format, image.size, image.mode) == ("PNG", (SIZE_PX, SIZE_PX), "RGB")
        assert icon.words and icon.words[0].isupper()


def test_icons_are_the_same_bytes_every_time() -> None:
    from reportgen.icons import _png

    first = variation_icon("concern_high").png
    _png.cache_clear()
    assert variation_icon("concern_high").png == first


def test_kinds_differ_by_shape_not_only_colour() -> None:
    shapes = {key: shape for key, (shape, _role, _mark) in _DESIGN.items()}
    assert shapes["improvement_high"] != shapes["concern_high"] != shapes["neither_high"]
    assert shapes["pass"] != shapes["fail"] != shapes["hit_or_miss"]
    marks = {key: mark for key, (_shape, _role, mark) in _DESIGN.items()}
    assert marks["improvement_high"] == "H" and marks["improvement_low"] == "L"


def test_icon_colours_carry_white_letters_and_show_on_white() -> None:
    for colour in (PALETTE.spc_common, PALETTE.spc_improvement, PALETTE.spc_concern, PALETTE.spc_neither):
        assert contrast(colour, "#ffffff") >= 4.5  # white letters on the fill, and the fill on the page


def test_a_drawn_icon_uses_its_palette_colour() -> None:
    image = Image.open(io.BytesIO(variation_icon("improvement_high").png))
    centre_left = image.getpixel((SIZE_PX // 6, SIZE_PX // 2))
    expected = tuple(int(PALETTE.spc_improvement[i : i + 2], 16) for i in (1, 3, 5))
    assert max(abs(a - b) for a, b in zip(centre_left, expected, strict=True)) < 8  # type: ignore[arg-type]
