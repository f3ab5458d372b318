"""`reportgen indicators`: a plain aligned table of the indicators and their latest data."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from reportgen import cli

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_indicators_lists_each_with_its_latest_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "p"
    shutil.copytree(MINIMAL, root)
    (root / "data" / "long.csv").write_text(
        "indicator,period,value\nvisits,2023-24 Q1,84\nvisits,2023-24 Q2,n/a\n"  # n/a is no figure
    )
    monkeypatch.setattr(sys, "argv", ["reportgen", "indicators", "--project", str(root)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 0
    assert capsys.readouterr().out.splitlines() == [
        "id          section  unit     polarity  frequency  latest",
        "visits      Care     percent  higher    quarterly  2023-24 Q1",
        "placements  Care     count    lower     quarterly  none",
    ]
