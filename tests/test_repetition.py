"""No sentence said more than twice in a report: the example's and one of many monitored measures."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from reportgen.indicators import POLARITY_MEANINGS

MONITORED = "There is no right level for this measure; it is monitored."


def _sentences(text: str) -> Counter[str]:
    """Count the sentences of a document's text (a sentence ends at . ? or ! before a space)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        for s in re.split(r"(?<=[.?!])\s+", line.strip()):
            if len(s.split()) >= 4 and s[-1:] in ".?!":  # headings and cells are not sentences
                found[s] += 1
    return found


def _html_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<(?:p|li|h\d|td|th|caption|div|br)\b[^>]*>", "\n", html).replace("&#39;", "'")


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(lines)


def _repeated(counts: Counter[str]) -> dict[str, int]:
    return {s: n for s, n in counts.items() if n > 2}


def test_the_example_says_no_sentence_more_than_twice(example_build: dict[str, Path]) -> None:
    html = _sentences(re.sub(r"<[^>]+>", "", _html_text(example_build["html"])))
    assert html and _repeated(html) == {}
    if "docx" in example_build:
        assert _repeated(_sentences(_docx_text(example_build["docx"]))) == {}


def _monitored_project(root: Path, n: int) -> None:
    (root / "indicators").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "reportgen.yaml").write_text(
        "authority: Test Council\ntitle: Test Scorecard\ncommittee: Test Committee\n"
        "meeting_date: 2023-11-14\nauthor: Test Team\n",
        encoding="utf-8",
    )
    entries = "".join(
        f"  - id: m{i}\n    title: Number of contacts of kind {i}\n    unit: count\n    polarity: none\n"
        "    basis: latest_quarter\n    frequency: quarterly\n"
        for i in range(n)
    )
    (root / "indicators" / "monitored.yaml").write_text(
        f"section: Monitored\nindicators:\n{entries}", encoding="utf-8"
    )
    rows = "".join(f"m{i},2023-24 Q1,{100 + i},,,\nm{i},2023-24 Q2,{120 + 3 * i},,,\n" for i in range(n))
    (root / "data" / "long.csv").write_text(
        "indicator,period,value,numerator,denominator,note\n" + rows, encoding="utf-8"
    )


@pytest.fixture(scope="module")
def monitored_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from reportgen.pipeline import build

    root = tmp_path_factory.mktemp("monitored")
    _monitored_project(root, 21)
    paths = build(root, "Q2-2023", output=root / "out", formats=("html", "docx"), cache=False)
    return {p.suffix.lstrip("."): p for p in paths}


def test_twenty_one_monitored_measures_are_explained_once_in_the_key(
    monitored_build: dict[str, Path],
) -> None:
    html = _sentences(re.sub(r"<[^>]+>", "", _html_text(monitored_build["html"])))
    docx = _sentences(_docx_text(monitored_build["docx"]))
    for counts in (html, docx):
        assert counts[MONITORED] == 0
        assert _repeated(counts) == {}
    text = _docx_text(monitored_build["docx"])
    assert text.count(POLARITY_MEANINGS["none"]) == 1
    assert "This report covers 21 indicators for Quarter 2 2023/24." in text
