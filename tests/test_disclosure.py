"""Disclosure control: a suppressed figure, and anything that would reveal it, appears in no output."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.briefing import briefing_charts
from reportgen.data import DataSet
from reportgen.disclosure import protect
from reportgen.errors import InputProblems
from reportgen.indicators import Section
from reportgen.pipeline import build, load_project
from tests.conftest import indicator, series

PROJECT = Path(__file__).parent / "fixtures" / "disclosure"
Q1, Q2 = "2023-24 Q1", "2023-24 Q2"


def counts(*ids: str, total_of: list[str] | None = None) -> list[Any]:
    return [
        indicator(id=i, title=i, unit="count", polarity="none", total_of=total_of if i == ids[0] else None)
        for i in ids
    ]


def protected(inds: list[Any], figures: dict[str, dict[str, object]]) -> dict[str, dict[str, str]]:
    """Run protect over figures {id: {period: value or marker}}; return each figure as shown (value, c or W)."""
    section = Section(title="S", area=None, introduction=None, indicators=tuple(inds), source="s.yaml")
    data = DataSet({i.id: series(i, figures.get(i.id, {})) for i in inds}, ())
    out = protect([section], data)
    shown: dict[str, dict[str, str]] = {}
    for key, s in out.series.items():
        for o in s.observations:
            marks = {"suppressed": "c", "missing": "-", "low": "low", "unreliable": "unreliable"}
            mark = "W" if o.withheld else marks[o.status] if o.status in marks else f"{o.value:g}"
            shown.setdefault(key, {})[o.period.code] = mark
    return shown


def test_a_lone_suppressed_part_withholds_the_smallest_other_part() -> None:
    inds = counts("total", "a", "b", "c", total_of=["a", "b", "c"])
    got = protected(inds, {"total": {Q2: 40}, "a": {Q2: "c"}, "b": {Q2: 30}, "c": {Q2: 7}})
    assert got == {"total": {Q2: "40"}, "a": {Q2: "c"}, "b": {Q2: "30"}, "c": {Q2: "W"}}


@pytest.mark.parametrize(("marker", "shown"), [("low", "low"), ("u", "unreliable")])
def test_a_part_published_as_low_or_u_is_protected_as_a_suppressed_one_is(marker: str, shown: str) -> None:
    inds = counts("total", "a", "b", "c", total_of=["a", "b", "c"])
    got = protected(inds, {"total": {Q2: 40}, "a": {Q2: marker}, "b": {Q2: 30}, "c": {Q2: 7}})
    # the total less the published parts would give the figure the source did not publish
    assert got == {"total": {Q2: "40"}, "a": {Q2: shown}, "b": {Q2: "30"}, "c": {Q2: "W"}}


def test_a_suppressed_total_withholds_a_part_so_the_sum_cannot_rebuild_it() -> None:
    inds = counts("total", "a", "b", total_of=["a", "b"])
    assert protected(inds, {"total": {Q2: "<5"}, "a": {Q2: 2}, "b": {Q2: 1}}) == {
        "total": {Q2: "c"},
        "a": {Q2: "2"},
        "b": {Q2: "W"},
    }


def test_with_no_other_part_published_the_total_is_withheld() -> None:
    inds = counts("total", "a", "b", total_of=["a", "b"])
    assert protected(inds, {"total": {Q2: 9}, "a": {Q2: "c"}, "b": {Q2: "n/a"}}) == {
        "total": {Q2: "W"},
        "a": {Q2: "c"},
        "b": {Q2: "-"},
    }


def test_two_suppressed_figures_in_one_sum_need_nothing_more_and_each_period_stands_alone() -> None:
    inds = counts("total", "a", "b", "c", total_of=["a", "b", "c"])
    got = protected(
        inds,
        {"total": {Q1: 20, Q2: 21}, "a": {Q1: "c", Q2: "c"}, "b": {Q1: "c", Q2: 12}, "c": {Q1: 10, Q2: 6}},
    )
    assert got == {
        "total": {Q1: "20", Q2: "21"},
        "a": {Q1: "c", Q2: "c"},
        "b": {Q1: "c", Q2: "12"},
        "c": {Q1: "10", Q2: "W"},
    }


def test_withholding_cascades_through_a_part_that_is_itself_a_total() -> None:
    inds = [
        *counts("all", "left", "right", total_of=["left", "right"]),
        *counts("left_total", "d", "e", total_of=["d", "e"])[1:],
    ]
    inds[1] = indicator(id="left", title="left", unit="count", polarity="none", total_of=["d", "e"])
    got = protected(
        inds, {"all": {Q2: 100}, "left": {Q2: 30}, "right": {Q2: "c"}, "d": {Q2: 20}, "e": {Q2: 10}}
    )
    # right is suppressed, so left (the smaller published part) is withheld; left is then a lone
    # hidden figure of d + e, so e (the smaller) is withheld too
    assert got == {"all": {Q2: "100"}, "left": {Q2: "W"}, "right": {Q2: "c"}, "d": {Q2: "20"}, "e": {Q2: "W"}}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.integers(0, 500), st.sampled_from(["c", "<5", "n/a"])), min_size=4, max_size=4),
    st.lists(st.one_of(st.integers(0, 500), st.sampled_from(["c", "n/a"])), min_size=4, max_size=4),
)
def test_no_sum_is_left_with_one_hidden_figure_and_others_to_subtract(
    q1: list[object], q2: list[object]
) -> None:
    inds = counts("total", "a", "b", "c", total_of=["a", "b", "c"])
    figures = {i.id: {Q1: q1[n], Q2: q2[n]} for n, i in enumerate(inds)}
    got = protected(inds, figures)
    for period in (Q1, Q2):
        hidden = [key for key in got if got[key][period] in ("c", "W")]
        published = [key for key in got if got[key][period] not in ("c", "W", "-")]
        assert len(hidden) != 1 or not published  # a lone hidden figure with nothing beside it to subtract
        for key, raw in ((i.id, figures[i.id][period]) for i in inds):
            if raw in ("c", "<5"):
                assert got[key][period] == "c"  # primary suppression is never undone


def test_total_of_must_name_other_counts_of_the_same_frequency(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(PROJECT, root)
    path = root / "indicators" / "referrals.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "[referrals_police, referrals_schools, referrals_health]",
            "[referrals, referals_health, reviews_in_time]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputProblems) as info:
        load_project(root)
    assert [str(p) for p in info.value.problems] == [
        "indicators/referrals.yaml:9: total_of: expected the ids of other indicators; got itself",
        "indicators/referrals.yaml:9: total_of: expected the ids of other indicators; got 'referals_health'; "
        "did you mean 'referrals_health'?",
        "indicators/referrals.yaml:9: total_of: expected parts that are quarterly counts like the total; "
        "got 'reviews_in_time' (quarterly percent)",
    ]


def test_a_suppressed_count_hides_the_figure_and_the_other_count() -> None:
    data = load_project(PROJECT).data
    reviews = data.get("reviews_in_time").observations[-1]
    adopted = data.get("adopted_in_time").observations[-1]
    assert (reviews.status, reviews.value, reviews.numerator, reviews.denominator) == (
        "suppressed",
        None,
        None,
        None,
    )
    assert (adopted.status, adopted.value, adopted.numerator, adopted.denominator) == (
        "suppressed",
        None,
        None,
        None,
    )


def test_a_note_with_a_number_beside_a_suppressed_figure_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(PROJECT, root)
    path = root / "data" / "long.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "referrals_police,2023-24 Q2,<5,,,", "referrals_police,2023-24 Q2,<5,,,Only 3 this quarter"
        ),
        encoding="utf-8",
    )
    assert [str(p) for p in load_project(root).data.warnings] == [
        "data/long.csv:7: note: warning: expected no figures in a note on a suppressed value; got 3 (notes are "
        "published as written: check it cannot reveal the suppressed figure)"
    ]


# -- the planted figures: in no byte of any output --------------------------------------------

# The fixture's data file holds these, but only behind a suppressed figure or withheld to protect
# one: a numerator and denominator behind a suppressed percentage (4817, 96323, so 5.0%); a
# percentage and numerator beside a suppressed denominator (61.3%, 3377); and the two parts
# secondary suppression withholds (1504, 1549), which with the totals would give the police's count.
PLANTED = [
    "4817",
    "4,817",
    "96323",
    "96,323",
    "5.0%",
    "61.3",
    "3377",
    "3,377",
    "1504",
    "1,504",
    "1549",
    "1,549",
]
PUBLISHED = ["19,436", "17,883"]  # found everywhere a figure is written: the search can see figures


DATA_URI = rb"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)"
PICTURE_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def output_streams(paths: dict[str, Path]) -> dict[str, bytes]:
    """Return the text of every output: pages, parts, metadata, PDF objects, and the text in its images.

    Only text is searched. A picture's compressed pixels are bytes that can hold any digits by
    chance (3377 was once found inside the base64 of a chart), so pictures are set apart: an SVG
    is text and is searched; the charts' PNGs are searched as the SVG of the same chart (see
    ``outputs``), and no figure can hide in pixels the renderers draw from text we search.
    """
    import pikepdf

    found: dict[str, bytes] = {}
    html = paths["html"].read_bytes()
    found["html"] = re.sub(DATA_URI, b"data:(picture)", html)
    for n, (mime, data) in enumerate(re.findall(DATA_URI, html)):
        if not mime.startswith(b"image/") or mime == b"image/svg+xml":
            found[f"html data URI {n} ({mime.decode()})"] = base64.b64decode(data)
    found["json"] = paths["json"].read_bytes()
    with zipfile.ZipFile(paths["docx"]) as docx:
        for name in docx.namelist():  # document, headers, footers, docProps, styles, settings
            data = docx.read(name)
            if not data.startswith(PICTURE_SIGNATURES):
                found[f"docx {name}"] = data
    with pikepdf.open(paths["pdf"]) as pdf:
        assert len(pdf.attachments) == 0
        found["pdf docinfo"] = repr({str(k): str(v) for k, v in pdf.docinfo.items()}).encode()
        with pdf.open_metadata() as xmp:
            found["pdf xmp"] = str(xmp).encode()
        strings: list[str] = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if "/Length1" in obj or obj.get("/Subtype") in ("/Type1C", "/CIDFontType0C", "/OpenType"):
                    continue  # a font program: glyph outlines, no text
                if obj.get("/Subtype") == "/Image":
                    continue  # pixels: the charts are searched as SVG instead
                try:
                    found[f"pdf stream {obj.objgen}"] = obj.read_bytes()
                except pikepdf.PdfError:
                    found[f"pdf stream {obj.objgen}"] = obj.read_raw_bytes()
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                strings += [
                    str(v)
                    for v in (obj.values() if isinstance(obj, pikepdf.Dictionary) else obj)
                    if isinstance(v, pikepdf.String)
                ]
        found["pdf strings (alt text, titles, bookmarks)"] = "\n".join(strings).encode("utf-8")
    text = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, check=True).stdout
    found["pdf text"] = text
    return found


def occurs(figure: str, data: bytes) -> bool:
    return re.search(rb"(?<![0-9])" + re.escape(figure.encode()) + rb"(?![0-9])", data) is not None


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    paths = build(PROJECT, "Q2-2023", output=tmp_path_factory.mktemp("disclosure"))
    found = output_streams({p.suffix.lstrip("."): p for p in paths})
    # The documents embed charts as PNG, whose pixels no search can read: draw the same charts
    # as SVG, where every plotted label is text, and search those too.
    from reportgen.pipeline import load_project, make_briefing, resolve_period

    project = load_project(PROJECT)
    briefing = make_briefing(project, resolve_period(project, "Q2-2023"), chart_formats=("svg",))
    for chart in briefing_charts(briefing):
        found[f"chart {chart.indicator_id} (image/svg+xml)"] = chart.svg
    return found


def test_the_search_finds_published_figures_in_every_kind_of_output(outputs: dict[str, bytes]) -> None:
    for where in ("html", "json", "docx word/document.xml", "pdf text"):
        assert all(occurs(figure, outputs[where]) for figure in PUBLISHED), where
    charts = [data for name, data in outputs.items() if "image/svg" in name]
    assert charts and any(occurs("19,436", svg) for svg in charts)  # an SVG chart labels its latest value


@pytest.mark.parametrize("figure", PLANTED)
def test_a_planted_suppressed_figure_is_in_no_output(outputs: dict[str, bytes], figure: str) -> None:
    assert [where for where, data in outputs.items() if occurs(figure, data)] == []


def test_the_report_says_which_figures_were_withheld_and_why(outputs: dict[str, bytes]) -> None:
    line = (
        "Referrals from health services, Quarter 2 2023/24: withheld, because with Number of referrals "
        "(the total) and the other figures published it would reveal the suppressed figure for Referrals from the police."
    )
    doc = json.loads(outputs["json"])
    assert line in doc["withheld"]
    assert [i["withheld"] for i in doc["indicators"]] == [False, False, False, True, False, False]
    assert line.encode() in outputs["html"]
    assert b"Figures withheld to protect small numbers" in outputs["docx word/document.xml"]
    assert b"Referrals from health services, Quarter 2 2023/24: withheld" in outputs["docx word/document.xml"]
    assert b"Figures withheld to protect small numbers" in outputs["pdf text"]
    health = next(i for i in doc["indicators"] if i["id"] == "referrals_health")
    assert "fewer than" not in health["narrative"]  # a withheld figure is not a small one
