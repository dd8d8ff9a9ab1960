"""Reading and writing files safely: only regular files are read, never more
than a byte limit; writes are atomic, with the mode the user's umask gives.

A corpus or a cache folder may hold anything: a named pipe (opening it for
reading waits for a writer), a link to ``/dev/zero`` (reports size 0, never
ends), a file that grows while it is read. Reads open without blocking, check
what was opened, and stop one byte past the limit.
"""
from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_CHUNK = 1 << 20
_UMASK_LOCK = threading.Lock()
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


class NotRegularFile(OSError):
    """The path is a pipe, a device, a socket or a folder (``kind`` says which)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind


class TooLarge(OSError):
    """The file holds more than the byte limit; ``size`` is what stat said (None when it lied)."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.size, self.limit = size, limit


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe")."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_regular_file(path: str | os.PathLike, max_bytes: int, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``: at most ``max_bytes``, else TooLarge.

    Raises NotRegularFile for anything else (checked on what was opened, not on
    the name, so a file swapped for a pipe meanwhile is caught too) and OSError
    when it cannot be opened. ``follow_links=False`` refuses symbolic links.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    before = os.stat(path, follow_symlinks=follow_links)
    if not stat.S_ISREG(before.st_mode):  # do not even open it: opening a device can act
        raise NotRegularFile(file_kind(before.st_mode))
    if before.st_size > max_bytes:
        raise TooLarge(before.st_size, max_bytes)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegularFile(file_kind(opened.st_mode))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise TooLarge(None, max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process's umask (reading it means setting it: done under a lock)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def write_bytes_atomic(path: str | os.PathLike, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary file in its folder and a rename.

    The file gets the mode a plain ``open()`` would give (0666 less the umask:
    0644 under umask 022), not the 0600 of temporary files, so that the user's
    other tools (a triplestore, a web server) can read it. On any exception,
    Ctrl-C included, the temporary file is removed: the target is either the
    old file or the whole new one. ``durable`` syncs to disk before the rename.
    Raises OSError.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent)  # short: NAME_MAX
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~current_umask())
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
