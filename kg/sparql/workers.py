"""A pool of worker processes for ``kg serve``: each answers one request at a
time and is killed when it runs past its time or its memory.

The server's threads never touch the store. A zygote, forked before any of
them exist, forks the workers: each inherits an in-memory store as it was at
start (copy-on-write, so the store is not copied), or opens an on-disk one
itself. Forking from the single-threaded zygote, never from the threaded
server, keeps a child from inheriting a lock another thread held.
"""
from __future__ import annotations

import faulthandler
import importlib
import json
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..errors import KgError
from .sandbox import Stopped, kill, receive_message, resident_bytes, send_message

STARTUP_SECONDS = 120.0  # opening an on-disk store may replay its log
_PID = struct.Struct("!i")


class Busy(Exception):
    """No worker became free in time."""


class WorkerDied(Exception):
    """The worker's process ended while it answered (a crash of the engine)."""


@dataclass
class _Worker:
    pid: int
    sock: socket.socket
    resident: Optional[int]  # its memory when it became ready


def _die_with_parent(parent: int) -> None:
    """Be killed when the process that forked this one ends (Linux), so that no
    query outlives the server."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


@dataclass(frozen=True)
class Recipe:
    """A function to call by name (``module:function``) in a fresh interpreter, with keyword arguments."""

    function: str
    arguments: dict = field(default_factory=dict)

    def __call__(self, *args):
        module, _, name = self.function.partition(":")
        return getattr(importlib.import_module(module), name)(*args, **self.arguments)


def _zygote_main(control: socket.socket, parent: int, open_store: Callable[[], object], handle: Callable) -> None:
    """Fork a worker each time the server asks, and hand it its end of a socket."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the system
        _die_with_parent(parent)
        while control.recv(1):
            ours, theirs = socket.socketpair()
            pid = os.fork()
            if pid == 0:
                control.close()
                ours.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _worker_main(theirs, os.getppid(), open_store, handle)
            theirs.close()
            socket.send_fds(control, [_PID.pack(pid)], [ours.fileno()])
            ours.close()
    finally:
        os._exit(0)


def _worker_main(sock: socket.socket, parent: int, open_store: Callable[[], object], handle: Callable) -> None:
    """Open the store, then answer requests one at a time until the server hangs up."""
    try:
        _die_with_parent(parent)
        faulthandler.disable()  # a crash is expected here at times, and reported by the server
        try:
            store = open_store()
        except KgError as err:
            send_message(sock, pickle.dumps(("failed", err)))
            return
        send_message(sock, pickle.dumps(("ready", None)))
        while True:
            try:
                request = pickle.loads(receive_message(sock))  # from the server, our own process
            except (EOFError, OSError):
                return
            send_message(sock, pickle.dumps(handle(store, request)))
    finally:
        os._exit(0)


def exec_zygote() -> None:
    """The zygote of a fresh interpreter (``python -c``): its recipe is in argv."""
    spec = json.loads(sys.argv[1])
    sys.path.insert(0, spec["path"])
    control = socket.socket(fileno=spec["fd"])
    _zygote_main(control, spec["parent"], Recipe(*spec["open"]), Recipe(spec["handle"]))


