"""What the templates see: a briefing's facts ordered, indexed and cross-referenced once.

Templates hold no logic that belongs here: chronology order and grouping, who appears
where, which passage of which document each citation points at, and how dates read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from markupsafe import Markup

from ..dates import Edtf
from ..evidence import normalise
from ..model import Account, Actor, Briefing, Citation, Claim, Event, Fact, Quote, Response, When
from ..order import order_events
from ..validate import time_of
from .chronology import Group, chronology_groups
from .citing import short_names
from .links import Paging, fact_path
from .memo import FactDigests, Memo, code_version, digest, run_keys, runs
from .paging import PER_PAGE, chronology_parts, numbered_parts, paging
from .stances import Stances, join_and, shorten
from .places import Places
from .sourcing import Citer, Passage, Sourcing, citations_in, passage_anchor  # noqa: F401 - the names templates and tests know them by
from ..snapshots import current as current_facts
from .updates import Change, ChangeLog, EditionChanges
from .whoswho import WhosWho

T = TypeVar("T")
S = TypeVar("S")
JSON_FACTS = "json-facts"  # the runs of briefing.json's entries (render/__init__.py)
KIND_LABELS = {
    "state": "States",
    "government": "Governments",
    "government-body": "Government bodies",
    "armed-forces": "Armed forces",
    "armed-group": "Armed groups",
    "person": "People",
    "media-outlet": "Media outlets",
    "organization": "Organizations",
}


@dataclass(frozen=True, slots=True)
class DateView:
    """A date as a reader sees it: the label, the machine value, and the document's words."""

    label: str
    iso: str
    wording: str | None
    uncertain: bool


