"""The Word document read back with python-docx, and converted by LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_tool

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def document(example_build: dict[str, Path]) -> Any:
    import docx

    return docx.Document(str(example_build["docx"]))


def test_every_image_has_a_description(document: Any) -> None:
    from docx.oxml.ns import qn

    parts = [document.element] + [s.header._element for s in document.sections]
    props = [p for part in parts for p in part.iter(qn("wp:docPr"))]
    assert len(props) >= 30
    for prop in props:
        assert prop.get("descr", "").strip(), prop.get("name")


def test_headings_use_heading_styles(document: Any, example_build: dict[str, Path]) -> None:
    import json

    report = json.loads(example_build["json"].read_text(encoding="utf-8"))
    styles = {p.text: p.style.name for p in document.paragraphs}
    for ind in report["indicators"]:
        assert styles[ind["title"]] in ("Heading 2", "Heading 3"), ind["title"]
    for heading in ("Purpose of the report", "Summary", "Key to symbols", "Recommendations"):
        assert styles[heading] == "Heading 1"
    assert styles["Children's Services Performance Scorecard"] == "Title"


def test_every_tables_first_row_repeats_and_no_row_splits(document: Any) -> None:
    assert len(document.tables) >= 12
    for table in document.tables:
        rows = table._tbl.findall(f"{W}tr")
        first = rows[0].find(f"{W}trPr")
        assert first is not None and first.find(f"{W}tblHeader") is not None
        for row in rows:
            assert row.find(f"{W}trPr/{W}cantSplit") is not None


def test_core_properties_are_set(document: Any) -> None:
    props = document.core_properties
    assert props.title == "Children's Services Performance Scorecard: Quarter 2 2023/24"
    assert props.author == "Performance and Intelligence Team"
    assert props.subject == "Children's Services Performance Scorecard, Quarter 2 2023/24"
    assert props.language == "en-GB"


def test_libreoffice_converts_the_docx_to_pdf(example_build: dict[str, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (Debian package libreoffice-writer-nogui)")
    assert soffice is not None
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(example_build["docx"]),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / (example_build["docx"].stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 100_000, result.stdout + result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Key to symbols" in text and "Recommendations" in text


def test_commentary_sits_in_tagged_content_controls(document: Any, example_build: dict[str, Path]) -> None:
    import json

    report = json.loads(example_build["json"].read_text(encoding="utf-8"))
    every = document.element.body.findall(f"{W}sdt")
    tags = [c.find(f"{W}sdtPr/{W}tag").get(f"{W}val") for c in every]
    assert tags == [f"{kind}:{i['id']}" for i in report["indicators"] for kind in ("narrative", "commentary")]
    ids = [c.find(f"{W}sdtPr/{W}id").get(f"{W}val") for c in every]
    assert len(set(ids)) == len(ids)
    controls = [c for c, tag in zip(every, tags, strict=True) if tag.startswith("commentary:")]
    assert controls[0].find(f"{W}sdtPr/{W}alias").get(f"{W}val") == (
        "Officer commentary: % of audits judged as good or better [audits_good_or_better]"
    )
    assert all(c.find(f"{W}sdtPr/{W}lock") is None for c in controls)
    for control, ind in zip(controls, report["indicators"], strict=True):
        text = "".join(t.text for t in control.iter(f"{W}t"))
        empty = control.find(f"{W}sdtPr/{W}showingPlcHdr") is not None
        if ind["commentary"]:
            assert text == ind["commentary"] and not empty
        else:
            assert text == "Officer commentary" and empty


def test_generated_paragraphs_sit_in_locked_content_controls(
    document: Any, example_build: dict[str, Path]
) -> None:
    import json

    report = json.loads(example_build["json"].read_text(encoding="utf-8"))
    every = document.element.body.findall(f"{W}sdt")
    narrative = [c for c in every if c.find(f"{W}sdtPr/{W}tag").get(f"{W}val").startswith("narrative:")]
    assert len(narrative) == len(report["indicators"])
    for control, ind in zip(narrative, report["indicators"], strict=True):
        assert control.find(f"{W}sdtPr/{W}lock").get(f"{W}val") == "sdtContentLocked"
        assert control.find(f"{W}sdtPr/{W}alias").get(f"{W}val").endswith(f" [{ind['id']}]")
        assert "".join(t.text for t in control.iter(f"{W}t")) == ind["narrative"]


def test_the_project_and_period_are_custom_properties(example_build: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(example_build["docx"]) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    names = re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)<', custom)
    assert names == [
        ("reportgen.authority", "Example Borough Council"),
        ("reportgen.title", "Children's Services Performance Scorecard"),
        ("reportgen.period", "2023-24 Q2"),
    ]
    assert 'PartName="/docProps/custom.xml"' in types


def test_contents_field_updates_on_opening(document: Any) -> None:
    instructions = [t.text for t in document.element.body.iter(f"{W}instrText")]
    assert instructions == [' TOC \\o "1-3" \\h \\z \\u ']
    flag = document.settings.element.find(f"{W}updateFields")
    assert flag is not None and flag.get(f"{W}val") == "true"


def test_language_is_uk_english_for_the_spellchecker(document: Any) -> None:
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == "en-GB"
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        lang = document.styles[name].element.find(f"{W}rPr/{W}lang")
        assert lang is not None and lang.get(f"{W}val") == "en-GB", name


def test_tables_use_the_reference_table_style(document: Any) -> None:
    assert {t.style.name for t in document.tables} == {"Scorecard Table"}


def test_page_numbers_in_the_footer(document: Any) -> None:
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def _house_project(tmp_path: Path, reference: Path) -> Path:
    from tests.conftest import ROOT

    project = tmp_path / "p"
    shutil.copytree(
        ROOT, project, ignore=shutil.ignore_patterns(".venv", "output", ".git", "tests", "node_modules")
    )
    shutil.copy(reference, project / "house.docx")
    config = project / "reportgen.yaml"
    text = re.sub(r"branding:\n(  .*\n)+", "", config.read_text(encoding="utf-8"))  # its font would win
    config.write_text(text + "docx_reference: house.docx\n", encoding="utf-8")
    return project


def test_a_house_template_from_reportgen_yaml_supplies_the_styles(tmp_path: Path) -> None:
    import docx

    from reportgen.pipeline import build

    house = docx.Document()  # Word's defaults: no Scorecard Table, so Table Grid is used
    house.styles["Heading 1"].font.name = "Georgia"
    house.save(str(tmp_path / "house.docx"))
    project = _house_project(tmp_path, tmp_path / "house.docx")
    (path,) = build(project, "Q2-2023", output=tmp_path / "out", formats=("docx",))
    out = docx.Document(str(path))
    assert out.styles["Heading 1"].font.name == "Georgia"
    assert {t.style.name for t in out.tables} == {"Table Grid"}


def test_a_missing_house_template_is_one_line(tmp_path: Path) -> None:
    from reportgen.errors import InputProblems
    from reportgen.pipeline import load_project

    project = _house_project(tmp_path, Path(__file__))
    (project / "house.docx").unlink()
    with pytest.raises(InputProblems) as info:
        load_project(project)
    assert [str(p) for p in info.value.problems] == [
        "reportgen.yaml: docx_reference: expected a .docx file in the project; got 'house.docx' (not found)"
    ]


def test_the_link_to_the_questions_points_at_a_bookmark_on_their_heading(document: Any) -> None:
    body = document.element.body
    (link,) = body.iter(f"{W}hyperlink")
    assert "".join(t.text for t in link.iter(f"{W}t")) == "Possible areas for investigation"
    anchor = link.get(f"{W}anchor")
    marked = [
        p
        for p in body.iter(f"{W}p")
        if any(b.get(f"{W}name") == anchor for b in p.findall(f"{W}bookmarkStart"))
    ]
    assert [
        ("".join(t.text for t in p.iter(f"{W}t")), p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")) for p in marked
    ] == [("Possible areas for investigation", "Heading1")]
    run = link.find(f"{W}r/{W}rPr")
    assert run.find(f"{W}u") is not None  # underlined, not colour alone


def test_a_key_table_is_kept_on_one_page(document: Any) -> None:
    keys = [t for t in document.tables if t.rows[0].cells[0].text in ("Symbol", "Basis", "Polarity", "Icon")]
    assert len(keys) >= 4
    for table in keys:
        kept = [r.cells[0].paragraphs[0].paragraph_format.keep_with_next is True for r in table.rows]
        assert kept == [True] * (len(table.rows) - 1) + [False]


def test_a_scorecards_status_words_are_set_as_their_column_was_measured(document: Any) -> None:
    # the widths are measured for regular type (as report.css prints them): bold would break
    # "Significantly" (the status word of an earlier key) inside the word in Word and LibreOffice
    statuses = [
        row.cells[[c.text for c in table.rows[0].cells].index("Status")]
        for table in document.tables
        if "Status" in [c.text for c in table.rows[0].cells]
        for row in table.rows[1:]
    ]
    worded = [c for c in statuses if "Outside tolerance" in c.text]
    assert len(worded) >= 10
    assert all(run.bold is not True for c in worded for run in c.paragraphs[0].runs)
