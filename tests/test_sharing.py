"""site_url: canonical links, sharing cards, sitemap.xml and absolute feed links when it is
set; nothing absolute when it is not. Built for real with `briefbook build`."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLE

SLUG = "iran-pakistan-2024"
URL = "https://example.org/briefings/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Head(HTMLParser):
    """A page's <link rel> and <meta> tags."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.setdefault(attrs.get("rel", ""), attrs.get("href", ""))
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")


def build(out: Path, *options: str) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out), "--no-pdf", *options], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shared") / "site"
    build(out, "--site-url", "https://example.org/briefings")  # no trailing slash: one is added
    return out


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "site"
    build(out)
    return out


def test_every_page_has_its_canonical_address_and_a_card(shared):
    for path in sorted(shared.rglob("*.html")):
        rel = path.relative_to(shared).as_posix()
        head = Head(path)
        expected = URL + (rel.removesuffix("index.html"))
        assert head.links["canonical"] == expected, rel
        assert head.meta["og:url"] == expected
        assert head.meta["og:title"] and head.meta["twitter:title"] == head.meta["og:title"]
        assert head.meta["twitter:card"] == "summary"
    actor = Head(shared / SLUG / "actors" / "jaish-al-adal.html")
    assert actor.meta["og:title"] == "Jaish al-Adal"
    assert actor.meta["og:site_name"] == "Iran and Pakistan: strikes on Jaish al-Adal"
    assert actor.meta["og:description"].startswith("TLP:CLEAR. Cross-border strikes")  # the marking first
    assert actor.meta["og:type"] == "article" and actor.meta["og:locale"] == "en"
    assert Head(shared / SLUG / "index.html").links["canonical"] == URL + f"{SLUG}/"


def test_sitemap_lists_the_briefings_pages_with_absolute_addresses(shared):
    root = ET.parse(shared / "sitemap.xml").getroot()
    urls = {u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text for u in root}
    assert urls[URL] == "2024-02-24"
    assert urls[URL + f"{SLUG}/"] == "2024-02-24"
    assert URL + f"{SLUG}/chronology.html" in urls and URL + f"{SLUG}/actors/jaish-al-adal.html" in urls
    assert not any(u.endswith("search.html") for u in urls)
    pages = {URL + p.relative_to(shared).as_posix().removesuffix("index.html") for p in shared.rglob("*.html") if p.name != "search.html"}
    assert set(urls) == pages


def test_feeds_name_themselves_absolutely(shared):
    feed = ET.parse(shared / SLUG / "feed.atom").getroot()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": URL + f"{SLUG}/feed.atom", "alternate": URL + f"{SLUG}/updates.html"}
    site = ET.parse(shared / "feed.atom").getroot()
    assert {link.get("rel"): link.get("href") for link in site.findall(f"{ATOM}link")} == {"self": URL + "feed.atom", "alternate": URL}
    source = site.find(f"{ATOM}entry/{ATOM}source/{ATOM}link")
    assert source.get("href") == URL + f"{SLUG}/feed.atom"


def test_without_site_url_everything_stays_relative(local):
    assert not (local / "sitemap.xml").exists()
    for path in local.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'rel="canonical"' not in text and "og:" not in text and "twitter:" not in text, path
    feed = ET.parse(local / SLUG / "feed.atom").getroot()
    assert {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")} == {"self": "feed.atom", "alternate": "updates.html"}


def test_site_url_from_the_settings_file_and_a_bad_one_on_the_command_line(tmp_path):
    (tmp_path / "briefbook.toml").write_text(f'site_url = "{URL}"\n')
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", "site", "--no-pdf"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Head(tmp_path / "site" / SLUG / "quotes.html").links["canonical"] == URL + f"{SLUG}/quotes.html"
    bad = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", "site", "--no-pdf", "--site-url", "ftp://example.org/"], cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Invalid value for '--site-url': 'ftp://example.org/' is not an http:// or https:// URL" in bad.stderr


def test_pages_with_cards_are_valid_html(shared):
    from tools import vnu

    pages = [shared / "index.html", shared / SLUG / "index.html", shared / SLUG / "actors" / "iran.html", shared / SLUG / "data.html"]
    assert vnu(pages) == []


def test_a_briefing_not_marked_tlp_clear_gets_no_card_and_no_sitemap_entry(scratch, tmp_path):
    scratch.edit("briefing.yml", "handling: TLP:CLEAR\n", "handling: TLP:AMBER\n")
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(scratch.folder), "--out", str(out), "--no-pdf", "--site-url", URL], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for page in sorted((out / "b").rglob("*.html")):
        head = Head(page)
        assert "canonical" not in head.links and not any(k.startswith(("og:", "twitter:")) for k in head.meta), page
    assert "og:title" in Head(out / "index.html").meta  # the site's own index is public
    listed = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert not any("/b/" in url for url in listed)
