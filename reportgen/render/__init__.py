"""Renderers, one module per output format, and the registry config, build and the CLI read.

Adding a format is a module here with ``render(briefing, target, context)`` and one entry in
``FORMATS``: its name (for ``--format`` and ``formats:``), its file name, its progress label,
whether it shows charts, and whether a built file is worth caching.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..briefing import Briefing


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may need besides the briefing: the project and the Word reference document."""

    project: Path | None = None
    docx_reference: Path | None = None
    paged_html: str | None = None  # the PDF's HTML, when the caller has made it already
    inbox: Callable[[], dict[str, bytes]] | None = None  # drawn charts arriving later (PDF)


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    file_name: str  # "{stem}" is the report's title and period, e.g. {stem}.pdf
    label: str  # the progress bar's words while it is written
    needs_charts: bool
    cacheable: bool  # slow to make, so a file built before from the same briefing is reused
    signature: bytes = b""  # how the file starts, to check a cached copy is what it says
    background: bool = False  # laid out in a second process while the charts are drawn
    library: str = ""  # the package that writes it: its version is part of a cached file's name

    def path(self, folder: Path, stem: str) -> Path:
        """Return where the format's file goes."""
        return folder / self.file_name.format(stem=stem)

    def render(self, briefing: Briefing, target: Path, context: RenderContext) -> None:
        """Write the briefing to ``target`` in this format."""
        renderer: Callable[[Briefing, Path, RenderContext], None] = importlib.import_module(
            f"{__name__}.{self.name}"
        ).render
        renderer(briefing, target, context)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "pdf",
            "{stem}.pdf",
            "Laying out the PDF",
            needs_charts=True,
            cacheable=True,
            signature=b"%PDF-",
            background=True,
            library="weasyprint",
        ),
        Format(
            "docx",
            "{stem}.docx",
            "Writing Word",
            needs_charts=True,
            cacheable=True,
            signature=b"PK\x03\x04",
            library="python-docx",
        ),
        Format("html", "{stem}.html", "Writing HTML", needs_charts=True, cacheable=False),
        Format("json", "report.json", "Writing report.json", needs_charts=False, cacheable=False),
        Format(
            "xlsx",
            "{stem}-data.xlsx",
            "Writing the data annex",
            needs_charts=False,
            cacheable=True,  # openpyxl takes 0.3 s to import: a rebuild reuses the workbook instead
            signature=b"PK\x03\x04",
            library="openpyxl",
        ),
    )
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)


def unknown_format(names: list[str]) -> str | None:
    """Return the first name that is not a format, or None."""
    return next((n for n in names if n not in FORMATS), None)
