"""The HTML page: self-contained, and free of axe-core WCAG 2.2 (and 2.1) AA violations in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_tool

AXE_DIR = Path(__file__).parent / "axe"
CHROMIUM = "/usr/bin/chromium"


def run_axe(html: Path) -> dict[str, object]:
    """Run axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on a page in headless Chromium."""
    require_tool(shutil.which("node") is not None, "node (Debian package nodejs)")
    require_tool(Path(CHROMIUM).is_file(), "chromium (Debian package chromium)")
    require_tool(
        (AXE_DIR / "node_modules" / "axe-core" / "axe.min.js").is_file()
        and (AXE_DIR / "node_modules" / "playwright-core").is_dir(),
        "axe-core and playwright-core (`make axe-deps`, npm ci in tests/axe)",
    )
    result = subprocess.run(
        ["node", str(AXE_DIR / "run_axe.js"), str(html), CHROMIUM],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_axe_finds_a_planted_violation(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head>'
        '<body><main><img src="data:image/png;base64,iVBORw0KGgo="></main></body></html>',
        encoding="utf-8",
    )
    report = run_axe(page)
    assert "image-alt" in [v["id"] for v in report["violations"]]  # type: ignore[attr-defined]


def test_axe_runs_the_wcag_22_rules(tmp_path: Path) -> None:
    # 2.5.8 Target Size (Minimum) is new in WCAG 2.2: two 10-pixel links side by side fail it
    page = tmp_path / "small.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head><body><main>'
        '<a href="#a" style="display:inline-block;width:10px;height:10px;font-size:8px">a</a>'
        '<a href="#b" style="display:inline-block;width:10px;height:10px;font-size:8px">b</a>'
        "</main></body></html>",
        encoding="utf-8",
    )
    report = run_axe(page)
    assert "target-size" in [v["id"] for v in report["violations"]]  # type: ignore[attr-defined]


def test_html_has_no_wcag_22_aa_violations(example_build: dict[str, Path]) -> None:
    report = run_axe(example_build["html"])
    assert report["violations"] == [], json.dumps(report["violations"], indent=1)
    assert report["passes"]


def test_draft_html_has_no_wcag_22_aa_violations(draft_build: dict[str, Path]) -> None:
    report = run_axe(draft_build["html"])
    assert report["violations"] == [], json.dumps(report["violations"], indent=1)


def test_html_is_self_contained(example_build: dict[str, Path]) -> None:
    html = example_build["html"].read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"#][^"]*)"', html)
    assert sources and all(s.startswith("data:") for s in sources), sources[:3]
    assert '<html lang="en-GB">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_a_chart_without_alt_text_fails_the_build() -> None:
    import dataclasses

    import pytest

    from reportgen.briefing import briefing_charts, with_charts
    from reportgen.cache import Cache
    from reportgen.errors import ReportgenError
    from reportgen.pipeline import load_project, plan_briefing, resolve_period
    from reportgen.render.html import render_html
    from tests.conftest import ROOT

    project = load_project(ROOT)
    b, _todo = plan_briefing(project, resolve_period(project, "Q2-2023"), None, False, ("png",), Cache(None))
    first = briefing_charts(b)[0]
    b = with_charts(b, {first.indicator_id: dataclasses.replace(first, alt="  ")})
    with pytest.raises(
        ReportgenError, match="^chart for audits_good_or_better has no alt text; refusing to publish it$"
    ):
        render_html(b, paged=True)
