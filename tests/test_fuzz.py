"""The fuzzing targets (tests/fuzzing.py) run briefly and derandomized: one-line errors only, nothing else.

`make fuzz` runs the same targets for ten minutes and checks the time each input takes per
megabyte; here nothing is timed, so the suite's speed on a busy machine cannot fail it.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import TARGETS, Record, run_target


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_loader_returns_or_gives_a_one_line_error(name: str) -> None:
    record = Record()
    run_target(TARGETS[name], 30, True, record)  # Hypothesis raises what is not a ReportgenError
    assert record.examples == 30
    assert record.failures == []
