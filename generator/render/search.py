"""Offline search for the standalone site: a documents file and lunr.js, from file:// too.

The index is built in the reader's browser by lunr.js (the copy MkDocs ships, a declared
dependency) from a script file of documents, because a script loads from file:// where
fetch() of a prebuilt index would be refused, and because building it in Python would
cost every build seconds on large briefings.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import mkdocs

from ..evidence import normalise
from ..model import Fact
from .fragments import json_array, json_bytes
from .links import fact_path
from .markdown import plain_text
from .views import View

LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def documents(view: View) -> list[bytes]:
    """One search document per event, actor, place, quote, claim and source of a briefing, each
    as the JSON text the script holds, remembered by the fact it describes."""
    facts = {"event": view.events, "actor": view.b.actors, "place": view.b.places, "quote": view.b.quotes, "claim": view.b.claims, "source": view.b.sources}
    return [doc for kind, items in facts.items() for doc in view.fragments(f"search-{kind}", items, lambda fact, kind=kind: _document(view, kind, fact))]


def _document(view: View, kind: str, fact: Fact) -> bytes:
    title, parts, texts = _shown(view, kind, fact)
    doc = {
        "id": f"{view.b.slug}/{fact_path(kind, fact.id, view.paging)}",
        "kind": kind,
        "briefing": view.meta.title,
        "slug": view.b.slug,
        "title": plain_text(title),
        "parts": [p for p in parts if p],  # date, place...: shown apart from the text
        "text": normalise(" · ".join(plain_text(t) for t in texts if t)),
    }
    return json_bytes(doc).replace(b"<", b"\\u003c")  # no text can close a <script> element, should the file be inlined


def _shown(view: View, kind: str, fact: Fact) -> tuple[str, list[str], list[str]]:
    """What search finds a fact by: its title, the parts a result shows apart (an event's date
    and places), then its texts; Markdown is read as plain text (plain_text), so no result
    shows `[Name](actor:id)`."""
    names = view.names
    match kind:
        case "event":
            places = ", ".join(p.name for p in view.places.of_event(fact))  # names are in every piece's context
            return fact.title, [view.date(fact.date).label, places or fact.place or ""], [*(a.text for a in fact.accounts), names(fact.actors) if fact.actors else "", fact.place if places else "", " ".join(fact.tags)]
        case "actor":
            return fact.name, [], [" ".join(fact.aliases), fact.description or "", *(r.title for r in fact.roles)]
        case "place":
            return fact.name, [], [" ".join(fact.aliases), fact.description or ""]
        case "quote":
            return f"“{fact.text}”", [view.quote_speakers(fact)], [fact.translation or "", fact.context or ""]
        case "claim":
            return view.claim_heading(fact), [view.stance_label(fact)], [fact.text]
        case _:
            return fact.title, [fact.publisher or ""], [fact.notes or ""]


PART_BYTES = 400_000  # documents a part of the index holds at most: some 50 KB gzipped


def search_files(views: list[View], part_bytes: int = PART_BYTES) -> dict[PurePosixPath, bytes]:
    """The documents of every briefing, as a script, and the lunr.js it needs.

    A small site's documents are one script, `search-index.js`. A large site's would be
    megabytes for the reader to fetch at once, so they are cut into parts of about
    `part_bytes` (`search-index/N.js`, each adding its documents to the list), and
    `search-index.js` only names the parts, which assets/search-load.js then loads in turn."""
    docs = [d for view in views for d in documents(view)]
    files = {PurePosixPath("assets", "lunr.js"): LUNR_JS.read_bytes()}
    parts = _parts(docs, part_bytes)
    if len(parts) <= 1:
        files[PurePosixPath("search-index.js")] = b"window.BRIEFBOOK_SEARCH = %b;\n" % json_array(docs)
        return files
    names = [f"search-index/{n}.js" for n in range(1, len(parts) + 1)]
    files[PurePosixPath("search-index.js")] = b"window.BRIEFBOOK_SEARCH_PARTS = %b;\n" % json_bytes(names)
    for name, part in zip(names, parts):
        files[PurePosixPath(name)] = b"window.BRIEFBOOK_SEARCH = (window.BRIEFBOOK_SEARCH || []).concat(%b);\n" % json_array(part)
    return files


def _parts(docs: list[bytes], part_bytes: int) -> list[list[bytes]]:
    """Consecutive runs of documents of about `part_bytes` each (a longer document alone)."""
    parts: list[list[bytes]] = []
    size = part_bytes
    for doc in docs:
        if size + len(doc) > part_bytes and (not parts or parts[-1]):
            parts.append([])
            size = 0
        parts[-1].append(doc)
        size += len(doc) + 1
    return parts
