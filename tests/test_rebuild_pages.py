"""A paged chronology after an edit: only the page of the edited event's period is rendered
again, the others (and their cards) are reused, and the site is what a clean build makes.

bench/synth.py's size s (100 events) paged with a low `per_page`, rendered with a memo kept
on disk as a build keeps it (render/store.py), so that the pieces a reused page was made of
are kept unread from one build to the next.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from conftest import ROOT
from generator import pipeline
from generator.render import render
from generator.render.memo import Memo

PER_PAGE = 8
SYNTH = "weight-s"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / SYNTH
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "s", str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture
def folder(synth, tmp_path) -> Path:
    return Path(shutil.copytree(synth, tmp_path / SYNTH))


def build(folder: Path, cache: Path):
    """Check and render as a build does, the memo read from and saved to `cache`; the files,
    and the names of the pieces rendered anew (those the cache did not hold)."""
    (briefing,), problems = pipeline.check([folder])
    assert problems == []
    memo = Memo(cache)
    before = set(memo.old.where)
    files = render([briefing], pdf=False, memo=memo, per_page=PER_PAGE)
    memo.save()
    made = [key[1] for key, value in memo.new.items() if key not in before and key[0] != "parts"]
    return files, made


def clean(folder: Path):
    (briefing,), _ = pipeline.check([folder])
    return render([briefing], pdf=False, per_page=PER_PAGE)


def retitle(folder: Path, event_id: str) -> None:
    events = folder / "events.yml"
    text = events.read_text(encoding="utf-8")
    edited = re.sub(rf"(- id: {re.escape(event_id)}\n\s+title: )(.*)", r"\1\2 (revised)", text, count=1)
    assert edited != text
    events.write_text(edited, encoding="utf-8")


def pages_by_event(files) -> dict[str, PurePosixPath]:
    """The chronology page that holds each event's card."""
    found = {}
    for path, data in files.items():
        if path.parent.name == "chronology":
            for event_id in re.findall(r'<article class="event[^"]*" id="([^"]+)"', data.decode()):
                found[event_id] = path
    return found


def test_an_edit_rerenders_the_page_of_its_period_alone(folder, tmp_path):
    cache = tmp_path / "cache" / "pieces"
    first, made = build(folder, cache)
    pages = pages_by_event(first)
    assert made.count("chronology-part") == len({*pages.values()}) > 5
    one, other = next(iter(pages)), next(e for e, page in pages.items() if page != pages[next(iter(pages))])

    retitle(folder, one)
    files, made = build(folder, cache)
    assert files == clean(folder)
    assert made.count("chronology-part") == 1 and made.count("event-card") == 1
    assert files[pages[one]] != first[pages[one]] and files[pages[other]] == first[pages[other]]

    # The other page was reused whole last time: its cards were kept for it, unread, so
    # editing one of its events renders that card alone.
    retitle(folder, other)
    files, made = build(folder, cache)
    assert files == clean(folder)
    assert made.count("chronology-part") == 1 and made.count("event-card") == 1


def test_an_event_moved_to_another_period_is_on_its_new_page_as_in_a_clean_build(folder, tmp_path):
    cache = tmp_path / "cache" / "pieces"
    first, _ = build(folder, cache)
    events = folder / "events.yml"
    text = events.read_text(encoding="utf-8")
    moved = re.search(r'- id: ([a-z0-9-]+)\n    title: [^\n]*\n    date: "(\d{4})-\d{2}-\d{2}"\n', text)
    assert moved is not None
    event_id, year = moved[1], moved[2]
    before = pages_by_event(first)[event_id]
    events.write_text(text.replace(moved[0], moved[0].replace(f'"{year}-', '"2019-'), 1), encoding="utf-8")
    files, made = build(folder, cache)
    assert files == clean(folder)
    assert pages_by_event(files)[event_id] != before and "chronology-part" in made

    # And back: the first build's pages again.
    events.write_text(text, encoding="utf-8")
    files, _ = build(folder, cache)
    assert files == first == clean(folder)
