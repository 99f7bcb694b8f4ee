"""`briefbook check`: the example is valid, and each kind of bad input gets its exact message."""

from __future__ import annotations

import json
from pathlib import Path
import subprocess
import sys

import pytest

from conftest import EXAMPLE, ROOT
from generator import pipeline


def test_example_briefing_is_valid_without_warnings():
    briefings, problems = pipeline.check([EXAMPLE])
    assert problems == []
    (briefing,) = briefings
    assert len(briefing.events) == 9 and len(briefing.actors) == 15 and len(briefing.quotes) == 2


def test_relative_dates_resolve_against_publication_date():
    (b,), _ = pipeline.check([EXAMPLE])
    events = {e.id: e for e in b.events}
    assert b.date(events["police-station-attack"].date).text == "2023-12"  # "last December"
    assert b.date(events["iran-strikes-in-pakistan"].date).text == "2024-01-16"  # "January 16 this year"
    assert b.date(events["iran-enters-pakistan"].date).describe() == "c. January 2024"  # "a month ago"
    assert b.date(events["claim-broadcast"].date).text == "2024-02-24"  # "Saturday morning"


# Each case: file, old text, new text, the exact problems expected (paths relative to the run).
BAD = {
    "unknown key with hint": (
        "actors.yml", "    name: Iran\n", "    nmae: Iran\n",
        ["b/actors.yml:4:5: error: missing required key 'name'",
         "b/actors.yml:5:5: error: unknown key 'nmae'; did you mean 'name'?"],
    ),
    "unknown actor with hint": (
        "events.yml", "by: jaish-al-adal\n", "by: jaish-al-adl\n",
        ["b/events.yml:36:13: error: unknown actor 'jaish-al-adl'; did you mean 'jaish-al-adal'?"],
    ),
    "unknown actor in a list": (
        "events.yml", "actors: [iran-international-english, iranian-state-media]", "actors: [iran-international-english, iranian-media]",
        ["b/events.yml:165:42: error: unknown actor 'iranian-media'; did you mean 'iranian-state-media'?"],
    ),
    "unknown source": (
        "quotes.yml", "  - source: article-2024-02-24\n        excerpt: protesting", "  - source: article-2024-02-42\n        excerpt: protesting",
        ["b/quotes.yml:15:17: error: unknown source 'article-2024-02-42'; did you mean 'article-2024-02-24'?"],
    ),
    "enum value": (
        "actors.yml", "kind: armed-group", "kind: armed-grup",
        ["b/actors.yml:34:9: warning: actor 'iranian-security-forces' is never cited or referred to",  # only Jaish al-Adal's entry names it
         "b/actors.yml:50:11: error: 'armed-grup' is not one of: state, government, government-body, armed-forces, "
         "armed-group, person, media-outlet, organization; did you mean 'armed-group'?"],
    ),
    "duplicate id": (
        "events.yml", "  - id: claim-broadcast", "  - id: shah-bakhsh-killing",
        ["b/briefing.yml:10:9: error: unknown event 'claim-broadcast'; no event has that id",
         "b/events.yml:158:9: error: duplicate event id 'shah-bakhsh-killing' (first at line 136)"],
    ),
    "invalid id": (
        "quotes.yml", "id: terrorist-organizations", "id: Terrorist Organizations",
        ["b/quotes.yml:18:9: error: 'Terrorist Organizations' is not a valid id; try 'terrorist-organizations'"],
    ),
    "impossible date": (
        "sources.yml", "edtf: 2024-02-24", "edtf: 2024-02-30",
        ["b/sources.yml:10:13: error: '2024-02-30' is not a real date"],
    ),
    "not a date": (
        "events.yml", "date: ../2024-02-24", "date: last week",
        ["b/events.yml:98:11: error: 'last week' is not an EDTF date"],
    ),
    "unknown time of day": (
        "events.yml", "time: late night", "time: midnightish",
        ["b/events.yml:48:13: error: unknown time of day 'midnightish'; use HH:MM or one of: early morning, "
         "morning, midday, afternoon, evening, night, late night"],
    ),
    "date wording not in the document": (
        "quotes.yml", "wording: on January 17", "wording: on January 18",
        ["b/quotes.yml:8:16: error: date wording 'on January 18' does not occur in the cited documents"],
    ),
    "relative date disagrees with edtf": (
        "events.yml", "      wording: last December\n", "      edtf: 2023-11\n      wording: last December\n",
        ["b/events.yml:22:13: error: '2023-11' disagrees with 'last December' read against "
         "article-2024-02-24's date (2023-12); use edtf: '2023-12', or remove relative_to"],
    ),
    "relative_to without wording": (
        "events.yml", "      wording: a month ago\n", "      edtf: 2024-01\n",
        ["b/events.yml:181:7: error: `relative_to` needs the `wording` to read against it"],
    ),
    "event after every source": (
        "events.yml", "date: ../2024-02-24", "date: 2024-03-01",
        ["b/events.yml:98:11: error: event 'pakistan-strike-in-iran' is dated 1 March 2024, after every source "
         "that reports it (latest: article-2024-02-24, 2024-02-24)"],
    ),
    "claim without claimant": (
        "events.yml", "      - stance: alleged\n        by: pakistan\n", "      - stance: alleged\n",
        ["b/events.yml:65:9: error: an account that is alleged must name who alleged it, in `by`; or write `unattributed: true` when the source does not say who"],
    ),
    "wrong type": (
        "briefing.yml", "authors:\n  - briefbook example desk\n", "authors: briefbook example desk\n",
        ["b/briefing.yml:5:10: error: expected a list, got text; write items on lines starting with '- '"],
    ),
    "empty citations": (
        "claims.yml", "    citations:\n      - source: article-2024-02-24\n        excerpt: Pakistan and Iran", "    citations: []\n    old:\n      - source: article-2024-02-24\n        excerpt: Pakistan and Iran",
        ["b/claims.yml:16:16: error: 'citations' needs at least one item",
         "b/claims.yml:17:5: error: unknown key 'old'"],
    ),
    "unused actor": (
        "actors.yml", "  - id: al-arabiya-news\n", "  - id: al-arabiya\n",
        ["b/actors.yml:214:9: warning: actor 'al-arabiya' is never cited or referred to",
         "b/actors.yml:52:18: error: unknown actor 'al-arabiya-news'; did you mean 'al-arabiya'?",
         "b/actors.yml:64:15: error: unknown actor 'al-arabiya-news'; did you mean 'al-arabiya'?",
         "b/briefing.yml:76:11: error: unknown actor 'al-arabiya-news'; did you mean 'al-arabiya'?",
         "b/briefing.yml:87:15: error: unknown actor 'al-arabiya-news'; did you mean 'al-arabiya'?",
         "b/events.yml:17:19: error: unknown actor 'al-arabiya-news'; did you mean 'al-arabiya'?"],
    ),
    "document path escapes the folder": (
        "sources.yml", "document: documents/", "document: ../../documents/",
        ["b/sources.yml:13:15: error: document path '../../documents/2024-02-24-iran-strikes-jaish-al-adal.txt' "
         "leaves the briefing folder; use a path like documents/name.txt"],
    ),
    "missing document": (
        "sources.yml", "document: documents/2024", "document: documents/2025",
        ["b/sources.yml:13:15: error: file not found: b/documents/2025-02-24-iran-strikes-jaish-al-adal.txt"],
    ),
    "markdown link to unknown fact": (
        "briefing.yml", "(actor:ismail-shah-bakhsh)", "(actor:ismail-shah-baksh)",
        ["b/briefing.yml:10:9: error: unknown actor 'ismail-shah-baksh'; did you mean 'ismail-shah-bakhsh'?"],
    ),
    "yaml syntax error": (
        "quotes.yml", "    by: pakistan\n", "    by: [pakistan\n",
        ["b/quotes.yml:7:9: error: YAML syntax error: did not find expected ',' or ']'"],
    ),
    "duplicate key": (
        "events.yml", "    title: Jaish al-Adal emerges\n", "    title: Jaish al-Adal emerges\n    title: Twice\n",
        ["b/events.yml:7:5: error: duplicate key 'title' (first at line 6); remove one of them; YAML would silently keep the last"],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_reported_exactly(scratch, case):
    name, old, new, expected = BAD[case]
    scratch.edit(name, old, new)
    assert scratch.problems() == sorted(expected, key=_order)


def _order(line: str):
    path, ln, col, rest = line.split(":", 3)
    return (path, int(ln), int(col), rest)


def test_one_character_change_in_document_breaks_checksum(scratch):
    doc = "documents/2024-02-24-iran-strikes-jaish-al-adal.txt"
    text = (scratch.folder / doc).read_text()
    scratch.write(doc, text.replace("Around 11", "Around 12"))
    (problem,) = scratch.problems()  # the excerpts it invalidates are counted in the checksum error
    assert problem.startswith(f"b/sources.yml:14:13: error: b/{doc} has changed since it was recorded (its SHA-256 is now ")
    assert problem.endswith(
        "and 2 excerpts of article-2024-02-24 no longer occur in it; check them against the new text "
        "(b/briefing.yml:91:18, b/events.yml:32:22), then record the new sha256"
    )


def test_one_character_change_in_excerpt_is_caught(scratch):
    scratch.edit("events.yml", "excerpt: Around 11 police", "excerpt: Around 11 polise")
    assert scratch.problems() == [
        "b/events.yml:32:22: error: excerpt does not occur in the document verbatim; "
        "the document has 'Around 11 police' where the excerpt has 'Around 11 polise', "
        "in the closest passage 'Around 11 police officers-employees lost their lives in this attack.'"
    ]


def test_one_character_change_in_quote_is_caught(scratch):
    scratch.edit("quotes.yml", "text: gross violation of its sovereignty", "text: gross violation of its soverignty")
    (problem,) = scratch.problems()
    assert problem.startswith("b/quotes.yml:5:11: error: quote (checked against article-2024-02-24) does not occur in the document verbatim")


def test_typographic_quotes_dashes_and_spacing_still_match(scratch):
    scratch.edit("quotes.yml", "excerpt: protesting the 'gross violation of its sovereignty'", "excerpt: \"protesting   the \u2018gross violation of its sovereignty\u2019\"")
    scratch.edit("events.yml", "excerpt: Around 11 police officers-employees", "excerpt: Around 11 police officers\u2013employees")
    assert scratch.problems() == []


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"\xff\xfeevents: []\n", "b/events.yml:1:1: error: not valid UTF-8 (byte 0xff); save the file as UTF-8"),
        (b"events: []\n# caf\xe9\n", "b/events.yml:2:6: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"a: &x [1]\nb: *x\n", "b/events.yml:2:4: error: aliases are not supported (*x); write the value out in full"),
        (b"events: " + b"[" * 100 + b"]" * 100, "b/events.yml:1:72: error: nesting deeper than 64 levels"),
        (b"events: " + b"[" * 100000 + b"]" * 100000, "b/events.yml:1:1008: error: YAML syntax error: exceeded maximum nesting depth"),
        (b"events: []\n\x00", "b/events.yml:2:1: error: character U+0000 is not allowed; remove it: pages, feeds and calendars cannot carry it"),
        (b"events: []\n---\nevents: []\n", "b/events.yml:2:1: error: more than one YAML document in the file; remove the '---' separator"),
        (b"- 1\n- 2\n", "b/events.yml:1:1: error: expected a mapping with the key 'events', got a list"),
        (b"events: {}\n", "b/events.yml:1:9: error: expected a list, got a mapping; write items on lines starting with '- '"),
        (b"? [a]\n: 1\n", "b/events.yml:1:3: error: mapping keys must be plain text"),
    ],
    ids=["bom-garbage", "latin-1", "alias", "deep-nesting", "very-deep-nesting", "nul", "two-documents", "list-not-mapping", "mapping-not-list", "complex-key"],
)
def test_unreadable_yaml_is_reported_not_raised(scratch, data, expected):
    scratch.write("events.yml", data)
    problems = [p for p in scratch.problems() if "events.yml" in p]
    assert problems == [expected]


