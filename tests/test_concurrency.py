"""The build's workers: forked with no thread running and no lock held, gone when the build goes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reportgen.concurrency import Mailbox, Workers
from reportgen.pipeline import build
from tests.conftest import ROOT


def test_every_fork_of_a_build_finds_no_other_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads_at_fork: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        threads_at_fork.append(threading.active_count())
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    build(ROOT, "Q2-2023", output=tmp_path / "out", formats=("pdf", "docx"), cache=False, workers=2)
    assert threads_at_fork and set(threads_at_fork) == {1}


def _echo_job(text: str, inbox: object) -> str:
    assert callable(inbox)
    return text + str(len(inbox()))


def test_a_message_bigger_than_a_pipe_is_posted_without_blocking() -> None:
    box = Mailbox()
    os.set_blocking(box.write_fd, False)  # a write that would wait raises instead of hanging the test
    big = b"y" * 2_000_000  # a pipe holds 64 KiB, and nobody is reading yet
    box.post(("post", big))
    assert box.receive() == ("post", big)
    box.close()


def test_a_background_job_gets_its_work_and_its_messages() -> None:
    with Workers(0, background="json") as workers:
        workers.start(_echo_job, "got ")
        workers.post(b"y" * 2_000_000)
        assert workers.job is not None and workers.job.result(timeout=60) == "got 2000000"


def test_the_mailbox_says_when_the_sender_has_gone() -> None:
    box = Mailbox()
    box.post(("hello",))
    os.close(box.write_fd)
    assert box.receive() == ("hello",)
    with pytest.raises(EOFError):
        box.receive()


WORKERS_THEN_DIE = """
import os, sys, time
from reportgen.concurrency import Workers
workers = Workers(2, background="json")
time.sleep(0.5)
print(" ".join(str(p) for p in workers.pool._processes), flush=True)
os.kill(os.getpid(), 9)
"""


def test_workers_die_with_a_build_killed_outright() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WORKERS_THEN_DIE], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == -signal.SIGKILL
    pids = [int(p) for p in result.stdout.split()]
    assert len(pids) == 3
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie is dead, waiting to be reaped
    except FileNotFoundError:
        return False


def _sleep(seconds: float, inbox: object) -> None:
    time.sleep(seconds)


def test_closing_stops_a_busy_worker_at_once() -> None:
    # a rebuild that finds the PDF in the cache must not wait for the worker it no longer needs
    workers = Workers(1, background="json")
    processes = list(workers.pool._processes.values())  # type: ignore[union-attr]
    workers.start(_sleep, 20)
    workers.close()
    assert not any(p.is_alive() for p in processes)
    # stopped, not finished: had close() waited for the job, the worker would have exited cleanly
    assert -signal.SIGTERM in [p.exitcode for p in processes]
