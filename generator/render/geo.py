"""The places in `events.geojson`: each place with coordinates as a Feature of its own, and
where an event without coordinates of its own lies, from the coordinates of its places."""

from __future__ import annotations

from typing import Any

from ..model import Event, Place
from .links import UNPAGED, fact_path
from .views import View


def event_places(view: View, event: Event) -> list[Place]:
    """The places with coordinates that locate an event (its own `places` first)."""
    return [p for p in view.places.of_event(event) if p.coordinates is not None]


def event_geometry(view: View, event: Event) -> dict[str, Any] | None:
    """An event's own point, else its places' points (a MultiPoint when there are several)."""
    if event.coordinates is not None:
        return _point(event.coordinates)
    points = [_position(p.coordinates) for p in event_places(view, event)]
    if not points:
        return None
    return {"type": "Point", "coordinates": points[0]} if len(points) == 1 else {"type": "MultiPoint", "coordinates": points}


def place_feature(place: Place) -> dict[str, Any]:
    """A place with coordinates as a GeoJSON Feature (`kind: place`)."""
    gazetteer = place.gazetteer
    return {
        "type": "Feature",
        "id": f"place:{place.id}",  # event ids and place ids may coincide; feature ids must not
        "geometry": _point(place.coordinates),
        "properties": {
            "kind": "place",
            "id": place.id,
            "name": place.name,
            "aliases": list(place.aliases),
            "place_kind": place.kind,
            "in": place.within,
            "gazetteer": {"name": gazetteer.name, "id": gazetteer.id} if gazetteer else None,
            "permalink": fact_path("place", place.id, UNPAGED),  # places have a page each, never paged
        },
    }


def _point(coordinates) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _position(coordinates)}


def _position(coordinates) -> list[float]:
    return [coordinates.longitude, coordinates.latitude]  # RFC 7946 order
