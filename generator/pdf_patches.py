"""Nine fixes under WeasyPrint for long tagged documents, applied when a PDF is made. All but
the fourth change nothing WeasyPrint writes: the PDF's bytes are the same with them as
without; the fourth compresses less hard, the same way every time.

Why by hand: both are costs that WeasyPrint pays for every element or every page of a long
document, and that its public options cannot turn off.

- pydyf (WeasyPrint's PDF writer) builds `PDF.page_references`, a tuple of a reference to
  every page, anew each time it is read, and WeasyPrint's PDF/UA tagging reads it once for
  every tagged element to name the element's page. The cost is elements × pages: for a
  briefing of 558 pages, about a quarter of a million tuples of 558 items. The tuple only
  changes when a page is added (`PDF.add_page` appends to `pages['Kids']`, its only source),
  so the patched property keeps the tuple and builds it again only when the number of pages
  has changed.
- WeasyPrint's stylesheet for HTML gives every element six pseudo-elements (`::marker`,
  `::footnote-call`, `::footnote-marker`, `::note-call`, `::note-marker`,
  `::note-callback`), and `StyleFor` makes a computed style for each of them up front, though
  the box builder asks for a marker only on a list item and for the others only on a
  footnote or a note. For the printed briefing that is about 60,000 styles at bench size s,
  kept to the end of the PDF, never read. The patch keeps each pseudo-element's declarations
  (one dict for all the pseudo-elements whose declarations are the same objects) and makes
  its computed style the first time it is asked for, from the same declarations, the same
  parent style and the same root: what WeasyPrint would have made up front. (A
  pseudo-element that sets an anchor is made up front still, as WeasyPrint collects anchors
  while it makes styles.) At size s this saves about 40 MiB of 330.
- WeasyPrint draws each page as a list of PDF operators and operands, and keeps every
  page's list, item by item (a bytes or number object each), until the whole file is
  written, when pydyf joins each list into the page's content stream. At bench size m that
  held over 500 MiB at once. The patch joins a page's list the same way as soon as the page
  is painted (nothing is added to it afterwards: its marked-content ids, fonts and
  resources are named as it is drawn), so that what waits is one bytes object per page,
  compressed then as pydyf would compress it later (the fourth patch's level).
- pydyf compresses every stream at zlib's level 9. On the printed briefing's streams
  (bench size s: 5.1 MB of page contents and fonts) that took 0.49 cpu s against 0.10 s at
  zlib's default level 6, for 730 KB against 759 KB: a few percent of the PDF's cpu time
  for 4 % of its size. The patch compresses at level 6; the output is as deterministic.
- WeasyPrint 70 makes a computed style of its own for every element with an id, and so for
  every element inside it: for every card of the printed briefing and all it holds; and the
  styles of each page and of its margin boxes for every page. pdf_styles shares one between
  the elements that can only differ by their ids, and between pages of the same page rules.
- WeasyPrint's boxes keep their used values (position, size, margins, padding, borders, radii:
  some 35 a box) as instance attributes, in a dict of 832 bytes each, and a part at bench
  size s has some 15,000 boxes (as built and as laid out) at once. For WeasyPrint 70, the
  four kinds that make nearly all of them (text, inline, block and line boxes) are made as
  subclasses of themselves, of the same names, that keep the attributes every one of them has
  in slots, and the few others in a small dict: 5 MiB less for a part's layout. A box's copy
  copies its slots as well as its dict; every other kind of box is as WeasyPrint has it.
- pydyf gives every PDF object four attributes of its own (`number`, `offset`, `generation`,
  `free`), though all but a handful keep the values they start with; a tagged page has a few
  hundred objects (structure elements and their arrays of kids), each some 500 bytes with its
  attributes. The patch makes those starting values the class's, so that an object holds
  only what is set on it (an indirect object, its number): half the memory of a part's
  objects while it is written. A dictionary keeps its number in a slot (a subclass of the
  same name), where it would make an instance dict of some 300 bytes for it alone.

- WeasyPrint gives every box a set of its own for the sides whose decoration it drops where
  it is split (`remove_decoration_sides`), and a new one to a box each time a copy of it is
  made with other children: an empty set of 216 bytes, for some 7,000 boxes of a part at
  bench size s. Here a box starts with one shared empty frozenset and gets a set of its own
  only when a side is dropped, or when a plain copy of it is made (`Box.copy`: WeasyPrint's
  box and its copy share one set from then on, and so they do here).

- WeasyPrint measures a text's first line with Pango each time it lays the text out, though
  the printed briefing repeats short texts card after card: pdf_lines measures each once
  per document (for its style and width).

A tenth, `links_elsewhere`, is applied only while a part of a long document is written
(pdf_parts): its links to anchors in other parts are kept.

Remove each patch once WeasyPrint or pydyf does the same itself.
"""

