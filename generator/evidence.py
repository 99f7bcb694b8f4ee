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
_MARKS = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")  # what the table changes


def _marks_made_plain(text: str) -> str:
    """Text in NFC with its quote marks, apostrophes and dashes made plain: the table is
    applied only to text that holds one, as it looks every character up in a dict (most of
    what normalising cost), and a search for them runs in C."""
    if text.isascii():  # NFC already, and the backtick the table's one ASCII character
        return text.translate(_TRANSLATE) if "`" in text else text
    text = unicodedata.normalize("NFC", text)
    return text.translate(_TRANSLATE) if _MARKS.search(text) else text


@lru_cache(maxsize=1 << 16)  # every excerpt is asked for by verify, the attribution check and the pages
def normalise(text: str) -> str:
    """Text as compared for 'verbatim': only whitespace, quote marks, apostrophes and dashes may differ."""
    # str.split breaks at exactly the characters r"\s" matches (str.isspace), in C.
    return " ".join(_marks_made_plain(text).split())


@lru_cache(maxsize=512)
def folded(document: str) -> str:
    """A document normalised and casefolded, for looking up words in any letter case."""
    return normalise(document).casefold()


def occurs(passage: str, document: str) -> bool:
    return normalise(passage) in normalise(document)


MAX_NEEDLE_TOKENS = 4000  # a longer passage gets no hint: aligning it would cost too much
_CONTEXT = 2  # tokens shown before the first difference
_SHOWN = 8  # tokens of a differing stretch shown before it is cut with "…"


@dataclass(frozen=True, slots=True)
class Closest:
    """The stretch of a document that best lines up with a passage, and where they first differ."""

    passage: str  # whole words and marks of the (normalised) document
    document: str = ""  # the first difference with a little context, as the document has it...
    given: str = ""  # ...and as the passage has it (both "" when only spacing around a mark differs)
    more: int = 0  # differences after the first

    def hint(self, noun: str) -> str:
        """'the document has 'were injured' where the excerpt has 'were wounded', in the closest passage '…''."""
        if not self.document and not self.given:
            return f"the closest passage is '{self.passage}'"
        more = f" (and {self.more} more difference{'s' if self.more > 1 else ''})" if self.more else ""
        return f"the document has '{self.document}' where the {noun} has '{self.given}'{more}, in the closest passage '{self.passage}'"


# Words (keeping inner hyphens and apostrophes: "officers-employees", "country's") and each
# other mark on its own, so that a passage may start after a quote mark or end before a stop.
_TOKEN = re.compile(r"\w+(?:['-]\w+)*|[^\w\s]")


def _key(token: str) -> str:
    """A token as compared to find where a passage lines up: case aside."""
    return token.casefold()


@dataclass(frozen=True, slots=True)
class _Tokens:
    """A normalised text cut into tokens, with each token's span and an index of token pairs."""

    text: str
    spans: tuple[tuple[int, int], ...]
    tokens: tuple[str, ...]
    pairs: dict[tuple[str, str], list[int]]  # (key, next key) -> indexes of the first token

    def shown(self, first: int, last: int, cut: int | None = None) -> str:
        """The text from token `first` up to token `last` (excluded), cut with '…' after token `cut`."""
        if cut is not None and cut < last:
            return self.text[self.spans[first][0] : self.spans[cut - 1][1]] + " …"
        return self.text[self.spans[first][0] : self.spans[last - 1][1]]


def _tokenise(text: str, index: bool = False) -> _Tokens:
    matches = list(_TOKEN.finditer(text))
    tokens = tuple(m.group() for m in matches)
    pairs: dict[tuple[str, str], list[int]] = {}
    if index:
        keys = [_key(t) for t in tokens]
        for i, pair in enumerate(zip(keys, keys[1:])):
            pairs.setdefault(pair, []).append(i)
    return _Tokens(text, tuple(m.span() for m in matches), tokens, pairs)


@lru_cache(maxsize=16)
def _indexed(text: str) -> _Tokens:
    return _tokenise(text, index=True)


