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
import re
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
AT_FDCWD = -100  # "relative to the working folder", for renameat2
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_TOKEN = re.compile(r"[0-9a-f]+")  # the random part of a staging folder's name: hex, no dot


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where it lands, so a build cleans up exactly as it does on Ctrl-C."""


@contextmanager
def publishing(out_dir: Path) -> Iterator[Path]:
    """Lock ``out_dir``, yield an empty staging folder beside it, and swap it in when the block succeeds.

    Files in the old folder that the build did not write (formats not built this time, or the
    officer's own files, including any saved while the build ran) are kept in the new one. The
    new folder has the old one's owner, group and mode, setgid bit included. On any exception the
    staging folder is removed and ``out_dir`` is untouched.

    Everything is done by name inside the parent folder, opened once: the output folder, the
    lock and the leftovers of killed builds are never reached through a link, and nothing is
    found by a pattern (an output folder named ``[ab]`` touches nothing of ``a``'s).
    """
    name = _checked_name(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        parent = os.open(out_dir.parent, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError as exc:
        raise ReportgenError(f"cannot create {shown(out_dir.parent)}: {exc.strerror}") from None
    try:
        with _locked(parent, out_dir), _interrupts_as_exceptions():
            # the clean-up covers the staging folder from the moment it exists: a signal held while
            # it was made is raised as soon as the hold ends, before any inner block could begin
            stage: str | None = None
            published = False
            try:
                with _signals_held():
                    _tidy(parent, name)
                    _check_replaceable(parent, name, out_dir)
                    stage = _make_staging(parent, name, out_dir)
                try:
                    yield out_dir.parent / stage
                    written = _names(parent, stage)
                    carried = _carry_over(parent, name, stage, out_dir)
                    with _signals_held():
                        _stop_if_interrupted()
                        _swap(parent, stage, name)
                        published = True
                        _PUBLISHED.append(out_dir)
                        _forget_pending()  # the new report is in place: a late Ctrl-C has nothing left to stop
                        _keep_late_files(parent, stage, name, written, carried)
                        shutil.rmtree(stage, ignore_errors=True, dir_fd=parent)  # the old folder, swapped out
                except OSError as exc:
                    if exc.errno is None:
                        raise
                    raise ReportgenError(f"cannot write {shown(out_dir)}: {exc.strerror}") from None
            finally:
                if stage is not None and not published:
                    with _signals_held():
                        shutil.rmtree(stage, ignore_errors=True, dir_fd=parent)
    finally:
        os.close(parent)


def _checked_name(out_dir: Path) -> str:
    """Return the output folder's own name; refuse one that has none (``/``) or is ``.`` or ``..``."""
    name = out_dir.name
    if name in ("", ".", "..") or out_dir.parent == out_dir:
        raise ReportgenError(
            f"expected an output folder inside another folder, such as output/Q2-2023; got {shown(out_dir)!r}"
        )
    return name


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
def _locked(parent: int, out_dir: Path) -> Iterator[None]:
    """Hold an exclusive flock on the output folder's lock file, or refuse at once if another build has it.

    The lock file is opened without following a link (one planted there would make a build,
    perhaps root's, create or lock any file it names) and must be a plain file. It stays after
    the build (removing it would let a third build lock a different file); the lock itself goes
    with the process, so a killed build never leaves it held.
    """
    path = lock_file(out_dir)
    flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC
    try:
        fd = os.open(path.name, flags, 0o644, dir_fd=parent)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReportgenError(
                f"expected the lock {shown(path)} to be a plain file; got a symbolic link (remove it)"
            ) from None
        raise ReportgenError(f"cannot create the lock {shown(path)}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReportgenError(
                f"expected the lock {shown(path)} to be a plain file; got something else (remove it)"
            )
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
_PUBLISHED: list[Path] = []  # output folders swapped in by this process


def interrupted_by() -> int | None:
    """Return the signal that interrupted the last publishing block, if one did."""
    return _INTERRUPTED[-1] if _INTERRUPTED else None


def published() -> Path | None:
    """Return the output folder this process last swapped in, if any (what an interrupt after it leaves)."""
    return _PUBLISHED[-1] if _PUBLISHED else None


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


def _leftovers(parent: int, name: str, kind: str) -> list[str]:
    """Return the names of staging (``stage``) or swapped-out (``old``) folders of ``name``, oldest name first."""
    prefix = f".{name}.{kind}-"
    return sorted(
        n for n in os.listdir(parent) if n.startswith(prefix) and _TOKEN.fullmatch(n[len(prefix) :])
    )


def _lstat(parent: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _is_folder(info: os.stat_result | None) -> bool:
    return info is not None and stat.S_ISDIR(info.st_mode)


def _tidy(parent: int, name: str) -> None:
    """Remove what a build killed outright (SIGKILL, power cut) left; we hold the lock, so it is dead."""
    old = [n for n in _leftovers(parent, name, "old") if _is_folder(_lstat(parent, n))]
    if old and _lstat(parent, name) is None:
        # killed between the two renames of a swap: put the old report back
        os.rename(old[-1], name, src_dir_fd=parent, dst_dir_fd=parent)
    for leftover in _leftovers(parent, name, "stage") + _leftovers(parent, name, "old"):
        if _is_folder(_lstat(parent, leftover)):  # never a link: rmtree would refuse one anyway
            shutil.rmtree(leftover, ignore_errors=True, dir_fd=parent)


def _open_folder(parent: int, name: str) -> int:
    return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)


def _check_replaceable(parent: int, name: str, out_dir: Path) -> None:
    """Refuse an output folder that is a link, a file or holds folders: not one reportgen can replace whole."""
    info = _lstat(parent, name)
    if info is None:
        return
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(name, dir_fd=parent)
        raise ReportgenError(
            f"expected an output folder at {shown(out_dir)}; got a symbolic link to {target} (a build replaces "
            "the folder whole, so it never writes through a link: build with --output set to the folder itself)"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise ReportgenError(f"expected an output folder at {shown(out_dir)}; got a file")
    folders = _folders_in(parent, name)
    if folders:
        raise ReportgenError(
            f"expected an output folder holding files only, as a build replaces it whole; "
            f"{shown(out_dir)} holds the folder {folders[0]!r} (move it, or build with --output elsewhere)"
        )


def _names(parent: int, name: str) -> set[str]:
    fd = _open_folder(parent, name)
    try:
        return set(os.listdir(fd))
    finally:
        os.close(fd)


def _folders_in(parent: int, name: str) -> list[str]:
    fd = _open_folder(parent, name)
    try:
        return sorted(n for n in os.listdir(fd) if _is_folder(_lstat(fd, n)))
    finally:
        os.close(fd)


def _make_staging(parent: int, name: str, out_dir: Path) -> str:
    """Create the staging folder beside the output folder, with its owner, group and mode; return its name.

    A new output folder gets what mkdir gives (0777 less the umask, and the parent's group when
    the parent is setgid). An existing one's owner and group are copied as far as this user may
    (root may give any; others their own groups), then its mode, setgid and sticky bits included.
    """
    old = _lstat(parent, name)
    while True:
        stage = f".{name}.stage-{secrets.token_hex(4)}"
        try:
            os.mkdir(stage, 0o700 if old is not None else 0o777, dir_fd=parent)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReportgenError(
                f"cannot create a folder in {shown(out_dir.parent)}: {exc.strerror}"
            ) from None
    if old is None:
        return stage
    fd = _open_folder(parent, stage)
    try:
        for owner, group in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
            try:
                os.fchown(fd, owner, group)
                break
            except PermissionError:
                continue
        os.fchmod(fd, stat.S_IMODE(old.st_mode))  # after chown, which clears setgid
    finally:
        os.close(fd)
    return stage


Carried = dict[str, tuple[int, int]]  # name -> (device, inode) of each file linked from the old folder


def _carry_over(parent: int, name: str, stage: str, out_dir: Path) -> Carried:
    """Link into the new folder every file of the old one the build did not write; return what was linked."""
    carried: Carried = {}
    if not _is_folder(_lstat(parent, name)):
        return carried
    old, new = _open_folder(parent, name), _open_folder(parent, stage)
    try:
        for entry in sorted(os.listdir(old)):
            if _lstat(new, entry) is not None:
                continue  # written by this build
            info = _lstat(old, entry)
            if info is None:
                continue
            if stat.S_ISDIR(info.st_mode):
                raise ReportgenError(
                    f"expected an output folder holding files only; {shown(out_dir)} gained the folder "
                    f"{entry!r} during the build"
                )
            _link_or_copy(old, new, entry)
            carried[entry] = (info.st_dev, info.st_ino)
    finally:
        os.close(old)
        os.close(new)
    return carried


def _link_or_copy(source: int, dest: int, entry: str) -> None:
    try:
        os.link(
            entry, entry, src_dir_fd=source, dst_dir_fd=dest, follow_symlinks=False
        )  # the same file, no copy
        return
    except OSError:
        pass  # another filesystem's rules (no hard links): a copy, never through a link
    info = os.stat(entry, dir_fd=source, follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(entry, dir_fd=source), entry, dir_fd=dest)
        return
    if not stat.S_ISREG(info.st_mode):
        return  # a FIFO or socket someone left there: not a file of the report's
    src = os.open(entry, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=source)
    try:
        dst = os.open(entry, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dest)
        try:
            while chunk := os.read(src, 1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(dst, view) :]
            os.fchmod(dst, stat.S_IMODE(info.st_mode))
        finally:
            os.close(dst)
    finally:
        os.close(src)


def _keep_late_files(parent: int, old_name: str, name: str, written: set[str], carried: Carried) -> None:
    """Move into the new folder what was saved into the old one after it was carried over.

    A file the officer saved (or saved again, as editors do by writing a new file) while the
    build ran is still in the swapped-out folder: it goes into the new one, unless it has a name
    the build itself wrote. A carried file the officer deleted meanwhile is deleted again.
    """
    old, new = _open_folder(parent, old_name), _open_folder(parent, name)
    try:
        present = set(os.listdir(old))
        for entry in sorted(present - written):
            info = _lstat(old, entry)
            if info is None or carried.get(entry) == (info.st_dev, info.st_ino):
                continue
            os.rename(entry, entry, src_dir_fd=old, dst_dir_fd=new)
        for entry in sorted(set(carried) - present):
            info = _lstat(new, entry)
            if info is not None and (info.st_dev, info.st_ino) == carried[entry]:
                os.unlink(entry, dir_fd=new)
    finally:
        os.close(old)
        os.close(new)


def _swap(parent: int, stage: str, name: str) -> None:
    """Put ``stage`` at ``name``; the old folder, if any, ends up at ``stage``."""
    if _lstat(parent, name) is None:
        os.rename(stage, name, src_dir_fd=parent, dst_dir_fd=parent)
        os.mkdir(stage, 0o700, dir_fd=parent)  # an empty "old folder", so what follows is the same
        return
    if exchange(Path(stage), Path(name), parent, parent):
        return
    # No atomic exchange here: rename the old folder aside first. A build killed outright between
    # the two renames leaves it at .<name>.old-*, which the next build puts back.
    aside = f".{name}.old-{stage.rsplit('-', 1)[-1]}"
    os.rename(name, aside, src_dir_fd=parent, dst_dir_fd=parent)
    os.rename(stage, name, src_dir_fd=parent, dst_dir_fd=parent)
    os.rename(aside, stage, src_dir_fd=parent, dst_dir_fd=parent)


def exchange(a: Path, b: Path, a_dir_fd: int = AT_FDCWD, b_dir_fd: int = AT_FDCWD) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); return False where that is unavailable.

    ``a`` and ``b`` are relative to the folders open as ``a_dir_fd`` and ``b_dir_fd`` when given.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rename_exchange = 2
    if renameat2(a_dir_fd, os.fsencode(a), b_dir_fd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # an old kernel, or a filesystem that cannot exchange
    raise OSError(code, os.strerror(code), str(b))
