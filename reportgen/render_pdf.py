"""PDF renderer: the HTML briefing laid out as tagged PDF by WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .briefing import Briefing
from .errors import ReportgenError
from .render_html import render_html, template_dirs


def safe_fetcher(allowed: list[Path]) -> Any:
    """Return a URL fetcher that serves data: URIs and files inside ``allowed`` only.

    Anything else (http, ftp, files elsewhere, ``../`` escapes) is refused, so text an
    officer pastes into a report can never make the PDF engine read the machine or
    the network.
    """
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in allowed]

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                parts = urlparse(url)
                path = Path(unquote(parts.path)).resolve()  # ../ and %2e%2e resolved, symlinks followed
                local = parts.netloc in ("", "localhost")
                if local and path.is_file() and any(r in path.parents for r in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]!r}: only embedded images and template files")

    return SafeFetcher(allowed_protocols=["data", "file"], allow_redirects=False)


def render_pdf(b: Briefing, target: Path, project: Path | None = None) -> None:
    """Write the briefing as a tagged PDF/UA document."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango or its fonts are missing
        raise ReportgenError(
            f"WeasyPrint cannot start ({exc}); install the packages listed in README.md"
        ) from None
    html = render_html(b, project, paged=True)
    dirs = template_dirs(project)
    document = HTML(string=html, base_url=str(dirs[-1]), url_fetcher=safe_fetcher(dirs))
    document.write_pdf(target, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
