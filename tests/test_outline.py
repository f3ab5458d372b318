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
        outline.RAISED_INTRO,
        outline.RAISED_AND_DRAFTED_INTRO,
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

    project = load_project(ROOT)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    first_table = next(
        n for n in outline.walk(b.parts) if isinstance(n, outline.Table) and n.table_kind == "scorecard"
    )
    widths = [c.width for c in first_table.columns]
    assert round(sum(widths), 2) == 100.0
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


# -- the scorecard: columns as data, widths from what they hold (issue 13 items 4 and 6) -----------

STRESS = ROOT / "tests" / "fixtures" / "stress"


def _scorecards(root: Path) -> list[outline.Table]:
    project = load_project(root)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    return [n for n in outline.walk(b.parts) if isinstance(n, outline.Table) and n.table_kind == "scorecard"]


def test_one_column_per_comparator_named_with_its_year() -> None:
    contacts, monthly, many = _scorecards(STRESS)
    assert contacts.header[-3:] == (
        "National average 2021/22",
        "Statistical neighbour average 2021/22",
        "North West regional average 2021/22",
    )
    rows = {r[0].text.split()[0] + str(i): r for i, r in enumerate(contacts.rows)}
    assert [c.text for c in contacts.rows[0][-3:]] == ["23,456,789", "12,345,678", "34,567,890"]
    assert [c.text for c in contacts.rows[-1][-3:]] == ["n/a", "n/a", "n/a"]  # no comparator of its own
    assert len(rows) == 6
    assert monthly.header[-1] == "National average 2021/22"
    assert "Statistical neighbour average" not in " ".join(many.header)  # a section without: no column


def test_a_comparator_whose_rows_differ_in_year_names_the_year_in_each_cell() -> None:
    example = _scorecards(ROOT)
    protection = next(t for t in example if t.caption.startswith("Children in Need of Help"))
    assert protection.header[-1] == "Statistical neighbour average"  # 2021/22 for some, no year for one
    assert [r[-1].text for r in protection.rows] == ["82.4%", "25.3% (2021/22)", "1.6% (2021/22)", "n/a"]


def test_the_direction_of_travel_is_an_arrow_and_a_word() -> None:
    from reportgen.assess import assess_indicator
    from reportgen.periods import parse_period
    from tests.conftest import indicator, series

    q2 = parse_period("2023-24 Q2")

    def direction(values: dict[str, float], **fields: object) -> str:
        ind = indicator(**fields)
        return outline.direction_cell(assess_indicator(ind, "S", series(ind, values), q2)).text

    assert direction({"2023-24 Q1": 70.0, "2023-24 Q2": 75.0}) == "↑ Improved"
    assert direction({"2023-24 Q1": 70.0, "2023-24 Q2": 65.0}) == "↓ Declined"
    assert direction({"2023-24 Q1": 70.0, "2023-24 Q2": 65.0}, polarity="lower") == "↓ Improved"
    assert direction({"2023-24 Q1": 70.0, "2023-24 Q2": 70.04}) == "↔ No change"  # as shown
    assert direction({"2023-24 Q1": 70.0, "2023-24 Q2": 75.0}, polarity="none") == "↑ Higher"
    assert direction({"2023-24 Q2": 75.0}) == "n/a"
    example = _scorecards(ROOT)
    assert all(t.header[t.header.index("Status") + 1] == "Direction of travel" for t in example)


def test_every_column_is_as_wide_as_its_widest_word() -> None:
    from reportgen.textwidth import widest_word

    for table in _scorecards(ROOT) + _scorecards(STRESS):
        assert round(sum(c.width for c in table.columns), 2) == 100.0
        for i, column in enumerate(table.columns):
            ems = column.width / 100 * outline.SCORECARD_WIDTH_EM - outline.SCORECARD_PADDING_EM
            words = [widest_word(r[i].text) for r in table.rows]
            words.append(widest_word(column.header, bold=True) * outline.SCORECARD_HEADER_SCALE)
            assert ems >= max(words), (table.caption, column.header)


