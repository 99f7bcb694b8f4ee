"""What changed, for editions kept by hand: editions, `added` and `updated`, the updates page,
the marks and the feeds (test_editions.py has the editions that `briefbook edition` records)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from conftest import EXAMPLE, Scratch, tree
from generator import pipeline
from generator.render import feeds, render
from tools import axe, browser, visit, vnu

SLUG = "b"
TAG = "tag:briefbook,2024:"
BASE = "https://example.org/site/"  # where the tests pretend the site is served, for feedparser

# The second edition: what each fact records, by (file, id).
SECOND = {
    ("events.yml", "claim-broadcast"): {"added": "2024-02-25"},  # between editions: belongs to the next
    ("events.yml", "police-station-attack"): {"updated": "2024-02-26"},
    ("quotes.yml", "terrorist-organizations"): {"added": "2024-02-26"},
    ("claims.yml", "jilani-fight-terrorism"): {"updated": "2024-02-26"},
    ("actors.yml", "al-arabiya-news"): {"added": "2024-02-26"},
}
SECOND_NOTE = "Second edition: the broadcast of the claim, and [the attack](event:police-station-attack) retold."


def record(scratch, name: str, fact_id: str, **days: str) -> None:
    """Give a fact its `added` and `updated` days, right under its id."""
    lines = "".join(f"    {key}: {value}\n" for key, value in days.items())
    scratch.edit(name, f"  - id: {fact_id}\n", f"  - id: {fact_id}\n{lines}")


def publish(scratch, day: str, note: str, was: str = "2024-02-24") -> None:
    """Add an edition for `day` on top of the list, and make it the as-of date."""
    scratch.edit("briefing.yml", f"as_of: {was}\n", f"as_of: {day}\n")
    scratch.edit("briefing.yml", "editions:\n", f"editions:\n  - date: {day}\n    text: {json.dumps(note)}\n")


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Scratch:
    """The example as a briefing whose editions are kept by hand: without its snapshots."""
    shutil.copytree(EXAMPLE, tmp_path / "b", ignore=shutil.ignore_patterns("editions"))
    monkeypatch.chdir(tmp_path)
    return Scratch(tmp_path / "b")


def second_edition(scratch) -> None:
    shutil.rmtree(scratch.folder / "editions", ignore_errors=True)  # kept by hand: no snapshots
    for (name, fact_id), days in SECOND.items():
        record(scratch, name, fact_id, **days)
    publish(scratch, "2024-02-26", SECOND_NOTE)


def build(out: Path) -> Path:
    pipeline.build([Path("b")], out, None)
    return out


@pytest.fixture
def two(scratch, tmp_path) -> Path:
    """The example with a second edition, built: the site's folder."""
    second_edition(scratch)
    assert scratch.problems() == []
    return build(tmp_path / "site")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def blocks(html: str, tag: str, cls: str) -> dict[str, str]:
    """The HTML of each `<tag class="cls ...">` element with an id, by id."""
    pattern = rf'<{tag} class="{cls}[^"]*" id="([^"]+)"[^>]*>(.*?)</{tag}>'
    return {m[1]: m[2] for m in re.finditer(pattern, html, re.DOTALL)}


def marks(html: str) -> list[str]:
    return re.findall(r'<span class="badge badge-(new|updated)">(?:New|Updated)</span>', html)


def marked(parts: dict[str, str]) -> dict[str, list[str]]:
    """The marks in each part that has any."""
    return {id_: marks(body) for id_, body in parts.items() if marks(body)}


# --- the example's first edition --------------------------------------------------------------


