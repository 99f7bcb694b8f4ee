"""A project's settings: `briefbook.toml`, or `[tool.briefbook]` in `pyproject.toml`.

The file is looked for from the working folder upwards, as Ruff, Black and pytest look for
theirs; the first folder holding either file wins, `briefbook.toml` before `pyproject.toml`
(a `pyproject.toml` without a `[tool.briefbook]` table is passed over). Paths in it are
relative to its folder. Command-line options override it.

tomllib gives values but no positions, and briefbook reports every bad key at its
`path:line:column`. So the key's line is found by scanning the file's text for the key
within its table: enough for these few flat keys, where a full position-keeping TOML
parser would be one more dependency for a dozen lines of settings.

The values are checked here too, not by pydantic: seven flat keys of four kinds, and every
command reads the settings first, a build with nothing to do included (stamp.py), which
must be done in a tenth of a second; importing pydantic and building one model for them
took about as long as all the rest of such a build.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from .files import shown
from .problems import BriefbookError, Mark, Problem, did_you_mean

NAME = "briefbook.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "briefbook")  # where pyproject.toml holds them
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Settings:
    """The settings, as the file gives them (paths not yet resolved); every key optional."""

    briefings: str = "briefings"  # the folder that holds the briefings
    out: str = "site"  # the output folder of build, pdf, serve and clean
    cache: str = ".briefbook-cache"  # the build cache's folder, a subfolder per output folder
    paper: str = "a4"  # paper size of the PDFs, one of PAPERS
    site_url: str | None = None  # the public URL: canonical links, sharing cards, sitemap.xml
    drafts: bool = False  # whether build and pdf build the drafts too
    pdf: bool = True  # whether build writes each briefing's PDF with the site


KEYS = tuple(field.name for field in fields(Settings))


def is_http_url(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_path(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _is_flag(value: object) -> bool:
    return isinstance(value, bool)


_PATH, _FLAG = "must be a folder's path, as a string", "must be true or false"
# Each key's test of its value, and what the value must be when the test fails.
_RULES = {
    "briefings": (_is_path, _PATH),
    "out": (_is_path, _PATH),
    "cache": (_is_path, _PATH),
    "paper": (lambda value: value in PAPERS, "must be 'a4' or 'letter'"),
    "site_url": (is_http_url, "must be an http:// or https:// URL, such as 'https://example.org/briefings/'"),
    "drafts": (_is_flag, _FLAG),
    "pdf": (_is_flag, _FLAG),
}


@dataclass(frozen=True)
class Found:
    """Settings read from a file, with their paths made relative to the working folder."""

    path: Path | None  # None: no settings file, the defaults
    settings: Settings

    def folder(self, key: str) -> Path:
        """The folder a path setting names, as the working folder sees it."""
        value = Path(getattr(self.settings, key))
        base = self.path.parent if self.path else Path(".")
        return Path(os.path.relpath(base / value)) if not value.is_absolute() else value


def defaults(found: Found) -> dict[str, dict]:
    """The settings as Click's default_map: each command's defaults, by parameter name, which
    an option given on the command line overrides."""
    s, out = found.settings, found.folder("out")
    return {
        "build": {"out": out, "paper": s.paper, "with_pdf": s.pdf, "with_drafts": s.drafts, "site_url": s.site_url},
        "pdf": {"out": out, "paper": s.paper, "with_drafts": s.drafts},
        "serve": {"out": out, "paper": s.paper},
        "clean": {"out": out},
        "new": {"root": found.folder("briefings")},
    }


def find(start: Path) -> tuple[Path, tuple[str, ...]] | None:
    """The settings file that applies in `start`, and the table its keys are in."""
    for folder in (start, *start.parents):
        if (folder / NAME).is_file():
            return folder / NAME, ()
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and re.search(r"(?m)^\s*\[\s*tool\s*\.\s*briefbook\s*\]", _text(pyproject)):
            return pyproject, TABLE
    return None


def load(start: Path | None = None) -> Found:
    """The settings that apply in `start` (the working folder); raises BriefbookError,
    with every bad key and value at its position, if the file has any."""
    found = find((start or Path.cwd()).absolute())
    if found is None:
        return Found(None, Settings())
    path, table = found
    text = _text(path)
    where = shown(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise BriefbookError([_syntax(err, text, where)]) from None
    for name in table:
        data = data.get(name, {})
    problems = _problems(data, text, table, where)
    if problems:
        raise BriefbookError(sorted(problems, key=Problem.sort_key))
    return Found(path, Settings(**data))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _syntax(err: tomllib.TOMLDecodeError, text: str, where: str) -> Problem:
    at = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
    message = re.sub(r"\s*\(at [^)]*\)$", "", str(err))
    line, column = (int(at[1]), int(at[2])) if at else (text.count("\n") + 1, 1)
    return Problem(Mark(where, line, column), "error", f"TOML syntax error: {message}")


def _problems(data: dict, text: str, table: tuple[str, ...], where: str) -> list[Problem]:
    problems = []
    for key, value in data.items():
        if key not in _RULES:
            line, column, _ = position(text, table, key)
            hint = did_you_mean(key, KEYS) or f"known keys: {', '.join(KEYS)}"
            problems.append(Problem(Mark(where, line, column), "error", f"unknown key '{key}'", hint))
            continue
        valid, expected = _RULES[key]
        if not valid(value):
            line, _, column = position(text, table, key)
            problems.append(Problem(Mark(where, line, column), "error", f"`{key}` {expected}, not {_shown(value)}"))
    return problems


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?")


def position(text: str, table: tuple[str, ...], key: str) -> tuple[int, int, int]:
    """The 1-based line of `key` within `table` (the root table: ()), and the columns of the
    key and of its value; the table's header line (or line 1) when the key is not found.
    A key is `key =`, `"key" =` or `'key' =` at the start of its line; a key that is itself
    a table is found by its header, `[table.key]`."""
    current, header_line = (), 1
    pattern = re.compile(rf"""^(\s*)(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=\s*""")
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = tuple(part.strip().strip("\"'") for part in header[1].split("."))
            if current == table:
                header_line = number
            if current == (*table, key):
                return number, len(header[0]) - len(header[0].lstrip()) + 1, 1
            continue
        found = pattern.match(line) if current == table else None
        if found:
            return number, len(found[1]) + 1, found.end() + 1
    return header_line, 1, 1


TEMPLATE = '''\
# briefbook's settings for this project. Every key is optional: the value shown is the
# default. Paths are relative to this file's folder; options on the command line win.

# The folder that holds the briefings (one folder per briefing, each with briefing.yml).
briefings = "briefings"

# Where build, pdf and serve write the site, and whose cache clean removes.
out = "site"

# The build cache: a subfolder per output folder, removed by `briefbook clean`. Only a
# shortcut: a build without it is slower, never different.
cache = ".briefbook-cache"

# Paper size of the PDFs: "a4" or "letter".
paper = "a4"

# Whether build writes each briefing's PDF beside its pages (--pdf / --no-pdf).
pdf = true

# Whether build and pdf also build the drafts, marked DRAFT (--drafts).
drafts = false

# The site's public address, http:// or https:// (--site-url). When set, pages carry
# canonical links and sharing cards, and build writes sitemap.xml; unset, every link is
# relative and the site works from file://.
# site_url = "https://example.org/briefings/"
'''


def init(folder: Path) -> Path:
    """Write a commented briefbook.toml into `folder`; FileExistsError if there is one."""
    path = folder / NAME
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(TEMPLATE)
    return path
