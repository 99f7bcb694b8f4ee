"""What the pages and the exports make of a parsed piece of Markdown besides its page HTML:
the words a reader reads (search), plain text with outside addresses (CSV, iCalendar) and
HTML whose fact links are reduced to their words (TimelineJS). Each reads the tokens of one
parse (render/markdown.py `forms`) and changes none of them."""

from __future__ import annotations

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

FACT_KINDS = ("actor", "event", "claim", "quote", "source", "place")
_BREAKS = ("softbreak", "hardbreak")


def is_fact_link(href: str) -> bool:
    return href.partition(":")[0] in FACT_KINDS


def words(tokens: list[Token]) -> str:
    """What a reader reads, as one line: '[Jilani](actor:jalil) said' -> 'Jilani said'."""
    found: list[str] = []
    for token in tokens:
        if token.type == "inline":
            found.append("".join(c.content if c.type in ("text", "code_inline") else " " if c.type in _BREAKS else "" for c in token.children or ()))
        elif token.type in ("code_block", "fence"):
            found.append(token.content)
    return " ".join(" ".join(found).split())


def plain(tokens: list[Token]) -> str:
    """Plain text: markup dropped, a link's text kept, an outside link's address added in
    parentheses; blocks on lines of their own."""
    blocks = []
    for token in tokens:
        if token.type == "inline":
            blocks.append(_inline_plain(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(block for block in blocks if block)


def _inline_plain(children: list[Token]) -> str:
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
        elif token.type == "link_close" and not is_fact_link(href) and "".join(out[start:]) != href:
            out.append(f" ({href})")
    return "".join(out)


_RENDERER = RendererHTML()  # markdown-it's own rules: none of the pages' fact-link rule


def unlinked_html(tokens: list[Token], options) -> str:
    """HTML with links to facts reduced to their text (relative links would resolve against
    whichever page embeds it) and outside links marked external."""
    kept = [token.copy(children=_unlink_facts(token.children)) if token.children else token for token in tokens]
    return _RENDERER.render(kept, options, {})


def _unlink_facts(children: list[Token]) -> list[Token]:
    kept, inside_fact_link = [], False
    for token in children:
        if token.type == "link_open":
            inside_fact_link = is_fact_link(token.attrGet("href") or "")
            if inside_fact_link:
                continue
            token = token.copy(attrs={**token.attrs, "rel": "external noopener noreferrer"})
        elif token.type == "link_close" and inside_fact_link:
            inside_fact_link = False
            continue
        kept.append(token)
    return kept
