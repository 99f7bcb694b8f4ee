"""Stage 3, verify (continued): what the checks found, remembered while their inputs stay the same.

A rebuild after a one-line edit reads only the edited item again (reread.py); these let it
verify only that item too. Passages are remembered with the digest of the document they were
found in, so a changed document is searched again. The problems of the checks that read one
list item and the documents alone (the attribution check, free-text places, figures,
translations, subjects) are remembered per item, by the digest of the item's text and a stamp
of everything else they may read (the actors, the sources, the documents, the briefing's
language): change any of those and every item is checked again; change one item and only it
is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from typing import Callable

from .model import Briefing, Fact
from .problems import Mark, Problems

# A remembered problem: its line counted from its item's first line, column, severity, message, hint.
Remembered = tuple[int, int, str, str, str | None]
Items = dict[str, dict[str, tuple[Remembered, ...]]]  # by check and stamp, then by item digest


@dataclass
class Findings:
    passages: set[tuple[str, str]] = field(default_factory=set)  # (passage, document digest) found
    items: Items = field(default_factory=dict)

    def update(self, other: Findings) -> None:
        self.passages |= other.passages
        for key, found in other.items.items():
            self.items.setdefault(key, {}).update(found)


def stamp(briefing: Briefing) -> str | None:
    """A digest of what the attribution check reads besides the item it checks; None if a
    file was read whole (its items then have no digests) and nothing can be remembered."""
    parts = []
    for fact in (*briefing.actors, *briefing.sources):
        digest = briefing.digests.get(id(fact))
        if digest is None:
            return None
        parts.append(digest)
    parts += sorted(f"{source_id}\0{document.sha256}" for source_id, document in briefing.documents.items())
    parts.append(briefing.meta.language if briefing.meta else "")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Remembering:
    """Runs a check on one list item at a time, or repeats what it found for the item, when
    neither the item's text nor the stamp has changed since it was found."""

    def __init__(self, name: str, briefing: Briefing, problems: Problems, known: Items | None) -> None:
        self.b, self.problems = briefing, problems
        stamped = stamp(briefing)
        self.key = f"{name}\0{stamped}" if stamped else None
        self.known = (known or {}).get(self.key, {}) if self.key else {}
        self.found: dict[str, tuple[Remembered, ...]] = {}

    def run(self, fact: Fact, check: Callable[[Fact], None]) -> None:
        digest = self.b.digests.get(id(fact))
        if self.key is None or digest is None or fact.at is None:
            check(fact)
            return
        path, (first, _) = fact.at.path, fact.at.at
        problems = self.known.get(digest)
        if problems is None:
            before = len(self.problems)
            check(fact)
            made = self.problems.since(before)
            if any(p.mark.path != path or p.follows is not None for p in made):
                return  # tied to something outside the item: not remembered
            problems = tuple((p.mark.line - first, p.mark.column, p.severity, p.message, p.hint) for p in made)
        else:
            for line, column, severity, message, hint in problems:
                getattr(self.problems, severity)(Mark(path, first + line, column), message, hint)
        self.found[digest] = problems

    def result(self) -> Items:
        return {self.key: self.found} if self.key else {}
