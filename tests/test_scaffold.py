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
