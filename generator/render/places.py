"""Places as the pages see them: what lies in what, which events happened where, by kind.

Computed once per build from the checked briefing; `verify` has already reported unknown
places and `in` loops, so the walks here only guard against them rather than explain them.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Briefing, Event, Place

KIND_LABELS = {
    "country": "Countries",
    "province": "Provinces",
    "district": "Districts",
    "city": "Cities",
    "town": "Towns",
    "village": "Villages",
    "border-area": "Border areas",
    "region": "Regions",
    "site": "Sites",
    "other": "Other places",
}
KIND_NAMES = {
    "country": "Country",
    "province": "Province",
    "district": "District",
    "city": "City",
    "town": "Town",
    "village": "Village",
    "border-area": "Border area",
    "region": "Region",
    "site": "Site",
    "other": "Place",
}
GAZETTEERS = {"geonames": "GeoNames", "wikidata": "Wikidata", "openstreetmap": "OpenStreetMap", "other": "Gazetteer"}


def event_place_ids(event: Event) -> list[str]:
    """The places an event names, its own first, then its accounts' (each once)."""
    return list(dict.fromkeys([*event.places, *(i for a in event.accounts for i in a.places)]))


class Places:
    """A briefing's places, indexed: by id, what each lies in and holds, the events at each."""

    def __init__(self, briefing: Briefing, events: list[Event]) -> None:
        self.all = briefing.places
        self.by_id = {p.id: p for p in briefing.places}
        self.events_at: dict[str, list[Event]] = defaultdict(list)  # in chronology order
        self.holds: dict[str, list[Place]] = defaultdict(list)
        for event in events:
            for place_id in event_place_ids(event):
                self.events_at[place_id].append(event)
        for place in briefing.places:
            if place.within:
                self.holds[place.within].append(place)

    def get(self, id_: str) -> Place | None:
        return self.by_id.get(id_)

    def of_event(self, event: Event) -> list[Place]:
        """The places an event's card shows (and so the facts it must be remembered by)."""
        return [self.by_id[i] for i in event_place_ids(event) if i in self.by_id]

    def chain(self, place: Place) -> list[Place]:
        """The places `place` lies in, nearest first (a province, then its country)."""
        out: list[Place] = []
        current = self.by_id.get(place.within) if place.within else None
        while current is not None and current is not place and current not in out:
            out.append(current)
            current = self.by_id.get(current.within) if current.within else None
        return out

    def page_facts(self, place: Place) -> list:
        """Every fact a place's page shows besides the place: its events, and the places it
        lies in and holds (their names)."""
        return [*self.events_at[place.id], *self.chain(place), *self.holds[place.id]]

    def groups(self) -> list[tuple[str, str, list[Place]]]:
        """(kind, heading, places by name) for the places index, in a fixed kind order."""
        by_kind: dict[str, list[Place]] = defaultdict(list)
        for place in self.all:
            by_kind[place.kind].append(place)
        return [(kind, label, sorted(by_kind[kind], key=lambda p: (p.name.casefold(), p.id))) for kind, label in KIND_LABELS.items() if by_kind[kind]]

    @staticmethod
    def coordinates_text(place: Place) -> str | None:
        """'29.50° N, 60.00° E (GeoNames 1159456)': the point and where it comes from."""
        point = place.coordinates
        if point is None:
            return None
        lat = f"{abs(point.latitude):.4g}° {'N' if point.latitude >= 0 else 'S'}"
        lon = f"{abs(point.longitude):.4g}° {'E' if point.longitude >= 0 else 'W'}"
        source = f" ({GAZETTEERS[place.gazetteer.name]} {place.gazetteer.id})" if place.gazetteer else ""
        return f"{lat}, {lon}{source}"
