"""Synthetic briefings of any size that `briefbook check` accepts without a single problem.

Each fact is made together with the sentence that supports it, and a stored document is
then the sentences its facts cite: so every excerpt, quote and date wording is a real
passage, and every date is chosen on or before the publication of the source reporting it.

    python bench/synth.py SIZE FOLDER    # SIZE: example, s, m or l; prints counts as JSON
"""

from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
import textwrap
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "briefings" / "iran-pakistan-2024"
SIZES = {  # name: (events, actors, quotes, documents)
    "s": (100, 20, 50, 5),
    "m": (1_000, 100, 500, 20),
    "l": (10_000, 1_000, 5_000, 200),
}

MONTHS = tuple(calendar.month_name)[1:]  # English, as briefbook reads them
WEEKDAYS = tuple(calendar.day_name)
NUMBER_WORDS = ("two", "three", "four", "five", "six")
SYLLABLES = (
    "kar", "vel", "mir", "dan", "sor", "tal", "ben", "zar", "hol", "qes", "rum", "nad", "tir", "pas", "gol", "vash",
    "lem", "dor", "kas", "rin",
)
FIRST_NAMES = (
    "Amir", "Leyla", "Omar", "Sara", "Javid", "Nasrin", "Karim", "Farah", "Tariq", "Mina", "Yusuf", "Hana", "Reza",
    "Zeynab", "Idris", "Parisa", "Bilal", "Samira", "Daud", "Nadia", "Hamid", "Shirin", "Kamal", "Roya", "Faisal",
    "Laleh", "Murad", "Azadeh", "Salim", "Golnar",
)
LAST_NAMES = (
    "Rostami", "Baloch", "Hakimi", "Qureshi", "Tehrani", "Durrani", "Karimi", "Shirazi", "Mengal", "Farooqi", "Sadeghi",
    "Bugti", "Nouri", "Jamali", "Rahimi", "Kazemi", "Marri", "Azizi", "Haidari", "Zehri", "Ansari", "Mirza", "Sabet",
    "Lashari", "Moradi", "Khoso", "Najafi", "Raisani", "Vaziri", "Zardari",
)
PLACES = (("Karvand", 29.4, 60.8), ("Tolesh", 28.9, 61.5), ("Miraband", 27.6, 62.3), ("Zahkan", 30.1, 61.2), ("Qasrin", 26.8, 63.1), ("Dalbor", 28.2, 64.0),
          ("Sorvan", 27.1, 61.9), ("Nehrat", 29.9, 62.7), ("Pashkoh", 26.4, 61.4), ("Ravanj", 28.6, 63.4), ("Gulzar", 27.9, 60.5), ("Heshtan", 30.4, 63.8),
          ("Jaldir", 26.1, 62.6), ("Kohsar", 29.1, 64.5), ("Bastar", 27.4, 64.2), ("Tirgan", 30.7, 61.9), ("Almand", 28.4, 61.1), ("Vashir", 26.9, 60.9))
MINISTRIES = ("Defence", "Foreign Affairs", "the Interior", "Justice", "Information", "Border Affairs")
FORCES = ("Armed Forces", "Border Guard", "Air Force", "Police")
GROUPS = ("Liberation Front", "Brigades", "Movement", "People's Army", "Resistance Council")
OUTLETS = ("News", "Times", "Radio", "Television", "Herald")
ORGANIZATIONS = ("Human Rights Centre", "Relief Society", "Refugee Council", "Monitoring Group")
TITLES = {  # the roles a person can hold, by the kind of actor they are held in
    "state": ("President",),
    "government": ("Prime Minister", "Foreign Minister", "Spokesperson"),
    "government-body": ("Minister", "Deputy Minister", "Spokesperson"),
    "armed-forces": ("Chief of Staff", "Commander"),
    "armed-group": ("Commander", "Spokesman"),
    "organization": ("Director", "Researcher"),
}
LEADERS = {"President", "Prime Minister", "Minister", "Chief of Staff", "Commander", "Director"}
# Who appears in which part: the first actor is a state, and every kind occurs in every dozen.
KINDS = ("state", "person", "armed-group", "media-outlet", "government", "person", "armed-forces", "government-body", "person", "organization", "media-outlet", "person")
DOERS = ("state", "government", "government-body", "armed-forces", "armed-group")
SPEAKERS = ("person", "state", "government", "government-body", "armed-group", "organization")
SOURCE_KINDS = ("news-article", "news-article", "statement", "news-article", "report", "transcript", "news-article", "social-media-post")
PUBLISHERS = {"news-article": ("media-outlet",), "transcript": ("media-outlet",), "statement": ("government", "government-body"),
              "report": ("organization",), "social-media-post": SPEAKERS}