def test_the_example_records_its_first_edition(tmp_path):
    (b,), problems = pipeline.check([EXAMPLE])
    assert problems == []
    assert [(e.date, e.text.split(":")[0]) for e in b.meta.editions] == [("2024-02-24", "First edition")]
    assert b.date(b.meta.as_of).text == "2024-02-24"
    pipeline.build([EXAMPLE], tmp_path / "site", None)
    folder = tmp_path / "site" / "iran-pakistan-2024"
    updates = read(folder / "updates.html")
    (section,) = blocks(updates, "section", "edition").items()
    assert section[0] == "edition-2024-02-24"
    listed = re.findall(r'<span class="badge badge-new">New</span> <a href="([^"]+)"', section[1])
    expected = {f"chronology.html#{e.id}" for e in b.events} | {f"actors/{a.id}.html" for a in b.actors}
    expected |= {f"quotes.html#{q.id}" for q in b.quotes} | {f"claims.html#{c.id}" for c in b.claims} | {f"sources/{s.id}.html" for s in b.sources}
    expected |= {f"places/{p.id}.html" for p in b.places}
    assert sorted(listed) == sorted(expected)
    # In a first edition everything is new, so nothing is marked.
    for page in folder.rglob("*.html"):
        if page.name != "updates.html":
            assert marks(read(page)) == [], page


# --- the updates page and the marks -------------------------------------------------------------


def test_updates_page_lists_each_editions_facts_newest_first(two):
    html = read(two / SLUG / "updates.html")
    sections = blocks(html, "section", "edition")
    assert list(sections) == ["edition-2024-02-26", "edition-2024-02-24"]
    latest, first = sections.values()

    def listed(section: str) -> list[tuple[str, str]]:
        return re.findall(r'<span class="badge badge-(new|updated)">\w+</span> <a href="([^"]+)"', section)

    assert listed(latest) == [
        ("updated", "chronology.html#police-station-attack"),  # in the chronology's order
        ("new", "chronology.html#claim-broadcast"),
        ("new", "actors/al-arabiya-news.html"),
        ("new", "quotes.html#terrorist-organizations"),
        ("updated", "claims.html#jilani-fight-terrorism"),
    ]
    assert ["Events", "Actors", "Quotes", "Claims"] == re.findall(r"<h3 [^>]*>(\w+)</h3>", latest)
    assert "The current edition · 3 facts added, 2 updated" in latest
    assert 'the broadcast of the claim, and <a href="chronology.html#police-station-attack" class="fact-link event-link">the attack</a> retold' in latest
    first_listed = listed(first)
    assert ("new", "chronology.html#police-station-attack") in first_listed  # added in the first, updated in the second
    assert not {href for _, href in first_listed} & {"chronology.html#claim-broadcast", "actors/al-arabiya-news.html", "quotes.html#terrorist-organizations"}
    assert {how for how, _ in first_listed} == {"new"} and len(first_listed) == 32 - 3
    overview = read(two / SLUG / "index.html")
    assert "Edition of <time datetime=\"2024-02-26\">26 February 2024</time>: 3 facts added, 2 updated." in overview


def test_marks_are_exactly_on_the_facts_changed_in_the_latest_edition(two):
    chronology = marked(blocks(read(two / SLUG / "chronology.html"), "article", "event"))
    assert chronology == {"claim-broadcast": ["new"], "police-station-attack": ["updated"]}
    quotes = marked(blocks(read(two / SLUG / "quotes.html"), "figure", "quote"))
    assert quotes == {"terrorist-organizations": ["new"]}
    claims = marked(blocks(read(two / SLUG / "claims.html"), "article", "claim"))
    assert claims == {"jilani-fight-terrorism": ["updated"]}
    actors = {m[1]: marks(m[2]) for m in re.finditer(r'<li>\s*<p class="actor-name"><a href="\.\./actors/([a-z-]+)\.html">(.*?)</li>', read(two / SLUG / "actors" / "index.html"), re.S)}
    assert {id_: m for id_, m in actors.items() if m} == {"al-arabiya-news": ["new"]}
    assert marks(read(two / SLUG / "actors" / "al-arabiya-news.html")) == ["new"]
    # An actor's page marks its events, quotes and claims as the chronology does.
    # (The new quote is unattributed in the source, so it is on no actor's page; Pakistan's own is unchanged.)
    pakistan = read(two / SLUG / "actors" / "pakistan.html")
    assert list(blocks(pakistan, "figure", "quote")) == ["gross-violation-of-sovereignty"] and marked(blocks(pakistan, "figure", "quote")) == {}
    jaish = read(two / SLUG / "actors" / "jaish-al-adal.html")
    rows = {m[1]: marks(m[0]) for m in re.finditer(r'<li><a href="\.\./chronology\.html#([a-z-]+)">.*?</li>', jaish)}
    assert {id_: m for id_, m in rows.items() if m} == {"police-station-attack": ["updated"]}
    jilani = read(two / SLUG / "actors" / "jalil-abbas-jilani.html")
    assert marked(blocks(jilani, "article", "claim")) == {"jilani-fight-terrorism": ["updated"]}


