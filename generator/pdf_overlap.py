"""Where a part that ends inside a section stops, so that the cut leaves no part-empty page.

Such a part is laid out with an overlap (pdf_parts): the next part's first cards after its
own. The first page of its layout that starts at one of those cards is where a one-document
layout starts a page too (the pages before it are the same in both: a page's layout depends
only on where it starts and what follows; print.css sets no left or right pages). The part
keeps its pages before that one, undrawn the others, and the next part starts at that card,
on a fresh page: the page a one-document layout makes there. Cards avoid breaking inside, so
a page starts at a card within a page of the overlap but where a card is longer than a page.

A page's start is read from WeasyPrint's pagination (`context.page_maker`: each page's skip
stack, the child indexes in the box tree down to where it resumes, and its page type), as
the innermost element with an id it resumes in or at (every card has one) and the indexes
below that element's box.

This reaches into WeasyPrint's internals (`weasyprint.layout.make_all_pages`, the page
maker's tuples, boxes' `children` and `element`), as pagenumbers does: pyproject pins
WeasyPrint to one major version, and the tests compare a document printed in parts with the
same document printed whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

Start = tuple | None  # where a page starts (see `_start`); None: the document's start or end


@contextmanager
def watching() -> Iterator[list[Start]]:
    """While a document is laid out; the list this yields then holds each page's start, and
    the end."""
    import weasyprint.layout as layout

    original, starts = layout.make_all_pages, []

    def watched(context, root_box, html, pages):
        yield from original(context, root_box, html, pages)
        starts[:] = _starts(root_box, context.page_maker)  # now, while the boxes are there

    layout.make_all_pages = watched
    try:
        yield starts
    finally:
        layout.make_all_pages = original


def cut(starts: list[Start], overlap: tuple[str, ...]) -> tuple[int, int] | None:
    """(page, card): the first page (after the first) that starts at a card of the overlap
    (`overlap`: their ids), and that card's index in it; None when no page does."""
    cards = {name: index for index, name in enumerate(overlap) if name}
    for page, start in enumerate(starts[1:-1], 1):
        if start is not None and not start[2] and start[1] in cards:
            return page, cards[start[1]]
    return None


def _starts(root_box, page_maker: list) -> list[Start]:
    return [_start(root_box, resume_at, next_page) for resume_at, next_page, *_ in page_maker]


def _start(root_box, resume_at, next_page) -> Start:
    """Where a page starts: its page type, the id of the innermost element with an id that it
    resumes in or at, and the skip stack below that element's box (None: at the document's
    start or end, or in no element with an id)."""
    box, anchor, below, stack = root_box, None, [], resume_at
    while stack:
        if len(stack) > 1:  # resumes in more than one place (floats): the rest as it is
            below.append(_frozen(stack))
            break
        ((index, stack),) = stack.items()
        children = getattr(box, "children", None)
        if not isinstance(index, int) or children is None or not 0 <= index < len(children):
            below.append((index, _frozen(stack)))  # a text offset, or inside a box that has no children
            break
        child = children[index]
        element = getattr(child, "element", None)
        if element is not None and element is not getattr(box, "element", None) and element.get("id"):
            anchor, below = element.get("id"), []
        else:
            below.append(index)
        box = child
    if anchor is None:
        return None
    return (next_page.get("break"), next_page.get("page")), anchor, tuple(below)


def _frozen(stack):
    return tuple(sorted((key, _frozen(value)) for key, value in stack.items())) if isinstance(stack, dict) else stack
