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
    ):
        assert name in names
