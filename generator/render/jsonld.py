"""schema.org JSON-LD for each page, so search engines and tools can read the facts."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..model import Actor, Claim, Event, Place, Quote, Source
from . import figures
from .links import fact_path
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


def actor(view: View, a: Actor, url: str) -> dict:
    data = {"@type": _ACTOR_TYPES[a.kind], "@id": url, "name": a.name, "url": url}
    if a.aliases:
        data["alternateName"] = list(a.aliases)
    if a.description:
        data["description"] = a.description
    return data


def event(view: View, e: Event, url: str) -> dict:
    data = {"@type": "Event", "@id": url, "name": e.title, "url": url, "startDate": view.date(e.date).iso}
    located = [{"@type": "Place", "name": e.place}] if e.place else []
    located += [{"@type": "Place", "name": p.name, "url": fact_path("place", p.id)} for p in view.places.of_event(e) if p.id in e.places]
    if located:
        data["location"] = located[0] if len(located) == 1 else located
    data["description"] = " ".join(a.text for a in e.accounts if a.stance == "reported") or e.accounts[0].text
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


def _people(view: View, ids) -> list[dict]:
    return [{"@type": _ACTOR_TYPES[view.actor[i].kind], "name": view.actor[i].name} for i in ids if i in view.actor]


def claim(view: View, author_ids, text: str, url: str, source_ids) -> dict:
    """A schema.org Claim; one unattributed in the source has no author, rather than a guessed one."""
    data = {"@type": "Claim", "url": url, "text": text}
    authors = _people(view, author_ids)
    if authors:
        data["author"] = authors
    data["appearance"] = [{"@type": "CreativeWork", "name": view.source[s].title} for s in dict.fromkeys(source_ids) if s in view.source]
    return data


def quotation(view: View, q: Quote, url: str) -> dict:
    """The words in their source's language (`inLanguage`), and any translation as the
    quotation's `workTranslation`, with its `translator`: the analysts (the briefing's
    authors) or the source's publisher, in whose document it stands."""
    data = {"@type": "Quotation", "url": url, "text": q.text}
    speakers = _people(view, q.by)
    if speakers:
        data["creator"] = speakers
    source = view.source.get(q.citations[0].source)
    if source:
        data["inLanguage"] = source.language
    if q.said:
        data["dateCreated"] = view.date(q.said).iso
    if q.translation:
        data["workTranslation"] = _translation(view, q, source)
    return data


def _translation(view: View, q: Quote, source: Source | None) -> dict:
    data = {"@type": "Quotation", "text": q.translation, "inLanguage": view.meta.language}
    if q.translated_by == "analysts":
        data["translator"] = [{"@type": "Person", "name": a} for a in view.meta.authors]
    elif source:
        data["isPartOf"] = {"@type": "CreativeWork", "name": source.title}
        if source.publisher:
            data["translator"] = {"@type": "Organization", "name": source.publisher}
    return data

def place(view: View, p: Place, url: str) -> dict:
    """A place's page: schema.org's Place, with its point and what it lies in."""
    data = {"@type": "Country" if p.kind == "country" else "Place", "@id": url, "name": p.name, "url": url, "additionalType": KIND_NAMES[p.kind]}
    if p.aliases:
        data["alternateName"] = list(p.aliases)
    if p.description:
        data["description"] = p.description
    if p.coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": p.coordinates.latitude, "longitude": p.coordinates.longitude}
    container = view.places.get(p.within) if p.within else None
    if container:
        folder = url.removesuffix(p.id + ".html")  # place pages sit side by side
        data["containedInPlace"] = {"@type": "Place", "name": container.name, "url": folder + container.id + ".html"}
    return data


def news_article(view: View, s: Source, url: str) -> dict:
    data = {"@type": "NewsArticle" if s.kind == "news-article" else "CreativeWork", "@id": url, "url": url, "headline": s.title, "datePublished": view.date(s.published).iso, "inLanguage": s.language}
    if s.publisher:
        data["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.url:
        data["sameAs"] = s.url
    return data


def claims_of_event(view: View, e: Event, url: str) -> list[dict]:
    return [claim(view, a.by, a.text, url, [c.source for c in a.citations]) for a in e.accounts if a.stance != "reported"]


def claim_fact(view: View, c: Claim, url: str) -> dict:
    """A Claim, or a ClaimReview of it where the evidence gives its status (a status derived
    from the responses is the analysts' reading, not a review to publish as one)."""
    data = claim(view, c.by, c.text, url, [x.source for x in c.citations])
    data["name"] = view.claim_heading(c)
    if c.status is None:
        return data
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": c.text,
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
        {"@type": "WebPageElement", "@id": f"{url}#{e.anchor}", "name": f"Edition of {e.label}", "datePublished": e.iso, "text": e.edition.text}
        for e in view.changes.editions
    ]
    return data
