"""`reportgen init`: a new project with a commented example of every field, ready to build."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

from .errors import ReportgenError
from .indicators import json_schema

TEMPLATE = Path(__file__).parent / "new_project"
SCHEMA_FILE = "indicators.schema.json"
EXAMPLE_PERIOD = "2024-25 Q1"  # the latest period in the example data


def init_project(target: Path) -> list[Path]:
    """Create a project in ``target`` (new or empty) and return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ReportgenError(f"init: expected a new or empty folder; {target} already holds files")
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        dest = target / source.relative_to(TEMPLATE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        written.append(dest)
    schema = target / SCHEMA_FILE
    schema.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
    written.append(schema)
    return written


def next_steps(target: Path) -> list[str]:
    """Return what to run next, for the officer who just created ``target``."""
    folder = shlex.quote(str(target))
    return [
        f"reportgen validate --project {folder}",
        f"reportgen build {shlex.quote(EXAMPLE_PERIOD)} --project {folder}",
    ]
