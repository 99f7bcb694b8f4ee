"""Stage 1, load: read a briefing folder's files safely and parse YAML with positions.

The YAML is built from PyYAML's event stream rather than its constructor so that we
keep every node's line and column, catch duplicate keys (PyYAML keeps the last one
silently), refuse aliases (no alias bombs), bound nesting (libyaml's composer recurses
in C and can crash the interpreter) and read every scalar as text, leaving types to the
model (no `yes` turning into True, no `2024-01` turning into something else).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .problems import Mark, Problems, Where

MAX_FACT_FILE_BYTES = 32 * 1024 * 1024
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
AT = "@at"  # key under which each mapping carries its marks (a Where) into the model

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the working folder, with slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return PurePosixPath(Path(rel)).as_posix()


@dataclass(slots=True)
class YamlFile:
    """A parsed fact file: plain data plus the position of every node in it."""

    mark: Mark
    data: Any
    values: dict[tuple, Mark] = field(default_factory=dict)
    keys: dict[tuple, Mark] = field(default_factory=dict)

    def locate(self, loc: tuple, *, key: bool = False) -> Mark:
        """The mark of the deepest node along `loc`; parts that are not in the data are skipped."""
        found: tuple = ()
        node = self.data
        for part in loc:
            if isinstance(node, dict) and part in node and part != AT:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                continue  # a union member's name or a missing key
            found = (*found, part)
        if key and found in self.keys:
            return self.keys[found]
        return self.values.get(found, self.mark)


def read_bytes(path: Path, limit: int, problems: Problems, at: Mark) -> bytes | None:
    """The file's bytes, or None with a problem recorded at `at` (missing, too large, unreadable)."""
    try:
        size = path.stat().st_size
        if size > limit:
            problems.error(at, f"{shown(path)} is {size:,} bytes; the limit is {limit:,}")
            return None
        return path.read_bytes()
    except FileNotFoundError:
        problems.error(at, f"file not found: {shown(path)}")
    except IsADirectoryError:
        problems.error(at, f"{shown(path)} is a folder, not a file")
    except OSError as err:
        problems.error(at, f"cannot read {shown(path)}: {err.strerror}")
    return None


def decode(raw: bytes, path: Path, problems: Problems) -> str | None:
    """UTF-8 text (a BOM is allowed), or None with the position of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        problems.error(
            Mark(shown(path), line, column),
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            "save the file as UTF-8",
        )
        return None


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` resolved under `folder`, or None if it would escape it (.., absolute, symlink)."""
    if not relative or os.path.isabs(relative) or "\\" in relative:
        return None
    target = (folder / relative).resolve()
    root = folder.resolve()
    return target if target == root or root in target.parents else None


def load_yaml(path: Path, problems: Problems) -> YamlFile | None:
    """Parse one fact file; every problem is recorded with its position, none raised."""
    mark = Mark(shown(path))
    raw = read_bytes(path, MAX_FACT_FILE_BYTES, problems, mark)
    if raw is None:
        return None
    text = decode(raw, path, problems)
    if text is None:
        return None
    try:
        return _Builder(mark, problems).build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as err:
        where = err.problem_mark or err.context_mark
        at = _mark(mark.path, where) if where else mark
        message = err.problem or err.context or "invalid YAML"
        problems.error(at, f"YAML syntax error: {message}")
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, such as NUL
        before = text[: err.position]
        at = Mark(mark.path, before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1)
        problems.error(at, f"character U+{err.character:04X} is not allowed in YAML" if isinstance(err.character, int) else "character not allowed in YAML")
    except _Refused as err:
        problems.error(err.mark, err.message, err.hint)
    return None


class _Refused(Exception):
    def __init__(self, mark: Mark, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _mark(path: str, pyyaml_mark) -> Mark:
    return Mark(path, pyyaml_mark.line + 1, pyyaml_mark.column + 1)


_SKIP = object()  # pending key of a duplicate: its value is parsed, then dropped


class _Builder:
    """Turns the event stream into dicts, lists, strings and None, iteratively."""

    def __init__(self, mark: Mark, problems: Problems) -> None:
        self.problems = problems
        self.file = YamlFile(mark, None)
        self.stack: list[list] = []  # frames: [container, loc, pending key or None]
        self.documents = 0

    def build(self, events) -> YamlFile:
        for event in events:
            self.handle(event)
        return self.file

    def handle(self, event) -> None:
        at = _mark(self.file.mark.path, event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _Refused(at, "more than one YAML document in the file", "remove the '---' separator")
        elif isinstance(event, yaml.AliasEvent):
            raise _Refused(at, f"aliases are not supported (*{event.anchor})", "write the value out in full")
        elif isinstance(event, yaml.ScalarEvent):
            plain_null = event.implicit[0] and event.style is None and event.value in _NULLS
            self.add(None if plain_null else event.value, at)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise _Refused(at, f"nesting deeper than {MAX_DEPTH} levels")
            container: Any = {AT: Where(at, {})} if isinstance(event, yaml.MappingStartEvent) else []
            loc = self.add(container, at)
            self.stack.append([container, loc, None])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def add(self, value: Any, at: Mark) -> tuple:
        """Place a value in the open container (or as the document) and record its mark."""
        if not self.stack:
            self.file.data = value
            self.file.values[()] = at
            return ()
        frame = self.stack[-1]
        container, loc, key = frame
        if isinstance(container, list):
            index = len(container)
            container.append(value)
            parent = self.stack[-2][0] if len(self.stack) > 1 else None
            if isinstance(parent, dict) and loc:  # let the mapping point at its list's items
                parent[AT].fields[f"{loc[-1]}[{index}]"] = at
            loc = (*loc, index)
        elif key is None:  # this value is a key
            if not isinstance(value, str):
                raise _Refused(at, "mapping keys must be plain text")
            if value in container:
                first = self.file.keys.get((*loc, value), at)
                message = f"duplicate key '{value}' (first at line {first.line})"
                self.problems.error(at, message, "remove one of them; YAML would silently keep the last")
                frame[2] = _SKIP
                return loc
            frame[2] = value
            self.file.keys[(*loc, value)] = at
            return loc
        elif key is _SKIP:
            frame[2] = None
            return (*loc, "<duplicate>")
        else:
            frame[2] = None
            loc = (*loc, key)
            container[key] = value
            container[AT].fields[key] = at
        self.file.values[loc] = at
        return loc
