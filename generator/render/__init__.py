"""Stage 4, render: a pure function from checked briefings to `{relative path: bytes}`.

Nothing here reads the clock or the disk beyond the templates, so two renders of the same
briefings give the same bytes, and only `write` touches the output folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Callable

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..drafts import LABEL as DRAFT_LABEL
from ..model import Briefing, Fact
from . import html, jsonld
from .exports import DOWNLOADS, export_files, json_array, json_bytes, json_object
from .feeds import FEED, briefing_feed, site_feed
from .links import PAGES, Linker
from .lists import add_lists, add_updates
from .memo import Memo
from .places import KIND_NAMES
from .paging import PER_PAGE
from .search import PART_BYTES, search_files
from .updates import MARKS
from .markdown import markdown
from .views import KIND_LABELS, Notes, View

Files = dict[PurePosixPath, bytes]

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
ASSETS = ("style.css", "filter.js", "site.js", "search.js", "search-load.js")


def templates_dir() -> Path:
    """templates/ in a source checkout, generator/templates/ in an installed wheel."""
    installed = Path(__file__).resolve().parent.parent / "templates"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent.parent / "templates"


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
    env.globals.update(pages=PAGES, nav=NAV, relation_labels=RELATION_LABELS, marks=MARKS, draft_label=DRAFT_LABEL, **html.GLOBALS)
    return env


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
        html = self.env.get_template(template).render(
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


def render_briefing(env: Environment, view: View, pdf: bool = True) -> Files:
    """Every page and export of one briefing, keyed by path under the site root; `pdf` says
    whether the briefing's PDF is built beside them (and so linked)."""
    briefing = view.b
    page = _Page(env, view)
    meta, ld = view.meta, jsonld
    files: Files = {}

    def add(item: tuple[PurePosixPath, bytes]) -> None:
        path, data = item
        if path in files:
            raise ValueError(f"two pages claim {path}")  # ids are unique, so this is a bug
        files[path] = data

    downloads = [("briefing.json", "briefing.json (the whole checked briefing)"), *DOWNLOADS]
    if pdf:
        downloads.insert(0, (f"{briefing.slug}.pdf", f"{briefing.slug}.pdf (the briefing, for print)"))
    report = {"@type": "Report", "name": meta.title, "datePublished": view.date(meta.as_of).iso, "author": [{"@type": "Person", "name": a} for a in meta.authors], "abstract": meta.summary.text}
    if meta.draft:
        report["creativeWorkStatus"] = "Draft"
    add(page("overview.html", PAGES["overview"], meta.title, ld.graph(report), downloads=downloads))
    add_updates(view, page, add)
    add((PurePosixPath(briefing.slug, FEED), briefing_feed(env, view)))
    add_lists(view, page, add)  # the chronology, quotes and claims: one page each, or paged
    actors_ld = [ld.actor(view, a, a.id + ".html") for a in briefing.actors]  # relative to actors/index.html
    add(page("actors.html", PAGES["actors"], "Actors", ld.graph(*actors_ld)))
    for actor in briefing.actors:
        path = view.path("actor", actor.id)
        make = lambda actor=actor, path=path: page(  # noqa: E731 - rendered only when what it shows changed
            "actor.html", path, actor.name, ld.graph(ld.actor(view, actor, actor.id + ".html")),
            actor=actor, kind_label=KIND_LABELS[actor.kind], roles_in=view.roles_in[actor.id], relations_in=view.relations_in[actor.id],
        )
        add(view.piece("actor-page", [actor, *view.actor_page_facts(actor)], make))
    if briefing.places:
        add_places(view, page, add)
    add(page("sources.html", PAGES["sources"], "Sources", ld.graph(*(ld.news_article(view, s, s.id + ".html") for s in briefing.sources))))
    for source in briefing.sources:
        document = briefing.documents.get(source.id)
        make = lambda source=source, document=document: page(  # noqa: E731
            "source.html", view.path("source", source.id), source.title, ld.graph(ld.news_article(view, source, source.id + ".html")),
            source=source, document_name=PurePosixPath(document.path).name if document else source.document,
        )
        # What the page shows of the facts citing it: the passages and the reporting chains.
        cited = repr(([(p.anchor, p.span, p.citers, p.translation) for p in view.passages.get(source.id, [])], view.chains(source)))
        add(view.piece("source-page", [source], make, cited, document.path if document else ""))
    add_removed(view, page, add)
    files[PurePosixPath(briefing.slug, "briefing.json")] = briefing_json(briefing, view)
    for path, data in export_files(view).items():
        add((PurePosixPath(briefing.slug, path), data))
    return files


