"""Exports' rows, briefing.json's entries and search documents are remembered in runs of
consecutive facts (memo.runs): an edited, added, moved or removed fact renders again the run
it falls in, not the runs before or after it, and the files are what a clean build makes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.memo import RUN, Memo, runs
from generator import pipeline
from conftest import ROOT
from test_incremental import tree
from test_rebuild_pages import build, clean, retitle, synth  # noqa: F401 - synth is their fixture too

RUNS = ("csv-events", "ics-events", "timeline-slides\0False", "timeline-slides\0True", "json-facts", "search-event")


def made_rows(items: list[str], memo: Memo) -> tuple[list[str], list[str]]:
    """`runs` over `items` (each its own key): what it gave, and the items it made anew."""
    made: list[str] = []

    def make(item: str) -> str:
        made.append(item)
        return item.upper()

    return runs(memo, ("test",), items, items, make), made


def again(memo: Memo) -> Memo:
    """A memo for the next build, holding what `memo`'s build used."""
    following = Memo()
    following.old = memo.new
    return following


def test_an_added_moved_or_removed_item_makes_its_own_run_alone():
    items = [f"fact-{n}" for n in range(2000)]
    memo = Memo()
    out, made = made_rows(items, memo)
    assert out == [item.upper() for item in items] and made == items
    count = len(memo.new)
    assert 2000 / RUN / 2 < count < 2000 / RUN * 2, "runs of about RUN items"

    added = items[:700] + ["fact-new"] + items[700:]
    memo = again(memo)
    out, made = made_rows(added, memo)
    assert out == [item.upper() for item in added]
    assert "fact-new" in made and len(made) < 4 * RUN, "the run it falls in (cut in two, at most), not the runs after it"

    moved = added[:100] + added[1500:1501] + added[100:1500] + added[1501:]
    memo = again(memo)
    out, made = made_rows(moved, memo)
    assert out == [item.upper() for item in moved]
    assert added[1500] in made and len(made) < 8 * RUN, "the runs it left and joined"

    removed = [item for item in moved if item != "fact-1000"]
    memo = again(memo)
    out, made = made_rows(removed, memo)
    assert out == [item.upper() for item in removed] and "fact-1000" not in made
    assert 0 < len(made) < 4 * RUN


def test_the_runs_of_one_build_are_the_same_in_the_next():
    items = [f"fact-{n}" for n in range(500)]
    memo = Memo()
    made_rows(items, memo)
    memo = again(memo)
    out, made = made_rows(items, memo)
    assert made == [] and memo.misses == 0 and out == [item.upper() for item in items]


def unreferenced_event(folder: Path) -> str:
    """An event that no other fact names (so that it can be removed)."""
    texts = "\n".join(path.read_text(encoding="utf-8") for path in folder.glob("*.yml"))
    for event_id in re.findall(r"^  - id: ([a-z0-9-]+)$", (folder / "events.yml").read_text(encoding="utf-8"), re.MULTILINE):
        if texts.count(event_id) == 1:
            return event_id
    raise AssertionError("every event is named by another fact")


def event_block(text: str, event_id: str) -> str:
    found = re.search(rf"^  - id: {re.escape(event_id)}\n(?:    .*\n|      .*\n)*", text, re.MULTILINE)
    assert found is not None
    return found[0]


def rows_made(made: list[str]) -> dict[str, int]:
    return {name: made.count(name) for name in RUNS if name in made}


