"""Stage 3, verify (continued): what the checks found, remembered while their inputs stay the same.

A rebuild after a one-line edit reads only the edited item again (reread.py); these let it
verify only that item too. Passages are remembered with the digest of the document they were
found in, so a changed document is searched again. The attribution check's warnings are
remembered per list item, by the digest of the item's text and a stamp of everything else
they depend on (the actors, the sources, the documents): change any of those and every item
is checked again; change one item and only it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .model import Briefing

# A remembered warning: its line counted from its item's first line, its column, message and hint.
Remembered = tuple[int, int, str, str | None]
Attributions = dict[str, dict[str, tuple[Remembered, ...]]]  # by stamp, then by item digest


@dataclass
class Findings:
    passages: set[tuple[str, str]] = field(default_factory=set)  # (passage, document digest) found
    attributions: Attributions = field(default_factory=dict)

    def update(self, other: Findings) -> None:
        self.passages |= other.passages
        for key, items in other.attributions.items():
            self.attributions.setdefault(key, {}).update(items)


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
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
