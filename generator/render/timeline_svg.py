"""The visual timeline as inline SVG, for the overview, the chronology and the PDF.

Drawn at build time from timeline.py's layout, so it needs no script. Marks are links
(`<a href>` inside the SVG, each with a `<title>` naming the event, its date and who claims
it), built with the page's own linker, so they point wherever the event's permalink is.
Claimed and reported marks differ in shape and fill, not colour alone: a reported day is a
filled dot, a claimed one an open diamond; a reported span a filled bar, a claimed one an
outlined bar. Approximate dates are dashed, uncertain ones carry a "?", open ends an arrow.
The look is set by classes in the site's and the print stylesheet; the presentation
attributes are the fallback where no stylesheet reaches (a feed reader, say).
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..dates import UNTIMED, time_rank
from ..model import Event
from ..validate import time_of
from .paging import events_of
from .timeline import LANE, TOP, Dating, Entry, Layout, Mark, Placed, layout

RECENT = 8  # events in the overview's timeline: the latest, in reading order
# The chronology's timeline draws at most this many (the latest): a drawing of thousands of
# marks would outweigh the page it heads, and take seconds to lay out.
MOST = 200
INK = {"reported": "#1f5f3a", "claimed": "#8a4b00"}


def entries(view, events: list[Event]) -> list[Entry]:
    """Each event with the distinct dates its accounts give it (an account without a date of
    its own gives the event's); a date is claimed when no account giving it is reported."""
    out = []
    for event in events:
        dates: dict[tuple, list] = {}
        for account in event.accounts:
            when = account.date or event.date
            value = view.edtf(when)
            if value is None:
                continue
            time = time_of(when)
            minutes = time_rank(time) if time else None
            minutes = None if minutes == UNTIMED else minutes
            key = (value.lower, value.upper, value.approximate, value.uncertain, minutes)
            entry = dates.setdefault(key, [value, minutes, True, view.date(when).label])
            entry[2] = entry[2] and account.stance != "reported"
        note = view.event_status(event) or ""
        out.append(Entry(event.id, event.title, tuple(Dating(*d) for d in dates.values()), note))
    return out


def num(value: float) -> str:
    """A coordinate as the drawing writes it: at most one decimal, never '-0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _shape(mark: Mark, y: float) -> str:
    stance = "claimed" if mark.claimed else "reported"
    ink = INK[stance]
    fill = "none" if mark.claimed else ink
    classes = f"tl-mark tl-{stance}" + (" tl-approx" if mark.approximate else "") + (" tl-uncertain" if mark.uncertain else "")
    dash = (' stroke-dasharray="3 2"' + ("" if mark.claimed else ' fill-opacity="0.4"')) if mark.approximate else ""
    common = f'class="{classes}" fill="{fill}" stroke="{ink}" stroke-width="2"{dash}'
    x0, x1 = mark.x0, mark.x1
    if mark.day:
        if mark.claimed:
            shape = f'<path {common} d="M{num(x0)} {num(y - 6)}l6 6-6 6-6-6z"/>'
        else:
            shape = f'<circle {common} cx="{num(x0)}" cy="{num(y)}" r="5"/>'
    elif mark.open_start or mark.open_end:
        # The known end as a stop, the open side as a thin line to the axis's edge, arrowed.
        # A claimed one ends in an open diamond and an open arrowhead, as its days do.
        stop = x1 if mark.open_start else x0
        arrow = f"M{num(x0)} {num(y)}l7-5v10z" if mark.open_start else f"M{num(x1)} {num(y)}l-7-5v10z"
        end = f"M{num(stop)} {num(y - 5)}l5 5-5 5-5-5z" if mark.claimed else f"M{num(stop)} {num(y - 5)}v10"
        shape = (
            f'<path {common} d="M{num(x0)} {num(y)}H{num(x1)}{end}"/>'
            f'<path class="tl-arrow tl-{stance}" fill="{fill}" stroke="{ink}" stroke-width="1.5" d="{arrow}"/>'
        )
    else:
        width = max(x1 - x0, 4)
        shape = f'<rect {common} x="{num(x0)}" y="{num(y - 5)}" width="{num(width)}" height="10" rx="2"/>'
    if mark.uncertain:
        shape += f'<text class="tl-q" x="{num(max(x0, x1) + 7)}" y="{num(y - 4)}" font-size="11">?</text>'
    return shape


def _item(placed: Placed, href: str) -> str:
    entry = placed.entry
    y = TOP + placed.lane * LANE + LANE / 2
    dates = "; ".join(m.label for m in placed.marks)
    if placed.conflicting:
        dates = f"accounts differ: {dates}"
    title = f"{entry.title} — {dates}" + (f" ({entry.note})" if entry.note else "")
    parts = [f'<a href="{escape(href)}" class="tl-event"><title>{escape(title)}</title>']
    if placed.conflicting:
        xs = [x for m in placed.marks for x in (m.x0, m.x1)]
        parts.append(f'<path class="tl-join" stroke="#4f5863" stroke-width="1.5" d="M{num(min(xs))} {num(y)}H{num(max(xs))}"/>')
    # A title over thin lines goes in the lane's upper half, and the lines in its lower half.
    line_y = y + 4 if placed.text_side == "over" else y
    parts += [_shape(m, line_y) for m in sorted(placed.marks, key=lambda m: m.day)]  # bars under points
    if placed.text:
        side = placed.text_side
        anchor = ' text-anchor="end"' if side == "left" else ""
        x = placed.text_x + (-4 if side == "left" else 4 if side == "right" else 0)
        base = y - 2 if side == "over" else y + 4
        parts.append(f'<text class="tl-label" x="{num(x)}" y="{num(base)}" font-size="12"{anchor}>{escape(placed.text)}</text>')
    parts.append("</a>")
    return "".join(parts)


def _axis(lay: Layout) -> str:
    y = lay.axis_y
    parts = ['<g class="tl-axis" stroke="#4f5863" fill="#4f5863">']
    for seg in lay.segments:
        parts.append(f'<path d="M{num(seg.x0)} {y}H{num(seg.x1)}"/>')
    for left, right in zip(lay.segments, lay.segments[1:]):  # a break: two slashes in the gap
        mid = (left.x1 + right.x0) / 2
        parts.append(f'<path class="tl-break" d="M{num(mid - 5)} {y + 5}l4-10M{num(mid + 1)} {y + 5}l4-10"/>')
    for tick in lay.ticks:
        # A label that would run off an edge is set from its tick inwards instead of centred.
        half = len(tick.label) * 3.2
        anchor, x = ("start", tick.x - 3) if tick.x - half < 0 else ("end", tick.x + 3) if tick.x + half > lay.width else ("middle", tick.x)
        parts.append(f'<path d="M{num(tick.x)} {y}v5"/><text x="{num(x)}" y="{y + 18}" font-size="11" text-anchor="{anchor}" stroke="none">{escape(tick.label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def svg(lay: Layout, href, label: str, uid: str) -> Markup:
    """The drawing: `href(event id)` gives each mark's link, `label` names it for readers."""
    items = "".join(_item(p, href(p.entry.id)) for p in lay.placed)
    return Markup(
        f'<svg class="timeline" id="{uid}" viewBox="0 0 {lay.width} {lay.height}" width="{lay.width}" height="{lay.height}" '
        f'role="group" aria-labelledby="{uid}-title" font-family="sans-serif">'
        f'<title id="{uid}-title">{escape(label)}</title>{_axis(lay)}{items}</svg>'
    )


LEGEND = [
    ("reported", '<circle class="tl-mark tl-reported" cx="9" cy="8" r="5" fill="#1f5f3a"/>', "reported by the source (filled)"),
    ("claimed", '<path class="tl-mark tl-claimed" d="M9 2l6 6-6 6-6-6z" fill="none" stroke="#8a4b00" stroke-width="2"/>', "only claimed, alleged or denied (open)"),
    ("span", '<rect class="tl-mark tl-reported" x="1" y="3" width="16" height="10" rx="2" fill="#1f5f3a"/>', "a month, a year or an interval"),
    ("approximate", '<rect class="tl-mark tl-reported tl-approx" x="1" y="3" width="16" height="10" rx="2" fill="#1f5f3a" stroke="#1f5f3a" stroke-width="2" stroke-dasharray="3 2" fill-opacity="0.4"/>', "approximate (dashed)"),
    ("uncertain", '<text class="tl-q" x="5" y="13" font-size="13">?</text>', "uncertain"),
    ("open", '<path class="tl-mark tl-reported" d="M3 8H16M16 2v12" stroke="#1f5f3a" stroke-width="2"/><path class="tl-arrow tl-reported" d="M1 8l7-5v10z" fill="#1f5f3a"/>', "on or before a day (open start), or on or after"),
    ("conflicting", '<path class="tl-join" d="M3 8H15" stroke="#4f5863" stroke-width="1.5"/><circle class="tl-mark tl-reported" cx="4" cy="8" r="3.5" fill="#1f5f3a"/><circle class="tl-mark tl-reported" cx="14" cy="8" r="3.5" fill="#1f5f3a"/>', "accounts that give different dates, joined"),
]


def legend(lay: Layout) -> Markup:
    """A key to the marks the drawing uses, in words, each with its sample."""
    hours = any(seg.unit == "hour" for seg in lay.segments)  # where a day without a time is a bar
    items = [
        f'<li><svg class="tl-key" viewBox="0 0 18 16" width="18" height="16" aria-hidden="true">{sample}</svg> {text}{", or a whole day" if feature == "span" and hours else ""}</li>'
        for feature, sample, text in LEGEND
        if lay.has(feature)
    ]
    return Markup('<ul class="timeline-legend">' + "".join(items) + "</ul>")


def figure(ctx, events: list[Event], scope: str, uid: str) -> Markup:
    """The timeline of `events` in a `<figure>` with its caption and key; `scope` says in
    words what it shows. Nothing when no event has a known date."""
    view, link = ctx["view"], ctx["link"]
    lay = layout(entries(view, events), language=view.meta.language)
    if lay is None:
        return Markup("")
    first, last = lay.placed[0].marks[0].label, lay.placed[-1].marks[-1].label
    count = len(lay.placed)
    label = f"Timeline of {count} event{'s' if count != 1 else ''}: {scope}"
    drawing = svg(lay, lambda id_: link.fact("event", id_), label, uid)
    left_out = f" {len(lay.left_out)} without a known date are not drawn." if lay.left_out else ""
    what = "Each mark links to its event" if link.marks_link else "The events follow in date order"
    caption = Markup("{} {}, from {} to {}.{}").format(label + ".", what, first, last, left_out)
    return Markup('<figure class="timeline-figure" id="{}-figure"><div class="timeline-scroll">{}</div><figcaption>{} {}</figcaption></figure>').format(
        uid, drawing, caption, legend(lay)
    )


@pass_context
def timeline_recent(ctx) -> Markup:
    """The overview's timeline: the latest RECENT events."""
    events = ctx["view"].events
    shown = events[-RECENT:]
    scope = "all of them" if len(shown) == len(events) else f"the latest {len(shown)} of {len(events)}; the chronology shows them all"
    return figure(ctx, shown, scope, "timeline_recent")  # "_": no fact id can hold one, so no card shares it


@pass_context
def timeline_all(ctx) -> Markup:
    """The chronology's timeline: every event, over the whole span (the latest MOST of a
    larger chronology); on a page of a paged chronology, that page's events alone, so that
    each page stays light and its marks lead to cards on it."""
    part = ctx.get("part")
    if part is not None:
        events = events_of(part)
        scope = f"this page, {part.label}" if len(events) <= MOST else f"the latest {MOST} of this page's {len(events)}, {part.label}"
    else:
        events = ctx["view"].events
        scope = "the whole chronology" if len(events) <= MOST else f"the latest {MOST} of {len(events)}"
    shown = events[-MOST:]
    # Remembered between builds by what it draws: the events and the actors whose claims it
    # names (a paged chronology draws one on each of its pages, every rebuild).
    view = ctx["view"]
    claimants = {a: None for e in shown for account in e.accounts for a in account.by}
    facts = [*shown, *(view.actor[a] for a in claimants if a in view.actor)]
    return Markup(view.piece("timeline", facts, lambda: str(figure(ctx, shown, scope, "timeline_all")), ctx["link"].page, scope))


GLOBALS = {"timeline_recent": timeline_recent, "timeline_all": timeline_all}
