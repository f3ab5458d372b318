"""Word renderer: the same briefing as an editable DOCX with real headings and tables."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .briefing import Briefing, Table
from .render_html import groups

SHADING = {
    "green": "D5ECD9",
    "amber": "FDE9B8",
    "red": "F6D2D5",
    "no_information": "EEEEEE",
    "missing_target": "EEEEEE",
    "no_value": "EEEEEE",
}
HEADER_FILL = "1D4F91"


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
    if n == 2:
        weights = [1.0, 2.2]
    else:
        # title, polarity, basis, figures..., status, comparator (as the PDF's stylesheet)
        weights = [23, 8.5, 8.5] + [6.0] * (n - 5) + [11.5, 10.5]
    scale = total_mm / sum(weights)
    return [w * scale for w in weights]


def _table(doc: Any, table: Table, font_pt: float = 7.5) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    caption = doc.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=len(table.header))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Mm(w) for w in _widths(table, 180 if len(table.header) > 2 else 140)]
    head = t.rows[0]
    _row_flags(head, header=True)
    for cell, text in zip(head.cells, table.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(font_pt)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _set_cell_fill(cell, HEADER_FILL)
    for row in table.rows:
        r = t.add_row()
        _row_flags(r, header=False)
        for i, (cell, c) in enumerate(zip(r.cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(c.text)
            run.font.size = Pt(font_pt)
            if c.rag:
                run.bold = True
                _set_cell_fill(cell, SHADING[c.rag])
            if i >= table.numeric_from and not c.rag:
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(t.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # the cell widths Word reads


def _picture(doc: Any, png: bytes, alt: str, title: str, width_in: float) -> None:
    from docx.shared import Inches

    shape = doc.add_picture(io.BytesIO(png), width=Inches(width_in))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", title)


def render_docx(b: Briefing, target: Path, reference: Path | None = None) -> None:
    """Write the briefing as a Word document built on the reference document's styles."""
    from docx import Document
    from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for house templates)
    from docx.shared import Mm, Pt

    doc = Document(str(reference)) if reference is not None and reference.is_file() else Document()
    props = doc.core_properties
    props.title = b.document_title
    props.author = b.author or b.authority
    props.subject = f"{b.title}, {b.period_label}"
    props.language = "en-GB"
    props.keywords = "performance; scorecard"
    props.comments = ""
    props.revision = 1
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    props.created = fixed
    props.modified = fixed
    props.last_modified_by = props.author

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    header = section.header.paragraphs[0]
    header.text = b.document_title
    footer = section.footer.paragraphs[0]
    footer.text = f"{b.footer}    Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    doc.add_paragraph(b.authority).runs[0].bold = True
    doc.add_paragraph(b.title, style="Title")
    doc.add_paragraph(b.period_label, style="Subtitle")
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

    doc.add_heading("Purpose of the report", level=1)
    doc.add_paragraph(b.purpose)
    doc.add_heading("Summary", level=1)
    for line in b.summary:
        doc.add_paragraph(line)
    for title, items in (("Performing well", b.performing_well), ("Areas for focus", b.areas_for_focus)):
        if items:
            doc.add_heading(title, level=2)
            for item in items:
                doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Key to symbols", level=1)
    from .briefing import Table as T
    from .briefing import TableCell

    key_rows = tuple((TableCell(k.symbol, rag=k.rag), TableCell(k.meaning)) for k in b.key_symbols)
    _table(doc, T("Measure symbols", ("Symbol", "Meaning"), key_rows, numeric_from=99), font_pt=9)
    _table(
        doc,
        T(
            "Reporting basis",
            ("Basis", "Meaning"),
            tuple((TableCell(k.symbol), TableCell(k.meaning)) for k in b.key_bases),
            99,
        ),
        font_pt=9,
    )
    _table(
        doc,
        T(
            "Good performance",
            ("Polarity", "Meaning"),
            tuple((TableCell(k.symbol), TableCell(k.meaning)) for k in b.key_polarity),
            99,
        ),
        font_pt=9,
    )

    figure = 0
    for g in groups(b):
        level = 1
        if g.area:
            doc.add_heading(g.area, level=1)
            level = 2
        for s in g.sections:
            doc.add_heading(s.title, level=level)
            if s.introduction:
                doc.add_paragraph(s.introduction)
            _table(doc, s.table)
            for i in s.indicators:
                doc.add_heading(i.title, level=level + 1)
                if i.symbol:
                    p = doc.add_paragraph()
                    r = p.add_run(f"{i.symbol} {i.symbol_word}")
                    r.bold = True
                doc.add_paragraph(i.paragraph)
                if i.commentary:
                    p = doc.add_paragraph()
                    p.add_run("Officer commentary: ").bold = True
                    p.add_run(i.commentary)
                if i.chart is not None:
                    figure += 1
                    _picture(doc, i.chart.png, i.chart.alt, i.title, 6.0)
                    doc.add_paragraph(f"Figure {figure}: {i.title}", style="Caption")
                if i.definition:
                    p = doc.add_paragraph()
                    p.add_run("Definition: ").italic = True
                    p.add_run(i.definition).italic = True
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
