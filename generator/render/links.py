"""Where each page and fact lives in a briefing's folder, and relative links between pages.

Every link briefbook writes is relative, so a site works from file://, from any sub-path
and offline. Page paths are made from ids, never from display names.
"""

from __future__ import annotations

from urllib.parse import quote

PAGES = {
    "overview": "index.html",
    "updates": "updates.html",
    "chronology": "chronology.html",
    "actors": "actors/index.html",
    "quotes": "quotes.html",
    "claims": "claims.html",
    "sources": "sources/index.html",
    "places": "places.html",
    "data": "data.html",
}


def fact_path(kind: str, id_: str) -> str:
    """A fact's permalink, relative to its briefing's folder."""
    return {
        "actor": f"actors/{id_}.html",
        "event": f"chronology.html#{id_}",
        "quote": f"quotes.html#{id_}",
        "claim": f"claims.html#{id_}",
        "source": f"sources/{id_}.html",
        "place": f"places/{id_}.html",
    }[kind]


class Linker:
    """Relative URLs from one page (given relative to the briefing folder)."""

    def __init__(self, page: str, depth_in_site: int = 1) -> None:
        self.page = page
        self.up = "../" * page.count("/")
        self.root = self.up + "../" * depth_in_site  # the site's root, where assets live

    def __call__(self, target: str) -> str:
        path, _, fragment = target.partition("#")
        if path == self.page and fragment:
            return f"#{fragment}"
        return self.up + quote(path) + (f"#{fragment}" if fragment else "")

    def fact(self, kind: str, id_: str) -> str:
        return self(fact_path(kind, id_))

    def asset(self, name: str) -> str:
        return f"{self.root}assets/{name}"

    def site(self, name: str) -> str:
        """A file at the site's root (the list of all briefings)."""
        return self.root + name
