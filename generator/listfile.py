"""Stage 1, load (continued): one list file as last read, its items and what validating each gave.

A list file here is a plain one: a single top-level key holding a block list of mappings,
their dashes in one column. Its items' outcomes are packed in chunks, pickled together, so
that the remembered files (reread.py) load and save a few blobs rather than thousands of
items. Reading such a file afresh is `whole`; a re-read (reread.py) validates the stretch
around an edit with `validated`, as `whole` validates every item.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any, Callable

from .load import AT, YamlFile
from .model import Fact, walk
from .problems import Problem

# YAML also breaks lines at these; splitting on "\n" alone would then miscount lines.
_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
DOCUMENT_MARKERS = ("---", "...", "%")


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





def whole(file: YamlFile, text: str, key: str, check: CheckItem, digests: bool = True) -> ListFile | None:
    """The items of a freshly parsed file, if it is a plain list file."""
    lines = lines_of(text)
    data = file.data
    if lines is None or not isinstance(data, dict) or set(data) != {AT, key}:
        return None
    column = dash_column(data[key], lines)
    if column is None:
        return None
    return ListFile(text, column, validated(file, data[key], lines, len(lines), key, check, digests))


def validated(file: YamlFile, items: list[dict], lines: list[str], end: int, key: str, check: CheckItem, digests: bool = True) -> list[Item]:
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


def dash_column(items: Any, lines: list[str]) -> int | None:
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



def lines_of(text: str) -> list[str] | None:
    """The text's lines as YAML counts them, or None if splitting at "\n" would miscount
    (a CR alone, or a Unicode line break); a line of a CRLF file keeps its CR."""
    if any(c in text for c in _OTHER_LINE_BREAKS) or text.count("\r") != text.count("\r\n"):
        return None
    return text.split("\n")
