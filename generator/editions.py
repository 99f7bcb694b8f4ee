"""Stage 3, verify (continued): the snapshots and the editions they record hold together.

Every edition listed in briefing.yml has its snapshot and every snapshot its edition, once
any snapshot exists (a briefing whose editions were all recorded by hand keeps working on
its `added`/`updated` marks). A mark left by hand must agree with the snapshots: a fact
marked added in an edition was not in the one before and is in that one's snapshot; a fact
marked updated is in the snapshot of the edition the day falls in.
"""

from __future__ import annotations

from datetime import date

from .model import Briefing
from .problems import Problems
from .snapshots import FOLDER, Difference, Snapshot, current, difference, edition_index, tracked


def check_editions(briefing: Briefing, problems: Problems) -> None:
    meta = briefing.meta
    if meta is None or not briefing.snapshots:
        return
    listed = {e.date: e for e in meta.editions}
    for edition in meta.editions:
        if edition.date not in {s.day for s in briefing.snapshots}:
            problems.error(
                edition.mark("date"),
                f"the edition of {edition.date} has no snapshot ({FOLDER}/{edition.date}.yml)",
                "record editions with `briefbook edition`; `briefbook edition --from-marks` writes the snapshots of editions recorded by hand",
            )
    for snapshot in briefing.snapshots:
        if snapshot.day not in listed:
            problems.error(snapshot.mark, f"snapshot of an edition of {snapshot.day} that briefing.yml does not list", "list the edition in briefing.yml's `editions`, or remove the snapshot")
    _marks(briefing, problems)


def _marks(briefing: Briefing, problems: Problems) -> None:
    """Report an `added` or `updated` mark that the snapshots contradict."""
    snapshots = sorted(briefing.snapshots, key=lambda s: s.day)
    days = [date.fromisoformat(s.day) for s in snapshots]
    for kind, fact in tracked(briefing):
        key = (kind, fact.id)
        held = [i for i, s in enumerate(snapshots) if key in s.facts]
        for name in ("added", "updated"):
            day = getattr(fact, name)
            if not day:
                continue
            i = edition_index(days, day)
            if i >= len(snapshots):
                continue  # after the latest edition: verify's change-log check says so
            edition = snapshots[i].day
            if name == "added" and held and held[0] != i:
                first = snapshots[held[0]].day
                problems.error(
                    fact.mark("added"),
                    f"{kind} '{fact.id}' is marked added on {day} (the edition of {edition}), but the snapshots record it first in the edition of {first}",
                    "remove the mark: the change log is read from the snapshots",
                )
            elif i not in held and held:
                problems.error(
                    fact.mark(name),
                    f"{kind} '{fact.id}' is marked {name} on {day}, but the snapshot of the edition of {edition} does not hold it",
                    "remove the mark: the change log is read from the snapshots",
                )


def since_last(briefing: Briefing) -> tuple[Snapshot, Difference] | None:
    """The latest snapshot and what changed since it, if the briefing records snapshots."""
    if not briefing.snapshots:
        return None
    last = max(briefing.snapshots, key=lambda s: s.day)
    return last, difference(last.facts, current(briefing))


def since_last_text(briefing: Briefing, most: int = 20) -> str | None:
    """For `check`: what the coming edition holds so far, in counts and a list."""
    found = since_last(briefing)
    if found is None:
        return None
    last, changes = found
    head = f"{briefing.folder}: since the edition of {last.day}"
    if not changes:
        return f"{head}: nothing changed"
    counts = [f"{len(keys)} {word}" for keys, word in ((changes.added, "added"), (changes.changed, "changed"), (changes.removed, "removed")) if keys]
    items = [f"  {word} {kind} '{id_}'" for keys, word in ((changes.added, "added"), (changes.changed, "changed"), (changes.removed, "removed")) for kind, id_ in keys]
    more = [f"  and {len(items) - most} more"] if len(items) > most else []
    return "\n".join([f"{head}: {', '.join(counts)} (`briefbook edition` publishes them)", *items[:most], *more])

