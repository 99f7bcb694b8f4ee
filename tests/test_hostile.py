"""Hostile input: numbers out of range, strings no file system or format can hold, files that
are not files. Each is refused with its position (or a clear message), never a traceback,
a hang or unbounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from generator import pipeline
from generator.dates import parse_edtf, resolve_wording

PLACE = "is outside the dates briefbook can place (0001-01-02 to 9999-12-30)"


# --- numbers out of range -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Y170000002", "Y-170000002", "9999-12-31", "0001-01-01", "99XX", "-0005"])
def test_dates_beyond_what_can_be_placed_are_refused(text):
    with pytest.raises(ValueError, match=f"^'{text}' {PLACE.replace('(', '[(]').replace(')', '[)]')}$"):
        parse_edtf(text)


@pytest.mark.parametrize("wording", ["10000000000000000000000 days ago", "3000 years ago", "9" * 5000 + " weeks ago", "999999999 months ago"])
def test_relative_wording_with_huge_numbers_does_not_resolve(wording):
    assert resolve_wording(wording, date(2024, 2, 24)) is None


def test_huge_numbers_in_fact_files_are_positioned_errors(scratch):
    scratch.edit("events.yml", 'edtf: "2012"', 'edtf: "Y170000002"')
    scratch.edit("events.yml", "wording: a month ago", "wording: 100000000000000000000 days ago")
    problems = scratch.problems()
    assert f"b/events.yml:8:13: error: 'Y170000002' {PLACE}" in problems
    assert "b/events.yml:181:16: error: cannot resolve the date '100000000000000000000 days ago'; give the date as `edtf` too" in problems


@pytest.mark.parametrize(
    "text, lower, upper",
    [("2024-XX-1X", "2024-01-10", "2024-12-19"), ("2024-01-1X", "2024-01-10", "2024-01-19"), ("2024-1X", "2024-10-01", "2024-12-31"),
     ("156X-12-25", "1560-12-25", "1569-12-25"), ("2024-XX-XX", "2024-01-01", "2024-12-31"), ("2023-02-X9", "2023-02-09", "2023-02-19")],
)
def test_unspecified_digits_anywhere_are_accepted(text, lower, upper):
    value = parse_edtf(text)
    assert (value.lower.isoformat(), value.upper.isoformat()) == (lower, upper)


def test_unspecified_digits_that_name_no_day_are_refused():
    with pytest.raises(ValueError, match="^'2024-02-3X' is not a real date$"):
        parse_edtf("2024-02-3X")


# --- strings the file system or a format cannot hold ------------------------------------------


def test_control_characters_and_non_characters_are_refused_with_positions(scratch):
    scratch.edit("events.yml", "title: Jaish al-Adal emerges", 'title: "Jaish\\0 al-Adal\\x01 emerges\\uFFFE"')
    scratch.edit("actors.yml", "name: Iran\n", "name: Iran\ufdd0\n")
    assert scratch.problems() == [
        "b/actors.yml:5:15: error: character U+FDD0 is not allowed; remove it: pages, feeds and calendars cannot carry it",
        "b/events.yml:6:12: error: text holds characters U+0000, U+0001, U+FFFE, not allowed; remove the escape: pages, feeds and calendars cannot carry it",
    ]


def test_a_nul_in_a_document_path_is_an_error_not_a_traceback(scratch):
    scratch.edit("sources.yml", "document: documents/", 'document: "documents/\\0')
    scratch.edit("sources.yml", ".txt\n", '.txt"\n')
    problems = scratch.problems()
    assert problems[0].startswith("b/sources.yml:13:15: error: text holds character U+0000, not allowed")


def test_a_document_with_control_characters_is_refused(scratch):
    path = scratch.folder / "documents/2024-02-24-iran-strikes-jaish-al-adal.txt"
    path.write_bytes(b"first line\nsecond\x0c line\n" + path.read_bytes())
    assert "b/documents/2024-02-24-iran-strikes-jaish-al-adal.txt:2:7: error: character U+000C is not allowed; remove it: pages, feeds and calendars cannot carry it" in scratch.problems()


def test_over_long_ids_and_slugs_are_refused_at_check(scratch, tmp_path):
    long_id = "a" * 300
    scratch.edit("events.yml", "  - id: jaish-al-adal-emerges", f"  - id: {long_id}")
    scratch.edit("briefing.yml", "(event:claim-broadcast)", "(event:claim-broadcast)")
    problems = [p for p in scratch.problems() if "events.yml:5:" in p]
    assert problems == [f"b/events.yml:5:9: error: '{'a' * 40}...' is 300 characters long; an id may have at most 128; ids name the site's files, and file systems limit names to 255 bytes"]
    slug = tmp_path / ("s" * 200)
    os.rename(scratch.folder, slug)
    _, found = pipeline.check([slug])
    assert f"{'s' * 200}/briefing.yml:1:1: error: folder name '{'s' * 40}...' is 200 characters long; a briefing slug may have at most 128" in [str(p) for p in found]


def test_briefing_language_must_be_a_bcp47_tag(scratch):
    scratch.edit("briefing.yml", "language: en", "language: <script>")
    assert scratch.problems() == ["b/briefing.yml:8:11: error: '<script>' must be a BCP 47 language tag such as 'en' or 'fa-IR'"]


# --- files that are not regular files ------------------------------------------------------------


def test_a_named_pipe_as_fact_file_or_document_is_refused_at_once(scratch):
    (scratch.folder / "quotes.yml").unlink()
    os.mkfifo(scratch.folder / "quotes.yml")
    document = scratch.folder / "documents/2024-02-24-iran-strikes-jaish-al-adal.txt"
    document.unlink()
    os.mkfifo(document)
    problems = scratch.problems()  # before the fix, this never returned
    assert "b/quotes.yml:1:1: error: b/quotes.yml is not a regular file (it is a named pipe); store the text itself as a file" in problems
    assert "b/sources.yml:13:15: error: b/documents/2024-02-24-iran-strikes-jaish-al-adal.txt is not a regular file (it is a named pipe); store the text itself as a file" in problems


def test_a_fact_file_linked_to_a_device_is_refused(scratch):
    (scratch.folder / "claims.yml").unlink()
    (scratch.folder / "claims.yml").symlink_to("/dev/zero")
    assert "b/claims.yml:1:1: error: claims.yml links to a file outside the briefing folder; keep the fact files themselves in the folder" in scratch.problems()
    (scratch.folder / "claims.yml").unlink()
    (scratch.folder / "dev").mkdir()
    os.symlink("/dev/zero", scratch.folder / "dev" / "zero")
    (scratch.folder / "claims.yml").symlink_to("dev/zero")  # inside the folder, then out of it
    assert "b/claims.yml:1:1: error: claims.yml links to a file outside the briefing folder; keep the fact files themselves in the folder" in scratch.problems()


def test_fact_files_linked_from_outside_the_folder_are_not_read(scratch, tmp_path):
    outside = tmp_path / "secret.yml"
    (scratch.folder / "quotes.yml").rename(outside)
    (scratch.folder / "quotes.yml").symlink_to(outside)
    problems = scratch.problems()
    assert "b/quotes.yml:1:1: error: quotes.yml links to a file outside the briefing folder; keep the fact files themselves in the folder" in problems
    assert [p for p in problems if "quotes.yml" in p] == [problems[0]]  # nothing of it was read


def test_a_fact_file_linked_inside_the_folder_is_read(scratch):
    (scratch.folder / "quotes.yml").rename(scratch.folder / "quotes-real.yml")
    (scratch.folder / "quotes.yml").symlink_to("quotes-real.yml")
    assert scratch.problems() == ["b/quotes-real.yml:1:1: warning: unknown fact file quotes-real.yml is ignored; known files: briefing.yml, sources.yml, actors.yml, events.yml, claims.yml, quotes.yml, places.yml"]


# --- the command never shows a traceback for any of these ------------------------------------


def test_the_command_reports_hostile_input_without_a_traceback(scratch):
    scratch.edit("events.yml", 'edtf: "2012"', 'edtf: "Y170000002"')
    os.mkfifo(scratch.folder / "documents" / "pipe.txt")
    scratch.edit("sources.yml", "document: documents/2024-02-24-iran-strikes-jaish-al-adal.txt", "document: documents/pipe.txt")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "b"], capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert f"b/events.yml:8:13: error: 'Y170000002' {PLACE}" in result.stdout


# --- input that would take for ever ----------------------------------------------------------


def test_a_long_wrong_excerpt_of_a_long_document_gets_its_hint():
    """Once a minute and more; how long it takes now is the bench's to measure."""
    import random

    from generator.evidence import closest_passage

    rng = random.Random(15)
    words = [f"w{n}" for n in range(40)]
    document = " ".join(rng.choice(words) for _ in range(60_000))[:190_000]
    excerpt = document[5000:11000]
    wrong = excerpt[:3000] + "X" + excerpt[3001:]
    found = closest_passage(wrong, document)
    whole_words = excerpt.split(" ", 1)[1].rsplit(" ", 1)[0]  # the slice cuts a word at each end
    assert whole_words in found.passage  # lined up where it belongs
    assert (found.document, found.given) == ("w27 w16 w30", "w27 w16 wX0")
