"""Stage 3, verify: provenance is checked, not trusted.

Ids must be unique and every reference must resolve; stored documents must match their
recorded checksums; every excerpt, quote and date wording must occur verbatim in the
document it cites; nothing may be dated after every source that reports it. The change
log must hold together: editions newest first, one a day, the latest on the as-of date,
and no fact added or updated after it.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import AbstractSet as Set, Iterable

from .attribution import check_attribution
from .date_checks import DateChecks
from .editions import check_editions
from .item_checks import ItemChecks
from .findings import Findings, Items, Remembering, stamp
from .evidence import closest_passage, first_difference, occurs
from .model import Account, Actor, Briefing, Citation, Claim, Event, Fact, Place, Quote, Relation, Role, When, walk
from .problems import Mark, Problems, did_you_mean
from .order import check_order

LINK_KINDS = ("actor", "event", "claim", "quote", "source", "place")
# How a message names a fact of each kind ("an actor's id"); a kind missing here is named "a KIND's".
_ARTICLES = {"actor": "an", "event": "an"}
_USED = ("source", "actor", "place")  # the kinds whose facts are warned of when nothing refers to them
# Kinds whose facts may share an id, because nothing they are named by can coincide.
_MAY_SHARE_IDS = ({"actor", "place"},)
_FACT_LINK = re.compile(r"\]\(\s*<?([a-z]+):([^)\s>]*)>?")


# What each kind of fact refers to: (kind of fact referred to, attribute, key in the file,
# whether it holds a list of ids). The first class a fact is an instance of gives its own
# (a response is an account).
_REFERENCES: tuple[tuple[type, tuple[tuple[str, str, str, bool], ...]], ...] = (
    (Citation, (("source", "source", "source", False), ("actor", "via", "via", True))),
    (When, (("source", "relative_to", "relative_to", False), ("event", "relative_to_event", "relative_to_event", False))),
    (Role, (("actor", "of", "of", False),)),
    (Relation, (("actor", "to", "to", False),)),
    (Account, (("actor", "by", "by", True), ("actor", "about", "about", True), ("place", "places", "places", True))),
    (Event, (("actor", "actors", "actors", True), ("place", "places", "places", True), ("event", "after", "after", True), ("event", "before", "before", True))),
    (Place, (("place", "within", "in", False),)),
    (Claim, (("actor", "by", "by", True), ("actor", "about", "about", True), ("event", "events", "events", True))),
    (Quote, (("actor", "by", "by", True), ("event", "event", "event", False))),
)


@lru_cache(maxsize=None)
def _references(cls: type[Fact]) -> tuple[tuple[str, str, str, bool], ...]:
    return next((refs for base, refs in _REFERENCES if issubclass(cls, base)), ())


@lru_cache(maxsize=None)
def _markdown_fields(cls: type[Fact]) -> tuple[str, ...]:
    return tuple(key for key in ("text", "description", "context", "notes", "status") if key in cls.model_fields)


class _Verifier(ItemChecks, DateChecks):
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
            "place": self._index("place", briefing.places),
        }
        self.used: dict[str, set[str]] = {kind: set() for kind in _USED}
        self.using: dict[str, list[str]] = {}  # the ids of `used`, by kind, that the item being checked refers to
        self.facts = briefing.facts
        self.missing_of: dict[tuple, list[str]] = {}  # the parts of a free-text place no cited document names
        # Sources whose document has changed since its checksum was recorded, with the passages
        # no longer found in it: counted under the checksum error, their root cause.
        self.changed: dict[str, list[tuple[str, Mark]]] = {
            s.id: [] for s in briefing.sources if (d := briefing.documents.get(s.id)) and d.sha256 != s.sha256
        }
        self.misquoted: set[int] = set()  # id() of citations whose excerpt is not in its document
        self.stamped = self.item_stamp()

    def item_stamp(self) -> str | None:
        """What the checks of one item (references, dates, the change log's marks) read besides
        the item: the facts' ids, the invalid items', `stamp`'s sources and documents, the as-of
        date and the editions. None, to check every item, while a document has changed: its
        missing passages are counted under its checksum error, not the items'."""
        base = stamp(self.b)
        if base is None or self.changed:
            return None
        meta = self.b.meta
        parts = [base, *(f"{kind}\0{' '.join(index)}" for kind, index in self.ids.items())]
        parts += [f"{kind}\0{' '.join(sorted(ids))}" for kind, ids in sorted(self.b.broken.items())]
        parts.append(repr(self.b.date(meta.as_of)) if meta else "")
        parts.append(" ".join(e.date for e in meta.editions) if meta else "")
        parts.append(str(bool(self.b.snapshots)))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def parts_of(self, item: Fact) -> tuple[Fact, ...]:
        """A list item and every fact in it, parents first: its walk as read."""
        parts = self.b.parts.get(id(item))
        return parts if parts is not None else tuple(walk(item))

    def listed(self) -> tuple[Fact, ...]:
        b = self.b
        return (*b.sources, *b.actors, *b.events, *b.claims, *b.quotes, *b.places)

    def _index(self, kind: str, facts: Iterable) -> dict:
        index: dict = {}
        for fact in facts:
            if fact.id in index:
                first = index[fact.id].mark("id")
                self.problems.error(fact.mark("id"), f"duplicate {kind} id '{fact.id}' (first at line {first.line})")
            else:
                index[fact.id] = fact
        return index

    def clashes(self) -> None:
        """One id for facts of two kinds is refused: page names, anchors and the PDF's
        references and bookmarks are made from ids, so the two could be taken for each other.
        Every kind in `self.ids` takes part, so a new kind needs only its entry there. A place
        may share its id with an actor (`iran`, the state and its territory): places have
        pages, anchors and map features of their own kind (`places/iran.html`, `place_iran`)."""
        owners: dict[str, tuple[str, Fact]] = {}
        for kind, index in self.ids.items():
            for id_, fact in index.items():
                first = owners.setdefault(id_, (kind, fact))
                if first[0] == kind or {first[0], kind} in _MAY_SHARE_IDS:
                    continue
                other, where = first[0], first[1].mark("id")
                self.problems.error(
                    fact.mark("id"),
                    f"{kind} id '{id_}' is also {_ARTICLES.get(other, 'a')} {other}'s id ({_file_name(where.path)} line {where.line})",
                    "pages, anchors and the PDF's references are named by ids, whatever the kind: rename one",
                )

    # --- references ---------------------------------------------------------------

    def ref(self, kind: str, value: str | None, holder: Fact, key: str, index: int | None = None) -> bool:
        if value is None:
            return False
        if kind in self.used:
            self.used[kind].add(value)
            self.using.setdefault(kind, []).append(value)
        if value in self.ids[kind]:
            return True
        broken = self.b.broken.get(kind, frozenset())
        if value in broken or "*" in broken:
            return True  # an invalid item's id: its own errors are already reported
        hint = did_you_mean(value, [*self.ids[kind], *self.b.broken.get(kind, ())]) or (f"no {kind} has that id" if self.ids[kind] else f"there are no {kind}s")
        self.problems.error(holder.mark(key, index), f"unknown {kind} '{value}'", hint)
        return False

    def markdown_links(self, holder: Fact, key: str) -> None:
        text = getattr(holder, key)
        if not text or "](" not in text:
            return
        for kind, target in _FACT_LINK.findall(text):
            if kind in self.ids:
                self.ref(kind, target, holder, key)

    def references(self, known: Items | None) -> Items:
        """Every reference of every fact; a list item's as remembered where the item and the
        stamp (which holds every id) are as they were, with the ids it uses."""
        for fact in walk(self.b.meta):
            self.fact_references(fact)
        memo = Remembering("references", self.b, self.problems, known, self.stamped)
        used = [self.used[kind] for kind in _USED]
        uses = [of_item for of_item in memo.run_all(self.listed(), self.item_references) if of_item is not None]
        for ids, of_kind in zip(used, zip(*uses)):  # each kind's ids, split in C
            ids.update(" ".join(filter(None, of_kind)).split(" "))
            ids.discard("")
        return memo.result()

    def item_references(self, item: Fact) -> tuple[str, ...] | None:
        """The item's references checked; the ids of each kind in `_USED` it refers to, for
        `unused` (each kind's as one string: a few objects to keep per item), or None."""
        self.using = {}
        for fact in self.parts_of(item):
            self.fact_references(fact)
        using = self.using
        return tuple(" ".join(using.get(kind, ())) for kind in _USED) if using else None

    def fact_references(self, fact: Fact) -> None:
        cls = type(fact)
        for key in _markdown_fields(cls):
            self.markdown_links(fact, key)
        for kind, attr, key, many in _references(cls):
            value = getattr(fact, attr)
            if many:
                for i, item in enumerate(value):
                    self.ref(kind, item, fact, key, i)
            else:
                self.ref(kind, value, fact, key)

    def unused(self) -> None:
        # Only events and claims refer to places: while one of them is invalid, its references are unknown.
        unsure = {"place"} if self.b.broken.get("event") or self.b.broken.get("claim") else set()
        for kind in ("source", "actor", "place"):
            for id_, fact in self.ids[kind].items():
                if id_ not in self.used[kind] and kind not in unsure:
                    what = "referred to" if kind == "place" else "cited or referred to"
                    self.problems.warning(fact.mark("id"), f"{kind} '{id_}' is never {what}")

    def enclosures(self) -> None:
        """`in` must lead out of every place: a place cannot lie, however indirectly, in itself."""
        places = self.ids["place"]
        reported: set[str] = set()
        for place in places.values():
            chain, current = [place.id], place.within
            while current in places and current not in chain:
                chain.append(current)
                current = places[current].within
            if current == place.id and place.id not in reported:
                reported.update(chain)
                loop = " in ".join([*chain, place.id])
                self.problems.error(place.mark("in"), f"place '{place.id}' lies in itself: {loop}", "one of these places must not be `in` the next")

    # --- provenance ---------------------------------------------------------------

    def checksums(self) -> None:
        """One error per changed document, counting the passages that no longer occur in it
        (run last, once they are all counted)."""
        for source in self.b.sources:
            if source.id not in self.changed:
                continue
            document = self.b.documents[source.id]
            message = f"{document.path} has changed since it was recorded (its SHA-256 is now {document.sha256})"
            lost = self.changed[source.id]
            if not lost:
                self.problems.error(source.mark("sha256"), message, "check the facts against the new text, then record the new sha256")
                continue
            verb = "occurs" if len(lost) == 1 else "occur"
            self.problems.error(
                source.mark("sha256"),
                f"{message}, and {_counted(noun for noun, _ in lost)} of {source.id} no longer {verb} in it",
                f"check {'it' if len(lost) == 1 else 'them'} against the new text ({_listed(mark for _, mark in lost)}), then record the new sha256",
            )

    def put_down_to_change(self, noun: str, mark: Mark, source_ids: Iterable[str]) -> bool:
        """Whether a passage missing from these sources' documents is counted under the checksum
        error of one that changed, instead of being reported on its own."""
        for source_id in source_ids:
            if source_id in self.changed:
                if (noun, mark) not in self.changed[source_id]:  # a quote is checked once per citation
                    self.changed[source_id].append((noun, mark))
                return True
        return False

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

    def citations(self, known: Items | None) -> Items:
        """Every excerpt in its document; a list item's as remembered where the item and the
        stamp (which holds the documents' digests) are as they were, with which of its
        citations' excerpts were not found (the figure checks pass over those)."""
        for fact in walk(self.b.meta):
            if type(fact) is Citation:
                self.citation(fact)
        memo = Remembering("citations", self.b, self.problems, known, self.stamped)
        listed = self.listed()
        for item, missed in zip(listed, memo.run_all(listed, self.item_citations)):
            if missed:
                cited = [fact for fact in self.parts_of(item) if type(fact) is Citation]
                self.misquoted.update(id(cited[i]) for i in missed)
        return memo.result()

    def item_citations(self, item: Fact) -> tuple[int, ...] | None:
        """The item's excerpts checked; the places among its citations of those not found."""
        cited = [fact for fact in self.parts_of(item) if type(fact) is Citation]
        missed = tuple(i for i, fact in enumerate(cited) if not self.citation(fact))
        return missed or None

    def citation(self, fact: Citation) -> bool:
        """Whether the excerpt was found (or its document is not stored); else it is reported."""
        if self.occurs(fact.excerpt, [fact.source]) is not False:
            return True
        self.misquoted.add(id(fact))
        self._not_found("excerpt", fact.excerpt, fact.source, fact.mark("excerpt"))
        return False

    def _not_found(self, noun: str, passage: str, source_id: str, mark: Mark, what: str | None = None, otherwise: str | None = None) -> None:
        """Report a passage missing from its source's document, with the likeliest fix: the
        document's change, another source it occurs in, where the closest passage differs (by
        code point, when a lookalike letter differs), and then `otherwise`."""
        if self.put_down_to_change(noun, mark, [source_id]):
            return
        elsewhere = [s.id for s in self.b.sources if s.id != source_id and self.occurs(passage, [s.id])]
        if elsewhere:
            which = "that source" if len(elsewhere) == 1 else "one of them"
            self.problems.error(mark, f"{noun} does not occur in {source_id}", f"it occurs verbatim in {_and(elsewhere)}: cite {which}?")
            return
        closest = closest_passage(passage, self.document(source_id))
        hints = [closest.hint(noun), first_difference(passage, closest.passage)] if closest else []
        hint = "; ".join(filter(None, [*hints, otherwise])) or None
        self.problems.error(mark, f"{what or noun} does not occur in the document verbatim", hint)

    def quotes(self) -> None:
        for quote in self.b.quotes:
            for citation in quote.citations:
                if self.occurs(quote.text, [citation.source]) is False:
                    self._not_found("quote", quote.text, citation.source, quote.mark("text"), f"quote (checked against {citation.source})")

    def aliases(self) -> None:
        """An actor's aliases, and a place's name and spellings, are the documents' own: each
        must occur in one that the fact cites (or is counted under its changed document)."""
        for actor in self.b.actors:
            self.spellings(actor, "actor", [("aliases", i, alias) for i, alias in enumerate(actor.aliases)])
        for place in self.b.places:
            self.spellings(place, "place", [("name", None, place.name), *(("aliases", i, alias) for i, alias in enumerate(place.aliases))])

    def spellings(self, fact: Actor | Place, kind: str, spellings: list[tuple[str, int | None, str]]) -> None:
        sources = [c.source for c in fact.citations]
        for key, index, words in spellings:
            noun = "place name" if key == "name" else "alias"
            mark = fact.mark(key, index)
            if self.occurs(words, sources) is False and not self.put_down_to_change(noun, mark, sources):
                self.problems.warning(mark, f"{noun} '{words}' does not occur in any document this {kind} cites")


def _file_name(path: str) -> str:
    """A fact file's name as messages give it: `actors.yml`, not the whole path."""
    return path.rsplit("/", 1)[-1]


def _counted(nouns: Iterable[str]) -> str:
    """'2 excerpts, 1 quote and 1 date wording': how many of each, in the order first seen."""
    counts: dict[str, int] = {}
    for noun in nouns:
        counts[noun] = counts.get(noun, 0) + 1
    return _and([f"{n} {noun}{'' if n == 1 else 'es' if noun.endswith('s') else 's'}" for noun, n in counts.items()])


def _listed(marks: Iterable[Mark], most: int = 5) -> str:
    """Positions in file order, the first `most` of them, then how many more."""
    shown = sorted(set(marks))
    more = len(shown) - most
    return ", ".join(map(str, shown[:most])) + (f" and {more} more" if more > 0 else "")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def verify(briefing: Briefing, problems: Problems, known: Findings | None = None) -> Findings:
    """Record every provenance problem of a briefing in `problems`. `known` holds what an
    earlier check found (see findings.py), which need not be looked for again; returns what
    this check found, for the next."""
    known = known or Findings()
    verifier = _Verifier(briefing, problems, known.passages)
    verifier.clashes()
    items = verifier.references(known.items)
    verifier.unused()
    verifier.enclosures()
    items.update(verifier.citations(known.items))
    verifier.quotes()
    items.update(verifier.item_checks(known.items))
    verifier.aliases()
    items.update(verifier.dates(known.items))
    check_order(briefing.events, briefing.dates, problems)
    verifier.checksums()  # after every passage of a changed document is counted
    items.update(verifier.editions(known.items))
    check_editions(briefing, problems)
    items.update(check_attribution(briefing, problems, known.items))
    # Passages known to occur in a document still stored are kept: the checks of remembered
    # items did not look for theirs again.
    shas = {document.sha256 for document in briefing.documents.values()}
    return Findings(verifier.found | {key for key in known.passages if key[1] in shas}, items)
