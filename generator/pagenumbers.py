"""Page numbers in the printed briefing (the contents, and "p. 12" beside each reference), filled
in after one layout instead of by CSS `target-counter()`.

Why by hand: WeasyPrint resolves `target-counter()` by laying pages out again until the
numbers settle, and matches every anchor against every reference as it goes. Measured on the
bench briefings that is 1.6 page layouts for each page at size s and over 2 at size m, the
cost of each page growing with the length of the document. Here the printed HTML holds a
placeholder of zeros where each number goes (`<span class="pagenum" data-target="#id">000</span>`
in the contents, the end of `<a class="pageref" href="#id">p.&nbsp;000</a>` beside a reference;
set in tabular figures, so that every digit is as wide as a zero); the document is laid out
once, each anchor's page is read from the laid-out pages (WeasyPrint's `Page.anchors`), and
each placeholder's text is replaced by its number, shaped anew with the same style. A number
as long as its placeholder takes the same width; a shorter one is moved to the end of its
placeholder's room where it is set flush right (the contents), and elsewhere what follows it
on its line moves left by the room it leaves, so that "(p. 5)" shows no gap before the
bracket. Only when the document turns out to need more digits than its placeholders hold is
it laid out again.

This reaches into WeasyPrint's layout boxes (`Page._page_box`, `TextBox.pango_layout`), which
it documents as internal: pyproject pins WeasyPrint to one major version, and the PDF tests
read every number back from the written file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CLASS = "pagenum"  # the class of a placeholder in print.html
REF = "pageref"  # the class of a page reference, whose text ends in its placeholder
END = "pagenum-end"  # a placeholder set flush right: its number keeps the right edge
# A placeholder in the printed HTML, as print_macros.html writes it: its target, its zeros.
PLACEHOLDER = re.compile(rf'class="(?:{CLASS}[^"]*" data-target|{REF}" href)="#([^"]*)">(?:p\.&nbsp;)?(0+)<')


def placeholder(digits: int) -> str:
    """The text a page number stands in for until the document is laid out."""
    return "0" * digits


def digits_for(pages: int) -> int:
    """How many digits the document's highest page number takes."""
    return len(str(max(pages, 1)))


