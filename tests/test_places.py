"""Places as facts: places.yml checked against the documents, referred to by events and
accounts, and published as pages, search documents, GeoJSON and briefing.json entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLE
from generator import pipeline
from linkcheck import Page

SLUG = "iran-pakistan-2024"
B = "b/places.yml"


def test_the_example_names_its_places():
    (b,), problems = pipeline.check([EXAMPLE])
    assert problems == []
    assert [(p.id, p.kind, p.within) for p in b.places] == [
        ("pakistan", "country", None),
        ("iran", "country", None),
        ("sistan-baluchistan", "province", "iran"),
        ("pakistan-border", "border-area", None),
    ]
    events = {e.id: e for e in b.events}
    assert events["police-station-attack"].places == ["sistan-baluchistan"]
    assert events["iran-strikes-in-pakistan"].places == ["pakistan-border"]  # "along the Pakistan border": neither side
    assert events["iran-enters-pakistan"].places == ["pakistan"]  # "entered the territory of Pakistan"


# Each case: file, old text, new text, the exact problems expected (paths relative to the run).
BAD = {
    "unknown place with hint": (
        "events.yml", "    places: [sistan-baluchistan]\n", "    places: [sistan-baluchestan]\n",
        ["b/events.yml:25:14: error: unknown place 'sistan-baluchestan'; did you mean 'sistan-baluchistan'?",
         "b/places.yml:25:9: warning: place 'sistan-baluchistan' is never referred to"],
    ),
    "unknown place in an account": (
        "events.yml", "      - stance: alleged\n        by: pakistan\n", "      - stance: alleged\n        by: pakistan\n        places: [quetta]\n",
        ["b/events.yml:67:18: error: unknown place 'quetta'; no place has that id"],
    ),
    "unknown place it lies in": (
        "places.yml", "    in: iran\n", "    in: irn\n",
        ["b/places.yml:28:9: error: unknown place 'irn'; did you mean 'iran'?"],
    ),
    "a place that lies in itself": (
        "places.yml", "    kind: country\n    coordinates: {latitude: 32", "    kind: country\n    in: sistan-baluchistan\n    coordinates: {latitude: 32",
        ["b/places.yml:18:9: error: place 'iran' lies in itself: iran in sistan-baluchistan in iran; one of these places must not be `in` the next"],
    ),
    "coordinates without a gazetteer": (
        "places.yml", '    gazetteer: {name: geonames, id: "130758"}\n', "",
        ["b/places.yml:18:18: error: coordinates need a `gazetteer` saying where they come from, e.g. {name: geonames, id: '1168579'}",
         ],
    ),
    "an unknown gazetteer": (
        "places.yml", "{name: geonames, id: \"130758\"}", "{name: geonamse, id: \"130758\"}",
        ["b/places.yml:19:23: error: 'geonamse' is not one of: geonames, wikidata, openstreetmap, other; did you mean 'geonames'?"],
    ),
    "a spelling no document it cites has": (
        "places.yml", "    name: Sistan Baluchistan\n", "    name: Sistan Baluchistan\n    aliases: [Sistan-Baluchestan]\n",
        ["b/places.yml:27:15: warning: alias 'Sistan-Baluchestan' does not occur in any document this place cites"],
    ),
    "a name no document it cites has": (
        "places.yml", "    name: Pakistan border\n", "    name: Pakistan frontier\n",
        ["b/places.yml:40:11: warning: place name 'Pakistan frontier' does not occur in any document this place cites"],
    ),
    "a free-text place no document names": (
        "events.yml", "    place: Pakistani territory\n", "    place: Quetta, Pakistan\n",
        ["b/events.yml:140:12: warning: place 'Quetta, Pakistan' is not named in the documents event 'shah-bakhsh-killing' cites; "
         "not found: 'Quetta'; write it as the documents do, or refer to places.yml with `places`"],
    ),
    "a place never referred to": (
        "events.yml", "    places: [pakistan-border]\n", "",
        ["b/places.yml:39:9: warning: place 'pakistan-border' is never referred to"],
    ),
    "an unknown place in a link": (
        "events.yml", "A police station in Sistan Baluchistan was attacked", "A police station in [Sistan Baluchistan](place:baluchistan) was attacked",
        ["b/events.yml:29:15: error: unknown place 'baluchistan'; did you mean 'sistan-baluchistan'?"],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_places_are_reported_exactly(scratch, case):
    name, old, new, expected = BAD[case]
    scratch.edit(name, old, new)
    assert scratch.problems() == expected


def test_a_free_text_place_passes_in_any_case_whole_or_by_parts(scratch):
    # "Along the Pakistan border" is in the document as "along the Pakistan border"; "Sistan
    # Baluchistan, Iran" is not, but both its parts are.
    assert scratch.problems() == []
    scratch.edit("events.yml", "    place: Pakistani territory\n", "    place: PAKISTANI TERRITORY\n")
    assert scratch.problems() == []


def test_places_yml_is_optional(scratch):
    (scratch.folder / "places.yml").unlink()
    problems = scratch.problems()
    assert problems[0] == "b/events.yml:25:14: error: unknown place 'sistan-baluchistan'; there are no places"


# --- the site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    pipeline.build([EXAMPLE], out, None)
    return out / SLUG


def test_a_place_page_shows_its_chain_spellings_evidence_and_events(site):
    page = Page.read(site / "places" / "sistan-baluchistan.html")
    text = page.plain
    assert "Province Sistan Baluchistan In Iran" in text
    assert "The main center of this organization is in Sistan Baluchistan, south of Iran." in text  # the evidence
    assert "Attack on a police station in Sistan Baluchistan — December 2023" in text
    assert ("a", "href", "iran.html") in [(t, a, u.removeprefix("../places/")) for t, a, u in page.links]
    assert ("a", "href", "../chronology.html#police-station-attack") in page.links
    (ld,) = page.jsonld
    item, container = json.loads(ld)["@graph"]
    assert item["containedInPlace"] == {"@id": "../places/iran.html"}  # described once, beside it
    assert container == {"@type": "Country", "@id": "../places/iran.html", "name": "Iran", "url": "../places/iran.html"}
    iran = Page.read(site / "places" / "iran.html").plain
    assert "Coordinates 32° N, 53° E (GeoNames 130758)" in iran
    assert "Places in Iran Sistan Baluchistan" in iran


def test_the_places_index_groups_by_kind_and_the_nav_links_it(site):
    index = Page.read(site / "places.html")
    assert "Countries Iran — 1 event Pakistan — 2 events Provinces Sistan Baluchistan , in Iran — 1 event Border areas Pakistan border — 1 event" in index.plain
    for name in ("index.html", "chronology.html", "places/iran.html"):
        links = [u for t, a, u in Page.read(site / name).links if t == "a"]
        assert any(u.endswith("places.html") for u in links), name


def test_event_cards_link_their_places(site):
    chronology = (site / "chronology.html").read_text()
    assert '<p class="event-places">Places: <a class="place-link" href="places/pakistan-border.html">Pakistan border</a></p>' in chronology
    assert "16 January 2024</time> · Along the Pakistan border" in chronology  # the free-text place stays


def test_a_briefing_without_places_has_no_places_pages_or_nav(scratch, tmp_path):
    (scratch.folder / "places.yml").unlink()
    for line in ("    places: [sistan-baluchistan]\n", "    places: [pakistan-border]\n", "    places: [iran]\n", "    places: [pakistan]\n", "    places: [pakistan]\n"):
        scratch.edit("events.yml", line, "")
    pipeline.build([Path("b")], tmp_path / "site", None)
    assert not (tmp_path / "site" / "b" / "places.html").exists()
    assert not (tmp_path / "site" / "b" / "places").exists()
    assert "places.html" not in (tmp_path / "site" / "b" / "index.html").read_text()


def test_a_place_link_in_prose_leads_to_its_page(scratch, tmp_path):
    scratch.edit("events.yml", "A police station in Sistan Baluchistan was attacked", "A police station in [Sistan Baluchistan](place:sistan-baluchistan) was attacked")
    pipeline.build([Path("b")], tmp_path / "site", None)
    chronology = (tmp_path / "site" / "b" / "chronology.html").read_text()
    assert '<a href="places/sistan-baluchistan.html" class="fact-link place-link">Sistan Baluchistan</a>' in chronology


def test_search_finds_a_place_by_name_and_by_any_spelling(scratch, tmp_path):
    scratch.edit("places.yml", "    name: Sistan Baluchistan\n", "    name: Sistan Baluchistan\n    aliases: [Baluchistan]\n")
    pipeline.build([Path("b")], tmp_path / "site", None)
    script = (tmp_path / "site" / "search-index.js").read_text()
    docs = json.loads(script.removeprefix("window.BRIEFBOOK_SEARCH = ").removesuffix(";\n"))
    (place,) = [d for d in docs if d["id"] == "b/places/sistan-baluchistan.html"]
    assert (place["kind"], place["title"]) == ("place", "Sistan Baluchistan")
    assert "Baluchistan" in place["text"].split()


def test_geojson_carries_the_places_and_the_events_they_locate(site):
    data = json.loads((site / "events.geojson").read_bytes())
    places = [f for f in data["features"] if f["properties"]["kind"] == "place"]
    assert places[0] == {
        "type": "Feature",
        "id": "place:pakistan",
        "geometry": {"type": "Point", "coordinates": [70.0, 30.0]},
        "properties": {
            "kind": "place", "id": "pakistan", "name": "Pakistan", "aliases": [], "place_kind": "country", "in": None,
            "gazetteer": {"name": "geonames", "id": "1168579"}, "permalink": "places/pakistan.html",
        },
    }
    assert [f["id"] for f in places] == ["place:pakistan", "place:iran"]  # the others have no coordinates
    events = {f["id"]: f for f in data["features"] if f["properties"]["kind"] == "event"}
    # The strikes along the border are not on the map: the border area has no coordinates.
    assert sorted(events) == ["iran-enters-pakistan", "pakistan-strike-in-iran", "shah-bakhsh-killing"]
    strikes = events["iran-enters-pakistan"]
    assert strikes["geometry"] == {"type": "Point", "coordinates": [70.0, 30.0]}  # Pakistan's
    assert (strikes["properties"]["places"], strikes["properties"]["located_by"]) == (["pakistan"], "places")


def test_briefing_json_carries_the_places_as_written(site):
    data = json.loads((site / "briefing.json").read_bytes())
    province = data["places"][2]
    assert province == {
        "id": "sistan-baluchistan", "name": "Sistan Baluchistan", "aliases": [], "kind": "province", "in": "iran",
        "gazetteer": {"name": "geonames", "id": "1159456"},
        "description": province["description"], "citations": province["citations"],
    }


def test_a_rebuild_after_editing_a_place_equals_a_clean_build(scratch, tmp_path):
    from test_incremental import tree

    out = tmp_path / "incremental" / "site"
    pipeline.build([Path("b")], out, None)
    edits = [
        ("places.yml", "    name: Pakistan border\n", "    name: Pakistan border\n    aliases: [Pakistan's border]\n"),
        ("places.yml", "    name: Iran\n", "    name: Iran's territory\n"),  # shown on every card and page that links it
        ("places.yml", "    in: iran\n", ""),
        ("places.yml", "coordinates: {latitude: 30, longitude: 70}", "coordinates: {latitude: 30.5, longitude: 69}"),
        ("events.yml", "    places: [iran]\n", "    places: [iran, sistan-baluchistan]\n"),
    ]
    for i, (name, old, new) in enumerate(edits):
        scratch.edit(name, old, new)
        pipeline.build([Path("b")], out, None)
        clean = tmp_path / f"clean-{i}" / "site"
        pipeline.build([Path("b")], clean, None)
        assert tree(out) == tree(clean), f"after editing {name}: {old!r}"


def test_a_rebuild_repeats_what_the_item_checks_found(scratch, tmp_path):
    """The checks of one item and the documents (free-text places among them) are remembered
    per item: an altered remembered warning comes back while the item is unchanged, and the
    real one when the item is read again."""
    from generator.reread import FactFiles

    saved = tmp_path / "facts.pickle"
    scratch.edit("events.yml", "    place: Pakistani territory\n", "    place: Quetta, Pakistan\n")
    files = FactFiles(saved, "v1")
    first = [str(p) for p in pipeline.check([Path("b")], files)[1]]
    files.save()
    assert len(first) == 1 and "'Quetta, Pakistan' is not named" in first[0]
    files = FactFiles(saved, "v1")
    (items,) = [found for key, found in files.found.items.items() if key.startswith("verify\0")]
    digest = next(d for d, found in items.items() if found)
    line, column = items[digest][0][:2]
    items[digest] = ((line, column, "warning", "remembered, not checked again", None),)
    files.save()
    files = FactFiles(saved, "v1")
    assert [str(p) for p in pipeline.check([Path("b")], files)[1]] == [first[0].split(" warning: ")[0] + " warning: remembered, not checked again"]
    scratch.edit("events.yml", "    place: Quetta, Pakistan\n", "    place: Quetta, Pakistan  # again\n")
    assert [str(p) for p in pipeline.check([Path("b")], files)[1]] == first
