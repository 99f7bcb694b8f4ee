"""Editions that keep themselves: `briefbook edition` snapshots the briefing, and the change
log, the marks, the feeds and the removed-fact pages are read from the snapshots.

The editions are made with the commands, from scripted edits of the invented multi-source
test briefing: a source added with add-source, a new account on an old event, an edit of
wording only, a quote and then an actor removed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import EXAMPLE, ROOT
from generator import pipeline

HERALD = ROOT / "tests" / "documents" / "aldoria-herald-2025-03-26.txt"
ATOM = "{http://www.w3.org/2005/Atom}"
NEW_ACCOUNT = """
      - text: Zemara's interior ministry said that a third child had died of wounds suffered in the strike.
        stance: claimed
        by: [zemara-interior-ministry]
        citations:
          - source: aldoria-herald-2025-03-26
            excerpt: Zemara's interior ministry said on Tuesday that a third child had died of wounds suffered in the strike on Harvel.
"""
HERALD_ACTOR = """
  - id: aldorian-herald
    name: The Aldorian Herald
    kind: media-outlet
    citations:
      - source: aldoria-herald-2025-03-26
        excerpt: The Aldorian Herald, 26 March 2025
"""


def briefbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def edition(tmp_path: Path, day: str, note: str) -> str:
    done = briefbook(tmp_path, "edition", "b", "--date", day, "--note", note)
    assert done.returncode == 0, done.stderr
    return done.stdout


def build(tmp_path: Path) -> Path:
    done = briefbook(tmp_path, "build", "b", "--out", "site", "--no-pdf")
    assert done.returncode == 0, done.stderr
    return tmp_path / "site" / "b"


def section(page: str, anchor: str) -> str:
    """The updates page's section of one edition."""
    start = page.index(f'<section class="edition" id="{anchor}"')
    return page[start : page.index("</section>", start)]


def listed(html: str) -> list[str]:
    """'Badge: label' of each change listed in an edition's section."""
    items = re.findall(r'<li><span class="badge badge-\w+">(\w+)</span> <a href="[^"]*">([^<]*)</a>', html)
    return [f"{how}: {label}" for how, label in items]


def test_two_editions_made_with_the_command(multi, tmp_path):
    assert edition(tmp_path, "2025-03-20", "First edition.") == (
        "recorded the edition (23 added, 0 changed, 0 removed): wrote b/editions/2025-03-20.yml, b/briefing.yml\n"
    )
    # The second edition: a source, its outlet and a new account; a quote removed; wording re-spaced.
    shutil.copy(HERALD, tmp_path / "herald.txt")
    added = briefbook(tmp_path, "add-source", "b", "herald.txt", "--id", "aldoria-herald-2025-03-26", "--title", "A third child dies", "--published", "2025-03-26")
    assert added.returncode == 0, added.stderr
    multi.edit("events.yml", "      - text: Zemara summoned Aldoria's envoy the day after the strike.", "      - text: >-\n          Zemara summoned Aldoria's envoy\n          the day after the strike.")
    harvel = (multi.folder / "events.yml").read_text(encoding="utf-8")
    start = harvel.index("  - id: harvel-strike")
    end = harvel.index("  - id: envoy-summoned")
    multi.write("events.yml", harvel[:end].rstrip("\n") + NEW_ACCOUNT + "\n" + harvel[end:])
    quotes = (multi.folder / "quotes.yml").read_text(encoding="utf-8")
    multi.write("quotes.yml", quotes[: quotes.index("quotes:")] + "quotes: []\n")
    multi.write("actors.yml", (multi.folder / "actors.yml").read_text(encoding="utf-8").rstrip("\n") + "\n" + HERALD_ACTOR)
    assert start < end

    checked = briefbook(tmp_path, "check", "b")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-5:] == [
        "b: since the edition of 2025-03-20: 2 added, 1 changed, 1 removed (`briefbook edition` publishes them)",
        "  added actor 'aldorian-herald'",
        "  added source 'aldoria-herald-2025-03-26'",
        "  changed event 'harvel-strike'",
        "  removed quote 'flagrant-violation'",
    ]
    assert edition(tmp_path, "2025-03-27", "A third child has died, Zemara says.").startswith("recorded the edition (2 added, 1 changed, 1 removed)")

    site = build(tmp_path)
    updates = (site / "updates.html").read_text(encoding="utf-8")
    assert listed(section(updates, "edition-2025-03-27")) == [
        "Updated: Strike on Harvel",
        "New: The Aldorian Herald",
        "Removed: نقض آشکار حاکمیت ملی",  # as its snapshot named it: the quote is gone
        "New: A third child dies",
    ]
    assert "Updated" not in section(updates, "edition-2025-03-20")  # a first edition only adds
    chronology = (site / "chronology.html").read_text(encoding="utf-8")
    marked = re.findall(r'<article class="event[^"]*" id="([\w-]+)".*?</article>', chronology, re.S)
    badged = [i for i in marked if 'badge-updated' in chronology[chronology.index(f'id="{i}"') :].split("</article>")[0]]
    assert badged == ["harvel-strike"], "only the event that gained an account is marked"
    sources = (site / "sources" / "index.html").read_text(encoding="utf-8")
    herald_card = sources[sources.index('id="aldoria-herald-2025-03-26"') :].split("</article>")[0]
    assert "badge-new" in herald_card
    assert "Added in <a" in (site / "sources" / "aldoria-herald-2025-03-26.html").read_text(encoding="utf-8")
    quotes_page = (site / "quotes.html").read_text(encoding="utf-8")
    assert re.search(r'<li id="flagrant-violation">.*removed in <a href="updates.html#edition-2025-03-27">the edition of 27 March 2025</a>', quotes_page)

    feed = ET.fromstring((site / "feed.atom").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in entries] == ["2025-03-27", "2025-03-20"]
    content = entries[0].find(f"{ATOM}content").text
    assert "Removed: <a href=\"quotes.html#flagrant-violation\">" in content and "Updated: <a href=\"chronology.html#harvel-strike\">" in content

    # A third edition removes the outlet: its page says so instead of going missing.
    actors = (multi.folder / "actors.yml").read_text(encoding="utf-8")
    multi.write("actors.yml", actors.replace(HERALD_ACTOR, "\n"))
    assert edition(tmp_path, "2025-04-03", "The Herald's entry removed.").startswith("recorded the edition (0 added, 0 changed, 1 removed)")
    site = build(tmp_path)
    removed = (site / "actors" / "aldorian-herald.html").read_text(encoding="utf-8")
    assert "<h1>The Aldorian Herald</h1>" in removed
    assert 'removed from the briefing in <a href="../updates.html#edition-2025-04-03">the edition of 3 April 2025</a>' in removed
    herald_source = (site / "sources" / "aldoria-herald-2025-03-26.html").read_text(encoding="utf-8")
    assert "Added in <a" in herald_source and "last changed" not in herald_source


