"""How a citation reads in a card: the short form (outlet or short title, date).

A card shows where its evidence comes from in a few words; the full evidence (the excerpt
and the link to the passage in the stored text) sits behind it, in the card's notes. The
square brackets that mark a supplied title (the cataloguers' convention) read like broken
Markdown on a page, so pages show the title without them and, on the source's page, say in
words that the title is supplied; the exports keep the title as the fact file gives it.
"""

from __future__ import annotations

from collections import Counter

from ..model import Source
from .stances import shorten

SHORT_TITLE = 48  # characters: about six words, enough to tell two documents apart


def supplied(source: Source) -> bool:
    """Whether the title is the analysts' description, in [square brackets], not a headline."""
    title = source.title.strip()
    return title.startswith("[") and title.endswith("]")


def plain_title(source: Source) -> str:
    """The title without the brackets that mark it as supplied."""
    title = source.title.strip()
    return title[1:-1].strip() if supplied(source) else title


def short_title(source: Source) -> str:
    """The plain title cut at a word."""
    return shorten(plain_title(source), SHORT_TITLE)


def short_name(source: Source) -> str:
    """What names a source in a short citation: its outlet where the document names one,
    else its short title."""
    return source.publisher or short_title(source)


def short_names(sources: list[Source]) -> dict[str, str]:
    """Each source's name in the printed notes, by its id: its short name, with its short title
    after the outlet where another source of that outlet bears the same date (two articles of
    one paper on one day), so that each short reference names one entry under Sources."""
    shared = Counter((short_name(s), s.published.edtf) for s in sources)
    return {s.id: f"{s.publisher}, “{short_title(s)}”" if s.publisher and shared[short_name(s), s.published.edtf] > 1 else short_name(s) for s in sources}


SOURCE_KINDS = {
    "news-article": "News article",
    "statement": "Statement",
    "report": "Report",
    "transcript": "Transcript",
    "social-media-post": "Social media post",
    "other": "Document",
}
