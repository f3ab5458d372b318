"""Reading officers' files: regular files only, never blocking, read whole with a size cap.

Every loader reads through here (YAML, CSV, workbooks, the logo, the Word reference document,
the project's templates), so a FIFO cannot hang a build, a link to /dev/zero cannot fill its
memory, and a file that grows while it is read is cut off at its cap. Archives (workbooks, Word
files) are checked here too, before any parser opens them: their size once unzipped, how many
parts they have, how far each part expands and that no XML part declares a DTD.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

from .errors import ReportgenError
from .untrusted import unsafe_character

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
# Archives: far beyond any real workbook or Word file, small enough to refuse a bomb at once.
MAX_UNZIPPED_BYTES = 200_000_000
MAX_RATIO = 100  # unzipped to zipped, for a part above 1 MB; office XML compresses about 10:1
MAX_PARTS = 10_000
# Office XML never declares a DTD; one is there to define entities (the "billion laughs", or an
# external entity naming a file). The prolog comes first, so the start of each part shows it.
_DTD = tuple(m.encode(e) for m in ("<!DOCTYPE", "<!ENTITY") for e in ("utf-8", "utf-16-le", "utf-16-be"))
# What zipfile raises on a damaged archive (an encrypted part is a RuntimeError).
_BAD_ZIP = (OSError, EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error, zipfile.BadZipFile)


def kind_of(mode: int) -> str:
    """Return what a file that is not a regular file is, in words."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_bounded(path: Path, limit: int, follow_links: bool = True, noun: str = "file") -> bytes:
    """Return a regular file's bytes; raise ReportgenError if it is anything else or over ``limit`` bytes.

    The file is opened without blocking (a FIFO would wait for a writer for ever), checked to be
    a regular file on the descriptor it is read from (no race with a rename), and read at most
    ``limit`` + 1 bytes, so a file that grows meanwhile is refused rather than followed.
    ``noun`` names the file in the message about its size ("a YAML file of at most ...").
    """
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | (0 if follow_links else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_links and path.is_symlink():
            raise ReportgenError("expected a file; got a symbolic link") from None
        raise ReportgenError(f"cannot read the file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReportgenError(f"expected a regular file; got {kind_of(info.st_mode)}")
        if info.st_size > limit:
            raise ReportgenError(f"expected a {noun} of at most {limit:,} bytes; got {info.st_size:,}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ReportgenError(
                f"expected a {noun} of at most {limit:,} bytes; got more (it grew as it was read)"
            )
        return data
    except OSError as exc:
        raise ReportgenError(f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)


def unsafe_name(display: str) -> str | None:
    """Return what in a file's name cannot be shown as plain text (a control character, say), or None."""
    return unsafe_character(display)


def check_archive(data: bytes, noun: str = "workbook", readable: str = "") -> None:
    """Refuse a zip archive (a workbook, a Word file) that could not be a real one, before parsing it.

    The sizes come from the zip's directory; Python's zipfile never returns more than a part
    declares, so a part that lies about its size is cut short rather than let grow. ``noun``
    names the kind of file in messages, and ``readable`` what it is when it cannot be read at all
    (an Excel workbook, unless given).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_sizes(parts, noun)
            for part in parts:
                if not part.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(part) as stream:
                    head = stream.read(65_536)
                if any(marker in head for marker in _DTD):
                    raise ReportgenError(
                        f"expected a {noun} without a DTD; got one in {part.filename} "
                        "(entities are refused: they can expand without limit or name files)"
                    )
    except _BAD_ZIP as exc:
        raise ReportgenError(
            f"expected a readable {readable or _readable(noun)}; got {type(exc).__name__}: {_short(exc)}"
        ) from None


def _check_sizes(parts: list[zipfile.ZipInfo], noun: str) -> None:
    if len(parts) > MAX_PARTS:
        raise ReportgenError(f"expected a {noun} of at most {MAX_PARTS:,} parts; got {len(parts):,}")
    total = sum(p.file_size for p in parts)
    if total > MAX_UNZIPPED_BYTES:
        raise ReportgenError(
            f"expected a {noun} that unzips to at most {MAX_UNZIPPED_BYTES:,} bytes; got {total:,} "
            "(a zip bomb, or not a council's data)"
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size / max(part.compress_size, 1)
            raise ReportgenError(
                f"expected a {noun} whose parts unzip to at most {MAX_RATIO} times their size; got "
                f"{part.filename} at {ratio:,.0f} times (a zip bomb, or not a council's data)"
            )


def _readable(noun: str) -> str:
    return "Excel workbook" if noun == "workbook" else noun


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]
