"""Tables from data files: CSV as Excel saves it and XLSX sheets, as rows of located cells."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportgenError
from .files import check_archive, read_bounded
from .untrusted import unsafe_character


class UnsavedFormula(str):
    """A workbook cell holding a formula with no saved result (written by a program, never opened in Excel).

    Its text is the formula; it is never a figure, so a value cell holding one is refused where it is.
    """


Cell = str | int | float | dt.datetime | dt.date | None
# Bounds checked before a file is parsed (size, and a workbook's unzipped size) or while it is
# read (rows, columns, cell text): far beyond any council's return, and small enough that a
# hostile file fails in a moment rather than filling memory. Excel itself stops at 1,048,576 rows.
MAX_FILE_BYTES = 50_000_000
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000
MAX_CELLS = 500_000  # up to each row's last value; bench's 400-indicator pack of five years' monthly figures has 104,000
# What openpyxl raises on a damaged or hostile workbook, found by fuzzing (tests/test_untrusted.py):
# a parser of untrusted bytes fails in many ways, each meaning "this is not a readable workbook".
_BAD_WORKBOOK = (
    OSError,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    NotImplementedError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError, entity bombs included
    zlib.error,
    zipfile.BadZipFile,
)
_DELIMITERS = (",", ";", "\t")
# UTF-8 for é, £, – ’ “ €: in Windows-1252 these read Ã©, Â£, â€“, which no officer types
_UTF8_IN_CP1252 = re.compile(rb"[\xC2\xC3][\x80-\xBF]|\xE2[\x80-\x84][\x80-\xBF]")


@dataclass(frozen=True)
class Table:
    """One CSV file or one worksheet: rows of cells, each row with its number in the file."""

    path: str  # as shown to the officer, e.g. data/quarterly.csv
    sheet: str | None  # None for a CSV file
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    chosen: bool = False  # named in reportgen.yaml `sheets`, so it must hold data

    def ref(self, row: int, column: int) -> str:
        """Return where a cell is: the line for CSV (12), sheet and cell for XLSX (Data!C12)."""
        if self.sheet is None:
            return str(row)
        sheet = (
            self.sheet if self.sheet.replace("_", "").isalnum() else "'" + self.sheet.replace("'", "''") + "'"
        )
        return f"{sheet}!{column_letter(column)}{row}"

    @property
    def name(self) -> str:
        """Return the file, and the sheet for a workbook, for messages."""
        return self.path if self.sheet is None else f"{self.path} sheet {self.sheet!r}"


def column_letter(index: int) -> str:
    """Return the spreadsheet letters of a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_tables(path: Path, display: str, sheets: list[str]) -> list[Table]:
    """Read a CSV file or the sheets of a workbook; raise ReportgenError if it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [read_csv(path, display)]
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, display, sheets)
    if suffix == ".xls":
        raise ReportgenError("expected a .csv or .xlsx file; got an old .xls workbook (save it as .xlsx)")
    raise ReportgenError(f"expected a .csv or .xlsx file; got {path.suffix or 'no extension'}")


def decode(raw: bytes) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM), else Windows-1252; never guess past that."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportgenError(
            "expected UTF-8 or Windows-1252 text; got UTF-16 (in Excel, save as 'CSV UTF-8 (Comma delimited)')"
        )
    if raw.startswith(b"PK\x03\x04"):
        raise ReportgenError("expected CSV text; got an Excel workbook (rename it to .xlsx)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        not_utf8 = exc.start
    mixed = _UTF8_IN_CP1252.search(raw)
    if mixed:
        # a UTF-8 file with a Windows-1252 byte pasted in: either reading would garble some text
        raise ReportgenError(
            f"expected one encoding; got UTF-8 text on line {_line(raw, mixed.start())} and a "
            f"Windows-1252 byte {raw[not_utf8]:#04x} on line {_line(raw, not_utf8)}"
        )
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReportgenError(
            f"expected UTF-8 or Windows-1252 text; got byte {raw[exc.start]:#04x} on line {_line(raw, exc.start)}, "
            "which is neither (save it from Excel as 'CSV UTF-8')"
        ) from None


def _line(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1


class _Count:
    """Rows and cells read so far from one file, against MAX_ROWS and MAX_CELLS."""

    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0


def _check_row(cells: tuple[Cell, ...], where: str, count: _Count) -> tuple[Cell, ...]:
    """Return the row without trailing blank cells, refusing one too many, too wide or not plain text."""
    if count.rows >= MAX_ROWS:
        raise ReportgenError(f"expected at most {MAX_ROWS:,} rows; got more (at {where})")
    count.rows += 1
    end = len(cells)
    while end and (cells[end - 1] is None or cells[end - 1] == ""):
        end -= 1
    if end > MAX_COLUMNS:
        raise ReportgenError(f"expected at most {MAX_COLUMNS:,} columns; got {end:,} in {where}")
    count.cells += end  # blanks before the last value too: each one is read, and padded by openpyxl
    if count.cells > MAX_CELLS:
        # rows and columns alone allow 200 million: a wide sheet that long would take minutes
        raise ReportgenError(f"expected at most {MAX_CELLS:,} cells; got more (at {where})")
    for i, cell in enumerate(cells[:end]):
        if isinstance(cell, str):
            if len(cell) > MAX_CELL_CHARS:
                raise ReportgenError(
                    f"expected at most {MAX_CELL_CHARS:,} characters in a cell; got {len(cell):,} in "
                    f"column {column_letter(i)} of {where}"
                )
            unsafe = unsafe_character(cell)
            if unsafe is not None:
                raise ReportgenError(
                    f"expected plain text; got {unsafe} in column {column_letter(i)} of {where}"
                )
    return cells[:end]


def read_csv(path: Path, display: str) -> Table:
    """Read a CSV file, keeping the line each record starts on."""
    raw = read_bounded(path, MAX_FILE_BYTES)
    text = decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in some locales saves ';' separated "CSV"; a tab-separated export is common too
    delimiter = max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    start = 1
    count = _Count()
    try:
        for record in reader:
            rows.append((start, _check_row(tuple(record), f"line {start}", count)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReportgenError(f"expected well-formed CSV; got {exc} on line {start}") from None
    return Table(display, None, tuple(rows))


def read_xlsx(path: Path, display: str, sheets: list[str]) -> list[Table]:
    """Read a workbook's sheets (those named in ``sheets``, or all), with dates and percentages kept."""
    data = read_bounded(path, MAX_FILE_BYTES)  # read once: what is checked is what is parsed
    check_archive(data, "workbook")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores: nothing the officer can act on
            warnings.simplefilter("ignore", UserWarning)
            return _read_sheets(io.BytesIO(data), sheets, display)
    except _BAD_WORKBOOK as exc:
        detail = " ".join(str(exc).split())[:200]
        raise ReportgenError(
            f"expected a readable Excel workbook; got {type(exc).__name__}: {detail}"
        ) from None


