"""Stage 2, model: the fact-file format as immutable, validated pydantic models.

One definition gives the validation, the editor's JSON Schema and the `briefing.json`
export. Each fact file validates alone; `Briefing` puts a folder's files together.
Every model remembers where it came from (`at`), so later stages can point at it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, Iterator, Literal, get_args

from pydantic import (
    AfterValidator,
    WithJsonSchema,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from . import counts
from .counts import COMMON_WHATS, Count, Flag, Index
from .dates import Edtf, check_time, parse_edtf
from .kinds import SourceKind  # noqa: F401 - re-exported: a Source's kind
from .problems import Mark, Where

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def slugify(text: str) -> str:
    """An id made from any text: accents dropped, lowercase, runs of other characters as hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

# Ids name the site's files (actors/ID.html): file systems allow 255 bytes a name, so keep well inside.
MAX_ID_LENGTH = 128
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH), Field(description="A stable id: lowercase letters, digits and hyphens (at most 128).")]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN), Field(description="BCP 47 language tag.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="CommonMark. Link facts with [text](actor:ID), (event:ID), (quote:ID), (claim:ID), (source:ID), (place:ID)."),
]


def _listify(value: Any) -> Any:
    """Let a single item stand for a one-item list (`by: iran` means `by: [iran]`)."""
    return [value] if isinstance(value, str) else value


class _OneOrMany:
    """Tell editors that a single id is accepted where a list of ids is."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        return {"anyOf": [schema["items"], schema]}


IdList = Annotated[list[Id], BeforeValidator(_listify), _OneOrMany()]


class Fact(BaseModel):
    """Base of every fact-file model: frozen, strict about keys, and aware of its position."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_enum_values=True, validate_default=True)

    at: SkipJsonSchema[Where | None] = Field(default=None, alias="@at", exclude=True, repr=False)

    def mark(self, key: str | None = None, index: int | None = None) -> Mark:
        """Where this fact, the value under one of its keys, or an item of that list was written."""
        return self.at.of(key, index) if self.at else Mark("<unknown>")

    def __reduce__(self):
        """Pickled as its class, its values and the keys it was given: a rebuild unpickles every
        remembered fact (reread.py), and pydantic's own state, a dict of four per fact, made
        that a fifth slower. Facts have no private attributes and no extra keys."""
        return (_unpickled, (type(self), self.__dict__, self.__pydantic_fields_set__))


_set = object.__setattr__


def _unpickled(cls: type[Fact], values: dict, given: set[str]) -> Fact:
    fact = cls.__new__(cls)
    _set(fact, "__dict__", values)
    _set(fact, "__pydantic_fields_set__", given)
    _set(fact, "__pydantic_extra__", None)
    _set(fact, "__pydantic_private__", None)
    return fact


def _holds_facts(annotation) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Fact):
        return True
    return any(_holds_facts(arg) for arg in get_args(annotation))


@lru_cache(maxsize=None)
def child_fields(cls: type[Fact]) -> tuple[str, ...]:
    """The fields of a model that can hold other facts: what a walk needs to visit."""
    return tuple(name for name, info in cls.model_fields.items() if _holds_facts(info.annotation))


def walk(value) -> Iterator[Fact]:
    """Every fact in a model tree (a fact, or lists of them), parents before children."""
    stack = [value]
    children: dict[type, tuple[str, ...]] = {}  # child_fields, looked up once per type of this walk
    while stack:
        item = stack.pop()
        if isinstance(item, Fact):
            yield item
            names = children.get(type(item))
            if names is None:
                names = children[type(item)] = child_fields(type(item))
            values = item.__dict__
            stack.extend([values[name] for name in reversed(names) if values[name] is not None])
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))


# --- dates ------------------------------------------------------------------------------


def _edtf(value: str) -> str:
    parse_edtf(value)  # raises ValueError with a friendly message
    return value


