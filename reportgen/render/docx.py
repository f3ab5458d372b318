"""Word renderer: the same briefing as an editable DOCX with real headings and tables."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..briefing import (
    GENERATED_LABEL,
    Briefing,
    Commentary,
    Contents,
    Figure,
    Group,
    ItemList,
    Node,
    Paragraph,
    Part,
    Table,
    walk,
)
from ..icons import Icon
from ..palette import Palette, hex_digits
from . import RenderContext

TABLE_STYLES = ("Scorecard Table", "Table Grid")  # the reference's own first, then Word's built-in
FIXED_TIME = dt.datetime(2000, 1, 1)  # core properties: no build time, so builds are repeatable
TEXT_WIDTH_MM = 180  # A4 less 15 mm margins
# Word's type sizes by table kind: a scorecard is dense, a key is read at leisure.
TABLE_FONT_PT = {"scorecard": 7.5, "risks": 7.5, "matrix": 8.0, "key": 9.0}
# The review round trip (harvest.py reads these back). A content control's tag names what it
# holds; its alias ends with the indicator's id too, since LibreOffice 7.4 keeps only the alias.
COMMENTARY_TAG = "commentary:"
NARRATIVE_TAG = "narrative:"
ALIAS_MAX = 255  # Word's limit on a control's title
# Custom document properties naming what the document was built from (Word and LibreOffice keep them).
PROPERTY_AUTHORITY = "reportgen.authority"
PROPERTY_TITLE = "reportgen.title"
PROPERTY_PERIOD = "reportgen.period"
# The generated paragraphs as built, in a custom XML part, so harvest can tell an edit from a rebuild.
ORIGINALS_NS = "urn:reportgen:draft:1"
ORIGINALS_ITEM_ID = "{3F2A7C1E-5B6D-4E8F-9A0B-1C2D3E4F5A6B}"  # fixed: builds stay repeatable
# A scorecard's columns are sized for the PDF's narrow cell padding (briefing.scorecard_widths):
# Word's default 0.19 cm margins would leave an 8-digit figure no room.
CELL_MARGIN_DXA = {"scorecard": 40}


def _set_cell_fill(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _row_flags(row: Any, header: bool) -> None:
    """Repeat header rows on each page and never split a row across pages."""
    from docx.oxml import OxmlElement

    props = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    props.append(cant)
    if header:
        flag = OxmlElement("w:tblHeader")
        props.append(flag)


def _field(paragraph: Any, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _table_style(doc: Any) -> Any:
    """Return the reference document's table style, falling back to Word's Table Grid."""
    names = {s.name for s in doc.styles}
    for name in TABLE_STYLES:
        if name in names:
            return doc.styles[name]
    return None


def _table(doc: Any, table: Table, palette: Palette) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    font_pt = TABLE_FONT_PT.get(table.table_kind, 8.0)
    caption = doc.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=len(table.columns))
    style = _table_style(doc)
    if style is not None:
        t.style = style
    t.alignment = WD_TABLE_ALIGNMENT.LEFT  # in line with its caption
    t.autofit = False
    width_mm = TEXT_WIDTH_MM * table.width / 100
    widths = [Mm(width_mm * c.width / 100) for c in table.columns]
    wide = len(table.columns) > 2
    head = t.rows[0]
    _row_flags(head, header=True)
    header_rgb = RGBColor.from_string(hex_digits(palette.header_text))
    for cell, column in zip(head.cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(column.header)
        run.bold = True
        run.font.size = Pt(font_pt - 0.5 if wide else font_pt)  # so "performance" fits its column
        run.font.color.rgb = header_rgb
        _set_cell_fill(cell, hex_digits(palette.primary))
    for row in table.rows:
        r = t.add_row()
        _row_flags(r, header=False)
        if table.table_kind == "matrix":
            r.height = Mm(11)
        for cell, c, column in zip(r.cells, row, table.columns, strict=True):
            run = cell.paragraphs[0].add_run(c.text)
            run.font.size = Pt(font_pt)
            for icon in c.icons:
                _icon(cell.paragraphs[0], icon)
            if c.header and table.table_kind in ("risks", "matrix"):
                run.bold = True
            swatch = palette.swatch(c.rag)
            if swatch is not None:
                # bold as the printed report sets it (report.css): a RAG figure, a risk's level; a
                # scorecard's status words stay regular, as the column widths were measured for them
                run.bold = column.numeric or table.table_kind != "scorecard"
                _set_cell_fill(cell, hex_digits(swatch.background))
            if table.table_kind == "matrix" and not c.header:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif column.numeric and swatch is None:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for col, width in zip(t.columns, widths, strict=True):
        col.width = width  # the grid LibreOffice reads
    last = len(t.rows) - 1
    for i, row in enumerate(t.rows):
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # the cell widths Word reads
            # every row kept with the next: the table stays with what follows (a scorecard with
            # its first indicator), or a key stays on one page
            if table.keep_with_next or (table.table_kind == "key" and i < last):
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    if table.table_kind in CELL_MARGIN_DXA:
        _cell_margins(t, CELL_MARGIN_DXA[table.table_kind])


def _cell_margins(t: Any, dxa: int) -> None:
    """Set a table's left and right cell margins (in twentieths of a point)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(dxa))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    props = t._tbl.tblPr
    look = props.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's order: tblCellMar before tblLook
    else:
        props.append(margins)


