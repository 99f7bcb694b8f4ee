"""The overview tells the story first: status, key figures, latest developments, the rest;
downloads on the Data page. Built for real, pages read back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI
from generator import pipeline
from linkcheck import Page

SLUG = "iran-pakistan-2024"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("overview") / "site"
    pipeline.build([EXAMPLE, MULTI], out, paper=None)
    return out


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def plain(path: Path) -> str:
    """A page's text with no space before punctuation (the parser splits text at links)."""
    return re.sub(r" ([,.:;])", r"\1", Page.read(path).plain)


def positions(text: str, *needles: str) -> list[int]:
    found = [text.find(n) for n in needles]
    assert -1 not in found, dict(zip(needles, found))
    return found


def test_overview_order_status_figures_latest_then_the_rest(site):
    page = html(site, f"{SLUG}/index.html")
    order = positions(page, 'id="status"', 'id="key-figures"', 'id="latest-heading"', 'id="summary-heading"', 'id="key-points-heading"', 'id="changed-heading"', 'id="contents-heading"')
    assert order == sorted(order)
    status = plain(site / SLUG / "index.html")
    assert "Status Iran's military forces claim to have killed Ismail Shah Bakhsh, the commander of Jaish al-Adal" in status
    # The status links the facts it names; nothing in it is evidence of its own.
    head = page[page.index('id="status"') : page.index('id="key-figures"')]
    assert 'href="chronology.html#shah-bakhsh-killing"' in head and 'href="actors/ismail-shah-bakhsh.html"' in head
    assert "cite" not in head


def test_key_figures_name_who_gives_them_and_link_their_passage(site):
    page = html(site, f"{SLUG}/index.html")
    box = page[page.index('id="key-figures"') : page.index('id="latest-heading"')]
    items = re.findall(r'<li class="key-figure[^"]*">(.*?)</ul>\s*</li>', box, re.S)
    assert len(items) == 3  # killed and injured in Iran's strikes, killed at the police station
    strikes = next(i for i in items if "Injured" in i)
    assert 'href="chronology.html#iran-strikes-in-pakistan"' in strikes
    assert '<span class="key-figure-amount">3 girls</span> <span class="key-figure-by">according to Pakistan</span>' in strikes
    police = next(i for i in items if "police-station-attack" in i)
    assert "about 11 police officers" in police and "in the source’s own voice" in police
    passages = re.findall(r'class="evidence-link" href="sources/article-2024-02-24.html#(passage-[0-9a-f]+)"', box)
    assert len(passages) == 3
    source = Page.read(site / SLUG / "sources" / "article-2024-02-24.html")
    assert set(passages) <= source.ids  # each link lands on its passage
    assert "Disputed" not in box  # one account each: nothing disputed in the example


def test_disputed_figures_are_marked_with_each_claimant(site):
    page = html(site, "aldoria-zemara/index.html")
    box = page[page.index('id="key-figures"') : page.index('id="latest-heading"')]
    harvel = box[box.index("Killed") : box.index("Injured")]
    assert 'key-figure key-figure-disputed' in box and '<span class="badge badge-disputed">Disputed</span>' in harvel
    assert "2 children</span> <span class=\"key-figure-by\">according to Zemara&#39;s interior ministry and Zemara&#39;s defence ministry" in harvel
    assert "9 militants</span> <span class=\"key-figure-by\">according to Aldorian army" in harvel
    assert '<span class="key-figure-amount key-figure-words">“several militants of the Brotherhood of the Ridge were killed”</span>' in harvel
    assert harvel.count('class="evidence-link"') >= 3
    border = box[box.index("border-post-bombing") - 400 :]
    assert "key-figure-disputed" not in border[: border.index("border-post-bombing")][-200:]  # one figure: not disputed


