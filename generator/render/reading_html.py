"""A source page's stored text as HTML: each paragraph of its reading (render/reading.py)
with the notes beside it naming the facts that cite it, in Python rather than a template loop.

A large briefing's documents hold thousands of paragraphs and notes, and a template loop
turn costs more than the markup it writes. The markup is what source.html made, every piece
of text escaped here as autoescape did.
"""

from __future__ import annotations

from markupsafe import escape

from .cards import as_global
from .html import page_dir


def _note_html(link, n: int, citers) -> str:
    cited_by = "; ".join(f'<a href="{escape(link(c.path))}">{escape(c.label)}</a>' for c in citers)
    return f'        <li id="note-{n}" value="{n}">Cited by {cited_by} <a class="backref" href="#mark-{n}" aria-label="Back to note mark {n} in the text">↩</a></li>\n'


def paragraphs_html(ctx, doc) -> str:
    """Each paragraph in the page's direction, its words in their own, its notes beside it."""
    link, lang = ctx["link"], escape(ctx["lang"])
    side = escape(page_dir(ctx["lang"]))
    out = []
    for para in doc.paragraphs:
        out.append(f'    <div class="para" dir="{side}">\n      <p dir="auto">{escape(para.html)}</p>\n')
        if para.notes:
            out.append(f'<ol class="para-notes" lang="{lang}" dir="{side}">\n')
            out.extend(_note_html(link, n, citers) for n, citers in para.notes)
            out.append("      </ol>")
        out.append("    </div>\n")
    return "".join(out)


GLOBALS = {"paragraphs_html": as_global(paragraphs_html)}