SOURCE_PREFIX = {"news-article": "article", "statement": "statement", "report": "report", "transcript": "transcript", "social-media-post": "post"}
# (title, sentence, tags); {when} is where the sentence gives the date, if it does.
EVENT_KINDS = (
    ("Drone strike near {place}", "{a} carried out a drone strike near {place}{when}, killing {n} people.", ["strike", "casualties"]),
    ("Clashes in {place}", "Fighters of {a} clashed with {b} in {place}{when}; {n} people were reported wounded.", ["clashes"]),
    ("Attack on a checkpoint in {place}", "Gunmen of {a} attacked a checkpoint of {b} in {place}{when}, and {n} guards were killed.", ["attack", "casualties"]),
    ("Talks in {place}", "Delegations of {a} and {b} met for talks in {place}{when}.", ["diplomacy"]),
    ("Border crossing at {place} closed", "{a} closed the border crossing at {place}{when}, citing threats from {b}.", ["border"]),
    ("Arrests in {place}", "{a} arrested {n} people in {place}{when} on suspicion of links to {b}.", ["detention"]),
    ("Protest in {place}", "Hundreds of people protested in {place}{when} against the actions of {a}.", ["protest"]),
    ("Envoy summoned over {place}", "{a} summoned the envoy of {b}{when} over the incident in {place}.", ["diplomacy"]),
)
COUNTER_ACCOUNTS = {
    "claimed": "{c} claimed that {n} of its opponents were killed in {place}.",
    "alleged": "{c} alleged that civilians were among the victims in {place}.",
    "denied": "{c} denied any involvement in the incident in {place}.",
}
CLAIMS = {
    "claimed": "{b} was responsible for the violence in {place}, {c} said{when}.",
    "alleged": "{c} accused {b}{when} of sheltering militants near {place}.",
    "denied": "{c} denied{when} that its forces had entered {place}.",
}
QUOTE_PARTS = (("We will not", "Our forces will not", "No government can", "The people of {place} will not"),
               ("tolerate", "accept", "forget", "ignore"),
               ("any violation of our borders", "attacks on our people", "the killing of civilians in {place}", "threats against our sovereignty"))
RELATION_SENTENCES = {
    "represents": "{a} speaks for {b} in all matters of state.",
    "part-of": "{a} answers to the leadership of {b}.",
    "opposes": "{a} has repeatedly attacked {b}.",
    "media-of": "{a} is funded by {b}.",
    "affiliated-with": "{a} works closely with {b}.",
    "leads": "{a} heads {b}.",
    "member-of": "{a} is a member of {b}.",
    "counterpart-of": "{a} met {b}, the counterpart, in {place}.",
}


# --- helpers --------------------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unique(base: str, taken: set[str], sep: str = "-") -> str:
    """`base`, or `base-2`, `base-3`...: the first one not yet taken (which it then takes)."""
    value = base
    for n in itertools.count(2):
        if value not in taken:
            break
        value = f"{base}{sep}{n}"
    taken.add(value)
    return value


def day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def lower_first(title: str) -> str:
    """A title as it reads inside a sentence ('Talks in Karvand' -> 'talks in Karvand')."""
    return title[:1].lower() + title[1:]


def link(actor: dict) -> str:
    return f"[{actor['name']}](actor:{actor['id']})"


