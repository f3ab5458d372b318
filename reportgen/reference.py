"""The Word reference document (a house template): checked when the project loads, then stripped.

A reference document lends the DOCX its styles and page set-up, nothing else. Whatever else it
holds (body text, comments, headers and footers, pictures, custom XML, a thumbnail, its
author, category and other properties, a link to an attached template or a mail-merge source)
would otherwise be published inside every report built on it, so ``styles_only`` rebuilds it
without them before the DOCX is written. It is read as every officer's file is (a regular
file, bounded, a zip that is not a bomb), and one that is a link outside the project is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from .errors import ReportgenError
from .files import check_archive, read_bounded

MAX_BYTES = 20_000_000  # a house template is tens of kilobytes; ours is 70 kB
_MAIN_TYPES = (  # the [Content_Types].xml entry of a Word document's main part (.docx, .dotx, .docm)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# What the document part may keep: its styles and what they lean on (list styles, theme fonts and
# colours, the font table) and its settings (trimmed below).
_KEEP_PARTS = {
    _REL + name for name in ("styles", "numbering", "theme", "fontTable", "settings", "webSettings")
} | {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
# The page set-up of the body's section (headers, footers and printer settings are not it).
_KEEP_SECTION = {
    f"{{{_W}}}{name}"
    for name in ("pgSz", "pgMar", "pgBorders", "lnNumType", "pgNumType", "cols", "vAlign", "textDirection")
} | {f"{{{_W}}}{name}" for name in ("bidi", "rtlGutter", "docGrid")}
# Settings that shape how the styles lay out; the rest (document variables, an attached template,
# a mail-merge source, protection hashes, revision ids, footnote set-up) go.
_KEEP_SETTINGS = {
    f"{{{_W}}}{name}"
    for name in (
        "zoom",
        "mirrorMargins",
        "gutterAtTop",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "evenAndOddHeaders",
        "characterSpacingControl",
        "compat",
        "themeFontLang",
        "clrSchemeMapping",
        "decimalSymbol",
        "listSeparator",
        "defaultTableStyle",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def check_reference(path: Path, display: str) -> bytes:
    """Return the reference document's bytes; raise ReportgenError if it is not a Word document."""
    data = read_bounded(path, MAX_BYTES, noun="Word file")
    check_archive(data, "Word file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            names = set(archive.namelist())
    except (KeyError, OSError, EOFError, RuntimeError, ValueError, zipfile.BadZipFile):
        types, names = "", set()
    if not any(kind in types for kind in _MAIN_TYPES) or "word/styles.xml" not in names:
        raise ReportgenError(
            f"expected a Word document (.docx) with styles; {display!r} is not one "
            "(save the house template from Word as a .docx)"
        )
    return data


def styles_only(data: bytes, display: str) -> bytes:
    """Return the reference document rebuilt with only its styles and page set-up (see the module)."""
    from docx import Document
    from lxml import etree

    try:
        doc = Document(io.BytesIO(data))
        _strip(doc)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    except (KeyError, ValueError, TypeError, AttributeError, etree.LxmlError, zipfile.BadZipFile) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise ReportgenError(
            f"{display}: expected a Word document python-docx can read; got {type(exc).__name__}: {detail}"
        ) from None


def reference_document(path: Path | None) -> Any:
    """Return a python-docx document to build the DOCX on: the reference stripped to its styles, or Word's default."""
    from docx import Document

    if path is None:
        return Document()
    display = "/".join(path.parts[-2:])  # templates/reference.docx
    return Document(io.BytesIO(styles_only(check_reference(path, display), display)))


def _strip(doc: Any) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    element = doc.element
    for child in list(element):
        if child.tag != f"{{{_W}}}body":
            element.remove(child)  # a page background (it may name a picture)
    body = element.body
    for child in list(body):
        if child.tag != f"{{{_W}}}sectPr":
            body.remove(child)
    section = body.find(f"{{{_W}}}sectPr")
    if section is not None:
        for child in list(section):
            if child.tag not in _KEEP_SECTION:
                section.remove(child)
        section.attrib.clear()  # revision ids
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.is_external or rel.reltype not in _KEEP_PARTS:
            del part.rels[rid]  # comments, headers, footers, pictures, glossary, custom XML ...
    settings = next((r.target_part for r in part.rels.values() if r.reltype == RT.SETTINGS), None)
    if settings is not None:
        for child in list(settings.element):
            if child.tag not in _KEEP_SETTINGS:
                settings.element.remove(child)
        for rid in list(settings.rels):
            del settings.rels[rid]  # an attached template, a mail-merge data source
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype not in (RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES):
            del package.rels[rid]  # app and custom properties, the thumbnail
    core = doc.core_properties._element
    for child in list(core):
        core.remove(child)  # author, category, keywords, status ...: the renderer sets its own
