"""The names the site's root folder uses for its own files, which no briefing may take.

A briefing's pages go in a folder named by its slug at the site's root, beside the list of
briefings, the search page and index, the site's feed, the shared assets and the marker
file. A slug equal to one of those names, or to one without its extension (which servers
with "pretty" URLs answer for `search.html` at `/search`), would overwrite or be taken for
the site's own files. tests/test_collisions.py keeps this list in step with what render
and write put at the root.
"""

from __future__ import annotations

ROOT_NAMES = ("index.html", "search.html", "search-index.js", "search-index", "feed.atom", "sitemap.xml", "assets", ".briefbook-site")  # sitemap.xml: with a site_url; search-index/: a large index's parts


def _slug_of(name: str) -> str:
    return name.lstrip(".").split(".", 1)[0]


RESERVED_SLUGS = {_slug_of(name): name for name in ROOT_NAMES}  # slug -> the root name it would clash with
