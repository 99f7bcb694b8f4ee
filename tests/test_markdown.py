"""Prose rendering: the fast path for plain text gives exactly what markdown-it-py gives."""

from __future__ import annotations

import importlib

import pytest

from generator.render.links import UNPAGED, Linker

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


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("inline", [False, True])
def test_fast_path_matches_markdown_it(text, inline):
    env = {"up": "", "paging": UNPAGED}
    expected = md._MD.renderInline(text, env) if inline else md._MD.render(text, env)
    assert md._render.__wrapped__(text, "", UNPAGED, inline) == expected


def test_unsafe_links_and_images_are_dropped():
    html = md.markdown("[x](javascript:alert(1)) ![i](https://example.com/i.png) <script>", Linker("index.html"))
    assert "href=\"javascript" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_fact_links_become_relative_permalinks():
    html = md.markdown("[the group](actor:jaish-al-adal) and [strikes](event:x)", Linker("actors/iran.html"))
    assert '<a href="../actors/jaish-al-adal.html" class="fact-link actor-link">the group</a>' in html
    assert 'href="../chronology.html#x"' in html
