"""Narrative: plain-English sentences written from an assessment, and the members' summary.

Sentences are chosen, not dumped: the value always; its movement; a run, an extreme or
the end of a run when there is one; the target, and a change of RAG; benchmarks. The
shape of some sentences varies with the indicator's id, deterministically, so forty
paragraphs do not read as one template. Nothing here ever prints a suppressed value or
a figure derived from one.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .assess import CHANCE_UNITS, Aggregate, Assessment, Benchmark, Comparison, Run, same
from .errors import TEMPLATE_CODE_ERRORS, ReportgenError, template_message
from .formatting import (
    PROVISIONAL_WORD,
    HouseStyle,
    capitalise,
    change,
    number,
    ordinal,
    percent_change,
    quantity,
    rank_ordinal,
    rounds_to_zero,
    target_quantity,
)
from .periods import Period
from .spc import statistic_measure
from .units import UNITS
from .untrusted import unsafe_character

RAG_WORDS = {
    "green": "better than target",
    "amber": "worse than target but within tolerance",
    "red": "worse than target and outside tolerance",
}
PLURAL_MOVES = {"increase": "increases", "decrease": "reductions"}
# How far a figure is from a target or benchmark, in the same bands as a change (assess.gap):
# "slightly worse than the target of 18.5%", "well below the national average of 22.7%".
GAP_DEGREE = {
    "marginal": "marginally ",
    "slight": "slightly ",
    "notable": "notably ",
    "significant": "significantly ",
}
GAP_PLACE = {"slight": "slightly ", "notable": "notably ", "significant": "well "}
QUARTILE_WORDS = {
    "A": "the top quartile",
    "B": "the second quartile",
    "C": "the third quartile",
    "D": "the bottom quartile",
}


def _default_label(name: str) -> str:
    return name.replace("_", " ") + " average"


@dataclass(frozen=True)
class Summary:
    """The members' summary: counts, highlights and questions to ask."""

    lines: tuple[str, ...]
    performing_well: tuple[str, ...]
    areas_for_focus: tuple[str, ...]
    investigation: tuple[str, ...]  # questions drafted from the figures
    raised: tuple[str, ...] = ()  # the officers' own questions (commentary files), printed first


