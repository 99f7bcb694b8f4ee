"""Evidence a reader can open, source pages for reading, and who's who: the built pages."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI
from generator.render.reading import Cited, reading

SLUG = "iran-pakistan-2024"


def build(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), str(MULTI), "--out", str(out), "--no-pdf", *args], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("evidence") / "site")


@pytest.fixture(scope="module")
def coverage_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("coverage") / "site", "--coverage")


def text_of(markup: str) -> str:
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    return re.sub(r" ([,.;:)])", r"\1", words).replace("( ", "(")


def read(site: Path, *parts: str) -> str:
    return site.joinpath(*parts).read_text(encoding="utf-8")


def test_no_page_says_named_in_the_sources_or_not_stated(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        words = text_of(read(page))
        assert "Named in the sources" not in words, page
        assert "not stated" not in words, page
        if page.parent.name in ("actors", "sources") or page.name == "chronology.html":  # this work's pages
            assert not re.search(r"\b1 (events|quotes|claims|facts|passages|sentences)\b", words), page
            assert not re.search(r"\b0 (events?|quotes?|claims?)\b", words), page


def test_identical_passages_get_one_number_on_a_page(site):
    # The actor, its role and its relation all cite the same excerpt: one note, one number.
    page = read(site, SLUG, "actors", "ismail-shah-bakhsh.html")
    notes = page[page.index('id="notes-heading"'):]
    excerpts = re.findall(r"<blockquote[^>]*><p[^>]*>(.*?)</p></blockquote>", notes)
    assert excerpts.count("Ismail Shah Bakhsh, the commander of Jaish al-Adal") == 1
    assert len(excerpts) == len(set(excerpts))
    marks = re.findall(r'<a class="cite" href="#cite_(\d+)"', page)
    assert marks.count("1") == 3 and len(set(marks)) == len(excerpts)


def test_a_card_shows_short_citations_and_keeps_the_full_evidence_behind_a_disclosure(site):
    page = read(site, SLUG, "chronology.html")
    card = page[page.index('id="police-station-attack"'):]
    card = card[: card.index("</article>")]
    details = re.search(r'<details class="evidence" id="police-station-attack_evidence">(.*?)</details>', card, re.S).group(1)
    summary = text_of(re.search(r"<summary>(.*?)</summary>", details, re.S).group(1))
    assert summary == "Evidence (2 passages) Iran's military forces claim to have killed…, 24 February 2024"
    assert "[" not in summary  # no supplied title's brackets that read like broken Markdown
    assert "Around 11 police officers-employees lost their lives in this attack." in details
    assert 'href="sources/article-2024-02-24.html#passage-' in details  # the note links to the passage
    assert "<details" not in card.split('<details class="evidence"')[0]  # the accounts themselves stay open


def test_a_multi_source_card_names_each_outlet_once(site):
    page = read(site, "aldoria-zemara", "chronology.html")
    summaries = [text_of(s) for s in re.findall(r'<span class="evidence-short">(.*?)</span></summary>', page, re.S)]
    assert summaries
    harvel = next(s for s in summaries if "Zemara Daily Wire" in s and "The Aldorian Courier" in s)
    assert harvel.count("Zemara Daily Wire") == 1


def test_the_source_page_puts_the_text_first_and_omits_what_is_not_known(site):
    page = read(site, SLUG, "sources", "article-2024-02-24.html")
    main = page[page.index("<main"):]
    assert "Publisher" not in text_of(main)
    assert "Cited passages" not in main
    assert main.index('class="document"') < main.index("document-note")
    byline = text_of(re.search(r'<p class="byline">(.*?)</p>', main, re.S).group(1))
    assert byline == "Published 24 February 2024"  # no publisher, author or original URL is known
    assert "<h1>Iran&#39;s military forces claim" in main and "has no headline" in main
    multi = read(site, "aldoria-zemara", "sources", "wire-2025-03-04.html")
    assert text_of(re.search(r'<p class="byline">(.*?)</p>', multi, re.S).group(1)) == "Zemara Daily Wire · Published 4 March 2025"


def test_every_passage_cited_has_its_anchor_once_and_a_note_naming_its_facts(site):
    page = read(site, SLUG, "sources", "article-2024-02-24.html")
    chronology = read(site, SLUG, "chronology.html")
    linked = set(re.findall(r'sources/article-2024-02-24\.html#(passage-[0-9a-f]+)', chronology))
    assert linked
    for anchor in linked:
        assert page.count(f'id="{anchor}"') == 1, anchor
    marks = re.findall(r'class="passage-note-mark" href="#note-(\d+)"', page)
    notes = re.findall(r'<li id="note-(\d+)"', page)
    assert marks == notes == [str(n) for n in range(1, len(notes) + 1)]
    assert 'href="../chronology.html#police-station-attack">Attack on a police station in Sistan Baluchistan</a>' in page


def test_the_actors_index_is_grouped_by_kind_with_role_lines_and_counts(site):
    page = read(site, SLUG, "actors", "index.html")
    headings = re.findall(r'<h2 id="kind-[a-z-]+">(.*?)</h2>', page)
    assert headings == ["States", "Governments", "Government bodies", "Armed forces", "Armed groups", "People", "Media outlets"]
    people = text_of(page[page.index('<h2 id="kind-person"'):page.index('<h2 id="kind-media-outlet"')])
    assert "Ismail Shah Bakhsh Commander of Jaish al-Adal 1 event" in people
    assert "Jalil Abbas Jilani (also Jilani) Then Foreign Minister of the caretaker government, Caretaker government of Pakistan 1 event · 1 claim" in people
    armed = text_of(page[page.index('<h2 id="kind-armed-forces"'):page.index('<h2 id="kind-armed-group"')])
    assert "Iranian military (also Iran's military forces) Part of Iran 1 event" in armed
    governments = text_of(page[page.index('<h2 id="kind-government"'):page.index('<h2 id="kind-government-body"')])
    assert governments == "Governments Caretaker government of Pakistan Represents Pakistan"  # no "0 events"


def test_an_actor_without_a_description_is_described_from_its_roles_and_relations(site):
    def description(name: str) -> str:
        page = read(site, SLUG, "actors", name)
        return text_of(re.search(r'<div class="prose"><p>(.*?)<sup', page, re.S).group(1))

    assert description("jalil-abbas-jilani.html") == "A person: Then Foreign Minister of the caretaker government, Caretaker government of Pakistan."
    assert description("iran-military.html") == "Armed forces: Part of Iran."
    assert description("iran.html").startswith("A state. It includes Iranian military and Iranian security forces.")


def test_coverage_marks_uncited_sentences_only_when_asked(site, coverage_site):
    wire = ("aldoria-zemara", "sources", "wire-2025-03-04.html")
    assert 'class="uncited"' not in read(site, *wire)
    page = read(coverage_site, *wire)
    uncited = [text_of(s) for s in re.findall(r'<span class="uncited">(.*?)</span>', page)]
    assert "FICTIONAL TEST DOCUMENT: invented for briefbook's tests." in uncited
    assert f"Coverage view: {len(uncited)} of 6 sentences cited by no fact" in text_of(page)
    index = text_of(read(coverage_site, "aldoria-zemara", "sources", "index.html"))
    assert index.count("Coverage:") == 3


def test_crossing_passages_are_cut_into_nesting_fragments():
    text = "One two three four five."
    cited = [Cited("passage-a", (0, 13), ("A",)), Cited("passage-b", (8, 18), ("B",))]
    (para,) = reading(text, cited).paragraphs
    assert str(para.html) == (
        '<span class="passage" id="passage-a" data-passage="passage-a">One two <span class="passage" id="passage-b" data-passage="passage-b">'
        'three</span></span><span class="passage" data-passage="passage-b"> four</span>'
        '<a class="passage-note-mark" href="#note-1" id="mark-1" aria-label="Note 1: the facts citing this">1</a> five.'
    )
    assert para.notes == [(1, ["A", "B"])]  # one note for the stretch, naming both
