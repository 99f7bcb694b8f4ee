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
each placeholder's text is replaced by its number, shaped anew with the same style. Nothing
else moves: a number as long as its placeholder takes the same width, a shorter one is moved
to the end of its placeholder's room where it is set flush right (the contents). Only when
the document turns out to need more digits than its placeholders hold is it laid out again.

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


def placeholders(document) -> Iterator[tuple[object, str]]:
    """Each placeholder's box (its inline `span`, or a page reference's `a`) in the laid-out
    document, with the anchor it points at."""
    from weasyprint.formatting_structure.boxes import InlineBox

    for page in document.pages:
        for box in page._page_box.descendants():  # WeasyPrint's own boxes: see the docstring
            element = getattr(box, "element", None)
            if element is not None and box.element_tag in ("span", "a") and isinstance(box, InlineBox):
                classes = (element.get("class") or "").split()
                if CLASS in classes:
                    yield box, element.get("data-target", "").removeprefix("#")
                elif REF in classes:
                    yield box, element.get("href", "").removeprefix("#")


def fill(document, pages: dict[str, int] | None = None) -> list[str]:
    """Put each anchor's page number in its placeholders; the anchors that no page holds.
    `pages`: each anchor's page, when the document is one part of a longer one (pdf_parts);
    by default, its page in this document."""
    pages, missing = pages if pages is not None else anchor_pages(document), []
    for span, target in placeholders(document):
        if target not in pages:
            missing.append(target)
            continue
        text = next(child for child in span.children if child.element_tag == span.element_tag)  # not ::before
        narrower = _set_text(text, text.text.rstrip("0") + str(pages[target]))  # "p. " stays
        # Right to left, the number ends at the left edge it starts at: nothing to move (a
        # narrower number leaves its room unused between it and the leader).
        end = END in (span.element.get("class") or "").split()
        if narrower and end and span.style["direction"] == "ltr":
            _flush_right(span, text, narrower)
        if end:
            _join_leaders(span)
    return missing


def _set_text(box, text: str) -> float:
    """Give a laid-out text box other text in its own style; how much narrower it became."""
    from weasyprint.text.line_break import split_first_line

    layout, _, _, width, _, _ = split_first_line(text, box.style, None, None, 0, is_line_start=False)
    narrower = box.width - width
    box.text, box.pango_layout, box.width = layout.text, layout, width
    return narrower


def _flush_right(span, text, by: float) -> None:
    """Move a contents entry's number (and the space before it) right to the edge its zeros
    reached, and run the dotted leader on into the room they leave."""
    text.position_x += by
    for before in (child for child in span.children if child.element_tag.endswith("::before")):
        for child in before.children:
            if getattr(child, "is_leader", False) and child.children:
                _lengthen_leader(child, by)
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
