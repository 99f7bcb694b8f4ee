"""`chronology.ics`: the chronology as iCalendar (RFC 5545), one VEVENT per event.

Written here directly rather than through the `icalendar` library, which builds an object
per property and folds each content line one character at a time, encoding every
character to count its octets: at 10,000 events that was a fifth of the whole build. What
this file needs of RFC 5545 is small and fixed: a handful of TEXT, DATE, DATE-TIME, FLOAT
and list properties, TEXT escaping (section 3.3.11) and line folding (section 3.1). Folding
is done on the encoded line: every physical line is at most 75 octets before its CRLF
(the leading space of a continuation line included), a fold never splits a UTF-8 sequence
(it backs up to the start of the character) nor a backslash escape (as `icalendar` does,
for clients that would misread one split). The tests read the file back with `icalendar`
and compare each property with what the briefing says, and check every line's length.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...dates import Edtf
from ...model import Event
from ..links import fact_path
from ..views import View
from .shared import account_head, headline, names
from .text import plain

LIMIT = 75  # octets per physical line, before the CRLF (RFC 5545, 3.1)

_SPAN_NOTES = {
    "month": "known to the month; the calendar shows the whole month",
    "year": "known to the year; the calendar shows the whole year",
    "range": "a span of days; the calendar shows all of it",
}


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks
    (CRLF, LF or a lone CR, each one `\\n`)."""
    # str.replace runs in C over the whole text; str.translate with a table looks each
    # character up in a dict, which was most of this file's cost.
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> bytes:
    """One content line, encoded and folded (RFC 5545, 3.1), with its CRLF."""
    data = line.encode()
    if len(data) <= LIMIT:
        return data + b"\r\n"
    parts, start, room = [], 0, LIMIT
    while len(data) - start > room:
        end = start + room
        while data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence: fold before its first byte
            end -= 1
        if data[end - 1] == 0x5C and _escaping(data, start, end - 1):
            end -= 1  # fold before a backslash escape rather than inside it
        parts.append(data[start:end])
        start, room = end, LIMIT - 1  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _escaping(data: bytes, start: int, at: int) -> bool:
    """Whether the backslash at `at` starts an escape: an even number of backslashes before it."""
    run = 0
    while at - run - 1 >= start and data[at - run - 1] == 0x5C:
        run += 1
    return run % 2 == 0


def _day(value: date) -> str:
    """A DATE value (RFC 5545, 3.3.4)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _stamp(as_of: Edtf) -> str:
    """DTSTAMP: midnight UTC at the end of the briefing's as-of date (a deterministic 'now'),
    as a UTC DATE-TIME value (RFC 5545, 3.3.5)."""
    day = as_of.lower if as_of.upper == date.max else as_of.upper
    return f"{_day(day)}T000000Z"


def _all_day(value: Edtf) -> tuple[date, date, str | None] | None:
    """(DTSTART, DTEND, note) of an all-day event covering a date's span; DTEND is exclusive.

    Where one end is open, the known day stands alone; where both are, there is no event.
    """
    lower, upper = value.lower, value.upper
    if lower == date.min and upper == date.max:
        return None
    if lower == date.min:
        return upper, upper + timedelta(days=1), "at the latest; the calendar shows the last possible day"
    if upper == date.max:
        return lower, lower + timedelta(days=1), "at the earliest; the calendar shows the first possible day"
    return lower, upper + timedelta(days=1), _SPAN_NOTES.get(value.precision)


def chronology_ics(view: View) -> bytes:
    """`chronology.ics`: the chronology as iCalendar (RFC 5545), one VEVENT per event.

    Every event is an all-day event over its date's whole span, because that is what a
    calendar user expects of a date known only to the month or year: 2023-12 runs from
    1 December 2023 to 1 January 2024 (DTEND is exclusive), and the description states the
    precision, so a month-long bar is not mistaken for a month-long event. A date open at
    one end shows on its known day; an event whose date is unknown at both ends is left out.
    Times of day stay in the description: briefbook does not know their time zone.

    UIDs (`EVENT-ID@SLUG.briefbook`) stay the same from build to build, so calendars that
    subscribe update events instead of duplicating them; DTSTAMP is the briefing's as-of
    date, never the clock. There is no URL: permalinks are relative, and iCalendar needs
    absolute URLs, so the description gives the permalink's path instead.
    """
    meta = view.meta
    stamp = _stamp(view.edtf(meta.as_of))
    about = text(f"{meta.handling}. As of {view.date(meta.as_of).label}. {plain(meta.summary.text)}")
    title = text(meta.title)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//briefbook//briefbook exports//EN",
        "CALSCALE:GREGORIAN",
        f"DESCRIPTION:{about}",
        f"X-WR-CALDESC:{about}",  # X- properties are TEXT too (3.8.8.2): escaped as such
        f"NAME:{title}",
        f"X-WR-CALNAME:{title}",
    ]
    # Each VEVENT is written on its own (and remembered), then set inside the calendar.
    items = b"".join(view.fragments("ics-events", view.events, lambda e: _vevent(view, e, stamp)))
    return b"".join(map(fold, head)) + items + b"END:VCALENDAR\r\n"


def _vevent(view: View, event: Event, stamp: str) -> bytes:
    """One event's VEVENT, written; nothing for an event whose date is open at both ends."""
    span = _all_day(view.edtf(event.date))
    if span is None:
        return b""
    start, end, note = span
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(headline(view, event))}",
        f"DTSTART;VALUE=DATE:{_day(start)}",
        f"DTEND;VALUE=DATE:{_day(end)}",
        f"DTSTAMP:{stamp}",
        f"UID:{text(f'{event.id}@{view.b.slug}.briefbook')}",
    ]
    if event.tags:
        lines.append("CATEGORIES:" + ",".join(text(tag) for tag in event.tags))
    lines.append(f"DESCRIPTION:{text(_description(view, event, note))}")
    if event.coordinates:
        lines.append(f"GEO:{float(event.coordinates.latitude)!r};{float(event.coordinates.longitude)!r}")
    if event.place:
        lines.append(f"LOCATION:{text(event.place)}")
    lines.append("END:VEVENT")
    return b"".join(map(fold, lines))


def _description(view: View, event: Event, note: str | None) -> str:
    label = view.date(event.date).label
    lines = [f"Date: {label}" + (f" ({note})" if note else "")]
    if event.actors:
        lines.append("Actors: " + ", ".join(names(view, event.actors)))
    lines.append("")
    lines += [f"{account_head(view, event, account)}: {plain(account.text)}" for account in event.accounts]
    sources = dict.fromkeys(c.source for a in event.accounts for c in a.citations)
    lines += ["", "Sources: " + "; ".join(_source_text(view, s) for s in sources)]
    lines.append(f"Permalink: {fact_path('event', event.id, view.paging)} (in the briefing's folder)")
    return "\n".join(lines)


def _source_text(view: View, source_id: str) -> str:
    source = view.source.get(source_id)
    if source is None:
        return source_id
    return f"{source.title} <{source.url}>" if source.url else source.title
