"""reportgen.yaml: the summary's caps, validated like the rest of config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.pipeline import load_project
from tests.conftest import ROOT


def _project(root: Path, extra: str) -> Path:
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", root)
    config = root / "reportgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


def test_summary_caps_default_to_five_and_can_be_set(tmp_path: Path) -> None:
    assert load_project(_project(tmp_path / "a", "")).config.summary.performing_well == 5
    caps = load_project(
        _project(tmp_path / "b", "summary: {performing_well: 3, areas_for_focus: 8}\n")
    ).config.summary
    assert (caps.performing_well, caps.areas_for_focus) == (3, 8)


def test_a_bad_cap_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as caught:
        load_project(_project(tmp_path / "c", "summary: {performing_well: -1}\n"))
    assert (
        str(caught.value)
        == "reportgen.yaml:6: performing_well: input should be greater than or equal to 0; got -1"
    )
