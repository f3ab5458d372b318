"""Command line: thin typer commands that parse options and call one function each."""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec

import typer

from .errors import InputProblems, ReportgenError
from .render import FORMATS

P = ParamSpec("P")
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no boxes, and no "<bool>" beside a flag
    help="Build committee-ready council performance reports.",
)


class Stopped(Exception):
    """Ctrl-C or SIGTERM inside a command, carried past typer (which would exit 130 without a word)."""

    def __init__(self, term: bool) -> None:
        super().__init__("stopped")
        self.term = term


def stoppable(command: Callable[P, None]) -> Callable[P, None]:
    """Let an interrupt inside the command reach ``main``, which says what it stopped."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        from .publish import Terminated

        try:
            command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise Stopped(isinstance(exc, Terminated)) from None

    return run


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"reportgen {version('reportgen')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Build committee-ready council performance reports."""


ProjectOpt = Annotated[Path, typer.Option("--project", "-p", help="Project folder (holds reportgen.yaml).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]


@app.command()
@stoppable
def build(
    period: Annotated[str, typer.Argument(help="Period to report: Q2-2023, 2023-24 Q2, 2023-09 or 2023-24.")],
    project: ProjectOpt = Path("."),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output folder (default output/<PERIOD>/).")
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help=f"Comma-separated formats: {','.join(FORMATS)}.")
    ] = None,
    strict: StrictOpt = False,
    draft: Annotated[
        bool, typer.Option("--draft", help="Mark the documents DRAFT, with the build date and data files.")
    ] = False,
    exception: Annotated[
        bool,
        typer.Option(
            "--exception", help="An exception report: full text and charts only where attention is needed."
        ),
    ] = False,
    changes_since: Annotated[
        Path | None,
        typer.Option(
            "--changes-since", help="Add an annex of what changed since this earlier build's folder."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Draw every chart and lay out every document afresh.")
    ] = False,
    authorities: Annotated[
        str | None,
        typer.Option(
            "--authorities",
            help="A report per council from published statistics: all, a region (North East) or "
            "codes and names separated by commas, each into output/<PERIOD>/<council>/.",
        ),
    ] = None,
) -> None:
    """Build the report for PERIOD as PDF, Word, HTML, report.json and a data annex workbook."""
    from .pipeline import BuildOptions
    from .pipeline import build as run_build

    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip()) if format else None
    if authorities is not None:
        options = BuildOptions(output=output, formats=formats, strict=strict, draft=draft, cache=not no_cache)
        raise typer.Exit(_build_councils(project, period, authorities, options, quiet))
    with StageProgress(enabled=not quiet) as progress:
        options = BuildOptions(
            output=output,
            formats=formats,
            strict=strict,
            draft=draft,
            cache=not no_cache,
            exception=exception or None,
            changes_since=changes_since,
            progress=progress,
            warn=_warn,
        )
        paths = run_build(project, period, options)
    for path in paths:
        typer.echo(str(path))


@app.command()
@stoppable
def validate(
    period: Annotated[
        str | None, typer.Argument(help="Period to check for (default the latest with data).")
    ] = None,
    project: ProjectOpt = Path("."),
    strict: StrictOpt = False,
) -> None:
    """Check definitions, data and config for PERIOD without building; exit 1 on an error."""
    from .pipeline import validate as run_validate

    outcome = run_validate(project, period, strict)
    for line in outcome.lines():
        typer.echo(line)
    raise typer.Exit(outcome.exit_code)


@app.command()
@stoppable
def harvest(
    reviewed: Annotated[Path, typer.Argument(help="The reviewed Word draft (.docx).")],
    project: ProjectOpt = Path("."),
    period: Annotated[
        str | None, typer.Option("--period", help="The draft's period (default the latest with data).")
    ] = None,
    accept_changes: Annotated[
        bool, typer.Option("--accept-changes", help="Take tracked changes in the commentary as accepted.")
    ] = False,
) -> None:
    """Read a reviewed draft's commentary into commentary/<period>.yaml and its comments into review/."""
    from .harvest import harvest as run_harvest

    outcome = run_harvest(project, reviewed, period, accept_changes)
    for line in outcome.lines:
        typer.echo(line)


@app.command()
@stoppable
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier build: its output folder or report.json.")],
    new: Annotated[Path, typer.Argument(help="The later build: its output folder or report.json.")],
) -> None:
    """List what changed between two builds: figures, RAG, direction and paragraphs word by word."""
    from .diff import diff_reports

    for line in diff_reports(old, new):
        typer.echo(line)


@app.command()
@stoppable
def indicators(project: ProjectOpt = Path(".")) -> None:
    """List the indicators: section, unit, polarity, frequency and the latest period with data."""
    from .listing import indicator_table

    for line in indicator_table(project):
        typer.echo(line)


