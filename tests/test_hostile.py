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
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from reportgen.errors import InputProblems, ReportgenError
from reportgen.pipeline import build, load_project
from tests.conftest import ROOT

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
            "indicators/care.yaml: expected a YAML file of at most 200,000 values (aliases expanded); got more"
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
            "data/long.csv:3: value: expected a number or a marker such as c or n/a; got 'inf'",
            "data/long.csv:4: value: expected a number or a marker such as c or n/a; got '1e309'",
            "data/long.csv:5: value: expected a number or a marker such as c or n/a; got '-Infinity'",
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