def test_cosmetic_edits_are_no_change(multi, tmp_path):
    edition(tmp_path, "2025-03-20", "First edition.")
    multi.edit("events.yml", "title: Zemara summons Aldoria's envoy", "title:   Zemara summons Aldoria's envoy  # the envoy")
    multi.edit("events.yml", "    actors: [zemara, aldoria]\n    accounts:", "    accounts:", 1)
    multi.edit("events.yml", "  - id: envoy-summoned\n", "  - id: envoy-summoned\n    actors: [zemara, aldoria]\n")
    assert briefbook(tmp_path, "check", "b").stdout.splitlines()[-1] == "b: since the edition of 2025-03-20: nothing changed"


def test_the_example_s_first_edition_is_a_snapshot(tmp_path):
    """What --from-marks writes for the example is the snapshot committed with it."""
    shutil.copytree(EXAMPLE, tmp_path / "b")
    shutil.rmtree(tmp_path / "b" / "editions")
    done = briefbook(tmp_path, "edition", "b", "--from-marks")
    assert done.returncode == 0, done.stderr
    committed = EXAMPLE / "editions" / "2024-02-24.yml"
    assert (tmp_path / "b" / "editions" / "2024-02-24.yml").read_bytes() == committed.read_bytes()
    assert "  - [event, iran-strikes-in-pakistan, " in committed.read_text(encoding="utf-8")


def test_marks_give_the_same_change_log_as_their_snapshots(scratch, tmp_path):
    """A briefing whose editions were kept by hand reads the same after --from-marks."""
    shutil.rmtree(scratch.folder / "editions")
    scratch.edit("briefing.yml", "editions:\n", "editions:\n  - date: 2024-03-01\n    text: Second edition.\n")
    scratch.edit("briefing.yml", "as_of: 2024-02-24", "as_of: 2024-03-01")
    scratch.edit("events.yml", "  - id: claim-broadcast\n", "  - id: claim-broadcast\n    updated: 2024-03-01\n")
    scratch.edit("quotes.yml", "  - id: terrorist-organizations\n", "  - id: terrorist-organizations\n    added: 2024-02-25\n")
    by_marks = build_pages(tmp_path)
    done = briefbook(tmp_path, "edition", "b", "--from-marks")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (scratch.folder / "editions").iterdir()) == ["2024-02-24.yml", "2024-03-01.yml"]
    assert scratch.problems() == []
    assert build_pages(tmp_path) == by_marks


def build_pages(tmp_path: Path) -> dict[str, str]:
    """The pages that show changes, but for the updates page's closing rule, which says how
    the change log was read (from marks, from snapshots)."""
    site = build(tmp_path)
    pages = {name: (site / name).read_text(encoding="utf-8") for name in ("updates.html", "chronology.html", "quotes.html", "feed.atom")}
    pages["updates.html"] = re.sub(r'<p class="edition-rule">.*?</p>', "", pages["updates.html"], flags=re.S)
    return pages


