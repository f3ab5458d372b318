"""The JSON Schema editors use is the one that validates indicator files."""

from __future__ import annotations

import json
import sys

import pytest

from reportgen import cli
from reportgen.indicators import Indicator


def test_schema_command_prints_the_indicator_file_schema(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["reportgen", "schema"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["section", "indicators"]
    indicator = schema["$defs"]["Indicator"]
    assert indicator["additionalProperties"] is False  # an editor flags a misspelt key too
    assert set(indicator["properties"]) == set(Indicator.model_fields)
    assert all(field.get("description") for field in indicator["properties"].values())
    assert indicator["properties"]["polarity"]["enum"] == ["higher", "lower", "target", "none"]


def test_schema_of_the_project_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["reportgen", "schema", "--config"])
    with pytest.raises(SystemExit):
        cli.main()
    schema = json.loads(capsys.readouterr().out)
    assert schema["required"] == ["authority", "title"]
    assert "sheets" in schema["properties"]
