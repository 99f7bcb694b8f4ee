"""Exports written beside a briefing's pages, so other tools can take the facts as data.

Each export is made from the same checked briefing as the pages, with no clock and no
disk, so two builds give the same bytes:

- `briefing.schema.json`: the JSON Schema (draft 2020-12) of `briefing.json`, generated from
  the model; `schema/briefing-export.schema.json` is its committed copy.
- `events.csv`, `actors.csv`, `quotes.csv`: one row per fact, for spreadsheets.
- `chronology.ics`: the chronology as an iCalendar file of all-day events.
- `events.geojson`: the events that have coordinates, as a GeoJSON FeatureCollection.
- `timeline.json`: the chronology in TimelineJS's JSON format.

Permalinks in the exports are relative to the briefing's folder (`chronology.html#ID`): the
site is built to work from any address, so there is no absolute URL to give.
"""

from __future__ import annotations

import codecs
import csv
from functools import lru_cache
import io
import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from pathlib import PurePosixPath
from typing import Any

import icalendar
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from .. import model
from ..dates import Edtf
from ..model import ID_PATTERN, Account, Event, When
from ..schema import SCHEMA_DIALECT
from ..validate import time_of
from . import figures
from . import geo
from .links import fact_path
from .markdown import FACT_KINDS, is_plain, valid_link
from .views import View

SCHEMA_FILE = "briefing.schema.json"

DOWNLOADS: list[tuple[str, str]] = [
    (SCHEMA_FILE, "briefing.schema.json (the JSON Schema of briefing.json)"),
    ("events.csv", "events.csv (the events, for spreadsheets)"),
    ("actors.csv", "actors.csv (the actors, for spreadsheets)"),
    ("quotes.csv", "quotes.csv (the quotes, for spreadsheets)"),
    ("chronology.ics", "chronology.ics (the chronology, for calendars)"),
    ("events.geojson", "events.geojson (the events with coordinates, for maps)"),
    ("timeline.json", "timeline.json (the chronology, for TimelineJS)"),
]
"""(path relative to the briefing folder, label) of every export, for the overview's links."""


def export_files(view: View) -> dict[PurePosixPath, bytes]:
    """Every export of one briefing, keyed by path relative to the briefing's folder."""
    return {
        PurePosixPath(SCHEMA_FILE): export_schema_bytes(),
        PurePosixPath("events.csv"): events_csv(view),
        PurePosixPath("actors.csv"): actors_csv(view),
        PurePosixPath("quotes.csv"): quotes_csv(view),
        PurePosixPath("chronology.ics"): chronology_ics(view),
        PurePosixPath("events.geojson"): events_geojson(view),
        PurePosixPath("timeline.json"): timeline_json(view),
    }


# --- JSON -------------------------------------------------------------------------------
# Large JSON exports are joined from fragments, each remembered by the fact it shows, so a
# rebuild serialises only what changed. Compact JSON joins exactly: fragments joined with
# "," inside brackets are the very bytes `json_bytes` would give for the whole array.