def add_removed(view: View, page: _Page, add: Callable[[tuple[PurePosixPath, bytes]], None]) -> None:
    """At the permalink of each actor, source and place removed in an edition, a short page
    that says so, instead of a missing page (removed events, quotes and claims keep their
    anchors on the pages that listed them)."""
    for kind in ("actor", "source", "place"):
        for id_, title, edition in view.changes.gone(kind):
            add(page("removed.html", view.path(kind, id_), title, jsonld.graph({"@type": "WebPage", "name": title}), removed_title=title, edition=edition, kind=kind))


def add_places(view: View, page: _Page, add: Callable[[tuple[PurePosixPath, bytes]], None]) -> None:
    """The places index and a page per place: only for a briefing that has places."""
    places = view.places
    add(page("places.html", PAGES["places"], "Places", jsonld.graph(*(jsonld.place(view, p, view.path("place", p.id), jsonld.Refs(view, Linker(PAGES["places"], paging=view.paging))) for p in places.all))))
    for place in places.all:
        path = view.path("place", place.id)
        make = lambda place=place, path=path: page(  # noqa: E731 - rendered only when what it shows changed
            "place.html", path, place.name, _place_ld(view, place, path),
            place=place, kind_name=KIND_NAMES[place.kind], chain=places.chain(place), coordinates=places.coordinates_text(place),
        )
        add(view.piece("place-page", [place, *places.page_facts(place)], make))


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

    def entry(key: str, fact: Fact) -> bytes:
        return view.piece(f"json-{key}", [fact], lambda: dump(fact)) if view else dump(fact)

    # Compact: one line per fact would read better, but Python's indenting encoder is pure
    # Python and several times slower than the compact one on a large briefing.
    data = {"slug": json_bytes(briefing.slug), "briefing": entry("briefing", briefing.meta)}
    for key in ("sources", "actors", "events", "claims", "quotes", "places"):
        data[key] = json_array(entry(key, item) for item in getattr(briefing, key))
    return json_object(data) + b"\n"


def render(briefings: list[Briefing], pdf: bool = True, memo: Memo | None = None, preview: bool = False, per_page: int = PER_PAGE, search_part: int = PART_BYTES) -> Files:
    """The whole site: the list of briefings, each briefing's pages, and the shared assets;
    `pdf` says whether PDFs are built beside them (by generator.pdf) and so linked; `memo`
    holds pieces rendered by an earlier build, reused where what they show is unchanged;
    `preview` shows the coming edition (what changed since the last one) as if published.
    `per_page` (facts a page of the chronology, quotes or claims holds before they are
    split) and `search_part` (bytes of a part of the search index) let tests page a
    modest briefing."""
    memo = memo or Memo()
    env = environment(memo.path.parent / "templates" if memo.path else None)
    files: Files = {}
    views = [View(b, memo, preview, per_page) for b in sorted(briefings, key=lambda b: b.slug)]
    for view in views:
        files.update(render_briefing(env, view, pdf))
    for template, path, title in (("site_index.html", "index.html", "Briefings"), ("search.html", "search.html", "Search")):
        page = env.get_template(template).render(view=None, views=views, link=Linker(path, 0), notes=None, lang="en", title=title, description="", jsonld="")
        files[PurePosixPath(path)] = page.encode()
    files.update(search_files(views, search_part))
    files[PurePosixPath(FEED)] = site_feed(env, [view for view in views if not view.meta.draft])  # previewed drafts are not news
    for name in ASSETS:
        files[PurePosixPath("assets", name)] = (templates_dir() / "assets" / name).read_bytes()
    return files
