"""The CSV exports, for spreadsheets: `events.csv`, `actors.csv` and `quotes.csv`, one row per fact."""

from __future__ import annotations

import codecs
import csv
import io
from functools import partial
from typing import Any

from ... import model
from ...model import Event, When
from ...validate import time_of
from .. import figures
from ..links import fact_path
from ..views import View
from .shared import iso_day, name_of, names, stance_text, status_text
from .text import plain


# Cells that spreadsheets would run as formulas (OWASP's "CSV injection"): source documents
# are not trusted, so such text gets a leading apostrophe, which shows but never runs.
_FORMULA_STARTS = "=+-@\t\r"  # (each a single character)


def _defused(cells: list[Any]) -> list[Any]:
    """The cells, each text that starts as a formula would given a leading apostrophe."""
    return ["'" + value if isinstance(value, str) and value and value[0] in _FORMULA_STARTS else value for value in cells]


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
    return _csv_record(_defused([row[column] for column in columns]))


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
    return {"date": shown.label, "edtf": value.text, "start": iso_day(value.lower), "end": iso_day(value.upper), "time": time_of(when) or ""}


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
    return _csv(EVENT_COLUMNS, view.fragments("csv-events", view.events, lambda e: _csv_line(EVENT_COLUMNS, _event_row(view, e))))


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
        "actors": "; ".join(names(view, event.actors)),
        "actor_ids": "; ".join(event.actors),
        "tags": "; ".join(event.tags),
        "status": status_text(view, event),
        "stances": "; ".join(stance_text(view, a) for a in event.accounts),
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
    return _csv(ACTOR_COLUMNS, view.fragments("csv-actors", view.b.actors, lambda a: _csv_line(ACTOR_COLUMNS, _actor_row(view, a)), partial(_actor_key, view)))


def _actor_key(view: View, actor: model.Actor) -> str:
    """An actor's row is remembered by the actor and its counts (names and dates are in the context)."""
    aid = actor.id
    return f"{view.fact_digest(actor)} {len(view.events_of[aid])} {len(view.quotes_by[aid])} {len(view.claims_by[aid])}"


def _actor_row(view: View, actor: model.Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": "; ".join(actor.aliases),
        "description": plain(actor.description),
        "roles": "; ".join(_role(view, role) for role in actor.roles),
        "relations": "; ".join(f"{r.type.replace('-', ' ')} {name_of(view, r.to)}" for r in actor.relations),
        "events": len(view.events_of[actor.id]),
        "quotes": len(view.quotes_by[actor.id]),
        "claims": len(view.claims_by[actor.id]),
        **_evidence_cells(view, actor.citations),
        "permalink": fact_path("actor", actor.id, view.paging),
    }


def _role(view: View, role: model.Role) -> str:
    details = [name_of(view, role.of) if role.of else "", view.date(role.period).label if role.period else ""]
    details = [d for d in details if d]
    return f"{role.title} ({', '.join(details)})" if details else role.title


QUOTE_COLUMNS = "id text language translation translated_by speakers speaker_ids date edtf start end time where context event_id event excerpt source source_id permalink".split()


def quotes_csv(view: View) -> bytes:
    """`quotes.csv`: one row per quote, in file order; the date is when it was said."""
    return _csv(QUOTE_COLUMNS, view.fragments("csv-quotes", view.b.quotes, lambda q: _csv_line(QUOTE_COLUMNS, _quote_row(view, q)), lambda q: view.digests(q, view.event.get(q.event))))


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
        "speakers": view.quote_speakers(quote) if quote.unattributed else "; ".join(names(view, quote.by)),
        "speaker_ids": "; ".join(quote.by),
        **_date_cells(view, quote.said),
        "where": quote.where or "",
        "context": plain(quote.context),
        "event_id": quote.event or "",
        "event": event.title if event else "",
        **_evidence_cells(view, quote.citations),
        "permalink": fact_path("quote", quote.id, view.paging),
    }
