"""Run work where it can be stopped: in a forked child process that is killed
when it runs past its time or its memory, or on Ctrl-C.

Oxigraph cannot cancel a query, holds on to the thread that runs it, and does
not look at signals while it evaluates; a deep enough query overflows its
stack. In a child of its own a query can be killed at once, and a crash is
the child's, not the caller's. The child inherits the caller's store by fork
(no copy is made until either writes); its answer comes back over a socket.
"""
from __future__ import annotations

import faulthandler
import os
import pickle
import select
import signal
import socket
import struct
import time
from typing import Callable, Optional

from .errors import KgError

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


def send_message(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_LENGTH.pack(len(payload)) + payload)


def receive_message(sock: socket.socket, pid: Optional[int] = None, timeout: Optional[float] = None,
                    max_memory: Optional[int] = None) -> bytes:
    """One message from ``sock``, sent by process ``pid``; raises Stopped when it
    takes more than ``timeout`` seconds or ``pid`` grows more than ``max_memory``
    bytes above its size now (the caller then kills it), or EOFError when the
    other side closed."""
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
            readable, _, _ = select.select([sock], [], [], wait)
            if readable:
                chunk = sock.recv(min(wanted - len(buffer), 1 << 20))
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
    Its exceptions (KgError among them) are raised here; Ctrl-C kills it.

    The value must pickle; it crosses from the child to this process only.
    Where there is no fork, ``work`` runs here, unbounded."""
    if not hasattr(os, "fork"):
        return work()
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            faulthandler.disable()  # a crash is the parent's to report
            ours.close()
            send_message(theirs, _outcome(work))
        finally:
            os._exit(0)
    theirs.close()
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
        ours.close()
    os.waitpid(pid, 0)
    ok, value = pickle.loads(data)  # written by our own child just above
    if ok:
        return value
    raise value


def _outcome(work: Callable[[], object]) -> bytes:
    try:
        return pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
    except KgError as err:
        return pickle.dumps((False, err))
    except Exception as err:  # noqa: BLE001 (handed to the parent, which raises it)
        try:
            return pickle.dumps((False, err))
        except Exception:  # an exception that does not pickle: its words do
            return pickle.dumps((False, RuntimeError(f"{type(err).__name__}: {err}")))