class WorkerPool:
    """Up to ``size`` workers; ``call(request, timeout)`` gives ``handle(store, request)``
    as computed by one of them, where ``store`` is what ``open_store()`` returned in it.

    ``open_store`` is either a function, run in workers forked from this process
    (they inherit what it returns, an in-memory store), or a Recipe, run in
    workers of a fresh interpreter: an on-disk store must be opened there, since
    RocksDB, once used in a process, leaves its forks without its threads.
    A worker past ``timeout`` seconds, or more than ``max_memory`` bytes over its
    size when the request came, is killed (Stopped); one that crashes raises
    WorkerDied. Either way the next request gets a fresh one.
    """

    def __init__(self, open_store: Callable[[], object] | Recipe, handle: str, size: int,
                 max_memory: Optional[int] = None) -> None:
        self.size = max(1, size)
        self.max_memory = max_memory
        self._idle: list[_Worker] = []
        self._workers: dict[int, _Worker] = {}  # every live worker, busy or idle, by pid
        self._live = 0
        self._closed = False
        self._ready = threading.Condition()
        self._control_lock = threading.Lock()
        self._control, theirs = socket.socketpair()
        self._process: Optional[subprocess.Popen] = None
        if isinstance(open_store, Recipe):
            spec = {"fd": theirs.fileno(), "parent": os.getpid(), "open": [open_store.function, open_store.arguments],
                    "handle": handle, "path": str(Path(__file__).resolve().parents[2])}  # the folder above kg/
            self._process = subprocess.Popen([sys.executable, "-c", "from kg.sparql.workers import exec_zygote; exec_zygote()",
                                              json.dumps(spec)], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
            self._zygote = self._process.pid
        else:
            parent = os.getpid()
            self._zygote = os.fork()
            if self._zygote == 0:
                self._control.close()
                _zygote_main(theirs, parent, open_store, Recipe(handle))
        theirs.close()

    # --- in the server ---

    def _spawn(self) -> _Worker:
        with self._control_lock:
            try:
                self._control.send(b"s")
                data, fds, _flags, _addr = socket.recv_fds(self._control, _PID.size, 1)
            except OSError as err:
                raise WorkerDied(f"the worker factory is gone ({err})") from err
        if not fds:
            raise WorkerDied("the worker factory is gone")
        pid = _PID.unpack(data)[0]
        sock = socket.socket(fileno=fds[0])
        try:
            status, detail = pickle.loads(receive_message(sock, pid, STARTUP_SECONDS))
        except (EOFError, OSError, Stopped) as err:
            kill(pid)
            sock.close()
            raise WorkerDied(f"a worker did not start ({err})") from err
        if status != "ready":
            sock.close()
            raise detail
        worker = self._workers[pid] = _Worker(pid, sock, resident_bytes(pid))
        return worker

    def _acquire(self, deadline: float) -> _Worker:
        with self._ready:
            while not self._idle and self._live >= self.size:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise Busy(f"all {self.size} query workers stayed busy")
                self._ready.wait(left)
            if self._idle:
                return self._idle.pop()
            self._live += 1
        try:
            return self._spawn()
        except BaseException:
            self._forget(None)
            raise

    def _forget(self, worker: Optional[_Worker], alive: bool = True) -> None:
        if worker is not None:
            if alive:
                kill(worker.pid)
            worker.sock.close()
            self._workers.pop(worker.pid, None)
        with self._ready:
            self._live -= 1
            self._ready.notify()

    def _release(self, worker: _Worker) -> None:
        grown = resident_bytes(worker.pid)
        if self.max_memory and worker.resident and grown and grown > worker.resident + self.max_memory // 4:
            return self._forget(worker)  # a fresh worker is smaller: memory stays flat
        with self._ready:
            if self._closed:
                return self._forget(worker)
            self._idle.append(worker)
            self._ready.notify()

    def call(self, request: object, timeout: float):
        deadline = time.monotonic() + timeout
        worker = self._acquire(deadline)
        try:
            send_message(worker.sock, pickle.dumps(request))
            reply = pickle.loads(receive_message(worker.sock, worker.pid, max(deadline - time.monotonic(), 0.001),
                                                 self.max_memory))
        except Stopped as err:
            self._forget(worker)
            if err.kind == "timeout":  # say the limit, not what was left of it after waiting for a worker
                raise Stopped(f"it ran longer than {timeout:g} s (--timeout)", "timeout") from None
            raise
        except (EOFError, OSError) as err:
            self._forget(worker, alive=False)
            raise WorkerDied("the worker's process ended while it answered") from err
        except BaseException:
            self._forget(worker)
            raise
        self._release(worker)
        return reply

    def processes(self) -> list[int]:
        """The pool's process ids: its zygote, then its live workers (for measuring them)."""
        return [self._zygote, *sorted(self._workers.copy())]

    def close(self) -> None:
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._ready.notify_all()
        for worker in idle:
            self._forget(worker)
        self._control.close()  # the zygote sees the end and leaves; its workers die with it
        if self._process is not None:
            self._process.wait()
            return
        try:
            os.waitpid(self._zygote, 0)
        except ChildProcessError:
            pass
