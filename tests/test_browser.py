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
        note.locator("a", has_text="Iran's military forces claim").click()
        assert "/sources/article-2024-02-24.html#passage-" in page.url
        page.locator(".para:has(:target) .para-notes a", has_text="Attack on a police station in Sistan Baluchistan").first.click()
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


def _preview(page):
    return page.get_by_role("tooltip")


def test_a_citation_previews_on_hover_and_escape_closes_it(site, chromium):
    with visit(chromium, (site / SLUG / "chronology.html").as_uri()) as v:
        page = v.page
        mark = page.locator("#police-station-attack a.cite").first
        assert page.locator("#police-station-attack_evidence").get_attribute("open") is None  # closed until asked
        mark.hover()
        tip = _preview(page)
        tip.wait_for(timeout=3000)
        assert "Around 11 police officers-employees lost their lives in this attack." in tip.inner_text()
        assert "24 February 2024" in tip.inner_text()
        assert mark.get_attribute("aria-describedby") == tip.get_attribute("id")
        assert tip.locator("a").count() == 0  # nothing to operate inside a tooltip
        box, tip_box = mark.bounding_box(), tip.bounding_box()
        page.mouse.move(tip_box["x"] + 5, tip_box["y"] + 5)  # the pointer may move onto it (WCAG 1.4.13)
        page.wait_for_timeout(500)
        assert tip.is_visible()
        page.keyboard.press("Escape")
        assert _preview(page).count() == 0
        assert mark.get_attribute("aria-describedby") is None
        assert box["y"] < tip_box["y"]  # it opened below the mark, not over it
        assert v.off_site == []


def test_a_citation_previews_on_keyboard_focus(site, chromium):
    with visit(chromium, (site / SLUG / "actors" / "ismail-shah-bakhsh.html").as_uri()) as v:
        page = v.page
        page.locator("a.cite").first.focus()
        tip = _preview(page)
        tip.wait_for(timeout=3000)
        assert "Ismail Shah Bakhsh, the commander of Jaish al-Adal" in tip.inner_text()
        page.keyboard.press("Escape")
        assert _preview(page).count() == 0
        page.keyboard.press("Tab")  # focus moves on: no preview left behind
        assert _preview(page).count() == 0


def test_without_javascript_a_citation_leads_to_its_note_and_the_note_to_the_passage(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / SLUG / "chronology.html").as_uri())
        page.locator("#police-station-attack a.cite").nth(1).click()
        assert page.url.endswith("#police-station-attack_cite_2")
        note = page.locator("#police-station-attack_cite_2")
        assert note.is_visible()  # the browser opened the closed evidence holding the target
        assert "Also last December, Jaish Al Adal claimed responsibility" in note.inner_text()
        note.locator(".note-source a").first.click()  # the second click: the passage in the stored text
        assert "/sources/article-2024-02-24.html#passage-" in page.url
        target = page.locator(":target")
        assert target.inner_text().startswith("Also last December, Jaish Al Adal claimed responsibility")
        assert page.get_by_role("tooltip").count() == 0
    finally:
        context.close()


# --- search snippets and the phone header ---------------------------------------------------


def test_search_results_are_plain_text_with_the_term_marked_in_the_briefings_frame(site, chromium):
    with visit(chromium, (site / SLUG / "search.html").as_uri() + "?q=Jilani") as v:
        page = v.page
        page.get_by_role("status").wait_for()
        # The briefing's own header and navigation frame the page.
        assert page.locator("header.masthead .masthead-title").inner_text() == "Iran and Pakistan: strikes on Jaish al-Adal"
        assert page.get_by_role("navigation", name="Briefing").get_by_role("link", name="Chronology").is_visible()
        results = page.locator("#search-results > li")
        assert results.count() >= 3
        texts = results.all_inner_texts()
        assert not any("](" in t or "actor:" in t for t in texts)  # no Markdown leaks
        event = results.filter(has_text="Pakistan and Iran agree to increase security cooperation")
        assert event.locator(".search-parts").inner_text() == "January 2024"  # the date apart from the text
        assert "announced by Jalil Abbas Jilani and Hossein Amir-Abdullahian" in event.locator(".search-text").inner_text()
        marks = page.locator("#search-results mark").all_inner_texts()
        assert marks and {m.lower() for m in marks} == {"jilani"}
        # Every result links into the briefing, one folder up from the search page.
        event.get_by_role("link").click()
        assert page.url.endswith(f"{SLUG}/chronology.html#security-cooperation-agreement")
        assert v.off_site == []


