"""The core that every adapter (CLI, dev server, PDF, MkDocs plugin) calls: folders in, briefings out."""

from __future__ import annotations

from pathlib import Path

from .model import Briefing
from .problems import BriefbookError, Problem, Problems
from .validate import assemble
from .verify import verify

BRIEFINGS_ROOT = Path("briefings")


def find_briefings(root: Path = BRIEFINGS_ROOT) -> list[Path]:
    """Every briefing folder under `root` (a folder holding briefing.yml), in name order."""
    return sorted(p.parent for p in root.glob("*/briefing.yml"))


def check(folders: list[Path]) -> tuple[list[Briefing], list[Problem]]:
    """Load, validate and verify each folder; every problem of every folder, in a stable order."""
    problems = Problems()
    briefings = []
    for folder in folders:
        briefing = assemble(folder, problems)
        verify(briefing, problems)
        briefings.append(briefing)
    return briefings, problems.sorted()


def load(folders: list[Path]) -> tuple[list[Briefing], list[Problem]]:
    """Checked briefings and their warnings; raises BriefbookError if there is any error."""
    briefings, problems = check(folders)
    if any(p.severity == "error" for p in problems):
        raise BriefbookError(problems)
    return briefings, problems


def build(folders: list[Path], out: Path) -> tuple[list[Problem], "WriteReport"]:
    """Check, render and write the site; nothing is written if any briefing has an error."""
    from .render import render
    from .write import write_site

    briefings, problems = load(folders)
    return problems, write_site(out, render(briefings))
