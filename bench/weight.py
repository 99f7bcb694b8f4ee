"""Page weight of a built site: the gzipped size of the largest file of each kind, and how many
pages are over the limit (issue 14: every page under 100 KB gzipped).

    python bench/weight.py SITE    # prints the report as JSON

Sizes are gzip at level 9 with no timestamp in the header (`gzip -9n`), so the same file
always weighs the same; 100 KB is 100,000 bytes. A file's kind comes from its path, so that
new pages (a chronology in parts, a search index in parts) fall into the kind they belong to:

- in a briefing's folder (one holding `index.html`), `index.html` is the overview, a page at
  its top is named after itself (`chronology`, `quotes`, ...), a page in a subfolder is of
  the subfolder's kind (`actors/iran.html`: actor; `chronology/2024.html`: chronology) and
  a subfolder's `index.html` is its index (`actors index`); other files are exports;
- at the site's top: `index.html` is the home page, `search-index*` the search index (in a
  folder of that name too), `assets/` the scripts and styles, any other file the site's own
  (`site feed.atom`).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path, PurePosixPath

LIMIT = 100_000
SINGULAR = {"actors": "actor", "places": "place", "sources": "source", "events": "event", "claims": "claim", "quotes": "quote"}


def gzipped(data: bytes) -> int:
    """Bytes of `data` gzipped at level 9, deterministically (no time in the header)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def kind(path: PurePosixPath, briefings: set[str]) -> str:
    """The kind of page or file at `path` (relative to the site)."""
    parts = path.parts
    if parts[0] in briefings and len(parts) > 1:
        inner = PurePosixPath(*parts[1:])
        if inner.suffix != ".html":
            return f"export {inner.name}" if len(inner.parts) == 1 else f"export {inner.parts[0]}/"
        if len(inner.parts) == 1:
            return "overview" if inner.name == "index.html" else inner.stem
        folder = inner.parts[0]
        return f"{folder} index" if inner.name == "index.html" and len(inner.parts) == 2 else SINGULAR.get(folder, folder)
    if parts[0].startswith("search-index"):
        return "search index"
    if parts[0] == "assets":
        return f"asset {path.suffix.lstrip('.')}"
    if len(parts) == 1 and path.suffix == ".html":
        return "home" if path.name == "index.html" else path.stem
    return f"site {path.as_posix()}"


def report(site: Path) -> dict:
    """For each kind, the largest file (path, bytes, gzipped bytes); the HTML pages counted,
    and those over the limit gzipped (at most 20 named, largest first)."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and not p.name.startswith("."))
    briefings = {p.parent.name for p in site.glob("*/index.html")}
    largest: dict[str, dict] = {}
    pages, over = 0, []
    for file in files:
        relative = PurePosixPath(file.relative_to(site).as_posix())
        data = file.read_bytes()
        size = gzipped(data)
        name = kind(relative, briefings)
        if name not in largest or size > largest[name]["gzip"]:
            largest[name] = {"path": str(relative), "bytes": len(data), "gzip": size}
        if relative.suffix == ".html":
            pages += 1
            if size > LIMIT:
                over.append((size, str(relative)))
    over.sort(reverse=True)
    return {"kinds": dict(sorted(largest.items())), "pages": pages, "over": len(over), "over_pages": [p for _, p in over[:20]], "limit": LIMIT}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    print(json.dumps(report(Path(sys.argv[1]))))
