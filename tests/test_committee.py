"""The committee's own conventions (cover block, numbered paragraphs, reasons) and the exception report."""

from __future__ import annotations

import json
import subprocess
from html import escape
from pathlib import Path
from typing import Any

import pytest

from reportgen.briefing import EXCEPTION_PURPOSE
from reportgen.pipeline import build
from tests.conftest import struct_elements
from tests.review_helpers import copy_example
from tests.test_render_html import run_axe

CONVENTIONS = """
cover:
  report_of: Director of Children's Services
  wards_affected: All wards
  key_decision: false
  classification: Open with an exempt appendix
  exempt_paragraph: [1, 3]
  contact: {name: "Jo Bloggs, Head of Performance", email: jo.bloggs@example.gov.uk, telephone: 01234 567890}
  appendices: ["Appendix A: Scorecard data"]
background_papers: [Children's Services Improvement Plan 2023-25]
reasons_for_recommendations:
  - Members scrutinise performance each quarter under the committee's terms of reference.
numbered_paragraphs: true
"""
COVER = [
    ("Report of", "Director of Children's Services"),
    ("Wards affected", "All wards"),
    ("Key decision", "No"),
    ("Classification", "Open with an exempt appendix"),
    ("Exempt information", "Paragraphs 1 and 3 of Schedule 12A to the Local Government Act 1972"),
    ("Contact officer", "Jo Bloggs, Head of Performance, jo.bloggs@example.gov.uk, 01234 567890"),
    ("Appendices", "Appendix A: Scorecard data"),
    ("Background papers", "Children's Services Improvement Plan 2023-25"),
]
PURPOSE = "1.1 To provide the Children and Young People Scrutiny Committee with an overview of performance"


