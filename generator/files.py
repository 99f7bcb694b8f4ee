"""Reading a briefing folder's files safely: bounded in size, regular files only, valid UTF-8
without the characters no page, feed or calendar can carry, and paths that stay inside the
folder. Apart from YAML (load.py), so that what needs only these (drafts, settings: every
command, a build with nothing to do included) does not import a YAML parser.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from .plural import count
from .problems import Mark, Problems

MAX_FACT_FILE_BYTES = 32 * 1024 * 1024
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
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
        problems.error(at, f"character {codepoint(match[0])} is not allowed", "remove it: pages, feeds and calendars cannot carry it")
    if len(found) > MAX_REPORTED:
        more = len(found) - MAX_REPORTED
        problems.error(Mark(shown(path)), f"{count(more, 'more character')} that {'is' if more == 1 else 'are'} not allowed")
    return None


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def inside(folder: Path, relative: str) -> Path | None:
    """`relative` resolved under `folder`, or None if it would escape it (.., absolute, symlink)."""
    if not relative or os.path.isabs(relative) or "\\" in relative or "\0" in relative:
        return None
    target = (folder / relative).resolve()
    root = folder.resolve()
    return target if target == root or root in target.parents else None


def read_text(path: Path, problems: Problems) -> str | None:
    """A fact file's text, or None with the problem recorded (missing, too large, not UTF-8)."""
    raw = read_bytes(path, MAX_FACT_FILE_BYTES, problems, Mark(shown(path)))
    return None if raw is None else decode(raw, path, problems)
