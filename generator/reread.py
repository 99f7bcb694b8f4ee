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
import hashlib
import os
import pickle
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import journal
from .files import read_text, shown
from .load import AT, YamlFile, parse_yaml
from .model import Fact, walk
from .problems import Mark, Problem, Problems, Where

# YAML also breaks lines at these; splitting on "\n" alone would then miscount lines.
_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
_DOCUMENT_MARKERS = ("---", "...", "%")


@dataclass(slots=True)
class Outcome:
    """What validating one item gave: its fact (None if invalid), the id of an invalid
    item (so references to it are not reported again), and its problems."""

    fact: Fact | None
    broken: str | None
    problems: list[Problem]
    digest: str = ""  # of the item's text, when read by FactFiles: what render keys pieces on
    # The fact and every fact in it, parents first (model.walk): kept, so that a rebuild does
    # not walk every unchanged item again (pickled as references to the facts, a few bytes each).
    parts: tuple[Fact, ...] = ()

    def __post_init__(self) -> None:
        if self.fact is not None and not self.parts:
            self.parts = tuple(walk(self.fact))

    def shift(self, lines: int) -> None:
        """Move every position `lines` down the file: lines were added above the item."""
        for fact in self.parts:
            if fact.at is not None:
                fact.at.shift(lines)
        self.problems = [p.shifted(lines) for p in self.problems]


CheckItem = Callable[[YamlFile, int, Any], Outcome]
"""Validates item `index` of a file's list (its data given); the caller knows key and model."""


class Chunk:
    """The outcomes of a run of consecutive items, pickled together: a rebuild unpickles a few
    of these rather than one pickle per item (which made each item's class names, keys and
    file name anew, and cost a third more), and a save pickles only the runs an edit broke.
    Saved, a chunk is a file of its own beside the index (`file`), written once: a save
    after an edit writes the chunks it broke, not the whole of the remembered files."""

    __slots__ = ("blob", "firsts", "outcomes", "file")

    def __init__(self, blob: bytes, firsts: list[int], file: str | None = None) -> None:
        self.blob, self.firsts = blob, firsts  # the items' lines when pickled: where blob puts them
        self.outcomes: list[Outcome] | None = None
        self.file = file  # where it is saved, if it is

    def outcome(self, index: int) -> Outcome:
        if self.outcomes is None:
            self.outcomes = pickle.loads(self.blob)
        return self.outcomes[index]


CHUNK = 500  # items a new chunk holds at most: what a one-item edit pickles again on saving


class Item:
    """One item of a list file as last read. Its outcome is kept in memory, or as item `index`
    of a pickled chunk and unpickled on first use; it is moved to the item's current line when
    asked for."""

    __slots__ = ("first", "outcome", "outcome_first", "chunk", "index")

    def __init__(self, first: int, outcome: Outcome | None = None, chunk: Chunk | None = None, index: int = 0) -> None:
        self.first = first  # 0-based line the item starts on now
        self.outcome, self.outcome_first = outcome, first  # positioned for line `outcome_first`
        self.chunk, self.index = chunk, index  # where it was last pickled, if it was

    def current(self) -> Outcome:
        if self.outcome is None:
            self.outcome, self.outcome_first = self.chunk.outcome(self.index), self.chunk.firsts[self.index]
        if self.outcome_first != self.first:
            self.outcome.shift(self.first - self.outcome_first)
            self.outcome_first = self.first
        return self.outcome


@dataclass(slots=True, eq=False)
class ListFile:
    """A plain list file as last read: its text, its items' dash column and its items."""

    text: str
    column: int
    items: list[Item]

    def __reduce__(self) -> tuple:
        """Pickled as chunks of outcomes and each item's line: the chunks an edit left whole keep
        their bytes (their items moved or not: the move is made again on unpickling)."""
        return (_unpacked, (self.text, self.column, _chunked(self.items), [item.first for item in self.items]))


def _unpacked(text: str, column: int, chunks: list[Chunk], firsts: list[int]) -> ListFile:
    items = [Item(0, None, chunk, index) for chunk in chunks for index in range(len(chunk.firsts))]
    for item, first in zip(items, firsts):
        item.first = item.outcome_first = first
    return ListFile(text, column, items)


