"""`reportgen harvest`: read a reviewed Word draft back into the project.

The reviewer's commentary (the content controls tagged ``commentary:<id>``) goes into
``commentary/<period>.yaml``, rewritten round trip so its other entries, comments and order stay;
Word comments go into ``review/<period>-comments.md`` for the officer. Generated paragraphs are
locked controls (``narrative:<id>``): an edit to one is reported, never adopted. The document is
untrusted input: its zip is bounded and its XML parsed without DTDs before anything is read.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .briefing import COMMENTARY_LABEL, GENERATED_LABEL, Commentary, walk
from .commentary import FOLDER as COMMENTARY_FOLDER
from .commentary import commentary_file_name
from .diff import quote, word_changes
from .errors import Refusal, ReportgenError
from .formatting import long_date
from .indicators import MAX_TEXT
from .periods import Period
from .project import Project, latest_period, load_project, resolve_period
from .render.docx import (
    COMMENTARY_TAG,
    NARRATIVE_TAG,
    ORIGINALS_NS,
    PROPERTY_AUTHORITY,
    PROPERTY_PERIOD,
    PROPERTY_TITLE,
)
from .tables import check_package
from .untrusted import unsafe_character

REVIEW_FOLDER = "review"
MAX_PART_BYTES = 50_000_000  # one XML part of the document; a 400-indicator draft's body is about 3 MB
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
# A control's alias ends with its indicator's id: LibreOffice 7.4 keeps the alias but drops the tag.
_ALIAS_ID = re.compile(r" \[([A-Za-z0-9_.-]+)\]\Z")
_CHANGES = {f"{W}ins": "inserted", f"{W}del": "deleted", f"{W}moveFrom": "moved", f"{W}moveTo": "moved"}


# -- reading the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackedChange:
    """A tracked insertion, deletion or move, with its author and the words it touches."""

    kind: str
    author: str
    text: str


@dataclass(frozen=True)
class Control:
    """A commentary box or a generated paragraph, as the reviewer left it."""

    kind: str  # commentary or narrative
    indicator_id: str
    accepted: str  # its text with every tracked change accepted
    changes: tuple[TrackedChange, ...]
    placeholder: bool  # still showing its placeholder: nothing was typed
    locked: bool


@dataclass(frozen=True)
class ReviewComment:
    """A Word comment: who wrote it, when, on what words, under which heading."""

    author: str
    date: str
    text: str
    anchor: str  # the words it is attached to
    heading: str  # the heading it sits under
    control: str | None  # "commentary" or "generated text" of an indicator, when inside one


@dataclass(frozen=True)
class Reviewed:
    """Everything harvest reads from a reviewed draft."""

    properties: dict[str, str]
    controls: tuple[Control, ...]
    comments: tuple[ReviewComment, ...]
    originals: dict[str, str]  # indicator id -> the generated paragraph as built
    changes_elsewhere: int  # tracked changes outside the commentary boxes and generated paragraphs


def _parser() -> Any:
    from lxml import etree

    # no DTD, no entities, no network, no huge trees: check_package has refused a DTD already
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


class _Package:
    """The parts of a bounded, DTD-free OOXML zip, read one at a time with a size cap."""

    def __init__(self, path: Path) -> None:
        self.archive = zipfile.ZipFile(path)
        self.names = {i.filename: i for i in self.archive.infolist()}

    def xml(self, name: str) -> Any | None:
        from lxml import etree

        info = self.names.get(name)
        if info is None:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise ReportgenError(
                f"expected parts of at most {MAX_PART_BYTES:,} bytes; got {name} at {info.file_size:,}"
            )
        with self.archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
        try:
            return etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            raise ReportgenError(f"expected well-formed XML in {name}; got {exc}") from None

    def related(self, source: str, reltype: str) -> str | None:
        """Return the part ``source`` relates to by ``reltype`` ('' is the package itself)."""
        folder = PurePosixPath(source).parent
        rels = self.xml(f"{folder}/_rels/{PurePosixPath(source).name}.rels" if source else "_rels/.rels")
        if rels is None:
            return None
        for rel in rels.iter(f"{_RELS}Relationship"):
            if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                joined = PurePosixPath(target.lstrip("/")) if target.startswith("/") else folder / target
                parts: list[str] = []
                for piece in joined.parts:
                    if piece == "..":
                        if parts:
                            parts.pop()
                    elif piece not in (".", ""):
                        parts.append(piece)
                return "/".join(parts)
        return None


def read_reviewed(path: Path) -> Reviewed:
    """Read a reviewed draft: its properties, controls, comments and the generated text as built."""
    check_package(path, "Word document")
    try:
        package = _Package(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ReportgenError(f"expected a readable Word document; got {type(exc).__name__}: {exc}") from None
    with package.archive:
        main = package.related("", _OFFICE_DOCUMENT) or "word/document.xml"
        document = package.xml(main)
        if document is None or document.find(f"{W}body") is None:
            raise ReportgenError("expected a Word document; got a file without one")
        props_part = package.related("", _CUSTOM_PROPERTIES) or "docProps/custom.xml"
        properties = _custom_properties(package.xml(props_part))
        comments_part = package.related(main, _COMMENTS)
        comment_texts = _comment_texts(package.xml(comments_part) if comments_part else None)
        styles_part = package.related(main, _STYLES)
        headings = _heading_styles(package.xml(styles_part) if styles_part else None)
        originals: dict[str, str] = {}
        for name in sorted(package.names):
            if re.fullmatch(r"customXml/item\d+\.xml", name):
                root = package.xml(name)
                if root is not None and root.tag == f"{{{ORIGINALS_NS}}}originals":
                    originals = {n.get("id", ""): n.text or "" for n in root if n.get("id")}
    controls, anchors, elsewhere = _walk_body(document.find(f"{W}body"), headings)
    order = {cid: n for n, cid in enumerate(anchors)}  # the order they sit in the document
    comments = tuple(
        ReviewComment(author, date, text, *anchors.get(cid, ("", "", None)))
        for cid, (author, date, text) in sorted(
            comment_texts.items(), key=lambda item: order.get(item[0], len(order))
        )
    )
    return Reviewed(properties, tuple(controls), comments, originals, elsewhere)


def _custom_properties(root: Any | None) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for prop in root.iter(f"{_CUSTOM}property"):
        value = next((child.text or "" for child in prop), "")
        out[prop.get("name", "")] = value
    return out


def _comment_texts(root: Any | None) -> dict[str, tuple[str, str, str]]:
    if root is None:
        return {}
    out = {}
    for comment in root.iter(f"{W}comment"):
        paragraphs = [_plain(p) for p in comment.iter(f"{W}p")]
        out[comment.get(f"{W}id", "")] = (
            comment.get(f"{W}author", "") or "Unknown reviewer",
            _date(comment.get(f"{W}date", "")),
            " ".join(" ".join(p for p in paragraphs if p).split()),
        )
    return out


def _date(value: str) -> str:
    try:
        return long_date(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date())
    except ValueError:
        return ""


def _heading_styles(root: Any | None) -> set[str]:
    """Return the ids of the paragraph styles that are headings (or the title)."""
    found = {"Title", *(f"Heading{n}" for n in range(1, 10))}
    if root is not None:
        for style in root.iter(f"{W}style"):
            name = style.find(f"{W}name")
            label = (name.get(f"{W}val", "") if name is not None else "").lower()
            if label == "title" or re.fullmatch(r"heading \d", label):
                found.add(style.get(f"{W}styleId", ""))
    return found


def _plain(node: Any) -> str:
    """Return a node's text as shown: deleted text left out, tabs and breaks as spaces."""
    out = []
    for el in node.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if _deleted(el):
            continue
        out.append(el.text or "" if el.tag == f"{W}t" else " ")
    return "".join(out)


