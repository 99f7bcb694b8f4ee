"""Print editions: the part of a briefing that a reader prints for a meeting.

`briefbook pdf --since DATE` prints the events and facts since a day, `--actor ID` an actor's
dossier, `--sections` some sections only. An edition is a smaller, consistent `Briefing`
(the facts chosen, plus every actor and place they name, so that no name drops out of a
sentence), printed by the same template; its PDF gets its own file name and a line on the
cover that says what it covers. The evidence and the sources are always printed: nothing is
published that cannot be traced to its evidence.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .problems import did_you_mean

if TYPE_CHECKING:  # `SECTIONS` is read by the command line as it starts, before any model
    from .model import Actor, Briefing, Claim, Event

SECTIONS = ("cover", "summary", "contents", "chronology", "quotes", "claims", "actors", "places", "sources", "evidence")
ALWAYS = ("sources", "evidence")  # what every statement is traced to


class EditionError(ValueError):
    """A print edition asked for with a bad value: a usage error, said in words."""


@dataclass(frozen=True)
class PrintEdition:
    """What goes into one PDF: every fact, or those since a day, or one actor's; some sections."""

    since: date | None = None
    actor: str | None = None
    sections: tuple[str, ...] = SECTIONS

    @property
    def whole(self) -> bool:
        return self.since is None and self.actor is None and self.sections == SECTIONS

    def suffix(self) -> str:
        """What the PDF's file name adds to the slug: "" for the whole briefing."""
        parts = []
        if self.actor:
            parts.append(f"actor-{self.actor}")
        if self.since:
            parts.append(f"since-{self.since.isoformat()}")
        if self.sections != SECTIONS:
            parts.append("-".join(s for s in self.sections if s not in ALWAYS))
        return "".join(f"-{p}" for p in parts)

    def describe(self, briefing: Briefing) -> str:
        """The cover's line saying what this edition covers ("" for the whole briefing)."""
        if self.whole:
            return ""
        covers = []
        if self.actor:
            covers.append(f"the dossier of {_actor(briefing, self.actor).name}: its events, quotes and claims by and about it")
        if self.since:
            covers.append(f"the events and facts since {self.since.day} {self.since:%B %Y}, with what they refer to")
        if self.sections != SECTIONS:
            covers.append("these sections only: " + ", ".join(s for s in self.sections if s not in ALWAYS) + ", with the sources and evidence")
        text = "; ".join(covers)
        return f"Print edition: {text[0].lower()}{text[1:]}."


def parse_sections(value: str | None) -> tuple[str, ...]:
    """`--sections cover,summary,chronology` as the sections in document order."""
    if value is None:
        return SECTIONS
    asked = [part.strip() for part in value.split(",") if part.strip()]
    if not asked:
        raise EditionError("--sections needs at least one section, e.g. --sections cover,summary,chronology")
    for name in asked:
        if name not in SECTIONS:
            hint = did_you_mean(name, SECTIONS)
            raise EditionError(f"--sections: unknown section {name!r}{'; ' + hint if hint else ''} (sections: {', '.join(SECTIONS)})")
    return tuple(s for s in SECTIONS if s in asked or s in ALWAYS)


