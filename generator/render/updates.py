"""What changed: a briefing's change log, read off its editions, so that it can never
disagree with the facts themselves.

With snapshots (snapshots.py, written by `briefbook edition`), an edition's changes are the
difference between its snapshot and the one before: the facts added, changed in substance
and removed. An `updated` mark on a fact still lists it as updated in the edition of that
day: an override, for a correction that must be flagged though its digest did not change.

Without snapshots (a briefing whose editions were recorded by hand), a fact is listed under
the edition it was added in: the first edition dated on or after its `added` day, or the
first edition of all when it has none; with an `updated` day, it is listed again, as
updated, under the edition that day falls in, unless that is the edition it was added in.

Facts added or updated in the current (latest) edition are marked on the site, except in a
first edition, where everything is new and a mark would single nothing out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..dates import parse_edtf
from ..localised import number
from ..plural import count
from ..model import Actor, BriefingFile, Claim, Edition, Event, Fact, Place, Quote, Source
from ..snapshots import Snapshot, difference, edition_index

KINDS = (("event", "Events"), ("actor", "Actors"), ("quote", "Quotes"), ("claim", "Claims"), ("source", "Sources"), ("place", "Places"))
"""The kinds of fact that record their changes, with their headings, in the order pages list them."""
KIND_OF = {Event: "event", Actor: "actor", Quote: "quote", Claim: "claim", Source: "source", Place: "place"}
MARKS = {"new": "New", "updated": "Updated", "removed": "Removed"}
"""How a fact changed in an edition, and the badge's words for it."""


@dataclass(frozen=True, slots=True)
class Change:
    """A fact added (`how` is "new"), updated or removed in an edition. A removed fact is
    gone from the briefing (`fact` is None): its snapshot's title names it."""

    kind: str
    fact: Fact | None
    how: str
    id: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class EditionChanges:
    """One edition with the facts added or updated in it, in the order pages list them."""

    edition: Edition
    day: date
    changes: tuple[Change, ...]
    coming: bool = False  # not published yet: the changes since the last edition (`serve --preview`)
    language: str = "en"  # the briefing's, in which its day is written

    @property
    def anchor(self) -> str:
        """The edition's permalink anchor on the updates page, stable across rebuilds."""
        return "edition-coming" if self.coming else f"edition-{self.edition.date}"

    @property
    def label(self) -> str:
        """The day as readers see it: '24 February 2024'."""
        return parse_edtf(self.edition.date).describe(self.language)

    @property
    def title(self) -> str:
        """'the edition of 24 February 2024', or 'the coming edition' (not published yet)."""
        return "the coming edition" if self.coming else f"the edition of {self.label}"

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
        """'12 facts added, 1 updated, 2 removed', for a line under the edition's heading."""
        parts = []
        for how, word in (("new", "added"), ("updated", "updated"), ("removed", "removed")):
            n = self.count(how)
            if n:
                parts.append(f"{number(n, self.language)} {word}" if parts else f"{count(n, 'fact', number_language=self.language)} {word}")
        return ", ".join(parts) or "no fact added or updated"


