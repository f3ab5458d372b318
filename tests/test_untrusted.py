"""Untrusted text: what is refused as not text, and text neutralised for spreadsheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.untrusted import spreadsheet_cell, unsafe_character

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"


@pytest.mark.parametrize(
    "text",
    ["Better after recruitment – café", "Tab\tand\nnew line\r\n", "عربى \u200f mark", "£5 € ‘quotes’", ""],
)
def test_ordinary_text_is_text(text: str) -> None:
    assert unsafe_character(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a\x00b", "the control character U+0000 at character 2"),
        ("\x1b[2J", "the control character U+001B at character 1"),
        ("x\x85", "the control character U+0085 at character 2"),
        ("\ud800", "the control character U+D800 at character 1"),
        ("ok\ufffe", "the control character U+FFFE at character 3"),
        (
            "ab\u2066c",
            "the bidirectional control U+2066 LEFT-TO-RIGHT ISOLATE at character 3, which makes text display "
            "in a different order from the one it is stored in",
        ),
    ],
)
def test_controls_and_bidi_overrides_are_named(text: str, found: str) -> None:
    assert unsafe_character(text) == found


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://example.invalid","x")', '\'=HYPERLINK("http://example.invalid","x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-3", "'-3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Better after recruitment", "Better after recruitment"),
        (-3, -3),
        (81.4, 81.4),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(value: object, written: object) -> None:
    assert spreadsheet_cell(value) == written  # type: ignore[arg-type]


def test_any_csv_or_xlsx_writer_neutralises_its_cells() -> None:
    """A module that writes a spreadsheet (the data annex does) must pass its cells through spreadsheet_cell."""
    writes = re.compile(r"csv\.writer|DictWriter|to_csv|to_excel|openpyxl import Workbook|Workbook\(")
    writers = []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if writes.search(source):
            writers.append(path.name)
            assert "spreadsheet_cell" in source, f"{path.name} writes a spreadsheet without spreadsheet_cell"
    assert "xlsx.py" in writers  # the search can see a writer