def _icon(paragraph: Any, icon: Icon) -> None:
    """Put an SPC icon in a paragraph, its meaning as the picture's alt text.

    Word has no alt text that says "decorative" to every reader, so even the key's icons, whose
    words sit beside them, carry their meaning.
    """
    from docx.shared import Inches

    paragraph.add_run(" ")
    shape = paragraph.add_run().add_picture(io.BytesIO(icon.png), width=Inches(icon.width_in))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", icon.words)
    doc_pr.set("title", icon.words)


def _picture(target: Any, png: bytes, alt: str, title: str, width_in: float) -> Any:
    from docx.shared import Inches

    shape = target.add_picture(io.BytesIO(png), width=Inches(width_in))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", title)
    return shape


def set_language(doc: Any, lang: str = "en-GB") -> None:
    """Declare UK English on the document defaults and every paragraph style, for the spellchecker."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def set_lang(rpr: Any) -> None:
        node = rpr.find(qn("w:lang"))
        if node is None:
            node = OxmlElement("w:lang")
            rpr.append(node)
        node.set(qn("w:val"), lang)

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        set_lang(rpr)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            set_lang(style.element.get_or_add_rPr())


def _update_fields_on_open(doc: Any) -> None:
    """Ask Word to refresh fields (the contents) when the document is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    # schema order: updateFields comes before these
    for later in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids"):
        anchor = settings.find(qn(later))
        if anchor is not None:
            anchor.addprevious(flag)
            return
    settings.append(flag)


