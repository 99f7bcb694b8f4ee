"""Work done in a forked child process, its result sent back pickled through a pipe.

Only where `os.fork` exists, and only from a process that runs no other threads (the CLI;
not `serve`, whose server threads could hold locks at the moment of the fork, nor `mkdocs
serve`): `can_fork`. A child that fails, for any reason, sends nothing usable, and the
caller does the work itself, where an error is raised as it would be without a child.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child may be forked here: a fork copies only the calling thread, so a lock
    another thread held at that moment (a logging or an import lock, a server's) would stay
    locked in the child for ever."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_child(work: Callable[[], T]) -> T | None:
    """What `work()` returns, done in a forked child; None if the child failed."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return receive(read, pid)
    os.close(read)
    code = 1
    try:
        result = work()
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


def receive(pipe: int, pid: int) -> Any:
    """What a child sent, or None if it failed."""
    try:
        with os.fdopen(pipe, "rb") as stream:
            sent = pickle.load(stream)
    except Exception:  # a child that died sends a cut-short pickle, or nothing
        sent = None
    _, status = os.waitpid(pid, 0)
    return sent if status == 0 else None
