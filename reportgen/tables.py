"""Tables from data files: CSV as Excel saves it and XLSX sheets, as rows of located cells."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportgenError

Cell = str | int | float | dt.datetime | dt.date | None
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


def read_csv(path: Path, display: str) -> Table:
    """Read a CSV file, keeping the line each record starts on."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportgenError(f"cannot read the file: {exc.strerror}") from None
    text = decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in some locales saves ';' separated "CSV"; a tab-separated export is common too
    delimiter = max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, tuple(record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReportgenError(f"expected well-formed CSV; got {exc} on line {start}") from None
    return Table(display, None, tuple(rows))


def read_xlsx(path: Path, display: str, sheets: list[str]) -> list[Table]:
    """Read a workbook's sheets (those named in ``sheets``, or all), with dates and percentages kept."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReportgenError(f"expected a readable Excel workbook; got {type(exc).__name__}: {exc}") from None
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
        for name in wanted:
            sheet = book[name]
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            sheet.reset_dimensions()  # some writers record a wrong size; read every row
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
                rows.append((number, tuple(_cell_value(c) for c in row)))
            tables.append(Table(display, name, tuple(rows), chosen=bool(sheets)))
        return tables
    finally:
        book.close()


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
