"""A right-to-left briefing: the invented Persian-language briefing tests/briefings/tarvana-fa
is laid out mirrored on the site, in the PDF and in the MkDocs plugin, and stays valid and
accessible; a left-to-right briefing keeps its direction."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from generator import pipeline

PERSIAN = ROOT / "tests" / "briefings" / "tarvana-fa"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rtl") / "site"
    problems, _ = pipeline.build([PERSIAN, EXAMPLE], out, "a4")
    assert [str(p) for p in problems] == []
    return out


def test_a_persian_briefing_is_right_to_left_and_an_english_one_is_not(site):
    for page in ("index.html", "chronology.html", "actors/tarvana-foreign-ministry.html", "places/nilufarabad.html"):
        assert '<html lang="fa" dir="rtl">' in (site / "tarvana-fa" / page).read_text(encoding="utf-8"), page
    assert '<html lang="en" dir="ltr">' in (site / "iran-pakistan-2024" / "chronology.html").read_text(encoding="utf-8")


def test_the_mirrored_pages_are_valid_and_accessible(site):
    from tools import axe, browser, visit, vnu

    paths = [site / "tarvana-fa" / name for name in ("index.html", "chronology.html", "quotes.html", "places/nilufarabad.html")]
    assert vnu(paths) == []
    with browser() as chromium:
        for path in paths:
            with visit(chromium, path.as_uri(), "light") as v:
                assert axe(v.page) == [], path.name


def test_the_layout_mirrors_and_english_labels_still_read_left_to_right(site):
    from tools import browser, visit

    with browser() as chromium, visit(chromium, (site / "tarvana-fa" / "chronology.html").as_uri()) as v:
        page = v.page
        card = page.locator("article.event").first
        style = card.evaluate("e => { const s = getComputedStyle(e.closest('li')); return [s.direction, s.borderRightWidth, s.borderLeftWidth]; }")
        assert style == ["rtl", "3px", "0px"]  # the chronology's rule stands on the right
        title = card.locator(".event-title").evaluate("e => getComputedStyle(e).textAlign")
        assert title in ("start", "right")
        # The events still run from the earliest to the latest, top to bottom.
        tops = page.locator("article.event").evaluate_all("es => es.map(e => e.getBoundingClientRect().top)")
        assert tops == sorted(tops)
        ids = page.locator("article.event").evaluate_all("es => es.map(e => e.id)")
        assert ids == ["nilufarabad-attack", "attack-condemned"]


def test_the_pdf_mirrors_its_running_heads(site):
    """Page numbers stand at the left foot of a right-to-left briefing's pages and at the right
    foot of a left-to-right one's, read back from the PDFs with pdftotext's boxes."""

    def page_number_x(pdf: Path) -> tuple[float, float]:
        boxes = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">Page</word>', boxes)
        assert words, pdf
        return float(words[-1]), width

    x, width = page_number_x(site / "tarvana-fa" / "tarvana-fa.pdf")
    assert x < width / 2
    x, width = page_number_x(site / "iran-pakistan-2024" / "iran-pakistan-2024.pdf")
    assert x > width / 2
    text = subprocess.run(["pdftotext", str(site / "tarvana-fa" / "tarvana-fa.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    assert "حمله به روستای نیلوفرآباد" in text


def test_the_mkdocs_plugin_keeps_the_briefings_direction(tmp_path):
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Briefings\n", encoding="utf-8")
    config.write_text(f"site_name: Test\nplugins:\n  - briefbook:\n      briefings: [{PERSIAN}]\n      pdf: false\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    page = next((tmp_path / "site").rglob("chronology.html")).read_text(encoding="utf-8")
    assert '<div class="briefbook" lang="fa" dir="rtl">' in page
