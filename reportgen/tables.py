"""Tables from data files: CSV as Excel saves it and XLSX sheets, as rows of located cells."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportgenError
from .untrusted import unsafe_character

Cell = str | int | float | dt.datetime | dt.date | None
# Bounds checked before a file is parsed (size, and a workbook's unzipped size) or while it is
# read (rows, columns, cell text): far beyond any council's return, and small enough that a
# hostile file fails in a moment rather than filling memory. Excel itself stops at 1,048,576 rows.
MAX_FILE_BYTES = 50_000_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_RATIO = 100  # unzipped to zipped, for a part above 1 MB; spreadsheet XML compresses about 10:1
MAX_PARTS = 10_000
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000
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


def _check_size(path: Path) -> None:
    """Refuse a file too big to be a council's data before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportgenError(f"cannot read the file: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise ReportgenError(f"expected a file of at most {MAX_FILE_BYTES:,} bytes; got {size:,}")


def _check_row(cells: tuple[Cell, ...], where: str, rows_so_far: int) -> tuple[Cell, ...]:
    """Return the row without trailing blank cells, refusing one too many, too wide or not plain text."""
    if rows_so_far >= MAX_ROWS:
        raise ReportgenError(f"expected at most {MAX_ROWS:,} rows; got more (at {where})")
    end = len(cells)
    while end and (cells[end - 1] is None or cells[end - 1] == ""):
        end -= 1
    if end > MAX_COLUMNS:
        raise ReportgenError(f"expected at most {MAX_COLUMNS:,} columns; got {end:,} in {where}")
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
    _check_size(path)
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
            rows.append((start, _check_row(tuple(record), f"line {start}", len(rows))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReportgenError(f"expected well-formed CSV; got {exc} on line {start}") from None
    return Table(display, None, tuple(rows))


def read_xlsx(path: Path, display: str, sheets: list[str]) -> list[Table]:
    """Read a workbook's sheets (those named in ``sheets``, or all), with dates and percentages kept."""
    _check_size(path)
    _check_zip(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores: nothing the officer can act on
            warnings.simplefilter("ignore", UserWarning)
            return _read_sheets(path, sheets, display)
    except _BAD_WORKBOOK as exc:
        detail = " ".join(str(exc).split())[:200]
        raise ReportgenError(
            f"expected a readable Excel workbook; got {type(exc).__name__}: {detail}"
        ) from None


def check_package(path: Path, kind: str) -> None:
    """Refuse an OOXML file (a Word document, say) too big, a zip bomb, or holding a DTD, before parsing it."""
    _check_size(path)
    _check_zip(path, kind.split()[-1], kind)


def _check_zip(path: Path, noun: str = "workbook", readable: str = "Excel workbook") -> None:
    """Refuse a workbook whose parts would unzip to more than any real one (a zip bomb) before parsing it.

    The sizes come from the zip's directory; Python's zipfile never returns more than a part
    declares, so a part that lies about its size is cut short rather than let grow. A Word
    document read back (harvest) passes the same checks, with its own nouns in the messages.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise ReportgenError(f"expected a readable {readable}; got {type(exc).__name__}: {detail}") from None
    if len(parts) > MAX_PARTS:
        raise ReportgenError(f"expected a {noun} of at most {MAX_PARTS:,} parts; got {len(parts):,}")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise ReportgenError(
            f"expected a {noun} that unzips to at most {MAX_UNZIPPED_BYTES:,} bytes; got {total:,} "
            "(a zip bomb, or not a council's data)"
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size / max(part.compress_size, 1)
            raise ReportgenError(
                f"expected a {noun} whose parts unzip to at most {MAX_RATIO} times their size; got "
                f"{part.filename} at {ratio:,.0f} times (a zip bomb, or not a council's data)"
            )
    _check_no_dtd(path, parts, noun, readable)


# Spreadsheet XML never declares a DTD; one in a workbook is there to define entities (the
# "billion laughs", or an external entity naming a file). The prolog comes first, so reading the
# start of each part finds it; expat's own limits stand behind this for a DTD padded further in.
_DTD = tuple(m.encode(e) for m in ("<!DOCTYPE", "<!ENTITY") for e in ("utf-8", "utf-16-le", "utf-16-be"))


def _check_no_dtd(
    path: Path, parts: list[zipfile.ZipInfo], noun: str = "workbook", readable: str = "Excel workbook"
) -> None:
    """Refuse a workbook with a DTD in any XML part, before an XML parser meets it."""
    try:
        with zipfile.ZipFile(path) as archive:
            for part in parts:
                if not part.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(part) as stream:
                    head = stream.read(65_536)
                if any(marker in head for marker in _DTD):
                    raise ReportgenError(
                        f"expected a {noun} without a DTD; got one in {part.filename} "
                        "(entities are refused: they can expand without limit or name files)"
                    )
    except (OSError, EOFError, NotImplementedError, zlib.error, zipfile.BadZipFile) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise ReportgenError(f"expected a readable {readable}; got {type(exc).__name__}: {detail}") from None


def _read_sheets(path: Path, sheets: list[str], display: str) -> list[Table]:
    from openpyxl import load_workbook

    # keep_links=False: external links (to other workbooks or file:// paths) are never read
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
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
            label = name if name.replace("_", "").isalnum() else "'" + name.replace("'", "''") + "'"
            for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1), start=1):
                cells = tuple(_cell_value(c) for c in row)
                rows.append((number, _check_row(cells, f"row {label}!{number}", len(rows))))
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
