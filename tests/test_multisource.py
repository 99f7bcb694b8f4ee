"""What a reader must see when sources disagree, on the built pages of the invented
multi-source briefing (tests/briefings/aldoria-zemara: three fictional documents that
contradict each other on a date, on figures and on responsibility, one of them in Persian)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from generator import pipeline

MULTI = ROOT / "tests" / "briefings" / "aldoria-zemara"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("multi") / "site"
    briefings, problems = pipeline.check([MULTI])
    assert [str(p) for p in problems] == []
    pipeline.build([MULTI], out, None)
    return out / "aldoria-zemara"


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def text(fragment: str) -> str:
    """What a reader reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def event_card(site: Path, event_id: str) -> str:
    chronology = page(site, "chronology.html")
    start = re.search(rf'<article class="event[^"]*" id="{event_id}"', chronology).start()
    return chronology[start : chronology.index("</article>", start)]


def account_heads(card: str) -> list[str]:
    return [text(head) for head in re.findall(r'<p class="account-head">(.*?)</p>', card, re.S)]


def test_every_account_names_its_own_claimant(site):
    assert account_heads(event_card(site, "harvel-strike")) == [
        "Claimed by Aldorian defence ministry · dates it early morning, 3 March 2025",
        "Reported by the source · dates it late night, 2 March 2025",
        "Claimed by Zemara's interior ministry",
        "Claimed by Zemara's interior ministry · said night, 3 March 2025",
        "Claimed by Aldorian army",
        "Claimed by Zemara's defence ministry",
    ]
    assert account_heads(event_card(site, "border-post-bombing")) == ["Reported by the source", "Claimed by Brotherhood of the Ridge"]


def test_the_json_ld_never_gives_a_claim_to_the_source(site):
    chronology = page(site, "chronology.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', chronology, re.S).group(1))
    blob = json.dumps(data, ensure_ascii=False)
    assert "Aldorian army" in blob and "Zemara's interior ministry" in blob


def test_claims_appear_only_on_the_pages_of_their_claimants_and_subjects(site):
    zemara = text(page(site, "actors/zemara.html"))
    assert "No civilians were harmed in Harvel" in zemara  # a claim about Zemara
    assert "Two children were killed" not in zemara  # Zemara is involved in the strike, not its subject
    army = text(page(site, "actors/aldorian-army.html"))
    assert "No civilians were harmed in Harvel" in army and "Nine militants were killed" in army  # made by it
    assert "Claimed by Zemara's interior ministry" not in army  # only as the response to its own claim
    assert "Disputed by Zemara's interior ministry" in army
    air_force = text(page(site, "actors/aldoria-air-force.html"))
    assert "Aldoria's air force bombed Harvel at dawn" in air_force  # the Persian statement is about it
    assert "Nine militants were killed" not in air_force


def test_the_chronology_follows_cause(site):
    chronology = page(site, "chronology.html")
    order = re.findall(r'<article class="event[^"]*" id="([a-z0-9-]+)"', chronology)
    # The summons is dated "the next day" after the strike; the shelling is "in March" and
    # stated to come after the strike, so it follows the day-precise events of March.
    assert order == ["border-post-bombing", "harvel-strike", "envoy-summoned", "zemara-shelling"]
    assert "3–4 March 2025" in text(event_card(site, "envoy-summoned"))


def test_accounts_that_differ_on_the_dead_say_so(site):
    note = text(re.search(r'<p class="accounts-note">(.*?)</p>', event_card(site, "harvel-strike"), re.S).group(1))
    assert note.startswith("6 accounts, which differ on the date; on the number killed: 2 children")
    assert "against 9 militants (Aldorian army)" in note
    assert "on the number injured: 3 women" in note and "against 3 girls (Zemara's interior ministry)" in note


def test_figures_are_in_the_csv_for_each_account(site):
    csv = page(site, "events.csv")
    row = next(line for line in csv.splitlines() if line.startswith("harvel-strike,"))
    assert "9 militants (Aldorian army)" in row


def test_every_spelling_of_a_place_reaches_its_page_and_search(site):
    upper_sarn = text(page(site, "places/upper-sarn.html"))
    assert "Upper Sarn" in upper_sarn and "Upper Sarne" in upper_sarn
    harvel = text(page(site, "places/harvel.html"))
    assert "هارول" in harvel and "Strike on Harvel" in harvel
    index = (site.parent / "search-index.js").read_text(encoding="utf-8")
    assert "Upper Sarne" in index and "هارول" in index
    features = json.loads(page(site, "events.geojson"))["features"]
    assert any(f["properties"].get("kind") == "place" and f["properties"].get("name") == "Harvel" for f in features)


def test_the_persian_quote_keeps_its_words_and_says_whose_translation_it_is(site):
    quotes = page(site, "quotes.html")
    assert 'lang="fa" dir="rtl"' in quotes
    assert "نقض آشکار حاکمیت ملی" in quotes
    assert "Translation (the source’s own): flagrant violation of national sovereignty" in text(quotes)
    chronology = text(page(site, "chronology.html"))
    assert "Translated by the analysts: Aldoria's air force bombed the town of Harvel at dawn today." in chronology


def test_a_claims_status_follows_its_responses(site):
    claims = text(page(site, "claims.html"))
    assert "The Brotherhood of the Ridge bombed the Sarn border post Status: Corroborated" in claims
    assert "No civilians were harmed in Harvel Status: Disputed" in claims
    assert "Disputed by Zemara's interior ministry" in claims and "Corroborated by Brotherhood of the Ridge" in claims


def test_two_articles_of_one_outlet_and_day_are_told_apart_on_the_site(site, tmp_path):
    """The courier dated as the wire and the wire given the courier's name: each short citation
    adds its article's title, so that it names one source; apart, the outlet alone names it."""
    folder = tmp_path / "twin"
    shutil.copytree(MULTI, folder)
    sources = folder / "sources.yml"
    yml = sources.read_text(encoding="utf-8").replace("publisher: Zemara Daily Wire", "publisher: The Aldorian Courier")
    sources.write_text(yml.replace("published: 2025-03-20", "published: 2025-03-04", 1), encoding="utf-8")
    pipeline.build([folder], tmp_path / "site", None)
    courier = re.compile(r"<bdi>(The Aldorian Courier[^<]*)</bdi>")
    assert set(courier.findall(page(tmp_path / "site" / "twin", "chronology.html"))) == {
        "The Aldorian Courier, “Aldoria strikes Harvel (invented test article)”",
        "The Aldorian Courier, “Jets bomb Harvel (invented test article)”",
    }
    assert set(courier.findall(page(site, "chronology.html"))) == {"The Aldorian Courier"}
