"""Stage 4, render: a pure function from checked briefings to `{relative path: bytes}`.

Nothing here reads the clock or the disk beyond the templates, so two renders of the same
briefings give the same bytes, and only `write` touches the output folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterable

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..drafts import LABEL as DRAFT_LABEL
from ..model import Briefing, Fact
from ..shipped import templates_dir
from . import cards, figures, html, jsonld, map_svg, quote_cards, reading_html, sharing, timeline_svg
from .exports import DOWNLOADS, export_makers
from .fragments import json_array, json_bytes, json_object
from .feeds import FEED, briefing_feed, site_feed, updated
from .links import PAGES, Linker
from .lists import add_chronology, add_claims, add_quotes, add_updates
from .memo import Memo
from .places import KIND_NAMES
from .paging import PER_PAGE
from .search import PART_BYTES, search_files
from .updates import MARKS
from .markdown import markdown, plain_text
from .views import JSON_FACTS, Notes, View
from .workers import Job
from .workers import run as workers_run
from .whoswho import KIND_NAMES as ACTOR_KIND_NAMES

Files = dict[PurePosixPath, bytes]
Put = Callable[[Iterable[tuple[PurePosixPath, bytes]]], list[tuple[PurePosixPath, Any]]]  # see _render

if TYPE_CHECKING:
    from ..write import Staging

NAV = [("overview", "Overview"), ("updates", "Latest updates"), ("chronology", "Chronology"), ("actors", "Actors"), ("places", "Places"), ("quotes", "Quotes"), ("claims", "Claims"), ("sources", "Sources")]


def nav_for(briefing: Briefing) -> list[tuple[str, str]]:
    """A briefing's top pages, in order: Places only when it has places."""
    return [(key, label) for key, label in NAV if key != "places" or briefing.places]


RELATION_LABELS = {
    "part-of": ("Part of", "Includes"),
    "member-of": ("Member of", "Has as a member"),
    "leads": ("Leads", "Led by"),
    "represents": ("Represents", "Represented by"),
    "counterpart-of": ("Counterpart of", "Counterpart of"),
    "opposes": ("Opposes", "Opposed by"),
    "allied-with": ("Allied with", "Allied with"),
    "media-of": ("Media outlet of", "Has as a media outlet"),
    "affiliated-with": ("Affiliated with", "Affiliated with"),
}
TREND_LABELS = {"deteriorated": "▼ Deteriorated", "unchanged": "◆ Unchanged", "improved": "▲ Improved"}
"""The trend since the previous edition in words (a shape too, never colour alone)."""
ASSETS = ("style.css", "filter.js", "site.js", "search.js", "search-load.js")


def environment(compiled: Path | None = None) -> Environment:
    """The templates' environment; `compiled` is a folder to keep compiled templates in
    between processes (a tenth of a second a build), if it can be made."""
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        bytecode_cache=_bytecode_cache(compiled),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,  # a template typo is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(pages=PAGES, nav=NAV, relation_labels=RELATION_LABELS, trend_labels=TREND_LABELS, marks=MARKS, draft_label=DRAFT_LABEL, **html.GLOBALS, **cards.GLOBALS, **quote_cards.GLOBALS, **reading_html.GLOBALS, **timeline_svg.GLOBALS, **map_svg.GLOBALS)
    return env


def precompile(compiled: Path) -> None:
    """Compile the site's templates into `compiled` (see `environment`) ahead of rendering,
    from a process that would otherwise wait (pipeline.py, while a child checks); a template
    that does not compile is left for the render to report."""
    env = environment(compiled)
    for name in env.list_templates(extensions=("html", "xml")):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - reported where it is rendered, as without this
            pass


