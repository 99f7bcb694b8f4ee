"""The MkDocs plugin: examples/mkdocs-site built for real by mkdocs and properdocs, read back.

Each build runs on a copy of the example MkDocs project and of the example briefing in
tmp_path, laid out as in the repository, so that mkdocs.yml's relative path holds.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
import yaml

from conftest import EXAMPLE, ROOT, Scratch
from generator import pipeline
from generator.mkdocs_plugin import BriefbookPlugin, add_to_nav
from generator.page_outline import Outline
from generator.render import render, templates_dir
from test_updates import marks, second_edition

SITE_EXAMPLE = ROOT / "examples" / "mkdocs-site"
SLUG = EXAMPLE.name
PREFIX = "briefings"  # the example's prefix
BROKEN_ACTOR = "../../briefings/iran-pakistan-2024/events.yml:36:13: error: unknown actor 'nobody'"
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}  # the tools' notices about MkDocs 2.0
# Material without Google Fonts, light or dark as the reader's system prefers.
OFFLINE_MATERIAL = {"name": "material", "font": False, "palette": [
    {"media": "(prefers-color-scheme: light)", "scheme": "default"},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
]}


class Html(HTMLParser):
    """The links, ids and text of one built page."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path, self.source = path, path.read_text(encoding="utf-8")
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.feed(self.source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src", "cite"):
            if attrs.get(name) is not None:
                self.links.append((tag, name, attrs[name]))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@dataclass
class Built:
    """One real build of the example MkDocs project."""

    name: str
    site: Path
    result: subprocess.CompletedProcess
    directory_urls: bool
    pdf: bool

    def page(self, path: str) -> Html:
        """A briefing page by its standalone path (`chronology.html`)."""
        return Html(self.site / PREFIX / SLUG / path)

    def url(self, path: str) -> str:
        """What MkDocs calls a briefing page's URL (search locations, nav links)."""
        url = f"{PREFIX}/{SLUG}/{path}"
        return url.removesuffix("index.html") if self.directory_urls else url


def project(root: Path, **changes) -> Path:
    """Copy the example MkDocs project and briefing under `root`; `changes` update mkdocs.yml.

    `briefbook={...}` updates the plugin's options; any other key replaces a top-level one.
    """
    shutil.copytree(SITE_EXAMPLE, root / "examples" / "mkdocs-site", ignore=shutil.ignore_patterns("site"))
    shutil.copytree(EXAMPLE, root / "briefings" / SLUG)
    path = root / "examples" / "mkdocs-site" / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    options = next(p["briefbook"] for p in config["plugins"] if isinstance(p, dict) and "briefbook" in p)
    options.update(changes.pop("briefbook", {}))
    config.update(changes)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build(config: Path, tool: str = "mkdocs", strict: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build` (or `properdocs build`) of a project, in its folder, into its site/."""
    command = [sys.executable, "-m", tool, "build", "-f", config.name, "-d", "site", *(["--strict"] if strict else [])]
    return subprocess.run(command, cwd=config.parent, capture_output=True, text=True, env={**os.environ, **QUIET}, timeout=300)


BUILDS = {
    # The example as it is: MkDocs' default theme, directory URLs, the PDF, an automatic nav.
    "mkdocs": ("mkdocs", {}),
    # File URLs and an explicit nav, to which the plugin adds the briefing's section.
    "mkdocs-flat": ("mkdocs", {"use_directory_urls": False, "nav": [{"Home": "index.md"}], "briefbook": {"pdf": False}}),
    "material": ("mkdocs", {"theme": OFFLINE_MATERIAL, "briefbook": {"pdf": False}}),
    # ProperDocs finds the plugin by the mkdocs.plugins entry point, as MkDocs does (its
    # default theme comes from properdocs-theme-mkdocs).
    "properdocs": ("properdocs", {"briefbook": {"pdf": False}}),
}


@pytest.fixture(scope="module", params=list(BUILDS))
def built(request, tmp_path_factory) -> Built:
    tool, changes = BUILDS[request.param]
    config = project(tmp_path_factory.mktemp(request.param), **copy.deepcopy(changes))
    result = build(config, tool)
    assert result.returncode == 0, result.stderr
    return Built(request.param, config.parent / "site", result, changes.get("use_directory_urls", True), changes.get("briefbook", {}).get("pdf", True))


@pytest.fixture(scope="module")
def standalone_by_pdf() -> dict[bool, dict[str, str]]:
    return {pdf: _main_of_pages(pdf) for pdf in (True, False)}


@pytest.fixture
def standalone(built, standalone_by_pdf) -> dict[str, str]:
    """What the standalone site puts inside <main> on each page, built with or without PDFs as `built` was."""
    return standalone_by_pdf[built.pdf]


BRIEFBOOK_ONLY = {"search.html"}  # a briefing's own search page: in MkDocs, the theme searches


def _main_of_pages(pdf: bool) -> dict[str, str]:
    briefings, _ = pipeline.load([EXAMPLE])
    pages = {}
    for path, data in render(briefings, pdf=pdf).items():
        if path.parts[0] == SLUG and path.suffix == ".html" and path.name not in BRIEFBOOK_ONLY:
            page = data.decode()
            pages[path.relative_to(SLUG).as_posix()] = page[page.index('<main id="main">\n') + len('<main id="main">\n') : page.index("</main>")]
    return pages


def _heads_of_pages(pdf: bool) -> dict[str, list[str]]:
    """The briefing's own tags in the standalone site's <head> of each page: its feed link and JSON-LD."""
    briefings, _ = pipeline.load([EXAMPLE])
    heads = {}
    for path, data in render(briefings, pdf=pdf).items():
        if path.parts[0] == SLUG and path.suffix == ".html" and path.name not in BRIEFBOOK_ONLY:
            head = data.decode().split("</head>")[0]
            tags = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="(?!All briefings)[^"]*: updates" href="[^"]*">|<script type="application/ld\+json">.*?</script>', head, re.DOTALL)
            heads[path.relative_to(SLUG).as_posix()] = tags
    return heads


@pytest.fixture(scope="module")
def standalone_heads() -> dict[bool, dict[str, list[str]]]:
    return {pdf: _heads_of_pages(pdf) for pdf in (True, False)}


def test_strict_build_succeeds_without_warnings(built):
    assert "WARNING" not in built.result.stderr, built.result.stderr


def test_every_page_is_briefbooks_own_inside_the_theme(built, standalone):
    theme_mark = 'class="md-header' if built.name == "material" else 'class="navbar'
    assert len(standalone) > 20 and {"places.html", "places/sistan-baluchistan.html"} <= set(standalone)
    for path, main in standalone.items():
        page = built.page(path)
        assert theme_mark in page.source, f"{path}: not inside the theme"
        assert main in page.source, f"{path}: not briefbook's rendering, word for word"
        assert page.source.count('<span class="handling handling-tlp-clear">TLP:CLEAR</span>') >= 1 + (path == "index.html"), path
        assert "TLP:CLEAR · As of 24 February 2024 · Made with briefbook" in page.plain, path
        assert re.search(r'<link href="[./]*briefbook\.css" rel="stylesheet">|<link rel="stylesheet" href="[./]*briefbook\.css">', page.source), path
    assert (built.site / PREFIX / "briefbook.css").read_bytes() == (templates_dir() / "mkdocs_style.css").read_bytes()
    assert json.loads((built.site / PREFIX / SLUG / "briefing.json").read_text())["slug"] == SLUG
    assert (built.site / PREFIX / SLUG / f"{SLUG}.pdf").is_file() == built.pdf


def test_head_has_the_feed_link_and_json_ld_of_the_standalone_page(built, standalone_heads):
    heads = standalone_heads[built.pdf]
    assert len(heads) > 20
    for path, tags in heads.items():
        assert len(tags) == 2, f"{path}: the standalone page has a feed link and JSON-LD"
        head, _, body = built.page(path).source.partition("</head>")
        for tag in tags:
            assert tag in head and tag not in body, f"{path}: {tag[:60]} not in the theme's head"
        feed = re.search(r'href="([^"]+)"', tags[0])[1]
        assert (built.page(path).path.parent / feed).resolve() == (built.site / PREFIX / SLUG / "feed.atom").resolve()
        json.loads(tags[1].removeprefix('<script type="application/ld+json">').removesuffix("</script>"))
    assert (built.site / PREFIX / SLUG / "feed.atom").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_new_and_updated_marks_as_the_standalone_site_shows_them(tmp_path, theme):
    config = project(tmp_path, briefbook={"pdf": False}, **({"theme": OFFLINE_MATERIAL} if theme == "material" else {}))
    folder = tmp_path / "briefings" / SLUG
    second_edition(Scratch(folder))
    result = build(config)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    briefings, _ = pipeline.load([folder])
    standalone = render(briefings, pdf=False)
    shown = 0
    for path in ("index.html", "updates.html", "chronology.html", "actors/index.html", "actors/al-arabiya-news.html", "quotes.html", "claims.html"):
        page = (config.parent / "site" / PREFIX / SLUG / path).read_text(encoding="utf-8")
        expected = marks(standalone[PurePosixPath(SLUG, path)].decode())
        assert marks(page) == expected, path
        shown += len(expected)
    assert shown >= 10
    css = (config.parent / "site" / PREFIX / "briefbook.css").read_text(encoding="utf-8")
    assert ".briefbook .badge-new {" in css and ".briefbook .badge-updated {" in css


def test_text_reads_as_briefbook_writes_it(built):
    chronology = built.page("chronology.html").plain
    for text in ("Pakistan's retaliatory airstrike in Iran", "Claimed by Iranian military", "Alleged by Pakistan",
                 "late night, 16 January 2024", "source’s words: “late night on January 16 this year”", "Evidence"):
        assert text in chronology
    quotes = built.page("quotes.html").plain
    assert "Checked verbatim against" in quotes and "gross violation of its sovereignty" in quotes
    assert "relaying Iran International English → Iranian state media" in built.page("index.html").plain


def test_links_and_anchors_resolve(built):
    pages = {p: Html(p) for p in sorted(built.site.rglob("*.html")) if p.name != "404.html"}
    checked = 0
    for path, page in pages.items():
        for tag, attr, url in page.links:
            parts = re.match(r"^(?:([a-z]+):|//)?([^#]*)(?:#(.*))?$", url)
            if parts[1] or url.startswith("//"):
                continue  # another host: made by the theme, not by briefbook (tested below)
            target = (path.parent / parts[2]).resolve() if parts[2] else path
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{path}: broken link {url}"
            if parts[3] and target.suffix == ".html":
                assert parts[3] in pages[target].ids, f"{path}: missing anchor {url}"
            checked += 1
    assert checked > 1000


def test_briefing_pages_make_no_request_to_another_host(built):
    for path in (built.site / PREFIX / SLUG).rglob("*.html"):
        for tag, attr, url in Html(path).links:
            if attr == "src" or (tag == "link" and attr == "href"):
                assert "://" not in url and not url.startswith("//"), f"{path}: {tag} {url}"


def test_table_of_contents_lists_the_headings(built):
    toc_link = 'href="#{}" class="(?:nav-link|md-nav__link)"'
    chronology = built.page("chronology.html").source
    for anchor in ("y2024-heading", "y2024-01-heading"):
        assert re.search(toc_link.format(anchor), chronology), anchor
    assert re.search(toc_link.format("notes-heading"), built.page("quotes.html").source)  # the page's evidence
    if built.name == "material":  # the default theme shows three levels (the example's navigation_depth)
        assert re.search(toc_link.format("pakistan-strike-in-iran"), chronology)  # an event, by its card's id
    claims = built.page("claims.html").source
    assert re.search(toc_link.format("jilani-fight-terrorism"), claims)
    assert re.search(toc_link.format("roles-heading"), built.page("actors/jalil-abbas-jilani.html").source)


def test_search_index_holds_the_briefing(built, standalone):
    entries = json.loads((built.site / "search" / "search_index.json").read_text())["docs"]
    locations = {e["location"] for e in entries}
    for path in standalone:
        assert built.url(path) in locations or any(loc.startswith(built.url(path) + "#") for loc in locations), path
    chronology = [e for e in entries if e["location"].split("#")[0] == built.url("chronology.html")]
    assert built.url("chronology.html") + "#y2024-01-heading" in {e["location"] for e in chronology}
    assert any("Pakistan's retaliatory airstrike in Iran" in e["text"] for e in chronology)
    assert any("gross violation of its sovereignty" in e["text"] for e in entries if e["location"].startswith(built.url("quotes.html")))


def test_navigation_has_the_briefings_section(built):
    home = Html(built.site / "index.html")
    title = "Iran and Pakistan: strikes on Jaish al-Adal"
    assert title in home.plain
    nav = [url for tag, attr, url in home.links if tag == "a" and attr == "href" and url.startswith(f"{PREFIX}/{SLUG}/")]
    for path in ("index.html", "chronology.html", "actors/index.html", "places.html", "quotes.html", "claims.html", "sources/index.html"):
        assert built.url(path) in nav, path
    assert not any("/actors/iran.html" in url or "/places/iran.html" in url for url in nav)  # detail pages stay out of the nav
    if built.name == "mkdocs-flat":
        assert re.search(r'href="index.html"[^>]*>\s*Home\s*<', home.source)  # the site's own nav kept


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_fact_file_errors_fail_the_build(tmp_path, tool):
    config = project(tmp_path, briefbook={"pdf": False})
    events = tmp_path / "briefings" / SLUG / "events.yml"
    events.write_text(events.read_text().replace("by: jaish-al-adal\n", "by: nobody\n", 1))
    result = build(config, tool)
    assert result.returncode == 1
    assert "briefbook: the fact files have errors, so the site was not built:\n" + BROKEN_ACTOR in result.stderr
    assert not (config.parent / "site" / "index.html").exists()


def test_fact_file_warnings_fail_only_a_strict_build(tmp_path):
    config = project(tmp_path, briefbook={"pdf": False})
    (tmp_path / "briefings" / SLUG / "notes.yml").write_text("notes: []\n")
    warning = "../../briefings/iran-pakistan-2024/notes.yml:1:1: warning: unknown fact file notes.yml is ignored"
    strict = build(config)
    assert strict.returncode == 1 and warning in strict.stderr
    lenient = build(config, strict=False)
    assert lenient.returncode == 0 and warning in lenient.stderr
    assert (config.parent / "site" / PREFIX / SLUG / "chronology.html").is_file()  # its standalone path, whatever the URL style


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prefix": "../elsewhere"}, "briefbook: prefix must be a folder inside the site, not '../elsewhere'"),
        ({"briefings": []}, "briefbook: list at least one briefing folder under 'briefings'"),
        ({"briefings": ["../../briefings/no-such-briefing"]}, "isn't an existing directory"),
        ({"briefings": ["../../briefings/iran-pakistan-2024"] * 2}, "briefbook: two briefing folders are named 'iran-pakistan-2024'"),
        ({"print_editions": [{"sections": "cover,summry"}]}, "briefbook: print_editions: --sections: unknown section 'summry'; did you mean 'summary'?"),
        ({"print_editions": [{"actr": "iran"}]}, "briefbook: print_editions: unknown key 'actr' (keys: since, actor, sections)"),
    ],
)
def test_bad_options_fail_the_build(tmp_path, options, message):
    result = build(project(tmp_path, briefbook={"pdf": False, **options}))
    assert result.returncode == 1 and message in result.stderr


def test_two_briefings_each_get_their_pages_and_section(tmp_path):
    config = project(tmp_path, briefbook={"pdf": False, "prefix": "", "briefings": ["../../briefings/iran-pakistan-2024", "../../briefings/second"]})
    shutil.copytree(tmp_path / "briefings" / SLUG, tmp_path / "briefings" / "second")
    (config.parent / "docs" / "index.md").write_text("# Desk\n")
    result = build(config)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    home = Html(config.parent / "site" / "index.html")
    for slug in (SLUG, "second"):
        assert (config.parent / "site" / slug / "chronology.html").is_file()
        assert ("a", "href", f"{slug}/chronology.html") in home.links


def test_a_draft_is_left_out_unless_the_plugin_says_drafts_true(tmp_path):
    """One briefing published, one a draft: the draft's pages come only with `drafts: true`, each marked."""
    folders = ["../../briefings/iran-pakistan-2024", "../../briefings/second"]
    for drafts in (False, True):
        root = tmp_path / str(drafts)
        config = project(root, briefbook={"pdf": False, "prefix": "", "briefings": folders, "drafts": drafts})
        shutil.copytree(root / "briefings" / SLUG, root / "briefings" / "second")
        meta = root / "briefings" / "second" / "briefing.yml"
        meta.write_text(meta.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
        (config.parent / "docs" / "index.md").write_text("# Desk\n")
        result = build(config)
        assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
        site = config.parent / "site"
        assert (site / SLUG / "chronology.html").is_file()
        assert "DRAFT" not in (site / SLUG / "chronology.html").read_text(encoding="utf-8")
        pages = sorted((site / "second").rglob("*.html"))
        assert bool(pages) == drafts and (("a", "href", "second/chronology.html") in Html(site / "index.html").links) == drafts
        for page in pages:
            assert '<strong class="draft-mark">DRAFT — not published</strong>' in page.read_text(encoding="utf-8"), page


def test_refuses_to_overwrite_a_page_of_the_site(tmp_path):
    config = project(tmp_path, briefbook={"pdf": False})
    page = config.parent / "docs" / PREFIX / SLUG / "chronology.md"
    page.parent.mkdir(parents=True)
    page.write_text("# My own chronology\n")
    result = build(config)
    assert result.returncode == 1
    assert f"briefbook: the site already has '{PREFIX}/{SLUG}/chronology.md', where briefbook would put '{PREFIX}/{SLUG}/chronology.html'" in result.stderr


def test_outline_anchors_each_heading_by_its_own_or_its_cards_id():
    outline = Outline(
        '<h1>Claims</h1><section id="s"><h2 id="s-heading">Part</h2>'
        '<article id="c1"><h3 class="claim-head"><a href="#c1">Claimed by <b>A</b> &amp; B</a></h3><h4>Second</h4></article>'
        "<div><h3>No anchor</h3></div></section><h2 id=\"notes-heading\">Evidence</h2>"
    )
    assert outline.title == "Claims"
    assert outline.ids == {"s", "s-heading", "c1", "notes-heading"}
    assert outline.toc() == [
        {"level": 2, "id": "s-heading", "name": "Part", "children": [{"level": 3, "id": "c1", "name": "Claimed by A &amp; B", "children": []}]},
        {"level": 2, "id": "notes-heading", "name": "Evidence", "children": []},
    ]


def test_nav_gets_a_section_unless_the_site_places_the_briefing_itself():
    briefings, _ = pipeline.load([EXAMPLE])
    section = {"Iran and Pakistan: strikes on Jaish al-Adal": [
        {"Overview": "b/iran-pakistan-2024/index.md"}, {"Latest updates": "b/iran-pakistan-2024/updates.md"},
        {"Chronology": "b/iran-pakistan-2024/chronology.md"},
        {"Actors": "b/iran-pakistan-2024/actors/index.md"}, {"Places": "b/iran-pakistan-2024/places.md"}, {"Quotes": "b/iran-pakistan-2024/quotes.md"},
        {"Claims": "b/iran-pakistan-2024/claims.md"}, {"Sources": "b/iran-pakistan-2024/sources/index.md"},
    ]}
    assert add_to_nav([{"Home": "index.md"}], briefings, "b") == [{"Home": "index.md"}, section]
    placed = [{"Home": "index.md"}, {"World": [{"Timeline": "b/iran-pakistan-2024/chronology.md"}]}]
    assert add_to_nav(placed, briefings, "b") == placed


def test_serve_watches_the_fact_files_and_templates(tmp_path):
    config = project(tmp_path)
    plugin = BriefbookPlugin()
    errors, warnings = plugin.load_config({"briefings": ["../../briefings/iran-pakistan-2024"]}, config_file_path=str(config))
    assert not errors and not warnings

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=None, builder=None)
    assert server.watched == [str(tmp_path / "briefings" / SLUG), str(templates_dir())]


def test_print_editions_are_made_beside_the_pdf(tmp_path):
    config = project(tmp_path, briefbook={"print_editions": [{"actor": "jaish-al-adal", "sections": ["cover", "summary", "chronology"]}]})
    result = build(config)
    assert result.returncode == 0, result.stderr
    folder = config.parent / "site" / PREFIX / SLUG
    assert sorted(p.name for p in folder.glob("*.pdf")) == [f"{SLUG}-actor-jaish-al-adal-cover-summary-chronology.pdf", f"{SLUG}.pdf"]
    cover = subprocess.run(["pdftotext", "-l", "1", folder / f"{SLUG}-actor-jaish-al-adal-cover-summary-chronology.pdf", "-"], capture_output=True, text=True, check=True).stdout
    assert "Print edition: the dossier of Jaish al-Adal" in " ".join(cover.split())
    bad = build(project(tmp_path / "bad", briefbook={"print_editions": [{"actor": "jaish"}]}))
    assert bad.returncode == 1 and "briefbook: print_editions: --actor: iran-pakistan-2024 has no actor 'jaish'" in bad.stderr