def test_a_newer_edition_clears_the_marks_of_the_one_before(scratch, tmp_path):
    second_edition(scratch)
    publish(scratch, "2024-02-28", "Third edition: a correction.", was="2024-02-26")
    record(scratch, "events.yml", "jaish-al-adal-emerges", updated="2024-02-28")
    html = read(build(tmp_path / "site") / SLUG / "chronology.html")
    assert marked(blocks(html, "article", "event")) == {"jaish-al-adal-emerges": ["updated"]}


# --- feeds --------------------------------------------------------------------------------------


def parse(path: Path, url: str):
    """The feed as a feed reader fetching it from `url` sees it: relative links resolved."""
    parsed = feedparser.parse(path.read_bytes(), response_headers={"content-location": url, "content-type": "application/atom+xml"})
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_the_briefings_feed_has_an_entry_per_edition(two):
    feed = parse(two / SLUG / "feed.atom", f"{BASE}{SLUG}/feed.atom")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{TAG}{SLUG}"
    assert feed.feed.title == "Iran and Pakistan: strikes on Jaish al-Adal"
    assert feed.feed.updated == "2024-02-26T00:00:00Z"
    assert feed.feed.rights == "TLP:CLEAR"
    assert {(link.rel, link.href) for link in feed.feed.links} == {("self", f"{BASE}{SLUG}/feed.atom"), ("alternate", f"{BASE}{SLUG}/updates.html")}
    assert [e.id for e in feed.entries] == [f"{TAG}{SLUG}/2024-02-26", f"{TAG}{SLUG}/2024-02-24"]
    assert [tuple(e.updated_parsed)[:6] for e in feed.entries] == [(2024, 2, 26, 0, 0, 0), (2024, 2, 24, 0, 0, 0)]
    assert [e.title for e in feed.entries] == [
        "Iran and Pakistan: strikes on Jaish al-Adal — edition of 26 February 2024",
        "Iran and Pakistan: strikes on Jaish al-Adal — edition of 24 February 2024",
    ]
    latest = feed.entries[0]
    assert latest.link == f"{BASE}{SLUG}/updates.html#edition-2024-02-26"
    assert latest.author == "briefbook example desk"
    content = latest.content[0]
    assert content.type == "text/html"
    links = re.findall(r'<a[^>]* href="([^"]+)"', content.value)
    assert links == [
        f"{BASE}{SLUG}/chronology.html#police-station-attack",  # in the note
        f"{BASE}{SLUG}/chronology.html#police-station-attack",
        f"{BASE}{SLUG}/chronology.html#claim-broadcast",
        f"{BASE}{SLUG}/actors/al-arabiya-news.html",
        f"{BASE}{SLUG}/quotes.html#terrorist-organizations",
        f"{BASE}{SLUG}/claims.html#jilani-fight-terrorism",
        f"{BASE}{SLUG}/updates.html#edition-2024-02-26",
    ]
    assert "New: <a" in content.value and "Updated: <a" in content.value
    assert "Second edition: the broadcast of the claim" in content.value


