"""pdf_tags: a part tagged page by page as it is drawn is the part WeasyPrint's tagging makes."""

from __future__ import annotations

from generator import pdf, pdf_join

# Lists, a table with headers (WeasyPrint names its headers by their element's number), links
# inside and between pages, and enough text for several pages.
BODY = (
    '<h1 id="top">Title</h1><table><tr><th scope="col">A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>'
    + "".join(f'<section><h2 id="s{i}">Section {i}</h2><p>{"Words of the text. " * 60}<a href="#top">back</a></p><ul><li>one</li><li>two <a href="#s{(i + 1) % 12}">next</a></li></ul></section>' for i in range(12))
)
HTML = f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>{BODY}</body></html>'


def written(printer: pdf.Printer, as_drawn: bool) -> pdf_join.Piece:
    """A part tagged page by page as it is drawn, or (`as_drawn=False`) by WeasyPrint's own
    tagging, once every page is drawn."""
    document = printer._layout(HTML, printer.part_stylesheets)
    numbers = pdf_join.Numbers(5000, 0, 0, tuple(False for _ in document.pages), True)
    return pdf_join.piece(pdf_join.generate(document, numbers.base, as_drawn, pdf_variant=pdf.PDF_VARIANT, pdf_tags=True), numbers)


def test_tagged_as_drawn_is_byte_for_byte_weasyprints_tagging():
    printer = pdf.Printer()
    ours, weasyprints = written(printer, True), written(printer, False)
    assert len(ours.pages) > 2
    assert ours.data == weasyprints.data
    assert (ours.rows, ours.placed, ours.last) == (weasyprints.rows, weasyprints.placed, weasyprints.last)
    assert (ours.parent_tree, ours.annotations, ours.top) == (weasyprints.parent_tree, weasyprints.annotations, weasyprints.top)


def test_a_drawn_page_keeps_no_boxes():
    printer = pdf.Printer()
    document = printer._layout(HTML, printer.part_stylesheets)
    pdf_join.generate(document, 5000, pdf_variant=pdf.PDF_VARIANT, pdf_tags=True)
    assert all(page._page_box is None and not page.links for page in document.pages)
    kept = printer._layout(HTML, printer.part_stylesheets)  # WeasyPrint's own tagging needs them all
    pdf_join.generate(kept, 5000, False, pdf_variant=pdf.PDF_VARIANT, pdf_tags=True)
    assert all(page._page_box is not None for page in kept.pages)
