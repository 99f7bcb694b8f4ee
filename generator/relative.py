"""Dates read against another event's date: `relative_to_event` with wording such as 'the
next day', 'two days after' or 'a week later'.

The event read against may itself be dated relative to a third, so each date is resolved at
the end of its chain, walked without recursion (a long chain cannot exhaust the stack); a
chain that comes back on itself is a cycle and an error.
"""

from __future__ import annotations

from typing import Mapping

from .dates import Edtf, parse_edtf, resolve_after_event
from .model import When
from .problems import Problems

_FAILED = object()


def resolve_against_events(whens: list[When], events: Mapping[str, When], resolved: dict[When, Edtf], problems: Problems) -> None:
    """Add to `resolved` the value of each date in `whens` (each has `relative_to_event`);
    `events` gives each event's date by id, `resolved` holds every other date already."""
    owner = {when: event_id for event_id, when in events.items()}
    done: dict[When, object] = {}
    for start in whens:
        chain: list[When] = []
        on_chain: set[When] = set()
        when = start
        while when.relative_to_event is not None and when not in resolved and when not in done:
            if when in on_chain:
                _cycle(chain[chain.index(when) :], owner, problems)
                break
            chain.append(when)
            on_chain.add(when)
            base = events.get(when.relative_to_event)
            if base is None:  # an unknown event: verify reports the reference
                when = None
                break
            when = base
        base_value = resolved.get(when) if when is not None else None
        if when in on_chain:  # a cycle: nothing on the chain can be resolved from it
            done.update(dict.fromkeys(chain, _FAILED))  # left unresolved, so the order check is quiet
            continue
        for w in reversed(chain):
            value = _resolve(w, base_value, problems)
            done[w] = value if value is not None else _FAILED
            if value is not None:
                resolved[w] = value
            base_value = value


def _resolve(when: When, base: Edtf | None, problems: Problems) -> Edtf | None:
    """`when` read against the event's date `base` (None when that could not be resolved)."""
    if base is None:
        return parse_edtf(when.edtf) if when.edtf else None  # the base's own problem is reported
    derived = resolve_after_event(when.wording, base)
    if derived is None:
        if when.edtf:
            return parse_edtf(when.edtf)
        problems.error(
            when.mark("wording"),
            f"cannot resolve the date '{when.wording}' against event '{when.relative_to_event}' ({base.describe()})",
            "use wording such as 'the same day', 'the next day', 'two days after', 'a week later' or 'a month later', or give `edtf`",
        )
        return None
    value = parse_edtf(derived)
    if when.edtf:
        given = parse_edtf(when.edtf)
        if not (given.lower <= value.upper and value.lower <= given.upper):
            problems.error(
                when.mark("edtf"),
                f"'{when.edtf}' disagrees with '{when.wording}' read against event '{when.relative_to_event}' ({derived})",
                f"use edtf: '{derived}', or remove relative_to_event",
            )
        return given
    return value


def _cycle(cycle: list[When], owner: Mapping[When, str], problems: Problems) -> None:
    """One error for a cycle of relative dates, at the `relative_to_event` that closes it."""
    names = [owner.get(w, "an account") for w in cycle]
    path = " read against ".join(f"'{n}'" for n in (*names, names[0]))
    problems.error(
        cycle[-1].mark("relative_to_event"),
        f"dates relative to events go round in a cycle: {path}",
        "give one of these dates as `edtf`",
    )
