"""The briefing: briefing.yml's own model, the fact files by name, and `Briefing`, a whole
folder put together."""

from __future__ import annotations

import copyreg
import io
import pickle
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated

from pydantic import Field

from ..counts import Flag
from ..dates import Edtf
from ..problems import Where, bare
from .actors import Actor, ActorsFile
from .base import Fact, Language, Markdown, Text
from .citations import Citation, Cited, Source, SourcesFile
from .events import Claim, ClaimsFile, Event, EventsFile, Quote, QuotesFile
from .places import Place, PlacesFile
from .when import Day, When


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

    def __reduce__(self):
        """Pickled with its by-id() tables as (fact, value) pairs, rebuilt from the facts'
        new ids when unpickled."""
        state = {**self.__dict__}
        facts = {id(f): f for f in self.facts}
        state["digests"] = [(facts[k], v) for k, v in self.digests.items()]
        state["parts"] = [(facts[k], v) for k, v in self.parts.items()]
        return (_unpickled_briefing, (state,))

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


def _unpickled_briefing(state: dict) -> Briefing:
    state["digests"] = {id(f): v for f, v in state["digests"]}
    state["parts"] = {id(f): v for f, v in state["parts"]}
    return Briefing(**state)


def dumps_to_render(value: object) -> memoryview:
    """Pickle checked briefings for a process that only renders them: each fact keeps its own
    position but not where its keys and values were written (nothing rendered shows one:
    tens of MiB at 10,000 events, in the pickle and in every process that renders). Facts
    given the same keys share one set of their names (Fact.__reduce__). The facts pickled
    are left as they are: the process that pickles them goes on to verify them."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, Where: bare}
    pickler.dump(value)
    return stream.getbuffer()  # not getvalue(): no second copy of tens of MB
