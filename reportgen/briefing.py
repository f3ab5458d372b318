"""The Briefing: one immutable document model that every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .assess import SYMBOLS, Assessment, cell_for, table_periods
from .branding import Look
from .charts import Chart
from .config import ProjectConfig
from .data import DataSet
from .disclosure import withheld_lines
from .formatting import cell, long_date, slugify
from .indicators import BASIS_LABELS, BASIS_MEANINGS, POLARITY_LABELS, POLARITY_MEANINGS, Section
from .narrative import Summary
from .periods import FREQUENCY_KIND, Period
from .risks import (
    CHANGE_MEANINGS,
    CHANGE_SYMBOLS,
    IMPACT,
    LEVELS,
    LIKELIHOOD,
    Register,
    RiskStatus,
    level,
    status_at,
)

STATUS_TEXT = {"no_data": "", "missing": "No value", "suppressed": "Suppressed"}
WITHHELD_TEXT = "Withheld"
WITHHELD_INTRO = (
    "Counts small enough to identify someone are suppressed. Where a suppressed count could be worked "
    "out from a total and the other figures published with it, a second figure is withheld as well:"
)


@dataclass(frozen=True)
class TableCell:
    """A table cell's text, and the RAG key that colours it (if any)."""

    text: str
    rag: str | None = None
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A scorecard table: caption, header row and body rows."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    numeric_from: int  # columns at or after this index are right-aligned figures
    kind: str = "scorecard"  # scorecard, key, risks or matrix: how renderers size the columns


@dataclass(frozen=True)
class IndicatorBlock:
    """One indicator's narrative, commentary and chart."""

    id: str
    title: str
    paragraph: str
    commentary: str | None
    definition: str | None
    symbol: str
    symbol_word: str
    rag: str
    chart: Chart | None


@dataclass(frozen=True)
class SectionBlock:
    """A section: its scorecard and its indicators."""

    id: str
    title: str
    area: str | None
    introduction: str | None
    table: Table
    indicators: tuple[IndicatorBlock, ...]


@dataclass(frozen=True)
class KeyEntry:
    """One line of the Key to Symbols."""

    symbol: str
    meaning: str
    rag: str | None = None


@dataclass(frozen=True)
class RiskSection:
    """The risk register: a summary, the register table, the 5x5 matrix and its keys."""

    summary: str
    introduction: str | None
    register: Table
    matrix: Table
    levels: Table
    changes: Table


@dataclass(frozen=True)
class Briefing:
    """The whole committee briefing, ready to render."""

    authority: str
    title: str
    subtitle: str | None
    committee: str | None
    meeting_date: str | None
    author: str | None
    period_label: str
    period_code: str
    purpose: str
    summary: tuple[str, ...]
    performing_well: tuple[str, ...]
    areas_for_focus: tuple[str, ...]
    investigation: tuple[str, ...]
    sections: tuple[SectionBlock, ...]
    key_symbols: tuple[KeyEntry, ...]
    key_bases: tuple[KeyEntry, ...]
    key_polarity: tuple[KeyEntry, ...]
    recommendations: tuple[str, ...]
    footer: str
    assessments: tuple[Assessment, ...]
    data_files: tuple[str, ...]
    risks: RiskSection | None = None
    look: Look = field(default_factory=Look)
    draft: bool = False
    build_date: str | None = None  # set for drafts only, so a final build is repeatable
    withheld: tuple[str, ...] = ()  # figures withheld so a suppressed one cannot be worked out

    @property
    def document_title(self) -> str:
        """Return the title used in metadata and running headers."""
        return f"{self.title}: {self.period_label}"

    @property
    def running_header(self) -> str:
        """Return the running header: the title, marked DRAFT on a draft."""
        return f"DRAFT: {self.document_title}" if self.draft else self.document_title

    @property
    def draft_notice(self) -> str | None:
        """Return the draft footer line naming the build date and the data files, or None."""
        if not self.draft:
            return None
        files = ", ".join(self.data_files) or "no data files"
        return f"Draft built on {self.build_date} from {files}. Not for publication."


