"""Pieces rendered in this build, kept on disk instead of in memory until the memo saves them.

A large site renders some 100,000 pieces (200 MB as text). The memo must keep each one
until its save writes them into the store (render/store.py), and a piece kept in memory
stays there through the whole render; kept in a spill file it costs a few bytes of index
until it is asked for again (pread) or saved. A spill file is an unnamed temporary file in
the site's cache folder, so nothing is left behind, however the build ends (the memo's save
may then give one a name: the store's data file, render/copying.py). The files
of worker processes are made by the parent before it forks them, so that it can read what
they wrote: a piece a worker spilled reaches the parent as a `Spilled` (which file, where,
how long, what kind), and pickles as that.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

FLUSH = 1 << 20  # bytes gathered before a write: one system call for many small pieces


class Spill:
    """An append-only file of encoded pieces."""

    def __init__(self, folder: Path, index: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = _unnamed(folder)
        self.index = index  # among the memo's spill files (the same in a forked worker)
        self.size = 0  # bytes appended, the buffer's included
        self.flushed = 0  # bytes on disk; the rest is in `buffer`
        self.buffer = bytearray()

    def add(self, raw: bytes, kind: int) -> Spilled:
        spilled = Spilled(self.index, self.size, len(raw), kind)
        self.buffer += raw
        self.size += len(raw)
        if len(self.buffer) >= FLUSH:
            self.flush()
        return spilled

    def flush(self) -> None:
        if self.buffer:
            os.pwrite(self.file.fileno(), self.buffer, self.flushed)
            self.flushed = self.size
            self.buffer = bytearray()

    def read(self, offset: int, length: int) -> bytes:
        if offset >= self.flushed:
            start = offset - self.flushed
            return bytes(self.buffer[start : start + length])
        data = os.pread(self.file.fileno(), length, offset)
        if len(data) != length:
            raise OSError("a spill file ends before a piece it should hold")
        return data

    def written_elsewhere(self, size: int) -> None:
        """A worker appended up to `size` bytes (and flushed them) in its copy of this file."""
        self.size = self.flushed = size

    def close(self) -> None:
        self.file.close()


def _unnamed(folder: Path) -> BinaryIO:
    """A file with no name in `folder`: where the system has them (Linux's O_TMPFILE), one that
    may be given a name later, as tempfile's may not be."""
    flags = getattr(os, "O_TMPFILE", 0)
    if flags:
        try:
            return os.fdopen(os.open(folder, flags | os.O_RDWR, 0o666), "w+b")  # the mode, less the umask, if named
        except OSError:  # a file system without them
            pass
    return tempfile.TemporaryFile(dir=folder)


@dataclass(frozen=True, slots=True)
class Spilled:
    """Where a spilled piece is: which spill file, at what offset, how long, and its kind
    (render/store.py's encoding)."""

    file: int
    offset: int
    length: int
    kind: int
