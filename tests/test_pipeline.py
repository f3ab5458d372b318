"""End-to-end: build the shipped example and read the documents back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen.pipeline import build, load_project, make_briefing, resolve_period
from tests.conftest import ROOT, struct_elements

GOLDEN = Path(__file__).parent / "golden" / "example_q2_2023.txt"

# The seed scorecard's symbols for Quarter 1 2023/24, in its row order.
SEED_Q1_SYMBOLS = {
    "audits_good_or_better": "●",
    "two_or_fewer_social_workers_6m": "●",
    "re_referrals_12m": "▲",
    "initial_visits_in_time": "▲",
    "contact_decisions_in_time": "▲",
    "single_assessments_45_days": "●",
    "cp_plans_second_time": "▲",
    "cp_plans_2_years_plus": "▲",
    "strategy_discussions_5_days": "★",
    "cic_fostered_in_house": "●",
    "cic_long_term_stability": "▲",
    "cic_reviews_in_time": "★",
    "cic_3_plus_placements": "▲",
    "cic_persistently_absent": "▲",
    "cic_readmitted_12m": "★",
    "care_leavers_suitable_accommodation": "●",
    "care_leavers_eet": "▲",
    "days_lost_sickness_fte": "★",
    "days_lost_long_term_sickness_fte": "★",
    "days_lost_stress_fte": "★",
    "appraisals_completed": "",
    "staff_turnover": "",
    "riddor_reports": "★",
    "audit_recommendations_overdue": "▲",
}


def test_build_writes_every_format(example_build: dict[str, Path]) -> None:
    assert sorted(example_build) == ["docx", "html", "json", "pdf", "xlsx"]
    assert example_build["pdf"].name == "childrens-services-performance-scorecard-q2-2023.pdf"
    assert example_build["json"].name == "report.json"
    assert all(p.stat().st_size > 0 for p in example_build.values())


def test_two_builds_of_the_same_inputs_are_byte_identical(
    example_build: dict[str, Path], tmp_path: Path
) -> None:
    again = {p.suffix.lstrip("."): p for p in build(ROOT, "Q2-2023", output=tmp_path, cache=False)}
    for fmt in ("pdf", "docx", "html", "json", "xlsx"):
        assert again[fmt].read_bytes() == example_build[fmt].read_bytes(), fmt


def test_q1_reproduces_every_symbol_of_the_seed_scorecard() -> None:
    project = load_project(ROOT)
    briefing = make_briefing(project, resolve_period(project, "Q1-2023"), with_charts=False)
    got = {a.indicator.id: a.symbol for a in briefing.assessments if a.indicator.id in SEED_Q1_SYMBOLS}
    assert got == SEED_Q1_SYMBOLS


def test_report_json_follows_the_contract(example_build: dict[str, Path]) -> None:
    doc = json.loads(example_build["json"].read_text(encoding="utf-8"))
    assert doc["period"] == "2023-24 Q2"
    assert doc["authority"] == "Example Borough Council"
    first = doc["indicators"][0]
    for key in (
        "id",
        "title",
        "section",
        "period",
        "value",
        "display_value",
        "target",
        "rag",
        "direction",
        "performance",
        "vs_same_period_last_year",
        "comparators",
        "narrative",
    ):
        assert key in first
    assert {i["rag"] for i in doc["indicators"]} <= {"green", "amber", "red", "none"}
    assert {i["direction"] for i in doc["indicators"]} <= {"increase", "decrease", "no change", None}
    rr = next(i for i in doc["indicators"] if i["id"] == "re_referrals_12m")
    assert rr["comparators"]["statistical_neighbours"] == {"value": 20.1, "year": None, "position": "worse"}


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_pdf_holds_every_section_table_narrative_and_chart(example_build: dict[str, Path]) -> None:
    import pikepdf

    text = _norm(_pdf_text(example_build["pdf"]))
    doc = json.loads(example_build["json"].read_text(encoding="utf-8"))
    for heading in (
        "Purpose of the report",
        "Summary",
        "Key to symbols",
        "Recommendations",
        "Quality Assurance",
        "Contact Activity",
        "Children in Care",
        "Good Management",
    ):
        assert heading in text
    assert "Page 1 of" in text
    assert "figures in this report are illustrative" in text
    for ind in doc["indicators"]:
        # the first sentence of every narrative, and the table's title cell
        first_sentence = ind["narrative"].split(". ")[0]
        assert _norm(first_sentence) in text, ind["id"]
    with pikepdf.open(example_build["pdf"]) as pdf:
        figures = [
            str(e.Alt)
            for e in struct_elements(pdf.Root.StructTreeRoot.K)
            if e.get("/S") == "/Figure" and "/Alt" in e
        ]
        # one chart per indicator with three figures or more (two have only two): the SPC chart
        # where SPC judged it, else the trend chart; and the logo
        spc = [f for f in figures if f.startswith("Statistical process control chart of ")]
        assert len(spc) == sum(1 for ind in doc["indicators"] if ind["spc"]) == 7
        assert (
            len([f for f in figures if f.startswith("Line chart of ")])
            == len(doc["indicators"]) - 7 - 2
            == 35
        )
        assert figures[0] == "Example Borough Council logo"
        assert str(pdf.Root.Lang) == "en-GB"


def test_docx_has_headings_tables_narratives_and_described_charts(example_build: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(example_build["docx"]))
    doc = json.loads(example_build["json"].read_text(encoding="utf-8"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Children's Social Care" in headings and "Quality Assurance" in headings
    body = docx_text(example_build["docx"])  # the narratives sit in locked content controls
    for ind in doc["indicators"]:
        assert ind["narrative"] in body
        assert ind["title"] in headings
    scorecards = [t for t in document.tables if t.rows[0].cells[0].text == "Indicator"]
    assert len(scorecards) == 10
    assert scorecards[0].rows[0].cells[-2].text == "Status"
    pictures = [shape._inline.docPr.get("descr", "") for shape in document.inline_shapes]
    assert pictures[0] == "Example Borough Council logo"
    charts = [
        p for p in pictures if p.startswith(("Line chart of ", "Statistical process control chart of "))
    ]
    assert len(charts) == len(doc["indicators"]) - 2  # two indicators have too few figures for a chart
    # the SPC icons: ten in the key, and a variation icon (and an assurance icon where there is a
    # target) in each judged row
    icons = [p for p in pictures[1:] if p not in charts]
    judged = [ind["spc"] for ind in doc["indicators"] if ind["spc"]]
    assert len(icons) == 10 + len(judged) + sum(1 for s in judged if s["assurance"])
    assert document.core_properties.title == "Children's Services Performance Scorecard: Quarter 2 2023/24"
    assert document.core_properties.language == "en-GB"


def _text(node: object) -> str:
    """Return a WordprocessingML node's own text: w:t as is, a line break as a space."""
    tag = getattr(node, "tag", "")
    if tag.endswith("}t"):
        return getattr(node, "text", None) or ""
    return " " if tag.endswith("}br") else ""


