"""Actors: who acts, speaks or reports, with their roles and relations."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .base import Fact, Id, Markdown, Text
from .citations import WHOLE_FILE, Citations
from .when import Added, Updated, When


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
