"""The map of a briefing's places, as inline SVG: on the overview and on each place's page.

Drawn at build time (no script, no tiles) over the outlines of worldmap.py, fitted to the
places that have coordinates. Each place is a mark and a link to its page, labelled with
its name and how many events the briefing places there; on a place's own page that place
(or, for a place without coordinates, the nearest place it lies in that has them) is
marked larger and ringed. Nothing is drawn for a briefing with no coordinates.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..model import Place
from . import worldmap
from .memo import code_version, digest
from .timeline_svg import num

CHAR = 6.6  # a label character's width at the label size, for keeping labels inside the map


def _count(n: int) -> str:
    return f"{n} event" if n == 1 else f"{n} events"


def located(view) -> list[Place]:
    """The places that have coordinates, in the order of places.yml."""
    return [p for p in view.places.all if p.coordinates is not None]


def _marked(view, place: Place | None) -> Place | None:
    """The place a page's map marks: the place itself, or the nearest one it lies in with coordinates."""
    if place is None or place.coordinates is not None:
        return place
    return next((p for p in view.places.chain(place) if p.coordinates is not None), None)


def _mark(view, link, map_view: worldmap.View, place: Place, current: bool) -> str:
    x, y = map_view.project(place.coordinates.longitude, place.coordinates.latitude)
    count = len(view.places.events_at[place.id])
    label = f"{place.name} ({count})"
    title = f"{place.name}: {_count(count)}"
    gap = 17 if current else 10
    anchor, tx = ("end", x - gap) if x + gap + len(label) * CHAR > worldmap.WIDTH else ("start", x + gap)
    radius = 8 if current else 5.5
    ring = f'<circle class="map-ring" cx="{num(x)}" cy="{num(y)}" r="13" fill="none" stroke="#c25e00" stroke-width="2.5"/>' if current else ""
    current_attr = ' aria-current="page"' if current else ""
    return (
        f'<a href="{escape(link.fact("place", place.id))}" class="map-place{" map-current" if current else ""}"{current_attr}><title>{escape(title)}</title>{ring}'
        f'<circle class="map-dot" cx="{num(x)}" cy="{num(y)}" r="{radius}" fill="#0b5cad" stroke="#fff" stroke-width="1.5"/>'
        f'<text class="map-label" x="{num(tx)}" y="{num(y + 4)}" font-size="13" text-anchor="{anchor}">{escape(label)}</text></a>'
    )


def figure(ctx, place: Place | None, uid: str) -> Markup:
    """The map in a `<figure>` with a caption in words; nothing without coordinates."""
    view, link = ctx["view"], ctx["link"]
    places = located(view)
    if not places:
        return Markup("")
    map_view = worldmap.fit([(p.coordinates.longitude, p.coordinates.latitude) for p in places])
    # Kept between builds: reading the outlines is most of a small briefing's rebuild.
    land = view.memo.get(digest("map-land", code_version(), repr(map_view)), lambda: worldmap.land(map_view))
    current = _marked(view, place)
    # The current place last, so that its mark is drawn over the others.
    marks = "".join(_mark(view, link, map_view, p, p is current) for p in sorted(places, key=lambda p: p is current))
    label = f"Map of the {len(places)} places with coordinates" if len(places) != 1 else "Map of the place with coordinates"
    drawing = (
        f'<svg class="map" id="{uid}" viewBox="0 0 {worldmap.WIDTH} {worldmap.HEIGHT}" width="{worldmap.WIDTH}" height="{worldmap.HEIGHT}" '
        f'role="group" aria-labelledby="{uid}-title" font-family="sans-serif"><title id="{uid}-title">{escape(label)}</title>'
        f'<rect class="map-sea" width="{worldmap.WIDTH}" height="{worldmap.HEIGHT}" fill="#e3effb"/>'
        f'<path class="map-land" d="{land}" fill="#f4f1e8" stroke="#9aa3ad" stroke-width="0.8" stroke-linejoin="round"/>{marks}</svg>'
    )
    words = "; ".join(f"{p.name}, {_count(len(view.places.events_at[p.id]))}" for p in places)
    note = ""
    if place is not None and current is not place:
        note = f" {place.name} has no coordinates of its own" + (f"; the map rings {current.name}, where it lies." if current else ".")
    elif current is not None:
        note = f" The ringed mark is {current.name}."
    links = " Each mark links to its place." if link.marks_link else ""
    caption = Markup("{}: {}.{}{} Country outlines: Natural Earth (public domain).").format(label, words, links, note)
    return Markup('<figure class="map-figure" id="{}-figure">{}<figcaption>{}</figcaption></figure>').format(uid, Markup(drawing), caption)


def key(view) -> str:
    """What a place page's map shows of the other places: a place page is remade when it changes."""
    return "|".join(f"{p.id} {p.name} {p.coordinates.longitude} {p.coordinates.latitude} {len(view.places.events_at[p.id])}" for p in located(view))


@pass_context
def places_map(ctx, place: Place | None = None) -> Markup:
    """The map for the overview (no place marked) or for a place's page (that place marked)."""
    return figure(ctx, place, "map_place" if place is not None else "map_places")  # "_": no fact id can hold one


GLOBALS = {"places_map": places_map}
