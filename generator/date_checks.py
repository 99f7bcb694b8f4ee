"""Stage 3, verify (continued): the checks of dates, item by item: nothing dated after every
source that reports it, date wordings the documents' own, and the change log's marks (added
and updated on or before the as-of date, and after the documents a fact rests on).

A mixin of the verifier. Each check reads one list item, the sources, the documents and
the briefing's as-of date and editions, so a rebuild repeats what it found of the items it
did not read again (findings.py, under the verifier's `stamped`); a date read against
another event (`relative_to_event`) is named with the item, as its value is that event's.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from .findings import Items, Remembering
from .model import Actor, Citation, Claim, Event, Fact, Quote, Source, When
from .problems import Mark


class DateChecks:
    def published(self, citations: Iterable[Citation]) -> list[tuple[date, str]]:
        out = []
        for citation in citations:
            source = self.ids["source"].get(citation.source)
            value = self.b.date(source.published) if source else None
            if value:
                out.append((value.upper, citation.source))
        return out

    def dated(self, holder: Fact, key: str, citations: list[Citation], what: str) -> None:
        """The date under `key` must not be after every citing source, and its wording must be theirs."""
        when: When | None = getattr(holder, key)
        value = self.b.date(when)
        if value is None:
            return
        published = self.published(citations)
        if published and value.lower > max(published)[0]:
            latest, source = max(published)
            self.problems.error(
                when.mark("edtf") if when.at else holder.mark(key),  # a bare date string has no marks of its own
                f"{what} is dated {value.describe()}, after every source that reports it (latest: {source}, {latest.isoformat()})",
            )
        if when.wording:
            # The wording is read against `relative_to`'s date, but may be written in any cited document.
            sources = list(dict.fromkeys([*filter(None, [when.relative_to]), *(c.source for c in citations)]))
            if self.occurs(when.wording, sources) is False and not self.put_down_to_change("date wording", when.mark("wording"), sources):
                self.problems.error(when.mark("wording"), f"date wording '{when.wording}' does not occur in the cited documents")

    def dates(self, known: Items | None) -> Items:
        """Each item's dates, as remembered where the item and the stamp are as they were."""
        memo = Remembering("dates", self.b, self.problems, known, self.stamped)
        against = any(type(fact) is When and fact.relative_to_event is not None for fact in self.facts)  # seldom
        for facts, check in ((self.b.events, self.event_dates), (self.b.claims, self.claim_dates), (self.b.quotes, self.quote_dates), (self.b.actors, self.actor_dates), (self.b.sources, self.source_dates)):
            memo.run_all(facts, check, [self.read_against_events(fact) for fact in facts] if against else None)
        return memo.result()

    def read_against_events(self, item: Fact) -> str:
        """The values of the item's dates read against other events: what its date checks read
        of other items (each date's value is determined by its text, or by these)."""
        values = (self.b.dates.get(p) for p in self.parts_of(item) if type(p) is When and p.relative_to_event is not None)
        return " ".join(f"{v.text},{v.lower},{v.upper},{v.approximate:d}{v.uncertain:d}" if v else "-" for v in values)

    def event_dates(self, event: Event) -> None:
        every = [c for account in event.accounts for c in account.citations]
        self.dated(event, "date", every, f"event '{event.id}'")
        for account in event.accounts:  # most accounts carry no date of their own: skip them cheaply
            if account.date is not None:
                self.dated(account, "date", list(account.citations), f"an account of '{event.id}'")
            if account.said is not None:
                self.dated(account, "said", list(account.citations), f"the `said` of an account of '{event.id}'")

    def claim_dates(self, claim: Claim) -> None:
        self.dated(claim, "date", list(claim.citations), f"claim '{claim.id}'")
        for response in claim.responses:
            if response.said is not None:
                self.dated(response, "said", list(response.citations), f"the `said` of a response to '{claim.id}'")

    def quote_dates(self, quote: Quote) -> None:
        self.dated(quote, "said", list(quote.citations), f"quote '{quote.id}'")

    def actor_dates(self, actor: Actor) -> None:
        for item in (*actor.roles, *actor.relations):
            if item.period is not None:
                self.dated(item, "period", list(item.citations), f"a {type(item).__name__.lower()} of '{actor.id}'")

    def source_dates(self, source: Source) -> None:
        wording = source.published.wording
        if wording and self.occurs(wording, [source.id]) is False and not self.put_down_to_change("date wording", source.published.mark("wording"), [source.id]):
            self.problems.error(source.published.mark("wording"), f"date wording '{wording}' does not occur in the document")

    # --- editions -----------------------------------------------------------------

    def tracked_by_kind(self) -> Iterable[tuple[str, Sequence[Fact]]]:
        """(kind, facts) for the facts of each kind that record when they were added and updated."""
        b = self.b
        return (("event", b.events), ("actor", b.actors), ("quote", b.quotes), ("claim", b.claims), ("source", b.sources), ("place", b.places))

    def editions(self, known: Items | None) -> Items:
        """Editions newest first, one a day, the latest on the as-of date; facts changed on or
        before the as-of date and updated on or after they were added (item by item, as
        remembered where the item and the stamp, which holds the editions, are as they were)."""
        meta = self.b.meta
        if meta is None:
            return {}
        editions = meta.editions
        for newer, older in zip(editions, editions[1:]):
            if older.date == newer.date:
                self.problems.error(older.mark("date"), f"two editions are dated {older.date} (the other at line {newer.mark('date').line})", "one edition a day: write one note for the day")
            elif older.date > newer.date:
                self.problems.error(older.mark("date"), f"edition {older.date} is listed after edition {newer.date}", "list editions newest first")
        as_of = self.b.date(meta.as_of)
        if as_of is None:
            return {}
        latest = max((e.date for e in editions), default=None)
        root = None  # a wrong as_of is the root of the "after the as-of date" errors it causes
        if latest is not None and not (as_of.lower == as_of.upper == date.fromisoformat(latest) and not (as_of.approximate or as_of.uncertain)):
            root = meta.as_of.mark("edtf") if meta.as_of.at else meta.mark("as_of")
            self.problems.error(
                root,
                f"as_of is {as_of.describe()}, but the latest edition is dated {latest}",
                f"the briefing is current to its latest edition: set as_of to {latest}, or add an edition for {as_of.text}",
            )
        limit = None if as_of.upper == date.max else as_of.upper
        first = min((date.fromisoformat(e.date) for e in editions), default=None)
        memo, described = Remembering("editions", self.b, self.problems, known, self.stamped), as_of.describe()
        for kind, facts in self.tracked_by_kind():
            memo.run_all(facts, lambda fact, kind=kind: self.marks(kind, fact, described, limit, root, first))
        return memo.result()

    def marks(self, kind: str, fact: Fact, as_of: str, limit: date | None, root: Mark | None, first: date | None) -> None:
        """A fact's `added` and `updated` against the as-of date, each other and its sources."""
        added, updated = _day(fact.added), _day(fact.updated)
        for key, day in (("added", added), ("updated", updated)):
            if day and limit and day > limit:
                self.problems.error(
                    fact.mark(key),
                    f"{kind} '{fact.id}' is marked {key} on {day.isoformat()}, after the briefing's as-of date ({as_of})",
                    "record the edition of that day and set as_of to it",
                    follows=root,
                )
        if added and updated and updated < added:
            self.problems.error(fact.mark("updated"), f"{kind} '{fact.id}' is marked updated on {updated.isoformat()}, before it was added ({added.isoformat()})")
        if first is not None and not self.b.snapshots:  # with snapshots, no mark is kept by hand
            self.changed_before_its_sources(kind, fact, max(filter(None, (added or first, updated))))

    def cited_sources(self, fact: Fact) -> list[Citation]:
        """A listed fact's citations, its parts' included, in order (from the item's walk, kept
        as it was read: walking every fact again cost a third of the change log's check)."""
        return [p for p in self.parts_of(fact) if type(p) is Citation]

    def changed_before_its_sources(self, kind: str, fact: Fact, changed: date) -> None:
        """A warning when a fact rests on a document published after the fact was last added or
        updated: the change log would hide the change from readers."""
        ids = [fact.id] if isinstance(fact, Source) else dict.fromkeys(c.source for c in self.cited_sources(fact))
        later = []
        for source_id in ids:
            source = self.ids["source"].get(source_id)
            published = self.b.date(source.published) if source else None
            if published is not None and published.lower > changed:
                later.append((published.lower, source_id, published))
        if not later:
            return
        day, source_id, published = max(later)
        what = f"was published {published.describe()}" if isinstance(fact, Source) else f"cites {source_id}, published {published.describe()},"
        self.problems.warning(
            fact.mark("updated" if fact.updated else "added" if fact.added else "id"),
            f"{kind} '{fact.id}' {what} after it was last added or updated ({changed.isoformat()})",
            f"record when it was `added` or `updated` (on or after {day.isoformat()}), so that readers see the change",
        )


def _day(value: str | None) -> date | None:
    """A `Day` (YYYY-MM-DD, already validated) as a date."""
    return date.fromisoformat(value) if value else None
