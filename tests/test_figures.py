"""Figures per account: checked counts, shown with the account, compared across accounts, exported.

The briefing in tests/data/veldra-crane is INVENTED test data (no real place, outlet or
event): one event whose two accounts differ on the number killed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from generator import pipeline
from generator.render import briefing_json

INVENTED = ROOT / "tests" / "data" / "veldra-crane"


class Invented:
    """A copy of the invented briefing at tmp_path/v, to edit and check."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def edit(self, old: str, new: str) -> None:
        path = self.folder / "events.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in events.yml"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def problems(self) -> list[str]:
        """Every problem; warnings only when there is no error (an invalid event leaves its
        actor unreferenced, which is no news)."""
        _, problems = pipeline.check([Path("v")])
        errors = [str(p) for p in problems if p.severity == "error"]
        return errors or [str(p) for p in problems]


@pytest.fixture
def invented(tmp_path, monkeypatch) -> Invented:
    shutil.copytree(INVENTED, tmp_path / "v")
    monkeypatch.chdir(tmp_path)
    return Invented(tmp_path / "v")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("figures") / "site"
    pipeline.build([INVENTED], out, None)
    return out / "veldra-crane"


def test_the_invented_briefing_checks_clean(invented):
    assert invented.problems() == []


# --- validation ---------------------------------------------------------------------------

