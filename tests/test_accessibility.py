"""Every page of a built site, in a real Chromium: axe-core's WCAG 2.2 AA rules in light and
dark schemes (and at phone width for each kind of page), and the Nu Html Checker on every
page and the stylesheet, inline SVG included.

The site holds the example briefing and the invented multi-source one, whose figures,
claims and places with coordinates give the pages the example lacks. One browser serves
every page of a scheme, and one run of the checker every file, to keep this fast.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE, MULTI
from tools import axe, browser, visits, vnu

PHONE = {"width": 390, "height": 844}
# One page of each kind, per briefing, to check at phone width as well.
KINDS = ("index.html", "chronology.html", "actors/index.html", "places.html", "quotes.html", "claims.html", "sources/index.html", "updates.html")


@pytest.fixture(scope="module")
def site(both_site) -> Path:
    return both_site  # read only: built once for this module and test_visuals_browser.py


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_dark(page) -> bool:
    """Whether the page is drawn light on dark: its ground darker than its text."""
    text, body, root = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.documentElement).backgroundColor]"
    )
    ground = next((c for c in (body, root) if c not in ("rgba(0, 0, 0, 0)", "transparent")), "rgb(255, 255, 255)")
    return sum(map(float, re.findall(r"[\d.]+", ground)[:3])) < sum(map(float, re.findall(r"[\d.]+", text)[:3]))


def check(open_, url: str, scheme: str) -> dict:
    """axe's violations, off-site requests and refusals by the Content-Security-Policy of one page."""
    v = open_(url)
    assert is_dark(v.page) == (scheme == "dark"), f"{url}: not drawn {scheme}"
    found = {"axe": axe(v.page), "requests": v.off_site, "csp": v.refused}
    return {k: x for k, x in found.items() if x}


def test_the_site_has_every_kind_of_page(site):
    names = {p.relative_to(site).as_posix() for p in pages_of(site)}
    assert {"index.html", "search.html"} <= names
    for slug in (EXAMPLE.name, MULTI.name):
        assert {f"{slug}/{kind}" for kind in KINDS} <= names
        assert any(n.startswith(f"{slug}/actors/") and not n.endswith("index.html") for n in names)
        assert any(n.startswith(f"{slug}/places/") for n in names)
        assert any(n.startswith(f"{slug}/sources/") and not n.endswith("index.html") for n in names)
    assert len(names) > 50


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_and_requests_nothing_off_site(site, chromium, scheme):
    failures = {}
    with visits(chromium, scheme) as open_:
        for path in pages_of(site):
            if found := check(open_, path.as_uri(), scheme):
                failures[path.relative_to(site).as_posix()] = found
        # The search page with its results drawn, which the page alone does not show.
        for query in ("Jaish Al Adal", "sovereignty"):
            v = open_((site / "search.html").as_uri() + "?q=" + query.replace(" ", "+"))
            v.page.locator("#search-results li").first.wait_for()
            if violations := axe(v.page):
                failures[f"search.html?q={query}"] = {"axe": violations}
    assert failures == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_kind_of_page_passes_axe_at_phone_width(site, chromium, scheme):
    pages = [site / "index.html", site / "search.html"]
    for slug in (EXAMPLE.name, MULTI.name):
        folder = site / slug
        pages += [folder / kind for kind in KINDS]
        pages += [next(p for p in sorted((folder / sub).glob("*.html")) if p.name != "index.html") for sub in ("actors", "places", "sources")]
    failures = {}
    with visits(chromium, scheme, PHONE) as open_:
        for path in pages:
            if found := check(open_, path.as_uri(), scheme):
                failures[path.relative_to(site).as_posix()] = found
    assert failures == {}


def test_every_page_and_the_stylesheet_are_valid_html_and_css(site):
    """The Nu Html Checker, once over every page (inline SVG included) and the stylesheet."""
    files = [*pages_of(site), site / "assets" / "style.css"]
    assert vnu(files) == []
