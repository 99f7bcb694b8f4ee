"""A source's stored text for reading: paragraphs with their cited passages marked and,
beside each paragraph, notes naming the facts that cite what it holds.

Cited passages may nest (a phrase inside a cited sentence) or cross (two excerpts that
share a stretch); HTML elements only nest, so a crossing passage is cut into fragments
where it meets another's end. Its first fragment carries the passage's anchor, which links
from the evidence target (and `:target` emphasises); every fragment names the passage in
`data-passage`, so site.js can emphasise all of them. The markup is made here, not in a
template, because a long document has thousands of fragments and the template would hold
the whole nesting logic.

For analysts (the coverage view), sentences that no cited passage touches are marked too:
they never overlap a passage, so they nest trivially. Sentences are cut at ., ! and ? by
a small rule of our own: a full sentence segmenter would be a heavy dependency for an aid
to the eye, and a missed cut only joins two sentences in the count.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*")  # lines up to a blank line
_SENTENCE = re.compile(r"[^.!?؟۔]*(?:[.!?؟۔]+[\"'”’»)\]]*|$)")


@dataclass(frozen=True, slots=True)
class Cited:
    """A cited passage of the document: its anchor, span and the facts citing it."""

    anchor: str
    span: tuple[int, int]
    citers: tuple  # Citer: (label, path)


@dataclass(slots=True)
class _Fragment:
    start: int
    end: int
    css: str
    anchor: str | None  # the passage's anchor on its first fragment only
    passage: str | None  # data-passage: the passage it is part of


@dataclass(slots=True)
class Paragraph:
    """A paragraph's markup, and the notes beside it: (number, citers) for each place a
    cited passage ends in it."""

    html: Markup
    notes: list[tuple[int, list]] = field(default_factory=list)


@dataclass(slots=True)
class Reading:
    """A document laid out for reading, with its coverage: how many of its sentences no
    fact cites."""

    paragraphs: list[Paragraph]
    sentences: int
    uncited: int


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the sentences of text[start:end], without their surrounding spaces."""
    spans = []
    for match in _SENTENCE.finditer(text, start, end):
        a, b = match.span()
        piece = text[a:b]
        if piece.strip():
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            spans.append((a, b))
    return spans


def reading(text: str, cited: list[Cited], coverage: bool = False) -> Reading:
    """The document's paragraphs, each with its passages marked and its notes numbered in
    reading order; with `coverage`, the sentences no passage touches marked as uncited."""
    paragraphs, total, uncited, number = [], 0, 0, 0
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        inside = [c for c in cited if c.span[0] < end and start < c.span[1]]
        fragments = [
            _Fragment(max(start, c.span[0]), min(end, c.span[1]), "passage", c.anchor if c.span[0] >= start else None, c.anchor)
            for c in inside
        ]
        spans = sentences(text, start, end)
        free = [(a, b) for a, b in spans if not any(c.span[0] < b and a < c.span[1] for c in inside)]
        total, uncited = total + len(spans), uncited + len(free)
        if coverage:
            fragments += [_Fragment(a, b, "uncited", None, None) for a, b in free]
        runs = _runs(inside, start, end)
        markers = {}
        for at in runs:
            number += 1
            markers[at] = number
        html = _markup(text, start, end, _nested(fragments), markers)
        paragraphs.append(Paragraph(html, [(markers[at], citers) for at, citers in runs.items()]))
    return Reading(paragraphs, total, uncited)


def _runs(inside: list[Cited], start: int, end: int) -> dict[int, list]:
    """Where each stretch of overlapping passages ends in the paragraph, with every fact
    citing a passage of it: one note mark per stretch, not one per passage, so that
    nested and overlapping excerpts do not pile up marks."""
    runs: dict[int, list] = {}
    run_end, citers = None, []
    for c in sorted(inside, key=lambda c: c.span):
        if run_end is not None and c.span[0] >= run_end:
            runs[min(run_end, end)] = citers
            citers = []
        run_end = c.span[1] if run_end is None else max(run_end, c.span[1])
        citers += [citer for citer in c.citers if citer not in citers]
    if run_end is not None:  # a stretch running on into the next paragraph: marked at this one's end too
        runs[min(run_end, end)] = citers
    return runs


def _nested(fragments: list[_Fragment]) -> list[_Fragment]:
    """The fragments cut so that they nest: one that runs past the end of the one it starts
    in is cut there, and its rest goes on as a fragment of its own."""
    heap = [((f.start, -f.end, i), f) for i, f in enumerate(fragments)]
    heapq.heapify(heap)
    seq, stack, out = len(heap), [], []
    while heap:
        _, f = heapq.heappop(heap)
        while stack and stack[-1].end <= f.start:
            stack.pop()
        if stack and stack[-1].end < f.end:
            rest = _Fragment(stack[-1].end, f.end, f.css, None, f.passage)
            heapq.heappush(heap, ((rest.start, -rest.end, seq), rest))
            seq += 1
            f.end = stack[-1].end
        if f.start < f.end:
            stack.append(f)
            out.append(f)
    return out


def _markup(text: str, start: int, end: int, fragments: list[_Fragment], markers: dict[int, int]) -> Markup:
    """text[start:end] with each (nesting) fragment as a span and a note mark where passages end."""
    opening: dict[int, list[_Fragment]] = {}
    for f in fragments:  # already in order: by start, the longer first
        opening.setdefault(f.start, []).append(f)
    cuts = sorted({start, end, *opening, *(f.end for f in fragments), *markers})
    parts, stack = [], []
    for a, b in zip(cuts, cuts[1:] + [None]):
        while stack and stack[-1].end == a:
            stack.pop()
            parts.append("</span>")
        if a in markers:
            n = markers[a]
            parts.append(f'<a class="passage-note-mark" href="#note-{n}" id="mark-{n}" aria-label="Note {n}: the facts citing this">{n}</a>')
        for f in opening.get(a, ()):
            anchor = f' id="{f.anchor}"' if f.anchor else ""
            passage = f' data-passage="{f.passage}"' if f.passage else ""
            parts.append(f'<span class="{f.css}"{anchor}{passage}>')
            stack.append(f)
        if b is not None:
            parts.append(str(escape(text[a:b])))
    parts.extend("</span>" for _ in stack)
    return Markup("".join(parts))
