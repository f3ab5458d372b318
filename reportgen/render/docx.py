"""Word renderer: the same briefing as an editable DOCX with real headings and tables."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from .briefing import WITHHELD_INTRO, Briefing, IndicatorBlock, Table, TableCell
from .render_html import contents, groups

SHADING = {
    "green": "D5ECD9",
    "amber": "FDE9B8",
    "red": "F6D2D5",
    "no_information": "EEEEEE",
    "missing_target": "EEEEEE",
    "no_value": "EEEEEE",
}
HEADER_FILL = "1D4F91"
TABLE_STYLES = ("Scorecard Table", "Table Grid")  # the reference's own first, then Word's built-in
COMMENTARY_PLACEHOLDER = "Officer commentary"
FIXED_TIME = dt.datetime(2000, 1, 1)  # core properties: no build time, so builds are repeatable
# Relative column weights by table kind (the PDF's stylesheet uses the same proportions).
KEY_WEIGHTS = [1.0, 2.2]
RISK_WEIGHTS = [5, 22, 13, 8.5, 8.5, 9, 8.5, 6, 9.5, 10.5]
MATRIX_WEIGHTS = [16, 16.8, 16.8, 16.8, 16.8, 16.8]


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


def _widths(table: Table, total_mm: float) -> list[float]:
    """Share the page width: a wide first column, narrow figure columns."""
    n = len(table.header)
    if table.kind == "risks" and n == len(RISK_WEIGHTS):
        weights = list(RISK_WEIGHTS)
    elif table.kind == "matrix":
        weights = list(MATRIX_WEIGHTS)
    elif n == 2:
        weights = list(KEY_WEIGHTS)
    else:
        # title, polarity, basis, figures..., status, comparator (as the PDF's stylesheet)
        weights = [20, 10, 10] + [6.0] * (n - 5) + [11.5, 10.5]
    scale = total_mm / sum(weights)
    return [w * scale for w in weights]


def _table_style(doc: Any) -> Any:
    """Return the reference document's table style, falling back to Word's Table Grid."""
    names = {s.name for s in doc.styles}
    for name in TABLE_STYLES:
        if name in names:
            return doc.styles[name]
    return None


def _table(doc: Any, table: Table, header_fill: str, font_pt: float = 7.5) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    caption = doc.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=len(table.header))
    style = _table_style(doc)
    if style is not None:
        t.style = style
    t.alignment = WD_TABLE_ALIGNMENT.LEFT  # in line with its caption
    t.autofit = False
    wide = len(table.header) > 2
    widths = [Mm(w) for w in _widths(table, 180 if wide else 140)]
    head = t.rows[0]
    _row_flags(head, header=True)
    for cell, text in zip(head.cells, table.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(font_pt - 0.5 if wide else font_pt)  # so "performance" fits its column
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _set_cell_fill(cell, header_fill)
    for row in table.rows:
        r = t.add_row()
        _row_flags(r, header=False)
        if table.kind == "matrix":
            r.height = Mm(11)
        for i, (cell, c) in enumerate(zip(r.cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(c.text)
            run.font.size = Pt(font_pt)
            if c.header and table.kind in ("risks", "matrix"):
                run.bold = True
            if c.rag:
                run.bold = True
                _set_cell_fill(cell, SHADING[c.rag])
            if table.kind == "matrix" and not c.header:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif i >= table.numeric_from and not c.rag:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(t.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # the cell widths Word reads


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


def _contents(doc: Any, b: Briefing) -> None:
    """Add a table of contents field that Word fills in (with page numbers) on opening.

    Until it is updated, the field shows the headings themselves, so LibreOffice and a
    reader who declines the update still see what the document holds.
    """
    style_names = {s.name for s in doc.styles}
    doc.add_paragraph("Contents", style="TOC Heading" if "TOC Heading" in style_names else "Heading 1")
    items = contents(b)
    paragraphs = []
    for item in items:
        level = 1 if item.level <= 2 else 2
        style = f"toc {level}" if f"toc {level}" in style_names else None
        p = doc.add_paragraph(style=style)
        paragraphs.append((p, item.title))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _complex_field_run(first, "begin")
    _complex_field_run(first, "", ' TOC \\o "1-3" \\h \\z \\u ')
    _complex_field_run(first, "separate")
    for p, title in paragraphs:
        p.add_run(title)
    _complex_field_run(last, "end")


def _commentary(doc: Any, block: IndicatorBlock, number: int, style_names: set[str]) -> None:
    """Put the officer commentary in a rich-text content control reviewers can edit in place."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def prop(name: str, value: str | None = None) -> Any:
        el = OxmlElement(name)
        if value is not None:
            el.set(qn("w:val"), value)
        return el

    if block.commentary:  # an empty control shows the label itself, as its placeholder
        label = doc.add_paragraph()
        label.add_run("Officer commentary").bold = True
        label.paragraph_format.keep_with_next = True
    paragraph = doc.add_paragraph(style="Commentary" if "Commentary" in style_names else None)
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    sdt_pr.append(prop("w:alias", f"Officer commentary: {block.title}"[:255]))
    sdt_pr.append(prop("w:tag", f"commentary:{block.id}"))
    sdt_pr.append(prop("w:id", str(number)))
    if not block.commentary:
        sdt_pr.append(prop("w:showingPlcHdr"))
    content = OxmlElement("w:sdtContent")
    sdt.append(sdt_pr)
    sdt.append(content)
    paragraph._p.addprevious(sdt)
    content.append(paragraph._p)
    run = paragraph.add_run(block.commentary or COMMENTARY_PLACEHOLDER)
    if not block.commentary and "Placeholder Text" in style_names:
        run.style = doc.styles["Placeholder Text"]


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


