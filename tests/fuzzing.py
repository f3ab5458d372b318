"""Fuzzing every loader: random, damaged and amplified inputs; one-line errors only; time per megabyte.

Each target writes one generated input into a scratch folder and reads it with a loader: YAML,
reportgen.yaml, indicator files, the risk register, commentary, CSV, workbooks, period cells, a
project's data through disclosure control, the logo, the Word reference document and an officer's
template. A loader may return or raise ReportgenError (InputProblems included), with messages of
one line; any other exception is a failure. *Amplified* inputs repeat a generated fragment up to
about a megabyte, so work that grows faster than the input (a pattern backtracking over a run of
spaces) shows as time per megabyte.

``make fuzz`` runs every target in turn for FUZZ_MINUTES (default 10) and writes
bench/fuzz-results.json: examples tried, the slowest input per megabyte (processor time, so other
work on the machine does not count; wall time is recorded beside it) and any failure.
tests/test_fuzz.py runs each target briefly, derandomized, in ``make test``, timing nothing.

An input's budget is 2 s per MB of what it wrote, on top of the loader's fixed cost: twice the
processor time it takes for a small good input (opening a project, starting openpyxl), and at
least 0.1 s; an input under 50 kB is charged as 50 kB. A workbook or Word file counts what it unzips to (its XML compresses a hundredfold;
a zip bomb is refused from the sizes declared before anything is unzipped).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputProblems, ReportgenError

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
BUDGET_S_PER_MB = 2.0
MIN_FIXED_S = 0.1
FLOOR_MB = 0.05  # smaller inputs are charged as this big: a pause of a few ms is not a rate
MAX_AMPLIFIED = 1_000_000  # bytes an amplified input grows to, at most
# make fuzz runs under this address-space limit: an input that would fill the machine raises
# MemoryError (a finding, with its input) instead of the kernel killing the run with nothing said
MEMORY_LIMIT = 6 * 1024**3

# -- strategies ------------------------------------------------------------------------------------

PUNCTUATION = ":-[]{}&*!|>'\"\n\r\t #%@`,?;=+<\\/.\x00\x1b\u202e\ufeff0123456789cnaxQ%"
texts = st.text(alphabet=st.sampled_from(list(PUNCTUATION) + list("abcdefghijklmnop ")), max_size=300)
fragments = st.one_of(
    st.text(alphabet=st.sampled_from(list(PUNCTUATION) + list("abcqQ ")), min_size=1, max_size=12),
    st.sampled_from(
        [" ", "  ", "1", "1,", ",", "\n", "Q1 ", "2023-", "-", "a" * 8, "<5", "&a ", "*a ", "[", "{"]
    ),
)


@st.composite
def amplified(
    draw: st.DrawFn, prefix: st.SearchStrategy[str] = texts, suffix: st.SearchStrategy[str] = texts
) -> str:
    """Return a prefix, a fragment repeated up to about a megabyte, and a suffix."""
    chunk = draw(fragments)
    times = draw(st.integers(1, MAX_AMPLIFIED // len(chunk)))
    return draw(prefix) + chunk * times + draw(suffix)


texts_or_amplified = st.one_of(texts, texts, amplified())
data_bytes = st.one_of(
    st.binary(max_size=4000), texts_or_amplified.map(lambda t: t.encode("utf-8", "surrogatepass"))
)


def _damaged(path: Path, draw: st.DrawFn) -> bytes:
    """Return a real zip (workbook, Word file) with bytes changed inside one of its parts."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    names = source.namelist()
    target = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            body = bytearray(source.read(name))
            if name == target and body:
                for _ in range(draw(st.integers(1, 4))):
                    at = draw(st.integers(0, len(body) - 1))
                    cut = draw(st.integers(0, 40))
                    body[at : at + cut] = draw(
                        st.one_of(
                            st.binary(max_size=8),
                            st.sampled_from(
                                [
                                    b"<",
                                    b"&",
                                    b'"',
                                    b"inf",
                                    b"1e999",
                                    b't="e"',
                                    b't="s"',
                                    b's="999"',
                                    b'r="ZZ0"',
                                    b"<v>",
                                    b"<!DOCTYPE x>",
                                    b'r:id="rId99"',
                                    b"w:val",
                                    b"</w:body>",
                                ]
                            ),
                        )
                    )
            z.writestr(name, bytes(body))
    return out.getvalue()


