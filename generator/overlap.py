"""Stage 3, verify, beside stage 4: a large briefing's provenance checked in a forked process
while this one renders.

A build of 10,000 events spends a second or more in verify, on one core, before rendering
starts, and a rebuild after a one-line edit renders little more than that. Rendering needs
verify's verdict only before anything is written, never its findings: so `check_beside`
loads and validates the briefings here, forks a process that verifies them and sends back
what it found, and the build asks for the verdict (`Checked.problems`) once it has rendered.
Problems are put in order by their place (Problems.sorted), so they are the same, in the same
order, as `pipeline.check` gives. A render that fails on a briefing with errors gives way to
the errors, which explain it; nothing is written either way.

Only for large briefings (a fork costs more than verifying a small one), and only where a
fork is safe (reread.may_fork); elsewhere the briefings are verified here, before rendering.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from .findings import Findings
from .model import Briefing
from .problems import BriefbookError, Problem, Problems
from .reread import FactFiles, may_fork
from .validate import assemble
from .verify import verify

LARGE = 3000  # facts from which verifying beside the render repays its fork
T = TypeVar("T")


@dataclass
class Checked:
    """Briefings loaded and validated, with verify done here or under way in process `pid`."""

    briefings: list[Briefing]
    files: FactFiles
    found: Problems
    pid: int = 0
    pipe: int = -1
    _done: list[Problem] | None = field(default=None, repr=False)

    def problems(self) -> list[Problem]:
        """Every problem of every briefing, in a stable order (waiting for verify)."""
        if self._done is None:
            if self.pid:
                self._join()
            self._done = self.found.sorted()
        return self._done

    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems())

    def render(self, make: Callable[[], T]) -> T:
        """`make()` (the render), unless the briefings have errors: then BriefbookError, even
        when the render failed first on what the errors explain."""
        try:
            made = make()
        except Exception:
            if self.errors():
                raise BriefbookError(self.problems()) from None
            raise
        if self.errors():
            raise BriefbookError(self.problems())
        return made

    def _join(self) -> None:
        try:
            with os.fdopen(self.pipe, "rb") as pipe:
                sent = pickle.load(pipe)
        except Exception:  # the verifying process died: verify here instead
            sent = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if sent is None or status != 0:
            _verify(self.briefings, self.found, self.files)
            return
        problems, self.files.found = sent
        self.found.extend(problems)


def check_beside(folders: list[Path], files: FactFiles, beside: bool = True) -> Checked:
    """Load and validate each folder; verify them in a forked process when `beside` is true
    (the build expects a short render: most pieces in the cache, so that a briefing with
    errors is not rendered in full before they are said), they are large and this process
    may fork, else here. `files` as for pipeline.check."""
    problems = Problems()
    files.items = files.read_anew = 0
    briefings = [assemble(folder, problems, files) for folder in folders]
    facts = sum(len(b.events) + len(b.actors) + len(b.quotes) + len(b.claims) for b in briefings)
    if not beside or facts < LARGE or not may_fork():
        _verify(briefings, problems, files)
        return Checked(briefings, files, problems)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        code = 1
        try:
            before = len(problems)
            _verify(briefings, problems, files)
            with os.fdopen(write, "wb") as pipe:
                pickle.dump((problems.since(before), files.found), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)  # never return into the build's code, nor run its exit handlers
    os.close(write)
    return Checked(briefings, files, problems, pid, read)


def _verify(briefings: list[Briefing], problems: Problems, files: FactFiles) -> None:
    found = Findings()
    for briefing in briefings:
        found.update(verify(briefing, problems, files.found))
    files.found = found