def _branding(doc: Any, b: Briefing) -> str:
    """Apply the project's font and colour to the styles; return the table header fill."""
    from docx.shared import RGBColor

    if b.look.font:
        for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            if name in {s.name for s in doc.styles}:
                set_font(doc.styles[name], b.look.font)
    if b.look.primary_colour:
        colour = RGBColor.from_string(b.look.primary_colour[1:].upper())
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            if name in {s.name for s in doc.styles}:
                doc.styles[name].font.color.rgb = colour
        return b.look.primary_colour[1:].upper()
    return HEADER_FILL


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


def render_docx(b: Briefing, target: Path, reference: Path | None = None) -> None:
    """Write the briefing as a Word document built on the reference document's styles."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document(str(reference)) if reference is not None and reference.is_file() else Document()
    _fast_lookups(doc)
    style_names = {style.name for style in doc.styles}
    props = doc.core_properties
    props.title = b.document_title
    props.author = b.author or b.authority
    props.subject = f"{b.title}, {b.period_label}"
    props.language = "en-GB"
    props.keywords = "performance; scorecard"
    props.comments = ""
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_modified_by = props.author
    set_language(doc)
    _update_fields_on_open(doc)
    header_fill = _branding(doc, b)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    _header_and_footer(doc, b)

    if b.look.logo is not None:
        logo = b.look.logo
        height_mm = 18.0
        width_in = height_mm / 25.4 * logo.width_px / logo.height_px
        _picture(doc, logo.data, logo.alt, logo.alt, min(width_in, 3.0))
    doc.add_paragraph(b.authority).runs[0].bold = True
    doc.add_paragraph(b.title, style="Title")
    doc.add_paragraph(b.period_label, style="Subtitle")
    if b.subtitle:
        doc.add_paragraph(b.subtitle)
    for label, value in (
        ("Meeting", b.committee),
        ("Date", b.meeting_date),
        ("Report title", b.title),
        ("Author", b.author),
    ):
        if value:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
    _contents(doc, b)

    doc.add_heading("Purpose of the report", level=1)
    doc.add_paragraph(b.purpose)
    doc.add_heading("Summary", level=1)
    for line in b.summary:
        doc.add_paragraph(line)
    for title, items in (
        ("Performing well", b.performing_well),
        ("Areas for focus", b.areas_for_focus),
    ):
        if items:
            doc.add_heading(title, level=2)
            for item in items:
                doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Key to symbols", level=1)
    key_rows = tuple((TableCell(k.symbol, rag=k.rag), TableCell(k.meaning)) for k in b.key_symbols)
    key = lambda caption, head, rows: Table(caption, head, rows, 99, kind="key")  # noqa: E731
    _table(doc, key("Measure symbols", ("Symbol", "Meaning"), key_rows), header_fill, font_pt=9)
    bases = tuple((TableCell(k.symbol), TableCell(k.meaning)) for k in b.key_bases)
    _table(doc, key("Reporting basis", ("Basis", "Meaning"), bases), header_fill, font_pt=9)
    polarity = tuple((TableCell(k.symbol), TableCell(k.meaning)) for k in b.key_polarity)
    _table(doc, key("Good performance", ("Polarity", "Meaning"), polarity), header_fill, font_pt=9)
    if b.withheld:
        doc.add_heading("Figures withheld to protect small numbers", level=2)
        doc.add_paragraph(WITHHELD_INTRO)
        for line in b.withheld:
            doc.add_paragraph(line, style="List Bullet")

    figure = 0
    controls = 0
    for g in groups(b):
        level = 1
        if g.area:
            doc.add_heading(g.area, level=1)
            level = 2
        for s in g.sections:
            doc.add_heading(s.title, level=level)
            if s.introduction:
                doc.add_paragraph(s.introduction)
            _table(doc, s.table, header_fill)
            for i in s.indicators:
                doc.add_heading(i.title, level=level + 1)
                if i.symbol:
                    p = doc.add_paragraph()
                    r = p.add_run(f"{i.symbol} {i.symbol_word}")
                    r.bold = True
                doc.add_paragraph(i.paragraph)
                controls += 1
                _commentary(doc, i, controls, style_names)
                if i.chart is not None:
                    figure += 1
                    _picture(doc, i.chart.png, i.chart.alt, i.title, 5.2)
                    doc.add_paragraph(f"Figure {figure}: {i.title}", style="Caption")
                if i.definition:
                    p = doc.add_paragraph()
                    p.add_run("Definition: ").italic = True
                    p.add_run(i.definition).italic = True
    if b.risks is not None:
        doc.add_heading("Risk register", level=1)
        if b.risks.introduction:
            doc.add_paragraph(b.risks.introduction)
        doc.add_paragraph(b.risks.summary)
        _table(doc, b.risks.register, header_fill)
        _table(doc, b.risks.matrix, header_fill, font_pt=8)
        doc.add_paragraph("Each risk's score is its likelihood multiplied by its impact.")
        _table(doc, b.risks.levels, header_fill, font_pt=9)
        _table(doc, b.risks.changes, header_fill, font_pt=9)
    if b.investigation:
        doc.add_heading("Possible areas for investigation", level=1)
        doc.add_paragraph(
            "Questions members may wish to ask about indicators that are significantly worse than "
            "target or clearly declining, drafted for officers to review:"
        )
        for item in b.investigation:
            doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Recommendations", level=1)
    for recommendation in b.recommendations:
        doc.add_paragraph(recommendation, style="List Number")
    normal = doc.styles["Normal"]
    normal.font.name = normal.font.name or "Liberation Sans"
    normal.font.size = normal.font.size or Pt(10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    target.write_bytes(repeatable_zip(buffer.getvalue()))


def repeatable_zip(data: bytes) -> bytes:
    """Rewrite a DOCX package with fixed entry dates, so the same inputs give the same bytes."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dest.writestr(fixed, source.read(item.filename))
    return out.getvalue()
