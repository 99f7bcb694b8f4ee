"""What the commands print: problems (in colour on a terminal), summaries, step timings and
the JSON that `check` and `build` give tools.

Colour goes through click.style and click.echo, which drop it when the stream is not a
terminal; `--no-color` and NO_COLOR (https://no-color.org) turn it off on the context."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import drafts
from .plural import count
from .problems import Problem, format_text

if TYPE_CHECKING:
    from .model import Briefing

SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def styled(problem: Problem) -> str:
    """A problem's line, its severity in red or yellow and its hint in cyan (on terminals)."""
    severity = click.style(problem.severity, fg=SEVERITY_COLOURS[problem.severity], bold=True)
    hint = click.style(f"; {problem.hint}", fg="cyan") if problem.hint else ""
    return f"{problem.mark}: {severity}: {problem.message}{hint}"


def problems_text(problems: list[Problem], owners: drafts.Owners | None = None) -> str:
    """The problems and their count line, each draft's last (when `owners` knows of drafts)."""
    return drafts.format_text(problems, owners, styled) if owners else format_text(problems, styled)


def echo_problems(problems: list[Problem], err: bool = False, owners: drafts.Owners | None = None) -> None:
    if problems:
        click.echo(problems_text(problems, owners), err=err)


def left_out(found: list[Path]) -> str:
    """The end of a command's summary line: the drafts it left out, and how to build them."""
    return f"; {count(len(found), 'draft')} left out (--drafts builds them)" if found else ""


def ok_line(briefing: Briefing, draft: bool) -> str:
    """check's line for a valid briefing: what it holds."""
    counts = ", ".join(count(n, noun) for noun, n in _counts(briefing).items())
    return f"{briefing.folder}{' (draft)' if draft else ''}: ok ({counts})"


def _counts(briefing: Briefing) -> dict[str, int]:
    return {"event": len(briefing.events), "actor": len(briefing.actors), "quote": len(briefing.quotes), "claim": len(briefing.claims), "source": len(briefing.sources)}


def _problems_json(problems: list[Problem], owners: drafts.Owners | None) -> dict:
    """The counts and the problems, each draft's marked `"draft": true`."""
    errors = sum(p.severity == "error" for p in problems)
    items = [{**p.as_json(), **({"draft": True} if owners and owners(p) else {})} for p in problems]
    return {"errors": errors, "warnings": len(problems) - errors, "problems": items}


def check_json(briefings: list[Briefing], problems: list[Problem], owners: drafts.Owners) -> str:
    """`check --format json`: each briefing checked, with what it holds, then the problems."""
    listed = [
        {"folder": str(b.folder), "slug": b.slug, "draft": str(b.folder) in owners.drafts, **{f"{noun}s": n for noun, n in _counts(b).items()}}
        for b in briefings
    ]
    return _dump({"briefings": listed, **_problems_json(problems, owners)})


def build_json(out: Path, folders: list[Path], dropped: list[Path], problems: list[Problem], owners: drafts.Owners | None, report=None) -> str:
    """`build --format json`: what was built where, the problems, and the files written,
    left unchanged and removed (all 0 when errors stopped the build)."""
    files = {"written": report.written, "unchanged": report.unchanged, "removed": report.removed} if report else {"written": 0, "unchanged": 0, "removed": 0}
    built = [str(f) for f in folders] if report else []
    return _dump({"out": str(out), "built": built, "drafts_left_out": [str(f) for f in dropped], **_problems_json(problems, owners), **files})


def _dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


class Steps:
    """A command's per-step report: every step when verbose; when not, only once the command
    has taken a while (so quick builds stay quiet); never when quiet."""

    PATIENCE = 1.0  # seconds before a normal build starts reporting its steps

    def __init__(self, verbosity: int) -> None:
        self.clock = time.perf_counter
        self.verbosity = verbosity
        self.start = self.last = self.clock()

    def __call__(self, message: str) -> None:
        now = self.clock()
        if self.verbosity > 0 or (self.verbosity == 0 and now - self.start > self.PATIENCE):
            click.echo(f"  {message} ({now - self.last:.1f} s)", err=True)
        self.last = now

    def total(self) -> str:
        return f" in {self.clock() - self.start:.1f} s" if self.verbosity > 0 else ""
