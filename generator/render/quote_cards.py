"""A quote's card and a claim's card with its status badge, in Python rather than Jinja
macros, as cards.py makes an event's.

The quotes and claims pages, every actor's page and the PDF show thousands of them at a
large briefing's size. The markup is what the macros of templates/_macros.html made (those
macros now call these), every piece of text escaped here as autoescape did, and the pieces
made in the macros' order, since the page's evidence notes are numbered as they are used.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import escape

from .cards import as_global, account_html, stance_html
from .citing import plain_title
from .html import actor_links, change_mark, cite_marks, original_attrs, time_html, translation

STATUS_TITLES = {True: "Status given by the evidence", False: "Status derived from the responses"}


def _verified_html(ctx, q) -> str:
    """Where a quote was checked: each citation's stored text, and the passage at the original."""
    view, link, parts = ctx["view"], ctx["link"], []
    for c in q.citations:
        source = view.source[c.source]
        part = f'<a href="{escape(link(view.citation_path(c)))}">the stored text of “<bdi>{escape(plain_title(source))}</bdi>”</a>'
        if source.url:  # the quote as a text fragment, as Jinja's urlencode quotes it
            part += f' (<a href="{escape(source.url)}#:~:text={escape(quote(q.text, safe="/"))}" rel="external noopener noreferrer">passage at the original</a>)'
        parts.append(part)
    return "; ".join(parts)


def quote_card_html(ctx, q) -> str:
    """A quote, who said it and when, its context and event, and where it was checked."""
    view, link = ctx["view"], ctx["link"]
    c = q.citations[0]
    who = '<span class="unattributed">unattributed in the source</span>' if q.unattributed else actor_links(ctx, q.by)
    said = f", {time_html(ctx, view.date(q.said))}" if q.said else ""
    where = f", {escape(q.where)}" if q.where else ""
    marks = f"{cite_marks(ctx, q.citations)} {change_mark(ctx, q)}"
    context = f'<div class="prose context">{ctx["md"](q.context)}</div>' if q.context else ""
    event = f'<p>Event: <a href="{escape(link.fact("event", q.event))}">{escape(view.event[q.event].title)}</a></p>' if q.event else ""
    return (
        f'<figure class="quote" id="{escape(q.id)}">\n'
        f'  <blockquote cite="{escape(link(view.citation_path(c)))}"><p{original_attrs(ctx, c.source)}>{escape(q.text)}</p></blockquote>\n'
        f"  {translation(q)}\n  <figcaption>\n"
        f"    <p>— {who}{said}{where} {marks}</p>\n"
        f"{context}{event}"
        f'    <p class="verified"><span aria-hidden="true">✓</span> Checked verbatim against {_verified_html(ctx, q)}</p>\n'
        "  </figcaption>\n</figure>"
    )


def claim_status_html(ctx, c) -> str:
    """A claim's status badge, titled by whether the evidence gives it or its responses do."""
    status, given = ctx["view"].claim_status(c)
    return f'<span class="badge status status-{escape(status)}" title="{STATUS_TITLES[bool(given)]}">{escape(status.capitalize())}</span>'


def claim_card_html(ctx, c, heading: str = "h3") -> str:
    """A claim, headed by what it claims, with its status, its account and the responses."""
    view, link = ctx["view"], ctx["link"]
    id_, stance, heading = escape(c.id), escape(c.stance), escape(heading)
    status = claim_status_html(ctx, c) + (f" {cite_marks(ctx, c.status.citations)}" if c.status else "")
    head = f"{stance_html(ctx, c)}{f', {time_html(ctx, view.date(c.date))}' if c.date else ''} {change_mark(ctx, c)}"
    prose = ctx["md"](c.text, after=cite_marks(ctx, c.citations))
    responses = "".join(account_html(ctx, r) for r in c.responses)
    about = ""
    if c.events or c.about:
        sep = "; " if c.about else ""
        events = "; ".join(f'<a href="{escape(link.fact("event", id))}">{escape(view.event[id].title)}</a>' for id in c.events)
        about = f'<p class="claim-about">About: {events}{sep if c.events else ""}{actor_links(ctx, c.about)}</p>'
    return (
        f'<article class="claim claim-{stance}" id="{id_}">\n'
        f'  <{heading} class="claim-head"><a class="permalink" href="#{id_}">{escape(view.claim_heading(c))}</a></{heading}>\n'
        f'  <p class="claim-meta">Status: {status}</p>\n'
        f'  <div class="accounts{" accounts-many" if c.responses else ""}">\n'
        f'    <div class="account account-{stance}">\n'
        f'      <p class="account-head">{head}</p>\n'
        f'      <div class="prose">{prose}</div>\n'
        f"    </div>\n{responses}  </div>\n{about}</article>"
    )


GLOBALS = {
    "quote_card_html": as_global(quote_card_html),
    "claim_card_html": as_global(claim_card_html),
    "claim_status_html": as_global(claim_status_html),
}
