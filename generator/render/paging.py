"""Pages of a large briefing's long lists: the chronology by period, quotes and claims in parts.

A briefing of a few hundred events reads best as one chronology page; one of 10,000 would
be a page of tens of megabytes. So when a list holds more than `per_page` facts it is split:
the chronology by year, a year that alone is too long by month (its events without a single
month on a page of the year's own; consecutive quiet months share a page), and a month that
alone is too long into numbered parts;
quotes and claims, which have no period of their own, into numbered parts in their order.
The list's first page (`chronology.html`, `quotes.html`, `claims.html`) then becomes the
index of its pages, with counts, and every page links to the ones before and after it.

Where each fact lands is decided here once per build and handed to `links.fact_path` as a
`Paging`, so every link to a fact anywhere in the site reaches the page that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Event
from .chronology import Group
from .links import PAGES, Paging
from .memo import digest

PER_PAGE = 150  # facts a page of a list holds at most: some 65 KB gzipped at the bench's size l


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a paged list."""

    path: str  # relative to the briefing folder, as PAGES gives pages
    label: str  # what the index of pages and the page's heading call it
    short: str  # its name within its year ("May"), or as `label` where it has no year
    count: int  # facts on it
    groups: tuple[Group, ...] = ()  # the chronology's headings on it, with their events
    items: tuple = ()  # the quotes or claims on it
    year: str = ""  # the chronology's year it belongs to, for the index of periods


@dataclass(frozen=True, slots=True)
class Parts:
    """The pages of one list, in reading order; empty when the list keeps its one page."""

    index: str  # the list's own page, which becomes the index of its parts
    parts: tuple[Part, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.parts)

    def around(self, part: Part) -> tuple[Part | None, Part | None]:
        """The pages before and after `part`."""
        at = self.parts.index(part)
        return (self.parts[at - 1] if at else None, self.parts[at + 1] if at + 1 < len(self.parts) else None)

    def years(self) -> list[tuple[str, int, list[Part]]]:
        """(year, its events, its pages) for the chronology's index of periods."""
        out: list[tuple[str, int, list[Part]]] = []
        for part in self.parts:
            if not out or out[-1][0] != part.year:
                out.append((part.year, 0, []))
            year, count, parts = out[-1]
            out[-1] = (year, count + part.count, [*parts, part])
        return out


def _count(group: Group) -> int:
    return len(group.events) + sum(_count(m) for m in group.months)


def _page(group_id: str) -> str:
    return f"chronology/{group_id.removeprefix('y')}.html"


def chronology_parts(groups: list[Group], per_page: int) -> Parts:
    """The chronology's pages: see the module's docstring."""
    if sum(map(_count, groups)) <= per_page:
        return Parts(PAGES["chronology"])
    parts: list[Part] = []
    for year in groups:
        if _count(year) <= per_page:
            parts.append(Part(_page(year.id), year.label, year.label, _count(year), (year,), year=year.label))
            continue
        units = []  # each period of the year as it would stand on a page, and its short name
        if year.events:  # events of the year, no single month: they open the year
            units.append((Group(year.id, year.label, year.events), "no single month"))
        for month in year.months:
            short = month.label.removeprefix(f"{year.label}, ").replace(f" {year.label}", "")  # "May", "no single month"
            units.append((Group(year.id, year.label, (), (month,)), short))
        parts += _pages_of_year(units, year, per_page)
    return Parts(PAGES["chronology"], tuple(parts))


def _pages_of_year(units: list[tuple[Group, str]], year: Group, per_page: int) -> list[Part]:
    """A long year's pages: consecutive periods that fit on one page together share it (a
    quiet month gets no page of its own); a period too long for one is cut into parts."""
    out: list[Part] = []
    run: list[tuple[Group, str]] = []
    for unit in units:
        count = _count(unit[0])
        if count > per_page:
            out += _packed(run, year, per_page) + _split(unit[0], year, unit[1], per_page)
            run = []
        elif sum(_count(u[0]) for u in run) + count > per_page:
            out += _packed(run, year, per_page)
            run = [unit]
        else:
            run.append(unit)
    return out + _packed(run, year, per_page)


