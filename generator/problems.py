"""Problems found in fact files: plain data, reported all at once like a compiler's."""

from __future__ import annotations

import difflib
from array import array
from itertools import chain
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator, Literal

from .plural import count

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Mark:
    """Where a YAML node starts: the file as shown to the user, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


Position = tuple[int, int]  # 1-based line and column, cheap to store for every node


@dataclass(slots=True, eq=False)
class Where:
    """Where a YAML mapping, its keys, the values under them and their list items were written."""

    path: str
    at: Position
    keys: dict[str, Position]
    values: dict[str, Position]
    items: dict[str, list[Position]]  # per key holding a list: each item's position

    @property
    def mark(self) -> Mark:
        return Mark(self.path, *self.at)

    def of(self, key: str | None = None, index: int | None = None, *, of_key: bool = False) -> Mark:
        """The mark of this mapping, of the value (or key) under `key`, or of item `index` of that list."""
        if key is None:
            return self.mark
        if index is not None and index < len(self.items.get(key, ())):
            return Mark(self.path, *self.items[key][index])
        position = (self.keys if of_key else self.values).get(key)
        return Mark(self.path, *position) if position else self.mark

    def shift(self, lines: int) -> None:
        """Move every position down by `lines` (up, if negative): the text above was edited."""
        self.at = (self.at[0] + lines, self.at[1])
        self.keys = {k: (line + lines, column) for k, (line, column) in self.keys.items()}
        self.values = {k: (line + lines, column) for k, (line, column) in self.values.items()}
        self.items = {k: [(line + lines, column) for line, column in positions] for k, positions in self.items.items()}

    def __reduce__(self) -> tuple:
        """Pickled packed (see Packed): the positions of a large briefing's facts, as dicts of
        tuples, were two fifths of its model's memory and a third of a rebuild's unpickling."""
        return (_packed, _pack(self.path, self.at, self.keys, self.values, self.items))


def bare(where: Where) -> tuple:
    """A Where's reduction for a pickle of the model to render (model/briefing.py): its own
    position alone, as a Packed with no key's position, so that every mark falls back to it."""
    return (_packed, (where.path, where.at[0], where.at[1], _BARE, array("i", where.at).tobytes(), 0))


_SEP, _PART, _COUNT = "\x01", "\x02", "\x03"  # in no key: the loader refuses such characters
_BARE = _PART * 2  # the shape of a mapping with no key's position: see _pack


class _Layout:
    """The key names of the positions of one kind of mapping, and where each is in the numbers."""

    __slots__ = ("shape", "keys", "values", "items")

    def __init__(self, shape: str) -> None:
        self.shape = shape
        keys, values, items = shape.split(_PART)
        at = 2  # the numbers start with the mapping's own line and column
        self.keys: dict[str, int] = {}
        for name in filter(None, keys.split(_SEP)):
            self.keys[name], at = at, at + 2
        self.values: dict[str, int] = {}
        for name in filter(None, values.split(_SEP)):
            self.values[name], at = at, at + 2
        self.items: dict[str, tuple[int, int]] = {}
        for part in filter(None, items.split(_SEP)):
            name, n = part.split(_COUNT)
            self.items[name], at = (at, int(n)), at + 2 * int(n)


_LAYOUTS: dict[str, _Layout] = {}
_chained = chain.from_iterable  # by shape: a few hundred kinds of mapping in a briefing


def _pack(path: str, at: Position, keys: dict, values: dict, items: dict, moved: int = 0) -> tuple:
    # Run for every mapping of a fact file when its items are saved: spelt out for speed.
    if items:
        flat = [*at, *_chained(keys.values()), *_chained(values.values()), *_chained(_chained(items.values()))]
        shape = f"{_SEP.join(keys)}{_PART}{_SEP.join(values)}{_PART}{_SEP.join([f'{k}{_COUNT}{len(v)}' for k, v in items.items()])}"
    else:
        flat = [*at, *_chained(keys.values()), *_chained(values.values())]
        shape = f"{_SEP.join(keys)}{_PART}{_SEP.join(values)}{_PART}"
    return (path, at[0] + moved, at[1], shape, array("i", flat).tobytes(), moved)


def _packed(path: str, line: int, column: int, shape: str, numbers: bytes, moved: int) -> Packed:
    packed = Packed.__new__(Packed)
    layout = _LAYOUTS.get(shape)
    if layout is None:
        layout = _LAYOUTS[shape] = _Layout(shape)
    packed.path, packed.line, packed.column, packed.layout, packed.numbers, packed.moved = path, line, column, layout, numbers, moved
    return packed


