"""The build cache: one `.briefbook-cache/` per project, a folder in it per output folder;
which files are a site's, how much room they take, and `briefbook clean`.

The cache lives at the project's folder (the one holding its briefbook.toml, or the
pyproject.toml with a [tool.briefbook] table; with neither, the working folder), or where
the `cache` setting says, never beside the output folder: an output given as `--out /tmp/x`
must not leave a cache shared by whatever else is built into /tmp. Each output folder has
its own subfolder, named after the output folder and a digest of its absolute path, so two
sites never share pieces and `clean` removes one site's cache alone. A site's subfolder
keeps its rendered pieces (`pieces`, its data file `pieces.<8 hex digits>` and
`pieces.lock`, bounded by render/store.py), its fact files as last read (`facts.pickle`, and each chunk of their items in
`facts.pickle.<16 hex digits>.chunk`, written once, see reread.py), what verify found
(`facts.pickle.found`, a base and what later builds added, see journal.py),
the stamp of its last build (`stamp.pickle`, see stamp.py) and its compiled templates
(`templates/`). Everything there is only a shortcut: a build without it is slower, never
different.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .write import remove_leftovers

FOLDER = ".briefbook-cache"
_OLD = re.compile(r"(?P<site>.+)\.(?:pieces(?:\.[0-9a-f]{8}|\.lock)?|facts\.pickle)")  # the cache beside the output, before 0.2


def root() -> Path:
    """The project's cache folder, as the settings that apply in the working folder place it
    (settings that cannot be read leave it at the settings file's folder)."""
    from . import settings
    from .problems import BriefbookError

    try:
        found = settings.load()
    except BriefbookError:
        place = settings.find(Path.cwd().absolute())
        return Path(place[0].parent if place else ".") / FOLDER
    return found.folder("cache")


def site_folder(out: Path, under: Path | None = None) -> Path:
    """The cache of the site built into `out`, in the cache folder `under` (default: `root()`)."""
    where = out.resolve()
    name = re.sub(r"[^A-Za-z0-9._-]", "_", where.name)[:40] or "site"
    return (under or root()) / f"{name}.{hashlib.sha256(str(where).encode()).hexdigest()[:12]}"


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
            return f"nothing to clean for {out}/"
        parts = [f"the cache of {out}/ ({megabytes(self.cache_bytes)})"] if self.cache_bytes else []
        parts += [f"{path.name}/, left by an interrupted build" for path in self.leftovers]
        return "removed " + ", ".join(parts)


def _old_cache(out: Path) -> list[Path]:
    """What an older briefbook kept beside `out`, in `.briefbook-cache/` there."""
    folder = out.parent / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (m := _OLD.fullmatch(p.name)) and m["site"] == out.name)


def clean(out: Path, under: Path | None = None) -> Cleaned:
    """Remove the site's cache (and the cache folder, once nothing else is in it), what an
    older briefbook kept beside `out`, and what interrupted builds left beside `out`; the
    site itself is left as it is. Not to be run while a build of the same site is running:
    it would lose its staging folder."""
    mine = site_folder(out, under)
    paths = ([mine] if mine.is_dir() else []) + _old_cache(out)
    freed = size(paths)
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for folder in (mine.parent, out.parent / FOLDER):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return Cleaned(freed, remove_leftovers(out))


def report(out: Path, under: Path | None = None) -> str:
    """The site's cache as `build -v` reports it."""
    from .render.store import limit

    folder = site_folder(out, under)
    return f"cache: {megabytes(size([folder]))} in {folder}/ (bound: {limit() >> 20} MB, set by BRIEFBOOK_CACHE_MB)"
