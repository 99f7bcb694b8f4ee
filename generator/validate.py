"""Stage 2, model (continued): validate each file, then put a folder together as a Briefing.

Pydantic's errors are rewritten for analysts ("unknown key 'titel'; did you mean
'title'?") and pinned to the YAML node they concern.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from . import model, snapshots
from .dates import Edtf, parse_edtf, part_of_day_in, resolve_wording
from .relative import resolve_against_events
from .files import MAX_DOCUMENT_BYTES, decode, inside, read_bytes, shown
from .load import YamlFile, load_yaml
from .model import FILES, LIST_FILES, REQUIRED_FILES, Briefing, BriefingFile, Document, Fact, When, walk
from .problems import Mark, Problems, did_you_mean
from .listfile import Outcome
from .reread import FactFiles
from .site_root import RESERVED_SLUGS
from .snapshots import Snapshot

M = TypeVar("M", bound=BaseModel)


def _all_keys() -> set[str]:
    keys: set[str] = set()
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, Fact):
            keys.update(info.alias or name for name, info in cls.model_fields.items() if name != "at")
    return keys


KNOWN_KEYS = _all_keys()
_PATTERN_MESSAGES = {
    "sha256": "must be 64 lowercase hexadecimal digits (a SHA-256 digest)",
    "url": "must be an http:// or https:// URL",
    "language": "must be a BCP 47 language tag such as 'en' or 'fa-IR'",
}


def _slug_hint(value: str) -> str:
    slug = model.slugify(value)
    return f"try '{slug}'" if slug else "use lowercase letters, digits and hyphens"


# Keys the format renamed, by (list file key, old key) of a list item: what an old file is told.
_RENAMED = {
    ("claims", "actors"): (
        "`actors` on a claim is now `about`",
        "rename it `about`: the actors the claim concerns (who makes the claim goes in `by`)",
    ),
}


def _describe(error: dict, key: str | None, loc: tuple = ()) -> tuple[str, str | None, bool]:
    """(message, hint, whether to point at the key rather than the value) for one pydantic error."""
    kind, given = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        renamed = _RENAMED.get((loc[0], key)) if len(loc) == 3 else None
        if renamed:
            return (*renamed, True)
        return f"unknown key '{key}'", did_you_mean(str(key), KNOWN_KEYS), True
    if kind == "fact_rule":
        return error["msg"], ctx.get("hint"), True
    if kind == "missing":
        return f"missing required key '{key}'", None, False
    if kind in ("string_type", "str_type"):
        return f"expected text, got {_kind_of(given)}", None, False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping (key: value), got {_kind_of(given)}", None, False
    if kind == "list_type":
        return f"expected a list, got {_kind_of(given)}", "write items on lines starting with '- '", False
    if kind in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return f"'{given}' is not one of: {', '.join(allowed)}", did_you_mean(str(given), allowed), False
    if kind == "string_pattern_mismatch":
        if key in _PATTERN_MESSAGES:
            return f"'{given}' {_PATTERN_MESSAGES[key]}", None, False
        return f"'{given}' is not a valid id", _slug_hint(str(given)), False
    if kind == "string_too_long":
        return f"'{str(given)[:40]}...' is {len(given)} characters long; an id may have at most {model.MAX_ID_LENGTH}", "ids name the site's files, and file systems limit names to 255 bytes", False
    if kind == "too_short":
        what = "text must not be empty" if isinstance(given, str) else "needs at least one item"
        return f"'{key}' {what}" if isinstance(key, str) else what, None, False
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), None, False
    return error["msg"], None, False


def _kind_of(value) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text"}.get(type(value), type(value).__name__)


def validate_file(file: YamlFile, cls: type[M], problems: Problems, data=None, prefix: tuple = ()) -> M | None:
    """`data` (by default the whole file) as `cls`, or None with every problem recorded.

    `prefix` is where `data` sits in the file, so that positions come out right.
    """
    data = file.data if data is None and not prefix else data
    try:
        return cls.model_validate({} if data is None else data)
    except ValidationError as err:
        for error in err.errors():
            loc = (*prefix, *error["loc"])
            if error["type"] == "fact_rule" and (error.get("ctx") or {}).get("at"):
                loc = (*loc, error["ctx"]["at"])  # a rule of the whole fact, pinned to the key it concerns
            key = next((part for part in reversed(loc) if isinstance(part, str)), None)
            message, hint, at_key = _describe(error, key, loc)
            at = file.locate(loc[:-1]) if error["type"] == "missing" else file.locate(loc, key=at_key)
            problems.error(at, message, hint)
    return None


def validate_items(file: YamlFile, key: str, cls: type[M], problems: Problems, parts: dict[int, tuple] | None = None) -> tuple[list[M], set[str]]:
    """A list file validated item by item, so one bad item hides none of the others' problems.

    Returns the valid items and the ids of the invalid ones (so that references to them are
    not reported a second time as unknown).
    """
    data = file.data if file.data is not None else {}
    if not isinstance(data, dict):
        problems.error(file.locate(()), f"expected a mapping with the key '{key}', got {_kind_of(data)}")
        return [], set()
    for extra in sorted(k for k in data if k not in (key, "@at")):
        problems.error(file.locate((extra,), key=True), f"unknown key '{extra}'", did_you_mean(extra, [key]))
    items = data.get(key)
    if items is None:
        return [], set()
    if not isinstance(items, list):
        problems.error(file.locate((key,)), f"expected a list, got {_kind_of(items)}", "write items on lines starting with '- '")
        return [], set()
    return _gather([validate_item(key, cls, file, i, item) for i, item in enumerate(items)], problems, parts=parts)


def validate_item(key: str, cls: type[Fact], file: YamlFile, index: int, item) -> Outcome:
    """Item `index` of the list under `key`, validated alone."""
    found = Problems()
    fact = validate_file(file, cls, found, item, (key, index))
    broken = item["id"] if fact is None and isinstance(item, dict) and isinstance(item.get("id"), str) else None
    return Outcome(fact, broken, found.sorted())


def _gather(outcomes: list[Outcome], problems: Problems, digests: dict[int, str] | None = None, parts: dict[int, tuple] | None = None) -> tuple[list, set[str]]:
    """The valid facts and the ids of the invalid items; `digests` gets each fact's digest,
    `parts` each fact's parts (by id() of the fact)."""
    valid, broken = [], set()
    for outcome in outcomes:
        problems.extend(outcome.problems)
        if outcome.fact is not None:
            valid.append(outcome.fact)
            if parts is not None:
                parts[id(outcome.fact)] = outcome.parts
            if digests is not None and outcome.digest:
                digests[id(outcome.fact)] = outcome.digest
        elif outcome.broken is not None:
            broken.add(outcome.broken)
    return valid, broken


