"""Rendered pieces remembered by content, within a build and between builds.

Rendering is a pure function of the checked briefing, so a piece (an event's card, its
row in a CSV file, an actor's page) needs rendering again only when what it shows has
changed. Each piece is keyed by a digest of the facts it shows, of the briefing-wide
context every piece may show (the briefing's heading, every actor's name, every source's
details), and of briefbook's own code and templates; a one-line change to one fact then
re-renders the few pieces that show it. Keys are content, never timestamps, so a cached
build is byte-for-byte a clean build.

A piece may be made of pieces (a chronology page of its event cards): the memo remembers
which pieces each one used, so that when the whole is reused, its parts are kept for the
next build too (without being read back), ready for the day the whole changes.
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
PARTS = "parts"  # (PARTS, key): the keys of the pieces that piece `key` was made of


class _Kept:
    """Stands in `Memo.new` for a piece kept from the last build's store unread: the part of
    a whole that was reused. Pickled by name, so a worker process can send it back."""

    def __reduce__(self) -> str:
        return "KEPT"


KEPT = _Kept()


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
        self.new: dict[Hashable, Any] = {}
        self.hits = self.misses = 0
        self._making: list[list[Hashable]] = []  # the pieces each piece being made has used
        self._kept: list[Hashable] = []  # the keys set to KEPT (some may have been read since)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self.new.get(key, _MISSING)
        if value is _MISSING or value is KEPT:
            value = self.old.get(key, _MISSING)
            if value is _MISSING or value is KEPT:
                self.misses += 1
                self._making.append([])
                try:
                    value = make()
                finally:
                    parts = self._making.pop()
                if parts:
                    self.new[(PARTS, key)] = tuple(dict.fromkeys(parts))
            else:
                self.hits += 1
                self._keep_parts(key)
            self.new[key] = value
        if self._making:  # a part of the piece being made, and so are its own parts
            self._making[-1] += [key, *self.new.get((PARTS, key), ())]
        return value

    def _keep_parts(self, key: Hashable) -> None:
        """The parts of a reused piece are used too: kept unread from a store (read as they
        are from a plain dict, as tests pass one)."""
        parts = self.old.get((PARTS, key))
        if not parts:
            return
        self.new[(PARTS, key)] = parts
        stored = isinstance(self.old, Stored)
        for part in parts:
            if part not in self.new and part in self.old:
                if stored:
                    self.new[part] = KEPT
                    self._kept.append(part)
                else:
                    self.new[part] = self.old[part]

    def save(self, merge: bool = False) -> None:
        """Keep what this build used (with `merge`, what earlier builds left too); a cache that
        cannot be written is skipped."""
        if self.path is None:
            return
        old = self.old if isinstance(self.old, Stored) else None
        # A part kept unread is copied from the store it is in (or, from a worker, from none).
        new = self.new
        lost = {key for key in self._kept if new.get(key) is KEPT and (old is None or key not in old)}
        if lost:
            new = {key: value for key, value in new.items() if key not in lost}
        try:
            store.save(self.path, code_version(), new, old, keep_old=merge)
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