@dataclass(frozen=True)
class Writer:
    """Writes sentences in the project's house style."""

    style: HouseStyle
    comparator_label: Callable[[str], str] = _default_label

    # -- small pieces --------------------------------------------------------------
    def q(self, a: Assessment, value: float) -> str:
        """Write a value of the assessed indicator with its unit."""
        return quantity(value, a.indicator.measure, self.style)

    def qs(self, a: Assessment, value: float) -> str:
        """Write an average or limit of the assessed indicator (whole numbers get a decimal place)."""
        return quantity(value, statistic_measure(a.indicator.measure), self.style)

    def label(self, period: Period) -> str:
        """Write a period for running text."""
        return period.long_label(self.style.year_separator)

    def fy(self, period: Period) -> str:
        """Write the financial year a period falls in."""
        return period.financial_year().long_label(self.style.year_separator)

    def when(self, a: Assessment) -> str:
        """Write the time the figure covers, worded for its reporting basis."""
        p = a.period
        basis = a.indicator.basis
        if basis == "snapshot":
            return f"at the end of {p.end_label()}"
        if basis == "year_to_date" and not p.spec.yearly:
            return f"in {self.fy(p)} to the end of {p.end_label()}"
        if basis == "rolling_year":
            return f"in the 12 months to the end of {p.end_label()}"
        if basis == "forecast":
            return f"at the end of {self.fy(p)}"
        return p.prose_label(self.style.year_separator)

    def counts(self, numerator: float | None, denominator: float | None, unit: str) -> str:
        """Write the numerator and denominator in brackets when they are known."""
        if numerator is None or denominator is None:
            return ""
        template = UNITS[unit].counts
        if template is None:
            return ""
        return template.format(num=number(numerator, 0), den=number(denominator, 0))

    def qt(self, a: Assessment, value: float) -> str:
        """Write a target of the assessed indicator in its own precision ("121 days", not "121.0 days")."""
        return target_quantity(value, a.indicator.measure, self.style)

    def target_text(self, a: Assessment) -> str:
        """Write the target, or the target range."""
        if a.target_range is not None:
            low, high = a.target_range
            return f"{self.qt(a, low)} to {self.qt(a, high)}"
        assert a.target is not None
        return self.qt(a, a.target)

    def when_previous(self, a: Assessment) -> str:
        """Write 'the previous quarter' or '2022/23' for the previous period."""
        assert a.previous is not None
        if a.period.spec.yearly:
            return self.label(a.previous.period)
        return f"the previous {a.period.spec.noun[0]}"

    @staticmethod
    def variant(a: Assessment, choices: int) -> int:
        """Pick a sentence shape from the indicator's id: stable from build to build."""
        return zlib.crc32(a.indicator.id.encode("utf-8")) % choices

    def suppressed_words(self, a: Assessment) -> str:
        """Return the words for a suppressed count: the data's own bound (<10 is "fewer than 10"), else the house's."""
        below = next((o.below for o in a.history if o.period == a.period and o.below is not None), None)
        return f"fewer than {below:,}" if below is not None else self.style.suppressed_text

    # -- sentences -----------------------------------------------------------------
    def value_sentence(self, a: Assessment) -> str:
        """Say what the figure is (or why there is none)."""
        subject = a.indicator.sentence_subject
        if a.status == "no_data":
            latest = next((o for o in reversed(a.history) if o.status == "ok" and o.value is not None), None)
            text = f"No figure is available yet for {self.label(a.period)}."
            if latest is not None and latest.value is not None:
                text += f" The latest, for {self.label(latest.period)}, was {self.q(a, latest.value)}."
            return text
        if a.status == "suppressed" and a.withheld:
            return (
                f"The figure for {self.label(a.period)} is not published: with the total and the other "
                "figures published beside it, it would reveal a figure suppressed to protect privacy."
            )
        if a.status == "suppressed":
            if UNITS[a.indicator.unit].small_when_suppressed:
                return (
                    f"{capitalise(subject)} was {self.suppressed_words(a)} {self.when(a)}; the exact "
                    "figure is not published to protect the privacy of the people involved."
                )
            return (
                f"The figure for {self.label(a.period)} is not published because it rests on a "
                "number small enough to identify individuals."
            )
        if a.status == "low":
            return (
                f"{capitalise(subject)} was {rounds_to_zero(a.indicator.measure, self.style)} {self.when(a)}: "
                "the published figure rounds to zero but is not zero."
            )
        if a.status == "unreliable":
            return (
                f"The published figure for {self.label(a.period)} is marked as of low reliability (u), "
                "so it is not shown or compared."
            )
        if a.status == "missing" or a.value is None:
            return f"No value was recorded for {self.label(a.period)}."
        verb = "is forecast to be" if a.indicator.basis == "forecast" else "was"
        none = self.zero_sentence(a)
        if none and verb == "was":
            return none
        value = f"{self.q(a, a.value)}{self.counts(a.numerator, a.denominator, a.indicator.unit)}"
        if a.provisional:  # late recording will revise it: say so where the figure is given
            value += f" ({PROVISIONAL_WORD})"
        if a.beside is not None:  # a year-to-date figure beside the period's own, or the reverse
            kind, other = a.beside
            if kind == "year_to_date":
                value += f" (year to date {self.q(a, other)})"
            else:
                value += f" ({self.q(a, other)} in {self.label(a.period)} alone)"
        when = self.when(a)
        shape = self.variant(a, 3)
        if shape == 1 and verb == "was":
            return f"{capitalise(when)}, {subject} was {value}."
        if shape == 2 and verb == "was":
            return f"{capitalise(subject)} stood at {value} {when}."
        return f"{capitalise(subject)} {verb} {value} {when}."

    def zero_sentence(self, a: Assessment) -> str:
        """Say a count of nothing in words: 'There were no RIDDOR reports in ...', or '' when it is not."""
        subject = a.indicator.sentence_subject
        lead = "the number of "
        if (
            a.indicator.unit not in CHANCE_UNITS
            or a.value is None
            or not same(a.value, 0.0, a.indicator.places)
            or not subject.lower().startswith(lead)
        ):
            return ""
        return f"There were no {subject[len(lead) :]} {self.when(a)}."

    def year_to_date_sentence(self, a: Assessment) -> str:
        """Give the year-to-date figure alongside the period's own."""
        agg: Aggregate | None = a.year_to_date
        if agg is None:
            return ""
        span = f"{agg.start.financial_year().long_label(self.style.year_separator)} so far"
        months = f"{_month_name(agg.start.start_month())} to {agg.end.end_label()}"
        if agg.numerator is None:
            return f"The total for {span} ({months}) is {self.q(a, agg.value)}."
        counts = self.counts(agg.numerator, agg.denominator, a.indicator.unit)
        return f"For {span} ({months}) the figure is {self.q(a, agg.value)}{counts}."

    def _size(self, a: Assessment, c: Comparison) -> str:
        return change(c.delta, a.indicator.measure, self.style)

    def _verdict(self, c: Comparison) -> str:
        """Return 'a slight improvement', 'an increase' and the like."""
        if c.movement == "no change":
            return "the same as"
        if c.performance == "improved":
            noun = "improvement"
        elif c.performance == "declined":
            noun = "decline"
        else:
            noun = "increase" if c.movement == "increase" else "decrease"
        words = noun if c.magnitude in ("no change",) else f"{c.magnitude} {noun}"
        article = "an" if words[0] in "aeiou" else "a"
        return f"{article} {words} on"

    def _against(self, a: Assessment, c: Comparison, what: str) -> str:
        """Write '<what> (75.4%, up 8.7 percentage points)'."""
        if c.movement == "no change":
            return f"{what} ({self.q(a, c.value)})"
        way = "up" if c.movement == "increase" else "down"
        return f"{what} ({self.q(a, c.value)}, {way} {self._size(a, c)}{self._share(a, c)})"

    def _share(self, a: Assessment, c: Comparison) -> str:
        """Write ', or 11.9%' after the change in a count, as officers do; '' from a zero."""
        if a.indicator.unit not in CHANCE_UNITS or same(c.value, 0.0, a.indicator.places):
            return ""
        return f", or {percent_change(c.delta, c.value, self.style)}"

    def change_sentence(self, a: Assessment) -> str:
        """Compare with the previous period and the same period last year."""
        if a.period.spec.yearly and len(a.earlier_years) >= 2:
            return self.years_sentence(a)
        parts: list[tuple[str, str]] = []
        kind = a.period.spec.noun[0]
        if a.previous is not None:
            parts.append((self._verdict(a.previous), self._against(a, a.previous, self.when_previous(a))))
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
        same_way = _direction(a.previous) == _direction(a.last_year)
        joiner = "and" if same_way or "the same" in (v1, v2) else "but"
        return f"This is {v1} {w1} {joiner} {v2} {w2}."

    def years_sentence(self, a: Assessment) -> str:
        """Compare an annual outturn with each earlier year shown."""
        years = a.earlier_years
        listing = _join([f"{self.label(c.period)} ({self.q(a, c.value)})" for c in years])
        moves = {c.movement for c in years}
        if len(moves) == 1 and "no change" not in moves:
            move = moves.pop()
            chain = [a.value or 0] + [c.value for c in years]
            rising = all(later > earlier for later, earlier in zip(chain, chain[1:], strict=False))
            falling = all(later < earlier for later, earlier in zip(chain, chain[1:], strict=False))
            perf = {c.performance for c in years}
            suffix = ""
            if perf == {"improved"}:
                suffix = ", a sustained improvement"
            elif perf == {"declined"}:
                suffix = ", a sustained decline"
            if (move == "increase" and rising) or (move == "decrease" and falling):
                return f"This is a continued year-on-year {move} compared with {listing}{suffix}."
            side = "higher" if move == "increase" else "lower"
            verdict = (
                f" ({a.indicator.polarity} is better)"
                if len(perf) == 1
                and perf & {"improved", "declined"}
                and a.indicator.polarity in ("higher", "lower")
                else ""
            )
            previous = _count_words(len(years), a.period.spec.noun)
            return f"This is {side} than in each of the previous {previous}{verdict}: {listing}."
        assert a.previous is not None
        return f"This is {self._verdict(a.previous)} {self._against(a, a.previous, self.label(a.previous.period))}."

    def pattern_sentence(self, a: Assessment) -> str:
        """Say what is notable about the sequence: a run, the end of one, an extreme."""
        nouns = a.period.spec.noun
        run: Run | None = a.run
        lead = ""
        clauses: list[str] = []
        if run is not None and run.movement != "no change" and run.length >= 3:
            noun = "increase" if run.movement == "increase" else "reduction"
            clauses.append(f"the {ordinal(run.length)} {noun} in a row")
        elif run is not None and run.movement == "no change" and run.length >= 2 and a.value is not None:
            lead = (
                f"It has been maintained at {self.q(a, a.value)} for a {ordinal(run.length + 1)} {nouns[0]}"
            )
        ended = a.ended_run
        if (
            not clauses
            and not lead
            and ended is not None
            and ended.movement != "no change"
            and ended.length >= 3
            and run is not None
            and run.length == 1
        ):
            lead = f"This ends {_count_words(ended.length, nouns)} of {PLURAL_MOVES[ended.movement]}"
        ext = a.extreme
        if ext is not None:
            if ext.since is not None:
                clauses.append(f"the {ext.kind} since {self.label(ext.since)}")
            elif self.variant(a, 2) == 1:
                clauses.append(f"the {ext.kind} in {_count_words(ext.count, nouns)}")
            else:
                clauses.append(f"the {ext.kind} of the last {_count_words(ext.count, nouns)}")
        if lead:
            return lead + (f", and it is {_join(clauses)}." if clauses else ".")
        return f"It is {_join(clauses)}." if clauses else ""

    def target_sentence(self, a: Assessment) -> str:
        """Say where the figure stands against its target, worded by polarity."""
        ind = a.indicator
        if not a.has_value:
            return ""
        if ind.polarity == "none":
            if a.has_target:
                return f"There is no right level for this measure; it is monitored against a guide of {self.target_text(a)}."
            return ""  # said once, in the key ("No polarity"), not in every paragraph
        if not a.has_target:
            if a.symbol_key == "missing_target":
                return f"No target has been set for {self.fy(a.period)}."
            return ""
        assert a.value is not None
        t = self.target_text(a)
        if a.target_range is not None:
            low, high = a.target_range
            side = "below" if a.value < low else "above"
            text = {
                "green": f"This is within the target range of {t}",
                "amber": f"This is {side} the target range of {t}, but within tolerance",
                "red": f"This is well {side} the target range of {t}",
            }[a.rag]
        elif ind.polarity == "target":
            assert a.target is not None
            side = "above" if a.value > a.target else "below"
            text = {
                "green": f"This is in line with the planned level of {t}",
                "amber": f"This is {side} the planned level of {t}, but within tolerance",
                "red": f"This is well {side} the planned level of {t}",
            }[a.rag]
        else:
            assert a.target is not None
            text = self._against_target(a, t)
        if a.previous_rag is not None and a.previous_rag != a.rag and a.rag != "none":
            text += f", having been {self.rag_words(a, a.previous_rag)} in {self.when_previous(a)}"
        return text + "."

    def rag_words(self, a: Assessment, rag: str) -> str:
        """Describe a RAG rating in words that suit the kind of target."""
        if a.target_range is not None:
            return {
                "green": "within the target range",
                "amber": "just outside the target range",
                "red": "well outside the target range",
            }[rag]
        if a.indicator.polarity == "target":
            return {
                "green": "in line with the plan",
                "amber": "away from the plan but within tolerance",
                "red": "well away from the plan",
            }[rag]
        if rag == "red" and a.tolerance <= 0:
            return "worse than target"  # no tolerance is set: any shortfall is red
        return RAG_WORDS[rag]

    def _against_target(self, a: Assessment, t: str) -> str:
        assert a.value is not None and a.target is not None
        ind = a.indicator
        if a.rag == "green" and same(a.value, a.target, ind.places):
            return f"This meets the target of {t}"
        if self.style.idiom:
            side = "above" if a.value > a.target else "below"
            mood = "positively" if a.rag == "green" else "negatively"
            text = f"This is {mood} {side} the target of {t}"
            return text + (", but within tolerance" if a.rag == "amber" else "")
        if a.target_gap == "marginal" and a.rag != "red":
            # within the band a change would call marginal: not worth a verdict either way
            return f"This is in line with the target of {t}" + (
                ", though just short of it" if a.rag == "amber" else ""
            )
        still = a.previous_rag == a.rag
        lead = "This continues to be" if still else "This is"
        if a.rag == "green":
            if still and ind.polarity == "higher":
                return f"This continues to exceed the target of {t}"
            if not still and self.variant(a, 2) == 1:
                return f"That beats the target of {t}"
            return f"{lead} {self._degree(a)}better than the target of {t}"
        text = f"{lead} {self._degree(a)}worse than the target of {t}"
        if a.rag == "amber":
            return text + ", but within tolerance"
        if not still and a.target_gap == "significant" and self.variant(a, 2) == 1:
            # a second shape, so three measures missing one target do not read as one
            return f"That is well short of the target of {t}"
        if self._tolerance_words(a):
            text += ", outside tolerance"
        return text

    @staticmethod
    def _tolerance_words(a: Assessment) -> str:
        """Say which side of the tolerance a missed single-value target lies: '' where not worth it.

        Outside is not said of a significant gap (its size says as much), nor where no tolerance is set.
        """
        if a.rag == "amber":
            return "within tolerance"
        if a.rag == "red" and a.target_gap != "significant" and a.tolerance > 0:
            return "outside tolerance"
        return ""

    def _degree(self, a: Assessment) -> str:
        """Return 'slightly ' and the like: the gap to the target in the bands of a change."""
        return GAP_DEGREE.get(a.target_gap or "", "")

    def benchmark_phrase(self, a: Assessment, b: Benchmark, dated: bool = True) -> str:
        """Write 'the 2021/22 statistical neighbour average of 25.3%' (undated when the list gives the year once)."""
        year = ""
        if b.year and dated:
            year = b.year.replace("-", self.style.year_separator) + " "
        if b.count is not None and b.of is not None:  # an average of the members that had a figure
            members = (
                "statistical neighbours" if b.name == "statistical_neighbours" else b.name.replace("_", " ")
            )
            used = f"our {b.of}" if b.count == b.of else f"{b.count} of our {b.of}"
            if not year:  # the list's year follows in brackets: no second bracket before it
                return f"the {self.q(a, b.value)} average of {used} {members}"
            return f"the {year}average of {used} {members} ({self.q(a, b.value)})"
        return f"the {year}{self.comparator_label(b.name)} of {self.q(a, b.value)}"

    def benchmark_sentence(self, a: Assessment) -> str:
        """Compare with the benchmarks: which side, and which side is better.

        A year every benchmark shares is said once, after the list ("(all 2022/23)"), and which
        way is better is named ("lower is better"), not left to "which is better".
        """
        value = 0.0 if a.status == "low" else a.value  # rounds to zero: compared as zero is
        if not a.benchmarks or value is None:
            return ""
        years = {b.year for b in a.benchmarks}
        shared = years.pop() if len(years) == 1 else ""
        groups: dict[tuple[str, str], list[str]] = {}
        for b in a.benchmarks:
            if same(value, b.value, a.indicator.places) or b.gap == "marginal":
                side, verdict = "in line with", ""
            else:
                side = GAP_PLACE.get(b.gap, "") + ("above" if value > b.value else "below")
                verdict = b.position if b.position in ("better", "worse") else ""
            groups.setdefault((side, verdict), []).append(self.benchmark_phrase(a, b, dated=not shared))
        polarity = a.indicator.polarity
        named = polarity in ("higher", "lower")
        clauses = []
        for (where, judged), items in groups.items():
            clause = f"{where} {_join(items)}"
            if judged and not named:
                clause += f", which is {judged}"
            clauses.append(clause)
        notes = []
        if shared:
            n = len(a.benchmarks)
            year = shared.replace("-", self.style.year_separator)
            notes.append(year if n == 1 else f"both {year}" if n == 2 else f"all {year}")
        if named and any(judged for _, judged in groups):
            notes.append(f"{polarity} is better")
        note = f" ({'; '.join(notes)})" if notes else ""
        if len(clauses) == 1:
            return f"It is {clauses[0]}{note}."
        joiner = "; and " if any(judged for _, judged in groups) and not named else " and "
        return f"It is {joiner.join(clauses)}{note}."

    def rank_words(self, a: Assessment) -> str:
        """Write '12th of 152 councils, in the top quartile (A)', or '' when unranked."""
        r = a.rank
        if r is None:
            return ""
        joint = "joint " if r.tied else ""
        return f"{joint}{rank_ordinal(r.position)} of {r.of} councils, in {QUARTILE_WORDS[r.quartile]} ({r.quartile})"

    def rank_sentence(self, a: Assessment) -> str:
        """Place the figure among every council's: its rank, 1 the best, and its quartile."""
        words = self.rank_words(a)
        return f"It ranks {words}." if words else ""

    def outturn_sentence(self, a: Assessment) -> str:
        """Give last year's outturn, when the data states it."""
        if a.outturn is None:
            return ""
        year, value = a.outturn
        return f"Last year's outturn ({self.label(year)}) was {self.q(a, value)}."

    def rolling_sentence(self, a: Assessment) -> str:
        """Set a monthly figure against its rolling 12-month average."""
        if a.rolling_average is None or a.value is None:
            return ""
        avg = a.rolling_average
        if same(a.value, avg, a.indicator.places):
            return f"It is in line with the rolling 12-month average of {self.q(a, avg)}."
        side = "above" if a.value > avg else "below"
        return f"It is {side} the rolling 12-month average of {self.q(a, avg)}."

    def spc_sentence(self, a: Assessment) -> str:
        """Reconcile RAG with statistical process control: is it a real change, and can the target be met?"""
        spc = a.spc
        if spc is None or a.value is None:
            return ""
        one, many = a.period.spec.noun
        lim = spc.limits
        target = f"the target of {self.qt(a, a.target)}" if a.target is not None else ""
        if spc.common_cause:
            if spc.assurance == "hit_or_miss":
                met = "Met" if a.rag == "green" else "Missed"
                return (
                    f"{met} this {one}, but within normal variation: on the current process {target} "
                    f"will be met in some {many} and missed in others."
                )
            if spc.assurance is not None:
                higher = a.indicator.polarity == "higher"
                if spc.assurance == "pass":
                    worst = ("lower", lim.lower) if higher else ("upper", lim.upper)
                    return (
                        f"Within normal variation, and on the current process {target} will be met every "
                        f"{one}: even the {worst[0]} limit of {self.qs(a, worst[1])} meets it."
                    )
                best = ("upper", lim.upper) if higher else ("lower", lim.lower)
                return (
                    f"Within normal variation, but on the current process {target} will be missed every "
                    f"{one}: even the {best[0]} limit of {self.qs(a, best[1])} falls short of it, so meeting "
                    "it needs a change in how the service works."
                )
            return (
                f"This is within normal variation: the figures vary by chance between {self.qs(a, lim.lower)} "
                f"and {self.qs(a, lim.upper)} around an average of {self.qs(a, lim.mean)}, so there is no "
                "change to react to."
            )
        cause, side = spc.variation.split("_")
        last = spc.last
        rule = last.signal(side)  # type: ignore[arg-type]
        high = side == "high"
        if rule == "beyond_limit":
            bound = ("above the upper", lim.upper) if high else ("below the lower", lim.lower)
            lead = f"This {one}'s figure is {bound[0]} limit of {self.qs(a, bound[1])}"
        elif rule == "shift":
            way = "above" if high else "below"
            lead = f"{capitalise(_count_words(spc.shift_run, (one, many)))} in a row {way} the average of {self.qs(a, lim.mean)}"
        elif rule == "trend":
            way = "higher" if high else "lower"
            lead = (
                f"{capitalise(_count_words(spc.trend_run, (one, many)))} in a row, each {way} than the last"
            )
        else:
            bound = ("upper", lim.upper) if high else ("lower", lim.lower)
            lead = f"Two of the last three {many} close to the {bound[0]} limit of {self.qs(a, bound[1])}"
        verdict = f"a real {cause}, not chance" if cause != "neither" else "a real change, not chance"
        text = f"{lead}: {verdict}."
        if spc.assurance == "hit_or_miss":
            text += f" On the current process {target} will be met in some {many} and missed in others."
        elif spc.assurance == "pass":
            text += f" On the current process {target} will be met every {one}."
        elif spc.assurance == "fail":
            text += f" On the current process {target} will be missed every {one}."
        return text

    def generated(self, a: Assessment) -> str:
        """Write the paragraph from the judgments."""
        sentences = [self.value_sentence(a)]
        if a.has_value:
            sentences += [
                self.year_to_date_sentence(a),
                self.change_sentence(a),
                self.pattern_sentence(a),
                self.rolling_sentence(a),
                self.outturn_sentence(a),
                self.target_sentence(a),
                self.spc_sentence(a),
                self.benchmark_sentence(a),
                self.rank_sentence(a),
            ]
        elif a.status == "low":  # it rounds to zero: judged as the zero it shows as, and placed
            shown_as = replace(a, value=0.0, status="ok")
            sentences += [self.target_sentence(shown_as), self.benchmark_sentence(a), self.rank_sentence(a)]
        return " ".join(s for s in sentences if s)

    def paragraph(self, a: Assessment) -> str:
        """Write the whole paragraph for one indicator (its own template if it has one)."""
        text = self.generated(a)
        if a.indicator.template is None:
            return text
        return render_template(a.indicator.template, self.fields(a, text), a.indicator.id)

    # -- template fields -------------------------------------------------------------
    def fields(self, a: Assessment, paragraph: str) -> dict[str, Any]:
        """Return the documented fields a per-indicator template may use."""

        def comparison(c: Comparison | None) -> dict[str, Any] | None:
            if c is None:
                return None
            return {
                "period": self.label(c.period),
                "value": self.q(a, c.value),
                "change": self._size(a, c),
                "direction": c.movement,
                "performance": c.performance,
                "magnitude": c.magnitude,
            }

        return {
            "title": a.indicator.title,
            "subject": a.indicator.sentence_subject,
            "period": self.label(a.period),
            "when": self.when(a),
            "status": a.status,
            "value": self.q(a, a.value) if a.value is not None else None,
            "numerator": number(a.numerator, 0) if a.numerator is not None else None,
            "denominator": number(a.denominator, 0) if a.denominator is not None else None,
            "target": self.target_text(a) if a.has_target else None,
            "rag": a.rag,
            "rag_words": self.rag_words(a, a.rag) if a.rag != "none" else "",
            "symbol": a.symbol,
            "previous": comparison(a.previous),
            "last_year": comparison(a.last_year),
            "benchmarks": [
                {
                    "name": self.comparator_label(b.name),
                    "value": self.q(a, b.value),
                    "year": b.year,
                    "position": b.position,
                }
                for b in a.benchmarks
            ],
            "commentary": a.note,
            "questions": list(a.questions),
            "rank": (
                {
                    "position": a.rank.position,
                    "of": a.rank.of,
                    "quartile": a.rank.quartile,
                    "words": self.rank_words(a),
                }
                if a.rank is not None
                else None
            ),
            "paragraph": paragraph,
        }

    # -- the members' summary -------------------------------------------------------
    def summary(
        self, assessments: list[Assessment], period_label: str, well: int = 5, focus: int = 5
    ) -> Summary:
        """Write the counts, the highlights and the questions members might ask.

        ``well`` and ``focus`` cap the two lists (reportgen.yaml ``summary:``); a target range met
        counts as performing well.
        """
        rated = [a for a in assessments if a.rag != "none"]
        count = {k: sum(1 for a in rated if a.rag == k) for k in ("green", "amber", "red")}
        total = len(assessments)
        lines = [f"This report covers {total} indicator{'s' if total != 1 else ''} for {period_label}."]
        if rated:
            lines.append(
                f"Of the {len(rated)} with a target and a figure for the period, "
                f"{count['green']} {_was(count['green'])} better than target (★), "
                f"{count['amber']} {_was(count['amber'])} worse than target but within tolerance (●) "
                f"and {count['red']} {_was(count['red'])} worse than target and outside tolerance (▲)."
            )
        moved = [a.previous for a in assessments if a.previous is not None]
        up = sum(1 for c in moved if c.performance == "improved")
        down = sum(1 for c in moved if c.performance == "declined")
        flat = sum(1 for c in moved if c.performance == "no change")
        if up or down or flat:
            lines.append(
                f"Compared with the previous period, {up} improved, {down} declined and {flat} did not change."
            )
        waiting = sum(1 for a in assessments if a.status == "no_data")
        if waiting:
            lines.append(f"{waiting} {'has' if waiting == 1 else 'have'} no figure for the period yet.")
        judged = [
            a
            for a in assessments
            if a.has_value and a.target is not None and a.indicator.polarity in ("higher", "lower")
        ]
        in_range = [
            a
            for a in assessments
            if a.has_value and a.target_range is not None and a.rag == "green" and a not in judged
        ]
        best = (sorted((a for a in judged if a.rag == "green"), key=_margin, reverse=True) + in_range)[:well]
        worst = sorted((a for a in judged if a.rag == "red"), key=_margin)[:focus]
        ranked = [a for a in assessments if a.rank is not None]
        if ranked:
            lines.append(self.quartile_line(ranked))
        # without a target, a figure among the best or worst quarter of councils is the highlight
        unset = [a for a in ranked if a.has_value and not a.has_target]
        by_place = sorted(unset, key=lambda a: a.rank.position / a.rank.of if a.rank else 0)
        top = [a for a in by_place if a.rank is not None and a.rank.quartile == "A"][: well - len(best)]
        bottom = [a for a in reversed(by_place) if a.rank is not None and a.rank.quartile == "D"][
            : focus - len(worst)
        ]
        # with no target and no rank, a notable or significant decline is still one for focus
        declines = [
            a
            for a in assessments
            if a.has_value
            and not a.has_target
            and a not in bottom
            and a.previous is not None
            and a.previous.performance == "declined"
            and a.previous.magnitude in ("notable", "significant")
        ][: max(focus - len(worst) - len(bottom), 0)]
        return Summary(
            lines=tuple(lines),
            performing_well=tuple(self.highlight(a) for a in best)
            + tuple(self.ranked_highlight(a) for a in top),
            areas_for_focus=tuple(self.highlight(a) for a in worst)
            + tuple(self.ranked_highlight(a) for a in bottom)
            + tuple(self.decline_highlight(a) for a in declines),
            investigation=tuple(q for a in assessments if (q := self.question(a))),
            raised=tuple(dict.fromkeys(q for a in assessments for q in a.questions)),
        )

    def highlight(self, a: Assessment) -> str:
        """Write one sentence on an indicator for the summary lists."""
        assert a.value is not None
        t = self.target_text(a)
        if a.rag in ("amber", "red") and a.target is not None and a.indicator.polarity != "target":
            # sized as the paragraph sizes it, with the tolerance beside the target:
            # "slightly worse than target (1.6%, outside tolerance)"
            side = self._tolerance_words(a)
            words = f"{self._degree(a)}worse than target ({t}{', ' + side if side else ''})"
        else:
            words = f"{self.rag_words(a, a.rag)} ({t})"
        text = f"{capitalise(a.indicator.sentence_subject)} was {self.q(a, a.value)}, {words}"
        c = a.previous
        if c is not None and c.performance in ("improved", "declined"):
            good_news = (c.performance == "improved") == (a.rag == "green")
            link = f"{'and' if good_news else 'though'} it has {c.performance}"
            text += f", {link} since {self.when_previous(a)} ({self.q(a, c.value)})"
        return text + "."

    def decline_highlight(self, a: Assessment) -> str:
        """Write one sentence for the summary lists on a measure with no target that declined notably."""
        assert a.value is not None and a.previous is not None
        return (
            f"{capitalise(a.indicator.sentence_subject)} was {self.q(a, a.value)}, "
            f"{self._verdict(a.previous)} {self.when_previous(a)} ({self.q(a, a.previous.value)})."
        )

    def quartile_line(self, ranked: list[Assessment]) -> str:
        """Count the ranked indicators by quartile among every council."""
        n = {q: sum(1 for a in ranked if a.rank is not None and a.rank.quartile == q) for q in QUARTILE_WORDS}
        total = len(ranked)
        return (
            f"Of the {total} indicator{'s' if total != 1 else ''} ranked among all councils, "
            f"{n['A']} {_was(n['A'])} in the top quartile (A), {n['B']} in the second (B), "
            f"{n['C']} in the third (C) and {n['D']} in the bottom quartile (D)."
        )

    def ranked_highlight(self, a: Assessment) -> str:
        """Write one sentence for the summary lists on an indicator known by its rank."""
        assert a.value is not None
        return f"{capitalise(a.indicator.sentence_subject)} was {self.q(a, a.value)}, {self.rank_words(a)}."

    def question(self, a: Assessment) -> str:
        """Draft a question a scrutiny member could ask about a red or clearly declining indicator."""
        if not a.has_value or a.value is None:
            return ""
        subject = a.indicator.sentence_subject
        c = a.previous
        declined = c is not None and c.performance == "declined"
        # a marginal or slight dip is noise, not a question for a committee
        worth_asking = (
            declined
            and c is not None
            and (
                c.magnitude in ("notable", "significant")
                or (a.previous_rag is not None and a.previous_rag != a.rag)
            )
        )
        v = self.q(a, a.value)
        if a.rag == "red" and a.has_target:
            t = self.target_text(a)
            if declined:
                assert c is not None
                way = "rise" if c.movement == "increase" else "fall"
                return (
                    f"What has caused {subject} to {way} to {v}, further from the target of {t}, "
                    "and what action is planned?"
                )
            if c is not None and c.performance == "improved":
                return f"{capitalise(subject)} has improved to {v}: when is it expected to reach the target of {t}?"
            return f"What would bring {subject} ({v}) closer to the target of {t}?"
        if worth_asking:
            assert c is not None
            way = "rise" if c.movement == "increase" else "fall"
            return f"What lies behind the {way} in {subject} from {self.q(a, c.value)} to {v}?"
        return ""


