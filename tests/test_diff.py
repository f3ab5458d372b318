"""diff and --changes-since: what changed between a draft and the final build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportgen.diff import diff_reports
from reportgen.errors import ReportgenError
from reportgen.pipeline import build
from tests.review_helpers import copy_example


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Path]]:
    """A draft of the example, then a final build after one figure was corrected."""
    project = copy_example(tmp_path_factory.mktemp("diff") / "p")
    draft = project / "output" / "draft"
    build(project, "Q2-2023", output=draft, formats=("json",), draft=True)
    data = project / "data" / "quarterly.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace("audits_good_or_better,2023-24 Q2,52.0,", "audits_good_or_better,2023-24 Q2,49.0,")
    )
    final = project / "output" / "final"
    paths = build(
        project, "Q2-2023", output=final, formats=("pdf", "docx", "html", "json"), changes_since=draft
    )
    return draft, final, {p.suffix.lstrip("."): p for p in paths}


CHANGED = [
    "% of audits judged as good or better (audits_good_or_better)",
    "  Figure: 52.0% before, 49.0% now",
    "  RAG: green before, amber now",
    "  Narrative: “52.0%” became “49.0%”; “notable” became “slight”; “4.0” became “1.0”; “points)” "
    "became “point)”; “18.0” became “15.0”; “That beats” became “This continues to be slightly worse than”; and 2 more",
    "Summary",
    "  “Of the 31 with a target…”: “10” became “9”; “7” became “8”",
]


def test_diff_lists_figures_rag_and_words_that_changed(builds: tuple[Path, Path, dict[str, Path]]) -> None:
    draft, final, _ = builds
    assert diff_reports(draft, final) == CHANGED
    assert diff_reports(draft / "report.json", final / "report.json") == CHANGED
    assert diff_reports(final, final) == ["No changes."]


def test_diff_refuses_what_is_not_a_report(tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ReportgenError) as info:
        diff_reports(tmp_path, tmp_path / "nowhere")
    assert (
        str(info.value)
        == f"{tmp_path / 'report.json'}: expected a report.json written by reportgen build; got other JSON"
    )


def test_the_final_documents_carry_the_changes_annex(builds: tuple[Path, Path, dict[str, Path]]) -> None:
    import docx

    draft, _, paths = builds
    import json

    date = json.loads((draft / "report.json").read_text(encoding="utf-8"))["build_date"]
    heading = f"Changes since the draft of {date}"
    html = paths["html"].read_text(encoding="utf-8")
    assert f'<h2 id="changes-heading">{heading}</h2>' in html
    assert "<li>Figure: 52.0% before, 49.0% now</li>" in html
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"{heading} What has changed since the draft of {date}" in text
    assert "RAG: green before, amber now" in text
    paragraphs = [p.text for p in docx.Document(str(paths["docx"])).paragraphs]
    assert heading in paragraphs and "Figure: 52.0% before, 49.0% now" in paragraphs