def docx_text(path: Path) -> str:
    """Return the DOCX's text, tables included, in document order."""
    import docx

    document = docx.Document(str(path))
    lines = []
    blocks = []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}sdt"):  # a content control: read what it holds
            blocks += [c for content in block if content.tag.endswith("}sdtContent") for c in content]
        else:
            blocks.append(block)
    for block in blocks:
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(_text(t) for t in block.iter())
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(_text(t) for t in c.iter()) for c in row if c.tag.endswith("}tc")]
                    lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


@pytest.mark.golden
def test_example_text_matches_the_golden_file(example_build: dict[str, Path]) -> None:
    text = docx_text(example_build["docx"])
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "run `make golden` after a deliberate change"


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "output", ".git", "tests"))
    out = tmp_path / "out"
    build(project, "Q2-2023", output=out, formats=("json",))
    before = (out / "report.json").read_bytes()
    (project / "data" / "quarterly.csv").write_text("indicator,period,value\nnope,2023-24 Q2,1\n")
    from reportgen.errors import InputProblems

    with pytest.raises(InputProblems):
        build(project, "Q2-2023", output=out, formats=("json",))
    assert (out / "report.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out", "p"]  # the lock file stays


def test_period_after_the_data_names_the_latest_available() -> None:
    from reportgen.errors import ReportgenError

    project = load_project(ROOT)
    expected = (
        r"period: no data for Quarter 4 2023/24 \(2023-24 Q4\); "
        r"the latest period with data is Quarter 2 2023/24 \(2023-24 Q2\)"
    )
    with pytest.raises(ReportgenError, match=expected):
        resolve_period(project, "Q4-2023")


