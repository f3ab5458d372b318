"""JSON renderer: every assessment as machine-readable report.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..assess import Assessment, Benchmark, Comparison
from ..briefing import Briefing, indicator_parts
from ..formatting import cell
from ..spc import SpcResult
from . import RenderContext


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


def spc_record(spc: SpcResult | None) -> dict[str, Any] | None:
    """Return the statistical process control of one assessment, point by point."""
    if spc is None:
        return None
    return {
        "variation": spc.variation,
        "assurance": spc.assurance,
        "points": [
            {
                "period": p.period.code,
                "value": p.value,
                "mean": p.limits.mean if p.limits else None,
                "lower_limit": p.limits.lower if p.limits else None,
                "upper_limit": p.limits.upper if p.limits else None,
                "special_cause": p.special_cause,
                "rules": list(p.rules),
            }
            for p in spc.points
        ],
    }


def _benchmark(b: Benchmark) -> dict[str, Any]:
    record: dict[str, Any] = {"value": b.value, "year": b.year, "position": b.position}
    if b.count is not None:  # an average of the members with a figure: how many of how many
        record.update(count=b.count, of=b.of)
    return record


def indicator_record(a: Assessment, paragraph: str) -> dict[str, Any]:
    """Return the JSON record of one assessment."""
    ind = a.indicator
    return {
        "id": ind.id,
        "title": ind.title,
        "section": a.section,
        "period": a.period.code,
        "unit": ind.unit,
        "unit_label": ind.unit_label,
        "polarity": ind.polarity,
        "basis": ind.basis,
        "status": a.status,
        "value": a.value,
        "display_value": cell(a.value, ind.measure) if a.value is not None else None,
        "provisional": a.provisional,
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
        "comparators": {b.name: _benchmark(b) for b in a.benchmarks},
        "rank": (
            {"position": a.rank.position, "of": a.rank.of, "quartile": a.rank.quartile} if a.rank else None
        ),
        "narrative": paragraph,
        "commentary": a.note,
        "questions": list(a.questions),  # the officer's own, from the commentary file
        "withheld": a.withheld is not None,
        "target_range": list(a.target_range) if a.target_range else None,
        "previous_rag": a.previous_rag,
        "vs_earlier_years": [_comparison(c) for c in a.earlier_years],
        "rolling_12_month_average": a.rolling_average,
        "extreme": (
            {
                "kind": a.extreme.kind,
                "since": a.extreme.since.code if a.extreme.since else None,
                "periods": a.extreme.count,
            }
            if a.extreme
            else None
        ),
        "run": {"direction": a.run.movement, "length": a.run.length} if a.run else None,
        "ended_run": {"direction": a.ended_run.movement, "length": a.ended_run.length}
        if a.ended_run
        else None,
        "year_to_date": (
            {
                "value": a.year_to_date.value,
                "numerator": a.year_to_date.numerator,
                "denominator": a.year_to_date.denominator,
                "from": a.year_to_date.start.code,
                "to": a.year_to_date.end.code,
            }
            if a.year_to_date
            else None
        ),
        "spc": spc_record(a.spc),
    }


def render(b: Briefing, target: Path, context: RenderContext) -> None:
    """Write report.json."""
    render_json(b, target)


def render_json(b: Briefing, target: Path) -> None:
    """Write the briefing's judgments and words as report.json."""
    doc = {
        "period": b.period_code,
        "period_label": b.period_label,
        "authority": b.authority,
        "title": b.title,
        "draft": b.draft,
        "build_date": b.build_date,  # drafts only: a final build stays repeatable
        **({"council": b.council} if b.council else {}),
        "summary": list(b.summary),
        "counts": {
            "rag": {
                k: sum(1 for a in b.assessments if a.rag == k) for k in ("green", "amber", "red", "none")
            },
            "performance": {
                k: sum(1 for a in b.assessments if a.previous is not None and a.previous.performance == k)
                for k in ("improved", "declined", "no change", "not assessed")
            },
        },
        "performing_well": list(b.performing_well),
        "areas_for_focus": list(b.areas_for_focus),
        "possible_areas_for_investigation": list(b.investigation),
        "withheld": list(b.withheld),
        "indicators": [
            indicator_record(part.assessment, part.narrative)
            for part in indicator_parts(b)
            if part.assessment is not None
        ],
    }
    target.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
