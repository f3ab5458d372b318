"""Disclosure control: withhold more figures where a suppressed one could be worked out from sums.

Primary suppression is the data's own: a cell marked c, *, <5 (data.py drops the counts
behind it too), and figures published only as low (rounds to zero) or u (low reliability). A
suppressed count can still be recovered by arithmetic when it is one of a total and its parts
(an indicator with ``total_of``): by subtraction from one sum, or by combining several that
overlap (x = a + b, y = a + c, z = b + c give a = (x + y - z) / 2). This stage closes that gap
before anything is judged, charted or written: in each period every ``total_of`` relation is
one linear system, solved in exact rational arithmetic, and figures are withheld until no
unpublished figure is a combination of published ones.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

from .data import HIDDEN, DataSet, Observation, Series, number_in
from .errors import Problem
from .indicators import Indicator, Section
from .periods import Period

Figures = dict[str, dict[Period, Observation]]
MAX_SEARCH = 3  # figures withheld together when looking for the fewest that protect (then one at a time)


def protect(sections: list[Section], data: DataSet) -> DataSet:
    """Return the data with secondary suppression applied to every ``total_of`` sum, in every period.

    First each sum alone: when exactly one of its figures is hidden in a period, the others give
    it away, so the smallest published part is withheld as well (the total, when no other part
    has a figure); this repeats, as a part of one total may be the total of another. Then all the
    sums of a period together: while a suppressed figure is still a combination of published
    ones, the fewest further figures are withheld (parts before totals, smaller before larger).
    Figures marked missing, or absent, count as known, which can only withhold more. A note on a
    withheld figure that mentions a number is a warning, as on a suppressed one.
    """
    totals = [ind for s in sections for ind in s.indicators if ind.total_of]
    if not totals:
        return data
    figures: Figures = {
        key: {o.period: o for o in series.observations} for key, series in data.series.items()
    }
    periods = sorted({p for total in totals for p in _periods(total, figures)}, key=lambda p: p.end_index)
    for period in periods:
        while _each_sum(totals, period, figures) or _all_sums(totals, period, figures):
            pass
    series = {
        key: replace(s, observations=tuple(sorted(figures[key].values(), key=lambda o: o.period.end_index)))
        if key in figures
        else s
        for key, s in data.series.items()
    }
    warnings = [*data.warnings, *_note_warnings(data, figures)]
    return replace(data, series=series, warnings=tuple(warnings))


def _withhold(figures: Figures, key: str, period: Period, because: str) -> None:
    obs = figures[key][period]
    figures[key][period] = replace(
        obs, value=None, status="suppressed", numerator=None, denominator=None, withheld=because
    )


def _each_sum(totals: list[Indicator], period: Period, figures: Figures) -> bool:
    """Withhold a second figure of each sum with one hidden figure; return whether any was."""
    changed = False
    for total in totals:
        victim = _second_to_withhold(total, period, figures)
        if victim is not None:
            _withhold(figures, victim, period, total.id)
            changed = True
    return changed


def _all_sums(totals: list[Indicator], period: Period, figures: Figures) -> bool:
    """Withhold the fewest figures that leave no suppressed one determined by the period's sums together.

    Return whether any was withheld.
    """
    equations = [
        (total.id, _equation(total))
        for total in totals
        if any(period in figures.get(key, {}) for key in _members(total))
    ]
    hidden = {
        key
        for _, eq in equations
        for key in eq
        if (obs := figures.get(key, {}).get(period)) is not None and obs.status in HIDDEN
    }
    primary = {key for key in hidden if figures[key][period].withheld is None}
    if not primary & determined([eq for _, eq in equations], hidden):
        return False
    published = {
        key
        for _, eq in equations
        for key in eq
        if (obs := figures.get(key, {}).get(period)) is not None
        and obs.status == "ok"
        and obs.value is not None
    }
    is_total = {total for total, _ in equations}
    candidates = sorted(published, key=lambda k: (k in is_total, figures[k][period].value, k))
    chosen: tuple[str, ...] = ()
    for size in range(1, min(MAX_SEARCH, len(candidates)) + 1):
        chosen = next(
            (
                combo
                for combo in itertools.combinations(candidates, size)
                if not primary & determined([eq for _, eq in equations], hidden | set(combo))
            ),
            (),
        )
        if chosen:
            break
    for key in chosen or candidates[:1]:  # none within reach: one at a time, the most expendable first
        because = next(total for total, eq in equations if key in eq)
        _withhold(figures, key, period, key if key in is_total else because)
    return bool(candidates)


def _equation(total: Indicator) -> dict[str, int]:
    """Return total - part - part ... = 0 as coefficients by indicator id."""
    eq: dict[str, int] = {total.id: 1}
    for part in total.total_of or []:
        eq[part] = eq.get(part, 0) - 1
    return eq


def determined(equations: list[dict[str, int]], hidden: set[str]) -> set[str]:
    """Return the hidden figures that sums pin down once every other figure in them is known.

    A hidden figure is pinned down exactly when some combination of the equations leaves it
    alone: when it is a pivot whose row, in reduced row-echelon form over the hidden figures,
    has nothing else in it. Arithmetic is in fractions, so no rounding can hide or invent one.
    """
    order = sorted(hidden)
    pivots: list[tuple[str, dict[str, Fraction]]] = []
    for eq in equations:
        row = {k: Fraction(v) for k, v in eq.items() if k in hidden and v}
        for column, pivot_row in pivots:
            factor = row.get(column)
            if factor:
                _subtract(row, pivot_row, factor)
        if not row:
            continue
        column = min(row, key=order.index)
        scale = row[column]
        row = {k: v / scale for k, v in row.items()}
        for i, (other, other_row) in enumerate(pivots):
            factor = other_row.get(column)
            if factor:
                _subtract(other_row, row, factor)
                pivots[i] = (other, other_row)
        pivots.append((column, row))
    return {column for column, row in pivots if len(row) == 1}


def _subtract(row: dict[str, Fraction], other: dict[str, Fraction], factor: Fraction) -> None:
    """Set row to row - factor * other, dropping the zeros."""
    for key, value in other.items():
        result = row.get(key, Fraction(0)) - factor * value
        if result:
            row[key] = result
        else:
            row.pop(key, None)


def _note_warnings(data: DataSet, figures: Figures) -> list[Problem]:
    """Warn of a note mentioning a number on a figure withheld here (data.py warns of those on suppressed ones)."""
    found = []
    for key, by_period in figures.items():
        for period, obs in by_period.items():
            before = data.get(key).at(period)
            if obs.withheld is None or before is None or before.withheld is not None or not obs.note:
                continue
            number = number_in(obs.note)
            if number is None:
                continue
            path, _, line = obs.source.rpartition(":")
            found.append(
                Problem(
                    path or obs.source,
                    int(line) if line.isdigit() else line or None,
                    "note",
                    f"expected no figures in a note on a value withheld to protect a suppressed one; got "
                    f"{number} (notes are published as written: check it cannot reveal the suppressed figure)",
                    "warning",
                )
            )
    return sorted(found, key=lambda p: (p.path, str(p.location)))


def _members(total: Indicator) -> list[str]:
    return [total.id, *(total.total_of or [])]


def _periods(total: Indicator, figures: Figures) -> list[Period]:
    found = {p for key in _members(total) for p in figures.get(key, {})}
    return sorted(found, key=lambda p: p.end_index)


def _second_to_withhold(total: Indicator, period: Period, figures: Figures) -> str | None:
    """Return the figure to withhold so the suppressed one in this sum stays hidden, or None when it is."""
    members = _members(total)
    at = {key: figures.get(key, {}).get(period) for key in members}
    # a figure that rounds to zero, or is of low reliability, is unpublished as well: it could be worked out
    hidden = [key for key, obs in at.items() if obs is not None and obs.status in HIDDEN]
    if len(hidden) != 1:
        return None  # none to protect, or two unknowns in one equation: neither can be worked out
    published = [
        (obs.value, key)
        for key, obs in at.items()
        if key != total.id and obs is not None and obs.status == "ok" and obs.value is not None
    ]
    if published:
        return min(published)[1]
    obs = at[total.id]
    return total.id if obs is not None and obs.status == "ok" else None


def withheld_lines(
    sections: list[Section], data: DataSet, shown: dict[str, set[Period]], sep: str
) -> list[str]:
    """Say which figures shown in the report were withheld to protect a suppressed one, and why."""
    titles = {ind.id: ind.title for s in sections for ind in s.indicators}
    parts = {ind.id: _members(ind) for s in sections for ind in s.indicators if ind.total_of}
    lines = []
    for s in sections:
        for ind in s.indicators:
            series = data.series.get(ind.id, Series(ind.id))
            for obs in series.observations:
                if obs.withheld is None or obs.period not in shown.get(ind.id, set()):
                    continue
                primary = [
                    titles[key]
                    for key in parts[obs.withheld]
                    if (other := data.get(key).at(obs.period)) is not None
                    and other.status in HIDDEN
                    and other.withheld is None
                ]
                because = f"the suppressed figure for {_join(primary)}" if primary else "a suppressed figure"
                lines.append(
                    f"{ind.title}, {obs.period.long_label(sep)}: withheld, because with {titles[obs.withheld]} "
                    f"(the total) and the other figures published it would reveal {because}."
                    if obs.withheld != ind.id
                    else f"{ind.title}, {obs.period.long_label(sep)}: withheld, because with the figures "
                    f"that make it up it would reveal {because}."
                )
    return lines


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
