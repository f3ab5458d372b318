"""PDF renderer: the HTML briefing laid out as tagged PDF by WeasyPrint.

Charts reach WeasyPrint through its URL fetcher under names of their own (render.html.chart_src).
A build hands this renderer the briefing before its charts are drawn: each chart is laid out and
painted as a blank picture of its exact size, and the drawn PNG takes its place when WeasyPrint
asks for the pixels, so layout and painting (the longest stage) run while the charts are drawn.
Pictures go into the PDF as the PNG's own compressed pixels, without WeasyPrint's decoding and
re-encoding of them.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..briefing import Briefing, briefing_charts
from ..charts import Chart
from ..errors import ReportgenError
from . import RenderContext
from .html import chart_url, render_html, template_dirs

PDF_VARIANT = "pdf/ua-1"


def safe_fetcher(allowed: list[Path], charts: ChartImages | None = None) -> Any:
    """Return a URL fetcher that serves data: URIs, our charts and files inside ``allowed`` only.

    Anything else (http, ftp, files elsewhere, ``../`` escapes) is refused, so text an
    officer pastes into a report can never make the PDF engine read the machine or
    the network.
    """
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [p.resolve() for p in allowed]

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if charts is not None and url in charts.charts:
                return URLFetcherResponse(url, charts.serve(url), {"Content-Type": "image/png"})
            if url.startswith("file:"):
                parts = urlparse(url)
                path = Path(unquote(parts.path)).resolve()  # ../ and %2e%2e resolved, symlinks followed
                local = parts.netloc in ("", "localhost")
                if local and path.is_file() and any(r in path.parents for r in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]!r}: only embedded images and template files")

    return SafeFetcher(allowed_protocols=["data", "file"], allow_redirects=False)


class ChartImages:
    """The briefing's charts by URL: drawn ones as their PNG, the rest as blanks of their size."""

    def __init__(self, charts: list[Chart]) -> None:
        self.charts = {chart_url(c.key): c for c in charts}
        self.pictures = {url: c.png for url, c in self.charts.items() if c.png}
        self.blanks: set[str] = set()  # the URLs laid out as blanks, waiting for their picture
        self._blank_png: dict[tuple[int, int], bytes] = {}

    @property
    def missing(self) -> list[str]:
        return [url for url in self.charts if url not in self.pictures]

    def serve(self, url: str) -> bytes:
        if url in self.pictures:
            return self.pictures[url]
        self.blanks.add(url)
        return self._blank(self.charts[url].pixels)

    def _blank(self, size: tuple[int, int]) -> bytes:
        if size not in self._blank_png:
            from PIL import Image

            buffer = io.BytesIO()
            Image.new("RGB", size, "white").save(buffer, format="PNG", compress_level=1)
            self._blank_png[size] = buffer.getvalue()
        return self._blank_png[size]

    def receive(self, drawn: dict[str, bytes]) -> None:
        """Take the drawn charts' PNGs, keyed by chart key."""
        for key, png in drawn.items():
            url = chart_url(key)
            if url in self.charts and png:
                self.pictures[url] = png


def render(b: Briefing, target: Path, context: RenderContext) -> None:
    """Write the briefing as a tagged PDF/UA document (charts may arrive later, through ``context.inbox``)."""
    render_pdf(b, target, context.project, context.inbox, context.paged_html)


def render_pdf(
    b: Briefing,
    target: Path,
    project: Path | None = None,
    inbox: Callable[[], dict[str, bytes]] | None = None,
    html: str | None = None,
) -> None:
    """Write the briefing as a tagged PDF/UA document.

    Charts the briefing holds only as a plan are laid out and painted as blanks; ``inbox()``
    returns the drawn PNGs (keyed by chart key) when WeasyPrint first asks for a chart's
    pixels, which come last in writing the PDF, and they take the blanks' places.
    ``html`` is the briefing's paged HTML when the caller has made it already.
    """
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango or its fonts are missing
        raise ReportgenError(
            f"WeasyPrint cannot start ({exc}); run make build, which installs the system packages it needs"
        ) from None
    page = render_html(b, project, paged=True) if html is None else html
    dirs = template_dirs(project)
    charts = ChartImages(briefing_charts(b))
    images: dict[str, Any] = {}  # WeasyPrint's image cache: URL -> image, filled by layout

    def lay_out() -> Any:
        images.clear()
        charts.blanks.clear()
        fetcher = safe_fetcher(dirs, charts)
        document = HTML(string=page, base_url=str(dirs[-1]), url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT, cache=images
        )
        for url, png in charts.pictures.items():
            pass_through(images.get(url), png)
        return document

    def write(document: Any) -> None:
        document.write_pdf(target, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)

    document = lay_out()
    if not charts.missing:
        write(document)
        return
    if inbox is None:
        raise RuntimeError("the briefing's charts were not drawn, and none are coming")
    arrival = Arrival(inbox, charts, images)
    wait_for_pictures(images, charts.blanks, arrival)
    try:
        write(document)
        if arrival.done:
            return
        # WeasyPrint wrote the PDF without asking for a chart: its images work differently
    except LayOutAgain:
        pass
    arrival()  # (if it has not come yet)
    write(lay_out())  # every picture is in hand now