def _deleted(el: Any) -> bool:
    return any(a.tag in (f"{W}del", f"{W}moveFrom") for a in el.iterancestors())


def _identify(sdt: Any) -> tuple[str, str, bool, bool] | None:
    """Return (kind, indicator id, placeholder, locked) of one of our controls, or None."""
    props = sdt.find(f"{W}sdtPr")
    if props is None:
        return None
    tag = props.find(f"{W}tag")
    alias = props.find(f"{W}alias")
    tag_text = tag.get(f"{W}val", "") if tag is not None else ""
    alias_text = alias.get(f"{W}val", "") if alias is not None else ""
    kind = indicator_id = None
    for prefix, name in ((COMMENTARY_TAG, "commentary"), (NARRATIVE_TAG, "narrative")):
        if tag_text.startswith(prefix):
            kind, indicator_id = name, tag_text.removeprefix(prefix)
    found = _ALIAS_ID.search(alias_text)
    if kind is None and found is not None:
        for label, name in ((COMMENTARY_LABEL, "commentary"), (GENERATED_LABEL, "narrative")):
            if alias_text.startswith(f"{label}: "):
                kind, indicator_id = name, found.group(1)
    if kind is None or not indicator_id:
        return None
    lock = props.find(f"{W}lock")
    locked = lock is not None and lock.get(f"{W}val") in ("sdtContentLocked", "contentLocked")
    return kind, indicator_id, props.find(f"{W}showingPlcHdr") is not None, locked


