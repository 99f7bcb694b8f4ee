"""The printed briefing as one HTML page, for the PDF adapter (pdf.py) to lay out.

The same checked model, `View`, Markdown rendering and macros as the site, through
`templates/print.html`: every page and fact of the site is an anchor in the one document
(`anchor`, `PdfLinker`), and what the site's macros write for the browser alone is taken
out again (`lean`). Pure: the same view gives the same text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from urllib.parse import unquote

from jinja2 import Environment
from markupsafe import Markup, escape

from . import pagenumbers, pdf_parts, print_editions
from .epoch import source_date_epoch
from .print_editions import PrintEdition
from .render import environment
from .render.html import page_dir
from .render.links import PAGES, UNPAGED, fact_path
from .render.markdown import markdown
from .render.views import Notes, View

# Anchors of the parts of the printed document. Every one holds an underscore, which ids
# cannot, so none can collide with the anchor of an event, quote or claim (their own ids).
_PAGE_ANCHORS = {path: f"sec_{key}" for key, path in PAGES.items()} | {PAGES["overview"]: "sec_summary"}
_FACT_PREFIX = "briefbook-fact:"  # markdown() writes fact links as this + the fact's site path
_FACT_HREF = re.compile(r'href="' + re.escape(_FACT_PREFIX) + r'([^"]*)"')


def anchor(target: str) -> str:
    """The anchor inside the PDF for a path of the site (as `fact_path` and `PAGES` give them)."""
    path, _, fragment = target.partition("#")
    if fragment and (path in ("chronology.html", "quotes.html", "claims.html") or path.split("/")[0] in ("chronology", "quotes", "claims")):
        return fragment  # event, quote and claim cards carry their own ids, as on the site
    if path == PAGES["overview"] and fragment:
        return f"sec_{fragment}"  # summary, key-point-N
    if path in _PAGE_ANCHORS:
        return _PAGE_ANCHORS[path]
    folder, _, name = path.partition("/")
    if folder in ("actors", "sources", "places") and name.endswith(".html") and "/" not in name:
        return f"{folder[:-1]}_{name.removesuffix('.html')}"  # actor_ID, source_ID, place_ID
    raise ValueError(f"no place in the PDF for {target!r}")  # a new kind of page: a bug here


class PdfLinker:
    """The site's `Linker` for the printed document: every page and fact is an anchor in it."""

    page = "print"
    up = _FACT_PREFIX  # what markdown() puts before a fact's path; see `internal_links`
    root = ""
    paging = UNPAGED  # one document: every fact is an anchor in it, whatever page holds it on the site
    marks_link = False  # WeasyPrint makes no link of an `<a>` inside SVG: captions must not promise one

    def __call__(self, target: str) -> str:
        return "#" + anchor(target)

    def fact(self, kind: str, id_: str) -> str:
        return self(fact_path(kind, id_, self.paging))


def internal_links(html: str) -> Markup:
    """Point the fact links that markdown() wrote at their anchors inside the document."""
    return Markup(_FACT_HREF.sub(lambda m: f'href="#{anchor(unquote(m[1]))}"', str(html)))


def document_date(view: View, epoch: str | None = None) -> str:
    """The PDF's creation and modification date: SOURCE_DATE_EPOCH if given, else the as-of date;
    ValueError when SOURCE_DATE_EPOCH is set to something that is not a time (see epoch.py).

    Never the clock, so that two runs on the same input write the same bytes.
    """
    seconds = source_date_epoch(epoch)  # raises ValueError for a bad value
    if seconds is not None:
        return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    value = view.edtf(view.meta.as_of)
    day = value.lower if value.upper == date.max else value.upper  # current to the end of its span
    return day.isoformat()


def render_html(view: View, paper: str = "a4", env: Environment | None = None, created: str | None = None, digits: int = 0, edition: PrintEdition | None = None) -> str:
    """The printed document as one HTML page (pure: the same view gives the same text), with
    `digits` zeros where each page number goes (see pagenumbers; by default, as many as the
    estimated page count has). `edition` chooses the sections; the view holds its facts."""
    env = env or environment()
    edition = edition or PrintEdition()
    link = PdfLinker()
    meta = view.meta
    html = env.get_template("print.html").render(
        edition=edition,
        unbroken=unbroken,
        edition_line=edition.describe(view.b),
        edition_notes=edition_notes(view, edition),
        view=view,
        link=link,
        notes=Notes(view),  # one numbering of evidence for the whole document
        md=lambda text, inline=False, after="": internal_links(markdown(text, link, inline, after)),
        **({"time_html": printed_date} if page_dir(meta.language) == "ltr" else {}),
        lang=meta.language,
        title=meta.title,
        description=meta.subtitle or f"Briefing current to {view.date(meta.as_of).label}",
        created=created or document_date(view),
        paper=paper,
        page_placeholder=pagenumbers.placeholder(digits or pagenumbers.digits_for(estimated_pages(view))),
    )
    html = lean(html, page_dir(meta.language) == "ltr")
    return html if edition.whole else print_editions.prune_links(html)


