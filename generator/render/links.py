"""Where each page and fact lives in a briefing's folder, and relative links between pages.

Every link briefbook writes is relative, so a site works from file://, from any sub-path
and offline. Page paths are made from ids, never from display names.

A large briefing's chronology, quotes and claims are split into pages (render/paging.py):
where a fact lives then depends on which page holds it, so every link to a fact goes
through `fact_path` with the briefing's `Paging`, and nothing else spells a fact's path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
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
PAGED = ("event", "quote", "claim")  # the kinds of fact a paged list may hold


class Paging:
    """Which page holds each event, quote and claim of a briefing split into pages: for each
    kind, fact id -> page path. A fact of a list that is not split (or removed since, whose
    anchor stays on the list's first page) is not in it and keeps its one-page permalink.

    Compared and hashed by identity: one per briefing and build, so it can key caches.

    While a remembered piece is made, `seen` is a list (render/memo.py), and each answer is
    added to it: the piece is reused only while every fact it links to is where it was."""

    __slots__ = ("pages", "key", "seen")

    def __init__(self, pages: Mapping[str, Mapping[str, str]] | None = None, key: str = "") -> None:
        self.pages = {kind: dict(ids) for kind, ids in (pages or {}).items()}
        self.key = key  # a digest of the placement
        self.seen: list[tuple[str, str, str | None]] | None = None

    def page_of(self, kind: str, id_: str) -> str | None:
        ids = self.pages.get(kind)
        page = ids.get(id_) if ids is not None else None
        if self.seen is not None and kind in PAGED:  # the others' pages never move
            self.seen.append((kind, id_, page))
        return page

    def same(self, placed: Iterable[tuple[str, str, str | None]]) -> bool:
        """Whether each fact is on the page it was on (as `seen` recorded it)."""
        pages = self.pages
        for kind, id_, page in placed:
            ids = pages.get(kind)
            if (ids.get(id_) if ids is not None else None) != page:
                return False
        return True


UNPAGED = Paging()


def fact_path(kind: str, id_: str, paging: Paging) -> str:
    """A fact's permalink, relative to its briefing's folder, on the page `paging` puts it
    on (`UNPAGED` for the one-page site, as the PDF's anchors are)."""
    page = paging.page_of(kind, id_)
    if page is not None:
        return f"{page}#{id_}"
    before, after = ONE_PAGE[kind]
    return f"{before}{id_}{after}"


# Each kind's permalink on the one-page site: what goes before and after the fact's id.
ONE_PAGE = {
    "actor": ("actors/", ".html"),
    "event": ("chronology.html#", ""),
    "quote": ("quotes.html#", ""),
    "claim": ("claims.html#", ""),
    "source": ("sources/", ".html"),
    "place": ("places/", ".html"),
}


@lru_cache(maxsize=1 << 14)
def _quoted(path: str) -> str:
    """A page's path as a URL: a build links the same few thousand pages 300,000 times."""
    return quote(path)


class Linker:
    """Relative URLs from one page (given relative to the briefing folder), with the
    briefing's paging so that links to facts reach the page that holds them."""

    marks_link = True  # the marks of a drawing (timeline, map) are links: see PdfLinker

    def __init__(self, page: str, depth_in_site: int = 1, paging: Paging = UNPAGED) -> None:
        self.page = page
        self.paging = paging
        self.up = "../" * page.count("/")
        self.root = self.up + "../" * depth_in_site  # the site's root, where assets live

    def __call__(self, target: str) -> str:
        path, _, fragment = target.partition("#")
        if path == self.page and fragment:
            return f"#{fragment}"
        return self.up + _quoted(path) + (f"#{fragment}" if fragment else "")

    def fact(self, kind: str, id_: str) -> str:
        return self(fact_path(kind, id_, self.paging))

    def asset(self, name: str) -> str:
        return f"{self.root}assets/{name}"

    def site(self, name: str) -> str:
        """A file at the site's root (the list of all briefings)."""
        return self.root + name
