"""Attribution that cannot go wrong: stances, unattributed claims, whom a claim is about,
what a claim says and where it stands, and when an account was given.

Each test edits a scratch copy of the example briefing, then checks it or builds it for real.
"""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from generator import pipeline
from generator.render import render

ALLEGED = "      - stance: alleged\n        by: pakistan\n        about: [iran]\n"  # the account of iran-strikes-in-pakistan
CLAIMED = "      - stance: claimed\n        by: jaish-al-adal\n        about: [jaish-al-adal]\n"  # of police-station-attack
RESPONSE = "      - stance: reported\n        effect: contradicts\n"  # the article's answer to Jilani's claim


def build(scratch) -> dict[str, str]:
    """The scratch briefing checked (no errors allowed) and rendered: page text by path under b/."""
    (briefing,), problems = pipeline.check([Path("b")])
    assert [str(p) for p in problems if p.severity == "error"] == []
    return {str(path).removeprefix("b/"): data.decode() for path, data in render([briefing], pdf=False).items() if str(path).startswith("b/")}


def plain(html: str) -> str:
    """A page's visible text, tags dropped, entities read and spaces collapsed."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" ,", ",")


def jsonld(html: str) -> list[dict]:
    """Every item of the page's JSON-LD graph."""
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(script)["@graph"]