def test_alias_bomb_is_refused_quickly(scratch):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    scratch.write("events.yml", "\n".join(lines) + "\n")
    problems = [p for p in scratch.problems() if "events.yml" in p]
    assert problems == ["b/events.yml:2:10: error: aliases are not supported (*a0); write the value out in full"]


def test_oversized_file_is_refused(scratch, monkeypatch):
    from generator import files

    monkeypatch.setattr(files, "MAX_FACT_FILE_BYTES", 1000)
    problems = [p for p in scratch.problems() if "events.yml" in p and "limit" in p]
    size = (scratch.folder / "events.yml").stat().st_size
    assert problems == [f"b/events.yml:1:1: error: b/events.yml is {size:,} bytes; the limit is 1,000"]


def test_missing_required_file(scratch):
    (scratch.folder / "actors.yml").unlink()
    problems = scratch.problems()
    assert problems[0] == "b/actors.yml:1:1: error: missing actors.yml; every briefing folder needs briefing.yml, sources.yml, actors.yml"


# --- the command itself -------------------------------------------------------------------


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_exit_codes_and_output(scratch, tmp_path):
    ok = run("check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "briefings/iran-pakistan-2024: ok" in ok.stdout
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: nobody\n")
    bad = run("check", "b", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == ["b/events.yml:36:13: error: unknown actor 'nobody'; no actor has that id", "1 error, 0 warnings"]
    assert "Traceback" not in bad.stderr
    usage = run("check", "no-such-folder", cwd=tmp_path)
    assert usage.returncode == 2


def test_cli_json_format(scratch, tmp_path):
    scratch.edit("events.yml", "by: jaish-al-adal\n", "by: jaish-al-adl\n")
    result = run("check", "--format", "json", "b", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "briefings": [{"folder": "b", "slug": "b", "draft": False, "events": 9, "actors": 15, "quotes": 2, "claims": 1, "sources": 1}],
        "errors": 1,
        "warnings": 0,
        "problems": [{"path": "b/events.yml", "line": 36, "column": 13, "severity": "error",
                      "message": "unknown actor 'jaish-al-adl'", "hint": "did you mean 'jaish-al-adal'?", "follows": None}],
    }
    valid = run("check", "--format", "json", str(EXAMPLE.relative_to(ROOT)))
    assert valid.returncode == 0 and json.loads(valid.stdout)["problems"] == [] and json.loads(valid.stdout)["errors"] == 0


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01\x02", b"{{{{", b"events:\n  - id: [\n", b"events:\n  - 42\n  - null\n  - {id: x, date: {}}\n"])
def test_garbage_never_yields_a_traceback(scratch, tmp_path, garbage):
    for name in ("briefing.yml", "events.yml", "sources.yml"):
        scratch.write(name, garbage)
    result = run("check", "b", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_empty_and_null_values_are_absent_but_quoted_null_is_text(scratch):
    line = "subtitle: Cross-border strikes, a recalled ambassador and a claimed killing, as reported on 24 February 2024"
    for empty in ("subtitle:", "subtitle: null", "subtitle: ~"):
        scratch.edit("briefing.yml", line, empty)
        (briefing,), problems = pipeline.check([Path("b")])
        assert problems == [] and briefing.meta.subtitle is None, empty
        line = empty
    scratch.edit("briefing.yml", line, 'subtitle: "null"')
    (briefing,), problems = pipeline.check([Path("b")])
    assert problems == [] and briefing.meta.subtitle == "null"