from __future__ import annotations

from contextlib import contextmanager

from . import pdf_lines, pdf_styles

_applied = False


def apply() -> None:
    """Patch pydyf and WeasyPrint once per process (idempotent)."""
    global _applied
    if _applied:
        return
    _cache_page_references()
    _lazy_pseudo_element_styles()
    _join_page_contents()
    _compress_at_default_level()
    _share_computed_styles()
    _slotted_boxes()
    _lean_pdf_objects()
    _shared_empty_sides()
    _memoised_lines()
    _applied = True


def _memoised_lines() -> None:
    from weasyprint.layout import inline, preferred

    pdf_lines.patch(inline, preferred)


def _cache_page_references() -> None:
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


def _lazy_pseudo_element_styles() -> None:
    from weasyprint import css

    style_for = css.StyleFor
    set_computed_styles, computed_style_for = style_for.set_computed_styles, style_for.__call__

    def deferred(self, element, parent, root=None, pseudo_type=None, base_url=None, target_collector=None):
        # Only an element's own pseudo-elements wait (they inherit from it, under the one
        # root and base URL of the document); a page's are made as WeasyPrint makes them.
        if pseudo_type and parent is element and isinstance(getattr(element, "tag", None), str):
            cascaded = self.get_cascaded_styles().get((element, pseudo_type), {})
            if "anchor" not in cascaded and self.__dict__.setdefault("_briefbook_root", (root, base_url)) == (root, base_url):
                # Most elements' pseudo-elements have the same declarations (the stylesheet
                # for HTML's, the same objects): one dict of them serves them all.
                seen = self.__dict__.setdefault("_briefbook_seen", {})  # id -> (cascade, its one dict): pdf_styles shares cascades
                if seen.get(id(cascaded), (None,))[0] is not cascaded:
                    same = tuple((name, id(values), weight) for name, (values, weight) in cascaded.items())
                    seen[id(cascaded)] = cascaded, self.__dict__.setdefault("_briefbook_declarations", {}).setdefault((pseudo_type, same), cascaded)
                cascaded = seen[id(cascaded)][1]
                # One dict per pseudo-element, keyed by element: no (element, pseudo_type)
                # tuple for each of some 17,000 pseudo-elements of a part (1.5 MiB at bench size s).
                self.__dict__.setdefault("_briefbook_waiting", {}).setdefault(pseudo_type, {})[element] = cascaded
                return
        set_computed_styles(self, element, parent, root, pseudo_type, base_url, target_collector)

    def made_when_asked(self, element, pseudo_type=None):
        waiting = self.__dict__.get("_briefbook_waiting", {}).get(pseudo_type) if pseudo_type else None
        if waiting and element in waiting:
            cascaded, (root, base_url) = waiting.pop(element), self._briefbook_root
            computed = self.get_computed_styles()
            computed[element, pseudo_type] = css.ComputedStyle(
                computed[element, None], cascaded, pseudo_type, computed[root, None], base_url, self.font_config, self.initial_page_sizes
            )
        return computed_style_for(self, element, pseudo_type)

    style_for.set_computed_styles = deferred
    style_for.__call__ = made_when_asked


