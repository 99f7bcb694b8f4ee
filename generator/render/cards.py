"""An event's card and what goes in it (accounts, who tells them, evidence notes), in Python
rather than Jinja macros.

A large briefing's chronology is thousands of cards, each of several accounts and notes; as
macros they were the largest part of a build (a macro call costs many times a function
call, and every `{{ }}` inside goes through Jinja's context). The markup is what the macros
made, the macros in templates/_macros.html call these, and every piece of text is escaped
here with markupsafe's `escape`, as autoescape did. Each takes the template's context, so
it sees the page's `view`, `link`, `notes` and `md` as a template does.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

from .html import account_figures, accounts_note, actor_link, actor_links, change_mark, cite_marks, count, original_attrs, place_links, time_html, translation


def stance_html(ctx, fact) -> str:
    """Who tells it: a response by what it does ("Contradicted by the source"), else its stance."""
    view = ctx["view"]
    stance = escape(fact.stance)
    effect = view.effect_verb(fact)
    if effect:
        who = f" by {actor_links(ctx, fact.by)}" if fact.by else ", unattributed in the source" if fact.unattributed else " by the source"
        return f'<span class="stance stance-{stance} effect-{escape(fact.effect)}">{escape(effect)}{who}</span>'
    if fact.stance == "reported":
        return '<span class="stance stance-reported">Reported by the source</span>'
    if fact.unattributed:
        return f'<span class="stance stance-{stance} stance-unattributed">{escape(view.stance_label(fact))}</span>'
    return f'<span class="stance stance-{stance}">{escape(fact.stance.capitalize())} by {actor_links(ctx, fact.by)}</span>'


def account_html(ctx, a, own=None, flat: bool = False) -> str:
    """One account of an event; `own`: the card's own notes (the chronology), else the page's;
    `flat`: its head, paragraphs and figures alone, with no element around them (see
    `event_card_html`)."""
    view = ctx["view"]
    head = [stance_html(ctx, a)]
    if a.date:
        head.append(f' · <span class="account-date">dates it {time_html(ctx, view.date(a.date))}</span>')
    if a.said:
        head.append(f' · <span class="account-said">said {time_html(ctx, view.date(a.said))}</span>')
    if a.places:
        head.append(f' · <span class="account-places">places it in {place_links(ctx, a.places)}</span>')
    prose = ctx["md"](a.text, after=cite_marks(ctx, a.citations, own))
    if flat:
        return f'<p class="account-head">{"".join(head)}</p>{_last_paragraph_marked(str(prose), bool(a.figures))}{account_figures(ctx, a)}'
    return (
        f'<div class="account account-{escape(a.stance)}">\n  <p class="account-head">{"".join(head)}</p>\n'
        f'  <div class="prose">{prose}</div>\n  {account_figures(ctx, a)}\n</div>'
    )


def _last_paragraph_marked(prose: str, figures: bool) -> str:
    """The account's prose, its last paragraph, if it ends the prose, classed for the room
    the account element gave it: none before the figures, else the account's own margin
    (print.css). markdown() writes `<p>` only as a tag: text is escaped."""
    start = prose.rfind("<p>")
    if start < 0 or not prose.rstrip().endswith("</p>"):
        return prose
    return f'{prose[:start]}<p class="{"account-text" if figures else "account-end"}">{prose[start + 3 :]}'


def chain_html(ctx, via) -> str:
    return " → ".join(str(actor_link(ctx, id_)) for id_ in via)


def short_cite_html(ctx, c, href: str | None = None) -> str:
    """A citation's short form: the source's name (View.source_name: its outlet or short title,
    told apart from another of its outlet and day) and date, linked to the passage (`href`:
    that link, escaped, when the caller has made it already)."""
    view = ctx["view"]
    s = view.source[c.source]
    relaying = f", relaying {chain_html(ctx, c.via)}" if c.via else ""
    href = href or escape(ctx["link"](view.citation_path(c)))
    return f'<a href="{href}"><bdi>{escape(view.source_name[s.id])}</bdi></a>, {time_html(ctx, view.date(s.published))}{relaying}'


def note_items_html(ctx, n) -> str:
    """Each numbered note: the passage, its translation, and where it comes from."""
    view, link, prefix = ctx["view"], ctx["link"], n.prefix
    items = []
    for i, c in n.items:
        href = escape(link(view.citation_path(c)))
        items.append(
            f'    <li id="{prefix}cite_{i}">\n'
            f'      <blockquote cite="{href}"><p{original_attrs(ctx, c.source)}>{escape(c.excerpt)}</p></blockquote>\n'
            f"      {translation(c)}\n"
            f'      <p class="note-source">{short_cite_html(ctx, c, href)} <a class="backref" href="#{prefix}ref_{i}" aria-label="Back to where evidence {i} is cited">↩</a></p>\n'
            "    </li>\n"
        )
    return "".join(items)


def evidence_summary_html(ctx, n) -> str:
    """What a card's closed evidence says of itself: each source's short form, once."""
    view, seen = ctx["view"], {}
    for _, c in n.items:
        if c.source not in seen:
            s = view.source[c.source]
            seen[c.source] = f"<bdi>{escape(view.source_name[s.id])}</bdi>, {time_html(ctx, view.date(s.published))}"
    return "; ".join(seen.values())


def _status_badge(e, status: str | None) -> str:
    """The badge of an event no account reports in the source's own voice ("Claimed by …")."""
    return f'<span class="badge badge-{escape(e.accounts[0].stance)}">{escape(status)}</span>' if status else ""


