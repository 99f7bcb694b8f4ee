"""Stage 3, verify: provenance is checked, not trusted.

Ids must be unique and every reference must resolve; stored documents must match their
recorded checksums; every excerpt, quote and date wording must occur verbatim in the
document it cites; nothing may be dated after every source that reports it. The change
log must hold together: editions newest first, one a day, the latest on the as-of date,
and no fact added or updated after it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from datetime import date
from typing import AbstractSet as Set, Iterable

from .evidence import closest_passage, occurs
from .model import Account, Actor, Briefing, Citation, Claim, Event, Fact, Quote, Relation, Role, Source, When, walk
from .order import check_order
from .problems import Problems, did_you_mean

LINK_KINDS = ("actor", "event", "claim", "quote", "source")
_FACT_LINK = re.compile(r"\]\(\s*<?([a-z]+):([^)\s>]*)>?")


@lru_cache(maxsize=None)
def _markdown_fields(cls: type[Fact]) -> tuple[str, ...]:
    return tuple(key for key in ("text", "description", "context", "notes") if key in cls.model_fields)


class _Verifier:
    def __init__(self, briefing: Briefing, problems: Problems, known: Set[tuple[str, str]]) -> None:
        self.b = briefing
        self.problems = problems
        self.known = known
        self.found: set[tuple[str, str]] = set()
        self.ids = {
            "source": self._index("source", briefing.sources),
            "actor": self._index("actor", briefing.actors),
            "event": self._index("event", briefing.events),
            "claim": self._index("claim", briefing.claims),
            "quote": self._index("quote", briefing.quotes),
        }
        self.used: dict[str, set[str]] = {"source": set(), "actor": set()}
        self.facts = briefing.facts

    def _index(self, kind: str, facts: Iterable) -> dict:
        index: dict = {}
        for fact in facts:
            if fact.id in index:
                first = index[fact.id].mark("id")
                self.problems.error(fact.mark("id"), f"duplicate {kind} id '{fact.id}' (first at line {first.line})")
            else:
                index[fact.id] = fact
        return index

    # --- references ---------------------------------------------------------------

    def ref(self, kind: str, value: str | None, holder: Fact, key: str, index: int | None = None) -> bool:
        if value is None:
            return False
        if kind in self.used:
            self.used[kind].add(value)
        broken = self.b.broken.get(kind, frozenset())
        if value in self.ids[kind] or value in broken or "*" in broken:
            return True  # an invalid item's id: its own errors are already reported
        hint = did_you_mean(value, [*self.ids[kind], *self.b.broken.get(kind, ())]) or (f"no {kind} has that id" if self.ids[kind] else f"there are no {kind}s")
        self.problems.error(holder.mark(key, index), f"unknown {kind} '{value}'", hint)
        return False

    def refs(self, kind: str, values: Iterable[str], holder: Fact, key: str) -> None:
        for i, value in enumerate(values):
            self.ref(kind, value, holder, key, i)

    def markdown_links(self, holder: Fact, key: str) -> None:
        text = getattr(holder, key)
        if not text or "](" not in text:
            return
        for kind, target in _FACT_LINK.findall(text):
            if kind in self.ids:
                self.ref(kind, target, holder, key)

    def references(self) -> None:
        for fact in self.facts:
            for key in _markdown_fields(type(fact)):
                self.markdown_links(fact, key)
            match fact:
                case Citation():
                    self.ref("source", fact.source, fact, "source")
                    self.refs("actor", fact.via, fact, "via")
                case When():
                    self.ref("source", fact.relative_to, fact, "relative_to")
                    self.ref("event", fact.relative_to_event, fact, "relative_to_event")
                case Role():
                    self.ref("actor", fact.of, fact, "of")
                case Relation():
                    self.ref("actor", fact.to, fact, "to")
                case Account():
                    self.refs("actor", fact.by, fact, "by")
                case Event():
                    self.refs("actor", fact.actors, fact, "actors")
                    self.refs("event", fact.after, fact, "after")
                    self.refs("event", fact.before, fact, "before")
                case Claim():
                    self.refs("actor", fact.by, fact, "by")
                    self.refs("actor", fact.actors, fact, "actors")
                    self.refs("event", fact.events, fact, "events")
                case Quote():
                    self.refs("actor", fact.by, fact, "by")
                    self.ref("event", fact.event, fact, "event")

    def unused(self) -> None:
        for kind in ("source", "actor"):
            for id_, fact in self.ids[kind].items():
                if id_ not in self.used[kind]:
                    self.problems.warning(fact.mark("id"), f"{kind} '{id_}' is never cited or referred to")

    # --- provenance ---------------------------------------------------------------

    def checksums(self) -> None:
        for source in self.b.sources:
            document = self.b.documents.get(source.id)
            if document and document.sha256 != source.sha256:
                self.problems.error(
                    source.mark("sha256"),
                    f"{document.path} has changed since it was recorded (its SHA-256 is now {document.sha256})",
                    "check the facts against the new text, then record the new sha256",
                )

    def document(self, source_id: str) -> str | None:
        document = self.b.documents.get(source_id)
        return document.text if document else None

    def occurs(self, passage: str, source_ids: Iterable[str]) -> bool | None:
        """Whether `passage` occurs in any of these sources' documents; None if none is stored.
        A passage known to occur in a document with the same digest is not searched for again."""
        stored = [d for d in map(self.b.documents.get, source_ids) if d is not None]
        for document in stored:
            key = (passage, document.sha256)
            if key in self.known or occurs(passage, document.text):
                self.found.add(key)
                return True
        return False if stored else None

    def citations(self) -> None:
        for fact in self.facts:
            if type(fact) is Citation and self.occurs(fact.excerpt, [fact.source]) is False:
                self._not_found("excerpt", fact.excerpt, self.document(fact.source), fact, "excerpt")

    def _not_found(self, what: str, passage: str, text: str, holder: Fact, key: str) -> None:
        closest = closest_passage(passage, text)
        hint = f"the closest passage is '{closest}'" if closest else None
        self.problems.error(holder.mark(key), f"{what} does not occur in the document verbatim", hint)

    def quotes(self) -> None:
        for quote in self.b.quotes:
            for citation in quote.citations:
                if self.occurs(quote.text, [citation.source]) is False:
                    self._not_found(f"quote (checked against {citation.source})", quote.text, self.document(citation.source), quote, "text")

    def aliases(self) -> None:
        for actor in self.b.actors:
            sources = [c.source for c in actor.citations]
            for i, alias in enumerate(actor.aliases):
                if self.occurs(alias, sources) is False:
                    self.problems.warning(actor.mark("aliases", i), f"alias '{alias}' does not occur in any document this actor cites")

    # --- dates --------------------------------------------------------------------

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
            sources = [when.relative_to] if when.relative_to else [c.source for c in citations]
            if self.occurs(when.wording, sources) is False:
                self.problems.error(when.mark("wording"), f"date wording '{when.wording}' does not occur in the cited documents")

    def dates(self) -> None:
        for event in self.b.events:
            every = [c for account in event.accounts for c in account.citations]
            self.dated(event, "date", every, f"event '{event.id}'")
            for account in event.accounts:
                self.dated(account, "date", list(account.citations), f"an account of '{event.id}'")
        for claim in self.b.claims:
            self.dated(claim, "date", list(claim.citations), f"claim '{claim.id}'")
        for quote in self.b.quotes:
            self.dated(quote, "said", list(quote.citations), f"quote '{quote.id}'")
        for actor in self.b.actors:
            for item in (*actor.roles, *actor.relations):
                self.dated(item, "period", list(item.citations), f"a {type(item).__name__.lower()} of '{actor.id}'")
        for source in self.b.sources:
            wording = source.published.wording
            if wording and self.occurs(wording, [source.id]) is False:
                self.problems.error(source.published.mark("wording"), f"date wording '{wording}' does not occur in the document")

    # --- editions -----------------------------------------------------------------

    def tracked(self) -> Iterable[tuple[str, Event | Actor | Quote | Claim | Source]]:
        """(kind, fact) for every fact that records when it was added and updated."""
        b = self.b
        for kind, facts in (("event", b.events), ("actor", b.actors), ("quote", b.quotes), ("claim", b.claims), ("source", b.sources)):
            for fact in facts:
                yield kind, fact

    def editions(self) -> None:
        """Editions newest first, one a day, the latest on the as-of date; facts changed on or
        before the as-of date and updated on or after they were added."""
        meta = self.b.meta
        if meta is None:
            return
        editions = meta.editions
        for newer, older in pairwise(editions):
            if older.date == newer.date:
                self.problems.error(older.mark("date"), f"two editions are dated {older.date} (the other at line {newer.mark('date').line})", "one edition a day: write one note for the day")
            elif older.date > newer.date:
                self.problems.error(older.mark("date"), f"edition {older.date} is listed after edition {newer.date}", "list editions newest first")
        as_of = self.b.date(meta.as_of)
        if as_of is None:
            return
        latest = max((e.date for e in editions), default=None)
        if latest is not None and not (as_of.lower == as_of.upper == date.fromisoformat(latest) and not (as_of.approximate or as_of.uncertain)):
            self.problems.error(
                meta.as_of.mark("edtf") if meta.as_of.at else meta.mark("as_of"),
                f"as_of is {as_of.describe()}, but the latest edition is dated {latest}",
                f"the briefing is current to its latest edition: set as_of to {latest}, or add an edition for {as_of.text}",
            )
        limit = None if as_of.upper == date.max else as_of.upper
        first = min((date.fromisoformat(e.date) for e in editions), default=None)
        for kind, fact in self.tracked():
            added, updated = _day(fact.added), _day(fact.updated)
            for key, day in (("added", added), ("updated", updated)):
                if day and limit and day > limit:
                    self.problems.error(
                        fact.mark(key),
                        f"{kind} '{fact.id}' is marked {key} on {day.isoformat()}, after the briefing's as-of date ({as_of.describe()})",
                        "record the edition of that day and set as_of to it",
                    )
            if added and updated and updated < added:
                self.problems.error(fact.mark("updated"), f"{kind} '{fact.id}' is marked updated on {updated.isoformat()}, before it was added ({added.isoformat()})")
            if first is not None:
                self.changed_before_its_sources(kind, fact, max(filter(None, (added or first, updated))))

    def changed_before_its_sources(self, kind: str, fact: Fact, changed: date) -> None:
        """A warning when a fact rests on a document published after the fact was last added or
        updated: the change log would hide the change from readers."""
        ids = [fact.id] if isinstance(fact, Source) else dict.fromkeys(c.source for c in walk(fact) if type(c) is Citation)
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


def verify(briefing: Briefing, problems: Problems, known: Set[tuple[str, str]] = frozenset()) -> set[tuple[str, str]]:
    """Record every provenance problem of a briefing in `problems`. `known` holds (passage,
    document digest) pairs an earlier check found, which need no search; returns those found
    now, for the next check."""
    verifier = _Verifier(briefing, problems, known)
    verifier.references()
    verifier.unused()
    verifier.checksums()
    verifier.citations()
    verifier.quotes()
    verifier.aliases()
    verifier.dates()
    check_order(briefing.events, briefing.dates, problems)
    verifier.editions()
    return verifier.found
