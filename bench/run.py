"""Benchmark: build synthetic projects of 25, 100 and 400 indicators and time every stage.

Run with `make bench`. Writes bench/results.json and prints a table. Each measurement runs in a
fresh subprocess (so peak RSS is that build's own) and is repeated; medians are reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (25, 100, 400)
STAGES = ("load", "assess", "narrate", "chart", "html", "pdf", "docx", "json", "xlsx")
TARGETS = {
    "first_100_s": 8.0,
    "rebuild_100_s": 3.0,
    "rss_100_mb": 500.0,
    "ratio_400_100": 4.5,
    "validate_400_s": 1.0,
    "example_s": 3.0,
}


def make_project(root: Path, n: int, seed: int = 2023) -> None:
    """Write a synthetic project: n monthly indicators, five years of data, targets, comparators."""
    rng = random.Random(seed)
    (root / "indicators").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "commentary").mkdir()
    (root / "reportgen.yaml").write_text(
        "authority: Benchmark Borough Council\n"
        "title: Benchmark Performance Pack\n"
        "committee: Benchmark Scrutiny Committee\n"
        "meeting_date: 2023-11-14\n"
        "author: Performance Team\n",
        encoding="utf-8",
    )
    rows = ["indicator,period,value,numerator,denominator,note"]
    per_section = 10
    for s in range((n + per_section - 1) // per_section):
        lines = [f"section: Service area {s + 1:02d}", f"area: Directorate {s // 4 + 1}", "indicators:"]
        for i in range(s * per_section, min(n, (s + 1) * per_section)):
            unit = "percent" if i % 3 else "count"
            polarity = ["higher", "lower", "target", "none"][i % 4]
            base = rng.uniform(40, 90) if unit == "percent" else rng.uniform(50, 400)
            target = round(base * rng.uniform(0.9, 1.1), 1)
            lines += [
                f"  - id: ind_{i:03d}",
                f'    title: "{"% of" if unit == "percent" else "Number of"} synthetic measure {i:03d}"',
                f"    unit: {unit}",
                f"    polarity: {polarity}",
                "    basis: month",
                "    frequency: monthly",
                f'    target: {{"2022-23": {target}, "2023-24": {target}}}',
                '    tolerance: "5%"',
                "    comparators:",
                f"      national: {round(base * rng.uniform(0.9, 1.1), 1)}",
                f'      statistical_neighbours: {{"2022-23": {round(base * rng.uniform(0.9, 1.1), 1)}}}',
                f'    definition: "A synthetic measure used to benchmark reportgen ({i})."',
            ]
            value = base
            for month in range(60):  # October 2018 to September 2023
                y, m = 2018 + (9 + month) // 12, (9 + month) % 12 + 1
                value = max(0.0, value + rng.gauss(0, base * 0.03))
                if unit == "percent":
                    value = min(value, 100.0)
                    den = rng.randint(80, 400)
                    num = round(value / 100 * den)
                    cell = f"{num / den * 100:.1f},{num},{den}"
                else:
                    cell = f"{round(value)},,"
                if rng.random() < 0.01:
                    cell = "c,,"
                note = (
                    "Commentary from the service manager on this month's figure."
                    if month == 59 and i % 5 == 0
                    else ""
                )
                rows.append(f"ind_{i:03d},{y}-{m:02d},{cell},{note}")
        (root / "indicators" / f"section_{s + 1:02d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    (root / "data" / "monthly.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def child(project: str, output: str, period: str, mode: str) -> None:
    """Run one build (or validation) in this process and print its timings as JSON."""
    sys.path.insert(0, str(HERE.parent))
    marks: list[tuple[str, float]] = [("load", time.perf_counter())]
    start = marks[0][1]
    result: dict[str, object] = {}
    if mode == "validate":
        from reportgen.project import load_project, resolve_period

        p = load_project(Path(project))
        resolve_period(p, period)
    else:
        from reportgen.pipeline import build

        paths = build(
            Path(project),
            period,
            output=Path(output),
            formats=("pdf",) if mode == "pdf" else None,
            progress=lambda stage: marks.append((stage, time.perf_counter())),
            cache=mode != "pdf",
        )
        result["sizes"] = {p.suffix.lstrip("."): p.stat().st_size for p in paths}
        result["digests"] = {p.suffix.lstrip("."): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
        pdf = next((p for p in paths if p.suffix == ".pdf"), None)
        if pdf is not None:
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            result["pages"] = int(
                next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
            )
    end = time.perf_counter()
    marks.append(("end", end))
    stages: dict[str, float] = {}
    for (name, t0), (_, t1) in zip(marks, marks[1:], strict=False):
        stages[name] = stages.get(name, 0.0) + (t1 - t0)
    # the largest of this process and its workers (chart drawers, the PDF process)
    rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    result.update(total=end - start, stages=stages, rss_mb=rss / 1024)
    print(json.dumps(result))


def run_child(project: Path, output: Path, period: str, mode: str = "build") -> dict:  # type: ignore[type-arg]
    cmd = [sys.executable, str(Path(__file__)), "--child", str(project), str(output), period, mode]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
    return statistics.median(float(r[key]) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=4, metavar=("PROJECT", "OUTPUT", "PERIOD", "MODE"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    results: dict[str, object] = {"machine": {"cores": os.cpu_count()}, "sizes": {}}
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        for n in args.sizes:
            project = work / f"p{n}"
            make_project(project, n)
            firsts, rebuilds = [], []
            for r in range(args.repeats):
                out = work / f"out{n}-{r}"
                shutil.rmtree(
                    project / ".reportgen-cache", ignore_errors=True
                )  # a first build draws every chart
                firsts.append(run_child(project, out, "2023-09"))
                rebuilds.append(run_child(project, out, "2023-09"))
            validates = [
                run_child(project, work / "unused", "2023-09", "validate") for _ in range(args.repeats)
            ]
            stages = {s: statistics.median(f["stages"].get(s, 0.0) for f in firsts) for s in STAGES}
            entry = {
                "first_build_s": median_of(firsts, "total"),
                "rebuild_s": median_of(rebuilds, "total"),
                "validate_s": median_of(validates, "total"),
                "peak_rss_mb": max(float(f["rss_mb"]) for f in firsts + rebuilds),
                "stages_s": stages,
                "pages": firsts[0].get("pages"),
                # every first build (no cache) and every rebuild (from the cache) the same bytes
                "byte_identical": len({json.dumps(r["digests"], sort_keys=True) for r in firsts + rebuilds})
                == 1,
                "sizes_bytes": firsts[0].get("sizes"),
            }
            docx = next((work / f"out{n}-0").glob("*.docx"), None)
            if docx is not None and shutil.which("soffice"):
                times = []
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    subprocess.run(
                        [
                            "soffice",
                            "--headless",
                            "--convert-to",
                            "pdf",
                            "--outdir",
                            str(work / "lo"),
                            str(docx),
                        ],
                        capture_output=True,
                        check=True,
                    )
                    times.append(time.perf_counter() - t0)
                entry["libreoffice_docx_to_pdf_s"] = statistics.median(times)
                # our PDF on its own (no cache, nothing else in parallel) against LibreOffice's
                pdf_only = run_child(project, work / f"pdf-only-{n}", "2023-09", "pdf")
                entry["pdf_only_stage_s"] = pdf_only["stages"]["pdf"]
                entry["libreoffice_ratio"] = entry["libreoffice_docx_to_pdf_s"] / max(
                    entry["pdf_only_stage_s"], 1e-9
                )
            results["sizes"][str(n)] = entry  # type: ignore[index]
        # the example as a newcomer runs it: the command, in a fresh process, with nothing cached
        # (--no-cache) and then with the cache a first build leaves
        results["example_first_build_s"] = statistics.median(
            time_command("build", "Q2-2023", "--quiet", "--no-cache", "--output", str(work / f"example-{r}"))
            for r in range(args.repeats)
        )
        time_command("build", "Q2-2023", "--quiet", "--output", str(work / "example-warm"))
        results["example_rebuild_s"] = statistics.median(
            time_command("build", "Q2-2023", "--quiet", "--output", str(work / "example-warm"))
            for _ in range(args.repeats)
        )
        results["targets"] = check_targets(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)


def time_command(*args: str) -> float:
    """Run ``reportgen ARGS`` on the shipped example and return its wall time."""
    command = [str(Path(sys.executable).with_name("reportgen")), *args]
    t0 = time.perf_counter()
    done = subprocess.run(command, cwd=HERE.parent, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - t0


def check_targets(results: dict) -> dict:  # type: ignore[type-arg]
    """Return each target of the speed issue with its measured value and whether it was met."""
    sizes = results["sizes"]
    measured = {"example_s": results["example_first_build_s"]}
    if "100" in sizes:
        e = sizes["100"]
        measured.update(
            first_100_s=e["first_build_s"], rebuild_100_s=e["rebuild_s"], rss_100_mb=e["peak_rss_mb"]
        )
    if "400" in sizes:
        measured["validate_400_s"] = sizes["400"]["validate_s"]
        if "100" in sizes:
            measured["ratio_400_100"] = sizes["400"]["first_build_s"] / sizes["100"]["first_build_s"]
    return {
        k: {"target": TARGETS[k], "measured": round(v, 3), "met": v <= TARGETS[k]}
        for k, v in measured.items()
    }


def print_table(results: dict) -> None:  # type: ignore[type-arg]
    sizes = results["sizes"]
    head = [
        "indicators",
        *STAGES,
        "first",
        "rebuild",
        "validate",
        "RSS MB",
        "pages",
        "PDF KB",
        "DOCX KB",
        "HTML KB",
        "our PDF s",
        "LibreOffice s",
        "LO/ours",
        "same bytes",
    ]
    print(" | ".join(head))
    for n, e in sizes.items():
        sz = e.get("sizes_bytes") or {}
        row = [
            n,
            *[f"{e['stages_s'][s]:.2f}" for s in STAGES],
            f"{e['first_build_s']:.2f}",
            f"{e['rebuild_s']:.2f}",
            f"{e['validate_s']:.2f}",
            f"{e['peak_rss_mb']:.0f}",
            str(e.get("pages")),
            *[f"{sz.get(k, 0) / 1024:.0f}" for k in ("pdf", "docx", "html")],
            f"{e.get('pdf_only_stage_s', float('nan')):.2f}",
            f"{e.get('libreoffice_docx_to_pdf_s', float('nan')):.2f}",
            f"{e.get('libreoffice_ratio', float('nan')):.2f}x",
            "yes" if e.get("byte_identical") else "NO",
        ]
        print(" | ".join(row))
    print(
        f"example project, `reportgen build`: first build {results['example_first_build_s']:.2f} s (--no-cache), "
        f"rebuild {results['example_rebuild_s']:.2f} s"
    )
    if "100" in sizes and "400" in sizes:
        print(
            f"400/100 first-build ratio: {sizes['400']['first_build_s'] / sizes['100']['first_build_s']:.2f}"
        )
    for name, t in results["targets"].items():
        print(f"target {name}: {t['measured']} against {t['target']}: {'met' if t['met'] else 'MISSED'}")


if __name__ == "__main__":
    main()