@dataclass
class Corpus:
    """The documents being written: each source's id, publication date and cited sentences."""

    rng: random.Random
    ids: list[str]
    published: list[date]
    sentences: list[list[str]] = field(default_factory=list)
    turn: int = 0

    def next(self) -> int:
        """Sources in turn for the first citation of each fact, so that every one is cited."""
        self.turn += 1
        return (self.turn - 1) % len(self.ids)

    def any(self) -> int:
        return self.rng.randrange(len(self.ids))

    def cite(self, source: int, sentence: str, via: list[str] | None = None) -> dict:
        """A citation of `sentence`, which thereby goes into the source's document."""
        self.sentences[source].append(sentence)
        citation = {"source": self.ids[source], "excerpt": sentence}
        if via:
            citation["via"] = via
        return citation


def corpus(rng: random.Random, documents: int) -> Corpus:
    """Sources published on days spread over 2023 and 2024, in order of publication."""
    published = sorted(date(2023, 1, 1) + timedelta(days=rng.randrange(731)) for _ in range(documents))
    taken: set[str] = set()
    kinds = [SOURCE_KINDS[i % len(SOURCE_KINDS)] for i in range(documents)]
    ids = [unique(f"{SOURCE_PREFIX[k]}-{p.isoformat()}", taken) for k, p in zip(kinds, published)]
    return Corpus(rng, ids, published, [[] for _ in ids])


# --- dates ----------------------------------------------------------------------------


def relative(rng: random.Random, published: date) -> str:
    """Wording that briefbook resolves against the publication date, never to a later day."""
    same_year = published - timedelta(days=rng.randrange(published.timetuple().tm_yday))
    return rng.choice([
        "yesterday",
        f"{rng.randrange(2, 7)} days ago",
        f"{rng.choice(NUMBER_WORDS)} weeks ago",
        "a month ago",
        "last month",
        "this month",
        f"last {rng.choice(MONTHS)}",
        f"on {MONTHS[same_year.month - 1]} {same_year.day}",
        f"late night on {MONTHS[same_year.month - 1]} {same_year.day} this year",
        f"on {rng.choice(WEEKDAYS)}",
        f"on {rng.choice(WEEKDAYS)} morning",
    ])


def when(rng: random.Random, c: Corpus, source: int) -> tuple[object, str]:
    """A date at a mixed precision for something the source reports: (YAML value, phrase in the sentence)."""
    published = c.published[source]
    d = published - timedelta(days=rng.randrange(4, 400))
    kind = rng.choices(("relative", "day", "worded", "timed", "month", "year", "approximate", "uncertain", "interval"), (30, 20, 10, 6, 14, 5, 8, 4, 3))[0]
    if kind == "relative":
        wording = relative(rng, published)
        return {"wording": wording, "relative_to": c.ids[source]}, f" {wording}"
    if kind == "day":
        return d.isoformat(), f" on {day(d)}"
    if kind == "worded":
        return {"edtf": d.isoformat(), "wording": day(d)}, f" on {day(d)}"
    if kind == "timed":
        t = rng.choice(("early morning", "afternoon", "evening", "night", "06:40", "14:30", "21:15"))
        return {"edtf": d.isoformat(), "time": t}, (f" at {t} on {day(d)}" if ":" in t else f" in the {t} of {day(d)}")
    if kind == "month":
        return d.isoformat()[:7], f" in {month(d)}"
    if kind == "year":
        return str(d.year), f" in {d.year}"
    if kind == "approximate":
        return (f"{d.isoformat()[:7]}~", f" around {month(d)}") if rng.random() < 0.5 else (f"{d.year}~", f" in about {d.year}")
    if kind == "uncertain":
        return f"{d.isoformat()}?", f" possibly on {day(d)}"
    end = d + timedelta(days=rng.randrange(1, 4))
    return f"{d.isoformat()}/{end.isoformat()}", f" between {day(d)} and {day(end)}"


# --- actors ---------------------------------------------------------------------------


