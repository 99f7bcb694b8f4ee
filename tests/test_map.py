"""The map of a briefing's places (render/worldmap.py, map_svg.py): the shipped Natural Earth
outlines decoded, projected and clipped, and the map in the built overview and place pages."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLE
from generator.render import worldmap

SVG = "{http://www.w3.org/2000/svg}"
SLUG = "iran-pakistan-2024"


def test_the_outlines_are_natural_earths_countries_in_degrees():
    countries = dict(worldmap.countries())
    assert len(countries) == 177 and {"Pakistan", "Iran", "Afghanistan", "Fiji"} <= set(countries)
    lons = [lon for ring in countries["Pakistan"] for lon, _ in ring]
    lats = [lat for ring in countries["Pakistan"] for _, lat in ring]
    assert 60 < min(lons) < 62 and 77 < max(lons) < 78 and 23 < min(lats) < 25 and 36 < max(lats) < 38
    assert all(ring[0] == ring[-1] for rings in countries.values() for ring in rings)  # rings close
    assert worldmap.DATA.parent.joinpath("README.md").read_text().count("public domain") >= 1


def test_the_view_holds_the_places_with_room_and_the_drawings_shape():
    points = [(70.0, 30.0), (53.0, 32.0)]
    view = worldmap.fit(points)
    for lon, lat in points:
        x, y = view.project(lon, lat)
        assert 0.15 * worldmap.WIDTH < x < 0.85 * worldmap.WIDTH and 0.15 * worldmap.HEIGHT < y < 0.85 * worldmap.HEIGHT
    # Degrees of longitude shortened by the cosine of the middle latitude: shapes keep their proportions.
    middle = (view.south + view.north) / 2
    assert abs(view.scale_x / view.scale_y - math.cos(math.radians(middle))) < 0.01
    single = worldmap.fit([(45.25, 12.5)])
    assert single.east - single.west > 16 and single.north - single.south > 8  # a lone place still shows its region


def test_outlines_are_clipped_to_the_view_in_whole_units():
    view = worldmap.fit([(70.0, 30.0), (53.0, 32.0)])
    rings = worldmap.outlines(view)
    assert rings and all(-2 <= x <= worldmap.WIDTH + 2 and -2 <= y <= worldmap.HEIGHT + 2 for ring in rings for x, y in ring)
    assert all(isinstance(v, int) for ring in rings for p in ring for v in p)
    data = worldmap.land(view)
    assert re.fullmatch(r"(M[-\d ]+l[-\d ]+z)+", data)
    assert len(data) < 6000  # what the overview carries for its map: a few kilobytes
    # Far from the places, nothing is drawn: no outline of South America near Pakistan.
    south_america = dict(worldmap.countries())["Brazil"]
    assert all(max(lon for lon, _ in r) < view.west for r in south_america)


def test_clipping_keeps_the_inside_of_a_ring_and_cuts_it_at_the_edge():
    square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)]
    clipped = worldmap._clip(square, 0, 0.0)  # keep x >= 0
    assert sorted(clipped) == [(0.0, -10.0), (0.0, 10.0), (10.0, -10.0), (10.0, 10.0)]
    assert worldmap._clip(square, 0, 20.0) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf"], check=True, capture_output=True)
    return out / SLUG


def drawing(html: str) -> ET.Element:
    match = re.search(r'<figure class="map-figure".*?</figure>', html, re.S)
    assert match
    return ET.fromstring(match.group(0).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" '))


def test_the_overview_maps_the_places_with_coordinates_each_a_link_with_its_events(site):
    figure = drawing((site / "index.html").read_text())
    links = {a.get("href"): a for a in figure.iter(f"{SVG}a")}
    assert set(links) == {"places/pakistan.html", "places/iran.html"}  # the two with coordinates
    assert links["places/pakistan.html"].find(f"{SVG}title").text == "Pakistan: 2 events"
    assert links["places/iran.html"].find(f"{SVG}text").text == "Iran (1)"
    assert not any(a.get("aria-current") for a in links.values())
    caption = "".join(figure.find("figcaption").itertext())
    assert "Pakistan, 2 events; Iran, 1 event" in caption and "Natural Earth" in caption


def test_a_place_page_rings_its_place_or_the_place_it_lies_in(site):
    figure = drawing((site / "places" / "pakistan.html").read_text())
    current = [a for a in figure.iter(f"{SVG}a") if a.get("aria-current") == "page"]
    assert [a.get("href") for a in current] == ["../places/pakistan.html"]
    assert current[0].find(f"{SVG}circle[@class='map-ring']") is not None
    # Sistan Baluchistan has no coordinates: the map rings Iran, where it lies, and says so.
    figure = drawing((site / "places" / "sistan-baluchistan.html").read_text())
    assert [a.get("href") for a in figure.iter(f"{SVG}a") if a.get("aria-current")] == ["../places/iran.html"]
    assert "Sistan Baluchistan has no coordinates of its own; the map rings Iran, where it lies." in "".join(figure.find("figcaption").itertext())


def test_no_map_without_coordinates(scratch, tmp_path):
    scratch.edit("places.yml", "    coordinates: {latitude: 30, longitude: 70}\n", "")
    scratch.edit("places.yml", "    coordinates: {latitude: 32, longitude: 53}\n", "")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "generator", "build", "b", "--out", str(out), "--no-pdf"], check=True, capture_output=True)
    for page in ("index.html", "places/pakistan.html"):
        assert "map-figure" not in (out / "b" / page).read_text()


def test_a_rebuild_redraws_every_place_pages_map_when_another_place_moves(scratch, tmp_path):
    out = tmp_path / "out"
    build = [sys.executable, "-m", "generator", "build", "b", "--out", str(out), "--no-pdf"]
    subprocess.run(build, check=True, capture_output=True)
    before = drawing((out / "b" / "places" / "pakistan.html").read_text())
    scratch.edit("places.yml", "coordinates: {latitude: 32, longitude: 53}", "coordinates: {latitude: 35, longitude: 51}")
    subprocess.run(build, check=True, capture_output=True)
    after = drawing((out / "b" / "places" / "pakistan.html").read_text())
    iran = [next(a for a in f.iter(f"{SVG}a") if a.get("href").endswith("iran.html")).find(f"{SVG}circle[@class='map-dot']").get("cy") for f in (before, after)]
    assert iran[0] != iran[1]  # Iran's mark moved north on Pakistan's page too
