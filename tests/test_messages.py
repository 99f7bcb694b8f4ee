"""Messages that lead to the fix: the root cause first, the source an excerpt was found in, the
word where a passage differs from its document."""

from __future__ import annotations

import hashlib
import shutil
import json
from pathlib import Path

import pytest

from conftest import ROOT
from generator import evidence, pipeline

# Invented test data: a fictional dispatch of an invented outlet about invented places.
COURIER = ROOT / "tests" / "documents" / "varnholm-courier-2024-02-20.txt"
ARTICLE = "documents/2024-02-24-iran-strikes-jaish-al-adal.txt"

COURIER_SOURCE = f"""
  - id: varnholm-courier
    kind: news-article
    title: "[Ferries to Osk suspended]"
    published:
      edtf: 2024-02-20
      wording: Dated 20 February 2024
    language: en
    document: documents/varnholm-courier-2024-02-20.txt
    sha256: {hashlib.sha256(COURIER.read_bytes()).hexdigest()}
"""

# Read against the article's date, but worded as the invented dispatch has it.
FERRY_EVENT = """
  - id: ferries-suspended
    title: Ferries between Drellport and Osk suspended
    date:
      wording: last November
      relative_to: article-2024-02-24
    accounts:
      - text: Ferry services were suspended after a storm damaged the harbour wall.
        citations:
          - source: varnholm-courier
            excerpt: Ferry services between Drellport and the island of Osk were suspended
          - source: varnholm-courier
            excerpt: after a storm damaged the harbour wall.
"""


def line_of(scratch, name: str, text: str) -> int:
    """The 1-based line of a file where `text` first occurs, so that positions survive edits above."""
    content = (scratch.folder / name).read_text(encoding="utf-8")
    assert text in content, f"{text!r} not in {name}"
    return content[: content.index(text)].count("\n") + 1


@pytest.fixture
def two_sources(scratch):
    """The example briefing with a second, invented source and an event that cites it."""
    scratch.write("documents/varnholm-courier-2024-02-20.txt", COURIER.read_bytes())
    for name, text in (("sources.yml", COURIER_SOURCE), ("events.yml", FERRY_EVENT)):
        path = scratch.folder / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return scratch


def test_date_wording_is_found_in_a_cited_document_other_than_relative_to(two_sources):
    (briefing,), problems = pipeline.check([Path("b")])
    assert problems == []
    event = next(e for e in briefing.events if e.id == "ferries-suspended")
    assert briefing.date(event.date).text == "2023-11"


def test_excerpt_cited_to_the_wrong_source_names_the_right_one(two_sources):
    two_sources.edit("events.yml", "source: varnholm-courier\n            excerpt: Ferry", "source: article-2024-02-24\n            excerpt: Ferry")
    line = line_of(two_sources, "events.yml", "excerpt: Ferry")
    assert two_sources.problems() == [
        f"b/events.yml:{line}:22: error: excerpt does not occur in article-2024-02-24; "
        "it occurs verbatim in varnholm-courier: cite that source?"
    ]


def test_excerpt_cited_to_the_wrong_source_when_it_occurs_in_several(two_sources):
    two_sources.write("documents/copy.txt", COURIER.read_bytes())
    copy = COURIER_SOURCE.replace("id: varnholm-courier", "id: courier-copy").replace("documents/varnholm-courier-2024-02-20.txt", "documents/copy.txt")
    path = two_sources.folder / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8") + copy, encoding="utf-8")
    two_sources.edit("events.yml", "source: varnholm-courier\n            excerpt: after", "source: courier-copy\n            excerpt: after")
    two_sources.edit("events.yml", "source: varnholm-courier\n            excerpt: Ferry", "source: article-2024-02-24\n            excerpt: Ferry")
    line = line_of(two_sources, "events.yml", "excerpt: Ferry")
    assert two_sources.problems() == [
        f"b/events.yml:{line}:22: error: excerpt does not occur in article-2024-02-24; "
        "it occurs verbatim in varnholm-courier and courier-copy: cite one of them?",
        f"b/sources.yml:{line_of(two_sources, 'sources.yml', 'id: varnholm-courier')}:9: warning: source 'varnholm-courier' is never cited or referred to",
    ]


# --- the closest passage --------------------------------------------------------------------


def test_one_word_slip_points_at_the_differing_word(scratch):
    scratch.edit("events.yml", "three girls were injured in the attack by Iran.", "three girls were wounded in the attack by Iran.")
    line = line_of(scratch, "events.yml", "excerpt: Pakistan had alleged")
    assert scratch.problems() == [
        f"b/events.yml:{line}:22: error: excerpt does not occur in the document verbatim; "
        "the document has 'girls were injured' where the excerpt has 'girls were wounded', in the closest passage "
        "'Pakistan had alleged that two boys were killed and three girls were injured in the attack by Iran.'"
    ]