def _share_computed_styles() -> None:
    import weasyprint
    from weasyprint import css
    from weasyprint.layout import page

    if weasyprint.__version__.split(".")[0] == "70":  # the StyleFor.__init__ it rewrites
        pdf_styles.patch(css, page)


def _join_page_contents() -> None:
    import pydyf
    from weasyprint.document import Page

    paint = Page.paint

    def painted_then_joined(self, stream, *args, **kwargs):
        paint(self, stream, *args, **kwargs)
        # pydyf.Stream.data joins its items just so, then compresses the result: compressed
        # now, a page's content waits in a fifth of the memory, for the same bytes.
        joined = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
        stream.stream, stream.briefbook_deflated = ([_deflated(joined)], True) if stream.compress else ([joined], False)

    Page.paint = painted_then_joined


# The attributes every box of the four kinds has once laid out, in groups that are set
# together (Box.__init__; percent.py's used values; the position). Those set later, or on
# some boxes only (backgrounds, radii, baselines, text), stay in the box's dict, so that a
# copy rarely meets an empty slot: each costs it an exception.
_SLOTS = (
    "element_tag element style remove_decoration_sides children first_letter_style first_line_style",
    "position_y width height min_width max_width min_height max_height"
    " margin_top margin_right margin_bottom margin_left padding_top padding_right padding_bottom padding_left"
    " border_top_width border_right_width border_bottom_width border_left_width",
    "position_x",
)


def _slotted_boxes() -> None:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    if weasyprint.__version__.split(".")[0] != "70":  # the Box.copy it rewrites
        return
    made = {}  # a box class -> the subclass its instances are made of
    copies = {}  # the subclass -> its copy
    for name in ("TextBox", "InlineBox", "BlockBox", "LineBox"):
        cls = getattr(boxes, name)
        # No slot for a name that a class sets (a default, read until an instance sets its own).
        groups = [[n for n in g.split() if not any(n in vars(k) for k in cls.__mro__)] for g in _SLOTS]
        made[cls] = type(name, (cls,), {"__slots__": sum(groups, []), "__module__": cls.__module__, "__qualname__": cls.__qualname__})
        copies[made[cls]] = _slot_copier(made[cls], groups)

    def new(cls, *args, **kwargs):
        return object.__new__(made.get(cls, cls))  # a subclass of one (FootnoteAreaBox) stays itself

    for cls in made:
        cls.__new__ = new
    copy = boxes.Box.copy  # WeasyPrint's: the other kinds of box

    def copied(self):
        return copies.get(type(self), copy)(self)

    boxes.Box.copy = copied


def _slot_copier(cls, groups: list[list[str]]):
    """Box.copy for a slotted box class: its dict, then each group of slots in one statement
    (a slot read is fast; an empty one raises), or slot by slot where one of the group is empty."""

    def one_by_one(box, new_box, names):
        for name in names:
            if hasattr(box, name):
                setattr(new_box, name, getattr(box, name))

    lines = ["def copy(self):", "    new_box = new(cls)", "    new_box.__dict__.update(self.__dict__)"]
    for names in filter(None, groups):
        lines += [
            "    try:",
            f"        {', '.join(f'new_box.{n}' for n in names)}, = {', '.join(f'self.{n}' for n in names)},",
            "    except AttributeError:",
            f"        one_by_one(self, new_box, {tuple(names)!r})",
        ]
    lines.append("    return new_box")
    scope = {"new": object.__new__, "cls": cls, "one_by_one": one_by_one}
    exec("\n".join(lines), scope)  # straight-line code: a loop over the slots took a PDF 5 % more cpu
    return scope["copy"]


