"""The wheel ships the templates, so an installed reportgen can render."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_templates(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("reportgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in (
        "reportgen/templates/report.html.j2",
        "reportgen/templates/report.css",
        "reportgen/templates/reference.docx",
        "reportgen/cli.py",
        "reportgen/new_project/reportgen.yaml",
        "reportgen/new_project/indicators/example.yaml",
        "reportgen/new_project/data/example.csv",
        "reportgen/new_project/commentary/2024-25-Q1.yaml",
    ):
        assert name in names
