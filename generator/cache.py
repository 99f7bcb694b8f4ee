"""The build cache beside an output folder, `.briefbook-cache/`: which of its files are a
site's, how much room they take, and `briefbook clean`.

A site `site` keeps there its rendered pieces (`site.pieces`, its data file
`site.pieces.<8 hex digits>` and `site.pieces.lock`, bounded by render/store.py) and its fact
files as last read (`site.facts.pickle`); the compiled templates (`templates/`) are shared by
the sites beside it. Everything there is only a shortcut: a build without it is slower,
never different.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .write import remove_leftovers

FOLDER = ".briefbook-cache"
_TEMPORARY = (".index-", ".facts-")  # what a save cut short leaves (render/store.py, reread.py)


def cache_folder(out: Path) -> Path:
    return out.parent / FOLDER


def site_cache(out: Path) -> list[Path]:
    """The cache's files and folders that belong to the site built into `out`, in name order:
    its own, the shared compiled templates, and temporary files an interrupted save left."""
    folder = cache_folder(out)
    if not folder.is_dir():
        return []
    own = re.compile(rf"{re.escape(out.name)}\.(?:pieces(?:\.[0-9a-f]{{8}}|\.lock)?|facts\.pickle)")
    return sorted(p for p in folder.iterdir() if own.fullmatch(p.name) or p.name == "templates" or p.name.startswith(_TEMPORARY))


def size(paths: list[Path]) -> int:
    """Bytes taken by these files and everything in these folders."""
    total = 0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.is_file())
    return total


def megabytes(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What `clean` removed."""

    cache_bytes: int
    leftovers: list[Path]

    def report(self, out: Path) -> str:
        if not self.cache_bytes and not self.leftovers:
            return f"nothing to clean beside {out}/"
        parts = [f"the cache of {out}/ ({megabytes(self.cache_bytes)})"] if self.cache_bytes else []
        parts += [f"{path.name}/, left by an interrupted build" for path in self.leftovers]
        return "removed " + ", ".join(parts)


def clean(out: Path) -> Cleaned:
    """Remove the site's cache (and the cache folder, once nothing else is in it) and what
    interrupted builds left beside `out`; the site itself is left as it is. Not to be run
    while a build of the same site is running: it would lose its staging folder."""
    paths = site_cache(out)
    freed = size(paths)
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    folder = cache_folder(out)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return Cleaned(freed, remove_leftovers(out))


def report(out: Path) -> str:
    """The site's cache as `build -v` reports it."""
    from .render.store import limit

    return f"cache: {megabytes(size(site_cache(out)))} in {cache_folder(out)}/ (bound: {limit() >> 20} MB, set by BRIEFBOOK_CACHE_MB)"
