"""Every council at once: one report per council from the same published files, on every core.

``reportgen build 2024-25 --authorities all`` (or a region, or a list of codes) reads the
project and its published files once, in this process, then forks one worker per core
(concurrency.py); each worker builds council after council, single-process, into
``output/<PERIOD>/<council>/``. One council's failure is recorded and the others go on; a
``summary.json`` beside the folders lists each council's files and RAG counts.
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import InputProblems, Problem, ReportgenError
from .formatting import slugify
from .periods import FREQUENCY_KIND, Period, parse_period
from .pipeline import BuildOptions, build_project
from .project import Inputs, project_for, read_inputs
from .published import READS, Authority

SUMMARY_FILE = "summary.json"
Progress = Callable[[int, int, str], None]  # councils done, councils in all, the one just done


@dataclass(frozen=True)
class CouncilResult:
    """How one council's build went: its folder and files, or the error that stopped it."""

    authority: Authority
    folder: str
    files: tuple[str, ...] = ()
    rag: dict[str, int] = field(default_factory=dict)
    quartiles: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    error: str | None = None
    reads: dict[str, int] = field(default_factory=dict)  # published files this build read itself

    @property
    def built(self) -> bool:
        """Return whether its report was written."""
        return self.error is None


@dataclass(frozen=True)
class CouncilsBuilt:
    """Every council's result, in name order, and the summary file."""

    period: Period
    results: tuple[CouncilResult, ...]
    summary: Path

    @property
    def failed(self) -> list[CouncilResult]:
        """Return the councils whose report could not be built."""
        return [r for r in self.results if not r.built]


@dataclass(frozen=True)
class _Job:
    """What the workers build, set before they are forked so each inherits it."""

    inputs: Inputs
    period_text: str
    options: BuildOptions
    base: Path
    councils: tuple[Authority, ...]
    folders: tuple[str, ...]


_JOB: _Job | None = None


def build_councils(
    root: Path,
    period_text: str,
    authorities: str,
    options: BuildOptions | None = None,
    progress: Progress | None = None,
) -> CouncilsBuilt:
    """Build one report per council ``authorities`` names (all, a region, or codes); write summary.json.

    Raise InputProblems when the project itself, or the choice of councils, is wrong; a
    council whose own build fails is recorded in its result instead.
    """
    global _JOB
    opts = options or BuildOptions()
    root = root.resolve()
    inputs, problems = read_inputs(root)
    if inputs is None:
        raise InputProblems(problems)
    published = inputs.published
    if published is None:
        raise InputProblems(
            [
                Problem(
                    "--authorities",
                    None,
                    "authorities",
                    "expected indicators with a source: (published statistics) to build a report per council; found none",
                )
            ]
        )
    try:
        period = parse_period(period_text, inputs.config.financial_year_start)
    except ReportgenError as exc:
        raise ReportgenError(f"period: {exc}") from None
    kinds = {FREQUENCY_KIND[ind.frequency] for s in inputs.sections for ind in s.indicators if ind.source}
    chosen, problems = published.select(authorities, period, kinds)
    if problems or not chosen:
        raise InputProblems(
            problems
            or [
                Problem(
                    "--authorities",
                    None,
                    "authorities",
                    f"expected councils with figures for {period.code}; found none",
                )
            ]
        )
    base = (opts.output or root / "output" / period.slug).resolve()
    folders: list[str] = []
    for a in chosen:
        folder = slugify(a.name, a.code.lower())
        folders.append(f"{folder}-{a.code.lower()}" if folder in folders else folder)
    _JOB = _Job(inputs, period_text, opts, base, tuple(chosen), tuple(folders))
    try:
        results = _run(len(chosen), opts, progress)
    finally:
        _JOB = None
    ordered = tuple(sorted(results, key=lambda r: (r.authority.name, r.authority.code)))
    summary = _write_summary(base, period, authorities, ordered)
    return CouncilsBuilt(period, ordered, summary)


def _run(count: int, opts: BuildOptions, progress: Progress | None) -> list[CouncilResult]:
    """Build every council, on a worker per core (forked now, so each has the files already read)."""
    note = progress or (lambda _done, _total, _name: None)
    cores = opts.workers or os.cpu_count() or 1
    results: list[CouncilResult] = []
    if cores < 2 or count == 1:
        for i in range(count):
            results.append(_build_one(i))
            note(len(results), count, results[-1].authority.name)
        return results
    from .concurrency import Workers

    with Workers(min(cores, count)) as workers:
        futures = [workers.submit(_build_one, i) for i in range(count)]
        for future in as_completed(futures):
            results.append(future.result())
            note(len(results), count, results[-1].authority.name)
    return results


def _build_one(index: int) -> CouncilResult:
    """Build one council's report, single-process, catching what stops it (run on a worker)."""
    job = _JOB
    assert job is not None, "the job is set before the workers are forked"
    authority = job.councils[index]
    folder = job.folders[index]
    before = dict(READS)
    warnings: list[Problem] = []
    outcome: dict[str, Any] = {}
    try:
        project = project_for(job.inputs, authority.code)
        opts = replace(job.options, output=job.base / folder, workers=1, progress=None, warn=warnings.append)
        built = build_project(project, job.period_text, opts)
        outcome = {
            "files": tuple(p.name for p in built.paths),
            "rag": built.rag,
            "quartiles": built.quartiles,
        }
    except InputProblems as exc:
        errors = [str(p) for p in exc.problems if p.severity == "error"]
        outcome = {"error": "; ".join(errors) or str(exc)}
    except ReportgenError as exc:
        outcome = {"error": str(exc)}
    except Exception:  # our bug, not the council's: its traceback, and the others go on
        outcome = {"error": traceback.format_exc().strip()}
    reads = {k: v - before.get(k, 0) for k, v in READS.items() if v - before.get(k, 0)}
    return CouncilResult(authority, folder, warnings=tuple(str(w) for w in warnings), reads=reads, **outcome)


def _write_summary(base: Path, period: Period, authorities: str, results: tuple[CouncilResult, ...]) -> Path:
    """Write summary.json beside the councils' folders (whole, or not at all)."""
    doc = {
        "period": period.code,
        "period_label": period.long_label(),
        "authorities": authorities,
        "built": sum(1 for r in results if r.built),
        "failed": sum(1 for r in results if not r.built),
        "councils": [_entry(r) for r in results],
    }
    base.mkdir(parents=True, exist_ok=True)
    target = base / SUMMARY_FILE
    temp = base / f".{SUMMARY_FILE}.{os.getpid()}"
    temp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temp, target)
    return target


def _entry(r: CouncilResult) -> dict[str, Any]:
    a = r.authority
    entry: dict[str, Any] = {
        "la_name": a.name,
        "new_la_code": a.code,
        "old_la_code": a.old_code,
        "region_name": a.region_name,
        "folder": r.folder,
        "status": "built" if r.built else "failed",
    }
    if r.built:
        entry.update(files=list(r.files), rag=r.rag, quartiles=r.quartiles, warnings=list(r.warnings))
    else:
        entry["error"] = r.error
    return entry
