"""The visual timeline's layout: where each event's dates fall on an axis, as plain numbers.

Pure geometry, no markup (timeline_svg.py draws it, from the View). Each date keeps its
precision: a day is a point (placed by its time when one is known), a month, a year or an
interval a bar from its first day to the end of its last, an open end a bar to the axis's
edge. An event whose accounts give different dates keeps one mark per date, joined.

A briefing often spans a founding year and then a crisis of weeks: a linear axis would
squeeze the weeks into a few pixels, so a long empty stretch is cut out and shown as a
break between segments, each with ticks of its own, chosen for its span (hours to
centuries). Events are packed into lanes with their titles beside them; positions are
rounded to a tenth of a unit so the drawing is the same bytes in every build.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from ..dates import Edtf
from ..localised import month_abbreviation

WIDTH = 720  # user units; the drawing scales with the page
MARGIN = 10
LANE = 22  # height of a lane
TOP = 8
AXIS = 30  # room under the lanes for ticks and their labels
BREAK = 16  # the gap a break leaves in the axis
CHAR = 6.4  # a label character's width at the label size (no font metrics at build time)
LABEL_CHARS = 40  # titles are cut to this in the drawing; its link's title holds them whole
MIN_SHARE = 0.15  # the least share of the width a segment gets, however few its events
GAP_SHARE = 0.7  # an empty stretch longer than this share of the whole span becomes a break
MAX_SEGMENTS = 4
MAX_LABELLED = 30  # more events than this are drawn without titles beside them (in their links' titles only)
DAY_MARK = 12  # the width a point-like mark takes, for packing
WHOLE_DAY = 40  # an untimed day at least this wide on the axis is drawn as a bar, not a dot


@dataclass(frozen=True, slots=True)
class Dating:
    """One date an event is given: by the event, or by some of its accounts."""

    value: Edtf
    minutes: int | None  # the time of day, when the date gives one
    claimed: bool  # no account giving this date reports it in the source's own voice
    label: str  # the date as readers see it ('late night, 16 January 2024')


@dataclass(frozen=True, slots=True)
class Entry:
    """An event to place: its id, its title and each distinct date its accounts give."""

    id: str
    title: str
    dates: tuple[Dating, ...]
    note: str = ""  # who claims it, for the mark's title


@dataclass(frozen=True, slots=True)
class Mark:
    """One date drawn: a point (`day`) at x0 == x1, or a bar from x0 to x1."""

    x0: float
    x1: float
    day: bool
    claimed: bool
    approximate: bool
    uncertain: bool
    open_start: bool
    open_end: bool
    label: str


@dataclass(frozen=True, slots=True)
class Placed:
    """An event in its lane, with its marks and where its title goes."""

    entry: Entry
    lane: int
    marks: tuple[Mark, ...]
    text: str  # the title as drawn (cut), or '' when titles are left out
    text_x: float
    text_side: str  # 'right' or 'left' of the marks (ending at text_x), or 'over' a long bar

    @property
    def conflicting(self) -> bool:
        return len(self.marks) > 1


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the axis: days `lo` to `hi` (fractional) drawn from x0 to x1."""

    lo: float
    hi: float
    x0: float
    x1: float
    unit: str = ""  # the tick unit chosen: hour, day, week, month or year

    def x(self, t: float) -> float:
        return self.x0 + (t - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    lanes: int
    placed: tuple[Placed, ...]
    segments: tuple[Segment, ...]
    ticks: tuple[Tick, ...]
    left_out: tuple[Entry, ...]  # events with no known date at all: not drawn

    @property
    def axis_y(self) -> int:
        return TOP + self.lanes * LANE + 4

    def has(self, feature: str) -> bool:
        """Whether any mark shows `feature` (for the legend): day, span, claimed, reported,
        approximate, uncertain, open, conflicting."""
        marks = [m for p in self.placed for m in p.marks]
        return {
            "day": any(m.day for m in marks),
            "span": any(not m.day for m in marks),
            "claimed": any(m.claimed for m in marks),
            "reported": any(not m.claimed for m in marks),
            "approximate": any(m.approximate for m in marks),
            "uncertain": any(m.uncertain for m in marks),
            "open": any(m.open_start or m.open_end for m in marks),
            "conflicting": any(p.conflicting for p in self.placed),
        }[feature]


def r(value: float) -> float:
    """A coordinate rounded to a tenth: the same digits in every build."""
    return round(value + 0.0, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


# --- time as numbers --------------------------------------------------------------------------


def _open(value: Edtf) -> tuple[bool, bool]:
    return value.lower == date.min, value.upper == date.max


def interval(d: Dating) -> tuple[float | None, float | None]:
    """The days a date covers, as fractional day numbers; None for an open end. A day with a
    time is the moment; a day without one covers the whole day."""
    open_start, open_end = _open(d.value)
    lo = None if open_start else float(d.value.lower.toordinal())
    hi = None if open_end else float(d.value.upper.toordinal() + 1)
    if d.value.lower == d.value.upper and d.minutes is not None:
        lo = hi = d.value.lower.toordinal() + d.minutes / 1440
    return lo, hi


def _extent(d: Dating) -> tuple[float, float] | None:
    """The known part of a date, for fitting the axis: an open start counts by its end."""
    lo, hi = interval(d)
    if lo is None and hi is None:
        return None
    return (hi if lo is None else lo), (lo if hi is None else hi)


# --- segments ---------------------------------------------------------------------------------


def segments(extents: list[tuple[float, float]], width: float = WIDTH) -> list[Segment]:
    """The axis cut at its long empty stretches, each piece padded and given its share of
    the width: in proportion to the dates in it (where the events are is what a reader
    looks at), and never less than MIN_SHARE of it."""
    spans = sorted(extents)
    lo, hi = spans[0][0], max(e[1] for e in spans)
    clusters: list[list[float]] = [[*spans[0]]]
    for a, b in spans[1:]:
        if a <= clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    gaps = sorted(((clusters[i + 1][0] - clusters[i][1], i) for i in range(len(clusters) - 1)), reverse=True)
    cuts = sorted(i for gap, i in gaps[: MAX_SEGMENTS - 1] if gap > GAP_SHARE * (hi - lo))
    pieces, start = [], 0
    for i in [*cuts, len(clusters) - 1]:
        pieces.append((clusters[start][0], max(c[1] for c in clusters[start : i + 1])))
        start = i + 1
    counts = [sum(1 for a, _ in spans if lo_ <= a <= hi_) for lo_, hi_ in pieces]
    pieces = [_padded(a, b) for a, b in pieces]
    room = width - 2 * MARGIN - BREAK * (len(pieces) - 1)
    shares = [max(n / len(spans), MIN_SHARE) for n in counts]
    shares = [s / sum(shares) for s in shares]
    out, x = [], float(MARGIN)
    for (a, b), share in zip(pieces, shares):
        out.append(Segment(a, b, r(x), r(x + share * room)))
        x += share * room + BREAK
    return out


def _padded(lo: float, hi: float) -> tuple[float, float]:
    """A piece of the axis with room at each end: a twentieth of its span, and at least an
    hour (so that a lone moment still has a span)."""
    pad = max((hi - lo) / 20, 1 / 24)
    return lo - pad, hi + pad


# --- ticks ------------------------------------------------------------------------------------

# (unit, step, about how many days a step is)
STEPS = [("hour", n, n / 24) for n in (1, 2, 3, 6, 12)]
STEPS += [("day", 1, 1), ("day", 2, 2), ("week", 1, 7), ("week", 2, 14)]
STEPS += [("month", n, n * 30.44) for n in (1, 2, 3, 6)]
STEPS += [("year", n, n * 365.25) for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)]
TICK_ROOM = 76  # the least room a tick label needs ("10 Feb 2025" at the label size, and a gap)


def choose_step(span_days: float, pixels: float) -> tuple[str, int]:
    """The finest calendar step that leaves each tick label room to be read."""
    most = max(1, int(pixels // TICK_ROOM))
    for unit, step, days in STEPS:
        if span_days / days <= most:
            return unit, step
    return STEPS[-1][:2]


def ticks(segment: Segment, language: str = "en") -> tuple[Segment, list[Tick]]:
    """The segment's ticks, at calendar boundaries of the chosen step; a coarser step than
    would fit is never needed, and a finer one is tried when none falls inside."""
    first = choose_step(segment.hi - segment.lo, segment.x1 - segment.x0)
    index = STEPS.index(next(s for s in STEPS if s[:2] == first))
    for unit, step, _ in reversed(STEPS[: index + 1]):
        found = list(_boundaries(unit, step, segment.lo, segment.hi))
        if found:
            done = Segment(segment.lo, segment.hi, segment.x0, segment.x1, unit)
            return done, [Tick(r(done.x(t)), label) for t, label in _labelled(unit, found, language)]
    return segment, []


def _boundaries(unit: str, step: int, lo: float, hi: float):
    """(day number, date, hour) of each boundary of the step between lo and hi."""
    if unit == "hour":
        k = int(-(-lo * 24 // step))  # ceiling
        while k * step / 24 <= hi:
            t = k * step / 24
            day = int(t)
            yield t, date.fromordinal(day), round((t - day) * 24)
            k += 1
        return
    start = date.fromordinal(max(1, int(lo)))
    if unit in ("day", "week"):
        day = start.toordinal()
        while day <= hi:
            d = date.fromordinal(day)
            if day >= lo and (unit == "day" and day % step == 0 or unit == "week" and d.weekday() == 0 and (day // 7) % step == 0):
                yield float(day), d, 0
            day += 1
        return
    year, month = start.year, start.month
    while True:
        if unit == "month":
            d = date(year, month, 1)
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
            ok = (d.month - 1) % step == 0
        else:
            d = date(year, 1, 1)
            year += 1
            ok = d.year % step == 0
        if d.toordinal() > hi or year > 9999:
            return
        if ok and d.toordinal() >= lo:
            yield float(d.toordinal()), d, 0


def _labelled(unit: str, found: list, language: str = "en") -> list[tuple[float, str]]:
    """Each tick's label, month names in the briefing's language."""
    short = lambda month: month_abbreviation(month, language)  # noqa: E731
    out = []
    for i, (t, d, hour) in enumerate(found):
        if unit == "hour":
            label = f"{d.day} {short(d.month)}" if hour == 0 or i == 0 and len(found) == 1 else f"{hour:02d}:00"
        elif unit in ("day", "week"):
            label = f"{d.day} {short(d.month)}" + (f" {d.year}" if i == 0 or d.year != found[i - 1][1].year else "")
        elif unit == "month":
            label = short(d.month) + (f" {d.year}" if i == 0 or d.month == 1 else "")
        else:
            label = str(d.year)
        out.append((t, label))
    return out


# --- lanes ------------------------------------------------------------------------------------


def _segment_of(segs: list[Segment], t: float) -> Segment:
    for seg in segs:
        if t <= seg.hi:
            return seg
    return segs[-1]


def _mark(segs: list[Segment], d: Dating) -> Mark:
    lo, hi = interval(d)
    open_start, open_end = lo is None, hi is None
    known = hi if lo is None else lo
    seg = _segment_of(segs, known)
    x0 = seg.x0 if open_start else seg.x(lo)
    end_seg = _segment_of(segs, hi) if hi is not None else _segment_of(segs, lo)
    x1 = end_seg.x1 if open_end else end_seg.x(hi)
    day = not open_start and not open_end and d.value.lower == d.value.upper
    # A day without a time is a point, unless the axis is fine enough (hours) to show it as
    # the span it is: a dot at its middle would read as "at noon".
    if day and (d.minutes is not None or x1 - x0 < WHOLE_DAY):
        x0 = x1 = (x0 + x1) / 2
    else:
        day = False
    return Mark(r(x0), r(x1), day, d.claimed, d.value.approximate, d.value.uncertain, open_start, open_end, d.label)


def cut(title: str, limit: int = LABEL_CHARS) -> str:
    """A title cut at a word to fit beside its marks."""
    if len(title) <= limit:
        return title
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:'’") + "…"


def layout(entries: list[Entry], width: int = WIDTH, language: str = "en") -> Layout | None:
    """The timeline of `entries` (in reading order); None when no event has a known date."""
    known = [any(_extent(d) for d in e.dates) for e in entries]
    drawn = [e for e, k in zip(entries, known) if k]
    left_out = tuple(e for e, k in zip(entries, known) if not k)
    if not drawn:
        return None
    extents = [x for e in drawn for d in e.dates if (x := _extent(d))]
    segs, tick_list = [], []
    for seg in segments(extents, width):
        seg, found = ticks(seg, language)
        segs.append(seg)
        tick_list += found
    labelled = len(drawn) <= MAX_LABELLED
    lanes: list[list] = []
    placed = []
    for entry in drawn:
        marks = tuple(_mark(segs, d) for d in entry.dates if _extent(d))
        a, b = min(m.x0 for m in marks) - DAY_MARK / 2, max(m.x1 for m in marks) + DAY_MARK / 2
        thin = all(m.open_start or m.open_end for m in marks)
        text, side, span = _label(entry.title if labelled else "", a, b, width, thin)
        lane = _lane(lanes, span)
        text_x = {"left": a - 2, "right": b + 2, "over": a + 14}[side]
        placed.append(Placed(entry, lane, marks, text, r(text_x), side))
    height = TOP + len(lanes) * LANE + AXIS
    return Layout(width, height, len(lanes), tuple(placed), tuple(segs), tuple(tick_list), left_out)


def _label(title: str, a: float, b: float, width: int, thin: bool) -> tuple[str, str, tuple[float, float]]:
    """(the title as drawn, its side, the span it and the marks take) for marks from a to b:
    right of them if it fits, else left, else cut to the roomier side, or over the marks
    when they are `thin` lines (open ends drawn to the axis's edge) that hold more of it."""
    if not title:
        return "", "right", (a, b)
    text = cut(title)
    need = len(text) * CHAR + 8
    right, left = width - MARGIN - b, a - MARGIN
    if need <= right:
        return text, "right", (a, b + need)
    if need <= left:
        return text, "left", (a - need, b)
    chars = int((max(right, left) - 8) // CHAR)
    over = int((b - a - 24) // CHAR) if thin else 0
    if chars >= 12 and chars >= over:
        text = cut(title, chars)
        need = len(text) * CHAR + 8
        return (text, "right", (a, b + need)) if right >= left else (text, "left", (a - need, b))
    return cut(title, max(12, over)), "over", (a, b)


def _lane(lanes: list[list], span: tuple[float, float]) -> int:
    """The first lane where `span` overlaps nothing, 4 units clear (a new lane when none is
    free). A lane is [leftmost, rightmost, its spans' starts, their ends], in order: its spans
    never overlap, so ends are in order too, and only the last span starting before `span`
    ends can be in its way (found by bisection: a large chronology's lanes hold thousands)."""
    a, b = span
    for i, lane in enumerate(lanes):
        low, high, starts, ends = lane
        if a < high + 4 and b + 4 > low:  # within the lane's extent: look at its spans
            k = bisect_left(starts, b + 4) - 1
            if k >= 0 and a < ends[k] + 4:
                continue
        k = bisect_left(starts, a)
        starts.insert(k, a)
        ends.insert(k, b)
        lane[0], lane[1] = min(low, a), max(high, b)
        return i
    lanes.append([a, b, [a], [b]])
    return len(lanes) - 1
