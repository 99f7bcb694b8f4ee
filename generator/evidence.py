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


DIFF_BUDGET = 2_000_000  # haystack x needle characters worth a full longest-match search


def closest_passage(passage: str, document: str, limit: int = 200_000) -> str | None:
    """The stretch of the document that best lines up with `passage`, for a hint."""
    needle, haystack = normalise(passage), normalise(document)
    if not needle or len(haystack) > limit:
        return None
    if len(haystack) * len(needle) > DIFF_BUDGET:
        # difflib's search grows with the product (a wrong 6 kB excerpt of a 200 kB document
        # took half a minute): line up on the first piece of the passage found verbatim.
        return _lined_up(needle, haystack)
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    if match.size < 4:
        return None
    start = max(0, match.a - match.b)
    return haystack[start : start + len(needle)]


def _lined_up(needle: str, haystack: str, tries: int = 100) -> str | None:
    """The haystack's stretch aligned with the first of some pieces of the needle that it holds
    verbatim, longest pieces first; at most `tries` searches (each at C speed) per length."""
    for size in (64, 32, 16, 8, 4):
        if size > len(needle):
            continue
        step = max(size // 2, (len(needle) - size) // tries + 1)
        for offset in range(0, len(needle) - size + 1, step):
            at = haystack.find(needle[offset : offset + size])
            if at >= 0:
                start = max(0, at - offset)
                return haystack[start : start + len(needle)]
    return None


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
