"""Computed styles shared between elements that can only differ by their id
(generator/pdf_styles.py): which elements share one, laid out by the real WeasyPrint, and the
same PDF bytes with the sharing as with WeasyPrint's own styles."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE, MULTI
from generator import pdf, pdf_parts, pipeline
from generator.render.views import View

CSS = ".card { margin: 2mm; } .card p { color: #333; } .lead { font-weight: bold; } .cited { counter-increment: x; }"
BODY = """
<article class="card" id="one"><p class="text">first</p><p class="text lead">first lead</p></article>
<article class="card" id="two"><p class="text">second</p><p class="text" lang="fr">deuxième</p></article>
<article class="card" id="three"><p class="text" style="color: red">third</p><p class="text" lang="fr">troisième</p></article>
<article class="card"><p class="text">fourth</p></article>
<article class="card lead" id="bold"><p class="text">bold card</p></article>
<article class="card"><p class="text">fifth</p></article>
<p>See <a href="#one" class="cited">page <span class="ref" style="content: target-counter('#one', page)"></span></a>.</p>
"""


@pytest.fixture(scope="module")
def styles():
    """Each card's id and each paragraph's text -> the computed style of its box, in a real layout."""
    printer = pdf.Printer()
    html = f'<!doctype html><html lang="en"><head><style>{CSS}</style></head><body>{BODY}</body></html>'
    document = printer.weasyprint.HTML(string=html).render(font_config=printer.fonts)
    found = {}

    def walk(box):
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", None) == "article" and element.get("id"):
            found.setdefault(element.get("id"), box.style)
        elif getattr(box, "element_tag", None) == "p":
            found.setdefault("".join(element.itertext()).strip(), box.style)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def test_elements_differing_only_by_their_parents_ids_share_one_style(styles):
    assert styles["first"] is styles["second"] is styles["fourth"] is styles["fifth"]


def test_each_element_with_an_id_keeps_its_own_style_and_its_anchor(styles):
    assert {styles[name]["anchor"] for name in ("one", "two", "three")} == {"one", "two", "three"}
    assert styles["one"] is not styles["two"]


def test_a_class_a_rule_matches_a_lang_or_a_style_attribute_tells_styles_apart(styles):
    assert styles["first lead"] is not styles["first"] and styles["first lead"]["font_weight"] == 700
    assert styles["deuxième"] is not styles["second"] and styles["deuxième"]["lang"] == "fr"
    assert styles["third"] is not styles["first"] and styles["third"]["color"] != styles["first"]["color"]


def test_a_card_with_another_class_takes_nothing_from_the_others_nor_do_its_children(styles):
    assert styles["bold"]["font_weight"] == 700 and styles["one"]["font_weight"] == styles["two"]["font_weight"] == 400
    assert styles["bold card"] is not styles["first"] and styles["bold card"]["font_weight"] == 700


def test_the_same_lang_shares_one_style(styles):
    assert styles["deuxième"] is styles["troisième"]


@pytest.mark.parametrize("folder, part_size", [(EXAMPLE, "0"), (MULTI, "20000")], ids=["example", "multi-in-parts"])
def test_the_same_pdf_bytes_as_with_weasyprints_own_styles(folder, part_size, monkeypatch):
    monkeypatch.setenv(pdf_parts.SIZE, part_size)
    briefings, problems = pipeline.load([folder])
    assert briefings, problems
    printer, view = pdf.Printer(), View(briefings[0])
    shared = printer(view, created="2024-06-07")
    from weasyprint import css
    from weasyprint.layout import page

    monkeypatch.setattr(css.StyleFor, "__init__", css.StyleFor.__init__.__wrapped__)
    monkeypatch.setattr(page, "set_page_type_computed_styles", page.set_page_type_computed_styles.__wrapped__)
    assert printer(view, created="2024-06-07") == shared


PAGES_CSS = "@page { @top-center { content: 'head'; } } @page :left { margin-left: 30mm; } @page wide { size: A4 landscape; } .wide { page: wide; }"


@pytest.fixture(scope="module")
def pages():
    """The page boxes of a real layout: pages 1-5 (right, left, right...), then two wide ones."""
    printer = pdf.Printer()
    body = "".join(f'<p style="break-before: page">page {n}</p>' for n in range(1, 6)) + '<div class="wide"><p>w</p><p style="break-before: page">w</p></div>'
    html = f"<!doctype html><html><head><style>{PAGES_CSS}</style></head><body>{body}</body></html>"
    document = printer.weasyprint.HTML(string=html).render(font_config=printer.fonts)
    return [page._page_box for page in document.pages]


def margin_box(page, keyword: str):
    return next(box for box in page.children if getattr(box, "at_keyword", None) == keyword)


def test_pages_of_the_same_page_rules_share_their_styles_and_their_margin_boxes(pages):
    assert len(pages) == 7
    assert pages[1].style is pages[3].style and pages[2].style is pages[4].style  # left, right
    assert margin_box(pages[1], "@top-center").style is margin_box(pages[3], "@top-center").style


def test_pages_of_other_page_rules_keep_their_own(pages):
    assert pages[1].style is not pages[2].style and pages[1].style["margin_left"] != pages[2].style["margin_left"]
    assert pages[5].style is not pages[1].style and pages[5].style["size"] != pages[1].style["size"]  # wide, left
    assert pages[6].style is not pages[5].style and pages[6].style["size"] == pages[5].style["size"]  # wide, right
    assert pages[0].style is not pages[2].style  # the first page is made before viewport units have a size
