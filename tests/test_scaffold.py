"""`reportgen init` makes a project that validates clean and builds, with every field shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.config import ProjectConfig
from reportgen.indicators import Indicator, SectionFile
from reportgen.scaffold import TEMPLATE
from tests.conftest import run_cli as run


def test_init_then_validate_then_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "new council"
    code, out, _ = run(monkeypatch, capsys, "init", str(folder))
    assert code == 0
    assert f"created {folder / 'indicators' / 'example.yaml'}" in out.splitlines()
    assert out.splitlines()[-1] == f"  reportgen build '2024-25 Q1' --project '{folder}'"
    assert run(monkeypatch, capsys, "validate", "--strict", "-p", str(folder))[:2] == (
        0,
        "reportgen: 0 errors, 0 warnings for 2024-25 Q1\n",
    )
    code, out, err = run(monkeypatch, capsys, "build", "2024-25 Q1", "--strict", "-p", str(folder))
    assert (code, err) == (0, "")
    assert sorted(Path(line).suffix for line in out.splitlines()) == [
        ".docx",
        ".html",
        ".json",
        ".pdf",
        ".xlsx",
    ]


def test_init_refuses_a_folder_that_holds_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = run(monkeypatch, capsys, "init", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"reportgen: error: init: expected a new or empty folder; {tmp_path} already holds files\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _keys(path: Path) -> set[str]:
    """Return every key written in a YAML file, commented out or not."""
    return set(re.findall(r"^[#\s-]*([a-z_]+):", path.read_text(encoding="utf-8"), flags=re.M))


def test_the_scaffold_shows_every_field() -> None:
    assert set(ProjectConfig.model_fields) <= _keys(TEMPLATE / "reportgen.yaml")
    example = _keys(TEMPLATE / "indicators" / "example.yaml")
    assert set(SectionFile.model_fields) <= example
    assert set(Indicator.model_fields) <= example


def test_init_writes_a_tolerance_of_five_per_cent(tmp_path: Path) -> None:
    import yaml

    assert yaml.safe_load((TEMPLATE / "reportgen.yaml").read_text(encoding="utf-8"))["tolerance"] == "5%"


def _minimal(tmp_path: Path, config_line: str) -> Path:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal", root)
    care = root / "indicators" / "care.yaml"
    care.write_text(care.read_text(encoding="utf-8").replace('    tolerance: "5%"\n', ""), encoding="utf-8")
    config = root / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + config_line, encoding="utf-8")
    return root


def test_the_project_tolerance_applies_where_an_indicator_sets_none(tmp_path: Path) -> None:
    from reportgen.pipeline import load_project

    project = load_project(_minimal(tmp_path, "tolerance: 3%\n"))
    tolerances = {i.id: i.tolerance for s in project.sections for i in s.indicators}
    assert tolerances == {"visits": "3%", "placements": 2}  # placements keeps its own
    visits = next(i for s in project.sections for i in s.indicators if i.id == "visits")
    assert visits.tolerance_for(90) == pytest.approx(2.7)


def test_without_a_project_tolerance_a_missed_target_is_red(tmp_path: Path) -> None:
    from reportgen.pipeline import load_project

    project = load_project(_minimal(tmp_path, ""))
    visits = next(i for s in project.sections for i in s.indicators if i.id == "visits")
    assert (visits.tolerance, visits.tolerance_for(90)) == (None, 0.0)


def test_a_project_tolerance_is_checked_like_an_indicators(tmp_path: Path) -> None:
    from reportgen.errors import InputProblems
    from reportgen.pipeline import load_project

    with pytest.raises(InputProblems) as caught:
        load_project(_minimal(tmp_path, "tolerance: five\n"))
    assert [str(p) for p in caught.value.problems] == [
        "reportgen.yaml:6: tolerance: expected a number or a percentage of the target such as '5%'; got 'five'"
    ]
