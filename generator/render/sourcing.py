"""Who cites what: each fact that cites (a `Citer`, the link back from the evidence), what
cites each source, and each source's distinct cited passages with their places in its
document. A mixin of `View`: the source pages, the sources index and the coverage view
read these.

A source's passages are found only when a page asks for them: a rebuild renders the pages
of the few sources an edit touched, and keys the others by what cites them (`cited`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..evidence import locate, normalise
from ..languages import direction
from ..model import Citation, Quote, Source, walk
from .links import fact_path
from .memo import code_version, digest
from .reading import Cited, Reading, reading


@dataclass(frozen=True, slots=True)
class Citer:
    """A fact that cites a passage, as a link back from the evidence."""

    label: str
    path: str  # relative to the briefing folder


@dataclass(slots=True)
class Passage:
    """One distinct cited stretch of a document, with everything that cites it."""

    anchor: str
    excerpt: str
    span: tuple[int, int] | None
    citers: list[Citer] = field(default_factory=list)
    translation: bool = False  # the document's own translation of an excerpt, in the briefing's language


@lru_cache(maxsize=65536)
def passage_anchor(excerpt: str) -> str:
    """A stable anchor for a passage: the same excerpt gives the same anchor in every build."""
    return "passage-" + hashlib.sha1(normalise(excerpt).encode()).hexdigest()[:10]


def citations_in(value) -> list[Citation]:
    """Every citation inside a fact, its parts included, in order."""
    return [fact for fact in walk(value) if type(fact) is Citation]


class Sourcing:
    """The evidence index; the class using it provides `b`, `meta`, `events`, `paging`,
    `source`, `memo`, `coverage` and `claim_heading`, and sets `citers`, `_chains`, `_uses`
    and `_passages_of` (View.__init__)."""

    def _citers(self) -> list[tuple[Citer, list[Citation]]]:
        """Every fact that cites, with its citations: the links back from the evidence."""
        out: list[tuple[Citer, list[Citation]]] = []
        if self.meta:
            out.append((Citer("Summary", "index.html#summary"), citations_in(self.meta.summary)))
            for i, point in enumerate(self.meta.key_points, 1):
                out.append((Citer(f"Key point {i}", f"index.html#key-point-{i}"), citations_in(point)))
        cited = self.b.citations_by_fact()
        out += [(Citer(e.title, fact_path("event", e.id, self.paging)), cited[id(e)]) for e in self.events]
        out += [(Citer(a.name, fact_path("actor", a.id, self.paging)), cited[id(a)]) for a in self.b.actors]
        out += [(Citer(f"Claim: {self.claim_heading(c)}", fact_path("claim", c.id, self.paging)), cited[id(c)]) for c in self.b.claims]
        out += [(Citer(f"Quote: “{self._isolated(q.text[:60], q)}”", fact_path("quote", q.id, self.paging)), cited[id(q)]) for q in self.b.quotes]
        out += [(Citer(f"Place: {p.name}", fact_path("place", p.id, self.paging)), cited[id(p)]) for p in self.b.places]
        return out

    def _isolated(self, text: str, quote: Quote) -> str:
        """A right-to-left quote's words between Unicode isolates (FSI, PDI), so that in a plain
        label ("Quote: “…”", a link's text and title) they do not carry the quote marks off."""
        source = self.source.get(quote.citations[0].source)
        return f"\u2068{text}\u2069" if source and direction(source.language) == "rtl" else text

    def _index_uses(self) -> dict[str, list[tuple[Citer, str, bool]]]:
        """What cites each source: (citer, excerpt, whether the document's own translation)."""
        uses: dict[str, list[tuple[Citer, str, bool]]] = defaultdict(list)
        for citer, citations in self.citers:
            for citation in citations:
                uses[citation.source].append((citer, citation.excerpt, False))
                if citation.translation and citation.translated_by == "source":  # the document's own words too
                    uses[citation.source].append((citer, citation.translation, True))
        return uses

    def passages_of(self, source_id: str) -> list[Passage]:
        """A source's distinct cited passages, in the order they occur in its document: found
        when first asked for, as only the pages of sources that changed need them."""
        found = self._passages_of.get(source_id)
        if found is None:
            uses = self._uses.get(source_id)
            found = self._passages_of[source_id] = self._passages(source_id, uses) if uses else []
        return found

    def cited(self, source: Source) -> str:
        """All that the facts citing a source decide of its page (its passages, their spans in
        the document its digest pins, who cites each) and of its entry on the sources index:
        each use's citer and words, and the reporting chains. A key for remembered pieces,
        cheaper than the passages it decides."""
        uses = "\0".join(f"{c.label}\1{c.path}\1{excerpt}\1{own:d}" for c, excerpt, own in self._uses.get(source.id, ()))
        return f"{uses}\0{self.chains(source)!r}"

    def citing_count(self, source: Source) -> int:
        """How many facts cite a source (as `cited_by` counts them, without finding passages)."""
        return len(dict.fromkeys(citer for citer, _, _ in self._uses.get(source.id, ())))

    def _passages(self, source_id: str, uses: list[tuple[Citer, str, bool]]) -> list[Passage]:
        """One source's passages from its (citer, excerpt, whether a translation) triples;
        excerpts that read the same once normalised are one passage, shown with the first
        one's words."""
        found = self._find(source_id, list(dict.fromkeys(excerpt for _, excerpt, _ in uses)))
        passages: dict[str, Passage] = {}
        for citer, excerpt, translation in uses:
            anchor, span = found[excerpt]
            entry = passages.get(anchor)
            if entry is None:
                entry = passages[anchor] = Passage(anchor, excerpt, span, translation=translation)
            if citer not in entry.citers:
                entry.citers.append(citer)
        return sorted(passages.values(), key=lambda p: (p.span or (0, 0), p.anchor))

    def _find(self, source_id: str, excerpts: list[str]) -> dict[str, tuple[str, tuple[int, int] | None]]:
        """Each excerpt's anchor and span in the source's document, remembered by the document
        and the excerpts alone (nothing else changes them), so a rebuild searches only the
        documents whose citing excerpts changed."""
        document = self.b.documents.get(source_id)

        def find() -> dict[str, tuple[str, tuple[int, int] | None]]:
            located = locate(document.text) if document else None
            return {excerpt: (passage_anchor(excerpt), located.span(excerpt) if located else None) for excerpt in excerpts}

        return self.memo.get(digest("passages", code_version(), document.sha256 if document else "-", *excerpts), find)

    def citation_path(self, citation: Citation) -> str:
        return f"sources/{citation.source}.html#{passage_anchor(citation.excerpt)}"

    def cited_by(self, source: Source) -> list[Citer]:
        seen: dict[Citer, None] = {}
        for passage in self.passages_of(source.id):
            seen.update(dict.fromkeys(passage.citers))
        return list(seen)

    def chains(self, source: Source) -> list[tuple[str, ...]]:
        """The distinct reporting chains (via) with which facts cite a source."""
        return sorted(self._chains.get(source.id, ()))

    def _index_chains(self) -> dict[str, set[tuple[str, ...]]]:
        chains: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for _, citations in self.citers:
            for c in citations:
                if c.via:
                    chains[c.source].add(tuple(c.via))
        return chains

    def document_reading(self, source: Source) -> Reading | None:
        """The stored text laid out for reading (render/reading.py), with the passages cited
        in it; in the coverage view, with the sentences no fact cites marked too."""
        document = self.b.documents.get(source.id)
        if document is None:
            return None
        text = document.text
        spans = [p for p in self.passages_of(source.id) if p.span]
        if len(unicodedata.normalize("NFC", text)) != len(text):
            spans = []  # offsets found in the NFC form would not fit the text as stored
        return reading(text, [Cited(p.anchor, p.span, tuple(p.citers)) for p in spans], self.coverage)
