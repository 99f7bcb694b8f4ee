"""Print editions (`briefbook pdf --since/--actor/--sections`): the example's editions made for
real, read back with poppler and pypdf: what each holds and leaves out, its outline, its cover
line, and page references that still name the right pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EXAMPLE
from generator import pipeline
from test_pdf import SLUG, briefbook, flat, outline, page_references, page_texts

ALL_EVENTS = {
    "jaish-al-adal-emerges", "police-station-attack", "iran-strikes-in-pakistan", "pakistan-recalls-ambassador", "pakistan-strike-in-iran",
    "security-cooperation-agreement", "shah-bakhsh-killing", "claim-broadcast", "iran-enters-pakistan",
}


@pytest.fixture(scope="module")
def briefing():
    (b,), _ = pipeline.load([EXAMPLE])
    return b


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    """Three print editions of the example, written by three runs into one folder."""
    out = tmp_path_factory.mktemp("editions") / "out"
    for options in (["--actor", "jaish-al-adal"], ["--since", "2024-01-18"], ["--sections", "cover,summary,chronology"]):
        result = briefbook("pdf", EXAMPLE, "--out", out, "-q", *options)
        assert result.returncode == 0, result.stderr
    return out / SLUG


def destinations(path: Path) -> set[str]:
    return set(PdfReader(path).named_destinations)


def assert_links_and_page_references_hold(path: Path) -> None:
    """Every internal link goes to an anchor the PDF holds; every "p. N" names its target's page."""
    reader = PdfReader(path)
    pages = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    for _, target, text in page_references(path):
        assert target in pages, f"a link to {target}, which this edition does not print"
        if text.startswith("p."):
            assert text == f"p. {pages[target]}", (target, text)


def test_each_print_edition_has_its_own_file(editions):
    assert sorted(p.name for p in editions.iterdir()) == [
        f"{SLUG}-actor-jaish-al-adal.pdf",
        f"{SLUG}-cover-summary-chronology.pdf",
        f"{SLUG}-since-2024-01-18.pdf",
    ]


def test_actor_dossier_holds_the_actor_its_events_quotes_and_claims_and_nothing_else(editions, briefing):
    path = editions / f"{SLUG}-actor-jaish-al-adal.pdf"
    pages = page_texts(path)
    assert "Print edition: the dossier of Jaish al-Adal: its events, quotes and claims by and about it." in " ".join(pages[0].split())
    held = destinations(path)
    involved = {"jaish-al-adal-emerges", "police-station-attack", "iran-strikes-in-pakistan", "shah-bakhsh-killing", "iran-enters-pakistan"}
    assert held & ALL_EVENTS == involved  # every event it takes part in, no other
    assert not held & {q.id for q in briefing.quotes} and not held & {c.id for c in briefing.claims}  # it says and is the subject of none
    actors = {i.removeprefix("actor_") for i in held if i.startswith("actor_")}
    assert "jaish-al-adal" in actors and "iran-international-english" not in actors  # those its events name, not the rest
    assert {"ismail-shah-bakhsh", "iran-military", "iran", "pakistan"} <= actors
    marks = [title for depth, title, _ in outline(path) if depth == 0]
    assert marks == ["Summary", "Key points", "Contents", "What this edition changed", "Chronology", "Quotes", "Claims", "Actors", "Places", "Sources", "Evidence"]
    assert_links_and_page_references_hold(path)


def test_since_a_day_holds_the_facts_since_then_and_the_editions_note(editions, briefing):
    path = editions / f"{SLUG}-since-2024-01-18.pdf"
    cover = " ".join(page_texts(path)[0].split())
    assert "Print edition: the events and facts since 18 January 2024, with what they refer to." in cover
    contents = " ".join(page_texts(path)[1].split())
    assert "WHAT THIS EDITION CHANGED" in contents and flat("First edition: the chronology from Jaish al-Adal's emergence in 2012") in flat(contents)
    held = destinations(path)
    # 16 and 17 January are before the day; a month or a span reaching past it counts
    assert held & ALL_EVENTS == {"pakistan-strike-in-iran", "security-cooperation-agreement", "shah-bakhsh-killing", "claim-broadcast", "iran-enters-pakistan"}
    assert "gross-violation-of-sovereignty" not in held  # said of the recall of 17 January
    assert "terrorist-organizations" in held and "jilani-fight-terrorism" in held  # of the agreement, kept
    assert_links_and_page_references_hold(path)


def test_sections_print_only_those_then_the_sources_and_evidence(editions, briefing):
    path = editions / f"{SLUG}-cover-summary-chronology.pdf"
    marks = outline(path)
    assert [title for depth, title, _ in marks if depth == 0] == ["Summary", "Key points", "What this edition changed", "Chronology", "Sources", "Evidence"]
    text = flat("\n".join(page_texts(path)))
    assert all(flat(e.title) in text for e in briefing.events)
    held = destinations(path)
    assert "sec_contents" not in held and not held & ({q.id for q in briefing.quotes} | {c.id for c in briefing.claims})
    assert not {i for i in held if i.startswith("actor_")}  # actors are named, unlinked, without profiles
    assert_links_and_page_references_hold(path)


@pytest.mark.parametrize(
    "options, message",
    [
        (["--actor", "jaish-al-adl"], "Error: --actor: iran-pakistan-2024 has no actor 'jaish-al-adl'; did you mean 'jaish-al-adal'?"),
        (["--since", "18 January 2024"], "Error: --since takes a day as YYYY-MM-DD, such as 2024-01-16, not '18 January 2024'"),
        (["--since", "2024-02-30"], "Error: --since: 2024-02-30 is not a day of the calendar"),
        (["--sections", "cover,summry"], "Error: --sections: unknown section 'summry'; did you mean 'summary'? (sections: cover, summary, contents, chronology, quotes, claims, actors, places, sources, evidence)"),
        (["--sections", ","], "Error: --sections needs at least one section, e.g. --sections cover,summary,chronology"),
    ],
)
def test_a_bad_edition_is_a_usage_error_that_writes_nothing(tmp_path, options, message):
    result = briefbook("pdf", EXAMPLE, "--out", tmp_path / "out", *options)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == message
    assert not (tmp_path / "out").exists()
