"""How figures read: an account's counts as a line, and where an event's accounts differ on them.

"Killed: 2 (boys) · Injured: 3 (girls)" under an account; "about 11", "9–12", "at least 9",
or the source's own words for a vague figure. An event whose accounts give different
figures for the same count says so beside the date note, naming who gives which.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..counts import COMMON_WHATS
from ..model import Account, Event, Figure
from .views import View, join_and

def label(what: str) -> str:
    """'killed' -> 'Killed', 'bases-destroyed' -> 'Bases destroyed'."""
    words = what.replace("-", " ")
    return words[0].upper() + words[1:]


def number_of(what: str) -> str:
    """'the number killed', 'the number of bases destroyed'."""
    words = what.replace("-", " ")
    return f"the number {words}" if what in COMMON_WHATS else f"the number of {words}"


def amount(figure: Figure) -> str:
    """The number as a reader sees it: '2', 'about 11', '9–12', 'at least 9', or the words."""
    if figure.vague:
        return f"“{figure.wording}”"
    low, high = figure.at_least, figure.at_most
    bounds = f"{low}–{high}" if low is not None and high is not None else f"at least {low}" if low is not None else f"at most {high}" if high is not None else ""
    if figure.value is None:
        text = bounds
    else:
        text = f"{figure.value} ({bounds})" if bounds else str(figure.value)
    return f"about {text}" if figure.approximate else text


def figure_text(figure: Figure) -> str:
    """'2 (boys)', 'about 11 (police officers)'."""
    text = amount(figure)
    return f"{text} ({figure.who})" if figure.who and not figure.vague else text


def counted(figure: Figure) -> str:
    """'2 boys', 'about 11 police officers': the figure in a sentence or a cell."""
    text = amount(figure)
    return f"{text} {figure.who}" if figure.who and not figure.vague else text


def numbers(figure: Figure) -> list[int]:
    """The numbers a figure gives (value and bounds)."""
    return [n for n in (figure.value, figure.at_least, figure.at_most) if n is not None]


def figures_line(figures: list[Figure]) -> str:
    """'Killed: 2 (boys) · Injured: 3 (girls)'; empty when the account gives none."""
    return " · ".join(f"{label(f.what)}: {figure_text(f)}" for f in figures)


def teller(view: View, account: Account) -> str:
    """Who gives an account's figures: its claimants, or the source in its own voice."""
    return view.names(account.by) if account.stance != "reported" and account.by else "the source"


@dataclass(frozen=True, slots=True)
class Given:
    """One figure (or figures) for a count, and who gives it."""

    amount: str
    by: str

    def __str__(self) -> str:
        return f"{self.amount} ({self.by})"


def given(view: View, accounts: list[Account], what: str) -> list[Given]:
    """What each account says for one count, accounts that say the same merged, in order."""
    tellers: dict[str, list[str]] = {}
    for account in accounts:
        figures = [counted(f) for f in account.figures if f.what == what]
        if figures:
            names = tellers.setdefault(" + ".join(figures), [])
            name = teller(view, account)
            if name not in names:
                names.append(name)
    return [Given(amount, join_and(names)) for amount, names in tellers.items()]


def whats(accounts: list[Account]) -> list[str]:
    """Every count the accounts give, the common ones first, then the others as they come."""
    found = dict.fromkeys(f.what for a in accounts for f in a.figures)
    return [w for w in COMMON_WHATS if w in found] + [w for w in found if w not in COMMON_WHATS]


def differences(view: View, event: Event) -> list[tuple[str, list[Given]]]:
    """(count, what each side gives) for every count on which the event's accounts differ."""
    out = []
    for what in whats(event.accounts):
        sides = given(view, event.accounts, what)
        if len(sides) > 1:
            out.append((what, sides))
    return out


def accounts_note(view: View, event: Event) -> str:
    """The line above several accounts: how many, and what they differ on.

    '2 accounts, which differ on the date and on the number killed: 2 boys (Pakistan) against
    9 (Iranian officials).'"""
    parts = ["on the date"] if view.dates_differ(event) else []
    parts += [f"on {number_of(what)}: {' against '.join(map(str, sides))}" for what, sides in differences(view, event)]
    count = f"{len(event.accounts)} accounts"
    if not parts:
        return f"{count}:"
    if len(parts) == 1 or len(parts) == 2 and parts[0] == "on the date":
        return f"{count}, which differ {' and '.join(parts)}" + ("." if ": " in parts[-1] else ":")
    return f"{count}, which differ {'; '.join(parts[:-1])}; and {parts[-1]}."


