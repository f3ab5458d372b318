"""harvest: a draft built, changed as a reviewer would in Word, and read back into the project."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reportgen.diff import word_changes
from reportgen.errors import Refusal, ReportgenError
from reportgen.harvest import harvest
from reportgen.pipeline import build
from tests.conftest import require_tool
from tests.review_helpers import (
    W,
    comment_on,
    control,
    copy_example,
    paragraph_in,
    track_changes,
    type_into,
    unlock_and_edit,
)

COMMENTARY = """\
# Commentary for Quarter 2 2023/24, kept by the performance team.
cic_reviews_in_time: Reviews stayed on time through the summer.

# re-referrals: agreed with the head of service
re_referrals_12m: Re-referrals are being audited.
"""
TYPED = "Two newly qualified workers joined the duty team in September."


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example's Word draft once, with a commentary file."""
    project = copy_example(tmp_path_factory.mktemp("draft") / "p", COMMENTARY)
    (path,) = build(project, "Q2-2023", output=project / "output" / "draft", formats=("docx",), draft=True)
    return path


def review(draft: Path, target: Path) -> Path:
    """Change the draft as a reviewer would: typed commentary, two tracked changes, two comments, an edit."""
    import docx

    document = docx.Document(str(draft))
    type_into(control(document, "commentary:initial_visits_in_time"), TYPED)
    track_changes(
        control(document, "commentary:cic_reviews_in_time"),
        "Reviews stayed on time",
        " through the summer",
        ".",
        " Two reviews were late in August.",
    )
    unlock_and_edit(control(document, "narrative:cp_plans_second_time"), "The percentage", "The share")
    narrative = paragraph_in(document, control(document, "narrative:re_referrals_12m"))
    comment_on(document, narrative, "Is the audit finished?")
    purpose = next(p for p in document.paragraphs if p.text.startswith("To provide"))
    comment_on(document, purpose, "Say which meeting.", author="Sam Chair")
    document.save(str(target))
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "p", COMMENTARY)


@pytest.fixture
def reviewed(draft: Path, tmp_path: Path) -> Path:
    return review(draft, tmp_path / "reviewed.docx")


