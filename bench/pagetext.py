"""Each of a built site's HTML pages as one Markdown page with the same visible text, for the
other tools to build (bench/peers.py).

    python bench/pagetext.py SITE CORPUS    # prints {"pages": N, "bytes": M} as JSON

Headings stay headings, list items list items, and every other block (paragraphs, table
rows, cards, definition lists) a paragraph; inline markup is dropped, text kept. What a
reader does not see is left out: the head, scripts, styles, templates and `hidden`
elements. Each page starts with a YAML front matter holding its title, which MkDocs and
Hugo read and bench/plain_site.py strips. Written by hand over the standard library's
html.parser because what the bench needs is the text and its blocks, not a faithful
conversion of markup (which html2text or markdownify would attempt, at a cost, with a new
dependency).
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HIDDEN = {"head", "script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "ul", "ol", "dl", "dt", "dd",
    "table", "thead", "tbody", "tr", "td", "th", "caption", "blockquote", "figure", "figcaption", "details",
    "summary", "form", "fieldset", "legend", "label", "pre", "address", "hr", "br", "li", "body", "option",
}
# Escaped everywhere: what would start markup inside a line. `&` and `<` become references.
INLINE = re.compile(r"([\\`*_\[\]])")
# At the start of a block: what would make it a heading, quote, list or rule (only what
# Python-Markdown, for MkDocs, also unescapes).
LEADING = re.compile(r"^([#>+\-]|\d+[.)])")


def escape(text: str) -> str:
    text = INLINE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return LEADING.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


class Blocks(HTMLParser):
    """The visible text of a page as (kind, text) blocks: kind is "h1".."h6", "li" or "p"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.title = ""
        self._in_title = False
        self._text: list[str] = []
        self._kinds: list[str] = []  # the open heading or list item the text belongs to
        self._hidden = 0  # depth inside elements a reader does not see
        self._stack: list[bool] = []  # for each open element: does it hide what it holds?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in VOID:
            if tag in BLOCKS:
                self._flush()
            return
        hides = tag in HIDDEN or any(name == "hidden" for name, _ in attrs)
        self._stack.append(hides)
        self._hidden += hides
        if tag in HEADINGS or tag == "li" or tag in BLOCKS:
            self._flush()
            if tag in HEADINGS or tag == "li":
                self._kinds.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in VOID or not self._stack:
            return
        if tag in HEADINGS or tag == "li" or tag in BLOCKS:
            self._flush()
            if (tag in HEADINGS or tag == "li") and self._kinds:
                self._kinds.pop()
        self._hidden -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if text:
            self.blocks.append((self._kinds[-1] if self._kinds else "p", text))


def blocks(html: str) -> Blocks:
    parser = Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser


def words(html: str) -> list[str]:
    """The words a reader sees on a page, in order (what the Markdown page must keep)."""
    return " ".join(text for _, text in blocks(html).blocks).split()


def markdown(html: str) -> str:
    """The page as Markdown: front matter with its title, then its blocks."""
    page = blocks(html)
    lines = ["---", f"title: {json.dumps(' '.join(page.title.split()) or 'Untitled')}", "---", ""]
    for (kind, text), after in zip(page.blocks, [*page.blocks[1:], ("", "")]):
        if kind in HEADINGS:
            lines.append(f"{'#' * HEADINGS[kind]} {escape(text)}")
        elif kind == "li":
            lines.append(f"- {escape(text)}")
        else:
            lines.append(escape(text))
        if not (kind == after[0] == "li"):  # items one after the other: a tight list
            lines.append("")
    return "\n".join(lines)


def convert(site: Path, corpus: Path) -> dict[str, int]:
    """Write corpus/PATH.md for every site/PATH.html; the number of pages and Markdown bytes."""
    pages = total = 0
    for page in sorted(site.rglob("*.html")):
        target = corpus / page.relative_to(site).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = markdown(page.read_text(encoding="utf-8")).encode()
        target.write_bytes(data)
        pages, total = pages + 1, total + len(data)
    return {"pages": pages, "bytes": total}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    print(json.dumps(convert(Path(sys.argv[1]), Path(sys.argv[2]))))
