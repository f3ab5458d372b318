"""Safe YAML loading that remembers the line of every key, and schema errors as Problems."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem, ReportgenError
from .files import read_bounded
from .untrusted import unsafe_character

FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 50_000  # values in one file: a 400-indicator section has about 10,000; stops alias bombs quickly
MAX_DEPTH = 50  # nesting (and aliases inside aliases): a project file needs four or five levels
MAX_BYTES = 5_000_000  # a 400-indicator file is about 200 kB
LinePath = tuple[str | int, ...]
# pydantic names the member of a union it tried (``float``, ``dict[str,float]``) inside a location
_UNION_TAG = re.compile(r"^(float|int|str|bool|none|(dict|list|literal|union|tuple)\[.*\])$")
# The tags plain YAML resolves to; anything else (!!python/object, !!binary, !custom) is refused.
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    f"{_CORE}{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
}
_KIND = {"int": "a whole number", "float": "a number", "bool": "true or false", "timestamp": "a valid date"}


class YamlDocument:
    """A parsed YAML file: its data and the line of each key or list item."""

    def __init__(self, path: Path, display: str, data: Any, lines: dict[LinePath, int]) -> None:
        self.path = path
        self.display = display
        self.data = data
        self.lines = lines

    def line_of(self, loc: LinePath) -> int | None:
        """Return the line of the deepest known element on ``loc``."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def load_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Load one YAML file safely; return the document or the problem that stopped it.

    Only plain values are built (no Python or other tags), nesting is limited before the
    recursive composer sees it, and aliases are counted as they expand, so a hostile file
    fails quickly with one line instead of exhausting memory or the stack.
    """
    try:
        text = read_bounded(path, MAX_BYTES, noun="YAML file").decode("utf-8-sig")
    except ReportgenError as exc:
        return None, [Problem(display, None, "", str(exc))]
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                display,
                None,
                "",
                f"expected UTF-8 text; got a byte {exc.object[exc.start]:#04x} at offset {exc.start}",
            )
        ]
    try:
        try:
            # libyaml (C) when PyYAML has it: ten times faster than the pure-Python parser, which
            # is never run a second time on a bad file (that cost 4 s per MB); _problem words the
            # error the same way whichever parser found it
            too_deep = _check_shape(text, FAST_LOADER)
            node = None if too_deep is not None else yaml.compose(text, Loader=FAST_LOADER)
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" not in str(exc.problem) or exc.problem_mark is None:
                raise
            # libyaml's own limit (1,000 levels), far past ours
            too_deep, node = exc.problem_mark.line + 1, None
        if too_deep is not None:
            return None, [
                Problem(
                    display, too_deep, "", f"expected YAML nested at most {MAX_DEPTH} levels deep; got deeper"
                )
            ]
    except _TooBig:
        return None, [_too_big(display)]
    except yaml.reader.ReaderError as exc:
        at = text[: exc.position].count("\n") + 1
        return None, [
            Problem(display, at, "", f"expected plain text; got the control character U+{exc.character:04X}")
        ]
    except yaml.MarkedYAMLError as exc:
        plain = _in_plain_words(exc, text)
        if plain is not None:
            return None, [Problem(display, plain[0], plain[1], f"expected valid YAML; got {plain[2]}")]
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        return None, [Problem(display, line, "", f"expected valid YAML; got {_problem(exc, text)}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, None, "", f"expected valid YAML; got {' '.join(str(exc).split())}")]
    lines: dict[LinePath, int] = {}
    if node is None:
        return YamlDocument(path, display, None, {(): 1}), []
    builder = _Builder(lines)
    try:
        data = builder.build(node, ())
    except _DuplicateKey as dup:
        return None, [
            Problem(
                display,
                dup.line,
                dup.key,
                f"expected each key once in a mapping; got {dup.key!r} again (first on line {dup.first})",
            )
        ]
    except _TooBig:
        return None, [_too_big(display)]
    except _Refused as refused:
        return None, [Problem(display, refused.line, refused.field, refused.message)]
    lines[()] = node.start_mark.line + 1
    return YamlDocument(path, display, data, lines), []


# "title: ..." or "- title: ..." at the start of a line: the key a broken value belongs to
_KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"][^:#]*?)\s*:(?:\s|$)")
_KEY_CHARS = 200  # a key is short: the pattern never sees a long line (it would backtrack on spaces)
_CANNOT_START = re.compile(r"^found character '(.+)' that cannot start any token$")


def _in_plain_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str] | None:
    """Return (line, field, what was found) for the slips officers make, or None to keep pyyaml's words.

    pyyaml says "found character '%' that cannot start any token"; the officer needs to hear
    that a value starting with % must be in quotes.
    """
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    problem = _problem(exc, text)
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        opened = exc.context_mark  # where the quote opens: the end of the file says nothing
        line = lines[opened.line] if opened.line < len(lines) else ""
        quote = line[opened.column : opened.column + 1] or '"'
        return opened.line + 1, _key(line), f"a {quote} that is never closed (end the value with {quote})"
    line = lines[mark.line] if mark.line < len(lines) else ""
    field = _key(line)
    if (found := _CANNOT_START.match(problem)) is not None:
        char = found.group(1)
        if char == "\\t":
            where = "in the indentation" if not line[: mark.column].strip() else "where YAML expects spaces"
            return mark.line + 1, field, f"a tab {where} (indent with spaces)"
        if char in ("%", "@", "`"):
            return (
                mark.line + 1,
                field,
                f"a value starting with {char}, which must be in quotes: {_quoted(line[mark.column :])}",
            )
        return None
    if problem == "mapping values are not allowed here":
        key = _KEY_ON_LINE.match(line[:_KEY_CHARS])
        value = line[key.end() :] if key is not None else line[: mark.column]
        return (
            mark.line + 1,
            field,
            f"a colon and a space inside a value, which must then be in quotes: {_quoted(value)}",
        )
    block_ends = (
        problem.startswith("expected <block end>, but found") or problem == "did not find expected key"
    )
    if block_ends and exc.context_mark is not None:
        key = _KEY_ON_LINE.match(line[:_KEY_CHARS])
        value = line[key.end() :].strip() if key is not None else ""
        if value[:1] in ("'", '"'):
            return (
                mark.line + 1,
                field,
                f"text after a closing quote: {_short(value, 40)} (quote the whole value)",
            )
    return None


def _key(line: str) -> str:
    found = _KEY_ON_LINE.match(line[:_KEY_CHARS])
    return found.group("key") if found is not None else ""


def _quoted(value: str) -> str:
    """Return a value as it would be written in quotes, cut for a message."""
    value = _short(value.strip(), 40)
    return f"'{value}'" if '"' in value else f'"{value}"'


def _check_shape(text: str, loader: Any) -> int | None:
    """Return the line where nesting first passes MAX_DEPTH, reading events (which never recurse).

    Raise _TooBig past MAX_NODES values, before the composer builds a node for each of them.
    """
    depth = count = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_NODES:
                raise _TooBig
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark.line + 1 if event.start_mark is not None else 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Word a parser's problem the same way for libyaml and pure-Python PyYAML.

    Files are parsed by libyaml when PyYAML has it; a bad file is not read again in pure
    Python (that cost 4 s per MB), so libyaml's few different wordings of the problems the
    plain-words reader knows are given PyYAML's (libyaml leaves out the character a token
    cannot start with; it is read back from the mark).
    """
    what = " ".join((exc.problem or "malformed YAML").split())
    mark = exc.problem_mark
    if what == "found character that cannot start any token" and mark is not None and mark.index < len(text):
        return f"found character {text[mark.index]!r} that cannot start any token"
    return _LIBYAML_WORDS.get(what, what)


