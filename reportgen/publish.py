"""Publishing: a build's files replace the output folder all at once, or not at all.

A build writes every format into a staging folder beside the output folder, then swaps the
staging folder in whole, so a reader sees the old report or the new one, never a mix. A failed
format, Ctrl-C or SIGTERM removes the staging folder and leaves the old output byte for byte as
it was. A lock file beside the output folder stops a second build of the same folder meanwhile.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ReportgenError

HELD = {signal.SIGINT, signal.SIGTERM}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where it lands, so a build cleans up exactly as it does on Ctrl-C."""


@contextmanager
def publishing(out_dir: Path) -> Iterator[Path]:
    """Lock ``out_dir``, yield an empty staging folder beside it, and swap it in when the block succeeds.

    Files in the old folder that the build did not write (formats not built this time, or the
    officer's own files) are carried into the new one. On any exception the staging folder is
    removed and ``out_dir`` is untouched.
    """
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportgenError(f"cannot create {shown(out_dir.parent)}: {exc.strerror}") from None
    with _locked(out_dir), _interrupts_as_exceptions():
        with _signals_held():
            _tidy(out_dir)
            _check_replaceable(out_dir)
            staging = _make_staging(out_dir)
        published = False
        try:
            yield staging
            _carry_over(out_dir, staging)
            with _signals_held():
                _stop_if_interrupted()
                _swap(staging, out_dir)
                published = True
                _forget_pending()  # the new report is in place: a late Ctrl-C has nothing left to stop
                shutil.rmtree(staging, ignore_errors=True)  # the old folder, swapped out
        except OSError as exc:
            if exc.errno is None:
                raise
            raise ReportgenError(f"cannot write {shown(out_dir)}: {exc.strerror}") from None
        finally:
            if not published:
                with _signals_held():
                    shutil.rmtree(staging, ignore_errors=True)


def shown(path: Path) -> str:
    """Return a path as the officer typed it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def lock_file(out_dir: Path) -> Path:
    """Return the lock file of an output folder: output/.Q2-2023.lock beside output/Q2-2023."""
    return out_dir.parent / f".{out_dir.name}.lock"


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive flock on the output folder's lock file, or refuse at once if another build has it.

    The lock file stays after the build (removing it would let a third build lock a different
    file); the lock itself goes with the process, so a killed build never leaves it held.
    """
    path = lock_file(out_dir)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ReportgenError(f"cannot create the lock {shown(path)}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportgenError(
                f"another build is writing {shown(out_dir)} (lock {shown(path)}); try again when it finishes"
            ) from None
        yield
    finally:
        os.close(fd)


_INTERRUPTED: list[int] = []  # the signals that arrived during the block, in order


@contextmanager
def _interrupts_as_exceptions() -> Iterator[None]:
    """Turn SIGTERM (and Ctrl-C) into exceptions for the block, and remember that they came.

    SIGTERM is raised as ``Terminated``, so `kill` cleans up as Ctrl-C does. Both are also
    recorded, and the swap refuses to publish once one has arrived: an interrupt raised inside
    a library that swallows it (lxml's import does) still stops the report from going out.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; signals are delivered there anyway
        return

    def terminate(signum: int, _frame: object) -> None:
        _INTERRUPTED.append(signum)
        raise Terminated()

    def interrupt(signum: int, _frame: object) -> None:
        _INTERRUPTED.append(signum)
        raise KeyboardInterrupt

    _INTERRUPTED.clear()
    previous_term = signal.signal(signal.SIGTERM, terminate)
    # a Ctrl-C the shell told us to ignore (a background job) stays ignored
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        if previous_int is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous_int)


def _stop_if_interrupted() -> None:
    """Raise the interrupt that arrived earlier, if one did and was lost on the way."""
    if _INTERRUPTED:
        raise Terminated() if _INTERRUPTED[0] == signal.SIGTERM else KeyboardInterrupt


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, so a swap or a clean-up is never cut in half."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _forget_pending() -> None:
    """Discard a SIGINT or SIGTERM that arrived while held."""
    for _ in signal.sigpending() & HELD:
        signal.sigtimedwait(HELD, 0)


def _leftovers(out_dir: Path, kind: str) -> list[Path]:
    return sorted(out_dir.parent.glob(f".{out_dir.name}.{kind}-*"))


def _tidy(out_dir: Path) -> None:
    """Remove what a build killed outright (SIGKILL, power cut) left; we hold the lock, so it is dead."""
    old = [p for p in _leftovers(out_dir, "old") if p.is_dir()]
    if old and not out_dir.exists():
        old[-1].rename(out_dir)  # killed between the two renames of a swap: put the old report back
    for path in _leftovers(out_dir, "stage") + _leftovers(out_dir, "old"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _check_replaceable(out_dir: Path) -> None:
    """Refuse an output folder that is a file or holds folders: it is not one reportgen can replace whole."""
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if out_dir.is_symlink() or not out_dir.is_dir():
        raise ReportgenError(f"expected an output folder at {shown(out_dir)}; got a file or a link")
    folders = sorted(p.name for p in out_dir.iterdir() if p.is_dir() and not p.is_symlink())
    if folders:
        raise ReportgenError(
            f"expected an output folder holding files only, as a build replaces it whole; "
            f"{shown(out_dir)} holds the folder {folders[0]!r} (move it, or build with --output elsewhere)"
        )


def _make_staging(out_dir: Path) -> Path:
    """Create the staging folder beside ``out_dir``, with the permissions the output folder has."""
    while True:
        staging = out_dir.parent / f".{out_dir.name}.stage-{secrets.token_hex(4)}"
        try:
            staging.mkdir()  # 0777 less the umask, as a plain mkdir gives (mkdtemp would give 0700)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReportgenError(
                f"cannot create a folder in {shown(out_dir.parent)}: {exc.strerror}"
            ) from None
    if out_dir.is_dir():
        staging.chmod(stat.S_IMODE(out_dir.stat().st_mode))
    return staging


def _carry_over(out_dir: Path, staging: Path) -> None:
    """Link into the new folder every file of the old one the build did not write."""
    if not out_dir.is_dir():
        return
    for path in sorted(out_dir.iterdir()):
        target = staging / path.name
        if target.exists() or target.is_symlink():
            continue
        if path.is_dir() and not path.is_symlink():
            raise ReportgenError(
                f"expected an output folder holding files only; {shown(out_dir)} gained the folder "
                f"{path.name!r} during the build"
            )
        try:
            os.link(path, target, follow_symlinks=False)  # the same file, no copy
        except OSError:
            shutil.copy2(path, target, follow_symlinks=False)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` at ``out_dir``; the old folder, if any, ends up at ``staging``."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if exchange(staging, out_dir):
        return
    # No atomic exchange here: rename the old folder aside first. A build killed outright between
    # the two renames leaves it at .<name>.old-*, which the next build puts back.
    aside = out_dir.parent / f".{out_dir.name}.old-{staging.name.rsplit('-', 1)[-1]}"
    out_dir.rename(aside)
    staging.rename(out_dir)
    aside.rename(staging)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); return False where that is unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a filesystem that cannot exchange
    raise OSError(code, os.strerror(code), str(b))
