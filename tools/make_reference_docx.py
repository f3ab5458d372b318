"""Regenerate templates/reference.docx: the Word styles reportgen builds on.

A council replaces this file with its own house template (same style names) through
reportgen.yaml or a project templates/ folder, as pandoc's reference-doc works.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

PRIMARY = RGBColor(0x1D, 0x4F, 0x91)


def main() -> None:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for name, size in (
        ("Title", 24),
        ("Subtitle", 15),
        ("Heading 1", 16),
        ("Heading 2", 13),
        ("Heading 3", 11.5),
        ("Caption", 9),
    ):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        if name != "Caption":
            style.font.color.rgb = PRIMARY
    styles["Caption"].font.italic = False
    styles["Caption"].font.bold = True
    styles["Caption"].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    if "Commentary" not in [s.name for s in styles]:
        commentary = styles.add_style("Commentary", WD_STYLE_TYPE.PARAGRAPH)
        commentary.base_style = normal
        commentary.font.italic = False
    # python-docx's default template has no body content; clear its core properties
    props = doc.core_properties
    props.author = ""
    props.title = ""
    props.created = props.modified = dt.datetime(2000, 1, 1)
    props.last_modified_by = ""
    props.revision = 1
    target = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
    doc.save(str(target))
    print(target)


if __name__ == "__main__":
    main()
