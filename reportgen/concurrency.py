"""The one place work runs on other cores: a build's pool of worker processes.

The pool is forked once, at the start of a build, while this process has no other thread and
holds no lock (publish.py's lock is taken afterwards), so no worker can inherit a lock or a
half-held mutex, and Python 3.12+ has no cause to warn that a fork may deadlock. One worker
may run a *background* job from the start: the PDF layout, which imports WeasyPrint at once
and is handed its briefing, and later its charts, through a ``Mailbox``. The others draw the
charts. Workers die with the build (Linux's parent-death signal), so a build killed outright
leaves none behind.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import signal
import struct
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import ReportgenError

_HEADER = struct.Struct("<QQ")  # where a message starts in the mailbox file, and its length
_MAILBOX: Mailbox | None = None  # a worker's own end of the mailbox (set by _start_worker)
PR_SET_PDEATHSIG = 1
INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


class Mailbox:
    """Messages from the build to its background job, without a thread and without blocking.

    A pipe holds 64 KiB, and the job reads only once its import is done, so a briefing written
    into a pipe would stall this process (or need a thread to write it). Messages go into an
    unlinked temporary file instead, and the pipe carries only their place in it: 16 bytes.
    Both are inherited by the workers when they are forked.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.read_fd, self.write_fd = os.pipe()
        self.offset = 0

    def post(self, message: object) -> None:
        """Send a message (pickled) to the background job."""
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        fd = self.file.fileno()
        view = memoryview(data)
        at = self.offset
        while view:
            written = os.pwrite(fd, view, at)
            view, at = view[written:], at + written
        os.write(self.write_fd, _HEADER.pack(self.offset, len(data)))
        self.offset += len(data)

    def receive(self) -> Any:
        """Wait for the next message; raise EOFError when the build has gone."""
        header = b""
        while len(header) < _HEADER.size:
            chunk = os.read(self.read_fd, _HEADER.size - len(header))
            if not chunk:
                raise EOFError("the build stopped sending")
            header += chunk
        offset, length = _HEADER.unpack(header)
        parts, fd = [], self.file.fileno()
        while length > 0:
            chunk = os.pread(fd, min(length, 1 << 24), offset)
            if not chunk:
                raise EOFError("the mailbox file was cut short")
            parts.append(chunk)
            offset, length = offset + len(chunk), length - len(chunk)
        return pickle.loads(b"".join(parts))

    def close(self) -> None:
        """Close this process's ends (once: a descriptor closed twice may be another's by then)."""
        fds, self.read_fd, self.write_fd = (self.read_fd, self.write_fd), -1, -1
        for fd in fds:
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.file.close()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the build that forked it dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the build died before the signal was asked for
        os._exit(1)


def _start_worker(parent: int, mailbox: Mailbox | None) -> None:
    global _MAILBOX
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the build stops a worker with SIGTERM
    signal.pthread_sigmask(signal.SIG_UNBLOCK, INTERRUPTS)  # held while the build forked it
    if mailbox is not None:
        os.close(mailbox.write_fd)  # so the job sees the end of messages when the build goes
    _MAILBOX = mailbox


def _background(preload: str) -> Any:
    """Import ``preload`` now, then run the job the build sends through the mailbox."""
    assert _MAILBOX is not None
    try:
        importlib.import_module(preload)
    except OSError:
        pass  # (WeasyPrint without Pango) the job itself says what is missing, in one line
    try:
        message = _MAILBOX.receive()
    except EOFError:
        return None
    if message[0] != "job":
        return None  # cancelled: the build needed nothing from it after all
    _, fn, args, kwargs = message
    mailbox = _MAILBOX

    def inbox() -> Any:
        return mailbox.receive()[1]

    return fn(*args, **kwargs, inbox=inbox)


def _noop() -> None:
    return None


class Workers:
    """A build's worker processes: ``count`` for charts, and one more for a background job."""

    def __init__(self, count: int, background: str | None = None) -> None:
        import multiprocessing

        self.count = count
        self.mailbox = Mailbox() if background else None
        # Ctrl-C and SIGTERM must reach this thread, which turns them into a clean stop: the pool's
        # own threads start with them blocked (a thread inherits the mask it was started with), so
        # the kernel never hands one to a thread that would leave it unanswered.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
        self.started = False
        self.closed = False
        self.job: Future[Any] | None = None
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=count + (1 if background else 0),
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(os.getpid(), self.mailbox),
            )
            # The first submit forks every worker (fork context), before any thread starts here.
            self.job = self.pool.submit(_background, background) if background else None
            if self.job is None:
                self.pool.submit(_noop)
        finally:
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)  # an interrupt held meanwhile is raised here
            except BaseException:
                # no one holds these workers yet: stop them, or the pool's thread keeps the build alive
                if hasattr(self, "pool"):
                    self.close()
                raise

    def start(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        """Hand the background job its work (it need not have finished its import)."""
        assert self.mailbox is not None and not self.started
        self.started = True
        self.mailbox.post(("job", fn, args, kwargs))

    def post(self, message: object) -> None:
        """Send the running job what it waits for through its ``inbox``."""
        assert self.mailbox is not None
        self.mailbox.post(("post", message))

    def wait(self, what: str) -> None:
        """Wait for the background job to finish and raise what it raised."""
        assert self.job is not None
        try:
            self.job.result()
        except ReportgenError:
            raise
        except BrokenProcessPool:
            raise ReportgenError(
                f"{what} stopped before it finished (out of memory, or killed); nothing was written"
            ) from None
        except MemoryError:
            raise ReportgenError(f"{what} ran out of memory; nothing was written") from None
        except OSError as exc:
            if exc.errno is None:
                raise RuntimeError(f"{what} failed in the background: {exc!r}") from exc
            # a full disk, a quota: the machine's state, not our bug
            raise ReportgenError(f"{what} could not write: {exc.strerror}; nothing was written") from None
        except Exception as exc:
            raise RuntimeError(f"{what} failed in the background: {exc!r}") from exc

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1) -> list[Any]:
        """Run ``fn`` over ``items`` on the chart workers and return the results in order."""
        return self.start_map(fn, items, chunksize)()

    def start_map(
        self, fn: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1
    ) -> Callable[[], list[Any]]:
        """Start ``fn`` over ``items`` now; return a function that waits for the results, in order."""
        results = self.pool.map(fn, items, chunksize=chunksize)  # every job is submitted here

        def collect() -> list[Any]:
            try:
                return list(results)
            except BrokenProcessPool:
                raise ReportgenError(
                    "a chart worker stopped before it finished (out of memory, or killed); nothing was written"
                ) from None

        return collect

    def submit(self, fn: Callable[..., Any], *args: object) -> Future[Any]:
        """Start one job on a worker (for example, importing what the charts need)."""
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        """Stop every worker now (a finished build, an error or an interrupt) and wait for them.

        Ctrl-C and SIGTERM are held meanwhile, so a second one cannot leave the pool half shut.
        """
        if self.closed:
            return
        self.closed = True
        held = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
        try:
            self._stop()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _stop(self) -> None:
        # the pool forgets its processes once shut down, so they are taken first
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        if self.mailbox is not None and self.job is not None and not self.started:
            try:
                self.mailbox.post(("cancel",))
            except OSError:
                pass
        terminate = getattr(self.pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
        else:
            for process in processes:
                if process.is_alive():
                    process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for process in processes:
            process.join()
        if self.mailbox is not None:
            self.mailbox.close()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
