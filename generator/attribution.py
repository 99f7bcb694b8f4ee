"""Stage 3, verify (continued): does each passage say who is speaking?

Verbatim excerpts prove that words are in a document, not that the document puts them in
the mouth the fact files say. Three warnings catch the common slips of curation:

- a claim, claimed account or quote attributed to an actor whose name (or an alias) does not
  occur in or just before the passage cited for it, or where that stretch has no word of
  saying (said, claimed, alleged, announced, according to...): an invented speaker;
- a statement in the source's own voice (a reported account or response) that cites a
  passage reporting someone else's words, while its own text attributes nothing and its
  citation names no reporting chain (`via`): a claim turned into fact;
- a date whose wording is in the document but not in the sentences the fact cites: a date
  borrowed from a neighbouring sentence ("a month ago" dated Iran's entry, not the reply).

"Near" is the sentence the passage starts in, the ones it spans, and the sentence before.
Sentences are found with a small pattern rather than a tokenizer library: news prose and
statements need only full stops, question and exclamation marks before a capital, and the
stored documents are plain text (NLTK's punkt would add a large dependency and a data
download for little gain here).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .evidence import folded, normalise
from .findings import Items, Remembering
from .model import Account, Actor, Briefing, Citation, Claim, Event, Quote, When
from .problems import Problems

# Words that report speech or a stance; a quote or claim needs one near its passage.
_SAYING = frozenset(
    "said says say saying told tells stated states announced announces announcing declared "
    "claimed claims claiming alleged alleges alleging accused accuses denied denies denying "
    "blames blamed blaming insisted added warned described called quoted quoting reported reports citing cited "
    "confirmed confirms maintained argued asserted vowed pledged responded replied statement "
    "spokesperson spokesman spokeswoman".split()
)
# Words in a statement's own text that attribute what it says to someone.
_ATTRIBUTES = frozenset(
    "said says claim claims claimed alleged alleges announced relayed reported citing cited "
    "quoted stated told denied protest protesting protested call calls called".split()
)
_WORD = re.compile(r"[a-z]+")
_QUOTE_MARKS = re.compile(r"[\"“”‘’']")
# Words in quotation marks within a passage: someone else's words.
_QUOTED = re.compile(r"(?:^|[\s(\[])['\"][^'\"]{2,}['\"](?=[\s.,;:!?)\]]|$)")


_TOKEN = re.compile(r"\w+(?:'\w+)*|[.!?;]")
_STOPS = frozenset(".!?;")
# How far a speaker may stand from the word of saying: before it, as the clause's subject
# ("Pakistan had on January 17 recalled its ambassador ... and announced"); after it, only
# as "said X", or after "by" or "according to" ("announced by the then Foreign Minister ... X").
_BEFORE, _JUST_AFTER, _AFTER_BY = 15, 3, 12


def _says(stretch: str, words: frozenset[str]) -> bool:
    """Whether the stretch has one of `words` (or 'according to'): cheaper than a big regex."""
    lowered = stretch.casefold()
    return "according to" in lowered or not words.isdisjoint(_WORD.findall(lowered))


@lru_cache(maxsize=65536)
def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


@lru_cache(maxsize=65536)
def _speaks(names: tuple[tuple[str, ...], ...], stretch: str) -> bool:
    """Whether one of the names stands where a speaker stands to a word of saying: "X said",
    "X had alleged that", "said X", "according to X", "announced by the minister X"; never
    across the end of a sentence."""
    tokens = _tokens(stretch)
    for start, end in _occurrences(names, tokens):
        # Only the words around the name can make it a speaker: look at those alone.
        for verb in range(max(0, start - _AFTER_BY), min(len(tokens), end + _BEFORE + 1)):
            word = tokens[verb]
            if word not in _SAYING and not (word == "according" and tokens[verb + 1 : verb + 2] == ["to"]):
                continue
            between = tokens[end + 1 : verb] if verb > end else tokens[verb + 1 : start]
            if _STOPS.intersection(between):
                continue
            if verb > end and verb - end <= _BEFORE:
                return True
            if verb < start and (start - verb <= _JUST_AFTER or ({"by", "to"} & set(tokens[verb + 1 : verb + 3]) and start - verb <= _AFTER_BY)):
                return True
    return False


def _occurrences(names: tuple[tuple[str, ...], ...], tokens: list[str]):
    """(first, last) token index of each place a name occurs; "Pakistan's" counts as Pakistan."""
    for name in names:
        n, head, last = len(name), list(name[:-1]), (name[-1], name[-1] + "'s")
        for i in range(len(tokens) - n + 1):
            if tokens[i + n - 1] in last and tokens[i : i + n - 1] == head:
                yield i, i + n - 1


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF])")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Col.", "Lt.", "Maj.", "Capt.", "Sgt.", "St.", "No.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "U.S.", "U.N.", "U.K.", "e.g.", "i.e.", "vs.")


@dataclass(frozen=True, slots=True)
class Sentences:
    """A document's normalised text and where each of its sentences starts."""

    text: str
    starts: tuple[int, ...]

    def around(self, excerpt: str) -> tuple[str, str] | None:
        """(the sentences an excerpt spans, the same with the sentence before), or None if absent."""
        needle = normalise(excerpt)
        at = self.text.find(needle) if needle else -1
        if at < 0:
            return None
        first = bisect.bisect_right(self.starts, at) - 1
        last = bisect.bisect_right(self.starts, at + len(needle) - 1) - 1
        end = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        own = self.text[self.starts[first] : end]
        near = self.text[self.starts[max(first - 1, 0)] : end]
        return own, near


