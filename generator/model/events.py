"""What happened and what is said: events and their accounts, claims and quotes, figures."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema, model_validator

from .. import counts
from ..counts import COMMON_WHATS, Count, Flag, Index
from .base import ID_PATTERN, Fact, Id, IdList, Markdown, Text, Unattributed, rule
from .citations import TRANSLATION_KEYS, WHOLE_FILE, Citations, TranslatedByKey, Translation
from .places import Coordinates
from .when import Added, Updated, When


class Stance(str, Enum):
    reported = "reported"
    claimed = "claimed"
    alleged = "alleged"
    denied = "denied"


What = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    WithJsonSchema({"anyOf": [{"enum": list(COMMON_WHATS)}, {"type": "string", "pattern": ID_PATTERN}]}, mode="validation"),
    Field(description=f"What is counted: {', '.join(COMMON_WHATS)}, or any other id (bases-destroyed)."),
]


class Figure(Fact):
    """A count an account gives (two killed, around 11, at least 9, several), in the document's words."""

    what: What
    value: Annotated[Count | None, Field(description="The number given, exact or central.")] = None
    at_least: Annotated[Count | None, AfterValidator(counts.check_at_least), Field(description="A lower bound ('at least 9').")] = None
    at_most: Annotated[Count | None, AfterValidator(counts.check_at_most), Field(description="An upper bound ('up to 12').")] = None
    approximate: Annotated[Flag, Field(description="The number is approximate ('around 11').")] = False
    vague: Annotated[Flag, AfterValidator(counts.check_vague), Field(description="The source gives no number ('several', 'dozens'): then no value or bounds.")] = False
    who: Text | None = Field(None, description="Who or what is counted, e.g. 'boys', 'police officers'.")
    wording: Text = Field(description="The document's own words for the figure; it must occur in one of the account's cited excerpts.")
    citation: Index | None = Field(None, description="The account's citation (1 for the first) whose excerpt holds the wording.")


class Effect(str, Enum):
    """What a response does to the claim it answers."""

    contradicts = "contradicts"
    disputes = "disputes"
    supports = "supports"
    corroborates = "corroborates"


class ClaimStatus(str, Enum):
    """Where a claim stands: derived from its responses, or given with its own evidence."""

    unverified = "unverified"
    disputed = "disputed"
    contradicted = "contradicted"
    corroborated = "corroborated"




About = Annotated[IdList, Field(description="The actors the claim concerns (not who makes it, `by`; not who is involved in the event, its `actors`).")]


class Account(Fact):
    """One telling of an event: the source's own report, or what a named actor claims."""

    stance: Stance = Field(Stance.reported, description="reported: the source states it in its own voice; claimed, alleged or denied: by the actors in `by` (or `unattributed`).")
    by: IdList = Field(default_factory=list, description="Who claims, alleges or denies; needs an explicit non-reported `stance`.")
    unattributed: Unattributed = False
    about: About = Field(default_factory=list)
    text: Markdown
    date: When | None = Field(None, description="This account's date for the event, where it differs from the event's.")
    said: When | None = Field(None, description="When this account was given (said or published), apart from when the event happened.")
    places: IdList = Field(default_factory=list, description="Where this account places the event, where it differs from the event's: ids in places.yml.")
    citations: Citations
    figures: list[Figure] = Field(default_factory=list, description="The counts this account gives (killed, injured, ...).")

    @model_validator(mode="after")
    def _claims_name_claimant(self) -> Account:
        """A claimant's voice is never published as the source's own, nor the other way round."""
        reported = self.stance == Stance.reported.value
        if self.by and "stance" not in self.model_fields_set:
            raise rule(
                "`by` without a `stance`",
                "`by` names a claimant: give its stance, claimed, alleged or denied; or drop `by` for the source's own report",
                "by",
            )
        if reported and self.by:
            raise rule("a source's own report (stance: reported) names no claimant", "give the claimant's stance (claimed, alleged or denied), or drop `by`", "by")
        if reported and self.unattributed:
            raise rule("a source's own report (stance: reported) cannot be unattributed", "give the stance of the unnamed claimant (claimed, alleged or denied)", "unattributed")
        if self.by and self.unattributed:
            raise rule("an account names its claimant in `by` or is `unattributed`, not both", "drop `unattributed` when the source names the claimant", "unattributed")
        if not reported and not self.by and not self.unattributed:
            raise rule(
                f"an account that is {self.stance} must name who {self.stance} it, in `by`",
                "or write `unattributed: true` when the source does not say who",
            )
        return self


