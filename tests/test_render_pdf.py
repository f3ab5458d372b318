"""The PDF read back with pikepdf: tagged, titled, in a declared language, with alt text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.briefing import briefing_charts
from tests.conftest import ROOT, struct_elements


@pytest.fixture(scope="module")
def pdf(example_build: dict[str, Path]) -> Any:
    import pikepdf

    with pikepdf.open(example_build["pdf"]) as document:
        yield document


def test_pdf_is_tagged_titled_and_in_english(pdf: Any) -> None:
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title) == "Children's Services Performance Scorecard: Quarter 2 2023/24"
    assert str(pdf.docinfo.Author) == "Performance and Intelligence Team"
    assert "Quarter 2 2023/24" in str(pdf.docinfo.Subject)
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == "Children's Services Performance Scorecard: Quarter 2 2023/24"


def test_every_figure_has_alt_text(pdf: Any) -> None:
    elements = struct_elements(pdf.Root.StructTreeRoot.K)
    figures = [e for e in elements if e.S == "/Figure"]
    assert len(figures) >= 30
    for figure in figures:
        assert str(figure.get("/Alt", "")).strip(), figure


def test_headings_and_tables_are_tagged(pdf: Any) -> None:
    kinds = {str(e.S) for e in struct_elements(pdf.Root.StructTreeRoot.K)}
    assert {"/H1", "/H2", "/H3", "/H4", "/Table", "/TH", "/TD", "/Caption", "/L", "/LI"} <= kinds
    # WeasyPrint ties each data cell to its <th scope> headers by /Headers and /ID, the
    # association PDF/UA accepts in place of /Scope.
    cells = [e for e in struct_elements(pdf.Root.StructTreeRoot.K) if e.S in ("/TH", "/TD")]
    ids = {str(e.ID) for e in cells if e.S == "/TH"}
    data = [e for e in cells if e.S == "/TD"]
    assert len(ids) == sum(1 for e in cells if e.S == "/TH")
    for cell in data:
        assert "/A" in cell and "/Headers" in cell.A, cell
        assert {str(h) for h in cell.A.Headers} <= ids


def test_no_embedded_files_and_every_font_embedded(pdf: Any) -> None:
    assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
    assert "/AF" not in pdf.Root
    fonts = {}
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            assert annot.Subtype != "/FileAttachment"
        for font in page.Resources.get("/Font", {}).values():
            fonts[font.objgen] = font
    assert fonts
    for font in fonts.values():
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        descriptor = descendant.FontDescriptor
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
    names = {str(f.BaseFont) for f in fonts.values()}
    assert any("Liberation-Sans" in n for n in names), names


# -- the fetcher: WeasyPrint reads data: URIs and template files, and nothing else ----------------


@pytest.fixture
def fetcher(tmp_path: Path) -> Any:
    from reportgen.render.pdf import safe_fetcher

    templates = tmp_path / "project" / "templates"
    templates.mkdir(parents=True)
    (templates / "report.css").write_text("body { color: black }", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (templates / "link.css").symlink_to(tmp_path / "secret.txt")
    return safe_fetcher([templates]), templates


def test_the_fetcher_serves_data_uris_and_template_files(fetcher: Any) -> None:
    fetch, templates = fetcher
    assert fetch.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetch.fetch((templates / "report.css").as_uri()).read() == b"body { color: black }"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://example.invalid/{templates}/report.css",  # another host, even for a template's path
        "file://{templates}/../../secret.txt",
        "file://{templates}/%2e%2e/%2e%2e/secret.txt",
        "file://{templates}/link.css",  # a symlink inside templates to a file outside
        "file://{templates}",  # the folder itself
        "http://example.invalid/x.css",
        "https://example.invalid/x.png",
        "ftp://example.invalid/x.ttf",
        "//example.invalid/x.png",
        "javascript:alert(1)",
        "reportgen-chart:0123456789abcdef.png",  # a chart name, but no chart of the report's
    ],
)
def test_the_fetcher_refuses_everything_else(fetcher: Any, url: str) -> None:
    fetch, templates = fetcher
    with pytest.raises(ValueError, match="refused to fetch"):
        fetch.fetch(url.format(templates=templates))


def _pdf_images(path: Path) -> tuple[set[bytes], set[tuple[tuple[int, int], bytes]]]:
    """Return a PDF's image streams as stored, and as (size, pixels) once decoded."""
    import pikepdf

    raw, pixels = set(), set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                raw.add(obj.read_raw_bytes())
                image = pikepdf.PdfImage(obj).as_pil_image()
                pixels.add((image.size, image.tobytes()))
    return raw, pixels


