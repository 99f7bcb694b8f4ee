"""Where the memo keeps its pieces between builds: an index, and a data file read on demand.

A large site has some 25,000 pieces (240 MB at 10,000 events). Pickling them all after every build and
unpickling them all before the next cost a fifth of a second or more each way, however
little had changed.
Here the index (key -> offset, length and kind of value) is all that is loaded; values are
read from the data file (pread) when a build asks for them, and a save appends only
the new pieces and writes a new index. When dead pieces outweigh live ones, the data file is
written afresh; a data file written afresh (a cold build's) is, where it can be, the spill
file that holds most of the build's pieces, given a name, the rest copied after them by the
kernel (copying.py). The store is bounded: it keeps the pieces of the last build, and those of
up to `KEEP_BUILDS` earlier ones that a merging save (`briefbook pdf`) carries over, the
least recently used dropped first beyond `limit()` bytes (`BRIEFBOOK_CACHE_MB`, default
1024), and the data file is written afresh before it would grow past that limit (unless
the last build's own pieces exceed it: then when an eighth of it is dead).
Another process reading at the same time is safe: appends never move what
an index already points at, a compacted file gets a new name, and indexes are swapped in
atomically.

Why not SQLite, which gives atomic writes and concurrent readers too: `bench/cache_store.py`
gave both the same 96,758 pieces of a 10,000-event site; reading every piece took 0.21 s here
and 1.17 s from SQLite (a query per piece), saving after an edit 0.28 s here (a new index)
and 0.007 s in SQLite. A rebuild does both, so this store costs it 0.5 s and SQLite 1.2 s.
"""

from __future__ import annotations

import glob
import operator
import os
import pickle
import secrets
import tempfile
from array import array
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator, Mapping, NamedTuple

from markupsafe import Markup

from .copying import Place, Writer, adopt, adoptable

# How a value is kept: the common kinds as their own bytes, anything else pickled.
BYTES, TEXT, MARKUP, PICKLED = range(4)
Entry = tuple[int, int, int]  # offset, length, kind
Key = Hashable  # a digest, or a tuple of digests and names


class Raw(NamedTuple):
    """A piece encoded already (kept in a spill file, render/spill.py): read when written, or
    copied file to file from its `place` there, once it is on disk (copying.py)."""

    length: int
    kind: int
    read: Callable[[], bytes]
    place: Place | None = None


def encode(value: Any) -> tuple[bytes, int]:
    kind = type(value)
    if kind is Raw:
        return value.read(), value.kind
    if kind is bytes:
        return value, BYTES
    if kind is str:
        return value.encode(), TEXT
    if kind is Markup:
        return str(value).encode(), MARKUP
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL), PICKLED


def decode(raw: bytes, kind: int) -> Any:
    if kind == BYTES:
        return raw
    if kind == TEXT:
        return raw.decode()
    if kind == MARKUP:
        return Markup(raw.decode())
    return pickle.loads(raw)


class Stored:
    """The pieces saved at `path` (the index; data files beside it) by this version of briefbook;
    none if missing, of another version or unreadable. Read like a dict."""

    def __init__(self, path: Path, version: str) -> None:
        self.path, self.version = path, version
        self.stamp = _stamp(path)
        self.data: Path | None = None  # the data file, named even in another version's index
        self.size = 0
        self.where: dict[Key, Entry] = {}
        self.age: dict[Key, int] = {}  # saves since a build last used the piece: 0 for the last
        self._file = None  # the data file, open: read piece by piece with pread
        self._window, self._window_at = b"", 0  # the bytes read last, from that offset
        try:
            self._open()
        except Exception:  # a cache is only ever a shortcut: any damage means starting afresh
            self.where, self._file = {}, None

    def _open(self) -> None:
        with self.path.open("rb") as handle:
            version, name, keys, offsets, lengths, kinds, ages = pickle.load(handle)
        self.data = self.path.parent / name
        if version != self.version:
            return
        # Read with pread, not through a memory map: every page of a mapped file that a
        # build reads counts in its resident memory, and a rebuild reads all of them (the
        # store's whole size, 190 MB at 10,000 events) on top of the copies it keeps.
        self._file = self.data.open("rb")
        self.size = os.fstat(self._file.fileno()).st_size
        if keys and max(map(operator.add, offsets, lengths)) > self.size:
            raise ValueError("the index points past the end of the data")
        self.where = dict(zip(keys, zip(offsets, lengths, kinds)))
        self.age = dict(zip(keys, ages))

    def __contains__(self, key: Key) -> bool:
        return key in self.where

    def __getitem__(self, key: Key) -> Any:
        return decode(*self.raw(key))

    def get(self, key: Key, default: Any = None) -> Any:
        entry = self.where.get(key)
        if entry is None:
            return default
        offset, length, kind = entry
        try:
            return decode(self._read(offset, length), kind)
        except OSError:  # a damaged data file: the piece is rendered anew
            return default

    def raw(self, key: Key) -> tuple[bytes, int]:
        offset, length, kind = self.where[key]
        return self._read(offset, length), kind

    def place(self, key: Key) -> tuple[Place, int, int]:
        """Where a piece's bytes are in the data file (to be copied as they are), their length and kind."""
        offset, length, kind = self.where[key]
        return Place(self._file.fileno(), offset), length, kind

    def _read(self, offset: int, length: int) -> bytes:
        # A build asks for pieces mostly in the order an earlier one saved them (an export's
        # rows, one after another): a read fetches the next WINDOW bytes with the piece, and
        # the pieces after it come from them, a slice instead of a system call each.
        at = offset - self._window_at
        if 0 <= at and at + length <= len(self._window):
            return self._window[at : at + length]
        if length >= WINDOW:
            data = os.pread(self._file.fileno(), length, offset)
        else:
            self._window, self._window_at = os.pread(self._file.fileno(), WINDOW, offset), offset
            data = self._window[:length]
        if len(data) != length:  # cut short: only another version's compaction could, and it renames
            raise OSError(f"{self.data} ends before a piece it should hold")
        return data


