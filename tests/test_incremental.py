"""Rebuilds reuse pieces rendered before, and are byte-for-byte what a clean build makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import tree
from generator import pipeline
from generator.render import render
from generator.render.memo import Memo


EDITS = [
    ("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded"),
    ("actors.yml", "name: Iranian state media", "name: Iran's state media"),
    ("sources.yml", "title: \"[Iran's military forces claim", "title: \"[Iran's military forces say they"),
    ("quotes.yml", "barred the Iranian\n      ambassador's return.", "barred Iran's ambassador."),
    ("events.yml", "      wording: a month ago\n      relative_to: article-2024-02-24\n", "      edtf: 2024-01-18\n"),
    ("briefing.yml", "handling: TLP:CLEAR", "handling: TLP:GREEN"),
    ("claims.yml", "text: The article says the Iranian military's recent actions contradict this claim.", "text: The article says recent actions contradict it."),
    ("actors.yml", "  - id: al-arabiya-news\n    name: Al Arabiya News\n", "  - id: al-arabiya-news\n    name: Al Arabiya\n"),
    ("briefing.yml", "drawn from one article of\n      24 February 2024.", "drawn from one article."),
    ("events.yml", "  - id: claim-broadcast\n", "  - id: claim-broadcast\n    added: 2024-02-24\n"),
    ("quotes.yml", "  - id: terrorist-organizations\n", "  - id: terrorist-organizations\n    updated: 2024-02-24\n"),
]


def test_each_rebuild_equals_a_clean_build(scratch, tmp_path):
    out = tmp_path / "incremental" / "site"
    pipeline.build([Path("b")], out, None)
    for name, old, new in EDITS:
        scratch.edit(name, old, new)
        pipeline.build([Path("b")], out, None)
        clean = tmp_path / f"clean-{name}-{len(old)}" / "site"
        pipeline.build([Path("b")], clean, None)
        assert tree(out) == tree(clean), f"after editing {name}: {old!r}"


def test_one_changed_event_rerenders_only_what_shows_it(scratch):
    briefings, _ = pipeline.load([Path("b")])
    memo = Memo()
    render(briefings, pdf=False, memo=memo)
    assert memo.misses > 20 and memo.hits == 0
    scratch.edit("events.yml", "title: Pakistan's retaliatory airstrike in Iran", "title: Pakistan strikes back in Iran")
    again = Memo()
    again.old = memo.new
    render(pipeline.load([Path("b")])[0], pdf=False, memo=again)
    # The event's card, CSV row, calendar entry, timeline slide, briefing.json entry,
    # search document and JSON-LD, its two actors' pages, its place's page and GeoJSON feature,
    # the source's page (which names the facts citing each passage), the section of the
    # updates page for the edition that lists the event, and the chronology's drawn timeline.
    assert again.misses == 14
    assert again.hits >= 20


def test_a_damaged_cache_is_ignored(scratch, tmp_path):
    out = tmp_path / "site"
    pipeline.build([Path("b")], out, None)
    cache = pipeline.memo_path(out)
    assert cache.is_file()
    cache.write_bytes(b"not a pickle")
    before = tree(out)
    shutil.rmtree(out)
    pipeline.build([Path("b")], out, None)
    assert tree(out) == before


def test_pdf_is_laid_out_again_only_when_its_content_changed(scratch):
    from generator.pdf import render_pdfs

    briefings, _ = pipeline.load([Path("b")])
    first = Memo()
    made = render_pdfs(briefings, "a4", None, first)
    again = Memo()
    again.old = first.new
    assert render_pdfs(briefings, "a4", None, again) == made and again.misses == 0
    scratch.edit("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded")
    changed = Memo()
    changed.old = again.new
    render_pdfs(pipeline.load([Path("b")])[0], "a4", None, changed)
    assert changed.misses == 2  # the PDF, and the timeline it prints (which names the event)