def section(html: str, heading_id: str) -> str:
    """The text of the page's section headed by `heading_id`, or '' when there is none."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    return plain(match.group(1)) if match else ""


# --- 1. stances that cannot be dropped ---------------------------------------------------


def test_by_without_a_stance_is_an_error_not_the_sources_voice(scratch):
    scratch.edit("events.yml", CLAIMED, "      - by: jaish-al-adal\n        about: [jaish-al-adal]\n")
    assert scratch.problems() == [
        "b/events.yml:35:9: error: `by` without a `stance`; `by` names a claimant: give its stance, claimed, "
        "alleged or denied; or drop `by` for the source's own report"
    ]


def test_a_reported_account_names_no_claimant(scratch):
    scratch.edit("events.yml", CLAIMED, "      - stance: reported\n        by: jaish-al-adal\n")
    assert scratch.problems() == [
        "b/events.yml:36:9: error: a source's own report (stance: reported) names no claimant; "
        "give the claimant's stance (claimed, alleged or denied), or drop `by`"
    ]


def test_a_response_with_by_needs_its_stance_too(scratch):
    scratch.edit("claims.yml", RESPONSE, "      - by: iran\n        effect: disputes\n")
    assert scratch.problems() == [
        "b/claims.yml:28:9: error: `by` without a `stance`; `by` names a claimant: give its stance, claimed, "
        "alleged or denied; or drop `by` for the source's own report"
    ]


def test_an_explicit_stance_with_by_is_published_as_the_claimants(scratch):
    pages = build(scratch)
    card = plain(pages["chronology.html"])
    assert "Claimed by Jaish al-Adal Jaish al-Adal claimed responsibility" in card
    assert "Reported by the source Jaish al-Adal claimed" not in card


# --- 2. unattributed ---------------------------------------------------------------------


def test_an_unattributed_account_is_shown_as_such_everywhere(scratch):
    scratch.edit("events.yml", CLAIMED, "      - stance: claimed\n        unattributed: true\n        about: [jaish-al-adal]\n")
    pages = build(scratch)
    assert "Claimed, unattributed in the source Jaish al-Adal claimed responsibility" in plain(pages["chronology.html"])
    (claim,) = [item for item in jsonld(pages["chronology.html"]) if item["@type"] == "Claim" and "responsibility" in item["text"]]
    assert "author" not in claim
    assert "reported; claimed, unattributed in the source" in pages["events.csv"]


def test_an_unattributed_quote_has_no_speaker(scratch):
    pages = build(scratch)  # the example's 'terrorist organizations' is quoted with no speaker
    assert "terrorist organizations — unattributed in the source" in plain(pages["quotes.html"])
    (quote,) = [item for item in jsonld(pages["quotes.html"]) if item.get("text") == "terrorist organizations"]
    assert "creator" not in quote
    assert "\r\nterrorist-organizations,terrorist organizations,en,,,unattributed in the source,," in pages["quotes.csv"]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("quotes.yml", "    unattributed: true\n", "",
         ["b/quotes.yml:18:5: error: a quote must name its speaker in `by`; or write `unattributed: true` when the source quotes no speaker"]),
        ("quotes.yml", "    unattributed: true\n", "    unattributed: true\n    by: pakistan\n",
         ["b/quotes.yml:20:5: error: a quote names its speaker in `by` or is `unattributed`, not both; drop `unattributed` when the source names the speaker"]),
        ("quotes.yml", "    unattributed: true\n", "    unattributed: yes\n",
         ["b/quotes.yml:20:19: error: expected true or false"]),
        ("events.yml", ALLEGED, ALLEGED + "        unattributed: true\n",
         ["b/events.yml:68:9: error: an account names its claimant in `by` or is `unattributed`, not both; drop `unattributed` when the source names the claimant"]),
        ("events.yml", CLAIMED, "      - unattributed: true\n",
         ["b/events.yml:35:9: error: a source's own report (stance: reported) cannot be unattributed; give the stance of the unnamed claimant (claimed, alleged or denied)"]),
        ("claims.yml", "    by: jalil-abbas-jilani\n", "",
         ["b/claims.yml:4:5: error: a claim must name its claimant in `by`; or write `unattributed: true` when the source does not say who"]),
    ],
    ids=["quote without speaker", "quote with both", "not a flag", "account with both", "reported and unattributed", "claim without claimant"],
)
def test_attribution_errors_are_exact(scratch, name, old, new, expected):
    scratch.edit(name, old, new)
    assert [p for p in scratch.problems() if "never cited" not in p] == expected


# --- 3. what a claim is about ------------------------------------------------------------


def test_a_claims_old_actors_key_says_it_is_now_about(scratch):
    scratch.edit("claims.yml", "    about: [pakistan, iran]\n", "    actors: [pakistan, iran]\n")
    assert scratch.problems() == [
        "b/claims.yml:15:5: error: `actors` on a claim is now `about`; "
        "rename it `about`: the actors the claim concerns (who makes the claim goes in `by`)"
    ]


def test_an_actor_page_lists_claims_by_and_about_it_not_claims_sharing_an_event(scratch):
    pages = build(scratch)
    # The Foreign Office is involved in the agreement, which Jilani's claim is about: not its subject.
    office = pages["actors/pakistan-foreign-office.html"]
    assert section(office, "claims-about-heading") == section(office, "claims-by-heading") == ""
    # Pakistan is involved in Iran's claimed killing of Shah Bakhsh: neither its claimant nor its subject.
    pakistan = pages["actors/pakistan.html"]
    assert "killed Ismail Shah Bakhsh" not in plain(pakistan)
    assert section(pakistan, "claims-by-heading") == (
        "Claims by Pakistan Alleged by Pakistan : Two boys were killed and three girls were injured in the attack. "
        "( Iran's missile and drone strikes on Jaish al-Adal along the Pakistan border ) [6]"
    )
    assert section(pakistan, "claims-about-heading").startswith("Claims about Pakistan Claimed by Jalil Abbas Jilani : Pakistan and Iran agreed")
    iran = section(pages["actors/iran.html"], "claims-about-heading")
    assert iran.startswith("Claims about Iran Alleged by Pakistan : Two boys were killed")
    assert "Claimed by Jalil Abbas Jilani" in iran
    subject = section(pages["actors/ismail-shah-bakhsh.html"], "claims-about-heading")
    assert subject.startswith("Claims about Ismail Shah Bakhsh Claimed by Iranian military : Iran's military forces killed Ismail Shah Bakhsh")
    assert section(pages["actors/iran-military.html"], "claims-by-heading").startswith("Claims by Iranian military Claimed by Iranian military : Iran's military")


def test_a_claim_without_a_subject_gets_a_warning(scratch):
    scratch.edit("events.yml", ALLEGED, "      - stance: alleged\n        by: pakistan\n")
    scratch.edit("claims.yml", "    about: [pakistan, iran]\n", "")
    assert scratch.problems() == [
        "b/claims.yml:4:9: warning: claim 'jilani-fight-terrorism' names no subject in `about`; "
        "list in `about` the actors the claim concerns, so that their pages show it",
        "b/events.yml:65:9: warning: an account of 'iran-strikes-in-pakistan' that is alleged names no subject in `about`; "
        "list in `about` the actors the claim concerns, so that their pages show it",
    ]


def test_about_names_known_actors(scratch):
    scratch.edit("events.yml", ALLEGED, ALLEGED.replace("[iran]", "[iran, irna]"))
    assert scratch.problems() == ["b/events.yml:67:23: error: unknown actor 'irna'; did you mean 'iran'?"]


# --- 4. what is claimed, and where it stands ---------------------------------------------


def claim_card(pages: dict[str, str]) -> str:
    return plain(re.search(r'<article class="claim.*?</article>', pages["claims.html"], flags=re.S).group(0))


def test_the_claims_heading_is_its_statement_with_its_status_and_responses_say_what_they_do(scratch):
    card = claim_card(build(scratch))
    assert card.startswith("Pakistan and Iran agreed to fight terrorism Status: Contradicted Claimed by Jalil Abbas Jilani, January 2024")
    assert "Contradicted by the source The article says" in card
    assert "Reported by the source" not in card


@pytest.mark.parametrize(
    ("response", "badge", "label"),
    [
        ("      - stance: denied\n        by: iran\n        effect: disputes\n", "Disputed", "Disputed by Iran"),
        ("      - stance: claimed\n        by: pakistan\n        effect: supports\n", "Unverified", "Supported by Pakistan"),
        ("      - stance: reported\n        effect: corroborates\n", "Corroborated", "Corroborated by the source"),
        ("      - stance: reported\n", "Unverified", "Reported by the source"),
        ("      - stance: claimed\n        unattributed: true\n        effect: disputes\n", "Disputed", "Disputed, unattributed in the source"),
    ],
)
def test_a_claims_status_is_derived_from_what_its_responses_do(scratch, response, badge, label):
    scratch.edit("claims.yml", RESPONSE, response)
    card = claim_card(build(scratch))
    assert card.startswith(f"Pakistan and Iran agreed to fight terrorism Status: {badge} Claimed by")
    assert f"{label} The article says" in card


def test_an_explicit_status_needs_its_evidence_and_is_a_claim_review(scratch):
    status = "    status:\n      value: disputed\n"
    scratch.edit("claims.yml", "    citations:\n", status + "    citations:\n")
    assert scratch.problems() == ["b/claims.yml:17:7: error: missing required key 'citations'"]
    evidence = "      citations:\n        - source: article-2024-02-24\n          excerpt: the recent actions of the Iranian military contradict Jilani's claim\n"
    scratch.edit("claims.yml", status, status + evidence)
    pages = build(scratch)
    assert claim_card(pages).startswith("Pakistan and Iran agreed to fight terrorism Status: Disputed [1] Claimed by")
    (review,) = [item for item in jsonld(pages["claims.html"]) if item["@type"] == "ClaimReview"]
    assert review["@type"] == "ClaimReview" and review["reviewRating"] == {"@type": "Rating", "alternateName": "Disputed"}
    assert review["itemReviewed"]["name"] == "Pakistan and Iran agreed to fight terrorism"


def test_a_derived_status_is_no_claim_review(scratch):
    claim, *entities = jsonld(build(scratch)["claims.html"])
    assert claim["@type"] == "Claim" and claim["author"] == [{"@id": "actors/jalil-abbas-jilani.html"}]
    # The claimant and the source, described once and referred to by @id.
    assert {"@type": "Person", "@id": "actors/jalil-abbas-jilani.html", "name": "Jalil Abbas Jilani", "url": "actors/jalil-abbas-jilani.html"} in entities
    assert [e["@id"] for e in entities] == ["actors/jalil-abbas-jilani.html", *(s["@id"] for s in claim["appearance"])]


def test_a_claim_without_a_statement_gets_a_warning_and_a_shortened_heading(scratch):
    scratch.edit("claims.yml", "    statement: Pakistan and Iran agreed to fight terrorism\n", "")
    assert scratch.problems() == [
        "b/claims.yml:4:9: warning: claim 'jilani-fight-terrorism' has no `statement`; say in a few words what is claimed: it is the claim's heading"
    ]
    assert claim_card(build(scratch)).startswith(
        "Pakistan and Iran agreed to fight terrorism in their respective areas and to… Status: Contradicted"
    )


def test_the_updates_page_and_feed_name_a_claim_by_its_statement(scratch):
    shutil.rmtree(scratch.folder / "editions")  # an edition kept by hand
    scratch.edit("claims.yml", "  - id: jilani-fight-terrorism\n", "  - id: jilani-fight-terrorism\n    updated: 2024-02-26\n")
    scratch.edit("briefing.yml", "as_of: 2024-02-24\n", "as_of: 2024-02-26\n")
    scratch.edit("briefing.yml", "editions:\n", "editions:\n  - date: 2024-02-26\n    text: The claim retold.\n")
    pages = build(scratch)
    assert "Claims Updated Pakistan and Iran agreed to fight terrorism" in plain(pages["updates.html"])
    assert "Pakistan and Iran agreed to fight terrorism" in pages["feed.atom"]
    assert "Claimed by Jalil Abbas Jilani" not in pages["feed.atom"]


def test_bad_values_in_the_new_keys_are_reported_not_raised(scratch):
    scratch.edit("claims.yml", "        effect: contradicts\n", "        effect: refutes\n")
    scratch.edit("claims.yml", "    about: [pakistan, iran]\n", "    about: {pakistan: iran}\n    status: contradicted\n")
    assert scratch.problems() == [
        "b/claims.yml:15:12: error: expected a list, got a mapping; write items on lines starting with '- '",
        "b/claims.yml:16:13: error: expected a mapping (key: value), got text",
        "b/claims.yml:30:17: error: 'refutes' is not one of: contradicts, disputes, supports, corroborates",
    ]


# --- 5. said vs happened -----------------------------------------------------------------


def test_when_an_account_was_given_is_shown_beside_when_it_happened(scratch):
    said = "        said:\n          wording: on January 17\n          relative_to: article-2024-02-24\n"
    scratch.edit("events.yml", ALLEGED, ALLEGED + said)
    card = plain(build(scratch)["chronology.html"])
    assert "Alleged by Pakistan · said 17 January 2024 Two boys were killed" in card


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("        said: 2024-03-01\n",
         "b/events.yml:68:15: error: the `said` of an account of 'iran-strikes-in-pakistan' is dated 1 March 2024, "
         "after every source that reports it (latest: article-2024-02-24, 2024-02-24)"),
        ("        said:\n          edtf: 2024-01-16\n          wording: on Tuesday night\n",
         "b/events.yml:70:20: error: date wording 'on Tuesday night' does not occur in the cited documents"),
    ],
)
def test_said_is_verified_like_any_date(scratch, said, expected):
    scratch.edit("events.yml", ALLEGED, ALLEGED + said)
    assert scratch.problems() == [expected]


def test_a_responses_said_is_verified_too(scratch):
    scratch.edit("claims.yml", RESPONSE, RESPONSE + "        said: 2024-03\n")
    assert scratch.problems() == [
        "b/claims.yml:30:15: error: the `said` of a response to 'jilani-fight-terrorism' is dated March 2024, "
        "after every source that reports it (latest: article-2024-02-24, 2024-02-24)"
    ]