class LayOutAgain(Exception):
    """The drawn charts cannot take their blanks' places: the PDF must be laid out with them."""


class Arrival:
    """Wait, once, for the drawn charts, and put them in place of their blanks."""

    def __init__(self, inbox: Callable[[], dict[str, bytes]], charts: ChartImages, images: dict[str, Any]):
        self.inbox, self.charts, self.images = inbox, charts, images
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        self.charts.receive(self.inbox())
        if self.charts.missing:
            raise RuntimeError(f"{len(self.charts.missing)} charts never arrived")
        if not put_pictures(self.images, self.charts):
            raise LayOutAgain
        for url in self.charts.blanks:
            pass_through(self.images[url], self.charts.pictures[url])


def wait_for_pictures(images: dict[str, Any], urls: set[str], arrival: Callable[[], None]) -> None:
    """Make WeasyPrint's first request for a blank chart's pixels wait for ``arrival``.

    Pixels are asked for once every page is painted, so the painting (two thirds of writing
    the PDF) runs while the charts are still being drawn.
    """
    for url in urls:
        image = images.get(url)
        asked = getattr(image, "get_x_object", None)
        if asked is None:
            continue

        def get_x_object(*args: Any, _asked: Callable[..., Any] = asked, **kwargs: Any) -> Any:
            arrival()
            return _asked(*args, **kwargs)

        image.get_x_object = get_x_object  # type: ignore[union-attr]


def png_header(png: bytes) -> tuple[int, int, int, int, int] | None:
    """Return a PNG's width, height, bit depth, colour type and interlace method."""
    if len(png) < 33 or not png.startswith(b"\x89PNG\r\n\x1a\n") or png[12:16] != b"IHDR":
        return None
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", png[16:29])
    return width, height, depth, colour, interlace


def _plain_rgb(png: bytes) -> bool:
    """Return whether a PNG is 8-bit RGB, not interlaced, with no transparency chunk."""
    header = png_header(png)
    return header is not None and header[2:] == (8, 2, 0) and b"tRNS" not in _chunk_types(png)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """Return a PNG's chunks as (type, data) pairs."""
    out = []
    pos = 8
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    return out


def _chunk_types(png: bytes) -> set[bytes]:
    return {kind for kind, _ in _chunks(png)}


def put_pictures(images: dict[str, Any], charts: ChartImages) -> bool:
    """Put each drawn chart in place of the blank it was laid out as; False if one cannot be.

    Only a picture of the blank's exact size and kind (8-bit RGB) may take its place, so the
    layout stays true; anything else, or a WeasyPrint whose images work differently, means
    laying out again.
    """
    from weasyprint.images import RasterImage

    for url in charts.blanks:
        image, png = images.get(url), charts.pictures[url]
        header = png_header(png)
        if not isinstance(image, RasterImage) or not hasattr(image, "cache_image_data") or header is None:
            return False
        if (image.width, image.height, image.mode) != (header[0], header[1], "RGB") or not _plain_rgb(png):
            return False
    for url in charts.blanks:
        image = images[url]
        image.image_data = image.cache_image_data(charts.pictures[url])
    return True


def pass_through(image: Any, png: bytes) -> None:
    """Let WeasyPrint copy a plain RGB PNG's compressed pixels into the PDF as they are.

    The PDF's Flate filter with PNG predictors reads a PNG's IDAT data unchanged; WeasyPrint
    would decode the picture and compress it again (about 7 ms a chart) to get the same thing.
    """
    if image is None or getattr(image, "mode", None) != "RGB" or not _plain_rgb(png):
        return
    pixels = idat(png)
    image._get_png_data = lambda _decoded: pixels


def idat(png: bytes) -> bytes:
    """Return a PNG's compressed pixels: its IDAT chunks' data, joined."""
    return b"".join(data for kind, data in _chunks(png) if kind == b"IDAT")
