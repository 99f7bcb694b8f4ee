"""`events.geojson`: the places and events that have coordinates, for maps."""

from __future__ import annotations

from typing import Any

from ...model import Event
from .. import geo
from ..fragments import json_array, json_bytes, json_object
from ..links import fact_path
from ..views import View
from .shared import iso_day, event_stance, names, status_text


def events_geojson(view: View) -> bytes:
    """`events.geojson`: a FeatureCollection (RFC 7946) of the places that have coordinates
    (`kind: place`), then of the events located by their own coordinates or their places'.

    Positions are [longitude, latitude], as RFC 7946 orders them. Events located neither way
    are left out, so a briefing without any coordinates gives an empty collection.
    """
    places = [p for p in view.b.places if p.coordinates is not None]
    keys: dict[int, str] = {}  # by id() of each located event: it and the places that locate it
    for e in view.events:
        located = geo.event_places(view, e)
        if e.coordinates is not None or located:
            keys[id(e)] = view.digests(e, *located)
    events = [e for e in view.events if id(e) in keys]
    features = view.fragments("geojson-places", places, lambda p: json_bytes(geo.place_feature(p)))
    features += view.fragments("geojson-events", events, lambda e: json_bytes(_feature(view, e)), lambda e: keys[id(e)])
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
            "start": iso_day(value.lower) or None,
            "end": iso_day(value.upper) or None,
            "place": event.place,
            "places": [p.id for p in view.places.of_event(event) if p.id in event.places],
            "located_by": "coordinates" if event.coordinates is not None else "places",
            "stance": event_stance(event),
            "status": status_text(view, event),
            "actors": names(view, event.actors),
            "permalink": fact_path("event", event.id, view.paging),
        },
    }
