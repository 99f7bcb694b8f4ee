"""The chronology, quotes, claims and updates pages: one page each, or, for a large
briefing, an index page and the pages that render/paging.py splits them into.

Each page's JSON-LD describes its own facts and, once, the actors, places and sources they
refer to (see render/jsonld.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from typing import Callable

from markupsafe import Markup

from . import jsonld as ld
from .links import PAGES, Linker
from .memo import digest
from .paging import CHANGES_PER_FACT, Part, Parts, chunked, events_of
from .views import View

Add = Callable[[tuple[PurePosixPath, bytes]], None]


def add_quotes(view: View, page, add: Add) -> None:
    """The quotes page or pages; each shows its quotes' events' titles."""
    quoted = lambda quotes: [*quotes, *(view.event.get(q.event) for q in quotes)]  # noqa: E731
    _add_numbered(view, page, add, "quotes", "Quotes", view.quote_parts, list(view.b.quotes), quoted, ld.quotation)


def add_claims(view: View, page, add: Add) -> None:
    """The claims page or pages; each shows its claims' events' titles."""
    claimed = lambda claims: [*claims, *(view.event.get(e) for c in claims for e in c.events)]  # noqa: E731
    _add_numbered(view, page, add, "claims", "Claims", view.claim_parts, list(view.b.claims), claimed, ld.claim_fact)


def _linker(view: View, path: str) -> Linker:
    return Linker(path, paging=view.paging)


def chronology_ld(view: View, path: str, events) -> Markup:
    """The JSON-LD of a chronology page: each event (remembered per event) and its claims,
    then each actor, place and source they refer to."""
    link = _linker(view, path)
    refs = ld.Refs(view, link)

    def item(e) -> tuple[str, tuple]:
        own = ld.Refs(view, link)
        url = link.up + view.path("event", e.id)  # as the one-page chronology always said it
        return ld.items_json(ld.event(view, e, url, own), *ld.claims_of_event(view, e, url, own)), tuple(own.seen)

    parts = []
    for e in events:
        text, seen = view.piece("ld-event", [e], lambda e=e: item(e), link.up)
        parts.append(text)
        refs.add(seen)
    return ld.graph_script([*parts, ld.items_json(*refs.nodes())])


def add_chronology(view: View, page, add: Add) -> None:
    parts = view.chronology_parts
    index = PAGES["chronology"]
    if not parts:
        add(page("chronology.html", index, "Chronology", chronology_ld(view, index, view.events), groups=view.groups(), parts=parts, part=None))
        return
    add(page("chronology.html", index, "Chronology", ld.graph({"@type": "WebPage", "name": "Chronology", "hasPart": [{"@id": _linker(view, index)(p.path)} for p in parts.parts]}), groups=[], parts=parts, part=None))
    # Each period's page is remembered by its events and by the periods its pager and index
    # of periods name (with the count of all events, which its lede gives): an edit re-renders
    # the page of the period it falls in, not the other pages and their thousand cards.
    periods = digest(str(len(view.b.events)), *(f"{p.path}\0{p.label}\0{p.short}\0{p.count}\0{p.year}" for p in parts.parts))
    for part in parts.parts:
        make = lambda part=part: page(  # noqa: E731
            "chronology.html", part.path, f"Chronology: {part.label}", chronology_ld(view, part.path, events_of(part)), groups=list(part.groups), parts=parts, part=part
        )
        events = events_of(part)
        claimants = {a: None for e in events for account in e.accounts for a in account.by}  # as its timeline is keyed
        add(view.piece("chronology-part", [*events, *(view.actor[a] for a in claimants if a in view.actor)], make, part.path, periods))


def _add_numbered(view: View, page, add: Add, key: str, title: str, parts: Parts, items: list, shown, item_ld) -> None:
    """The quotes or claims page, or their index and numbered pages; each page is remembered
    by the facts it shows."""
    index = PAGES[key]

    def one(path: str, items: tuple, part: Part | None):
        link = _linker(view, path)
        refs = ld.Refs(view, link)
        graph = [item_ld(view, item, link.fact(key[:-1], item.id), refs) for item in items]
        heading = f"{title} {part.label}" if part else title
        return page(f"{key}.html", path, heading, ld.graph(*graph, *refs.nodes()), items=list(items), parts=parts, part=part)

    if not parts:
        add(view.piece(f"{key}-page", shown(items), lambda: one(index, tuple(items), None)))
        return
    listing = ld.graph({"@type": "WebPage", "name": title, "hasPart": [{"@id": _linker(view, index)(p.path)} for p in parts.parts]})
    add(page(f"{key}.html", index, title, listing, items=[], parts=parts, part=None))
    # Each page also names how many there are in all, and its pager the pages around it.
    pages = digest(str(len(items)), *(f"{p.path}\0{p.label}\0{p.count}" for p in parts.parts))
    for part in parts.parts:
        add(view.piece(f"{key}-part", shown(part.items), lambda part=part: one(part.path, part.items, part), part.path, pages))


def add_updates(view: View, page, add: Add) -> None:
    """The updates page; an edition that changed more facts than a page holds lists them on
    numbered pages of its own (`updates/edition-DAY-N.html`), and the updates page links them."""
    index = PAGES["updates"]
    long = {}
    for edition in view.changes.editions:
        parts = chunked(f"{index}#{edition.anchor}", f"updates/{edition.anchor}-", list(edition.changes), view.per_page * CHANGES_PER_FACT)
        if parts:
            long[edition.anchor] = parts
    add(page("updates.html", index, "Latest updates", ld.graph(ld.updates(view, index)), long=long))
    for edition in view.changes.editions:
        parts = long.get(edition.anchor)
        # Each page also shows the edition's count of changes and its pager: all its parts.
        pages = digest(*(f"{p.path}\0{p.label}\0{p.count}" for p in parts.parts)) if parts else ""
        for part in parts.parts if parts else ():
            shown = replace(edition, changes=part.items)
            facts = [change.fact for change in part.items if change.fact is not None]
            gone = [f"{c.kind}\0{c.id}\0{c.how}\0{c.title}" for c in part.items if c.fact is None]
            make = lambda part=part, shown=shown, parts=parts: page(  # noqa: E731 - remembered by the facts it lists
                "updates_part.html", part.path, f"Latest updates: {shown.title}, {part.label}", ld.graph({"@type": "WebPage", "name": f"Changes {part.label} of {shown.title}"}),
                edition=shown, parts=parts, part=part,
            )
            add(view.piece("updates-part", [edition.edition, *facts], make, part.path, pages, *gone))