class View(Sourcing, Stances, WhosWho):
    """Everything the templates need about one briefing, computed once per build."""

    def __init__(self, briefing: Briefing, memo: Memo | None = None, preview: bool = False, coverage: bool = False, site_url: str | None = None, per_page: int = PER_PAGE) -> None:
        self.b = briefing
        self.coverage = coverage  # the analysts' coverage view: uncited sentences marked
        self.site_url = site_url  # the site's public address with a trailing slash, if it has one
        self.meta = briefing.meta
        self.memo = memo or Memo()
        self.fact_digest = FactDigests(briefing.digests)
        self._digest_event_relative_dates()
        self.actor = {a.id: a for a in briefing.actors}
        self.event = {e.id: e for e in briefing.events}
        self.source = {s.id: s for s in briefing.sources}
        self.source_name = short_names(list(briefing.sources))  # told apart: two of one outlet and day
        self.quote = {q.id: q for q in briefing.quotes}
        self.claim = {c.id: c for c in briefing.claims}
        self._dates: dict[int, tuple[When | None, DateView | None]] = {}  # by id(): see date()
        self._statuses = {}  # by id(): see event_status()
        self.events = order_events(briefing.events, briefing.dates)
        self.latest = self.events[::-1][:5]
        self.per_page = per_page
        self.chronology_parts = chronology_parts(self.groups(), per_page)
        self.quote_parts = numbered_parts("quotes", list(briefing.quotes), per_page)
        self.claim_parts = numbered_parts("claims", list(briefing.claims), per_page)
        self.paging: Paging = paging(self.chronology_parts, self.quote_parts, self.claim_parts)
        self._index_actors()
        self.places = Places(briefing, self.events)
        self.citers = self._citers()
        self._chains = self._index_chains()
        self._uses = self._index_uses()
        self._passages_of: dict[str, list[Passage]] = {}  # found when a page asks (passages_of)
        self.changes = ChangeLog(self.meta, self._facts_by_kind(), briefing.snapshots, current_facts(briefing) if preview and briefing.snapshots else None)
        # What any piece may show besides its own facts: the masthead, actor and place names
        # (every card, account and claim may link them), sources, and which editions a fact's
        # days count as new (the "new" and "updated" marks).
        self.context = digest(
            code_version(),
            briefing.slug,
            "coverage" if coverage else "",
            site_url or "",
            self.fact_digest(self.meta),
            self.changes.key,  # (where each fact's page is, the memo checks piece by piece)
            *(f"{a.id}\0{a.name}\0{a.kind}" for a in briefing.actors),
            *(f"{p.id}\0{p.name}" for p in briefing.places),
            *(self.fact_digest(s) for s in briefing.sources),
        )

    def _digest_event_relative_dates(self) -> None:
        """A date read against another event changes when that event's date does: fold the
        resolved value into the digest of the fact holding it, so its pieces are remade."""
        if not any(when.relative_to_event for when in self.b.dates):
            return
        b = self.b
        listed = {id(f) for f in (*b.sources, *b.actors, *b.events, *b.claims, *b.quotes)}
        holder, values = None, defaultdict(list)
        for fact in b.facts:
            if id(fact) in listed:
                holder = fact
            elif type(fact) is When and fact.relative_to_event and holder is not None:
                value = b.date(fact)
                values[id(holder)].append((holder, value.text if value else "-"))
        for pairs in values.values():
            holder = pairs[0][0]
            self.fact_digest.mix(holder, *(text for _, text in pairs))

    # --- remembered pieces --------------------------------------------------------------

    def piece(self, name: str, facts: list, make: Callable[[], T], *extra: str) -> T:
        """`make()`, or what it made before for the same facts in the same context. The key is
        a tuple of digests, not a digest of them: a large briefing has ~25,000 pieces."""
        return self.memo.get((self.context, name, *self.fact_digest.of(facts), *extra), make, self.paging)

    def fragments(self, name: str, items: Sequence[S], make: Callable[[S], T], key: Callable[[S], str] | None = None) -> list[T]:
        """`make(item)` for each item, in order, remembered in runs (memo.runs): an export's
        rows or a search index's documents, one per fact, each keyed by `key(item)` (by
        default the item's digest: a fact that shows no other; see `digests` for one that
        does); an edit renders again only the run it falls in. `name` says what is made,
        and anything that every item's rendering depends on beyond the context."""
        keys = list(map(key, items)) if key else self.fact_digest.of(items)
        return runs(self.memo, (self.context, name), keys, items, make, self.paging)

    def reused_share(self) -> float:
        """How much of the briefing the memo holds as rendered: the share of the runs of its
        events' entries in briefing.json (all of its events, and the context) found there,
        asked without reading them. A guess, before anything is rendered, of whether a
        rebuild will render little (render/__init__.py then renders in one process)."""
        found = [key in self.memo.old for _, _, key in run_keys((self.context, JSON_FACTS), self.fact_digest.of(self.b.events))]
        return sum(found) / len(found) if found else 1.0

    def digests(self, *facts: Fact | None) -> str:
        """One key for the facts an item shows (see `fragments`)."""
        return "\0".join(self.fact_digest.of(facts))

    def card(self, event: Event, heading: str, render) -> Markup:
        """An event's card for the chronology, with its own evidence (so that it stands alone)."""
        return Markup(self.piece("event-card", [event], lambda: str(render(event, heading, True)), heading))

    def cards(self, events: tuple[Event, ...], heading: str, render) -> Markup:
        """The chronology's list items for `events`: joined here, not in the template, because
        a large chronology has thousands and each template loop turn costs more than its card."""
        return Markup("\n".join([f"<li>{self.card(e, heading, render)}</li>" for e in events]))

    def notes_for(self, id_: str) -> Notes:
        """Fresh notes for one fact's card, with ids of its own."""
        return Notes(self, f"{id_}_")

    def edition_section(self, edition: EditionChanges, render) -> Markup:
        """An edition's section of the updates page, remembered by the facts it lists."""
        facts = [edition.edition, *(change.fact for change in edition.changes if change.fact is not None)]
        gone = [f"{c.kind}\0{c.id}\0{c.how}\0{c.title}" for c in edition.changes if c.fact is None]
        return Markup(self.piece("edition", facts, lambda: str(render(edition)), edition.anchor, *gone))

    def actor_page_facts(self, actor: Actor) -> list:
        """Every fact an actor's page shows, besides names and sources (in the context)."""
        aid = actor.id
        shown = [*self.events_of[aid], *self.quotes_by[aid], *self.claims_by[aid]]
        shown += [fact for _, fact, _ in (*self.accounts_by[aid], *self.claims_about[aid])]
        shown += [other for other, _ in (*self.relations_in[aid], *self.roles_in[aid])]
        shown += [self.event.get(q.event) for q in self.quotes_by[aid]]
        shown += [self.event.get(e) for c in self.claims_by[aid] for e in c.events]
        return shown

    # --- dates --------------------------------------------------------------------------

    def edtf(self, when: When | None) -> Edtf | None:
        return self.b.date(when)

    def date(self, when: When | None) -> DateView | None:
        """How `when` reads. Looked up by identity, since hashing a When hashes all its fields
        (a large build asks 200,000 times); each entry holds its When, so no other object can
        take its id while it is there."""
        found = self._dates.get(id(when))
        if found is None:
            found = self._dates[id(when)] = (when, self._date_view(when))
        return found[1]

    def _date_view(self, when: When | None) -> DateView | None:
        value = self.b.date(when)
        if value is None:
            return None
        time = time_of(when)
        described = value.describe(self.meta.language if self.meta else "en")
        label = f"{time}, {described}" if time else described
        return DateView(label, value.iso, when.wording, value.uncertain)

    def groups(self) -> list[Group]:
        """Chronology headings in reading order: see render/chronology.py."""
        return chronology_groups(self.events, self.b.date)

    def path(self, kind: str, id_: str) -> str:
        """A fact's permalink in this briefing's folder, on the page that holds it."""
        return fact_path(kind, id_, self.paging)

    def dates_differ(self, event: Event) -> bool:
        dates = {self.b.date(a.date or event.date).text for a in event.accounts}
        return len(dates) > 1

    # --- changes ------------------------------------------------------------------------

    def _facts_by_kind(self) -> dict[str, list[Fact]]:
        """Each kind's facts in the order the updates page lists them."""
        b = self.b
        actors = sorted(b.actors, key=lambda a: (a.name.casefold(), a.id))
        places = sorted(b.places, key=lambda p: (p.name.casefold(), p.id))
        return {"event": self.events, "actor": actors, "quote": list(b.quotes), "claim": list(b.claims), "source": list(b.sources), "place": places}

    def change_label(self, change: Change) -> str:
        """How the updates page and the feeds name a fact that changed."""
        fact = change.fact
        if fact is None:
            return change.title  # removed since: as its snapshot named it
        match change.kind:
            case "event" | "source":
                return fact.title
            case "actor" | "place":
                return fact.name
            case "quote":
                return f"“{shorten(fact.text)}”, {self.quote_speakers(fact)}"
            case _:
                return self.claim_heading(fact)

    # --- actors -------------------------------------------------------------------------

    def _index_actors(self) -> None:
        """Who appears where. Claims are listed by whom they are made by (`by`) and whom they
        concern (`about`), never by the actors who merely share an event with them."""
        self.events_of: dict[str, list[Event]] = defaultdict(list)
        self.quotes_by: dict[str, list[Quote]] = defaultdict(list)
        self.claims_by: dict[str, list[Claim]] = defaultdict(list)
        self.accounts_by: dict[str, list[tuple[str, Fact, Account]]] = defaultdict(list)
        self.claims_about: dict[str, list[tuple[str, Fact, Account | Claim]]] = defaultdict(list)
        self.relations_in: dict[str, list[tuple[Actor, object]]] = defaultdict(list)
        self.roles_in: dict[str, list[tuple[Actor, object]]] = defaultdict(list)
        for event in self.events:
            involved = dict.fromkeys([*event.actors, *(i for a in event.accounts for i in a.by)])
            for actor_id in involved:
                self.events_of[actor_id].append(event)
            for account in event.accounts:
                self._index_account("event", event, account)
        for quote in self.b.quotes:
            for actor_id in quote.by:
                self.quotes_by[actor_id].append(quote)
        for claim in self.b.claims:
            for actor_id in claim.by:
                self.claims_by[actor_id].append(claim)
            for actor_id in claim.about:
                self.claims_about[actor_id].append(("claim", claim, claim))
            for response in claim.responses:
                self._index_account("claim", claim, response)
        for actor in self.b.actors:
            for relation in actor.relations:
                self.relations_in[relation.to].append((actor, relation))
            for role in actor.roles:
                if role.of:
                    self.roles_in[role.of].append((actor, role))

    def _index_account(self, kind: str, fact: Event | Claim, account: Account) -> None:
        """An account's place on the pages of its claimants and of its subjects."""
        if account.stance == "reported":
            return
        for actor_id in account.by:
            self.accounts_by[actor_id].append((kind, fact, account))
        for actor_id in account.about:
            self.claims_about[actor_id].append((kind, fact, account))

    def actor_groups(self) -> list[tuple[str, str, list[Actor]]]:
        """(kind, heading, actors by name) for the actor index, in a fixed kind order."""
        by_kind: dict[str, list[Actor]] = defaultdict(list)
        for actor in self.b.actors:
            by_kind[actor.kind].append(actor)
        return [(kind, label, sorted(by_kind[kind], key=lambda a: (a.name.casefold(), a.id))) for kind, label in KIND_LABELS.items() if by_kind[kind]]



class Notes:
    """Numbered citations of a page, or of one card: each distinct citation gets one number,
    in order of use; `prefix` keeps a card's note ids apart from its neighbours' (ids in fact
    files cannot hold '_', so no fact's anchor can collide)."""

    def __init__(self, view: View, prefix: str = "") -> None:
        self.view = view
        self.prefix = prefix
        self.items: list[tuple[int, Citation]] = []
        self._numbers: dict[tuple, int] = {}

    def number(self, citation: Citation) -> tuple[int, bool]:
        """(the citation's number, whether this is its first use on the page)."""
        key = (citation.source, normalise(citation.excerpt), citation.translation, citation.translated_by, tuple(citation.via))
        if key in self._numbers:
            return self._numbers[key], False
        number = len(self.items) + 1
        self._numbers[key] = number
        self.items.append((number, citation))
        return number, True