def test_search_text_is_never_read_as_markup(scratch, tmp_path, chromium):
    scratch.edit("actors.yml", "    aliases: [Jilani]\n", "    aliases: [Jilani, '<img src=x onerror=alert(1)> Jilani']\n")
    subprocess.run([sys.executable, "-m", "generator", "build", str(scratch.folder), "--out", str(tmp_path / "site"), "--no-pdf"], check=True, capture_output=True)
    with visit(chromium, (tmp_path / "site" / "b" / "search.html").as_uri() + "?q=Jilani") as v:
        v.page.get_by_role("status").wait_for()
        assert v.page.locator("#search-results img").count() == 0
        assert "<img src=x onerror=alert(1)>" in v.page.locator("#search-results").inner_text()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_phone_header_is_compact_and_its_menu_opens(site, chromium, script):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto((site / SLUG / "chronology.html").as_uri())
        height = page.locator("header.masthead").bounding_box()["height"]
        assert height < 150, height  # it was 265 of 844 px
        nav = page.get_by_role("navigation", name="Briefing")
        chronology = nav.get_by_role("link", name="Chronology")
        assert chronology.is_hidden()
        menu = nav.locator("summary")
        box = menu.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2, 2.5.8
        menu.click()
        assert chronology.is_visible()
        for link in nav.get_by_role("link").all():
            size = link.bounding_box()
            assert size["height"] >= 24, link.inner_text()
        nav.get_by_role("link", name="Actors").click()
        assert page.url.endswith(f"{SLUG}/actors/index.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_passage_a_link_leads_to_is_emphasised(site, chromium):
    with visit(chromium, (site / SLUG / "sources" / "article-2024-02-24.html").as_uri()) as v:
        page = v.page
        other = page.locator("span.passage").first
        plain = other.evaluate("e => getComputedStyle(e).backgroundColor")
        anchor = page.locator("span.passage[id]").nth(5).get_attribute("id")
        page.goto((site / SLUG / "sources" / "article-2024-02-24.html").as_uri() + "#" + anchor)
        target = page.locator(f"#{anchor}")
        emphasised = target.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).outlineStyle]")
        assert emphasised[0] != plain and emphasised[1] == "solid"
        assert page.locator(".passage-targeted").count() >= 1  # site.js marks its every fragment
        assert other.evaluate("e => getComputedStyle(e).backgroundColor") == plain


def test_source_page_notes_sit_beside_the_text_when_wide_and_after_it_when_narrow(site, chromium):
    for width, beside in ((1280, True), (390, False)):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            page.goto((site / SLUG / "sources" / "article-2024-02-24.html").as_uri())
            text = page.locator(".para > p").first.bounding_box()
            notes = page.locator(".para-notes").first.bounding_box()
            assert (notes["x"] >= text["x"] + text["width"]) is beside, width
            assert (notes["y"] >= text["y"] + text["height"] - 1) is not beside, width
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        finally:
            context.close()


def test_wide_screens_show_the_navigation_without_a_menu(site, chromium):
    with visit(chromium, (site / SLUG / "index.html").as_uri()) as v:
        nav = v.page.get_by_role("navigation", name="Briefing")
        assert nav.locator("summary").is_hidden()
        assert nav.get_by_role("link", name="Sources").is_visible()
        assert v.page.locator("header.masthead").bounding_box()["height"] < 220
