"""Formatting: a target written in its own precision, wherever a target is printed."""

from __future__ import annotations

import pytest

from reportgen.formatting import HouseStyle, target_cell, target_quantity
from reportgen.units import measure


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "sentence", "in_cell"),
    [
        (121, "days", 1, "121 days", "121"),
        (2.5, "days", 2, "2.5 days", "2.5"),
        (2.1, "days", 2, "2.1 days", "2.1"),
        (90, "percent", 1, "90%", "90%"),
        (92.5, "percent", 1, "92.5%", "92.5%"),
        (1, "days", 1, "1 day", "1"),
        (0.25, "percent", 1, "0.3%", "0.3%"),  # never more places than the figures show
    ],
)
def test_a_target_keeps_its_own_precision(
    value: float, unit: str, decimals: int, sentence: str, in_cell: str
) -> None:
    m = measure(unit, decimals)
    assert target_quantity(value, m, HouseStyle()) == sentence
    assert target_cell(value, m) == in_cell
