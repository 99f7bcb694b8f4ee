"""WeasyPrint's PDF/UA tags made for each page of a part as soon as the page is drawn, so
that the page's boxes can go then, not once every page is drawn.

Why by hand: WeasyPrint 70 tags a document (`weasyprint.pdf.tags.add_tags`) once all of
its pages are drawn, walking each page's box tree, so it keeps every page's boxes while the
part's PDF objects grow: at bench size s, 11 MiB of boxes for a part of 27 pages beside
9 MiB of objects, at the top of a worker's memory (pdf_workers). Here, while pdf_join
generates a part, each page is tagged by WeasyPrint's own `_build_box_tree` right after it
is drawn, with the same page number, parent and tables of marked content, and its box tree
is dropped: the Document is spent once its PDF is made.

The structure elements keep the numbers WeasyPrint gives them, after every other object of
the part (its fonts, say, which are only known once every page is drawn). So they are
numbered from PROVISIONAL on as they are made, and again, in the same order, where
WeasyPrint makes them (its `add_tags`, replaced while a part is generated), their references
to each other rewritten: the same objects, numbers and bytes as WeasyPrint's.
"""

from __future__ import annotations

from contextlib import contextmanager

PROVISIONAL = 10**15  # above any object number: a reference to an element made early has 16 digits
_EARLY = len(b"%d 0 R" % PROVISIONAL)


class _Tagger:
    """What add_tags makes, made page by page; `pdf` stands in for the part's pydyf.PDF."""

    def __init__(self, pdf) -> None:
        import pydyf

        self.pdf, self.objects, self.pages, self.annotations = pdf, [], 0, []
        self.links: list = []  # the links of the page being drawn, as generate_pdf holds them
        # add_tags's first three objects, in its order, with its keys in its order.
        self.mapping = self.add_object(pydyf.Dictionary({}))
        self.root = self.add_object(pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": self.mapping.reference}))
        self.document = self.add_object(pydyf.Dictionary({"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(), "P": self.root.reference}))
        self.root["K"] = pydyf.Array([self.document.reference])
        self.mapping["Nums"] = pydyf.Array()

    def add_object(self, obj):
        obj.number = PROVISIONAL + len(self.objects)
        self.objects.append(obj)
        return obj

    @property
    def page_references(self):
        return self.pdf.page_references

    def drawn(self, page, stream) -> None:
        """add_tags's work for one page (the next), then its boxes dropped."""
        import pydyf
        from weasyprint.pdf.tags import _build_box_tree

        tags, number, nums = stream._tags, self.pages, self.mapping["Nums"]
        self.pages += 1
        nums.append(number)
        nums.append(pydyf.Array())
        page_nums: dict = {}
        for element in _build_box_tree(page._page_box, self.document, self, number, page_nums, self.annotations, tags):
            self.document["K"].append(element.reference)
        if tags:
            raise AssertionError("marked content without its box")  # WeasyPrint's assertion
        nums[-1].extend(reference for _, reference in sorted(page_nums.items()))
        # Its boxes gone, and its links' (each link names its box), which hold their
        # elements, and so the whole HTML tree, to the last page.
        page._page_box, page.links = None, []
        self.links.clear()

    def add_tags(self, pdf, document) -> None:
        """The elements numbered and tied to the part where add_tags makes them."""
        import pydyf
        from weasyprint.logger import LOGGER

        for obj in self.objects:
            pdf.add_object(obj)
        shift = self.mapping.number - PROVISIONAL
        for obj in self.objects:
            _renumber(obj, shift)
        pdf.catalog["StructTreeRoot"] = self.root.reference
        nums = self.mapping["Nums"]
        for i, (reference, annotation) in enumerate(self.annotations, start=len(document.pages)):
            nums.append(i)
            nums.append(_renumbered(reference, shift))
            annotation["StructParent"] = i
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
        if "Lang" not in pdf.catalog:
            LOGGER.error('Missing required "lang" attribute at the root of the document')
            pdf.catalog["Lang"] = pydyf.String()


def _renumbered(value, shift: int):
    if type(value) is bytes and len(value) == _EARLY and value.endswith(b" 0 R"):
        return b"%d 0 R" % (int(value[:-4]) + shift)
    return value


def _renumber(obj, shift: int) -> None:
    """References to early elements inside `obj` (a dictionary or an array, and what they
    hold) made final; a table header's ID too, which WeasyPrint makes of its element's number.
    (Straight code: it meets every structure element of a part, and most of their kids.)"""
    import pydyf

    if isinstance(obj, dict):
        for key, value in obj.items():  # values replaced, never keys: safe while iterating
            if type(value) is bytes:
                if len(value) == _EARLY and value[-4:] == b" 0 R":
                    obj[key] = b"%d 0 R" % (int(value[:-4]) + shift)
            elif isinstance(value, (dict, list)):
                _renumber(value, shift)
            elif isinstance(value, pydyf.String) and isinstance(value.string, str):
                head, dash, tail = value.string.partition("-")
                if dash and len(head) == _EARLY - 4 and head.isdigit():
                    value.string = f"{int(head) + shift}-{tail}"
        return
    for index, value in enumerate(obj):
        if type(value) is bytes:
            if len(value) == _EARLY and value[-4:] == b" 0 R":
                obj[index] = b"%d 0 R" % (int(value[:-4]) + shift)
        elif isinstance(value, (dict, list)):
            _renumber(value, shift)


@contextmanager
def as_drawn(pdf_version=None):
    """While a part's PDF is generated (by WeasyPrint 70, a PDF 1.x): each page tagged as it
    is drawn (see the module's docstring); elsewhere WeasyPrint's tagging as it is."""
    import weasyprint
    import weasyprint.pdf
    from weasyprint.document import Page

    if weasyprint.__version__.split(".")[0] != "70" or str(pdf_version) >= "2.0":  # (PDF 2: a namespace it does not make)
        yield
        return
    tagger: list[_Tagger] = []  # the PDF being generated, once add_links has named it
    add_links, paint, add_tags = weasyprint.pdf.add_links, Page.paint, weasyprint.pdf.add_tags

    def links_added(links_and_anchors, matrix, pdf, *args, **kwargs):  # called just before each page is drawn
        if not tagger:
            tagger.append(_Tagger(pdf))
        tagger[0].links = links_and_anchors[0]
        return add_links(links_and_anchors, matrix, pdf, *args, **kwargs)

    def painted(self, stream, *args, **kwargs):
        paint(self, stream, *args, **kwargs)
        if tagger and stream._tags is not None:
            tagger[0].drawn(self, stream)

    def tags_added(pdf, document, pdf_version, page_streams):
        if not tagger or tagger[0].pdf is not pdf:  # no page drawn
            return add_tags(pdf, document, pdf_version, page_streams)
        tagger.pop().add_tags(pdf, document)

    weasyprint.pdf.add_links, Page.paint, weasyprint.pdf.add_tags = links_added, painted, tags_added
    try:
        yield
    finally:
        weasyprint.pdf.add_links, Page.paint, weasyprint.pdf.add_tags = add_links, paint, add_tags
