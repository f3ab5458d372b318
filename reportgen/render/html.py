"""HTML renderer: the briefing as one self-contained, accessible web page."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from markupsafe import Markup

from ..branding import Logo
from ..briefing import Briefing, Figure, walk
from ..charts import Chart
from ..errors import TEMPLATE_CODE_ERRORS, ReportgenError, template_line, template_message
from ..files import read_bounded
from ..icons import Icon
from ..untrusted import unsafe_character
from . import RenderContext

TEMPLATE = "report.html.j2"
MAX_TEMPLATE_BYTES = 5_000_000  # a template or stylesheet; the shipped ones are 30 kB


def package_templates() -> Path:
    """Return the folder of shipped templates (inside the wheel, or the source tree)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise ReportgenError("the shipped templates are missing from this installation of reportgen")


def template_dirs(project: Path | None) -> list[Path]:
    """Return template folders, the project's own overrides first."""
    dirs = []
    if project is not None and (project / "templates").is_dir():
        dirs.append((project / "templates").resolve())
    shipped = package_templates()
    if shipped not in dirs:
        dirs.append(shipped)
    return dirs


def template_text(folder: Path, name: str) -> str:
    """Return a template file's text, read as every officer's file is (a regular file, within its size)."""
    try:
        return read_bounded(folder / name, MAX_TEMPLATE_BYTES).decode("utf-8")
    except (ReportgenError, UnicodeDecodeError) as exc:
        why = (
            str(exc)
            if isinstance(exc, ReportgenError)
            else f"expected UTF-8 text; got a byte {exc.object[exc.start]:#04x} at offset {exc.start}"
        )
        raise ReportgenError(f"templates/{name}: {why}") from None


def css_string(value: object) -> Markup:
    """Quote text as a CSS string, escaping everything that is not plainly safe.

    The result is safe inside <style>: quotes, backslashes, < and > all become escapes.
    """
    out = []
    for ch in str(value):
        if ch.isalnum() or ch in " .,:;-_()/&'":
            out.append(ch if ch != "'" else "\\27 ")
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


CHART_SCHEME = "reportgen-chart:"


def chart_url(key: str) -> str:
    """Return the name under which the PDF renderer's fetcher serves the chart ``key``."""
    return f"{CHART_SCHEME}{key}.png"


def chart_src(chart: Chart, paged: bool = False) -> str:
    """Return the chart's address: a data: URI on the web page (SVG when it was drawn, else the
    PNG); for the PDF, a name the PDF renderer's fetcher serves (render_pdf), so the PDF can be
    laid out before the picture is drawn and its cache key needs no picture bytes.
    """
    if paged:
        return chart_url(chart.key)
    if not chart.drawn:
        raise RuntimeError(f"chart for {chart.indicator_id} was not drawn")
    if chart.svg:
        return "data:image/svg+xml;base64," + base64.b64encode(chart.svg).decode("ascii")
    return "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")


def icon_src(icon: Icon) -> str:
    """Return an SPC icon as a data: URI."""
    return "data:image/png;base64," + base64.b64encode(icon.png).decode("ascii")


def logo_src(logo: Logo) -> str:
    """Return the logo as a data: URI."""
    return f"data:{logo.mime};base64," + base64.b64encode(logo.data).decode("ascii")


def render(b: Briefing, target: Path, context: RenderContext) -> None:
    """Write the briefing as one self-contained web page."""
    target.write_text(render_html(b, context.project), encoding="utf-8")


def render_html(b: Briefing, project: Path | None = None, paged: bool = False) -> str:
    """Render the briefing to an HTML string (``paged`` adds the PDF's page furniture)."""
    from jinja2 import StrictUndefined, select_autoescape

    from ..sandbox import MAX_DOCUMENT, BoundedLoader, render_bounded, sandbox

    dirs = template_dirs(project)
    env = sandbox(
        loader=BoundedLoader(dirs, template_text),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    css = "\n".join(
        template_text(d, "report.css") for d in reversed(dirs) if os.path.lexists(d / "report.css")
    )
    for node in walk(b.parts):
        if isinstance(node, Figure) and not node.chart.alt.strip():
            raise ReportgenError(
                f"chart for {node.chart.indicator_id} has no alt text; refusing to publish it"
            )
    context = {
        "b": b,
        "css": Markup(css),
        "paged": paged,
        "colours": b.palette.css_variables(),
        "swatch": b.palette.swatch_name,
        "chart_src": lambda chart: chart_src(chart, paged),
        "logo_src": logo_src,
        "icon_src": icon_src,
    }
    if dirs[0] == package_templates() or not os.path.lexists(dirs[0] / TEMPLATE):
        return env.get_template(TEMPLATE).render(context)  # ours: an error here is a bug, with its traceback
    # The project's own template is the officer's code, rendered in the sandbox: its errors are theirs.
    from jinja2 import TemplateError

    template_errors: tuple[type[Exception], ...] = (TemplateError, *TEMPLATE_CODE_ERRORS)
    try:
        html = render_bounded(env.get_template(TEMPLATE), MAX_DOCUMENT, context)
    except template_errors as exc:
        line = template_line(exc, TEMPLATE)
        where = f"templates/{TEMPLATE}" + (f":{line}" if line else "")
        raise ReportgenError(f"{where}: {template_message(exc)}") from None
    unsafe = unsafe_character(html)
    if unsafe is not None:
        raise ReportgenError(f"templates/{TEMPLATE}: expected plain text; got {unsafe}")
    return html
