"""`briefbook edition`: publish an edition, recording what the briefing holds in a snapshot.

The command checks the briefing, writes `editions/DAY.yml` (snapshots.py), and edits
briefing.yml: the new edition first in `editions`, with the analysts' note, and `as_of`
set to its day. briefing.yml is edited as text, as `add-source` edits sources.yml, so the
analysts' comments and layout survive; the result is read back and must mean exactly the
old file with those two changes, or nothing is written. (ruamel.yaml's round trip was
weighed and left: it re-indents the whole of a file not indented exactly as it is told, where
the text edit changes only the lines of the edition and `as_of`.) Each file is written beside its
target and renamed into place, the snapshot first: a command cut short between the two
leaves a snapshot that `check` reports as listed by no edition.

`--from-marks` turns a briefing whose editions were recorded by hand (`added`/`updated`
marks) into one with snapshots, one per edition, holding at each the facts the marks say it
held; a fact updated later gets a digest that differs from its digest now, so the change log
reads exactly as before.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import pipeline, snapshots
from .files import shown
from .load import AT, load_yaml
from .model import Briefing
from .problems import Problems
from .scaffold import Refused
from .yaml_text import scalar, without_positions
from .write import stage_file

_AS_OF = re.compile(r"(as_of:[ \t]*)(['\"]?)[0-9-]+\2([ \t]*(?:#.*)?)$")


@dataclass(frozen=True, slots=True)
class Recorded:
    """What `edition` wrote."""

    paths: list[Path]
    changes: snapshots.Difference | None

    def report(self) -> str:
        written = ", ".join(shown(p) for p in self.paths)
        if self.changes is None:
            return f"wrote {written}"
        counts = [f"{len(keys)} {word}" for keys, word in ((self.changes.added, "added"), (self.changes.changed, "changed"), (self.changes.removed, "removed"))]
        return f"recorded the edition ({', '.join(counts)}): wrote {written}"


def _checked(folder: Path) -> Briefing:
    briefings, problems = pipeline.check([folder])
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        listed = "\n".join(str(p) for p in errors)
        raise Refused(f"{shown(folder)} has errors; fix them, then record the edition:\n{listed}")
    return briefings[0]


def record(folder: Path, day: str, note: str, trend: str | None = None) -> Recorded:
    """Publish the edition of `day` (YYYY-MM-DD) with the analysts' `note` and, for any but
    a first edition, the `trend` since the previous one (deteriorated, unchanged, improved)."""
    if not note.strip():
        raise Refused("an edition needs a note saying what changed", "give it with --note")
    briefing = _checked(folder)
    editions = briefing.meta.editions
    latest = max((e.date for e in editions), default=None)
    if latest is not None and day <= latest:
        raise Refused(f"the edition of {day} would not be after the latest edition ({latest})", "editions go forward in time, one a day: give a later --date")
    if trend is not None and not editions:
        raise Refused("a first edition has no trend: there is no earlier edition to compare it with", "leave out --trend")
    if editions and not briefing.snapshots:
        raise Refused(f"the editions of {shown(folder)} were recorded by hand", "run `briefbook edition --from-marks` first, to write their snapshots")
    now = snapshots.current(briefing)
    last = max(briefing.snapshots, key=lambda s: s.day).facts if briefing.snapshots else {}
    snapshot = _target(folder, day)
    meta_path = folder / "briefing.yml"
    edited = _edited_meta(meta_path, day, note, trend)
    _swap(snapshot, snapshots.text(day, now).encode())
    _swap(meta_path, edited)
    return Recorded([snapshot, meta_path], snapshots.difference(last, now))


def from_marks(folder: Path) -> Recorded:
    """Snapshots for editions recorded by hand, as their marks describe them."""
    briefing = _checked(folder)
    if briefing.snapshots:
        raise Refused(f"{shown(folder)} has snapshots already", "record new editions with `briefbook edition --note`")
    days = sorted(e.date for e in briefing.meta.editions)
    if not days:
        raise Refused(f"{shown(folder)} lists no edition", "publish its first edition with `briefbook edition --note`")
    now = snapshots.current(briefing)
    paths = []
    for i, day in enumerate(days):
        held = {}
        for kind, fact in snapshots.tracked(briefing):
            added, updated = _edition_index(days, fact.added), _edition_index(days, fact.updated)
            if added > i:
                continue
            digest, title = now[(kind, fact.id)]
            if fact.updated and updated > i:  # changed in a later edition: it said something else then
                digest = hashlib.sha256(f"{digest} before {days[updated]}".encode()).hexdigest()[: snapshots.DIGEST_LENGTH]
            held[(kind, fact.id)] = (digest, title)
        target = _target(folder, day)
        _swap(target, snapshots.text(day, held).encode())
        paths.append(target)
    return Recorded(paths, None)


def _edition_index(days: list[str], day: str | None) -> int:
    """The edition a change on `day` belongs to: the first dated on or after it (None: the first)."""
    return min(snapshots.edition_index([date.fromisoformat(d) for d in days], day), len(days) - 1)


def _target(folder: Path, day: str) -> Path:
    target = folder / snapshots.FOLDER / f"{day}.yml"
    if target.exists():
        raise Refused(f"{shown(target)} exists already", "an edition's snapshot is never overwritten")
    return target


def _edited_meta(path: Path, day: str, note: str, trend: str | None = None) -> bytes:
    """briefing.yml with the new edition first and as_of set to its day, checked by reading it back."""
    raw = path.read_bytes()
    before = load_yaml(path, Problems())
    newline = "\r\n" if b"\r\n" in raw else "\n"
    lines = raw.decode("utf-8-sig").split(newline)
    data = before.data
    line = data[AT].values["as_of"][0] - 1
    match = _AS_OF.fullmatch(lines[line])
    if match is None:
        raise Refused(f"as_of in {shown(path)} is not a date on its own line (line {line + 1})", "write it as `as_of: YYYY-MM-DD`, then record the edition")
    lines[line] = f"{match.group(1)}{day}{match.group(3)}"
    entry = [f"{key}: {scalar(value) if key == 'text' else value}" for key, value in _entry(day, note, trend).items()]
    first = data[AT].items.get("editions")
    if first:
        at, column = first[0]
        prefix = lines[at - 1][: column - 1]
        lines[at - 1 : at - 1] = [prefix + entry[0], *(" " * (column - 1) + more for more in entry[1:])]
    elif "editions" in data:
        raise Refused(f"`editions` in {shown(path)} is empty but not written as a list of items", "remove the key, then record the edition")
    else:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["editions:", "  - " + entry[0], *("    " + more for more in entry[1:]), ""]
    edited = newline.join(lines).encode()
    _same_but_for(path, edited, before, _entry(day, note, trend))
    return edited


def _entry(day: str, note: str, trend: str | None) -> dict[str, str]:
    """The new item of `editions`, in the order its keys are written: the note on one line."""
    return {"date": day, **({"trend": trend} if trend else {}), "text": " ".join(note.split())}


def _same_but_for(path: Path, edited: bytes, before, entry: dict[str, str]) -> None:
    """Refuse an edit that reads as anything but the old file with the new edition and as_of."""
    staged = stage_file(path, edited)
    try:
        after = load_yaml(staged, Problems())
    finally:
        os.unlink(staged)
    expected = without_positions(before.data)
    expected["as_of"] = entry["date"]
    expected["editions"] = [entry, *(expected.get("editions") or [])]
    if after is None or without_positions(after.data) != expected:
        raise Refused(f"cannot add the edition to {shown(path)}: its `editions` list must hold one '- ' item per edition", "add the edition by hand, or rewrite the list plainly")


def _swap(target: Path, data: bytes) -> None:
    target.parent.mkdir(exist_ok=True)
    os.replace(stage_file(target, data), target)
