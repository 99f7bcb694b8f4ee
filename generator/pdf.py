"""The PDF adapter: each briefing as a print-ready, tagged PDF, rendered by WeasyPrint.

The PDF is made from the same checked model, `View`, Markdown rendering and macros as the
site, through `templates/print.html` (print_html.py) and `templates/assets/print.css`. It embeds only the
fonts shipped in `fonts/` and fetches nothing but those and the stylesheet, so it looks the
same on every machine and never touches the network. It is deterministic: nothing comes
from the clock or from chance; the document's date is the briefing's as-of date, or
SOURCE_DATE_EPOCH when that is set.

A long briefing is laid out in parts, two at a time, and written into one PDF
(pdf_parts, pdf_workers, pdf_join), so that memory does not grow with its length.

WeasyPrint is imported inside the functions that need it, so `briefbook check` starts fast.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from urllib.request import url2pathname

from . import pagenumbers, pdf_join, pdf_parse, pdf_parts, pdf_patches, pdf_workers, print_editions
from .collector import paused
from .model import Briefing
from .print_editions import PrintEdition
from .print_html import document_date, estimated_pages, render_html
from .progress import Progress
from .render import Files, environment
from .render.memo import Memo, code_version, digest
from .render.views import View
from .shipped import fonts_dir, templates_dir
from .write import OutputError

PAPERS = {"a4": "A4", "letter": "letter"}  # --paper value -> CSS page size
PDF_VARIANT = "pdf/ua-1"
# A part is laid out without its page number, which pdf_join draws over it from a document
# of empty pages that has nothing else.
_PART_CSS = "@page { @bottom-right { content: none; } } @page rtl { @bottom-left { content: none; } }"
_FOOTER_CSS = (
    "@page { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } }"
    " @page rtl { @top-left { content: none; } @top-right { content: none; } @bottom-right { content: none; } }"
    " .page-of + .page-of { break-before: page; }"
    " @page { @bottom-right { content: string(page-of); } } @page rtl { @bottom-left { content: string(page-of); } }"
)
_FOOTER_PAGES = 250  # footers laid out at once: WeasyPrint's cost per page grows with the document's pages


class PdfUnavailable(OutputError):
    """WeasyPrint or the system libraries it needs (Pango) are missing: no PDF can be written."""


def pdf_path(slug: str, edition: PrintEdition | None = None) -> PurePosixPath:
    """Where a briefing's PDF goes in the site: beside its overview page; a print edition's
    name says what it holds (SLUG-actor-ID, SLUG-since-DAY, SLUG-SECTIONS)."""
    return PurePosixPath(slug, f"{slug}{edition.suffix() if edition else ''}.pdf")


def _weasyprint():
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz_subset
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as err:  # OSError: Pango, HarfBuzz or fontconfig missing
        raise PdfUnavailable(f"cannot make PDFs: WeasyPrint or a library it needs is missing ({err}); run ./dev to install it") from err
    if harfbuzz_subset is None:
        # Without it WeasyPrint subsets fonts with fontTools, which stamps each embedded
        # font with the current time: the same briefing would give different PDFs.
        raise PdfUnavailable("cannot make reproducible PDFs: HarfBuzz's font subsetter is missing (Debian: libharfbuzz-subset0); run ./dev to install it")
    pdf_patches.apply()
    return weasyprint, FontConfiguration


class Printer:
    """Renders PDFs with one WeasyPrint font configuration and stylesheet, shared by each briefing."""

    def __init__(self, paper: str = "a4") -> None:
        if paper not in PAPERS:
            raise ValueError(f"unknown paper {paper!r}; one of {', '.join(PAPERS)}")
        weasyprint, FontConfiguration = _weasyprint()
        self.weasyprint, self.paper = weasyprint, paper
        self.env = environment()
        self.fetcher = _local_fetcher([templates_dir() / "assets", fonts_dir()])
        self.fonts = FontConfiguration()
        self.stylesheets = [
            weasyprint.CSS(filename=templates_dir() / "assets" / "print.css", url_fetcher=self.fetcher, font_config=self.fonts),
            weasyprint.CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", font_config=self.fonts),
        ]
        self.part_stylesheets = [*self.stylesheets, weasyprint.CSS(string=_PART_CSS, font_config=self.fonts)]
        self.footer_stylesheets = [*self.stylesheets, weasyprint.CSS(string=_FOOTER_CSS, font_config=self.fonts)]

    def document(self, view: View, created: str | None = None, html: str | None = None, progress: Progress | None = None, edition: PrintEdition | None = None):
        """The laid-out document (a weasyprint.Document): its pages, with their page numbers,
        before it becomes a PDF. Laid out once, and again only if its page numbers need more
        digits than the printed HTML left room for."""
        html = html or render_html(view, self.paper, self.env, created)
        document = self._layout(html)
        digits = pagenumbers.digits_for(len(document.pages))
        if digits > len(_placeholder_in(html)):
            html = render_html(view, self.paper, self.env, created, digits, edition)
            document = self._layout(html)
        if progress:
            progress.step(f"filling in the page numbers of {len(document.pages)} pages")
        missing = pagenumbers.fill(document)
        if missing:  # every target is an anchor of print.html: a bug in the template
            raise ValueError(f"page references to anchors that no page holds: {', '.join(sorted(set(missing)))}")
        return document

    def _layout(self, html: str, stylesheets: list | None = None, tagged: bool = True):
        html = html.replace(pdf_parts.CUT, "")  # where parts may end: nothing to lay out
        source = pdf_parse.source(self.weasyprint, html, (templates_dir() / "assets").as_uri() + "/", self.fetcher)
        return source.render(stylesheets=stylesheets or self.stylesheets, font_config=self.fonts, **({"pdf_variant": PDF_VARIANT, "pdf_tags": True} if tagged else {}))

    def __call__(self, view: View, created: str | None = None, memo: Memo | None = None, progress: Progress | None = None, edition: PrintEdition | None = None) -> bytes:
        """The PDF; laid out again only when its printed HTML (or briefbook, or a font) changed,
        since layout is nearly all of the time a PDF takes. `progress` shows how it goes;
        `edition` is the print edition that `view` (made from its chosen facts) prints."""
        html = render_html(view, self.paper, self.env, created, edition=edition)
        key = digest("pdf", code_version(), fonts_version(), self.paper, view.b.slug, html)
        if progress is None:
            return (memo or Memo()).get(key, lambda: self._write(view, created, html, edition=edition))
        made: list[int] = []
        with progress.pdf(pdf_path(view.b.slug, edition).stem):
            data = (memo or Memo()).get(key, lambda: self._write(view, created, html, made, progress, edition))
        progress.done(made[0] if made else None)
        return data

    def _write(self, view: View, created: str | None, html: str, made: list[int] | None = None, progress: Progress | None = None, edition: PrintEdition | None = None) -> bytes:
        with paused(frozen_after=False):  # WeasyPrint's boxes: freed once the PDF is written
            size = pdf_parts.size()
            parts = pdf_parts.split(html, size) if size else None
            if parts:
                data = self._in_parts(view, html, parts, made, progress)
                if data is not None:
                    return data
                html = render_html(view, self.paper, self.env, created, len(_placeholder_in(html)) + 1, edition)
                parts = pdf_parts.split(html, size)
                if parts:  # the same cuts, with room for one more digit
                    return self._in_parts(view, html, parts, made, progress)
            document = self.document(view, created, html, progress, edition)
            if made is not None:
                made.append(len(document.pages))
            return self._pdf(view, document)

    def _in_parts(self, view: View, html: str, parts: list, made: list[int] | None, progress: Progress | None) -> bytes | None:
        """The PDF laid out in parts (pdf_parts, pdf_workers) and joined (pdf_join); None if
        its page numbers need more digits than the printed HTML left room for."""
        workers = pdf_workers.count()
        if progress:
            progress.step(f"laying out {len(parts)} parts in {workers} process{'es' if workers > 1 else ''}")
        told = (lambda index, info, offset: progress.step(f"laid out part {index + 1} of {len(parts)}: pages {offset + 1}-{offset + info.pages}")) if progress else None
        elsewhere = set().union(*(part.ids for part in parts))
        logger = logging.getLogger("weasyprint.progress")
        disabled, logger.disabled = logger.disabled, True  # the parts' progress, not each one's steps
        try:
            placer = pdf_join.Placer(4 * estimated_pages(view) + 1000)
            infos, pieces = pdf_workers.run(parts, lambda html: self._layout(html, self.part_stylesheets), lambda document, pages, numbers: self._piece(document, pages, numbers, elsewhere), placer, workers, told)
            total = sum(info.pages for info in infos)
            if pagenumbers.digits_for(total) > len(_placeholder_in(html)):
                return None
            if progress:
                progress.step(f"joining {len(parts)} parts into {total} pages")
            covers = [cover for info in infos for cover in info.covers]
            footer = self._footers(html, covers, placer.base)
        finally:
            logger.disabled = disabled
        if made is not None:
            made.append(total)
        return pdf_join.join(pieces, footer, infos, covers, identifier(view))

    def _piece(self, document, pages: dict[str, int], numbers, elsewhere: set[str]):
        """One part of the PDF, its page numbers filled in, written in its place (pdf_join)."""
        missing = pagenumbers.fill(document, pages)
        if missing:  # a page reference to a later part: pdf_parts.split should have kept the document whole
            raise ValueError(f"page references to anchors that no earlier part holds: {', '.join(sorted(set(missing)))}")
        with pdf_patches.links_elsewhere(elsewhere):
            return pdf_join.piece(pdf_join.generate(document, numbers.base, pdf_variant=PDF_VARIANT, pdf_tags=True), numbers)

    def _footers(self, html: str, covers: list[bool], base: int) -> list:
        """The page numbers of a document laid out in parts: empty pages with their footers,
        "Page N of M" set as a string on each (print.css's words), a few hundred at a time."""
        opening, pieces = html[: html.index(">", html.index("<body")) + 1], []
        for first in range(0, len(covers), _FOOTER_PAGES):
            body = "".join(
                '<div class="page-of cover"></div>' if cover else f'<div class="page-of" style="string-set: page-of &quot;Page {number} of {len(covers)}&quot;"></div>'
                for number, cover in enumerate(covers[first : first + _FOOTER_PAGES], first + 1)
            )
            document = self._layout(opening + body + "</body></html>", self.footer_stylesheets, tagged=False)
            pieces.append(pdf_join.footers(pdf_join.generate(document, base), base, covers[first : first + _FOOTER_PAGES], first))
            base += pieces[-1].used
            del document
            gc.collect(0)  # the chunk's boxes hold cycles, and the collector is paused (collector.py)
        return pieces

    def _pdf(self, view: View, document) -> bytes:
        return document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            pdf_identifier=identifier(view),
        )


