"""A link checker over a built site's files: every in-site link and anchor must resolve.

Not a test itself: tests/test_paging.py runs it over built sites, and it runs alone over
any built site (`python tests/linkcheck.py SITE`), as over the bench's size l.

It reads what a reader or a tool would follow: links, sources and `cite`s in every page;
the `@id`s and `url`s of every page's JSON-LD (a node that only refers, `{"@id": ...}`,
must be described in the same graph, unless it names a page as a part of the page);
the search index's documents; the links inside the feeds' entries; and the permalinks in
the exports (CSV, GeoJSON, iCalendar), which are relative to their briefing's folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class Page(HTMLParser):
    """The links (tag, attribute, URL), ids, JSON-LD and text of one HTML page (or fragment);
    `path`, where it was read from, if it was."""

    def __init__(self, text: str, path: Path | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self.text: list[str] = []
        self._in_ld = False
        self.feed(text)

    @classmethod
    def read(cls, path: Path) -> Page:
        return cls(path.read_text(encoding="utf-8"), path)

    @property
    def plain(self) -> str:
        """The page's text, whitespace collapsed (scripts' JSON-LD left out)."""
        return " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src", "cite"):
            if attrs.get(name) is not None:
                self.links.append((tag, name, attrs[name]))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)
        else:
            self.text.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


class Site:
    """A built site folder, its pages parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pages = {p.relative_to(self.root).as_posix(): Page.read(p) for p in sorted(self.root.rglob("*.html"))}
        self.problems: list[str] = []
        self.checked = 0

    def resolve(self, where: str, url: str) -> None:
        """Check one link found in the file at `where` (relative to the site's root)."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "mailto") or url.startswith("data:"):
            return
        self.checked += 1
        if parts.scheme or parts.netloc:
            self.problems.append(f"{where}: not relative: {url}")
            return
        target = PurePosixPath(urljoin("/" + where, parts.path).lstrip("/")).as_posix() if parts.path else where
        target = unquote(target)
        if not (self.root / target).is_file():
            self.problems.append(f"{where}: broken link {url}")
        elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in self.pages[target].ids:
            self.problems.append(f"{where}: missing anchor {url}")

    def check(self) -> list[str]:
        for name, page in self.pages.items():
            for _, _, url in page.links:
                self.resolve(name, url)
            for text in page.jsonld:
                self._jsonld(name, json.loads(text))
        self._search()
        for feed in sorted(self.root.rglob("feed.atom")):
            self._feed(feed)
        for folder in sorted(p.parent for p in self.root.glob("*/index.html")):
            self._exports(folder)
        return self.problems

    # --- JSON-LD ---------------------------------------------------------------------------

    def _jsonld(self, where: str, data: dict) -> None:
        graph = data.get("@graph", [data])
        described: set[str] = set()
        refs: list[str] = []

        def walk(node, key: str | None) -> None:
            if isinstance(node, list):
                for item in node:
                    walk(item, key)
            elif isinstance(node, dict):
                if "@id" in node:
                    if set(node) == {"@id"}:
                        if key == "hasPart":  # a page of the site, as a part of this one
                            self.resolve(where, node["@id"])
                        else:
                            refs.append(node["@id"])
                    else:
                        described.add(node["@id"])
                        self.resolve(where, node["@id"])
                if isinstance(node.get("url"), str):
                    self.resolve(where, node["url"])
                for name, value in node.items():
                    walk(value, name)

        walk(graph, None)
        for ref in refs:
            if ref not in described:
                self.problems.append(f"{where}: JSON-LD refers to {ref}, which the page does not describe")

    # --- search, feeds and exports ----------------------------------------------------------

    def _search(self) -> None:
        index = self.root / "search-index.js"
        if not index.is_file():
            return
        text = index.read_text(encoding="utf-8")
        names = json.loads(_script_value(text)) if text.startswith("window.BRIEFBOOK_SEARCH_PARTS") else []
        scripts = [self.root / name for name in names] or [index]
        for script in scripts:
            part = script.read_text(encoding="utf-8")
            for doc in json.loads(_script_value(part)):
                self.resolve("search.html", doc["id"])

    def _feed(self, feed: Path) -> None:
        where = feed.relative_to(self.root).as_posix()
        tree = ET.parse(feed)
        for entry in tree.getroot().iter(f"{ATOM}entry"):
            base = entry.get(XML_BASE) or ""
            here = PurePosixPath(where).parent / base if base else PurePosixPath(where).parent
            origin = (here / "feed.atom").as_posix()  # a name in the entry's folder, for resolving
            for link in entry.iter(f"{ATOM}link"):
                self.resolve(origin, link.get("href"))
            for content in entry.iter(f"{ATOM}content"):
                for _, _, url in Page(content.text or "").links:
                    self.resolve(origin, url)

    def _exports(self, folder: Path) -> None:
        slug = folder.name
        origin = f"{slug}/index.html"  # permalinks are relative to the briefing's folder
        for name in ("events.csv", "actors.csv", "quotes.csv"):
            path = folder / name
            if path.is_file():
                for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
                    self.resolve(origin, row["permalink"])
        geojson = folder / "events.geojson"
        if geojson.is_file():
            for feature in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
                self.resolve(origin, feature["properties"]["permalink"])
        ics = folder / "chronology.ics"
        if ics.is_file():
            unfolded = re.sub(r"\r?\n[ \t]", "", ics.read_text(encoding="utf-8"))
            for path in re.findall(r"Permalink: (\S+) \(in the briefing's folder\)", unfolded.replace("\\n", "\n")):
                self.resolve(origin, path)


def _script_value(text: str) -> str:
    """The JSON a `window.X = ...;` (or `= (...).concat(...)`) script assigns."""
    value = text.split("=", 1)[1].strip().removesuffix(";")
    if value.startswith("(window.BRIEFBOOK_SEARCH"):
        value = value.split(".concat(", 1)[1].removesuffix(")")
    return value


def check(root: Path) -> tuple[list[str], int]:
    """(the problems, the number of links checked) of the site at `root`."""
    site = Site(root)
    return site.check(), site.checked


if __name__ == "__main__":
    problems, checked = check(Path(sys.argv[1]))
    print("\n".join(problems[:50]))
    print(f"{checked:,} links checked, {len(problems):,} problems")
    sys.exit(1 if problems else 0)
