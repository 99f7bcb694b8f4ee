"""Offline search for the standalone site: a documents file and lunr.js, from file:// too.

The index is built in the reader's browser by lunr.js (the copy MkDocs ships, a declared
dependency) from a script file of documents, because a script loads from file:// where
fetch() of a prebuilt index would be refused, and because building it in Python would
cost every build seconds on large briefings.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import mkdocs

from ..evidence import normalise
from .links import fact_path
from .views import View

LUNR_JS = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def documents(view: View) -> list[dict]:
    """One search document per event, actor, quote, claim and source of a briefing."""
    slug, names = view.b.slug, view.names
    docs = []

    def add(kind: str, id_: str, title: str, *texts: str) -> None:
        docs.append({"id": f"{slug}/{fact_path(kind, id_)}", "kind": kind, "briefing": view.meta.title, "title": title, "text": normalise(" ".join(t for t in texts if t))})

    for e in view.events:
        date = view.date(e.date)
        add("event", e.id, e.title, date.label, e.place or "", *(a.text for a in e.accounts), names(e.actors) if e.actors else "", " ".join(e.tags))
    for a in view.b.actors:
        add("actor", a.id, a.name, " ".join(a.aliases), a.description or "", *(r.title for r in a.roles))
    for q in view.b.quotes:
        add("quote", q.id, f"“{q.text}”", names(q.by), q.context or "")
    for c in view.b.claims:
        add("claim", c.id, f"{c.stance.capitalize()} by {names(c.by)}", c.text)
    for s in view.b.sources:
        add("source", s.id, s.title, s.publisher or "", s.notes or "")
    return docs


def search_files(views: list[View]) -> dict[PurePosixPath, bytes]:
    """The documents of every briefing, as a script, and the lunr.js it needs."""
    docs = [d for view in views for d in documents(view)]
    script = "window.BRIEFBOOK_SEARCH = " + json.dumps(docs, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + ";\n"
    return {
        PurePosixPath("search-index.js"): script.encode(),
        PurePosixPath("assets", "lunr.js"): LUNR_JS.read_bytes(),
    }
