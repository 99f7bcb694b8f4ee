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
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..model import Fact

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of briefbook's code and templates: a new version renders everything anew."""
    from . import templates_dir

    digest = hashlib.sha256()
    for folder in (PACKAGE, templates_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".css", ".js"):
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Memo:
    """Pieces by key; those used in this build are what `save` keeps for the next."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.old: dict[str, Any] = _load(path) if path else {}
        self.new: dict[str, Any] = {}
        self.hits = self.misses = 0

    def get(self, key: str, make: Callable[[], T]) -> T:
        if key in self.new:
            return self.new[key]
        if key in self.old:
            self.hits += 1
            value = self.old[key]
        else:
            self.misses += 1
            value = make()
        self.new[key] = value
        return value

    def save(self, merge: bool = False) -> None:
        """Write what this build used (with `merge`, what earlier builds left too), atomically;
        a cache that cannot be written is skipped."""
        if self.path is None:
            return
        pieces = {**self.old, **self.new} if merge else self.new
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".memo-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((code_version(), pieces), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass


def _load(path: Path) -> dict[str, Any]:
    """The pieces of the previous build, or none if the cache is missing, stale or unreadable."""
    try:
        with path.open("rb") as handle:
            version, pieces = pickle.load(handle)
    except Exception:  # a cache is only ever a shortcut: any damage means starting afresh
        return {}
    return pieces if version == code_version() else {}


class FactDigests:
    """Each fact's digest, computed once per build from its exported JSON, unless `known`
    gives it (by id() of the fact): a digest of the text it was read from serves as well."""

    def __init__(self, known: dict[int, str] | None = None) -> None:
        self._digests: dict[int, str] = dict(known or {})

    def __call__(self, fact: Fact | None) -> str:
        if fact is None:
            return "-"
        key = id(fact)
        if key not in self._digests:
            self._digests[key] = hashlib.sha256(fact.model_dump_json().encode()).hexdigest()
        return self._digests[key]
