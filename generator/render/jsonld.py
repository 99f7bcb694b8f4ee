"""schema.org JSON-LD for each page, so search engines and tools can read the facts.

Actors, places and sources are described once per page and referred to by `@id` (their
permalink, relative to the page as every link is) wherever a fact names them: a chronology
page of hundreds of events would otherwise repeat each claimant and source hundreds of
times. `Refs` collects what a page's items refer to; `Refs.nodes` describes each of them.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..model import Actor, Claim, Event, Place, Quote, Source
from . import figures
from .links import Linker
from .markdown import plain_text
from .places import KIND_NAMES
from .views import View

_ACTOR_TYPES = {
    "state": "Country",
    "government": "GovernmentOrganization",
    "government-body": "GovernmentOrganization",
    "armed-forces": "GovernmentOrganization",
    "armed-group": "Organization",
    "person": "Person",
    "media-outlet": "NewsMediaOrganization",
    "organization": "Organization",
}


def script(data: dict) -> Markup:
    """JSON for a <script> element: '<' escaped so no text can close the element early."""
    return Markup(_json(data))


def _json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graph(*items: dict) -> dict:
    return {"@context": "https://schema.org", "@graph": list(items)}


def items_json(*items: dict) -> str:
    """Graph items as script text, to be remembered and joined by `graph_script`."""
    return ",".join(map(_json, items))


def graph_script(parts: list[str]) -> Markup:
    """What `script(graph(...))` gives, from the items' text made by `items_json`."""
    return Markup('{"@context":"https://schema.org","@graph":[' + ",".join(p for p in parts if p) + "]}")


class Refs:
    """The actors, places and sources a page's items refer to by `@id`, in order of first
    mention, so that the page describes each once (`nodes`)."""

    def __init__(self, view: View, link: Linker) -> None:
        self.view, self.link = view, link
        self.seen: dict[tuple[str, str], None] = {}

    def __call__(self, kind: str, id_: str) -> dict:
        """A reference to a fact the view knows (the caller checks that it does)."""
        self.seen[(kind, id_)] = None
        return {"@id": self.link.fact(kind, id_)}

    def add(self, refs) -> None:
        """References recorded by an earlier build (a remembered item's)."""
        self.seen.update(dict.fromkeys(refs))

    def nodes(self) -> list[dict]:
        view, out = self.view, []
        for kind, id_ in self.seen:
            url = self.link.fact(kind, id_)
            if kind == "actor":
                a = view.actor[id_]
                out.append({"@type": _ACTOR_TYPES[a.kind], "@id": url, "name": a.name, "url": url})
            elif kind == "place":
                p = view.places.get(id_)
                out.append({"@type": "Country" if p.kind == "country" else "Place", "@id": url, "name": p.name, "url": url})
            else:
                s = view.source[id_]
                out.append({"@type": _source_type(s), "@id": url, "headline": s.title, "url": url})
        return out


def _source_type(s: Source) -> str:
    return "NewsArticle" if s.kind == "news-article" else "CreativeWork"


def actor(view: View, a: Actor, url: str) -> dict:
    data = {"@type": _ACTOR_TYPES[a.kind], "@id": url, "name": a.name, "url": url}
    if a.aliases:
        data["alternateName"] = list(a.aliases)
    if a.description:
        data["description"] = plain_text(a.description)
    return data


def event(view: View, e: Event, url: str, refs: Refs) -> dict:
    data = {"@type": "Event", "@id": url, "name": e.title, "url": url, "startDate": view.date(e.date).iso}
    located = [{"@type": "Place", "name": e.place}] if e.place else []  # free text: no page to refer to
    located += [refs("place", p.id) for p in view.places.of_event(e) if p.id in e.places]
    if located:
        data["location"] = located[0] if len(located) == 1 else located
    data["description"] = " ".join(plain_text(a.text) for a in e.accounts if a.stance == "reported") or plain_text(e.accounts[0].text)
    counts = [_figure(view, account, f) for account in e.accounts for f in account.figures]
    if counts:
        data["additionalProperty"] = counts
    return data


def _figure(view: View, account, figure) -> dict:
    """A figure as a PropertyValue (schema.org's generic measured property, which is what its
    own types offer for counts): `propertyID` the count, `value` or `minValue`/`maxValue`
    the numbers, `unitText` who is counted, and who gives it, in their words, as the
    description. Event has no property of its own for casualties."""
    data = {"@type": "PropertyValue", "propertyID": figure.what, "name": figures.label(figure.what)}
    if figure.value is not None:
        data["value"] = figure.value
    if figure.at_least is not None:
        data["minValue"] = figure.at_least
    if figure.at_most is not None:
        data["maxValue"] = figure.at_most
    if figure.who:
        data["unitText"] = figure.who
    stance = view.stance_label(account) or "Reported by the source"
    data["description"] = f"{figures.counted(figure)}; {stance[0].lower()}{stance[1:]}: “{figure.wording}”"
    return data