def _packed(run: list[tuple[Group, str]], year: Group, per_page: int) -> list[Part]:
    """One page for consecutive periods of a year that fit on it together."""
    if len(run) <= 1:
        return [part for unit in run for part in _split(unit[0], year, unit[1], per_page)]
    (first, first_short), (_, last_short) = run[0], run[-1]
    lead = first.events if not first.months else ()
    months = tuple(month for group, _ in run for month in group.months)
    short = f"{first_short} to {last_short}"
    page = _page(first.months[0].id if first.months else first.id)
    return [Part(page, f"{year.label}, {short}", short, sum(_count(g) for g, _ in run), (Group(year.id, year.label, lead, months),), year=year.label)]


def _split(shown: Group, year: Group, short: str, per_page: int) -> list[Part]:
    """One period's page, or its numbered parts when it alone holds more than `per_page`;
    `short` names the period within its year."""
    inner = shown.months[0] if shown.months else shown
    events = inner.events
    label = inner.label if shown.months else f"{year.label}, {short}"
    if len(events) <= per_page:
        return [Part(_page(inner.id), label, short, len(events), (shown,), year=year.label)]
    chunks = [events[i : i + per_page] for i in range(0, len(events), per_page)]
    out = []
    for n, chunk in enumerate(chunks, 1):
        name = inner.id if n == 1 else f"{inner.id}-p{n}"
        piece = Group(name, f"{inner.label}, part {n} of {len(chunks)}", chunk)
        group = Group(year.id, year.label, (), (piece,)) if shown.months else Group(year.id, f"{year.label}, part {n} of {len(chunks)}", chunk)
        more = f", part {n} of {len(chunks)}"
        out.append(Part(_page(name), label + more, short + more, len(chunk), (group,), year=year.label))
    return out


def numbered_parts(kind: str, items: list, per_page: int) -> Parts:
    """Quotes or claims (`kind`: "quotes", "claims") in numbered pages of `per_page`."""
    return chunked(PAGES[kind], f"{kind}/", items, per_page)


def chunked(index: str, stem: str, items: list, per_page: int) -> Parts:
    """`items` in pages `{stem}1.html`, `{stem}2.html`, ... of `per_page` each, listed on
    the page `index`; none if they fit on one."""
    if len(items) <= per_page:
        return Parts(index)
    parts = []
    for n, start in enumerate(range(0, len(items), per_page), 1):
        chunk = tuple(items[start : start + per_page])
        span = f"{start + 1:,}–{start + len(chunk):,}"
        parts.append(Part(f"{stem}{n}.html", span, span, len(chunk), items=chunk))
    return Parts(index, tuple(parts))


CHANGES_PER_FACT = 10  # an edition's list names each fact on a line: ten lines weigh about a card


def events_of(part: Part) -> list[Event]:
    """The events on a chronology page, in order."""
    out: list[Event] = []
    for group in part.groups:
        out += group.events
        for month in group.months:
            out += month.events
    return out


def paging(chronology: Parts, quotes: Parts, claims: Parts) -> Paging:
    """Where each fact of the paged lists lives, with a digest of it for the render cache."""
    pages: dict[str, dict[str, str]] = {"event": {}, "quote": {}, "claim": {}}
    for part in chronology.parts:
        pages["event"].update((e.id, part.path) for e in events_of(part))
    for kind, parts in (("quote", quotes), ("claim", claims)):
        for part in parts.parts:
            pages[kind].update((item.id, part.path) for item in part.items)
    placed = [f"{kind}\0{id_}\0{path}" for kind, ids in pages.items() for id_, path in ids.items()]
    return Paging({kind: ids for kind, ids in pages.items() if ids}, digest("paging", *placed) if placed else "")