class Response(Account):
    """An account that answers a claim: the source's own report, or another actor's."""

    effect: Effect | None = Field(None, description="What the response does to the claim: contradicts, disputes, supports or corroborates; sets the claim's derived `status`.")




class Event(Fact):
    """Something that happened, or is said to have happened, told by one or more accounts."""

    id: Id
    title: Text
    date: When
    place: Text | None = Field(None, description="Where, in words; checked against the cited documents. Prefer `places`.")
    places: IdList = Field(default_factory=list, description="Where it happened: ids in places.yml.")
    coordinates: Coordinates | None = None
    actors: IdList = Field(default_factory=list, description="Actors involved.")
    tags: list[Id] = Field(default_factory=list)
    accounts: list[Account] = Field(min_length=1, description="Side by side when they conflict.")
    after: IdList = Field(default_factory=list, description="Events this one followed, where the dates alone do not say so (a response to them, say).")
    before: IdList = Field(default_factory=list, description="Events this one preceded, where the dates alone do not say so.")
    added: Added = None
    updated: Updated = None


class EventsFile(Fact):
    model_config = WHOLE_FILE
    events: list[Event] = Field(default_factory=list)


class Status(Fact):
    """A claim's status as the evidence gives it, overriding the one derived from its responses."""

    value: ClaimStatus = Field(description="unverified, disputed, contradicted or corroborated.")
    citations: Citations


class Claim(Fact):
    """An assertion by a claimant (named, or unattributed in the source) that is not itself an event, with any responses to it."""

    id: Id
    statement: Text | None = Field(None, description="What is claimed, in a few words: the claim's heading.")
    by: IdList = Field(default_factory=list, description="The claimant(s); required unless `unattributed`.")
    unattributed: Unattributed = False
    stance: Literal["claimed", "alleged", "denied"] = "claimed"
    text: Markdown
    date: When | None = Field(None, description="When the claim was made.")
    events: IdList = Field(default_factory=list, description="Events the claim is about.")
    about: About = Field(default_factory=list)
    status: Status | None = Field(None, description="Where the claim stands, with its evidence; when left out, derived from the responses' `effect`.")
    citations: Citations
    responses: list[Response] = Field(default_factory=list, description="Other accounts that support or contradict it.")
    added: Added = None
    updated: Updated = None

    @model_validator(mode="after")
    def _names_claimant(self) -> Claim:
        if self.by and self.unattributed:
            raise rule("a claim names its claimant in `by` or is `unattributed`, not both", "drop `unattributed` when the source names the claimant", "unattributed")
        if not self.by and not self.unattributed:
            raise rule("a claim must name its claimant in `by`", "or write `unattributed: true` when the source does not say who")
        return self


class ClaimsFile(Fact):
    model_config = WHOLE_FILE
    claims: list[Claim] = Field(default_factory=list)


class Quote(Fact):
    """Words someone said, verbatim from a stored document."""

    model_config = TRANSLATION_KEYS

    id: Id
    text: Text = Field(description="Exactly as in the document and in its language (whitespace, quote marks and dashes may differ).")
    translation: Translation = None
    translated_by: TranslatedByKey = None
    by: IdList = Field(default_factory=list, description="The speaker(s); required unless `unattributed`.")
    unattributed: Unattributed = False
    said: When | None = None
    where: Text | None = None
    context: Markdown | None = None
    event: Id | None = Field(None, description="The event the quote belongs to.")
    citations: Citations
    added: Added = None
    updated: Updated = None

    @model_validator(mode="after")
    def _names_speaker(self) -> Quote:
        if self.by and self.unattributed:
            raise rule("a quote names its speaker in `by` or is `unattributed`, not both", "drop `unattributed` when the source names the speaker", "unattributed")
        if not self.by and not self.unattributed:
            raise rule("a quote must name its speaker in `by`", "or write `unattributed: true` when the source quotes no speaker")
        return self


class QuotesFile(Fact):
    model_config = WHOLE_FILE
    quotes: list[Quote] = Field(default_factory=list)
