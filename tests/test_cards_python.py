"""A quote's and a claim's card in Python (render/quote_cards.py), and a source page's
paragraphs (render/reading_html.py): the bytes the Jinja macros and loops made before, on
every quote, claim and document of the test briefings, and every piece of hostile text
escaped on the pages that show them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI, ROOT
from generator import pipeline
from generator.render import environment
from generator.render.links import Linker
from generator.render.markdown import markdown
from generator.render.views import Notes, View

# The macros as templates/_macros.html had them before the cards moved to Python: the reference.
MACROS = """
{% macro status_badge(c) -%}
{% set status, given = view.claim_status(c) %}<span class="badge status status-{{ status }}" title="{{ 'Status given by the evidence' if given else 'Status derived from the responses' }}">{{ status | capitalize }}</span>
{%- endmacro %}

{% macro quote_card(q) -%}
<figure class="quote" id="{{ q.id }}">
  {% set c = q.citations[0] %}
  <blockquote cite="{{ link(view.citation_path(c)) }}"><p{{ original_attrs(c.source) }}>{{ q.text }}</p></blockquote>
  {{ translation(q) }}
  <figcaption>
    <p>— {% if q.unattributed %}<span class="unattributed">unattributed in the source</span>{% else %}{{ actor_links(q.by) }}{% endif %}{% if q.said %}, {{ time_html(view.date(q.said)) }}{% endif %}{% if q.where %}, {{ q.where }}{% endif %} {{ cite_marks(q.citations) }} {{ change_mark(q) }}</p>
    {% if q.context %}<div class="prose context">{{ md(q.context) }}</div>{% endif %}
    {% if q.event %}<p>Event: <a href="{{ link.fact('event', q.event) }}">{{ view.event[q.event].title }}</a></p>{% endif %}
    <p class="verified"><span aria-hidden="true">✓</span> Checked verbatim against {% for c in q.citations %}<a href="{{ link(view.citation_path(c)) }}">the stored text of “<bdi>{{ plain_title(view.source[c.source]) }}</bdi>”</a>{% set url = view.source[c.source].url %}{% if url %} (<a href="{{ url }}#:~:text={{ q.text | urlencode }}" rel="external noopener noreferrer">passage at the original</a>){% endif %}{% if not loop.last %}; {% endif %}{% endfor %}</p>
  </figcaption>
</figure>
{%- endmacro %}

{% macro claim_card(c, heading='h3') -%}
<article class="claim claim-{{ c.stance }}" id="{{ c.id }}">
  <{{ heading }} class="claim-head"><a class="permalink" href="#{{ c.id }}">{{ view.claim_heading(c) }}</a></{{ heading }}>
  <p class="claim-meta">Status: {{ status_badge(c) }}{% if c.status %} {{ cite_marks(c.status.citations) }}{% endif %}</p>
  <div class="accounts{% if c.responses %} accounts-many{% endif %}">
    <div class="account account-{{ c.stance }}">
      <p class="account-head">{{ stance_html(c) }}{% if c.date %}, {{ time_html(view.date(c.date)) }}{% endif %} {{ change_mark(c) }}</p>
      <div class="prose">{{ md(c.text, after=cite_marks(c.citations)) }}</div>
    </div>
    {% for r in c.responses %}{{ account_html(r) }}{% endfor %}
  </div>
  {% if c.events or c.about %}<p class="claim-about">About: {% for id in c.events %}<a href="{{ link.fact('event', id) }}">{{ view.event[id].title }}</a>{% if not loop.last or c.about %}; {% endif %}{% endfor %}{{ actor_links(c.about) }}</p>{% endif %}
