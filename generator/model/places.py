"""Places the documents name, and where a map may put them."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from .base import Fact, Id, Markdown, Text
from .citations import WHOLE_FILE, Citations
from .when import Added, Updated


class Coordinates(Fact):
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


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