@lru_cache(maxsize=512)
def sentences(text: str) -> Sentences:
    """The sentences of a document (remembered: every fact citing it asks again). A blank line
    ends a sentence too (a heading, a dateline); the paragraphs are normalised one by one and
    joined with a space, which is exactly the normalised whole text."""
    paragraphs = [normalise(p) for p in _BLANK_LINE.split(text)]
    starts: list[int] = []
    offset = 0
    for paragraph in filter(None, paragraphs):
        starts.append(offset)
        for match in _SENTENCE_END.finditer(paragraph):
            if not paragraph[: match.start() + 1].endswith(_ABBREVIATIONS):
                starts.append(offset + match.end())
        offset += len(paragraph) + 1
    normal = " ".join(filter(None, paragraphs))
    return Sentences(normal, tuple(starts or [0]))


def _names(actor: Actor) -> list[str]:
    return [normalise(name).casefold() for name in (actor.name, *actor.aliases)]


_FUNCTION_WORDS = frozenset("of the and for on in at".split())


def _content_words(name: str) -> frozenset[str]:
    """A name's words that tell it apart ("foreign", "ministry", "tarvana"), in any order."""
    return frozenset(_tokens(normalise(name))) - _FUNCTION_WORDS - _STOPS


def _name_tokens(actor: Actor) -> tuple[tuple[str, ...], ...]:
    names = (actor.name, *actor.aliases)
    return tuple(tuple(t for t in tokens if t not in _STOPS) for name in names if (tokens := _tokens(normalise(name))))


def _named(names: list[str], stretch: str) -> bool:
    """Whether the stretch names an actor by one of its `names`, as whole words."""
    lowered = stretch.casefold()
    return any(_whole(name, lowered) for name in names)