def test_preview_shows_the_coming_edition(multi, tmp_path):
    edition(tmp_path, "2025-03-20", "First edition.")
    multi.edit("events.yml", "title: Zemara summons Aldoria's envoy", "title: Zemara summons the envoy of Aldoria")
    pipeline.build([Path("b")], tmp_path / "preview", None, preview=True)
    updates = (tmp_path / "preview" / "b" / "updates.html").read_text(encoding="utf-8")
    assert listed(section(updates, "edition-coming")) == ["Updated: Zemara summons the envoy of Aldoria"]
    assert "The coming edition (not published yet)" in updates
    assert "edition-coming" not in (build(tmp_path) / "updates.html").read_text(encoding="utf-8")


def test_bad_editions_are_reported_where_they_are(multi, tmp_path):
    edition(tmp_path, "2025-03-20", "First edition.")
    snapshot = multi.folder / "editions" / "2025-03-20.yml"
    text = snapshot.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines, 1) if "harvel-strike" in l)
    lines[line - 1] = lines[line - 1].replace("[event,", "[gadget,").replace(", harvel-strike,", ", Harvel Strike,")
    snapshot.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = multi.problems()
    assert [p.split(": error: ")[0] for p in problems] == [f"b/editions/2025-03-20.yml:{line}:5"] * 2, problems
    assert "gadget" in "".join(problems) and "Harvel Strike" in "".join(problems), problems
    snapshot.write_text(text, encoding="utf-8")

    # An edition that is not after the latest, and a snapshot that no edition lists.
    late = briefbook(tmp_path, "edition", "b", "--date", "2025-03-19", "--note", "Earlier.")
    assert late.returncode == 1 and "would not be after the latest edition (2025-03-20)" in late.stderr
    shutil.copy(snapshot, multi.folder / "editions" / "2025-03-21.yml")
    assert "b/editions/2025-03-21.yml:3:10: error: the snapshot of the edition of 2025-03-20 is named 2025-03-21.yml" in "\n".join(multi.problems())
    (multi.folder / "editions" / "2025-03-21.yml").unlink()
    # A mark by hand that the snapshots contradict.
    multi.edit("events.yml", "  - id: envoy-summoned\n", "  - id: envoy-summoned\n    added: 2025-03-20\n")
    assert multi.problems() == []  # it was in that edition: the mark agrees
    multi.edit("briefing.yml", "editions:\n", "editions:\n  - date: 2025-03-27\n    text: Second.\n")
    multi.edit("briefing.yml", "as_of: 2025-03-20", "as_of: 2025-03-27")
    assert [p.split(": error: ")[1].split(";")[0] for p in multi.problems()] == ["the edition of 2025-03-27 has no snapshot (editions/2025-03-27.yml)"]


def test_a_snapshot_line_of_the_wrong_length_says_what_a_line_holds(multi, tmp_path):
    edition(tmp_path, "2025-03-20", "First edition.")
    snapshot = multi.folder / "editions" / "2025-03-20.yml"
    lines = snapshot.read_text(encoding="utf-8").splitlines()
    lines[4] = "  - [event, harvel-strike]"
    snapshot.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert multi.problems() == ["b/editions/2025-03-20.yml:5:5: error: a fact is written [kind, id, digest, title], not 2 items"]


def test_an_edition_records_its_trend(multi, tmp_path):
    before = (multi.folder / "briefing.yml").read_bytes()
    refused = briefbook(tmp_path, "edition", "b", "--date", "2025-03-20", "--note", "First.", "--trend", "improved")
    assert refused.returncode == 1 and "a first edition has no trend" in refused.stderr
    assert (multi.folder / "briefing.yml").read_bytes() == before  # nothing changed
    edition(tmp_path, "2025-03-20", "First edition.")
    multi.edit("events.yml", "Zemara summoned Aldoria's envoy the day after the strike.", "Zemara summoned Aldoria's envoy the day after the strike, it said.")
    done = briefbook(tmp_path, "edition", "b", "--date", "2025-03-27", "--note", "Zemara's account.", "--trend", "deteriorated")
    assert done.returncode == 0, done.stderr
    (briefing,), problems = pipeline.check([multi.folder])
    assert [(e.date, e.trend) for e in briefing.meta.editions] == [("2025-03-27", "deteriorated"), ("2025-03-20", None)]
    assert "▼ Deteriorated" in (build(tmp_path) / "index.html").read_text(encoding="utf-8")
    bad = briefbook(tmp_path, "edition", "b", "--date", "2025-04-01", "--note", "x", "--trend", "worse")
    assert bad.returncode == 2 and "'worse' is not one of" in bad.stderr