def _bytecode_cache(folder: Path | None) -> FileSystemBytecodeCache | None:
    """Jinja's own cache: keyed by each template's source, written atomically."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class _Page:
    """Renders one briefing's pages with the shared context each needs."""

    def __init__(self, env: Environment, view: View) -> None:
        self.env, self.view = env, view

    def __call__(self, template: str, path: str, title: str, ld: dict | Markup, **context) -> tuple[PurePosixPath, bytes]:
        """The page; `ld` is its JSON-LD, as data or as script text already."""
        link = Linker(path, paging=self.view.paging)
        meta, site_url = self.view.meta, self.view.site_url
        card = None
        if site_url and sharing.public(meta.handling):
            card = sharing.Card(sharing.absolute(site_url, f"{self.view.b.slug}/{path}"), title, sharing.description(meta.handling, meta.subtitle), meta.title)
        html = self.env.get_template(template).render(
            card=card,
            view=self.view,
            link=link,
            notes=Notes(self.view),
            md=lambda text, inline=False, after="": markdown(text, link, inline, after),
            lang=self.view.meta.language,
            title=title,
            description=self.view.meta.subtitle or "",
            jsonld=ld if isinstance(ld, Markup) else jsonld.script(ld),
            **context,
        )
        return PurePosixPath(self.view.b.slug, path), html.encode()


def render_briefing(env: Environment, view: View, pdf: bool = True, search: bool = True) -> Files:
    """Every page and export of one briefing, keyed by path under the site root; `pdf` says
    whether the briefing's PDF is built beside them (and so linked); `search`, whether it has
    its own search page (not in MkDocs, whose theme searches)."""
    files: Files = {}
    for _, make in briefing_jobs(env, view, pdf, search):
        _add(files, make())
    return files


def _add(files: Files, items: Iterable[tuple[PurePosixPath, bytes]]) -> None:
    for path, data in items:
        if path in files:
            raise ValueError(f"two pages claim {path}")  # ids are unique, so this is a bug
        files[path] = data


