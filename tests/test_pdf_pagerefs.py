"""Page references ("p. 5") once their numbers are filled in (generator/pagenumbers.py): a
number narrower than its placeholder leaves no gap before what follows it on its line, and
each link's rectangle is where its words now are. Laid out for real by WeasyPrint; the
example's written PDF is read back by tests/test_pdf.py."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, ROOT
from generator import pagenumbers, pdf, pipeline, print_html
from generator.render.views import View

PERSIAN = ROOT / "tests" / "briefings" / "tarvana-fa"


def laid_out(folder, fill: bool = True):
    """A briefing's printed document, laid out once; its page numbers filled in or not."""
    (briefing,), _ = pipeline.load([folder])
    printer = pdf.Printer("a4")
    document = printer._layout(print_html.render_html(View(briefing), printer.paper, printer.env))
    if fill:
        assert pagenumbers.fill(document) == []
    return document


def references(document):
    """Each page reference with what follows it in the box it is in: (page, its box, the next box)."""
    for page in document.pages:
        for box, _, line in pagenumbers._placeholders_on(page._page_box):
            if line and pagenumbers.REF in box.element.get("class", "").split():
                siblings = list(line[-1].children)
                following = siblings[siblings.index(box) + 1 :]
                yield page, box, following[0] if following else None


def positions(document) -> list[float]:
    return [box.position_x for page in document.pages for box in page._page_box.descendants()]


@pytest.fixture(scope="module")
def example():
    return laid_out(EXAMPLE)


def test_what_follows_a_page_reference_starts_where_its_number_ends(example):
    followed = 0
    for _, box, after in references(example):
        (text,) = box.children
        assert text.position_x + text.width == pytest.approx(box.position_x + box.width), text.text  # the box fits its number
        if after is not None:
            assert after.position_x == pytest.approx(box.position_x + box.margin_width()), (text.text, getattr(after, "text", after))
            followed += 1
    assert followed > 5  # "(…, p. 5) [9]": the bracket and the marks moved up to the number


def test_links_are_where_their_boxes_are_once_numbers_are_filled_in(example):
    """Each link's rectangle, as WeasyPrint took it when it laid the page out and as fill()
    moved it, is the one WeasyPrint finds from the boxes where they are now."""
    from weasyprint.anchors import gather_anchors

    checked = 0
    for page in example.pages:
        links: list = []
        gather_anchors(page._page_box, {}, links, [], {None: []})
        assert [(kind, target, box) for kind, target, _, box in page.links] == [(kind, target, box) for kind, target, _, box in links]
        for (_, _, kept, _), (_, _, found, _) in zip(page.links, links, strict=True):
            assert kept == pytest.approx(found, abs=1e-6)
            checked += 1
    assert checked > 100


def test_right_to_left_page_references_leave_what_follows_them_where_it_was():
    """Right to left, a number keeps the left edge its placeholder started at: fill() moves
    nothing after it (a narrower number's room is left unused beside it)."""
    document = laid_out(PERSIAN, fill=False)
    before = [(box.position_x, box.width, after.position_x) for _, box, after in references(document) if after is not None]
    assert before  # the Persian briefing has page references with words after them
    assert pagenumbers.fill(document) == []
    assert [(box.position_x, box.width, after.position_x) for _, box, after in references(document) if after is not None] == before