def save(path: Path, version: str, new: Mapping[Key, Any], old: Stored | None = None, keep_old: bool = False, fresh: frozenset | set = frozenset()) -> None:
    """Keep the pieces `new` (with `keep_old`, those of `old` too, within the store's bounds)
    at `path` for the next build. Pieces already in the data file (read from it by this
    build) are not written again, but those `fresh`: made anew under a key the store holds
    (a piece whose links lead to pages that have moved, render/memo.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        # The store this build read, unless another process has saved since.
        previous = old if old is not None and old.stamp == _stamp(path) else Stored(path, version)
        stores = [s for s in (previous, old) if s is not None]
        if fresh:  # what the stores hold for these is not what is kept
            stores = [_Without(s, fresh) for s in stores]
            previous = stores[0]
        ages = _kept(new, old if keep_old else None, stores)
        keys = list(ages)
        if _appends(previous, keys, new, stores):
            data, where = _append(previous, keys, new, stores)
        else:
            data, where = _write_afresh(path, keys, new, stores)
        _write_index(path, version, data, where, ages)
        if previous.data is not None and previous.data != data:
            previous.data.unlink(missing_ok=True)
        _remove_leftovers(path, data)


def _appends(previous: Stored, keys: list[Key], new: Mapping[Key, Any], stores: list[Stored]) -> bool:
    """Whether the pieces `keys` are kept by appending those it lacks to the data file of
    `previous`, rather than in a data file written afresh (see the module's docstring)."""
    if not previous.where:  # nothing to append to (a cold build): the new pieces are not sized
        return False
    live = sum(previous.where[k][1] for k in keys if k in previous.where)
    dead = previous.size - live
    if dead > live + SLACK:
        return False
    added = sum(_size(k, new, stores) for k in keys if k not in previous.where)
    return previous.size + added <= limit() or dead == 0 or _cannot_fit(live, added, dead)


class _Without:
    """A store as `save` reads it, without the pieces made anew under keys it holds."""

    def __init__(self, store: Stored, fresh: frozenset | set) -> None:
        self.store = store
        self.where = {key: entry for key, entry in store.where.items() if key not in fresh}
        self.age, self.size, self.data = store.age, store.size, store.data

    def raw(self, key: Key) -> tuple[bytes, int]:
        return self.store.raw(key)

    def place(self, key: Key) -> tuple[Place, int, int]:
        return self.store.place(key)


def _remove_leftovers(path: Path, data: Path) -> None:
    """What savers killed mid-way left (under the lock, no other saver is at work): half-written
    indexes, and data files that no index names."""
    for name in path.parent.glob(".index-*"):
        name.unlink(missing_ok=True)
    for name in path.parent.glob(f"{glob.escape(path.name)}.*"):
        if name != data and len(name.suffix) == 9 and all(c in "0123456789abcdef" for c in name.suffix[1:]):
            name.unlink(missing_ok=True)


WINDOW = 32 << 10  # bytes read at once from the data file (see Stored._read)
SLACK = 8 << 20  # dead bytes a data file may carry before it is written afresh
KEEP_BUILDS = 4  # a piece no build has used in this many saves is dropped
# The default bound of a store's pieces, in MiB. A 10,000-event site's pieces are 250 MB: at
# a bound of 256 the data file was written afresh (all 250 MB) every few rebuilds; at 1024 its
# dead pieces end a run of appends (SLACK beyond the live ones): some 180 one-line edits later.
LIMIT_MB = 1024


def limit() -> int:
    """The bound, in bytes, of what a store keeps beyond the last build's own pieces, and of
    its data file: `BRIEFBOOK_CACHE_MB` if set to a whole number, else `LIMIT_MB`."""
    given = os.environ.get("BRIEFBOOK_CACHE_MB", "")
    return (int(given) if given.isdigit() else LIMIT_MB) << 20


def _cannot_fit(live: int, added: int, dead: int) -> bool:
    """Whether the pieces of this build alone exceed the limit, and the dead bytes are few
    enough to carry: writing the data file afresh could not bring it under the limit anyway,
    and would rewrite the whole of it on every save. Up to an eighth of it may then be dead."""
    return live + added > limit() and dead <= max(SLACK, live // 8)


def _kept(new: Mapping[Key, Any], old: Stored | None, stores: list[Stored]) -> dict[Key, int]:
    """The pieces to keep, each with its age: this build's (age 0), then, if `old` is given,
    the rest of its pieces younger than KEEP_BUILDS, youngest first, while they fit in the
    limit. This build's pieces are always kept: they are what the next build reads."""
    ages = dict.fromkeys(new, 0)
    if old is None:
        return ages
    room = limit() - sum(_size(k, new, stores) for k in ages)
    carried = sorted((old.age.get(k, 0) + 1, i, k) for i, k in enumerate(old.where) if k not in ages)
    for age, _, key in carried:
        room -= old.where[key][1]
        if age >= KEEP_BUILDS or room < 0:
            break
        ages[key] = age
    return ages


def _size(key: Key, new: dict[Key, Any], stores: list[Stored]) -> int:
    """A piece's size as kept, without encoding it: exact for pieces already stored and for
    the common kinds, about right for pages, 0 for other new values (those are small)."""
    store = next((s for s in stores if key in s.where), None)
    if store is not None:
        return store.where[key][1]
    return _length(new[key])


def _length(value: Any) -> int:
    if type(value) is Raw:
        return value.length
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, tuple):  # a page: (path, bytes)
        return sum(map(_length, value))
    return 0


def _append(store: Stored, keys: list[Key], new: dict[Key, Any], stores: list[Stored]) -> tuple[Path, dict[Key, Entry]]:
    """The store's data file, with the pieces it lacks added at its end."""
    where: dict[Key, Entry] = {}
    with store.data.open("r+b") as handle:  # not "ab": the kernel copies into no file opened to append
        writer = Writer(handle.fileno(), os.fstat(handle.fileno()).st_size)
        for key in keys:
            if key in store.where:
                where[key] = store.where[key]
            else:
                where[key] = _add(writer, key, _new_value(key, new, stores), stores)
        writer.close()
    return store.data, where


def _write_afresh(path: Path, keys: list[Key], new: Mapping[Key, Any], stores: list[Stored]) -> tuple[Path, dict[Key, Entry]]:
    """A new data file holding the pieces kept: the spill file that holds most of them, named as
    it is, the rest added at its end (a cold build's 200 MB are then mostly not copied at
    all), or where none can be, a file of its own."""
    data = path.with_name(f"{path.name}.{secrets.token_hex(4)}")
    values = [_new_value(key, new, stores) for key in keys]
    fd = adoptable([(value.place.fd, value.length) for value in values if type(value) is Raw and value.place is not None], SLACK)
    if fd is not None and adopt(fd, data):
        return data, _write(Writer(fd, os.fstat(fd).st_size), keys, values, stores, fd)
    with data.open("wb") as handle:
        return data, _write(Writer(handle.fileno(), 0), keys, values, stores)


_STORED = object()  # a piece's value, as `_add` is told it, when a store holds the piece


def _new_value(key: Key, new: Mapping[Key, Any], stores: list[Stored]) -> Any:
    """The value of a piece that no store holds; _STORED for one that a store does."""
    return _STORED if any(key in s.where for s in stores) else new[key]


def _write(writer: Writer, keys: list[Key], values: list[Any], stores: list[Stored], adopted: int | None = None) -> dict[Key, Entry]:
    where = {key: _add(writer, key, value, stores, adopted) for key, value in zip(keys, values)}
    writer.close()
    return where


def _add(writer: Writer, key: Key, value: Any, stores: list[Stored], adopted: int | None = None) -> Entry:
    """Write a piece as kept: its `value` (_STORED: copied as it is from the store that holds it),
    copied from the spill file that holds it, or encoded; if it is in the `adopted` file, it
    stays where it is. Its entry in the index."""
    if value is _STORED:
        place, length, kind = next(s for s in stores if key in s.where).place(key)
        return writer.add(None, length, place), length, kind
    if type(value) is Raw and value.place is not None:
        if value.place.fd == adopted:
            return value.place.offset, value.length, value.kind
        return writer.add(None, value.length, value.place), value.length, value.kind
    raw, kind = encode(value)
    return writer.add(raw, len(raw)), len(raw), kind


def _write_index(path: Path, version: str, data: Path, where: dict[Key, Entry], ages: dict[Key, int]) -> None:
    entries = list(where.values())
    record = (
        version,
        data.name,
        list(where),
        array("q", (e[0] for e in entries)),
        array("q", (e[1] for e in entries)),
        bytes(e[2] for e in entries),
        bytes(ages[k] for k in where),
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index-")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever an index is replaced."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One saver at a time (builds of one site in two terminals); where there is no fcntl, none."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