def test_the_sites_feed_merges_every_briefing(scratch, two, tmp_path):
    # A second briefing: a copy of the first, retitled, with a third edition of its own.
    other = tmp_path / "c"
    shutil.copytree(scratch.folder, other)
    text = read(other / "briefing.yml").replace('title: "Iran and Pakistan', 'title: "Copy of Iran and Pakistan')
    text = text.replace("as_of: 2024-02-26", "as_of: 2024-02-27").replace("editions:\n", "editions:\n  - date: 2024-02-27\n    text: Third.\n")
    (other / "briefing.yml").write_text(text)
    pipeline.build([Path("b"), Path("c")], tmp_path / "both", None)
    feed = parse(tmp_path / "both" / "feed.atom", f"{BASE}feed.atom")
    assert feed.feed.id == f"{TAG}site"
    assert feed.feed.updated == "2024-02-27T00:00:00Z"
    assert [e.id for e in feed.entries] == [f"{TAG}c/2024-02-27", f"{TAG}b/2024-02-26", f"{TAG}c/2024-02-26", f"{TAG}b/2024-02-24", f"{TAG}c/2024-02-24"]
    entry = feed.entries[1]
    assert entry.link == f"{BASE}b/updates.html#edition-2024-02-26"  # xml:base="b/" on the entry
    assert f"{BASE}b/chronology.html#claim-broadcast" in entry.content[0].value
    assert (entry.source.id, entry.source.title) == (f"{TAG}b", "Iran and Pakistan: strikes on Jaish al-Adal")
    assert feed.entries[0].source.title == "Copy of Iran and Pakistan: strikes on Jaish al-Adal"
    # The same entry in the briefing's own feed says the same.
    own = parse(tmp_path / "both" / "b" / "feed.atom", f"{BASE}b/feed.atom").entries[0]
    assert (own.id, own.link, own.content[0].value) == (entry.id, entry.link, entry.content[0].value)


def test_a_briefing_without_editions_has_a_valid_empty_feed(scratch, tmp_path):
    text = read(scratch.folder / "briefing.yml")
    (scratch.folder / "briefing.yml").write_text(text[: text.index("# Editions")])
    assert scratch.problems() == []
    site = build(tmp_path / "site")
    feed = parse(site / SLUG / "feed.atom", f"{BASE}{SLUG}/feed.atom")
    assert feed.entries == [] and feed.feed.updated == "2024-02-24T00:00:00Z"
    assert "No edition has been recorded yet" in read(site / SLUG / "updates.html")
    assert marks(read(site / SLUG / "chronology.html")) == []


def test_a_long_edition_lists_some_facts_in_the_feed_and_links_the_rest(two, monkeypatch):
    monkeypatch.setattr(feeds, "LIST_LIMIT", 3)
    briefings, _ = pipeline.load([Path("b")])
    data = render(briefings, pdf=False)[PurePosixPath(SLUG, "feed.atom")]
    feed = feedparser.parse(data, response_headers={"content-location": f"{BASE}{SLUG}/feed.atom", "content-type": "application/atom+xml"})
    first = feed.entries[1].content[0].value  # 8 events, 14 actors, 1 quote, 1 claim, 1 source, 4 places
    assert first.count("New: <a") == 3 + 3 + 1 + 1 + 1 + 3
    more = f'<a href="{BASE}{SLUG}/updates.html#edition-2024-02-24">and {{}} more</a>'
    assert more.format(5) in first and more.format(11) in first and more.format(1) in first


def test_pages_link_the_feeds(two):
    for page in ("index.html", "updates.html", "chronology.html", "actors/iran.html"):
        html = read(two / SLUG / page)
        up = "../" * page.count("/")
        assert f'<link rel="alternate" type="application/atom+xml" title="Iran and Pakistan: strikes on Jaish al-Adal: updates" href="{up}feed.atom">' in html
        assert f'<link rel="alternate" type="application/atom+xml" title="All briefings: updates" href="{up}../feed.atom">' in html
    for page in ("index.html", "updates.html"):  # visibly, too
        assert '<a href="feed.atom" type="application/atom+xml">' in read(two / SLUG / page)
    assert '<a href="feed.atom" type="application/atom+xml">' in read(two / "index.html")
    assert re.search(r'<li><a href="updates.html"[^>]*>Latest updates</a></li>\s*<li><a href="chronology.html">', read(two / SLUG / "index.html"))


# --- permalinks ---------------------------------------------------------------------------------


