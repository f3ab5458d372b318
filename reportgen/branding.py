"""Branding: the council's logo, colour and font, read from the project once."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from .config import ProjectConfig
from .errors import InputProblems, Problem

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 25_000_000  # 5000 x 5000: far sharper than a crest needs, and safe to decode
TOO_BIG = (-1, -1)  # a size Pillow itself refuses to open (a decompression bomb)


@dataclass(frozen=True)
class Logo:
    """The council's logo: its bytes, type, pixel size and alt text."""

    data: bytes
    mime: str
    width_px: int
    height_px: int
    alt: str


@dataclass(frozen=True)
class Look:
    """The branding every renderer applies; None means the shipped default."""

    primary_colour: str | None = None
    font: str | None = None
    logo: Logo | None = None


def load_look(project: Path, config: ProjectConfig) -> Look:
    """Read the logo named in reportgen.yaml; raise InputProblems when it is not a usable image."""
    brand = config.branding
    logo = None
    if brand.logo:
        path = (project / brand.logo).resolve()
        kind = LOGO_TYPES.get(path.suffix.lower())
        problem = None
        if kind is None:
            problem = f"expected a .png, .jpg or .jpeg file; got {brand.logo!r}"
        elif not path.is_relative_to(project.resolve()):
            problem = f"expected an image inside the project folder; got {brand.logo!r}"
        elif not path.is_file():
            problem = f"expected an image file at {brand.logo!r} in the project; none found"
        elif path.stat().st_size > MAX_LOGO_BYTES:
            problem = f"expected an image of at most {MAX_LOGO_BYTES:,} bytes; got {path.stat().st_size:,}"
        if problem is None:
            size = _pixel_size(path)
            if size is None:
                problem = f"expected a readable PNG or JPEG image; {brand.logo!r} is not one"
            elif size == TOO_BIG or size[0] * size[1] > MAX_LOGO_PIXELS:
                got = "far more" if size == TOO_BIG else f"{size[0]:,} x {size[1]:,}"
                problem = f"expected an image of at most {MAX_LOGO_PIXELS:,} pixels; got {got}"
        if problem is not None:
            raise InputProblems([Problem("reportgen.yaml", None, "branding.logo", problem)])
        assert kind is not None and size is not None
        logo = Logo(path.read_bytes(), kind, size[0], size[1], f"{config.authority} logo")
    return Look(brand.primary_colour, brand.font, logo)


def _pixel_size(path: Path) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_LOGO_PIXELS is lower
        try:
            with Image.open(path) as image:  # reads the header only: no pixel is decoded here
                return image.size
        except Image.DecompressionBombError:
            return TOO_BIG
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return None
