"""One command in a fresh process, measured: wall seconds, cpu seconds, peak memory.

The cpu seconds are the child's user and system time together with those of every process it
waited for (Linux adds a reaped process's times to its parent's, so a tool that forks
workers is counted whole); the peak memory is the child's own maximum resident set size, or
the largest of its reaped children's, from os.wait4. On Linux a child's maximum starts from
its parent's peak (taken over at fork and exec), so the bench's own process stays small: the
heavy work it does that is not timed (generating briefings, reading pages) runs in children
too, through `json_of`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.prefix) / "bin"  # the environment the bench runs in: ./dev bench's .venv
PYTHON = BIN / "python"
BRIEFBOOK = BIN / "briefbook"
# The children's environment: bytecode is read (compiled by run.py before any timing).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True, slots=True)
class Run:
    """What one command cost."""

    wall: float  # seconds, start to exit
    cpu: float  # user + system seconds, the child and the processes it waited for
    mib: float  # peak resident set size, MiB
    stdout: str = ""

    def figures(self) -> dict[str, float]:
        return {"wall": round(self.wall, 3), "cpu": round(self.cpu, 3), "mib": round(self.mib, 1)}


class Failed(Exception):
    """A command exited with an error: its figures would mean nothing."""


def run(args: list[str | Path], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run a command in a fresh process and measure it; raise Failed, with its output, if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([str(a) for a in args], cwd=cwd, stdout=out, stderr=err, env=env or ENV)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        raise Failed(f"exit status {child.returncode}: {' '.join(map(str, args))}\n{stderr[-4000:]}{stdout[-2000:]}")
    kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux
    return Run(wall, usage.ru_utime + usage.ru_stime, kib / 1024, stdout)


def json_of(script: Path, *args: str | Path) -> dict:
    """Run one of the bench's scripts in a child Python and read the JSON it prints."""
    return json.loads(run([PYTHON, script, *args]).stdout)


def median(runs: list[Run]) -> dict[str, float]:
    """The median of each figure over several runs (peak memory: the highest)."""
    return {
        "wall": round(statistics.median(r.wall for r in runs), 3),
        "cpu": round(statistics.median(r.cpu for r in runs), 3),
        "mib": round(max(r.mib for r in runs), 1),
        "runs": len(runs),
    }
