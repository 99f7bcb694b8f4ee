"""Atom feeds (RFC 4287), so that readers can follow a briefing's editions in a feed reader.

Each briefing has `<slug>/feed.atom` and the site has `feed.atom`, merging every briefing's.
An entry is an edition: its id a `tag:` URI (RFC 4151) made from the slug and the edition's
day, so it never changes; `updated` the edition's day at 00:00:00Z; its content the
analysts' note and the list of facts added or updated, as escaped HTML. Nothing reads the
clock: a feed's `updated` is its latest edition's day (with no editions, the as-of date).

Links are relative, as everywhere on the site, unless the site has a public address
(`site_url`): then each feed's `self` and `alternate` links are absolute, as RFC 4287
advises for `self`, so a copy of the feed still names where it lives. Every href in an
entry is relative to its briefing's folder: in the briefing's feed, which lives there, that
is the feed's own location; in the site's feed, one folder up, each entry says so with
`xml:base="<slug>/"`. Feed readers resolve both against the feed's URL.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from jinja2 import Environment

from .links import PAGES, Linker
from .sharing import absolute
from .markdown import markdown
from .updates import EditionChanges
from .views import View

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.atom"
TAG = "tag:briefbook,2024:"
"""briefbook's namespace of tag URIs: authority `briefbook`, dated to the year it was defined."""
LIST_LIMIT = 100
"""At most this many facts of each kind are listed in an entry; the updates page lists them all."""
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE_TITLE = "Briefings: latest updates"


def feed_id(slug: str) -> str:
    return f"{TAG}{slug}"


def entry_id(slug: str, edition: EditionChanges) -> str:
    return f"{TAG}{slug}/{edition.edition.date}"


def timestamp(day: date) -> str:
    """An Atom date: the day at midnight UTC (editions are dated to the day)."""
    return f"{day.isoformat()}T00:00:00Z"


def updated(view: View) -> date:
    """A briefing's latest change: its latest edition's day, else the as-of date's last day."""
    if view.changes.current:
        return view.changes.current
    value = view.edtf(view.meta.as_of)
    return value.lower if value.upper == date.max else value.upper


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _authors(parent: ET.Element, names: list[str]) -> None:
    for name in names:
        _text(ET.SubElement(parent, "author"), "name", name)


def _entry(env: Environment, view: View, edition: EditionChanges, base: str | None = None) -> ET.Element:
    """One edition as an entry; `base` is the briefing's folder relative to the feed, if not the feed's."""
    slug, meta = view.b.slug, view.meta
    entry = ET.Element("entry", {XML_BASE: base, XML_LANG: meta.language} if base else {})
    _text(entry, "id", entry_id(slug, edition))
    _text(entry, "title", f"{meta.title} — edition of {edition.label}")
    _text(entry, "updated", timestamp(edition.day))
    _authors(entry, meta.authors)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": f"{PAGES['updates']}#{edition.anchor}"})
    link = Linker(FEED, paging=view.paging)
    html = env.get_template("feed_entry.html").render(
        view=view, link=link, edition=edition, limit=LIST_LIMIT, md=lambda text: markdown(text, link)
    )
    _text(entry, "content", html.strip(), type="html")
    return entry


def _href(site_url: str | None, folder: str, path: str) -> str:
    """`path` relative to the feed in `folder` (the site's root: ""), or absolute with a site_url."""
    return absolute(site_url, folder + path) if site_url else path


def _feed(lang: str, id_: str, title: str, day: date, alternate: str, authors: list[str], subtitle: str | None = None, self_href: str = FEED) -> ET.Element:
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _text(feed, "id", id_)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "updated", timestamp(day))
    _authors(feed, authors)
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": self_href})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": alternate})
    _text(feed, "generator", "briefbook")
    return feed


def _bytes(feed: ET.Element) -> bytes:
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def briefing_feed(env: Environment, view: View, site_url: str | None = None) -> bytes:
    """`<slug>/feed.atom`: the briefing's editions, newest first."""
    meta, folder = view.meta, f"{view.b.slug}/"
    alternate, self_href = _href(site_url, folder, PAGES["updates"]), _href(site_url, folder, FEED)
    feed = _feed(meta.language, feed_id(view.b.slug), meta.title, updated(view), alternate, list(meta.authors), meta.subtitle, self_href)
    _text(feed, "rights", meta.handling)
    feed.extend(_entry(env, view, edition) for edition in view.changes.editions)
    return _bytes(feed)


def site_feed(env: Environment, views: list[View], site_url: str | None = None) -> bytes:
    """The site's `feed.atom`: every briefing's editions, newest first (then by slug)."""
    entries = sorted(((e.day, view.b.slug, view, e) for view in views for e in view.changes.editions), key=lambda x: (-x[0].toordinal(), x[1]))
    authors = list(dict.fromkeys(a for view in views for a in view.meta.authors))
    day = max((updated(view) for view in views), default=date(1970, 1, 1))
    feed = _feed("en", f"{TAG}site", SITE_TITLE, day, _href(site_url, "", "index.html"), authors, self_href=_href(site_url, "", FEED))
    for _, slug, view, edition in entries:
        entry = _entry(env, view, edition, base=f"{slug}/")
        _source(entry, view, site_url)
        _text(entry, "rights", view.meta.handling)
        feed.append(entry)
    return _bytes(feed)


def _source(entry: ET.Element, view: View, site_url: str | None = None) -> None:
    """Where an entry of the site's feed comes from: its briefing's feed (RFC 4287, 4.2.11)."""
    source = ET.SubElement(entry, "source")
    _text(source, "id", feed_id(view.b.slug))
    _text(source, "title", view.meta.title)
    _text(source, "updated", timestamp(updated(view)))
    ET.SubElement(source, "link", {"rel": "self", "type": "application/atom+xml", "href": _href(site_url, f"{view.b.slug}/", FEED) if site_url else FEED})
