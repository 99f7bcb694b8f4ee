"""Rendered pieces remembered by content, within a build and between builds.

Rendering is a pure function of the checked briefing, so a piece (an event's card, its
row in a CSV file, an actor's page) needs rendering again only when what it shows has
changed. Each piece is keyed by a digest of the facts it shows, of the briefing-wide
context every piece may show (the briefing's heading, every actor's name, every source's
details), and of briefbook's own code and templates; a one-line change to one fact then
re-renders the few pieces that show it. Keys are content, never timestamps, so a cached
build is byte-for-byte a clean build.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

from ..model import Fact
from ..shipped import PACKAGE, templates_dir
from . import store
from .store import Stored

T = TypeVar("T")
_MISSING = object()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of briefbook's code and templates: a new version renders everything anew."""
    digest = hashlib.sha256()
    for folder in (PACKAGE, templates_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".css", ".js"):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Memo:
    """Pieces by key; those used in this build are what `save` keeps for the next. Between
    builds they live in a `store` at `path`, read piece by piece as they are asked for."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.old: Stored | dict[str, Any] = Stored(path, code_version()) if path else {}
        self.new: dict[str, Any] = {}
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self.new.get(key, _MISSING)
        if value is not _MISSING:
            return value
        value = self.old.get(key, _MISSING)
        if value is _MISSING:
            self.misses += 1
            value = make()
        else:
            self.hits += 1
        self.new[key] = value
        return value

    def save(self, merge: bool = False) -> None:
        """Keep what this build used (with `merge`, what earlier builds left too); a cache that
        cannot be written is skipped."""
        if self.path is None:
            return
        old = self.old if isinstance(self.old, Stored) else None
        try:
            store.save(self.path, code_version(), self.new, old, keep_old=merge)
        except OSError:
            pass


class FactDigests:
    """Each fact's digest, computed once per build from its exported JSON, unless `known`
    gives it (by id() of the fact): a digest of the text it was read from serves as well."""

    def __init__(self, known: dict[int, str] | None = None) -> None:
        self._digests: dict[int, str] = dict(known or {})

    def __call__(self, fact: Fact | None) -> str:
        found = self._digests.get(id(fact))
        if found is None:
            found = "-" if fact is None else hashlib.sha256(fact.model_dump_json().encode()).hexdigest()
            self._digests[id(fact)] = found
        return found

    def mix(self, fact: Fact, *parts: str) -> None:
        """Make `fact`'s digest depend on `parts` too: what it shows beyond its own text."""
        self._digests[id(fact)] = digest(self(fact), *parts)
