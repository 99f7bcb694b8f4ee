"""One computed style for the elements of a printed briefing that can only differ by their
id, where WeasyPrint 70 makes one for each (applied by pdf_patches, for WeasyPrint 70 only).

Why: WeasyPrint's `StyleFor` already shares a computed style between elements whose parents
share one, that match the same rules and that carry the same declarations of their own. But
it tells their own declarations apart by identity, and it makes them anew for every element
with an id (`-weasy-anchor: "ID"`), a `lang` or a `style` attribute. So every card of the
printed briefing (an event, a quote, a claim: each has its id) gets a style of its own, and
so does every element inside it, since a child's key is its parent's style. Every one of
those styles then computes the same values again, one property at a time, while the pages
are laid out and drawn.

Here an element's key is what its cascaded style and its parent's computed values are made
of: its tag, the rules it matches (with their pseudo-element), its `style` and `lang`
attributes (by their text), the width and height of an `<svg>`, and its parent's key. An
element with an anchor (an id, or an `<a name>`) keeps a computed style of its own, made as
WeasyPrint makes it, since its anchor is a value of that style (collected for
`target-counter()` and the PDF's destinations); but any other value it takes from the style
of the first anchored element of its key, and its key leaves the anchor out, so its children,
which do not inherit `anchor`, share their styles with those of every other such card. The
elements of one key share their pseudo-elements' cascades too (the same rules, the same
declarations), and an element that shares a style is not cascaded itself. With
presentational hints (which read more attributes) WeasyPrint's own way is kept.

Pages likewise: WeasyPrint makes the computed styles of a page and of each of its margin
boxes (about 19) for every page it lays out, since a page's type carries its index, so no two
are the same. Here the pages that match the same page rules share them, once the first page
is made (until then viewport units have no size: the first page's styles are its own).
"""

from __future__ import annotations

from math import inf

SVG = "{http://www.w3.org/2000/svg}svg"


def patch(css, page) -> None:
    """Make `css.StyleFor` (weasyprint.css, version 70) key the elements' styles as above, and
    `page.set_page_type_computed_styles` (weasyprint.layout.page) share the pages'."""
    original, anchored_style = css.StyleFor.__init__, _anchored_style(css)

    def __init__(self, html, sheets, presentational_hints, font_config, target_collector):
        if presentational_hints:
            return original(self, html, sheets, presentational_hints, font_config, target_collector)
        _styles_for(css, anchored_style, self, html, sheets, font_config, target_collector)

    __init__.__wrapped__ = original  # WeasyPrint's own, for the tests to compare with
    css.StyleFor.__init__ = __init__
    page.set_page_type_computed_styles = _shared_page_styles(page.set_page_type_computed_styles)


def _anchored_style(css):
    class AnchoredStyle(css.ComputedStyle):
        """The computed style of an element with an anchor, but the first of its key's: its
        anchor (made with it) its own, any other value that of its key's first (`base`), which
        its own cascade would compute the same. `specified` is the base's too (layout reads it)."""

        def __missing__(self, key):
            value = self[key] = self.base[key]
            return value

    return AnchoredStyle


def _shared_page_styles(original):
    """`set_page_type_computed_styles`, but the styles of a page of the page rules of one made
    before are that one's (the page's own `overflow` and counters, set on its style as it is
    made, are the same for every page of a document)."""

    def set_page_type_computed_styles(page_type, html, style_for):
        made = style_for.__dict__.setdefault("_briefbook_pages", {})  # the page rules -> their styles
        key, computed = page_rules(style_for, page_type), style_for.get_computed_styles()
        if key in made:
            for pseudo_type, style in made[key]:
                computed[page_type, pseudo_type] = style
            return
        original(page_type, html, style_for)
        if style_for.initial_page_sizes["box"] is not None:
            pseudo_types = [pseudo for element, pseudo in style_for.get_cascaded_styles() if pseudo and element == page_type]
            made[key] = [(pseudo, computed[page_type, pseudo]) for pseudo in (None, *pseudo_types)]

    set_page_type_computed_styles.__wrapped__ = original
    return set_page_type_computed_styles


def page_rules(style_for, page_type) -> tuple:
    """Which selectors of which page rules the page matches, in the order that
    `StyleFor.add_page_declarations` applies their declarations."""
    return tuple(
        (sheet_index, rule_index, index)
        for sheet_index, (sheet, _, _) in enumerate(style_for._sheets)
        for rule_index, (_, selectors, _) in enumerate(sheet.page_rules)
        for index, (_, _, page_selector) in enumerate(selectors)
        if style_for._page_type_match(page_selector, page_type)
    )