def test_an_added_moved_or_removed_event_gives_a_clean_build_s_bytes_and_renders_its_runs_alone(synth, tmp_path):  # noqa: F811
    folder = Path(shutil.copytree(synth, tmp_path / synth.name))
    cache = tmp_path / "cache" / "pieces"
    first, made = build(folder, cache)
    assert made.count("csv-events") > 1, "the bench's 100 events make several runs"
    events = folder / "events.yml"
    text = events.read_text(encoding="utf-8")
    gone = unreferenced_event(folder)
    block = event_block(text, gone)

    # Added: a copy of an event under a new id and title.
    copy = block.replace(f"- id: {gone}\n", f"- id: {gone}-again\n", 1)
    copy = re.sub(r"(\n    title: )(.*)", r"\1\2, again", copy, count=1)
    events.write_text(text.replace(block, block + copy, 1), encoding="utf-8")
    files, made = build(folder, cache)
    assert files == clean(folder) and f"{gone}-again" in files[next(p for p in files if p.name == "events.csv")].decode()
    assert all(0 < n <= 2 for n in rows_made(made).values()), rows_made(made)

    # Moved: the same events, the copy first in the file (the chronology's order is the dates').
    events.write_text(text.replace("events:\n", "events:\n" + copy, 1), encoding="utf-8")
    files, made = build(folder, cache)
    assert files == clean(folder)
    assert all(n <= 3 for n in rows_made(made).values()), rows_made(made)  # the run it left, and the one it joined (cut in two, at most)

    # Removed: the event (and its copy).
    events.write_text(text.replace(block, "", 1), encoding="utf-8")
    files, made = build(folder, cache)
    assert files == clean(folder) and gone not in files[next(p for p in files if p.name == "events.csv")].decode()
    assert all(0 < n <= 2 for n in rows_made(made).values()), rows_made(made)
    assert rows_made(made), "the rows around the removed events are made again"


@pytest.fixture(scope="module")
def synth_m(tmp_path_factory) -> Path:
    """bench/synth.py's size m: 1,000 events, some thirty runs of them."""
    folder = tmp_path_factory.mktemp("synth") / "weight-m"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "m", str(folder)], check=True, capture_output=True)
    return folder


def test_a_rebuild_that_reuses_most_pieces_renders_in_one_process(synth_m, tmp_path):
    from generator.render import render_into
    from generator.write import staged

    folder = Path(shutil.copytree(synth_m, tmp_path / synth_m.name))
    out, cache = tmp_path / "site", tmp_path / "cache" / "pieces"

    def build_in(workers: int) -> int:
        (briefing,), _ = pipeline.load([folder])
        memo = Memo(cache)
        with staged(out) as staging:
            paths, written, used = render_into(staging, [briefing], pdf=False, memo=memo, workers=workers, alone_if_reused=True)
            staging.commit(paths, written)
        memo.save()
        return used

    assert build_in(2) == 2, "nothing remembered: the workers share the rendering"
    first = tree(out)
    retitle(folder, re.search(r"- id: ([a-z0-9-]+)", (folder / "events.yml").read_text(encoding="utf-8"))[1])
    assert build_in(2) == 1, "one event changed: this process renders it alone"
    assert tree(out) != first
    briefing = folder / "briefing.yml"
    briefing.write_text(re.sub(r"handling: .*", "handling: TLP:GREEN", briefing.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    assert build_in(2) == 2, "the masthead changed: every piece is rendered again"


def test_an_added_quote_updates_every_page_that_counts_or_pages_them(synth, tmp_path):  # noqa: F811
    # The quotes' pages say how many quotes there are ("Quotations 1–8 of 51"), and the pages
    # of the first edition's changes how many it made: the pages whose own quotes and changes
    # are as they were must still be made again, as a clean build makes them.
    folder = Path(shutil.copytree(synth, tmp_path / synth.name))
    cache = tmp_path / "cache" / "pieces"
    build(folder, cache)
    quotes = folder / "quotes.yml"
    text = quotes.read_text(encoding="utf-8")
    blocks = [event_block(text, quote_id) for quote_id in re.findall(r"^  - id: ([a-z0-9-]+)$", text, re.MULTILINE)]
    block = next(b for b in reversed(blocks) if "added:" not in b and "updated:" not in b)  # a fact of the first edition
    copy = block.replace("  - id: ", "  - id: again-", 1)
    quotes.write_text(text + copy, encoding="utf-8")
    files, made = build(folder, cache)
    assert files == clean(folder)
    assert made.count("quotes-part") > 1 and "updates-part" in made
