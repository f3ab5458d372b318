"""The one cache: drawn charts and laid-out documents, named by a hash of what made them.

It lives in the project's ``.reportgen-cache/`` (``charts/`` and ``documents/``), is bounded in
size (the oldest entries go first), and is never trusted: nothing in it is followed if it is a
link, read if it is not a regular file or is too big, or used unless it starts as its kind of
file does. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .briefing import Briefing
    from .render import Format

FOLDER = ".reportgen-cache"
KINDS = ("charts", "documents")
MAX_BYTES = 256 * 1024 * 1024  # the whole cache; a 400-indicator pack needs about 40 MB
MAX_FILE_BYTES = 128 * 1024 * 1024  # one entry: far beyond any report
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class Cache:
    """A project's cache folder, or no cache at all (``root`` None)."""

    def __init__(self, root: Path | None, max_bytes: int = MAX_BYTES) -> None:
        self.folder = root / FOLDER if root is not None else None
        self.max_bytes = max_bytes

    @property
    def enabled(self) -> bool:
        """Return whether anything is kept."""
        return self.folder is not None

    def _open_dir(self, kind: str, create: bool) -> int | None:
        """Return a descriptor of the kind's folder, refusing links; None when it cannot be had."""
        if self.folder is None or kind not in KINDS:
            return None
        flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
        try:
            if create:
                try:
                    os.mkdir(self.folder, 0o700)
                except FileExistsError:
                    pass
            top = os.open(self.folder, flags)
        except OSError:
            return None
        try:
            if create:
                try:
                    os.mkdir(kind, 0o700, dir_fd=top)
                except FileExistsError:
                    pass
            return os.open(kind, flags, dir_fd=top)
        except OSError:
            return None
        finally:
            os.close(top)

    def read(self, kind: str, name: str, signature: bytes = b"") -> bytes | None:
        """Return an entry's bytes, or None when there is none (or it is not to be trusted)."""
        if not _plain_name(name):
            return None
        folder = self._open_dir(kind, create=False)
        if folder is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK, dir_fd=folder)
        except OSError:
            os.close(folder)
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES or info.st_size == 0:
                return None
            chunks = []
            left = info.st_size
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            data = b"".join(chunks)
            if not data.startswith(signature):
                return None
            try:
                os.utime(name, dir_fd=folder, follow_symlinks=False)  # recently used: pruned last
            except OSError:
                pass
            return data
        except OSError:
            return None
        finally:
            os.close(fd)
            os.close(folder)

    def write(self, kind: str, name: str, data: bytes) -> None:
        """Keep an entry: written to a new private file, then renamed over the name (never through a link)."""
        if not _plain_name(name) or not data:
            return
        folder = self._open_dir(kind, create=True)
        if folder is None:
            return
        temp = f".{secrets.token_hex(8)}.tmp"
        try:
            fd = os.open(
                temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=folder
            )
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:
            try:
                os.unlink(temp, dir_fd=folder)
            except OSError:
                pass
        finally:
            os.close(folder)

    def prune(self) -> None:
        """Remove the oldest entries until the cache is within its size, and anything not a plain file."""
        entries: list[tuple[float, int, int, str]] = []  # mtime, size, folder, name
        folders = [fd for fd in (self._open_dir(kind, create=False) for kind in KINDS) if fd is not None]
        try:
            for folder in folders:
                for name in os.listdir(folder):
                    try:
                        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
                    except OSError:
                        continue
                    if not stat.S_ISREG(info.st_mode):
                        _remove(folder, name, info)  # a planted link or folder is never ours
                        continue
                    entries.append((info.st_mtime, info.st_size, folder, name))
            total = sum(size for _, size, _, _ in entries)
            for _mtime, size, folder, name in sorted(entries):
                if total <= self.max_bytes:
                    break
                try:
                    os.unlink(name, dir_fd=folder)
                    total -= size
                except OSError:
                    pass
        finally:
            for folder in folders:
                os.close(folder)


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\0" not in name and not name.startswith(".")


def _remove(folder: int, name: str, info: os.stat_result) -> None:
    try:
        if stat.S_ISDIR(info.st_mode):
            return  # not ours to empty; a link to a folder is not a folder here (lstat)
        os.unlink(name, dir_fd=folder)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.EPERM, errno.EACCES):
            raise


def digest(*parts: bytes | str) -> str:
    """Return a stable hash of the parts, for naming entries."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:40]


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """Return a hash of reportgen's code and shipped templates (computed once per process)."""
    if not _FINGERPRINT:
        from .render.html import package_templates

        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        files = sorted([*here.rglob("*.py"), *package_templates().glob("*")])
        for path in files:
            if path.is_file():
                h.update(path.relative_to(path.parents[1]).as_posix().encode() + b"\0" + path.read_bytes())
        _FINGERPRINT.append(h.hexdigest())
    return _FINGERPRINT[0]


def briefing_fingerprint(briefing: Briefing) -> str:
    """Return a hash of the whole briefing: every word, figure and chart key.

    Its repr leaves out the pictures, which the chart keys name, so a briefing whose charts
    are only planned has the same fingerprint as the one with them drawn.
    """
    return digest(repr(briefing))


def document_key(fmt: Format, fingerprint: str, project: Path | None, reference: Path | None) -> str:
    """Return the cache name of a document: a hash of everything that decides its bytes.

    That is the briefing (``briefing_fingerprint``), the project's own templates, the Word
    reference document, reportgen's code and the version of the library that writes the
    format. It is never made from a rendering, which a project's template could make leave
    something out.
    """
    from importlib.metadata import version

    from .files import read_bounded

    parts: list[bytes | str] = [fmt.name, code_fingerprint(), version(fmt.library) if fmt.library else ""]
    parts.append(fingerprint)
    own = project / "templates" if project is not None else None
    if own is not None and own.is_dir() and not own.is_symlink():
        # every file a stylesheet may fetch, folders included (fonts/, images/), never through a link
        for folder, _dirs, names in sorted(os.walk(own)):
            for name in sorted(names):
                path = Path(folder) / name
                if stat.S_ISREG(path.lstat().st_mode):
                    parts += [path.relative_to(own).as_posix(), read_bounded(path, MAX_FILE_BYTES)]
    if fmt.name == "docx" and reference is not None:
        parts.append(read_bounded(reference, MAX_FILE_BYTES))
    return digest(*parts)