def test_downloads_are_on_the_data_page_not_in_the_overview(site):
    overview = html(site, f"{SLUG}/index.html")
    assert "briefing.json" not in overview and "events.csv" not in overview
    assert 'href="data.html"' in overview  # the contents and the footer
    data = Page.read(site / SLUG / "data.html")
    links = {href for tag, name, href in data.links if tag == "a"}
    assert {"briefing.json", "briefing.schema.json", "events.csv", "actors.csv", "quotes.csv", "chronology.ics", "events.geojson", "timeline.json", "feed.atom"} <= links
    assert all((site / SLUG / name).is_file() for name in links if not name.startswith(("#", "..", "index", "updates", "chronology", "actors", "places", "quotes", "claims", "sources", "data", "search")))
    assert "events.csv: the events, for spreadsheets" in plain(site / SLUG / "data.html")
    assert data.plain.count("Data and downloads") == 1  # the footer link, marked current
    assert 'href="data.html" aria-current="page"' in html(site, f"{SLUG}/data.html")
    chronology = html(site, f"{SLUG}/chronology.html")
    assert 'href="data.html">Data and downloads</a>' in chronology


def test_counts_read_as_english_plurals(site):
    overview = plain(site / SLUG / "index.html")
    assert "Latest updates: 1 edition " in overview
    assert "Chronology: 9 events" in overview and "Sources: 1 stored document " in overview
    actors = Page.read(site / SLUG / "actors" / "index.html").plain
    assert " 1 event " in actors and " 5 events " in actors and "1 events" not in actors and "0 events" not in actors  # an actor in none says nothing
    index = Page.read(site / "index.html").plain
    assert "1 source" in index and "1 sources" not in index
    source = Page.read(site / SLUG / "sources" / "index.html").plain
    assert re.search(r"Cited by \d+ facts", source)


def test_a_trend_shows_beside_the_status_in_words(multi, tmp_path):
    multi.edit("briefing.yml", "summary:", "status: Fighting around [Harvel](place:harvel) continues.\nsummary:")
    text = (multi.folder / "briefing.yml").read_text()
    multi.write("briefing.yml", text.rstrip("\n") + "\neditions:\n  - date: 2025-03-20\n    trend: deteriorated\n    text: First edition.\n")
    assert [p for p in multi.problems() if "error" in p] == []
    pipeline.build([Path("b")], tmp_path / "site", paper=None)
    assert "Status ▼ Deteriorated Fighting around Harvel continues." in plain(tmp_path / "site" / "b" / "index.html")
    assert "Since the previous edition: ▼ Deteriorated" in plain(tmp_path / "site" / "b" / "index.html")


def test_a_bad_trend_is_an_error_at_its_position(multi):
    text = (multi.folder / "briefing.yml").read_text()
    multi.write("briefing.yml", text.rstrip("\n") + "\neditions:\n  - date: 2025-03-20\n    trend: worse\n    text: First edition.\n")
    line = len(text.rstrip("\n").splitlines()) + 3
    assert f"b/briefing.yml:{line}:12: error: 'worse' is not one of: deteriorated, unchanged, improved" in multi.problems()


def test_a_status_linking_an_unknown_fact_is_an_error(scratch):
    scratch.edit("briefing.yml", "[claim](event:shah-bakhsh-killing)", "[claim](event:shah-bakhsh-kiling)")
    problems = scratch.problems()
    assert any(re.match(r"b/briefing\.yml:\d+:\d+: error: unknown event 'shah-bakhsh-kiling'", p) for p in problems), problems


def test_check_says_one_error_in_the_singular(scratch):
    scratch.edit("briefing.yml", "[claim](event:shah-bakhsh-killing)", "[claim](event:shah-bakhsh-kiling)")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "b"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "1 error, 0 warnings" in result.stdout and "(s)" not in result.stdout


def test_a_persian_briefing_shows_its_dates_in_persian(tmp_path):
    from conftest import ROOT

    pipeline.build([ROOT / "tests" / "briefings" / "tarvana-fa"], tmp_path / "site", paper=None)
    page = html(tmp_path / "site", "tarvana-fa/index.html")
    assert '<time datetime="2024-02-03">3 فوریه 2024</time>' in page  # CLDR's Persian month name
    assert "February" not in page
