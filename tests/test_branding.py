"""Branding and colour: every text pair readable (WCAG 4.5:1), every chart mark 3:1, logo, primary colour and font."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.colours import MIN_CONTRAST, MIN_GRAPHIC_CONTRAST, contrast, darkened
from reportgen.errors import InputProblems
from reportgen.palette import CHART_BAND_ALPHA, PALETTE, blend
from reportgen.pipeline import build, load_project
from tests.conftest import ROOT

CSS = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")


def _pairs() -> list[tuple[str, str, str]]:
    """Return (where, text colour, background) for every pair the documents print text in."""
    return PALETTE.text_pairs()


def test_the_stylesheet_names_no_colour_of_its_own() -> None:
    # every colour comes from the one palette, as CSS custom properties the page sets
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b", CSS) == []
    used = set(re.findall(r"var\(--([a-z-]+)\)", CSS))
    assert used and used <= set(PALETTE.css_variables())


@pytest.mark.parametrize(("where", "fg", "bg"), _pairs(), ids=[p[0] for p in _pairs()])
def test_every_colour_pair_reaches_wcag_aa(where: str, fg: str, bg: str) -> None:
    assert contrast(fg, bg) >= MIN_CONTRAST, f"{where}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


@pytest.mark.parametrize(
    ("where", "mark", "bg"), PALETTE.mark_pairs(), ids=[p[0] for p in PALETTE.mark_pairs()]
)
def test_every_chart_mark_reaches_3_to_1(where: str, mark: str, bg: str) -> None:
    # WCAG 1.4.11: the lines, points, ring and hatching a reader needs, on white and on a target range
    assert contrast(mark, bg) >= MIN_GRAPHIC_CONTRAST, (
        f"{where}: {mark} on {bg} is {contrast(mark, bg):.2f}:1"
    )


def test_a_target_range_is_shaded_in_the_colour_its_pairs_are_checked_on() -> None:
    assert blend(PALETTE.chart_band, "#ffffff", CHART_BAND_ALPHA) == "#f2f2f2"
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


def test_contrast_matches_the_wcag_examples() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < MIN_CONTRAST
    assert contrast(darkened("#ffcc00"), "#ffffff") >= MIN_CONTRAST


def _project(tmp_path: Path, extra: str) -> Path:
    project = tmp_path / "p"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".venv", "output", ".git", "tests", "node_modules")
    )
    config = project / "reportgen.yaml"
    text = re.sub(r"branding:\n(  .*\n)+", "", config.read_text(encoding="utf-8"))
    config.write_text(text + extra, encoding="utf-8")
    return project


def test_a_primary_colour_white_text_cannot_sit_on_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path, 'branding:\n  primary_colour: "#f9a825"\n')
    with pytest.raises(InputProblems) as info:
        load_project(project)
    line = len((project / "reportgen.yaml").read_text().splitlines())
    assert [str(p) for p in info.value.problems] == [
        f"reportgen.yaml:{line}: branding.primary_colour: expected a colour that white text can sit on at "
        "4.5:1 or more; got '#f9a825' at 2.0:1 (the nearest darker shade that passes is '#9f6c18')"
    ]


def test_a_missing_logo_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path, "branding:\n  logo: branding/crest.png\n")
    with pytest.raises(InputProblems) as info:
        load_project(project)
    assert [str(p) for p in info.value.problems] == [
        "reportgen.yaml: branding.logo: expected an image file at 'branding/crest.png' in the project; none found"
    ]


def test_branding_reaches_html_and_docx(tmp_path: Path) -> None:
    import docx

    project = _project(
        tmp_path, 'branding:\n  logo: branding/logo.png\n  primary_colour: "#5b2a86"\n  font: DejaVu Sans\n'
    )
    paths = {
        p.suffix: p for p in build(project, "Q2-2023", output=tmp_path / "out", formats=("html", "docx"))
    }
    html = paths[".html"].read_text(encoding="utf-8")
    assert ":root { --primary: #5b2a86; " in html
    assert 'font-family: "DejaVu Sans", "Liberation Sans"' in html
    assert 'alt="Example Borough Council logo"' in html
    document = docx.Document(str(paths[".docx"]))
    assert document.styles["Normal"].font.name == "DejaVu Sans"
    assert str(document.styles["Heading 1"].font.color.rgb) == "5B2A86"
    assert 'w:fill="5B2A86"' in document.tables[0]._tbl.xml
