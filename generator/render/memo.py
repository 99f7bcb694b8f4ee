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
import zlib
from collections.abc import Mapping
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Hashable, Iterable, Iterator, NamedTuple, Sequence, TypeVar

from ..model import Fact
from ..shipped import PACKAGE, templates_dir
from . import store
from .links import Paging
from .copying import Place
from .spill import Spill, Spilled
from .store import Stored

T = TypeVar("T")
S = TypeVar("S")
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


class Placed(NamedTuple):
    """A piece as kept with the pages its links to facts led to when it was made: (kind, id,
    page) each, as links.Paging.seen records them; and the digest of the whole placement
    then (Paging.key), which, while it is the same, says so of every link at once."""

    links: tuple[tuple[str, str, str | None], ...]
    value: Any
    placing: str = ""


class _InOld:
    """The value of a piece found in the store this build read: read again when asked for
    (the store's copy is what `save` keeps), not held."""

    def __reduce__(self) -> str:
        return "IN_OLD"  # one object, in a worker's pickle too


IN_OLD = _InOld()
SMALL = 256  # bytes: a piece this small stays in memory (its place in a spill file costs as much)


class Memo:
    """Pieces by key; those used in this build are what `save` keeps for the next. Between
    builds they live in a `store` at `path`, read piece by piece as they are asked for.
    With a `path`, what this build renders is kept in spill files (spill.py) beside it, not
    in memory, and what it reads from the store is read again when asked for again."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.old: Stored | dict[str, Any] = Stored(path, code_version()) if path else {}
        self.new: dict[Hashable, Any] = {}
        self.hits = self.misses = 0
        self.spills: list[Spill] = []  # this build's spill files: the parent's and its workers'
        self.spill: Spill | None = None  # the one this process appends to
        self.spilling = path is not None
        self._making: list[list[Hashable]] = []  # the pieces each piece being made has used
        self._kept: list[Hashable] = []  # the keys set to KEPT (some may have been read since)

    def get(self, key: Hashable, make: Callable[[], T], paging: Paging | None = None) -> T:
        """The piece `key`: as made before, or `make()`. With the `paging` of its briefing,
        where each fact it links to lies is not in its key: the pages those links lead to are
        recorded as it is made (kept with it, as `Placed`), and it is reused only while they
        are the same. A large briefing's pages then move (an event added to a month cut into
        parts moves the month's later events) without every piece being made anew."""
        value = self.new.get(key, _MISSING)
        if value is not _MISSING and value is not KEPT:
            value = self._value(key, value)
        else:
            value = self.old.get(key, _MISSING)
            if type(value) is Placed and paging is not None and not (value.placing and value.placing == paging.key) and not paging.same(value.links):
                value = _MISSING  # made when a fact it links to was on another page
            if value is _MISSING or value is KEPT:
                value = self._make(key, make, paging)
            else:
                self.hits += 1
                self._keep_parts(key)
                self.new[key] = IN_OLD if self.path else value
        if self._making:  # a part of the piece being made, and so are its own parts
            self._making[-1] += [key, *(self._parts(key))]
        if type(value) is Placed:
            if paging is not None and paging.seen is not None:  # and its links
                paging.seen += value.links
            value = value.value
        return value

    def _make(self, key: Hashable, make: Callable[[], T], paging: Paging | None) -> Any:
        """`make()`, as kept: with the pages its links lead to, if it has any."""
        self.misses += 1
        self._making.append([])
        if paging is not None:
            outer, paging.seen = paging.seen, []
        try:
            value = make()
        finally:
            parts = self._making.pop()
            if paging is not None:
                placed, paging.seen = paging.seen, outer
        if parts:
            self.new[(PARTS, key)] = tuple(dict.fromkeys(parts))
        if paging is not None and placed:
            value = Placed(tuple(dict.fromkeys(placed)), value, paging.key)
        self.new[key] = self._held(value)
        return value

    def _parts(self, key: Hashable) -> tuple:
        """The keys of the pieces that piece `key` was made of, read where they are."""
        parts = self.new.get((PARTS, key))
        return () if parts is None else self._value((PARTS, key), parts)

    def _keep_parts(self, key: Hashable) -> None:
        """The parts of a reused piece are used too: kept unread from a store (read as they
        are from a plain dict, as tests pass one)."""
        parts = self.old.get((PARTS, key))
        if not parts:
            return
        stored = isinstance(self.old, Stored)
        self.new[(PARTS, key)] = IN_OLD if stored else parts
        for part in parts:
            if part not in self.new and part in self.old:
                if stored:
                    self.new[part] = KEPT
                    self._kept.append(part)
                else:
                    self.new[part] = self.old[part]

    def _held(self, value: Any) -> Any:
        """What `new` holds for a piece just rendered: itself, or where it was spilled."""
        if not self.spilling:
            return value
        raw, kind = store.encode(value)
        if len(raw) < SMALL:
            return value
        if self.spill is None:
            self.spill = self.new_spill()
            if self.spill is None:  # no room for spill files: the pieces stay in memory
                self.spilling = False
                return value
        return self.spill.add(raw, kind)

    def _value(self, key: Hashable, value: Any) -> Any:
        if value is IN_OLD:
            return self.old[key]
        if type(value) is Spilled:
            return store.decode(self.spills[value.file].read(value.offset, value.length), value.kind)
        return value

    def new_spill(self) -> Spill | None:
        """A new spill file (for this process, or made before a worker is forked, for it);
        None if the cache folder cannot hold one (the cache is only ever a shortcut)."""
        try:
            spill = Spill(self.path.parent, len(self.spills))
        except OSError:
            return None
        self.spills.append(spill)
        return spill

    def save(self, merge: bool = False) -> None:
        """Keep what this build used (with `merge`, what earlier builds left too); a cache that
        cannot be written is skipped."""
        if self.path is None:
            return
        old = self.old if isinstance(self.old, Stored) else None
        # A part kept unread is copied from the store it is in (or, from a worker, from none).
        lost = {key for key in self._kept if self.new.get(key) is KEPT and (old is None or key not in old)}
        # Made anew under a key the store holds: a piece whose links' pages had moved.
        fresh = {key for key, value in self.new.items() if value is not IN_OLD and value is not KEPT and key in old} if old else set()
        try:
            if self.spill is not None:
                self.spill.flush()  # so that its pieces are copied file to file (copying.py)
            store.save(self.path, code_version(), _Pieces(self, lost), old, keep_old=merge, fresh=fresh)
        except OSError:
            pass


