"""What lets a build hold less: files staged as they are rendered (write.staged), and the
pieces it renders kept in spill files until the cache saves them (render/spill.py), in worker
processes too."""

from __future__ import annotations

import os
import time
from pathlib import PurePosixPath

import pytest

from conftest import tree
from generator.render.memo import IN_OLD, Memo
from generator.render.spill import Spilled
from generator.render.workers import run as workers_run
from generator.write import MARKER, staged, write_site


def test_a_staged_site_is_swapped_in_whole_or_not_at_all(tmp_path):
    out = tmp_path / "site"
    write_site(out, {PurePosixPath("a.html"): b"old a", PurePosixPath("b/c.html"): b"old c"})
    before = tree(out)
    with pytest.raises(RuntimeError):
        with staged(out) as staging:
            staging.put(PurePosixPath("a.html"), b"new a")
            raise RuntimeError("a render that fails half-way")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left
    old_c = (out / "b" / "c.html").stat()
    with staged(out) as staging:
        assert staging.put(PurePosixPath("a.html"), b"new a") is True
        assert staging.put(PurePosixPath("b/c.html"), b"old c") is False  # linked, not rewritten
        report = staging.commit([PurePosixPath("a.html"), PurePosixPath("b/c.html")])
    assert tree(out) == {MARKER: b"", "a.html": b"new a", "b/c.html": b"old c"}
    assert (out / "b" / "c.html").stat().st_mtime_ns == old_c.st_mtime_ns
    assert (report.written, report.unchanged, report.removed) == (1, 1, 0)



def test_a_swap_counts_the_files_it_removes_and_opens_every_folder(tmp_path):
    out = tmp_path / "site"
    old = {"a.html": b"a", "b/c.html": b"c", "b/d/e.html": b"e", "b/d/f.html": b"f", "g/h.html": b"h"}
    write_site(out, {PurePosixPath(k): v for k, v in old.items()})
    os.symlink(out / "g", out / "b" / "link")  # not ours, and not a file: neither followed nor counted
    report = write_site(out, {PurePosixPath("a.html"): b"a", PurePosixPath("b/d/e.html"): b"e2", PurePosixPath("k/l/m.html"): b"m"})
    assert (report.written, report.unchanged, report.removed) == (2, 1, 3), "c, f and h removed, the marker kept; a link is no file, nor followed"
    assert tree(out) == {MARKER: b"", "a.html": b"a", "b/d/e.html": b"e2", "k/l/m.html": b"m"}
    assert {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in [out, *out.rglob("*")] if p.is_dir()} == dict.fromkeys([".", "b", "b/d", "k", "k/l"], 0o755)

def test_pieces_are_spilled_read_back_and_saved_from_every_process(tmp_path):
    path = tmp_path / "cache" / "pieces"
    big = lambda name: (name * 400).encode()  # noqa: E731 - past SMALL: spilled
    memo = Memo(path)

    # Ten jobs, each rendering two pieces; job i's second piece is job (i+1)'s first, so that
    # pieces rendered in one process are asked for again, in the same one or another.
    def job(i: int):
        def make():
            time.sleep(0.05)  # long enough for the worker to start and take its share
            first = memo.get(f"piece-{i}", lambda: big(f"{i}"))
            second = memo.get(f"piece-{i + 1}", lambda: big(f"{i + 1}"))
            return [(PurePosixPath(f"{i}.txt"), first + b"|" + second + f"|{os.getpid()}".encode())]

        return make

    made = workers_run([(1, job(i)) for i in range(10)], memo, 2)
    for i, ((name, data),) in enumerate(made):
        first, second, _ = data.split(b"|")
        assert name == PurePosixPath(f"{i}.txt") and first == big(f"{i}") and second == big(f"{i + 1}")
    assert len({data.split(b"|")[2] for ((_, data),) in made}) == 2  # both processes rendered
    assert set(memo.new) == {f"piece-{i}" for i in range(11)}
    assert all(type(value) is Spilled for value in memo.new.values())  # none held in memory
    assert len(memo.spills) == 2  # this process's, and the worker's, made before the fork
    memo.save()
    again = Memo(path)
    assert [again.get(f"piece-{i}", lambda: b"rendered anew") for i in range(11)] == [big(f"{i}") for i in range(11)]
    assert again.hits == 11 and again.misses == 0
    assert all(value is IN_OLD for value in again.new.values())  # read from the store, not kept
    assert again.get("piece-3", lambda: b"rendered anew") == big("3")  # read from the store again


def test_pieces_stay_in_memory_when_the_cache_folder_cannot_hold_a_spill_file(tmp_path):
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    memo = Memo(tmp_path / "cache" / "pieces")
    made = workers_run([(1, lambda i=i: [(PurePosixPath(f"{i}.txt"), memo.get(f"piece-{i}", lambda: b"x" * 1000))]) for i in range(4)], memo, 2)
    assert [data for ((_, data),) in made] == [b"x" * 1000] * 4
    assert memo.new and all(value == b"x" * 1000 for value in memo.new.values())
    memo.save()  # skipped: the cache cannot be written