def _walk_body(
    body: Any, heading_styles: set[str]
) -> tuple[list[Control], dict[str, tuple[str, str, str | None]], int]:
    """Walk the body once: the controls, where each comment is anchored, and other tracked changes."""
    from lxml import etree

    controls: list[Control] = []
    anchors: dict[str, tuple[str, str, str | None]] = {}
    open_ranges: dict[str, list[str]] = {}
    heading = ""
    current: tuple[str, str] | None = None  # (kind, id) of the control we are in
    elsewhere = 0
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if tag == f"{W}sdt":
            found = _identify(el)
            if found is None:
                continue
            if event == "start":
                current = (found[0], found[1])
                controls.append(_control(el, *found))
            else:
                current = None
        elif event == "start" and tag == f"{W}p":
            style = el.find(f"{W}pPr/{W}pStyle")
            if style is not None and style.get(f"{W}val") in heading_styles:
                heading = " ".join(_plain(el).split())
        elif event == "start" and tag in _CHANGES and current is None:
            elsewhere += 1
        elif event == "start" and tag in (f"{W}commentRangeStart", f"{W}commentReference"):
            cid = el.get(f"{W}id", "")
            if cid not in anchors:
                where = None
                if current is not None:
                    kind, indicator_id = current
                    where = f"{'commentary' if kind == 'commentary' else 'generated text'} of {indicator_id}"
                anchors[cid] = ("", heading, where)
                if tag == f"{W}commentRangeStart":
                    open_ranges[cid] = []
        elif event == "start" and tag == f"{W}commentRangeEnd":
            words = open_ranges.pop(el.get(f"{W}id", ""), None)
            if words is not None:
                cid = el.get(f"{W}id", "")
                _, head, where = anchors[cid]
                anchors[cid] = (" ".join("".join(words).split()), head, where)
        elif event == "start" and tag in (f"{W}t", f"{W}tab") and open_ranges and not _deleted(el):
            for words in open_ranges.values():
                words.append(el.text or "" if tag == f"{W}t" else " ")
    return controls, anchors, elsewhere


def _control(sdt: Any, kind: str, indicator_id: str, placeholder: bool, locked: bool) -> Control:
    content = sdt.find(f"{W}sdtContent")
    if content is None:
        return Control(kind, indicator_id, "", (), True, locked)
    changes = []
    for el in content.iter(*_CHANGES):
        words = "".join(t.text or "" for t in el.iter(f"{W}t", f"{W}delText"))
        changes.append(TrackedChange(_CHANGES[el.tag], el.get(f"{W}author", "") or "Unknown reviewer", words))
    paragraphs = [_plain(p) for p in content.iter(f"{W}p")] or [_plain(content)]
    text = " ".join(" ".join(paragraphs).split())
    # LibreOffice drops showingPlcHdr and keeps the placeholder's words as text
    empty = placeholder or (kind == "commentary" and text == COMMENTARY_LABEL)
    return Control(kind, indicator_id, "" if empty else text, tuple(changes), empty, locked)