class _Pieces(Mapping):
    """A memo's new pieces as `store.save` reads them: the spilled ones as their raw bytes,
    read only when written; none of the `lost` (parts kept unread that no store holds)."""

    def __init__(self, memo: Memo, lost: set[Hashable]) -> None:
        self.memo, self.lost = memo, lost

    def __getitem__(self, key: Hashable) -> Any:
        if key in self.lost:
            raise KeyError(key)
        value = self.memo.new[key]
        if type(value) is Spilled:
            spill = self.memo.spills[value.file]
            on_disk = value.offset + value.length <= spill.flushed  # then copied file to file as it is
            place = Place(spill.file.fileno(), value.offset) if on_disk else None
            return store.Raw(value.length, value.kind, partial(spill.read, value.offset, value.length), place)
        return self.memo._value(key, value)

    def __iter__(self) -> Iterator[Hashable]:
        return (key for key in self.memo.new if key not in self.lost)

    def __len__(self) -> int:
        return len(self.memo.new) - len(self.lost)


RUN = 32  # entries a run holds on average (see runs)


def runs(memo: Memo, name: tuple, keys: list[str], items: Sequence[S], make: Callable[[S], T], paging: Paging | None = None) -> list[T]:
    """`make(item)` for each of the `items`, in order, each keyed by its entry of `keys`,
    remembered in runs of consecutive items rather than one by one: a large export has 10,000 rows, and a piece each cost a rebuild a lookup each (and
    the store an entry each) for a row that had not changed. A run ends after an entry whose
    key's CRC ends in RUN's bits, so its bounds depend on the entries' own keys, not on where
    they stand (content-defined chunking, as backup tools cut files): adding or removing an
    entry changes the run it falls in, not the ones after it. A run is keyed by `name` and
    a digest of its entries' keys, and made entry by entry when it is not found."""
    out: list[T] = []
    for start, end, key in run_keys(name, keys):
        out += memo.get(key, lambda run=items[start:end]: list(map(make, run)), paging)
    return out


def run_keys(name: tuple, keys: list[str]) -> Iterator[tuple[int, int, tuple]]:
    """Where each run of `keys` starts and ends, and its key (see `runs`)."""
    start, last = 0, len(keys)
    for end, crc in enumerate(map(zlib.crc32, map(str.encode, keys)), 1):
        if crc % RUN == 0 or end == last:
            yield start, end, (*name, digest(*keys[start:end]))
            start = end


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

    def of(self, facts: Iterable[Fact | None]) -> list[str]:
        """The digest of each of `facts`, in order: those known looked up in C, not by a call
        each (a rebuild at 10,000 events asks some 200,000 times, nearly all known)."""
        facts = list(facts)
        found = list(map(self._digests.get, map(id, facts)))
        if None in found:
            found = [self(fact) if known is None else known for known, fact in zip(found, facts)]
        return found

    def mix(self, fact: Fact, *parts: str) -> None:
        """Make `fact`'s digest depend on `parts` too: what it shows beyond its own text."""
        self._digests[id(fact)] = digest(self(fact), *parts)
