"""The memo's store on disk: values come back as they went in, saves append, dead pieces go."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from markupsafe import Markup

from generator.render import store
from generator.render.store import Stored

VALUES = {
    "bytes": "é<b>".encode(),
    "text": "é<b>",
    "markup": Markup("<li>é</li>"),
    "page": (PurePosixPath("b/actors/iran.html"), b"<html>"),
}


def data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("memo.") and p.suffix not in (".lock",))


def test_values_come_back_as_they_were_kept(tmp_path):
    path = tmp_path / "memo"
    store.save(path, "v1", VALUES)
    stored = Stored(path, "v1")
    for key, value in VALUES.items():
        assert stored[key] == value and type(stored[key]) is type(value)
    assert stored.get("missing") is None and "missing" not in stored
    assert Stored(path, "v2").where == {}, "another version of briefbook starts afresh"


def test_a_save_appends_only_what_is_new(tmp_path):
    path = tmp_path / "memo"
    store.save(path, "v1", VALUES)
    first = Stored(path, "v1")
    (data,) = data_files(tmp_path)
    size = data.stat().st_size
    new = {**{k: first[k] for k in ("bytes", "text")}, "more": b"x" * 10}
    store.save(path, "v1", new, first)
    assert data_files(tmp_path) == [data] and data.stat().st_size == size + 10
    again = Stored(path, "v1")
    assert set(again.where) == {"bytes", "text", "more"}, "pieces this build did not use are dropped"
    assert again["more"] == b"x" * 10 and again["text"] == VALUES["text"]


def test_dead_pieces_are_dropped_once_they_outweigh_the_live(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "SLACK", 0)
    path = tmp_path / "memo"
    store.save(path, "v1", {"big": b"x" * 1000, "small": b"y"})
    first = Stored(path, "v1")
    (old,) = data_files(tmp_path)
    store.save(path, "v1", {"small": first["small"]}, first)
    (new,) = data_files(tmp_path)
    assert new != old and new.stat().st_size == 1
    assert Stored(path, "v1")["small"] == b"y"


def test_a_save_by_another_process_meanwhile_is_respected(tmp_path):
    path = tmp_path / "memo"
    store.save(path, "v1", {"a": b"1"})
    mine = Stored(path, "v1")
    store.save(path, "v1", {"b": b"2"}, Stored(path, "v1"))  # the other process
    store.save(path, "v1", {"a": mine["a"], "c": b"3"}, mine)
    final = Stored(path, "v1")
    assert {k: final[k] for k in final.where} == {"a": b"1", "c": b"3"}


@pytest.mark.parametrize("damage", ["index", "data"])
def test_damage_means_starting_afresh(tmp_path, damage):
    path = tmp_path / "memo"
    store.save(path, "v1", VALUES)
    target = path if damage == "index" else data_files(tmp_path)[0]
    target.write_bytes(b"not what it was")
    damaged = Stored(path, "v1")
    assert damaged.where == {}
    store.save(path, "v1", {"a": b"1"}, damaged)
    assert Stored(path, "v1")["a"] == b"1"


def test_a_merge_keeps_what_another_process_did_not(tmp_path):
    """`briefbook pdf` keeps the site's pieces too, even if a build saved in the meantime."""
    path = tmp_path / "memo"
    store.save(path, "v1", {"site": b"page"})
    mine = Stored(path, "v1")
    store.save(path, "v1", {"other": b"2"}, Stored(path, "v1"))  # the other process
    store.save(path, "v1", {"pdf": b"%PDF"}, mine, keep_old=True)
    final = Stored(path, "v1")
    assert {k: final[k] for k in final.where} == {"pdf": b"%PDF", "site": b"page"}


def test_a_piece_no_build_used_for_keep_builds_saves_is_dropped(tmp_path):
    """Merging saves (`briefbook pdf`) carry earlier builds' pieces over, but not for ever."""
    path = tmp_path / "memo"
    store.save(path, "v1", {"site": b"page"})
    for n in range(1, store.KEEP_BUILDS + 1):
        store.save(path, "v1", {f"pdf{n}": b"%PDF"}, Stored(path, "v1"), keep_old=True)
        kept = Stored(path, "v1")
        if n < store.KEEP_BUILDS:
            assert kept.age["site"] == n
        else:
            assert "site" not in kept and kept.age["pdf1"] == n - 1
        assert kept.age[f"pdf{n}"] == 0


def test_beyond_the_limit_the_least_recently_used_go_first(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "limit", lambda: 1000)
    path = tmp_path / "memo"
    store.save(path, "v1", {"oldest": b"a" * 300})
    store.save(path, "v1", {"older": b"b" * 300}, Stored(path, "v1"), keep_old=True)
    store.save(path, "v1", {"new": b"c" * 500}, Stored(path, "v1"), keep_old=True)
    kept = Stored(path, "v1")
    assert set(kept.where) == {"new", "older"}, "500 + 300 fit in 1000 bytes; another 300 would not"
    store.save(path, "v1", {"huge": b"d" * 2000}, kept, keep_old=True)
    assert set(Stored(path, "v1").where) == {"huge"}, "a build's own pieces are kept whatever their size"


def test_the_data_file_never_grows_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "limit", lambda: 1000)
    path = tmp_path / "memo"
    sizes = []
    for n in range(12):  # a build after each edit: one piece changed
        store.save(path, "v1", {f"edit{n}": bytes([n]) * 300}, Stored(path, "v1") if n else None)
        sizes += [f.stat().st_size for f in data_files(tmp_path)]
    assert max(sizes) <= 1000 and len(data_files(tmp_path)) == 1
    assert Stored(path, "v1")["edit11"] == bytes([11]) * 300


def test_a_build_larger_than_the_limit_appends_until_an_eighth_is_dead(tmp_path, monkeypatch):
    # The last build's pieces alone exceed the limit: rewriting the data file on every save
    # could not bring it under, so each edit's piece is appended until dead bytes pass
    # SLACK (here nothing: an eighth of what is live), and only then is it written afresh.
    monkeypatch.setattr(store, "limit", lambda: 1000)
    monkeypatch.setattr(store, "SLACK", 0)
    path = tmp_path / "memo"
    pieces = {f"p{i}": bytes([i]) * 100 for i in range(32)}  # 3,200 bytes: over the limit
    store.save(path, "v1", pieces)
    sizes = []
    for n in range(5):  # an edit replaces one 100-byte piece: 100 dead bytes more each time
        del pieces[f"p{n}"]
        pieces[f"edit{n}"] = bytes([100 + n]) * 100
        store.save(path, "v1", pieces, Stored(path, "v1"))
        sizes += [f.stat().st_size for f in data_files(tmp_path)]
    assert sizes == [3300, 3400, 3500, 3200, 3300], "appended while the dead bytes (100, 200, 300) are within an eighth of the 3,100 live; at 400, afresh"
    assert {key: Stored(path, "v1")[key] for key in pieces} == pieces


def test_the_limit_is_set_in_megabytes_by_the_environment(monkeypatch):
    monkeypatch.delenv("BRIEFBOOK_CACHE_MB", raising=False)
    assert store.limit() == store.LIMIT_MB << 20 == 1024 << 20
    monkeypatch.setenv("BRIEFBOOK_CACHE_MB", "3")
    assert store.limit() == 3 << 20
    monkeypatch.setenv("BRIEFBOOK_CACHE_MB", "lots")
    assert store.limit() == 1024 << 20