def _complex_field_run(paragraph: Any, kind: str, instruction: str | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    if instruction is None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")
        run.append(char)
    else:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run.append(text)
    paragraph._p.append(run)


def _contents(doc: Any, title: str, contents: Contents) -> None:
    """Add a table of contents field that Word fills in (with page numbers) on opening.

    Until it is updated, the field shows the headings themselves, so LibreOffice and a
    reader who declines the update still see what the document holds.
    """
    style_names = {s.name for s in doc.styles}
    doc.add_paragraph(title, style="TOC Heading" if "TOC Heading" in style_names else "Heading 1")
    paragraphs = []
    for entry in contents.entries:
        level = 1 if entry.level <= 2 else 2
        style = f"toc {level}" if f"toc {level}" in style_names else None
        p = doc.add_paragraph(style=style)
        paragraphs.append((p, entry.title))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _complex_field_run(first, "begin")
    _complex_field_run(first, "", ' TOC \\o "1-3" \\h \\z \\u ')
    _complex_field_run(first, "separate")
    for p, text in paragraphs:
        p.add_run(text)
    _complex_field_run(last, "end")


def control_alias(label: str, title: str, indicator_id: str) -> str:
    """Return a content control's title: '<label>: <title> [<id>]', within Word's 255 characters."""
    suffix = f" [{indicator_id}]"
    head = f"{label}: {title}"
    room = ALIAS_MAX - len(suffix)
    return (head if len(head) <= room else head[: room - 1] + "…") + suffix


def text_of(paragraph_text: str, number: str | None) -> str:
    """Return a paragraph's text as harvest reads it back: its number first, spaces collapsed."""
    return " ".join(f"{number or ''} {paragraph_text}".split())


def _wrap_in_control(
    paragraph: Any, tag: str, alias: str, number: int, locked: bool = False, placeholder: bool = False
) -> None:
    """Put a paragraph inside a block-level content control."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def prop(name: str, value: str | None = None) -> Any:
        el = OxmlElement(name)
        if value is not None:
            el.set(qn("w:val"), value)
        return el

    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    sdt_pr.append(prop("w:alias", alias))
    sdt_pr.append(prop("w:tag", tag))
    sdt_pr.append(prop("w:id", str(number)))
    if locked:  # the reviewer can read and comment on it, not change it by accident
        sdt_pr.append(prop("w:lock", "sdtContentLocked"))
    if placeholder:
        sdt_pr.append(prop("w:showingPlcHdr"))
    content = OxmlElement("w:sdtContent")
    sdt.append(sdt_pr)
    sdt.append(content)
    paragraph._p.addprevious(sdt)
    content.append(paragraph._p)


def _commentary(doc: Any, block: Commentary, number: int, style_names: set[str]) -> None:
    """Put the officer commentary in a rich-text content control reviewers can edit in place."""
    if block.text:  # an empty control shows the label itself, as its placeholder
        label = doc.add_paragraph()
        label.add_run(block.label).bold = True
        label.paragraph_format.keep_with_next = True
    paragraph = doc.add_paragraph(style="Commentary" if "Commentary" in style_names else None)
    run = paragraph.add_run(block.text or block.label)
    if not block.text and "Placeholder Text" in style_names:
        run.style = doc.styles["Placeholder Text"]
    alias = control_alias(block.label, block.title, block.indicator_id)
    _wrap_in_control(
        paragraph, f"{COMMENTARY_TAG}{block.indicator_id}", alias, number, placeholder=not block.text
    )


def _custom_properties(doc: Any, b: Briefing) -> None:
    """Name the project and period in the document's custom properties, replacing any the reference had."""
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as OpcPart

    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id custom properties use
    values = ((PROPERTY_AUTHORITY, b.authority), (PROPERTY_TITLE, b.title), (PROPERTY_PERIOD, b.period_code))
    props = "".join(
        f'<property fmtid="{fmtid}" pid="{pid}" name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(values, start=2)
    )
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{props}</Properties>"
    ).encode()
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            package.rels.pop(rel.rId)
    part = OpcPart(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _originals(doc: Any, originals: list[tuple[str, str]]) -> None:
    """Keep each generated paragraph's text as built in a custom XML part, for harvest to compare with."""
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as OpcPart

    package = doc.part.package
    used = {str(p.partname) for p in package.iter_parts()}
    n = 1
    while f"/customXml/item{n}.xml" in used:
        n += 1
    items = "".join(f"<narrative id={quoteattr(i)}>{escape(text)}</narrative>" for i, text in originals)
    item = OpcPart(
        PackURI(f"/customXml/item{n}.xml"),
        "application/xml",
        f'<?xml version="1.0" encoding="UTF-8"?>\n<originals xmlns="{ORIGINALS_NS}">{items}</originals>'.encode(),
        package,
    )
    item_props = OpcPart(
        PackURI(f"/customXml/itemProps{n}.xml"),
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" '
            f'ds:itemID="{ORIGINALS_ITEM_ID}"><ds:schemaRefs><ds:schemaRef ds:uri="{ORIGINALS_NS}"/>'
            "</ds:schemaRefs></ds:datastoreItem>"
        ).encode(),
        package,
    )
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT.CUSTOM_XML)


WATERMARK = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>'
    '<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>'
    '<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
    '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
    '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/>'
    '</v:formulas><v:path textpathok="t" o:connecttype="custom"'
    ' o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:150pt;rotation:315;'
    "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"'
    ' fillcolor="#d9d9d9" stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;Liberation Sans&quot;;font-size:1pt" string="DRAFT"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
)


def _header_and_footer(doc: Any, b: Briefing) -> None:
    """Running header (DRAFT and a watermark on drafts), footer text and Page n of N."""
    from docx.oxml import parse_xml
    from docx.shared import Pt

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = b.running_header
    if b.draft:
        header.runs[0].bold = True
        header._p.append(parse_xml(WATERMARK))
    footer = section.footer.paragraphs[0]
    footer.text = f"{b.footer}    Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    if b.draft_notice:
        note = section.footer.add_paragraph(b.draft_notice)
        for run in note.runs:
            run.font.size = Pt(8)


def set_font(style: Any, name: str) -> None:
    """Set a style's font on every script, dropping theme fonts (which would win over it)."""
    from docx.oxml.ns import qn

    style.font.name = name
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def _branding(doc: Any, b: Briefing) -> None:
    """Apply the project's font and colour to the styles."""
    from docx.shared import RGBColor

    names = {s.name for s in doc.styles}
    if b.look.font:
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            if name in names:
                set_font(doc.styles[name], b.look.font)
    if b.look.primary_colour:
        colour = RGBColor.from_string(hex_digits(b.palette.primary))
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            if name in names:
                doc.styles[name].font.color.rgb = colour