EdtfText = Annotated[str, AfterValidator(_edtf), Field(description="An EDTF date: 2024-01-16, 2023-12, 2012~, 2024-01?, 2024-01-16/2024-01-17, 201X.")]

DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(value: str) -> str:
    """A single real calendar day, written YYYY-MM-DD: the unit editions are published in."""
    if not re.match(DAY_PATTERN, value):
        raise ValueError(f"'{value}' is not a single day; write it as YYYY-MM-DD, e.g. 2024-02-24")
    parse_edtf(value)  # raises for days that do not exist, such as 2024-02-30
    return value


Day = Annotated[
    str,
    AfterValidator(_day),
    Field(description="A single day in EDTF (YYYY-MM-DD).", json_schema_extra={"pattern": DAY_PATTERN}),
]
Added = Annotated[
    Day | None,
    Field(description="The day this fact was added to the briefing; its edition is the first one dated on or after it. Leave it out for facts that were in the first edition."),
]
Updated = Annotated[
    Day | None,
    Field(description="The day this fact was last changed in substance (a new account, citation or correction), on or after `added`."),
]


class When(Fact):
    """A date as a document gives it. Write a bare EDTF string (`date: 2024-01-16`) or a mapping."""

    edtf: EdtfText | None = Field(None, description="The date in EDTF. May be left out when `wording` and `relative_to` resolve it.")
    time: Text | None = Field(None, description="Time of day: HH:MM or a part of the day (early morning, morning, midday, afternoon, evening, night, late night).")
    wording: Text | None = Field(None, description="The document's own words for the date, e.g. 'late night on January 16 this year'.")
    relative_to: Id | None = Field(None, description="A source id: resolve relative `wording` ('last December', 'a month ago') against its publication date.")
    relative_to_event: Id | None = Field(
        None,
        description="An event id: resolve `wording` such as 'the next day', 'two days after' or 'a week later' against that event's date (and order this event after it, or before it for 'the day before').",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"edtf": value} if isinstance(value, str) else value

    @field_validator("time")
    @classmethod
    def _known_time(cls, value: str | None) -> str | None:
        reason = value and check_time(value)
        if reason:
            raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def _something_to_go_on(self) -> When:
        if self.relative_to and self.relative_to_event:
            raise ValueError("a date is read against a source (`relative_to`) or an event (`relative_to_event`), not both")
        if self.edtf is None and not (self.wording and (self.relative_to or self.relative_to_event)):
            raise ValueError("a date needs `edtf`, or `wording` with `relative_to` or `relative_to_event`")
        for key in ("relative_to", "relative_to_event"):
            if getattr(self, key) and not self.wording:
                raise ValueError(f"`{key}` needs the `wording` to read against it")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "description": "An EDTF date."}, schema]}

    @model_serializer(mode="wrap")
    def _with_resolved(self, handler, info):
        """In exports, add the resolved value (relative wording included) when it is known."""
        data = handler(self)
        value = (info.context or {}).get("dates", {}).get(self)
        if value is not None:
            data["resolved"] = {"edtf": value.text, "label": value.describe(), "start": _bound_day(value.lower), "end": _bound_day(value.upper)}
        return data


def _bound_day(day: datetime.date) -> str | None:
    """An end of a resolved span as exported: None (JSON null) for an open or unknown end,
    which dates.py holds as date.min or date.max, so that no reader takes it for a real day."""
    return None if day in (datetime.date.min, datetime.date.max) else day.isoformat()


# --- citations --------------------------------------------------------------------------


class TranslatedBy(str, Enum):
    """Whose translation of an original passage the briefing shows."""

    source = "source"
    analysts = "analysts"


