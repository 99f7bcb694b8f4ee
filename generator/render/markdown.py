"""CommonMark prose from fact files, rendered safely with markdown-it-py.

Raw HTML is shown as text, images are off (an image would be a request to another host),
and only http(s), mailto and fact links (`actor:ID`, `event:ID`, `place:ID`, ...) survive; fact links
become relative links to their permalinks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from . import token_text
from .links import Linker, Paging, fact_path
from .token_text import FACT_KINDS

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
    """A fact link's address depends on the page (how far up its folder is) and on the paging:
    it is rendered as a numbered mark, put in place by `_placed`, so that one rendering
    serves every page. The token is copied, not changed: the tokens are read again."""
    token = tokens[idx]
    href = token.attrGet("href") or ""
    kind, _, id_ = href.partition(":")
    if kind in FACT_KINDS:
        env.append((kind, id_))
        token = token.copy(attrs={**token.attrs, "href": f"\x00{len(env) - 1}\x00", "class": f"fact-link {kind}-link"})
    else:
        token = token.copy(attrs={**token.attrs, "rel": "external noopener noreferrer"})
    return self.renderToken([token], 0, options, env)


_MD = _parser()


# One line of prose with nothing CommonMark would act on: no block markers at the start
# (it starts with a letter), no line breaks, and none of the characters that open inline
# syntax. Most fact-file prose is like this; it skips the parser, which dominates large builds.
_TEXT = r"[^\n*_`\[\]<>&\\!~|#]"
PLAIN = re.compile(rf"[A-Za-z]{_TEXT}*")


def is_plain(text: str) -> bool:
    """True if CommonMark would render `text` as one paragraph of exactly these characters."""
    return PLAIN.fullmatch(text) is not None and not text.endswith(" ")


# Plain prose with links to facts, `[words](actor:id)`, their words plain too: most fact-file
# prose that is not plain. CommonMark makes each an `<a>` and leaves the rest as it is.
_FACT_LINK = rf"\[{_TEXT}+\]\((?:{'|'.join(FACT_KINDS)}):[a-z0-9]+(?:-[a-z0-9]+)*\)"
LINKED = re.compile(rf"(?:[A-Za-z]|{_FACT_LINK})(?:{_TEXT}|{_FACT_LINK})*")
_LINK = re.compile(r"\[([^\]]*)\]\(([a-z]+):([^)]*)\)")


def _linked(text: str) -> tuple[str, tuple[tuple[str, str], ...], str] | None:
    """For prose that is plain but for links to facts: its HTML (links marked as in `Forms`),
    its links, and its words; None for any other."""
    if text.endswith(" ") or LINKED.fullmatch(text) is None:
        return None
    links: list[tuple[str, str]] = []

    def link(match: re.Match) -> str:
        links.append((match[2], match[3]))
        return f'<a href="\x00{len(links) - 1}\x00" class="fact-link {match[2]}-link">{match[1]}</a>'

    return _LINK.sub(link, text.replace('"', "&quot;")), tuple(links), _LINK.sub(r"\1", text)


@dataclass(frozen=True, slots=True)
class Forms:
    """Everything made of one piece of Markdown, from one parse: the parse is most of a large
    build's Markdown cost, and each text is shown on several pages, in search and in the
    exports. `page` is the pages' HTML with each fact link's address as a numbered mark
    (NUL, its index in `links`, NUL: no text can hold a NUL, CommonMark turns it into
    U+FFFD); `words` what search shows; `plain` and `unlinked` what the exports show."""

    page: str
    links: tuple[tuple[str, str], ...]
    words: str
    plain: str
    unlinked: str


@lru_cache(maxsize=1 << 17)
def forms(text: str) -> Forms:
    if is_plain(text):
        escaped = text.replace('"', "&quot;")
        return Forms(f"<p>{escaped}</p>\n", (), text, text, f"<p>{escaped}</p>\n")
    linked = _linked(text)
    if linked is not None:
        html, links, words = linked
        unlinked = words.replace('"', "&quot;")  # the words are all the text once links are dropped
        return Forms(f"<p>{html}</p>\n", links, " ".join(words.split()), words, f"<p>{unlinked}</p>\n")
    tokens = _MD.parse(text)
    links: list[tuple[str, str]] = []
    page = _MD.renderer.render(tokens, _MD.options, links)
    return Forms(page, tuple(links), token_text.words(tokens), token_text.plain(tokens), token_text.unlinked_html(tokens, _MD.options))


@lru_cache(maxsize=1 << 16)
def _inline(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A phrase's HTML, without a paragraph around it, and its fact links (as in `Forms`)."""
    if is_plain(text):
        return text.replace('"', "&quot;"), ()
    linked = _linked(text)
    if linked is not None:
        return linked[0], linked[1]
    links: list[tuple[str, str]] = []
    return _MD.renderer.render(_MD.parseInline(text, {}), _MD.options, links), tuple(links)


_MARK = re.compile("\x00([0-9]+)\x00")


def _placed(html: str, links: tuple[tuple[str, str], ...], up: str, paging: Paging) -> str:
    """The fact links' addresses put in, relative to the page (`up`), where `paging` puts them."""
    if not links:
        return html
    return _MARK.sub(lambda m: escapeHtml(up + fact_path(*links[int(m[1])], paging)), html)


def markdown(text: str | None, link: Linker, inline: bool = False, after: str = "") -> Markup:
    """Markdown as safe HTML for a page; `inline` for a phrase without a paragraph around it.

    `after` (safe HTML, such as citation marks) goes at the end of the last paragraph, so
    marks sit right after the words they support, kept on one line with its last word: a
    line never starts with the marks alone (on paper, "[4]" on a line of its own).
    """
    after = str(after)  # already safe HTML; str() so that joining does not escape it again
    if not text:
        return Markup(after)
    if inline:
        made, links = _inline(text)
    else:
        shown = forms(text)
        made, links = shown.page, shown.links
    html = _placed(made, links, link.up, link.paging)
    if after and not inline and html.endswith("</p>\n"):
        return Markup(_kept(html[: -len("</p>\n")], after) + "</p>\n")
    if after and not inline:  # after a list or a quote: a paragraph of its own, no word to keep
        return Markup(html + " " + after)
    return Markup(_kept(html, after) if after else html)


def _kept(html: str, after: str) -> str:
    """`html` and `after` with its last word and `after` in one span set without a line
    break (print.css, style.css: `.unbroken`). A no-break space would do it in fewer boxes,
    but WeasyPrint then breaks the line a word or more too early. The word is the text after
    the last space that follows the last tag; where there is none (the text ends with a link
    or emphasis), `after` alone: its space, inside the span, is no place to break either."""
    tail = html.rfind(">") + 1
    cut = max(html.rfind(" ", tail), html.rfind("\n", tail)) + 1 or tail
    return f'{html[:cut]}<span class="unbroken">{html[cut:]} {after}</span>'


def plain_text(text: str | None) -> str:
    """What a reader reads of some Markdown, as plain text: '[Jilani](actor:jalil-abbas-jilani)
    said' -> 'Jilani said'; paragraphs joined by a space (for search snippets)."""
    return forms(text).words if text else ""
