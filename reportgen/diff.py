"""`reportgen diff` and the "Changes since the draft" annex: what changed between two builds.

Both read report.json, the record every build writes: changed figures, RAG ratings and
directions of travel, and changed paragraphs word by word.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ReportgenError
from .formatting import long_date

REPORT_FILE = "report.json"
MAX_REPORT_BYTES = 50_000_000  # a 400-indicator report.json is about 2 MB


@dataclass(frozen=True)
class IndicatorChanges:
    """What changed for one indicator, a line each."""

    indicator_id: str
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    """What changed between an earlier build (a draft, say) and this one."""

    since: str  # the earlier build's date, 12 October 2023
    draft: bool  # the earlier build was a draft
    indicators: tuple[IndicatorChanges, ...]
    summary: tuple[str, ...] = ()  # changed lines of the summary, word by word
    added: tuple[str, ...] = ()  # titles of indicators new since then
    removed: tuple[str, ...] = ()  # and of those no longer reported

    @property
    def empty(self) -> bool:
        """Return whether nothing changed."""
        return not (self.indicators or self.summary or self.added or self.removed)


def load_report(path: Path) -> tuple[dict[str, Any], str]:
    """Read a report.json (or the one in an output folder); return it and the date it was built."""
    file = path / REPORT_FILE if path.is_dir() else path
    try:
        size = file.stat().st_size
    except OSError:
        raise ReportgenError(f"{path}: expected an output folder or a report.json; found neither") from None
    if size > MAX_REPORT_BYTES:
        raise ReportgenError(
            f"{file}: expected a report.json of at most {MAX_REPORT_BYTES:,} bytes; got {size:,}"
        )
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReportgenError(
            f"{file}: expected a report.json written by reportgen build; got {exc}"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise ReportgenError(f"{file}: expected a report.json written by reportgen build; got other JSON")
    built = doc.get("build_date")
    if not isinstance(built, str):  # a final build records no date, so it stays repeatable
        built = long_date(dt.date.fromtimestamp(file.stat().st_mtime))
    return doc, built


def word_changes(old: str, new: str, limit: int = 6) -> str:
    """Describe how ``new`` differs from ``old`` word by word: '“slight” became “small”; added “still”'."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            out.append(f"{quote(was)} became {quote(now)}")
        elif op == "delete":
            out.append(f"removed {quote(was)}")
        elif op == "insert":
            after = f" after {quote(a[i1 - 1])}" if i1 else " at the start"
            out.append(f"added {quote(now)}{after}")
    if len(out) > limit:
        out = [*out[:limit], f"and {len(out) - limit} more"]
    return "; ".join(out) or "spacing only"


def quote(text: str) -> str:
    """Return words in curly quotes, the middle of a long passage left out."""
    words = " ".join(text.split())
    return f"“{words[:60]}…”" if len(words) > 60 else f"“{words}”"


def _figure(record: dict[str, Any]) -> str:
    return str(
        record.get("display_value") or {"suppressed": "suppressed"}.get(record.get("status", ""), "no figure")
    )


def _indicator_lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = []
    if _figure(old) != _figure(new):
        lines.append(f"Figure: {_figure(old)} before, {_figure(new)} now")
    if old.get("rag") != new.get("rag"):
        lines.append(f"RAG: {old.get('rag') or 'none'} before, {new.get('rag') or 'none'} now")
    before, now = (
        old.get("performance") or old.get("direction"),
        new.get("performance") or new.get("direction"),
    )
    if before != now:
        lines.append(f"Direction of travel: {before or 'not assessed'} before, {now or 'not assessed'} now")
    for key, label in (("narrative", "Narrative"), ("commentary", "Commentary")):
        was, is_ = " ".join((old.get(key) or "").split()), " ".join((new.get(key) or "").split())
        if was == is_:
            continue
        if not was:
            lines.append(f"{label}: added")
        elif not is_:
            lines.append(f"{label}: removed")
        else:
            lines.append(f"{label}: {word_changes(was, is_)}")
    return lines


def compare(old: dict[str, Any], new: dict[str, Any], since: str) -> Changes:
    """Return what changed from the ``old`` report.json to the ``new`` one."""
    before = {i.get("id"): i for i in old["indicators"] if isinstance(i, dict)}
    after = {i.get("id"): i for i in new["indicators"] if isinstance(i, dict)}
    changed = []
    for key, record in after.items():
        if key in before:
            lines = _indicator_lines(before[key], record)
            if lines:
                changed.append(IndicatorChanges(str(key), str(record.get("title", key)), tuple(lines)))
    summary = []
    for was, is_ in zip(old.get("summary") or [], new.get("summary") or [], strict=False):
        if " ".join(str(was).split()) != " ".join(str(is_).split()):
            opening = " ".join(str(is_).split()[:6])
            summary.append(f"{quote(opening + '…')}: {word_changes(str(was), str(is_))}")
    return Changes(
        since=since,
        draft=bool(old.get("draft")),
        indicators=tuple(changed),
        summary=tuple(summary),
        added=tuple(str(r.get("title", k)) for k, r in after.items() if k not in before),
        removed=tuple(str(r.get("title", k)) for k, r in before.items() if k not in after),
    )


def diff_reports(old_path: Path, new_path: Path) -> list[str]:
    """Return the lines `reportgen diff` prints: what changed from OLD to NEW."""
    old, since = load_report(old_path)
    new, _ = load_report(new_path)
    changes = compare(old, new, since)
    if changes.empty:
        return ["No changes."]
    out = []
    for c in changes.indicators:
        out.append(f"{c.title} ({c.indicator_id})")
        out += [f"  {line}" for line in c.lines]
    if changes.summary:
        out.append("Summary")
        out += [f"  {line}" for line in changes.summary]
    out += [f"New indicator: {t}" for t in changes.added]
    out += [f"No longer reported: {t}" for t in changes.removed]
    return out
