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

from typing import Any, Callable, Sequence

from .model import Briefing, Fact
from .problems import Mark, Problems

# A remembered problem: its line counted from its item's first line, column, severity, message, hint.
Remembered = tuple[int, int, str, str, str | None]
# By check and stamp, then by item digest (with what else the check read of the item's
# neighbours): the problems the check made of the item; under the key and "\0gave", what else
# it gave back, where that was not None.
Items = dict[str, dict[str, Any]]


@dataclass
class Findings:
    passages: set[tuple[str, str]] = field(default_factory=set)  # (passage, document digest) found
    items: Items = field(default_factory=dict)

    def update(self, other: Findings) -> None:
        self.passages |= other.passages
        for key, found in other.items.items():
            self.items.setdefault(key, {}).update(found)

    def since(self, earlier: Findings) -> Findings | None:
        """What was found that `earlier` does not hold (None if nothing): what a save appends
        (journal.py). An entry's key is all it depends on, so one held is the same."""
        items = {}
        for key, found in self.items.items():
            before = earlier.items.get(key)
            if before is None:
                items[key] = found
            elif new := found.keys() - before.keys():
                items[key] = {digest: found[digest] for digest in new}
        passages = self.passages - earlier.passages
        return Findings(passages, items) if passages or items else None


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
    neither the item's text nor the stamp has changed since it was found. The stamp is
    `stamp(briefing)` unless one is given (None: nothing is remembered)."""

    def __init__(self, name: str, briefing: Briefing, problems: Problems, known: Items | None, stamped: str | None | bool = True) -> None:
        self.problems, self.digests = problems, briefing.digests
        stamped = stamp(briefing) if stamped is True else stamped
        self.key = f"{name}\0{stamped}" if stamped else None
        self.known = (known or {}).get(self.key, {}) if self.key else {}
        self.known_gave = (known or {}).get(f"{self.key}\0gave", {}) if self.key else {}
        self.found: dict[str, tuple[Remembered, ...]] = {}
        self.gave: dict[str, Any] = {}

    def run(self, fact: Fact, check: Callable[[Fact], Any], also: str = "") -> Any:
        """What `check` gives back for the fact (its problems are recorded), as remembered if it
        was; `also` names what else the check reads of this item's neighbours. (Run for every
        item by several checks: a remembered item costs two look-ups.)"""
        digest = self.digests.get(id(fact))
        if digest is None or self.key is None or fact.at is None:
            return check(fact)
        if also:
            digest = f"{digest}\0{also}"
        problems = self.known.get(digest)
        if problems is None:
            return self._check(fact, check, digest)
        self.found[digest] = problems
        if problems:
            path, first = fact.at.path, fact.at.at[0]
            for line, column, severity, message, hint in problems:
                getattr(self.problems, severity)(Mark(path, first + line, column), message, hint)
        given = self.known_gave.get(digest)
        if given is not None:
            self.gave[digest] = given
        return given

    def run_all(self, facts: Sequence[Fact], check: Callable[[Fact], Any], alsos: Sequence[str] | None = None) -> list[Any]:
        """`run` for each of the facts (`alsos`: each one's `also`), in bulk: what `check` gave
        back for each. A rebuild checks one item of thousands again, so the remembered are
        looked up with `map` (in C), and only the few with problems or with none remembered
        are visited one by one."""
        if self.key is None:
            return [check(fact) for fact in facts]
        digests = list(map(self.digests.get, map(id, facts)))
        if alsos is not None:
            digests = [d if d is None or not also else f"{d}\0{also}" for d, also in zip(digests, alsos)]
        found = list(map(self.known.get, digests))
        given = list(map(self.known_gave.get, digests))
        missing = [i for i, (problems, fact) in enumerate(zip(found, facts)) if problems is None or fact.at is None]
        self.found.update(zip(digests, found))
        self.gave.update((d, g) for d, g in zip(digests, given) if g is not None)
        for i in missing:
            self.found.pop(digests[i], None)
            self.gave.pop(digests[i], None)
        for i in missing:  # checked now
            fact, digest = facts[i], digests[i]
            found[i] = None
            given[i] = check(fact) if digest is None or fact.at is None else self._check(fact, check, digest)
        for i in [i for i, problems in enumerate(found) if problems]:  # remembered problems, at their item's place now
            path, first = facts[i].at.path, facts[i].at.at[0]
            for line, column, severity, message, hint in found[i]:
                getattr(self.problems, severity)(Mark(path, first + line, column), message, hint)
        return given

    def _check(self, fact: Fact, check: Callable[[Fact], Any], digest: str) -> Any:
        before = len(self.problems)
        given = check(fact)
        if len(self.problems) == before:  # as for nearly every item
            self.found[digest] = ()
        else:
            made = self.problems.since(before)
            path, first = fact.at.path, fact.at.at[0]
            if any(p.mark.path != path or p.follows is not None for p in made):
                return given  # tied to something outside the item: not remembered
            self.found[digest] = tuple((p.mark.line - first, p.mark.column, p.severity, p.message, p.hint) for p in made)
        if given is not None:
            self.gave[digest] = given
        return given

    def result(self) -> Items:
        if self.key is None:
            return {}
        return {self.key: self.found, f"{self.key}\0gave": self.gave} if self.gave else {self.key: self.found}
