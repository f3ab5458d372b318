"""Untrusted text: characters refused in officers' files, and text made safe for spreadsheets."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 cannot hold C0 controls (python-docx and lxml refuse them), terminals act on ESC and
# C1 controls, and a lone surrogate cannot be written as UTF-8: none is text an officer typed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates make text display in a different order from
# the one it is stored and searched in ("Trojan Source"); the marks U+200E/U+200F stay allowed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Text a spreadsheet would run as a formula when a CSV or XLSX we wrote is opened (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unsafe_character(text: str) -> str | None:
    """Return what in ``text`` cannot be published as plain text, or None when it is all text."""
    found = _CONTROL.search(text)
    if found is not None:
        return f"the control character U+{ord(found.group()):04X} at character {found.start() + 1}"
    found = _BIDI.search(text)
    if found is not None:
        ch = found.group()
        return (
            f"the bidirectional control U+{ord(ch):04X} {unicodedata.name(ch)} at character "
            f"{found.start() + 1}, which makes text display in a different order from the one it is stored in"
        )
    return None


def spreadsheet_cell(value: str | float | int | None) -> str | float | int | None:
    """Return a value safe to write to a CSV or XLSX cell: text a spreadsheet would run as a formula gets a leading '.

    Numbers stay numbers; only text is changed, so "-3" typed as text becomes "'-3" while -3 stays -3.
    The data annex (render/xlsx.py) passes every cell through this; so must any writer added.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
