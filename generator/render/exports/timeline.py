"""`timeline.json`: the chronology in TimelineJS's JSON format."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape
from typing import Any

from ...dates import Edtf
from ...model import Event
from ...validate import time_of
from ..fragments import json_array, json_bytes, json_object
from ..views import View
from .shared import account_head, event_stance, headline
from .text import element_text, html


def _unit(lower: date, upper: date) -> str:
    """The coarsest unit whose whole periods make up a span: 'year', 'month' or 'day'."""
    if (lower.month, lower.day, upper.month, upper.day) == (1, 1, 12, 31):
        return "year"
    if lower.day == 1 and (upper + timedelta(days=1)).day == 1:
        return "month"
    return "day"


_CLOCK = re.compile(r"\d\d:\d\d")


def _timeline_date(day: date, unit: str) -> dict[str, int]:
    """A TimelineJS date object: month and day left out for coarser precision."""
    parts = {"year": day.year}
    if unit in ("month", "day"):
        parts["month"] = day.month
    if unit == "day":
        parts["day"] = day.day
    return parts


def _timeline_dates(value: Edtf, label: str, clock: str | None) -> tuple[dict, dict | None]:
    """(start_date, end_date or None) of a slide; a span of one year, month or day has no end."""
    lower, upper = value.lower, value.upper
    if lower == date.min or upper == date.max:  # an open end: place it on the known day
        known = upper if lower == date.min else lower
        return {**_timeline_date(known, "day"), "display_date": label}, None
    unit = _unit(lower, upper)
    start = {**_timeline_date(lower, unit), "display_date": label}
    if unit == "day" and clock and _CLOCK.fullmatch(clock):
        start.update(hour=int(clock[:2]), minute=int(clock[3:]))
    one_period = _timeline_date(lower, unit) == _timeline_date(upper, unit)
    return start, None if one_period else _timeline_date(upper, unit)


def timeline_json(view: View) -> bytes:
    """`timeline.json`: the chronology in TimelineJS's JSON format, to load as it is.

    A title slide holds the briefing's title, summary, as-of date and handling; each event is
    a slide whose `unique_id` is the event's id. Dates keep their precision: a year gives only
    `year`, a month `year` and `month`; `display_date` carries briefbook's label ('c. 2012',
    'late night, 16 January 2024'), also on the slide when it spans more than one period, so
    TimelineJS shows it instead of 'start – end'. Texts are HTML: titles escaped, Markdown
    rendered with raw HTML shown as text. Claimed, alleged and denied events are grouped by
    their stance when the chronology has any.
    """
    meta = view.meta
    intro = html(meta.summary.text) + f"<p>As of {element_text(view.date(meta.as_of).label)} · {element_text(meta.handling)}</p>\n"
    grouped = any(event_stance(e) != "reported" for e in view.events)
    slides = view.fragments(f"timeline-slides\0{grouped}", view.events, lambda e: json_bytes(_slide(view, e, grouped)))
    title = {"text": {"headline": element_text(meta.title), "text": intro}}
    return json_object({"title": json_bytes(title), "events": json_array(slides)}) + b"\n"


def _slide(view: View, event: Event, grouped: bool) -> dict[str, Any]:
    shown = view.date(event.date)
    start, end = _timeline_dates(view.edtf(event.date), shown.label, time_of(event.date))
    slide: dict[str, Any] = {"start_date": start}
    if end is not None:
        slide["end_date"] = end
        slide["display_date"] = shown.label
    slide["text"] = {"headline": element_text(headline(view, event)), "text": _timeline_text(view, event)}
    if grouped:
        slide["group"] = event_stance(event).capitalize()
    slide["unique_id"] = event.id
    return slide


def _timeline_text(view: View, event: Event) -> str:
    parts = [f"<p>Place: {element_text(event.place)}</p>\n"] if event.place else []
    for account in event.accounts:
        head, body = account_head(view, event, account), html(account.text)
        if head != "Reported":  # the source's own voice needs no label
            label = f"<strong>{element_text(head)}:</strong>"
            body = f"<p>{label} {body[len('<p>') :]}" if body.startswith("<p>") else f"<p>{label}</p>\n{body}"
        parts.append(body)
    sources = dict.fromkeys(c.source for a in event.accounts for c in a.citations)
    parts.append("<p>Sources: " + "; ".join(_source_html(view, s) for s in sources) + "</p>\n")
    return "".join(parts)


def _source_html(view: View, source_id: str) -> str:
    source = view.source.get(source_id)
    if source is None:
        return element_text(source_id)
    title = f"<cite>{element_text(source.title)}</cite>"
    return f'<a href="{escape(source.url)}" rel="external noopener noreferrer">{title}</a>' if source.url else title