def parse_since(value: str | None) -> date | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise EditionError(f"--since takes a day as YYYY-MM-DD, such as 2024-01-16, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise EditionError(f"--since: {value} is not a day of the calendar") from None


def check(edition: PrintEdition, briefing: Briefing) -> None:
    """An EditionError when the edition asks for what the briefing does not have."""
    if edition.actor and edition.actor not in {a.id for a in briefing.actors}:
        hint = did_you_mean(edition.actor, [a.id for a in briefing.actors])
        raise EditionError(f"--actor: {briefing.slug} has no actor {edition.actor!r}{'; ' + hint if hint else ''}")


def _actor(briefing: Briefing, id_: str) -> Actor:
    return next(a for a in briefing.actors if a.id == id_)


# --- choosing the facts -----------------------------------------------------------------


def select(briefing: Briefing, edition: PrintEdition) -> Briefing:
    """The briefing as the edition prints it: its chosen events, quotes and claims, and the
    actors and places these name (each actor's own roles and relations included)."""
    if edition.since is None and edition.actor is None:
        return briefing
    events = [e for e in briefing.events if _wanted(briefing, edition, e, _event_actors(e))]
    kept_events = {e.id for e in events}
    quotes = [q for q in briefing.quotes if q.event in kept_events or _wanted(briefing, edition, q, set(q.by))]
    claims = [c for c in briefing.claims if kept_events & set(c.events) or _wanted(briefing, edition, c, _claim_actors(c))]
    actors = _named_actors(briefing, events, quotes, claims, {edition.actor} if edition.actor else set())
    places = _named_places(briefing, events)
    kept = {id(f) for f in (*events, *quotes, *claims, *actors, *places, *briefing.sources)}
    return dataclasses.replace(
        briefing,
        events=tuple(events),
        quotes=tuple(quotes),
        claims=tuple(claims),
        actors=tuple(a for a in briefing.actors if a in actors),
        places=tuple(p for p in briefing.places if p in places),
        facts=_facts(briefing, kept),
    )


def _wanted(briefing: Briefing, edition: PrintEdition, fact, actors: set[str]) -> bool:
    if edition.actor and edition.actor not in actors:
        return False
    return edition.since is None or _since(briefing, fact, edition.since)


def _since(briefing: Briefing, fact, day: date) -> bool:
    """The fact happened, was said, or was added or updated on or after `day` (a date that
    spans days counts when its span reaches `day`)."""
    marks = [getattr(fact, "added", None), getattr(fact, "updated", None)]
    if any(mark is not None and str(mark) >= day.isoformat() for mark in marks):
        return True
    from .model import Quote

    when = getattr(fact, "date", None) if not isinstance(fact, Quote) else fact.said
    value = briefing.date(when)
    return value is not None and value.upper >= day


def _event_actors(event: Event) -> set[str]:
    return set(event.actors) | {i for a in event.accounts for i in (*a.by, *a.about)}


def _claim_actors(claim: Claim) -> set[str]:
    return set(claim.by) | set(claim.about) | {i for r in claim.responses for i in (*r.by, *r.about)}


def _named_actors(briefing: Briefing, events, quotes, claims, start: set[str]) -> list[Actor]:
    """Every actor the chosen facts name, and those that these actors' roles and relations name."""
    named = set(start)
    for event in events:
        named |= _event_actors(event)
    for quote in quotes:
        named |= set(quote.by)
    for claim in claims:
        named |= _claim_actors(claim)
    by_id = {a.id: a for a in briefing.actors}
    for id_ in list(named):  # one step: a role "of" or a relation "to" prints the other's name
        actor = by_id.get(id_)
        if actor is not None:
            named |= {r.of for r in actor.roles if r.of} | {r.to for r in actor.relations}
    return [a for a in briefing.actors if a.id in named]


def _named_places(briefing: Briefing, events) -> list:
    by_id = {p.id: p for p in briefing.places}
    named = {i for e in events for i in (*e.places, *(p for a in e.accounts for p in a.places))}
    todo = list(named)
    while todo:  # a place is printed "in" the place that holds it
        place = by_id.get(todo.pop())
        parent = getattr(place, "within", None) if place is not None else None
        if parent and parent not in named:
            named.add(parent)
            todo.append(parent)
    return [p for p in briefing.places if p.id in named]


def _facts(briefing: Briefing, kept: set[int]) -> tuple:
    """`Briefing.facts` for the edition: each kept item with its parts (which follow it in the
    walk), and the briefing's own summary and key points, which come before every item."""
    items = {id(f) for f in (*briefing.sources, *briefing.actors, *briefing.events, *briefing.claims, *briefing.quotes, *briefing.places)}
    keep, facts = True, []
    for fact in briefing.facts:
        if id(fact) in items:
            keep = id(fact) in kept
        if keep:
            facts.append(fact)
    return tuple(facts)


# --- links to what the edition leaves out -------------------------------------------------

_ID = re.compile(r'\sid="([^"]+)"')
_PAGEREF = re.compile(r'(?:, )?<a class="pageref" href="#([^"]+)">.*?</a>')
_LINK = re.compile(r'<a( class="[^"]*")? href="#([^"]+)"')


def prune_links(html: str) -> str:
    """The printed HTML without links to anchors it does not hold (an actor's profile when the
    actors are not printed, say): such a link keeps its words and loses its target, and a
    page reference to it is left out."""
    ids = set(_ID.findall(html))
    html = _PAGEREF.sub(lambda m: m[0] if m[1] in ids else "", html)
    return _LINK.sub(lambda m: m[0] if m[2] in ids else f"<a{m[1] or ''}", html)
