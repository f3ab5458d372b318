"""A reviewer's hand on a Word draft, in python-docx and raw XML, for the harvest tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
REVIEWER = "Alex Reviewer"
DATE = "2023-10-20T09:30:00Z"


def copy_example(target: Path, commentary: str | None = None) -> Path:
    """Copy the shipped example to ``target``, with commentary/2023-24-Q2.yaml when given."""
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(
            ".venv*", "output", ".git", "tests", "node_modules", ".reportgen-cache"
        ),
    )
    if commentary is not None:
        (target / "commentary").mkdir(exist_ok=True)
        (target / "commentary" / "2023-24-Q2.yaml").write_text(commentary, encoding="utf-8")
    return target


def control(document: Any, tag: str) -> Any:
    """Return the content control tagged ``tag``."""
    for sdt in document.element.body.iter(f"{W}sdt"):
        found = sdt.find(f"{W}sdtPr/{W}tag")
        if found is not None and found.get(f"{W}val") == tag:
            return sdt
    raise AssertionError(f"no control tagged {tag}")


def _el(tag: str, text: str | None = None, **attrs: str) -> Any:
    from lxml import etree

    el = etree.Element(f"{W}{tag}", nsmap={"w": W_NS})
    for name, value in attrs.items():
        el.set(f"{W}{name}", value)
    if text is not None:
        el.text = text
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def run(text: str, deleted: bool = False) -> Any:
    r = _el("r")
    r.append(_el("delText" if deleted else "t", text))
    return r


def type_into(sdt: Any, text: str) -> None:
    """Type ``text`` into a commentary box as Word does: the placeholder goes, the words replace it."""
    props = sdt.find(f"{W}sdtPr")
    flag = props.find(f"{W}showingPlcHdr")
    if flag is not None:
        props.remove(flag)
    paragraph = sdt.find(f"{W}sdtContent/{W}p")
    for old in paragraph.findall(f"{W}r"):
        paragraph.remove(old)
    paragraph.append(run(text))


def track_changes(sdt: Any, keep: str, deleted: str, rest: str, inserted: str) -> None:
    """Rewrite a commentary box as '<keep><deleted, struck through><rest><inserted, tracked>'."""
    paragraph = sdt.find(f"{W}sdtContent/{W}p")
    for old in paragraph.findall(f"{W}r"):
        paragraph.remove(old)
    paragraph.append(run(keep))
    gone = _el("del", id="901", author=REVIEWER, date=DATE)
    gone.append(run(deleted, deleted=True))
    paragraph.append(gone)
    paragraph.append(run(rest))
    added = _el("ins", id="902", author=REVIEWER, date=DATE)
    added.append(run(inserted))
    paragraph.append(added)


def unlock_and_edit(sdt: Any, old: str, new: str) -> None:
    """Remove a generated paragraph's lock and change its words, as a determined reviewer might."""
    props = sdt.find(f"{W}sdtPr")
    props.remove(props.find(f"{W}lock"))
    for t in sdt.iter(f"{W}t"):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new, 1)
            return
    raise AssertionError(f"{old!r} is not in the paragraph")


def comment_on(document: Any, paragraph: Any, text: str, author: str = REVIEWER) -> None:
    """Add a Word comment on a paragraph's runs (python-docx's own comments API)."""
    comment = document.add_comment(paragraph.runs, text=text, author=author, initials="AR")
    comment._comment_elm.set(f"{W}date", DATE)  # python-docx stamps the time now


def paragraph_in(document: Any, sdt: Any) -> Any:
    from docx.text.paragraph import Paragraph

    return Paragraph(sdt.find(f"{W}sdtContent/{W}p"), document._body)