@pytest.mark.parametrize(
    "excerpt, document, given, more, passage",
    [
        # a word left out, a word added: the shared word after it shows where
        ("two boys were killed and three girls injured", "three girls were injured", "three girls injured", 0,
         "two boys were killed and three girls were injured"),
        ("two boys were killed and three girls were really injured", "girls were injured", "girls were really injured", 0,
         "two boys were killed and three girls were injured"),
        # the first word differs: nothing before it, so the word after it
        ("Pakistani had alleged that two boys were killed", "Pakistan had", "Pakistani had", 0,
         "Pakistan had alleged that two boys were killed"),
        # starts after a quote mark and ends before the full stop: whole words, not mid-word
        ("the gross violation of its sovereignty", "the 'gross", "the gross", 0, "the 'gross violation of its sovereignty"),
        ("violation of its soverignty", "of its sovereignty", "of its soverignty", 0, "violation of its sovereignty"),
        ("announced by the then Foreign Minister of Pakistan's interim government Jalil Abbas Jilani and his",
         "of Pakistan's caretaker", "of Pakistan's interim", 0,
         "announced by the then Foreign Minister of Pakistan's caretaker government Jalil Abbas Jilani and his"),
        ("Iran had entered the territory of Pakistan and carried out drone strikes on Jaish al-Adal positions",
         "carried out airstrikes", "carried out drone strikes", 1,
         "Iran had entered the territory of Pakistan and carried out airstrikes on Jaish al-Adal locations"),
    ],
    ids=["left-out", "added", "first-word", "quote-mark", "last-word", "middle", "two-differences"],
)
def test_closest_passage_is_whole_words_and_names_the_first_difference(excerpt, document, given, more, passage):
    text = (ROOT / "briefings" / "iran-pakistan-2024" / ARTICLE).read_text(encoding="utf-8")
    assert evidence.closest_passage(excerpt, text) == evidence.Closest(passage, document, given, more)


def test_closest_passage_cuts_a_long_difference_and_gives_none_when_little_lines_up():
    found = evidence.closest_passage("one two three four five six seven eight nine ten", "one two 3 4 5 6 7 8 9 10 11 12 nine ten")
    assert found is None  # fewer than half the words line up: no hint is better than a wrong one
    found = evidence.closest_passage(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega",
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu 1 2 3 4 5 6 7 8 9 10 omega",
    )
    assert found.hint("excerpt") == (
        "the document has 'mu nu 1 2 3 4 5 6 7 8 …' where the excerpt has 'mu nu xi omicron pi rho sigma tau upsilon phi …', "
        "in the closest passage 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu 1 2 3 4 5 6 7 8 9 10 omega'"
    )


def test_closest_passage_is_found_in_a_long_document():
    text = (ROOT / "briefings" / "iran-pakistan-2024" / ARTICLE).read_text(encoding="utf-8")
    long = "\n\n".join(text.replace("Iran", f"Iran{i}") for i in range(100))  # about 200 KB
    excerpt = "Pakistan had alleged that two boys were killed and three girls were wounded in the attack by Iran57."
    found = evidence.closest_passage(excerpt, long)  # its speed is measured by the bench, not asserted
    assert (found.document, found.given) == ("girls were injured", "girls were wounded")
    assert found.passage == "Pakistan had alleged that two boys were killed and three girls were injured in the attack by Iran57."


# --- root causes first ----------------------------------------------------------------------


def test_changed_document_counts_the_excerpts_it_invalidates_in_one_error(scratch):
    text = (scratch.folder / ARTICLE).read_text(encoding="utf-8")
    changed = text.replace("sovereignty", "sovereignity").replace("Around 11", "Around 12").replace("date 2024-02-24", "dated 2024-02-24")
    scratch.write(ARTICLE, changed)
    digest = hashlib.sha256(changed.encode()).hexdigest()
    assert scratch.problems() == [
        f"b/sources.yml:14:13: error: b/{ARTICLE} has changed since it was recorded (its SHA-256 is now {digest}), "
        "and 4 excerpts, 1 quote and 1 date wording of article-2024-02-24 no longer occur in it; "
        "check them against the new text (b/briefing.yml:91:18, b/events.yml:32:22, b/events.yml:89:22, "
        "b/quotes.yml:5:11, b/quotes.yml:16:18 and 1 more), then record the new sha256"
    ]