class ChangeLog:
    """A briefing's editions, newest first, each with what changed in it; and the marks."""

    def __init__(
        self,
        meta: BriefingFile | None,
        facts: Mapping[str, Sequence[Fact]],
        snapshots: Sequence[Snapshot] = (),
        coming: dict | None = None,
    ) -> None:
        """`facts`: each kind's facts (as `KINDS` names them) in the order pages list them;
        `snapshots`: what each edition published, if recorded; `coming`: the facts as a
        snapshot would record them now, to show the coming edition as if it were published."""
        editions = sorted(meta.editions if meta else (), key=lambda e: e.date, reverse=True)
        self.days = sorted(date.fromisoformat(e.date) for e in editions)
        self._editions_of: dict[str | None, date] = {}
        self.recorded = bool(snapshots)
        self._present = {(kind, f.id) for kind, _ in KINDS for f in facts.get(kind, ())}
        if self.recorded:
            found = self._from_snapshots(editions, facts, snapshots)
        else:
            found = self._from_marks(facts)
        language = meta.language if meta else "en"
        self.editions = [EditionChanges(e, date.fromisoformat(e.date), tuple(found[date.fromisoformat(e.date)]), language=language) for e in editions]
        if coming is not None and self.recorded:
            self.editions.insert(0, self._coming(editions, facts, snapshots, coming, language))
        self.current = self.editions[0].day if self.editions else None
        self.previous = self.editions[1].day if len(self.editions) > 1 else None
        self._marks = {}
        self._history: dict[tuple[str, str], tuple[EditionChanges, EditionChanges | None]] | None = None
        if self.previous is not None and self.recorded:
            self._marks = {(c.kind, c.id): c.how for c in self.editions[0].changes if c.how != "removed"}
        # What the marks and histories depend on besides each fact itself, for keys of remembered
        # pieces: by hand, each fact's own days and the editions' days; with snapshots, every change.
        self.key = f"marks:{self.previous}/{self.current}"
        if self.recorded:
            self.key += ":" + hashlib.sha256("\n".join(f"{e.anchor} {c.kind} {c.id} {c.how}" for e in self.editions for c in e.changes).encode()).hexdigest()

    @property
    def history(self) -> dict[tuple[str, str], tuple[EditionChanges, EditionChanges | None]]:
        """The edition each fact was added in and the one it last changed in, by (kind, id)."""
        if self._history is None:
            self._history = {}
            for edition in reversed(self.editions):
                for change in edition.changes:
                    key = (change.kind, change.id)
                    if change.how == "new":
                        self._history[key] = (edition, None)
                    elif change.how == "updated" and key in self._history:
                        self._history[key] = (self._history[key][0], edition)
        return self._history

    # --- from marks (editions recorded by hand) -------------------------------------------

    def _from_marks(self, facts: Mapping[str, Sequence[Fact]]) -> dict[date, list[Change]]:
        found: dict[date, list[Change]] = {day: [] for day in self.days}
        if self.days:
            for kind, _ in KINDS:
                for fact in facts.get(kind, ()):
                    added, updated = self._edition_of(fact.added), self._edition_of(fact.updated) if fact.updated else None
                    found[added].append(Change(kind, fact, "new", fact.id))
                    if updated is not None and updated != added:
                        found[updated].append(Change(kind, fact, "updated", fact.id))
        return found

    def _edition_of(self, day: str | None) -> date:
        """The day of the edition a change on `day` belongs to (None: the first edition);
        remembered by day, as thousands of facts share a few days."""
        found = self._editions_of.get(day)
        if found is None:
            found = self._editions_of[day] = self.days[min(edition_index(self.days, day), len(self.days) - 1)]  # verify refuses days after the latest edition
        return found

    # --- from snapshots -------------------------------------------------------------------

    def _from_snapshots(self, editions: Sequence[Edition], facts: Mapping[str, Sequence[Fact]], snapshots: Sequence[Snapshot]) -> dict[date, list[Change]]:
        """Each edition's changes: its snapshot against the one before (verify makes sure that
        every edition has one), then the `updated` marks that flag a change by hand."""
        by_day = {s.day: s for s in snapshots}
        listed = _Listed(facts)
        found: dict[date, list[Change]] = {}
        before: dict = {}
        for edition in sorted(editions, key=lambda e: e.date):
            snapshot = by_day.get(edition.date)
            now = snapshot.facts if snapshot else before
            found[date.fromisoformat(edition.date)] = _changes(before, now, listed)
            before = now
        for kind, _ in KINDS:
            for fact in facts.get(kind, ()):
                if fact.updated and self.days:
                    changes = found[self._edition_of(fact.updated)]
                    if not any(c.kind == kind and c.id == fact.id for c in changes):
                        changes.append(Change(kind, fact, "updated", fact.id))
        for changes in found.values():
            changes.sort(key=listed.order)
        return found

    def _coming(self, editions, facts, snapshots, coming: dict, language: str) -> EditionChanges:
        last = max(snapshots, key=lambda s: s.day)
        listed = _Listed(facts)
        changes = sorted(_changes(last.facts, coming, listed), key=listed.order)
        after = date.fromisoformat(last.day)
        note = Edition.model_construct(date=after.isoformat(), text="Not published yet: what the next edition will hold, as the fact files stand now.")
        return EditionChanges(note, after, tuple(changes), coming=True, language=language)

    def mark(self, fact: Fact) -> str | None:
        """"new" or "updated" if the fact was added or updated in the current edition (and it is
        not the first), else None."""
        if self.previous is None:
            return None
        if not self.recorded:
            if self._edition_of(fact.added) == self.current:
                return "new"
            if fact.updated and self._edition_of(fact.updated) == self.current:
                return "updated"
            return None
        return self._marks.get((KIND_OF[type(fact)], fact.id))

    def gone(self, kind: str) -> list[tuple[str, str, EditionChanges]]:
        """(id, title, edition) of each fact of this kind removed in an edition and not back."""
        found = {}
        for edition in reversed(self.editions):  # oldest first: a later removal wins
            for change in edition.changes:
                if change.kind == kind:
                    if change.how == "removed":
                        found[change.id] = (change.id, change.title, edition)
                    else:
                        found.pop(change.id, None)
        return sorted(v for id_, v in found.items() if (kind, id_) not in self._present)

    def added_and_changed(self, fact: Fact) -> tuple[EditionChanges | None, EditionChanges | None]:
        """The edition a fact was added in and the one it last changed in (None: not since)."""
        return self.history.get((KIND_OF[type(fact)], fact.id), (None, None))


class _Listed:
    """The facts by (kind, id), and the order pages list them in: removed facts go last."""

    def __init__(self, facts: Mapping[str, Sequence[Fact]]) -> None:
        self.fact = {(kind, f.id): f for kind, _ in KINDS for f in facts.get(kind, ())}
        self.rank = {key: i for i, key in enumerate(self.fact)}

    def order(self, change: Change) -> tuple:
        return (self.rank.get((change.kind, change.id), len(self.rank)), change.kind, change.title)


def _changes(before: dict, now: dict, listed: _Listed) -> list[Change]:
    found = difference(before, now)
    changes = [Change(kind, listed.fact.get((kind, id_)), "new", id_, now[(kind, id_)][1]) for kind, id_ in found.added]
    changes += [Change(kind, listed.fact.get((kind, id_)), "updated", id_, now[(kind, id_)][1]) for kind, id_ in found.changed]
    changes += [Change(kind, None, "removed", id_, before[(kind, id_)][1]) for kind, id_ in found.removed]
    return changes  # a fact gone since (removed in a later edition) is named by its snapshot's title
