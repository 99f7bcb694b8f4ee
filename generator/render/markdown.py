"""CommonMark prose from fact files, rendered safely with markdown-it-py.

Raw HTML is shown as text, images are off (an image would be a request to another host),
and only http(s), mailto and fact links (`actor:ID`, `event:ID`, `place:ID`, ...) survive; fact links
become relative links to their permalinks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from .links import Linker, Paging, fact_path

FACT_KINDS = ("actor", "event", "claim", "quote", "source", "place")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def valid_link(url: str) -> bool:
    """The only links prose may carry: http(s), mailto and links to facts."""
    lowered = url.strip().lower()
    return lowered.startswith(_SAFE_SCHEMES) or lowered.split(":", 1)[0] in FACT_KINDS and ":" in lowered


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.disable("image")
    md.validateLink = valid_link
    md.add_render_rule("link_open", _link_open)
    return md


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    kind, _, id_ = href.partition(":")
    if kind in FACT_KINDS:
        token.attrSet("href", env["up"] + fact_path(kind, id_, env["paging"]))
        token.attrSet("class", f"fact-link {kind}-link")
    else:
        token.attrSet("rel", "external noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


_MD = _parser()


# One line of prose with nothing CommonMark would act on: no block markers at the start
# (it starts with a letter), no line breaks, and none of the characters that open inline
# syntax. Most fact-file prose is like this; it skips the parser, which dominates large builds.
PLAIN = re.compile(r"[A-Za-z][^\n*_`\[\]<>&\\!~|#]*")


def is_plain(text: str) -> bool:
    """True if CommonMark would render `text` as one paragraph of exactly these characters."""
    return PLAIN.fullmatch(text) is not None and not text.endswith(" ")


@lru_cache(maxsize=65536)
def _render(text: str, up: str, paging: Paging, inline: bool) -> str:
    """`paging` (which page holds each fact, for fact links) is part of the key."""
    if is_plain(text):
        escaped = text.replace('"', "&quot;")
        return escaped if inline else f"<p>{escaped}</p>\n"
    env = {"up": up, "paging": paging}
    return _MD.renderInline(text, env) if inline else _MD.render(text, env)


def markdown(text: str | None, link: Linker, inline: bool = False, after: str = "") -> Markup:
    """Markdown as safe HTML for a page; `inline` for a phrase without a paragraph around it.

    `after` (safe HTML, such as citation marks) goes at the end of the last paragraph, so
    marks sit right after the words they support.
    """
    after = str(after)  # already safe HTML; str() so that joining does not escape it again
    if not text:
        return Markup(after)
    html = _render(text, link.up, link.paging, inline)
    if after and not inline and html.endswith("</p>\n"):
        return Markup(html[: -len("</p>\n")] + " " + after + "</p>\n")
    return Markup(html + (" " + after if after else ""))


@lru_cache(maxsize=65536)
def plain_text(text: str | None) -> str:
    """What a reader reads of some Markdown, as plain text: '[Jilani](actor:jalil-abbas-jilani)
    said' -> 'Jilani said'; paragraphs joined by a space (for search snippets)."""
    if not text:
        return ""
    if is_plain(text):
        return text
    words: list[str] = []
    for token in _MD.parse(text):
        if token.type == "inline":
            words.append("".join(c.content if c.type in ("text", "code_inline") else " " if c.type in ("softbreak", "hardbreak") else "" for c in token.children or ()))
        elif token.type in ("code_block", "fence"):
            words.append(token.content)
    return " ".join(" ".join(words).split())
