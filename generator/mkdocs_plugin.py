"""The MkDocs adapter: briefings as pages of an existing MkDocs (or ProperDocs) site.

    plugins:
      - search
      - briefbook:
          briefings: [../briefings/iran-pakistan-2024]   # folders, relative to mkdocs.yml
          prefix: briefings                              # where in the site they go (default: the root)

Each briefing's pages are the standalone site's, rendered by briefbook's own templates and
markdown-it-py, never by Python-Markdown: the render stage runs with `mkdocs_base.html`
standing in for `base.html`, so a page is exactly what the standalone site puts inside
`<main>`, and the site's theme supplies everything around it. The pages keep their
standalone paths (`chronology.html`, `actors/ID.html`, whatever `use_directory_urls`
says), so every relative link and anchor briefbook writes resolves as it does there.

MkDocs sees them as generated Markdown pages whose only content is front matter (the
title). `on_page_content` swaps in briefbook's HTML and fills the page's table of contents
and anchors from its headings (page_outline.py), which is all the theme and the search index read;
`on_post_page` adds to the theme's `<head>` what the standalone site has there: the link to
the briefing's Atom feed and the page's schema.org JSON-LD.

The colophon (the handling marking and date again, at the foot of the page) goes in the
theme's footer, not under the content, so that a page has one footer: `on_page_context`
hands the theme, for that page only, a copy of the site's config whose `copyright` starts
with it, as every theme that shows `copyright` shows it in its footer (MkDocs' default
theme and Material do). A theme that does not gets it under the content instead.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import BaseLoader, Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.toc import get_toc
from mkdocs.utils import nest_paths

from . import drafts, pipeline
from .files import shown
from .model import Briefing
from .page_outline import Outline
from .pdf import PAPERS
from .problems import BriefbookError, format_text
from .render import environment, nav_for, render_briefing, templates_dir
from .render.links import PAGES
from .render.views import View

LAYOUT = "mkdocs_base.html"
HEAD_END = "<!-- briefbook: the page's head above, its content below -->\n"  # written by LAYOUT
COLOPHON = "<!-- briefbook: the page's content above, its colophon below -->\n"  # written by LAYOUT
COLOPHON_SLOT = "<!-- briefbook: the colophon, if the theme's footer has no place for it -->"  # in the content
STYLESHEET = "mkdocs_style.css"
STYLESHEET_NAME = "briefbook.css"  # where the stylesheet goes in the site, under the prefix

log = get_plugin_logger("briefbook")


# --- rendering: pure, no MkDocs objects ------------------------------------------------------


class _ThemeLayout(BaseLoader):
    """briefbook's templates, with the MkDocs layout answering for base.html."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str):
        return self.inner.get_source(environment, LAYOUT if template == "base.html" else template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def layout_environment() -> Environment:
    """The render stage's environment, with each page's content laid out for a theme."""
    env = environment()
    return env.overlay(loader=_ThemeLayout(env.loader))


@dataclass(frozen=True, slots=True)
class BriefingPage:
    """One page of a briefing, as the MkDocs site gets it."""

    src_uri: str  # where it pretends to be in docs_dir
    dest_uri: str  # where it is written: its standalone path, so relative links hold
    title: str
    content: str  # briefbook's HTML for the page's main content
    colophon: str  # the colophon, phrasing content for the theme's footer
    head: str  # what goes in the page's <head>: the feed link, the JSON-LD
    toc: list[dict]  # its table of contents, as `Outline.toc` gives it
    anchors: frozenset[str]  # every id in it
    in_nav: bool  # one of the briefing's top pages (overview, chronology, ...), not a profile

    @property
    def markdown(self) -> str:
        """What MkDocs reads: front matter with the title (JSON is YAML), and nothing to render."""
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n"


def render_briefings(briefings: list[Briefing], prefix: str = "", pdf: bool = True) -> tuple[list[BriefingPage], dict[str, bytes]]:
    """Every briefing's pages, and its other files (briefing.json), at their paths under `prefix`;
    `pdf` says whether the PDFs are made (and so linked from the overview)."""
    env = layout_environment()
    top_pages = set(PAGES.values())
    pages: list[BriefingPage] = []
    others: dict[str, bytes] = {}
    for briefing in sorted(briefings, key=lambda b: b.slug):
        for path, data in render_briefing(env, View(briefing), pdf, search=False).items():
            dest = PurePosixPath(prefix, path).as_posix()
            if path.suffix != ".html":
                others[dest] = data
                continue
            head, _, content = data.decode().partition(HEAD_END)
            content, _, colophon = content.partition(COLOPHON)
            outline = Outline(content)
            in_nav = path.relative_to(briefing.slug).as_posix() in top_pages
            title = outline.title or briefing.meta.title
            pages.append(BriefingPage(page_src_uri(dest), dest, title, content, colophon.strip(), head, outline.toc(), frozenset(outline.ids), in_nav))
    return pages, others


def with_colophon(config, colophon: str):
    """A copy of an MkDocs config whose `copyright` (HTML, shown in a theme's footer) starts
    with a page's colophon; the site's config itself is left as it is, for its other pages."""
    page_config = copy.copy(config)  # a shallow copy: the options are shared, not copied
    page_config["copyright"] = f"{colophon}<br>{config['copyright']}" if config.get("copyright") else colophon
    return page_config


def page_src_uri(dest_uri: str) -> str:
    """The Markdown source MkDocs thinks a page comes from: `chronology.html` -> `chronology.md`."""
    return dest_uri.removesuffix(".html") + ".md"


def nav_section(briefing: Briefing, prefix: str = "") -> dict:
    """A briefing's section of the site navigation: its top pages, in briefbook's order."""
    folder = PurePosixPath(prefix, briefing.slug)
    return {briefing.meta.title: [{label: page_src_uri((folder / PAGES[key]).as_posix())} for key, label in nav_for(briefing)]}


def add_to_nav(nav: list, briefings: list[Briefing], prefix: str = "") -> list:
    """The site navigation, with a section for each briefing whose pages it does not place itself."""
    sections = []
    for briefing in briefings:
        section = nav_section(briefing, prefix)
        (pages,) = section.values()
        if not _mentions(nav, {uri for page in pages for uri in page.values()}):
            sections.append(section)
    return [*nav, *sections]


def _mentions(nav, uris: set[str]) -> bool:
    if isinstance(nav, str):
        return nav in uris
    if isinstance(nav, dict):
        return any(_mentions(v, uris) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, uris) for v in nav)
    return False