# Given together or not at all (checked in verify, where each key's position is known).
# A list file's model validates a file only when it is not a plain list (reread.py reads
# items one by one) and gives the JSON Schema: built when first used, not at every start.
WHOLE_FILE = ConfigDict(defer_build=True)
TRANSLATION_KEYS = ConfigDict(json_schema_extra={"dependentRequired": {"translation": ["translated_by"], "translated_by": ["translation"]}})
Translation = Annotated[
    Text | None,
    Field(description="The passage in the briefing's language, where the document's is another; needs `translated_by`."),
]
TranslatedByKey = Annotated[
    TranslatedBy | None,
    Field(description="Whose `translation` it is: source (the document's own, e.g. a bilingual statement: checked verbatim in the same document) or analysts (the briefing's analysts translated it)."),
]


class Citation(Fact):
    """Evidence: a passage of a stored source document, quoted exactly."""

    model_config = TRANSLATION_KEYS

    source: Id = Field(description="The id of the source in sources.yml.")
    excerpt: Text = Field(description="The supporting passage, verbatim and in the document's language (whitespace, quote marks and dashes may differ).")
    translation: Translation = None
    translated_by: TranslatedByKey = None
    via: IdList = Field(default_factory=list, description="Reporting chain: the actors the document relays, nearest first (an outlet citing state media: [outlet, state-media]).")


Citations = Annotated[list[Citation], Field(min_length=1, description="At least one citation.")]


class Cited(Fact):
    """A piece of Markdown prose with the citations that support it."""

    text: Markdown
    citations: Citations


# --- sources ----------------------------------------------------------------------------


