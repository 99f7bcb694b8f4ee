"""The render cache's store (generator/render/store.py) against SQLite, on a real cache.

    python bench/cache_store.py .briefbook-cache/SITE.pieces

Build a site first (`briefbook build ... --out SITE`). Both stores hold the same pieces and
are timed doing what a rebuild asks of them: reading every piece, then saving after an edit
that replaced 16 of them. SQLite is the standard library's: one table keyed by the pickled
key, WAL journaling (readers and a writer at once, as the store allows), one transaction per
save. Medians of five reads and three saves. The store's own copy is saved into, so run it on
a cache you can rebuild.
"""

from __future__ import annotations

import pickle
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.render import store  # noqa: E402
from generator.render.memo import code_version  # noqa: E402

EDITED = 16


def median(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    path, version = Path(sys.argv[1]), code_version()
    stored = store.Stored(path, version)
    keys = list(stored.where)
    if not keys:
        sys.exit(f"{path} holds no pieces of this version of briefbook: build the site again first")
    pieces = {key: stored.get(key) for key in keys}

    def read_store() -> None:
        opened = store.Stored(path, version)
        for key in keys:
            opened.get(key)

    edited = dict(pieces)
    for key in keys[:EDITED]:
        edited[(key, "edited")] = edited.pop(key)
    times = {"store": (median(read_store, 5), median(lambda: store.save(path, version, edited, store.Stored(path, version)), 3))}

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "cache.sqlite"
        with sqlite3.connect(db) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE pieces (key BLOB PRIMARY KEY, kind INTEGER, data BLOB) WITHOUT ROWID")
            rows = [(pickle.dumps(key, 5), *reversed(store.encode(value))) for key, value in pieces.items()]
            connection.executemany("INSERT INTO pieces (key, kind, data) VALUES (?, ?, ?)", rows)
        blobs = [row[0] for row in rows]
        changed = [(pickle.dumps((key, "edited"), 5), *reversed(store.encode(pieces[key]))) for key in keys[:EDITED]]

        def read_sqlite() -> None:
            connection = sqlite3.connect(db)
            for blob in blobs:
                data, kind = connection.execute("SELECT data, kind FROM pieces WHERE key = ?", (blob,)).fetchone()
                store.decode(data, kind)
            connection.close()

        def save_sqlite() -> None:
            connection = sqlite3.connect(db)
            with connection:
                connection.executemany("INSERT OR REPLACE INTO pieces (key, kind, data) VALUES (?, ?, ?)", changed)
                connection.executemany("DELETE FROM pieces WHERE key = ?", [(blob,) for blob in blobs[:EDITED]])
            connection.close()

        times["SQLite"] = (median(read_sqlite, 5), median(save_sqlite, 3))
    print(f"{len(keys):,} pieces\n| | read every piece | save after an edit | a rebuild's share |\n|---|---|---|---|")
    for name, (read, save) in times.items():
        print(f"| {name} | {read:.3f} s | {save:.3f} s | {read + save:.2f} s |")


if __name__ == "__main__":
    main()