def anchor_pages(document) -> dict[str, int]:
    """Each anchor's 1-based page in a laid-out weasyprint.Document (the first page it is on)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def _placeholders_on(page_box) -> list[tuple[object, str, tuple]]:
    """A page's placeholders: each one's box (its inline `span`, or a page reference's `a`),
    the anchor it points at, and the boxes it is in from its line box down (empty if it is
    in none), where what follows it on its line is found."""
    from weasyprint.formatting_structure.boxes import InlineBox, LineBox

    found: list[tuple[object, str, tuple]] = []
    path: list = []

    def walk(box) -> None:  # WeasyPrint's own boxes: see the docstring
        element = getattr(box, "element", None)
        if element is not None and box.element_tag in ("span", "a") and isinstance(box, InlineBox):
            classes = (element.get("class") or "").split()
            if CLASS in classes or REF in classes:
                target = element.get("data-target", "") if CLASS in classes else element.get("href", "")
                line = max((i for i, outer in enumerate(path) if isinstance(outer, LineBox)), default=None)
                found.append((box, target.removeprefix("#"), tuple(path[line:]) if line is not None else ()))
        children = getattr(box, "children", None)
        if children:
            path.append(box)
            for child in children:
                walk(child)
            path.pop()

    walk(page_box)
    return found


def fill(document, pages: dict[str, int] | None = None) -> list[str]:
    """Put each anchor's page number in its placeholders; the anchors that no page holds.
    `pages`: each anchor's page, when the document is one part of a longer one (pdf_parts);
    by default, its page in this document."""
    pages, missing = pages if pages is not None else anchor_pages(document), []
    for page in document.pages:
        moved: dict[int, tuple[float, float]] = {}  # id(box) -> how far its left and right edges moved
        for span, target, line in _placeholders_on(page._page_box):
            if target not in pages:
                missing.append(target)
                continue
            text = next(child for child in span.children if child.element_tag == span.element_tag)  # not ::before
            narrower = _set_text(text, text.text.rstrip("0") + str(pages[target]))  # "p. " stays
            # Right to left, the number ends at the left edge it starts at: nothing to move (a
            # narrower number leaves its room unused between it and the leader, or the words
            # before it).
            end = END in (span.element.get("class") or "").split()
            if narrower and span.style["direction"] == "ltr":
                if end:
                    _flush_right(span, text, narrower, moved)
                elif line:
                    _close_gap((*line, span), narrower, moved)
            if end:
                _join_leaders(span)
        if moved:
            page.links = [_moved_link(link, moved) for link in page.links]
    return missing


def _close_gap(path: tuple, by: float, moved: dict[int, tuple[float, float]]) -> None:
    """Move what follows a narrowed page reference on its line (`path`: its line box down to
    it) left by `by`, and narrow the inline boxes it is in, so no gap is left after it.
    `moved` records how far each box's edges moved, for its link's rectangle."""
    for outer, inner in zip(path, path[1:]):
        after = outer.children[outer.children.index(inner) + 1 :]
        for box in after:
            box.translate(dx=-by)
            for inside in _subtree(box):
                _record(moved, inside, -by, -by)
    for inline in path[1:]:
        inline.width -= by
        _record(moved, inline, 0.0, -by)


def _record(moved: dict[int, tuple[float, float]], box, left: float, right: float) -> None:
    # Two references on one line: the second is moved by the first, then narrowed itself.
    was_left, was_right = moved.get(id(box), (0.0, 0.0))
    moved[id(box)] = (was_left + left, was_right + right)


def _subtree(box) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _subtree(child)


def _moved_link(link: tuple, moved: dict[int, tuple[float, float]]) -> tuple:
    """A page's link (type, target, rectangle, box) with its rectangle (left, top, right,
    bottom: WeasyPrint took it from the boxes as it laid the page out) where its box now is."""
    kind, target, (x0, y0, x1, y1), box = link
    if id(box) not in moved:
        return link
    left, right = moved[id(box)]
    return kind, target, (x0 + left, y0, x1 + right, y1), box


def _set_text(box, text: str) -> float:
    """Give a laid-out text box other text in its own style; how much narrower it became."""
    from weasyprint.text.line_break import split_first_line

    layout, _, _, width, _, _ = split_first_line(text, box.style, None, None, 0, is_line_start=False)
    narrower = box.width - width
    box.text, box.pango_layout, box.width = layout.text, layout, width
    return narrower


def _flush_right(span, text, by: float, moved: dict[int, tuple[float, float]]) -> None:
    """Move a contents entry's number (and the space before it) right to the edge its zeros
    reached, and run the dotted leader on into the room they leave (`moved`: as `_close_gap`)."""
    text.position_x += by
    for before in (child for child in span.children if child.element_tag.endswith("::before")):
        for child in before.children:
            if getattr(child, "is_leader", False) and child.children:
                _lengthen_leader(child, by)
                _record(moved, child, 0.0, by)
            elif child.element_tag.endswith("::before"):
                child.position_x += by  # the space between leader and number


def _lengthen_leader(leader, by: float) -> None:
    # WeasyPrint sets a leader as copies of one text box ("."), right to left on a grid.
    dots = list(leader.children)
    width, right = dots[0].width, dots[0].position_x
    more, x = [], right + width
    while x + width <= right + width + by + 0.01:
        dot = dots[0].copy()
        dot.position_x = x
        more.append(dot)
        x += width
    leader.children = tuple(reversed(more)) + tuple(dots)
    leader.width += by


def _join_leaders(span) -> None:
    """Set each dotted leader before a contents entry's number as one run of dots, where
    WeasyPrint leaves a text box of each dot: on paper the same dots in the same places
    (copies of one glyph, side by side), but one text to draw and tag instead of a hundred."""
    for before in (child for child in span.children if child.element_tag.endswith("::before")):
        for leader in (child for child in before.children if getattr(child, "is_leader", False)):
            dots = sorted(leader.children, key=lambda dot: dot.position_x)
            if len(dots) > 1 and all(dot.text == dots[0].text for dot in dots):
                first = dots[0].copy()
                _set_text(first, dots[0].text * len(dots))
                leader.children = (first,)