def test_tracked_changes_in_the_commentary_are_refused_until_accepted(project: Path, reviewed: Path) -> None:
    with pytest.raises(Refusal) as info:
        harvest(project, reviewed)
    assert str(info.value) == (
        "reviewed.docx: accept or reject the 2 tracked changes in the commentary first, or harvest "
        "with --accept-changes to take them as accepted; nothing was written"
    )
    assert info.value.details == [
        "reviewed.docx: commentary of cic_reviews_in_time: deleted “through the summer” by Alex Reviewer",
        "reviewed.docx: commentary of cic_reviews_in_time: inserted “Two reviews were late in August.” by Alex Reviewer",
    ]
    assert (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8") == COMMENTARY
    assert not (project / "review").exists()


def test_harvest_writes_the_commentary_round_trip_and_lists_the_comments(
    project: Path, reviewed: Path
) -> None:
    outcome = harvest(project, reviewed, accept_changes=True)
    assert outcome.lines == [
        "initial_visits_in_time: commentary added (10 words)",
        "cic_reviews_in_time: commentary changed (10 words)",
        "cp_plans_second_time: the generated text was edited (“percentage” became “share”); not "
        "adopted: it is rewritten at every build (put the words in the commentary)",
        "commentary/2023-24-Q2.yaml: 2 indicators changed",
        "review/2023-24-Q2-comments.md: 2 comments",
    ]
    # the other entry, the comments and the order are kept; the new entry follows
    assert (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8") == (
        "# Commentary for Quarter 2 2023/24, kept by the performance team.\n"
        "cic_reviews_in_time: Reviews stayed on time. Two reviews were late in August.\n"
        "\n"
        "# re-referrals: agreed with the head of service\n"
        "re_referrals_12m: Re-referrals are being audited.\n"
        "initial_visits_in_time: >-\n"
        f"  {TYPED}\n"
    )
    assert (project / "review" / "2023-24-Q2-comments.md").read_text(encoding="utf-8") == (
        "# Review comments: Children's Services Performance Scorecard: Quarter 2 2023/24\n"
        "\n"
        "2 comments from reviewed.docx.\n"
        "\n"
        "## Purpose of the report\n"
        "\n"
        "- **Sam Chair**, 20 October 2023 on “To provide the Children and Young People Scrutiny "
        "Committee with an overview of…”: Say which meeting.\n"
        "\n"
        "## % of referrals to Social Care that are re-referrals within 12 months\n"
        "\n"
        "- **Alex Reviewer**, 20 October 2023 (in the generated text) on “The percentage of referrals "
        "to social care that were re-referrals within 12…”: Is the audit finished?\n"
    )
    assert sorted(p.relative_to(project).as_posix() for p in outcome.written) == [
        "commentary/2023-24-Q2.yaml",
        "review/2023-24-Q2-comments.md",
    ]


def test_a_second_harvest_of_the_same_file_changes_nothing(project: Path, reviewed: Path) -> None:
    harvest(project, reviewed, accept_changes=True)
    files = {p: p.read_bytes() for p in (project / "commentary").iterdir()} | {
        p: p.read_bytes() for p in (project / "review").iterdir()
    }
    again = harvest(project, reviewed, accept_changes=True)
    assert again.written == []
    assert again.lines[-2:] == [
        "commentary/2023-24-Q2.yaml: unchanged",
        "review/2023-24-Q2-comments.md: unchanged (2 comments)",
    ]
    assert {p: p.read_bytes() for p in files} == files
    assert sorted(files) == sorted([*(project / "commentary").iterdir(), *(project / "review").iterdir()])


def test_the_rebuilt_report_carries_the_reviewed_commentary_in_every_format(
    project: Path, reviewed: Path
) -> None:
    import docx

    harvest(project, reviewed, accept_changes=True)
    paths = {p.suffix: p for p in build(project, "Q2-2023", output=project / "output" / "final")}
    accepted = "Reviews stayed on time. Two reviews were late in August."
    report = {i["id"]: i for i in json.loads(paths[".json"].read_text(encoding="utf-8"))["indicators"]}
    assert report["initial_visits_in_time"]["commentary"] == TYPED
    assert report["cic_reviews_in_time"]["commentary"] == accepted
    html = paths[".html"].read_text(encoding="utf-8")
    assert f"<p>{TYPED}</p>" in html and f"<p>{accepted}</p>" in html
    pdf = subprocess.run(["pdftotext", str(paths[".pdf"]), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(pdf.stdout.split())
    assert TYPED in flat and accepted in flat
    document = docx.Document(str(paths[".docx"]))
    texts = {
        "".join(t.text or "" for t in control(document, f"commentary:{i}").iter(f"{W}t"))
        for i in ("initial_visits_in_time", "cic_reviews_in_time")
    }
    assert texts == {TYPED, accepted}


def test_a_draft_of_another_period_is_refused(project: Path, draft: Path, tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as info:
        harvest(project, draft, "Q1-2023")
    assert str(info.value) == (
        f"{draft.name}: expected a draft for Quarter 1 2023/24 (the period asked for); got a draft for "
        "Quarter 2 2023/24"
    )
    (old,) = build(project, "Q1-2023", output=tmp_path / "q1", formats=("docx",), draft=True)
    with pytest.raises(ReportgenError) as info:
        harvest(project, old)
    assert str(info.value) == (
        f"{old.name}: expected a draft for Quarter 2 2023/24 (the latest period with data; give --period "
        "for another); got a draft for Quarter 1 2023/24"
    )
    assert not (project / "review").exists()


def test_a_draft_of_another_project_is_refused(project: Path, reviewed: Path) -> None:
    config = project / "reportgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("title: Children's Services", "title: Adult Services"),
        encoding="utf-8",
    )
    with pytest.raises(ReportgenError) as info:
        harvest(project, reviewed, accept_changes=True)
    assert str(info.value) == (
        "reviewed.docx: expected a draft of 'Adult Services Performance Scorecard' for Example Borough "
        'Council; got one of "Children\'s Services Performance Scorecard" for Example Borough Council'
    )
    assert (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8") == COMMENTARY


def test_a_word_file_not_built_by_reportgen_is_refused(project: Path, tmp_path: Path) -> None:
    import docx

    other = tmp_path / "minutes.docx"
    docx.Document().save(str(other))
    with pytest.raises(ReportgenError) as info:
        harvest(project, other)
    assert str(info.value) == (
        "minutes.docx: expected a draft built by reportgen, whose document properties name its project "
        "and period; got a document without them"
    )


def test_a_changed_note_from_a_data_file_is_reported_not_adopted(
    project: Path, draft: Path, tmp_path: Path
) -> None:
    import docx

    document = docx.Document(str(draft))
    type_into(control(document, "commentary:audits_good_or_better"), "The audit programme is back.")
    document.save(str(tmp_path / "r.docx"))
    outcome = harvest(project, tmp_path / "r.docx")
    assert outcome.lines == [
        "audits_good_or_better: not adopted: the reviewed commentary differs from the note in "
        "data/quarterly.csv:7; change it there, or delete that note and harvest again",
        "commentary/2023-24-Q2.yaml: unchanged",
        "r.docx: no comments",
    ]
    assert (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8") == COMMENTARY


def test_an_emptied_commentary_box_removes_the_entry(project: Path, draft: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(draft))
    type_into(control(document, "commentary:re_referrals_12m"), "")
    document.save(str(tmp_path / "r.docx"))
    assert harvest(project, tmp_path / "r.docx").lines[0] == "re_referrals_12m: commentary removed"
    assert "re_referrals_12m" not in (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8")


def _rezip(source: Path, target: Path, name: str, change: Any) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, change(data) if item.filename == name else data)
    return target


def test_a_dtd_in_the_document_is_refused_before_parsing(project: Path, draft: Path, tmp_path: Path) -> None:
    bad = _rezip(
        draft,
        tmp_path / "entity.docx",
        "word/document.xml",
        lambda data: data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1),
    )
    with pytest.raises(ReportgenError) as info:
        harvest(project, bad)
    assert str(info.value) == (
        "expected a document without a DTD; got one in word/document.xml (entities are refused: they "
        "can expand without limit or name files)"
    )


def test_a_zip_bomb_is_refused_before_unzipping(project: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * 300_000_000)
    with pytest.raises(ReportgenError, match="^expected a document that unzips to at most 200,000,000 bytes"):
        harvest(project, bomb)


def test_word_changes_names_each_change() -> None:
    assert word_changes("a slight improvement on the quarter", "a small improvement on the last quarter") == (
        "“slight” became “small”; added “last” after “the”"
    )
    assert word_changes("one two three", "two three") == "removed “one”"


# -- LibreOffice ------------------------------------------------------------------------------------

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ReplaceAndSave(source As String, target As String, find As String, typed As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, args())
  search = doc.createSearchDescriptor()
  search.SearchString = find
  found = doc.findFirst(search)
  found.setString(typed)
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(ConvertToURL(target), save())
  doc.close(True)
End Sub
</script:module>
"""


def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_tool(soffice is not None, "LibreOffice (Debian package libreoffice-writer-nogui)")
    assert soffice is not None
    return soffice


def libreoffice_edit(source: Path, target: Path, find: str, typed: str, profile: Path) -> None:
    """Open a DOCX in LibreOffice, replace the words ``find`` with ``typed`` and save it as DOCX (a Basic macro)."""
    soffice = _soffice()
    env = f"-env:UserInstallation=file://{profile}"
    # the first start lays out the profile; the macro then goes into its Standard library
    subprocess.run([soffice, env, "--headless", "--terminate_after_init"], capture_output=True, timeout=240)
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO, encoding="utf-8")
    call = f'macro:///Standard.Module1.ReplaceAndSave("{source}","{target}","{find}","{typed}")'
    result = subprocess.run([soffice, env, "--headless", call], capture_output=True, text=True, timeout=240)
    assert target.is_file(), result.stdout + result.stderr


def test_libreoffice_opens_a_harvested_and_rebuilt_draft(
    project: Path, reviewed: Path, tmp_path: Path
) -> None:
    soffice = _soffice()
    harvest(project, reviewed, accept_changes=True)
    (rebuilt,) = build(project, "Q2-2023", output=tmp_path / "again", formats=("docx",), draft=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(rebuilt),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = tmp_path / (rebuilt.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert TYPED in text and "Reviews stayed on time. Two reviews were late in August." in text


def test_a_draft_edited_and_saved_by_libreoffice_harvests(project: Path, draft: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved-by-libreoffice.docx"
    libreoffice_edit(
        draft, saved, "Re-referrals are being audited.", "The audit found no pattern.", tmp_path / "profile"
    )
    outcome = harvest(project, saved)
    assert outcome.lines == [
        "re_referrals_12m: commentary changed (5 words)",
        "commentary/2023-24-Q2.yaml: 1 indicator changed",
        "saved-by-libreoffice.docx: no comments",
    ]
    text = (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8")
    assert "\nre_referrals_12m: The audit found no pattern.\n" in text
    assert harvest(project, saved).written == []


def test_harvest_keeps_the_officers_questions_beside_the_text(tmp_path: Path) -> None:
    import docx

    with_questions = (
        "cic_reviews_in_time:\n"
        "  text: Reviews stayed on time.\n"
        "  questions:\n"
        "    - Which teams are behind?  # asked by the chair\n"
        "re_referrals_12m:\n"
        "  questions: [When will the audit report?]\n"
        "cp_plans_second_time:\n"
        "  text: Plans are being checked.\n"
    )
    project = copy_example(tmp_path / "p", with_questions)
    (path,) = build(project, "Q2-2023", output=tmp_path / "draft", formats=("docx",), draft=True)
    document = docx.Document(str(path))
    type_into(control(document, "commentary:cic_reviews_in_time"), "Two reviews were late.")
    type_into(control(document, "commentary:re_referrals_12m"), "The audit is under way.")
    type_into(control(document, "commentary:cp_plans_second_time"), "")
    document.save(str(tmp_path / "r.docx"))
    assert harvest(project, tmp_path / "r.docx").lines == [
        "re_referrals_12m: commentary added (5 words)",
        "cp_plans_second_time: commentary removed",
        "cic_reviews_in_time: commentary changed (4 words)",
        "commentary/2023-24-Q2.yaml: 3 indicators changed",
        "r.docx: no comments",
    ]
    assert (project / "commentary" / "2023-24-Q2.yaml").read_text(encoding="utf-8") == (
        "cic_reviews_in_time:\n"
        "  text: Two reviews were late.\n"
        "  questions:\n"
        "    - Which teams are behind?  # asked by the chair\n"
        "re_referrals_12m:\n"
        "  questions: [When will the audit report?]\n"
        "  text: >-\n"
        "    The audit is under way.\n"
    )
    rebuilt = build(project, "Q2-2023", output=tmp_path / "final", formats=("json",))
    report = json.loads(rebuilt[0].read_text(encoding="utf-8"))
    assert report["possible_areas_for_investigation"][:2] == [
        "When will the audit report?",
        "Which teams are behind?",
    ]
