"""One fix to the PDF writer under WeasyPrint for long tagged documents, applied when a PDF is made.

Why by hand: pydyf (WeasyPrint's PDF writer) builds `PDF.page_references`, a tuple of a
reference to every page, anew each time it is read, and WeasyPrint's PDF/UA tagging reads it
once for every tagged element to name the element's page. The cost is elements × pages:
for a briefing of 558 pages, about a quarter of a million tuples of 558 items. The tuple
only changes when a page is added (`PDF.add_page` appends to `pages['Kids']`, its only
source), so the patched property keeps the tuple and builds it again only when the number of
pages has changed. What it returns is the same, so the PDF's bytes are the same.

Remove this module once pydyf caches the references itself.
"""

from __future__ import annotations

_applied = False


def apply() -> None:
    """Patch pydyf once per process (idempotent)."""
    global _applied
    if _applied:
        return
    import pydyf

    original = pydyf.PDF.page_references.fget

    def page_references(pdf):
        kids = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_briefbook_page_references")
        if cached is None or cached[0] != kids:
            cached = (kids, original(pdf))
            pdf.__dict__["_briefbook_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references, doc=pydyf.PDF.page_references.__doc__)
    _applied = True
