"""Spreadsheet renderer: the data annex analysts and scrutiny officers ask for.

Two sheets. **Scorecard**: one row per indicator (section, title, polarity, period, value,
target, RAG, direction and each comparator). **Data**: every figure the report shows, in long
form, one row per indicator and period. Figures are numbers, formatted to the indicator's
decimals; a suppressed or withheld figure is its marker, never the number; every text cell
goes through ``untrusted.spreadsheet_cell`` so a title starting ``=`` is not run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from ..assess import SHORT_WORDS, Assessment
from ..briefing import Briefing, Part, indicator_parts
from ..data import Observation
from ..formatting import PROVISIONAL_WORD
from ..indicators import BASIS_LABELS, POLARITY_LABELS
from ..palette import hex_digits
from ..spc import ASSURANCE_WORDS, VARIATION_WORDS
from ..units import Measure
from ..untrusted import spreadsheet_cell
from . import RenderContext
from .docx import repeatable_zip

SUPPRESSED_MARK = "[c]"  # the government statistical symbol for confidential (suppressed)
MISSING_MARK = "[x]"  # not available
STATUS_MARKS = {"low": "[low]", "unreliable": "[u]"}  # rounds to zero but is not zero; low reliability
STATUS_WORDS = {
    "ok": "",
    "missing": "no value",
    "suppressed": "suppressed",
    "low": "rounds to zero",
    "unreliable": "low reliability",
}
FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file, so builds are repeatable
SCORECARD_HEADERS = (
    "Section",
    "Indicator id",
    "Indicator",
    "Unit",
    "Good performance",
    "Reporting basis",
    "Period",
    "Value",
    "Target",
    "Target (upper end of range)",
    "RAG",
    "Status",
    "Direction",
    "Performance",
    "Previous period",
    "Previous value",
    "Same period last year",
    "Value a year earlier",
)
SPC_HEADERS = ("Variation (SPC)", "Assurance (SPC)")  # after the comparators, whose number varies
DATA_HEADERS = (
    "Section",
    "Indicator id",
    "Indicator",
    "Unit",
    "Period",
    "Period code",
    "Value",
    "Status",
    "Numerator",
    "Denominator",
)
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "none": ""}


def number_format(m: Measure | None) -> str:
    """Return Excel's format that shows a figure as the report's cells do: 81.4%, £1.3m, 1,119.

    The cell keeps the figure itself (81.4, 1300000): the format only writes it. ``None`` is a
    plain count (numerators and denominators).
    """
    if m is None:
        return "#,##0"
    digits = "#,##0" + ("." + "0" * m.decimals if m.decimals > 0 else "")
    scaling = "," * (m.scale.exponent // 3)  # each trailing comma divides by a thousand
    before, _, after = m.unit.cell.partition("{n}")
    after = after.replace("{scale}", m.scale.suffix)
    return (f'"{before}"' if before else "") + digits + scaling + (f'"{after}"' if after else "")


def render(b: Briefing, target: Path, context: RenderContext) -> None:
    """Write the data annex workbook."""
    from openpyxl import Workbook

    book = Workbook()
    scorecard = book.active
    scorecard.title = "Scorecard"
    data = book.create_sheet("Data")
    parts = [p for p in indicator_parts(b) if p.assessment is not None]
    comparators = list(
        dict.fromkeys(
            (bm.name, bm.year) for p in parts if p.assessment is not None for bm in p.assessment.benchmarks
        )
    )
    comparator_headers = [_comparator_header(name, year, b) for name, year in comparators]
    _header(scorecard, [*SCORECARD_HEADERS, *comparator_headers, *SPC_HEADERS], b)
    for row, part in enumerate(parts, start=2):
        _scorecard_row(scorecard, row, part, comparators)
    _header(data, list(DATA_HEADERS), b)
    shown = [(part, obs) for part in parts for obs in part.shown]
    for row, (part, obs) in enumerate(shown, start=2):
        _data_row(data, row, part, obs, b)
    for sheet in (scorecard, data):
        _finish(sheet)
    props = book.properties
    props.title = f"{b.document_title}: data annex"
    props.creator = b.author or b.authority
    props.subject = b.subject
    props.created = props.modified = FIXED_TIME
    props.lastModifiedBy = props.creator
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps the time of saving as the modified date: the fixed date goes back in
    target.write_bytes(repeatable_zip(buffer.getvalue(), {"docProps/core.xml": _fixed_modified}))


def _fixed_modified(xml: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def _comparator_header(name: str, year: str | None, b: Briefing) -> str:
    label = b.comparator_labels.get(name, name.replace("_", " "))
    return label[:1].upper() + label[1:] + (f" ({year.replace('-', b.year_separator)})" if year else "")


def _header(sheet: Any, headers: list[str], b: Briefing) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append([spreadsheet_cell(h) for h in headers])
    fill = PatternFill("solid", fgColor=hex_digits(b.palette.primary))
    font = Font(bold=True, color=hex_digits(b.palette.header_text))
    for cell in sheet[1]:
        cell.fill = fill
        cell.font = font


def _scorecard_row(sheet: Any, row: int, part: Part, comparators: list[tuple[str, str | None]]) -> None:
    a: Assessment | None = part.assessment
    assert a is not None
    ind = a.indicator
    prev, last = a.previous, a.last_year
    low, high = a.target_range if a.target_range is not None else (a.target, None)
    values: list[Any] = [
        a.section,
        ind.id,
        ind.title,
        ind.unit,
        POLARITY_LABELS[ind.polarity],
        BASIS_LABELS[ind.basis],
        a.period.code,
        _value_or_mark(a.value, a.status),
        low,
        high,
        RAG_WORDS[a.rag],
        SHORT_WORDS[a.symbol_key] if a.symbol_key else "",
        prev.movement if prev else "",
        prev.performance if prev else "",
        prev.period.code if prev else "",
        prev.value if prev else None,
        last.period.code if last else "",
        last.value if last else None,
    ]
    by_name = {(bm.name, bm.year): bm.value for bm in a.benchmarks}
    values += [by_name.get(c) for c in comparators]
    values += [
        VARIATION_WORDS[a.spc.variation] if a.spc else "",
        ASSURANCE_WORDS[a.spc.assurance] if a.spc and a.spc.assurance else "",
    ]
    sheet.append([spreadsheet_cell(v) for v in values])  # as row ``row``
    for column in (8, 9, 10, 16, 18, *range(len(SCORECARD_HEADERS) + 1, len(values) + 1)):
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell.value, int | float):
            cell.number_format = number_format(ind.measure)


def _value_or_mark(value: float | None, status: str, withheld: bool = False) -> float | str | None:
    if status == "suppressed" or withheld:
        return SUPPRESSED_MARK
    if value is None:
        return MISSING_MARK if status == "missing" else STATUS_MARKS.get(status)
    return value


def _data_row(sheet: Any, row: int, part: Part, obs: Observation, b: Briefing) -> None:
    a = part.assessment
    assert a is not None
    ind = a.indicator
    withheld = obs.withheld is not None
    status = "withheld" if withheld else STATUS_WORDS[obs.status]
    if obs.provisional and obs.status == "ok" and not withheld:
        status = PROVISIONAL_WORD  # to be revised as late recording comes in
    hidden = withheld or obs.status == "suppressed"
    values: list[Any] = [
        a.section,
        ind.id,
        ind.title,
        ind.unit,
        obs.period.long_label(b.year_separator),
        obs.period.code,
        _value_or_mark(obs.value, obs.status, withheld),
        status,
        None if hidden else obs.numerator,
        None if hidden else obs.denominator,
    ]
    sheet.append([spreadsheet_cell(v) for v in values])  # as row ``row``
    cell = sheet.cell(row=row, column=7)
    if isinstance(cell.value, int | float):
        cell.number_format = number_format(ind.measure)
    for column in (9, 10):
        if isinstance(sheet.cell(row=row, column=column).value, int | float):
            sheet.cell(row=row, column=column).number_format = number_format(None)


def _finish(sheet: Any) -> None:
    """Freeze the header row, add a filter and size the columns to their contents."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max((len(str(v)) for v in column if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