def _chunked(items: list[Item]) -> list[Chunk]:
    """The items' chunks, in order: each chunk whose items are all still there, in a row and
    in order, as it is; the items between them pickled anew, in chunks of at most CHUNK."""
    chunks: list[Chunk] = []
    i = 0
    while i < len(items):
        whole = _whole_chunk(items, i)
        if whole is not None:
            chunks.append(whole)
            i += len(whole.firsts)
            continue
        start = i
        i += 1
        while i < len(items) and i - start < CHUNK and _whole_chunk(items, i) is None:
            i += 1
        run = items[start:i]
        outcomes = [item.current() for item in run]  # each at its item's line now
        chunk = Chunk(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL), [item.first for item in run])
        for index, item in enumerate(run):  # so that the next save keeps this chunk whole
            item.chunk, item.index = chunk, index
        chunks.append(chunk)
    return chunks


def _whole_chunk(items: list[Item], i: int) -> Chunk | None:
    """The chunk that starts at item i, if all of its items follow in order."""
    chunk = items[i].chunk
    if chunk is None or items[i].index != 0 or i + len(chunk.firsts) > len(items):
        return None
    ok = all(items[i + k].chunk is chunk and items[i + k].index == k for k in range(len(chunk.firsts)))
    return chunk if ok else None


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
            state = None if len(found) else _whole(file, text, key, check, self.digests)
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


def _whole(file: YamlFile, text: str, key: str, check: CheckItem, digests: bool = True) -> ListFile | None:
    """The items of a freshly parsed file, if it is a plain list file."""
    lines = _lines(text)
    data = file.data
    if lines is None or not isinstance(data, dict) or set(data) != {AT, key}:
        return None
    column = _dash_column(data[key], lines)
    if column is None:
        return None
    return ListFile(text, column, _items(file, data[key], lines, len(lines), key, check, digests))


def _items(file: YamlFile, items: list[dict], lines: list[str], end: int, key: str, check: CheckItem, digests: bool = True) -> list[Item]:
    """Each item validated, with the digest of its lines (up to the next item, or `end`)
    unless `digests` is false."""
    firsts = [item[AT].at[0] - 1 for item in items]
    made = []
    for i, (first, next_first) in enumerate(zip(firsts, [*firsts[1:], end])):
        outcome = check(file, i, items[i])
        if digests:
            text = "\n".join(lines[first:next_first])
            outcome.digest = hashlib.sha256(f"{key}\0{text}".encode()).hexdigest()
        made.append(Item(first, outcome))
    return made


def _dash_column(items: Any, lines: list[str]) -> int | None:
    """The column of the items' dashes, if every item is a mapping that starts on its dash's
    line, all dashes in one column; else None (the list is not plain)."""
    if not isinstance(items, list) or not items:
        return None
    columns = set()
    for item in items:
        if not isinstance(item, dict):
            return None
        line, column = item[AT].at
        before = lines[line - 1][: column - 1]
        if before.strip() != "-":
            return None
        columns.add(before.index("-"))
    return columns.pop() if len(columns) == 1 else None


def _splice(previous: ListFile, text: str, key: str, mark: Mark, check: CheckItem) -> ListFile | None:
    """The new text's items: the old ones outside the edit, the stretch around it parsed anew."""
    old, new = _lines(previous.text), _lines(text)
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
    if any(line.startswith(_DOCUMENT_MARKERS) for line in new[start:end]):
        return None  # a document's end or start means something else alone than in the file
    found = Problems()
    stretch = parse_yaml("\n".join(new[start:end]) + "\n", mark, found, start)
    if stretch is None or len(found) or _dash_column(stretch.data, new) != previous.column:
        return None
    data = stretch.data
    if data[0][AT].at[0] - 1 != start:
        return None
    # The stretch's items under the file's key, as if the list held only them, for positions.
    root = YamlFile(mark, {AT: Where(mark.path, data[0][AT].at, {}, {}, {key: [item[AT].at for item in data]}), key: data})
    fresh = _items(root, data, new, end, key, check)
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


def _lines(text: str) -> list[str] | None:
    """The text's lines as YAML counts them, or None if splitting at "\n" would miscount
    (a CR alone, or a Unicode line break); a line of a CRLF file keeps its CR."""
    if any(c in text for c in _OTHER_LINE_BREAKS) or text.count("\r") != text.count("\r\n"):
        return None
    return text.split("\n")