def _fast_lookups(doc: Any) -> None:
    """Make python-docx's per-call lookups constant-time for this document.

    python-docx hashes every image already in the package before adding one, and searches
    the styles part for each paragraph's style: quadratic in a 400-indicator pack (11.6 s, of
    which 4.4 s in these two lookups). Both answers never change while we write, so they are
    remembered here, on this document only.
    """
    from docx.image.image import Image

    images = doc.part.package.image_parts
    known = {part.sha1: part for part in images}
    add_part = images._add_image_part

    def get_or_add_image_part(descriptor: Any) -> Any:
        image = Image.from_file(descriptor)
        part = known.get(image.sha1)
        if part is None:
            part = known[image.sha1] = add_part(image)
        return part

    images.get_or_add_image_part = get_or_add_image_part
    numbers = {part.partname.idx for part in images}

    def next_image_partname(ext: str) -> Any:
        from docx.opc.packuri import PackURI

        n = 1
        while n in numbers:
            n += 1
        numbers.add(n)
        return PackURI(f"/word/media/image{n}.{ext}")

    images._next_image_partname = next_image_partname
    # drawing ids: count up from the largest in the document instead of rescanning it each time
    part = doc.part
    first_id = part.next_id
    part.__class__ = type("CountingDocumentPart", (type(part),), {"next_id": property(_next_drawing_id)})
    part._reportgen_last_id = first_id - 1
    style_ids: dict[tuple[str | None, object], str | None] = {}
    lookup = doc.part.get_style_id

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        name = (
            style_or_name if isinstance(style_or_name, str) or style_or_name is None else style_or_name.name
        )
        key = (name, style_type)
        if key not in style_ids:
            style_ids[key] = lookup(style_or_name, style_type)
        return style_ids[key]

    doc.part.get_style_id = get_style_id


def _next_drawing_id(part: Any) -> int:
    part._reportgen_last_id += 1
    return int(part._reportgen_last_id)


def _bookmark_name(part_id: str) -> str:
    """Return a Word bookmark name for a part: a letter first, letters, digits and _ only, 40 at most."""
    return ("rg_" + re.sub(r"[^A-Za-z0-9_]", "_", part_id))[:40]


def _bookmark(paragraph: Any, name: str, number: int) -> None:
    """Put a bookmark round a paragraph's text, for links within the document to point at."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(end)


def _hyperlink(paragraph: Any, text: str, anchor: str, style_names: set[str], colour: str) -> Any:
    """Add a run that links to a bookmark: the Hyperlink style, or underlined in the links' colour."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.run import Run as DocxRun

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    r = OxmlElement("w:r")
    link.append(r)
    run = DocxRun(r, paragraph)
    run.text = text
    if "Hyperlink" in style_names:
        run.style = "Hyperlink"
    else:  # a reference document without the style: underlined, so it is not colour alone
        from docx.shared import RGBColor

        run.underline = True
        run.font.color.rgb = RGBColor.from_string(hex_digits(colour))
    return run


def render(b: Briefing, target: Path, context: RenderContext) -> None:
    """Write the briefing as a Word document built on the reference document's styles."""
    render_docx(b, target, context.docx_reference)


