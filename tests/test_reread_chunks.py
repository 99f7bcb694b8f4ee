"""The remembered fact files keep each chunk of outcomes in a file of its own: a save after an
edit writes only the chunks the edit broke, removes those no longer used, and a chunk file
gone makes the next read a fresh one, never a failure."""

from __future__ import annotations

from pathlib import Path

from generator import listfile, pipeline, reread
from generator.reread import FactFiles

from test_reread import agree


def _chunk_files(saved: Path) -> set[str]:
    return {p.name for p in saved.parent.glob(saved.name + ".*.chunk")}


def test_a_save_after_an_edit_writes_only_the_chunks_it_broke(scratch, tmp_path, monkeypatch):
    monkeypatch.setattr(listfile, "CHUNK", 2)
    saved = tmp_path / "cache" / "facts.pickle"
    files = FactFiles(saved, "v1")
    pipeline.check([Path("b")], files)
    files.save()
    before = _chunk_files(saved)
    assert len(before) > 4
    scratch.edit("events.yml", "title: Jaish al-Adal emerges", "title: Jaish al-Adal is founded")
    files = FactFiles(saved, "v1")
    agree(Path("b"), files)
    files.save()
    after = _chunk_files(saved)
    assert len(after - before) == 1 and len(before - after) == 1, "one chunk written anew, the one it replaces removed"
    agree(Path("b"), FactFiles(saved, "v1"))


def test_a_missing_chunk_file_means_reading_afresh(scratch, tmp_path):
    saved = tmp_path / "cache" / "facts.pickle"
    files = FactFiles(saved, "v1")
    pipeline.check([Path("b")], files)
    files.save()
    (saved.parent / sorted(_chunk_files(saved))[0]).unlink()
    files = FactFiles(saved, "v1")
    assert files.files == {}
    agree(Path("b"), files)
    files.save()
    assert FactFiles(saved, "v1").files, "the next save remembers again"