</article>
{%- endmacro %}
"""
# Each card of the page in turn, then the page's evidence notes: their numbering is part of the output.
CARDS = "{% for q in view.b.quotes %}<hr>{{ QUOTE }}{% endfor %}{% for c in view.b.claims %}<hr>{{ CLAIM }}{% endfor %}<hr>{{ note_items_html(notes) }}"
OLD = MACROS + CARDS.replace("QUOTE", "quote_card(q)").replace("CLAIM", "claim_card(c, heading)")
NEW = CARDS.replace("QUOTE", "quote_card_html(q)").replace("CLAIM", "claim_card_html(c, heading)")
HOSTILE = '<script>alert("x")</script> & <b>co</b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;"


def hostile(folder: Path) -> None:
    """Markup in every plain-text field a quote's or a claim's card shows."""

    def edit(name: str, old: str, new: str) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (old, name)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("claims.yml", "statement: Pakistan and Iran agreed to fight terrorism", f"statement: '{HOSTILE} claim'")
    edit("quotes.yml", "    event: pakistan-recalls-ambassador", f"    where: '{HOSTILE} where'\n    event: pakistan-recalls-ambassador")
    edit("events.yml", "title: Pakistan recalls its ambassador from Iran", f"title: '{HOSTILE} event'")
    edit("events.yml", "title: Pakistan and Iran agree to increase security cooperation", f"title: '{HOSTILE} other event'")  # the claim's event
    edit("actors.yml", "name: Pakistan\n", f"name: '{HOSTILE} actor'\n")
    edit("sources.yml", "title: \"[Iran's military forces", f"title: \"{HOSTILE.replace(chr(34), chr(39))} [Iran's military forces")


@pytest.fixture(scope="module")
def hostile_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "b"
    shutil.copytree(EXAMPLE, folder)
    hostile(folder)
    return folder


def rendered(template: str, view: View, page: str, heading: str) -> str:
    link = Linker(page, paging=view.paging)
    return environment().from_string(template).render(
        view=view, link=link, notes=Notes(view), lang=view.meta.language, heading=heading, md=lambda text, inline=False, after="": markdown(text, link, inline, after)
    )


@pytest.mark.parametrize("which", ["example", "multi", "rtl", "hostile"])
@pytest.mark.parametrize("page, heading", [("quotes.html", "h2"), ("actors/iran.html", "h3")])
def test_the_python_cards_make_what_the_macros_made(which, page, heading, hostile_copy):
    folder = {"example": EXAMPLE, "multi": MULTI, "rtl": ROOT / "tests/briefings/tarvana-fa", "hostile": hostile_copy}[which]
    (briefing,), problems = pipeline.load([folder])
    view = View(briefing)
    assert view.b.quotes and (view.b.claims or which == "rtl")  # the Persian briefing has no claim
    made = rendered(NEW, view, page, heading)
    assert made == rendered(OLD, view, page, heading).lstrip("\n")  # (the macros' definitions leave blank lines)
    assert made.count("<hr>") == len(view.b.quotes) + len(view.b.claims) + 1
    assert 'class="verified"' in made and ('class="claim-meta">Status: <span class="badge status status-' in made or not view.b.claims)
    if which == "hostile":
        assert "<script>" not in made and made.count(ESCAPED) >= 5


def test_hostile_text_is_escaped_on_every_page_showing_quotes_and_claims(hostile_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "site"
    problems, _ = pipeline.build([hostile_copy], out, None)
    assert not [p for p in problems if p.severity == "error"]
    pages = {name: (out / "b" / name).read_text(encoding="utf-8") for name in ("quotes.html", "claims.html", "actors/pakistan.html", "actors/jalil-abbas-jilani.html")}
    for name, html in pages.items():
        assert "<script>alert" not in html and "<b>co" not in html, name
    quotes, claims = pages["quotes.html"], pages["claims.html"]
    assert f"{ESCAPED} where" in quotes and f"{ESCAPED} event</a></p>" in quotes
    assert f">{ESCAPED} claim</a></h2>" in claims and f"{ESCAPED} other event</a>" in claims
    assert f'<a class="actor-link" href="actors/pakistan.html">{ESCAPED} actor</a>' in claims
    assert "Claims by Jalil Abbas Jilani" in pages["actors/jalil-abbas-jilani.html"] and f"{ESCAPED} claim</a></h3>" in pages["actors/jalil-abbas-jilani.html"]


# The paragraph loop as templates/source.html had it before it moved to Python.
PARAGRAPHS = """{% for source in view.b.sources %}{% set doc = view.document_reading(source) %}<hr>
  {% for para in doc.paragraphs %}
    {# The paragraph and its notes lie out as the page does (notes on the page's end side);
       the paragraph's words take their own direction. #}
    <div class="para" dir="{{ page_dir(lang) }}">
      <p dir="auto">{{ para.html }}</p>
      {% if para.notes %}<ol class="para-notes" lang="{{ lang }}" dir="{{ page_dir(lang) }}">
      {% for n, citers in para.notes %}
        <li id="note-{{ n }}" value="{{ n }}">Cited by {% for c in citers %}<a href="{{ link(c.path) }}">{{ c.label }}</a>{% if not loop.last %}; {% endif %}{% endfor %} <a class="backref" href="#mark-{{ n }}" aria-label="Back to note mark {{ n }} in the text">↩</a></li>
      {% endfor %}
      </ol>{% endif %}
    </div>
  {% endfor %}
{% endfor %}"""


@pytest.mark.parametrize("which", ["example", "multi", "rtl", "hostile"])
def test_a_source_pages_paragraphs_are_what_the_template_loop_made(which, hostile_copy):
    folder = {"example": EXAMPLE, "multi": MULTI, "rtl": ROOT / "tests/briefings/tarvana-fa", "hostile": hostile_copy}[which]
    (briefing,), _ = pipeline.load([folder])
    view = View(briefing)
    new = "{% for source in view.b.sources %}{% set doc = view.document_reading(source) %}<hr>\n{{ paragraphs_html(doc) }}{% endfor %}"
    made = rendered(new, view, "sources/x.html", "h2")
    assert made == rendered(PARAGRAPHS, view, "sources/x.html", "h2")
    assert made.count("<hr>") == len(view.b.sources) and '<ol class="para-notes"' in made and "Cited by <a href" in made
    if which == "hostile":
        assert "<script>" not in made and f"{ESCAPED} event</a>" in made and f"Claim: {ESCAPED} claim</a>" in made  # the citers' names