class _Writer:
    """Walks the outline into a python-docx document."""

    def __init__(self, doc: Any, b: Briefing) -> None:
        self.doc = doc
        self.b = b
        self.style_names = {style.name for style in doc.styles}
        self.controls = 0
        self.originals: list[tuple[str, str]] = []  # (indicator id, text) of each generated paragraph
        self.titles = {a.indicator.id: a.indicator.title for a in b.assessments}
        # the parts a paragraph links to, each given a bookmark at its heading
        linked = {r.link for n in walk(b.parts) if isinstance(n, Paragraph) for r in n.runs if r.link}
        self.targets = {n.id for n in walk(b.parts) if isinstance(n, Part) and n.id in linked}
        self.bookmarks: list[str] = []

    def part(self, p: Part) -> None:
        if p.role == "contents":
            contents = next(n for n in p.blocks if isinstance(n, Contents))
            _contents(self.doc, p.title, contents)
            return
        heading = self.doc.add_heading(p.title, level=min(p.level - 1, 9))
        if p.id in self.targets:
            _bookmark(heading, _bookmark_name(p.id), len(self.bookmarks))
            self.bookmarks.append(p.id)
        if p.page_break:
            heading.paragraph_format.page_break_before = True
        for node in p.blocks:
            self.node(node)

    def node(self, n: Node) -> None:
        doc = self.doc
        if isinstance(n, Part):
            self.part(n)
        elif isinstance(n, Paragraph):
            self.paragraph(n)
        elif isinstance(n, ItemList):
            style = "List Number" if n.ordered else "List Bullet"
            for i, item in enumerate(n.items):
                if n.numbers:  # numbered as paragraphs (4.1), not as Word's list (1, 2)
                    doc.add_paragraph(f"{n.numbers[i]}\t{item}")
                else:
                    doc.add_paragraph(item, style=style)
        elif isinstance(n, Table):
            _table(doc, n, self.b.palette)
        elif isinstance(n, Group):
            for t in n.tables:
                _table(doc, t, self.b.palette)
        elif isinstance(n, Figure):
            _picture(doc, n.chart.png, n.chart.alt, n.title, 5.2)
            doc.add_paragraph(n.caption, style="Caption")
        elif isinstance(n, Commentary):
            self.controls += 1
            _commentary(doc, n, self.controls, self.style_names)

    def paragraph(self, n: Paragraph) -> None:
        p = self.doc.add_paragraph()
        if n.number:
            p.add_run(f"{n.number}\t").bold = True
        for r in n.runs:
            if r.link is not None and r.link in self.targets:
                run = _hyperlink(
                    p, r.text, _bookmark_name(r.link), self.style_names, self.b.palette.primary
                )
            else:
                run = p.add_run(r.text)
            if n.role == "status":
                run.bold = True
            if n.role == "definition":
                run.italic = True
        if n.role == "status":
            p.paragraph_format.keep_with_next = True
        if n.tag is not None and n.tag.startswith(NARRATIVE_TAG):
            indicator_id = n.tag.removeprefix(NARRATIVE_TAG)
            title = self.titles.get(indicator_id, indicator_id)
            self.controls += 1
            alias = control_alias(GENERATED_LABEL, title, indicator_id)
            _wrap_in_control(p, n.tag, alias, self.controls, locked=True)
            self.originals.append((indicator_id, text_of(n.text, n.number)))


def render_docx(b: Briefing, target: Path, reference: Path | None = None) -> None:
    """Write the briefing as a Word document built on the reference document's styles."""
    from docx.shared import Mm, Pt

    from ..reference import reference_document

    doc = reference_document(reference)  # its styles and page set-up only
    _fast_lookups(doc)
    props = doc.core_properties
    props.title = b.document_title
    props.author = b.author or b.authority
    props.subject = b.subject
    props.language = "en-GB"
    props.keywords = "performance; scorecard"
    props.comments = ""
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = props.author
    set_language(doc)
    _update_fields_on_open(doc)
    _branding(doc, b)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    _header_and_footer(doc, b)

    m = b.masthead
    if m.logo is not None:
        height_mm = 18.0
        width_in = height_mm / 25.4 * m.logo.width_px / m.logo.height_px
        _picture(doc, m.logo.data, m.logo.alt, m.logo.alt, min(width_in, 3.0))
    doc.add_paragraph(m.authority).runs[0].bold = True
    doc.add_paragraph(m.title, style="Title")
    doc.add_paragraph(m.period, style="Subtitle")
    if m.subtitle:
        doc.add_paragraph(m.subtitle)
    for fact in m.facts:
        p = doc.add_paragraph()
        p.add_run(f"{fact.label}: ").bold = True
        p.add_run(fact.value)
    writer = _Writer(doc, b)
    for part in b.parts:
        writer.part(part)
    _custom_properties(doc, b)
    _originals(doc, writer.originals)
    normal = doc.styles["Normal"]
    normal.font.name = normal.font.name or "Liberation Sans"
    normal.font.size = normal.font.size or Pt(10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    target.write_bytes(repeatable_zip(buffer.getvalue()))


def repeatable_zip(data: bytes, rewrite: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Rewrite an OOXML package with fixed entry dates, so the same inputs give the same bytes.

    ``rewrite`` maps a part's name to a function that fixes its content (a timestamp the
    writing library insists on, say).
    """
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(item.filename)
            if rewrite and item.filename in rewrite:
                content = rewrite[item.filename](content)
            dest.writestr(fixed, content)
    return out.getvalue()
