"""The shipped examples build: Sunderland's benchmarking report from the published files alone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reportgen.pipeline import build, validate
from tests.conftest import ROOT

SUNDERLAND = ROOT / "examples" / "sunderland"
GOLDEN = Path(__file__).parent / "golden" / "sunderland_2024_25.txt"


@pytest.fixture(scope="module")
def sunderland(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sunderland")
    return {p.suffix.lstrip("."): p for p in build(SUNDERLAND, "2024-25", output=out, cache=False)}


def test_it_validates_with_no_warnings() -> None:
    outcome = validate(SUNDERLAND, "2024-25", strict=True)
    assert outcome.lines() == ["reportgen: 0 errors, 0 warnings for 2024-25"]


def test_its_data_are_the_shared_files_as_downloaded() -> None:
    shared = Path("/work/shared/data/ees")
    if not shared.is_dir():
        pytest.skip("the shared files are not on this machine")
    for path in sorted((SUNDERLAND / "data" / "ees").glob("*.csv")):
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name
    assert "Open Government Licence v3.0" in (SUNDERLAND / "data" / "ees" / "README.md").read_text(
        encoding="utf-8"
    )


def _pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(done.stdout.split())


def test_its_pdf_reads_back_as_a_benchmarking_report(sunderland: dict[str, Path]) -> None:
    assert sorted(sunderland) == ["docx", "html", "json", "pdf", "xlsx"]
    text = _pdf_text(sunderland["pdf"])
    for phrase in (
        "Sunderland City Council",
        "Children's Social Care Benchmarking Report 2024/25",
        "Of the 7 indicators ranked among all councils,",
        "It ranks 136th of 151 councils, in the bottom quartile (D).",
        "the 4.2% average of 8 of our 10 statistical neighbours",
        "The agency social worker rate was less than 0.05% in 2024/25: the published figure rounds to zero but is not zero.",
        "Rank (quartile)",
        "Low reliability: the publisher marks the figure u",
        "Sources and methods",
        "Sunderland's statistical neighbours are Gateshead, South Tyneside, County Durham, Barnsley, St. Helens, "
        "Halton, Tameside, Redcar and Cleveland, Wakefield, Darlington.",
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ):
        assert phrase in text, phrase


@pytest.mark.golden
def test_its_text_matches_the_golden_file(sunderland: dict[str, Path]) -> None:
    from tests.test_pipeline import docx_text

    text = docx_text(sunderland["docx"])
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "run `make golden` after a deliberate change"
