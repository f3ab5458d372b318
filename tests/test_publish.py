"""Publishing: the output folder is replaced whole or not at all, and one build writes it at a time."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen import publish
from reportgen.errors import ReportgenError
from reportgen.pipeline import build
from tests.conftest import ROOT

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
STEM = "test-scorecard-q2-2023"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


@pytest.fixture
def previous(project: Path) -> dict[str, bytes]:
    """Return the bytes of an earlier build's output folder, with a file of the officer's own in it."""
    out = project / "output" / "Q2-2023"
    build(project, "Q2-2023", formats=("html", "json"))
    (out / "notes.txt").write_bytes(b"Sent to the clerk on Friday.\n")
    return snapshot(out)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "output").iterdir() if p.name != ".Q2-2023.lock")


def test_a_failed_format_leaves_the_previous_output_byte_identical(
    project: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_written(briefing: object, target: Path, reference: object = None) -> None:
        target.write_bytes(b"PK\x03\x04 half a document")
        raise RuntimeError("LibreOffice template corrupt")

    monkeypatch.setattr("reportgen.render.docx.render_docx", half_written)
    with pytest.raises(RuntimeError):
        build(project, "Q2-2023", formats=("html", "docx", "json"))
    assert snapshot(project / "output" / "Q2-2023") == previous
    assert leftovers(project) == ["Q2-2023"]  # no staging folder either


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, publish.Terminated])
def test_an_interrupt_while_rendering_leaves_the_previous_output_byte_identical(
    project: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, interrupt: type[BaseException]
) -> None:
    def interrupted(briefing: object, target: Path) -> None:
        target.write_text('{"half": ', encoding="utf-8")
        raise interrupt()

    monkeypatch.setattr("reportgen.render.json.render_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(project, "Q2-2023", formats=("html", "json"))
    assert snapshot(project / "output" / "Q2-2023") == previous
    assert leftovers(project) == ["Q2-2023"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_a_library_swallows_still_stops_the_report(
    project: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    # lxml's import was seen to do this: Ctrl-C landed in it and the build went on to publish
    def swallowing(briefing: object, target: Path) -> None:
        try:
            signal.raise_signal(signum)  # to this thread: its handler runs before the next line
            for _ in range(1000):
                pass
        except KeyboardInterrupt:
            pass
        target.write_text("{}", encoding="utf-8")

    monkeypatch.setattr("reportgen.render.json.render_json", swallowing)
    with pytest.raises(KeyboardInterrupt):
        build(project, "Q2-2023", formats=("html", "json"))
    assert snapshot(project / "output" / "Q2-2023") == previous
    assert leftovers(project) == ["Q2-2023"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_held_while_the_staging_folder_is_made_removes_it(
    project: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    # CI saw this once: the signal, held while the folder was made, was raised as the hold ended,
    # before the block that removes the folder had begun
    make = publish._make_staging

    def signalled_while_held(*args: object) -> str:
        stage = make(*args)  # type: ignore[arg-type]
        os.kill(os.getpid(), signum)  # held: it is raised the moment the hold ends
        return stage

    monkeypatch.setattr(publish, "_make_staging", signalled_while_held)
    with pytest.raises(KeyboardInterrupt):
        build(project, "Q2-2023", formats=("html", "json"))
    assert snapshot(project / "output" / "Q2-2023") == previous
    assert leftovers(project) == ["Q2-2023"]


def test_a_build_replaces_what_it_writes_and_keeps_everything_else(
    project: Path, previous: dict[str, bytes]
) -> None:
    out = project / "output" / "Q2-2023"
    (project / "reportgen.yaml").write_text(
        (project / "reportgen.yaml").read_text(encoding="utf-8").replace("Test Council", "Other Council"),
        encoding="utf-8",
    )
    paths = build(project, "Q2-2023", formats=("json",))
    assert paths == [out / "report.json"]
    now = snapshot(out)
    assert sorted(now) == ["notes.txt", "report.json", f"{STEM}.html"]
    assert now["notes.txt"] == previous["notes.txt"]
    assert now[f"{STEM}.html"] == previous[f"{STEM}.html"]  # a format not built this time stays
    assert now["report.json"] != previous["report.json"] and b"Other Council" in now["report.json"]
    assert leftovers(project) == ["Q2-2023"]


def test_the_swap_works_where_the_system_cannot_exchange_folders(
    project: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "exchange", lambda *_args: False)
    build(project, "Q2-2023", formats=("json",))
    assert sorted(snapshot(project / "output" / "Q2-2023")) == sorted(previous)
    assert leftovers(project) == ["Q2-2023"]


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    if not publish.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this kernel or filesystem has no RENAME_EXCHANGE (the rename-aside path is tested)")
    assert (tmp_path / "b" / "from-a").exists() and not any((tmp_path / "a").iterdir())


def test_a_second_build_of_the_same_folder_is_refused_while_the_first_runs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = project / "output"
    output.mkdir()
    monkeypatch.chdir(project)
    with open(output / ".Q2-2023.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the first build holds it
        with pytest.raises(ReportgenError) as info:
            build(project, "Q2-2023", formats=("json",))
    assert str(info.value) == (
        "another build is writing output/Q2-2023 (lock output/.Q2-2023.lock); try again when it finishes"
    )
    assert sorted(p.name for p in output.iterdir()) == [".Q2-2023.lock"]
    build(project, "Q2-2023", formats=("json",))  # released: the next build goes ahead


def test_the_cli_refuses_a_second_build_in_one_line(project: Path) -> None:
    output = project / "output"
    output.mkdir()
    with open(output / ".Q2-2023.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = subprocess.run(
            [sys.executable, "-m", "reportgen.cli", "build", "Q2-2023", "--format", "json"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr == (
        "reportgen: error: another build is writing output/Q2-2023 (lock output/.Q2-2023.lock); "
        "try again when it finishes\n"
    )


def test_an_output_folder_holding_folders_is_not_replaced(project: Path) -> None:
    out = project / "output" / "Q2-2023"
    (out / "archive").mkdir(parents=True)
    with pytest.raises(ReportgenError, match="holds the folder 'archive'"):
        build(project, "Q2-2023", formats=("json",))
    assert [p.name for p in out.iterdir()] == ["archive"]


def test_what_a_build_killed_outright_left_is_tidied_and_the_old_report_put_back(project: Path) -> None:
    output = project / "output"
    (output / ".Q2-2023.stage-dead").mkdir(parents=True)
    (output / ".Q2-2023.stage-dead" / "report.json").write_text("{", encoding="utf-8")
    old = output / ".Q2-2023.old-dead"  # killed between the two renames: no Q2-2023 at all
    old.mkdir()
    (old / "notes.txt").write_text("mine\n", encoding="utf-8")
    build(project, "Q2-2023", formats=("json",))
    assert leftovers(project) == ["Q2-2023"]
    assert sorted(p.name for p in (output / "Q2-2023").iterdir()) == ["notes.txt", "report.json"]


def test_the_output_folder_keeps_ordinary_permissions(project: Path, previous: dict[str, bytes]) -> None:
    out = project / "output" / "Q2-2023"
    out.chmod(0o750)
    build(project, "Q2-2023", formats=("json",))
    assert out.stat().st_mode & 0o777 == 0o750
    fresh = project / "fresh"
    build(project, "Q2-2023", output=fresh, formats=("json",))
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o777 & ~umask


# -- killing a real build ---------------------------------------------------------------------


def example_copy(tmp_path: Path) -> Path:
    """Return a copy of the shipped example project (its inputs only, not the repository)."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("reportgen.yaml", "risks.yaml"):
        shutil.copyfile(ROOT / name, root / name)
    for name in ("indicators", "data", "branding"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.mark.parametrize(
    ("signum", "when"),
    [(signal.SIGTERM, "staging folder appears"), (signal.SIGINT, "first document is written")],
)
def test_killing_a_build_midway_leaves_the_previous_output_intact(
    tmp_path: Path, signum: int, when: str
) -> None:
    root = example_copy(tmp_path)
    out = root / "output" / "Q2-2023"
    out.mkdir(parents=True)
    before = {"report.json": b'{"previous": true}\n', "notes.txt": b"Officer's own notes\n"}
    for name, data in before.items():
        (out / name).write_bytes(data)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "reportgen.cli", "build", "Q2-2023", "--project", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    while child.poll() is None and time.monotonic() - started < 60:
        staged = list((root / "output").glob(".Q2-2023.stage-*")) if (root / "output").is_dir() else []
        try:
            if staged and (when == "staging folder appears" or any(staged[0].iterdir())):
                break
        except FileNotFoundError:  # gone between the glob and the look inside
            pass
        time.sleep(0.005)
    assert child.poll() is None, "the build finished before it could be killed"
    child.send_signal(signum)
    _, err = child.communicate(timeout=60)
    assert child.returncode == (143 if signum == signal.SIGTERM else 130), err.decode()
    said = "stopped by SIGTERM" if signum == signal.SIGTERM else "interrupted"
    assert err.decode().splitlines()[-1] == f"reportgen: {said}; nothing was written"
    assert b"Traceback" not in err
    assert snapshot(out) == before
    assert sorted(p.name for p in (root / "output").iterdir()) == [".Q2-2023.lock", "Q2-2023"]