def _whole(name: str, text: str) -> bool:
    """Whether `name` occurs in `text` with no letter or digit joined to either end."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(name, at + 1)
    return False


class _Checker:
    def __init__(self, briefing: Briefing, problems: Problems, known: Items | None) -> None:
        self.b = briefing
        self.problems = problems
        self.memo = Remembering("attribution", briefing, problems, known)  # what earlier checks found, per item
        self.actors = {a.id: a for a in briefing.actors}
        self.names = {a.id: _names(a) for a in briefing.actors}
        self.name_tokens = {a.id: _name_tokens(a) for a in briefing.actors}

        self.sources = {s.id: s for s in briefing.sources}
        # The words of each statement's publisher and authors: "Foreign Ministry of Tarvana"
        # publishes as "Ministry of Foreign Affairs of Tarvana".
        self.authors = {
            s.id: [_content_words(name) for name in (s.publisher, *s.authors) if name]
            for s in briefing.sources
            if s.kind in ("statement", "transcript", "social-media-post")
        }
        self._near: dict[tuple[str, str], tuple[str, str] | None] = {}

    def near(self, citation: Citation) -> tuple[str, str] | None:
        key = (citation.source, citation.excerpt)
        if key not in self._near:
            document = self.b.documents.get(citation.source)
            self._near[key] = sentences(document.text).around(citation.excerpt) if document else None
        return self._near[key]

    def lowered(self, source_id: str) -> str:
        document = self.b.documents.get(source_id)
        return folded(document.text) if document else ""

    def own_words(self, actor_id: str, citation: Citation) -> bool:
        """Whether the cited document is the actor's own: a statement, transcript or post
        that it published or wrote, where it speaks without being named."""
        authors = self.authors.get(citation.source)
        if not authors:
            return False
        return any(_content_words(name) <= author for name in self.names[actor_id] for author in authors)

    def english(self, citation: Citation) -> bool:
        """Whether the words of saying can be looked for: they are English words."""
        source = self.sources.get(citation.source)
        return source is None or source.language.split("-")[0] == "en"

    # --- invented speakers ------------------------------------------------------------

    def speakers(self, holder, by: Iterable[str], citations: Iterable[Citation], what: str) -> None:
        """Each of `by` must be named near some cited passage, with a word of saying there."""
        citations = list(citations)
        found = None  # the sentences around the passages: read only where the excerpts do not tell
        for actor_id in by:
            actor = self.actors.get(actor_id)
            if actor is None or any(self.own_words(actor_id, c) for c in citations):
                continue  # an unknown id is reported by verify; in its own statement it speaks unnamed
            if self.speaks_in(actor_id, [(c, normalise(c.excerpt)) for c in citations]):
                continue  # most excerpts hold their speaker: "Pakistan had alleged that ..."
            if found is None:
                found = [(c, near[1]) for c in citations if (near := self.near(c))]
            if not found:
                return  # nothing stored to read, or the excerpt is missing (an error already)
            named = [(c, s) for c, s in found if _named(self.names[actor_id], s)]
            if not named:
                self.problems.warning(
                    holder.mark("by"),
                    f"{what} is attributed to {actor.name} ('{actor_id}'), but no passage it cites names them in or just before it",
                    f"check who speaks in the source; add the spelling it uses to the actor's aliases, or record the words as `unattributed`",
                )
            elif not any(not self.english(c) or _speaks(self.name_tokens[actor_id], s) for c, s in named):
                self.problems.warning(
                    holder.mark("by"),
                    f"{what} is attributed to {actor.name} ('{actor_id}'), but no passage it cites says that they said, claimed or alleged it",
                    "a name near the words is not a speaker: record the words as `unattributed` if the source names none",
                )

    def speaks_in(self, actor_id: str, stretches: list[tuple[Citation, str]]) -> bool:
        """Whether one of the stretches names the actor where a speaker stands (or names it at
        all, in a language whose words of saying are not known here)."""
        names = self.names[actor_id]
        return any(_named(names, s) and (not self.english(c) or _speaks(self.name_tokens[actor_id], s)) for c, s in stretches)

    # --- the source's own voice --------------------------------------------------------

    def own_voice(self, holder, what: str) -> None:
        """A statement in the source's (or the analysts') own voice, a reported account or
        response, the summary or a key point, that cites someone else's words must say whose."""
        if _says(holder.text, _ATTRIBUTES) or _QUOTE_MARKS.search(holder.text):
            return
        for citation in holder.citations:
            if citation.via:
                continue  # the reporting chain names who is relayed
            excerpt = normalise(citation.excerpt)
            if _says(excerpt, _SAYING) or _QUOTED.search(excerpt):
                self.problems.warning(
                    holder.mark("text"),
                    f"{what} is in the source's own voice, but its passage '{_short(excerpt)}' reports someone else's words",
                    "give the account the claimant's stance and `by`, name the reporter in `via`, or say in the text whose words they are",
                )
                return

    # --- borrowed dates --------------------------------------------------------------------

    def date_near(self, holder, key: str, citations: Iterable[Citation], what: str) -> None:
        """A date's wording must be in the sentences of a passage the fact cites."""
        when: When | None = getattr(holder, key)
        if when is None or not when.wording:
            return
        citations = list(citations)
        wording = normalise(when.wording).casefold()
        if any(wording in normalise(c.excerpt).casefold() for c in citations):
            return  # in the passage itself, as most are
        found = [f for f in map(self.near, citations) if f]
        if not found or any(wording in own.casefold() for own, _ in found):
            return
        if not any(wording in self.lowered(c.source) for c in citations):
            return  # not in the documents at all: verify's error says so
        self.problems.warning(
            when.mark("wording"),
            f"{what} is dated '{when.wording}', but no sentence it cites says so",
            "the wording may date a neighbouring sentence; cite the passage that dates this fact, or leave the date open",
        )

    # --- the walk ----------------------------------------------------------------------------

    def run(self) -> None:
        meta = self.b.meta
        if meta is not None:
            self.own_voice(meta.summary, "the summary")
            for i, point in enumerate(meta.key_points, 1):
                self.own_voice(point, f"key point {i}")
        self.memo.run_all(self.b.events, self.event)
        self.memo.run_all(self.b.claims, self.claim)
        self.memo.run_all(self.b.quotes, self.quote)
        self.memo.run_all(self.b.actors, self.actor)

    def event(self, event: Event) -> None:
        every = [c for a in event.accounts for c in a.citations]
        self.date_near(event, "date", every, f"event '{event.id}'")
        for account in event.accounts:
            self.account(account, f"an account of '{event.id}'")

    def claim(self, claim: Claim) -> None:
        self.speakers(claim, claim.by, claim.citations, f"claim '{claim.id}'")
        self.date_near(claim, "date", claim.citations, f"claim '{claim.id}'")
        for response in claim.responses:
            self.account(response, f"a response to '{claim.id}'")

    def quote(self, quote: Quote) -> None:
        self.speakers(quote, quote.by, quote.citations, f"quote '{quote.id}'")
        self.date_near(quote, "said", quote.citations, f"quote '{quote.id}'")

    def actor(self, actor: Actor) -> None:
        for item in (*actor.roles, *actor.relations):
            self.date_near(item, "period", item.citations, f"a {type(item).__name__.lower()} of '{actor.id}'")

    def account(self, account: Account, what: str) -> None:
        if account.stance == "reported":
            self.own_voice(account, what)
        else:
            self.speakers(account, account.by, account.citations, what)
        self.date_near(account, "date", account.citations, what)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def check_attribution(briefing: Briefing, problems: Problems, known: Items | None = None) -> Items:
    """Warn where a passage does not say who speaks as the facts say it does. `known` holds
    what earlier checks found of each list item; returns what this one did, for the next."""
    checker = _Checker(briefing, problems, known)
    checker.run()
    return checker.memo.result()
