"""`briefbook build`: the example briefing built for real, its pages read back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from linkcheck import Page
from tools import not_steps

from conftest import EXAMPLE, ROOT
from generator import cache, pipeline
from generator.render import render

SLUG = "iran-pakistan-2024"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page.read(p) for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def briefing():
    (b,), _ = pipeline.check([EXAMPLE])
    return b


def test_every_page_exists(pages, briefing):
    expected = {"index.html", "search.html", f"{SLUG}/index.html", f"{SLUG}/updates.html", f"{SLUG}/chronology.html", f"{SLUG}/actors/index.html",
                f"{SLUG}/quotes.html", f"{SLUG}/claims.html", f"{SLUG}/sources/index.html", f"{SLUG}/places.html",
                f"{SLUG}/data.html", f"{SLUG}/search.html"}
    expected |= {f"{SLUG}/actors/{a.id}.html" for a in briefing.actors}
    expected |= {f"{SLUG}/sources/{s.id}.html" for s in briefing.sources}
    expected |= {f"{SLUG}/places/{p.id}.html" for p in briefing.places}
    assert set(pages) == expected


def test_every_event_quote_claim_has_its_permalink(pages, briefing):
    assert {e.id for e in briefing.events} <= pages[f"{SLUG}/chronology.html"].ids
    assert {q.id for q in briefing.quotes} <= pages[f"{SLUG}/quotes.html"].ids
    assert {c.id for c in briefing.claims} <= pages[f"{SLUG}/claims.html"].ids


def test_every_statement_and_citation_appears(pages, briefing):
    chronology = pages[f"{SLUG}/chronology.html"].plain
    for event in briefing.events:
        assert event.title in chronology
        for account in event.accounts:
            for citation in account.citations:
                assert " ".join(citation.excerpt.split()) in chronology
    quotes = pages[f"{SLUG}/quotes.html"].plain
    for quote in briefing.quotes:
        assert quote.text in quotes and "Checked verbatim" in quotes
    everything = " ".join(p.plain for p in pages.values())
    for actor in briefing.actors:
        assert actor.name in pages[f"{SLUG}/actors/index.html"].plain
        for citation in actor.citations:
            assert " ".join(citation.excerpt.split()) in pages[f"{SLUG}/actors/{actor.id}.html"].plain
    assert "Claimed by Iranian military" in chronology
    assert "Alleged by Pakistan" in chronology
    assert "late night, 16 January 2024" in chronology
    assert "source’s words: “late night on January 16 this year”" in chronology
    assert "December 2023" in chronology and "c. January 2024" in chronology
    assert "relaying Iran International English → Iranian state media" in everything


def test_links_and_anchors_resolve(site, pages):
    checked = 0
    for name, page in pages.items():
        for tag, attr, url in page.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto") or url.startswith("data:"):
                continue
            assert not parts.scheme and not parts.netloc, f"{name}: non-relative {url}"
            target = (page.path.parent / unquote(parts.path)).resolve() if parts.path else page.path
            assert target.is_file(), f"{name}: broken link {url}"
            if parts.fragment and target.suffix == ".html":
                anchors = pages[target.relative_to(site.resolve()).as_posix()].ids
                assert parts.fragment in anchors, f"{name}: missing anchor {url}"
            checked += 1
    assert checked > 500


def test_pages_make_no_request_to_another_host(pages):
    for name, page in pages.items():
        for tag, attr, url in page.links:
            if attr == "src" or (tag == "link" and attr == "href"):
                assert "://" not in url and not url.startswith("//"), f"{name}: {tag} {url}"


def test_passages_link_both_ways(pages, briefing):
    source = pages[f"{SLUG}/sources/{briefing.sources[0].id}.html"]
    passages = {i for i in source.ids if i.startswith("passage-")}
    assert len(passages) >= 30
    chronology = pages[f"{SLUG}/chronology.html"]
    cited = {urlsplit(u).fragment for _, _, u in chronology.links if "sources/" in u and "#" in u}
    assert cited and cited <= passages
    back = {u for _, _, u in source.links if u.startswith("../chronology.html#")}
    assert {f"../chronology.html#{e.id}" for e in briefing.events} <= back


def test_jsonld_and_briefing_json(site, pages, briefing):
    for name, page in pages.items():
        if name in ("index.html", "search.html"):
            continue  # the site's own pages, not a briefing's
        (ld,) = page.jsonld
        data = json.loads(ld)
        assert data["@context"] == "https://schema.org"
    graph = json.loads(pages[f"{SLUG}/chronology.html"].jsonld[0])["@graph"]
    assert {item["@type"] for item in graph if "#" in item["url"]} == {"Event", "Claim"}
    # Besides, each actor, place and source the events refer to, once, at its own page.
    entities = [item["@id"] for item in graph if "#" not in item["url"]]
    assert len(entities) == len(set(entities)) and {e.split("/")[0] for e in entities} == {"actors", "places", "sources"}
    exported = json.loads((site / SLUG / "briefing.json").read_text())
    assert [e["id"] for e in exported["events"]] == [e.id for e in briefing.events]
    police = next(e for e in exported["events"] if e["id"] == "police-station-attack")
    assert police["date"]["resolved"] == {"edtf": "2023-12", "label": "December 2023", "start": "2023-12-01", "end": "2023-12-31"}


def test_two_builds_are_byte_identical(tmp_path):
    briefings, _ = pipeline.load([EXAMPLE])
    assert render(briefings) == render(briefings)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(out)], check=True, capture_output=True)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_failed_build_leaves_previous_site_and_writes_nothing(scratch, tmp_path):
    out = tmp_path / "out"
    pipeline.build([Path("b")], out, None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: nobody\n")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "b", "--out", str(out)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "b/events.yml:36:13: error: unknown actor 'nobody'" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefbook-cache", "b", "out"]  # no staging folder left behind


def test_unchanged_files_are_not_rewritten(scratch, tmp_path):
    out = tmp_path / "out"
    pipeline.build([Path("b")], out, None)
    stamps = {p: p.stat().st_ino for p in out.rglob("*.html")}
    scratch.edit("quotes.yml", "barred the Iranian\n      ambassador's return.", "barred Iran's ambassador from returning.")
    _, report = pipeline.build([Path("b")], out, None)
    changed = {p for p in out.rglob("*.html") if p.stat().st_ino != stamps.get(p)}
    assert report.written == len(changed) + 3  # the pages showing the quote, briefing.json, quotes.csv, search-index.js
    assert changed == {out / "b" / "quotes.html", out / "b" / "actors" / "pakistan.html"}


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.txt").write_text("years of work")
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(tmp_path / "precious")], capture_output=True, text=True)
    assert result.returncode == 1 and "was not made by briefbook" in result.stderr
    assert (tmp_path / "precious" / "thesis.txt").read_text() == "years of work"


def test_text_from_fact_files_is_escaped(scratch, tmp_path):
    scratch.edit("events.yml", "title: Jaish al-Adal emerges", "title: Jaish <script>alert(1)</script> & \"co\"")
    scratch.edit("events.yml", "text: Jaish al-Adal emerged in 2012, according to Al Arabiya News.",
                 "text: 'Emerged <img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](https://example.com/i.png) [ok](https://example.org)'")
    out = tmp_path / "out"
    pipeline.build([Path("b")], out, None)
    html = (out / "b" / "chronology.html").read_text()
    assert "<script>alert(1)</script>" not in html and "Jaish &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;co&#34;" in html
    assert "<img" not in html and "Emerged &lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1))" in html
    assert 'href="javascript:' not in html
    assert '<a href="https://example.org" rel="external noopener noreferrer">ok</a>' in html
    ld = Page.read(out / "b" / "chronology.html").jsonld[0]
    assert "</script" not in ld and json.loads(ld)


def test_build_cli_default_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(tmp_path / "s")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / SLUG / "index.html").is_file()


def test_build_reports_steps_when_verbose_and_nothing_when_quiet(tmp_path):
    def run(*flags):
        return subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--no-pdf", "--out", str(tmp_path / "s"), *flags], capture_output=True, text=True)

    verbose = run("--verbose")
    assert verbose.returncode == 0
    steps = [line.strip().split(" (")[0] for line in verbose.stderr.splitlines()]
    assert steps[0] == "checked 1 briefing: 9 events, 1 source" and steps[-2] == f"wrote {tmp_path / 's'}/"
    assert steps[-1].startswith("cache: ") and steps[-1].endswith(f" MB in {cache.site_folder(tmp_path / 's')}/")  # the working folder's cache
    assert any(step.startswith("rendered ") for step in steps)
    quiet = run("--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    normal = run()
    assert not_steps(normal.stderr) == [] and normal.stdout.startswith("built 1 briefing")  # quiet but for steps, were it slow


def test_json_ld_gives_prose_as_a_reader_reads_it(site):
    """Descriptions, claims and editions' notes as plain text: no Markdown, no fact links' targets."""
    import re

    scripts = [s for path in sorted(site.rglob("*.html")) for s in re.findall(r'<script type="application/ld\+json">(.*?)</script>', path.read_text(), re.S)]
    blob = json.dumps([json.loads(s) for s in scripts], ensure_ascii=False)
    assert "Jaish al-Adal" in blob and "description" in blob
    assert not re.search(r"\]\((actor|event|place|claim|quote|source):", blob)


def test_a_role_its_holders_name_says_is_not_said_again(site, pages):
    """The site says "Iran's ambassador to Pakistan" once, as the printed briefing does: in
    Iran's roles and in the description made for it."""
    iran = pages[f"{SLUG}/actors/iran.html"].plain
    assert "Iran's ambassador to Pakistan: Ambassador" not in iran and "(Ambassador to Pakistan)" not in iran
    assert "Roles in it: Hossein Amir-Abdullahian (Iranian counterpart of Pakistan's then Foreign Minister); Iran's ambassador to Pakistan." in iran
    html = (site / SLUG / "actors" / "iran.html").read_text(encoding="utf-8")
    assert "Hossein Amir-Abdullahian</a>: Iranian counterpart" in html  # a role the name does not say keeps its title
    assert "Iran&#39;s ambassador to Pakistan</a> <sup" in html
