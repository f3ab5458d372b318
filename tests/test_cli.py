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

    def fake_build(project, period, options):  # type: ignore[no-untyped-def]
        options.progress("chart")
        seen.update(
            project=project,
            period=period,
            output=options.output,
            formats=options.formats,
            strict=options.strict,
            draft=options.draft,
            cache=options.cache,
            exception=options.exception,
            changes_since=options.changes_since,
        )
        options.warn("indicators/a.yaml:3: x: warning: something")
        return [Path("out/a.pdf")]

    monkeypatch.setattr("reportgen.pipeline.build", fake_build)
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "reportgen",
            "build",
            "Q2-2023",
            "-p",
            "proj",
            "-o",
            "out",
            "-f",
            "pdf, json",
            "--strict",
            "--draft",
            "--exception",
            "--changes-since",
            "output/draft",
        ],
    )
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 0
    assert seen == {
        "project": Path("proj"),
        "period": "Q2-2023",
        "output": Path("out"),
        "formats": ("pdf", "json"),
        "strict": True,
        "draft": True,
        "cache": True,
        "exception": True,
        "changes_since": Path("output/draft"),
    }
    captured = capsys.readouterr()
    assert captured.out == "out/a.pdf\n"
    assert captured.err == "indicators/a.yaml:3: x: warning: something\n"


def test_validate_passes_its_arguments_and_exits_with_the_outcome(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportgen.errors import Problem
    from reportgen.validate import Outcome

    seen = {}

    def fake_validate(project, period, strict):  # type: ignore[no-untyped-def]
        seen.update(project=project, period=period, strict=strict)
        return Outcome((Problem("data/a.csv", 2, "value", "expected a number; got 'x'"),))

    monkeypatch.setattr("reportgen.pipeline.validate", fake_validate)
    monkeypatch.setattr(sys, "argv", ["reportgen", "validate", "Q2-2023", "-p", "proj"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    assert seen == {"project": Path("proj"), "period": "Q2-2023", "strict": False}
    assert capsys.readouterr().out == (
        "data/a.csv:2: value: expected a number; got 'x'\nreportgen: 1 error, 0 warnings\n"
    )


def test_harvest_and_diff_pass_their_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportgen.harvest import Outcome

    seen: dict[str, object] = {}

    def fake_harvest(project, reviewed, period, accept):  # type: ignore[no-untyped-def]
        seen.update(project=project, reviewed=reviewed, period=period, accept=accept)
        return Outcome(["a: commentary added (3 words)"])

    monkeypatch.setattr("reportgen.harvest.harvest", fake_harvest)
    monkeypatch.setattr(
        sys,
        "argv",
        ["reportgen", "harvest", "r.docx", "-p", "proj", "--period", "Q1-2023", "--accept-changes"],
    )
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 0
    assert seen == {"project": Path("proj"), "reviewed": Path("r.docx"), "period": "Q1-2023", "accept": True}
    assert capsys.readouterr().out == "a: commentary added (3 words)\n"
    monkeypatch.setattr("reportgen.diff.diff_reports", lambda old, new: [f"{old} -> {new}"])
    monkeypatch.setattr(sys, "argv", ["reportgen", "diff", "draft", "final"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert capsys.readouterr().out == "draft -> final\n"


def test_a_refusal_prints_what_is_in_the_way_then_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportgen.errors import Refusal

    def refuse(*_args: object) -> None:
        raise Refusal("r.docx: accept or reject the 1 tracked change first", ["r.docx: inserted “x”"])

    monkeypatch.setattr("reportgen.harvest.harvest", refuse)
    monkeypatch.setattr(sys, "argv", ["reportgen", "harvest", "r.docx"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 1
    assert capsys.readouterr().err == (
        "r.docx: inserted “x”\nreportgen: error: r.docx: accept or reject the 1 tracked change first\n"
    )


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


def test_progress_records_stages_and_quiet_shows_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.cli import StageProgress

    with StageProgress(enabled=False) as progress:
        progress("assess")
        progress("chart")
    assert progress.seen == ["assess", "chart"]
    assert progress.bar is None
    assert capsys.readouterr().err == ""


def test_progress_bar_waits_a_second_before_showing(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.cli import StageProgress

    progress = StageProgress(enabled=True)
    progress("assess")
    assert progress.bar is None  # a build under a second never shows a bar


def test_version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from tests.conftest import run_cli

    assert run_cli(monkeypatch, capsys, "--version") == (0, f"reportgen {version('reportgen')}\n", "")


@pytest.mark.parametrize("command", ["build", "validate", "indicators", "schema", "init"])
def test_help_shows_flags_without_a_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from tests.conftest import run_cli

    code, out, _err = run_cli(monkeypatch, capsys, command, "--help")
    assert code == 0 and "Usage: reportgen" in out
    assert "<bool>" not in out and "╭" not in out


def test_the_format_registry_is_what_config_build_and_the_cli_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportgen.cli import StageProgress
    from reportgen.config import json_schema
    from reportgen.render import FORMATS
    from tests.conftest import run_cli

    names = list(FORMATS)
    assert names == ["pdf", "docx", "html", "json", "xlsx"]
    schema = json_schema()
    assert schema["properties"]["formats"]["items"]["enum"] == names  # type: ignore[index]
    _code, out, _err = run_cli(monkeypatch, capsys, "build", "--help")
    assert "pdf,docx,html,json,xlsx" in out
    assert {f.label for f in FORMATS.values()} <= set(StageProgress.LABELS.values())


def _render_words(briefing: object, target: Path, context: object) -> None:
    from reportgen.briefing import Briefing, headings

    assert isinstance(briefing, Briefing)
    target.write_text("\n".join(text for _level, text in headings(briefing)) + "\n", encoding="utf-8")


def test_a_new_format_is_one_module_and_one_registry_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    from reportgen import render
    from reportgen.pipeline import build
    from tests.conftest import ROOT

    module = types.ModuleType("reportgen.render.words")
    module.render = _render_words  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reportgen.render.words", module)
    words = render.Format("words", "{stem}.txt", "Writing the headings", needs_charts=False, cacheable=False)
    monkeypatch.setitem(render.FORMATS, "words", words)
    (path,) = build(ROOT, "Q2-2023", output=tmp_path, formats=("words",))
    assert path.name == "childrens-services-performance-scorecard-q2-2023.txt"
    assert path.read_text(encoding="utf-8").splitlines()[:3] == [
        "Children's Services Performance Scorecard",
        "Contents",
        "Purpose of the report",
    ]
