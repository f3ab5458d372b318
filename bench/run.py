"""Benchmark: build synthetic projects of 25, 100 and 400 indicators and time every stage; build every council.

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
    # every council at once (examples/sunderland, --authorities): memory of the build and all its
    # workers together, and the time per council at all councils over that at ten (linear: about 1)
    "councils_rss_mb": 1000.0,
    "councils_per_council_ratio": 1.25,
}
COUNCIL_COUNTS = (10, 40, 0)  # 0: all
EXAMPLE = HERE.parent / "examples" / "sunderland"


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


def councils_child(project: str, output: str, period: str, codes: str) -> None:
    """Build a report per council in ``codes`` (or all) in this process and its workers; print JSON."""
    sys.path.insert(0, str(HERE.parent))
    from reportgen.councils import build_councils
    from reportgen.pipeline import BuildOptions
    from reportgen.published import READS

    t0 = time.perf_counter()
    done = build_councils(Path(project), period, codes, BuildOptions(output=Path(output), cache=False))
    total = time.perf_counter() - t0
    worker_reads: dict[str, int] = {}
    for r in done.results:
        for name, n in r.reads.items():
            worker_reads[name] = worker_reads.get(name, 0) + n
    print(
        json.dumps(
            {
                "total": total,
                "councils": len(done.results),
                "failed": len(done.failed),
                "reads": dict(READS),  # in this process, before the workers were forked
                "worker_reads": worker_reads,
                "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "rss_largest_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def _tree_rss_kb(root: int) -> int:
    """Return the resident memory of a process and every process below it, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def run_child(project: Path, output: Path, period: str, mode: str = "build") -> dict:  # type: ignore[type-arg]
    cmd = [sys.executable, str(Path(__file__)), "--child", str(project), str(output), period, mode]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        peak = 0
        while process.poll() is None:  # the build and its workers together, sampled
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.1)
        out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"benchmark build failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["rss_tree_mb"] = peak / 1024
    return result


def first_councils(n: int) -> str:
    """Return the codes of the first ``n`` councils by name with 2024/25 figures (0: all)."""
    import csv

    with open(EXAMPLE / "data" / "ees" / "b1_children_in_need_2013_to_2025.csv", encoding="utf-8-sig") as f:
        found = {
            r["la_name"]: r["new_la_code"]
            for r in csv.DictReader(f)
            if r["time_period"] == "2025" and r["geographic_level"] == "Local authority"
        }
    return "all" if n == 0 else ",".join(found[name] for name in sorted(found)[:n])


def bench_councils(work: Path) -> dict:  # type: ignore[type-arg]
    """Time a report per council for 10, 40 and all councils (every format, nothing cached)."""
    project = work / "sunderland"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("output", ".reportgen-cache"))
    out: dict[str, object] = {}
    for n in COUNCIL_COUNTS:
        r = run_child(project, work / f"councils-{n}", "2024-25", "councils:" + first_councils(n))
        r["per_council_s"] = r["total"] / r["councils"]
        out[str(r["councils"])] = r
    counts = sorted(out, key=int)
    small, everyone = out[counts[0]], out[counts[-1]]
    out["per_council_ratio"] = everyone["per_council_s"] / small["per_council_s"]  # type: ignore[index]
    out["peak_rss_mb"] = max(float(out[c]["rss_tree_mb"]) for c in counts)  # type: ignore[index]
    return out


def median_of(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
    return statistics.median(float(r[key]) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=4, metavar=("PROJECT", "OUTPUT", "PERIOD", "MODE"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--councils-only", action="store_true", help="Only the all-councils case.")
    args = parser.parse_args()
    if args.child:
        project, output, period, mode = args.child
        if mode.startswith("councils:"):
            councils_child(project, output, period, mode.split(":", 1)[1])
        else:
            child(project, output, period, mode)
        return
    results: dict[str, object] = {"machine": {"cores": os.cpu_count()}, "sizes": {}}
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    if args.councils_only:
        try:
            results["councils"] = bench_councils(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print_councils(results["councils"])  # type: ignore[arg-type]
        return
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
        results["councils"] = bench_councils(work)
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
    councils = results.get("councils")
    if councils:
        measured.update(
            councils_rss_mb=councils["peak_rss_mb"], councils_per_council_ratio=councils["per_council_ratio"]
        )
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
    if results.get("councils"):
        print_councils(results["councils"])
    for name, t in results["targets"].items():
        print(f"target {name}: {t['measured']} against {t['target']}: {'met' if t['met'] else 'MISSED'}")


def print_councils(councils: dict) -> None:  # type: ignore[type-arg]
    print("all councils (examples/sunderland, --authorities, every format, no cache):")
    print(
        "councils | total s | per council s | peak RSS, build and workers MB | files read | read by workers"
    )
    for n, r in councils.items():
        if not n.isdigit():
            continue
        reads = ", ".join(f"{v}" for v in r["reads"].values())
        print(
            f"{n} | {r['total']:.1f} | {r['per_council_s']:.2f} | {r['rss_tree_mb']:.0f} | "
            f"{len(r['reads'])} files, each read {reads} time(s) | {sum(r['worker_reads'].values())}"
        )
    print(f"time per council at all councils / at ten: {councils['per_council_ratio']:.2f}")


if __name__ == "__main__":
    main()