def _shared_empty_sides() -> None:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    if weasyprint.__version__.split(".")[0] != "70":  # the Box methods it rewrites
        return
    none = frozenset()  # no side dropped: shared until a box drops one, or is copied
    box, parent = boxes.Box, boxes.ParentBox
    copy = box.copy  # _slotted_boxes's

    def init(self, element_tag, style, element):  # Box.__init__, but for the set
        self.element_tag, self.element, self.style = element_tag, element, style
        self.remove_decoration_sides, self.children = none, []
        self.first_letter_style = self.first_line_style = None

    def copied(self):  # the box and its copy share one set, as in WeasyPrint
        if self.remove_decoration_sides is none:
            self.remove_decoration_sides = set()
        return copy(self)

    def reset_spacing(self, side):  # ParentBox._reset_spacing
        if self.remove_decoration_sides is none:
            self.remove_decoration_sides = set()
        self.remove_decoration_sides.add(side)
        setattr(self, f"margin_{side}", 0)
        setattr(self, f"padding_{side}", 0)
        setattr(self, f"border_{side}_width", 0)

    def copy_with_children(self, new_children):  # ParentBox's: this box gets a new set, so no sharing
        new_box = copy(self)
        new_box.children = new_children
        self.remove_decoration_sides = none
        return new_box

    box.__init__, box.copy, parent._reset_spacing, parent.copy_with_children = init, copied, reset_spacing, copy_with_children


def _lean_pdf_objects() -> None:
    import pydyf

    if pydyf.Object.__init__.__code__.co_names != ("number", "offset", "generation", "free"):
        return  # a pydyf that sets other attributes: left as it is
    # pydyf.Object.__init__'s values, read from the class until an object sets its own.
    pydyf.Object.number, pydyf.Object.offset, pydyf.Object.generation, pydyf.Object.free = None, 0, 0, "n"
    pydyf.Object.__init__ = lambda self: None
    # A dictionary, numbered, would still make an instance dict for its number alone: some
    # 300 bytes (its class's shared keys' size), for each of a part's thousands of structure
    # elements. Dictionaries are made of a subclass, of the same name, that keeps it in a slot.
    cls = pydyf.Dictionary

    def number(self):
        try:
            return self._briefbook_number
        except AttributeError:  # never numbered: the class's None
            return None

    def numbered(self, value):
        self._briefbook_number = value

    slotted = type("Dictionary", (cls,), {"__slots__": ("_briefbook_number",), "__module__": cls.__module__, "__qualname__": cls.__qualname__, "number": property(number, numbered)})
    cls.__new__ = lambda kind, *args, **kwargs: dict.__new__(slotted if kind is cls else kind)


def _compress_at_default_level() -> None:
    import pydyf

    def data(self):  # pydyf.Stream.data, but for the level (and a page's content compressed as painted)
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
        extra = pydyf.Dictionary(self.extra.copy())
        if self.compress:
            extra["Filter"] = "/FlateDecode"
            if not getattr(self, "briefbook_deflated", False):
                stream = _deflated(stream)
        extra["Length"] = len(stream)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    pydyf.Stream.data = property(data, doc=pydyf.Stream.data.__doc__)


def _deflated(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data, zlib.Z_DEFAULT_COMPRESSION)


@contextmanager
def links_elsewhere(names: set[str]):
    """While a part of a longer document (pdf_parts) is written: its links to anchors that
    other parts hold are kept, as links to those names, where WeasyPrint would drop them as
    broken (its `resolve_links` knows only the anchors of the document it writes). The joined
    PDF's named destinations (pdf_join) hold every part's anchors."""
    import weasyprint.pdf
    from weasyprint.logger import LOGGER

    original = weasyprint.pdf.resolve_links

    def resolve_links(pages):  # WeasyPrint's, but for `names`
        seen, paged = set(), []
        for page in pages:
            paged.append([])
            for name, (x, y, _, _) in page.anchors.items():
                if name not in seen:
                    paged[-1].append((name, x, y))
                    seen.add(name)
        known = seen | names
        for page, anchors in zip(pages, paged):
            links = []
            for link in page.links:
                if link[0] == "internal" and link[1] not in known:
                    LOGGER.error("No anchor #%s for internal URI reference", link[1])
                else:
                    links.append(link)
            yield links, anchors

    weasyprint.pdf.resolve_links = resolve_links
    try:
        yield
    finally:
        weasyprint.pdf.resolve_links = original
