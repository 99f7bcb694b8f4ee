"""The smallest, most repeated pieces of markup, in Python rather than Jinja macros.

A large briefing calls these hundreds of thousands of times; a Jinja macro call costs
several times a function call. Each takes the calling template's context, so it sees
the page's `view`, `link` and `notes` as the templates do.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup


@pass_context
def time_html(ctx, d) -> Markup:
    """A date as `<time datetime>` with its reader's label."""
    if not d:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(d.iso, d.label)


@pass_context
def actor_link(ctx, id_: str) -> Markup:
    actor = ctx["view"].actor.get(id_)
    if actor is None:
        return Markup("")
    return Markup('<a class="actor-link" href="{}">{}</a>').format(ctx["link"].fact("actor", id_), actor.name)


@pass_context
def actor_links(ctx, ids) -> Markup:
    """'A', 'A and B', 'A, B and C', each linked to its profile."""
    links = [str(actor_link(ctx, i)) for i in ids if i in ctx["view"].actor]
    if len(links) < 3:
        return Markup(" and ".join(links))
    return Markup(", ".join(links[:-1]) + " and " + links[-1])


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


GLOBALS = {"time_html": time_html, "actor_link": actor_link, "actor_links": actor_links, "cite_marks": cite_marks}