def scorecard(
    section: Section, assessments: dict[str, Assessment], data: DataSet, period: Period, config: ProjectConfig
) -> Table:
    """Lay out a section's RAG scorecard table."""
    columns = table_periods(section, period)
    sep = config.style.year_separator
    header = (
        "Indicator",
        "Good performance",
        "Reporting basis",
        *[c.short_label(sep) for c in columns[:-1]],
        f"Actual {columns[-1].short_label(sep)}",
        f"Target {columns[-1].short_label(sep)}",
        "Status",
        "Comparator",
    )
    rows = []
    for ind in section.indicators:
        a = assessments[ind.id]
        series = data.get(ind.id)
        cells = [
            TableCell(ind.title, header=True),
            TableCell(POLARITY_LABELS[ind.polarity]),
            TableCell(BASIS_LABELS[ind.basis]),
        ]
        for col in columns:
            c = cell_for(ind, series, col)
            text = cell(c.value, ind.measure) if c.value is not None else STATUS_TEXT[c.status]
            text = WITHHELD_TEXT if c.withheld else text
            cells.append(TableCell(text))
        if a.target_range is not None:
            target_text = "–".join(cell(v, ind.measure) for v in a.target_range)
        else:
            target_text = cell(a.target, ind.measure) if a.target is not None else ""
        cells.append(TableCell(target_text))
        status = f"{a.symbol} {a.symbol_word}" if a.symbol else ""
        cells.append(TableCell(status, rag=a.symbol_key))
        comps = [
            f"{cell(b.value, ind.measure)}" + (f" ({b.year.replace('-', sep)})" if b.year else "")
            for b in a.benchmarks
        ]
        if not comps:
            comps = [cell(float(v), ind.measure) for v in ind.comparators.values() if not isinstance(v, dict)]
        cells.append(TableCell("; ".join(comps) if comps else "n/a"))
        rows.append(tuple(cells))
    caption = f"{section.title}: scorecard for {period.long_label(sep)}"
    return Table(caption, header, tuple(rows), numeric_from=3)


LEVEL_RAG = {"Low": "green", "Moderate": "amber", "High": "red"}


def risk_section(register: Register, period: Period, sep: str) -> RiskSection | None:
    """Lay out the risk register, its matrix and keys as at the end of ``period``."""
    statuses: list[RiskStatus] = status_at(register, period)
    quarter = period.as_kind("quarter")
    label = quarter.long_label(sep)
    earlier = [quarter.previous(2), quarter.previous(1)]
    header = (
        "Ref",
        "Risk",
        "Owner",
        *[f"Score {q.short_label(sep)}" for q in earlier],
        "Likelihood",
        "Impact",
        f"Score {quarter.short_label(sep)}",
        "Level",
        f"Change since {earlier[-1].short_label(sep)}",
    )
    rows = []
    for st in statuses:
        by_quarter = {s.quarter: s for s in st.risk.history}
        past = [by_quarter.get(q) for q in earlier]
        symbol, words = CHANGE_SYMBOLS[st.change]
        rows.append(
            (
                TableCell(st.risk.id, header=True),
                TableCell(st.risk.title),
                TableCell(st.risk.owner),
                *[TableCell(f"{p.score} {p.level}" if p else "Not assessed") for p in past],
                TableCell(f"{st.current.likelihood} {LIKELIHOOD[st.current.likelihood]}"),
                TableCell(f"{st.current.impact} {IMPACT[st.current.impact]}"),
                TableCell(str(st.current.score)),
                TableCell(st.current.level, rag=LEVEL_RAG[st.current.level]),
                TableCell(f"{symbol} {words}"),
            )
        )
    register_table = Table(f"Risk register for {label}", header, tuple(rows), numeric_from=99, kind="risks")
    placed: dict[tuple[int, int], list[str]] = {}
    for st in statuses:
        placed.setdefault((st.current.likelihood, st.current.impact), []).append(st.risk.id)
    matrix_rows = []
    for li in range(5, 0, -1):
        cells = [TableCell(f"{LIKELIHOOD[li]} ({li})", header=True)]
        for im in range(1, 6):
            score = li * im
            ids = ", ".join(placed.get((li, im), []))
            text = f"{score} {level(score)}" + (f"\n{ids}" if ids else "")
            cells.append(TableCell(text, rag=LEVEL_RAG[level(score)]))
        matrix_rows.append(tuple(cells))
    matrix = Table(
        f"Risk matrix for {label}: likelihood by impact, each cell giving its score and level "
        "and the references of the risks placed in it",
        ("Likelihood / Impact", *[f"{im} {IMPACT[im]}" for im in range(1, 6)]),
        tuple(matrix_rows),
        numeric_from=99,
        kind="matrix",
    )
    levels = Table(
        "Level of risk",
        ("Level", "Score"),
        tuple((TableCell(n, rag=LEVEL_RAG[n]), TableCell(f"{lo} to {hi}")) for n, lo, hi in LEVELS),
        numeric_from=99,
        kind="key",
    )
    changes = Table(
        "Risk symbols",
        ("Symbol", "Meaning"),
        tuple(
            (TableCell(sym), TableCell(CHANGE_MEANINGS[key])) for key, (sym, _words) in CHANGE_SYMBOLS.items()
        ),
        numeric_from=99,
        kind="key",
    )
    n = len(statuses)
    if n:
        by_level = [sum(1 for s in statuses if s.current.level == name) for name, _, _ in LEVELS]
        moved = {k: sum(1 for s in statuses if s.change == k) for k in CHANGE_SYMBOLS}
        summary = (
            f"{n} risk{'s are' if n != 1 else ' is'} on the register for {label}: "
            f"{by_level[2]} high, {by_level[1]} moderate and {by_level[0]} low. "
            f"Since the previous quarter, {moved['increasing']} increased, {moved['decreasing']} "
            f"decreased and {moved['no change']} did not change"
            + (f"; {moved['new']} {'is' if moved['new'] == 1 else 'are'} new." if moved["new"] else ".")
        )
    else:
        summary = f"No risk had been assessed by the end of {label}."
    return RiskSection(summary, register.introduction, register_table, matrix, levels, changes)


