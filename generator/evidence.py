"""Finding passages in documents: what "verbatim" means, and where a passage sits in the text."""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc`", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Text as compared for 'verbatim': only whitespace, quote marks, apostrophes and dashes may differ."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_TRANSLATE)).strip()


def occurs(passage: str, document: str) -> bool:
    return normalise(passage) in normalise(document)


def closest_passage(passage: str, document: str, limit: int = 200_000) -> str | None:
    """The stretch of the document that best lines up with `passage`, for a hint."""
    needle, haystack = normalise(passage), normalise(document)
    if not needle or len(haystack) > limit:
        return None
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    if match.size < 4:
        return None
    start = max(0, match.a - match.b)
    return haystack[start : start + len(needle)]


def first_difference(passage: str, closest: str) -> str | None:
    """Where a passage first differs from the closest passage of the document, named by code
    point, when a letter outside ASCII is involved: Arabic and Persian Yeh (U+064A, U+06CC) or
    Kaf (U+0643, U+06A9), a zero-width non-joiner or a presentation form look the same on
    screen but are different letters, so they are not verbatim and the reader needs telling."""
    needle = normalise(passage)
    for i, (ours, theirs) in enumerate(zip(needle, closest)):
        if ours != theirs:
            break
    else:
        return None
    if ours.isascii() and theirs.isascii():
        return None
    return f"character {i + 1} differs: the document has {_named(theirs)}, this has {_named(ours)}"


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


@dataclass(frozen=True, slots=True)
class Located:
    """A document's text with a map from normalised offsets back to offsets in the original."""

    text: str
    normal: str
    breaks: tuple[int, ...]  # normalised offsets where the shift changes
    shifts: tuple[int, ...]  # original minus normalised offset from each break on

    def span(self, passage: str) -> tuple[int, int] | None:
        """Where `passage` first occurs in the original text, as (start, end), or None."""
        needle = normalise(passage)
        start = self.normal.find(needle) if needle else -1
        if start < 0:
            return None
        end = start + len(needle)
        return self._original(start), self._original(end - 1) + 1

    def _original(self, offset: int) -> int:
        return offset + self.shifts[bisect.bisect_right(self.breaks, offset) - 1]


def locate(text: str) -> Located:
    """Index a document for `Located.span`; only whitespace runs change lengths."""
    source = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    lead = len(source) - len(source.lstrip())
    breaks, shifts, parts = [0], [lead], []
    position, normal_len = lead, 0
    body = source.strip()
    for match in _SPACE.finditer(body):
        parts.append(body[position - lead : match.start()])
        normal_len += match.start() - (position - lead) + 1
        position = match.end() + lead
        breaks.append(normal_len)
        shifts.append(position - normal_len)
    normal = _SPACE.sub(" ", body)
    return Located(source, normal, tuple(breaks), tuple(shifts))