def test_a_table_too_wide_for_the_page_leaves_out_its_oldest_periods() -> None:
    contacts, monthly, _many = _scorecards(STRESS)
    # 8-digit counts in every figure column and three comparators: one earlier period is all that fits
    assert contacts.header[3:6] == ("Jun-23", "Actual Sep-23", "Target Sep-23")
    assert monthly.header[3:9] == ("Sep-22", "Dec-22", "Mar-23", "Jun-23", "Actual Sep-23", "Target Sep-23")
    too_wide = [("Indicator", ["A title"], True)] + [(f"C{i}", ["12,345,678"], False) for i in range(12)]
    assert outline.scorecard_widths(too_wide) is None
    squeezed = outline.scorecard_widths(too_wide, fit=False)
    assert squeezed is not None and round(sum(squeezed), 2) == 100.0


def test_the_key_explains_the_direction_of_travel() -> None:
    project = load_project(ROOT)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    groups = [n for n in outline.walk(b.parts) if isinstance(n, outline.Group)]
    key = next(t for g in groups for t in g.tables if t.id == "key-direction")
    assert [(r[0].text, r[1].text) for r in key.rows] == list(outline.DIRECTION_KEY)
    assert key.caption == "Direction of travel"


def _small_project(root: Path, title: str, area: str | None, section: str = "Care") -> None:
    import shutil

    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", root, dirs_exist_ok=True)
    config = (
        (root / "reportgen.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Test Scorecard", f"title: {title}")
    )
    (root / "reportgen.yaml").write_text(config, encoding="utf-8")
    care = root / "indicators" / "care.yaml"
    head = f"section: {section}\n" + (f"area: {area}\n" if area else "")
    care.write_text(head + care.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")


def _briefing(root: Path) -> outline.Briefing:
    project = load_project(root)
    return make_briefing(project, resolve_period(project, "2023-24 Q2"), with_charts=False)


def test_a_title_that_names_the_period_is_not_followed_by_it_again(tmp_path: Path) -> None:
    _small_project(tmp_path / "a", "Scorecard for Quarter 2 2023/24", None)
    _small_project(tmp_path / "b", "Test Scorecard", None)
    assert _briefing(tmp_path / "a").document_title == "Scorecard for Quarter 2 2023/24"
    assert _briefing(tmp_path / "b").document_title == "Test Scorecard: Quarter 2 2023/24"


def test_an_area_named_as_its_only_section_is_one_heading(tmp_path: Path) -> None:
    _small_project(tmp_path / "same", "Test Scorecard", "Care")
    _small_project(tmp_path / "other", "Test Scorecard", "Children's Services")
    same = [t for _, t in headings(_briefing(tmp_path / "same"))]
    other = [(n, t) for n, t in headings(_briefing(tmp_path / "other"))]
    assert same.count("Care") == 1
    assert (2, "Children's Services") in other and (3, "Care") in other


@pytest.mark.parametrize("where", ["example", "stress"])
def test_every_scorecard_has_a_direction_of_travel_column(where: str) -> None:
    root = ROOT if where == "example" else ROOT / "tests" / "fixtures" / "stress"
    project = load_project(root)
    b = make_briefing(project, resolve_period(project, "2023-24 Q2"), with_charts=False)
    cards = [n for n in outline.walk(b.parts) if isinstance(n, outline.Table) and n.table_kind == "scorecard"]
    assert len(cards) == len(project.sections)
    for card in cards:
        headers = [c.header for c in card.columns]
        at = headers.index("Direction of travel")
        words = {row[at].text for row in card.rows}
        shape = re.compile(r"[↑↓↔] (Improved|Declined|No change|Higher|Lower)|n/a")
        assert words and all(shape.fullmatch(w) for w in words), words
