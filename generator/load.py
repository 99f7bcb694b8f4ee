"""Stage 1, load: parse a briefing folder's YAML with positions (files.py reads the files).

The YAML is built from PyYAML's event stream rather than its constructor so that we
keep every node's line and column, catch duplicate keys (PyYAML keeps the last one
silently), refuse aliases (no alias bombs), bound nesting (libyaml's composer recurses
in C and can crash the interpreter) and read every scalar as text, leaving types to the
model (no `yes` turning into True, no `2024-01` turning into something else).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .files import FORBIDDEN, MAX_REPORTED, codepoint, has_forbidden, read_text, shown
from .problems import Mark, Position, Problems, Where

MAX_DEPTH = 64
AT = "@at"  # key under which each mapping carries its marks (a Where) into the model

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
@dataclass(slots=True)
class YamlFile:
    """A parsed fact file: plain data whose mappings carry their positions under `AT`."""

    mark: Mark
    data: Any

    def locate(self, loc: tuple, *, key: bool = False) -> Mark:
        """The mark of the deepest node along `loc` (or of its key); parts not in the data are skipped."""
        node, mark = self.data, self.mark
        where: Where | None = None
        last_key = None
        for part in loc:
            if isinstance(node, dict) and part in node and part != AT:
                where, last_key, node = node[AT], part, node[part]
                mark = where.of(part, of_key=key)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if where is not None and last_key is not None:
                    mark = where.of(last_key, part)
                where, last_key, node = None, None, node[part]
            # anything else is a union member's name or a missing key: skip it
            if isinstance(node, dict) and not key:
                mark = node[AT].mark
        return mark


def load_yaml(path: Path, problems: Problems) -> YamlFile | None:
    """Parse one fact file; every problem is recorded with its position, none raised."""
    text = read_text(path, problems)
    return None if text is None else parse_yaml(text, Mark(shown(path)), problems)


def parse_yaml(text: str, mark: Mark, problems: Problems, first_line: int = 0, depth: int = 0) -> YamlFile | None:
    """Parse YAML text shown to the user as `mark.path`; `first_line` is the 0-based line
    of the file that the text starts at, when it is a stretch of a larger file, and `depth`
    how many levels of the file hold the stretch (so nesting is limited as in the file)."""
    try:
        return _Builder(mark, problems, first_line, depth).build(text)
    except yaml.MarkedYAMLError as err:
        where = err.problem_mark or err.context_mark
        at = _mark(mark.path, where, first_line) if where else mark
        message = err.problem or err.context or "invalid YAML"
        problems.error(at, f"YAML syntax error: {message}")
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, such as NUL
        before = text[: err.position]
        at = Mark(mark.path, first_line + before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1)
        problems.error(at, f"character U+{err.character:04X} is not allowed in YAML" if isinstance(err.character, int) else "character not allowed in YAML")
    except _Refused as err:
        problems.error(err.mark, err.message, err.hint)
    return None


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _mark(path: str, pyyaml_mark, first_line: int = 0) -> Mark:
    return Mark(path, first_line + pyyaml_mark.line + 1, pyyaml_mark.column + 1)


_SKIP = object()  # pending key of a duplicate: its value is parsed, then dropped


class _Builder:
    """Turns the event stream into dicts, lists, strings and None, iteratively.

    This loop sees every node of every fact file, so it avoids per-node objects beyond a
    position tuple: it is most of the time `check` spends on a large briefing.
    """

    def __init__(self, mark: Mark, problems: Problems, first_line: int = 0, depth: int = 0) -> None:
        self.path = mark.path
        self.deepest = MAX_DEPTH - depth  # frames the stack may hold
        self.first_line = first_line + 1  # 1-based line of the text's first line
        self.problems = problems
        self.file = YamlFile(mark, None)
        # frames: [container, Where of the mapping holding a list (or None), key in it / pending key]
        self.stack: list[list] = []
        self.documents = 0

    def build(self, text: str) -> YamlFile:
        loader = _Loader(text)
        try:
            self.run(loader.get_event)
        finally:
            loader.dispose()
        return self.file

    def run(self, next_event: Callable[[], Any]) -> None:
        """Consume the events up to the stream's end. Scalars, the nodes nearly every event
        is, are placed here when they are a plain key or a value; `add` places the rest."""
        stack, first_line, add = self.stack, self.first_line, self.add
        while True:
            event = next_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value, style, mark = event.value, event.style, event.start_mark
                if not style:  # plain (libyaml says "", PyYAML None)
                    if value in _NULLS and event.implicit[0]:
                        value = None
                elif style == '"' and not value.isprintable() and has_forbidden(value):  # an escape such as "\0"
                    # (every forbidden character is unprintable: most values pass the first test)
                    value = self.refuse_escapes(event)
                position = (mark.line + first_line, mark.column + 1)
                if stack and type(stack[-1][0]) is dict:
                    frame = stack[-1]
                    container, key = frame[0], frame[2]
                    if key is None:
                        if type(value) is str and value not in container:
                            frame[2] = value
                            container[AT].keys[value] = position
                            continue
                    elif key is not _SKIP:
                        frame[2] = None
                        container[key] = value
                        container[AT].values[key] = position
                        continue
                add(value, position)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event)
            elif kind is yaml.StreamEndEvent:
                return
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.document(event)

    def document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _Refused(Mark(self.path, *self.position(event)), "more than one YAML document in the file", "remove the '---' separator")

    def alias(self, event) -> None:
        raise _Refused(Mark(self.path, *self.position(event)), f"aliases are not supported (*{event.anchor})", "write the value out in full")

    def refuse_escapes(self, event) -> str:
        """Report the characters that escapes put into a double-quoted scalar; the value without them."""
        chars = sorted(set(FORBIDDEN.findall(event.value)))
        names = ", ".join(codepoint(c) for c in chars[:MAX_REPORTED])
        self.problems.error(Mark(self.path, *self.position(event)), f"text holds character{'s' if len(chars) > 1 else ''} {names}, not allowed", "remove the escape: pages, feeds and calendars cannot carry it")
        return FORBIDDEN.sub("", event.value)  # so that later checks see no NUL in a path

    def position(self, event) -> Position:
        # run() and start() spell this out: they run for every node, and a call costs.
        return (event.start_mark.line + self.first_line, event.start_mark.column + 1)

    def start(self, event) -> None:
        position = (event.start_mark.line + self.first_line, event.start_mark.column + 1)
        if len(self.stack) >= self.deepest:
            raise _Refused(Mark(self.path, *position), f"nesting deeper than {MAX_DEPTH} levels")
        if type(event) is yaml.MappingStartEvent:
            container: Any = {AT: Where(self.path, position, {}, {}, {})}
            owner = None
        else:
            container = []
            parent = self.stack[-1] if self.stack else None
            owner = parent[0][AT] if parent and type(parent[0]) is dict and parent[2] not in (None, _SKIP) else None
        key = self.stack[-1][2] if owner is not None else None
        self.add(container, position)
        if owner is not None:
            owner.items[key] = []
        self.stack.append([container, owner, key if owner is not None else None])

    def end(self, event) -> None:
        self.stack.pop()

    def add(self, value: Any, position: Position) -> None:
        """Place a value in the open container (or as the document) and record its position."""
        if not self.stack:
            self.file.data = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is list:
            if frame[1] is not None:  # let the mapping that holds this list point at its items
                frame[1].items[frame[2]].append(position)
            container.append(value)
            return
        key = frame[2]
        where = container[AT]
        if key is None:  # this value is a key
            if type(value) is not str:
                raise _Refused(Mark(self.path, *position), "mapping keys must be plain text")
            if value in container:
                first = where.keys.get(value, position)
                message = f"duplicate key '{value}' (first at line {first[0]})"
                self.problems.error(Mark(self.path, *position), message, "remove one of them; YAML would silently keep the last")
                frame[2] = _SKIP
                return
            frame[2] = value
            where.keys[value] = position
        elif key is _SKIP:
            frame[2] = None
        else:
            frame[2] = None
            container[key] = value
            where.values[key] = position
