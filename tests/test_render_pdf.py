"""The PDF read back with pikepdf: tagged, titled, in a declared language, with alt text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import struct_elements


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
    from reportgen.render_pdf import safe_fetcher

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
    ],
)
def test_the_fetcher_refuses_everything_else(fetcher: Any, url: str) -> None:
    fetch, templates = fetcher
    with pytest.raises(ValueError, match="refused to fetch"):
        fetch.fetch(url.format(templates=templates))
