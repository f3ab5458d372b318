"""Shared builders for small, readable test inputs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reportgen.data import Observation, Series, parse_cell, split_provisional
from reportgen.formatting import HouseStyle
from reportgen.indicators import Indicator
from reportgen.narrative import Writer
from reportgen.periods import FREQUENCY_KIND, parse_period

ROOT = Path(__file__).resolve().parent.parent


def indicator(**overrides: Any) -> Indicator:
    """Return an indicator with sensible defaults, overridden by keyword."""
    fields: dict[str, Any] = {
        "id": "ind",
        "title": "% of assessments completed in time",
        "unit": "percent",
        "polarity": "higher",
        "basis": "latest_quarter",
        "frequency": "quarterly",
    }
    fields.update(overrides)
    return Indicator.model_validate(fields)


def series(
    ind: Indicator, values: dict[str, Any], counts: dict[str, tuple[float, float]] | None = None
) -> Series:
    """Return a series from {period code: value or marker}."""
    kind = FREQUENCY_KIND[ind.frequency]
    obs = []
    for code, raw in values.items():
        raw, provisional = split_provisional(raw)
        value, status = parse_cell(raw)
        num, den = (counts or {}).get(code, (None, None))
        period = parse_period(code, kind_hint=kind)
        obs.append(Observation(period, value, status, num, den, provisional=provisional))
    return Series(ind.id, tuple(sorted(obs, key=lambda o: o.period.end_index)))


@pytest.fixture
def writer() -> Writer:
    """Return a writer in the default house style."""
    labels = {"national": "national average", "statistical_neighbours": "statistical neighbour average"}
    return Writer(HouseStyle(), lambda name: labels.get(name, name))


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the shipped example once for the whole session; map format to path."""
    from reportgen.pipeline import build

    out = tmp_path_factory.mktemp("out")
    paths = build(ROOT, "Q2-2023", output=out, cache=False)
    return {p.suffix.lstrip("."): p for p in paths}


@pytest.fixture(scope="session")
def draft_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the example once with --draft (PDF, DOCX, HTML)."""
    from reportgen.pipeline import build

    out = tmp_path_factory.mktemp("draft")
    return {
        p.suffix.lstrip("."): p
        for p in build(
            ROOT,
            "Q2-2023",
            output=out,
            formats=(
                "pdf",
                "docx",
                "html",
            ),
            draft=True,
            cache=False,
        )
    }


def require_tool(available: bool, what: str) -> None:
    """Skip when an external tool is missing on a developer's machine; fail in CI (CI=true)."""
    if available:
        return
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"{what} is missing in CI: .ci/run must install it")
    pytest.skip(f"{what} is not installed (see README.md, Developing)")


def struct_elements(node: Any) -> list[Any]:
    """Return every structure element of a tagged PDF under ``node``, depth first."""
    import pikepdf

    out = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(reversed(list(item)))
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            out.append(item)
            if "/K" in item:
                stack.append(item.K)
    return out


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the CLI in-process as the console script does; return exit code, stdout, stderr."""
    import sys

    from reportgen import cli

    monkeypatch.setattr(sys, "argv", ["reportgen", *args])
    with pytest.raises(SystemExit) as info:
        cli.main()
    captured = capsys.readouterr()
    code = info.value.code
    exit_code = 0 if code is None else code if isinstance(code, int) else 1  # sys.exit("text") is 1
    return exit_code, captured.out, captured.err