def closest_passage(passage: str, document: str) -> Closest | None:
    """The whole words of the document that best line up with `passage`, for a hint; None when
    nothing lines up with at least half its tokens. Cheap on long documents: token pairs vote
    for where the passage starts, then only a window there is aligned token by token."""
    needle, haystack = _tokenise(normalise(passage)), _indexed(normalise(document))
    n = len(needle.tokens)
    if not 2 <= n <= MAX_NEEDLE_TOKENS:
        return None
    offset = _best_offset([_key(t) for t in needle.tokens], haystack)
    if offset is None:
        return None
    slack = n // 4 + 2  # room for words the passage left out or added
    low, high = max(0, offset - slack), min(len(haystack.tokens), offset + n + slack)
    ops = difflib.SequenceMatcher(None, haystack.tokens[low:high], needle.tokens, autojunk=False).get_opcodes()
    ops = [(tag, low + i1, low + i2, j1, j2) for tag, i1, i2, j1, j2 in _trimmed(ops)]
    if 2 * sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") < n:
        return None
    closest = haystack.shown(ops[0][1], ops[-1][2])
    differences = [at for at, op in enumerate(ops) if op[0] != "equal"]
    if not differences:
        return Closest(closest)
    document, given = _difference(haystack, needle, ops, differences[0])
    return Closest(closest, document, given, len(differences) - 1)


def _best_offset(keys: list[str], haystack: _Tokens) -> int | None:
    """The document token where the passage's token pairs agree it starts (the earliest, on a tie)."""
    votes: dict[int, int] = {}
    for i, pair in enumerate(zip(keys, keys[1:])):
        for position in haystack.pairs.get(pair, ())[:1000]:  # bounded: a pair as common as "of the" says little
            votes[position - i] = votes.get(position - i, 0) + 1
    return min(votes, key=lambda offset: (-votes[offset], offset)) if votes else None


def _trimmed(ops: list[tuple]) -> list[tuple]:
    """The opcodes without the window's tokens beyond either end of the passage."""
    ops = list(ops)
    while ops and ops[0][0] == "delete":
        ops.pop(0)
    while ops and ops[-1][0] == "delete":
        ops.pop()
    if ops and ops[0][0] == "replace":  # keep as many of the window's tokens as the passage has there
        tag, i1, i2, j1, j2 = ops[0]
        ops[0] = (tag, max(i1, i2 - (j2 - j1)), i2, j1, j2)
    if ops and ops[-1][0] == "replace":
        tag, i1, i2, j1, j2 = ops[-1]
        ops[-1] = (tag, i1, min(i2, i1 + (j2 - j1)), j1, j2)
    return ops


def _difference(haystack: _Tokens, needle: _Tokens, ops: list[tuple], at: int) -> tuple[str, str]:
    """The differing stretch of opcode `at`, as the document and the passage have it, with up to
    two shared tokens before it, and the shared token after it when one side has nothing there
    or nothing comes before. Opcodes alternate, so those around `at` are equal ones."""
    _, i1, i2, j1, j2 = ops[at]
    before = min(_CONTEXT, j1) if at > 0 else 0
    after = 1 if (i1 == i2 or j1 == j2 or not before) and at + 1 < len(ops) else 0
    return (
        haystack.shown(i1 - before, i2 + after, i1 + _SHOWN if i2 - i1 > _SHOWN else None),
        needle.shown(j1 - before, j2 + after, j1 + _SHOWN if j2 - j1 > _SHOWN else None),
    )


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


_RUN = re.compile(r"\s{2,}")  # the whitespace that normalising shortens: one space stays one


def locate(text: str) -> Located:
    """Index a document for `Located.span`; only whitespace runs change lengths, so only the
    runs of two or more characters start a new shift (a single space, tab or line break is
    one space normalised, and a break there would repeat the shift before it)."""
    source = _marks_made_plain(text)
    lead = len(source) - len(source.lstrip())
    body = source.strip()
    breaks, shifts, removed = [0], [lead], 0
    for match in _RUN.finditer(body):  # in C: found without a step of Python per word
        removed += match.end() - match.start() - 1
        breaks.append(match.end() - removed)
        shifts.append(lead + removed)
    return Located(source, normalise(text), tuple(breaks), tuple(shifts))  # the form verify searched: cached
