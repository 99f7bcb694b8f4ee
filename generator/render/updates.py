"""What changed: a briefing's change log, read off its editions and its facts' `added` and
`updated` days, so that it can never disagree with the facts themselves.

A fact is listed under the edition it was added in: the first edition dated on or after
its `added` day, or the first edition of all when it has none. When it has an `updated`
day, it is listed again, as updated, under the edition that day falls in (the first one on
or after it), unless that is the edition it was added in. Facts added or updated in the
current (latest) edition are marked on the site, except in a first edition, where
everything is new and a mark would single nothing out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..dates import parse_edtf
from ..model import BriefingFile, Edition, Fact

KINDS = (("event", "Events"), ("actor", "Actors"), ("quote", "Quotes"), ("claim", "Claims"), ("source", "Sources"), ("place", "Places"))
"""The kinds of fact that record their changes, with their headings, in the order pages list them."""
MARKS = {"new": "New", "updated": "Updated"}
"""How a fact changed in an edition, and the badge's words for it."""


@dataclass(frozen=True, slots=True)
class Change:
    """A fact added (`how` is "new") or updated in an edition."""

    kind: str
    fact: Fact
    how: str


@dataclass(frozen=True, slots=True)
class EditionChanges:
    """One edition with the facts added or updated in it, in the order pages list them."""

    edition: Edition
    day: date
    changes: tuple[Change, ...]

    @property
    def anchor(self) -> str:
        """The edition's permalink anchor on the updates page, stable across rebuilds."""
        return f"edition-{self.edition.date}"

    @property
    def label(self) -> str:
        """The day as readers see it: '24 February 2024'."""
        return parse_edtf(self.edition.date).describe()

    @property
    def iso(self) -> str:
        """The day for `<time datetime>` (so an edition can stand where a date view does)."""
        return self.edition.date

    def groups(self) -> list[tuple[str, str, list[Change]]]:
        """(kind, heading, changes) for each kind of fact that changed."""
        return [(kind, heading, found) for kind, heading in KINDS if (found := [c for c in self.changes if c.kind == kind])]

    def count(self, how: str) -> int:
        """How many facts changed this way ("new" or "updated") in the edition."""
        return sum(c.how == how for c in self.changes)

    def summary(self) -> str:
        """'12 facts added, 1 updated', for a line under the edition's heading."""
        added, updated = self.count("new"), self.count("updated")
        parts = [f"{added} fact{'s' if added != 1 else ''} added"] if added else []
        if updated:
            parts.append(f"{updated} updated" if added else f"{updated} fact{'s' if updated != 1 else ''} updated")
        return ", ".join(parts) or "no fact added or updated"


class ChangeLog:
    """A briefing's editions, newest first, each with what changed in it; and the marks."""

    def __init__(self, meta: BriefingFile | None, facts: Mapping[str, Sequence[Fact]]) -> None:
        """`facts`: each kind's facts (as `KINDS` names them) in the order pages list them."""
        editions = sorted(meta.editions if meta else (), key=lambda e: e.date, reverse=True)
        self.days = sorted(date.fromisoformat(e.date) for e in editions)
        self.current = self.days[-1] if self.days else None
        self.previous = self.days[-2] if len(self.days) > 1 else None
        found: dict[date, list[Change]] = {day: [] for day in self.days}
        if self.days:
            for kind, _ in KINDS:
                for fact in facts.get(kind, ()):
                    added, updated = self._edition_of(fact.added), self._edition_of(fact.updated) if fact.updated else None
                    found[added].append(Change(kind, fact, "new"))
                    if updated is not None and updated != added:
                        found[updated].append(Change(kind, fact, "updated"))
        self.editions = [EditionChanges(e, date.fromisoformat(e.date), tuple(found[date.fromisoformat(e.date)])) for e in editions]

    def _edition_of(self, day: str | None) -> date:
        """The day of the edition a change on `day` belongs to (None: the first edition)."""
        if day is None:
            return self.days[0]
        i = bisect_left(self.days, date.fromisoformat(day))
        return self.days[min(i, len(self.days) - 1)]  # verify refuses days after the latest edition

    @property
    def key(self) -> str:
        """What the marks depend on besides each fact's own days: for keys of remembered pieces."""
        return f"marks:{self.previous}/{self.current}"

    def mark(self, fact: Fact) -> str | None:
        """"new" or "updated" if the fact was added or updated in the current edition (and it is
        not the first), else None."""
        if self.previous is None:
            return None
        if self._edition_of(fact.added) == self.current:
            return "new"
        if fact.updated and self._edition_of(fact.updated) == self.current:
            return "updated"
        return None