WORKBOOKS = sorted((FIXTURES / "layouts" / "data").rglob("*.xlsx"))
REFERENCE = ROOT / "templates" / "reference.docx"


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """Return a damaged real workbook, random bytes, or a workbook of many generated cells."""
    kind = draw(st.sampled_from(["damaged", "damaged", "bytes", "many"]))
    if kind == "damaged":
        return _damaged(draw(st.sampled_from(WORKBOOKS)), draw)
    if kind == "bytes":
        return draw(st.binary(max_size=4000))
    cell = draw(
        st.sampled_from(
            [
                "<c><v>1</v></c>",
                '<c t="inlineStr"><is><t>c</t></is></c>',
                "<c/>",
                '<c r="ALL{r}"><v>2</v></c>',
                '<c t="s"><v>0</v></c>',
            ]
        )
    )
    per_row = draw(st.integers(1, 1200))
    rows = draw(st.integers(1, max(1, 200_000 // per_row)))
    sheet = "".join(
        f'<row r="{r}">' + cell.replace("{r}", str(r)) * per_row + "</row>" for r in range(1, rows + 1)
    )
    return _zip_workbook(sheet)


def _zip_workbook(sheet_rows: str) -> bytes:
    from tests.fixtures.hostile.make_fixtures import workbook

    return workbook(sheet_rows)


@st.composite
def word_files(draw: st.DrawFn) -> bytes:
    return _damaged(REFERENCE, draw) if draw(st.booleans()) else draw(st.binary(max_size=4000))


@st.composite
def images(draw: st.DrawFn) -> bytes:
    from tests.fixtures.hostile.make_fixtures import WEBP_8X8, png_header

    base = draw(
        st.sampled_from(
            [
                (ROOT / "branding" / "logo.png").read_bytes()
                if (ROOT / "branding" / "logo.png").exists()
                else b"",
                png_header(draw(st.integers(1, 200_000)), draw(st.integers(1, 200_000))),
                bytes.fromhex(WEBP_8X8),
                b"\xff\xd8\xff\xe0" + b"\x00" * 16,
                b"GIF89a" + b"\x00" * 10,
            ]
        )
    )
    body = bytearray(base)
    for _ in range(draw(st.integers(0, 3))):
        if body:
            at = draw(st.integers(0, len(body) - 1))
            body[at : at + draw(st.integers(0, 8))] = draw(st.binary(max_size=8))
    return bytes(body)


EXPRESSIONS = [
    "1",
    "10",
    "10**6",
    "10**12",
    "10**1000000",
    "'x'",
    "'ab'",
    "[1, 2]",
    "'%999999999s'",
    "'{:>99999999}'",
    "b.title",
    "2.5",
    "(1, 2)",
    "none",
    "''",
]
OPERATORS = ["*", "**", "%", "+", "~", "//", "-"]
CALLS = [
    "",
    "|center({n})",
    "|indent({n})",
    "|truncate({n})",
    "|wordwrap({n})",
    ".ljust({n})",
    ".zfill({n})",
    "|format(1)",
    ".format(1)",
    "|list",
    "|length",
]


@st.composite
def template_sources(draw: st.DrawFn) -> str:
    left, right = draw(st.sampled_from(EXPRESSIONS)), draw(st.sampled_from(EXPRESSIONS))
    op = draw(st.sampled_from(OPERATORS))
    call = draw(st.sampled_from(CALLS)).format(n=draw(st.sampled_from(["5", "10**6", "10**9", "-1"])))
    return draw(
        st.sampled_from(
            [
                "{{ (%s %s %s)%s }}",
                "{{ %s %s %s }}{{ 1%s }}",
                "{%% for i in range(%s %s %s) %%}{{ i%s }}{%% endfor %%}",
            ]
        )
    ) % (left, op, right, call)


# -- targets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One loader: what to generate, how to read it (returning the bytes it wrote), and a small good input."""

    name: str
    inputs: st.SearchStrategy[Any]
    run: Callable[[Any, Path], int]
    baseline: Any = None  # its time is the loader's fixed cost (a project opened, openpyxl started)


def _write(path: Path, data: bytes | str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    path.write_bytes(raw)
    return len(raw)


def _minimal(tmp: Path) -> Path:
    root = tmp / "p"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def run_yaml(data: bytes, tmp: Path) -> int:
    from reportgen.yaml_source import load_yaml

    size = _write(tmp / "x.yaml", data)
    doc, problems = load_yaml(tmp / "x.yaml", "x.yaml")
    assert (doc is None) == bool(problems)
    _one_line([str(p) for p in problems])
    return size


def run_config(config: Any, tmp: Path) -> int:
    from reportgen.config import load_config

    size = _write(
        tmp / "reportgen.yaml",
        config if isinstance(config, str) else yaml.safe_dump(config, allow_unicode=True),
    )
    load_config(tmp)
    return size


def run_indicators(section: Any, tmp: Path) -> int:
    from reportgen.indicators import load_sections

    text = section if isinstance(section, str) else yaml.safe_dump(section, allow_unicode=True)
    size = _write(tmp / "indicators" / "x.yaml", text)
    load_sections(tmp, [])
    return size


def run_risks(register: Any, tmp: Path) -> int:
    from reportgen.risks import load_register

    text = register if isinstance(register, str) else yaml.safe_dump({"risks": register}, allow_unicode=True)
    size = _write(tmp / "risks.yaml", text)
    load_register(tmp, 4)
    return size


def run_commentary(case: tuple[str, Any], tmp: Path) -> int:
    from reportgen.commentary import load_commentary

    name, body = case
    text = body if isinstance(body, str) else yaml.safe_dump(body, allow_unicode=True)
    size = _write(tmp / "commentary" / f"{name}.yaml", text)
    _, problems = load_commentary(tmp, ["visits", "placements"], 4)
    _one_line([str(p) for p in problems])
    return size


def run_csv(data: bytes, tmp: Path) -> int:
    from reportgen.tables import read_csv

    size = _write(tmp / "x.csv", data)
    read_csv(tmp / "x.csv", "x.csv")
    return size


def run_xlsx(data: bytes, tmp: Path) -> int:
    from reportgen.tables import read_xlsx

    size = _write(tmp / "x.xlsx", data)
    read_xlsx(tmp / "x.xlsx", "x.xlsx", [])
    return max(size, unzipped_size(data))


def _charged(path: Path) -> int:
    """Return the bytes a file written by a target is charged as: a workbook or Word file unzipped."""
    data = path.read_bytes()
    return max(len(data), unzipped_size(data))


def unzipped_size(data: bytes) -> int:
    """Return what a zip's parts declare they unzip to (0 if it is not a zip): the work a parser faces.

    A workbook's XML compresses a hundredfold, so its time is counted per megabyte unzipped;
    a zip bomb is refused from the sizes declared before anything is unzipped.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return 0


def run_period(case: tuple[object, int, str | None], tmp: Path) -> int:
    from reportgen.periods import parse_period

    raw, fy_start, kind = case
    period = parse_period(raw, fy_start, kind_hint=kind)
    assert period.code and period.long_label() and period.previous().end_index < period.end_index
    return len(str(raw).encode("utf-8", "surrogatepass"))


def run_data(text: str, tmp: Path) -> int:
    from reportgen.pipeline import load_project, resolve_period

    root = _minimal(tmp)
    size = _write(root / "data" / "long.csv", text)
    project = load_project(root)
    resolve_period(project, "Q2-2023")
    return size


def run_totals(text: str, tmp: Path) -> int:
    from reportgen.pipeline import load_project

    root = _minimal(tmp)
    shutil.copytree(FIXTURES / "hostile" / "overlapping_totals", root, dirs_exist_ok=True)
    (root / "data" / "long.csv").unlink()
    size = _write(root / "data" / "totals.csv", text)
    load_project(root)
    return size


def run_logo(data: bytes, tmp: Path) -> int:
    from reportgen.branding import load_look
    from reportgen.config import load_config

    root = _minimal(tmp)
    size = _write(root / "branding" / "logo.png", data)
    config = root / "reportgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "branding:\n  logo: branding/logo.png\n", encoding="utf-8"
    )
    load_look(root, load_config(root))
    return size


def run_reference(data: bytes, tmp: Path) -> int:
    from reportgen.reference import check_reference, styles_only

    size = max(_write(tmp / "reference.docx", data), unzipped_size(data))
    styles_only(check_reference(tmp / "reference.docx", "reference.docx"), "reference.docx")
    return size


def run_template(source: str, tmp: Path) -> int:
    from reportgen.narrative import render_template

    render_template(source, {"b": {"title": "T"}}, "x")
    return len(source.encode())


@st.composite
def data_files(draw: st.DrawFn) -> str:
    header = draw(
        st.sampled_from(
            [
                "indicator,period,value,numerator,denominator,note",
                "indicator,series,period,value",
                "indicator,Mar-23,Jun-23,Sep-23,note",
                "indicator;period;value",
            ]
        )
    )
    tokens = st.sampled_from(
        [
            "visits",
            "placements",
            "2023-24 Q2",
            "2023-24 Q1",
            "Jun-23",
            "c",
            "<5",
            "<10",
            "n/a",
            "91.5",
            "-0",
            "1e3",
            "",
            "x",
            "100",
            "0",
            "target",
            "national",
            "population",
            "183",
            "200",
        ]
    )
    row = st.lists(st.one_of(tokens, texts), max_size=7).map(
        lambda cells: ",".join(f'"{c}"' if "," in c else c for c in cells)
    )
    body = draw(st.lists(row, max_size=8))
    text = header + "\n" + "\n".join(body)
    if draw(st.booleans()):  # a row, or a piece of one, repeated up to about a megabyte
        chunk = draw(st.one_of(row.map(lambda r: "\n" + r), fragments))
        if chunk:
            text += chunk * draw(st.integers(1, MAX_AMPLIFIED // len(chunk)))
    return text


@st.composite
def total_files(draw: st.DrawFn) -> str:
    figures = st.one_of(st.integers(0, 60).map(str), st.sampled_from(["c", "<5", "n/a", "*"]))
    rows = ["indicator,period,value"]
    for quarter in draw(
        st.lists(
            st.sampled_from(["2023-24 Q1", "2023-24 Q2", "2022-23 Q4"]), min_size=1, max_size=3, unique=True
        )
    ):
        for key in "abcxyz":
            rows.append(f"{key},{quarter},{draw(figures)}")
    return "\n".join(rows) + "\n"


def _yaml_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(), texts)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
        max_leaves=12,
    )


def _configs() -> st.SearchStrategy[Any]:
    keys = [
        "financial_year_start",
        "sections",
        "formats",
        "style",
        "thresholds",
        "data",
        "sheets",
        "branding",
        "comparator_labels",
        "meeting_date",
        "docx_reference",
    ]
    return st.one_of(
        st.fixed_dictionaries(
            {"authority": st.just("A"), "title": st.just("T")}, optional={k: _yaml_values() for k in keys}
        ),
        amplified(st.just("authority: A\ntitle: "), st.just("\n")),
        texts,
    )


def _sections() -> st.SearchStrategy[Any]:
    from reportgen.indicators import Indicator

    base = {
        "id": st.just("x"),
        "title": st.just("X"),
        "unit": st.just("count"),
        "polarity": st.just("lower"),
        "basis": st.just("snapshot"),
        "frequency": st.just("quarterly"),
    }
    indicator = st.fixed_dictionaries(
        base, optional={k: _yaml_values() for k in Indicator.model_fields if k not in base}
    )
    return st.one_of(
        st.fixed_dictionaries(
            {
                "section": st.one_of(st.just("S"), _yaml_values()),
                "indicators": st.lists(indicator, min_size=1, max_size=3),
            }
        ),
        amplified(st.just("section: S\nindicators:\n  - id: x\n    title: "), st.just("\n")),
        texts,
    )


PERIOD_NAMES = st.one_of(
    st.sampled_from(["2023-24-Q2", "2023-24", "2023-09", "Q2-2023", "x", "2023-24-Q9"]),
    texts.filter(
        lambda t: (
            t
            and "/" not in t
            and "\x00" not in t
            and t not in (".", "..")
            and len(t.encode("utf-8", "surrogatepass")) < 200
        )
    ),
)

MINIMAL_CSV = (FIXTURES / "minimal" / "data" / "long.csv").read_text(encoding="utf-8")
MINIMAL_CONFIG = (FIXTURES / "minimal" / "reportgen.yaml").read_text(encoding="utf-8")
MINIMAL_SECTION = (FIXTURES / "minimal" / "indicators" / "care.yaml").read_text(encoding="utf-8")
commentary = st.tuples(
    PERIOD_NAMES,
    st.one_of(
        st.dictionaries(st.sampled_from(["visits", "placements", "x"]), _yaml_values(), max_size=3),
        texts_or_amplified,
    ),
)
cells = st.one_of(st.none(), st.integers(), st.floats(), texts_or_amplified, st.datetimes(), st.dates())
periods = st.tuples(cells, st.integers(1, 12), st.sampled_from([None, "month", "quarter", "year"]))
risk_registers = st.one_of(_yaml_values(), amplified(st.just("risks:\n  - id: "), st.just("\n")))

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("yaml", data_bytes, run_yaml, MINIMAL_SECTION.encode()),
        Target("config", _configs(), run_config, MINIMAL_CONFIG),
        Target("indicators", _sections(), run_indicators, MINIMAL_SECTION),
        Target("risks", risk_registers, run_risks, (ROOT / "risks.yaml").read_text(encoding="utf-8")),
        Target(
            "commentary", commentary, run_commentary, ("2023-24-Q2", {"visits": "Better after recruitment."})
        ),
        Target("csv", data_bytes, run_csv, MINIMAL_CSV.encode()),
        Target("xlsx", workbooks(), run_xlsx, WORKBOOKS[0].read_bytes()),
        Target("period", periods, run_period, ("2023-24 Q2", 4, None)),
        Target("data", data_files(), run_data, MINIMAL_CSV),
        Target(
            "totals", total_files(), run_totals, "indicator,period,value\na,2023-24 Q2,c\nb,2023-24 Q2,3\n"
        ),
        Target("logo", images(), run_logo, (ROOT / "branding" / "logo.png").read_bytes()),
        Target("reference", word_files(), run_reference, REFERENCE.read_bytes()),
        Target("template", template_sources(), run_template, "{{ b.title }} {{ 2 * 3 }}"),
    )
}


def _one_line(messages: list[str]) -> None:
    bad = [m for m in messages if "\n" in m or "\r" in m or "\x1b" in m]
    assert not bad, bad


# -- running ---------------------------------------------------------------------------------------


@dataclass
class Record:
    """What one target's run found."""

    examples: int = 0
    errors: int = 0  # inputs refused with a ReportgenError (as they should be)
    fixed_s: float = (
        MIN_FIXED_S  # the fixed cost allowed: twice the baseline's processor time, at least 0.1 s
    )
    largest_mb: float = 0.0
    worst_cpu_s_per_mb: float = 0.0  # processor time beyond the fixed cost, per MB
    slowest_cpu_s: float = 0.0  # processor time of the slowest input, whatever its size
    worst: dict[str, Any] = field(default_factory=dict)
    slow: list[dict[str, Any]] = field(default_factory=list)  # over the budget
    failures: list[str] = field(default_factory=list)  # exceptions other than ReportgenError


def attempt(target: Target, value: Any, record: Record) -> None:
    """Run one input through a target, timing it; let anything but a ReportgenError through."""
    tmp = Path(tempfile.mkdtemp(prefix=f"reportgen-fuzz-{target.name}-"))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        size = 0
        try:
            size = target.run(value, tmp)
        except ReportgenError as exc:
            messages = [str(p) for p in exc.problems] if isinstance(exc, InputProblems) else [str(exc)]
            _one_line(messages)
            assert not _out_of_memory(exc), f"ran out of memory (limit {MEMORY_LIMIT:,} bytes): {exc}"
            record.errors += 1
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if not size:  # refused before the target said what it wrote: what is in the folder, a zip unzipped
            size = sum(_charged(p) for p in tmp.rglob("*") if p.is_file() and not p.is_symlink())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    record.examples += 1
    mb = size / 1e6
    record.largest_mb = max(record.largest_mb, mb)
    record.slowest_cpu_s = max(record.slowest_cpu_s, cpu)
    rate = max(0.0, cpu - record.fixed_s) / max(mb, FLOOR_MB)
    found = {"mb": round(mb, 4), "cpu_s": round(cpu, 3), "wall_s": round(wall, 3), "input": _shown(value)}
    if rate > record.worst_cpu_s_per_mb:
        record.worst_cpu_s_per_mb, record.worst = rate, found
    if rate > BUDGET_S_PER_MB:
        record.slow.append(found)
        keep = os.environ.get("REPORTGEN_FUZZ_KEEP")  # a folder to save slow inputs in, to study them
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            raw = value if isinstance(value, bytes) else repr(value).encode("utf-8", "surrogatepass")
            (Path(keep) / f"{target.name}-{record.examples}.bin").write_bytes(raw)


def _out_of_memory(exc: BaseException) -> bool:
    """Whether a MemoryError lies behind an error, however the loader reported it."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError) or "ran out of memory" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def measure_fixed_cost(target: Target, record: Record) -> None:
    """Set the fixed cost allowed to a target: twice the median processor time of its baseline input."""
    if target.baseline is None:
        return
    times = []
    for _ in range(5):
        tmp = Path(tempfile.mkdtemp(prefix=f"reportgen-fuzz-{target.name}-"))
        try:
            cpu = time.process_time()
            try:
                target.run(target.baseline, tmp)
            except ReportgenError:
                pass
            times.append(time.process_time() - cpu)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    record.fixed_s = max(MIN_FIXED_S, 2 * sorted(times)[len(times) // 2])


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 300 else f"{text[:200]} ... {text[-80:]} ({len(text):,} characters)"


def run_target(target: Target, examples: int, derandomize: bool, record: Record) -> None:
    """Try ``examples`` inputs (Hypothesis shrinks a failure to its simplest form before raising it)."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        phases=[Phase.generate, Phase.shrink] if not derandomize else [Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(target.inputs)
    def fuzz(value: Any) -> None:
        attempt(target, value, record)

    fuzz()


def fuzz_for(minutes: float, names: list[str]) -> dict[str, Any]:
    """Run the targets in turn until ``minutes`` are up; return what each found."""
    records = {name: Record() for name in names}
    for name in names:
        measure_fixed_cost(TARGETS[name], records[name])
    stop = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < stop:
        rounds += 1
        for name in names:
            if time.monotonic() >= stop:
                break
            try:
                run_target(TARGETS[name], 50, False, records[name])
            except Exception:  # noqa: BLE001 - a finding: keep it and go on with the others
                text = traceback.format_exc()
                records[name].failures.append(
                    text if len(text) < 4000 else text[:2500] + " ... " + text[-1500:]
                )
        print(f"round {rounds}: " + ", ".join(f"{n} {r.examples}" for n, r in records.items()), flush=True)
    return {
        "minutes": minutes,
        "rounds": rounds,
        "budget_s_per_mb": BUDGET_S_PER_MB,
        "min_fixed_s": MIN_FIXED_S,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "targets": {n: r.__dict__ for n, r in records.items()},
        "examples": sum(r.examples for r in records.values()),
        "failures": sum(len(r.failures) for r in records.values()),
        "slow": sum(len(r.slow) for r in records.values()),
    }


def main() -> None:
    """Fuzz for a while and write the results (make fuzz)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "fuzz-results.json")
    parser.add_argument("--targets", default=",".join(TARGETS))
    args = parser.parse_args()
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, resource.getrlimit(resource.RLIMIT_AS)[1]))
    results = fuzz_for(args.minutes, [n.strip() for n in args.targets.split(",") if n.strip()])
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    for name, record in results["targets"].items():
        print(
            f"{name:11s} {record['examples']:6,d} inputs, largest {record['largest_mb']:.2f} MB, "
            f"fixed {record['fixed_s']:.2f} s, worst {record['worst_cpu_s_per_mb']:.2f} s/MB beyond it, "
            f"slowest {record['slowest_cpu_s']:.2f} s, {len(record['slow'])} over budget, "
            f"{len(record['failures'])} failures"
        )
    print(f"wrote {args.out}")
    raise SystemExit(1 if results["failures"] or results["slow"] else 0)


if __name__ == "__main__":
    main()