def render_template(source: str, fields: dict[str, Any], indicator_id: str) -> str:
    """Render a per-indicator sentence template in a sandbox."""
    from jinja2 import StrictUndefined, TemplateError

    from .sandbox import MAX_SENTENCES, render_bounded, sandbox

    env = sandbox(undefined=StrictUndefined, autoescape=False)
    template_errors: tuple[type[Exception], ...] = (TemplateError, *TEMPLATE_CODE_ERRORS)
    try:
        text = " ".join(render_bounded(env.from_string(source), MAX_SENTENCES, **fields).split())
    except template_errors as exc:
        raise ReportgenError(f"template for indicator {indicator_id}: {template_message(exc)}") from None
    unsafe = unsafe_character(text)
    if unsafe is not None:  # {{ "\x00" }} or "\u202e" written as escapes in the template
        raise ReportgenError(f"template for indicator {indicator_id}: expected plain text; got {unsafe}")
    return text


def _margin(a: Assessment) -> float:
    """Return how far the value beats (+) or misses (-) its target, relative to it."""
    assert a.value is not None and a.target is not None
    gap = a.value - a.target if a.indicator.polarity == "higher" else a.target - a.value
    return gap / (abs(a.target) or 1)


def _direction(c: Comparison | None) -> str | None:
    return None if c is None else c.performance if c.performance != "not assessed" else c.movement


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def _count_words(n: int, nouns: tuple[str, str]) -> str:
    """Write 'three years', 'four quarters', '13 months'."""
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    count = words[n] if n < len(words) else str(n)
    return f"{count} {nouns[0] if n == 1 else nouns[1]}"


def _month_name(year_month: tuple[int, int]) -> str:
    from .periods import MONTHS

    return MONTHS[year_month[1] - 1]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