# --- the plugin ------------------------------------------------------------------------------


class BriefbookConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    briefings = c.ListOfItems(c.Dir(exists=True))
    """Briefing folders, relative to mkdocs.yml."""
    prefix = c.Type(str, default="")
    """The folder of the site the briefings go in, each under its slug."""
    pdf = c.Type(bool, default=True)
    """Also make each briefing's PDF (linked from its overview), as `briefbook build` does."""
    paper = c.Choice(tuple(PAPERS), default="a4")
    """Paper size of the PDFs."""
    drafts = c.Type(bool, default=False)
    """Also add the drafts (briefing.yml says `draft: true`), marked DRAFT, as `build --drafts` does."""
    print_editions = c.ListOfItems(c.Type(dict), default=[])
    """Print editions made beside each PDF, as `briefbook pdf` makes them: each a mapping of
    `since` (a day), `actor` (an id) and `sections` (a comma-separated list), any of them."""


class BriefbookPlugin(BasePlugin[BriefbookConfig]):
    """Adds briefings to an MkDocs site: pages, navigation, table of contents, search."""

    def on_config(self, config):
        prefix = PurePosixPath(self.config.prefix.strip("/"))
        if prefix.is_absolute() or ".." in prefix.parts:
            raise PluginError(f"briefbook: prefix must be a folder inside the site, not '{self.config.prefix}'")
        if not self.config.briefings:
            raise PluginError("briefbook: list at least one briefing folder under 'briefings'")
        self.prefix = "" if prefix == PurePosixPath(".") else prefix.as_posix()
        self.stylesheet = PurePosixPath(self.prefix, STYLESHEET_NAME).as_posix()
        if self.stylesheet not in config.extra_css:
            config.extra_css.append(self.stylesheet)
        self.pages: dict[str, BriefingPage] = {}
        self.editions = [self._edition(item) for item in self.config.print_editions]
        return config

    @staticmethod
    def _edition(item: dict):
        from .print_editions import EditionError, PrintEdition, parse_sections, parse_since

        unknown = sorted(set(item) - {"since", "actor", "sections"})
        if unknown:
            raise PluginError(f"briefbook: print_editions: unknown key '{unknown[0]}' (keys: since, actor, sections)")
        try:
            sections = item.get("sections")
            sections = ",".join(sections) if isinstance(sections, list) else sections
            return PrintEdition(parse_since(None if item.get("since") is None else str(item["since"])), item.get("actor"), parse_sections(sections))
        except EditionError as err:
            raise PluginError(f"briefbook: print_editions: {err}") from None

    def on_files(self, files: Files, config) -> Files:
        briefings = self._load()
        pages, others = render_briefings(briefings, self.prefix, self.config.pdf)
        if self.config.pdf:
            others.update(self._pdfs(briefings))
        others[self.stylesheet] = (templates_dir() / STYLESHEET).read_bytes()

        taken = {f.dest_uri: f.src_uri for f in files if f.inclusion.is_included()}
        for page in pages:
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV)
            file.dest_uri = page.dest_uri  # before anything reads file.url, which follows it
            self._add(files, file, taken)
            self.pages[page.src_uri] = page
        for path, data in sorted(others.items()):
            self._add(files, File.generated(config, path, content=data), taken)
        config.nav = self._nav(config.nav, files, briefings)
        return files

    def _load(self) -> list[Briefing]:
        """The checked briefings; their errors fail the build, their warnings are MkDocs warnings."""
        folders = [Path(folder) for folder in self.config.briefings]
        if not self.config.drafts:
            folders, left_out = drafts.split(folders)
            for folder in left_out:
                log.info(f"{shown(folder)} is a draft, left out; set 'drafts: true' to add it")
        names = [folder.name for folder in folders]
        if twice := sorted({name for name in names if names.count(name) > 1}):
            raise PluginError(f"briefbook: two briefing folders are named '{twice[0]}', so their pages would be at the same place")
        try:
            briefings, problems = pipeline.load(folders)
        except BriefbookError as err:
            raise PluginError("briefbook: the fact files have errors, so the site was not built:\n" + format_text(err.problems)) from None
        for problem in problems:
            log.warning(str(problem))
        return briefings

    def _pdfs(self, briefings: list[Briefing]) -> dict[str, bytes]:
        from . import pdf
        from .print_editions import EditionError

        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        try:
            pipeline.source_date_epoch(epoch)
        except ValueError as err:
            raise PluginError(f"briefbook: {err}") from None
        try:
            rendered = pdf.render_pdfs(briefings, self.config.paper, epoch)
            for edition in self.editions:
                rendered.update(pdf.render_pdfs(briefings, self.config.paper, epoch, edition=edition))
        except pdf.PdfUnavailable as err:
            raise PluginError(f"briefbook: {err}; or set 'pdf: false'") from None
        except EditionError as err:
            raise PluginError(f"briefbook: print_editions: {err}") from None
        return {PurePosixPath(self.prefix, path).as_posix(): data for path, data in rendered.items()}

    @staticmethod
    def _add(files: Files, file: File, taken: dict[str, str]) -> None:
        """Add a file to the site, refusing to overwrite one the site already has."""
        if file.src_uri in files.src_uris or file.dest_uri in taken:
            other = taken.get(file.dest_uri, file.src_uri)
            raise PluginError(f"briefbook: the site already has '{other}', where briefbook would put '{file.dest_uri}'; set another 'prefix'")
        taken[file.dest_uri] = file.src_uri
        files.append(file)

    def _nav(self, nav: list | None, files: Files, briefings: list[Briefing]) -> list:
        if nav is None:  # MkDocs would make it from the files: make it so from the site's own pages
            own = sorted((f for f in files.documentation_pages() if f.src_uri not in self.pages), key=file_sort_key)
            nav = nest_paths(f.src_uri for f in own if f.inclusion.is_in_nav())
        return add_to_nav(nav, briefings, self.prefix)

    @event_priority(50)  # before other plugins, so that they see briefbook's content as the page's
    def on_page_content(self, html: str, *, page, config, files) -> str:
        briefing_page = self.pages.get(page.file.src_uri)
        if briefing_page is None:
            return html
        page.toc = get_toc(briefing_page.toc)
        page.present_anchor_ids = set(briefing_page.anchors)  # so links from other pages to its anchors are checked
        return briefing_page.content

    def on_page_context(self, context, *, page, config, nav):
        """Give the theme, for a briefing's page, the site's config with the page's colophon
        as the start of its `copyright`, which themes show in their footer."""
        briefing_page = self.pages.get(page.file.src_uri)
        if briefing_page is not None:
            context["config"] = with_colophon(context["config"], briefing_page.colophon)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        """Put the briefing's feed link and the page's JSON-LD in the theme's head, as the
        standalone site has them (their links are relative to the page, which keeps its path);
        and the colophon under the content if the theme's footer did not show it."""
        briefing_page = self.pages.get(page.file.src_uri)
        if briefing_page is None:
            return output
        in_footer = briefing_page.colophon in output
        output = output.replace(COLOPHON_SLOT, "" if in_footer else f'<p class="colophon" data-search-exclude>{briefing_page.colophon}</p>', 1)
        if "</head>" not in output:
            return output
        return output.replace("</head>", briefing_page.head + "</head>", 1)

    def on_serve(self, server, *, config, builder):
        """Rebuild when a fact file, a stored document or a template changes."""
        for folder in self.config.briefings:
            server.watch(folder)
        server.watch(str(templates_dir()))
        return server
