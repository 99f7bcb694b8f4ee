"""The printed document cut into parts, each laid out by WeasyPrint as a document of its own.

Why: WeasyPrint keeps every laid-out page's boxes until the PDF is written, so one document's
memory grows with its length, and one core lays it all out. A long briefing is printed in
parts instead (`pdf_workers` lays them out, `pdf_join` writes them into one PDF), so that
memory is bounded by the largest parts being laid out.

`print.html` writes `<!--cut-->` where a part may end: before each section and each card
(event, quote, claim, actor, source, note), never inside one. A cut between two sections
that each start a page (`.part`, but for the claims and the evidence, which follow the
quotes and the sources on the same page) changes nothing on paper; a cut inside a section
(the chronology of a thousand events) starts its next part on a new page. So parts end at
such sections where they can, and inside one only when it is longer than a part may be.

A part is a whole HTML document: the printed document's head, then what the part holds, with
the elements it sits in opened again before it (without their ids) and closed after it, and
what the pages before it would have set for its running heads: the briefing's title and date
(`string-set` on the part's first element), the handling mark (a copy of the running
element), and, inside a section, the section's name. The front matter (cover and contents)
is the first part: the contents name the pages of everything after, which are only known
once every part is laid out, so it is filled in last. Any other part's page numbers must
name pages of the parts up to its own (the actors' events and quotes come before them);
otherwise the document is not cut (`split` gives None).
"""

from __future__ import annotations

import html as html_module
import os
import re
from dataclasses import dataclass

from . import pagenumbers

CUT = "<!--cut-->"
BUDGET = 250_000  # characters of printed HTML in a part: about 30 pages, some 100 MiB laid out

SIZE = "BRIEFBOOK_PDF_PART_SIZE"  # the setting for BUDGET; 0: every PDF one document

_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)((?:\s[^>]*?)?)(/?)>")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())  # HTML's elements without an end tag
_ID = re.compile(r'\sid="([^"]*)"')
_PAGE_START = re.compile(r'\s*<(?:section|nav) class="part (?!claims|evidence)')
_FRONT = re.compile(r'\s*<(?:section class="cover"|nav class="part toc")')
_RUNNING = re.compile(r'<div class="running-handling">.*?</div>', re.S)


@dataclass(frozen=True)
class Part:
    """One part of the printed document: its HTML, the anchors it holds and those its page
    numbers name."""

    html: str
    ids: frozenset[str]
    targets: frozenset[str]


@dataclass(frozen=True)
class _Piece:
    text: str
    open: tuple[str, ...]  # the start tags of the elements it sits in, outermost first
    section: str  # the name of the top-level section it is in (its h1's text)


def size() -> int:
    """How much printed HTML a part holds: BRIEFBOOK_PDF_PART_SIZE, or BUDGET."""
    value = os.environ.get(SIZE, "").strip()
    return int(value) if value.isdigit() else BUDGET


def split(html: str, budget: int = BUDGET) -> list[Part] | None:
    """The printed document in parts of about `budget` characters each, the front matter
    first; None when it makes one part, or when a part's page numbers would name a later part."""
    start = html.index(">", html.index("<body")) + 1
    end = html.rindex("</body>")
    if end - start <= budget:
        return None
    head, tail = html[:start], html[end:]
    groups = _groups(_pieces(html[start:end]), budget)
    if len(groups) < 2:
        return None
    running, strings = _carried(groups[0])
    followers = [g[0] for g in groups[1:]] + [None]
    parts = [_part(head, tail, group, following, running if i else "", strings if i else {}) for i, (group, following) in enumerate(zip(groups, followers))]
    held: set[str] = set()
    for i, part in enumerate(parts):
        held |= part.ids
        if i and not part.targets <= held:
            return None
    return parts


def _pieces(body: str) -> list[_Piece]:
    """The body cut at each mark, with the elements each piece starts inside."""
    stack: list[tuple[str, str]] = []  # (tag name, start tag)
    section, pieces = "", []
    for text in body.split(CUT):
        if not stack:
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            section = _text(heading[1]) if heading else ""
        pieces.append(_Piece(text, tuple(tag for _, tag in stack), section))
        for match in _TAG.finditer(text):
            closing, name, _, selfclosing = match.groups()
            name = name.lower()
            if closing:
                while stack and stack.pop()[0] != name:
                    pass
            elif not selfclosing and name not in VOID:
                stack.append((name, match[0]))
    return pieces


def _groups(pieces: list[_Piece], budget: int) -> list[list[_Piece]]:
    """Consecutive pieces gathered into parts: the front matter, then parts that end before a
    section starting a page once they hold a quarter of `budget`, or anywhere once they hold
    all of it."""
    groups: list[list[_Piece]] = [[]]
    size, front = 0, True
    for piece in pieces:
        if front and piece.text.strip() and not piece.open and not _FRONT.match(piece.text):
            front = False
            if groups[-1] and any(p.text.strip() for p in groups[-1]):
                groups.append([])
                size = 0
        elif not front and groups[-1] and size and (size >= budget or (size >= budget // 4 and not piece.open and _PAGE_START.match(piece.text))):
            groups.append([])
            size = 0
        groups[-1].append(piece)
        size += len(piece.text)
    return [g for g in groups if any(p.text.strip() for p in g)]


def _carried(front: list[_Piece]) -> tuple[str, dict[str, str]]:
    """What the front matter sets for the running heads of every page after it: the running
    handling mark, and the briefing's title and date (print.css: `string-set`)."""
    text = "".join(p.text for p in front)
    running = _RUNNING.search(text)
    strings = {}
    for name, pattern in (("briefing-title", r'<h1 class="cover-title">(.*?)</h1>'), ("as-of", r'<td class="cover-as-of">(.*?)</td>')):
        match = re.search(pattern, text, re.S)
        if match:
            strings[name] = _text(match[1])
    return (running[0] if running else ""), strings


def _part(head: str, tail: str, group: list[_Piece], following: _Piece | None, running: str, strings: dict[str, str]) -> Part:
    """A part as a document of its own (see the module's docstring)."""
    first, body = group[0], "".join(p.text for p in group)
    if first.open:  # inside a section: its name in the running head, as its h1 set it
        strings = {**strings, "section": "  \u00b7  " + first.section}
    opened = [_ID.sub("", tag) for tag in first.open]
    numbered = re.match(r'\s*<li [^>]*value="(\d+)"', body)
    if opened and numbered and opened[-1].startswith("<ol"):  # a list goes on counting (WeasyPrint reads no `value`)
        opened[-1] = _with_style(opened[-1], f"counter-reset: list-item {int(numbered[1]) - 1}")
    text = "".join(opened) + body
    if following is not None:
        text += "".join(f"</{_TAG.match(tag)[2]}>" for tag in reversed(following.open))
    if strings:
        style = "string-set: " + ", ".join(f"{name} {_css_string(value)}" for name, value in strings.items())
        if first.open:
            style += "; margin-top: 0"  # the section goes on: no space above it, as after a page break
        opening = _TAG.search(text)
        text = text[: opening.start()] + _with_style(opening[0], style) + text[opening.end() :]
    return Part(head + running + text + tail, frozenset(_ID.findall(body)), frozenset(target for target, _ in pagenumbers.PLACEHOLDER.findall(body)))


def _with_style(tag: str, style: str) -> str:
    """A start tag (of print.html's, which sets no style) with an inline style."""
    return tag[:-1] + f' style="{html_module.escape(style)}">'


def _text(markup: str) -> str:
    """An element's text as CSS `content()` reads it: tags dropped, spaces collapsed."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'

