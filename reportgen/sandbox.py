"""The Jinja2 sandbox every officer's template runs in (report.html.j2, an indicator's ``template:``).

Jinja2's own sandbox stops a template reaching the machine (no ``__class__``, no ``os``); this one
also stops it asking for more than any report needs in one step: ``'x' * 10**12``, ``10**10**9``,
``'%999999999s' % x`` or ``'x'.ljust(10**9)`` is refused in one line instead of filling memory or
computing for hours. What a whole template writes is bounded too (render_bounded), so a loop of
bounded pieces (``range(10**5)`` times ``center(10**5)``) stops at the bound instead of filling
memory. A template can still loop for a while; it cannot make a huge value or a huge document.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_SIZE = 100_000  # characters or items one operation may make: a whole paragraph is under 2,000
MAX_SENTENCES = 100_000  # characters an indicator's sentence template may write
MAX_DOCUMENT = 100_000_000  # characters report.html.j2 may write: 400 indicators with charts are 25 MB
MAX_BITS = 100_000  # of a whole number a power may make (30,000 digits)
_PADDING = {"ljust", "rjust", "center", "zfill", "expandtabs"}  # str methods that grow by an argument
_WIDE_FORMAT = re.compile(r"[%{][^%{}]*?\d{7,}")  # a width or precision of a million or more


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox with a bound on what one operator, format or padding call can make."""

    # intercepted, these are also never folded into constants when the template is compiled
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError(f"a format width of a million or more is refused; got {left[:40]!r}")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format in a function
        text, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
        if isinstance(text, str):
            if name in _PADDING and any(_big(a) for a in (*args, *kwargs.values())):
                raise SecurityError(f"str.{name} to a width of more than {MAX_SIZE:,} is refused")
            if name in ("format", "format_map") and _WIDE_FORMAT.search(text):
                raise SecurityError(f"a format width of a million or more is refused; got {text[:40]!r}")
        return super().call(__context, __obj, *args, **kwargs)


def _big(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE


def _check_repeat(sequence: object, times: object) -> None:
    if isinstance(sequence, str | list | tuple) and isinstance(times, int) and not isinstance(times, bool):
        if len(sequence) * times > MAX_SIZE:
            raise SecurityError(
                f"repeating {type(sequence).__name__} {times:,} times is refused (more than {MAX_SIZE:,} items)"
            )


def _check_power(base: object, exponent: object) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        if exponent * math.log2(abs(base)) > MAX_BITS:
            raise SecurityError(f"a power of more than {MAX_BITS:,} bits is refused")


def _bounded(filter_: Callable[..., Any], position: int, name: str) -> Callable[..., Any]:
    """Return a filter refusing a width argument (at ``position`` after the value) over MAX_SIZE."""

    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if any(_big(a) for a in (*args[position : position + 1], *kwargs.values())):
            raise SecurityError(f"the {name} filter to a width of more than {MAX_SIZE:,} is refused")
        return filter_(value, *args, **kwargs)

    return checked


def sandbox(**options: Any) -> SandboxedEnvironment:
    """Return a sandboxed Jinja2 environment with these options, bounded as described above."""
    env = _Sandbox(**options)
    for name in ("center", "indent", "wordwrap", "truncate"):
        env.filters[name] = _bounded(env.filters[name], 0, name)
    format_filter = env.filters["format"]

    def format_checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise SecurityError("a format width of a million or more is refused")
        return format_filter(value, *args, **kwargs)

    env.filters["format"] = format_checked
    return env


def render_bounded(template: Template, limit: int, *args: Any, **kwargs: Any) -> str:
    """Render ``template`` as Template.render does, refusing it once it has written ``limit`` characters."""
    pieces, written = [], 0
    for piece in template.generate(*args, **kwargs):
        written += len(piece)
        if written > limit:
            raise SecurityError(f"a template writing more than {limit:,} characters is refused")
        pieces.append(piece)
    return "".join(pieces)


class BoundedLoader(BaseLoader):
    """Jinja2's file loader for template folders, reading each file with ``read`` (bounded, regular files)."""

    def __init__(self, dirs: list[Path], read: Callable[[Path, str], str]) -> None:
        self.dirs = dirs
        self.read = read

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Return the template's text from the first folder that has it."""
        name = "/".join(split_template_path(template))  # no ../ out of the folders
        for folder in self.dirs:
            if os.path.lexists(folder / name):
                return self.read(folder, name), str(folder / name), lambda: True
        raise TemplateNotFound(template)
