"""The site's public address, when it has one: canonical links, cards and the sitemap.

briefbook's links are relative so that a site works from file:// and from any sub-path;
`site_url` (the setting, or `build --site-url`) says where the site will be served, and
only then do pages carry what needs an absolute address: `<link rel="canonical">`, Open
Graph and Twitter card tags (for a link shared in a chat or a post), `sitemap.xml`, and
absolute feed links. Without it none of these is written (a card or a sitemap with
relative addresses would be wrong, not merely less useful).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def base(site_url: str | None) -> str | None:
    """The address with one trailing slash, so that paths join onto it: None when unset."""
    return site_url.rstrip("/") + "/" if site_url else None


def absolute(site_url: str, path: str | PurePosixPath) -> str:
    """The public address of a file of the site, from its path under the site's root;
    'index.html' in a folder is the folder's own address."""
    text = str(path)
    if text == "index.html" or text.endswith("/index.html"):
        text = text[: -len("index.html")]
    return site_url + quote(text)


@dataclass(frozen=True, slots=True)
class Card:
    """What a page shows when shared: its address, title and description."""

    url: str
    title: str
    description: str
    site_name: str
    kind: str = "article"  # Open Graph's type: "website" for the site's own pages


PUBLIC = "TLP:CLEAR"  # the one Traffic Light Protocol marking that allows public disclosure


def public(marking: str) -> bool:
    """Whether a briefing so marked may be advertised: only TLP:CLEAR gets cards, a canonical
    address and sitemap entries; a TLP:GREEN or AMBER briefing on a public host should at least
    not invite search engines and chat previews."""
    return marking == PUBLIC


def description(marking: str, text: str | None) -> str:
    """A card's description leads with the briefing's marking: 'TLP:CLEAR. Cross-border …'."""
    return f"{marking}. {text}" if text else marking


def sitemap(site_url: str, pages: dict[PurePosixPath, str]) -> bytes:
    """`sitemap.xml`: every page given, by its path under the site's root, with the day it
    last changed (YYYY-MM-DD), in path order."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for path in sorted(pages, key=str):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = absolute(site_url, path)
        ET.SubElement(url, "lastmod").text = pages[path]
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
