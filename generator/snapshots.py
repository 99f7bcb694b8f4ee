"""Stage 2, model (continued): what a briefing held at each edition, as its snapshot files say.

Publishing an edition (`briefbook edition`) writes `editions/YYYY-MM-DD.yml` in the briefing
folder: one line per fact with its kind, id, a digest of its substance and its title. The
change log is read off these files, never off hand-kept marks: between two snapshots, a fact
is new, changed (its digest differs) or removed. The digest covers what a fact says (text,
dates, accounts, citations, figures, references), not how its file is written: whitespace,
line wrapping, comments and key order change no digest, nor do the `added`/`updated` marks.

The files are meant to be committed with the briefing: small, sorted, one fact a line, so
that an edition's diff reads as its change list.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Iterable, Literal, Sequence

from pydantic import BeforeValidator, Field, StringConstraints

from .model import WHOLE_FILE, Briefing, Day, Fact, Id, Text
from .problems import Mark

FOLDER = "editions"
KINDS = ("event", "actor", "quote", "claim", "source", "place")
"""The kinds of fact an edition records, in the order a snapshot lists them."""
DIGEST_LENGTH = 16  # hex digits: 64 bits, plenty to tell one version of a fact from another
Kind = Literal["event", "actor", "quote", "claim", "source", "place"]
Digest = Annotated[str, StringConstraints(pattern=rf"^[0-9a-f]{{{DIGEST_LENGTH}}}$"), Field(description="The digest of the fact's substance.")]
_SPACE = re.compile(r"\s+")


def _four(value: Any) -> Any:
    """A fact's line holds four items; pydantic would name a missing one as a missing key."""
    if isinstance(value, (list, tuple)) and len(value) != 4:
        raise ValueError(f"a fact is written [kind, id, digest, title], not {len(value)} item{'s' if len(value) != 1 else ''}")
    return value


Entry = Annotated[tuple[Kind, Id, Digest, Text], BeforeValidator(_four)]


class SnapshotFile(Fact):
    """editions/YYYY-MM-DD.yml: the facts of the briefing as published in one edition."""

    model_config = WHOLE_FILE  # built when a briefing first has snapshots, not at every start

    edition: Day = Field(description="The day of the edition: the file's name.")
    facts: list[Entry] = Field(default_factory=list, description="[kind, id, digest, title] of each fact.")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One edition's facts: (kind, id) -> (digest, title); `mark` is where the file starts."""

    day: str
    facts: dict[tuple[str, str], tuple[str, str]]
    mark: Mark


def from_file(data: SnapshotFile, mark: Mark) -> Snapshot:
    return Snapshot(data.edition, {(kind, id_): (digest, title) for kind, id_, digest, title in data.facts}, mark)


def substance(fact: Fact) -> str:
    """The digest of what a fact says: its data without positions or change marks, every run
    of whitespace in its text as one space, keys sorted."""
    data = fact.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"added", "updated"})
    canonical = json.dumps(_collapsed(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:DIGEST_LENGTH]


def _collapsed(value: Any) -> Any:
    if isinstance(value, str):
        return _SPACE.sub(" ", value).strip()
    if isinstance(value, dict):
        return {key: _collapsed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_collapsed(item) for item in value]
    return value


def title(kind: str, fact: Fact) -> str:
    """How a snapshot names a fact, so that a removed one can still be named."""
    if kind in ("actor", "place"):
        text = fact.name
    elif kind in ("event", "source"):
        text = fact.title
    elif kind == "claim":
        text = fact.statement or fact.text
    else:
        text = fact.text
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= 100 else text[:99].rsplit(" ", 1)[0] + "…"


def tracked(briefing: Briefing) -> Iterable[tuple[str, Fact]]:
    """(kind, fact) of every fact an edition records, in snapshot order."""
    for kind, facts in (("event", briefing.events), ("actor", briefing.actors), ("quote", briefing.quotes), ("claim", briefing.claims), ("source", briefing.sources), ("place", briefing.places)):
        for fact in facts:
            yield kind, fact


def current(briefing: Briefing) -> dict[tuple[str, str], tuple[str, str]]:
    """The briefing's facts as a snapshot would record them now."""
    return {(kind, fact.id): (substance(fact), title(kind, fact)) for kind, fact in tracked(briefing)}


def text(day: str, facts: dict[tuple[str, str], tuple[str, str]]) -> str:
    """A snapshot file: sorted by kind (in KINDS order), then id; one JSON-quoted line a fact."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    lines = [
        f"# The facts of this briefing as published in the edition of {day}, written by `briefbook edition`.",
        "# Commit it with the briefing; do not edit it: the change log is read from these files.",
        f"edition: {day}",
        "facts:" if facts else "facts: []",
    ]
    for (kind, id_), (digest, name) in sorted(facts.items(), key=lambda item: (order[item[0][0]], item[0][1])):
        lines.append(f"  - [{kind}, {id_}, {digest}, {json.dumps(name, ensure_ascii=False)}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Difference:
    """What changed between two snapshots (or a snapshot and the briefing now): keys (kind, id)."""

    added: tuple[tuple[str, str], ...]
    changed: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def difference(old: dict, new: dict) -> Difference:
    return Difference(
        tuple(key for key in new if key not in old),
        tuple(key for key in new if key in old and old[key][0] != new[key][0]),
        tuple(key for key in old if key not in new),
    )


def edition_index(days: Sequence[date], day: str | None) -> int:
    """The edition a change on `day` belongs to: the index of the first of `days` (sorted) on
    or after it; 0 for no day; len(days) for a day after the latest edition."""
    return 0 if day is None else bisect_left(days, date.fromisoformat(day))