def _png_pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    return image.size, image.tobytes()


@pytest.fixture(scope="module")
def planned() -> Any:
    """The example's briefing with its charts planned, and the same briefing with them drawn."""
    from reportgen.cache import Cache
    from reportgen.concurrency import Workers
    from reportgen.pipeline import finish_charts, load_project, plan_briefing, resolve_period

    project = load_project(ROOT)
    before, todo = plan_briefing(
        project, resolve_period(project, "Q2-2023"), None, False, ("png",), Cache(None)
    )
    with Workers(2) as workers:
        after = finish_charts(project, before, todo, ("png",), Cache(None), workers)
    return before, after


def test_a_pdf_laid_out_before_its_charts_are_drawn_is_the_pdf_laid_out_after(
    planned: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.render import pdf as render_pdf

    before, after = planned
    charts = briefing_charts(after)
    assert len(charts) == 42 and not any(c.drawn for c in briefing_charts(before))
    put: list[bool] = []
    original = render_pdf.put_pictures
    monkeypatch.setattr(render_pdf, "put_pictures", lambda *a: put.append(original(*a)) or put[-1])
    render_pdf.render_pdf(before, tmp_path / "late.pdf", ROOT, inbox=lambda: {c.key: c.png for c in charts})
    assert put == [True]  # the blanks took the pictures: no second layout
    render_pdf.render_pdf(after, tmp_path / "whole.pdf", ROOT)
    assert (tmp_path / "late.pdf").read_bytes() == (tmp_path / "whole.pdf").read_bytes()
    _raw, pixels = _pdf_images(tmp_path / "late.pdf")
    assert {_png_pixels(c.png) for c in charts} <= pixels


@pytest.mark.parametrize(
    "switched_off",
    [
        "pass_through",  # no copying of the PNG's own pixels: WeasyPrint re-encodes the pictures
        "wait_for_pictures",  # a WeasyPrint that never asks for a chart's pixels while writing
    ],
)
def test_the_pictures_arrive_without_each_shortcut(
    planned: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, switched_off: str
) -> None:
    from reportgen.render import pdf as render_pdf

    before, after = planned
    charts = briefing_charts(after)
    monkeypatch.setattr(render_pdf, switched_off, lambda *_a: None)
    render_pdf.render_pdf(before, tmp_path / "late.pdf", ROOT, inbox=lambda: {c.key: c.png for c in charts})
    _raw, pixels = _pdf_images(tmp_path / "late.pdf")
    assert {_png_pixels(c.png) for c in charts} <= pixels


def test_a_chart_that_does_not_fit_its_blank_is_laid_out_again(planned: Any, tmp_path: Path) -> None:
    import io

    from PIL import Image

    from reportgen.render import pdf as render_pdf

    before, after = planned
    smaller = {}
    for chart in briefing_charts(after):
        buffer = io.BytesIO()
        # compressed unlike WeasyPrint would compress it, to tell its own pixels from a re-encoding
        Image.open(io.BytesIO(chart.png)).resize((420, 172)).save(buffer, format="PNG", compress_level=1)
        smaller[chart.key] = buffer.getvalue()
    render_pdf.render_pdf(before, tmp_path / "late.pdf", ROOT, inbox=lambda: smaller)
    raw, pixels = _pdf_images(tmp_path / "late.pdf")
    assert {_png_pixels(png) for png in smaller.values()} <= pixels
    assert not any(size == (840, 345) for size, _ in pixels)
    # each PNG's own compressed pixels go in, not WeasyPrint's decoding and re-encoding of them
    assert {render_pdf.idat(png) for png in smaller.values()} <= raw


def test_charts_that_never_arrive_stop_the_pdf(planned: Any, tmp_path: Path) -> None:
    from reportgen.render.pdf import render_pdf

    before, _after = planned
    with pytest.raises(RuntimeError, match="42 charts never arrived"):
        render_pdf(before, tmp_path / "late.pdf", ROOT, inbox=dict)
    with pytest.raises(RuntimeError, match="were not drawn, and none are coming"):
        render_pdf(before, tmp_path / "late.pdf", ROOT)
