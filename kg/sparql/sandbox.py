"""Run work where it can be stopped: in a forked child process that is killed
when it runs past its time or its memory, or on Ctrl-C.

Oxigraph cannot cancel a query, holds on to the thread that runs it, and does
not look at signals while it evaluates; a deep enough query overflows its
stack. In a child of its own a query can be killed at once, and a crash is
the child's, not the caller's. The child inherits the caller's store by fork
(no copy is made until either writes); its answer comes back over a pipe, as
JSON (``kg query`` starts in a tenth of a second: no pickle, no socket here).
"""
from __future__ import annotations

import faulthandler
import gc
import json
import os
import select
import signal
import struct
import time
from typing import TYPE_CHECKING, Callable, Optional, Union

from ..errors import KgError

if TYPE_CHECKING:
    import socket

_LENGTH = struct.Struct("!Q")
POLL_SECONDS = 0.02  # how often a running child's memory is looked at
MIB = 1024 * 1024


class Stopped(Exception):
    """The work was stopped (past its time or memory) or its process died; ``reason`` says which."""

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "timeout", "memory" or "crash"


def machine_memory() -> Optional[int]:
    """The machine's physical memory in bytes, where the system says it."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def resident_bytes(pid: int) -> Optional[int]:
    """The resident memory of process ``pid`` (Linux /proc), None where unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


Channel = Union[int, "socket.socket"]  # a file descriptor, or anything with fileno()


def _fd(channel: Channel) -> int:
    return channel if isinstance(channel, int) else channel.fileno()


def send_message(channel: Channel, payload: bytes) -> None:
    data = memoryview(_LENGTH.pack(len(payload)) + payload)
    while data:
        data = data[os.write(_fd(channel), data):]


def receive_message(channel: Channel, pid: Optional[int] = None, timeout: Optional[float] = None,
                    max_memory: Optional[int] = None) -> bytes:
    """One message from ``channel``, sent by process ``pid``; raises Stopped when it
    takes more than ``timeout`` seconds or ``pid`` grows more than ``max_memory``
    bytes above its size now (the caller then kills it), or EOFError when the
    other side closed."""
    fd = _fd(channel)
    deadline = None if timeout is None else time.monotonic() + timeout
    ceiling = None
    if max_memory is not None and pid is not None:
        start = resident_bytes(pid)
        ceiling = None if start is None else start + max_memory
    buffer = bytearray()
    wanted = _LENGTH.size
    header_read = False
    while True:
        while len(buffer) < wanted:
            wait = POLL_SECONDS if ceiling is not None else None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Stopped(f"it ran longer than {timeout:g} s (--timeout)", "timeout")
                wait = left if wait is None else min(wait, left)
            readable, _, _ = select.select([fd], [], [], wait)
            if readable:
                chunk = os.read(fd, min(wanted - len(buffer), 1 << 20))
                if not chunk:
                    raise EOFError("the other side closed")
                buffer += chunk
            if ceiling is not None:
                size = resident_bytes(pid)
                if size is not None and size > ceiling:
                    raise Stopped(f"it needed more than {max_memory // MIB:,} MiB of memory (--max-memory)", "memory")
        if header_read:
            return bytes(buffer[_LENGTH.size:wanted])
        wanted = _LENGTH.size + _LENGTH.unpack(buffer[: _LENGTH.size])[0]
        header_read = True


def death_reason(status: int) -> str:
    """Why a child with wait status ``status`` ended, in words."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"the query engine crashed on it ({name})"
    return f"the query engine exited with status {os.WEXITSTATUS(status)}"


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_stoppable(work: Callable[[], object], timeout: Optional[float] = None, max_memory: Optional[int] = None):
    """``work()``'s value, computed in a forked child; Stopped when it runs past
    ``timeout`` seconds or ``max_memory`` bytes of new memory, or when it dies.
    A KgError it raises is raised here, any other exception as a RuntimeError
    naming it; Ctrl-C kills it.

    The value must be JSON (it crosses from the child to this process only).
    Where there is no fork, ``work`` runs here, unbounded."""
    if not hasattr(os, "fork"):
        return work()
    ours, theirs = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            faulthandler.disable()  # a crash is the parent's to report
            gc.disable()  # a short life: a collection would touch, and so copy, every page of the parent's heap
            os.close(ours)
            send_message(theirs, _outcome(work))
        finally:
            os._exit(0)
    os.close(theirs)
    try:
        data = receive_message(ours, pid, timeout, max_memory)
    except EOFError:
        _, status = os.waitpid(pid, 0)
        raise Stopped(death_reason(status), "crash") from None
    except BaseException:  # past its limits, or Ctrl-C: stop it now
        kill(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(ours)
    os.waitpid(pid, 0)
    outcome = json.loads(data)  # written by our own child just above
    if "value" in outcome:
        return outcome["value"]
    if "code" in outcome:
        raise KgError(outcome["code"], **outcome["details"])
    raise RuntimeError(outcome["error"])


def _outcome(work: Callable[[], object]) -> bytes:
    try:
        outcome = {"value": work()}
    except KgError as err:
        outcome = {"code": err.code, "details": {k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
                                                 for k, v in err.details.items()}}
    except Exception as err:  # noqa: BLE001 (handed to the parent, which raises it)
        outcome = {"error": f"{type(err).__name__}: {err}"}
    return json.dumps(outcome).encode("utf-8")
