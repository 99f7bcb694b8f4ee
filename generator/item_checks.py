"""The checks that read one list item and the documents alone: an account's figures, an
event's place in words, the subject of a claim or a claimed account, the translations of
excerpts. `verify` runs them item by item through `Remembering`, so that a rebuild repeats
what they found of the items it did not read again (findings.py).

A mixin of the verifier: the checks use its documents, its memo of places named and its
problems.
"""

from __future__ import annotations

from . import translations
from .counts import COMMON_WHATS, SYNONYMS
from .evidence import closest_passage, folded, normalise, occurs
from .findings import Items, Remembering
from .model import Account, Claim, Document, Event, Fact, Figure, Quote, Citation, walk
from .plural import count
from .problems import did_you_mean


class ItemChecks:
    def account_figures(self, fact: Account) -> None:
        """A figure's wording must be in its account's cited excerpts (in the one it pins):
        that is what ties the number to its evidence."""
        for figure in fact.figures:
            self.figure_name(figure)
            cited = list(enumerate(fact.citations, 1))
            if figure.citation is not None:
                if figure.citation > len(cited):
                    self.problems.error(figure.mark("citation"), f"citation {figure.citation} is out of range: the account has {count(len(cited), 'citation')}")
                    continue
                cited = [cited[figure.citation - 1]]
            if any(id(c) in self.misquoted for _, c in cited):
                continue  # the excerpt's own error says what to fix first
            if not any(occurs(figure.wording, c.excerpt) for _, c in cited):
                closest = next(filter(None, (closest_passage(figure.wording, c.excerpt) for _, c in cited)), None)
                named = "; ".join(f"citation {n}, {c.source}" for n, c in cited)
                self.problems.error(
                    figure.mark("wording"),
                    f"figure wording '{figure.wording}' does not occur in the account's cited {'excerpt' if len(cited) == 1 else 'excerpts'} ({named})",
                    closest.hint("figure wording") if closest else "quote the figure's words from the excerpt",
                )

    def figure_name(self, figure: Figure) -> None:
        """A warning when a count's name looks like a common one misspelt or reworded: the
        chronology compares accounts only on counts of the same name."""
        if figure.what in COMMON_WHATS:
            return
        hint = did_you_mean(figure.what, COMMON_WHATS) or (f"did you mean '{SYNONYMS[figure.what]}'?" if figure.what in SYNONYMS else None)
        if hint:
            self.problems.warning(figure.mark("what"), f"'{figure.what}' is not one of the common counts ({', '.join(COMMON_WHATS)}); it is counted on its own", hint)


    def event_place(self, event: Event) -> None:
        """An event's `place` in words must be named by the documents it cites, in any letter
        case: the whole text, or each of its comma-separated parts ("Quetta, Pakistan" needs
        both Quetta and Pakistan)."""
        if not event.place:
            return
        key = (event.place, *dict.fromkeys(c.source for a in event.accounts for c in a.citations))
        if key not in self.missing_of:  # many events name the same place from the same sources
            self.missing_of[key] = self.not_named(event.place, [d for d in map(self.b.documents.get, key[1:]) if d])
        missing = self.missing_of[key]
        if missing:
            self.problems.warning(
                event.mark("place"),
                f"place '{event.place}' is not named in the documents event '{event.id}' cites",
                f"not found: {', '.join(repr(part) for part in missing)}; write it as the documents do, or refer to places.yml with `places`",
            )

    def not_named(self, place: str, documents: list[Document]) -> list[str]:
        """The parts of a free-text place that none of the documents names (none if the whole does)."""
        if not documents or self.named(place, documents):
            return []
        return [part.strip() for part in place.split(",") if part.strip() and not self.named(part, documents)]

    def named(self, words: str, documents: list[Document]) -> bool:
        """Whether one of the documents names `words`, in any letter case; remembered as passages
        are (under a key no excerpt can have: excerpts hold no NUL)."""
        needle = normalise(words).casefold()
        for document in documents:
            key = ("\0place\0" + needle, document.sha256)
            if key in self.known or needle in folded(document.text):
                self.found.add(key)
                return True
        return False


    _NO_SUBJECT = "list in `about` the actors the claim concerns, so that their pages show it"

    def account_subject(self, event: Event, account: Account) -> None:
        """A warning for a claimed account that says nothing of whom it concerns."""
        if account.stance != "reported" and not account.about:
            self.problems.warning(account.mark(), f"an account of '{event.id}' that is {account.stance} names no subject in `about`", self._NO_SUBJECT)

    def claim_subject(self, claim: Claim) -> None:
        """A warning for a claim that says nothing of whom it concerns, or has no heading."""
        if not claim.about:
            self.problems.warning(claim.mark("id"), f"claim '{claim.id}' names no subject in `about`", self._NO_SUBJECT)
        if claim.statement is None:
            self.problems.warning(claim.mark("id"), f"claim '{claim.id}' has no `statement`", "say in a few words what is claimed: it is the claim's heading")

    # --- one item at a time -------------------------------------------------------

    def item_checks(self, known: Items | None) -> Items:
        """The checks that read one list item and the documents alone, item by item: a
        rebuild repeats what they found of the items it did not read again (findings.py)."""
        memo = Remembering("verify", self.b, self.problems, known)
        memo.run_all(self.b.events, self.event_checks)
        memo.run_all(self.b.claims, self.claim_checks)
        memo.run_all(self.b.quotes, self.quote_checks)
        memo.run_all((*self.b.actors, *self.b.sources, *self.b.places), self.excerpt_translations)
        if self.b.meta is not None:
            self.excerpt_translations(self.b.meta)
        return memo.result()

    def event_checks(self, event: Event) -> None:
        self.event_place(event)
        for account in event.accounts:
            self.account_figures(account)
            self.account_subject(event, account)
        self.excerpt_translations(event)

    def claim_checks(self, claim: Claim) -> None:
        self.claim_subject(claim)
        self.excerpt_translations(claim)

    def quote_checks(self, quote: Quote) -> None:
        translations.quote(self, quote)
        self.excerpt_translations(quote)

    def excerpt_translations(self, fact: Fact) -> None:
        # A listed fact's citations from its walk as read (walking each fact again cost a
        # tenth of a cold check); the briefing's own summary and key points are walked.
        for part in walk(fact) if fact is self.b.meta else self.cited_sources(fact):
            if type(part) is Citation:
                translations.citation(self, part)
