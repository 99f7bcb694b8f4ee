"""A rebuild's check, which looks the items it did not read again up in bulk (findings.py),
reports what a clean check reports as problems of several items come and go: a duplicate id,
an excerpt no longer in its document (and the figure pinned to it, which is then passed
over), a reference to an id that goes and comes back."""

from __future__ import annotations

from test_check_incremental import edited_in_turn

STRIKE = "  - id: harvel-strike\n"
EXCERPT = "excerpt: The Brotherhood of the Ridge claimed responsibility for the bombing of the Sarn border post"

# (file, old text, new text, what the report then holds, what it no longer holds)
EDITS = [
    ("events.yml", "  - id: envoy-summoned\n", "  - id: harvel-strike\n", "duplicate event id 'harvel-strike'", None),
    ("events.yml", "title: Strike on Harvel", "title: Strike on Harvel (revised)", "duplicate event id 'harvel-strike'", None),
    ("events.yml", STRIKE + "    title: Strike on Harvel (revised)", "  - id: harvel-strike-2\n    title: Strike on Harvel", None, "duplicate event id"),
    ("events.yml", EXCERPT, EXCERPT.replace("Sarn", "Sarm"), "does not occur in the document verbatim", None),
    ("events.yml", "title: Strike on Harvel", "title: Strike on Harvel (revised)", "does not occur in the document verbatim", None),
    ("events.yml", EXCERPT.replace("Sarn", "Sarm"), EXCERPT, None, "does not occur"),
    ("events.yml", "wording: two children were killed", "wording: two children died", "figure wording 'two children died'", None),
    ("events.yml", "title: Strike on Harvel (revised)", "title: Strike on Harvel", "figure wording 'two children died'", None),
    ("events.yml", "wording: two children died", "wording: two children were killed", None, "figure wording"),
    ("events.yml", STRIKE, "  - id: envoy-summoned\n", "unknown event 'harvel-strike'", "duplicate event id"),
    ("events.yml", "  - id: harvel-strike-2\n", STRIKE, None, "unknown event"),
]


def test_problems_of_many_items_come_and_go_as_in_a_clean_check(multi, tmp_path):
    edited_in_turn(multi, tmp_path / "facts.pickle", EDITS)