def _broken_pdf(*_args: object, **_kwargs: object) -> None:
    """Stand in for the PDF renderer, failing as a user error would (module level: it is pickled)."""
    from reportgen.errors import ReportgenError

    raise ReportgenError("chart for x has no alt text; refusing to publish it")


def test_a_failure_in_the_background_pdf_comes_back_as_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.errors import ReportgenError
    from reportgen.render import pdf as render_pdf

    monkeypatch.setattr(render_pdf, "render_pdf", _broken_pdf)
    out = tmp_path / "out"
    with pytest.raises(ReportgenError, match="^chart for x has no alt text; refusing to publish it$"):
        build(
            ROOT,
            "Q2-2023",
            output=out,
            formats=(
                "pdf",
                "json",
            ),
            cache=False,
        )
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [".out.lock"]  # no staging folder left behind


def _broken_docx(*_args: object) -> None:
    raise AssertionError("the DOCX should have come from the cache")


def test_unchanged_inputs_reuse_the_documents_and_a_change_lays_them_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.errors import ReportgenError
    from reportgen.render import docx as render_docx
    from reportgen.render import pdf as render_pdf

    project = tmp_path / "p"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "output", ".git", "tests", ".reportgen-cache", "node_modules"),
    )
    first = {
        p.suffix: p.read_bytes()
        for p in build(project, "Q2-2023", output=tmp_path / "a", formats=("pdf", "docx", "json"))
    }
    assert len(list((project / ".reportgen-cache" / "charts").glob("*.png"))) == 42
    monkeypatch.setattr(render_pdf, "render_pdf", _broken_pdf)
    monkeypatch.setattr(render_docx, "render_docx", _broken_docx)
    again = {
        p.suffix: p.read_bytes()
        for p in build(project, "Q2-2023", output=tmp_path / "b", formats=("pdf", "docx", "json"))
    }
    assert again == first
    data = project / "data" / "quarterly.csv"
    data.write_text(
        data.read_text().replace(
            "audits_good_or_better,2023-24 Q2,52.0", "audits_good_or_better,2023-24 Q2,51.0"
        )
    )
    with pytest.raises((ReportgenError, AssertionError)):
        build(project, "Q2-2023", output=tmp_path / "c", formats=("pdf", "docx", "json"))


def test_a_damaged_chart_in_the_cache_is_drawn_again(tmp_path: Path, example_build: dict[str, Path]) -> None:
    project = tmp_path / "p"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "output", ".git", "tests", ".reportgen-cache", "node_modules"),
    )
    first = {
        p.suffix: p.read_bytes()
        for p in build(project, "Q2-2023", output=tmp_path / "a", formats=("pdf", "json"))
    }
    # with the cache on, the PDF process is handed the paged HTML the cache key was made from
    assert first[".pdf"] == example_build["pdf"].read_bytes()
    cached = sorted((project / ".reportgen-cache" / "charts").glob("*.png"))
    cached[0].write_bytes(b"")  # as a full disk might leave it
    cached[1].write_bytes(b"<html>not a picture</html>")
    shutil.rmtree(project / ".reportgen-cache" / "documents")  # so the PDF is laid out again
    again = {
        p.suffix: p.read_bytes()
        for p in build(project, "Q2-2023", output=tmp_path / "b", formats=("pdf", "json"))
    }
    assert again == first
    assert cached[0].read_bytes().startswith(b"\x89PNG") and cached[1].read_bytes().startswith(b"\x89PNG")