def json_bytes(data: Any) -> bytes:
    """Compact JSON in UTF-8 (Python's indenting encoder is pure Python and slow on large data)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_array(items: Iterable[bytes]) -> bytes:
    """A JSON array of items that are JSON already."""
    return b"[%b]" % b",".join(items)


def json_object(members: dict[str, bytes]) -> bytes:
    """A JSON object of members whose values are JSON already, in order."""
    return b"{%b}" % b",".join(b"%b:%b" % (json_bytes(key), value) for key, value in members.items())


# --- briefing.json's schema -------------------------------------------------------------

_PARTS = {"sources": model.Source, "actors": model.Actor, "events": model.Event, "claims": model.Claim, "quotes": model.Quote, "places": model.Place}
_RESOLVED = {
    "type": "object",
    "description": "What briefbook made of the date: relative wording resolved, as EDTF, a reader's label and its first and last day.",
    "properties": {
        "edtf": {"type": "string", "description": "The date in EDTF, relative wording resolved."},
        "label": {"type": "string", "description": "The date as readers see it, e.g. 'c. 2012', 'December 2023'."},
        "start": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The first day of the span; null when its start is open (`../2024`) or unknown (`/2024`): nothing is known of how early it begins.",
        },
        "end": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The last day of the span; null when its end is open (`2012/..`, still going on) or unknown (`2012/`): nothing is known of how late it ends.",
        },
    },
    "required": ["edtf", "label", "start", "end"],
    "additionalProperties": False,
}


class _ExportSchema(GenerateJsonSchema):
    """The model's serialization schema as `briefing.json` writes it: with `exclude_none`, a
    field whose default is None is left out instead of null, and every other field is
    always written."""

    def field_is_required(self, field, total: bool) -> bool:
        inner = field["schema"]
        return not (inner["type"] == "default" and inner.get("default", ...) is None)

    def nullable_schema(self, schema) -> dict:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema) -> dict:
        if schema.get("default", ...) is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def _as_written(node: Any) -> Any:
    """Drop the shorthands that only fact files accept: a single id for a list of ids."""
    if isinstance(node, list):
        return [_as_written(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_written(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2:
        one, many = branches
        if isinstance(many, dict) and many.get("type") == "array" and many.get("items") == one:
            return {**many, **{key: value for key, value in node.items() if key != "anyOf"}}
    return node


def export_schema() -> dict:
    """JSON Schema (draft 2020-12) of `briefing.json`, derived from the model's serialization.

    It differs from the fact files' schemas where the export does: dates are always objects
    and carry `resolved`, lists of ids are always lists, and nothing is null but an open or
    unknown end of a resolved span.
    """
    _, generated = models_json_schema([(cls, "serialization") for cls in (model.BriefingFile, *_PARTS.values())], schema_generator=_ExportSchema)
    defs = _as_written(generated["$defs"])
    when = next(branch for branch in defs["When"]["anyOf"] if branch.get("type") == "object")
    when["description"] = "A date as the fact file gives it, with `resolved`: what briefbook made of it."
    when["properties"]["resolved"] = _RESOLVED
    when["required"] = [*when.get("required", []), "resolved"]
    defs["When"] = when
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": "briefbook briefing.json",
        "description": "A whole checked briefing as briefbook exports it beside the briefing's pages.",
        "type": "object",
        "properties": {
            "slug": {"type": "string", "pattern": ID_PATTERN, "description": "The briefing's folder name and URL segment."},
            "briefing": {"$ref": "#/$defs/BriefingFile"},
            **{key: {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}} for key, cls in _PARTS.items()},
        },
        "required": ["slug", "briefing", *_PARTS],
        "additionalProperties": False,
        "$defs": defs,
    }
    return _prune(schema)


def _prune(schema: dict) -> dict:
    """Keep only the definitions the schema refers to (pydantic also emits the skipped `at`'s)."""
    used: set[str] = set()
    todo = [{key: value for key, value in schema.items() if key != "$defs"}]
    while todo:
        refs = {ref.rsplit("/", 1)[1] for ref in _refs(todo.pop())} - used
        used |= refs
        todo += [schema["$defs"][name] for name in refs]
    return {**schema, "$defs": {name: value for name, value in schema["$defs"].items() if name in used}}


def _refs(node: Any) -> list[str]:
    """Every `$ref` inside a piece of schema."""
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if "$ref" in node else []
    return own + [ref for value in node.values() for ref in _refs(value)]


def export_schema_bytes() -> bytes:
    """`export_schema()` as written to `briefing.schema.json` and committed in `schema/`."""
    return (json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n").encode()  # read by people, and small


# --- text -------------------------------------------------------------------------------

def _content(text: str) -> str:
    """Text as HTML element content: '<', '>' and '&' escaped (quotes need not be there)."""
    return escape(text, quote=False)


_MD = MarkdownIt("commonmark", {"html": False}).disable("image")
_MD.validateLink = valid_link  # the same links as on the pages: no javascript: and the like


def _is_fact_link(href: str) -> bool:
    return href.partition(":")[0] in FACT_KINDS


@lru_cache(maxsize=65536)
def plain(text: str | None) -> str:
    """Markdown as plain text: markup dropped, a link's text kept, an outside link's address
    added in parentheses; blocks on lines of their own."""
    if not text:
        return ""
    if is_plain(text):
        return text
    blocks = []
    for token in _MD.parse(text):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block for block in blocks if block)


def _inline_text(children: list[Token]) -> str:
    out: list[str] = []
    href, start = "", 0
    for token in children:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "link_open":
            href, start = token.attrGet("href") or "", len(out)
        elif token.type == "link_close" and not _is_fact_link(href) and "".join(out[start:]) != href:
            out.append(f" ({href})")
    return "".join(out)


@lru_cache(maxsize=65536)
def html(text: str | None) -> str:
    """Markdown as HTML for TimelineJS: raw HTML shown as text, outside links kept, and links
    to facts reduced to their text, since relative links would resolve against whichever
    page embeds the timeline."""
    if not text:
        return ""
    if is_plain(text):
        return "<p>" + text.replace('"', "&quot;") + "</p>\n"
    tokens = _MD.parse(text)
    for token in tokens:
        if token.children:
            token.children = _unlink_facts(token.children)
    return _MD.renderer.render(tokens, _MD.options, {})


def _unlink_facts(children: list[Token]) -> list[Token]:
    kept, inside_fact_link = [], False
    for token in children:
        if token.type == "link_open":
            inside_fact_link = _is_fact_link(token.attrGet("href") or "")
            if inside_fact_link:
                continue
            token.attrSet("rel", "external noopener noreferrer")
        elif token.type == "link_close" and inside_fact_link:
            inside_fact_link = False
            continue
        kept.append(token)
    return kept


# --- shared facts -----------------------------------------------------------------------


def _day(value: date) -> str:
    """An ISO day, or empty for an open end."""
    return "" if value in (date.min, date.max) else value.isoformat()


def _status(view: View, event: Event) -> str:
    """'reported' when a source reports the event in its own voice, else 'claimed by …'."""
    status = view.event_status(event)
    return "reported" if status is None else status[0].lower() + status[1:]


def _stance(view: View, account: Account) -> str:
    label = view.stance_label(account)
    return "reported" if label is None else label[0].lower() + label[1:]


def _headline(view: View, event: Event) -> str:
    """The event's title, with who claims it when no source reports it in its own voice."""
    status = _status(view, event)
    return event.title if status == "reported" else f"{event.title} ({status})"


def _account_head(view: View, event: Event, account: Account) -> str:
    """'Reported' or 'Claimed by …', and the account's own date where it differs."""
    stance = _stance(view, account)
    head = stance[0].upper() + stance[1:]
    if account.date and view.edtf(account.date).text != view.edtf(event.date).text:
        head += f", dated {view.date(account.date).label}"
    return head


def _event_stance(event: Event) -> str:
    """The event's stance: reported when any account reports it, else its first account's."""
    return "reported" if any(a.stance == "reported" for a in event.accounts) else event.accounts[0].stance


def _names(view: View, ids) -> list[str]:
    return [_name(view, i) for i in ids]


def _name(view: View, actor_id: str) -> str:
    return view.actor[actor_id].name if actor_id in view.actor else actor_id


# --- CSV --------------------------------------------------------------------------------

# Cells that spreadsheets would run as formulas (OWASP's "CSV injection"): source documents
# are not trusted, so such text gets a leading apostrophe, which shows but never runs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv(columns: list[str], lines: list[bytes]) -> bytes:
    """RFC 4180 CSV (CRLF, quoted as needed) in UTF-8 with a byte-order mark, from the
    header and the rows' lines (made by `_csv_line`, and remembered one by one).

    The BOM is what makes Excel read the file as UTF-8 (without it, Excel guesses a legacy
    code page and mangles every non-ASCII letter); LibreOffice, Google Sheets and pandas
    accept it, and Python's csv module reads it with `encoding="utf-8-sig"`.
    """
    return codecs.BOM_UTF8 + _csv_record(columns) + b"".join(lines)


def _csv_line(columns: list[str], row: dict[str, Any]) -> bytes:
    """One row as a line of CSV, its cells in the columns' order and defused."""
    return _csv_record([_cell(row[column]) for column in columns])


def _csv_record(cells: list[Any]) -> bytes:
    """Cells as one CRLF-ended line of CSV in UTF-8."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().encode()


def _date_cells(view: View, when: When | None) -> dict[str, str]:
    """A date as cells: the reader's label, its EDTF (resolved), first and last day, time."""
    value, shown = view.edtf(when), view.date(when)
    if value is None or shown is None:
        return {"date": "", "edtf": "", "start": "", "end": "", "time": ""}
    return {"date": shown.label, "edtf": value.text, "start": _day(value.lower), "end": _day(value.upper), "time": time_of(when) or ""}


def _evidence_cells(view: View, citations) -> dict[str, str]:
    """The first citation: its excerpt, and its source's title and id."""
    citation = citations[0]
    source = view.source.get(citation.source)
    return {"excerpt": citation.excerpt, "source": source.title if source else "", "source_id": citation.source}


EVENT_COLUMNS = (
    "id title date edtf start end time wording place latitude longitude actors actor_ids tags "
    "status stances accounts"
).split() + figures.CSV_COLUMNS + "text excerpt source source_id permalink".split()


def events_csv(view: View) -> bytes:
    """`events.csv`: one row per event, in chronology order.

    `status` is "reported", or who claims, alleges or denies the event when no source reports
    it in its own voice; `stances` lists each account's; `text` is the first account's, and
    `excerpt` and `source` its first citation. Lists are joined with "; ". Figures: a column
    per common count (`killed`: "2 boys (Pakistan); 9 (the source)"), with `killed_low` and
    `killed_high`, the lowest and highest number any account gives; other counts in
    `other_figures`.
    """
    return _csv(EVENT_COLUMNS, [view.piece("csv-event", [e], lambda e=e: _csv_line(EVENT_COLUMNS, _event_row(view, e))) for e in view.events])


def _event_row(view: View, event: Event) -> dict[str, Any]:
    located = event.coordinates
    return {
        "id": event.id,
        "title": event.title,
        **_date_cells(view, event.date),
        "wording": event.date.wording or "",
        "place": event.place or "",
        "latitude": located.latitude if located else "",
        "longitude": located.longitude if located else "",
        "actors": "; ".join(_names(view, event.actors)),
        "actor_ids": "; ".join(event.actors),
        "tags": "; ".join(event.tags),
        "status": _status(view, event),
        "stances": "; ".join(_stance(view, a) for a in event.accounts),
        "accounts": len(event.accounts),
        **figures.cells(view, event),
        "text": plain(event.accounts[0].text),
        **_evidence_cells(view, event.accounts[0].citations),
        "permalink": fact_path("event", event.id, view.paging),
    }


ACTOR_COLUMNS = "id name kind aliases description roles relations events quotes claims excerpt source source_id permalink".split()


def actors_csv(view: View) -> bytes:
    """`actors.csv`: one row per actor, in file order.

    `roles` read "title (of actor, period)", `relations` "member of actor"; `events`,
    `quotes` and `claims` count the facts the actor is involved in, speaks or makes.
    """
    return _csv(ACTOR_COLUMNS, [_actor_line(view, actor) for actor in view.b.actors])


def _actor_line(view: View, actor: model.Actor) -> bytes:
    """An actor's row, remembered by the actor and its counts (names and dates are in the context)."""
    aid = actor.id
    counts = f"{len(view.events_of[aid])} {len(view.quotes_by[aid])} {len(view.claims_by[aid])}"
    return view.piece("csv-actor", [actor], lambda: _csv_line(ACTOR_COLUMNS, _actor_row(view, actor)), counts)


def _actor_row(view: View, actor: model.Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": "; ".join(actor.aliases),
        "description": plain(actor.description),
        "roles": "; ".join(_role(view, role) for role in actor.roles),
        "relations": "; ".join(f"{r.type.replace('-', ' ')} {_name(view, r.to)}" for r in actor.relations),
        "events": len(view.events_of[actor.id]),
        "quotes": len(view.quotes_by[actor.id]),
        "claims": len(view.claims_by[actor.id]),
        **_evidence_cells(view, actor.citations),
        "permalink": fact_path("actor", actor.id, view.paging),
    }


def _role(view: View, role: model.Role) -> str:
    details = [_name(view, role.of) if role.of else "", view.date(role.period).label if role.period else ""]
    details = [d for d in details if d]
    return f"{role.title} ({', '.join(details)})" if details else role.title


QUOTE_COLUMNS = "id text language translation translated_by speakers speaker_ids date edtf start end time where context event_id event excerpt source source_id permalink".split()


def quotes_csv(view: View) -> bytes:
    """`quotes.csv`: one row per quote, in file order; the date is when it was said."""
    return _csv(QUOTE_COLUMNS, [view.piece("csv-quote", [q, view.event.get(q.event)], lambda q=q: _csv_line(QUOTE_COLUMNS, _quote_row(view, q))) for q in view.b.quotes])


def _language(view: View, quote: model.Quote) -> str:
    """The language the quote's words are in: its (first) cited source's."""
    source = view.source.get(quote.citations[0].source)
    return source.language if source else ""


def _quote_row(view: View, quote: model.Quote) -> dict[str, Any]:
    event = view.event.get(quote.event) if quote.event else None
    return {
        "id": quote.id,
        "text": quote.text,
        "language": _language(view, quote),
        "translation": quote.translation or "",
        "translated_by": quote.translated_by or "",
        "speakers": view.quote_speakers(quote) if quote.unattributed else "; ".join(_names(view, quote.by)),
        "speaker_ids": "; ".join(quote.by),
        **_date_cells(view, quote.said),
        "where": quote.where or "",
        "context": plain(quote.context),
        "event_id": quote.event or "",
        "event": event.title if event else "",
        **_evidence_cells(view, quote.citations),
        "permalink": fact_path("quote", quote.id, view.paging),
    }


# --- iCalendar --------------------------------------------------------------------------

_SPAN_NOTES = {
    "month": "known to the month; the calendar shows the whole month",
    "year": "known to the year; the calendar shows the whole year",
    "range": "a span of days; the calendar shows all of it",
}


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
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//briefbook//briefbook exports//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", meta.title)
    calendar.add("x-wr-calname", meta.title)
    about = f"{meta.handling}. As of {view.date(meta.as_of).label}. {plain(meta.summary.text)}"
    calendar.add("description", about)
    calendar.add("x-wr-caldesc", about)
    # Each VEVENT is serialised on its own (and remembered), then set inside the calendar.
    items = b"".join(view.piece("ics-event", [e], lambda e=e: _vevent(view, e, stamp)) for e in view.events)
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + items + b"END:VCALENDAR" + end


def _vevent(view: View, event: Event, stamp: datetime) -> bytes:
    """One event's VEVENT, serialised; nothing for an event whose date is open at both ends."""
    span = _all_day(view.edtf(event.date))
    if span is None:
        return b""
    start, end, note = span
    item = icalendar.Event()
    item.add("uid", f"{event.id}@{view.b.slug}.briefbook")
    item.add("dtstamp", stamp)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", _headline(view, event))
    item.add("description", _ics_description(view, event, note))
    if event.place:
        item.add("location", event.place)
    if event.coordinates:
        item.add("geo", (event.coordinates.latitude, event.coordinates.longitude))
    if event.tags:
        item.add("categories", list(event.tags))
    return item.to_ical()


def _stamp(as_of: Edtf) -> datetime:
    """DTSTAMP: midnight UTC at the end of the briefing's as-of date (a deterministic 'now')."""
    day = as_of.lower if as_of.upper == date.max else as_of.upper
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _ics_description(view: View, event: Event, note: str | None) -> str:
    label = view.date(event.date).label
    lines = [f"Date: {label}" + (f" ({note})" if note else "")]
    if event.actors:
        lines.append("Actors: " + ", ".join(_names(view, event.actors)))
    lines.append("")
    lines += [f"{_account_head(view, event, account)}: {plain(account.text)}" for account in event.accounts]
    sources = dict.fromkeys(c.source for a in event.accounts for c in a.citations)
    lines += ["", "Sources: " + "; ".join(_source_text(view, s) for s in sources)]
    lines.append(f"Permalink: {fact_path('event', event.id, view.paging)} (in the briefing's folder)")
    return "\n".join(lines)


def _source_text(view: View, source_id: str) -> str:
    source = view.source.get(source_id)
    if source is None:
        return source_id
    return f"{source.title} <{source.url}>" if source.url else source.title


# --- GeoJSON ----------------------------------------------------------------------------


def events_geojson(view: View) -> bytes:
    """`events.geojson`: a FeatureCollection (RFC 7946) of the places that have coordinates
    (`kind: place`), then of the events located by their own coordinates or their places'.

    Positions are [longitude, latitude], as RFC 7946 orders them. Events located neither way
    are left out, so a briefing without any coordinates gives an empty collection.
    """
    features = [view.piece("geojson-place", [p], lambda p=p: json_bytes(geo.place_feature(p))) for p in view.b.places if p.coordinates is not None]
    for e in view.events:
        located = geo.event_places(view, e)
        if e.coordinates is not None or located:
            features.append(view.piece("geojson-event", [e, *located], lambda e=e: json_bytes(_feature(view, e))))
    return json_object({"type": json_bytes("FeatureCollection"), "features": json_array(features)}) + b"\n"


def _feature(view: View, event: Event) -> dict[str, Any]:
    value, shown = view.edtf(event.date), view.date(event.date)
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": geo.event_geometry(view, event),
        "properties": {
            "kind": "event",
            "id": event.id,
            "title": event.title,
            "date": shown.label,
            "edtf": value.text,
            "start": _day(value.lower) or None,
            "end": _day(value.upper) or None,
            "place": event.place,
            "places": [p.id for p in view.places.of_event(event) if p.id in event.places],
            "located_by": "coordinates" if event.coordinates is not None else "places",
            "stance": _event_stance(event),
            "status": _status(view, event),
            "actors": _names(view, event.actors),
            "permalink": fact_path("event", event.id, view.paging),
        },
    }