class Source(Fact):
    """A stored document that facts cite."""

    id: Id
    kind: SourceKind = SourceKind.news_article
    title: Text = Field(description="The document's headline; where it has none, a descriptive title in [square brackets].")
    publisher: Text | None = Field(None, description="Who published it, as named by the document; leave out when it does not say.")
    authors: list[Text] = Field(default_factory=list)
    published: When = Field(description="Publication date; relative dates in documents citing it are resolved against it.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    language: Language = "en"
    document: Text = Field(description="Path of the stored text, relative to the briefing folder (e.g. documents/article.txt).")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(description="SHA-256 of the stored document's bytes, to catch silent edits.")
    notes: Markdown | None = None
    added: Added = None
    updated: Updated = None


class SourcesFile(Fact):
    model_config = WHOLE_FILE
    sources: list[Source] = Field(min_length=1)


# --- actors -----------------------------------------------------------------------------


class ActorKind(str, Enum):
    state = "state"
    government = "government"
    government_body = "government-body"
    armed_forces = "armed-forces"
    armed_group = "armed-group"
    person = "person"
    media_outlet = "media-outlet"
    organization = "organization"


class RelationType(str, Enum):
    part_of = "part-of"
    member_of = "member-of"
    leads = "leads"
    represents = "represents"
    counterpart_of = "counterpart-of"
    opposes = "opposes"
    allied_with = "allied-with"
    media_of = "media-of"
    affiliated_with = "affiliated-with"


class Role(Fact):
    """A position an actor held, for the period the sources support."""

    title: Text = Field(description="E.g. 'Foreign Minister of the caretaker government'.")
    of: Id | None = Field(None, description="The actor the role is held in (e.g. pakistan).")
    period: When | None = Field(None, description="When the role was held, as far as the sources say (EDTF; an interval where known).")
    citations: Citations


class Relation(Fact):
    """A directed relation from this actor to another."""

    type: RelationType
    to: Id
    period: When | None = None
    citations: Citations


class Actor(Fact):
    """A state, body, group, person or outlet that acts, speaks or reports."""

    id: Id
    name: Text
    kind: ActorKind
    aliases: list[Text] = Field(default_factory=list, description="Other names and spellings found in the documents.")
    description: Markdown | None = None
    citations: Citations
    roles: list[Role] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    added: Added = None
    updated: Updated = None


class ActorsFile(Fact):
    model_config = WHOLE_FILE
    actors: list[Actor] = Field(min_length=1)


# --- events and claims ------------------------------------------------------------------


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


def rule(message: str, hint: str | None = None, at: str | None = None) -> PydanticCustomError:
    """A broken rule of the format, with a hint, pinned to the key `at` of the fact."""
    return PydanticCustomError("fact_rule", message, {"hint": hint, "at": at})


def _flag(value: Any) -> Any:
    """`true` or `false` only (the loader gives them as text): not 'yes', 'on' or '1'."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("expected true or false")


class _Flag:
    """Tell editors that the value is `true` or `false` (briefbook reads `"true"` the same)."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = {k: v for k, v in handler(core_schema).items() if k != "type"}
        return {"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}], **schema}


Unattributed = Annotated[
    bool,
    BeforeValidator(_flag),
    _Flag(),
    Field(description="true when the source does not name who claims or says it: the alternative to `by`; shown as 'unattributed in the source'."),
]
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


class Coordinates(Fact):
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


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


# --- places ---------------------------------------------------------------------------


class PlaceKind(str, Enum):
    country = "country"
    province = "province"
    district = "district"
    city = "city"
    town = "town"
    village = "village"
    border_area = "border-area"
    region = "region"
    site = "site"
    other = "other"


class GazetteerName(str, Enum):
    geonames = "geonames"
    wikidata = "wikidata"
    openstreetmap = "openstreetmap"
    other = "other"


class Gazetteer(Fact):
    """The gazetteer entry a place's coordinates come from."""

    name: GazetteerName = Field(description="geonames, wikidata, openstreetmap or other.")
    id: Text = Field(description="The entry's id in that gazetteer, e.g. GeoNames '1168579' or Wikidata 'Q843'.")


class Place(Fact):
    """A place the documents name: a country, a province, a town, a site."""

    id: Id
    name: Text = Field(description="The place's name, as the documents write it.")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings found in the documents.")
    kind: PlaceKind
    within: Id | None = Field(None, alias="in", description="The id of the place it lies in (a province in its country).")
    gazetteer: Gazetteer | None = Field(None, description="Where the coordinates come from: {name: geonames, id: '1168579'}.")
    coordinates: Coordinates | None = Field(None, description="A point for maps; needs `gazetteer`, where it comes from.")
    description: Markdown | None = None
    citations: Citations = Field(description="The passages that name it.")
    added: Added = None
    updated: Updated = None

    @field_validator("coordinates")
    @classmethod
    def _coordinates_have_a_source(cls, value: Coordinates | None, info: ValidationInfo) -> Coordinates | None:
        """Reported at `coordinates` (validated after `gazetteer`); an invalid gazetteer has its own error."""
        if value is not None and info.data.get("gazetteer", ...) is None:
            raise ValueError("coordinates need a `gazetteer` saying where they come from, e.g. {name: geonames, id: '1168579'}")
        return value


class PlacesFile(Fact):
    model_config = WHOLE_FILE
    places: list[Place] = Field(default_factory=list)


# --- the briefing -----------------------------------------------------------------------


class Handling(str, Enum):
    """Traffic Light Protocol 2.0 markings."""

    clear = "TLP:CLEAR"
    green = "TLP:GREEN"
    amber = "TLP:AMBER"
    amber_strict = "TLP:AMBER+STRICT"
    red = "TLP:RED"


class Trend(str, Enum):
    """How the situation moved since the previous edition, in ICG CrisisWatch's sense."""

    deteriorated = "deteriorated"
    unchanged = "unchanged"
    improved = "improved"


class Edition(Fact):
    """One publication of the briefing to its readers: its day, and the analysts' note on what changed."""

    date: Day = Field(description="The day of the edition (YYYY-MM-DD); one edition a day.")
    text: Markdown = Field(
        description="What this edition changed, in the analysts' own voice: not evidence, so it cites nothing; the facts it names carry their own citations.",
    )
    trend: Trend | None = Field(
        None,
        description="How the situation moved since the previous edition: deteriorated, unchanged or improved (ICG CrisisWatch's terms). The analysts' judgement, shown beside the status line; leave it out for a first edition.",
    )


class BriefingFile(Fact):
    """briefing.yml: what the briefing is, for whom, its summary and its editions."""

    title: Text
    subtitle: Text | None = None
    as_of: When = Field(description="The date the briefing is current to: the latest edition's date, when there are editions.")
    authors: list[Text] = Field(min_length=1)
    handling: Handling = Field(description="Traffic Light Protocol marking, e.g. TLP:CLEAR.")
    language: Language = "en"
    status: Markdown | None = Field(
        None,
        description="One or two sentences on where the situation stands now, in the analysts' words: the overview's first line. Not evidence, so it cites nothing; the facts it links carry their citations.",
    )
    summary: Cited
    key_points: list[Cited] = Field(default_factory=list)
    editions: list[Edition] = Field(default_factory=list, description="The editions published so far, newest first.")
    draft: Annotated[Flag, Field(description="true while the briefing is being written: `build` leaves it out (unless --drafts) and marks it DRAFT where shown.")] = False


FILES: dict[str, type[Fact]] = {
    "briefing.yml": BriefingFile,
    "sources.yml": SourcesFile,
    "actors.yml": ActorsFile,
    "events.yml": EventsFile,
    "claims.yml": ClaimsFile,
    "quotes.yml": QuotesFile,
    "places.yml": PlacesFile,
}
REQUIRED_FILES = ("briefing.yml", "sources.yml", "actors.yml")
# The list files, validated item by item: file name -> (top-level key, item model).
LIST_FILES: dict[str, tuple[str, type[Fact]]] = {
    "sources.yml": ("sources", Source),
    "actors.yml": ("actors", Actor),
    "events.yml": ("events", Event),
    "claims.yml": ("claims", Claim),
    "quotes.yml": ("quotes", Quote),
    "places.yml": ("places", Place),
}


@dataclass(frozen=True, slots=True)
class Document:
    """A source's stored text as read from disk."""

    path: str
    text: str
    sha256: str


@dataclass(frozen=True)
class Briefing:
    """A whole briefing folder, validated: the unit that verify, render and write work on."""

    slug: str
    folder: str
    meta: BriefingFile | None  # None only when briefing.yml is invalid (and so is the briefing)
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[Quote, ...]
    documents: dict[str, Document]  # by source id
    dates: dict[When, Edtf]  # every date resolved, relative wording included
    facts: tuple[Fact, ...]  # every fact, parts included, parents first: one walk for all checks
    # Digests of list items' text, by id() of their fact (alive as long as the briefing): what
    # rendered pieces are remembered by, without serialising each fact again on every build.
    digests: dict[int, str] = field(default_factory=dict)
    # Each list item's facts, itself first (its walk, as `facts` holds it), by id() of the item.
    parts: dict[int, tuple[Fact, ...]] = field(default_factory=dict)
    broken: dict[str, frozenset[str]] = field(default_factory=dict)  # ids of invalid items, by kind
    places: tuple[Place, ...] = ()
    snapshots: tuple = ()  # of snapshots.Snapshot, oldest first: what each edition published

    def date(self, when: When | None) -> Edtf | None:
        return None if when is None else self.dates.get(when)

    def citations_by_fact(self) -> dict[int, list[Citation]]:
        """Each listed fact's citations, its parts' included, in order, by id() of the fact: from
        the one walk over every fact (`facts`), where a fact's parts follow it and precede the
        next fact; the briefing's own summary and key points, which come first, are left out."""
        cited: dict[int, list[Citation]] = {id(f): [] for f in (*self.sources, *self.actors, *self.events, *self.claims, *self.quotes, *self.places)}
        into: list[Citation] = []  # the summary's and key points' citations: not kept
        for fact in self.facts:
            listed = cited.get(id(fact))
            if listed is not None:
                into = listed
            elif type(fact) is Citation:
                into.append(fact)
        return cited
