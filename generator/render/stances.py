"""How attribution reads: who claims what, what a response does, where a claim stands.

A mixin of `View`: the labels the pages, the PDF, the exports and the feeds share, so that
a claimant's voice is never shown as the source's own, nor the source's as a claimant's.
"""

from __future__ import annotations

from ..model import Account, Claim, Event, Quote

STANCE_VERBS = {"claimed": "Claimed", "alleged": "Alleged", "denied": "Denied"}
EFFECT_VERBS = {"contradicts": "Contradicted", "disputes": "Disputed", "supports": "Supported", "corroborates": "Corroborated"}
UNATTRIBUTED = "unattributed in the source"
# A status derived from the responses: the first effect found, in this order, decides it.
DERIVED_STATUS = (("contradicts", "contradicted"), ("disputes", "disputed"), ("corroborates", "corroborated"))


def join_and(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class Stances:
    """Attribution labels; the class using it provides `actor` (actors by id) and sets
    `_statuses` to an empty dict (View.__init__)."""

    actor: dict
    _statuses: dict[int, tuple[Event, str | None]]

    def stance_label(self, account: Account | Claim) -> str | None:
        """'Claimed by Iran', 'Alleged, unattributed in the source'; None for the source's own report."""
        verb = STANCE_VERBS.get(account.stance)
        if verb is None:
            return None
        return f"{verb}, {UNATTRIBUTED}" if account.unattributed else f"{verb} by {self.names(account.by)}"

    def effect_verb(self, response: Account) -> str | None:
        """'Contradicted', 'Disputed', ...: what a response does to its claim; None for accounts."""
        return EFFECT_VERBS.get(getattr(response, "effect", None))

    def effect_label(self, response: Account) -> str | None:
        """'Contradicted by the source', 'Disputed by Iran': what a response does, and whose it is."""
        verb = self.effect_verb(response)
        if verb is None:
            return None
        if response.unattributed:
            return f"{verb}, {UNATTRIBUTED}"
        return f"{verb} by {self.names(response.by) if response.by else 'the source'}"

    def account_label(self, account: Account | Claim) -> str:
        """How an account, a response or a claim is introduced, in plain text."""
        return self.effect_label(account) or self.stance_label(account) or "Reported by the source"

    def claim_heading(self, claim: Claim) -> str:
        """What is claimed: the claim's `statement`, else its text shortened."""
        return claim.statement or shorten(claim.text)

    def claim_status(self, claim: Claim) -> tuple[str, bool]:
        """(the claim's status, whether the evidence gives it) rather than its responses."""
        if claim.status is not None:
            return claim.status.value, True
        effects = {response.effect for response in claim.responses}
        for effect, status in DERIVED_STATUS:
            if effect in effects:
                return status, False
        return "unverified", False

    def quote_speakers(self, quote: Quote) -> str:
        """The speakers' names, or that the source names none."""
        return UNATTRIBUTED if quote.unattributed else self.names(quote.by)

    def event_status(self, event: Event) -> str | None:
        """'Claimed by …' when no account reports the event in the source's own voice. Each
        page listing an event asks (a large briefing's, 90,000 times): found once, by the
        event's identity; the entry holds the event, so no other object can take its id."""
        found = self._statuses.get(id(event))
        if found is None:
            reported = any(a.stance == "reported" for a in event.accounts)
            found = self._statuses[id(event)] = (event, None if reported else self.stance_label(event.accounts[0]))
        return found[1]

    def names(self, ids) -> str:
        """'Pakistan', 'Pakistan and Iran', 'A, B and C'."""
        return join_and([self.actor[i].name for i in ids if i in self.actor])