@pytest.fixture(scope="module")
def committee(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the example with every committee convention set, in PDF, DOCX and HTML."""
    project = copy_example(tmp_path_factory.mktemp("committee") / "p")
    config = project / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + CONVENTIONS, encoding="utf-8")
    paths = build(
        project, "Q2-2023", output=project / "output" / "c", formats=("pdf", "docx", "html", "json")
    )
    return {p.suffix.lstrip("."): p for p in paths}


def _pdf_text(path: Path) -> str:
    return " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )


def test_the_cover_block_is_in_every_format(committee: dict[str, Path]) -> None:
    import docx

    html = committee["html"].read_text(encoding="utf-8")
    pdf = _pdf_text(committee["pdf"])
    paragraphs = [p.text for p in docx.Document(str(committee["docx"])).paragraphs]
    for label, value in COVER:
        html_value = value.replace("'", "&#39;")
        assert f'<tr><th scope="row">{label}</th><td>{html_value}</td></tr>' in html, label
        assert f"{label} {value}" in pdf, label
        assert f"{label}: {value}" in paragraphs, label


def test_paragraphs_are_numbered_in_every_format(committee: dict[str, Path]) -> None:
    import docx

    html = committee["html"].read_text(encoding="utf-8")
    assert '<h2 id="purpose-heading">1. Purpose of the report</h2>' in html
    assert '<p><span class="para-number">1.1</span> To provide the Children' in html
    assert '<li><span class="para-number">10.1</span> That the Committee notes' in html
    assert '<h2 id="reasons-heading">11. Reasons for the recommendations</h2>' in html
    pdf = _pdf_text(committee["pdf"])
    assert f"1. Purpose of the report {PURPOSE}" in pdf
    assert "10. Recommendations 10.1 That the Committee notes" in pdf
    assert "11.1 Members scrutinise performance each quarter" in pdf
    document = docx.Document(str(committee["docx"]))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["1. Purpose of the report"] == "Heading 1"
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith(PURPOSE.replace("1.1 ", "1.1\t")) for t in texts)
    assert "10.1\tThat the Committee notes the performance set out in this report." in texts
    # an indicator's generated paragraph carries its number too, inside its locked control
    report = json.loads(committee["json"].read_text(encoding="utf-8"))
    first = report["indicators"][0]["narrative"]
    assert f'<p class="narrative"><span class="para-number">4.1</span> {first[:40]}' in html


def test_the_committee_html_has_no_wcag_21_aa_violations(committee: dict[str, Path]) -> None:
    report = run_axe(committee["html"])
    assert report["violations"] == [], json.dumps(report["violations"], indent=1)


def test_the_committee_pdf_is_tagged_with_its_cover_as_a_table(committee: dict[str, Any]) -> None:
    import pikepdf

    with pikepdf.open(committee["pdf"]) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        kinds = [str(e.S) for e in struct_elements(pdf.Root.StructTreeRoot.K)]
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI"} <= set(kinds)
        figures = [e for e in struct_elements(pdf.Root.StructTreeRoot.K) if e.S == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)


def test_an_exempt_paragraph_outside_schedule_12a_is_one_line(tmp_path: Path) -> None:
    from reportgen.errors import InputProblems
    from reportgen.pipeline import load_project

    project = copy_example(tmp_path / "p")
    config = project / "reportgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "cover:\n  exempt_paragraph: 20\n", encoding="utf-8"
    )
    with pytest.raises(InputProblems) as info:
        load_project(project)
    assert [str(p) for p in info.value.problems] == [
        "reportgen.yaml:33: exempt_paragraph: expected a paragraph number of Schedule 12A, 1 to 18; got 20"
    ]


# -- the exception report ---------------------------------------------------------------------------

PAGE_BUDGET = (
    31  # A4 pages for the example's exception report: 30 since each scorecard keeps with its first indicator
)


@pytest.fixture(scope="module")
def exception(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.conftest import ROOT

    out = tmp_path_factory.mktemp("exception")
    paths = build(ROOT, "Q2-2023", output=out, formats=("pdf", "html", "json"), exception=True, cache=False)
    return {p.suffix.lstrip("."): p for p in paths}


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def test_the_exception_report_of_the_example_meets_its_page_budget(
    exception: dict[str, Path], example_build: dict[str, Path]
) -> None:
    assert _pages(exception["pdf"]) <= PAGE_BUDGET < _pages(example_build["pdf"])


def test_the_exception_report_keeps_every_indicator_in_its_tables_and_report_json(
    exception: dict[str, Path],
) -> None:
    from reportgen.assess import needs_attention
    from reportgen.charts import charted
    from reportgen.pipeline import load_project, make_briefing, resolve_period
    from tests.conftest import ROOT

    html = exception["html"].read_text(encoding="utf-8")
    assert f"<p>{EXCEPTION_PURPOSE.replace(chr(39), '&#39;')}</p>" in html
    project = load_project(ROOT)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    full = [a for a in b.assessments if needs_attention(a)]
    brief = [a for a in b.assessments if not needs_attention(a)]
    assert (len(full), len(brief)) == (29, 15)  # fostering enquiries 27 to 25: within chance, so slight
    # a chart for each, unless it has too few figures to draw one
    assert (
        html.count('<figure class="chart">') == sum(1 for a in full if charted(a) or a.spc is not None) == 28
    )
    for a in brief:
        assert f'id="ind-{a.indicator.id}"' not in html
        title = escape(a.indicator.title, quote=False).replace("'", "&#39;")
        assert html.count(f'<th scope="row">{title}</th>') == 2  # its scorecard row and its one line
    assert '<caption id="good-management-others-caption">Good Management: other indicators</caption>' in html
    report = json.loads(exception["json"].read_text(encoding="utf-8"))
    assert len(report["indicators"]) == 44
    assert all(i["narrative"] for i in report["indicators"])


def test_needs_attention_takes_red_amber_and_notable_declines() -> None:
    from dataclasses import replace

    from reportgen.assess import Comparison, needs_attention
    from reportgen.periods import parse_period
    from reportgen.pipeline import load_project, make_briefing, resolve_period
    from tests.conftest import ROOT

    project = load_project(ROOT)
    b = make_briefing(project, resolve_period(project, "Q2-2023"), with_charts=False)
    green = next(a for a in b.assessments if a.rag == "green")
    before = parse_period("2023-24 Q1")
    slight = Comparison(before, 1.0, -1.0, "decrease", "declined", "slight")
    assert not needs_attention(replace(green, previous=slight))
    assert needs_attention(replace(green, previous=replace(slight, magnitude="notable")))
    assert needs_attention(replace(green, previous=replace(slight, magnitude="significant")))
    assert not needs_attention(
        replace(green, previous=replace(slight, performance="improved", magnitude="significant"))
    )
    assert needs_attention(replace(green, rag="amber", previous=None))
    assert needs_attention(replace(green, rag="red", previous=None))
    judged = next(a for a in b.assessments if a.spc is not None)
    calm = replace(green, previous=None, spc=replace(judged.spc, variation="common_cause"))
    assert not needs_attention(calm)
    assert needs_attention(replace(calm, spc=replace(judged.spc, variation="concern_low")))
    assert not needs_attention(replace(calm, spc=replace(judged.spc, variation="improvement_high")))
