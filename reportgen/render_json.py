"""JSON renderer: every assessment as machine-readable report.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .assess import Assessment, Comparison
from .briefing import Briefing
from .formatting import cell


def _comparison(c: Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "period": c.period.code,
        "value": c.value,
        "change": round(c.delta, 10),
        "direction": c.movement,
        "performance": c.performance,
    }


def indicator_record(a: Assessment, paragraph: str) -> dict[str, Any]:
    """Return the JSON record of one assessment."""
    ind = a.indicator
    return {
        "id": ind.id,
        "title": ind.title,
        "section": a.section,
        "period": a.period.code,
        "unit": ind.unit,
        "polarity": ind.polarity,
        "basis": ind.basis,
        "status": a.status,
        "value": a.value,
        "display_value": cell(a.value, ind.unit, ind.places) if a.value is not None else None,
        "numerator": a.numerator,
        "denominator": a.denominator,
        "target": a.target,
        "tolerance": a.tolerance if a.target is not None else None,
        "rag": a.rag,
        "symbol": a.symbol_word or None,
        "direction": a.previous.movement if a.previous else None,
        "performance": a.previous.performance if a.previous else None,
        "vs_previous_period": _comparison(a.previous),
        "vs_same_period_last_year": _comparison(a.last_year),
        "comparators": {
            b.name: {"value": b.value, "year": b.year, "position": b.position} for b in a.benchmarks
        },
        "narrative": paragraph,
        "commentary": a.note,
    }


def render_json(b: Briefing, target: Path) -> None:
    """Write report.json."""
    paragraphs = {i.id: i.paragraph for s in b.sections for i in s.indicators}
    doc = {
        "period": b.period_code,
        "period_label": b.period_label,
        "authority": b.authority,
        "title": b.title,
        "summary": list(b.summary),
        "indicators": [indicator_record(a, paragraphs[a.indicator.id]) for a in b.assessments],
    }
    target.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
