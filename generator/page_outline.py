"""The headings and ids of briefbook's rendered HTML, for the MkDocs plugin (mkdocs_plugin.py):
a page's title, its table of contents in MkDocs' shape, and the anchors it has.

The standard library's HTMLParser: briefbook's pages are its own well-formed HTML, and all
that is needed of them is their headings and ids, not a tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a rendered page: its level, the anchor that leads to it, its text."""

    level: int
    anchor: str | None
    text: str


class Outline(HTMLParser):
    """The headings and ids of briefbook's HTML: a page's title, contents and anchors.

    A heading's anchor is its own id or, when it has none, the id of the element it heads
    (an event card, a claim, a source): the id on the nearest enclosing element that has
    one, if no other heading came before it there.
    """

    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    _HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.ids: set[str] = set()
        self._open: list[list] = []  # [tag, id, headed] of each element not yet closed
        self._heading: tuple[int, str | None, list[str]] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        id_ = dict(attrs).get("id")
        if id_:
            self.ids.add(id_)
        if tag in self._VOID:
            return
        if tag in self._HEADINGS and self._heading is None:
            headed = self._headed_element()
            self._heading = (int(tag[1]), id_ or headed, [])
        self._open.append([tag, id_, False])

    def _headed_element(self) -> str | None:
        """The id of the element that a heading starting here heads, unless it has one already."""
        for element in reversed(self._open):
            if element[1]:
                headed, element[2] = element[2], True
                return None if headed else element[1]
        return None

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break
        if self._heading and tag == f"h{self._heading[0]}":
            level, anchor, parts = self._heading
            self.headings.append(Heading(level, anchor, " ".join("".join(parts).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._heading[2].append(data)

    @property
    def title(self) -> str | None:
        """The page's title: its h1, as MkDocs takes it from a Markdown page."""
        return next((h.text for h in self.headings if h.level == 1), None)

    def toc(self) -> list[dict]:
        """The table of contents in Python-Markdown's token shape: h2 to h6, nested by level.

        The h1 is the page's title, which the theme shows; headings without an anchor are
        left out, as a link could not lead to them.
        """
        root: list[dict] = []
        stack: list[dict] = []
        for h in self.headings:
            if h.level == 1 or not h.anchor:
                continue
            token = {"level": h.level, "id": h.anchor, "name": escape(h.text), "children": []}
            while stack and stack[-1]["level"] >= h.level:
                stack.pop()
            (stack[-1]["children"] if stack else root).append(token)
            stack.append(token)
        return root