# -- harvesting into the project --------------------------------------------------------------------


@dataclass
class Outcome:
    """What a harvest did: a line per change, and the files it wrote."""

    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def harvest(
    root: Path, docx_path: Path, period_text: str | None = None, accept_changes: bool = False
) -> Outcome:
    """Read a reviewed draft into the project's commentary and review notes; refuse a draft of anything else."""
    from .pipeline import make_briefing

    root = root.resolve()
    name = docx_path.name
    reviewed = read_reviewed(docx_path)
    project = load_project(root)
    period = resolve_period(project, period_text) if period_text else latest_period(project)
    _check_origin(reviewed, project, period, name, explicit=period_text is not None)
    briefing = make_briefing(project, period, with_charts=False)
    built = {n.indicator_id: n.text or "" for n in walk(briefing.parts) if isinstance(n, Commentary)}
    titles = {n.indicator_id: n.title for n in walk(briefing.parts) if isinstance(n, Commentary)}

    commentary = [c for c in reviewed.controls if c.kind == "commentary"]
    pending = [(c, t) for c in commentary for t in c.changes]
    if pending and not accept_changes:
        n = len(pending)
        raise Refusal(
            f"{name}: accept or reject the {n} tracked change{'s' if n != 1 else ''} in the commentary "
            "first, or harvest with --accept-changes to take them as accepted; nothing was written",
            [
                f"{name}: commentary of {c.indicator_id}: {t.kind} {quote(t.text)} by {t.author}"
                for c, t in pending
            ],
        )
    for c in commentary:
        unsafe = unsafe_character(c.accepted)
        if unsafe is not None:
            raise ReportgenError(f"{name}: commentary of {c.indicator_id}: expected plain text; got {unsafe}")
        if len(c.accepted) > MAX_TEXT:
            raise ReportgenError(
                f"{name}: commentary of {c.indicator_id}: expected at most {MAX_TEXT:,} characters; "
                f"got {len(c.accepted):,}"
            )

    folder = root / COMMENTARY_FOLDER
    yaml_path = _commentary_path(folder, period)
    entries = _RoundTrip(yaml_path)
    outcome = Outcome()
    changed = 0
    for c in commentary:
        if c.indicator_id not in built:
            outcome.lines.append(f"{c.indicator_id}: not adopted: no indicator with this id in the project")
            continue
        new, old = c.accepted, " ".join(built[c.indicator_id].split())
        if new == old:
            continue
        if c.indicator_id not in entries and old:
            where = _note_source(project, c.indicator_id, built[c.indicator_id])
            outcome.lines.append(
                f"{c.indicator_id}: not adopted: the reviewed commentary differs from the note in {where}; "
                "change it there, or delete that note and harvest again"
            )
            continue
        verb = "added" if not old else "removed" if not new else "changed"
        entries.set(c.indicator_id, new)
        changed += 1
        words = len(new.split())
        outcome.lines.append(
            f"{c.indicator_id}: commentary {verb}"
            + (f" ({words} word{'s' if words != 1 else ''})" if new else "")
        )
    for c in reviewed.controls:
        if c.kind != "narrative":
            continue
        original = reviewed.originals.get(c.indicator_id)
        if original is None or " ".join(original.split()) == c.accepted:
            continue
        outcome.lines.append(
            f"{c.indicator_id}: the generated text was edited ({word_changes(original, c.accepted)}); "
            "not adopted: it is rewritten at every build (put the words in the commentary)"
        )
    if reviewed.changes_elsewhere:
        n = reviewed.changes_elsewhere
        outcome.lines.append(
            f"{name}: {n} tracked change{'s' if n != 1 else ''} outside the commentary boxes not adopted "
            "(generated text is rewritten at every build)"
        )

    display = yaml_path.relative_to(root).as_posix()
    if changed and entries.write():
        outcome.written.append(yaml_path)
        outcome.lines.append(f"{display}: {changed} indicator{'s' if changed != 1 else ''} changed")
    else:
        outcome.lines.append(f"{display}: unchanged")
    notes_path = root / REVIEW_FOLDER / f"{period.code.replace(' ', '-')}-comments.md"
    notes_display = notes_path.relative_to(root).as_posix()
    if reviewed.comments:
        text = comments_markdown(reviewed.comments, briefing.document_title, name, titles)
        count = len(reviewed.comments)
        if notes_path.is_file() and notes_path.read_text(encoding="utf-8") == text:
            outcome.lines.append(f"{notes_display}: unchanged ({count} comment{'s' if count != 1 else ''})")
        else:
            _write_atomic(notes_path, text)
            outcome.written.append(notes_path)
            outcome.lines.append(f"{notes_display}: {count} comment{'s' if count != 1 else ''}")
    else:
        outcome.lines.append(f"{name}: no comments")
    return outcome


