"""The timeline and the map in a real Chromium: their marks lead to the right events and
places with JavaScript off, the pages that carry them pass axe in light and dark and the Nu
checker (SVG included), they fit a phone, and the PDF's chronology carries the timeline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE
from tools import axe, browser, visit, vnu

SLUG = "iran-pakistan-2024"
PAGES = ["index.html", "chronology.html", "places/pakistan.html", "places/sistan-baluchistan.html", "places/iran.html"]


@pytest.fixture(scope="module")
def site(both_site) -> Path:
    return both_site  # read only: built once for this module and test_accessibility.py


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture
def no_script(chromium):
    context = chromium.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_timeline_marks_lead_to_their_events_without_javascript(site, no_script):
    page = no_script
    page.goto((site / SLUG / "chronology.html").as_uri())
    marks = page.locator("svg.timeline a")
    assert marks.count() == 9
    mark = page.locator("svg.timeline a[href='#pakistan-recalls-ambassador']")
    assert "Pakistan recalls its ambassador from Iran — 17 January 2024" in mark.locator("title").text_content()
    mark.locator("circle").click()
    assert page.url.endswith("chronology.html#pakistan-recalls-ambassador")
    assert page.locator(":target h4").inner_text() == "Pakistan recalls its ambassador from Iran"
    # From the overview's recent window to the event on the chronology page.
    page.goto((site / SLUG / "index.html").as_uri())
    assert page.locator("svg.timeline a").count() == 8
    page.locator("svg.timeline a[href$='#shah-bakhsh-killing'] text").click()
    assert page.url.endswith("chronology.html#shah-bakhsh-killing")
    assert "Ismail Shah Bakhsh" in page.locator(":target").inner_text()


def test_timeline_marks_are_links_a_reader_can_tab_to(site, chromium):
    with visit(chromium, (site / SLUG / "chronology.html").as_uri()) as v:
        names = v.page.evaluate("[...document.querySelectorAll('svg.timeline a')].map(a => { a.focus(); return document.activeElement === a })")
        assert names == [True] * 9
        snapshot = v.page.locator("svg.timeline").aria_snapshot()
        assert 'link "Jaish al-Adal emerges — 2012"' in snapshot


def test_map_marks_lead_to_their_places_without_javascript(site, no_script):
    page = no_script
    page.goto((site / SLUG / "index.html").as_uri())
    assert page.locator("svg.map a").count() == 2
    page.locator("svg.map a", has_text="Iran (1)").locator("circle.map-dot").click()
    assert page.url.endswith(f"{SLUG}/places/iran.html") and page.locator("h1").inner_text() == "Iran"
    current = page.locator("svg.map a[aria-current='page']")
    assert current.locator("text").text_content() == "Iran (1)"
    page.locator("svg.map a", has_text="Pakistan (2)").locator("text").click()
    assert page.url.endswith(f"{SLUG}/places/pakistan.html") and page.locator("h1").inner_text() == "Pakistan"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_drawings_pass_axe(site, chromium, scheme):
    failures = {}
    for name in [*(f"{SLUG}/{p}" for p in PAGES), "aldoria-zemara/index.html", "aldoria-zemara/chronology.html", "aldoria-zemara/places/harvel.html"]:
        with visit(chromium, (site / name).as_uri(), scheme) as v:
            assert v.page.locator("svg.timeline, svg.map").count() >= 1, name
            violations = axe(v.page)
            if violations or v.off_site or v.refused:
                failures[name] = {"axe": violations, "requests": v.off_site, "csp": v.refused}
    assert failures == {}


def test_pages_with_drawings_are_valid_html(site):
    pages = [site / SLUG / p for p in PAGES] + [site / "aldoria-zemara" / p for p in ("index.html", "chronology.html", "places/harvel.html")]
    assert vnu([*pages, site / "assets" / "style.css"]) == []


def test_drawings_fit_a_phone_without_the_page_scrolling_sideways(site, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for name in ("index.html", "chronology.html", "places/pakistan.html"):
            page.goto((site / SLUG / name).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            box = page.locator("svg.map, svg.timeline").first.bounding_box()
            assert box["width"] >= 340, name  # drawn at a readable size (the timeline scrolls in its frame)
    finally:
        context.close()


def test_the_pdf_chronology_carries_the_timeline(tmp_path):
    """The whole span drawn atop the printed chronology, with its caption and labels. Its
    marks are not links in the PDF: WeasyPrint makes no link of an SVG `<a>` (the site's are
    tested above); the events' headings below it are what a reader follows."""
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out)], check=True, capture_output=True)
    reader = PdfReader(out / SLUG / f"{SLUG}.pdf")
    texts = [page.extract_text() for page in reader.pages]
    (index,) = [i for i, text in enumerate(texts) if "Timeline of 9 events: the whole chronology." in text]
    assert "Chronology" in texts[index] and "Jaish al-Adal emerges" in texts[index] and "27 Nov 2023" in texts[index]
    printed = " ".join(" ".join(texts).split())
    assert "Each mark links" not in printed  # the captions promise no link the PDF lacks
    assert "The events follow in date order, from" in printed
    site = (out / SLUG / "chronology.html").read_text()
    assert "Each mark links to its event, from" in site and "Each mark links to its place." in (out / SLUG / "index.html").read_text()
