"""Names that would collide in the output: one id for facts of two kinds, a slug that the
site's root uses for its own files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE
from generator import pipeline
from generator.render import render
from generator.site_root import RESERVED_SLUGS, ROOT_NAMES

HINT = "pages, anchors and the PDF's references are named by ids, whatever the kind: rename one"

CLASHES = {
    "an event named like an actor": (
        "events.yml", "  - id: jaish-al-adal-emerges\n", "  - id: jaish-al-adal\n",
        f"b/events.yml:5:9: error: event id 'jaish-al-adal' is also an actor's id (actors.yml line 48); {HINT}",
    ),
    "a claim named like an event": (
        "claims.yml", "  - id: jilani-fight-terrorism\n", "  - id: police-station-attack\n",
        f"b/claims.yml:4:9: error: claim id 'police-station-attack' is also an event's id (events.yml line 19); {HINT}",
    ),
    "a quote named like an actor": (
        "quotes.yml", "  - id: terrorist-organizations\n", "  - id: iran\n",
        f"b/quotes.yml:18:9: error: quote id 'iran' is also an actor's id (actors.yml line 4); {HINT}",
    ),
    "a place named like an event": (
        "places.yml", "  - id: pakistan-border\n", "  - id: claim-broadcast\n",
        f"b/places.yml:39:9: error: place id 'claim-broadcast' is also an event's id (events.yml line 158); {HINT}",
    ),
    "an actor named like a source": (
        "actors.yml", "  - id: al-arabiya-news\n", "  - id: article-2024-02-24\n",
        f"b/actors.yml:214:9: error: actor id 'article-2024-02-24' is also a source's id (sources.yml line 4); {HINT}",
    ),
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_the_example_has_no_id_shared_by_two_kinds():
    briefings, problems = pipeline.check([EXAMPLE])
    assert [str(p) for p in problems if "is also" in p.message] == []
    ids = [f.id for b in briefings for kind in ("actors", "events", "quotes", "claims", "sources") for f in getattr(b, kind)]
    assert len(ids) == len(set(ids))


def test_a_place_may_share_its_id_with_an_actor(tmp_path):
    """A state and its territory (`iran`): places have pages, anchors and map features of
    their own kind, so nothing they are named by can coincide with an actor's."""
    briefings, problems = pipeline.check([EXAMPLE])
    (b,) = briefings
    assert {"iran", "pakistan"} <= {p.id for p in b.places} & {a.id for a in b.actors}
    assert problems == []
    pages = render(briefings)
    assert "iran-pakistan-2024/places/iran.html" in {str(p) for p in pages}
    assert "iran-pakistan-2024/actors/iran.html" in {str(p) for p in pages}


@pytest.mark.parametrize("case", list(CLASHES))
def test_an_id_shared_by_two_kinds_is_refused(scratch, case):
    name, old, new, expected = CLASHES[case]
    scratch.edit(name, old, new)
    assert expected in scratch.problems()


def test_a_clash_is_refused_before_anything_is_built(scratch, tmp_path):
    """Refused, the pair never reaches the site's links or the PDF's references and bookmarks."""
    scratch.edit("actors.yml", "  - id: al-arabiya-news\n", "  - id: article-2024-02-24\n")  # both would be at .../article-2024-02-24.html
    result = run("build", "b", "--out", "site", "--no-pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert f"b/actors.yml:214:9: error: actor id 'article-2024-02-24' is also a source's id (sources.yml line 4); {HINT}" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


# --- reserved slugs -------------------------------------------------------------------------


def test_reserved_names_are_every_name_the_site_root_uses(tmp_path):
    briefings, _ = pipeline.load([EXAMPLE])
    root = {path.parts[0] for path in render(briefings, pdf=False, site_url="https://example.org/")} - {EXAMPLE.name}
    from generator.write import MARKER

    assert root | {MARKER, "search-index"} == set(ROOT_NAMES)
    assert set(RESERVED_SLUGS) == {"index", "search", "search-index", "feed", "sitemap", "assets", "briefbook-site"}


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_a_briefing_named_like_a_site_file_is_refused(tmp_path, slug):
    shutil.copytree(EXAMPLE, tmp_path / slug)
    result = run("check", slug, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{slug}/briefing.yml:1:1: error: folder name '{slug}' cannot be a briefing slug: the site's root has its own '{RESERVED_SLUGS[slug]}'; rename the folder, e.g. to '{slug}-briefing'",
        "1 error, 0 warnings",
    ]


@pytest.mark.parametrize("slug", ["assets", "search"])
def test_new_refuses_a_reserved_slug(tmp_path, slug):
    result = run("new", slug, "--root", "briefings", cwd=tmp_path)
    assert result.returncode == 2
    assert f"Invalid value for SLUG: '{slug}' cannot be a briefing slug: the site's root has its own '{RESERVED_SLUGS[slug]}'; try '{slug}-briefing'" in result.stderr
    assert not (tmp_path / "briefings" / slug).exists()
