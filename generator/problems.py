"""Problems found in fact files: plain data, reported all at once like a compiler's."""

from __future__ import annotations

import difflib
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
            return (self.mark, 0, self.severity, self.message)
        return (self.follows, 1, self.mark, self.severity, self.message)

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
        from another right after that one; duplicates dropped."""
        return sorted(set(self._items), key=Problem.sort_key)

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
