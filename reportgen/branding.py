"""Branding: the council's logo, colour and font, read from the project once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import ProjectConfig
from .errors import InputProblems, Problem

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


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
        elif not path.is_file():
            problem = f"expected an image file at {brand.logo!r} in the project; none found"
        if problem is None:
            size = _pixel_size(path)
            if size is None:
                problem = f"expected a readable PNG or JPEG image; {brand.logo!r} is not one"
        if problem is not None:
            raise InputProblems([Problem("reportgen.yaml", None, "branding.logo", problem)])
        assert kind is not None and size is not None
        logo = Logo(path.read_bytes(), kind, size[0], size[1], f"{config.authority} logo")
    return Look(brand.primary_colour, brand.font, logo)


def _pixel_size(path: Path) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError):
        return None
