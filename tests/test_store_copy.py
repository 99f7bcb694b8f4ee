"""How a save writes the pieces a build spilled (render/copying.py): copied file to file, or the
largest spill file kept as the store's data file; the pieces come back the same either way."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import PurePosixPath

import pytest

from generator.render import copying, store
from generator.render.copying import Place, Writer, adoptable
from generator.render.memo import Memo
from generator.render.workers import run as workers_run


def _file(data: bytes) -> int:
    handle = tempfile.TemporaryFile()
    os.pwrite(handle.fileno(), data, 0)
    fd = os.dup(handle.fileno())
    handle.close()
    return fd


def test_a_writer_copies_runs_of_pieces_and_gathers_those_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(copying, "GATHER", 4)  # a write every few small pieces
    a, b = _file(b"0123456789"), _file(b"abcdefghij")
    with (tmp_path / "out").open("wb") as handle:
        writer = Writer(handle.fileno(), 0)
        offsets = [
            writer.add(None, 3, Place(a, 0)),
            writer.add(None, 2, Place(a, 3)),  # next to the last: one copy for both
            writer.add(b"XY", 2),
            writer.add(b"Z", 1),
            writer.add(None, 4, Place(b, 6)),
            writer.add(None, 1, Place(a, 9)),
            writer.add(b"!!!!!", 5),
        ]
        writer.close()
    assert (tmp_path / "out").read_bytes() == b"01234XYZghij9!!!!!"
    assert offsets == [0, 3, 5, 7, 8, 12, 13]


def test_pieces_are_copied_through_python_where_the_kernel_cannot(tmp_path, monkeypatch):
    source = _file(bytes(range(256)) * 8192)  # 2 MiB: more than one read
    monkeypatch.setattr(os, "copy_file_range", lambda *args: (_ for _ in ()).throw(OSError(errno.EXDEV, "cross-device")))
    with (tmp_path / "out").open("wb") as handle:
        copying.copy(source, 5, handle.fileno(), 0, (2 << 20) - 5)
    assert (tmp_path / "out").read_bytes() == (bytes(range(256)) * 8192)[5:]
    with pytest.raises(OSError):
        with (tmp_path / "short").open("wb") as handle:
            copying.copy(source, 2 << 20, handle.fileno(), 0, 1)  # past the end: never half a piece


def test_only_a_file_holding_little_else_is_kept_as_it_is(tmp_path):
    fd = _file(b"x" * 100)
    assert adoptable([(fd, 60), (fd, 30)], slack=10) == fd
    assert adoptable([(fd, 60)], slack=10) is None  # 40 dead bytes would be kept with it
    assert adoptable([], slack=10) is None


def _build(path, jobs: int = 10):
    """A memo that two processes rendered into, each its own spill file, some pieces small."""
    big = lambda i: (f"{i}" * 400).encode()  # noqa: E731 - past SMALL: spilled
    memo = Memo(path)

    def job(i: int):
        return lambda: [(PurePosixPath(f"{i}.txt"), memo.get(f"piece-{i}", lambda: big(i)) + memo.get(f"small-{i}", lambda: f"{i}".encode()))]

    workers_run([(1, job(i)) for i in range(jobs)], memo, 2)
    return memo, {**{f"piece-{i}": big(i) for i in range(jobs)}, **{f"small-{i}": f"{i}".encode() for i in range(jobs)}}


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="spill files that can be named: Linux")
def test_a_cold_save_keeps_the_largest_spill_file_as_its_data_file(tmp_path):
    path = tmp_path / "cache" / "pieces"
    memo, values = _build(path)
    inodes = {os.fstat(spill.file.fileno()).st_ino for spill in memo.spills}
    memo.save()
    stored = store.Stored(path, memo.old.version)
    assert stored.data.stat().st_ino in inodes, "named, not copied"
    assert {key: stored[key] for key in values} == values
    assert stored.size == sum(map(len, values.values()))
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("pieces")) == sorted(["pieces", "pieces.lock", stored.data.name])


def test_a_save_that_cannot_name_a_spill_file_copies_every_piece(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "adopt", lambda fd, path: False)
    path = tmp_path / "cache" / "pieces"
    memo, values = _build(path)
    memo.save()
    stored = store.Stored(path, memo.old.version)
    assert all(stored.data.stat().st_ino != os.fstat(spill.file.fileno()).st_ino for spill in memo.spills)
    assert {key: stored[key] for key in values} == values and stored.size == sum(map(len, values.values()))