def check_package(path: Path, kind: str) -> None:
    """Refuse an OOXML file (a Word document, say) too big, a zip bomb, or holding a DTD, before parsing it.

    A Word document read back (harvest) passes the checks a workbook does (files.check_archive),
    with its own nouns in the messages.
    """
    check_archive(read_bounded(path, MAX_FILE_BYTES), kind.split()[-1], kind)


@contextlib.contextmanager
def _sizes_unread() -> Iterator[None]:
    """Open a read-only workbook without openpyxl reading each sheet for its recorded size.

    Every sheet is read whole anyway (reset_dimensions: some writers record a wrong size), and a
    sheet with no <dimension> element was parsed to its end just to find none: a quarter of the
    time of a dense sheet. Unread, a sheet's size is what reset_dimensions leaves (rows and
    columns from 1, no end).
    """
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sized = ReadOnlyWorksheet._get_size
    ReadOnlyWorksheet._get_size = lambda self: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        ReadOnlyWorksheet._get_size = sized  # type: ignore[method-assign]


def _read_sheets(source: io.BytesIO, sheets: list[str], display: str) -> list[Table]:
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import EMPTY_CELL

    # keep_links=False: external links (to other workbooks or file:// paths) are never read
    with _sizes_unread():
        book = load_workbook(source, read_only=True, data_only=True, keep_links=False)
    # data_only gives a formula's saved result, or None when it has none; the formulas themselves
    # are read (a second time) only from a workbook with a formula that has none, to tell those
    # cells from blanks
    raw = source.getvalue()  # each reader its own stream over the same bytes (not copied)
    formulas = None
    if _has_unsaved_formulas(raw):
        with _sizes_unread():
            formulas = load_workbook(io.BytesIO(raw), read_only=True, keep_links=False)
    try:
        names = list(book.sheetnames)
        if sheets:
            wanted = [n for n in names if n in sheets]
            if not wanted:
                hint = difflib.get_close_matches(sheets[0], names, n=1)
                suffix = f"; did you mean {hint[0]!r}?" if hint else ""
                raise ReportgenError(
                    f"sheets: expected a sheet named {' or '.join(repr(s) for s in sheets)}; "
                    f"got sheets {', '.join(repr(n) for n in names)}{suffix}"
                )
        else:
            wanted = names
        tables = []
        count = _Count()  # across the workbook's sheets
        for name in wanted:
            sheet = book[name]
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            sheet.reset_dimensions()  # some writers record a wrong size; read every row
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            label = name if name.replace("_", "").isalnum() else "'" + name.replace("'", "''") + "'"
            written: Iterator[tuple[object, ...]] | None = None
            if formulas is not None:
                formula_sheet = formulas[name]
                formula_sheet.reset_dimensions()
                written = formula_sheet.iter_rows(min_row=1, min_col=1)
            for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
                # openpyxl pads a row with one shared empty cell up to its last: skip those at once
                cells = tuple(None if c is EMPTY_CELL else _cell_value(c) for c in row)
                if written is not None:
                    cells = _unsaved(cells, next(written, ()))
                rows.append((number, _check_row(cells, f"row {label}!{number}", count)))
            tables.append(Table(display, name, tuple(rows), chosen=bool(sheets)))
        return tables
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