@dataclass
class Cast:
    """The actors made so far, by kind, and the names already given."""

    actors: list[dict] = field(default_factory=list)
    by_kind: dict[str, list[dict]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    pools: dict[tuple[str, ...], list[dict]] = field(default_factory=dict)

    def pick(self, rng: random.Random, kinds: tuple[str, ...], besides: dict | None = None) -> dict:
        """An actor of one of `kinds` (other than `besides` where there is a choice); the first actor if none."""
        if kinds not in self.pools:
            self.pools[kinds] = [a for k in kinds for a in self.by_kind.get(k, ())]
        pool = self.pools[kinds] or self.actors[:1]
        actor = rng.choice(pool)
        while actor is besides and len(pool) > 1:
            actor = rng.choice(pool)
        return actor

    def add(self, actor: dict) -> None:
        self.actors.append(actor)
        self.by_kind.setdefault(actor["kind"], []).append(actor)
        self.pools.clear()


def word(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, 2)).capitalize()


def name_for(rng: random.Random, kind: str, cast: Cast) -> tuple[str, dict | None]:
    """A display name, and the state it belongs to for governments, ministries and forces.

    Governments take the states in turn, so that each state has one."""
    states = cast.by_kind.get("state", [])
    state = rng.choice(states) if states else None
    match kind:
        case "state":
            return word(rng) + rng.choice(("istan", "ia", "and", "ora")), None
        case "government" if states:
            state = states[len(cast.by_kind.get(kind, ())) % len(states)]
            return f"Government of {state['name']}", state
        case "government-body" if state:
            return f"{state['name']} Ministry of {rng.choice(MINISTRIES)}", state
        case "armed-forces" if state:
            return f"{state['name']} {rng.choice(FORCES)}", state
        case "armed-group":
            return f"{word(rng)} {rng.choice(GROUPS)}", None
        case "media-outlet":
            return f"{word(rng)} {rng.choice(OUTLETS)}", None
        case "organization":
            return f"{word(rng)} {rng.choice(ORGANIZATIONS)}", None
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", None


def fresh_name(rng: random.Random, kind: str, cast: Cast) -> tuple[str, dict | None]:
    """A name no actor has yet; a few tries, then numbered, so that it always ends."""
    for _ in range(10):
        name, state = name_for(rng, kind, cast)
        if name not in cast.names:
            break
    return unique(name, cast.names, sep=" "), state


def make_actor(rng: random.Random, c: Corpus, cast: Cast, kind: str) -> dict:
    name, state = fresh_name(rng, kind, cast)
    place = rng.choice(PLACES)[0]
    actor = {"id": unique(slug(name), cast.ids), "name": name, "kind": kind}
    source = c.next()
    if kind == "armed-group":
        alias = "".join(w[0] for w in name.split() if w[0].isupper())
        actor["aliases"] = [alias]
        sentence = f"The {name} ({alias}), an armed group active around {place}, has carried out attacks since {c.published[source].year - rng.randrange(1, 15)}."
    elif kind == "person":
        actor["aliases"] = [name.split()[-1]]
        sentence = f"{name} spoke to reporters in {place}."
    else:
        sentence = f"{name} issued a statement on the situation in {place}."
    actor["citations"] = [c.cite(source, sentence)]
    relations = relations_for(rng, c, cast, actor, state, source, place)
    if relations:
        actor["relations"] = relations
    return actor


def relation(c: Corpus, source: int, actor: dict, type_: str, other: dict, place: str) -> dict:
    sentence = RELATION_SENTENCES[type_].format(a=actor["name"], b=other["name"], place=place)
    return {"type": type_, "to": other["id"], "citations": [c.cite(source, sentence)]}


def relations_for(rng: random.Random, c: Corpus, cast: Cast, actor: dict, state: dict | None, source: int, place: str) -> list[dict]:
    """Relations that fit the kind (a ministry is part of its state); people get a role too."""
    kind, relations = actor["kind"], []
    if state:
        relations.append(relation(c, source, actor, "represents" if kind == "government" else "part-of", state, place))
    if kind == "armed-group":
        relations.append(relation(c, source, actor, "opposes", cast.pick(rng, ("armed-forces", "state")), place))
    if kind == "media-outlet" and rng.random() < 0.5:
        relations.append(relation(c, source, actor, "media-of", cast.pick(rng, ("state",)), place))
    if kind == "organization" and cast.by_kind.get("organization") and rng.random() < 0.3:
        relations.append(relation(c, source, actor, "affiliated-with", cast.pick(rng, ("organization",)), place))
    if kind == "person":
        relations.append(person_role(rng, c, cast, actor, source))
        if cast.by_kind.get("person") and rng.random() < 0.2:
            relations.append(relation(c, source, actor, "counterpart-of", cast.pick(rng, ("person",)), place))
    return relations


