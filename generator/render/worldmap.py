"""Country outlines for the maps: Natural Earth 1:110m, projected and clipped to a briefing.

The outlines ship with briefbook (generator/data/countries-110m.json, Natural Earth's
public-domain data as `world-atlas` packages it, see generator/data/README.md), so a map
is drawn at build time and no page asks another host for tiles. The TopoJSON is decoded
here rather than with a library: the format's decoding is twenty lines (arcs of
delta-encoded integers, scaled), and the one Python TopoJSON package builds topologies
rather than reads them. The projection is equirectangular, with the longitude scaled by
the cosine of the view's middle latitude so that shapes near the view's centre keep their
proportions; each ring is clipped to the view (Sutherland–Hodgman) and its points rounded
to whole units, which also thins the outline to what the drawing can show.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "countries-110m.json"
WIDTH, HEIGHT = 720, 360
PAD_SHARE, MIN_PAD = 0.6, 8.0  # room round the places: a share of their spread, in degrees at least

Ring = list[tuple[float, float]]
THIN = 2  # the least step, in units of the drawing, between two points of an outline


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """(name, rings in longitude and latitude) of every country, in the file's order."""
    topology = json.loads(DATA.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        rings = tuple(_ring(arcs, indexes) for polygon in polygons for indexes in polygon)
        out.append((geometry.get("properties", {}).get("name", ""), rings))
    return tuple(out)


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """A ring from its arcs: a negative index (~i) is arc i reversed; arcs share their ends."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


@dataclass(frozen=True, slots=True)
class View:
    """The part of the world a map shows, and how it is projected onto WIDTH × HEIGHT."""

    west: float
    east: float
    south: float
    north: float

    @property
    def scale_x(self) -> float:
        return WIDTH / (self.east - self.west)

    @property
    def scale_y(self) -> float:
        return HEIGHT / (self.north - self.south)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.scale_x, (self.north - lat) * self.scale_y


def fit(points: list[tuple[float, float]]) -> View:
    """A view round (longitude, latitude) points with room on every side, widened to the
    drawing's shape (longitude degrees shortened by the cosine of the middle latitude)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad = max(PAD_SHARE * max(east - west, north - south), MIN_PAD)
    west, east, south, north = west - pad, east + pad, max(south - pad, -90.0), min(north + pad, 90.0)
    squeeze = math.cos(math.radians((south + north) / 2))
    width_deg, height_deg = (east - west) * squeeze, north - south
    want = WIDTH / HEIGHT
    if width_deg / height_deg < want:  # too tall: widen
        extra = (height_deg * want / squeeze - (east - west)) / 2
        west, east = west - extra, east + extra
    else:  # too wide: heighten, within the poles' limits
        extra = ((east - west) * squeeze / want - height_deg) / 2
        south, north = max(south - extra, -90.0), min(north + extra, 90.0)
    return View(round(west, 4), round(east, 4), round(south, 4), round(north, 4))


def _clip(ring: list[tuple[float, float]], edge: int, bound: float) -> list[tuple[float, float]]:
    """One pass of Sutherland–Hodgman: keep what lies inside one edge of the view.
    `edge` 0 to 3: x ≥ bound, x ≤ bound, y ≥ bound, y ≤ bound."""
    axis, keep_greater = edge // 2, edge % 2 == 0

    def inside(p):
        return p[axis] >= bound if keep_greater else p[axis] <= bound

    def crossing(p, q):
        t = (bound - p[axis]) / (q[axis] - p[axis])
        return (bound, p[1] + t * (q[1] - p[1])) if axis == 0 else (p[0] + t * (q[0] - p[0]), bound)

    out = []
    for i, q in enumerate(ring):
        p = ring[i - 1]
        if inside(q):
            if not inside(p):
                out.append(crossing(p, q))
            out.append(q)
        elif inside(p):
            out.append(crossing(p, q))
    return out


def outlines(view: View) -> list[list[tuple[int, int]]]:
    """Every country ring that shows in the view, projected, clipped just outside its edges
    (so that no border runs along them) and rounded to whole units without repeats."""
    out = []
    edges = [(0, -2.0), (1, WIDTH + 2.0), (2, -2.0), (3, HEIGHT + 2.0)]
    for _, rings in countries():
        for ring in rings:
            lons = [p[0] for p in ring]
            if max(lons) < view.west or min(lons) > view.east:
                continue
            points = [view.project(lon, lat) for lon, lat in ring]
            for edge, bound in edges:
                if not points:
                    break
                points = _clip(points, edge, bound)
            rounded: list[tuple[int, int]] = []
            for x, y in points:
                p = (round(x), round(y))
                # Points a unit or so from the last kept one add bytes, not shape.
                if not rounded or abs(p[0] - rounded[-1][0]) + abs(p[1] - rounded[-1][1]) >= THIN:
                    rounded.append(p)
            if len(rounded) > 1 and rounded[0] == rounded[-1]:
                rounded.pop()
            if len(rounded) >= 3:
                out.append(rounded)
    return out


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """SVG path data for the rings, in relative moves (the shortest text for whole units)."""
    parts = []
    for ring in rings:
        x, y = ring[0]
        steps = []
        for nx, ny in ring[1:]:
            steps.append(f"{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


@lru_cache(maxsize=16)
def land(view: View) -> str:
    """The path data of the land in a view: made once per view (every place page shares it)."""
    return path_data(outlines(view))
