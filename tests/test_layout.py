"""The PDF's layout read back word by word (pdftotext -bbox-layout): on a stress project, no word
leaves its page's printable area or overlaps another, figures are never cut, and each scorecard
starts on the page of its first indicator."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import require_tool

STRESS = Path(__file__).parent / "fixtures" / "stress"
MM = 72 / 25.4
# report.css: A4 with margins of 20 mm (top), 15 mm (sides) and 18 mm (bottom). The running header
# and footer sit in the top and bottom margins; nothing may come nearer the edge than 6 mm (an office
# printer leaves about 5 mm unprinted).
LEFT, RIGHT, TOP, BOTTOM = 15 * MM, 195 * MM, 20 * MM, 279 * MM
EDGE = 6 * MM
SLACK = 0.5  # points: pdftotext rounds, and a glyph's box may touch the margin


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def read_words(pdf: Path) -> tuple[list[Word], float]:
    """Return every word of a PDF with its box (points from the page's top left) and the page height."""
    require_tool(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    height = 0.0
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", xhtml, re.S), start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            words.append(Word(number, float(x0), float(y0), float(x1), float(y1), unescape(text)))
    return words, height


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reportgen.pipeline import build

    out = tmp_path_factory.mktemp("stress")
    (pdf,) = build(STRESS, "Q2-2023", output=out / "report", formats=("pdf",), cache=False)
    return pdf


@pytest.fixture(scope="module")
def stress_words(stress_pdf: Path) -> tuple[list[Word], float]:
    return read_words(stress_pdf)


def _furniture(words: list[Word]) -> set[str]:
    """Return the words of the running header and footer: those a page's top and bottom margins hold."""
    from reportgen.pipeline import load_project, make_briefing, resolve_period

    project = load_project(STRESS)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    return (
        set(f"{b.running_header} {b.footer} Page of".split())
        | {str(w.page) for w in words}
        | {str(max(w.page for w in words))}
    )


def test_no_word_leaves_the_printable_area(stress_words: tuple[list[Word], float]) -> None:
    words, height = stress_words
    assert len(words) > 2000 and height > 800
    furniture = _furniture(words)
    outside = []
    for w in words:
        if w.x0 < LEFT - SLACK or w.x1 > RIGHT + SLACK or w.y0 < EDGE or w.y1 > height - EDGE:
            outside.append(w)
        elif (w.y1 < TOP or w.y0 > BOTTOM) and w.text not in furniture:  # only the header and footer
            outside.append(w)
    assert outside == []


def _visible(words: list[Word]) -> list[Word]:
    """Return the words less the masthead table's caption, which is there for screen readers only
    (clipped to nothing, so unseen, but pdftotext still reads it)."""
    from reportgen.briefing import Masthead

    hidden = Masthead.__dataclass_fields__["facts_caption"].default.split()
    for i in range(len(words) - len(hidden) + 1):
        if [w.text for w in words[i : i + len(hidden)]] == hidden and words[i].page == 1:
            return words[:i] + words[i + len(hidden) :]
    raise AssertionError("the masthead's hidden caption was not found")


def test_no_word_overlaps_another(stress_words: tuple[list[Word], float]) -> None:
    words = _visible(stress_words[0])
    overlaps = []
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page in by_page.values():
        page.sort(key=lambda w: w.x0)
        for i, a in enumerate(page):
            for b in page[i + 1 :]:
                if b.x0 >= a.x1 - SLACK:
                    break  # sorted by left edge: nothing further right can overlap a
                if min(a.y1, b.y1) - max(a.y0, b.y0) > SLACK:
                    overlaps.append((a, b))
    assert overlaps == []


def test_figures_and_words_are_never_cut_inside_a_cell(stress_words: tuple[list[Word], float]) -> None:
    texts = {w.text for w in stress_words[0]}
    # 8-digit counts, comparators, a suppressed figure and a target range's two ends
    whole = {"10,987,654", "21,098,765", "23,456,789", "12,345,678", "34,567,890", "88,888,888", "99,999,999"}
    assert whole | {"Suppressed", "0%–18%", "300–350", "Declined", "Improved"} <= texts
    # no stray piece of one: every run of digits and commas printed is a whole figure of the data
    pieces = {t.rstrip(",") for t in texts if re.fullmatch(r"[\d,]+", t) and "," in t.rstrip(",")}
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})+", t) for t in pieces), sorted(pieces)


def _pages_of(words: list[Word], phrase: str) -> list[int]:
    """Return the pages on which the words of ``phrase`` appear in a row."""
    target = phrase.split()
    found = []
    for i in range(len(words) - len(target) + 1):
        if [w.text for w in words[i : i + len(target)]] == target:
            found.append(words[i].page)
    return found


@pytest.mark.parametrize("project", ["stress", "example"])
def test_a_scorecard_ends_on_the_page_its_first_indicator_starts(
    project: str, stress_words: tuple[list[Word], float], example_build: dict[str, Path]
) -> None:
    """Never a scorecard alone at the foot of a page: when its first indicator will not fit below
    it, the table's last rows go over with it (the stress project's 14-row section does this)."""
    from reportgen.briefing import Part, Table, walk
    from reportgen.pipeline import load_project, make_briefing, resolve_period
    from tests.conftest import ROOT

    root, words = (
        (STRESS, stress_words[0]) if project == "stress" else (ROOT, read_words(example_build["pdf"])[0])
    )
    loaded = load_project(root)
    b = make_briefing(loaded, resolve_period(loaded, "Q2-2023"), with_charts=False)
    services = [n for n in walk(b.parts) if isinstance(n, Part) and n.role == "service"]
    tables = [next(n for n in part.blocks if isinstance(n, Table)) for part in services]

    def repeated(table: Table) -> set[int]:
        """Return the pages where the table's header row is repeated: its first three cells' words
        in order, or only their first words, which the first line of a wrapped header row holds."""
        cells = [c.header for c in table.columns[:3]]
        whole = set(_pages_of(words, " ".join(cells)))
        return whole | set(_pages_of(words, " ".join(c.split()[0] for c in cells)))

    starts = {p for t in tables for p in _pages_of(words, t.caption)}
    split = 0
    for part, table in zip(services, tables, strict=True):
        first = next(n for n in part.blocks if isinstance(n, Part))
        assert table.keep_with_next
        (start,) = _pages_of(words, table.caption)
        end, runs_on = start, repeated(table)
        while end + 1 in runs_on and end + 1 not in starts:
            end += 1
        # the narrative's opening words where they first follow the caption (the summary may echo them)
        narrative = min(p for p in _pages_of(words, " ".join(first.narrative.split()[:8])) if p >= start)
        assert narrative == end, (table.caption, start, end, narrative)
        split += end > start
    checked = len(tables)
    # the stress project's long sections must split (so the rule is exercised); the example's fit
    assert (checked, split > 0) == ((3, True) if project == "stress" else (10, False))