def person_role(rng: random.Random, c: Corpus, cast: Cast, actor: dict, source: int) -> dict:
    """Give a person a role in an organization (some with the period held); returns the matching relation."""
    org = cast.pick(rng, tuple(TITLES))
    title = rng.choice(TITLES[org["kind"]])
    the = "" if org["kind"] == "state" else "the "
    sentence = f"{actor['name']}, the {title} of {the}{org['name']}, described the situation as serious."
    role = {"title": title, "of": org["id"], "citations": [c.cite(source, sentence)]}
    if rng.random() < 0.5:
        start = c.published[source] - timedelta(days=rng.randrange(30, 2000))
        role["period"] = f"{start.isoformat()[:7]}/.."
        role["citations"].append(c.cite(source, f"{actor['name']} has served as {title} since {month(start)}."))
    actor["description"] = f"{title} of {link(org)}."
    actor["roles"] = [role]
    return {"type": "leads" if title in LEADERS else "member-of", "to": org["id"], "citations": [dict(role["citations"][0])]}


def make_actors(rng: random.Random, c: Corpus, count: int) -> Cast:
    cast = Cast()
    for i in range(count):
        cast.add(make_actor(rng, c, cast, KINDS[i % len(KINDS)]))
    return cast


# --- events, claims, quotes -----------------------------------------------------------


def via_chain(rng: random.Random, cast: Cast, sentence: str) -> tuple[str, list[str]]:
    """The sentence as relayed by one or two outlets, and the `via` chain, nearest first."""
    outlets = rng.sample(cast.by_kind.get("media-outlet", []), min(2, len(cast.by_kind.get("media-outlet", []))))
    if not outlets:
        return sentence, []
    relayed = f"{sentence[:-1]}, {outlets[0]['name']} reported"
    if len(outlets) == 2 and rng.random() < 0.5:
        relayed += f", citing {outlets[1]['name']}"
    else:
        outlets = outlets[:1]
    return relayed + ".", [o["id"] for o in outlets]


def make_event(rng: random.Random, c: Corpus, cast: Cast, index: int, taken: set[str], earlier: list[dict]) -> dict:
    a = cast.pick(rng, DOERS)
    b = cast.pick(rng, DOERS, besides=a)
    involved = cast.actors[index % len(cast.actors)]  # in turn, so that every actor is used
    title, template, tags = rng.choice(EVENT_KINDS)
    place, lat, lon = rng.choice(PLACES)
    source, n = c.next(), rng.randrange(2, 40)
    value, phrase = when(rng, c, source)
    sentence = template.format(a=a["name"], b=b["name"], place=place, n=n, when=phrase)
    via = []
    if rng.random() < 0.15:
        sentence, via = via_chain(rng, cast, sentence)
    text = template.format(a=link(a), b=link(b), place=place, n=n, when="")
    if earlier and rng.random() < 0.2:
        text += f" It followed [{lower_first(earlier[-1]['title'])}](event:{earlier[-1]['id']})."
    event = {"id": unique(slug(title.format(place=place)), taken), "title": title.format(place=place), "date": value, "place": place}
    if rng.random() < 0.5:
        event["coordinates"] = {"latitude": round(lat + rng.uniform(-0.2, 0.2), 3), "longitude": round(lon + rng.uniform(-0.2, 0.2), 3)}
    event["actors"] = list(dict.fromkeys([a["id"], b["id"], involved["id"]]))
    event["tags"] = list(tags)
    event["accounts"] = [{"text": text, "citations": [c.cite(source, sentence, via)]}]
    if rng.random() < 0.3:
        event["accounts"] += [counter_account(rng, c, cast, place) for _ in range(rng.randrange(1, 3))]
    return event


