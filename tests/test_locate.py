"""Where a passage sits in its document (evidence.locate): the index is built from the long
whitespace runs alone and reuses the normal form verify searched, and every span it gives
must be the one the word-by-word index gave, on real documents and on hostile text."""

from __future__ import annotations

import bisect
import random
import re
import unicodedata

import pytest

from conftest import EXAMPLE, MULTI, ROOT
from generator import pipeline
from generator.evidence import _TRANSLATE, locate, normalise

_SPACE = re.compile(r"\s+")


def _reference_span(text: str, passage: str) -> tuple[int, int] | None:
    """The span as the earlier index found it: a break and shift after every whitespace run."""
    source = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    lead = len(source) - len(source.lstrip())
    breaks, shifts, position, normal_len = [0], [lead], lead, 0
    body = source.strip()
    for match in _SPACE.finditer(body):
        normal_len += match.start() - (position - lead) + 1
        position = match.end() + lead
        breaks.append(normal_len)
        shifts.append(position - normal_len)
    normal, needle = _SPACE.sub(" ", body), normalise(passage)
    start = normal.find(needle) if needle else -1
    if start < 0:
        return None

    def original(offset: int) -> int:
        return offset + shifts[bisect.bisect_right(breaks, offset) - 1]

    return original(start), original(start + len(needle) - 1) + 1


HOSTILE = [
    "",
    "   ",
    "one",
    "  \t lead and trail \n\n ",
    "a\r\nb\r\n\r\nc  d\t\te\x0bf\x0cg\x1ch\x1d\x1ei\x1fj\x85k",
    "non\u00a0breaking\u2003em\u2028line\u2029para\u3000ideographic  \u00a0 \u2009mixed",
    "\u201cquoted\u201d \u2018single\u2019 `back` \u2013 dash \u2014 \u2212minus",
    "e\u0301 combining e\u0301\u0301  then Å (A\u030a) and \ufb01 ligature",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629  \u0641\u064a   \u0627\u0644\u0646\u0635 \u202bembedded\u202c",
    "emoji \U0001f600  \U0001f1fa\U0001f1f8 flags\n\n\n\ttabs",
    "only ascii, but `one backtick`    and     runs",
]


def _documents() -> list[str]:
    texts = list(HOSTILE)
    for folder in (EXAMPLE, MULTI, ROOT / "tests" / "briefings" / "tarvana-fa"):
        briefings, _ = pipeline.load([folder])
        texts += [d.text for b in briefings for d in b.documents.values()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "documents").glob("*.txt"))]
    return texts


def _passages(text: str, rng: random.Random) -> list[str]:
    """Stretches of the text: words and whitespace as the document has them, respaced and requoted."""
    pieces = re.split(r"(\s+)", text)
    out = []
    for _ in range(60):
        i = rng.randrange(len(pieces) + 1)
        j = rng.randrange(i, min(len(pieces), i + 12) + 1)
        stretch = "".join(pieces[i:j])
        out += [stretch, " ".join(stretch.split()), stretch.replace('"', "\u201c"), stretch[1:-1]]
    return out + [text, text.strip(), "not in it at all"]


@pytest.mark.parametrize("index", range(len(_documents())))
def test_every_span_is_the_one_the_word_by_word_index_gave(index):
    text = _documents()[index]
    located, rng = locate(text), random.Random(index)
    for passage in _passages(text, rng):
        assert located.span(passage) == _reference_span(text, passage), passage
        assert normalise(passage) == _reference_normal(passage), passage
    assert located.normal == _reference_normal(text)


def _reference_normal(text: str) -> str:
    """The normal form as it was made: NFC, every character through the table, spaces by regex."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_TRANSLATE)).strip()


def test_the_index_keeps_a_break_only_where_the_shift_changes():
    located = locate("a b\tc\nd  e   f")
    assert located.breaks == (0, 8, 10) and located.shifts == (0, 1, 3)
    assert located.span("d e f") == (6, 14)
