"""The chronology's headings: years, and months within them, in the order events are read.

An event sits under the month that holds its whole span (a month-precise one at the
month's end, where it sorts), else under its year. Headings follow the reading order of
generator/order.py rather than a calendar, so that the chronology reads as every other page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ..dates import MONTHS, Edtf
from ..model import Event, When
from ..order import sort_day


@dataclass(frozen=True, slots=True)
class Group:
    """A year of the chronology: the year-level events that open it, then its months (and any
    later run of year-level events), in reading order."""

    id: str
    label: str
    events: tuple[Event, ...]
    months: tuple[Group, ...] = ()


def chronology_groups(events: list[Event], date_of: Callable[[When], Edtf | None]) -> list[Group]:
    """Each year with its months, for events already in reading order. A run of year-level
    events after a month gets a heading of its own, so that it does not read as part of
    that month."""
    years: dict[int, list[tuple[int | None, list[Event]]]] = {}
    previous: Event | None = None
    for event in events:
        value = date_of(event.date)
        if previous is not None and _open_start(value) and previous.id in event.after:
            # "Some time before X", stated to follow the event before it: it has no month of
            # its own, so it stays with the event it answers rather than open a heading.
            year, month = _period(date_of(previous.date))
        else:
            year, month = _period(value)
        previous = event
        runs = years.setdefault(year, [])
        if runs and runs[-1][0] == month:
            runs[-1][1].append(event)
        else:
            runs.append((month, [event]))
    return [_year_group(year, runs) for year, runs in years.items()]


def _year_group(year: int, runs: list[tuple[int | None, list[Event]]]) -> Group:
    lead = tuple(runs.pop(0)[1]) if runs and runs[0][0] is None else ()
    parts, seen = [], defaultdict(int)
    for month, events in runs:
        name = f"{month:02d}" if month else "more"
        seen[name] += 1
        label = f"{MONTHS[month - 1]} {year}" if month else f"{year}, no single month"
        if seen[name] > 1:  # only a stated order can split a month
            name, label = f"{name}-{seen[name]}", f"{label} (continued)"
        parts.append(Group(f"y{year}-{name}", label, tuple(events)))
    return Group(f"y{year}", str(year), lead, tuple(parts))


def _open_start(value: Edtf | None) -> bool:
    return value is not None and value.lower == date.min and value.upper != date.max


def _period(value: Edtf | None) -> tuple[int, int | None]:
    """(year, month or None) under which the chronology lists an event of this date."""
    day = sort_day(value)
    if value is None or value.lower == date.min or value.upper == date.max:
        return day.year, day.month  # open-ended: with the day it sorts by
    if (value.lower.year, value.lower.month) == (value.upper.year, value.upper.month):
        return day.year, day.month
    return day.year, None
