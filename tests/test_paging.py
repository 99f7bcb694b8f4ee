"""A large briefing's chronology, quotes and claims in pages, and the links that reach them.

The bench's sizes are too large to build in a test, so a modest synthetic briefing (bench/
synth.py's size s: 100 events, 50 quotes, 10 claims) is paged with a low `per_page`, and
the search index cut into small parts; the link checker (tests/linkcheck.py) then follows
every link, anchor, JSON-LD `@id`, search document, feed link and export permalink.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path, PurePosixPath

import pytest

from conftest import EXAMPLE, ROOT
from generator import pipeline
from generator.render import render
from linkcheck import Page, check
from tools import browser, visit

PER_PAGE = 4
SYNTH = "weight-s"


def write(files, out: Path) -> Path:
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth") / SYNTH
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "s", str(folder)], check=True, capture_output=True)
    (b,), problems = pipeline.check([folder])
    assert problems == []
    return b


@pytest.fixture(scope="module")
def files(briefing):
    return render([briefing], pdf=False, per_page=PER_PAGE, search_part=20_000)


@pytest.fixture(scope="module")
def site(files, tmp_path_factory) -> Path:
    return write(files, tmp_path_factory.mktemp("paged") / "site")


def html(files, name: str) -> str:
    return files[PurePosixPath(SYNTH, name)].decode()


def pages_under(files, folder: str) -> dict[str, str]:
    prefix = f"{SYNTH}/{folder}/"
    return {p.as_posix().removeprefix(prefix): data.decode() for p, data in files.items() if p.as_posix().startswith(prefix)}


def ids(text: str) -> set[str]:
    return Page(text).ids


def test_every_event_is_on_exactly_one_period_page_in_reading_order(files, briefing):
    from generator.render.views import View

    pages = pages_under(files, "chronology")
    assert len(pages) > 20
    order = [e.id for e in View(briefing).events]
    seen = Counter()
    index = html(files, "chronology.html")
    listed = re.findall(r'<a href="chronology/([^"#]+)"', index)  # the index of periods, in order
    assert sorted(listed) == sorted(pages)
    shown = []
    for name in listed:
        events = re.findall(r'<article class="event[^"]*" id="([^"]+)"', pages[name])
        assert 1 <= len(events) <= PER_PAGE, name
        seen.update(events)
        shown += events
    assert shown == order and set(seen.values()) == {1}
    assert "<article" not in index  # the index lists periods, not events
    assert re.search(r"2023</span> <span class=\"count\">\(\d+\)</span>", index)


def test_previous_and_next_walk_every_page_in_turn(files):
    pages = pages_under(files, "chronology")
    listed = re.findall(r'<a href="chronology/([^"#]+)"', html(files, "chronology.html"))
    name, walked = listed[0], []
    while name:
        walked.append(name)
        assert 'rel="prev"' in pages[name] or name == listed[0]
        following = re.search(r'<a rel="next" href="../chronology/([^"]+)"', pages[name])
        name = following[1] if following else None
    assert walked == listed
    assert "(first page)" in pages[listed[0]] and "(last page)" in pages[listed[-1]]
    # Each page names itself in the index of periods it carries.
    assert f'<a href="../chronology/{listed[3]}" aria-current="page">' in pages[listed[3]]


def test_a_month_too_long_for_one_page_is_cut_into_parts(files):
    pages = pages_under(files, "chronology")
    parts = sorted(name for name in pages if re.fullmatch(r"\d{4}-\d\d-p\d+\.html", name))
    assert parts, "some month of size s holds more than four events"
    first = parts[0].split("-p")[0] + ".html"
    assert first in pages and ", part 1 of " in pages[first] and ", part 2 of " in pages[parts[0]]


def test_quiet_months_share_a_page(files):
    shared = {}
    for name, text in pages_under(files, "chronology").items():
        months = re.findall(r'<section class="period" id="(y\d{4}-\d\d)"', text)
        if len(months) > 1:
            shared[name] = months
            assert len(re.findall(r'<article class="event', text)) <= PER_PAGE
            assert re.search(r"<h1>Chronology: \d{4}, \w+ to \w+", text), name
    assert shared and all(name == f"{months[0].removeprefix('y')}.html" for name, months in shared.items())


def test_quotes_and_claims_are_paged_in_order(files, briefing):
    for key, facts in (("quotes", briefing.quotes), ("claims", briefing.claims)):
        pages = pages_under(files, key)
        assert len(pages) == -(-len(facts) // PER_PAGE)
        shown = []
        for n in range(1, len(pages) + 1):
            shown += [i for i in re.findall(r' id="([^"]+)"', pages[f"{n}.html"]) if i in {f.id for f in facts}]
        assert shown == [f.id for f in facts]
        assert f'href="{key}/1.html"' in html(files, f"{key}.html")


def test_links_to_events_from_everywhere_reach_their_page(files, briefing):
    from generator.render.views import View

    view = View(briefing, per_page=PER_PAGE)
    event = view.events[40]
    page = view.path("event", event.id)
    assert page.startswith("chronology/") and page.endswith(f".html#{event.id}")
    actor = event.actors[0]
    assert f'href="../{page}"' in html(files, f"actors/{actor}.html")
    csv = files[PurePosixPath(SYNTH, "events.csv")].decode()
    assert f",{page}\r\n" in csv or f",{page}\n" in csv


def test_every_link_and_anchor_of_the_paged_site_resolves(site):
    problems, checked = check(site)
    assert problems == []
    assert checked > 5_000
    assert (site / "search-index" / "2.js").is_file()  # the index did come in parts


def test_every_link_and_anchor_of_the_example_site_resolves(tmp_path):
    out = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf"], check=True, capture_output=True)
    problems, checked = check(out)
    assert problems == []
    assert checked > 1_000
    assert not (out / EXAMPLE.name / "chronology").exists()  # a small briefing keeps one page
    assert not (out / "search-index").exists() and (out / "search-index.js").read_text().startswith("window.BRIEFBOOK_SEARCH = [")


def graph(text: str) -> list[dict]:
    (ld,) = Page(text).jsonld
    return json.loads(ld)["@graph"]


def test_jsonld_describes_each_entity_once_and_refers_to_it_by_id(files, briefing):
    checked = 0
    for name, text in pages_under(files, "chronology").items():
        items = graph(text)
        described = Counter(item["@id"] for item in items if "@id" in item)
        assert set(described.values()) == {1}, name  # no node described twice
        for claim in (i for i in items if i["@type"] == "Claim"):
            for author in claim.get("author", []):
                assert set(author) == {"@id"} and author["@id"].startswith("../actors/")
                node = next(i for i in items if i.get("@id") == author["@id"])
                assert node["name"] == {a.id: a.name for a in briefing.actors}[author["@id"].removeprefix("../actors/").removesuffix(".html")]
                checked += 1
            for source in claim["appearance"]:
                assert set(source) == {"@id"} and source["@id"] in described
        events = [i for i in items if i["@type"] == "Event"]
        assert all(e["@id"] == f"../chronology/{name}#{e['@id'].partition('#')[2]}" for e in events)  # on its own page
    assert checked > 20


def test_paged_output_is_deterministic(briefing, files):
    again = render([briefing], pdf=False, per_page=PER_PAGE, search_part=20_000)
    assert again == files


def test_the_example_with_a_low_threshold_pages_by_year_and_month(tmp_path):
    (b,), _ = pipeline.check([EXAMPLE])
    files = render([b], pdf=False, per_page=3)
    names = sorted(p.as_posix() for p in files if "/chronology/" in p.as_posix())
    assert f"{EXAMPLE.name}/chronology/2023.html" in names  # a year short enough for one page
    assert any(re.search(r"/2024-\d\d\.html$", n) for n in names)  # a long one by month
    problems, _ = check(write(files, tmp_path / "site"))
    assert problems == []


# --- in Chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_the_filter_works_on_a_period_page_and_travels_to_the_next(site, files, chromium):
    listed = re.findall(r'<a href="chronology/([^"#]+)"', html(files, "chronology.html"))
    name = next(n for n in listed if len(re.findall(r'<article class="event', pages_under(files, "chronology")[n])) == PER_PAGE)
    actor = re.search(r'<article[^>]* data-actors="([^" ]+)', pages_under(files, "chronology")[name])[1]
    with visit(chromium, (site / SYNTH / "chronology" / name).as_uri()) as v:
        page = v.page
        assert page.locator("article.event:visible").count() == PER_PAGE
        page.get_by_label("Actor").select_option(actor)
        shown = page.locator("article.event:visible").count()
        expected = [a for a in re.findall(r'<article[^>]* data-actors="([^"]*)"', pages_under(files, "chronology")[name]) if actor in a.split()]
        assert shown == len(expected) >= 1
        status = page.get_by_role("status")
        assert status.inner_text().startswith(f"{shown} of {PER_PAGE} events shown on this page")
        assert status.get_by_role("link").get_attribute("href") == f"../actors/{actor}.html"
        assert page.url.endswith(f"?actor={actor}")
        page.locator('.pager a[rel="next"]').first.click()
        assert f"?actor={actor}" in page.url
        assert page.get_by_label("Actor").input_value() == actor
        assert v.off_site == [] and v.refused == []
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / SYNTH / "chronology" / name).as_uri())
        assert page.locator("#filter").is_hidden()
        assert page.locator("article.event:visible").count() == PER_PAGE
        page.locator('.pager a[rel="next"]').first.click()
        assert page.url.endswith(listed[listed.index(name) + 1])
    finally:
        context.close()


def test_search_loads_its_index_in_parts_from_file_urls(site, briefing, chromium):
    last = briefing.sources[-1]  # sources come last in the index, so in its last part
    with visit(chromium, (site / "search.html").as_uri() + "?q=" + last.title.split()[-1].strip("[]")) as v:
        page = v.page
        page.locator("#search-results li a").first.wait_for()
        hits = page.locator("#search-results li a").all_inner_texts()
        assert any(last.title in hit for hit in hits)
        loaded = [u for u in v.requests if "/search-index/" in u]
        assert len(loaded) >= 2
        assert v.off_site == [] and v.refused == []


def test_the_pdf_keeps_its_anchors_in_the_document_when_the_site_is_paged(briefing):
    from generator.print_html import render_html
    from generator.render.views import View

    printed = render_html(View(briefing, per_page=PER_PAGE))
    anchors = set(re.findall(r' id="([^"]+)"', printed))
    links = re.findall(r' href="([^"]+)"', printed)
    inside = [link for link in links if link.startswith("#")]
    assert len(inside) > 1_000 and [link for link in inside if link[1:] not in anchors] == []
    assert [link for link in links if not link.startswith(("#", "http:", "https:", "mailto:"))] == []
