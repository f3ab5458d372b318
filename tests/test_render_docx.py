"""The Word document read back with python-docx, and converted by LibreOffice."""

from __future__ import annotations

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