def counter_account(rng: random.Random, c: Corpus, cast: Cast, place: str) -> dict:
    """A claimed, alleged or denied account by a named actor; some give their own date."""
    by, source, n = cast.pick(rng, DOERS), c.any(), rng.randrange(2, 60)
    stance = rng.choice(tuple(COUNTER_ACCOUNTS))
    account = {"stance": stance, "by": by["id"], "about": [by["id"]]}
    if stance == "claimed" and rng.random() < 0.3:
        account["date"], phrase = when(rng, c, source)
        template = "{c} said the incident in {place} took place" + phrase + "."
    else:
        template = COUNTER_ACCOUNTS[stance]
    account["text"] = template.format(c=link(by), n=n, place=place)
    account["citations"] = [c.cite(source, template.format(c=by["name"], n=n, place=place))]
    return account


def make_claim(rng: random.Random, c: Corpus, cast: Cast, events: list[dict], taken: set[str]) -> dict:
    by, event = cast.pick(rng, DOERS), rng.choice(events)
    about = cast.pick(rng, DOERS, besides=by)
    stance, source, place = rng.choice(tuple(CLAIMS)), c.next(), event["place"]
    value, phrase = when(rng, c, source) if rng.random() < 0.5 else (None, "")
    claim = {"id": unique(slug(f"{by['name']} {stance} {place}"), taken), "by": by["id"], "stance": stance}
    claim["statement"] = f"{by['name']} {stance} over {about['name']} in {place}"
    claim["text"] = CLAIMS[stance].format(c=link(by), b=link(about), place=place, when="") + f" See [{lower_first(event['title'])}](event:{event['id']})."
    if value:
        claim["date"] = value
    claim["events"], claim["about"] = [event["id"]], [about["id"]]
    claim["citations"] = [c.cite(source, CLAIMS[stance].format(c=by["name"], b=about["name"], place=place, when=phrase))]
    if rng.random() < 0.5:
        claim["responses"] = [{"stance": "denied", "by": about["id"], "text": f"{link(about)} denied it.",
                               "citations": [c.cite(c.any(), f"{about['name']} denied the accusation about {place}.")]}]
    return claim


def make_quote(rng: random.Random, c: Corpus, cast: Cast, events: list[dict], taken: set[str]) -> dict:
    speaker, place, source = cast.pick(rng, SPEAKERS), rng.choice(PLACES)[0], c.next()
    text = " ".join(rng.choice(part) for part in QUOTE_PARTS).format(place=place)
    value, phrase = when(rng, c, source) if rng.random() < 0.7 else (None, "")
    if rng.random() < 0.5:
        sentence = f'"{text}," {speaker["name"]} told reporters in {place}{phrase}.'
    else:
        sentence = f'{speaker["name"]} said{phrase}: "{text}."'
    quote = {"id": unique(slug(" ".join(text.split()[:6])), taken), "text": text, "by": speaker["id"]}
    if value:
        quote["said"] = value
    quote["where"] = place
    if rng.random() < 0.5:
        event = rng.choice(events)
        quote["context"] = f"Said after [{lower_first(event['title'])}](event:{event['id']})."
        quote["event"] = event["id"]
    quote["citations"] = [c.cite(source, sentence)]
    return quote


# --- the briefing and its sources -----------------------------------------------------


def make_meta(rng: random.Random, c: Corpus, cast: Cast, events: list[dict], counts: str) -> dict:
    a, b = cast.pick(rng, ("armed-group",)), cast.pick(rng, ("state",))
    latest = len(c.ids) - 1
    first = f"Fighting between {a['name']} and {b['name']} continued across the border region."
    summary = {"text": f"Fighting between {link(a)} and {link(b)} continued, from [{lower_first(events[0]['title'])}](event:{events[0]['id']}) onwards.",
               "citations": [c.cite(latest, first)]}
    key_points = []
    for doer in (cast.pick(rng, DOERS) for _ in range(3)):
        sentence, via = via_chain(rng, cast, f"{doer['name']} was involved in most of the incidents reported this year.")
        key_points.append({"text": f"{link(doer)} was involved in **most** of the incidents.", "citations": [c.cite(c.any(), sentence, via)]})
    return {"title": "Border tensions: a synthetic briefing", "subtitle": counts, "as_of": c.published[-1].isoformat(),
            "authors": ["briefbook benchmark desk"], "handling": "TLP:CLEAR", "language": "en", "summary": summary, "key_points": key_points}