# a formula (<f>...</f>, or a shared one's <f .../>) with no saved result: an empty <v> or none
# before its cell ends. [^<>] keeps every attempt to one tag, so the scan stays linear.
_P = rb"(?:[A-Za-z]+:)?"
_UNSAVED_FORMULA = re.compile(
    rb"(?:</" + _P + rb"f>|<" + _P + rb"f\b[^<>]*/>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>|</" + _P + rb"c>)"
)


def _has_unsaved_formulas(raw: bytes) -> bool:
    """Return whether any sheet of a workbook (already checked by check_archive) has a formula with no saved result.

    A workbook Excel saved has a result for every formula and is read once; only one written by a
    program that never calculated it is read a second time, for its formulas.
    """
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(_UNSAVED_FORMULA.search(archive.read(n)) for n in names)


def _unsaved(cells: tuple[Cell, ...], written: tuple[object, ...]) -> tuple[Cell, ...]:
    """Return the row with each formula that has no saved result as an UnsavedFormula."""
    out = list(cells)
    for i, cell in enumerate(written[: len(out)]):
        formula = getattr(cell, "value", None)
        if out[i] is None and formula is not None:
            text = formula if isinstance(formula, str) else str(getattr(formula, "text", "") or "=")
            out[i] = UnsavedFormula(text)
    return tuple(out)


def _cell_value(cell: object) -> Cell:
    """Return a cell as the officer sees it: 0.814 formatted as a percentage is 81.4."""
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value)
    if isinstance(value, int | float):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            return round(float(value) * 100, 10)  # 0.814 * 100 is 81.39999999999999
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return str(value)
