"""Branding: the council's logo, colour and font, read from the project once."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from .config import ProjectConfig
from .errors import InputProblems, Problem, ReportgenError
from .files import read_bounded

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
FORMAT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}  # what the image really is, as Pillow reads it
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
        problem = None
        if path.suffix.lower() not in LOGO_TYPES:
            problem = f"expected a .png, .jpg or .jpeg file; got {brand.logo!r}"
        elif not path.is_relative_to(project.resolve()):
            problem = f"expected an image inside the project folder; got {brand.logo!r}"
        elif not path.exists():
            problem = f"expected an image file at {brand.logo!r} in the project; none found"
        data, found = b"", None
        if problem is None:
            try:
                data = read_bounded(path, MAX_LOGO_BYTES, noun="image")
            except ReportgenError as exc:
                problem = str(exc)
        if problem is None:
            found = _image_format(data)
            if found is None or found[0] not in FORMAT_TYPES:
                # a WebP or GIF renamed .png: the browser would show it, Word and the PDF would not
                problem = f"expected a readable PNG or JPEG image; {brand.logo!r} is not one"
                if found is not None:
                    problem += f" (it is {found[0]})"
            elif found[1] == TOO_BIG or found[1][0] * found[1][1] > MAX_LOGO_PIXELS:
                got = "far more" if found[1] == TOO_BIG else f"{found[1][0]:,} x {found[1][1]:,}"
                problem = f"expected an image of at most {MAX_LOGO_PIXELS:,} pixels; got {got}"
        if problem is not None:
            raise InputProblems([Problem("reportgen.yaml", None, "branding.logo", problem)])
        assert found is not None
        kind, size = FORMAT_TYPES[found[0]], found[1]
        logo = Logo(data, kind, size[0], size[1], f"{config.authority} logo")
    return Look(brand.primary_colour, brand.font, logo)


def _image_format(data: bytes) -> tuple[str, tuple[int, int]] | None:
    """Return the image's format as Pillow names it (PNG, JPEG, WEBP) and its size, or None if unreadable."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_LOGO_PIXELS is lower
        try:
            with Image.open(io.BytesIO(data)) as image:  # reads the header only: no pixel is decoded here
                return str(image.format), image.size
        except Image.DecompressionBombError:
            return "PNG" if data.startswith(b"\x89PNG") else "JPEG", TOO_BIG
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return None