BAD = {
    "negative": ("            at_least: 9\n", "            at_least: -9\n", ["v/events.yml:38:23: error: a count cannot be negative (got -9)"]),
    "not a number": ("            value: 14\n", "            value: fourteen\n", ["v/events.yml:24:20: error: 'fourteen' is not a whole number; write the count in digits, e.g. 11"]),
    "a flag for a number": ("            value: 14\n", "            value: true\n", ["v/events.yml:24:20: error: 'true' is not a whole number; write the count in digits, e.g. 11"]),
    "a decimal": ("            value: 14\n", "            value: 14.5\n", ["v/events.yml:24:20: error: '14.5' is not a whole number; write the count in digits, e.g. 11"]),
    "too large": (
        "            value: 14\n",
        "            value: " + "9" * 5000 + "\n",
        ["v/events.yml:24:20: error: a number of 5,000 digits is too large for a count (at most 10,000,000,000)"],
    ),
    "not a flag": ("            approximate: true\n", "            approximate: yes\n", ["v/events.yml:25:26: error: expected true or false, got 'yes'"]),
    "bound above the value": (
        "            value: 14\n",
        "            value: 14\n            at_least: 20\n",
        ["v/events.yml:25:23: error: `at_least` (20) is more than `value` (14)"],
    ),
    "bounds reversed": (
        "            at_least: 9\n",
        "            at_least: 9\n            at_most: 4\n",
        ["v/events.yml:39:22: error: `at_most` (4) is less than `at_least` (9)"],
    ),
    "no number and not vague": (
        "            vague: true\n",
        "",
        ['v/events.yml:40:13: error: a figure needs `value`, `at_least` or `at_most`; where the source gives no number ("several", "dozens"), write `vague: true`'],
    ),
    "vague with a number": (
        "            vague: true\n",
        "            vague: true\n            value: 3\n",
        ["v/events.yml:41:20: error: a vague figure has no numbers; remove `vague` or `value`"],
    ),
    "unknown count name": ("          - what: cranes-destroyed\n", "          - what: Cranes destroyed\n", ["v/events.yml:28:19: error: 'Cranes destroyed' is not a valid id; try 'cranes-destroyed'"]),
    "no wording": ("            wording: counted at least nine bodies\n", "", ["v/events.yml:37:13: error: missing required key 'wording'"]),
    "citation numbered from 0": ("            citation: 2\n", "            citation: 0\n", ["v/events.yml:31:23: error: citations are numbered from 1"]),
    "unknown key": ("            who: workers\n", "            whom: workers\n", ["v/events.yml:42:13: error: unknown key 'whom'; did you mean 'who'?"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_figures_are_reported_exactly(invented, case):
    old, new, expected = BAD[case]
    invented.edit(old, new)
    assert invented.problems() == expected


@pytest.mark.parametrize(("what", "hint"), [("kiled", "did you mean 'killed'?"), ("wounded", "did you mean 'injured'?")])
def test_a_count_named_like_a_common_one_gets_a_warning(invented, what, hint):
    invented.edit("          - what: cranes-destroyed\n", f"          - what: {what}\n")
    assert invented.problems() == [
        f"v/events.yml:28:19: warning: '{what}' is not one of the common counts (killed, injured, detained, displaced, missing); it is counted on its own; {hint}"
    ]


def test_wording_must_be_in_the_accounts_excerpts(invented):
    invented.edit("wording: counted at least nine bodies", "wording: counted at least nine badies")
    assert invented.problems() == [
        "v/events.yml:39:22: error: figure wording 'counted at least nine badies' does not occur in the account's cited excerpt "
        "(citation 1, courier-2031-03-04); the document has 'least nine bodies' where the figure wording has "
            "'least nine badies', in the closest passage 'counted at least nine bodies'"
    ]


def test_wording_must_be_in_the_pinned_excerpt(invented):
    # The words are in the account's first excerpt, not in the second, which the figure pins.
    invented.edit("            wording: two cranes were destroyed\n            citation: 2\n", "            wording: two dockworkers were killed\n            citation: 2\n")
    (problem,) = invented.problems()
    assert problem.startswith(
        "v/events.yml:30:22: error: figure wording 'two dockworkers were killed' does not occur in the account's cited excerpt (citation 2, courier-2031-03-04); "
    )


def test_wording_in_no_excerpt_names_every_citation(invented):
    invented.edit("            wording: two dockworkers were killed\n", "            wording: ten dockworkers died\n")
    (problem,) = invented.problems()
    assert problem.startswith(
        "v/events.yml:22:22: error: figure wording 'ten dockworkers died' does not occur in the account's cited excerpts "
        "(citation 1, courier-2031-03-04; citation 2, courier-2031-03-04)"
    )


def test_wording_from_the_document_but_not_the_excerpt_is_refused(invented):
    # "their families said" is in the document, but the account does not cite it.
    invented.edit("wording: Several workers are still missing", "wording: their families said")
    (problem,) = invented.problems()
    assert problem.startswith("v/events.yml:43:22: error: figure wording 'their families said' does not occur in the account's cited excerpt")


def test_citation_index_out_of_range(invented):
    invented.edit("            citation: 2\n", "            citation: 3\n")
    assert invented.problems() == ["v/events.yml:31:23: error: citation 3 is out of range: the account has 2 citations"]


def test_a_misquoted_excerpt_is_reported_once(invented):
    invented.edit("excerpt: A Courier reporter at the pier counted at least nine bodies.", "excerpt: A Courier reporter at the pier counted at least ninety bodies.")
    (problem,) = invented.problems()
    assert problem.startswith("v/events.yml:35:22: error: excerpt does not occur in the document verbatim")


# --- the chronology -------------------------------------------------------------------------


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_chronology_shows_each_accounts_figures(site):
    page = (site / "chronology.html").read_text(encoding="utf-8")
    lines = [_text(line) for line in re.findall(r'<p class="account-figures">(.*?)</p>', page)]
    assert lines == [
        "Killed: 2 (dockworkers) · Injured: about 14 · Cranes destroyed: 2",
        "Killed: at least 9 · Missing: “Several workers are still missing”",
    ]


def test_chronology_says_the_accounts_differ_on_the_number_killed(site):
    page = (site / "chronology.html").read_text(encoding="utf-8")
    (note,) = re.findall(r'<p class="accounts-note">(.*?)</p>', page)
    assert note == "2 accounts, which differ on the number killed: 2 dockworkers (Veldra Harbour Authority) against at least 9 (the source)."


def test_the_note_names_the_date_too(invented, tmp_path):
    invented.edit("        by: harbour-authority\n", "        by: harbour-authority\n        date: 2031-03-02\n")
    invented.edit(
        "            wording: counted at least nine bodies\n",
        "            wording: counted at least nine bodies\n          - what: injured\n            value: 17\n            wording: Seventeen people were treated for injuries\n",
    )
    pipeline.build([Path("v")], tmp_path / "out", None)
    page = (tmp_path / "out" / "v" / "chronology.html").read_text(encoding="utf-8")
    (note,) = re.findall(r'<p class="accounts-note">(.*?)</p>', page)
    assert note == (
        "2 accounts, which differ on the date; on the number killed: 2 dockworkers (Veldra Harbour Authority) against at least 9 (the source); "
        "and on the number injured: about 14 (Veldra Harbour Authority) against 17 (the source)."
    )


def test_accounts_that_agree_give_no_note_on_figures(invented, tmp_path):
    invented.edit("            at_least: 9\n            wording: counted at least nine bodies\n", "            value: 2\n            who: dockworkers\n            wording: counted at least nine bodies\n")
    pipeline.build([Path("v")], tmp_path / "out", None)
    page = (tmp_path / "out" / "v" / "chronology.html").read_text(encoding="utf-8")
    assert re.findall(r'<p class="accounts-note">(.*?)</p>', page) == ["2 accounts:"]


# --- exports --------------------------------------------------------------------------------


def test_events_csv_has_a_column_per_common_count(site):
    with (site / "events.csv").open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["killed"] == "2 dockworkers (Veldra Harbour Authority); at least 9 (the source)"
    assert (row["killed_low"], row["killed_high"]) == ("2", "9")
    assert (row["injured"], row["injured_low"], row["injured_high"]) == ("about 14 (Veldra Harbour Authority)", "14", "14")
    assert (row["missing"], row["missing_low"], row["missing_high"]) == ("“Several workers are still missing” (the source)", "", "")
    assert (row["detained"], row["displaced"]) == ("", "")
    assert row["other_figures"] == "cranes-destroyed: 2 (Veldra Harbour Authority)"


def test_briefing_json_carries_the_figures():
    (briefing,), _ = pipeline.load([INVENTED])
    data = json.loads(briefing_json(briefing))
    first, second = data["events"][0]["accounts"]
    assert first["figures"][0] == {"what": "killed", "value": 2, "approximate": False, "vague": False, "who": "dockworkers", "wording": "two dockworkers were killed"}
    assert first["figures"][2]["citation"] == 2
    assert second["figures"][1] == {"what": "missing", "approximate": False, "vague": True, "who": "workers", "wording": "Several workers are still missing"}


def test_briefing_json_figures_match_the_export_schema(site):
    import jsonschema

    schema = json.loads((site / "briefing.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads((site / "briefing.json").read_text()))
    assert schema["$defs"]["Figure"]["properties"]["value"] == {"description": "The number given, exact or central.", "maximum": 10_000_000_000, "minimum": 0, "title": "Value", "type": "integer"}


def test_json_ld_gives_each_figure_as_a_property_value(site):
    page = (site / "chronology.html").read_text(encoding="utf-8")
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    event = next(item for item in json.loads(ld)["@graph"] if item.get("@type") == "Event")
    assert event["additionalProperty"][0] == {
        "@type": "PropertyValue",
        "propertyID": "killed",
        "name": "Killed",
        "value": 2,
        "unitText": "dockworkers",
        "description": "2 dockworkers; claimed by Veldra Harbour Authority: “two dockworkers were killed”",
    }
    assert event["additionalProperty"][3] == {
        "@type": "PropertyValue",
        "propertyID": "killed",
        "name": "Killed",
        "minValue": 9,
        "description": "at least 9; reported by the source: “counted at least nine bodies”",
    }
    assert [p["propertyID"] for p in event["additionalProperty"]] == ["killed", "injured", "cranes-destroyed", "killed", "missing"]


def test_the_example_briefing_gives_its_figures():
    (briefing,), _ = pipeline.load([ROOT / "briefings" / "iran-pakistan-2024"])
    figures = {e.id: [(f.what, f.value, f.who, f.approximate) for a in e.accounts for f in a.figures] for e in briefing.events}
    assert figures["iran-strikes-in-pakistan"] == [("killed", 2, "boys", False), ("injured", 3, "girls", False)]
    assert figures["police-station-attack"] == [("killed", 11, "police officers", True)]


def _cells_in_full(view, event) -> dict:
    """events.csv's figure columns as they were made before counts no account gives were
    passed over: every count looked up in every account."""
    from generator.render.figures import COMMON_WHATS, given, numbers, whats

    row: dict = {}
    for what in COMMON_WHATS:
        given_numbers = [n for a in event.accounts for f in a.figures if f.what == what for n in numbers(f)]
        row[what] = "; ".join(map(str, given(view, event.accounts, what)))
        row[f"{what}_low"] = min(given_numbers, default="")
        row[f"{what}_high"] = max(given_numbers, default="")
    others = [w for w in whats(event.accounts) if w not in COMMON_WHATS]
    row["other_figures"] = "; ".join(f"{w}: {side}" for w in others for side in given(view, event.accounts, w))
    return row


@pytest.mark.parametrize("folder", [INVENTED, ROOT / "briefings" / "iran-pakistan-2024", ROOT / "tests" / "briefings" / "aldoria-zemara", ROOT / "tests" / "briefings" / "tarvana-fa"])
def test_figure_columns_are_those_every_count_looked_up_gives(folder):
    from generator.render.figures import CSV_COLUMNS, cells
    from generator.render.views import View

    (briefing,), _ = pipeline.check([folder])
    view = View(briefing)
    rows = [cells(view, event) for event in view.events]
    assert rows == [_cells_in_full(view, event) for event in view.events]
    assert all(list(row) == CSV_COLUMNS for row in rows)
    if folder == INVENTED:
        assert rows[0]["killed_low"] == 2
