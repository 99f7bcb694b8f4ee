"""`briefbook add-source`: a document stored under `documents/`, its entry appended to `sources.yml`.

It appends text rather than rewriting the YAML, so the analyst's comments and layout
survive, and re-reads the result to make sure the entry means what was meant (ruamel.yaml's
round trip keeps the example files byte for byte only when told their exact indentation,
and re-indents the whole of any file written otherwise; appending changes none). Everything
is checked before anything changes, and sources.yml is written beside itself and swapped in
with an atomic rename, so an interrupted or refused command leaves every file as it was.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .files import MAX_DOCUMENT_BYTES, decode, inside, read_bytes, shown
from .load import AT, YamlFile, load_yaml, parse_yaml
from .model import Source, SourceKind, slugify
from .problems import Mark, Problems
from .scaffold import DOCUMENTS, SOURCES, BadValue, Refused, check_id, schema_dir, template
from .schema import modeline
from .write import stage_file
from .yaml_text import scalar, without_positions

_OPTION_MESSAGES = {
    "url": "must be an http:// or https:// URL",
    "language": "must be a BCP 47 language tag such as 'en' or 'fa-IR'",
}


@dataclass(frozen=True)
class AddedSource:
    """What `add-source` did."""

    folder: Path
    id: str
    document: str  # relative to the briefing folder
    sha256: str
    copied: bool  # False when the identical file was already stored there
    line: int  # where the entry starts in sources.yml
    missing: tuple[str, ...]  # required keys left for the analyst to fill in

    def report(self) -> str:
        where, sources = shown(self.folder), shown(self.folder / SOURCES)
        stored = "stored" if self.copied else "already stored:"
        lines = [
            f"{stored} {shown(self.folder / self.document)} (sha256 {self.sha256})",
            f"added source '{self.id}' to {sources} at line {self.line}",
        ]
        if self.missing:
            lines.append(f"next: fill in {' and '.join(self.missing)} in {sources} line {self.line}, then run")
        else:
            lines.append(f"next: cite it from the facts (source: {self.id}), then run")
        lines.append(f"  briefbook check {where}")
        return "\n".join(lines)


def add_source(
    folder: Path,
    file: Path,
    *,
    source_id: str | None = None,
    kind: str | None = None,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    publisher: str | None = None,
    language: str = "en",
) -> AddedSource:
    """Store `file` under folder/documents/ and append its source entry to folder/sources.yml.

    Keys the options leave open are written as comments, and the required ones among them
    (title, published) are missing until the analyst fills them in, so `briefbook check`
    names them. Refused, with nothing changed: a folder without briefing.yml, a file that is
    not UTF-8 text or is too large, a different file already stored under the same name, a
    duplicate id, and a sources.yml that has errors or cannot be appended to.
    """
    if not (folder / "briefing.yml").is_file():
        raise BadValue("BRIEFING_DIR", f"{shown(folder)} has no briefing.yml", "give a briefing folder, such as one made by `briefbook new`")
    source_id = source_id or _id_from(file)
    check_id(source_id, "--id", "source id")
    relative = f"{DOCUMENTS}/{file.name}"
    values = _source_values(source_id, kind, title, publisher, published, url, language, relative)
    raw = _read_document(file)
    values["sha256"] = hashlib.sha256(raw).hexdigest()
    target = inside(folder, relative)
    if target is None:
        raise Refused(f"cannot store {file.name} under {DOCUMENTS}/", "rename the file: its name may not contain a backslash")
    try:
        copied, line = _store_and_append(folder, target, raw, values)
    except OSError as err:
        raise Refused(f"cannot add {file.name} to {shown(folder)}: {err.strerror or err}") from None
    missing = tuple(key for key in ("title", "published") if key not in values)
    return AddedSource(folder, source_id, relative, values["sha256"], copied, line, missing)


def _store_and_append(folder: Path, target: Path, raw: bytes, values: dict[str, str]) -> tuple[bool, int]:
    """Store the document (unless it is there already) and append the entry; returns whether
    the document was copied and the entry's line. sources.yml is written and checked before
    the document is stored, and swapped in last; whatever was created is removed on failure."""
    copy = _needs_copy(target, raw, folder)
    path = folder / SOURCES
    current = path.read_bytes() if path.exists() else f"{modeline(SOURCES, schema_dir(folder))}\n{template(SOURCES)}".encode()
    problems = Problems()
    parsed = load_yaml(path, problems) if path.exists() else parse_yaml(current.decode(), Mark(shown(path)), problems)
    items = _existing_items(parsed, problems, path)
    _refuse_duplicates(items, values["id"], values["document"], path)
    updated = _append(current, parsed, _entry(values, _indentation(parsed, current)))

    staged = stage_file(path, updated)
    created: list[Path] = []
    try:
        line = _verify(staged, parsed, values, path)
        if copy:
            created = _store(target, raw)
        os.replace(staged, path)
    except BaseException:
        for made in reversed(created):  # leave the folder as it was
            made.rmdir() if made.is_dir() else made.unlink()
        raise
    finally:
        staged.unlink(missing_ok=True)
    return copy, line


def _id_from(file: Path) -> str:
    """The default source id: the file's name without its extension, as an id."""
    slug = slugify(file.stem)
    if not slug:
        raise BadValue("--id", f"cannot make a source id from the file name '{file.name}'", "give one with --id")
    return slug


