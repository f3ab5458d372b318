"""The Briefing: the whole document as one immutable outline that every renderer translates.

Everything a reader sees that is not the officer's data is decided here, once: every heading
and its level, every fixed sentence, the key tables, captions, figure numbers, column widths,
page breaks and colours (from ``palette``). The HTML, PDF, Word, JSON and spreadsheet renderers
walk the same tree of parts and blocks, so the formats cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar, Union

from .assess import (
    SYMBOLS,
    Assessment,
    Comparison,
    cell_for,
    column_period,
    comparators_at,
    needs_attention,
    table_periods,
)
from .branding import Logo, Look
from .charts import Chart, charted_periods
from .config import ProjectConfig
from .data import DataSet, Observation
from .diff import Changes
from .disclosure import withheld_lines
from .formatting import (
    PROVISIONAL_KEY,
    capitalise,
    cell,
    long_date,
    marked,
    rank_ordinal,
    rounds_to_zero,
    slugify,
    target_cell,
    titled,
)
from .icons import Icon, assurance_icon, variation_icon
from .indicators import BASIS_LABELS, BASIS_MEANINGS, POLARITY_LABELS, POLARITY_MEANINGS, Indicator, Section
from .narrative import Summary
from .palette import PALETTE, Palette
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
from .spc import ASSURANCE_WORDS, MIN_POINTS, VARIATION_WORDS, applies
from .textwidth import widest_word, width
from .units import Measure

if TYPE_CHECKING:
    from .published import Authority

# -- the fixed words of the document --------------------------------------------------------------

STATUS_TEXT = {
    "no_data": "",
    "missing": "No value",
    "suppressed": "Suppressed",
    "unreliable": "Low reliability",
    # "low" is written by the unit: <0.5, <0.05% (formatting.rounds_to_zero)
}
# Under a scorecard that shows such a cell: what the government statistical symbols mean.
STATUS_NOTES = {
    "low": "A figure shown as below half its last digit (such as <0.5) is published as low: it rounds "
    "to zero but is not zero.",
    "unreliable": "Low reliability: the publisher marks the figure u, of low reliability, and gives no "
    "number; it is not compared or ranked.",
}
RANK_HEADER = "Rank (quartile)"
SOURCES_INTRO = "The figures are published statistics, read as downloaded from these files:"
METHOD_NOTES = {
    "comparators": "England is the National row of each file, and the regional figure the Regional row "
    "of {region}.",
    "neighbours": "The statistical neighbour average is the mean of the figures published that year for "
    "{council}'s {count} statistical neighbours (as {neighbours_from} groups them), counting only those "
    "with a figure; the text says how many it used.",
    "ranks": "A rank is among every council with a published figure that year, 1 being the best by the "
    "indicator's good performance, on the figures as shown; councils with the same figure share a "
    "rank. The quartile is A for the best quarter of councils to D for the worst, as the Department "
    "for Education's local authority interactive tool bands them. Measures with no right level are "
    "compared but not ranked; counts, whose England figure is a total rather than an average, are neither.",
    "years": "A reporting year is the year to 31 March, or the position on that day: 2025 is written 2024/25.",
    "symbols": "Figures the publisher suppressed (c) are not shown, and neither is anything worked out "
    "from them; x (not available) and z (not applicable) are shown as no value; low (rounds to zero "
    "but is not zero) is shown as less than half its last digit and judged as the zero it rounds to; "
    "u (low reliability) is shown as such and not compared.",
}
WITHHELD_TEXT = "Withheld"
WITHHELD_INTRO = (
    "Counts small enough to identify someone are suppressed. Where a suppressed count could be worked "
    "out from a total and the other figures published with it, a second figure is withheld as well:"
)
COMMENTARY_LABEL = "Officer commentary"
GENERATED_LABEL = "Generated text, rewritten at every build"  # the title of a locked paragraph in Word
DEFINITION_LABEL = "Definition:"
INVESTIGATION_INTRO = (
    "Questions members may wish to ask about indicators that are worse than target and outside "
    "tolerance or clearly declining, drafted for officers to review:"
)
RAISED_INTRO = "Questions officers have raised for members:"
RAISED_AND_DRAFTED_INTRO = (
    "Further questions members may wish to ask about indicators that are worse than target and "
    "outside tolerance or clearly declining, drafted for officers to review:"
)
RISK_SCORE_NOTE = "Each risk's score is its likelihood multiplied by its impact."
SPC_INTRO = (
    "Statistical process control (the NHS \u201cMaking Data Count\u201d method) tells a real change from the "
    "ordinary ups and downs of a process, and says whether the target can be met as things run. Each "
    "indicator it judged is counted once, by the variation of its latest figure and the assurance of its target:"
)
SPC_TOO_FEW = (
    "{count} {have} fewer than {points} figures in a row since a gap or a change of process, too few for "
    "statistical process control to judge, so {their} {rows} no variation or assurance icon."
)
SPC_CHART_NOTE = (
    "On a statistical process control chart the solid line is the average and the dashed lines are the "
    "limits within which the process varies by chance. Points marked with a circle are special cause "
    "improvement, a diamond special cause concern, and a square special cause that is neither."
)
SPC_CHART_TITLE = "{title}: statistical process control chart"
SPC_ROWS = (
    ("Special cause improvement", ("improvement_high", "improvement_low")),
    ("Common cause", ("common_cause",)),
    ("Special cause concern", ("concern_high", "concern_low")),
    ("Special cause, neither improvement nor concern", ("neither_high", "neither_low")),
)
SPC_COLUMNS = (
    ("Consistently meets target", "pass"),
    ("Hit or miss", "hit_or_miss"),
    ("Consistently misses target", "fail"),
    ("No assurance (no target or no right level)", None),
)
SPC_MATRIX_WIDTHS = (32.0, 17.0, 17.0, 17.0, 17.0)
DEFAULT_RECOMMENDATIONS = (
    "That the Committee notes the performance set out in this report.",
    "That the Committee identifies any areas it wishes to examine in more detail.",
)
HEADINGS = {
    "contents": "Contents",
    "purpose": "Purpose of the report",
    "summary": "Summary",
    "performing_well": "Performing well",
    "areas_for_focus": "Areas for focus",
    "key": "Key to symbols",
    "withheld": "Figures withheld to protect small numbers",
    "risks": "Risk register",
    "investigation": "Possible areas for investigation",
    "recommendations": "Recommendations",
    "spc": "Signal or noise",
    "reasons": "Reasons for the recommendations",
    "sources": "Sources and methods",
}
CHANGES_HEADING = "Changes since the {what} of {date}"
CHANGES_INTRO = (
    "What has changed since the {what} of {date}: figures, RAG ratings, directions of travel and the "
    "words of the report."
)
NO_CHANGES = "Nothing has changed since the {what} of {date}."
EXCEPTION_PURPOSE = (
    "This is an exception report. It gives the full commentary and a chart only for indicators that "
    "are worse than target, or have declined notably since the previous period; each section's other "
    "indicators are summarised in a table of one line each."
)
OTHERS_COLUMNS = ("Indicator", "Figure", "Status", "Since the previous period")
OTHERS_WIDTHS = (46.0, 14.0, 20.0, 20.0)
# The cover block's lines, in the order committee report templates give them.
COVER_LABELS = {
    "report_of": "Report of",
    "wards_affected": "Wards affected",
    "key_decision": "Key decision",
    "classification": "Classification",
    "exempt_paragraph": "Exempt information",
    "contact": "Contact officer",
    "appendices": "Appendices",
    "background_papers": "Background papers",
}
EXEMPT_WORDING = "{paragraphs} of Schedule 12A to the Local Government Act 1972"
NO_ITEMS = "None"

# -- column widths, in per cent of the table's width ------------------------------------------------

KEY_WIDTHS = (31.0, 69.0)
KEY_TABLE_WIDTH = 78.0  # per cent of the text width: the key tables need less than a scorecard
RISK_WIDTHS = (5.0, 22.0, 13.0, 8.5, 8.5, 9.0, 8.5, 6.0, 9.5, 10.5)
MATRIX_WIDTHS = (16.0, 16.8, 16.8, 16.8, 16.8, 16.8)
# The printed scorecard (report.css): 180 mm of text width (A4 less 15 mm margins) in 7.5 pt type,
# headers in 7 pt bold, each cell padded 0.25 em a side within 0.75 pt rules. Its columns are
# sized from what they hold, so every figure fits its cell and no word runs over the next.
SCORECARD_WIDTH_EM = 180 / 25.4 * 72 / 7.5
SCORECARD_HEADER_SCALE = 7 / 7.5
SCORECARD_PADDING_EM = 0.5 + 2 * 0.75 / 7.5
SCORECARD_SLACK = 1.06  # widths are estimates: a little over, never under
SCORECARD_TITLE_MIN_EM = 12.0  # the indicator's title keeps room for a few words a line
SCORECARD_TITLE_EM = 16.0  # and this much before other columns widen beyond their widest word
SCORECARD_MIN_PERIODS = 2  # the oldest period columns go first when a table cannot fit; these stay


def scorecard_widths(
    columns: list[tuple[str, list[str], bool]], fit: bool = True
) -> tuple[float, ...] | None:
    """Return column widths in per cent (summing to 100) for (header, cells, flexible) columns.

    Every column is at least as wide as the widest word its header or cells hold, so nothing
    is cut or overlaps. Room to spare widens the others towards their longest cell on one line
    while the flexible column (the indicator's title) keeps SCORECARD_TITLE_EM; the title takes
    the rest. Returns None when the title would get less than SCORECARD_TITLE_MIN_EM, unless
    ``fit`` is off, when the widths are scaled down to fit (words may then break inside).
    """
    least, most = [], []
    for header, cells, _flexible in columns:
        words = [widest_word(header, bold=True) * SCORECARD_HEADER_SCALE, *(widest_word(c) for c in cells)]
        least.append(max(words) * SCORECARD_SLACK + SCORECARD_PADDING_EM)
        most.append(max([width(c) * SCORECARD_SLACK + SCORECARD_PADDING_EM for c in cells] + [least[-1]]))
    flexible = [i for i, (_, _, flex) in enumerate(columns) if flex]
    others = [i for i in range(len(columns)) if i not in flexible]
    title_least = max([SCORECARD_TITLE_MIN_EM, *(least[i] for i in flexible)]) if flexible else 0.0
    spare = SCORECARD_WIDTH_EM - sum(least[i] for i in others) - title_least * len(flexible)
    if spare < 0 and fit:
        return None
    widths = list(least)
    wanted = sum(most[i] - least[i] for i in others)
    keep = max(0.0, SCORECARD_TITLE_EM - title_least) * len(flexible)
    grow = min(1.0, max(0.0, spare - keep) / wanted) if wanted else 0.0
    for i in others:
        widths[i] += (most[i] - least[i]) * grow
    for i in flexible:
        widths[i] = max(title_least, (SCORECARD_WIDTH_EM - sum(widths[j] for j in others)) / len(flexible))
    total = sum(widths)
    shares = [round(w / total * 100, 2) for w in widths]
    anchor = flexible[0] if flexible else 0  # takes the rounding, so the widths sum to 100
    shares[anchor] = round(100 - sum(w for i, w in enumerate(shares) if i != anchor), 2)
    return tuple(shares)


# -- the blocks a part holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text in a paragraph: plain, a label, a link to a part, or a symbol screen readers skip."""

    text: str
    link: str | None = None  # the id of the part it points to
    label: bool = False  # "Definition:" and the like, set in bold
    decorative: bool = False  # a symbol whose meaning the words beside it give


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``role`` says what it is (body, narrative, status, note, definition, period)."""

    runs: tuple[Run, ...]
    role: str = "body"
    rag: str | None = None  # a status line's RAG or status key (its colour)
    tag: str | None = None  # names generated text for the Word round trip: narrative:<indicator id>
    number: str | None = None  # its paragraph number (4.2) when paragraphs are numbered
    kind: ClassVar[str] = "paragraph"

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(r.text for r in self.runs)


def para(text: str, role: str = "body", **extra: object) -> Paragraph:
    """Return a paragraph of plain text."""
    return Paragraph((Run(text),), role, **extra)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ItemList:
    """A bulleted or numbered list."""

    items: tuple[str, ...]
    ordered: bool = False
    numbers: tuple[str, ...] = ()  # each item's paragraph number, when an ordered list's items are numbered
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class TableCell:
    """A table cell's text, and the RAG key that colours it (if any)."""

    text: str
    rag: str | None = None
    header: bool = False  # a row header (<th scope="row">)
    decorative: bool = False  # a symbol whose meaning the row's other cells give
    icons: tuple[Icon, ...] = ()  # pictures after the text, each with its meaning in words


@dataclass(frozen=True)
class Column:
    """A table column: its header, its width in per cent of the table, and whether it holds figures."""

    header: str
    width: float
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A table: caption, columns and body rows; ``kind`` (scorecard, key, risks, matrix) sets its look."""

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    table_kind: str = "scorecard"
    width: float = 100.0  # per cent of the text width
    keep_with_next: bool = (
        False  # in paged formats, on the page of what follows it (a scorecard's first indicator)
    )
    kind: ClassVar[str] = "table"

    @property
    def header(self) -> tuple[str, ...]:
        """Return the column headers."""
        return tuple(c.header for c in self.columns)


@dataclass(frozen=True)
class Group:
    """Tables shown side by side where the page is wide enough (the keys)."""

    tables: tuple[Table, ...]
    kind: ClassVar[str] = "group"


@dataclass(frozen=True)
class Figure:
    """A numbered chart with its caption."""

    chart: Chart
    number: int
    title: str
    kind: ClassVar[str] = "figure"

    @property
    def caption(self) -> str:
        """Return 'Figure 3: <title>'."""
        return f"Figure {self.number}: {self.title}"


@dataclass(frozen=True)
class Commentary:
    """The officer commentary on an indicator: shown when written, an editable box in the Word draft."""

    indicator_id: str
    title: str
    text: str | None
    label: str = COMMENTARY_LABEL
    kind: ClassVar[str] = "commentary"


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: the part it points to."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Contents:
    """The contents list."""

    entries: tuple[ContentsEntry, ...]
    kind: ClassVar[str] = "contents"


@dataclass(frozen=True)
class Part:
    """A headed part of the document: its heading, what it holds, and where it starts.

    ``level`` is the heading level (1 is the report's title, 2 a chapter); ``role`` says what
    the part is (purpose, summary, key, area, service, indicator, ...), which renderers use for
    the element and the look, never for the words.
    """

    id: str
    title: str
    level: int
    role: str
    blocks: tuple[Node, ...] = ()
    page_break: bool = False  # starts a new page in paged formats
    in_contents: bool = True
    assessment: Assessment | None = None  # an indicator's part: what was judged
    shown: tuple[Observation, ...] = ()  # and every figure of it the report shows (table and chart)
    kind: ClassVar[str] = "part"

    @property
    def narrative(self) -> str:
        """Return the text of the part's generated paragraph (an indicator's narrative)."""
        found = next((b for b in self.blocks if isinstance(b, Paragraph) and b.role == "narrative"), None)
        return found.text if found is not None else ""


Node = Union[Paragraph, ItemList, Table, Group, Figure, Commentary, Contents, Part]  # noqa: UP007


@dataclass(frozen=True)
class Fact:
    """A line of the masthead: 'Meeting: Children and Young People Scrutiny Committee'."""

    label: str
    value: str


@dataclass(frozen=True)
class Masthead:
    """The top of the first page: logo, authority, meeting facts, title, period and subtitle."""

    authority: str
    title: str
    period: str
    subtitle: str | None
    facts: tuple[Fact, ...]
    logo: Logo | None
    facts_caption: str = "About this report"


@dataclass(frozen=True)
class Briefing:
    """The whole committee briefing, ready to render."""

    authority: str
    title: str
    author: str | None
    period_label: str
    period_code: str
    masthead: Masthead
    parts: tuple[Part, ...]
    footer: str
    assessments: tuple[Assessment, ...]
    data_files: tuple[str, ...]
    summary: tuple[str, ...] = ()
    performing_well: tuple[str, ...] = ()
    areas_for_focus: tuple[str, ...] = ()
    investigation: tuple[str, ...] = ()  # the officers' questions first, then those drafted
    withheld: tuple[str, ...] = ()  # figures withheld so a suppressed one cannot be worked out
    look: Look = field(default_factory=Look)
    palette: Palette = PALETTE
    draft: bool = False
    build_date: str | None = None  # set for drafts only, so a final build is repeatable
    year_separator: str = "/"  # the house style's 2023/24 or 2023-24
    comparator_labels: dict[str, str] = field(default_factory=dict)  # national -> national average
    # an exception report's other indicators: one line each in the document, whole in report.json and the annex
    brief: tuple[Part, ...] = ()
    changes: Changes | None = None  # what changed since an earlier build (--changes-since)
    council: dict[str, str] = field(default_factory=dict)  # whose published statistics: codes, region

    @property
    def document_title(self) -> str:
        """Return the title used in metadata and running headers."""
        return self.title if _names(self.title, self.period_label) else f"{self.title}: {self.period_label}"

    @property
    def subject(self) -> str:
        """Return the document's subject for its metadata."""
        return self.title if _names(self.title, self.period_label) else f"{self.title}, {self.period_label}"

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


# -- walking the outline --------------------------------------------------------------------------


def walk(nodes: tuple[Node, ...]) -> Iterator[Node]:
    """Yield every node of the outline in document order, parts before what they hold."""
    for node in nodes:
        yield node
        if isinstance(node, Part):
            yield from walk(node.blocks)


def indicator_parts(b: Briefing) -> list[Part]:
    """Return every indicator's part, in report order (an exception report's brief ones included)."""
    parts = [n for n in walk((*b.parts, *b.brief)) if isinstance(n, Part) and n.assessment is not None]
    order = {a.indicator.id: i for i, a in enumerate(b.assessments)}
    return sorted(parts, key=lambda p: order.get(p.assessment.indicator.id, 0) if p.assessment else 0)


def headings(b: Briefing) -> list[tuple[int, str]]:
    """Return every heading of the document as (level, text), the title first."""
    return [(1, b.masthead.title)] + [(n.level, n.title) for n in walk(b.parts) if isinstance(n, Part)]


def briefing_charts(b: Briefing) -> list[Chart]:
    """Return every chart in the briefing."""
    return [n.chart for n in walk(b.parts) if isinstance(n, Figure)]


def with_charts(briefing: Briefing, charts: dict[str, Chart]) -> Briefing:
    """Return the briefing with its planned charts swapped for the drawn ones (keyed by indicator id)."""

    def swap(node: Node) -> Node:
        if isinstance(node, Figure):
            return replace(node, chart=charts.get(node.chart.indicator_id, node.chart))
        if isinstance(node, Part):
            return replace(node, blocks=tuple(swap(n) for n in node.blocks))
        return node

    return replace(briefing, parts=tuple(swap(p) for p in briefing.parts))  # type: ignore[misc]


# -- the scorecard and the risk register ---------------------------------------------------------------


DIRECTION_ARROWS = {"increase": "↑", "decrease": "↓", "no change": "↔"}
DIRECTION_WORDS = {"improved": "Improved", "declined": "Declined", "no change": "No change"}
DIRECTION_MOVES = {"increase": "Higher", "decrease": "Lower", "no change": "No change"}  # no better or worse
DIRECTION_KEY = (
    ("↑", "Higher than in the previous period"),
    ("↓", "Lower than in the previous period"),
    ("↔", "The same as in the previous period, as shown"),
    ("Improved, Declined", "Whether that change is better or worse, by the measure's good performance"),
    ("Higher, Lower", "A change in a measure that is monitored, with no better or worse"),
)
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class ScorecardColumn:
    """One column of a scorecard, described as data: its header, what it holds, and its cell for an indicator."""

    header: str
    cell: Callable[[Indicator, Assessment], TableCell]
    numeric: bool = False
    flexible: bool = False  # takes the width the others leave: the indicator's title
    optional: bool = False  # left out of a table where no row has anything in it


def direction_cell(a: Assessment) -> TableCell:
    """Return the direction of travel since the previous period: its arrow, and whether that is better."""
    c = a.previous
    if c is None:
        return TableCell(NOT_APPLICABLE)
    word = DIRECTION_WORDS.get(c.performance) or DIRECTION_MOVES[c.movement]
    return TableCell(f"{DIRECTION_ARROWS[c.movement]} {word}")


def scorecard_columns(
    section: Section, data: DataSet, periods: tuple[Period, ...], config: ProjectConfig
) -> list[ScorecardColumn]:
    """Return a scorecard's columns, in order: title, polarity, basis, the periods, target, status,
    direction of travel, and one per comparator (its name and, when its rows share one, its year)."""
    sep = config.style.year_separator

    def figure(column: Period) -> Callable[[Indicator, Assessment], TableCell]:
        def at(ind: Indicator, _a: Assessment) -> TableCell:
            c = cell_for(ind, data.get(ind.id), column)
            text = cell(c.value, ind.measure) if c.value is not None else status_text(c.status, ind.measure)
            return TableCell(
                WITHHELD_TEXT if c.withheld else marked(text, c.provisional and c.value is not None)
            )

        return at

    def target(ind: Indicator, a: Assessment) -> TableCell:
        if a.target_range is not None:
            return TableCell("–".join(target_cell(v, ind.measure) for v in a.target_range))
        return TableCell(target_cell(a.target, ind.measure) if a.target is not None else "")

    def status(_ind: Indicator, a: Assessment) -> TableCell:
        # the SPC icons follow the RAG word: each is narrower than the widest word, so it fits
        text = f"{a.symbol} {a.symbol_word}" if a.symbol else ""
        return TableCell(text, rag=a.symbol_key, icons=spc_icons(a))

    last = periods[-1]
    columns = [
        ScorecardColumn(
            "Indicator", lambda ind, _a: TableCell(titled(ind.title, ind.measure), header=True), flexible=True
        ),
        ScorecardColumn("Good performance", lambda ind, _a: TableCell(POLARITY_LABELS[ind.polarity])),
        ScorecardColumn("Reporting basis", lambda ind, _a: TableCell(BASIS_LABELS[ind.basis])),
        *[ScorecardColumn(p.short_label(sep), figure(p), numeric=True) for p in periods[:-1]],
        ScorecardColumn(f"Actual {last.short_label(sep)}", figure(last), numeric=True),
        ScorecardColumn(f"Target {last.short_label(sep)}", target, numeric=True, optional=True),
        ScorecardColumn("Status", status, optional=True),
        ScorecardColumn("Direction of travel", lambda _ind, a: direction_cell(a)),
    ]
    found: dict[str, dict[str, tuple[float, str | None]]] = {}
    for ind in section.indicators:
        for name, value, year in comparators_at(ind, last.as_kind(FREQUENCY_KIND[ind.frequency])):
            found.setdefault(name, {})[ind.id] = (value, year)
    for name, by_indicator in found.items():
        years = {year for _, year in by_indicator.values()}  # a figure with no year is one more kind
        shared = years.pop() if len(years) == 1 else None
        label = capitalise(config.comparator_label(name))
        header = f"{label} {shared.replace('-', sep)}" if shared else label
        columns.append(
            ScorecardColumn(header, _comparator_cell(by_indicator, shared is None, sep), numeric=True)
        )
    if any(ind.source is not None for ind in section.indicators):  # read from published statistics
        columns.append(ScorecardColumn(RANK_HEADER, _rank_cell))
    return columns


def _rank_cell(_ind: Indicator, a: Assessment) -> TableCell:
    """Return the rank column's cell: "12th of 152 (A)", joint where tied, n/a with no rank."""
    r = a.rank
    if r is None:
        return TableCell(NOT_APPLICABLE)
    return TableCell(f"{'joint ' if r.tied else ''}{rank_ordinal(r.position)} of {r.of} ({r.quartile})")


def _comparator_cell(
    by_indicator: dict[str, tuple[float, str | None]], with_year: bool, sep: str
) -> Callable[[Indicator, Assessment], TableCell]:
    """Return a comparator column's cell: its figure, with its year when the header cannot give one."""

    def at(ind: Indicator, _a: Assessment) -> TableCell:
        if ind.id not in by_indicator:
            return TableCell(NOT_APPLICABLE)
        value, year = by_indicator[ind.id]
        return TableCell(
            cell(value, ind.measure) + (f" ({year.replace('-', sep)})" if year and with_year else "")
        )

    return at


def scorecard(
    table_id: str,
    section: Section,
    assessments: dict[str, Assessment],
    data: DataSet,
    period: Period,
    config: ProjectConfig,
) -> Table:
    """Lay out a section's RAG scorecard table, its columns as wide as what they hold.

    When even the narrowest columns leave the title too little room, the oldest period columns
    are left out one by one (the chart still shows them), down to SCORECARD_MIN_PERIODS.
    """
    periods = table_periods(section, period)
    for drop in range(len(periods) - SCORECARD_MIN_PERIODS + 1):
        columns = scorecard_columns(section, data, periods[drop:], config)
        rows = tuple(tuple(c.cell(ind, assessments[ind.id]) for c in columns) for ind in section.indicators)
        # a section with no targets (a benchmarking report) has no empty Target and Status columns
        keep = [
            i for i, c in enumerate(columns) if not c.optional or any(r[i].text or r[i].icons for r in rows)
        ]
        columns = [columns[i] for i in keep]
        rows = tuple(tuple(r[i] for i in keep) for r in rows)
        described = [(c.header, [r[i].text for r in rows], c.flexible) for i, c in enumerate(columns)]
        last_try = drop == len(periods) - SCORECARD_MIN_PERIODS
        widths = scorecard_widths(described, fit=not last_try)
        if widths is not None:
            break
    assert widths is not None  # the last try always fits
    caption = f"{section.title}: scorecard for {period.long_label(config.style.year_separator)}"
    table_columns = tuple(Column(c.header, w, c.numeric) for c, w in zip(columns, widths, strict=True))
    return Table(table_id, caption, table_columns, rows, keep_with_next=True)


def spc_icons(a: Assessment) -> tuple[Icon, ...]:
    """Return the variation and assurance icons shown beside an indicator's RAG symbol."""
    if a.spc is None:
        return ()
    icons = [variation_icon(a.spc.variation)]
    if a.spc.assurance is not None:
        icons.append(assurance_icon(a.spc.assurance))
    return tuple(icons)


def investigation_blocks(summary: Summary) -> tuple[Node, ...]:
    """Write the questions for members: the officers' own first, then those drafted from the figures."""
    blocks: list[Node] = []
    if summary.raised:
        blocks += [para(RAISED_INTRO), ItemList(summary.raised)]
    if summary.investigation:
        intro = RAISED_AND_DRAFTED_INTRO if summary.raised else INVESTIGATION_INTRO
        blocks += [para(intro), ItemList(summary.investigation)]
    return tuple(blocks)


def spc_blocks(assessments: list[Assessment], config: ProjectConfig) -> tuple[Node, ...]:
    """Lay out the summary's matrix of variation against assurance, and say once who was not judged."""
    judged = [a for a in assessments if a.spc is not None]
    options = config.spc_options
    too_few = [
        a
        for a in assessments
        if a.spc is None and a.has_value and applies(a.indicator, options, a.period.kind)
    ]
    if not judged and not too_few:
        return ()
    blocks: list[Node] = []
    if judged:
        rows = []
        for label, variations in SPC_ROWS:
            members = [a for a in judged if a.spc is not None and a.spc.variation in variations]
            if not members and variations[0].startswith("neither"):
                continue  # a row for no-polarity indicators only when there is one
            cells = [TableCell(label, header=True)]
            for _heading, key in SPC_COLUMNS:
                count = sum(1 for a in members if a.spc is not None and a.spc.assurance == key)
                cells.append(TableCell(str(count)))
            rows.append(tuple(cells))
        columns = (
            Column("Variation / assurance", SPC_MATRIX_WIDTHS[0]),
            *(
                Column(h, w, numeric=True)
                for (h, _k), w in zip(SPC_COLUMNS, SPC_MATRIX_WIDTHS[1:], strict=True)
            ),
        )
        blocks += [
            para(SPC_INTRO),
            Table(
                "spc-matrix",
                "Indicators by variation (rows) and assurance (columns)",
                columns,
                tuple(rows),
                table_kind="spc",
            ),
        ]
    if too_few:
        n = len(too_few)
        blocks.append(
            para(
                SPC_TOO_FEW.format(
                    count=f"{n} indicator{'s' if n != 1 else ''}",
                    have="has" if n == 1 else "have",
                    points=MIN_POINTS,
                    their="its" if n == 1 else "their",
                    rows="row shows" if n == 1 else "rows show",
                ),
                "note",
            )
        )
    return tuple(blocks)


def status_text(status: str, measure: Measure) -> str:
    """Write a cell that has no figure to show: Suppressed, No value, <0.5, Low reliability."""
    return rounds_to_zero(measure) if status == "low" else STATUS_TEXT[status]


def scorecard_notes(section: Section, data: DataSet, period: Period) -> list[Paragraph]:
    """Return a footnote for each statistical symbol the section's scorecard shows."""
    cells = [
        cell_for(ind, data.get(ind.id), col)
        for ind in section.indicators
        for col in table_periods(section, period)
    ]
    shown = {c.status for c in cells}
    notes = [para(text, "note") for status, text in STATUS_NOTES.items() if status in shown]
    if any(c.provisional and c.value is not None for c in cells):
        notes.append(para(PROVISIONAL_KEY, "note"))  # the key to the mark a provisional figure has
    return notes


def sources_blocks(data: DataSet, sep: str) -> tuple[Node, ...]:
    """Say where the published figures came from and how the comparators and ranks were worked out."""
    council = data.council
    assert council is not None
    blocks: list[Node] = [para(SOURCES_INTRO), ItemList(council.files)]
    a = council.authority
    notes = dict(METHOD_NOTES)
    if not council.neighbours:
        del notes["neighbours"]
    blocks += [
        para(
            text.format(
                region=a.region_name,
                council=a.name,
                count=len(council.neighbours),
                neighbours_from=council.neighbours_from,
            )
        )
        for text in notes.values()
    ]
    if council.neighbours:
        names = ", ".join(n.name for n in council.neighbours)
        blocks.append(para(f"{a.name}'s statistical neighbours are {names}."))
    for other in council.other_codes:
        blocks.append(
            para(
                f"Figures published for {other.name} under code {other.code} ({_span(other, sep)}) are not "
                f"included: this report follows {a.name} under code {a.code} ({_span(a, sep)}), and a "
                "council published under another code may not cover the same area."
            )
        )
    return tuple(blocks)


def spc_key() -> Table:
    """Return the key to the variation and assurance icons."""
    icons = [variation_icon(k) for k in VARIATION_WORDS] + [assurance_icon(k) for k in ASSURANCE_WORDS]
    rows: list[tuple[TableCell, ...]] = [
        (TableCell("", icons=(icon,)), TableCell(icon.words, header=True)) for icon in icons
    ]
    return key_table("key-spc", "Variation and assurance icons", ("Icon", "Meaning"), rows)


def _span(a: Authority, sep: str) -> str:
    first, last = a.first.long_label(sep), a.last.long_label(sep)
    return first if first == last else f"{first} to {last}"


LEVEL_RAG = {"Low": "green", "Moderate": "amber", "High": "red"}


def _columns(headers: tuple[str, ...], widths: tuple[float, ...]) -> tuple[Column, ...]:
    return tuple(Column(h, w) for h, w in zip(headers, widths, strict=True))


def key_table(
    table_id: str, caption: str, headers: tuple[str, str], rows: list[tuple[TableCell, ...]]
) -> Table:
    """Return a two-column key table."""
    return Table(
        table_id, caption, _columns(headers, KEY_WIDTHS), tuple(rows), table_kind="key", width=KEY_TABLE_WIDTH
    )


def risk_blocks(register: Register, period: Period, sep: str) -> tuple[Node, ...]:
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
    register_table = Table(
        "risk-register", f"Risk register for {label}", _columns(header, RISK_WIDTHS), tuple(rows), "risks"
    )
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
        "risk-matrix",
        f"Risk matrix for {label}: likelihood by impact, each cell giving its score and level "
        "and the references of the risks placed in it",
        _columns(("Likelihood / Impact", *[f"{im} {IMPACT[im]}" for im in range(1, 6)]), MATRIX_WIDTHS),
        tuple(matrix_rows),
        "matrix",
    )
    levels = key_table(
        "risk-levels",
        "Level of risk",
        ("Level", "Score"),
        [(TableCell(n, rag=LEVEL_RAG[n]), TableCell(f"{lo} to {hi}")) for n, lo, hi in LEVELS],
    )
    changes = key_table(
        "risk-symbols",
        "Risk symbols",
        ("Symbol", "Meaning"),
        [(TableCell(sym), TableCell(CHANGE_MEANINGS[key])) for key, (sym, _words) in CHANGE_SYMBOLS.items()],
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
    intro = (para(register.introduction),) if register.introduction else ()
    return (
        *intro,
        para(summary),
        register_table,
        matrix,
        para(RISK_SCORE_NOTE, "note"),
        Group((levels, changes)),
    )


# -- assembling the outline --------------------------------------------------------------------------


class _Ids:
    """Hands out HTML ids, so no two parts share one (a section titled 'Summary', say)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used or f"{candidate}-heading" in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.update((candidate, f"{candidate}-heading", f"{candidate}-caption"))
        return candidate


@dataclass(frozen=True)
class _Content:
    """What the earlier stages made, for the outline to lay out."""

    config: ProjectConfig
    sections: list[Section]
    data: DataSet
    by_id: dict[str, Assessment]
    paragraphs: dict[str, str]
    charts: dict[str, Chart]
    period: Period
    shown: dict[str, set[Period]]
    exception: bool = False  # an exception report
    brief: list[Part] = field(default_factory=list)  # filled in: the parts an exception report leaves out


def _indicator_part(
    c: _Content, section: Section, ind_index: int, level_: int, ids: _Ids, figures: list[int]
) -> Part:
    ind = section.indicators[ind_index]
    a = c.by_id[ind.id]
    blocks: list[Node] = []
    if a.symbol:
        blocks.append(
            Paragraph((Run(a.symbol, decorative=True), Run(f" {a.symbol_word}")), "status", rag=a.symbol_key)
        )
    blocks.append(para(c.paragraphs[ind.id], "narrative", tag=f"narrative:{ind.id}"))
    blocks.append(Commentary(ind.id, ind.title, a.note))
    chart = c.charts.get(ind.id)
    if chart is not None:
        figures.append(len(figures) + 1)
        title = SPC_CHART_TITLE.format(title=ind.title) if a.spc is not None else ind.title
        blocks.append(Figure(chart, figures[-1], title))
    if ind.definition:
        blocks.append(Paragraph((Run(DEFINITION_LABEL, label=True), Run(f" {ind.definition}")), "definition"))
    shown = tuple(o for o in c.data.get(ind.id).observations if o.period in c.shown.get(ind.id, set()))
    return Part(
        ids(f"ind-{ind.id}"),
        ind.title,
        level_,
        "indicator",
        tuple(blocks),
        in_contents=False,
        assessment=a,
        shown=shown,
    )


def since_previous(c: Comparison | None) -> str:
    """Return the change since the previous period in a few words: 'Slight improvement', 'No change'."""
    if c is None:
        return "No comparison"
    if c.performance == "no change" or c.movement == "no change":
        return "No change"
    noun = {"improved": "improvement", "declined": "decline"}.get(c.performance, c.movement)
    return f"{c.magnitude} {noun}".capitalize()


def _others_table(table_id: str, section: Section, others: list[Assessment], sep: str) -> Table:
    """Lay out an exception report's one-line table of a section's indicators that need no attention."""
    rows = []
    for a in others:
        ind = a.indicator
        figure = (
            marked(cell(a.value, ind.measure), a.provisional)
            if a.value is not None
            else STATUS_TEXT[a.status]
        )
        status = f"{a.symbol} {a.symbol_word}" if a.symbol else ""
        rows.append(
            (
                TableCell(titled(ind.title, ind.measure), header=True),
                TableCell(WITHHELD_TEXT if a.withheld is not None else figure),
                TableCell(status, rag=a.symbol_key),
                TableCell(since_previous(a.previous)),
            )
        )
    caption = f"{section.title}: other indicators"
    return Table(table_id, caption, _columns(OTHERS_COLUMNS, OTHERS_WIDTHS), tuple(rows), table_kind="others")


def _names(title: str, words: str) -> bool:
    """Say whether a title already names a period or a heading ("July 2022 performance", "July 2022")."""
    return " ".join(words.lower().split()) in " ".join(title.lower().split())


def _same_heading(a: str, b: str) -> bool:
    """Say whether two headings read the same ("Children in Care", "children in care ")."""
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _service_parts(c: _Content, ids: _Ids) -> list[Part]:
    """Lay out the sections, grouping consecutive sections of one service area under its heading."""
    groups: list[tuple[str | None, list[Section]]] = []
    for s in c.sections:
        if groups and s.area is not None and groups[-1][0] == s.area:
            groups[-1][1].append(s)
        else:
            groups.append((s.area, [s]))
    # an area holding only a section of its own name is one heading, not two the same
    groups = [(None, m) if a and len(m) == 1 and _same_heading(a, m[0].title) else (a, m) for a, m in groups]
    figures: list[int] = []
    out: list[Part] = []
    for area, members in groups:
        level_ = 3 if area else 2
        area_id = ids("area-" + slugify(members[0].title, "section")) if area else ""
        parts = []
        for n, section in enumerate(members):
            sid = ids(slugify(section.title, "section"))
            blocks: list[Node] = []
            if section.introduction:
                blocks.append(para(section.introduction))
            blocks.append(scorecard(f"{sid}-scorecard", section, c.by_id, c.data, c.period, c.config))
            blocks += scorecard_notes(section, c.data, c.period)
            others = []
            for i, ind in enumerate(section.indicators):
                if c.exception and not needs_attention(c.by_id[ind.id]):
                    others.append(c.by_id[ind.id])
                    c.brief.append(_indicator_part(c, section, i, level_ + 1, ids, []))
                else:
                    blocks.append(_indicator_part(c, section, i, level_ + 1, ids, figures))
            if others:
                blocks.append(_others_table(f"{sid}-others", section, others, c.config.style.year_separator))
            # each section starts a page, except the first of an area, which follows its heading; an
            # exception report runs on, to stay short
            parts.append(
                Part(
                    sid,
                    section.title,
                    level_,
                    "service",
                    tuple(blocks),
                    page_break=not (area and n == 0) and not c.exception,
                )
            )
        if area:
            out.append(Part(area_id, area, 2, "area", tuple(parts), page_break=True))
        else:
            out += parts
    return out


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
    exception: bool = False,
    changes: Changes | None = None,
) -> Briefing:
    """Assemble the briefing's outline from the outputs of every earlier stage."""
    sep = config.style.year_separator
    by_id = {a.indicator.id: a for a in assessments}
    period_label = period.long_label(sep)
    look = look or Look()
    ids = _Ids()
    for fixed in (
        "contents",
        "purpose",
        "summary",
        "key",
        "risks",
        "sources",
        "investigation",
        "recommendations",
        "reasons",
    ):
        ids(fixed)
    shown = _shown_periods(sections, by_id, period)
    content = _Content(config, sections, data, by_id, paragraphs, charts, period, shown, exception)
    services = _service_parts(content, ids)

    purpose = config.purpose or (
        f"To provide {'the ' + config.committee if config.committee else 'members'} with an "
        f"overview of performance for {period_label} against the indicators in the "
        f"{config.title}."
    )
    summary_blocks: list[Node] = [para(line) for line in summary.lines]
    signal = spc_blocks(assessments, config)
    if signal:
        summary_blocks.append(Part(ids("spc"), HEADINGS["spc"], 3, "spc", signal, in_contents=False))
    for key, items in (
        ("performing_well", summary.performing_well),
        ("areas_for_focus", summary.areas_for_focus),
    ):
        if items:
            summary_blocks.append(
                Part(ids(key.replace("_", "-")), HEADINGS[key], 3, key, (ItemList(items),), in_contents=False)
            )
    if summary.raised or summary.investigation:
        summary_blocks.append(
            Paragraph(
                (
                    Run("Questions members may wish to ask are listed under "),
                    Run(HEADINGS["investigation"], link="investigation"),
                    Run("."),
                )
            )
        )

    used_bases = list(dict.fromkeys(i.basis for s in sections for i in s.indicators))
    used_polarity = sorted(
        {i.polarity for s in sections for i in s.indicators}, key=list(POLARITY_LABELS).index
    )
    key_blocks: list[Node] = [
        Group(
            (
                key_table(
                    "key-symbols",
                    "Measure symbols",
                    ("Symbol", "Meaning"),
                    [
                        (TableCell(sym, rag=k, decorative=True), TableCell(words, header=True))
                        for k, (sym, words) in SYMBOLS.items()
                    ],
                ),
                key_table(
                    "key-bases",
                    "Reporting basis",
                    ("Basis", "Meaning"),
                    [
                        (TableCell(BASIS_LABELS[b], header=True), TableCell(BASIS_MEANINGS[b]))
                        for b in used_bases
                    ],
                ),
                key_table(
                    "key-polarity",
                    "Good performance",
                    ("Polarity", "Meaning"),
                    [
                        (TableCell(POLARITY_LABELS[p], header=True), TableCell(POLARITY_MEANINGS[p]))
                        for p in used_polarity
                    ],
                ),
                key_table(
                    "key-direction",
                    "Direction of travel",
                    ("Direction", "Meaning"),
                    [(TableCell(sign, header=True), TableCell(meaning)) for sign, meaning in DIRECTION_KEY],
                ),
            )
        )
    ]
    if any(a.spc is not None for a in assessments):
        keys = key_blocks[0]
        assert isinstance(keys, Group)
        key_blocks[0] = replace(keys, tables=(*keys.tables, spc_key()))
        key_blocks.append(para(SPC_CHART_NOTE, "note"))
    withheld = tuple(withheld_lines(sections, data, shown, sep))
    if withheld:
        key_blocks.append(
            Part(
                "withheld",
                HEADINGS["withheld"],
                3,
                "withheld",
                (para(WITHHELD_INTRO), ItemList(withheld)),
                in_contents=False,
            )
        )

    purpose_blocks = (para(purpose), para(EXCEPTION_PURPOSE)) if exception else (para(purpose),)
    body: list[Part] = [
        Part("purpose", HEADINGS["purpose"], 2, "purpose", purpose_blocks, page_break=True),
        Part("summary", HEADINGS["summary"], 2, "summary", tuple(summary_blocks)),
        Part("key", HEADINGS["key"], 2, "key", tuple(key_blocks), page_break=True),
        *services,
    ]
    if register is not None:
        body.append(
            Part("risks", HEADINGS["risks"], 2, "risks", risk_blocks(register, period, sep), page_break=True)
        )
    if summary.raised or summary.investigation:
        body.append(
            Part(
                "investigation",
                HEADINGS["investigation"],
                2,
                "investigation",
                investigation_blocks(summary),
                page_break=True,
            )
        )
    recommendations = tuple(config.recommendations) or DEFAULT_RECOMMENDATIONS
    body.append(
        Part(
            "recommendations",
            HEADINGS["recommendations"],
            2,
            "recommendations",
            (ItemList(recommendations, ordered=True),),
        )
    )
    if config.reasons_for_recommendations:
        body.append(
            Part(
                "reasons",
                HEADINGS["reasons"],
                2,
                "reasons",
                tuple(para(text) for text in config.reasons_for_recommendations),
            )
        )
    if data.council is not None:  # an appendix: where the published figures came from, and how
        body.append(
            Part(
                "sources",
                HEADINGS["sources"],
                2,
                "sources",
                sources_blocks(data, sep),
                page_break=True,
            )
        )
    if changes is not None:
        body.append(changes_part(changes, ids))
    if exception:  # it runs on from the Purpose, to stay a few pages long
        body = [replace(p, page_break=p.role == "purpose") for p in body]
    if config.numbered_paragraphs:
        body = numbered(body)
    entries = tuple(
        ContentsEntry(n.id, n.title, n.level)
        for n in walk(tuple(body))
        if isinstance(n, Part) and n.in_contents and n.role != "indicator"
    )
    contents = Part("contents", HEADINGS["contents"], 2, "contents", (Contents(entries),), in_contents=False)

    facts = tuple(
        Fact(label, value)
        for label, value in (
            ("Meeting", config.committee),
            ("Date", long_date(config.meeting_date) if config.meeting_date else None),
            ("Report title", config.title),
            ("Author", config.author),
        )
        if value
    ) + cover_facts(config)
    return Briefing(
        authority=config.authority,
        title=config.title,
        author=config.author,
        period_label=period_label,
        period_code=period.code,
        masthead=Masthead(config.authority, config.title, period_label, config.subtitle, facts, look.logo),
        parts=(contents, *body),
        footer=config.footer or config.authority,
        assessments=tuple(assessments),
        data_files=data.files,
        summary=summary.lines,
        performing_well=summary.performing_well,
        areas_for_focus=summary.areas_for_focus,
        investigation=summary.raised + summary.investigation,
        withheld=withheld,
        look=look,
        palette=PALETTE.branded(look.primary_colour),
        draft=draft,
        build_date=build_date if draft else None,
        year_separator=sep,
        comparator_labels={
            b.name: config.comparator_label(b.name) for a in assessments for b in a.benchmarks
        },
        brief=tuple(content.brief),
        changes=changes,
        council=_council_facts(data),
    )


def changes_part(changes: Changes, ids: _Ids) -> Part:
    """Lay out the annex of what changed since an earlier build: a part per indicator, a line per change."""
    words = {"what": "draft" if changes.draft else "report", "date": changes.since}
    if changes.empty:
        blocks: list[Node] = [para(NO_CHANGES.format(**words))]
    else:
        blocks = [para(CHANGES_INTRO.format(**words))]
        if changes.summary:
            blocks.append(
                Part(
                    ids("changes-summary"),
                    HEADINGS["summary"],
                    3,
                    "change",
                    (ItemList(changes.summary),),
                    in_contents=False,
                )
            )
        for c in changes.indicators:
            blocks.append(
                Part(
                    ids(f"changes-{c.indicator_id}"),
                    c.title,
                    3,
                    "change",
                    (ItemList(c.lines),),
                    in_contents=False,
                )
            )
        if changes.added:
            blocks.append(para("New indicators: " + "; ".join(changes.added) + "."))
        if changes.removed:
            blocks.append(para("No longer reported: " + "; ".join(changes.removed) + "."))
    return Part(ids("changes"), CHANGES_HEADING.format(**words), 2, "changes", tuple(blocks), page_break=True)


def cover_facts(config: ProjectConfig) -> tuple[Fact, ...]:
    """Return the cover block's lines from ``cover:`` in reportgen.yaml (none when it is absent)."""
    cover = config.cover
    if cover is None:
        return ()
    lines: list[tuple[str, str | None]] = [
        ("report_of", cover.report_of),
        ("wards_affected", cover.wards_affected),
        ("key_decision", None if cover.key_decision is None else "Yes" if cover.key_decision else "No"),
        ("classification", cover.classification),
    ]
    if cover.exempt_paragraph is not None:
        numbers = (
            cover.exempt_paragraph if isinstance(cover.exempt_paragraph, list) else [cover.exempt_paragraph]
        )
        words = (
            ", ".join(str(n) for n in numbers[:-1]) + (" and " if len(numbers) > 1 else "") + str(numbers[-1])
        )
        paragraphs = f"Paragraph{'s' if len(numbers) > 1 else ''} {words}"
        lines.append(("exempt_paragraph", EXEMPT_WORDING.format(paragraphs=paragraphs)))
    if cover.contact is not None:
        c = cover.contact
        lines.append(("contact", ", ".join(v for v in (c.name, c.email, c.telephone) if v)))
    lines.append(("appendices", "; ".join(cover.appendices) or NO_ITEMS))
    # the one list of background papers, reportgen.yaml's top-level background_papers
    lines.append(("background_papers", "; ".join(config.background_papers) or NO_ITEMS))
    return tuple(Fact(COVER_LABELS[key], value) for key, value in lines if value)


NUMBERED_ROLES = ("body", "narrative")  # status lines, notes, definitions and commentary go unnumbered


def numbered(parts: list[Part]) -> list[Part]:
    """Number each chapter (1.) and its paragraphs and ordered list items (1.1, 1.2) in document order."""

    def number_blocks(blocks: tuple[Node, ...], chapter: int, count: list[int]) -> tuple[Node, ...]:
        out: list[Node] = []
        for node in blocks:
            if isinstance(node, Paragraph) and node.role in NUMBERED_ROLES:
                count[0] += 1
                node = replace(node, number=f"{chapter}.{count[0]}")
            elif isinstance(node, ItemList) and node.ordered:
                first = count[0] + 1
                count[0] += len(node.items)
                node = replace(node, numbers=tuple(f"{chapter}.{n}" for n in range(first, count[0] + 1)))
            elif isinstance(node, Part):
                node = replace(node, blocks=number_blocks(node.blocks, chapter, count))
            out.append(node)
        return tuple(out)

    return [
        replace(part, title=f"{n}. {part.title}", blocks=number_blocks(part.blocks, n, [0]))
        for n, part in enumerate(parts, start=1)
    ]


def _council_facts(data: DataSet) -> dict[str, str]:
    """Return who the published statistics are for, as report.json names it."""
    if data.council is None:
        return {}
    a = data.council.authority
    return {
        "new_la_code": a.code,
        "old_la_code": a.old_code,
        "la_name": a.name,
        "region_code": a.region_code,
        "region_name": a.region_name,
    }


def _shown_periods(
    sections: list[Section], by_id: dict[str, Assessment], period: Period
) -> dict[str, set[Period]]:
    """Return, per indicator, the periods whose figures its scorecard row or chart can show."""
    shown: dict[str, set[Period]] = {}
    for section in sections:
        columns = table_periods(section, period)
        for ind in section.indicators:
            a = by_id[ind.id]
            in_table = {p for c in columns if (p := column_period(ind, c)) is not None}
            shown[ind.id] = in_table | charted_periods(a)
            if a.spc is not None:  # the SPC chart shows every figure it judged
                shown[ind.id] |= {p.period for p in a.spc.points}
    return shown
