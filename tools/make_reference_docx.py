"""Regenerate templates/reference.docx: the Word styles reportgen builds on.

A council replaces this file with its own house template (same style names) through
``docx_reference:`` in reportgen.yaml or a project templates/reference.docx, as pandoc's
reference-doc works. The styles reportgen uses: Normal, Title, Subtitle, Heading 1-3,
Caption, TOC Heading, toc 1-2, List Bullet, List Number, Commentary (paragraph),
Placeholder Text (character) and Scorecard Table (table; Table Grid when absent).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

from reportgen.render.docx import repeatable_zip, set_font, set_language

PRIMARY = RGBColor(0x1D, 0x4F, 0x91)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

SCORECARD_TABLE = f"""<w:style {W} w:type="table" w:customStyle="1" w:styleId="ScorecardTable">
  <w:name w:val="Scorecard Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="16"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>
      <w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1D4F91"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""

PLACEHOLDER_TEXT = f"""<w:style {W} w:type="character" w:styleId="PlaceholderText">
  <w:name w:val="Placeholder Text"/>
  <w:uiPriority w:val="99"/>
  <w:semiHidden/>
  <w:rPr><w:color w:val="595959"/></w:rPr>
</w:style>"""

COMMENTARY = f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="Commentary">
  <w:name w:val="Commentary"/>
  <w:basedOn w:val="Normal"/>
  <w:qFormat/>
  <w:pPr>
    <w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="1D4F91"/></w:pBdr>
    <w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/>
    <w:ind w:left="227"/>
  </w:pPr>
</w:style>"""


def toc_style(level: int) -> str:
    """Return the XML of Word's built-in contents-entry style for ``level``."""
    indent = (level - 1) * 284
    return f"""<w:style {W} w:type="paragraph" w:styleId="TOC{level}">
  <w:name w:val="toc {level}"/>
  <w:basedOn w:val="Normal"/>
  <w:next w:val="Normal"/>
  <w:uiPriority w:val="39"/>
  <w:unhideWhenUsed/>
  <w:pPr>
    <w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs>
    <w:spacing w:after="60"/>
    <w:ind w:left="{indent}"/>
  </w:pPr>
</w:style>"""


def main() -> None:
    """Write templates/reference.docx."""
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, "Arial")
    normal.font.size = Pt(10.5)
    for name, size in (
        ("Title", 24),
        ("Subtitle", 15),
        ("Heading 1", 16),
        ("Heading 2", 13),
        ("Heading 3", 11.5),
        ("Caption", 9),
        ("TOC Heading", 16),
    ):
        style = styles[name]
        set_font(style, "Arial")
        style.font.size = Pt(size)
        if name != "Caption":
            style.font.color.rgb = PRIMARY
    styles["Caption"].font.italic = False
    styles["Caption"].font.bold = True
    styles["Caption"].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    styles["Caption"].paragraph_format.space_before = Pt(8)  # apart from a table above it
    styles["Caption"].paragraph_format.space_after = Pt(3)
    existing = {s.name for s in styles}
    for name, xml in (
        ("Scorecard Table", SCORECARD_TABLE),
        ("Placeholder Text", PLACEHOLDER_TEXT),
        ("Commentary", COMMENTARY),
        ("toc 1", toc_style(1)),
        ("toc 2", toc_style(2)),
    ):
        if name not in existing:
            styles.element.append(parse_xml(xml))
    assert styles["Scorecard Table"].type == WD_STYLE_TYPE.TABLE
    set_language(doc)
    # python-docx's default template has no body content; clear its core properties
    props = doc.core_properties
    props.author = ""
    props.title = ""
    props.created = props.modified = dt.datetime(2000, 1, 1)
    props.last_modified_by = ""
    props.revision = 1
    target = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    target.write_bytes(repeatable_zip(buffer.getvalue()))
    print(target)


if __name__ == "__main__":
    main()