def internal_links(site: Path) -> set[tuple[str, str]]:
    """(page the link is relative to, href) of every link between the site's own files, in
    its pages and its feeds (an entry with `xml:base` counts as a page in that folder)."""
    found = set()
    for path in sorted(site.rglob("*.html")) + sorted(site.rglob("*.atom")):
        page = path.relative_to(site).as_posix()
        text = read(path).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        for part in re.split(r"(?=<entry)", text):
            base = re.match(r'<entry xml:base="([^"]+)"', part)
            relative_to = str(PurePosixPath(page).parent / base[1] / "feed.atom") if base else page
            for href in re.findall(r'href="([^"]+)"', part):
                if not urlsplit(href).scheme and not href.startswith("data:"):
                    found.add((relative_to, href))
    return found


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether a link of `page` leads to a file of `site`, and to an element with its anchor."""
    parts = urlsplit(href)
    base = site / page
    target = (base.parent / unquote(parts.path)).resolve() if parts.path else base
    if not target.is_file():
        return False
    if parts.fragment and target.suffix == ".html":
        return f'id="{parts.fragment}"' in read(target)
    return True


def anchors(page: Path) -> set[str]:
    return set(re.findall(r' id="([^"]+)"', read(page)))


def test_renaming_an_actor_or_retitling_an_event_keeps_every_url_and_anchor(scratch, tmp_path):
    before = build(tmp_path / "before")
    old_links = internal_links(before)
    scratch.edit("actors.yml", "    name: Jaish al-Adal\n", "    name: Jaish ul-Adl (the Army of Justice)\n")
    scratch.edit("events.yml", "title: Pakistan's retaliatory airstrike in Iran", "title: Pakistan strikes militant hideouts in Iran")
    assert scratch.problems() == []
    after = build(tmp_path / "after")
    assert sorted(tree(before)) == sorted(tree(after))
    for page in ("chronology.html", "updates.html", "actors/jaish-al-adal.html", "quotes.html", "claims.html"):
        assert anchors(before / SLUG / page) == anchors(after / SLUG / page), page
    assert "Jaish ul-Adl (the Army of Justice)" in read(after / SLUG / "actors" / "jaish-al-adal.html")
    assert "Pakistan strikes militant hideouts in Iran" in read(after / SLUG / "chronology.html")
    # Every link the old site had (pages and feeds, bookmarks elsewhere) leads somewhere in the new one.
    assert [(p, h) for p, h in sorted(old_links) if not resolves(after, p, h)] == []
    assert (f"{SLUG}/feed.atom", "chronology.html#pakistan-strike-in-iran") in old_links
    assert len(old_links) > 300


# --- check: the new keys ------------------------------------------------------------------------


def _as_of(scratch):
    scratch.edit("briefing.yml", "as_of: 2024-02-24\n", "as_of: 2024-02-23\n")


def _out_of_order(scratch):
    scratch.edit("briefing.yml", "as_of: 2024-02-24\n", "as_of: 2024-02-25\n")
    # Last in the list of editions, which the status line follows.
    scratch.edit("briefing.yml", "# Where things stand now", "  - date: 2024-02-25\n    text: Newer, but listed last.\n# Where things stand now")


def _twice(scratch):
    scratch.edit("briefing.yml", "editions:\n", "editions:\n  - date: 2024-02-24\n    text: Again.\n")


BAD = {
    "added is a month": (
        lambda s: record(s, "events.yml", "police-station-attack", added="2024-02"),
        ["b/events.yml:20:12: error: '2024-02' is not a single day; write it as YYYY-MM-DD, e.g. 2024-02-24"],
    ),
    "updated is no real day": (
        lambda s: record(s, "events.yml", "police-station-attack", updated="2024-02-30"),
        ["b/events.yml:20:14: error: '2024-02-30' is not a real date"],
    ),
    "edition date in words": (
        lambda s: s.edit("briefing.yml", "  - date: 2024-02-24\n", "  - date: 24 February 2024\n"),
        ["b/briefing.yml:98:11: error: '24 February 2024' is not a single day; write it as YYYY-MM-DD, e.g. 2024-02-24"],
    ),
    "misspelt key": (
        lambda s: record(s, "events.yml", "police-station-attack", addded="2024-02-24"),
        ["b/events.yml:20:5: error: unknown key 'addded'; did you mean 'added'?"],
    ),
    "editions out of order": (
        _out_of_order,
        ["b/briefing.yml:103:11: error: edition 2024-02-25 is listed after edition 2024-02-24; list editions newest first"],
    ),
    "two editions on one day": (
        _twice,
        ["b/briefing.yml:100:11: error: two editions are dated 2024-02-24 (the other at line 98); one edition a day: write one note for the day"],
    ),
    "as_of is not the latest edition": (
        _as_of,
        [("b/briefing.yml:4:8: error: as_of is 23 February 2024, but the latest edition is dated 2024-02-24; "
          "the briefing is current to its latest edition: set as_of to 2024-02-24, or add an edition for 2024-02-23")],
    ),
    "added after as_of": (
        lambda s: record(s, "quotes.yml", "terrorist-organizations", added="2024-02-25"),
        [("b/quotes.yml:19:12: error: quote 'terrorist-organizations' is marked added on 2024-02-25, after the briefing's "
          "as-of date (24 February 2024); record the edition of that day and set as_of to it")],
    ),
    "updated after as_of": (
        lambda s: record(s, "sources.yml", "article-2024-02-24", updated="2024-03-01"),
        [("b/sources.yml:5:14: error: source 'article-2024-02-24' is marked updated on 2024-03-01, after the briefing's "
          "as-of date (24 February 2024); record the edition of that day and set as_of to it")],
    ),
    "updated before added": (
        lambda s: record(s, "claims.yml", "jilani-fight-terrorism", added="2024-02-24", updated="2024-02-20"),
        ["b/claims.yml:6:14: error: claim 'jilani-fight-terrorism' is marked updated on 2024-02-20, before it was added (2024-02-24)"],
    ),
    "added before its source": (
        lambda s: record(s, "actors.yml", "iran", added="2024-02-20"),
        [("b/actors.yml:5:12: warning: actor 'iran' cites article-2024-02-24, published 24 February 2024, after it was last "
          "added or updated (2024-02-20); record when it was `added` or `updated` (on or after 2024-02-24), so that readers see the change")],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_change_log_is_reported_exactly(scratch, case):
    change, expected = BAD[case]
    change(scratch)
    assert scratch.problems() == expected


def test_a_fact_may_be_recorded_before_its_edition_is_published(scratch):
    """`added` between editions, or with no edition for the day yet, as long as it is not after as_of."""
    record(scratch, "events.yml", "claim-broadcast", added="2024-02-23", updated="2024-02-24")
    assert scratch.problems() == []


# --- rebuilding ---------------------------------------------------------------------------------


def test_a_rebuild_after_each_new_edition_equals_a_clean_build(scratch, tmp_path):
    out = build(tmp_path / "incremental" / "site")
    second_edition(scratch)
    build(out)
    assert tree(out) == tree(build(tmp_path / "clean-2" / "site"))
    # A third edition changes no fact the second marked, yet their marks must go.
    publish(scratch, "2024-02-28", "Third edition: nothing but this note.", was="2024-02-26")
    build(out)
    assert tree(out) == tree(build(tmp_path / "clean-3" / "site"))
    assert marks(read(out / SLUG / "chronology.html")) == []


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marks_and_updates_pass_axe(two, scheme):
    pages = ["updates.html", "index.html", "chronology.html", "quotes.html", "claims.html", "actors/index.html", "actors/pakistan.html"]
    failures = {}
    with browser() as chromium:
        for page in pages:
            with visit(chromium, (two / SLUG / page).as_uri(), scheme) as v:
                violations = axe(v.page)
                if violations or v.off_site:
                    failures[page] = {"axe": violations, "requests": v.off_site}
    assert failures == {}


def test_marks_and_updates_are_valid_html(two):
    pages = [two / SLUG / page for page in ("updates.html", "index.html", "chronology.html", "quotes.html", "claims.html", "actors/index.html", "sources/index.html")]
    assert vnu([*pages, two / "index.html"]) == []
