"""A cache file kept as a base and a journal: a save after a small change appends the change.

What verify found (findings.py) is some 7 MB pickled at 10,000 events; a rebuild after a
one-line edit changes a few entries of it, yet pickled it whole again (a twelfth of a
second). Here the file is a run of records, each its length and a pickle of (version,
value): the first the whole value, each later one what a save added since. Loading merges
them in order. A save appends what is new unless the records would then outweigh
`GROWTH` times the base (and `SLACK`), when the file is written afresh, atomically, as one record.

This suits values whose entries are each true on their own (a finding is keyed by all it
depends on): a file holding more than the last build found, or missing a tail that a killed
save cut short, is still right; its entries are only found again or dropped at the next
rewrite.
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import Any, Protocol

_LENGTH = struct.Struct("<Q")
GROWTH = 0.25  # of the base's size: what the appended records may reach before a rewrite
SLACK = 64 << 10  # bytes they may reach however small the base


class Mergeable(Protocol):
    def update(self, other: Any) -> None: ...  # take in the entries of `other`
    def since(self, earlier: Any) -> Any: ...  # the entries not in `earlier`, or None if none


class Saved:
    """What a journal file held when read or last saved: its value, its size and its base's."""

    def __init__(self, value: Any = None, size: int = 0, base: int = 0) -> None:
        self.value, self.size, self.base = value, size, base


def load(path: Path, version: str) -> Saved:
    """The merged value saved at `path` by this `version` (None in an empty Saved if missing,
    of another version or unreadable); a record cut short ends the reading."""
    try:
        data = path.read_bytes()
    except OSError:
        return Saved()
    value, at, base = None, 0, 0
    try:
        while at + _LENGTH.size <= len(data):
            (length,) = _LENGTH.unpack_from(data, at)
            end = at + _LENGTH.size + length
            if end > len(data):
                break  # a save killed mid-way: the records before it stand
            saved_version, record = pickle.loads(data[at + _LENGTH.size : end])
            if saved_version != version:
                return Saved()
            if value is None:
                value, base = record, end
            else:
                value.update(record)
            at = end
    except Exception:  # a cache is only ever a shortcut: any damage means finding afresh
        return Saved()
    return Saved(value, at, base)


def save(path: Path, version: str, value: Mergeable, saved: Saved) -> Saved:
    """Keep `value` at `path`, where `saved` is what the file holds (what `load` or the last
    save gave): only what is new since then is appended, while the file stays within its
    growth; else it is written afresh, as is the very value loaded (changed in place, what is
    new in it cannot be told). Returns what the file holds now (`value`, which the file
    holds at least)."""
    if saved.value is not None and saved.value is not value and _same_file(path, saved.size):
        added = value.since(saved.value)
        if added is None:
            return Saved(value, saved.size, saved.base)
        record = _record(version, added)
        if saved.size + len(record) - saved.base <= max(GROWTH * saved.base, SLACK):
            with path.open("ab") as handle:
                handle.write(record)
            return Saved(value, saved.size + len(record), saved.base)
    record = _record(version, value)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".journal-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(record)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Saved(value, len(record), len(record))


def _record(version: str, value: Any) -> bytes:
    body = pickle.dumps((version, value), pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def _same_file(path: Path, size: int) -> bool:
    """Whether the file is as this process left it (no other build has saved since)."""
    try:
        return path.stat().st_size == size
    except OSError:
        return False
