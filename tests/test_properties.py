"""Random bytes and values into every loader and the assessment: a result or a ReportgenError, nothing else."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportgen.assess import Thresholds, assess_indicator
from reportgen.charts import alt_text
from reportgen.config import load_config
from reportgen.data import Observation, Series, Status, parse_cell
from reportgen.errors import InputProblems, ReportgenError
from reportgen.formatting import HouseStyle
from reportgen.indicators import Indicator, load_sections
from reportgen.narrative import Writer
from reportgen.periods import FREQUENCY_KIND, PERIOD_KINDS, Period, parse_period
from reportgen.pipeline import load_project, resolve_period
from reportgen.risks import load_register
from reportgen.tables import read_csv, read_xlsx
from reportgen.units import SCALES, UNITS
from reportgen.yaml_source import load_yaml

FIXTURES = Path(__file__).parent / "fixtures"
WORKBOOKS = sorted((FIXTURES / "layouts" / "data").rglob("*.xlsx"))
RUNS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that reaches past the first character of a parser: YAML and CSV punctuation, digits,
# markers, quotes, controls, a bidi override and some letters.
PUNCTUATION = ":-[]{}&*!|>'\"\n\r\t #%@`,?;=+<\\/.\x00\x1b\u202e\ufeff0123456789cnaxQ%"
texts = st.text(alphabet=st.sampled_from(list(PUNCTUATION) + list("abcdefghijklmnop")), max_size=300)


@contextmanager
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="reportgen-prop-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    return path


# -- bytes into the file readers ----------------------------------------------------------------


@RUNS
@given(st.one_of(st.binary(max_size=2000), texts))
def test_yaml_loads_or_names_one_problem(data: bytes | str) -> None:
    with folder() as tmp:
        doc, problems = load_yaml(write(tmp / "x.yaml", data), "x.yaml")
    assert (doc is None) == bool(problems)
    assert all("\n" not in str(p) for p in problems)


@RUNS
@given(st.one_of(st.binary(max_size=2000), texts))
def test_csv_reads_or_raises_a_reportgen_error(data: bytes | str) -> None:
    with folder() as tmp:
        try:
            table = read_csv(write(tmp / "x.csv", data), "x.csv")
        except ReportgenError as exc:
            assert "\n" not in str(exc)
        else:
            assert all(isinstance(cells, tuple) for _, cells in table.rows)


@st.composite
def damaged_workbooks(draw: st.DrawFn) -> bytes:
    """Return a real workbook with bytes changed inside one of its parts (so the zip stays readable)."""
    source = zipfile.ZipFile(io.BytesIO(draw(st.sampled_from(WORKBOOKS)).read_bytes()))
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
                                ]
                            ),
                        )
                    )
            z.writestr(name, bytes(body))
    return out.getvalue()


@RUNS
@given(st.one_of(damaged_workbooks(), st.binary(max_size=2000)))
def test_a_workbook_reads_or_raises_a_reportgen_error(data: bytes) -> None:
    with folder() as tmp:
        try:
            read_xlsx(write(tmp / "x.xlsx", data), "x.xlsx", [])
        except ReportgenError as exc:
            assert "\n" not in str(exc)


# -- values into the parsers --------------------------------------------------------------------

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
    st.datetimes(),
    st.dates(),
)


@RUNS
@given(cells, st.integers(1, 12), st.sampled_from([None, "month", "quarter", "year"]))
def test_a_period_parses_and_labels_or_raises_a_reportgen_error(
    raw: object, fy_start: int, kind: Any
) -> None:
    try:
        period = parse_period(raw, fy_start, kind_hint=kind)
    except ReportgenError as exc:
        assert "\n" not in str(exc)
        return
    assert period.code and period.long_label() and period.short_label() and period.end_label()
    assert period.previous().end_index < period.end_index
    assert period.financial_year().kind == "year"


@RUNS
@given(cells)
@example("k")  # every status, whatever the random draw: low, unreliable, suppressed, missing
@example("[u]")
@example("c")
@example("")
def test_a_cell_is_a_figure_a_marker_or_a_value_error(raw: object) -> None:
    try:
        value, status = parse_cell(raw)
    except ValueError as exc:  # the data reader turns it into a located problem
        assert "\n" not in str(exc)
        return
    assert status in get_args(Status)  # every status the reader knows, so a new one cannot be missed
    assert (value is not None) == (status == "ok")


# -- random project files -----------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(), texts)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
CONFIG_KEYS = [
    "authority",
    "title",
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
INDICATOR_KEYS = list(Indicator.model_fields)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(CONFIG_KEYS), max_size=6, unique=True))
    out: dict[str, Any] = {"authority": "A", "title": "T"}
    out.update({k: draw(values) for k in keys})
    return out


@st.composite
def indicator_files(draw: st.DrawFn) -> dict[str, Any]:
    base = {
        "id": "x",
        "title": "X",
        "unit": "count",
        "polarity": "lower",
        "basis": "snapshot",
        "frequency": "quarterly",
    }
    for key in draw(st.lists(st.sampled_from(INDICATOR_KEYS), max_size=5, unique=True)):
        base[key] = draw(values)
    return {"section": draw(st.one_of(st.just("S"), values)), "indicators": [base]}


@RUNS
@given(configs())
def test_a_random_config_loads_or_names_its_problems(config: dict[str, Any]) -> None:
    with folder() as tmp:
        write(tmp / "reportgen.yaml", yaml.safe_dump(config, allow_unicode=True))
        try:
            load_config(tmp)
        except InputProblems as exc:
            assert exc.problems and all("\n" not in str(p) for p in exc.problems)


@RUNS
@given(indicator_files())
def test_random_indicator_files_load_or_name_their_problems(section: dict[str, Any]) -> None:
    with folder() as tmp:
        write(tmp / "indicators" / "x.yaml", yaml.safe_dump(section, allow_unicode=True))
        try:
            load_sections(tmp, [])
        except InputProblems as exc:
            assert exc.problems and all("\n" not in str(p) for p in exc.problems)


@RUNS
@given(values)
def test_a_random_risk_register_loads_or_names_its_problems(register: Any) -> None:
    with folder() as tmp:
        write(tmp / "risks.yaml", yaml.safe_dump({"risks": register}, allow_unicode=True))
        try:
            load_register(tmp, 4)
        except InputProblems as exc:
            assert all("\n" not in str(p) for p in exc.problems)


TOKENS = [
    "visits",
    "placements",
    "2023-24 Q2",
    "2023-24 Q1",
    "Jun-23",
    "c",
    "<5",
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
]
rows = st.lists(st.lists(st.one_of(st.sampled_from(TOKENS), texts), min_size=0, max_size=7), max_size=8)


@RUNS
@given(
    rows,
    st.sampled_from(
        [
            "indicator,period,value,numerator,denominator,note",
            "indicator,series,period,value",
            "indicator,Mar-23,Jun-23,Sep-23,note",
        ]
    ),
)
def test_a_random_data_file_loads_or_names_its_problems(body: list[list[str]], header: str) -> None:
    with folder() as tmp:
        shutil.copytree(FIXTURES / "minimal", tmp / "p")
        text = header + "\n" + "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in body)
        write(tmp / "p" / "data" / "long.csv", text)
        try:
            project = load_project(tmp / "p")
            resolve_period(project, "Q2-2023")
        except ReportgenError as exc:
            problems = exc.problems if isinstance(exc, InputProblems) else [exc]
            assert all("\n" not in str(p) for p in problems)


# -- random series into the assessment, the narrative and the alt text ------------------------

figures = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
QUARTERS = [parse_period(f"2022-23 Q{q}") for q in range(1, 5)] + [
    parse_period(f"2023-24 Q{q}") for q in range(1, 5)
]


@st.composite
def observations(draw: st.DrawFn, period: Period) -> Observation:
    status = draw(st.sampled_from(["ok", "ok", "ok", "missing", "suppressed"]))
    value = draw(figures) if status == "ok" else None
    counts = draw(st.one_of(st.none(), st.tuples(st.floats(0, 1e6), st.floats(0, 1e6))))
    num, den = counts if counts and status == "ok" else (None, None)
    return Observation(period, value, status, num, den, draw(st.one_of(st.none(), texts)))


@st.composite
def indicators_and_series(draw: st.DrawFn) -> tuple[Indicator, Series]:
    unit = draw(st.sampled_from(list(UNITS)))
    target = draw(
        st.one_of(st.none(), figures, st.just("0-18"), st.just({"2023-24": 5.0, "2022-23": "10 to 20"}))
    )
    ind = Indicator.model_validate(
        {
            "id": draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
            "title": draw(st.one_of(st.just("% of things"), texts.filter(str.strip))),
            "unit": unit,
            "polarity": draw(st.sampled_from(["higher", "lower", "target", "none"])),
            "basis": draw(
                st.sampled_from(
                    [
                        "year_to_date",
                        "rolling_year",
                        "annual",
                        "latest_quarter",
                        "snapshot",
                        "forecast",
                        "month",
                    ]
                )
            ),
            "frequency": "quarterly",
            "target": target,
            "tolerance": draw(st.one_of(st.none(), st.floats(0, 1e6), st.just("5%"))),
            "decimals": draw(st.one_of(st.none(), st.integers(0, 4))),
            "comparators": draw(
                st.dictionaries(st.sampled_from(["national", "regional"]), figures, max_size=2)
            ),
            "aggregate": draw(st.sampled_from([None, "sum", "ratio", "none"])),
            "currency_scale": draw(st.sampled_from([None, *SCALES])) if UNITS[unit].scaled else None,
        }
    )
    chosen = draw(st.lists(st.sampled_from(QUARTERS), unique=True, max_size=8))
    obs = tuple(sorted((draw(observations(p)) for p in chosen), key=lambda o: o.period.end_index))
    return ind, Series(ind.id, obs)


@RUNS
@given(indicators_and_series(), st.sampled_from(QUARTERS), st.booleans())
def test_any_series_is_assessed_narrated_and_described(
    story: tuple[Indicator, Series], period: Period, idiom: bool
) -> None:
    ind, series = story
    a = assess_indicator(ind, "S", series, period, Thresholds())
    style = HouseStyle(idiom=idiom)
    assert Writer(style).paragraph(a)
    assert alt_text(a, style).startswith("Line chart of ")
    assert a.period.kind == FREQUENCY_KIND[ind.frequency]


@RUNS
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.integers(1, 12))
def test_a_date_becomes_a_period_at_any_year(day: dt.date, fy_start: int) -> None:
    for kind in (None, *PERIOD_KINDS):
        try:
            period = parse_period(day, fy_start, kind_hint=kind)  # type: ignore[arg-type]
        except ReportgenError:
            continue
        assert period.long_label()


# -- random text all the way into the documents ------------------------------------------------

any_text = st.text(max_size=80)  # every code point, controls and surrogates included


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text.filter(str.strip), any_text, any_text)
def test_text_that_loads_is_written_into_every_document(title: str, note: str, commentary: str) -> None:
    import csv

    from reportgen.pipeline import build

    with folder() as tmp:
        root = tmp / "p"
        shutil.copytree(FIXTURES / "minimal", root)
        care = root / "indicators" / "care.yaml"
        section = yaml.safe_load(care.read_text(encoding="utf-8"))
        section["indicators"][0]["title"] = title
        write(care, yaml.safe_dump(section, allow_unicode=True))
        buffer = io.StringIO()
        csv.writer(buffer).writerows(
            [
                ["indicator", "period", "value", "note"],
                ["visits", "2023-24 Q2", "91.5", note],
                ["placements", "2023-24 Q2", "11", ""],
            ]
        )
        write(root / "data" / "long.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
        write(
            root / "commentary" / "2023-24-Q2.yaml",
            yaml.safe_dump({"placements": commentary}, allow_unicode=True),
        )
        try:
            load_project(root)
        except InputProblems as exc:
            assert all("\n" not in str(p) for p in exc.problems)
            return
        paths = build(root, "Q2-2023", output=tmp / "out", formats=("html", "docx", "json"))
        assert len(paths) == 3