_LIBYAML_WORDS = {
    "found a tab character that violates indentation": "found character '\\t' that cannot start any token",
    "mapping values are not allowed in this context": "mapping values are not allowed here",
}


class _TooBig(Exception):
    pass


def _too_big(display: str) -> Problem:
    return Problem(
        display,
        None,
        "",
        f"expected a YAML file of at most {MAX_NODES:,} values (aliases expanded); got more",
    )


class _Refused(Exception):
    """A node the builder will not turn into a value, with where it is."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


class _Builder:
    def __init__(self, lines: dict[LinePath, int]) -> None:
        self.lines = lines
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, loc: LinePath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig

        def line() -> int:
            return int(node.start_mark.line) + 1

        def field() -> str:
            return next((str(p) for p in reversed(loc) if isinstance(p, str)), "")

        if len(loc) > MAX_DEPTH:  # an alias inside itself, which events cannot see
            raise _Refused(
                line(), field(), f"expected YAML nested at most {MAX_DEPTH} levels deep; got deeper"
            )
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace(_CORE, "!!")
            raise _Refused(line(), field(), f"expected plain YAML values; got the tag {tag!r}")
        if isinstance(node, yaml.MappingNode):
            try:
                self.constructor.flatten_mapping(node)
            except yaml.MarkedYAMLError as exc:
                raise _Refused(
                    line(), field(), f"expected valid YAML; got {' '.join(str(exc.problem).split())}"
                ) from None
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(
                        key_node.start_mark.line + 1,
                        field(),
                        "expected plain keys; got a list or mapping as a key",
                    )
                key = self.build(key_node, loc)
                self.count -= 1  # a key is not a value
                key = "" if key is None else str(key)
                # YAML keeps the last of two equal keys; an officer meant one of them
                if key in out:
                    raise _DuplicateKey(key, key_node.start_mark.line + 1, self.lines[loc + (key,)])
                self.lines[loc + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[loc + (i,)] = item.start_mark.line + 1
                items.append(self.build(item, loc + (i,)))
            return items
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, KeyError, OverflowError):
            # 2023-13-45, !!int "abc", a 5,000-digit number: the resolver took them for values they are not
            kind = _KIND.get(node.tag.removeprefix(_CORE), "a valid value")
            raise _Refused(line(), field(), f"expected {kind}; got {_short(node.value)!r}") from None
        if isinstance(value, str):
            unsafe = unsafe_character(value)
            if unsafe is not None:
                raise _Refused(line(), field(), f"expected plain text; got {unsafe}")
        return value


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def schema_problems(
    exc: ValidationError, doc: YamlDocument, model: type[BaseModel] | None = None, prefix: LinePath = ()
) -> list[Problem]:
    """Turn pydantic's errors into one located Problem each."""
    problems = []
    errors = exc.errors()
    # A misspelt key also makes its real name "missing": report the misspelling only.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden" and model is not None:
            parent = tuple(err["loc"])[:-1]
            known = _known_keys(model, parent)
            for hint in difflib.get_close_matches(str(err["loc"][-1]), known, n=1):
                misspelt.add(parent + (hint,))
    # A value that fits no member of a union (target: a number or a mapping) fails once per
    # member: keep the member the officer evidently meant (the one that failed deeper inside),
    # else merge the expectations into one line.
    by_base: dict[LinePath, list[Any]] = {}
    for err in errors:
        by_base.setdefault(_union_base(tuple(err["loc"])), []).append(err)
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in misspelt:
            continue
        loc = tuple(err["loc"])
        base = _union_base(loc)
        siblings = by_base[base]
        if len(siblings) > 1 and base != loc:
            deeper = [e for e in siblings if len(tuple(e["loc"])) > len(base) + 1]
            if deeper and err not in deeper:
                continue
            if not deeper:
                if err is not siblings[0]:
                    continue
                loc = prefix + loc
                expected = " or ".join(
                    dict.fromkeys(_expected(_message(dict(e), doc, loc), loc) for e in siblings)
                )
                problems.append(
                    Problem(
                        doc.display,
                        doc.line_of(loc),
                        _field_name(loc),
                        f"expected {expected}; got {_got(err.get('input'))}",
                    )
                )
                continue
        loc = prefix + loc
        field = _field_name(loc)
        line = doc.line_of(loc)
        detail: dict[str, Any] = dict(err)
        if err["type"] == "extra_forbidden" and model is not None:
            detail["ctx"] = {"known": _known_keys(model, tuple(err["loc"])[:-1])}
        problems.append(Problem(doc.display, line, field, _message(detail, doc, loc)))
    problems.sort(key=lambda p: p.location if isinstance(p.location, int) else 0)
    return problems


