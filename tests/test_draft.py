"""--draft marks every document DRAFT and names the build date and data files; final builds do not."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from reportgen.formatting import long_date

NOTICE = "from data/annual.csv, data/monthly.csv, data/quarterly.csv. Not for publication."


def test_draft_pdf_has_draft_header_and_footer(draft_build: dict[str, Path]) -> None:
    text = subprocess.run(
        ["pdftotext", "-l", "2", str(draft_build["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "DRAFT: Children's Services Performance Scorecard: Quarter 2 2023/24" in text
    assert f"Draft built on {long_date(dt.date.today())} {NOTICE}" in " ".join(text.split())


def test_draft_docx_has_header_watermark_and_footer(draft_build: dict[str, Path]) -> None:
    import docx

    section = docx.Document(str(draft_build["docx"])).sections[0]
    assert section.header.paragraphs[0].text.startswith("DRAFT: ")
    assert 'string="DRAFT"' in section.header._element.xml  # the watermark shape
    assert NOTICE in section.footer.paragraphs[-1].text


def test_draft_html_has_a_banner(draft_build: dict[str, Path]) -> None:
    html = draft_build["html"].read_text(encoding="utf-8")
    assert '<body class="draft">' in html and 'class="draft-banner"' in html and NOTICE in html


def test_final_documents_carry_no_draft_marks(example_build: dict[str, Path]) -> None:
    import docx

    html = example_build["html"].read_text(encoding="utf-8")
    assert 'class="draft-banner"' not in html and "Not for publication" not in html
    section = docx.Document(str(example_build["docx"])).sections[0]
    assert "DRAFT" not in section.header._element.xml
    assert "Not for publication" not in section.footer._element.xml