_SITE_ONLY = re.compile(r' data-(?:actors|tags)="[^"]*"| id="ref_\d+"|<p class="event-tags">.*?</p>')
_ONE_CITE = re.compile(r'<sup class="cites"><a class="cite" (href="[^"]*") aria-label="[^"]*">(\[\d+\])</a></sup>')
_TIME = re.compile(r'<time datetime="[^"]*">([^<]*)</time>')
_BDI = re.compile(r"<bdi>([^<]*)</bdi>")
_BLOCK = r"</?(?:html|head|body|meta|title|nav|section|article|div|p|h[1-6]|ul|ol|li|blockquote|figure|figcaption|table|thead|tbody|tr|th|td)\b"
_BETWEEN_BLOCKS = re.compile(rf"({_BLOCK}[^>]*>)\s+(?={_BLOCK}|{re.escape(pdf_parts.CUT)})")
_EVENT = re.compile(r'<article class="event.*?</article>', re.S)
_LISTED_ACTOR = re.compile(r'<a class="actor-link" href="(#actor_[^"]*)"')
_TEXT_ACTOR = re.compile(r'<a href="(#actor_[^"]*)" class="fact-link actor-link">([^<]*)</a>')
_PROFILE = re.compile(r'<article class="profile" id="(actor_[^"]*)">.*?</article>', re.S)
_ACTOR_LINK = re.compile(r'<a (?:class="[^"]*" )?href="#(actor_[^"]*)"(?: class="[^"]*")?>([^<]*)</a>')
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def lean(html: str, ltr: bool = True) -> str:
    """The printed HTML without what the site's shared macros write for the browser alone, and
    with fewer elements where one does: each element costs WeasyPrint its style and its boxes
    (an inline one splits its line's text in more pieces to shape and draw), and each anchor
    a named destination.

    Gone: the chronology's filter data and tags (never shown on paper), and the anchors of
    evidence marks (on the site, where a note links back to them; in print nothing does). A
    lone evidence mark is its link alone, no `<sup>` around it (print.css sets `.cite-one`
    as it sets `sup.cites`). Left to right, `<time>` keeps only its words (its `datetime` is
    for machines reading the site), and `<bdi>` goes where what it isolates has no letter of
    a right-to-left script: such text runs left to right with or without it. The templates'
    line breaks and indents between block elements go too: nothing on paper, but each a text
    node to parse and a box to build and drop. (A heading's link to itself stays: in the PDF
    it is a link to the fact, as on the site.) An event's text links an actor only where its
    Actors line does not: the link there goes to the same profile, and every link is an
    inline box to lay out and draw, an annotation and a tag. Nor does a profile link to itself."""
    html = _ONE_CITE.sub(r'<a class="cite cite-one" \1>\2</a>', _SITE_ONLY.sub("", _BETWEEN_BLOCKS.sub(r"\1", html)))
    html = _EVENT.sub(_actors_linked_once, html)
    html = _PROFILE.sub(_no_link_to_itself, html)
    if ltr:
        html = _BDI.sub(lambda m: m[0] if _RIGHT_TO_LEFT.search(m[1]) else m[1], _TIME.sub(r"\1", html))
    return html


def _actors_linked_once(card: re.Match) -> str:
    listed = set(_LISTED_ACTOR.findall(card[0]))
    return _TEXT_ACTOR.sub(lambda link: link[2] if link[1] in listed else link[0], card[0])


def _no_link_to_itself(profile: re.Match) -> str:
    return _ACTOR_LINK.sub(lambda link: link[2] if link[1] == profile[1] else link[0], profile[0])


def printed_date(d) -> Markup:
    """A date as the printed briefing shows it, left to right: its label alone. The site's
    `<time datetime>` tells machines the date; on paper it would only cost each date an inline
    box of its own (a right-to-left briefing keeps it, to set its dates left to right)."""
    return escape(d.label) if d else Markup("")


_HYPHENATED = re.compile(r"\S*\w-\w\S*")


def unbroken(text: str) -> Markup:
    """Text, escaped, whose hyphenated words never break at their hyphen (a title set large
    reads "Jaish al-" and "Adal" on two lines otherwise)."""
    return Markup(_HYPHENATED.sub(lambda m: f'<span class="unbroken">{m[0]}</span>', str(escape(text))))


def edition_notes(view: View, edition: PrintEdition) -> list:
    """The notes of the briefing's editions that the cover shows: the latest one's, or for a
    print edition since a day, those of every edition since that day (newest first)."""
    editions = list(view.meta.editions)
    if edition.since is not None:
        return [e for e in editions if str(e.date) >= edition.since.isoformat()]
    return editions[:1]


def estimated_pages(view: View) -> int:
    """About how many pages the PDF has, erring high: how many digits its page numbers take.

    Too few digits would cost a second layout; one too many leaves a digit's room unused.
    (Per fact, from the example and the bench briefings: each event, quote, claim and actor
    takes well under half a page, each source and note a few lines.)
    """
    b = view.b
    return 4 + (len(b.events) + len(b.quotes) + len(b.claims) + len(b.actors)) // 2 + len(b.sources)
