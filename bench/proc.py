"""One command in a fresh process, measured: wall seconds, cpu seconds, peak memory.

The cpu seconds are the child's user and system time together with those of every process it
waited for (Linux adds a reaped process's times to its parent's, so a tool that forks
workers is counted whole).

The peak memory is what the command's whole process tree held at its fullest: a sampler
thread reads, every few milliseconds, the proportional set size (PSS, /proc/PID/smaps_rollup)
of the child and of every process descended from it, and keeps the largest sum. PSS counts
a page shared by several processes (a forked worker's copy-on-write view of its parent's
model) once in all, split among them, where adding up each process's resident set size would
count it in each. Each process's own peak resident set size, as sampled, is kept as well
(`processes`, the child first). Where /proc cannot be read (not Linux), the figure is
the child's maximum resident set size alone, or the largest of its reaped children's, from
os.wait4, as it was before the sampler. On Linux a child's maximum resident set size starts
from its parent's peak (taken over at fork and exec), so the bench's own process stays
small: the heavy work it does that is not timed (generating briefings, reading pages) runs
in children too, through `json_of`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.prefix) / "bin"  # the environment the bench runs in: ./dev bench's .venv
PYTHON = BIN / "python"
BRIEFBOOK = BIN / "briefbook"
# The children's environment: bytecode is read (compiled by run.py before any timing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PROC = Path("/proc")
EVERY = 0.01  # seconds between samples of the process tree


@dataclass(frozen=True, slots=True)
class Run:
    """What one command cost."""

    wall: float  # seconds, start to exit
    cpu: float  # user + system seconds, the child and the processes it waited for
    mib: float  # peak memory of the whole process tree (sum of PSS), MiB
    stdout: str = ""
    processes: tuple[float, ...] = field(default=())  # each process's peak resident set, MiB: the child first

    def figures(self) -> dict:
        return {"wall": round(self.wall, 3), "cpu": round(self.cpu, 3), "mib": round(self.mib, 1), "processes": [round(m, 1) for m in self.processes]}


class Failed(Exception):
    """A command exited with an error: its figures would mean nothing."""


class Sampler:
    """Samples the memory of a process and its descendants until stopped, in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0  # KiB: the largest sum of PSS over the tree
        self.rss: dict[int, int] = {}  # KiB: each process's largest resident set, in the order first seen
        self.readable = PROC.joinpath(str(pid), "smaps_rollup").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Sampler:
        if self.readable:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.readable:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(EVERY)

    def sample(self) -> None:
        total = 0
        for pid in self.tree():
            pss, rss = _memory(pid)
            total += pss
            if rss:
                self.rss[pid] = max(self.rss.get(pid, 0), rss)
        self.peak = max(self.peak, total)

    def tree(self) -> list[int]:
        """The process and its living descendants (read from each process's parent id)."""
        parents: dict[int, list[int]] = {}
        for entry in os.scandir(PROC):
            if entry.name.isdigit():
                ppid = _parent(int(entry.name))
                if ppid is not None:
                    parents.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(parents.get(pid, ()))
        return found


def _parent(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_bytes()
    except OSError:  # gone meanwhile
        return None
    return int(stat[stat.rindex(b")") + 2 :].split()[1])  # after "pid (name) state"


def _memory(pid: int) -> tuple[int, int]:
    """A process's PSS and resident set, KiB; 0 for one that is gone (or a zombie)."""
    pss = rss = 0
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_bytes().splitlines():
            if line.startswith(b"Pss:"):
                pss = int(line.split()[1])
            elif line.startswith(b"Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return pss, rss


def run(args: list[str | Path], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run a command in a fresh process and measure it; raise Failed, with its output, if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([str(a) for a in args], cwd=cwd, stdout=out, stderr=err, env=env or ENV)
        with Sampler(child.pid) as sampler:
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        raise Failed(f"exit status {child.returncode}: {' '.join(map(str, args))}\n{stderr[-4000:]}{stdout[-2000:]}")
    kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux
    if not sampler.rss:  # over before the first sample: only os.wait4 saw it
        return Run(wall, usage.ru_utime + usage.ru_stime, kib / 1024, stdout, (kib / 1024,))
    processes = [sampler.rss.get(child.pid, kib)] + [v for pid, v in sampler.rss.items() if pid != child.pid]
    return Run(wall, usage.ru_utime + usage.ru_stime, sampler.peak / 1024, stdout, tuple(m / 1024 for m in processes))


def json_of(script: Path, *args: str | Path) -> dict:
    """Run one of the bench's scripts in a child Python and read the JSON it prints."""
    return json.loads(run([PYTHON, script, *args]).stdout)


def median(runs: list[Run]) -> dict:
    """The median of each figure over several runs (peak memory: the highest, and each
    process's highest, for the run with the highest)."""
    fullest = max(runs, key=lambda r: r.mib)
    return {
        "wall": round(statistics.median(r.wall for r in runs), 3),
        "cpu": round(statistics.median(r.cpu for r in runs), 3),
        "mib": round(fullest.mib, 1),
        "processes": [round(m, 1) for m in fullest.processes],
        "runs": len(runs),
    }


if __name__ == "__main__":  # a command measured by hand: python bench/proc.py COMMAND...
    done = run(sys.argv[1:], cwd=Path.cwd())
    sys.stderr.write(done.stdout)
    print(json.dumps(done.figures()))
