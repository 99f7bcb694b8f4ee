"""Drafts: briefings still being written, which `build` leaves out so that their errors block no one.

A folder is a draft when its briefing.yml says `draft: true`. `build` has to know that before
it checks anything (a draft's errors must not stop it), so it reads that one key alone; a
briefing.yml that cannot be read or parsed is not known to be a draft and is checked, and
blocks, as any briefing does. `check` checks drafts too and says which problems are theirs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .files import inside, read_text, shown
from .plural import count
from .problems import Mark, Problem, Problems, summary

LABEL = "DRAFT — not published"
"""The marking on every page and PDF page of a draft: the one wording, everywhere."""


def is_draft(folder: Path) -> bool:
    """Whether the folder's briefing.yml says `draft: true` (as the model reads it: text)."""
    path = folder / "briefing.yml"
    if inside(folder, "briefing.yml") is None:  # a link elsewhere: check refuses it, so must we
        return False
    problems = Problems()  # reported by check, which reads the file again
    text = read_text(path, problems)
    if text is None or "draft" not in text:  # most briefings: no need to parse
        return False
    from .load import parse_yaml  # only here: most commands never need a YAML parser first

    parsed = parse_yaml(text, Mark(shown(path)), problems)
    return parsed is not None and isinstance(parsed.data, dict) and parsed.data.get("draft") == "true"


def split(folders: list[Path]) -> tuple[list[Path], list[Path]]:
    """The folders that are not drafts, and those that are, each in the order given."""
    drafts = [folder for folder in folders if is_draft(folder)]
    return [folder for folder in folders if folder not in drafts], drafts


class Owners:
    """Which checked folder each problem is in, and whether that folder is a draft."""

    def __init__(self, folders: list[Path], drafts: list[Path]) -> None:
        # Longest first, so that a folder inside another is found before it.
        self.folders = sorted((shown(f) for f in folders), key=len, reverse=True)
        self.drafts = [shown(f) for f in drafts]

    def __call__(self, problem: Problem) -> str | None:
        """The draft the problem is in, or None."""
        path = problem.mark.path
        folder = next((f for f in self.folders if f == "." or path.startswith(f + "/")), None)
        return folder if folder in self.drafts else None


def format_text(problems: list[Problem], owners: Owners, line: Callable[[Problem], str] = str) -> str:
    """As problems.format_text, but each draft's problems come last, under a line naming it,
    so that nobody takes them for a published briefing's."""
    draft_of = {id(p): owners(p) for p in problems}
    lines = [line(p) for p in problems if draft_of[id(p)] is None]
    for folder in owners.drafts:
        theirs = [line(p) for p in problems if draft_of[id(p)] == folder]
        if theirs:
            lines += [f"{folder} (draft):", *theirs]
    in_drafts = sum(p.severity == "error" and draft_of[id(p)] is not None for p in problems)
    lines.append(summary(problems) + (f" ({count(in_drafts, 'error')} in drafts)" if in_drafts else ""))
    return "\n".join(lines)
