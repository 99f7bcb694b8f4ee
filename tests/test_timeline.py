"""The visual timeline's layout (render/timeline.py) for dates of every precision, its ticks
over spans from hours to centuries, and its drawing (render/timeline_svg.py) as SVG that
parses, in the example's and the multi-source briefing's built pages."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from conftest import EXAMPLE, MULTI
from generator.dates import parse_edtf
from generator.render.timeline import Dating, Entry, Segment, _lane, choose_step, layout, segments, ticks
from generator.render.timeline_svg import svg

SVG = "{http://www.w3.org/2000/svg}"


def dating(text: str, minutes: int | None = None, claimed: bool = False) -> Dating:
    return Dating(parse_edtf(text), minutes, claimed, text)


def entry(id_: str, *dates: Dating) -> Entry:
    return Entry(id_, f"Event {id_}", dates)


def by_id(lay):
    return {p.entry.id: p for p in lay.placed}


MIXED = [
    entry("day", dating("2024-01-16")),
    entry("timed", dating("2024-01-16", minutes=23 * 60 + 30)),
    entry("month", dating("2024-01")),
    entry("year", dating("2024")),
    entry("interval", dating("2024-01-10/2024-01-20")),
    entry("approx", dating("2024-01~")),
    entry("uncertain", dating("2024-02-03?")),
    entry("claimed", dating("2024-02-10", claimed=True)),
    entry("open", dating("../2024-02-24")),
    entry("conflict", dating("2024-03-02", claimed=True), dating("2024-03-03")),
]


def test_each_precision_is_drawn_as_what_it_is():
    lay = by_id(layout(MIXED))
    (day,), (timed,), (month,), (year,) = (lay[k].marks for k in ("day", "timed", "month", "year"))
    assert day.day and day.x0 == day.x1  # a day is a point
    assert not month.day and month.x1 - month.x0 > 10  # a month is a bar
    assert year.x1 - year.x0 > month.x1 - month.x0  # a year a longer one, and holds the month
    assert year.x0 <= month.x0 and month.x1 <= year.x1
    assert month.x0 <= day.x0 <= month.x1
    assert timed.x0 > day.x0  # 23:30 lies after the middle of the day, where an untimed day is drawn
    (interval,) = lay["interval"].marks
    assert month.x0 < interval.x0 < day.x0 < interval.x1 < month.x1


def test_qualifiers_stances_open_ends_and_conflicts_are_kept():
    lay = layout(MIXED)
    placed = by_id(lay)
    assert placed["approx"].marks[0].approximate and not placed["month"].marks[0].approximate
    assert placed["uncertain"].marks[0].uncertain and not placed["day"].marks[0].uncertain
    assert placed["claimed"].marks[0].claimed and not placed["day"].marks[0].claimed
    (open_,) = placed["open"].marks
    assert open_.open_start and not open_.open_end
    assert open_.x0 == lay.segments[0].x0  # drawn to the axis's start
    conflict = placed["conflict"]
    assert conflict.conflicting and [m.claimed for m in conflict.marks] == [True, False]
    assert conflict.marks[0].x0 < conflict.marks[1].x0
    assert not placed["day"].conflicting
    for feature in ("day", "span", "claimed", "reported", "approximate", "uncertain", "open", "conflicting"):
        assert lay.has(feature), feature
    assert not layout(MIXED[:1]).has("conflicting")


def test_events_share_lanes_only_where_they_do_not_overlap():
    lay = layout(MIXED)
    rows: dict[int, list] = {}
    for p in lay.placed:
        a = min(m.x0 for m in p.marks)
        b = max(m.x1 for m in p.marks)
        if p.text_side == "right":
            b = max(b, p.text_x + len(p.text) * 6.4)
        elif p.text_side == "left":
            a = min(a, p.text_x - len(p.text) * 6.4)
        rows.setdefault(p.lane, []).append((a, b))
    for spans in rows.values():
        spans.sort()
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    apart = layout([entry("a", dating("2024-01-02")), entry("b", dating("2024-06-01")), entry("c", dating("2024-12-30"))])
    assert apart.lanes == 1  # short titles far apart share one lane
    assert lay.height == 8 + lay.lanes * 22 + 30
    for p in lay.placed:
        assert 0 <= min(m.x0 for m in p.marks) and max(m.x1 for m in p.marks) <= lay.width


def test_an_event_with_no_known_date_is_left_out_and_none_at_all_gives_no_drawing():
    unknown = entry("unknown", dating("../.."))
    lay = layout([*MIXED[:2], unknown])
    assert [p.entry.id for p in lay.placed] == ["day", "timed"] and lay.left_out == (unknown,)
    assert layout([unknown]) is None and layout([]) is None


def test_a_long_empty_stretch_becomes_a_break():
    lay = layout([entry("founded", dating("2012")), *MIXED[:3]])
    assert len(lay.segments) == 2
    first, second = lay.segments
    assert first.x1 < second.x0  # the gap between them is the break
    assert second.x1 - second.x0 > first.x1 - first.x0  # three events get more room than one
    assert [t.label for t in lay.ticks if t.x <= first.x1][0] == "2012"
    assert {t.label for t in lay.ticks if t.x <= first.x1} <= {"2012", "2013"}
    assert [t.label for t in lay.ticks if t.x >= second.x0][0] in ("Jan 2024", "1 Jan 2024")
    # Without the stretch, one axis.
    assert len(layout(MIXED).segments) == 1


@pytest.mark.parametrize(
    ("span_days", "unit"),
    [(0.25, "hour"), (1, "hour"), (5, "day"), (30, "week"), (200, "month"), (900, "month"), (365 * 6, "year"), (365 * 40, "year"), (365 * 400, "year")],
)
def test_the_tick_step_fits_the_span(span_days, unit):
    assert choose_step(span_days, 700)[0] == unit


@pytest.mark.parametrize(
    ("first", "last", "width", "labels"),
    [
        ("2024-01-16T06", "2024-01-16T18", 700, ["06:00", "08:00", "10:00", "12:00", "14:00", "16:00", "18:00"]),
        ("2024-01-15T18", "2024-01-17T06", 700, ["18:00", "16 Jan", "06:00", "12:00", "18:00", "17 Jan", "06:00"]),
        ("2024-01-10", "2024-01-17", 700, ["10 Jan 2024", "11 Jan", "12 Jan", "13 Jan", "14 Jan", "15 Jan", "16 Jan", "17 Jan"]),
        ("2023-12-25", "2024-01-22", 400, ["25 Dec 2023", "1 Jan 2024", "8 Jan", "15 Jan", "22 Jan"]),
        ("2023-11-01", "2024-03-01", 400, ["Nov 2023", "Dec", "Jan 2024", "Feb", "Mar"]),
        ("1990-01-01", "2030-01-01", 700, ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025", "2030"]),
    ],
)
def test_ticks_fall_on_calendar_boundaries_with_readable_labels(first, last, width, labels):
    lo, hi = (_day(x) for x in (first, last))
    seg, found = ticks(Segment(lo, hi, 10, 10 + width))
    assert [t.label for t in found] == labels
    assert found[0].x == 10 and found[-1].x == 10 + width
    xs = [t.x for t in found]
    assert xs == sorted(xs) and min(b - a for a, b in zip(xs, xs[1:])) >= 76


@pytest.mark.parametrize(("language", "labels"), [("fr", ["nov. 2023", "déc.", "janv. 2024", "févr.", "mars"]), ("de", ["Nov. 2023", "Dez.", "Jan. 2024", "Feb.", "März"])])
def test_tick_labels_name_months_in_the_briefings_language(language, labels):
    seg, found = ticks(Segment(_day("2023-11-01"), _day("2024-03-01"), 10, 410), language)
    assert [t.label for t in found] == labels


def _day(text: str) -> float:
    day, _, hour = text.partition("T")
    return date.fromisoformat(day).toordinal() + (int(hour) / 24 if hour else 0)


@pytest.mark.parametrize("days", [1 / 6, 1, 3, 20, 100, 800, 365 * 12, 365 * 60])
def test_any_span_gets_ticks_inside_it(days):
    start = date(2001, 3, 7).toordinal() + 0.3
    (seg,) = segments([(start, start + days)])
    seg, found = ticks(seg)
    assert found and all(seg.x0 <= t.x <= seg.x1 for t in found)
    assert len(found) <= (seg.x1 - seg.x0) // 76 + 1


def test_hours_of_one_day_are_drawn_on_an_hour_axis():
    lay = layout([entry("a", dating("2024-01-16", minutes=5 * 60)), entry("b", dating("2024-01-16", minutes=19 * 60))])
    assert lay.segments[0].unit == "hour"
    assert any(t.label.endswith(":00") for t in lay.ticks)
    assert all(m.day for p in lay.placed for m in p.marks)  # timed: points


def test_an_untimed_day_on_an_axis_of_hours_is_the_whole_day_not_noon():
    lay = layout([entry("a", dating("2024-02-02", claimed=True)), entry("b", dating("2024-02-03"))])
    assert lay.segments[0].unit == "hour"
    a, b = (p.marks[0] for p in lay.placed)
    assert not a.day and not b.day and a.x1 <= b.x0 + 0.1 and b.x1 - b.x0 > 100
    midnight = next(t for t in lay.ticks if t.label == "3 Feb")
    assert abs(midnight.x - b.x0) < 0.2  # the bar starts at the day's first hour


def test_the_drawing_is_well_formed_svg_with_a_titled_link_per_event():
    lay = layout(MIXED)
    root = ET.fromstring(str(svg(lay, lambda id_: f"chronology.html#{id_}", "Timeline & <test>", "t")).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert root.find(f"{SVG}title").text == "Timeline & <test>"
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == [f"chronology.html#{e.id}" for e in MIXED]
    assert all(a.find(f"{SVG}title").text.startswith("Event ") for a in links)
    conflict = links[-1]
    assert "accounts differ" in conflict.find(f"{SVG}title").text and conflict.find(f"{SVG}path[@class='tl-join']") is not None
    # Claimed and reported differ in shape and fill, not in colour alone.
    assert links[7].find(f"{SVG}path").get("fill") == "none" and links[0].find(f"{SVG}circle").get("fill") != "none"
    assert links[5].find(f"{SVG}rect").get("stroke-dasharray") == "3 2"  # approximate: dashed
    assert any(t.text == "?" for t in links[6].iter(f"{SVG}text"))  # uncertain: a question mark


def test_coordinates_are_written_with_at_most_one_decimal():
    text = str(svg(layout(MIXED), lambda id_: "#" + id_, "t", "t"))
    numbers = re.findall(r'(?:x|y|cx|cy|width|x1|x2)="(-?[\d.]+)"', text)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)
    assert "-0\"" not in text


# --- in the built pages ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    for folder in (EXAMPLE, MULTI):
        subprocess.run([sys.executable, "-m", "generator", "build", str(folder), "--out", str(out / folder.name), "--no-pdf"], check=True, capture_output=True)
    return out


def figure(html: str, uid: str) -> ET.Element:
    """The timeline figure of a page, parsed as XML (the SVG given its namespace)."""
    match = re.search(rf'<figure class="timeline-figure" id="{uid}-figure">.*?</figure>', html, re.S)
    assert match, uid
    return ET.fromstring(match.group(0).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" '))


def test_the_chronology_draws_every_event_and_the_overview_the_latest(built):
    site = built / "iran-pakistan-2024" / "iran-pakistan-2024"
    chronology = figure((site / "chronology.html").read_text(), "timeline_all")
    ids = [a.get("href") for a in chronology.iter(f"{SVG}a")]
    cards = re.findall(r'<article class="event[^"]*" id="([^"]+)"', (site / "chronology.html").read_text())
    assert ids == [f"#{c}" for c in cards] and len(ids) == 9
    overview = figure((site / "index.html").read_text(), "timeline_recent")
    assert [a.get("href") for a in overview.iter(f"{SVG}a")] == [f"chronology.html#{c}" for c in cards[-8:]]
    assert "the latest 8 of 9" in "".join(overview.find("figcaption").itertext())
    # The claimed killing (no reported account) is open; the 2012 bar is in a segment of its own.
    killing = next(a for a in chronology.iter(f"{SVG}a") if a.get("href") == "#shah-bakhsh-killing")
    assert "Claimed by Iran" in killing.find(f"{SVG}title").text
    assert killing.find(f"{SVG}path").get("class") == "tl-mark tl-claimed"
    assert chronology.find(f".//{SVG}path[@class='tl-break']") is not None


def test_the_multi_source_briefing_joins_the_dates_its_accounts_disagree_on(built):
    html = (built / "aldoria-zemara" / "aldoria-zemara" / "chronology.html").read_text()
    strike = next(a for a in figure(html, "timeline_all").iter(f"{SVG}a") if a.get("href") == "#harvel-strike")
    title = strike.find(f"{SVG}title").text
    assert title.startswith("Strike on Harvel — accounts differ: ") and "late night, 2 March 2025" in title and "early morning, 3 March 2025" in title
    assert strike.find(f"{SVG}path[@class='tl-join']") is not None
    assert strike.find(f"{SVG}circle[@class='tl-mark tl-reported']") is not None  # the residents' report
    assert strike.find(f"{SVG}path[@class='tl-mark tl-claimed']") is not None  # the ministry's claim
    assert "accounts that give different dates, joined" in html


def test_the_drawings_are_the_same_bytes_in_two_builds(built, tmp_path):
    again = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "generator", "build", str(EXAMPLE), "--out", str(again), "--no-pdf"], check=True, capture_output=True)
    for name in ("index.html", "chronology.html", "places/pakistan.html"):
        assert (again / "iran-pakistan-2024" / name).read_bytes() == (built / "iran-pakistan-2024" / "iran-pakistan-2024" / name).read_bytes()


def _first_free_lane(lanes: list[list[tuple[float, float]]], span: tuple[float, float]) -> int:
    """The lane assignment by looking at every span of every lane: what `_lane`'s bisection must agree with."""
    a, b = span
    for i, taken in enumerate(lanes):
        if all(b + 4 <= x or a >= y + 4 for x, y in taken):
            taken.append(span)
            return i
    lanes.append([span])
    return len(lanes) - 1


def test_lanes_found_by_bisection_are_those_a_full_scan_finds():
    rng = random.Random(14)
    for _ in range(20):
        spans = []
        for _ in range(400):  # mostly in reading order, as a chronology's are, with stragglers
            a = rng.choice([rng.uniform(0, 700), len(spans) * 1.7 % 700]) + rng.choice([0, 0.5, 4])
            spans.append((a, a + rng.choice([12, 12, 30, 200, rng.uniform(12, 700)])))
        fast, slow = [], []
        chosen = [_lane(fast, s) for s in spans]
        assert chosen == [_first_free_lane(slow, s) for s in spans]
        assert len(fast) > 3 and chosen.count(0) < len(spans)