def briefing_jobs(env: Environment, view: View, pdf: bool = True, search: bool = True) -> list[Job]:
    """One briefing's pages and exports as jobs, each with its estimated cost (about a unit
    per fact it shows), that `workers.run` can share among processes."""
    briefing = view.b
    page = _Page(env, view)
    meta, ld = view.meta, jsonld
    jobs: list[Job] = []
    events, quotes, claims = len(briefing.events), len(briefing.quotes), len(briefing.claims)

    def job(cost: int, make: Callable[[], tuple[PurePosixPath, bytes]]) -> None:
        jobs.append((cost, lambda: [make()]))

    downloads = [("briefing.json", "briefing.json (the whole checked briefing)"), *DOWNLOADS]
    if pdf:
        downloads.insert(0, (f"{briefing.slug}.pdf", f"{briefing.slug}.pdf (the briefing, for print)"))
    downloads = [(name, label, label[len(name) + 2 : -1]) for name, label in downloads]  # "x.csv (what)" -> what
    report = {"@type": "Report", "name": meta.title, "datePublished": view.date(meta.as_of).iso, "author": [{"@type": "Person", "name": a} for a in meta.authors], "abstract": plain_text(meta.summary.text)}
    if meta.draft:
        report["creativeWorkStatus"] = "Draft"
    job(1, lambda: page("overview.html", PAGES["overview"], meta.title, ld.graph(report), key_figures=figures.key_figures(view)))
    job(1, lambda: page("data.html", PAGES["data"], "Data", ld.graph({"@type": "WebPage", "name": f"{meta.title}: data"}), downloads=downloads))
    jobs.append((events // 4, lambda: _collected(add_updates, view, page)))
    job(events // 10, lambda: (PurePosixPath(briefing.slug, FEED), briefing_feed(env, view, view.site_url)))
    # The chronology, quotes and claims: one page each, or paged (render/lists.py).
    jobs.append((events * 4, lambda: _collected(add_chronology, view, page)))
    jobs.append((quotes, lambda: _collected(add_quotes, view, page)))
    jobs.append((claims, lambda: _collected(add_claims, view, page)))
    actors = lambda: page("actors.html", PAGES["actors"], "Actors", ld.graph(*(ld.actor(view, a, a.id + ".html") for a in briefing.actors)))  # noqa: E731 - relative to actors/index.html
    # The index shows each actor (names, roles and relations are in the context) and how often it appears.
    job(len(briefing.actors), lambda: view.piece("actors-page", list(briefing.actors), actors, *map(view.appearances, briefing.actors)))

    def actor_page(actor) -> tuple[PurePosixPath, bytes]:
        path = view.path("actor", actor.id)
        make = lambda: page(  # noqa: E731 - rendered only when what it shows changed
            "actor.html", path, actor.name, ld.graph(ld.actor(view, actor, actor.id + ".html")),
            actor=actor, kind_label=ACTOR_KIND_NAMES[actor.kind], roles_in=view.roles_in[actor.id], relations_in=view.relations_in[actor.id],
        )
        return view.piece("actor-page", [actor, *view.actor_page_facts(actor)], make)

    for group in _groups(briefing.actors, 50):
        jobs.append((len(group) * 6, lambda group=group: [actor_page(actor) for actor in group]))
    if briefing.places:
        jobs.append((len(briefing.places) * 2, lambda: _place_pages(view, page)))
    job(len(briefing.sources), lambda: _sources_page(view, page))

    def source_page(source) -> tuple[PurePosixPath, bytes]:
        document = briefing.documents.get(source.id)
        make = lambda: page(  # noqa: E731
            "source.html", view.path("source", source.id), source.title, ld.graph(ld.news_article(view, source, source.id + ".html")),
            source=source, document_name=PurePosixPath(document.path).name if document else source.document,
        )
        # What the page shows of the facts citing it: the passages and the reporting chains.
        return view.piece("source-page", [source], make, view.cited(source), document.path if document else "")

    for group in _groups(briefing.sources, 20):
        jobs.append((len(group) * 20, lambda group=group: [source_page(source) for source in group]))
    if search:
        job(1, lambda: page("search.html", "search.html", "Search", ld.graph({"@type": "SearchResultsPage", "name": f"{meta.title}: search"})))
    jobs.append((1, lambda: _removed_pages(view, page)))
    job(events + len(briefing.actors) + quotes + claims, lambda: (PurePosixPath(briefing.slug, "briefing.json"), briefing_json(briefing, view)))
    for name, cost, make in _exports(view):
        job(cost, lambda name=name, make=make: (PurePosixPath(briefing.slug, name), make(view)))
    return jobs


def _sources_page(view: View, page: _Page) -> tuple[PurePosixPath, bytes]:
    """The sources index: each source (all in the context) with its reporting chains and how
    many facts cite it; remembered by those, but in the coverage view (which counts each
    document's uncited sentences)."""
    sources = view.b.sources
    make = lambda: page("sources.html", PAGES["sources"], "Sources", jsonld.graph(*(jsonld.news_article(view, s, s.id + ".html") for s in sources)))  # noqa: E731
    if view.coverage:
        return make()
    return view.piece("sources-page", [], make, *(f"{view.citing_count(s)} {view.chains(s)!r}" for s in sources))


def _collected(add_pages: Callable, view: View, page: _Page) -> list[tuple[PurePosixPath, bytes]]:
    """The pages a function of render/lists.py adds, as one job's result."""
    made: list[tuple[PurePosixPath, bytes]] = []
    add_pages(view, page, made.append)
    return made


def _groups(items: tuple | list, size: int) -> list[tuple]:
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


def _exports(view: View) -> list[tuple[str, int, Callable[[View], bytes]]]:
    """Each export as a job of its own: (file name, estimated cost, what makes it)."""
    events, quotes = len(view.b.events), len(view.b.quotes)
    costs = {"events.csv": events, "quotes.csv": quotes, "chronology.ics": events, "timeline.json": events, "events.geojson": events // 4}
    return [(str(path), costs.get(str(path), 1), make) for path, make in export_makers().items()]


def _removed_pages(view: View, page: _Page) -> list[tuple[PurePosixPath, bytes]]:
    """At the permalink of each actor, source and place removed in an edition, a short page
    that says so, instead of a missing page (removed events, quotes and claims keep their
    anchors on the pages that listed them)."""
    return [
        page("removed.html", view.path(kind, id_), title, jsonld.graph({"@type": "WebPage", "name": title}), removed_title=title, edition=edition, kind=kind)
        for kind in ("actor", "source", "place")
        for id_, title, edition in view.changes.gone(kind)
    ]


def _place_pages(view: View, page: _Page) -> list[tuple[PurePosixPath, bytes]]:
    """The places index and a page per place: only for a briefing that has places."""
    places = view.places
    made = [page("places.html", PAGES["places"], "Places", jsonld.graph(*(jsonld.place(view, p, view.path("place", p.id), jsonld.Refs(view, Linker(PAGES["places"], paging=view.paging))) for p in places.all)))]
    map_key = map_svg.key(view)  # each page's map shows every place with coordinates
    for place in places.all:
        path = view.path("place", place.id)
        make = lambda place=place, path=path: page(  # noqa: E731 - rendered only when what it shows changed
            "place.html", path, place.name, _place_ld(view, place, path),
            place=place, kind_name=KIND_NAMES[place.kind], chain=places.chain(place), coordinates=places.coordinates_text(place),
        )
        made.append(view.piece("place-page", [place, *places.page_facts(place)], make, map_key))
    return made


def _place_ld(view: View, place, path: str) -> dict:
    """A place's page: the place, and what it lies in, described once and referred to."""
    refs = jsonld.Refs(view, Linker(path, paging=view.paging))
    return jsonld.graph(jsonld.place(view, place, place.id + ".html", refs), *refs.nodes())


def briefing_json(briefing: Briefing, view: View | None = None) -> bytes:
    """The whole validated briefing, every date with its resolved value, as JSON; with the
    briefing's `view`, each fact's entry is remembered between builds."""
    dates = {"dates": briefing.dates}

    def dump(fact: Fact) -> bytes:
        return json_bytes(fact.model_dump(mode="json", by_alias=True, exclude_none=True, context=dates))  # by alias: a place's `in`

    def entries(facts) -> list[bytes]:
        if view is None:
            return [dump(fact) for fact in facts]
        return view.fragments(JSON_FACTS, facts, dump)

    # Compact: one line per fact would read better, but Python's indenting encoder is pure
    # Python and several times slower than the compact one on a large briefing.
    data = {"slug": json_bytes(briefing.slug), "briefing": entries([briefing.meta])[0]}
    for key in ("sources", "actors", "events", "claims", "quotes", "places"):
        data[key] = json_array(entries(getattr(briefing, key)))
    return json_object(data) + b"\n"


def render(briefings: list[Briefing], pdf: bool = True, memo: Memo | None = None, preview: bool = False, coverage: bool = False, workers: int = 1, site_url: str | None = None, per_page: int = PER_PAGE, search_part: int = PART_BYTES
) -> Files:
    """The whole site: the list of briefings, each briefing's pages, and the shared assets;
    `pdf` says whether PDFs are built beside them (by generator.pdf) and so linked; `memo`
    holds pieces rendered by an earlier build, reused where what they show is unchanged;
    `preview` shows the coming edition (what changed since the last one) as if published;
    `coverage` marks on the source pages the sentences that no fact cites (for analysts).
    `workers` is how many processes render (see workers.py): the bytes are the same.
    `site_url`, the site's public address, adds what needs one (render/sharing.py).
    `per_page` (facts a page of the chronology, quotes or claims holds before they are
    split) and `search_part` (bytes of a part of the search index) let tests page a
    modest briefing."""
    return dict(_render(briefings, list, pdf, memo, preview, coverage, workers, site_url, per_page, search_part))


def render_into(staging: Staging, briefings: list[Briefing], pdf: bool = True, memo: Memo | None = None, preview: bool = False, coverage: bool = False, workers: int = 1, site_url: str | None = None, alone_if_reused: bool = False, views: list[View] | None = None) -> tuple[list[PurePosixPath], int, int]:
    """The site `render` gives, each job's files staged for writing (write.py) by the process
    that rendered them, as soon as they are made, so that no process holds the whole site:
    every path, how many files were written rather than linked from the previous site, and
    how many processes rendered. With `alone_if_reused`, one process renders when the memo
    holds most of what the briefings show (REUSED_ALONE): a rebuild after an edit renders a
    few pieces, and forking workers would cost it more than they share."""

    def put(items: Iterable[tuple[PurePosixPath, bytes]]) -> list[tuple[PurePosixPath, bool]]:
        return [(path, staging.put(path, data)) for path, data in items]

    used = [workers]
    sent = _render(briefings, put, pdf, memo, preview, coverage, workers, site_url, alone_if_reused=alone_if_reused, used=used, views=views)
    return [path for path, _ in sent], sum(written for _, written in sent), used[0]


def views_of(briefings: list[Briefing], memo: Memo, preview: bool = False, coverage: bool = False, site_url: str | None = None, per_page: int = PER_PAGE) -> list[View]:
    """Each briefing's View, in slug order: what its pages and exports are rendered from
    (`render` makes them, or is given them made already: pipeline.py)."""
    site_url = sharing.base(site_url)
    return [View(b, memo, preview, coverage, site_url, per_page) for b in sorted(briefings, key=lambda b: b.slug)]


REUSED_ALONE = 0.9  # the share of remembered runs above which a build renders in one process


def _render(briefings: list[Briefing], put: Put, pdf: bool, memo: Memo | None, preview: bool, coverage: bool, workers: int, site_url: str | None, per_page: int = PER_PAGE, search_part: int = PART_BYTES, alone_if_reused: bool = False, used: list[int] | None = None, views: list[View] | None = None) -> list[tuple[PurePosixPath, Any]]:
    """What `put` made of every file of the site, by path, in job order; `put` runs in the
    process that rendered the files (workers.py), and what it returns is sent to this one."""
    memo = memo or Memo()
    site_url = sharing.base(site_url)
    env = environment(memo.path.parent / "templates" if memo.path else None)  # in the site's cache folder
    views = views if views is not None else views_of(briefings, memo, preview, coverage, site_url, per_page)
    if alone_if_reused and workers > 1 and all(view.reused_share() >= REUSED_ALONE for view in views):
        workers = 1
    if used is not None:
        used[0] = workers
    jobs = [job for view in views for job in briefing_jobs(env, view, pdf)]
    published = [view for view in views if not view.meta.draft]  # previewed drafts are not news
    facts = sum(len(view.b.events) for view in views)
    jobs.append((facts * 2, lambda: search_files(views, search_part).items()))
    jobs.append((facts // 10, lambda: [(PurePosixPath(FEED), site_feed(env, published, site_url))]))
    sent: list[tuple[PurePosixPath, Any]] = []
    for items in workers_run(jobs, memo, workers, put):
        sent += items
    last: Files = {}
    for template, path, title in (("site_index.html", "index.html", "Briefings"), ("search.html", "search.html", "Search")):
        card = sharing.Card(sharing.absolute(site_url, path), title, "Briefings checked against their sources", "Briefings", "website") if site_url else None
        page = env.get_template(template).render(view=None, views=views, link=Linker(path, 0), notes=None, lang="en", title=title, description="", jsonld="", card=card)
        last[PurePosixPath(path)] = page.encode()
    for name in ASSETS:
        last[PurePosixPath("assets", name)] = (templates_dir() / "assets" / name).read_bytes()
    if site_url:
        paths = [path for path, _ in sent] + list(last)
        last[PurePosixPath(sharing.SITEMAP)] = sharing.sitemap(site_url, sitemap_pages(paths, [v for v in published if sharing.public(v.meta.handling)]))
    sent += put(last.items())
    _unique(path for path, _ in sent)
    return sent


def _unique(paths: Iterable[PurePosixPath]) -> None:
    seen: set[PurePosixPath] = set()
    for path in paths:
        if path in seen:
            raise ValueError(f"two pages claim {path}")  # ids are unique, so this is a bug
        seen.add(path)


def sitemap_pages(files: Iterable[PurePosixPath], views: list[View]) -> dict[PurePosixPath, str]:
    """The pages a sitemap lists, with the day each last changed: every page of the published
    briefings (their latest edition's day) but their search pages, and the site's index."""
    days = {view.b.slug: updated(view).isoformat() for view in views}
    pages = {path: days[path.parts[0]] for path in files if path.suffix == ".html" and len(path.parts) > 1 and path.parts[0] in days and path.name != "search.html"}
    if days:
        pages[PurePosixPath("index.html")] = max(days.values())
    return pages
