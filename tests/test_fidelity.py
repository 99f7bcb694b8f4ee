"""The example briefing says only what its article says: each defect a fact-checker's audit
found in an earlier version, put back one at a time into a copy of it, is either caught by
`check` or listed in docs/format.md under "What only a careful reader catches"."""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE, ROOT

DOCS = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
CAREFUL = DOCS[DOCS.index("### What only a careful reader catches") : DOCS.index("## What `briefbook check` reports")]

# name: (file, the fixed text, the audited defect, what catches it)
# "what catches it" is a warning's start ("warning: ...") or the careful-reader bullet's title.
DEFECTS = {
    "the quote's invented speakers": (
        "quotes.yml",
        "    unattributed: true\n    context: >-",
        "    by: [pakistan, iran]\n    said:\n      wording: last month\n      relative_to: article-2024-02-24\n    context: >-",
        "warning: quote 'terrorist-organizations' is attributed to Pakistan ('pakistan'), but no passage it cites says that they said",
    ),
    "Pakistan's strike dated by Iran's entry": (
        "events.yml",
        "    date: ../2024-02-24\n    places: [iran]",
        "    date:\n      wording: a month ago\n      relative_to: article-2024-02-24\n    places: [iran]",
        "warning: event 'pakistan-strike-in-iran' is dated 'a month ago', but no sentence it cites says so",
    ),
    "a role period the article does not give": (
        "actors.yml",
        "      - title: Then Foreign Minister of the caretaker government\n        of: pakistan-caretaker-government\n",
        "      - title: Then Foreign Minister of the caretaker government\n        of: pakistan-caretaker-government\n"
        "        period:\n          wording: last month\n          relative_to: article-2024-02-24\n",
        "warning: a role of 'jalil-abbas-jilani' is dated 'last month', but no sentence it cites says so",
    ),
    "Pakistan's allegation in the source's voice": (
        "events.yml",
        "      - stance: alleged\n        by: pakistan\n        about: [iran]\n",
        "      - about: [iran]\n",
        "warning: an account of 'iran-strikes-in-pakistan' is in the source's own voice, but its passage 'Pakistan had alleged",
    ),
    "the claim credited to the outlet that relayed it": (
        "events.yml",
        "        by: iran-military\n",
        "        by: iran-international-english\n",
        "warning: an account of 'shah-bakhsh-killing' is attributed to Iran International English ('iran-international-english'), but no passage it cites names them",
    ),
    "the broadcast moved to state media": (
        "briefing.yml",
        "    [broadcast the claim on 24 February 2024](event:claim-broadcast), citing Iranian state media.",
        "    [broadcast the claim on 24 February 2024](event:claim-broadcast) through Iranian state media.",
        "Prose that moves the speaker.",
    ),
    "the agreement said to be contradicted": (
        "briefing.yml",
        "      The article says that the recent actions of the Iranian military contradict the claim of",
        "      The article says the operation contradicts the January agreement and the claim of",
        "Paraphrase that changes what is claimed.",
    ),
    "casualty figures from the parties": (
        "briefing.yml",
        "      The only casualty figures the article gives for Iran's strikes are Pakistan's: Pakistan",
        "      Casualty figures come from the parties: Pakistan",
        "Generalised sources.",
    ),
    "hedges dropped from the key point": (
        "briefing.yml",
        "the group has often carried out large-scale attacks on Iranian security forces",
        "the group has often attacked Iranian security forces",
        "Hedges dropped.",
    ),
    "a title for an unnamed counterpart": (
        "actors.yml",
        "      - title: Iranian counterpart of Pakistan's then Foreign Minister\n",
        "      - title: Foreign Minister\n",
        "Titles and roles that go further.",
    ),
    "a subtitle's period": (
        "briefing.yml",
        "claimed killing, as reported on 24 February 2024",
        "claimed killing, December 2023 to February 2024",
        "Titles and roles that go further.",
    ),
    "the police attack tied to the security forces": (
        "events.yml",
        "    places: [sistan-baluchistan]\n    actors: [jaish-al-adal]\n",
        "    places: [sistan-baluchistan]\n    actors: [jaish-al-adal, iranian-security-forces]\n",
        "Titles and roles that go further.",
    ),
}


def test_the_example_has_none_of_the_audited_defects():
    for name, (file, fixed, defect, _) in DEFECTS.items():
        text = (EXAMPLE / file).read_text(encoding="utf-8")
        assert fixed in text and defect not in text, name


def test_the_two_iranian_strikes_stay_apart_and_the_quote_has_no_speaker(scratch):
    events = (scratch.folder / "events.yml").read_text(encoding="utf-8")
    assert "  - id: iran-strikes-in-pakistan\n" in events and "  - id: iran-enters-pakistan\n" in events
    assert "The article does not say whether these are the" in events
    quotes = (scratch.folder / "quotes.yml").read_text(encoding="utf-8")
    entry = quotes[quotes.index("  - id: terrorist-organizations") :]
    assert "unattributed: true" in entry and "by:" not in entry and "said:" not in entry


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_audited_defect_is_caught_or_documented(scratch, name):
    file, fixed, defect, caught_by = DEFECTS[name]
    scratch.edit(file, fixed, defect)
    problems = scratch.problems()
    assert not [p for p in problems if ": error: " in p], problems  # each defect is still valid input
    if caught_by.startswith("warning: "):
        assert any(re.search(rf"^b/{file}:\d+:\d+: {re.escape(caught_by)}", p) for p in problems), problems
    else:
        assert f"- **{caught_by}**" in CAREFUL, f"{name}: not listed under 'What only a careful reader catches'"
        assert [p for p in problems if ": warning: " in p] == []  # what the check cannot see, it does not pretend to