def identifier(view: View) -> bytes:
    """The first half of the file identifier (/ID), which names the document across its
    revisions: made from the slug, never the clock. (pydyf makes the second half from the
    file's bytes.)"""
    return hashlib.sha256(f"briefbook:{view.b.slug}".encode()).hexdigest()[:32].encode()


def _placeholder_in(html: str) -> str:
    """The zeros the printed HTML holds where page numbers go ("" when it has no page number)."""
    found = pagenumbers.PLACEHOLDER.search(html)
    return found[2] if found else ""


def _local_fetcher(folders: list[Path]):
    """A URL fetcher for files inside `folders` only: no network, no other file; a miss is fatal."""
    from weasyprint.urls import URLFetcher

    roots = [folder.resolve() for folder in folders]

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"the print stylesheet may only use briefbook's own files, not {url}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=["file"], fail_on_errors=True)


def render_pdfs(briefings: list[Briefing], paper: str = "a4", epoch: str | None = None, memo: Memo | None = None, progress: Progress | None = None, edition: PrintEdition | None = None) -> Files:
    """Each briefing's PDF, keyed by its path in the site; `epoch` is SOURCE_DATE_EPOCH's value;
    `memo` holds PDFs of earlier builds, reused when their printed content is unchanged;
    `progress`, when given, shows each PDF's steps and pages as it is made; `edition`, a print
    edition of each (an EditionError if a briefing lacks what it asks for)."""
    printer = Printer(paper)
    files: Files = {}
    for briefing in sorted(briefings, key=lambda b: b.slug):
        if edition is not None:
            print_editions.check(edition, briefing)
            briefing = print_editions.select(briefing, edition)
        view = View(briefing, memo)
        files[pdf_path(briefing.slug, edition)] = printer(view, document_date(view, epoch), memo, progress, edition)
    return files


def fonts_version() -> str:
    """The shipped fonts' names and sizes: a new font lays every PDF out anew."""
    return digest(*(f"{p.name}:{p.stat().st_size}" for p in sorted(fonts_dir().glob("*"))))