def cited_sources(fact: object) -> set[str]:
    """The ids of every source a fact (a dict of plain data) cites, its parts included."""
    if isinstance(fact, dict):
        found = {c["source"] for c in fact.get("citations", ())}
        return found.union(*(cited_sources(v) for k, v in fact.items() if k != "citations"))
    if isinstance(fact, list):
        return set().union(*(cited_sources(v) for v in fact))
    return set()


def record_editions(rng: random.Random, c: Corpus, facts: list[dict], sources: list[dict]) -> list[dict]:
    """Editions on the days of the last three documents, newest first, and each fact's
    `added` day (its latest source's, when after the first edition), with a few `updated`.

    A fact is added no earlier than the sources it rests on, as `briefbook check` expects."""
    published = dict(zip(c.ids, c.published))
    days = sorted(set(c.published[-3:]))
    first, latest = days[0], days[-1]
    added: dict[date, list[dict]] = {d: [] for d in days}
    for fact in facts:
        needed = max(published[s] for s in cited_sources(fact))
        if needed > first:
            fact["added"] = needed.isoformat()
            added[next(d for d in days if d >= needed)].append(fact)
        elif len(days) > 1 and rng.random() < 0.02:
            fact["updated"] = latest.isoformat()
    for source in sources:
        if published[source["id"]] > first:
            source["added"] = published[source["id"]].isoformat()
    added[first] = [f for f in facts if "added" not in f]
    editions = []
    for d in reversed(days):
        what = "First edition" if d == first else "Added"
        note = f"{what}: {len(added[d])} facts from the documents published by {day(d)}."
        events = [f for f in added[d] if "accounts" in f]
        if events:
            note += f" Among them: [{lower_first(events[0]['title'])}](event:{events[0]['id']})."
        editions.append({"date": d.isoformat(), "text": note})
    return editions