def status_badge_html(ctx, e) -> str:
    """An event's status badge on its own ("" for an event reported in the source's voice)."""
    return _status_badge(e, ctx["view"].event_status(e))


def event_card_html(ctx, e, heading: str = "h4", own_notes: bool = False, flat: bool = False) -> str:
    """An event's card; `own_notes`: its evidence listed under it (the site's chronology),
    else in the page's notes (the PDF). `flat` (the PDF): an event of one account holds its
    paragraphs itself, with no account, accounts and prose elements around them, each of
    which WeasyPrint would style, build and lay out as a box of its own, thousands of times."""
    view = ctx["view"]
    own = view.notes_for(e.id) if own_notes else None
    status, when = view.event_status(e), view.date(e.date)
    id_, many = escape(e.id), len(e.accounts) > 1
    flat = flat and not many
    out = [
        f'<article class="event{" event-disputed" if status else ""}" id="{id_}" data-actors="{escape(" ".join(e.actors))}" data-tags="{escape(" ".join(e.tags))}">\n',
        f'  <{heading} class="event-title"><a class="permalink" href="#{id_}">{escape(e.title)}</a></{heading}>\n',
        f"  <p class=\"event-meta\">\n    {time_html(ctx, when)}{f' · {escape(e.place)}' if e.place else ''}",
    ]
    out.append(f"{_status_badge(e, status)}    {change_mark(ctx, e)}\n  </p>\n")
    if when.wording:
        words = f"source’s words: “{escape(when.wording)}”"
        out.append(f'<p class="event-wording">{words}</p>' if flat else f'<p class="event-wording"><span class="wording">{words}</span></p>')
    if many:
        out.append(f'<p class="accounts-note">{escape(accounts_note(ctx, e))}</p>')
    if flat:
        out.append(account_html(ctx, e.accounts[0], own, flat=True))
    else:
        out.append(f'  <div class="accounts{" accounts-many" if many else ""}">\n')
        out.extend(account_html(ctx, a, own) for a in e.accounts)
        out.append("  </div>\n")
    if e.places:
        out.append(f'<p class="event-places">Places: {place_links(ctx, e.places)}</p>')
    if e.actors:
        out.append(f'<p class="event-actors">Actors: {actor_links(ctx, e.actors)}</p>')
    if e.tags:
        out.append('<p class="event-tags">Tags: ' + " ".join(f'<span class="tag">{escape(t)}</span>' for t in e.tags) + "</p>")
    if own and own.items:
        out.append(
            f'<details class="evidence" id="{id_}_evidence">\n'
            f'  <summary><span class="evidence-head">Evidence</span> <span class="evidence-count">({escape(count(ctx, own.items, "passage"))})</span> <span class="evidence-short">{evidence_summary_html(ctx, own)}</span></summary>\n'
            f'  <ol class="event-notes">{note_items_html(ctx, own)}</ol>\n'
            "  </details>"
        )
    out.append("</article>")
    return "".join(out)


def event_cards_html(ctx, events, heading: str) -> str:
    """The chronology's list items for `events`, each card with its own evidence and
    remembered (View.cards), made in one call rather than a macro call per card."""
    return ctx["view"].cards(events, heading, lambda e, h, own: event_card_html(ctx, e, h, own))


def mini_chronology_html(ctx, events) -> str:
    """Events as list items (an actor's, a place's, the overview's latest): each linked, with
    its date and badges."""
    view, link = ctx["view"], ctx["link"]
    items = []
    for e in events:
        badge = _status_badge(e, view.event_status(e))
        items.append(f'    <li><a href="{escape(link.fact("event", e.id))}">{escape(e.title)}</a> — {time_html(ctx, view.date(e.date))}{" " + badge if badge else ""} {change_mark(ctx, e)}</li>\n')
    return "".join(items)


def account_refs_html(ctx, entries, pageref=None) -> str:
    """An actor's claims in the chronology, or the claims about it: each account with who
    tells it and the event or claim it belongs to (`pageref`: the PDF's page reference)."""
    view, link, md = ctx["view"], ctx["link"], ctx["md"]
    items = []
    for kind, fact, a in entries:
        href = link.fact(kind, fact.id)
        heading = fact.title if kind == "event" else view.claim_heading(fact)
        page = f", {pageref(href)}" if pageref else ""
        items.append(f'  <li>{stance_html(ctx, a)}: {md(a.text, inline=True)} (<a href="{escape(href)}">{escape(heading)}</a>{page}) {cite_marks(ctx, a.citations)}</li>\n')
    return '<ul class="account-refs">\n' + "".join(items) + "</ul>"


def as_global(render):
    """A function above as a template global: Markup out, the template's context in."""
    return pass_context(lambda ctx, *args, **kwargs: Markup(render(ctx, *args, **kwargs)))


GLOBALS = {
    "stance_html": as_global(stance_html),
    "account_html": as_global(account_html),
    "chain_html": as_global(chain_html),
    "short_cite_html": as_global(short_cite_html),
    "note_items_html": as_global(note_items_html),
    "evidence_summary_html": as_global(evidence_summary_html),
    "event_card_html": as_global(event_card_html),
    "event_cards": as_global(event_cards_html),
    "status_badge_html": as_global(status_badge_html),
    "mini_chronology_html": as_global(mini_chronology_html),
    "account_refs_html": as_global(account_refs_html),
}
