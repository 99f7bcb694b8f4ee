"""Rendering on every core: a build's jobs shared among forked worker processes.

Rendering is a pure function of the checked briefings, so a job (a page, a group of pages,
an export) gives the same bytes in whichever process runs it. The jobs wait in a queue,
longest (by estimated cost) first, and each process, this one among them, takes the next
as soon as it is free: the estimates only order the queue, so a job that costs more than
its estimate says leaves no process idle while another has several still to do. Each
worker is a fork of the build, so it starts with the model, the views and the templates
already in memory and copies nothing in. It stages the files of the jobs it took for
writing itself (or, for `render`, sends them back), keeps the pieces it rendered (for the
cache) in a spill file the parent made for it, and sends back, pickled through a pipe, what
became of each job's files and where each piece is. The parent then takes every job's files
in the jobs' order, so the site is byte for byte what one process makes, whichever process
ran which job. A worker that fails, for any reason, has the jobs it took run again in the
parent, where an error is raised as it would be in one process.

The queue is a pipe holding each job's number as 4 bytes, filled before the fork: a read
of 4 bytes from a pipe is never split, so each job goes to one process alone.

Only where a fork is safe (forked.py's `can_fork`), as for the PDF's workers.
"""

from __future__ import annotations

import os
import pickle
from itertools import islice
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable

from ..forked import can_fork, receive
from .memo import Memo
from .spill import Spill

Item = tuple[PurePosixPath, bytes]
Job = tuple[int, Callable[[], Iterable[Item]]]  # estimated cost, and what makes its files
Put = Callable[[Iterable[Item]], Any]  # what becomes of a job's files, in the process that made them
NUMBER = 4  # bytes of a job's number in the queue


def queue_order(costs: list[int]) -> list[int]:
    """The jobs' indexes as they are queued: longest first, ties in job order (so the
    jobs that would keep one process busy to the end start first)."""
    return sorted(range(len(costs)), key=lambda i: (-costs[i], i))


def run(jobs: list[Job], memo: Memo, workers: int = 1, put: Put = list) -> list:
    """What `put` made of each job's files, in job order; run in `workers` processes (this one
    among them), `put` in the process that ran the job (by default, the files themselves)."""
    if workers <= 1 or len(jobs) < 2 or not can_fork():
        return [put(make()) for _, make in jobs]
    queue = _queue(queue_order([cost for cost, _ in jobs]))
    before, hits, misses = len(memo.new), memo.hits, memo.misses
    children = []
    for _ in range(min(workers, len(jobs)) - 1):
        spill = memo.new_spill() if memo.spilling else None  # made here, so that this process can read it
        children.append((_fork(jobs, queue, memo, before, hits, misses, put, spill), spill))
    done = _take(jobs, queue, put)
    os.close(queue)
    for (pid, pipe), spill in children:
        sent = receive(pipe, pid)
        if sent is None:
            continue  # its jobs are run again below
        files, pieces, child_hits, child_misses, spilled = sent
        done.update(files)
        memo.new.update(pieces)
        memo.hits += child_hits
        memo.misses += child_misses
        if spill is not None:
            spill.written_elsewhere(spilled)
    for index in range(len(jobs)):
        if index not in done:  # taken by a worker that failed
            done[index] = put(jobs[index][1]())
    return [done[index] for index in range(len(jobs))]


def _queue(order: list[int]) -> int:
    """A pipe holding the jobs' numbers in `order`, its writing end closed: the reading end."""
    read, write = os.pipe()
    data = b"".join(index.to_bytes(NUMBER, "little") for index in order)
    if len(data) > 60_000:  # past what a pipe holds before its writer blocks
        raise ValueError(f"{len(order):,} jobs is too many for one queue")
    os.write(write, data)
    os.close(write)
    return read


def _take(jobs: list[Job], queue: int, put: Put) -> dict[int, Any]:
    """Run jobs from the queue until it is empty: what `put` made of each one's files."""
    done = {}
    while len(number := os.read(queue, NUMBER)) == NUMBER:
        index = int.from_bytes(number, "little")
        done[index] = put(jobs[index][1]())
    return done


def _fork(jobs: list[Job], queue: int, memo: Memo, before: int, hits: int, misses: int, put: Put, spill: Spill | None) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    code = 1
    try:
        memo.spill = spill
        memo.spilling = spill is not None  # never a file of its own, which this process could not read
        files = _take(jobs, queue, put)
        pieces = list(islice(memo.new.items(), before, None))  # what this worker added: where each was spilled, or small ones
        if spill is not None:
            spill.flush()
        with os.fdopen(write, "wb") as pipe:
            pickle.dump((files, pieces, memo.hits - hits, memo.misses - misses, spill.size if spill else 0), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


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