def _source_values(source_id, kind, title, publisher, published, url, language, document) -> dict[str, str]:
    """The entry's values, checked against the model; a bad one is a usage error naming its option."""
    values = {"id": source_id, "kind": kind, "title": title, "publisher": publisher, "published": published, "url": url, "language": language, "document": document}
    values = {key: value.strip() for key, value in values.items() if value is not None}
    candidate = {"title": "-", "published": "2000", "sha256": "0" * 64, **values}  # stand-ins for what is left open
    try:
        Source.model_validate(candidate)
    except ValidationError as err:
        error = err.errors()[0]
        key = str(error["loc"][0])
        if error["type"] == "string_too_short":
            message = "must not be empty"
        elif error["type"] == "string_pattern_mismatch" and key in _OPTION_MESSAGES:
            message = f"'{candidate[key]}' {_OPTION_MESSAGES[key]}"
        else:
            message = error["msg"].removeprefix("Value error, ")
        raise BadValue(f"--{key}", message) from None
    return values


def _read_document(file: Path) -> bytes:
    """The file's bytes, if it is UTF-8 text within the size limit for documents."""
    problems = Problems()
    raw = read_bytes(file, MAX_DOCUMENT_BYTES, problems, Mark(shown(file)))
    if raw is not None and decode(raw, file, problems) is not None:
        return raw
    problem = problems.sorted()[0]
    hint = "briefbook stores documents as UTF-8 text: convert the file (from PDF or HTML, say) to text first" if "UTF-8" in problem.message else problem.hint
    raise Refused(f"{problem.mark}: {problem.message}", hint)


def _needs_copy(target: Path, raw: bytes, folder: Path) -> bool:
    """Whether `target` must be written: False if it already holds these bytes; refused if it
    holds others."""
    if not target.exists():
        return True
    if target.is_file() and target.read_bytes() == raw:
        return False
    raise Refused(
        f"{shown(target)} already exists and differs from the file given",
        f"a stored document is never overwritten: rename the file, or if the document itself changed, replace it by hand and record its new sha256 in {shown(folder / SOURCES)}",
    )


def _existing_items(parsed: YamlFile | None, problems: Problems, path: Path) -> list:
    """The items of sources.yml's list, if the file is one that an entry can be appended to."""
    if parsed is None:
        listed = "\n".join(str(p) for p in problems.sorted())
        raise Refused(f"{shown(path)} has errors; fix them, then add the source:\n{listed}")
    data = parsed.data
    if data is None:
        return []
    if not isinstance(data, dict):
        raise Refused(f"{shown(path)} does not hold a mapping with the key 'sources'", "fix it first, then add the source")
    items = data.get("sources")
    if items is None or items == "":  # `sources:` with nothing after it
        return []
    if not isinstance(items, list):
        raise Refused(f"'sources' in {shown(path)} is not a list", "write its items on lines starting with '- ', then add the source")
    return items