def _union_base(loc: LinePath) -> LinePath:
    """Return the location up to the union member pydantic tried, or ``loc`` itself."""
    for i, part in enumerate(loc):
        if isinstance(part, str) and _UNION_TAG.match(part):
            return loc[:i]
    return loc


def _expected(message: str, loc: LinePath) -> str:
    """Return the 'a number' of 'expected a number; got ...'."""
    what = message.removeprefix("expected ").split("; got ")[0]
    names = [str(p) for p in loc if not isinstance(p, int) and not _UNION_TAG.match(str(p))]
    by_year = names[-1:] == ["target"] or names[-2:-1] == ["comparators"]
    if by_year and what == "a mapping of keys to values":
        what = "a mapping of financial year to number"
    return what


def _known_keys(model: type[BaseModel], loc: LinePath) -> list[str]:
    """Return the field names allowed at ``loc`` inside ``model``."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        ann = field.annotation
        # unwrap list[X] / X | None to the model inside
        for _ in range(3):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                break
            if not args:
                break
            ann = args[0]
        current = ann
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _field_name(loc: LinePath) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    # pydantic appends the union member tried ("float", "dict[str,float]"): drop those
    names = [n for n in names if not _UNION_TAG.match(n)]
    # keys inside a mapping field are named with it: target.2023-24, comparators.national.2022-23
    for i in range(len(names) - 2, -1, -1):
        if names[i] in ("comparators", "target", "style", "branding"):
            return ".".join(names[i:])
    return names[-1] if names else ""


def _got(value: Any) -> str:
    if isinstance(value, str):
        return repr(_short(value))  # cut as the builder cuts a value it refuses
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        # YAML 1.1's base 60 (1:0:0:...) makes whole numbers past what Python will print
        return f"a whole number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _message(err: Any, doc: YamlDocument, loc: LinePath) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = ctx.get("known") or []
        hint = difflib.get_close_matches(key, known, n=1)
        suffix = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"expected a known key; got unknown key {key!r}{suffix}"
    if kind == "missing":
        return "expected a value; the field is missing"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        hint = difflib.get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        suffix = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"expected one of {', '.join(options)}; got {_got(value)}{suffix}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        what = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {what}; got {_got(value)}"
    if kind in ("string_type",):
        return f"expected text; got {_got(value)}"
    if kind == "string_too_long":
        return f"expected at most {ctx.get('max_length', 0):,} characters; got {len(str(value)):,}"
    if kind == "finite_number":
        return f"expected a finite number; got {_got(value)}"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of keys to values; got {_got(value)}"
    if kind == "list_type":
        return f"expected a list; got {_got(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    msg = err["msg"]
    return f"{msg[:1].lower()}{msg[1:]}; got {_got(value)}"