# --- TimelineJS -------------------------------------------------------------------------


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
    intro = html(meta.summary.text) + f"<p>As of {_content(view.date(meta.as_of).label)} · {_content(meta.handling)}</p>\n"
    grouped = any(_event_stance(e) != "reported" for e in view.events)
    slides = [view.piece("timeline-event", [e], lambda e=e: json_bytes(_slide(view, e, grouped)), str(grouped)) for e in view.events]
    title = {"text": {"headline": _content(meta.title), "text": intro}}
    return json_object({"title": json_bytes(title), "events": json_array(slides)}) + b"\n"


def _slide(view: View, event: Event, grouped: bool) -> dict[str, Any]:
    shown = view.date(event.date)
    start, end = _timeline_dates(view.edtf(event.date), shown.label, time_of(event.date))
    slide: dict[str, Any] = {"start_date": start}
    if end is not None:
        slide["end_date"] = end
        slide["display_date"] = shown.label
    slide["text"] = {"headline": _content(_headline(view, event)), "text": _timeline_text(view, event)}
    if grouped:
        slide["group"] = _event_stance(event).capitalize()
    slide["unique_id"] = event.id
    return slide


def _timeline_text(view: View, event: Event) -> str:
    parts = [f"<p>Place: {_content(event.place)}</p>\n"] if event.place else []
    for account in event.accounts:
        head, body = _account_head(view, event, account), html(account.text)
        if head != "Reported":  # the source's own voice needs no label
            label = f"<strong>{_content(head)}:</strong>"
            body = f"<p>{label} {body[len('<p>') :]}" if body.startswith("<p>") else f"<p>{label}</p>\n{body}"
        parts.append(body)
    sources = dict.fromkeys(c.source for a in event.accounts for c in a.citations)
    parts.append("<p>Sources: " + "; ".join(_source_html(view, s) for s in sources) + "</p>\n")
    return "".join(parts)


def _source_html(view: View, source_id: str) -> str:
    source = view.source.get(source_id)
    if source is None:
        return _content(source_id)
    title = f"<cite>{_content(source.title)}</cite>"
    return f'<a href="{escape(source.url)}" rel="external noopener noreferrer">{title}</a>' if source.url else title
