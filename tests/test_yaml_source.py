"""Safe YAML: plain values only, hostile files refused quickly and in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen import yaml_source
from reportgen.errors import InputProblems
from reportgen.yaml_source import load_yaml


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    doc, found = load_yaml(path, "x.yaml")
    assert (doc is None) == bool(found)
    return [str(p) for p in found]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: !!python/object/apply:os.system ['echo hi']\n",
            "x.yaml:1: a: expected plain YAML values; got the tag '!!python/object/apply:os.system'",
        ),
        ("a: !!binary 'PHNjcmlwdD4='\n", "x.yaml:1: a: expected plain YAML values; got the tag '!!binary'"),
        ("a: !custom 1\n", "x.yaml:1: a: expected plain YAML values; got the tag '!custom'"),
        ("a: b\x00c\n", "x.yaml:1: expected plain text; got the control character U+0000"),
        ('a: "b\\0c"\n', "x.yaml:1: a: expected plain text; got the control character U+0000 at character 2"),
        (
            'a: "\\ud800"\n',
            # libyaml refuses a lone surrogate in its escape (PyYAML builds it and the builder refuses it)
            "x.yaml:1: expected valid YAML; got found invalid Unicode character escape code",
        ),
        (
            'a:\n  b: "x\u202ey"\n',
            "x.yaml:2: b: expected plain text; got the bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE "
            "at character 2, which makes text display in a different order from the one it is stored in",
        ),
        ("d: 2023-13-45\n", "x.yaml:1: d: expected a valid date; got '2023-13-45'"),
        ('a: !!int "abc"\n', "x.yaml:1: a: expected a whole number; got 'abc'"),
        ('a: !!bool "maybe"\n', "x.yaml:1: a: expected true or false; got 'maybe'"),
        ("a: " + "9" * 5000 + "\n", f"x.yaml:1: a: expected a whole number; got '{'9' * 60}…'"),
        ("? [a, b]\n: c\n", "x.yaml:1: expected plain keys; got a list or mapping as a key"),
        ("a: &a [*a]\n", "x.yaml:1: a: expected YAML nested at most 50 levels deep; got deeper"),
        (
            "a: " + "[" * 5000 + "]" * 5000 + "\n",
            "x.yaml:1: expected YAML nested at most 50 levels deep; got deeper",
        ),
    ],
)
def test_hostile_yaml_is_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    assert problems(tmp_path, text) == [message]


def test_an_alias_bomb_is_refused_after_a_bounded_number_of_values(tmp_path: Path) -> None:
    # 9**9 values once expanded; the loader stops after building MAX_NODES (a bound, not a stopwatch:
    # tests/test_hostile.py counts the values built)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert found == ["x.yaml: expected a YAML file of at most 50,000 values (aliases expanded); got more"]


def test_a_file_too_big_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with path.open("wb") as f:
        f.truncate(5_000_001)
    assert [str(p) for p in load_yaml(path, "x.yaml")[1]] == [
        "x.yaml: expected a YAML file of at most 5,000,000 bytes; got 5,000,001"
    ]


def test_plain_yaml_still_loads_with_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb:\n  - x\n  - 2023-11-14\nc: {d: 1.5, e: null, f: true}\n", encoding="utf-8")
    doc, found = load_yaml(path, "x.yaml")
    assert found == [] and doc is not None
    assert doc.data["b"][1].isoformat() == "2023-11-14"
    assert doc.data["c"] == {"d": 1.5, "e": None, "f": True}
    assert doc.lines[("b", 1)] == 4


def test_a_long_text_where_a_number_belongs_is_cut_as_every_refused_value_is(tmp_path: Path) -> None:
    # the schema's messages cut a text as the builder's do: 60 characters and an ellipsis
    from reportgen.indicators import load_sections

    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "x.yaml").write_text(
        "section: S\nindicators:\n  - id: x\n    title: T\n    unit: count\n    polarity: lower\n"
        "    basis: snapshot\n    frequency: quarterly\n    decimals: " + "a" * 5000 + "\n",
        encoding="utf-8",
    )
    with pytest.raises(InputProblems) as caught:
        load_sections(tmp_path, [])
    assert [str(p) for p in caught.value.problems] == [
        f"indicators/x.yaml:9: decimals: expected a whole number; got '{'a' * 60}…'"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "section: S\nitems:\n  - title: @home visits\n",
            'x.yaml:3: title: expected valid YAML; got a value starting with @, which must be in quotes: "@home visits"',
        ),
        (
            "title: `Front door` contacts\n",
            "x.yaml:1: title: expected valid YAML; got a value starting with `, which must be in quotes: "
            '"`Front door` contacts"',
        ),
        (
            'a: 1\ntitle: "Rate" per 10,000\nb: 2\n',
            'x.yaml:2: title: expected valid YAML; got text after a closing quote: "Rate" per 10,000 '
            "(quote the whole value)",
        ),
        (
            "a: 1\ndefinition: 'Children seen\nb: 2\n",
            "x.yaml:2: definition: expected valid YAML; got a ' that is never closed (end the value with ')",
        ),
        (
            'title: Contacts: "front door"\n',
            "x.yaml:1: title: expected valid YAML; got a colon and a space inside a value, which must then be in "
            "quotes: 'Contacts: \"front door\"'",
        ),
        (
            "section: S\nitems:\n\t- title: A\n",
            "x.yaml:3: title: expected valid YAML; got a tab in the indentation (indent with spaces)",
        ),
        (
            "a:\n  b: 1\n\tc: 2\n",
            "x.yaml:3: c: expected valid YAML; got a tab in the indentation (indent with spaces)",
        ),
        (
            "title: %  of visits\n",
            'x.yaml:1: title: expected valid YAML; got a value starting with %, which must be in quotes: "%  of visits"',
        ),
    ],
)
@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
def test_common_yaml_slips_are_explained_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: str, text: str, message: str
) -> None:
    # a bad file is read once, by whichever parser PyYAML has: the words must not depend on it
    if loader == "pure Python":
        monkeypatch.setattr(yaml_source, "FAST_LOADER", yaml.SafeLoader)
    else:
        assert yaml_source.FAST_LOADER is yaml.CSafeLoader  # the wheels we pin carry libyaml
    assert problems(tmp_path, text) == [message]


def test_a_slip_with_no_plain_explanation_keeps_the_parsers_words(tmp_path: Path) -> None:
    assert problems(tmp_path, "a: [1, 2\n") == [
        "x.yaml:2: expected valid YAML; got did not find expected ',' or ']'"
    ]