def _check_origin(reviewed: Reviewed, project: Project, period: Period, name: str, explicit: bool) -> None:
    """Refuse a document not built by reportgen from this project, or built for another period."""
    props = reviewed.properties
    sep = project.config.style.year_separator
    if PROPERTY_PERIOD not in props:
        raise ReportgenError(
            f"{name}: expected a draft built by reportgen, whose document properties name its project "
            "and period; got a document without them"
        )
    config = project.config
    if (props.get(PROPERTY_AUTHORITY), props.get(PROPERTY_TITLE)) != (config.authority, config.title):
        raise ReportgenError(
            f"{name}: expected a draft of {config.title!r} for {config.authority}; got one of "
            f"{props.get(PROPERTY_TITLE, '')!r} for {props.get(PROPERTY_AUTHORITY, '')}"
        )
    if props[PROPERTY_PERIOD] != period.code:
        why = "the period asked for" if explicit else "the latest period with data; give --period for another"
        raise ReportgenError(
            f"{name}: expected a draft for {period.long_label(sep)} ({why}); got a draft for "
            f"{_label(props[PROPERTY_PERIOD], project)}"
        )


def _label(code: str, project: Project) -> str:
    from .periods import parse_period

    try:
        return parse_period(code, project.config.financial_year_start).long_label(
            project.config.style.year_separator
        )
    except ReportgenError:
        return repr(code)


def _note_source(project: Project, indicator_id: str, text: str) -> str:
    """Return where a commentary that is not in the commentary file came from (a data file's note)."""
    for obs in project.data.get(indicator_id).observations:
        if obs.note is not None and " ".join(obs.note.split()) == " ".join(text.split()):
            return obs.source
    return "the data files"