def document(rng: random.Random, header: list[str], sentences: list[str]) -> bytes:
    """The header, then the sentences in shuffled paragraphs, wrapped as stored articles are."""
    sentences = sentences[:]
    rng.shuffle(sentences)
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randrange(3, 7)
        paragraphs.append(textwrap.fill(" ".join(sentences[i : i + step]), 88, break_on_hyphens=False, break_long_words=False))
        i += step
    return ("\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def write_sources(rng: random.Random, c: Corpus, cast: Cast, folder: Path) -> list[dict]:
    """Write each stored document and return its sources.yml entry, checksum included."""
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    sources = []
    for i, (id_, published) in enumerate(zip(c.ids, c.published)):
        kind, place = SOURCE_KINDS[i % len(SOURCE_KINDS)], rng.choice(PLACES)[0]
        publisher = cast.pick(rng, PUBLISHERS[kind])
        title = f"Tensions rise around {place}" if kind == "news-article" else f"[{kind.replace('-', ' ').capitalize()} on events in {place}]"
        data = document(rng, [title.strip("[]"), publisher["name"], day(published)], c.sentences[i])
        path = f"documents/{id_}.txt"
        (folder / path).write_bytes(data)
        source = {"id": id_, "kind": kind, "title": title, "publisher": publisher["name"], "published": {"edtf": published.isoformat(), "wording": day(published)}}
        if kind == "news-article":
            source["authors"] = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"]
            source["url"] = f"https://{slug(publisher['name'])}.example/{id_}"
            source["notes"] = f"Published by {link(publisher)}."
        source |= {"language": "en", "document": path, "sha256": hashlib.sha256(data).hexdigest()}
        sources.append(source)
    return sources


# --- writing YAML ---------------------------------------------------------------------
# A small emitter for plain data, as hand-written fact files look (ids in flow lists, text
# unquoted where that is safe); PyYAML's representer would take most of the time here.

_PLAIN = re.compile(r"[A-Za-z][\w .,'()/?%+:-]*")
_KEYWORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
_FLOW_ITEM = re.compile(r"[\w .'-]+")


def scalar(value: str | float) -> str:
    """Plain when no YAML reader could take it for anything else, else JSON-quoted (valid YAML)."""
    if not isinstance(value, str):
        return repr(value)
    plain = _PLAIN.fullmatch(value) and ": " not in value and not value.endswith((":", " ")) and value.lower() not in _KEYWORDS
    return value if plain else json.dumps(value, ensure_ascii=False)


def emit(data: dict, indent: str = "") -> list[str]:
    """The lines of a block mapping; lists of short words are written as flow lists."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [f"{indent}{key}:", *emit(value, indent + "  ")]
        elif isinstance(value, list) and all(isinstance(v, str) and _FLOW_ITEM.fullmatch(v) for v in value):
            lines.append(f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{indent}{key}:")
            for item in value:
                item_lines = emit(item, indent + "    ") if isinstance(item, dict) else [f"{indent}    {scalar(item)}"]
                lines += [f"{indent}  - {item_lines[0].lstrip()}", *item_lines[1:]]
        else:
            lines.append(f"{indent}{key}: {scalar(value)}")
    return lines


def dump(folder: Path, name: str, data: dict) -> None:
    header = f"# yaml-language-server: $schema=../../schema/{name.removesuffix('.yml')}.schema.json"
    (folder / name).write_text("\n".join([header, *emit(data)]) + "\n", encoding="utf-8")


def make_briefing(folder: Path, events: int, actors: int, quotes: int, documents: int, seed: int = 0) -> dict[str, int]:
    """Write a complete, valid briefing folder and return how many of each fact it holds.

    The same arguments always give the same bytes."""
    if not 1 <= documents <= events or not 1 <= actors <= events:
        raise ValueError("every actor and source is used by an event: need 1 <= actors, documents <= events")
    rng = random.Random(seed)
    c = corpus(rng, documents)
    cast = make_actors(rng, c, actors)
    event_ids, claim_ids, quote_ids = set(), set(), set()
    items: list[dict] = []
    for i in range(events):
        items.append(make_event(rng, c, cast, i, event_ids, items))
    claims = [make_claim(rng, c, cast, items, claim_ids) for _ in range(max(1, events // 10))]
    quoted = [make_quote(rng, c, cast, items, quote_ids) for _ in range(quotes)]
    meta = make_meta(rng, c, cast, items, f"{events:,} events, {actors:,} actors, {quotes:,} quotes and {documents:,} documents, for benchmarks")
    folder.mkdir(parents=True, exist_ok=True)
    sources = write_sources(rng, c, cast, folder)
    # A generator of its own, so that the change log leaves the facts as they were.
    meta["editions"] = record_editions(random.Random(seed + 1), c, [*items, *cast.actors, *claims, *quoted], sources)
    dump(folder, "sources.yml", {"sources": sources})
    dump(folder, "briefing.yml", meta)
    dump(folder, "actors.yml", {"actors": cast.actors})
    dump(folder, "events.yml", {"events": items})
    dump(folder, "claims.yml", {"claims": claims})
    dump(folder, "quotes.yml", {"quotes": quoted})
    return {"events": len(items), "actors": len(cast.actors), "quotes": len(quoted), "claims": len(claims), "documents": documents}


def make(size: str, folder: Path) -> dict[str, int]:
    """A named size into `folder` (the real example briefing copied, or a synthetic one), and its counts."""
    if folder.exists():
        shutil.rmtree(folder)
    if size != "example":
        return make_briefing(folder, *SIZES[size])
    shutil.copytree(EXAMPLE, folder)
    return counts(folder)


def counts(folder: Path) -> dict[str, int]:
    """How many of each fact a briefing folder holds, read back from its files."""

    def count(name: str, key: str) -> int:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        return len((data or {}).get(key) or [])

    return {key: count(f"{key}.yml", key) for key in ("events", "actors", "quotes", "claims")} | {"documents": count("sources.yml", "sources")}


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("example", *SIZES):
        sys.exit(f"usage: python bench/synth.py {{example,{','.join(SIZES)}}} FOLDER")
    size, folder = argv[0], Path(argv[1])
    start = time.perf_counter()
    made = make(size, folder)
    print(json.dumps({"size": size, "seconds": round(time.perf_counter() - start, 3)} | made))


if __name__ == "__main__":
    main(sys.argv[1:])