def test_changed_document_with_one_lost_excerpt_and_with_none(scratch):
    text = (scratch.folder / ARTICLE).read_text(encoding="utf-8")
    changed = text.replace("fight terrorism in their", "fight terror in their")
    scratch.write(ARTICLE, changed)
    assert scratch.problems() == [
        f"b/sources.yml:14:13: error: b/{ARTICLE} has changed since it was recorded (its SHA-256 is now {hashlib.sha256(changed.encode()).hexdigest()}), "
        "and 2 excerpts of article-2024-02-24 no longer occur in it; "
        "check them against the new text (b/briefing.yml:67:18, b/claims.yml:24:18), then record the new sha256"
    ]
    scratch.write(ARTICLE, text + "\n")
    digest = hashlib.sha256((text + "\n").encode()).hexdigest()
    assert scratch.problems() == [
        f"b/sources.yml:14:13: error: b/{ARTICLE} has changed since it was recorded (its SHA-256 is now {digest}); "
        "check the facts against the new text, then record the new sha256"
    ]


EDITION = """editions:
  - date: 2024-02-26
    text: Second edition.
"""


def test_wrong_as_of_comes_before_the_errors_it_causes(scratch):
    shutil.rmtree(scratch.folder / "editions")  # editions kept by hand, with marks
    scratch.edit("briefing.yml", "editions:\n", EDITION)  # a new edition, but as_of left as it was
    scratch.edit("actors.yml", "  - id: al-arabiya-news\n", "  - id: al-arabiya-news\n    added: 2024-02-26\n")
    scratch.edit("events.yml", "  - id: claim-broadcast\n", "  - id: claim-broadcast\n    added: 2024-02-26\n")
    scratch.edit("events.yml", "  - id: jaish-al-adal-emerges\n", "  - id: jaish-al-adal-emerges\n    updated: 2024-02-26\n")
    actor, event = line_of(scratch, "actors.yml", "added: 2024-02-26"), line_of(scratch, "events.yml", "added: 2024-02-26")
    as_of, updated = line_of(scratch, "briefing.yml", "as_of:"), line_of(scratch, "events.yml", "updated: 2024-02-26")
    after = "after the briefing's as-of date (24 February 2024); record the edition of that day and set as_of to it"
    assert scratch.problems() == [
        f"b/briefing.yml:{as_of}:8: error: as_of is 24 February 2024, but the latest edition is dated 2024-02-26; "
        "the briefing is current to its latest edition: set as_of to 2024-02-26, or add an edition for 2024-02-24",
        f"b/actors.yml:{actor}:12: error: actor 'al-arabiya-news' is marked added on 2024-02-26, {after}",
        f"b/events.yml:{updated}:14: error: event 'jaish-al-adal-emerges' is marked updated on 2024-02-26, {after}",
        f"b/events.yml:{event}:12: error: event 'claim-broadcast' is marked added on 2024-02-26, {after}",
    ]


def test_check_json_lists_the_same_problems_in_the_same_order(scratch, tmp_path):
    import subprocess
    import sys

    shutil.rmtree(scratch.folder / "editions")  # editions kept by hand, with marks
    scratch.edit("briefing.yml", "editions:\n", EDITION)
    scratch.edit("actors.yml", "  - id: al-arabiya-news\n", "  - id: al-arabiya-news\n    added: 2024-02-26\n")
    scratch.edit("actors.yml", "kind: armed-group", "kind: armed-grup")
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", "check", *args, "b"], cwd=tmp_path, capture_output=True, text=True)
    text, listed = run().stdout.splitlines()[:-1], json.loads(run("--format", "json").stdout)["problems"]
    assert [f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}: {p['message']}" + (f"; {p['hint']}" if p["hint"] else "") for p in listed] == text
    as_of = f"b/briefing.yml:{line_of(scratch, 'briefing.yml', 'as_of:')}:8"
    # the bad kind, the actor only that entry referred to (now unused), then as_of and what it causes
    assert [(p["path"], p["follows"]) for p in listed] == [("b/actors.yml", None), ("b/actors.yml", None), ("b/briefing.yml", None), ("b/actors.yml", as_of)]


def test_problems_differing_only_in_their_hints_come_out_in_one_order():
    """Found in either order, they are reported in the same order, each once."""
    from generator.problems import Mark, Problems

    at = Mark("briefings/x/events.yml", 3, 5)
    orders = []
    for hints in (("try 'a'", "try 'b'"), ("try 'b'", "try 'a'")):
        problems = Problems()
        for hint in (*hints, hints[0]):  # the first found twice: one of them is a duplicate
            problems.error(at, "unknown actor 'x'", hint)
        orders.append([p.hint for p in problems.sorted()])
    assert orders == [["try 'a'", "try 'b'"], ["try 'a'", "try 'b'"]]
