"""Prose rendering: the fast path for plain text gives exactly what markdown-it-py gives."""

from __future__ import annotations

import importlib

import pytest

from generator.render.links import UNPAGED, Linker, Paging

md = importlib.import_module("generator.render.markdown")  # the package re-exports a function of the same name

SAMPLES = [
    "Iran's military forces claimed to have killed \"some\" associates.",
    "Two boys were killed and three girls were injured in the attack.",
    "Around 11 police officers-employees lost their lives (per Al Arabiya News).",
    "Price: 5 + 3 = 8; 100% sure? Yes. {braces} 'quotes' — dashes – here…",
    "Trailing space ",
    "Ends with a colon:",
    "A line\\ with a backslash",
    "See [the group](actor:jaish-al-adal) **now**",
    "1. a list",
    "- a list",
    "# heading",
    "> quote",
    "Fish & chips <b>",
    "Ünïcödé names: Amir-Abdullahian, Jalil Abbas Jilani, ایران",
]


def _reference(text: str, up: str, paging, inline: bool) -> str:
    """markdown-it-py itself, with fact links resolved as the tokens are rendered: what one
    rendering per text, its links put in per page, must give."""
    from markdown_it import MarkdownIt

    def link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        kind, _, id_ = (token.attrGet("href") or "").partition(":")
        if kind in md.FACT_KINDS:
            token.attrSet("href", up + md.fact_path(kind, id_, paging))
            token.attrSet("class", f"fact-link {kind}-link")
        else:
            token.attrSet("rel", "external noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    parser.validateLink = md.valid_link
    parser.add_render_rule("link_open", link_open)
    return parser.renderInline(text, {}) if inline else parser.render(text)


PAGED = Paging({"event": {"x": "chronology/2024.html"}})
LINKED = [
    "[a](actor:b) and [c](event:x) and [d](event:y \"t\") [e](https://example.org/?a=1&b=\"2\")",
    "[ü](place:é-1)\n\n[x](actor:x)",
    # prose plain but for fact links: rendered without the parser (markdown.py `_linked`)
    "[Iran](actor:iran) said \"no\" (twice) to [the  group](actor:jaish-al-adal).",
    "Talks in [Islamabad](place:islamabad)[ ](event:talks-1) (see [it](claim:c-2)), then [x](quote:q).",
    "[a](actor:b)",
    "Not a fact link: [a](actors:b) nor [a](actor:B) nor [a](actor:b-) nor [a](actor:b \"t\").",
    "Ends with a link and a space [a](actor:b) ",
]


@pytest.mark.parametrize("text", SAMPLES + LINKED)
@pytest.mark.parametrize("inline", [False, True])
def test_one_rendering_per_text_matches_markdown_it(text, inline):
    for page, paging in (("index.html", UNPAGED), ("actors/iran.html", PAGED), ("a/b/c.html", PAGED)):
        link = Linker(page, paging=paging)
        assert str(md.markdown(text, link, inline)) == _reference(text, link.up, paging, inline), page


def test_unsafe_links_and_images_are_dropped():
    html = md.markdown("[x](javascript:alert(1)) ![i](https://example.com/i.png) <script>", Linker("index.html"))
    assert "href=\"javascript" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_fact_links_become_relative_permalinks():
    html = md.markdown("[the group](actor:jaish-al-adal) and [strikes](event:x)", Linker("actors/iran.html"))
    assert '<a href="../actors/jaish-al-adal.html" class="fact-link actor-link">the group</a>' in html
    assert 'href="../chronology.html#x"' in html


@pytest.mark.parametrize("text", SAMPLES + LINKED)
def test_every_form_of_a_text_matches_its_parse(text):
    """What search and the exports show of a text, however it was rendered, is what its
    tokens give (token_text.py)."""
    from generator.render import token_text

    tokens = md._MD.parse(text)
    shown = md.forms(text)
    assert shown.words == token_text.words(tokens)
    assert shown.plain == token_text.plain(tokens)
    assert shown.unlinked == token_text.unlinked_html(tokens, md._MD.options)



def test_prose_with_fact_links_skips_the_parser():
    assert [md._linked(text) is not None for text in LINKED[2:]] == [True, True, True, False, False]


MARKS = '<sup class="cites"><a href="#n1">[1]</a></sup>'


@pytest.mark.parametrize(
    ("text", "inline", "kept"),
    [
        ("Two boys were killed in the attack.", False, "<p>Two boys were killed in the "),  # plain
        ("Fish & chips <b>", False, "<p>Fish &amp; chips "),  # escaped, and left so
        ("A first line\nand a second **bold** one.", False, "<p>A first line\nand a second <strong>bold</strong> "),
        ("Said by [the group](actor:jaish-al-adal)", False, '<p>Said by <a href="actors/jaish-al-adal.html" class="fact-link actor-link">the group</a>'),
        ("Killed in the attack", True, "Killed in the "),
    ],
)
def test_marks_after_prose_keep_to_its_last_word(text, inline, kept):
    """A paragraph's citation marks and its last word are set in one span that print.css and
    style.css keep on one line: the marks never open a line alone."""
    html = str(md.markdown(text, Linker("index.html"), inline, after=MARKS))
    assert html.startswith(kept), html
    span = html[len(kept) :]
    assert span.startswith('<span class="unbroken">') and span.endswith(f" {MARKS}</span>" + ("" if inline else "</p>\n")), span
    assert " " not in span.removeprefix('<span class="unbroken">').split(MARKS)[0].strip()  # one word at most


def test_marks_after_a_list_stay_a_paragraph_of_their_own():
    assert str(md.markdown("- a\n- b", Linker("index.html"), after=MARKS)).endswith(f"</ul>\n {MARKS}")
