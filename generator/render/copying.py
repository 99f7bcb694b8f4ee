"""Pieces written one after another into the store's data file, copied file to file where they can be.

A cold build at 10,000 events saves 200 MB of pieces, nearly all of them in spill files
(spill.py), where each process wrote them one after another. Read into Python and written
out again piece by piece, they cost half a second of a build in which nothing else runs;
runs of pieces that lie one after another in another file are copied by the kernel instead
(`os.copy_file_range`), and the few small pieces held in memory are gathered into one write.
Better still, the spill file holding most of the pieces is given a name and becomes the data
file (`adopt`): the others' pieces are added at its end, and its own are not copied at all.
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from pathlib import Path
from typing import NamedTuple

GATHER = 1 << 20  # bytes of pieces held in memory gathered before a write
CHUNK = 1 << 20  # bytes read at once where the kernel cannot copy


class Place(NamedTuple):
    """Where a piece's bytes already are: an open file's descriptor and an offset in it."""

    fd: int
    offset: int


class Writer:
    """Appends pieces to the file `fd` from `offset`, with positioned writes only (the file's own
    position is left alone, and the file is not opened to append: the kernel refuses to copy
    into such a file)."""

    def __init__(self, fd: int, offset: int) -> None:
        self.fd, self.offset = fd, offset  # where the next piece goes
        self._gathered, self._gathered_at = bytearray(), offset
        self._run: list[int] = []  # source fd, source offset, length: pieces next to each other there

    def add(self, raw: bytes | None, length: int, place: Place | None = None) -> int:
        """Write a piece, given as its bytes or, with `place`, as where its `length` bytes are;
        the offset it is written at."""
        at = self.offset
        if place is None:
            self._end_run()
            if not self._gathered:
                self._gathered_at = at
            self._gathered += raw
            if len(self._gathered) >= GATHER:
                self._write_gathered()
        elif self._run and self._run[0] == place.fd and self._run[1] + self._run[2] == place.offset:
            self._run[2] += length
        else:
            self._end_run()
            self._write_gathered()
            self._run = [place.fd, place.offset, length]
        self.offset += length
        return at

    def close(self) -> None:
        """Write what is still gathered or waiting to be copied."""
        self._end_run()
        self._write_gathered()

    def _write_gathered(self) -> None:
        if self._gathered:
            _write_all(self.fd, self._gathered, self._gathered_at)
            self._gathered = bytearray()

    def _end_run(self) -> None:
        if self._run:
            fd, offset, length = self._run
            self._run = []
            copy(fd, offset, self.fd, self.offset - length, length)


def adoptable(pieces: list[tuple[int, int]], slack: int) -> int | None:
    """Of the files holding `pieces` (each a file descriptor and a length), the one holding the
    most of them, if it holds at most `slack` bytes besides (a piece two processes both made
    is kept once): kept as it is, it carries no more dead bytes than a store may."""
    held = Counter()
    for fd, length in pieces:
        held[fd] += length
    if not held:
        return None
    fd, live = held.most_common(1)[0]
    return fd if os.fstat(fd).st_size - live <= slack else None


def adopt(fd: int, path: Path) -> bool:
    """Give the unnamed file `fd` (a spill file, spill.py) the name `path`, keeping what it
    holds; False where it cannot be named (no /proc, or a file opened to stay unnamed)."""
    try:
        # linkat(2) following the link /proc gives the file: os.link calls it only when told a folder.
        folder = os.open("/proc/self/fd", os.O_RDONLY)
    except OSError:
        return False
    try:
        os.link(str(fd), path, src_dir_fd=folder, follow_symlinks=True)
    except (OSError, NotImplementedError):
        return False
    finally:
        os.close(folder)
    return True


def copy(source: int, offset: int, target: int, at: int, length: int) -> None:
    """`length` bytes of file `source` from `offset` into file `target` at `at`: by the kernel
    where it can, else read and written here."""
    done = 0
    try:
        while done < length:
            copied = os.copy_file_range(source, target, length - done, offset + done, at + done)
            if copied == 0:
                raise OSError(f"a file ends before the {length:,} bytes to copy from offset {offset:,}")
            done += copied
        return
    except AttributeError:  # no copy_file_range on this system
        pass
    except OSError as error:  # file systems or kernels that cannot copy between these files
        if error.errno not in (errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ETXTBSY, errno.EBADF):
            raise
    while done < length:
        data = os.pread(source, min(CHUNK, length - done), offset + done)
        if not data:
            raise OSError(f"a file ends before the {length:,} bytes to copy from offset {offset:,}")
        _write_all(target, data, at + done)
        done += len(data)


def _write_all(fd: int, data: bytes | bytearray, at: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, at)
        view, at = view[written:], at + written
