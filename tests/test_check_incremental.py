"""A rebuild's check, which repeats what was found of the items it did not read again, reports
exactly what a clean check reports, edit after edit, as problems come and go: references
(an id added, renamed, no longer used), dates (read against another event, a source's
publication), the change log's marks (against the as-of date and the editions), a changed
document."""

from __future__ import annotations

from pathlib import Path

from generator import pipeline
from generator.reread import FactFiles

ENVOY = "    actors: [zemara, aldoria]\n    accounts:\n      - text: Zemara summoned"
NOBODY = """  - id: nobody-here
    name: Nobody Here
    kind: person
    citations:
      - source: courier-2025-03-20
        excerpt: Zemara summoned Aldoria's envoy the next day.

"""

# (file, old text, new text, what the report then holds, what it no longer holds)
EDITS = [
    ("events.yml", ENVOY, ENVOY.replace("aldoria]", "aldoria, nobody-here]"), "unknown actor 'nobody-here'", None),
    ("actors.yml", "  - id: zemara\n", NOBODY + "  - id: zemara\n", None, "unknown actor 'nobody-here'"),
    ("events.yml", ", nobody-here]", "]", "actor 'nobody-here' is never cited or referred to", None),
    ("actors.yml", NOBODY, "", None, "nobody-here"),
    # the envoy's date is read against the strike's: moving the strike moves it too
    ("events.yml", "date: 2025-03-02/2025-03-03", "date: 2025-03-22/2025-03-23", "event 'envoy-summoned' is dated", None),
    ("events.yml", "date: 2025-03-22/2025-03-23", "date: 2025-03-02/2025-03-03", None, "is dated"),
    ("sources.yml", "published: 2025-03-20", "published: 2025-03-01", "after every source that reports it", None),
    ("sources.yml", "published: 2025-03-01", "published: 2025-03-20", None, "after every source that reports it"),
    # an id renamed: the items that refer to it, unread, now refer to nothing
    ("actors.yml", "  - id: zemara\n", "  - id: zemara-state\n", "unknown actor 'zemara'", None),
    ("actors.yml", "  - id: zemara-state\n", "  - id: zemara\n", None, "unknown actor 'zemara'"),
    ("events.yml", "  - id: harvel-strike\n", "  - id: harvel-strikes\n", "unknown event 'harvel-strike'", None),
    ("events.yml", "  - id: harvel-strikes\n", "  - id: harvel-strike\n", None, "unknown event"),
    # the change log: a mark after the as-of date, then the as-of date moved past it; the
    # first edition recorded, and an unread fact is found marked before its source's publication
    ("events.yml", "  - id: envoy-summoned\n", "  - id: envoy-summoned\n    added: 2025-03-25\n", "after the briefing's as-of date", None),
    ("briefing.yml", "as_of: 2025-03-20", "as_of: 2025-03-26", None, "after the briefing's as-of date"),
    ("events.yml", "    added: 2025-03-25\n", "    added: 2025-03-10\n", None, None),
    ("briefing.yml", "handling: TLP:CLEAR\n", "handling: TLP:CLEAR\neditions:\n  - date: 2025-03-26\n    text: The first edition.\n", "cites courier-2025-03-20, published 20 March 2025, after it was last added", None),
    ("events.yml", "    added: 2025-03-10\n", "", None, "after it was last added"),
    # a document changed: its lost passages are counted under its checksum error, also by a
    # check that reads none of the items citing them again
    ("documents/wire-2025-03-04.txt", "Aldorian jets bombed Harvel", "Jets bombed Harvel", "no longer occur", None),
    ("documents/wire-2025-03-04.txt", "on 12 February", "on 13 February", "and 1 date wording of wire-2025-03-04", None),
    ("events.yml", "title: Zemara's artillery shells Aldorian positions", "title: Zemara's artillery shells Aldoria's positions", "and 1 date wording of wire-2025-03-04", None),
    ("documents/wire-2025-03-04.txt", "on 13 February", "on 12 February", None, "date wording"),
    ("documents/wire-2025-03-04.txt", "Jets bombed Harvel", "Aldorian jets bombed Harvel", None, "has changed since it was recorded"),
]


def reports(folder: Path, saved: Path) -> list[str]:
    """The check's report as a rebuild makes it, from what the last one saved, and as a
    clean check makes it: they must be the same."""
    files = FactFiles(saved, "v1")  # as a new process finds them
    remembered = [str(p) for p in pipeline.check([folder], files)[1]]
    files.save()
    clean = [str(p) for p in pipeline.check([folder])[1]]
    assert remembered == clean
    return clean


def test_each_incremental_check_reports_what_a_clean_check_does(multi, tmp_path):
    edited_in_turn(multi, tmp_path / "facts.pickle", EDITS)


def edited_in_turn(multi, saved: Path, edits: list) -> None:
    """Each edit made in turn, each report then the same as a clean check's (`reports`),
    holding what the edit says it holds and no longer what it drops."""
    reports(Path("b"), saved)
    for name, old, new, holds, drops in edits:
        multi.edit(name, old, new)
        report = reports(Path("b"), saved)
        if holds:
            assert any(holds in line for line in report), f"after editing {name} ({new!r}): {report}"
        if drops:
            assert not any(drops in line for line in report), f"after editing {name} ({new!r}): {report}"


def test_what_is_remembered_is_what_is_shown(multi, tmp_path):
    """An item's remembered problems are repeated, not found again, until the item changes."""
    saved = tmp_path / "facts.pickle"
    multi.edit("events.yml", ENVOY, ENVOY.replace("aldoria]", "aldoria, nobody-here]"))
    (line,) = [p for p in reports(Path("b"), saved) if "nobody-here" in p]
    files = FactFiles(saved, "v1")
    (items,) = [found for key, found in files.found.items.items() if key.startswith("references\0") and not key.endswith("\0gave")]
    digest = next(d for d, found in items.items() if found)
    items[digest] = tuple((*p[:3], "remembered, not checked again", None) for p in items[digest])
    files.save()
    files = FactFiles(saved, "v1")
    shown = [str(p) for p in pipeline.check([Path("b")], files)[1]]
    assert shown == [line.split(" error: ")[0] + " error: remembered, not checked again"]
    multi.edit("events.yml", "nobody-here]", "nobody-here]  # again")  # the item is read again
    assert [str(p) for p in pipeline.check([Path("b")], files)[1]] == [line]
