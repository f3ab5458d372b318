"""Safe YAML loading that remembers the line of every key, and schema errors as Problems."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Problem

MAX_NODES = 200_000  # far beyond any real project; stops alias bombs quickly
LinePath = tuple[str | int, ...]
# pydantic names the member of a union it tried (``float``, ``dict[str,float]``) inside a location
_UNION_TAG = re.compile(r"^(float|int|str|bool|none|(dict|list|literal|union|tuple)\[.*\])$")


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
    """Load one YAML file safely; return the document or the problem that stopped it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                display,
                None,
                "",
                f"expected UTF-8 text; got a byte {exc.object[exc.start]:#04x} at offset {exc.start}",
            )
        ]
    except OSError as exc:
        return None, [Problem(display, None, "", f"cannot read the file: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or "malformed YAML").strip()
        return None, [Problem(display, line, "", f"expected valid YAML; got {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, None, "", f"expected valid YAML; got {exc}")]
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
        return None, [
            Problem(
                display,
                None,
                "",
                f"expected a YAML file of at most {MAX_NODES:,} values (aliases expanded); got more",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(display, None, "", f"expected plain YAML values; got {exc}")]
    lines[()] = node.start_mark.line + 1
    return YamlDocument(path, display, data, lines), []


class _TooBig(Exception):
    pass


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
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node)
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
        return self.constructor.construct_object(node)


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
        return repr(value)
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
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of keys to values; got {_got(value)}"
    if kind == "list_type":
        return f"expected a list; got {_got(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    msg = err["msg"]
    return f"{msg[:1].lower()}{msg[1:]}; got {_got(value)}"
