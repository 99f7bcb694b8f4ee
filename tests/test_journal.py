"""What verify found is kept as a base and a journal (journal.py): a save after an edit appends
what is new, loading merges it back, a record cut short is dropped, and a file grown past its
bound is written afresh; checks that read it report what a fresh check reports."""

from __future__ import annotations

from pathlib import Path

from generator import journal, pipeline
from generator.findings import Findings
from generator.reread import FactFiles, found_path

from test_reread import EDITS, agree


def _findings(*digests: str, passages: tuple = ()) -> Findings:
    return Findings(set(passages), {"check\0stamp": {d: () for d in digests}})


def test_a_save_appends_what_is_new_and_loading_merges_it(tmp_path):
    path = tmp_path / "found"
    saved = journal.save(path, "v1", _findings(*"abcdefgh", passages=(("p", "d"),)), journal.Saved())
    base = path.stat().st_size
    saved = journal.save(path, "v1", _findings(*"abcdefgz"), saved)
    assert base < path.stat().st_size < 2 * base, "one small record appended"
    loaded = journal.load(path, "v1")
    assert set(loaded.value.items["check\0stamp"]) == set("abcdefghz") and loaded.value.passages == {("p", "d")}
    assert journal.save(path, "v1", _findings(*"abcdefgz"), loaded).size == path.stat().st_size, "nothing new: nothing written"
    assert journal.load(path, "v2").value is None, "another version's file is not read"


def test_a_record_cut_short_is_dropped(tmp_path):
    path = tmp_path / "found"
    saved = journal.save(path, "v1", _findings("a"), journal.Saved())
    journal.save(path, "v1", _findings("a", "b"), saved)
    path.write_bytes(path.read_bytes()[:-3])
    assert set(journal.load(path, "v1").value.items["check\0stamp"]) == {"a"}


def test_a_journal_past_its_bound_is_written_afresh(tmp_path):
    path = tmp_path / "found"
    saved = journal.save(path, "v1", _findings("a"), journal.Saved())
    saved = journal.save(path, "v1", _findings(*(f"{i:064x}" for i in range(2000))), saved)
    assert saved.size == saved.base == path.stat().st_size, "one record: the whole value"
    assert len(journal.load(path, "v1").value.items["check\0stamp"]) == 2000, "what the last build found, the rest dropped"


def test_checks_that_read_the_journal_report_what_a_fresh_check_does(scratch, tmp_path):
    saved = tmp_path / "cache" / "facts.pickle"
    files = FactFiles(saved, "v1")
    pipeline.check([Path("b")], files)
    files.save()
    sizes = [found_path(saved).stat().st_size]
    for name, old, new in EDITS[:7]:  # a title, lines added and removed, errors in an item
        scratch.edit(name, old, new)
        files = FactFiles(saved, "v1")  # as the next build loads it
        agree(Path("b"), files)
        files.save()
        sizes.append(found_path(saved).stat().st_size)
    assert any(b > a for a, b in zip(sizes, sizes[1:])), "some saves appended"


def test_the_value_loaded_and_changed_in_place_is_written_afresh(tmp_path):
    path = tmp_path / "found"
    journal.save(path, "v1", _findings(*"abc"), journal.Saved())
    loaded = journal.load(path, "v1")
    loaded.value.items["check\0stamp"]["a"] = ((0, 1, "warning", "changed", None),)
    journal.save(path, "v1", loaded.value, loaded)
    assert journal.load(path, "v1").value.items["check\0stamp"]["a"] == ((0, 1, "warning", "changed", None),)
