"""The PDF's flat event card (render/cards.py, `flat`): an event of one account, its head and
paragraphs straight in the card, set just where the site's nested card puts them on paper."""

from __future__ import annotations

import pytest

from generator import pdf
from generator.render.cards import _last_paragraph_marked

HEAD = '<p class="account-head"><span class="stance stance-reported">Reported by the source</span></p>'
FIGURES = '<p class="account-figures">Killed: 2 · Injured: 3</p>'
PROSE = "<p>Fighters clashed near the border crossing in the early morning.</p><p>The army said the post was held. [1]</p>"


def card(inner: str) -> str:
    return f'<article class="event" id="e"><h4 class="event-title">Clashes</h4><p class="event-meta">1 May 2022 · Dalbor</p>{inner}<p class="event-actors">Actors: Dorsor Movement</p></article>'


def nested(figures: str) -> str:
    return f'<div class="accounts"><div class="account account-reported">{HEAD}<div class="prose">{PROSE}</div>{figures}</div></div>'


def flat(figures: str) -> str:
    return HEAD + _last_paragraph_marked(PROSE, bool(figures)) + figures


def placed_text(printer: pdf.Printer, cards: str) -> list[tuple[str, float, float]]:
    """Each piece of text laid out, with where it is on the page."""
    html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><section class="part chronology">{cards}</section></body></html>'
    found = []

    def walk(box):
        if hasattr(box, "text"):
            found.append((box.text, round(box.position_x, 3), round(box.position_y, 3)))
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in printer._layout(html, tagged=False).pages:
        walk(page._page_box)
    return found


@pytest.mark.parametrize("with_figures", [True, False], ids=["figures", "no-figures"])
def test_a_flat_card_sets_every_line_where_the_nested_card_does(with_figures):
    printer = pdf.Printer()
    figures = FIGURES if with_figures else ""
    expected = placed_text(printer, card(nested(figures)) * 3)
    assert len(expected) > 20
    assert placed_text(printer, card(flat(figures)) * 3) == expected


def test_the_last_paragraph_is_marked_only_where_it_ends_the_prose():
    assert _last_paragraph_marked("<p>a</p><p>b</p>", False) == '<p>a</p><p class="account-end">b</p>'
    assert _last_paragraph_marked("<p>a</p>", True) == '<p class="account-text">a</p>'
    assert _last_paragraph_marked("<p>a</p><ul><li>b</li></ul>", False) == "<p>a</p><ul><li>b</li></ul>"