class Packed:
    """A Where as unpickled: the same positions and marks, kept as the bytes of one array of
    numbers with a layout of key names shared by every mapping of the same shape, and read
    only when a mark is asked for (when a problem is reported). A move down the file adds to
    `moved` instead of rewriting every position."""

    __slots__ = ("path", "line", "column", "layout", "numbers", "moved")
    path: str
    line: int  # the mapping's own line, moved
    column: int
    layout: _Layout
    numbers: bytes  # line and column of the mapping, its keys, its values, its list items, as pickled
    moved: int  # lines to add to each line of `numbers`

    @property
    def at(self) -> Position:
        return (self.line, self.column)

    @property
    def mark(self) -> Mark:
        return Mark(self.path, self.line, self.column)

    def _position(self, offset: int) -> Position:
        line, column = memoryview(self.numbers).cast("i")[offset : offset + 2]
        return (line + self.moved, column)

    def of(self, key: str | None = None, index: int | None = None, *, of_key: bool = False) -> Mark:
        """As Where.of."""
        if key is None:
            return self.mark
        layout = self.layout
        if index is not None and key in layout.items and index < layout.items[key][1]:
            return Mark(self.path, *self._position(layout.items[key][0] + 2 * index))
        offset = (layout.keys if of_key else layout.values).get(key)
        return Mark(self.path, *self._position(offset)) if offset is not None else self.mark

    def shift(self, lines: int) -> None:
        self.line += lines
        self.moved += lines

    @property
    def keys(self) -> dict[str, Position]:
        return {k: self._position(offset) for k, offset in self.layout.keys.items()}

    @property
    def values(self) -> dict[str, Position]:
        return {k: self._position(offset) for k, offset in self.layout.values.items()}

    @property
    def items(self) -> dict[str, list[Position]]:
        return {k: [self._position(at + 2 * i) for i in range(n)] for k, (at, n) in self.layout.items.items()}

    def __reduce__(self) -> tuple:
        return (_packed, (self.path, self.line, self.column, self.layout.shape, self.numbers, self.moved))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, with the place to fix it."""

    mark: Mark
    severity: Severity
    message: str
    hint: str | None = None
    follows: Mark | None = None  # the problem this one follows from (a root cause), listed right after it

    def __str__(self) -> str:
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.mark}: {self.severity}: {self.message}{hint}"

    def sort_key(self) -> tuple:
        """In file order, except that a problem that follows from another comes right after it."""
        if self.follows is None:
            return (self.mark, 0, self.severity, self.message, self.hint or "")
        return (self.follows, 1, self.mark, self.severity, self.message, self.hint or "")

    def shifted(self, lines: int) -> Problem:
        """The same problem, `lines` further down its file (a problem of one item, which follows from none)."""
        mark = self.mark
        return Problem(Mark(mark.path, mark.line + lines, mark.column), self.severity, self.message, self.hint, self.follows)

    def as_json(self) -> dict:
        follows = str(self.follows) if self.follows else None
        return {**asdict(self.mark), "severity": self.severity, "message": self.message, "hint": self.hint, "follows": follows}


class Problems:
    """A collector that each pipeline stage appends to; nothing stops at the first error."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, mark: Mark, message: str, hint: str | None = None, follows: Mark | None = None) -> None:
        """An error at `mark`; `follows` marks the root problem it is a consequence of."""
        self._items.append(Problem(mark, "error", message, hint, follows))

    def warning(self, mark: Mark, message: str, hint: str | None = None, follows: Mark | None = None) -> None:
        self._items.append(Problem(mark, "warning", message, hint, follows))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def since(self, count: int) -> list[Problem]:
        """The problems recorded after the first `count` (what one step added)."""
        return self._items[count:]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self._items)

    def sorted(self) -> list[Problem]:
        """Stable order: by file, line, column, then severity and message, each problem that follows
        from another right after that one; duplicates dropped. The hint is in the key too, so
        that problems differing only in their hints come out in one order whatever order
        they were found in."""
        return sorted(dict.fromkeys(self._items), key=Problem.sort_key)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)


class BriefbookError(Exception):
    """Raised by the core when input is invalid; adapters turn it into messages and an exit code."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(count(sum(p.severity == "error" for p in problems), "error"))
        self.problems = problems


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known spelling, if any is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def summary(problems: list[Problem]) -> str:
    """The count line that ends a report: "2 errors, 1 warning"."""
    errors = sum(p.severity == "error" for p in problems)
    return f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"


def format_text(problems: list[Problem], line: Callable[[Problem], str] = str) -> str:
    """Every problem on its line (as `line` writes it: the CLI adds colour), then the count."""
    return "\n".join([*(line(p) for p in problems), summary(problems)])