def _refuse_duplicates(items: list, source_id: str, document: str, path: Path) -> None:
    """Refuse an id that a source has already, and a document that already has a source."""
    for item in items:
        if not isinstance(item, dict):
            continue
        line = item[AT].mark.line
        if item.get("id") == source_id:
            raise Refused(f"{shown(path)} already has a source with the id '{source_id}' (line {line})", "choose another id with --id")
        if item.get("document") == document:
            raise Refused(f"{document} is already the document of source '{item.get('id')}' ({shown(path)} line {line})", "a document needs only one source entry")


def _indentation(parsed: YamlFile, text: bytes) -> tuple[int, int]:
    """(column of the dash, column of the keys) of the list's first item, 0-based; the example
    briefing's layout when the list is empty."""
    data = parsed.data
    positions = data[AT].items.get("sources") if isinstance(data, dict) else None
    if positions:
        line, column = positions[0]
        prefix = text.decode("utf-8-sig").splitlines()[line - 1][: column - 1]
        if prefix.rstrip().endswith("-") and not prefix.strip("- "):
            return len(prefix.rstrip()) - 1, column - 1
    return 2, 4


_OPEN_KEYS = {  # what a key that the options left open takes, said beside it
    "kind": "or statement, report, transcript, social-media-post, other",
    "title": "required: the headline; where there is none, a [descriptive title]",
    "publisher": "who published it, as the document names them; leave out if it does not say",
    "published": "required: the publication date, in EDTF (2024-02-24, 2024-02, 2024)",
    "url": "where it was published (http:// or https://)",
}
_ENTRY_KEYS = ("id", "kind", "title", "publisher", "published", "url", "language", "document", "sha256")


def _entry(values: dict[str, str], indentation: tuple[int, int]) -> list[str]:
    """The entry's lines. A key left open gets a comment saying what it takes: `kind` keeps its
    default, the others stay commented out, so that `check` names the required ones as missing."""
    dash, keys = indentation
    lines = []
    for key in _ENTRY_KEYS:
        if key in values:
            lines.append(f"{key}: {scalar(values[key])}")
        elif key == "kind":
            lines.append(f"{'kind: ' + SourceKind.news_article.value:<18}  # {_OPEN_KEYS[key]}")
        else:
            lines.append(f"{'# ' + key + ':':<18}  # {_OPEN_KEYS[key]}")
    first = " " * dash + "-" + " " * (keys - dash - 1) + lines[0]
    return [first, *(" " * keys + line for line in lines[1:])]


def _append(current: bytes, parsed: YamlFile, entry: list[str]) -> bytes:
    """sources.yml with the entry added at its end, after a blank line, in the file's line endings."""
    newline = "\r\n" if b"\r\n" in current else "\n"
    text = current
    if text and not text.endswith(b"\n"):
        text += newline.encode()
    data = parsed.data
    head = [] if isinstance(data, dict) and "sources" in data else ["sources:"]
    separator = [] if not text.strip() or text.endswith(2 * newline.encode()) else [""]
    return text + newline.join([*separator, *head, *entry, ""]).encode()


def _verify(staged: Path, before: YamlFile, values: dict[str, str], path: Path) -> int:
    """The line of the new entry, once the appended file is known to read as the old one with
    exactly this entry added at the end of its list (comments and layout can hide surprises:
    another key after the list, a flow-style list, a block scalar that keeps trailing lines)."""
    after = load_yaml(staged, Problems())
    expected = without_positions(before.data) or {}
    expected["sources"] = [*(expected.get("sources") or []), {"kind": SourceKind.news_article.value, **values}]
    if after is None or without_positions(after.data) != expected:
        raise Refused(
            f"cannot append the entry to {shown(path)}: the list 'sources' must be the file's last key, written with one item per '- ' line",
            "move the list to the end of the file, or add the entry by hand",
        )
    return after.data[AT].items["sources"][-1][0]


def _store(target: Path, data: bytes) -> list[Path]:
    """Write a document atomically; returns what was created (the folder too, if it was)."""
    created = []
    if not target.parent.exists():
        target.parent.mkdir()
        created.append(target.parent)
    os.replace(stage_file(target, data), target)
    created.append(target)
    return created
