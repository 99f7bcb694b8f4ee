"""The attribution check: invented speakers, someone else's words in the source's voice, and
dates borrowed from a neighbouring sentence, on the invented multi-source test briefing."""

from __future__ import annotations

from conftest import EXAMPLE, Scratch
from generator import pipeline
from generator.attribution import sentences

CLAIMANT_UNNAMED = (
    "but no passage it cites names them in or just before it; check who speaks in the source; "
    "add the spelling it uses to the actor's aliases, or record the words as `unattributed`"
)
NO_SAYING = (
    "but no passage it cites says that they said, claimed or alleged it; a name near the words "
    "is not a speaker: record the words as `unattributed` if the source names none"
)


def line_of(scratch: Scratch, name: str, text: str) -> int:
    """The line of a file where `text` starts: exact positions that survive edits above it."""
    content = (scratch.folder / name).read_text(encoding="utf-8")
    assert text in content, f"{text!r} not in {name}"
    return content[: content.index(text)].count("\n") + 1


def warnings(scratch: Scratch) -> list[str]:
    return [p for p in scratch.problems() if ": warning: " in p]


def test_the_test_briefing_gives_no_false_warning(multi):
    assert multi.problems() == []


def test_a_claimant_the_passage_never_names(multi):
    multi.edit("claims.yml", "by: aldorian-army\n    stance: denied", "by: aldoria-air-force\n    stance: denied")
    line = line_of(multi, "claims.yml", "by: aldoria-air-force")
    assert warnings(multi) == [
        f"b/claims.yml:{line}:9: warning: claim 'no-civilians-harmed' is attributed to Aldoria's air force "
        f"('aldoria-air-force'), {CLAIMANT_UNNAMED}"
    ]


def test_a_name_beside_the_words_is_not_a_speaker(multi):
    # "Aldoria's air force struck ..., the Aldorian defence ministry said": the air force is
    # named beside the words, but the ministry says them.
    multi.edit("events.yml", "by: aldoria-defence-ministry", "by: aldoria-air-force")
    line = line_of(multi, "events.yml", "by: aldoria-air-force")
    assert warnings(multi) == [
        f"b/events.yml:{line}:13: warning: an account of 'harvel-strike' is attributed to Aldoria's air force "
        f"('aldoria-air-force'), {NO_SAYING}"
    ]


def test_someone_elses_words_in_the_sources_voice(multi):
    multi.edit(
        "events.yml",
        "      - stance: claimed\n        by: aldorian-army\n        about: [brotherhood-of-the-ridge]\n        text: Nine militants were killed, and no civilians were harmed.",
        "      - text: Nine militants were killed, and no civilians were harmed.",
    )
    line = line_of(multi, "events.yml", "Nine militants were killed, and no")
    assert warnings(multi) == [
        f"b/events.yml:{line}:15: warning: an account of 'harvel-strike' is in the source's own voice, but its passage "
        "'The Aldorian army said nine militants were killed and…' reports someone else's words; give the account "
        "the claimant's stance and `by`, name the reporter in `via`, or say in the text whose words they are"
    ]


def test_a_reporting_chain_or_attributing_text_is_enough(multi):
    multi.edit(
        "events.yml",
        "      - stance: claimed\n        by: aldorian-army\n        about: [brotherhood-of-the-ridge]\n        text: Nine militants were killed, and no civilians were harmed.",
        "      - text: The Aldorian army said nine militants were killed, and no civilians were harmed.",
    )
    assert warnings(multi) == []


def test_a_date_borrowed_from_another_sentence(multi):
    multi.edit(
        "events.yml",
        "      wording: the next day\n      relative_to_event: harvel-strike",
        "      wording: early on 3 March\n      relative_to: courier-2025-03-20",
    )
    line = line_of(multi, "events.yml", "wording: early on 3 March\n      relative_to: courier-2025-03-20\n    actors: [zemara")
    assert warnings(multi) == [
        f"b/events.yml:{line}:16: warning: event 'envoy-summoned' is dated 'early on 3 March', but no sentence it cites "
        "says so; the wording may date a neighbouring sentence; cite the passage that dates this fact, or leave the date open"
    ]


def test_a_statement_speaks_for_its_publisher_in_any_language(multi):
    """The quoted Persian sentence names no speaker: the statement's publisher speaks."""
    multi.edit("sources.yml", "publisher: Zemara's defence ministry", "publisher: Zemara Daily Wire")
    line = line_of(multi, "quotes.yml", "by: zemara-defence-ministry")
    # The account's Persian passage follows the statement's heading, which names the ministry.
    assert warnings(multi) == [
        f"b/quotes.yml:{line}:9: warning: quote 'flagrant-violation' is attributed to Zemara's defence ministry "
        f"('zemara-defence-ministry'), {CLAIMANT_UNNAMED}",
    ]


def test_sentences_ignore_abbreviations_and_keep_paragraphs_apart():
    text = "Gen. Smith said so. Then Dr. Jones left!\n\nA heading\n\nA new paragraph\nwithout a stop"
    found = sentences(text)
    bounds = [*found.starts, len(found.text)]
    parts = [found.text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    assert parts == ["Gen. Smith said so.", "Then Dr. Jones left!", "A heading", "A new paragraph without a stop"]


def test_the_example_briefing_is_quiet():
    _, problems = pipeline.check([EXAMPLE])
    assert [str(p) for p in problems if p.severity == "warning"] == []


def test_remembered_warnings_are_what_a_fresh_check_gives(multi, tmp_path):
    """A rebuild repeats the attribution warnings of the items it did not read again: they
    move with their items, and go when what they depend on outside the item changes."""
    from generator.reread import FactFiles

    saved = tmp_path / "facts.pickle"

    def agree() -> list[str]:
        files = FactFiles(saved, "v1")  # as a new process would find them
        remembered = pipeline.check([multi.folder], files)[1]
        files.save()
        fresh = pipeline.check([multi.folder])[1]
        assert [str(p) for p in remembered] == [str(p) for p in fresh]
        return [str(p) for p in fresh if p.severity == "warning"]

    multi.edit("claims.yml", "by: aldorian-army\n    stance: denied", "by: aldoria-air-force\n    stance: denied")
    first = agree()
    assert len(first) == 1 and "attributed to Aldoria's air force" in first[0]
    line = int(first[0].split(":")[1])

    # What is remembered is what is shown: a warning altered in the saved findings comes back.
    files = FactFiles(saved, "v1")
    (items,) = [found for key, found in files.found.items.items() if key.startswith("attribution\0")]
    digest = next(d for d, warned in items.items() if warned)
    items[digest] = ((items[digest][0][0], 9, "warning", "remembered, not checked again", None),)
    files.save()
    files = FactFiles(saved, "v1")
    assert [str(p) for p in pipeline.check([multi.folder], files)[1]] == [f"b/claims.yml:{line}:9: warning: remembered, not checked again"]
    multi.edit("claims.yml", "by: aldoria-air-force\n", "by: aldoria-air-force  # edited\n")  # the item read again
    assert agree() == first

    # Lines added above the warned item: the warning moves down with it.
    multi.edit("claims.yml", "claims:\n", "claims:\n# a note\n# another\n")
    assert agree() == [first[0].replace(f"claims.yml:{line}:", f"claims.yml:{line + 2}:")]
    # An alias, outside the item, that the passage uses: the warning goes.
    multi.edit("actors.yml", "  - id: aldoria-air-force\n", "  - id: aldoria-air-force\n    aliases: [Aldorian army]\n")
    assert agree() == []
