"""The built site in a real Chromium (Debian's, driven by Playwright): navigation, keyboard,
filters, search. Accessibility and validity of every page: test_accessibility.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from tools import browser, visit

SLUG = "iran-pakistan-2024"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    # A sub-path with a space and no server: the site must work from file:// anywhere.
    out = tmp_path_factory.mktemp("deploy") / "project pages" / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def test_navigation_from_file_urls(site, chromium):
    with visit(chromium, (site / "index.html").as_uri()) as v:
        page = v.page
        page.get_by_role("link", name="Iran and Pakistan: strikes on Jaish al-Adal").click()
        assert page.locator("h1").inner_text() == "Iran and Pakistan: strikes on Jaish al-Adal"
        page.get_by_role("navigation", name="Briefing").get_by_role("link", name="Chronology").click()
        assert page.url.endswith(f"{SLUG}/chronology.html")
        page.locator("#iran-strikes-in-pakistan").get_by_role("link", name="Pakistan", exact=True).first.click()
        assert page.url.endswith(f"{SLUG}/actors/pakistan.html")
        assert page.locator("h1").inner_text() == "Pakistan"
        # From a fact to its evidence, and from the evidence back to the fact.
        page.get_by_role("link", name="Chronology").click()
        page.locator("#police-station-attack a.cite").first.click()
        note = page.locator(":target")
        assert "Around 11 police officers-employees" in note.inner_text()
        note.locator("a", has_text="[Iran's military forces claim").click()
        assert "/sources/article-2024-02-24.html#passage-" in page.url
        page.locator(":target ~ sup.backlinks a[aria-label='Cited by Attack on a police station in Sistan Baluchistan']").first.click()
        assert page.url.endswith("chronology.html#police-station-attack")
        assert v.off_site == []


def test_keyboard_reaches_skip_link_and_shows_focus(site, chromium):
    with visit(chromium, (site / SLUG / "chronology.html").as_uri()) as v:
        page = v.page
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
        page.keyboard.press("Enter")
        page.wait_for_url("**/chronology.html#main", timeout=5000)


def test_filter_by_actor_is_progressive_enhancement(site, chromium):
    with visit(chromium, (site / SLUG / "chronology.html").as_uri()) as v:
        page = v.page
        assert page.locator("article.event:visible").count() == 9
        page.get_by_label("Actor").select_option("ismail-shah-bakhsh")
        assert page.locator("article.event:visible").count() == 1
        assert page.get_by_role("status").inner_text() == "1 of 9 events shown"
        page.get_by_label("Actor").select_option("")
        page.get_by_label("Tag").select_option("diplomacy")
        assert page.locator("article.event:visible").count() == 2
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / SLUG / "chronology.html").as_uri())
        assert page.locator("#filter").is_hidden()
        assert page.locator("article.event:visible").count() == 9
    finally:
        context.close()


def test_phone_width_has_no_horizontal_scroll(site, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        for name in ("index.html", "chronology.html", "sources/article-2024-02-24.html", "actors/jaish-al-adal.html"):
            page.goto((site / SLUG / name).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    finally:
        context.close()


def test_search_works_offline_from_file_urls(site, chromium):
    with visit(chromium, (site / SLUG / "actors" / "iran.html").as_uri()) as v:
        page = v.page
        box = page.get_by_role("search").get_by_label("Search")
        box.fill("Jaish Al Adal")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=Jaish+Al+Adal")
        status = page.get_by_role("status")
        status.wait_for()
        assert "results for “Jaish Al Adal”" in status.inner_text()
        first = page.locator("#search-results li a").first
        assert first.inner_text() == "Jaish al-Adal"  # found by its other spelling
        first.click()
        assert page.url.endswith(f"{SLUG}/actors/jaish-al-adal.html")
        page.goto((site / "search.html").as_uri() + "?q=sovereignty")
        hits = page.locator("#search-results li a").all_inner_texts()
        assert "“gross violation of its sovereignty”" in hits
        assert v.off_site == []


def test_without_javascript_the_search_box_is_absent(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / SLUG / "index.html").as_uri())
        assert page.get_by_role("search").count() == 0
        page.goto((site / "search.html").as_uri())
        assert page.locator("#search-form").is_hidden()
        assert "Search needs JavaScript" in page.inner_text("main")
    finally:
        context.close()
