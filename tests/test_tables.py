"""Reading CSV as Excel saves it, and workbooks cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from reportgen.errors import ReportgenError
from reportgen.tables import UnsavedFormula, column_letter, decode, read_csv, read_tables, read_xlsx

TEXT = "indicator,period,value,note\nvisits,2023-24 Q2,91.5,café – £5\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_excel_saves_are_read_exactly(encoding: str) -> None:
    assert decode(TEXT.encode(encoding)) == TEXT


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    raw = b"indicator,period,value\nvisits,2023-24 Q2,9\x81\n"
    with pytest.raises(ReportgenError) as info:
        decode(raw)
    assert str(info.value) == (
        "expected UTF-8 or Windows-1252 text; got byte 0x81 on line 2, which is neither "
        "(save it from Excel as 'CSV UTF-8')"
    )


def test_utf8_with_a_windows_1252_byte_pasted_in_is_refused() -> None:
    raw = "indicator,note\nvisits,café\n".encode() + b"placements,caf\xe9\n"
    with pytest.raises(ReportgenError) as info:
        decode(raw)
    assert str(info.value) == (
        "expected one encoding; got UTF-8 text on line 2 and a Windows-1252 byte 0xe9 on line 3"
    )


def test_utf16_and_a_renamed_workbook_are_named() -> None:
    with pytest.raises(ReportgenError, match="got UTF-16"):
        decode(TEXT.encode("utf-16"))
    with pytest.raises(ReportgenError, match="got an Excel workbook"):
        decode(b"PK\x03\x04rest")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_separator_is_taken_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(TEXT.replace(",", delimiter), encoding="utf-8")
    table = read_csv(path, "data/d.csv")
    assert table.rows[1] == (2, ("visits", "2023-24 Q2", "91.5", "café – £5"))


def test_csv_rows_keep_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('indicator,period,value,note\n\nvisits,Q1-2023,1,"two\nlines"\nvisits,Q2-2023,2,\n')
    table = read_csv(path, "data/d.csv")
    assert [n for n, _ in table.rows] == [1, 2, 3, 5]
    assert table.ref(5, 2) == "5"


def test_workbook_cells_come_as_the_officer_sees_them(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["indicator", "period", "value"])
    sheet.append(["visits", dt.datetime(2023, 9, 30), 0.814])
    sheet.append(["visits", "2023-24 Q1", "1,119"])
    sheet["C2"].number_format = "0.0%"
    book.create_sheet("Other").append(["x"])
    book.save(tmp_path / "d.xlsx")
    tables = read_xlsx(tmp_path / "d.xlsx", "data/d.xlsx", [])
    assert [t.sheet for t in tables] == ["Data", "Other"]
    assert tables[0].rows[1] == (2, ("visits", dt.datetime(2023, 9, 30), 81.4))
    assert tables[0].rows[2] == (3, ("visits", "2023-24 Q1", "1,119"))
    assert tables[0].ref(3, 2) == "Data!C3"
    assert [t.sheet for t in read_xlsx(tmp_path / "d.xlsx", "data/d.xlsx", ["Other"])] == ["Other"]


def test_a_sheet_named_in_config_must_exist(tmp_path: Path) -> None:
    book = Workbook()
    assert book.active is not None
    book.active.title = "Scorecard"
    book.save(tmp_path / "d.xlsx")
    with pytest.raises(ReportgenError) as info:
        read_xlsx(tmp_path / "d.xlsx", "data/d.xlsx", ["Scorcard"])
    assert str(info.value) == (
        "sheets: expected a sheet named 'Scorcard'; got sheets 'Scorecard'; did you mean 'Scorecard'?"
    )


def test_other_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"")
    with pytest.raises(ReportgenError, match=r"got an old \.xls workbook \(save it as \.xlsx\)"):
        read_tables(tmp_path / "old.xls", "data/old.xls", [])
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ReportgenError, match="expected a readable Excel workbook; got BadZipFile"):
        read_tables(tmp_path / "broken.xlsx", "data/broken.xlsx", [])


@pytest.mark.parametrize(
    "index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_too_many_rows_are_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    # two cells a row, so the bound on rows comes before the one on cells (500,000)
    path.write_text("indicator,period\n" + "visits,2023-24 Q2\n" * 200_000, encoding="utf-8")
    with pytest.raises(ReportgenError, match=r"^expected at most 200,000 rows; got more \(at line 200001\)$"):
        read_tables(path, "long.csv", [])


def test_a_workbook_part_that_unzips_too_far_is_refused_before_parsing(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", " " * 5_000_000)
    with pytest.raises(ReportgenError, match=r"^expected a workbook whose parts unzip to at most 100 times"):
        read_tables(path, "book.xlsx", [])


def test_a_file_too_big_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as f:
        f.truncate(50_000_001)
    with pytest.raises(
        ReportgenError, match=r"^expected a file of at most 50,000,000 bytes; got 50,000,001$"
    ):
        read_tables(path, "big.csv", [])


def test_trailing_blank_cells_do_not_count_as_columns(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("indicator,period,value" + "," * 5000 + "\n", encoding="utf-8")
    assert read_tables(path, "long.csv", [])[0].rows == ((1, ("indicator", "period", "value")),)


def _workbook_with_formulas(path: Path, saved: dict[str, str]) -> None:
    """Write a workbook whose value cells are formulas, with a saved result only for the cells in ``saved``.

    openpyxl writes formulas without results, as a script would; a result is put in as Excel saves it.
    """
    import zipfile

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Q return"
    sheet.append(["indicator", "period", "value", "numerator", "denominator"])
    sheet.append(["visits", "2023-24 Q1", "=D2/E2*100", 84, 100])
    sheet.append(["visits", "2023-24 Q2", "=D3/E3*100", 183, 200])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in saved.items():
        start = xml.index(f'<c r="{ref}">')
        xml = xml[:start] + xml[start:].replace("<v></v>", f"<v>{value}</v>", 1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_with_no_saved_result_is_told_from_a_blank_cell(tmp_path: Path) -> None:
    path = tmp_path / "q.xlsx"
    _workbook_with_formulas(path, {"C2": "84"})
    (table,) = read_xlsx(path, "data/q.xlsx", [])
    first, second = table.rows[1][1], table.rows[2][1]
    assert first[2] == 84 and not isinstance(first[2], UnsavedFormula)  # Excel saved its result
    assert isinstance(second[2], UnsavedFormula) and second[2] == "=D3/E3*100"
    assert second[3:] == (183, 200)


def test_a_workbook_excel_saved_is_read_once_and_one_with_an_unsaved_formula_twice(tmp_path: Path) -> None:
    from reportgen.tables import _has_unsaved_formulas

    _workbook_with_formulas(tmp_path / "saved.xlsx", {"C2": "84", "C3": "91.5"})
    _workbook_with_formulas(tmp_path / "unsaved.xlsx", {"C2": "84"})
    assert not _has_unsaved_formulas((tmp_path / "saved.xlsx").read_bytes())
    assert _has_unsaved_formulas((tmp_path / "unsaved.xlsx").read_bytes())
    (table,) = read_xlsx(tmp_path / "saved.xlsx", "data/q.xlsx", [])
    assert [row[2] for _, row in table.rows[1:]] == [84, 91.5]


def test_a_workbook_without_formulas_has_no_unsaved_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append(["visits", "2023-24 Q1", None])
    book.save(tmp_path / "q.xlsx")
    (table,) = read_xlsx(tmp_path / "q.xlsx", "data/q.xlsx", [])
    assert table.rows[1][1] == ("visits", "2023-24 Q1")


def test_a_workbook_is_opened_without_reading_each_sheet_for_its_size_and_openpyxl_is_left_as_found(
    tmp_path: Path,
) -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append(["visits", "2023-24 Q1", 84])
    book.save(tmp_path / "q.xlsx")
    sized = ReadOnlyWorksheet._get_size
    calls: list[object] = []
    def recorder(self: object) -> None:
        calls.append(self)

    ReadOnlyWorksheet._get_size = recorder  # type: ignore[method-assign]
    try:
        (table,) = read_xlsx(tmp_path / "q.xlsx", "data/q.xlsx", [])
        assert calls == []  # the sheet is read whole anyway: its recorded size was never parsed
        assert ReadOnlyWorksheet._get_size is recorder  # what was there before is put back
    finally:
        ReadOnlyWorksheet._get_size = sized  # type: ignore[method-assign]
    assert table.rows[1][1] == ("visits", "2023-24 Q1", 84)
