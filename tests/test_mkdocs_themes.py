"""The MkDocs plugin's pages as readers see them, in MkDocs' default theme and in Material:
real `mkdocs build`s opened in Chromium, in light and dark schemes.

What briefbook adds must look like the standalone site where it matters (evidence numbered
as it is cited, the analysts' note in its box, event titles that read as titles), take
nothing from the theme that it should not (one footer, the theme's), and pass axe-core's
WCAG 2.2 AA rules on every page in both schemes.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from test_mkdocs import OFFLINE_MATERIAL, PREFIX, SLUG, build, project
from tools import axe, browser, list_markers, visit, visits

THEMES = {"mkdocs": {}, "material": {"theme": OFFLINE_MATERIAL}}  # the example uses the default theme
COLOPHON = "TLP:CLEAR · As of 24 February 2024 · Made with briefbook: every statement is checked against the stored source documents it cites."


@pytest.fixture(scope="module", params=list(THEMES))
def site(request, tmp_path_factory) -> Path:
    """The example MkDocs project built with a theme: its site folder."""
    config = project(tmp_path_factory.mktemp(request.param), briefbook={"pdf": False}, **copy.deepcopy(THEMES[request.param]))
    result = build(config)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    return config.parent / "site"


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


def briefing_pages(site: Path) -> list[Path]:
    return sorted((site / PREFIX / SLUG).rglob("*.html"))


def test_evidence_is_numbered_as_the_text_cites_it(site, chromium):
    """Each [n] leads to the note whose marker reads "n. ": Material letters a list inside
    another (the chronology's), which would number an event's evidence a., b."""
    checked = 0
    for name in ("chronology.html", "index.html", "claims.html", "actors/jaish-al-adal.html"):
        with visit(chromium, (site / PREFIX / SLUG / name).as_uri()) as v:
            v.page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")  # evidence is closed until asked
            markers = list_markers(v.page)
            cites = v.page.eval_on_selector_all("a.cite", "links => links.map(a => [a.textContent, a.hash.slice(1)])")
            assert cites, name
            for text, target in cites:
                assert markers.get(target) == text.strip("[]") + ". ", f"{name}: {text} leads to #{target}, marked {markers.get(target)!r}"
                checked += 1
            styles = v.page.eval_on_selector_all(".briefbook ol", "lists => lists.map(l => getComputedStyle(l).listStyleType)")
            assert set(styles) <= {"decimal", "none"}, name
    assert checked > 30


def test_the_analysts_note_is_a_box_and_event_titles_are_bold(site, chromium):
    with visit(chromium, (site / PREFIX / SLUG / "updates.html").as_uri()) as v:
        box = v.page.eval_on_selector(".edition-note", "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderInlineStartWidth, s.paddingInlineStart] }")
        page_ground = v.page.evaluate("getComputedStyle(document.querySelector('.briefbook')).backgroundColor")
    assert box[0] not in (page_ground, "rgba(0, 0, 0, 0)") and box[1] == "3px" and box[2] != "0px", box
    with visit(chromium, (site / PREFIX / SLUG / "chronology.html").as_uri()) as v:
        titles = v.page.eval_on_selector_all(".event-title", "hs => hs.map(h => { const s = getComputedStyle(h); return [h.tagName, s.fontWeight, s.fontSize] })")
    assert {tag for tag, _, _ in titles} == {"H3", "H4"}  # under a year, under a month
    assert all(int(weight) >= 700 for _, weight, _ in titles), titles
    assert len({size for _, _, size in titles}) == 1, titles  # one size, whatever the level


def test_one_footer_the_themes_with_the_colophon_in_it(site, chromium):
    for path in briefing_pages(site):
        source = path.read_text(encoding="utf-8")
        assert source.count("Made with briefbook") == 1, path
        assert 'class="colophon"' not in source and "briefbook: the colophon" not in source, path
    with visit(chromium, (site / PREFIX / SLUG / "chronology.html").as_uri()) as v:
        footers = v.page.eval_on_selector_all("footer", "fs => fs.map(f => f.innerText)")
        assert len(footers) == 1 and COLOPHON in " ".join(footers[0].split()), footers
        assert v.page.locator("footer .briefbook-colophon[lang='en']").count() == 1
    assert "Made with briefbook" not in (site / "index.html").read_text(encoding="utf-8")  # the site's own page


def test_a_theme_without_a_copyright_in_its_footer_gets_the_colophon_under_the_content(tmp_path):
    theme = tmp_path / "bare-theme"
    theme.mkdir()
    (theme / "main.html").write_text("<!doctype html><html><head><title>{{ page.title }}</title></head><body>{{ page.content }}</body></html>\n")
    config = project(tmp_path, briefbook={"pdf": False}, theme={"name": None, "custom_dir": str(theme)})
    result = build(config)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    page = (config.parent / "site" / PREFIX / SLUG / "chronology.html").read_text(encoding="utf-8")
    assert page.count("Made with briefbook") == 1
    assert re.search(r'<p class="colophon" data-search-exclude><span class="briefbook-colophon" lang="en" dir="ltr">TLP:CLEAR · As of <time[^>]*>24 February 2024</time> · Made with briefbook', page)
    assert page.index("Made with briefbook") < page.index("</body>")


def test_site_copyright_follows_the_colophon(tmp_path):
    config = project(tmp_path, briefbook={"pdf": False}, copyright="© Situation desk")
    assert build(config).returncode == 0
    page = (config.parent / "site" / PREFIX / SLUG / "claims.html").read_text(encoding="utf-8")
    assert re.search(r"<footer[^>]*>\s*<hr>\s*<p><span class=\"briefbook-colophon\"[^>]*>.*?</span><br>© Situation desk</p>", page, re.DOTALL)
    assert re.search(r"<p>© Situation desk</p>", (config.parent / "site" / "index.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_briefing_page_passes_axe_inside_the_theme(site, chromium, scheme):
    """axe-core on what briefbook puts in the page (its content and its colophon), not on the
    theme around it: MkDocs' default theme's own links fall short of 4.5:1, for one."""
    failures = {}
    with visits(chromium, scheme) as open_:
        for path in briefing_pages(site):
            v = open_(path.as_uri())
            text = v.page.evaluate("getComputedStyle(document.querySelector('.briefbook')).color")
            assert (sum(map(float, re.findall(r"[\d.]+", text)[:3])) > 382) == (scheme == "dark"), f"{path}: the theme is not {scheme}: {text}"
            violations = axe(v.page, [".briefbook", ".briefbook-colophon"])
            if violations or v.off_site:
                failures[path.relative_to(site).as_posix()] = {"axe": violations, "requests": v.off_site}
    assert failures == {}
    assert len(briefing_pages(site)) > 20
