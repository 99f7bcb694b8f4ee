"""Stage 1, load (continued): re-reading a list file parses and validates only what an edit touched.

A large briefing keeps most of its facts in one file (events.yml), so one edited line would
otherwise cost a parse and validation of every item in it. After each read we remember each
list file's text and, for each item, the line it starts on and what validating it gave. The
next read compares the new text with the old line by line: the lines before the first
difference and after the last are unchanged, so only the items overlapping the changed lines
are parsed again, as a stretch of text on their own. The items after the change move by the
number of lines added or removed, and their positions move with them.

A stretch parses alone just as it does inside the file when the file is a plain list file
(one top-level key holding a block list of mappings, their dashes in one column) and the
stretch starts and ends on item boundaries. When that does not hold, or the stretch has a
problem of its own, the whole file is read again, so every error is reported exactly as a
full read reports it.
"""

from __future__ import annotations

import bisect
import glob
import os
import pickle
import secrets
import tempfile
from pathlib import Path
from typing import Any

from . import journal
from .files import read_text, shown
from .listfile import DOCUMENT_MARKERS, CheckItem, Chunk, ListFile, Outcome, dash_column, lines_of, validated, whole
from .load import AT, YamlFile, parse_yaml
from .problems import Mark, Problems, Where


class FactFiles:
    """The list files as last read, by path, and what verify found (see findings.py); kept on
    disk between builds at `path` if given."""

    def __init__(self, path: Path | None = None, version: str = "", digests: bool = True) -> None:
        self.path, self.version = path, version
        self.digests = digests  # of each item's text, for the pages' remembered pieces: `check` alone needs none
        self.files: dict[str, ListFile] = {}
        self.found: Any = None  # verify's, kept for it between builds (this stage does not read it)
        self.found_saved = journal.Saved()  # what the file of what verify found holds
        if path:
            self.files = _load(path, version)
            self.found_saved = journal.load(found_path(path), version)
            self.found = self.found_saved.value
        self.spliced = 0  # reads that parsed only the items an edit touched
        self.items = self.read_anew = 0  # items returned by this check, and of those, parsed and validated now
        self.seen: set[str] = set()  # files read since loading: what `save` keeps

    def read(self, path: Path, key: str, check: CheckItem, problems: Problems) -> list[Outcome] | YamlFile | None:
        """The outcome of each item of a plain list file; the parsed file, for the caller to
        validate as a whole, if it is not one; None if it cannot be read or parsed (the
        problems are recorded)."""
        name = f"{path.resolve()}\0{shown(path)}"  # positions name the file as shown: both must match
        self.seen.add(name)
        text = read_text(path, problems)
        previous = self.files.pop(name, None)
        if text is None:
            return None
        state = previous if previous is not None and previous.text == text else None
        if state is None and previous is not None:
            state = _splice(previous, text, key, Mark(shown(path)), check)
            self.spliced += state is not None
        if state is None:
            # Problems of the file as a whole (a duplicate key, say) belong to no one item:
            # such a file is validated whole and not remembered.
            found = Problems()
            file = parse_yaml(text, Mark(shown(path)), found)
            problems.extend(found)
            if file is None:
                return None
            state = None if len(found) else whole(file, text, key, check, self.digests)
            if state is None:
                return file
        self.files[name] = state
        self.items += len(state.items)
        kept = {id(item) for item in previous.items} if previous is not None else set()
        self.read_anew += sum(id(item) not in kept for item in state.items)
        return [item.current() for item in state.items]

    def save(self) -> None:
        """Keep what was read for the next build, atomically: the chunks not saved yet, each to
        a file of its own, then the index that names them; a cache that cannot be written is
        skipped."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".facts-")
            with os.fdopen(fd, "wb") as handle:
                files = {name: state for name, state in self.files.items() if name in self.seen}
                pickler = _ChunkPickler(handle, self.path)
                pickler.dump((self.version, files))
            os.replace(tmp, self.path)
            if self.found is not None:  # apart, as a journal: an edit changes a few of its entries
                self.found_saved = journal.save(found_path(self.path), self.version, self.found, self.found_saved)
            for left in [*self.path.parent.glob(".facts-*"), *self.path.parent.glob(".journal-*")]:  # of saves killed mid-way
                left.unlink(missing_ok=True)  # (one being written now only loses its shortcut)
            for left in self.path.parent.glob(f"{glob.escape(self.path.name)}.*{_CHUNK_SUFFIX}"):
                if left.name not in pickler.named:  # no longer in the remembered files
                    left.unlink(missing_ok=True)
        except OSError:
            pass


_CHUNK_SUFFIX = ".chunk"


class _ChunkPickler(pickle.Pickler):
    """Pickles each chunk as the name of its file beside `index`, writing the file first if the
    chunk has none there yet (see Chunk)."""

    def __init__(self, handle: Any, index: Path) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.folder, self.prefix = str(index.parent), index.name
        self.named: set[str] = set()

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is not Chunk:
            return None
        if obj.file is None or os.path.dirname(obj.file) != self.folder or not os.path.exists(obj.file):
            file = os.path.join(self.folder, f"{self.prefix}.{secrets.token_hex(8)}{_CHUNK_SUFFIX}")
            with open(file, "wb") as handle:
                handle.write(obj.blob)
            obj.file = file
        name = os.path.basename(obj.file)
        self.named.add(name)
        return (name, obj.firsts)


class _ChunkUnpickler(pickle.Unpickler):
    """Reads each chunk named in the index from its file (every one now: one that another
    build removed makes the whole cache unreadable, not a build fail half-way)."""

    def __init__(self, handle: Any, folder: Path) -> None:
        super().__init__(handle)
        self.folder = folder

    def persistent_load(self, pid: Any) -> Chunk:
        name, firsts = pid
        file = self.folder / name
        return Chunk(file.read_bytes(), firsts, str(file))


def found_path(index: Path) -> Path:
    """Where what verify found is kept, beside the index (journal.py)."""
    return index.with_name(f"{index.name}.found")


def _load(path: Path, version: str) -> dict[str, ListFile]:
    try:
        with path.open("rb") as handle:
            saved_version, files = _ChunkUnpickler(handle, path.parent).load()
    except Exception:  # a cache is only ever a shortcut: any damage means reading afresh
        return {}
    return files if saved_version == version else {}


# --- reading -----------------------------------------------------------------------------

def _splice(previous: ListFile, text: str, key: str, mark: Mark, check: CheckItem) -> ListFile | None:
    """The new text's items: the old ones outside the edit, the stretch around it parsed anew."""
    old, new = lines_of(previous.text), lines_of(text)
    if old is None or new is None:
        return None
    same_start, same_end = _same_lines(previous.text, text, old, new)
    firsts = [item.first for item in previous.items]
    # The items overlapping the changed lines, with a line to spare each side: lines added
    # just before an item may end the previous one.
    a = bisect.bisect_right(firsts, same_start - 1) - 1
    z = bisect.bisect_left(firsts, len(old) - same_end + 1) - 1
    if a < 0:
        return None  # the lines above the first item changed: so may the file's structure
    moved = len(new) - len(old)
    start = firsts[a]
    end = firsts[z + 1] + moved if z + 1 < len(firsts) else len(new)
    if any(line.startswith(DOCUMENT_MARKERS) for line in new[start:end]):
        return None  # a document's end or start means something else alone than in the file
    found = Problems()
    stretch = parse_yaml("\n".join(new[start:end]) + "\n", mark, found, start, depth=1)
    if stretch is None or len(found) or dash_column(stretch.data, new) != previous.column:
        return None
    data = stretch.data
    if data[0][AT].at[0] - 1 != start:
        return None
    # The stretch's items under the file's key, as if the list held only them, for positions.
    root = YamlFile(mark, {AT: Where(mark.path, data[0][AT].at, {}, {}, {key: [item[AT].at for item in data]}), key: data})
    fresh = validated(root, data, new, end, key, check)
    items = previous.items[:a] + fresh + previous.items[z + 1 :]
    for item in previous.items[z + 1 :]:
        item.first += moved
    return ListFile(text, previous.column, items)


def _same_lines(old_text: str, new_text: str, old: list[str], new: list[str]) -> tuple[int, int]:
    """How many lines the texts (split into `old` and `new`) share at their start, and then at
    their end. The shared characters are found first, by halving (each step a comparison of
    two slices in C, where a comparison of 200,000 lines one by one took a tenth of a
    second): the lines they hold whole are shared; the line-by-line comparison goes on from
    there for the one line that may end just where the characters differ."""
    n = min(len(old), len(new))
    start = min(old_text.count("\n", 0, _shared(old_text, new_text, 1)), n)
    while start < n and old[start] == new[start]:
        start += 1
    n -= start
    end = min(old_text.count("\n", len(old_text) - _shared(old_text, new_text, -1)), n)
    while end < n and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def _shared(a: str, b: str, way: int) -> int:
    """How many characters the two texts share at their start (`way` 1) or end (-1)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        same = a[lo:mid] == b[lo:mid] if way == 1 else a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]
        lo, hi = (mid, hi) if same else (lo, mid - 1)
    return lo
