"""The CLI is thin: it passes arguments through and turns user errors into one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import cli


def test_build_passes_its_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = {}

    def fake_build(project, period, output, formats, draft):  # type: ignore[no-untyped-def]
        seen.update(project=project, period=period, output=output, formats=formats, draft=draft)
        return [Path("out/a.pdf")]

    monkeypatch.setattr("reportgen.pipeline.build", fake_build)
    monkeypatch.setattr(
        sys,
        "argv",
        ["reportgen", "build", "Q2-2023", "-p", "proj", "-o", "out", "-f", "pdf, json", "--draft"],
    )
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 0
    assert seen == {
        "project": Path("proj"),
        "period": "Q2-2023",
        "output": Path("out"),
        "formats": ["pdf", "json"],
        "draft": True,
    }
    assert capsys.readouterr().out == "out/a.pdf\n"


def test_user_error_is_one_line_and_exit_one(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reportgen.cli", "build", "Q2-2023", "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"reportgen.yaml: expected a project file at {tmp_path.resolve() / 'reportgen.yaml'}; none found",
        "reportgen: 1 error; nothing was written",
    ]


def test_bad_period_is_one_line(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen.cli",
            "build",
            "Q9-2023",
            "-p",
            str(root),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "reportgen: error: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got 'Q9-2023'\n"
    )
    assert not (tmp_path / "out").exists()