def _commentary_path(folder: Path, period: Period) -> Path:
    path = folder / commentary_file_name(period)
    other = path.with_suffix(".yml")
    return other if not path.exists() and other.is_file() else path


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Return untrusted text safe to print in Markdown: specials escaped, controls replaced."""
    clean = "".join("\ufffd" if unsafe_character(ch) else ch for ch in text)
    return _MARKDOWN.sub(r"\\\1", " ".join(clean.split()))


def comments_markdown(
    comments: tuple[ReviewComment, ...], title: str, source: str, titles: dict[str, str]
) -> str:
    """Return the review comments as Markdown for the officer, grouped by the heading they sit under."""
    lines = [
        f"# Review comments: {_md(title)}",
        "",
        f"{len(comments)} comment{'s' if len(comments) != 1 else ''} from {_md(source)}.",
    ]
    heading: str | None = None
    for c in comments:
        if c.heading != heading:
            heading = c.heading
            lines += ["", f"## {_md(heading) if heading else 'Before the first heading'}", ""]
        where = ""
        if c.control is not None:
            kind, _, indicator_id = c.control.partition(" of ")
            title = titles.get(indicator_id, indicator_id)
            where = f" (in the {kind})" if title == heading else f" (in the {kind} of {_md(title)})"
        anchor = c.anchor if len(c.anchor) <= 80 else c.anchor[:80].rsplit(" ", 1)[0] + "…"
        on = f" on “{_md(anchor)}”" if anchor else ""
        when = f", {c.date}" if c.date else ""
        lines.append(f"- **{_md(c.author)}**{when}{where}{on}: {_md(c.text)}")
    return "\n".join(lines) + "\n"


class _RoundTrip:
    """A commentary file edited round trip: other entries, comments and order kept."""

    def __init__(self, path: Path) -> None:
        from ruamel.yaml import YAML

        self.path = path
        self.yaml = YAML()  # round trip
        self.yaml.preserve_quotes = True
        self.yaml.width = 88
        self.data: Any = None
        if path.is_file():
            # load_project has read this file already with its bounds (size, depth, aliases)
            text = path.read_text(encoding="utf-8")
            self.yaml.indent(**_indents(text))  # rewritten lines keep the officer's indentation
            self.data = self.yaml.load(text)
        if self.data is None:
            from ruamel.yaml.comments import CommentedMap

            self.data = CommentedMap()
        self.touched = False

    def __contains__(self, key: str) -> bool:
        """Say whether the file holds text for an indicator (an entry of questions alone holds none)."""
        entry = self.data.get(key)
        return isinstance(entry, str) or (isinstance(entry, dict) and "text" in entry)

    def set(self, key: str, text: str) -> None:
        """Set an indicator's text; an entry written as a mapping keeps its questions."""
        self.touched = True
        entry = self.data.get(key)
        if isinstance(entry, dict):  # {text: ..., questions: [...]}
            if text:
                entry["text"] = _restyled(entry.get("text"), text)
            else:
                entry.pop("text", None)
                if not entry.get("questions"):
                    self.data.pop(key, None)
            return
        if not text:
            self.data.pop(key, None)
            return
        self.data[key] = _restyled(entry, text)

    def write(self) -> bool:
        if not self.touched:
            return False
        if not self.path.exists():
            self.data.yaml_set_start_comment(
                "Officer commentary: indicator id -> text (written by reportgen harvest)."
            )
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue()
        self._check(text)
        _write_atomic(self.path, text)
        return True

    def _check(self, text: str) -> None:
        """Check the file reads back as the texts meant, before it replaces the old one."""
        import yaml

        from .yaml_source import FAST_LOADER

        back = yaml.load(text, Loader=FAST_LOADER) or {}  # as the next build will read it
        for key, value in self.data.items():
            wanted, got = value, back.get(key)
            if isinstance(value, dict):
                wanted, got = value.get("text"), got.get("text") if isinstance(got, dict) else None
            if isinstance(wanted, str) and got != str(wanted):
                raise RuntimeError(f"commentary for {key} would not read back as written")


def _indents(text: str) -> dict[str, int]:
    """Guess a YAML file's indentation: its mappings', its lists' and the offset of their dashes."""
    from ruamel.yaml.util import load_yaml_guess_indent

    nested = [
        len(line) - len(line.lstrip(" "))
        for line in text.splitlines()
        if line.startswith(" ") and line.strip() and not line.lstrip().startswith(("#", "-"))
    ]
    mapping = min(nested, default=2)
    _, sequence, offset = load_yaml_guess_indent(text)
    if sequence is None or offset is None:
        return {"mapping": mapping, "sequence": mapping + 2, "offset": 2}
    return {"mapping": mapping, "sequence": sequence, "offset": offset}


def _restyled(old: object, text: str) -> str:
    """Return new text in the old text's style: plain stays plain, folded folded, quoted quoted."""
    from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

    if isinstance(old, ScalarString):
        return type(old)(text)
    if isinstance(old, str):
        return text  # a plain scalar stays plain, so the comments after it stay put
    return FoldedScalarString(text)


def _write_atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all: a new file beside it, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
