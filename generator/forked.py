"""Work done in a forked child process, what it makes sent back pickled through a pipe.

Only where `os.fork` exists, and only from a process that runs no other threads (the CLI;
not `serve`, whose server threads could hold locks at the moment of the fork, nor `mkdocs
serve`): `can_fork`. A child that fails, for any reason, sends nothing usable, and the
caller does the work itself, where an error is raised as it would be without a child.
"""

from __future__ import annotations

import os
import pickle
import queue
import threading
from typing import Any, Callable


def can_fork() -> bool:
    """Whether a child may be forked here: a fork copies only the calling thread, so a lock
    another thread held at that moment (a logging or an import lock, a server's) would stay
    locked in the child for ever."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Talking:
    """A forked child that sends what it makes as it makes it (`talking`): the caller takes
    each value as it comes, pickled one after the other through one pipe."""

    def __init__(self, pipe: int, pid: int) -> None:
        self.stream, self.pid = os.fdopen(pipe, "rb"), pid

    def next(self) -> Any:
        """The next value the child sent, or None if it failed before sending it."""
        try:
            return pickle.load(self.stream)
        except Exception:  # a child that died sends a cut-short pickle, or nothing
            return None

    def end(self) -> bool:
        """Wait for the child; whether it ended well (having sent all it had to)."""
        self.stream.close()  # a child still sending gets a broken pipe, and ends
        _, status = os.waitpid(self.pid, 0)
        return status == 0


def talking(work: Callable[[Callable[[Any], None]], None], dumps: Callable[[Any], bytes | memoryview] = pickle.dumps) -> Talking:
    """`work(send)` begun in a forked child; each value it gives `send` is pickled with
    `dumps` and written to the caller by a thread of the child's, while `work` goes on: the
    caller can unpickle the first value while the child makes the next, and the child need
    not wait for the caller to read it all (a pipe holds 64 KiB)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return Talking(read, pid)
    os.close(read)
    code = 1
    try:
        sent: queue.SimpleQueue[bytes | memoryview | None] = queue.SimpleQueue()
        failed: list[OSError] = []
        writer = threading.Thread(target=_write_all, args=(write, sent, failed))
        writer.start()
        try:
            work(lambda value: sent.put(dumps(value)))
        finally:
            sent.put(None)
            writer.join()
        code = 1 if failed else 0
    finally:
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


def _write_all(fd: int, sent: queue.SimpleQueue, failed: list[OSError]) -> None:
    """Write each blob put in `sent` to `fd`, in order, until None (the GIL is let go while
    a write waits for the reader); a reader gone (a broken pipe) is put in `failed`."""
    with os.fdopen(fd, "wb", buffering=0) as pipe:
        while (blob := sent.get()) is not None:
            try:
                _write_blob(pipe, blob)
            except OSError as error:
                failed.append(error)
                return
            blob = None  # let go before waiting for the next: the first is the model, tens of MB


def _write_blob(pipe: Any, blob: bytes | memoryview) -> None:
    view = memoryview(blob)
    while view:
        view = view[pipe.write(view) :]


def receive(pipe: int, pid: int) -> Any:
    """What a child sent, or None if it failed (one value, read as `Talking` reads it)."""
    child = Talking(pipe, pid)
    sent = child.next()
    return sent if child.end() else None