@app.command()
@stoppable
def schema(
    config: Annotated[
        bool, typer.Option("--config", help="Print the schema of reportgen.yaml instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of indicators/*.yaml files (for editor checking and completion)."""
    import json

    from . import config as project_config
    from . import indicators

    typer.echo(json.dumps((project_config if config else indicators).json_schema(), indent=2))


@app.command()
@stoppable
def init(folder: Annotated[Path, typer.Argument(help="Folder for the new project (new or empty).")]) -> None:
    """Create a project with a commented example of every field, ready to validate and build."""
    from .scaffold import init_project, next_steps

    for path in init_project(folder):
        typer.echo(f"created {path}")
    typer.echo("next:")
    for step in next_steps(folder):
        typer.echo(f"  {step}")


class StageProgress:
    """A progress bar on stderr, one step per pipeline stage, shown once a build passes a second."""

    DELAY_S = 1.0
    LABELS = {
        "assess": "Assessing",
        "narrate": "Writing the narrative",
        "chart": "Drawing charts",
        **{name: fmt.label for name, fmt in FORMATS.items()},
    }

    def __init__(self, enabled: bool = True) -> None:
        import time

        self.enabled = enabled
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.seen: list[str] = []

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, stage: str) -> None:
        """Record that a stage has started."""
        import time

        self.seen.append(stage)
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started >= self.DELAY_S:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(stderr=True)
            if not console.is_terminal:
                self.enabled = False
                return
            # no refresh thread: the build forks its workers, and a fork must find no thread running
            self.bar = Progress(
                TextColumn("{task.description:<24}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                auto_refresh=False,
            )
            self.task = self.bar.add_task("", total=len(self.LABELS))
            self.bar.start()
        if self.bar is not None:
            self.bar.update(
                self.task, description=self.LABELS.get(stage, stage), completed=len(set(self.seen))
            )
            self.bar.refresh()


def _build_councils(project: Path, period: str, authorities: str, options: Any, quiet: bool) -> int:
    """Build a report per council with a bar counting councils; report each failure; return the exit code."""
    from .councils import build_councils

    try:
        with CouncilProgress(enabled=not quiet) as progress:
            done = build_councils(project, period, authorities, options, progress)
    except KeyboardInterrupt:
        typer.echo(
            "reportgen: interrupted; the reports finished before it are in place; no summary.json", err=True
        )
        return 130
    for result in done.results:
        for line in result.warnings:
            typer.echo(f"{result.folder}: {line}", err=True)
    for result in done.failed:
        typer.echo(f"reportgen: error: {result.authority.described()}: {result.error}", err=True)
    built = len(done.results) - len(done.failed)
    typer.echo(str(done.summary))
    typer.echo(f"reportgen: built {built} of {len(done.results)} councils' reports for {done.period.code}")
    return 1 if done.failed else 0


class CouncilProgress:
    """A progress bar on stderr counting councils built, for a build of several."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> CouncilProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, done: int, total: int, name: str) -> None:
        """Record that ``name``, the ``done``-th of ``total`` councils, is built."""
        if not self.enabled:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(stderr=True)
            if not console.is_terminal:
                self.enabled = False
                return
            # no refresh thread, as for a single build (the workers are forked before this starts)
            self.bar = Progress(
                TextColumn("Councils"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                auto_refresh=False,
            )
            self.task = self.bar.add_task("", total=total)
            self.bar.start()
        self.bar.update(self.task, completed=done, description=name)
        self.bar.refresh()


def _warn(problem: object) -> None:
    typer.echo(str(problem), err=True)


def main() -> None:
    """Run the CLI, turning user errors into one-line messages and exit code 1.

    Ctrl-C and SIGTERM stop the run with a line saying so (exit 130 and 143): typer on its own
    exits 130 in silence, and SIGTERM's default kills the process without a word.
    """
    from .errors import one_line

    signal.signal(signal.SIGTERM, _terminate)
    try:
        try:
            app(prog_name="reportgen")
        except SystemExit as exc:
            if exc.code != 130:  # typer's silent exit for an interrupt outside a command (parsing)
                raise
            raise Stopped(signal.SIGTERM in _SIGNALS) from None
    except InputProblems as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        typer.echo(f"reportgen: {errors} error{'s' if errors != 1 else ''}; nothing was written", err=True)
        sys.exit(1)
    except ReportgenError as exc:
        for line in getattr(exc, "details", ()):
            typer.echo(one_line(line), err=True)
        typer.echo(f"reportgen: error: {one_line(str(exc))}", err=True)
        sys.exit(1)
    except MemoryError:
        typer.echo("reportgen: error: out of memory; nothing was written", err=True)
        sys.exit(1)
    except (KeyboardInterrupt, Stopped) as exc:
        from .publish import Terminated, interrupted_by, published

        term = isinstance(exc, Terminated) or (isinstance(exc, Stopped) and exc.term)
        term = term or signal.SIGTERM in (*_SIGNALS, interrupted_by())
        done = published()
        result = f"after writing {done}" if done is not None else "nothing was written"
        typer.echo(f"reportgen: {'stopped by SIGTERM' if term else 'interrupted'}; {result}", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # at once: an interrupt can land while worker processes are being set up, and Python's exit
        # would wait for their pool's thread; the workers die with this process (concurrency.py)
        os._exit(143 if term else 130)


_SIGNALS: list[int] = []  # SIGTERMs that arrived outside a build's publishing block


def _terminate(signum: int, _frame: object) -> None:
    """Turn SIGTERM into an exception, as Ctrl-C is, so the run stops cleanly and says so."""
    from .publish import Terminated

    _SIGNALS.append(signum)
    raise Terminated()


if __name__ == "__main__":
    main()
