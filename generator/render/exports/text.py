"""Markdown as the exports show it: plain text (CSV, iCalendar) or HTML (TimelineJS)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..markdown import FACT_KINDS, is_plain, valid_link


def element_text(text: str) -> str:
    """Text as HTML element content: '<', '>' and '&' escaped (quotes need not be there)."""
    return escape(text, quote=False)


_MD = MarkdownIt("commonmark", {"html": False}).disable("image")
_MD.validateLink = valid_link  # the same links as on the pages: no javascript: and the like


def _is_fact_link(href: str) -> bool:
    return href.partition(":")[0] in FACT_KINDS


@lru_cache(maxsize=65536)
def plain(text: str | None) -> str:
    """Markdown as plain text: markup dropped, a link's text kept, an outside link's address
    added in parentheses; blocks on lines of their own."""
    if not text:
        return ""
    if is_plain(text):
        return text
    blocks = []
    for token in _MD.parse(text):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block for block in blocks if block)


def _inline_text(children: list[Token]) -> str:
    out: list[str] = []
    href, start = "", 0
    for token in children:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "link_open":
            href, start = token.attrGet("href") or "", len(out)
        elif token.type == "link_close" and not _is_fact_link(href) and "".join(out[start:]) != href:
            out.append(f" ({href})")
    return "".join(out)


@lru_cache(maxsize=65536)
def html(text: str | None) -> str:
    """Markdown as HTML for TimelineJS: raw HTML shown as text, outside links kept, and links
    to facts reduced to their text, since relative links would resolve against whichever
    page embeds the timeline."""
    if not text:
        return ""
    if is_plain(text):
        return "<p>" + text.replace('"', "&quot;") + "</p>\n"
    tokens = _MD.parse(text)
    for token in tokens:
        if token.children:
            token.children = _unlink_facts(token.children)
    return _MD.renderer.render(tokens, _MD.options, {})


def _unlink_facts(children: list[Token]) -> list[Token]:
    kept, inside_fact_link = [], False
    for token in children:
        if token.type == "link_open":
            inside_fact_link = _is_fact_link(token.attrGet("href") or "")
            if inside_fact_link:
                continue
            token.attrSet("rel", "external noopener noreferrer")
        elif token.type == "link_close" and inside_fact_link:
            inside_fact_link = False
            continue
        kept.append(token)
    return kept
