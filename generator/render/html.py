"""The smallest, most repeated pieces of markup, in Python rather than Jinja macros.

A large briefing calls these hundreds of thousands of times; a Jinja macro call costs
several times a function call. Each takes the calling template's context, so it sees
the page's `view`, `link` and `notes` as the templates do.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import pass_context
from markupsafe import Markup, escape

from . import figures
from .citing import SOURCE_KINDS, plain_title, supplied
from ..languages import direction
from ..localised import number as format_number
from ..plural import count as count_noun
from .updates import MARKS
from .views import join_and


@pass_context
def time_html(ctx, d) -> Markup:
    """A date as `<time datetime>` with its reader's label."""
    return _time(d.iso, d.label) if d else Markup("")


@lru_cache(maxsize=1 << 14)
def _time(iso: str, label: str) -> Markup:
    """A briefing's dates are few and each is shown on many pages: made once."""
    return Markup(f'<time datetime="{escape(iso)}">{escape(label)}</time>')


def _fact_link(ctx, kind: str, fact, id_: str) -> Markup:
    """A link to an actor's or a place's page, by its name; nothing for an unknown id."""
    if fact is None:
        return Markup("")
    return Markup(f'<a class="{kind}-link" href="{escape(ctx["link"].fact(kind, id_))}">{escape(fact.name)}</a>')


@pass_context
def actor_link(ctx, id_: str) -> Markup:
    return _fact_link(ctx, "actor", ctx["view"].actor.get(id_), id_)


@pass_context
def actor_links(ctx, ids) -> Markup:
    """'A', 'A and B', 'A, B and C', each linked to its profile."""
    return Markup(join_and([str(actor_link(ctx, i)) for i in ids if i in ctx["view"].actor]))


@pass_context
def place_link(ctx, id_: str) -> Markup:
    return _fact_link(ctx, "place", ctx["view"].places.get(id_), id_)


@pass_context
def place_links(ctx, ids) -> Markup:
    """'A', 'A and B', 'A, B and C', each linked to its place page."""
    return Markup(join_and([str(place_link(ctx, i)) for i in ids if ctx["view"].places.get(i)]))


@pass_context
def cite_marks(ctx, citations, notes=None) -> Markup:
    """Numbered citation marks linking to evidence notes (the page's, or `notes` of a card's
    own); the first use of each number carries the id the note links back to."""
    notes = notes or ctx["notes"]
    prefix = notes.prefix
    parts = []
    for citation in citations:
        n, first = notes.number(citation)
        back = f' id="{prefix}ref_{n}"' if first else ""
        parts.append(f'<a class="cite" href="#{prefix}cite_{n}"{back} aria-label="Evidence {n}">[{n}]</a>')
    return Markup('<sup class="cites">' + "".join(parts) + "</sup>")


_BADGES = {how: f'<span class="badge badge-{how}">{label}</span>' for how, label in MARKS.items()}


def change_badge(how: str) -> Markup:
    """A badge saying in words how a fact changed: "New" or "Updated"."""
    return Markup(_BADGES[how])


@pass_context
def change_mark(ctx, fact) -> Markup:
    """The badge of a fact added or updated in the current edition; nothing for any other."""
    how = ctx["view"].changes.mark(fact)
    return Markup(_BADGES[how]) if how else Markup("")


@pass_context
def change_items(ctx, changes) -> Markup:
    """The `<li>` of each changed fact in an edition's list: how it changed, a link to it
    and, for an event, its date. A first edition lists every fact of the briefing, so this
    formats strings rather than Markup, which escapes far more slowly."""
    view, link = ctx["view"], ctx["link"]
    items = []
    for change in changes:
        when = f" — {time_html(ctx, view.date(change.fact.date))}" if change.kind == "event" and change.fact is not None else ""
        href, label = escape(link.fact(change.kind, change.id)), escape(view.change_label(change))
        items.append(f'<li>{_BADGES[change.how]} <a href="{href}">{label}</a>{when}</li>\n')
    return Markup("".join(items))


@pass_context
def account_figures(ctx, account) -> Markup:
    """An account's figures as one line ('Killed: 2 (boys) · Injured: 3 (girls)'), if any."""
    if not account.figures:
        return Markup("")
    return Markup('<p class="account-figures">{}</p>').format(figures.figures_line(account.figures))


@pass_context
def accounts_note(ctx, event) -> str:
    """'2 accounts, which differ on the date and on the number killed: …'"""
    return figures.accounts_note(ctx["view"], event)


@pass_context
def count(ctx, items, noun: str, plural: str | None = None) -> str:
    """'1 event', '9 events': a number (or a collection's length) with an English noun, the
    number written in the page's language ('1 234' in French)."""
    n = items if isinstance(items, int) else len(items)
    return count_noun(n, noun, plural, ctx["lang"])


@pass_context
def number(ctx, value: int) -> str:
    """A whole number as the page's language writes it."""
    return format_number(value, ctx["lang"])


@lru_cache(maxsize=None)
def _language_attrs(language: str) -> Markup:
    return Markup(' lang="{}" dir="{}"').format(language, direction(language))


def _language_of(ctx, source_id: str) -> str:
    source = ctx["view"].source.get(source_id)
    return source.language if source else ctx["view"].meta.language


@pass_context
def original_attrs(ctx, source_id: str) -> Markup:
    """` lang=… dir=…` for words as they stand in a source's document, in its language: on
    a block (a quote's or an excerpt's paragraph, the stored text) that isolates them, so
    Persian or Urdu lines run right to left and align right whatever the page's direction."""
    return _language_attrs(_language_of(ctx, source_id))


@pass_context
def direction_of(ctx, source_id: str) -> str:
    """'rtl' for a source in a right-to-left language, else 'auto'."""
    return direction(_language_of(ctx, source_id))


@pass_context
def original(ctx, text: str, source_id: str) -> Markup:
    """Words of a source's document inside a line of the page's own language, isolated in a
    `<bdi>` so that a right-to-left passage does not reorder the text around it."""
    return Markup("<bdi{}>{}</bdi>").format(original_attrs(ctx, source_id), text)


TRANSLATED_BY = {"source": "Translation (the source’s own):", "analysts": "Translated by the analysts:"}


def translation(fact) -> Markup:
    """A quote's or an excerpt's translation, saying whose it is; nothing when it has none."""
    if not fact.translation or fact.translated_by not in TRANSLATED_BY:
        return Markup("")
    return Markup('<p class="translation translation-{}"><span class="translation-by">{}</span> {}</p>').format(
        fact.translated_by, TRANSLATED_BY[fact.translated_by], fact.translation
    )


def page_dir(lang: str) -> str:
    """A page's direction from its briefing's language: 'rtl' for Persian, Arabic or Urdu
    (the whole layout mirrors), else 'ltr'; passages in other scripts isolate themselves."""
    return "rtl" if direction(lang) == "rtl" else "ltr"


GLOBALS = {
    "source_kinds": SOURCE_KINDS,
    "plain_title": plain_title,
    "supplied": supplied,
    "count": count,
    "number": number,
    "page_dir": page_dir,
    "account_figures": account_figures,
    "accounts_note": accounts_note,
    "original_attrs": original_attrs,
    "direction_of": direction_of,
    "original": original,
    "translation": translation,
    "time_html": time_html,
    "actor_link": actor_link,
    "actor_links": actor_links,
    "place_link": place_link,
    "place_links": place_links,
    "cite_marks": cite_marks,
    "change_badge": change_badge,
    "change_mark": change_mark,
    "change_items": change_items,
}
