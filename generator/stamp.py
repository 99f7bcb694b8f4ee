"""A build's stamp: what it read and wrote, as file stats, so that a build with nothing to do
stops before it loads or renders anything.

A build records the stat (size, modification time, inode) of every file it may read (the
briefing folders whole, briefbook's code, templates and fonts), the options and library
versions it ran with, and the stat of every file it left in the output folder. The next
build stats them all again (milliseconds, even at 10,000 events) and, when every one
matches and the options are the same, it is done: the output folder is not touched, and
the warnings the last build gave are given again.

Stats can miss a change, as make's and git's can: a file rewritten within the same tick of
the file system's clock, at the same size, keeps its modification time. Git calls such
files "racily clean" and compares their content; so does this: a file modified less than
`RACY` before the stamp was taken is recorded with a digest of its content, which the next
build compares too. The output folder is compared by its listing and stats only: it is
ours, and a file replaced in it changes its inode or time.

Any doubt means a full build: a stamp that cannot be read, of another version, or of a build
that did not finish (it is removed before a build starts and written only after the site is
swapped in).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RACY = 2_000_000_000  # ns: more than any file system's clock tick (FAT's is 2 s)
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "pydantic", "pyyaml", "edtf", "icalendar")
PDF_LIBRARIES = ("weasyprint", "pydyf", "fonttools")
FORMAT = 1  # of the stamp file

Stat = tuple[int, int, int]  # size, mtime_ns, inode
Files = dict[str, tuple[Stat | None, str]]  # path -> stat (None: a folder), digest of the content ("": not racy)


def _walk(folder: str, into: dict[str, Stat | None], skip: frozenset[str] = frozenset()) -> None:
    """Every file under `folder` with its stat, and every folder (stat None): a file added,
    removed or renamed anywhere under it is a change. Folders in `skip` are left out."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        into[folder + os.sep] = (-1, 0, 0)  # missing, or unreadable: the build will say
        return
    for entry in entries:
        if entry.name == "__pycache__" or entry.path in skip:
            continue  # what Python writes as it imports briefbook; the sources are what count
        if entry.is_dir(follow_symlinks=True):
            into[entry.path + os.sep] = None
            _walk(entry.path, into, skip)
            continue
        try:
            s = entry.stat()
        except OSError:  # a dangling link: it is there, and reading it fails
            into[entry.path] = (-1, 0, 0)
            continue
        into[entry.path] = (s.st_size, s.st_mtime_ns, s.st_ino)


def _digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "?"


def inputs(roots: list[Path], skip: list[Path]) -> Files:
    """The stats of every file under `roots` (but not under `skip`), with a digest of each
    that is racy: modified too recently for its time to tell."""
    found: dict[str, Stat | None] = {}
    left_out = frozenset(os.path.abspath(path) for path in skip)
    for root in roots:
        _walk(os.path.abspath(root), found, left_out)
    since = time.time_ns() - RACY
    return {path: (stat, _digest(path) if stat is not None and stat[1] >= since else "") for path, stat in found.items()}


def options(paper: str | None, view: tuple, folders: list[Path], roots: list[Path], out: Path) -> tuple:
    """What besides the files makes the build what it is; `view`, the options of what the
    pages show (preview, coverage, the site's address)."""
    versions = installed([*LIBRARIES, *(PDF_LIBRARIES if paper else ())])
    epoch = os.environ.get("SOURCE_DATE_EPOCH") if paper else None
    return (FORMAT, sys.version, versions, paper, view, epoch, tuple(map(str, folders)), tuple(os.path.abspath(r) for r in roots), str(out.resolve()))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(names: list[str]) -> tuple[str, ...]:
    """Where each library is installed, and which version: the names of their `.dist-info`
    folders on the import path, which an upgrade renames. Read from the listings, as
    importlib.metadata would find them, because importing that module took a tenth of a
    build with nothing to do."""
    wanted = {_normal(name) for name in names}
    found = []
    for folder in sys.path:
        try:
            listing = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in sorted(listing):
            if entry.endswith((".dist-info", ".egg-info")) and _normal(entry.split("-", 1)[0]) in wanted:
                found.append(os.path.join(folder, entry))
    return tuple(found)


@dataclass(slots=True)
class Stamp:
    """What a finished build read and wrote, and what it reported."""

    options: tuple
    inputs: Files
    output: dict[str, Stat | None]
    problems: list[Any]  # the warnings it gave (a build with errors leaves no stamp)
    files: int  # how many files it left in the output folder


def output_stats(out: Path) -> dict[str, Stat | None]:
    found: dict[str, Stat | None] = {}
    _walk(os.path.abspath(out), found)
    return found


def _same(recorded: Files, now: Files) -> bool:
    if len(recorded) != len(now):
        return False
    for path, (stat, digest) in recorded.items():
        current = now.get(path)
        if current is None or current[0] != stat:
            return False
        if digest and (current[1] or _digest(path)) != digest:
            return False
    return True


def still_done(path: Path, opts: tuple, now: Files, out: Path) -> Stamp | None:
    """The stamp of the last build, if it is the stamp of exactly this build with nothing
    changed since: its options, every input file (`now`) and every output file as recorded."""
    try:
        with open(path, "rb") as handle:
            stamp = pickle.load(handle)
    except Exception:  # a stamp is only a shortcut: any damage means building
        return None
    if not isinstance(stamp, Stamp) or stamp.options != opts or not _same(stamp.inputs, now):
        return None
    return stamp if output_stats(out) == stamp.output else None


def forget(path: Path) -> None:
    """Remove the stamp before a build starts: a build cut short must leave none."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def record(path: Path, stamp: Stamp) -> None:
    """Keep the stamp, atomically; a stamp that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".stamp-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(stamp, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
