"""The printed document cut into parts, each laid out by WeasyPrint as a document of its own.

Why: WeasyPrint keeps every laid-out page's boxes until the PDF is written, so one document's
memory grows with its length, and one core lays it all out. A long briefing is printed in
parts instead (`pdf_workers` lays them out, `pdf_join` writes them into one PDF), so that
memory is bounded by the largest parts being laid out.

`print.html` writes `<!--cut-->` where a part may end: before each section and each card
(event, quote, claim, actor, source, note), never inside one. A cut between two sections
that each start a page (`.part`, but for the claims and the evidence, which follow the
quotes and the sources on the same page) changes nothing on paper; a cut inside a section
(the chronology of a thousand events) costs the layout of an overlap and makes the next part
wait for the one before it (below). So parts end at such sections where they can, and inside
one only when it is longer than a part may be.

A part is a whole HTML document: the printed document's head, then what the part holds, with
the elements it sits in opened again before it (without their ids) and closed after it, and
what the pages before it would have set for its running heads: the briefing's title and date
(`string-set` on the part's first element), the handling mark (a copy of the running
element), and, inside a section, the section's name. The front matter (cover and contents)
is the first part: the contents name the pages of everything after, which are only known
once every part is laid out, so it is filled in last. Any other part's page numbers must
name pages of the parts up to its own (the actors' events and quotes come before them);
otherwise the document is not cut (`split` gives None).

A part that ends inside a section also holds, after its own cards, an overlap: the next
part's first cards, about OVERLAP characters (more than the room its last page can have
left). Once it is laid out, the next part starts at the first card of its overlap that
starts a page (pdf_overlap), and the part keeps only its pages before that one: the next
part's first page is the page a one-document layout makes there, and the cut leaves no
part-empty page. So the next part is made from where the part before it stops (`resume`),
after that part is laid out. An overlap never holds a page number of a part after its own.
"""

from __future__ import annotations

import html as html_module
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import pagenumbers

CUT = "<!--cut-->"
BUDGET = 250_000  # characters of printed HTML in a part: about 30 pages, some 100 MiB laid out

OVERLAP = 12_000  # characters of the next part laid out after a part that ends inside a section: over a page
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
    numbers name (its overlap's not among them); when its HTML ends with an overlap (see the
    module's docstring), the id of each card of it, and the next part as it starts at one of
    them (or, given their count, after them all)."""

    html: str
    ids: frozenset[str]
    targets: frozenset[str]
    overlap: tuple[str, ...] = ()
    resume: Callable[[int], Part] | None = field(default=None, compare=False, repr=False)


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
    held: list[frozenset[str]] = []  # the anchors of the parts up to each one
    parts = []
    for i, (group, following) in enumerate(zip(groups, followers)):
        parts.append(_part(head, tail, group, following, running if i else "", strings if i else {}))
        held.append((held[-1] if held else frozenset()) | parts[-1].ids)
        if i and not parts[-1].targets <= held[-1]:
            return None

    def made(i: int, group: list[_Piece], part: Part) -> Part:
        """Part `i`, holding `group`, with its overlap if it ends inside a section."""
        if not 0 < i < len(groups) - 1 or not groups[i + 1][0].open:
            return part
        return _overlapped(head, tail, group, groups[i + 1], part, held[i], running, strings, lambda s: made(i + 1, groups[i + 1][s:], _part(head, tail, groups[i + 1][s:], followers[i + 1], running, strings)))

    return [made(i, group, part) for i, (group, part) in enumerate(zip(groups, parts))]


def _overlapped(head: str, tail: str, group: list[_Piece], following: list[_Piece], part: Part, held: frozenset[str], running: str, strings: dict[str, str], resume: Callable[[int], Part]) -> Part:
    """The part with the next part's first cards after its own (never all of them), if none
    of those names a page that the parts up to this one do not hold."""
    size, count = 0, 0
    while count < len(following) - 1 and (size < OVERLAP or count < 2):
        size += len(following[count].text)
        count += 1
    overlap = "".join(p.text for p in following[:count])
    if not count or not {target for target, _ in pagenumbers.PLACEHOLDER.findall(overlap)} <= held:
        return part
    whole = _part(head, tail, group + following[:count], following[count], running, strings)
    return Part(whole.html, part.ids, part.targets, tuple(_first_id(p.text) for p in following[:count]), resume)


def _first_id(text: str) -> str:
    """The id of a piece's first element ("" if it has none): the card it starts with."""
    tag = _TAG.search(text)
    found = _ID.search(tag[0]) if tag and not tag[1] else None
    return found[1] if found else ""


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
            text = _leading_margins_dropped(text, len("".join(opened)), style)
        else:
            text = _styled(text, 0, style)
    return Part(head + running + text + tail, frozenset(_ID.findall(body)), frozenset(target for target, _ in pagenumbers.PLACEHOLDER.findall(body)))


def _leading_margins_dropped(text: str, at: int, style: str) -> str:
    """A part that starts inside a section: no space above its first elements, the sections
    opened again and the first card with what it starts with, as where a page break
    truncates their margins (WeasyPrint keeps them on a document's first page); the strings
    set by the first card, not by the section opened again, which runs on to pages where a
    heading sets them (CSS `string()` takes a page's first setting)."""
    tags, end = [], 0
    for match in _TAG.finditer(text):
        if match[1] or text[end : match.start()].strip() or (match[2].lower() in VOID):
            break
        tags.append(match)
        end = match.end()
    for match in reversed(tags):  # from the last, so that the earlier ones stay where they are
        extra = f"; {style}" if match.start() == at else ""
        text = text[: match.start()] + _with_style(match[0], "margin-top: 0" + extra) + text[match.end() :]
    return text if any(m.start() == at for m in tags) else _styled(text, at, style)


def _styled(text: str, at: int, style: str) -> str:
    """The text with a style on its first start tag from `at` on."""
    opening = next(m for m in _TAG.finditer(text, at) if not m[1])
    return text[: opening.start()] + _with_style(opening[0], style) + text[opening.end() :]


def _with_style(tag: str, style: str) -> str:
    """A start tag (of print.html's, which sets no style, or one this module styled) with an
    inline style (after the one it has)."""
    styled = re.search(r' style="([^"]*)"', tag)
    if styled:
        return tag[: styled.start(1)] + styled[1] + html_module.escape("; " + style) + tag[styled.end(1) :]
    return tag[:-1] + f' style="{html_module.escape(style)}">'


def _text(markup: str) -> str:
    """An element's text as CSS `content()` reads it: tags dropped, spaces collapsed."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'

