"""One outline: the HTML, the PDF's bookmarks and the Word file have the same headings in the same order."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportgen import briefing as outline
from reportgen.briefing import headings
from reportgen.pipeline import load_project, make_briefing, resolve_period
from tests.conftest import ROOT


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []
        self.level: int | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.level, self.text = int(tag[1]), ""

    def handle_data(self, data: str) -> None:
        if self.level is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if self.level is not None and tag == f"h{self.level}":
            self.found.append((self.level, " ".join(self.text.split())))
            self.level = None


def html_headings(path: Path) -> list[tuple[int, str]]:
    parser = _Headings()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def pdf_headings(path: Path) -> list[tuple[int, str]]:
    from pypdf import PdfReader

    out: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth + 1, str(item.title)))  # type: ignore[attr-defined]

    walk(PdfReader(str(path)).outline, 0)
    return out


def docx_headings(path: Path) -> list[tuple[int, str]]:
    import docx

    out = []
    for p in docx.Document(str(path)).paragraphs:
        name = p.style.name if p.style is not None else ""
        if name == "Title":
            out.append((1, p.text))
        elif name == "TOC Heading":
            out.append((2, p.text))
        elif name.startswith("Heading "):
            out.append((int(name.split()[1]) + 1, p.text))
    return out


@pytest.fixture(scope="module")
def expected() -> list[tuple[int, str]]:
    project = load_project(ROOT)
    return headings(make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False))


def test_every_format_has_the_outlines_headings_in_order(
    example_build: dict[str, Path], expected: list[tuple[int, str]]
) -> None:
    assert len(expected) > 50
    assert expected[:4] == [
        (1, "Children's Services Performance Scorecard"),
        (2, "Contents"),
        (2, "Purpose of the report"),
        (2, "Summary"),
    ]
    assert html_headings(example_build["html"]) == expected
    assert pdf_headings(example_build["pdf"]) == expected
    assert docx_headings(example_build["docx"]) == expected


def _literals(path: Path) -> str:
    """Return the text a source file could print: a module's string literals, a template's markup."""
    import ast

    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return "\n".join(
            node.value
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
    return re.sub(r"\{[{%#].*?[}%#]\}", " ", source, flags=re.S)  # the template less its code


def test_no_fixed_words_are_spelt_out_in_a_renderer_or_the_template() -> None:
    sources = [ROOT / "templates" / "report.html.j2", *sorted((ROOT / "reportgen" / "render").glob("*.py"))]
    texts = {path.name: _literals(path) for path in sources}
    fixed = [
        *outline.HEADINGS.values(),
        outline.WITHHELD_INTRO,
        outline.INVESTIGATION_INTRO,
        outline.RISK_SCORE_NOTE,
        outline.COMMENTARY_LABEL,
        outline.DEFINITION_LABEL,
        *outline.DEFAULT_RECOMMENDATIONS,
        "Questions members may wish to ask",
        "About this report",
        "Report title",
    ]
    found = [(words, name) for words in fixed for name, text in texts.items() if words in text]
    assert found == []


def test_the_stylesheet_and_the_word_file_read_one_set_of_column_widths(
    example_build: dict[str, Path],
) -> None:
    import docx

    widths = outline.scorecard_widths(6)
    assert round(sum(widths), 1) == 100.0
    html = example_build["html"].read_text(encoding="utf-8")
    first = re.search(r'<table class="scorecard"[^>]*>.*?<colgroup>(.*?)</colgroup>', html, re.S)
    assert first is not None
    assert re.findall(r"width: ([\d.]+)%", first.group(1)) == [f"{w:g}" for w in widths]
    table = next(
        t for t in docx.Document(str(example_build["docx"])).tables if t.rows[0].cells[0].text == "Indicator"
    )
    word = [c.width for c in table.columns]
    total = sum(word)
    assert [round(w / total * 100, 1) for w in word] == [round(w, 1) for w in widths]


def test_a_section_named_like_a_fixed_part_gets_an_id_of_its_own(tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", project)
    source = project / "indicators" / "care.yaml"
    source.write_text(re.sub(r"(?m)^section: .*$", "section: Summary", source.read_text(encoding="utf-8")))
    loaded = load_project(project)
    b = make_briefing(loaded, resolve_period(loaded, "2023-24 Q2"), with_charts=False)
    ids = [n.id for n in outline.walk(b.parts) if isinstance(n, outline.Part)]
    assert len(ids) == len(set(ids))
    assert "summary-2" in ids
