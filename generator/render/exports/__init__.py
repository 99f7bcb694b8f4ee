"""Exports written beside a briefing's pages, so other tools can take the facts as data;
each format in a module of its own.

Each export is made from the same checked briefing as the pages, with no clock and no
disk, so two builds give the same bytes:

- `briefing.schema.json`: the JSON Schema (draft 2020-12) of `briefing.json`, generated from
  the model (generator/schema.py); `schema/briefing-export.schema.json` is its committed copy.
- `events.csv`, `actors.csv`, `quotes.csv` (tables.py): one row per fact, for spreadsheets.
- `chronology.ics` (ical.py): the chronology as an iCalendar file of all-day events.
- `events.geojson` (geojson.py): the events that have coordinates, as a GeoJSON FeatureCollection.
- `timeline.json` (timeline.py): the chronology in TimelineJS's JSON format.

Permalinks in the exports are relative to the briefing's folder (`chronology.html#ID`): the
site is built to work from any address, so there is no absolute URL to give.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import Callable

from pydantic import VERSION as PYDANTIC

from ...schema import export_schema, export_schema_bytes
from ..fragments import json_array, json_bytes, json_object
from ..memo import code_version
from ..views import View
from .geojson import events_geojson
from .ical import chronology_ics
from .tables import actors_csv, events_csv, quotes_csv
from .text import html, plain
from .timeline import timeline_json

__all__ = ["DOWNLOADS", "SCHEMA_FILE", "export_files", "export_makers", "export_schema", "export_schema_bytes", "html", "json_array", "json_bytes", "json_object", "plain"]

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


@lru_cache(maxsize=1)
def _schema_bytes() -> bytes:
    """The same for every briefing and every build of this version: generated once a process."""
    return export_schema_bytes()


def _schema_file(view: View) -> bytes:
    """`_schema_bytes()`, remembered between builds by what generates it alone, the model
    (the code's version) and pydantic: generating it took a rebuild after a one-line edit 25 ms."""
    return view.memo.get(("briefing-schema", code_version(), PYDANTIC), _schema_bytes)


def export_makers() -> dict[PurePosixPath, Callable[[View], bytes]]:
    """What makes each export of a briefing, by path relative to the briefing's folder."""
    return {
        PurePosixPath(SCHEMA_FILE): _schema_file,
        PurePosixPath("events.csv"): events_csv,
        PurePosixPath("actors.csv"): actors_csv,
        PurePosixPath("quotes.csv"): quotes_csv,
        PurePosixPath("chronology.ics"): chronology_ics,
        PurePosixPath("events.geojson"): events_geojson,
        PurePosixPath("timeline.json"): timeline_json,
    }


def export_files(view: View) -> dict[PurePosixPath, bytes]:
    """Every export of one briefing, keyed by path relative to the briefing's folder."""
    return {path: make(view) for path, make in export_makers().items()}