def own_key(element) -> tuple:
    """What of an element's own attributes goes into its cascaded style, but its anchor
    (weasyprint.css.find_style_attributes without presentational hints)."""
    tag = element.tag
    if tag == SVG:
        return (tag, element.get("style"), element.get("lang"), element.get("width"), element.get("height"))
    return (tag, element.get("style"), element.get("lang"))


def anchored(element) -> bool:
    """Whether the element sets an anchor of its own (find_style_attributes: an id, an <a name>)."""
    return bool(element.get("id")) or (element.tag == "a" and bool(element.get("name")))


def _styles_for(css, anchored_style, self, html, sheets, font_config, target_collector) -> None:
    # StyleFor.__init__ of WeasyPrint 70, but for the key (marked below).
    self._cascaded_styles = cascaded_styles = {}
    self._computed_styles = computed_styles = {}
    self.initial_page_sizes = {"box": None, "area": None}
    self._sheets = sheets
    self.font_config = font_config

    css.PROGRESS_LOGGER.info("Step 3 - Applying CSS")
    layer_order = inf
    for specificity, element, declarations, base_url in css.find_style_attributes(html.etree_element, False, html.base_url):
        declarations = css.preprocess_declarations(base_url, declarations)
        _cascade(css, cascaded_styles.setdefault((element, None), {}), declarations, "author", layer_order, specificity)

    keys: dict[tuple, int] = {}  # an element's key -> a number for it
    key_of: dict[object, int] = {}  # element -> its key's number
    shared: dict[int, object] = {}  # a key's number -> the computed style of its elements
    bases: dict[int, object] = {}  # a key's number -> the style of the first of its anchored elements
    firsts: dict[int, object] = {}  # a key's number -> its first element, whose pseudo-elements' cascades it shares
    for element in html.wrapper_element.iter_subtree():
        etree_element = element.etree_element
        parent = element.parent.etree_element if element.parent else None
        selectors_keys, matched = [], []
        for sheet, origin, sheet_specificity in sheets:
            for selector in sheet.matcher.match(element):
                specificity, order, pseudo_type, (declarations, layer) = selector
                layer_order = inf if layer is None else sheet.layers.index(layer)
                selectors_keys.append((pseudo_type, id(sheet), specificity, id(declarations), layer_order))  # key
                matched.append((pseudo_type, declarations, origin, layer_order, sheet_specificity or specificity))

        # The key, and the style shared or made (WeasyPrint: parent style's id, own declarations, rules).
        key = (key_of[parent] if parent is not None else None, own_key(etree_element), tuple(selectors_keys))
        number = key_of[etree_element] = keys.setdefault(key, len(keys))
        share, first = number in shared and not anchored(etree_element), firsts.setdefault(number, etree_element)
        for pseudo_type, *cascade in matched:
            if pseudo_type and first is not etree_element:  # the rules of its key's first: its cascade
                cascaded_styles[etree_element, pseudo_type] = cascaded_styles[first, pseudo_type]
            elif pseudo_type or not share:  # a shared style needs no cascade of the element's own
                _cascade(css, cascaded_styles.setdefault((etree_element, pseudo_type), {}), *cascade)
        if share:
            computed_styles[etree_element, None] = shared[number]
            continue
        self.set_computed_styles(etree_element, root=html.etree_element, parent=parent, base_url=html.base_url, target_collector=target_collector)
        made = computed_styles[etree_element, None]
        if not anchored(etree_element):
            shared[number] = made
        elif bases.setdefault(number, made) is not made:  # its anchor made, the rest its base's
            made.__class__, made.base, made.specified = anchored_style, bases[number], bases[number].specified

    # Pseudo-elements last, from their elements' styles, as WeasyPrint makes them.
    for element, pseudo_type in cascaded_styles:
        if pseudo_type:
            self.set_computed_styles(element, pseudo_type=pseudo_type, root=html.etree_element, parent=element, base_url=html.base_url, target_collector=target_collector)
    self._cascaded_styles.clear()
    self.__dict__.pop("_briefbook_seen", None)  # pdf_patches' memo of the cascades just made: done with


def _cascade(css, style: dict, declarations, origin: str, layer_order, specificity) -> None:
    """Declarations into a cascaded style, each where it outweighs what is there (StyleFor's)."""
    for name, values, importance in declarations:
        weight = (css.declaration_precedence(origin, importance), layer_order, specificity)
        old_weight = style.get(name, (None, None))[1]
        if old_weight is None or old_weight <= weight:
            style[name] = values, weight
