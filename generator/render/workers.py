"""Rendering on every core: a build's jobs shared among forked worker processes.

Rendering is a pure function of the checked briefings, so a job (a page, a group of pages,
an export) gives the same bytes in whichever process runs it. The jobs are shared out by
their estimated cost (longest first, each to the least loaded worker: the same shares for
the same briefings, whatever the timing); each worker is a fork of the build, so it starts
with the model, the views and the templates already in memory and copies nothing in. It
stages its jobs' files for writing itself (or, for `render`, sends them back) and keeps the
pieces it rendered (for the cache) in a spill file the parent made for it, and sends back,
pickled through a pipe, what it staged and where each piece is; the parent runs its own
share meanwhile, then takes every job's files in the jobs' order, so the site is byte for
byte what one process makes. A worker that fails, for
any reason, has its share run again in the parent, where an error is raised as it would
be in one process.

Only where `os.fork` exists, and only from a process that runs no other threads (the CLI;
not `serve`, whose server threads could hold locks at the moment of the fork).
"""

from __future__ import annotations

import os
import pickle
from itertools import islice
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable

from .memo import Memo
from .spill import Spill

Item = tuple[PurePosixPath, bytes]
Job = tuple[int, Callable[[], Iterable[Item]]]  # estimated cost, and what makes its files
Put = Callable[[Iterable[Item]], Any]  # what becomes of a job's files, in the process that made them


def shares(costs: list[int], workers: int) -> list[list[int]]:
    """The jobs' indexes for each worker: longest first, each to the least loaded; each
    share in job order."""
    loads = [[0, w, []] for w in range(workers)]
    for index in sorted(range(len(costs)), key=lambda i: -costs[i]):
        least = min(loads, key=lambda load: (load[0], load[1]))
        least[0] += costs[index]
        least[2].append(index)
    return [sorted(load[2]) for load in loads]


def run(jobs: list[Job], memo: Memo, workers: int = 1, put: Put = list) -> list:
    """What `put` made of each job's files, in job order; run in `workers` processes (this one
    among them), `put` in the process that ran the job (by default, the files themselves)."""
    if workers <= 1 or len(jobs) < 2 or not hasattr(os, "fork"):
        return [put(make()) for _, make in jobs]
    parts = shares([cost for cost, _ in jobs], workers)
    before, hits, misses = len(memo.new), memo.hits, memo.misses
    children = []
    for share in parts[1:]:
        if share:
            spill = memo.new_spill() if memo.path else None  # made here, so that this process can read it
            children.append((_fork(jobs, share, memo, before, hits, misses, put, spill), share, spill))
    done = {index: put(jobs[index][1]()) for index in parts[0]}
    for (pid, pipe), share, spill in children:
        sent = _receive(pipe, pid)
        if sent is None:
            done.update({index: put(jobs[index][1]()) for index in share})
            continue
        files, pieces, child_hits, child_misses, spilled = sent
        done.update(files)
        memo.new.update(pieces)
        memo.hits += child_hits
        memo.misses += child_misses
        if spill is not None:
            spill.written_elsewhere(spilled)
    return [done[index] for index in range(len(jobs))]


def _fork(jobs: list[Job], share: list[int], memo: Memo, before: int, hits: int, misses: int, put: Put, spill: Spill | None) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    code = 1
    try:
        memo.spill = spill
        files = {index: put(jobs[index][1]()) for index in share}
        pieces = list(islice(memo.new.items(), before, None))  # what this worker added: where each was spilled, or small ones
        if spill is not None:
            spill.flush()
        with os.fdopen(write, "wb") as pipe:
            pickle.dump((files, pieces, memo.hits - hits, memo.misses - misses, spill.size if spill else 0), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


def _receive(pipe: int, pid: int):
    """What a worker sent, or None if it failed."""
    try:
        with os.fdopen(pipe, "rb") as stream:
            sent = pickle.load(stream)
    except Exception:  # a worker that died sends a cut-short pickle, or nothing
        sent = None
    _, status = os.waitpid(pid, 0)
    return sent if status == 0 else None


def workers_for(facts: int, wanted: int = 0) -> int:
    """How many processes to render in: `wanted`, or (0) one per core the build may use once
    the briefings are large enough to repay a fork (a few thousand facts)."""
    if wanted:
        return wanted
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, 4) if facts >= 3000 else 1
