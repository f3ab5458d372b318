"""Disclosure control: withhold a second figure where a suppressed one could be worked out from a sum.

Primary suppression is the data's own: a cell marked c, *, <5 (data.py drops the counts
behind it too). A suppressed count can still be recovered by subtraction when it is one of a
total and its parts (an indicator with ``total_of``) and every other figure of that sum is
published. This stage closes that gap before anything is judged, charted or written.
"""

from __future__ import annotations

from dataclasses import replace

from .data import DataSet, Observation, Series
from .indicators import Indicator, Section
from .periods import Period


def protect(sections: list[Section], data: DataSet) -> DataSet:
    """Return the data with secondary suppression applied to every ``total_of`` sum, in every period.

    A total and its parts are one equation. When exactly one of its figures is suppressed in a
    period, the others give it away, so the smallest published part is withheld as well (the
    total, when no other part has a figure). Figures marked missing count as known, which can only
    withhold more. This repeats until no sum has a lone suppressed figure, as a part of one total
    may be the total of another.
    """
    totals = [ind for s in sections for ind in s.indicators if ind.total_of]
    if not totals:
        return data
    figures: dict[str, dict[Period, Observation]] = {
        key: {o.period: o for o in series.observations} for key, series in data.series.items()
    }
    changed = True
    while changed:
        changed = False
        for total in totals:
            for period in _periods(total, figures):
                victim = _second_to_withhold(total, period, figures)
                if victim is not None:
                    obs = figures[victim][period]
                    figures[victim][period] = replace(
                        obs,
                        value=None,
                        status="suppressed",
                        numerator=None,
                        denominator=None,
                        withheld=total.id,
                    )
                    changed = True
    series = {
        key: replace(s, observations=tuple(sorted(figures[key].values(), key=lambda o: o.period.end_index)))
        if key in figures
        else s
        for key, s in data.series.items()
    }
    return replace(data, series=series)


def _members(total: Indicator) -> list[str]:
    return [total.id, *(total.total_of or [])]


def _periods(total: Indicator, figures: dict[str, dict[Period, Observation]]) -> list[Period]:
    found = {p for key in _members(total) for p in figures.get(key, {})}
    return sorted(found, key=lambda p: p.end_index)


def _second_to_withhold(
    total: Indicator, period: Period, figures: dict[str, dict[Period, Observation]]
) -> str | None:
    """Return the figure to withhold so the suppressed one in this sum stays hidden, or None when it is."""
    members = _members(total)
    at = {key: figures.get(key, {}).get(period) for key in members}
    hidden = [key for key, obs in at.items() if obs is not None and obs.status == "suppressed"]
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
                    and other.status == "suppressed"
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
