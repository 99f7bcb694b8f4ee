"""The order of events: one rule for the chronology, actor pages, updates, feeds, exports and the PDF.

Dates give the order first. Within the span of a coarser date an event sorts after the
finer-dated events it can follow: a month-precise January event after 16 January, since
it may have answered it; an open-start interval ("../2024-02-24") by its end; on one day,
timed events by their time and untimed ones after them. Events are sorted by the last day
they can have happened on, then finer spans first, then by time, then in file order. An
open-start event stated to follow another goes just after it.

Analysts can say more than the dates: `after` and `before` on an event, and a date
`relative_to_event` ("two days after" another event). The order is then a topological sort
that honours every stated relation, taking the date rule as the priority among the events
free to go next, so it stays O(n log n) with few relations and equals the date order when
there are none. `check_order` reports relations the dates contradict, and cycles.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Sequence

from .dates import Edtf, relative_offset, time_rank
from .model import Event, Fact, When
from .problems import Problems
from .validate import time_of

OPEN = 10**9  # the width of an open-ended span: wider than any closed one


@dataclass(frozen=True, slots=True)
class Precedence:
    """A stated relation: `earlier` comes before `later`, written under `key` of `holder`."""

    earlier: str
    later: str
    holder: Fact
    key: str
    index: int | None = None


def sort_day(value: Edtf | None) -> date:
    """The day an event sorts by: the last day it can have happened on (the start of an
    open-ended span, which could otherwise follow anything); undated events go last."""
    if value is None:
        return date.max
    return value.lower if value.upper == date.max else value.upper


def date_key(value: Edtf | None, time: str | None, position: int) -> tuple:
    """The date rule as a sort key: last possible day, finer spans first, timed events of a
    day by their time and untimed ones after them, then the order of the fact file."""
    day = sort_day(value)
    if value is None:
        width = OPEN
    elif value.lower == date.min or value.upper == date.max:
        width = OPEN
    else:
        width = (value.upper - value.lower).days
    return (day, width, time_rank(time), position)


def precedences(events: Sequence[Event], dates: Mapping[When, Edtf]) -> list[Precedence]:
    """Every stated relation between events, in file order: `after`, `before`, and dates
    resolved relative to another event ('two days after' puts the event after that one,
    'the day before' before it; 'the same day' leaves the order to the date rule)."""
    out: list[Precedence] = []
    for event in events:
        if not (event.after or event.before or event.date.relative_to_event):
            continue
        out += [Precedence(other, event.id, event, "after", i) for i, other in enumerate(event.after)]
        out += [Precedence(event.id, other, event, "before", i) for i, other in enumerate(event.before)]
        when = event.date
        if when.relative_to_event and when in dates:
            offset = relative_offset(when.wording)
            if offset and offset[0] > 0:
                out.append(Precedence(when.relative_to_event, event.id, when, "relative_to_event"))
            elif offset and offset[0] < 0:
                out.append(Precedence(event.id, when.relative_to_event, when, "relative_to_event"))
    return out


def order_events(events: Sequence[Event], dates: Mapping[When, Edtf]) -> list[Event]:
    """The events in reading order: the date rule, bent only by stated relations."""
    keys = [date_key(dates.get(e.date), time_of(e.date), i) for i, e in enumerate(events)]
    index: dict[str, int] = {}
    for i, event in enumerate(events):
        index.setdefault(event.id, i)
    edges = [(index[p.earlier], index[p.later]) for p in precedences(events, dates) if p.earlier in index and p.later in index]
    edges = [(a, b) for a, b in edges if a != b]
    if not edges:
        return [events[i] for i in sorted(range(len(events)), key=keys.__getitem__)]
    return [events[i] for i in _topological(_open_starts_follow(events, dates, keys, edges), edges)]


def _open_starts_follow(events: Sequence[Event], dates: Mapping[When, Edtf], keys: list[tuple], edges: list[tuple[int, int]]) -> list[tuple]:
    """An event with an open start ("../2024-02-24": some time before) that is stated to follow
    another goes just after it: the stated order is all that places it, and its end alone
    would put a reply after everything up to that day."""
    keys = list(keys)
    for a, b in edges:
        value = dates.get(events[b].date)
        if value is not None and value.lower == date.min and value.upper != date.max:
            keys[b] = min(keys[b], (*keys[a][:-1], keys[a][-1] + 0.5))
    return keys


def _topological(keys: list[tuple], edges: list[tuple[int, int]]) -> list[int]:
    """Kahn's algorithm with the keys as priorities. A cycle (which check reports) is broken at
    its earliest-keyed event, so that a build of a broken briefing still terminates."""
    followers: dict[int, list[int]] = defaultdict(list)
    waiting = [0] * len(keys)
    for a, b in edges:
        followers[a].append(b)
        waiting[b] += 1
    keys = _pulled_forward(keys, followers, waiting)
    ready = [(keys[i], i) for i in range(len(keys)) if not waiting[i]]
    heapq.heapify(ready)
    out: list[int] = []
    placed = [False] * len(keys)
    while len(out) < len(keys):
        if not ready:
            stuck = min((keys[i], i) for i in range(len(keys)) if not placed[i])
            waiting[stuck[1]] = 0
            heapq.heappush(ready, stuck)
        _, i = heapq.heappop(ready)
        if placed[i]:
            continue
        placed[i] = True
        out.append(i)
        for j in followers.get(i, ()):
            waiting[j] -= 1
            if waiting[j] == 0 and not placed[j]:
                heapq.heappush(ready, (keys[j], j))
    return out


def _pulled_forward(keys: list[tuple], followers: Mapping[int, list[int]], waiting: list[int]) -> list[tuple]:
    """Each event's priority: its own key, or an earlier one of an event that must follow it.
    A January event stated `before` one of 10 January must have happened by then: it goes
    just before that one, not at the end of January with the other event kept waiting."""
    keys = list(keys)
    waiting = {i: n for i, n in enumerate(waiting) if n}
    queue = [i for i in followers if i not in waiting]
    done = []
    while queue:  # a topological order of the related events (those in a cycle are left out)
        i = queue.pop()
        done.append(i)
        for j in followers.get(i, ()):
            waiting[j] -= 1
            if not waiting[j]:
                queue.append(j)
    for i in reversed(done):
        for j in followers.get(i, ()):
            if keys[j] < keys[i]:
                keys[i] = keys[j]
    return keys


# --- check ------------------------------------------------------------------------------


def check_order(events: Sequence[Event], dates: Mapping[When, Edtf], problems: Problems) -> None:
    """Errors for stated relations that the dates contradict, and for cycles (unknown ids
    are reported with the other references)."""
    by_id: dict[str, Event] = {}
    for event in events:
        by_id.setdefault(event.id, event)
    events = [e for e in events if by_id[e.id] is e]  # a duplicate's relations: its id is reported
    stated = [p for p in precedences(events, dates) if p.earlier in by_id and p.later in by_id]
    for p in stated:
        if p.earlier == p.later:
            problems.error(p.holder.mark(p.key, p.index), f"event '{p.earlier}' cannot come {p.key} itself")
            continue
        earlier, later = dates.get(by_id[p.earlier].date), dates.get(by_id[p.later].date)
        if earlier and later and _before(later, time_of(by_id[p.later].date), earlier, time_of(by_id[p.earlier].date)):
            problems.error(
                p.holder.mark(p.key, p.index),
                f"'{p.later}' cannot follow '{p.earlier}': '{p.later}' is dated {_label(later, by_id[p.later].date)}, before '{p.earlier}' ({_label(earlier, by_id[p.earlier].date)})",
                "correct one of the dates, or remove the stated order",
            )
    for cycle, closing in _cycles([p for p in stated if p.earlier != p.later]):
        path = " before ".join(f"'{e}'" for e in (*cycle, cycle[0]))
        problems.error(closing.holder.mark(closing.key, closing.index), f"the stated order of events goes round in a cycle: {path}", "remove one of the `after`, `before` or `relative_to_event` relations in it")


def _before(value: Edtf, time: str | None, other: Edtf, other_time: str | None) -> bool:
    """Whether `value` is certainly before `other`: its last possible day is before the
    other's first, or on the same single day at an earlier time of day."""
    if value.upper < other.lower:
        return True
    same_day = value.lower == value.upper == other.lower == other.upper
    return same_day and time is not None and other_time is not None and time_rank(time) < time_rank(other_time)


def _label(value: Edtf, when: When) -> str:
    time = time_of(when)
    return f"{time}, {value.describe()}" if time else value.describe()


def _cycles(stated: Iterable[Precedence]) -> list[tuple[list[str], Precedence]]:
    """Each cycle an iterative depth-first search meets (the events in order, and the relation
    that closes it), visiting events and their relations in file order."""
    followers: dict[str, list[Precedence]] = defaultdict(list)
    for p in stated:
        followers[p.earlier].append(p)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found = []
    for root in list(followers):
        if root in state:
            continue
        path, stack = [root], [iter(followers[root])]
        state[root] = 1
        while stack:
            p = next(stack[-1], None)
            if p is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(p.later) == 1:
                found.append((path[path.index(p.later) :], p))
            elif p.later not in state:
                state[p.later] = 1
                path.append(p.later)
                stack.append(iter(followers.get(p.later, ())))
    return found