def briefing_charts(b: Briefing) -> list[Chart]:
    """Return every chart in the briefing."""
    return [i.chart for s in b.sections for i in s.indicators if i.chart is not None]


def with_charts(briefing: Briefing, charts: dict[str, Chart]) -> Briefing:
    """Return the briefing with its planned charts swapped for the drawn ones."""
    sections = tuple(
        replace(
            s,
            indicators=tuple(
                replace(i, chart=charts.get(i.id, i.chart)) if i.chart is not None else i
                for i in s.indicators
            ),
        )
        for s in briefing.sections
    )
    return replace(briefing, sections=sections)


def build_briefing(
    config: ProjectConfig,
    sections: list[Section],
    data: DataSet,
    assessments: list[Assessment],
    paragraphs: dict[str, str],
    charts: dict[str, Chart],
    period: Period,
    summary: Summary,
    register: Register | None = None,
    look: Look | None = None,
    draft: bool = False,
    build_date: str | None = None,
) -> Briefing:
    """Assemble the briefing from the outputs of every earlier stage."""
    sep = config.style.year_separator
    by_id = {a.indicator.id: a for a in assessments}
    period_label = period.long_label(sep)
    blocks = []
    for section in sections:
        inds = tuple(
            IndicatorBlock(
                id=ind.id,
                title=ind.title,
                paragraph=paragraphs[ind.id],
                commentary=by_id[ind.id].note,
                definition=ind.definition,
                symbol=by_id[ind.id].symbol,
                symbol_word=by_id[ind.id].symbol_word,
                rag=by_id[ind.id].rag,
                chart=charts.get(ind.id),
            )
            for ind in section.indicators
        )
        blocks.append(
            SectionBlock(
                slugify(section.title, "section"),
                section.title,
                section.area,
                section.introduction,
                scorecard(section, by_id, data, period, config),
                inds,
            )
        )
    used_bases = []
    for s in sections:
        for i in s.indicators:
            if i.basis not in used_bases:
                used_bases.append(i.basis)
    used_polarity = sorted(
        {i.polarity for s in sections for i in s.indicators}, key=list(POLARITY_LABELS).index
    )
    purpose = config.purpose or (
        f"To provide {'the ' + config.committee if config.committee else 'members'} with an "
        f"overview of performance for {period_label} against the indicators in the "
        f"{config.title}."
    )
    recommendations = tuple(config.recommendations) or (
        "That the Committee notes the performance set out in this report.",
        "That the Committee identifies any areas it wishes to examine in more detail.",
    )
    return Briefing(
        authority=config.authority,
        title=config.title,
        subtitle=config.subtitle,
        committee=config.committee,
        meeting_date=long_date(config.meeting_date) if config.meeting_date else None,
        author=config.author,
        period_label=period_label,
        period_code=period.code,
        purpose=purpose,
        summary=summary.lines,
        performing_well=summary.performing_well,
        areas_for_focus=summary.areas_for_focus,
        investigation=summary.investigation,
        sections=tuple(blocks),
        key_symbols=tuple(KeyEntry(sym, words, key) for key, (sym, words) in SYMBOLS.items()),
        key_bases=tuple(KeyEntry(BASIS_LABELS[b], BASIS_MEANINGS[b]) for b in used_bases),
        key_polarity=tuple(KeyEntry(POLARITY_LABELS[p], POLARITY_MEANINGS[p]) for p in used_polarity),
        recommendations=recommendations,
        footer=config.footer or config.authority,
        assessments=tuple(assessments),
        data_files=data.files,
        risks=risk_section(register, period, sep) if register is not None else None,
        look=look or Look(),
        draft=draft,
        build_date=build_date if draft else None,
        withheld=tuple(withheld_lines(sections, data, _shown_periods(sections, by_id, period), sep)),
    )


def _shown_periods(
    sections: list[Section], by_id: dict[str, Assessment], period: Period
) -> dict[str, set[Period]]:
    """Return, per indicator, the periods whose figures its scorecard row or chart can show."""
    shown: dict[str, set[Period]] = {}
    for section in sections:
        columns = table_periods(section, period)
        for ind in section.indicators:
            a = by_id[ind.id]
            kind = FREQUENCY_KIND[ind.frequency]
            in_table = {c.as_kind(kind) for c in columns if c.as_kind(kind).end_index == c.end_index}
            shown[ind.id] = in_table | {o.period for o in a.history[-a.period.spec.chart_points :]}
    return shown