def cells(view: View, event: Event) -> dict[str, str | int]:
    """events.csv's figure columns: for each common count what each side gives ('2 boys
    (Pakistan); 9 (the source)') and the lowest and highest number given, for filtering;
    other counts together in `other_figures`."""
    row: dict[str, str | int] = {}
    present = {f.what for a in event.accounts for f in a.figures}
    for what in COMMON_WHATS:
        if what not in present:  # no account gives it: its columns are empty, as below they would be
            row[what] = row[f"{what}_low"] = row[f"{what}_high"] = ""
            continue
        given_numbers = [n for a in event.accounts for f in a.figures if f.what == what for n in numbers(f)]
        row[what] = "; ".join(map(str, given(view, event.accounts, what)))
        row[f"{what}_low"] = min(given_numbers, default="")
        row[f"{what}_high"] = max(given_numbers, default="")
    others = [w for w in whats(event.accounts) if w not in COMMON_WHATS] if present else []
    row["other_figures"] = "; ".join(f"{w}: {side}" for w in others for side in given(view, event.accounts, w))
    return row


CSV_COLUMNS = [*(f"{w}{end}" for w in COMMON_WHATS for end in ("", "_low", "_high")), "other_figures"]


# --- the overview's key figures -----------------------------------------------------------

KEY_FIGURES = 6
"""At most this many counts in the overview's box: the latest events' first."""


@dataclass(frozen=True, slots=True)
class Side:
    """One figure for a count, who gives it and the passages it stands on."""

    amount: str
    by: str
    reported: bool  # the source's own voice, not a claimant's
    evidence: tuple[str, ...]  # citation paths, relative to the briefing folder

    @property
    def vague(self) -> bool:
        """The source's words rather than a number ('“several militants were killed”')."""
        return self.amount.startswith("“")


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A count of one event as its accounts give it; disputed when they give different figures."""

    event: Event
    what: str
    sides: tuple[Side, ...]

    @property
    def label(self) -> str:
        return label(self.what)

    @property
    def disputed(self) -> bool:
        return len(self.sides) > 1


def _evidence(view: View, account: Account, figure: Figure) -> str:
    """The passage a figure's wording stands in: its `citation`, else the first excerpt that
    holds the wording, else the account's first citation."""
    citations = account.citations
    if figure.citation is not None and figure.citation <= len(citations):
        return view.citation_path(citations[figure.citation - 1])
    wording = figure.wording.casefold()
    found = next((c for c in citations if wording in c.excerpt.casefold()), citations[0])
    return view.citation_path(found)


def sides(view: View, accounts: list[Account], what: str) -> tuple[Side, ...]:
    """What each account gives for one count, accounts that give the same merged, in order."""
    merged: dict[str, dict] = {}
    for account in accounts:
        given_figures = [f for f in account.figures if f.what == what]
        if not given_figures or not account.citations:
            continue
        side = merged.setdefault(" + ".join(map(counted, given_figures)), {"names": [], "paths": [], "reported": True})
        name = teller(view, account)
        if name not in side["names"]:
            side["names"].append(name)
        side["paths"] += [p for p in dict.fromkeys(_evidence(view, account, f) for f in given_figures) if p not in side["paths"]]
        side["reported"] = side["reported"] and account.stance == "reported"
    return tuple(Side(amount, join_and(s["names"]), s["reported"], tuple(s["paths"])) for amount, s in merged.items())


def key_figures(view: View, limit: int = KEY_FIGURES) -> list[KeyFigure]:
    """The counts of the latest events that give any, newest event first, at most `limit`."""
    out: list[KeyFigure] = []
    for event in reversed(view.events):
        for what in whats(event.accounts):
            found = sides(view, event.accounts, what)
            if found:
                out.append(KeyFigure(event, what, found))
            if len(out) == limit:
                return out
    return out
