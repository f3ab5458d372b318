"""Every council at once: a report per council, the files read once, a failure that stops no other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen import cli
from reportgen.councils import build_councils
from reportgen.errors import InputProblems
from reportgen.pipeline import BuildOptions
from reportgen.published import READS
from tests.test_published import GROUPINGS, MEASURES, write_project

SOME = {k: MEASURES[k] for k in ("rereferrals", "caseload", "referrals")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", SOME)


def test_one_report_per_council_with_a_summary_and_each_file_read_once(project: Path, tmp_path: Path) -> None:
    before = dict(READS)
    seen: list[tuple[int, int, str]] = []
    done = build_councils(
        project,
        "2024-25",
        "E08000024, Camden,Cumberland",
        BuildOptions(output=tmp_path / "out", formats=("json",), strict=True, cache=False, workers=2),
        lambda *step: seen.append(step),
    )
    # Cumberland is not in the April 2021 groupings: a warning, so under --strict its build fails
    assert [(r.authority.name, r.built) for r in done.results] == [
        ("Camden", True),
        ("Cumberland", False),
        ("Sunderland", True),
    ]
    assert sorted(n for n, _, _ in seen) == [1, 2, 3] and {t for _, t, _ in seen} == {3}
    assert done.failed[0].error == (
        "reportgen.yaml: statistical_neighbours: expected Cumberland (old_la_code 942) in "
        f"data/ees/{GROUPINGS}; not found, so no statistical neighbour average is shown"
    )
    # read here, once, before the workers were forked; no worker read a file again
    read = {k: v - before.get(k, 0) for k, v in READS.items() if v - before.get(k, 0)}
    assert read == {
        "data/ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": 1,
        "data/ees/csww_indicators_2017_to_2025.csv": 1,
        f"data/ees/{GROUPINGS}": 1,
    }
    assert [r.reads for r in done.results] == [{}, {}, {}]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["period"], summary["built"], summary["failed"]) == ("2024-25", 2, 1)
    camden, cumberland, sunderland = summary["councils"]
    assert camden == {
        "la_name": "Camden",
        "new_la_code": "E09000007",
        "old_la_code": "202",
        "region_name": "Inner London",
        "folder": "camden",
        "status": "built",
        "files": ["report.json"],
        "rag": {"green": 0, "amber": 0, "red": 0, "none": 3},
        "quartiles": camden["quartiles"],
        "warnings": [],
    }
    assert sum(camden["quartiles"].values()) == 2  # the count is not ranked
    assert (cumberland["status"], cumberland["folder"]) == ("failed", "cumberland")
    assert not (tmp_path / "out" / "cumberland").exists()  # nothing half-written
    report = json.loads((tmp_path / "out" / "sunderland" / "report.json").read_text(encoding="utf-8"))
    assert (report["authority"], report["council"]["new_la_code"]) == ("Sunderland", "E08000024")


def test_a_region_means_its_councils(project: Path, tmp_path: Path) -> None:
    done = build_councils(
        project, "2024-25", "North East", BuildOptions(output=tmp_path / "out", formats=("json",), workers=1)
    )
    assert [r.authority.name for r in done.results] == [
        "County Durham",
        "Darlington",
        "Gateshead",
        "Hartlepool",
        "Middlesbrough",
        "Newcastle upon Tyne",
        "North Tyneside",
        "Northumberland",
        "Redcar and Cleveland",
        "South Tyneside",
        "Stockton-on-Tees",
        "Sunderland",
    ]
    assert not done.failed


def test_all_is_every_council_with_a_figure_that_year(project: Path, tmp_path: Path) -> None:
    from reportgen.periods import parse_period
    from reportgen.project import read_inputs

    inputs, _ = read_inputs(project)
    assert inputs is not None and inputs.published is not None
    chosen, problems = inputs.published.select("all", parse_period("2024-25"), {"year"})
    assert problems == [] and len(chosen) == 153
    codes = {a.code for a in chosen}
    assert {"E06000060", "E06000063", "E08000019"} <= codes  # Buckinghamshire, Cumberland, Sheffield
    assert not {"E10000002", "E10000006", "E08000039"} & codes  # their earlier or other codes
    chosen, _ = inputs.published.select("all", parse_period("2019-20"), {"year"})
    assert "E10000002" in {a.code for a in chosen} and "E06000063" not in {a.code for a in chosen}


def test_an_unknown_choice_is_one_line(project: Path) -> None:
    with pytest.raises(InputProblems) as caught:
        build_councils(project, "2024-25", "Sunderlund", BuildOptions(formats=("json",)))
    assert [str(p) for p in caught.value.problems] == [
        "--authorities: authorities: expected a council's new_la_code, old_la_code or name in "
        "data/ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv (and 2 more); got 'Sunderlund'; "
        "nearest: Sunderland, Cumberland"
    ]


def test_the_cli_passes_authorities_and_exits_one_when_a_council_failed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = [
        "reportgen",
        "build",
        "2024-25",
        "-p",
        str(project),
        "-o",
        str(out),
        "-f",
        "json",
        "--strict",
        "-q",
    ]
    monkeypatch.setattr("sys.argv", [*argv, "--authorities", "Sunderland,Cumberland"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == f"{out / 'summary.json'}\nreportgen: built 1 of 2 councils' reports for 2024-25\n"
    assert captured.err == (
        "reportgen: error: Cumberland (E06000063): reportgen.yaml: statistical_neighbours: expected Cumberland "
        f"(old_la_code 942) in data/ees/{GROUPINGS}; not found, so no statistical neighbour average is shown\n"
    )
    assert (out / "sunderland" / "report.json").is_file()