def test_the_example_shows_every_spc_icon_in_json_scorecards_and_key(example_build: dict[str, Path]) -> None:
    from reportgen.spc import ASSURANCE_WORDS, VARIATION_WORDS

    doc = json.loads(example_build["json"].read_text(encoding="utf-8"))
    by_id = {ind["id"]: ind for ind in doc["indicators"]}
    judged = {i: ind["spc"] for i, ind in by_id.items() if ind["spc"]}
    assert {s["variation"] for s in judged.values()} == set(VARIATION_WORDS)
    assert {s["assurance"] for s in judged.values()} - {None} == set(ASSURANCE_WORDS)
    assert by_id["re_referrals_12m"]["spc"] is None  # six quarters: too few
    spc = by_id["contacts_decided_24h"]["spc"]
    assert (spc["variation"], spc["assurance"], len(spc["points"])) == ("common_cause", "hit_or_miss", 33)
    assert set(spc["points"][0]) == {
        "period",
        "value",
        "mean",
        "lower_limit",
        "upper_limit",
        "special_cause",
        "rules",
    }
    assert spc["points"][-1]["period"] == "2023-09" and spc["points"][-1]["value"] == 88.5
    days = by_id["days_to_assessment"]["spc"]["points"]
    # the recalculation in April 2022 gives the months from it their own mean
    assert days[14]["mean"] != days[15]["mean"] == days[-1]["mean"]
    assert days[-1]["rules"] == ["trend"] and days[-1]["special_cause"] == "improvement"
    html = example_build["html"].read_text(encoding="utf-8")
    for words in [*VARIATION_WORDS.values(), *ASSURANCE_WORDS.values()]:
        assert f'alt="{words}"' in html  # in the key, and in a scorecard row
    assert html.count('class="icon"') == 10 + len(judged) + sum(1 for s in judged.values() if s["assurance"])
    assert "Missed this month, but within normal variation: on the current process the target of 90% " in html


def test_too_few_points_for_spc_is_said_once(example_build: dict[str, Path]) -> None:
    doc = json.loads(example_build["json"].read_text(encoding="utf-8"))
    unjudged = [
        ind
        for ind in doc["indicators"]
        if ind["spc"] is None and ind["value"] is not None and "Q" in ind["period"]
    ]
    html = example_build["html"].read_text(encoding="utf-8")
    sentence = (
        f"{len(unjudged)} indicators have fewer than 13 figures in a row since a gap or a change of process"
    )
    assert html.count(sentence) == 1
    assert html.count("fewer than 13") == 1
    assert "Indicators by variation (rows) and assurance (columns)" in html


def test_an_officers_questions_come_first_under_possible_areas_for_investigation(tmp_path: Path) -> None:
    from reportgen.briefing import INVESTIGATION_INTRO, RAISED_AND_DRAFTED_INTRO, RAISED_INTRO
    from tests.review_helpers import copy_example

    asked = ("When will the audit of re-referrals report?", "Which teams are behind on reviews?")
    project = copy_example(
        tmp_path / "p",
        "cic_reviews_in_time:\n"
        "  text: Reviews stayed on time.\n"
        f"  questions: ['{asked[1]}']\n"
        f"re_referrals_12m:\n  questions: ['{asked[0]}']\n",
    )
    paths = {p.suffix: p for p in build(project, "Q2-2023", output=tmp_path / "out")}
    report = json.loads(paths[".json"].read_text(encoding="utf-8"))
    drafted = report["possible_areas_for_investigation"][2:]
    assert report["possible_areas_for_investigation"][:2] == list(asked)  # in the order of the report
    assert drafted and not set(asked) & set(drafted)
    by_id = {i["id"]: i for i in report["indicators"]}
    assert by_id["re_referrals_12m"]["questions"] == [asked[0]]
    assert by_id["re_referrals_12m"]["commentary"] is None
    assert by_id["cic_reviews_in_time"]["commentary"] == "Reviews stayed on time."
    expected = " ".join([RAISED_INTRO, *asked, RAISED_AND_DRAFTED_INTRO, drafted[0]])
    pdf = subprocess.run(["pdftotext", str(paths[".pdf"]), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(pdf.stdout.split()).replace("• ", "")
    for text in (flat, " ".join(docx_text(paths[".docx"]).split())):
        assert expected in text
        assert INVESTIGATION_INTRO not in text