def _people(view: View, ids, refs: Refs) -> list[dict]:
    return [refs("actor", i) for i in ids if i in view.actor]


def claim(view: View, author_ids, text: str, url: str, source_ids, refs: Refs) -> dict:
    """A schema.org Claim; one unattributed in the source has no author, rather than a guessed one."""
    data = {"@type": "Claim", "url": url, "text": plain_text(text)}
    authors = _people(view, author_ids, refs)
    if authors:
        data["author"] = authors
    data["appearance"] = [refs("source", s) for s in dict.fromkeys(source_ids) if s in view.source]
    return data


def quotation(view: View, q: Quote, url: str, refs: Refs) -> dict:
    """The words in their source's language (`inLanguage`), and any translation as the
    quotation's `workTranslation`, with its `translator`: the analysts (the briefing's
    authors) or the source's publisher, in whose document it stands."""
    data = {"@type": "Quotation", "url": url, "text": q.text}
    speakers = _people(view, q.by, refs)
    if speakers:
        data["creator"] = speakers
    source = view.source.get(q.citations[0].source)
    if source:
        data["inLanguage"] = source.language
    if q.said:
        data["dateCreated"] = view.date(q.said).iso
    if q.translation:
        data["workTranslation"] = _translation(view, q, source, refs)
    return data


def _translation(view: View, q: Quote, source: Source | None, refs: Refs) -> dict:
    data = {"@type": "Quotation", "text": q.translation, "inLanguage": view.meta.language}
    if q.translated_by == "analysts":
        data["translator"] = [{"@type": "Person", "name": a} for a in view.meta.authors]
    elif source:
        data["isPartOf"] = refs("source", source.id)
        if source.publisher:
            data["translator"] = {"@type": "Organization", "name": source.publisher}
    return data

def place(view: View, p: Place, url: str, refs: Refs) -> dict:
    """A place's page: schema.org's Place, with its point and what it lies in."""
    data = {"@type": "Country" if p.kind == "country" else "Place", "@id": url, "name": p.name, "url": url, "additionalType": KIND_NAMES[p.kind]}
    if p.aliases:
        data["alternateName"] = list(p.aliases)
    if p.description:
        data["description"] = plain_text(p.description)
    if p.coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": p.coordinates.latitude, "longitude": p.coordinates.longitude}
    container = view.places.get(p.within) if p.within else None
    if container:
        data["containedInPlace"] = refs("place", container.id)
    return data


def news_article(view: View, s: Source, url: str) -> dict:
    data = {"@type": _source_type(s), "@id": url, "url": url, "headline": s.title, "datePublished": view.date(s.published).iso, "inLanguage": s.language}
    if s.publisher:
        data["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.url:
        data["sameAs"] = s.url
    return data


def claims_of_event(view: View, e: Event, url: str, refs: Refs) -> list[dict]:
    return [claim(view, a.by, a.text, url, [c.source for c in a.citations], refs) for a in e.accounts if a.stance != "reported"]


def claim_fact(view: View, c: Claim, url: str, refs: Refs) -> dict:
    """A Claim, or a ClaimReview of it where the evidence gives its status (a status derived
    from the responses is the analysts' reading, not a review to publish as one)."""
    data = claim(view, c.by, c.text, url, [x.source for x in c.citations], refs)
    data["name"] = view.claim_heading(c)
    if c.status is None:
        return data
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": plain_text(c.text),
        "itemReviewed": data,
        "reviewRating": {"@type": "Rating", "alternateName": c.status.value.capitalize()},
        "author": [{"@type": "Organization", "name": name} for name in view.meta.authors] if view.meta else [],
    }


def updates(view: View, url: str) -> dict:
    """The updates page: the briefing's editions, each with its day and the analysts' note."""
    meta = view.meta
    data = {"@type": "WebPage", "@id": url, "url": url, "name": "Latest updates", "about": {"@type": "Report", "name": meta.title}}
    if view.changes.current:
        data["dateModified"] = view.changes.current.isoformat()
    data["hasPart"] = [
        {"@type": "WebPageElement", "@id": f"{url}#{e.anchor}", "name": f"Edition of {e.label}", "datePublished": e.iso, "text": plain_text(e.edition.text)}
        for e in view.changes.editions
    ]
    return data
