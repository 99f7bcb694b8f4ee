"""Scaffolding for analysts: `briefbook new` and `briefbook add-source`.

`new` makes a briefing folder of commented example fact files (from `templates/scaffold/`)
that `briefbook check` reports, key by key, until the analyst has filled them in.
`add-source` stores a document under `documents/` and appends its entry, checksum included,
to `sources.yml` (add_source.py, which shares this module's refusals and templates).

Both commands check everything before they change anything, and write each file (or the
new folder) beside its target and swap it in with an atomic rename, so an interrupted or
refused command leaves every file as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .files import shown
from .model import FILES, ID_PATTERN, slugify
from .schema import modeline
from .site_root import RESERVED_SLUGS

DOCUMENTS = "documents"
SOURCES = "sources.yml"
DOCUMENTS_README = "README.md"  # keeps the empty documents/ folder in git, and says what goes there


class Refused(Exception):
    """A command declined to act and changed nothing; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class BadValue(Refused):
    """A command-line value is invalid (a usage error); `param` names the argument or option."""

    def __init__(self, param: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.param = param


def check_id(value: str, param: str, what: str) -> None:
    """Refuse, as a usage error with a suggestion, a value that is not a valid id."""
    if not re.fullmatch(ID_PATTERN, value):
        suggestion = slugify(value)
        raise BadValue(param, f"'{value}' is not a valid {what}: use lowercase letters, digits and hyphens", f"try '{suggestion}'" if suggestion else None)


def template(name: str) -> str:
    from .render import templates_dir  # the one place that knows where templates are installed

    return (templates_dir() / "scaffold" / name).read_text(encoding="utf-8")


def schema_dir(folder: Path) -> str:
    """The schema folder as a briefing folder's modelines should name it, relative to the folder:
    the nearest `schema/` holding briefbook's schemas above it, else the `schema/` that
    `briefbook schema` writes from the working folder."""
    folder = Path(os.path.abspath(folder))
    found = next((p / "schema" for p in folder.parents if (p / "schema" / "sources.schema.json").is_file()), None)
    target = found or Path.cwd() / "schema"
    try:
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_uri()


# --- briefbook new ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewBriefing:
    """What `new` made."""

    folder: Path
    files: tuple[str, ...]

    def report(self) -> str:
        where = shown(self.folder)
        return (
            f"created {where}/ with {', '.join(self.files)} and {DOCUMENTS}/\n"
            f"next: store a source document with\n"
            f"  briefbook add-source {where} FILE\n"
            f"then fill in briefing.yml and actors.yml (their commented examples show how) and run\n"
            f"  briefbook check {where}"
        )


def new(slug: str, root: Path) -> NewBriefing:
    """Make the briefing folder `root/slug` of commented example fact files and an empty
    documents/ folder. The folder is put together beside its place and renamed into it, so
    it appears whole or not at all; an existing folder is refused, never overwritten."""
    check_id(slug, "SLUG", "slug")
    if slug in RESERVED_SLUGS:
        raise BadValue("SLUG", f"'{slug}' cannot be a briefing slug: the site's root has its own '{RESERVED_SLUGS[slug]}'", f"try '{slug}-briefing'")
    folder = root / slug
    if folder.exists() or folder.is_symlink():
        raise Refused(f"{shown(folder)} already exists", "choose another slug, or remove the folder first")
    staging: Path | None = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".new", dir=root))
        os.chmod(staging, 0o755)
        schema = schema_dir(folder)
        for name in FILES:
            (staging / name).write_bytes(f"{modeline(name, schema)}\n{template(name)}".encode())
        (staging / DOCUMENTS).mkdir()
        (staging / DOCUMENTS / DOCUMENTS_README).write_bytes(template("documents-README.md").encode())
        os.rename(staging, folder)  # fails, overwriting nothing, if a folder with files appeared meanwhile
        staging = None
    except OSError as err:
        raise Refused(f"cannot create {shown(folder)}: {err.strerror or err}") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return NewBriefing(folder, tuple(FILES))
