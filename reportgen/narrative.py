"""Narrative: plain-English sentences written from an assessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .assess import Assessment, Benchmark, Comparison, same
from .formatting import HouseStyle, capitalise, change, number, quantity
from .periods import Period


@dataclass(frozen=True)
class Writer:
    """Writes sentences in the project's house style."""

    style: HouseStyle
    comparator_label: Callable[[str], str] = lambda name: name.replace("_", " ") + " average"

    # -- small pieces --------------------------------------------------------------
    def q(self, a: Assessment, value: float) -> str:
        """Write a value of the assessed indicator with its unit."""
        ind = a.indicator
        return quantity(value, ind.unit, ind.places, self.style, ind.rate_per)

    def label(self, period: Period) -> str:
        """Write a period for running text."""
        return period.long_label(self.style.year_separator)

    def when(self, a: Assessment) -> str:
        """Write the time the figure covers, worded for its reporting basis."""
        p = a.period
        fy = p.financial_year().long_label(self.style.year_separator)
        basis = a.indicator.basis
        if basis == "snapshot":
            return f"at the end of {p.end_label()}"
        if basis == "year_to_date" and p.kind != "year":
            return f"in {fy} to the end of {p.end_label()}"
        if basis == "rolling_year":
            return f"in the 12 months to the end of {p.end_label()}"
        if basis == "forecast":
            return f"at the end of {fy}"
        return f"in {self.label(p)}"

    def counts(self, a: Assessment) -> str:
        """Write the numerator and denominator in brackets when they are known."""
        if a.numerator is None or a.denominator is None:
            return ""
        num, den = number(a.numerator, 0), number(a.denominator, 0)
        if a.indicator.unit == "percent":
            return f" ({num} of {den})"
        if a.indicator.unit == "rate":
            return f" ({num} in a population of {den})"
        return ""

    # -- sentences -----------------------------------------------------------------
    def value_sentence(self, a: Assessment) -> str:
        """Say what the figure is."""
        subject = capitalise(a.indicator.sentence_subject)
        if a.status == "no_data":
            latest = next((o for o in reversed(a.history) if o.status == "ok" and o.value is not None), None)
            text = f"No figure is available yet for {self.label(a.period)}."
            if latest is not None and latest.value is not None:
                text += f" The latest, for {self.label(latest.period)}, was {self.q(a, latest.value)}."
            return text
        if a.status == "suppressed":
            return (
                f"The figure for {self.label(a.period)} is not published because the number "
                f"is small enough to identify individuals."
            )
        if a.status == "missing" or a.value is None:
            return f"No value was recorded for {self.label(a.period)}."
        verb = "is forecast to be" if a.indicator.basis == "forecast" else "was"
        return f"{subject} {verb} {self.q(a, a.value)}{self.counts(a)} {self.when(a)}."

    def _against(self, a: Assessment, c: Comparison, what: str) -> str:
        """Write '<what> (75.4%, up 8.7 percentage points)'."""
        if c.movement == "no change":
            return f"{what} ({self.q(a, c.value)})"
        ind = a.indicator
        size = change(c.delta, ind.unit, ind.places, self.style, ind.rate_per)
        way = "up" if c.movement == "increase" else "down"
        return f"{what} ({self.q(a, c.value)}, {way} {size})"

    def _verdict(self, c: Comparison) -> str:
        if c.movement == "no change":
            return "the same as"
        if c.performance == "improved":
            return "an improvement on"
        if c.performance == "declined":
            return "a decline on"
        return "an increase on" if c.movement == "increase" else "a decrease on"

    def change_sentence(self, a: Assessment) -> str:
        """Compare with the previous period and the same period last year."""
        parts: list[tuple[str, str]] = []
        kind = a.period.kind
        if a.previous is not None:
            what = self.label(a.previous.period) if kind == "year" else f"the previous {kind}"
            parts.append((self._verdict(a.previous), self._against(a, a.previous, what)))
        if a.last_year is not None:
            parts.append(
                (self._verdict(a.last_year), self._against(a, a.last_year, f"the same {kind} last year"))
            )
        if not parts:
            return ""
        if len(parts) == 1:
            return f"This is {parts[0][0]} {parts[0][1]}."
        (v1, w1), (v2, w2) = parts
        if v1 == v2:
            return f"This is {v1} both {w1} and {w2}."
        joiner = "and" if "the same" in (v1, v2) else "but"
        return f"This is {v1} {w1} {joiner} {v2} {w2}."

    def target_sentence(self, a: Assessment) -> str:
        """Say where the figure stands against its target, worded by polarity."""
        ind = a.indicator
        if not a.has_value:
            return ""
        if ind.polarity == "none":
            return "There is no right level for this measure; it is monitored."
        if a.target is None:
            if a.symbol_key == "missing_target":
                fy = a.period.financial_year().long_label(self.style.year_separator)
                return f"No target has been set for {fy}."
            return ""
        t = self.q(a, a.target)
        assert a.value is not None
        if ind.polarity == "target":
            if a.rag == "green":
                return f"This is in line with the planned level of {t}."
            side = "above" if a.value > a.target else "below"
            if a.rag == "amber":
                return f"This is {side} the planned level of {t}, but within tolerance."
            return f"This is well {side} the planned level of {t}."
        if a.rag == "green":
            if same(a.value, a.target, ind.places):
                return f"This meets the target of {t}."
            return f"This is better than the target of {t}."
        if a.rag == "amber":
            return f"This is worse than the target of {t}, but within tolerance."
        return f"This is significantly worse than the target of {t}."

    def benchmark_phrase(self, a: Assessment, b: Benchmark) -> str:
        """Write 'the 2021/22 statistical neighbour average of 25.3%'."""
        label = self.comparator_label(b.name)
        year = ""
        if b.year:
            year = b.year.replace("-", self.style.year_separator) + " "
        return f"the {year}{label} of {self.q(a, b.value)}"

    def benchmark_sentence(self, a: Assessment) -> str:
        """Compare with the benchmarks, grouped by better, similar and worse."""
        if not a.benchmarks:
            return ""
        groups: dict[str, list[str]] = {}
        assert a.value is not None
        for b in a.benchmarks:
            if b.position == "not assessed":
                if same(a.value, b.value, a.indicator.places):
                    key = "the same as"
                else:
                    key = "higher than" if a.value > b.value else "lower than"
            else:
                key = {"better": "better than", "worse": "worse than", "similar": "in line with"}[b.position]
            groups.setdefault(key, []).append(self.benchmark_phrase(a, b))
        clauses = [f"{key} {_join(items)}" for key, items in groups.items()]
        return f"It is {_join(clauses)}."

    def paragraph(self, a: Assessment) -> str:
        """Write the whole paragraph for one indicator."""
        sentences = [self.value_sentence(a)]
        if a.has_value:
            sentences += [self.change_sentence(a), self.target_sentence(a), self.benchmark_sentence(a)]
        return " ".join(s for s in sentences if s)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