def read_files(
    folder: Path, problems: Problems, files: FactFiles | None = None, digests: dict[int, str] | None = None, parts: dict[int, tuple] | None = None
) -> tuple[BriefingFile | None, dict[str, list], dict[str, set[str]]]:
    """briefing.yml and the items of every list file; unknown YAML files get a warning.
    `files` remembers the list files as last read, so that only edited items are read again;
    `digests` gets the digest of each list item's text, `parts` each item's facts (its walk),
    by id() of its fact."""
    files = files or FactFiles()
    meta, items, broken = None, {}, {}
    for name, (key, cls) in {"briefing.yml": (None, BriefingFile), **LIST_FILES}.items():
        path = folder / name
        if not path.exists():
            if name in REQUIRED_FILES:
                problems.error(Mark(shown(path)), f"missing {name}", f"every briefing folder needs {', '.join(REQUIRED_FILES)}")
            continue
        if inside(folder, name) is None:  # a link to a file elsewhere: documents are refused so too
            problems.error(Mark(shown(path)), f"{name} links to a file outside the briefing folder", "keep the fact files themselves in the folder")
            broken[key] = {"*"}
            continue
        read = load_yaml(path, problems) if key is None else files.read(path, key, partial(validate_item, key, cls), problems)
        if read is None:
            broken[key] = {"*"}  # unreadable: references into it are not reported again
            continue
        if key is None:
            meta = validate_file(read, cls, problems)
            continue
        items[key], broken[key] = validate_items(read, key, cls, problems, parts) if isinstance(read, YamlFile) else _gather(read, problems, digests, parts)
        if name in REQUIRED_FILES and not items[key] and not broken[key]:
            problems.error(Mark(shown(path)), f"{name} lists no {key}")
    for path in sorted(folder.glob("*.y*ml")):
        if path.name not in FILES:
            problems.warning(Mark(shown(path)), f"unknown fact file {path.name} is ignored", f"known files: {', '.join(FILES)}")
    return meta, items, broken


def read_snapshots(folder: Path, problems: Problems) -> tuple[Snapshot, ...]:
    """The snapshot of each published edition (editions/YYYY-MM-DD.yml), oldest first."""
    found = []
    for path in sorted((folder / snapshots.FOLDER).glob("*.yml")) if (folder / snapshots.FOLDER).is_dir() else ():
        if inside(folder, f"{snapshots.FOLDER}/{path.name}") is None:
            problems.error(Mark(shown(path)), f"{path.name} links to a file outside the briefing folder", "keep the snapshots themselves in editions/")
            continue
        file = load_yaml(path, problems)
        data = validate_file(file, snapshots.SnapshotFile, problems) if file is not None else None
        if data is None:
            continue
        if path.stem != data.edition:
            problems.error(data.mark("edition"), f"the snapshot of the edition of {data.edition} is named {path.name}", f"name it {data.edition}.yml, as `briefbook edition` does")
            continue
        found.append(snapshots.from_file(data, Mark(shown(path))))
    return tuple(found)


