"""Golden paragraphs for hand-made series: every polarity, unit, basis and frequency."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from reportgen.assess import assess_indicator
from reportgen.formatting import HouseStyle
from reportgen.narrative import Writer
from reportgen.periods import FREQUENCY_KIND, parse_period
from tests.conftest import indicator, series
from tests.narrative_cases import CASES

GOLDEN = Path(__file__).parent / "golden" / "narrative_cases.json"
LABELS = {"national": "national average", "statistical_neighbours": "statistical neighbour average"}


def paragraph_for(case: dict) -> str:  # type: ignore[type-arg]
    ind = indicator(id=case["name"], **case["ind"])
    period = parse_period(case.get("period", "2023-24 Q2"))
    writer = Writer(HouseStyle(**case.get("style", {})), lambda n: LABELS.get(n, n))
    stated = {
        name: {parse_period(code, kind_hint=FREQUENCY_KIND[ind.frequency]): v for code, v in figures.items()}
        for name, figures in case.get("stated", {}).items()
    }
    s = replace(series(ind, case["values"], case.get("counts")), stated=stated)
    a = assess_indicator(ind, "S", s, period)
    return writer.paragraph(a)


def test_there_are_at_least_forty_cases_covering_every_option() -> None:
    assert len(CASES) >= 40
    seen = {key: {c["ind"].get(key) for c in CASES} for key in ("polarity", "unit", "basis", "frequency")}
    assert {"higher", "lower", "target", "none"} <= seen["polarity"] | {None}
    assert {"count", "rate", "days", "weeks", "number"} <= seen["unit"]
    assert {"year_to_date", "rolling_year", "annual", "snapshot", "forecast", "month"} <= seen["basis"]
    assert {"monthly", "annual"} <= seen["frequency"]


@pytest.mark.golden
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_paragraph(case: dict) -> None:  # type: ignore[type-arg]
    expected = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    text = paragraph_for(case)
    if os.environ.get("REPORTGEN_UPDATE_GOLDEN"):
        expected[case["name"]] = text
        GOLDEN.write_text(
            json.dumps(expected, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
    assert text == expected[case["name"]]
