"""Stage 1, load: read a briefing folder's files safely and parse YAML with positions.

The YAML is built from PyYAML's event stream rather than its constructor so that we
keep every node's line and column, catch duplicate keys (PyYAML keeps the last one
silently), refuse aliases (no alias bombs), bound nesting (libyaml's composer recurses
in C and can crash the interpreter) and read every scalar as text, leaving types to the
model (no `yes` turning into True, no `2024-01` turning into something else).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import yaml

from .plural import count
from .problems import Mark, Position, Problems, Where

MAX_FACT_FILE_BYTES = 32 * 1024 * 1024
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
AT = "@at"  # key under which each mapping carries its marks (a Where) into the model

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
# Characters that HTML, XML (Atom) and iCalendar cannot carry or that mean nothing in text:
# controls other than tab and line breaks, lone surrogates and the Unicode non-characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
MAX_REPORTED = 10  # forbidden characters reported per file; the rest are counted
# The same test, fast: a class of the BMP's ranges is a table lookup per character, while the
# astral non-characters make the full class a list to walk; most texts have no astral
# character at all, and only those that do need the full class.
_FORBIDDEN_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# In ASCII text only these can be: deleting them from its bytes is one pass in C, against a
# regular expression's step per character (a large fact file is mostly ASCII).
_ASCII_FORBIDDEN = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def has_forbidden(text: str) -> bool:
    """Whether the text holds a character of FORBIDDEN (a quick test before finding them)."""
    if text.isascii():  # known to the string itself: no scan
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_FORBIDDEN)) != len(data)
    return bool(_FORBIDDEN_BMP.search(text)) or (_ASTRAL.search(text) is not None and FORBIDDEN.search(text) is not None)


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the working folder, with slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return PurePosixPath(Path(rel)).as_posix()


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


def read_bytes(path: Path, limit: int, problems: Problems, at: Mark) -> bytes | None:
    """The file's bytes, or None with a problem recorded at `at` (missing, too large, unreadable,
    or not a regular file: a named pipe would block for ever and a device never end)."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it changes nothing for files.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        problems.error(at, f"file not found: {shown(path)}")
        return None
    except ValueError:  # a NUL character in the path
        problems.error(at, "the path holds a NUL character")
        return None
    except OSError as err:
        problems.error(at, f"cannot read {shown(path)}: {err.strerror}")
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                problems.error(at, f"{shown(path)} is a folder, not a file")
                return None
            if not stat.S_ISREG(info.st_mode):
                problems.error(at, f"{shown(path)} is not a regular file (it is {_kind(info.st_mode)})", "store the text itself as a file")
                return None
            data = handle.read(limit + 1)  # at most: the file may grow while it is read
        except OSError as err:
            problems.error(at, f"cannot read {shown(path)}: {err.strerror}")
            return None
    if len(data) > limit:
        size = max(len(data), info.st_size)
        problems.error(at, f"{shown(path)} is {size:,} bytes; the limit is {limit:,}")
        return None
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def decode(raw: bytes, path: Path, problems: Problems) -> str | None:
    """UTF-8 text (a BOM is allowed), or None with the position of the first bad byte, or of
    each character that no page, feed or calendar could carry (see FORBIDDEN)."""
    try:
        text = raw.decode("utf-8-sig")
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
    if not has_forbidden(text):
        return text
    found = list(FORBIDDEN.finditer(text))
    for match in found[:MAX_REPORTED]:
        before = text[: match.start()]
        at = Mark(shown(path), before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)
        problems.error(at, f"character {_name(match[0])} is not allowed", "remove it: pages, feeds and calendars cannot carry it")
    if len(found) > MAX_REPORTED:
        more = len(found) - MAX_REPORTED
        problems.error(Mark(shown(path)), f"{count(more, 'more character')} that {'is' if more == 1 else 'are'} not allowed")
    return None


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` resolved under `folder`, or None if it would escape it (.., absolute, symlink)."""
    if not relative or os.path.isabs(relative) or "\\" in relative or "\0" in relative:
        return None
    target = (folder / relative).resolve()
    root = folder.resolve()
    return target if target == root or root in target.parents else None


def load_yaml(path: Path, problems: Problems) -> YamlFile | None:
    """Parse one fact file; every problem is recorded with its position, none raised."""
    text = read_text(path, problems)
    return None if text is None else parse_yaml(text, Mark(shown(path)), problems)


def read_text(path: Path, problems: Problems) -> str | None:
    """A fact file's text, or None with the problem recorded (missing, too large, not UTF-8)."""
    raw = read_bytes(path, MAX_FACT_FILE_BYTES, problems, Mark(shown(path)))
    return None if raw is None else decode(raw, path, problems)


def parse_yaml(text: str, mark: Mark, problems: Problems, first_line: int = 0) -> YamlFile | None:
    """Parse YAML text shown to the user as `mark.path`; `first_line` is the 0-based line
    of the file that the text starts at, when it is a stretch of a larger file."""
    try:
        return _Builder(mark, problems, first_line).build(text)
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

    def __init__(self, mark: Mark, problems: Problems, first_line: int = 0) -> None:
        self.path = mark.path
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
        names = ", ".join(_name(c) for c in chars[:MAX_REPORTED])
        self.problems.error(Mark(self.path, *self.position(event)), f"text holds character{'s' if len(chars) > 1 else ''} {names}, not allowed", "remove the escape: pages, feeds and calendars cannot carry it")
        return FORBIDDEN.sub("", event.value)  # so that later checks see no NUL in a path

    def position(self, event) -> Position:
        # run() and start() spell this out: they run for every node, and a call costs.
        return (event.start_mark.line + self.first_line, event.start_mark.column + 1)

    def start(self, event) -> None:
        position = (event.start_mark.line + self.first_line, event.start_mark.column + 1)
        if len(self.stack) >= MAX_DEPTH:
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
