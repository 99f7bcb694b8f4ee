"""Who's who: what tells a reader who an actor is, from its roles and relations in the model.

A mixin of `View`: the actors index (a one-line role, an affiliation, how often the actor
appears) and the actor's page (a description derived from the same facts, where the
analysts wrote none) read these, so the two never say different things.
"""

from __future__ import annotations

import re
from functools import cached_property

from ..model import Actor
from ..plural import count
from .stances import join_and

KIND_NOUNS = {
    "state": "A state",
    "government": "A government",
    "government-body": "A government body",
    "armed-forces": "Armed forces",
    "armed-group": "An armed group",
    "person": "A person",
    "media-outlet": "A media outlet",
    "organization": "An organization",
}
KIND_NAMES = {  # an actor page's kicker: what one actor is
    "state": "State",
    "government": "Government",
    "government-body": "Government body",
    "armed-forces": "Armed forces",
    "armed-group": "Armed group",
    "person": "Person",
    "media-outlet": "Media outlet",
    "organization": "Organization",
}
# Relations that say what an actor belongs to, in the words of an affiliation.
AFFILIATIONS = {
    "part-of": "part of",
    "member-of": "member of",
    "represents": "represents",
    "media-of": "media outlet of",
    "affiliated-with": "affiliated with",
    "leads": "leads",
}
OTHER_RELATIONS = {"opposes": "opposes", "allied-with": "allied with", "counterpart-of": "counterpart of"}
# A title that already says what it is held in ("Ambassador to Iran") takes the body after a
# comma; a bare one ("Commander") takes "of".
_HAS_OBJECT = re.compile(r"\b(of|to|for|in|at)\b", re.IGNORECASE)


class WhosWho:
    """Role lines and derived descriptions; the class using it provides `b`, `actor`, `date`,
    `events_of`, `quotes_by`, `claims_by`, `relations_in` and `roles_in`."""

    actor: dict

    @cached_property
    def filter_actors(self) -> str:
        """Every actor as `id=name`, joined by `|`, in file order: the chronology filter's
        choices (filter.js), made once rather than on each of a large chronology's pages."""
        return "|".join(f"{a.id}={a.name}" for a in self.b.actors)

    def role_line(self, actor: Actor) -> str:
        """'Commander of Jaish al-Adal'; 'Ambassador to Iran, Pakistan (2024)'; roles joined by '; '."""
        return "; ".join(self._role(role) for role in actor.roles)

    def _role(self, role) -> str:
        text = role.title
        body = self.actor.get(role.of) if role.of else None
        if body is not None and not re.search(rf"\b{re.escape(body.name)}\b", text, re.IGNORECASE):
            text += f", {body.name}" if _HAS_OBJECT.search(text) else f" of {body.name}"
        period = self.date(role.period) if role.period else None
        return f"{text} ({period.label})" if period else text

    @staticmethod
    def says_role(holder: Actor, role) -> bool:
        """True if the holder's name already says its role's title ("Iran's ambassador to
        Pakistan", "Ambassador to Pakistan"): the role in it is then shown by the name alone."""
        return re.search(rf"\b{re.escape(role.title)}\b", holder.name, re.IGNORECASE) is not None

    def affiliation(self, actor: Actor) -> str:
        """'Part of Iran'; 'Member of …': what the actor belongs to, except what its roles
        already name."""
        named = {role.of for role in actor.roles if role.of}
        parts = [
            f"{AFFILIATIONS[r.type]} {self.actor[r.to].name}"
            for r in actor.relations
            if r.type in AFFILIATIONS and r.to in self.actor and r.to not in named
        ]
        text = "; ".join(dict.fromkeys(parts))
        return text[:1].upper() + text[1:]

    def appearances(self, actor: Actor) -> str:
        """'4 events · 1 quote · 2 claims': what the actor appears in; '' for nothing."""
        counts = (
            (len(self.events_of[actor.id]), "event"),
            (len(self.quotes_by[actor.id]), "quote"),
            (len(self.claims_by[actor.id]), "claim"),
        )
        return " · ".join(count(n, noun) for n, noun in counts if n)

    def derived_description(self, actor: Actor) -> str:
        """Who an actor is, from its kind, roles and relations, for an actor the analysts did
        not describe: 'A person: Commander of Jaish al-Adal.' An actor with nothing of its
        own is told by what is tied to it: 'A state. It includes Iranian military.'"""
        noun = KIND_NOUNS.get(actor.kind, "An actor")
        others = [f"{OTHER_RELATIONS[r.type]} {self.actor[r.to].name}" for r in actor.relations if r.type in OTHER_RELATIONS and r.to in self.actor]
        parts = [part for part in (self.role_line(actor), self.affiliation(actor), *others) if part]
        if parts:
            return f"{noun}: {'; '.join(p[:1].upper() + p[1:] for p in parts)}."
        sentences = [f"{noun}."]
        parts_of = [other.name for other, r in self.relations_in[actor.id] if r.type == "part-of"]
        if parts_of:
            sentences.append(f"It includes {join_and(parts_of)}.")
        held = [holder.name if self.says_role(holder, role) else f"{holder.name} ({role.title})" for holder, role in self.roles_in[actor.id]]
        if held:
            sentences.append(f"Roles in it: {'; '.join(held)}.")
        return " ".join(sentences)