def read_documents(folder: Path, sources: tuple[model.Source, ...], problems: Problems) -> dict[str, Document]:
    """Each source's stored text, by source id; checksums are compared in verify."""
    documents: dict[str, Document] = {}
    for source in sources:
        at = source.mark("document")
        path = inside(folder, source.document)
        if "\0" in source.document:
            problems.error(at, "document path holds a NUL character")
            continue
        if path is None:
            problems.error(at, f"document path '{source.document}' leaves the briefing folder", "use a path like documents/name.txt")
            continue
        raw = read_bytes(path, MAX_DOCUMENT_BYTES, problems, at)
        text = decode(raw, path, problems) if raw is not None else None
        if text is not None:
            documents[source.id] = Document(shown(path), text, hashlib.sha256(raw).hexdigest())
    return documents


def resolve_dates(facts: Iterable[Fact], sources: dict[str, model.Source], problems: Problems) -> dict[When, Edtf]:
    """Each date's EDTF value; relative wording is read against its source's publication date,
    or (`relative_to_event`) against another event's resolved date."""
    resolved = {}
    events: dict[str, When] = {}
    against_events: list[When] = []
    event = model.Event
    for fact in facts:  # every fact of the briefing: the loop is spelt out for speed
        kind = type(fact)
        if kind is When:
            if fact.relative_to_event is not None:
                against_events.append(fact)
                continue
            value = parse_edtf(fact.edtf) if fact.relative_to is None else _resolve(fact, sources, problems)
            if value is not None:
                resolved[fact] = value
        elif kind is event:
            events.setdefault(fact.id, fact.date)
    if against_events:
        resolve_against_events(against_events, events, resolved, problems)
    return resolved


def _resolve(when: When, sources: dict[str, model.Source], problems: Problems) -> Edtf | None:
    if when.relative_to is None:
        return parse_edtf(when.edtf)
    source = sources.get(when.relative_to)
    if source is None:
        return parse_edtf(when.edtf) if when.edtf else None  # verify reports the unknown id
    published = parse_edtf(source.published.edtf) if source.published.edtf else None
    if published is None:
        return None
    derived = resolve_wording(when.wording, published.upper)
    if derived is None:
        if when.edtf:
            return parse_edtf(when.edtf)
        problems.error(when.mark("wording"), f"cannot resolve the date '{when.wording}'", "give the date as `edtf` too")
        return None
    if when.edtf and _differs(when.edtf, derived):
        problems.error(
            when.mark("edtf"),
            f"'{when.edtf}' disagrees with '{when.wording}' read against {source.id}'s date ({derived})",
            f"use edtf: '{derived}', or remove relative_to",
        )
    return parse_edtf(when.edtf or derived)


def _differs(given: str, derived: str) -> bool:
    a, b = parse_edtf(given), parse_edtf(derived)
    return not (a.lower <= b.upper and b.lower <= a.upper)  # overlapping spans agree


def time_of(when: When | None) -> str | None:
    """The time of day given, or the part of day the wording names."""
    if when is None:
        return None
    return when.time or (part_of_day_in(when.wording) if when.wording else None)


def assemble(folder: Path, problems: Problems, files: FactFiles | None = None) -> Briefing:
    """Load, validate and put together one briefing folder; invalid parts are left out."""
    digests: dict[int, str] = {}
    parts_of: dict[int, tuple] = {}
    meta, items, broken = read_files(folder, problems, files, digests, parts_of)
    sources = tuple(items.get("sources", ()))
    parts = {key: tuple(items.get(key, ())) for key in ("actors", "events", "claims", "quotes", "places")}
    if len(folder.name) > model.MAX_ID_LENGTH:
        problems.error(Mark(shown(folder / "briefing.yml")), f"folder name '{folder.name[:40]}...' is {len(folder.name)} characters long; a briefing slug may have at most {model.MAX_ID_LENGTH}")
    elif not re.match(model.ID_PATTERN, folder.name):
        problems.error(Mark(shown(folder / "briefing.yml")), f"folder name '{folder.name}' cannot be a briefing slug", _slug_hint(folder.name))
    elif folder.name in RESERVED_SLUGS:
        problems.error(
            Mark(shown(folder / "briefing.yml")),
            f"folder name '{folder.name}' cannot be a briefing slug: the site's root has its own '{RESERVED_SLUGS[folder.name]}'",
            f"rename the folder, e.g. to '{folder.name}-briefing'",
        )
    # Each item's walk as read (reread.py keeps it): the same order as one walk of them all.
    facts = tuple(chain(walk(meta), *(parts_of[id(fact)] for kind in (sources, *parts.values()) for fact in kind)))
    return Briefing(
        slug=folder.name,
        folder=shown(folder),
        meta=meta,
        sources=sources,
        documents=read_documents(folder, sources, problems),
        dates=resolve_dates(facts, {s.id: s for s in sources}, problems),
        facts=facts,
        digests=digests,
        parts=parts_of,
        broken={key.removesuffix("s"): frozenset(ids) for key, ids in broken.items() if key},
        snapshots=read_snapshots(folder, problems),
        **parts,
    )
