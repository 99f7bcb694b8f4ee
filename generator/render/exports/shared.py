"""What several exports say of a fact alike: its status, stance, headline, actors' names."""

from __future__ import annotations

from datetime import date

from ...model import Account, Event
from ..views import View


def iso_day(value: date) -> str:
    """An ISO day, or empty for an open end."""
    return "" if value in (date.min, date.max) else value.isoformat()


def status_text(view: View, event: Event) -> str:
    """'reported' when a source reports the event in its own voice, else 'claimed by …'."""
    status = view.event_status(event)
    return "reported" if status is None else status[0].lower() + status[1:]


def stance_text(view: View, account: Account) -> str:
    label = view.stance_label(account)
    return "reported" if label is None else label[0].lower() + label[1:]


def headline(view: View, event: Event) -> str:
    """The event's title, with who claims it when no source reports it in its own voice."""
    status = status_text(view, event)
    return event.title if status == "reported" else f"{event.title} ({status})"


def account_head(view: View, event: Event, account: Account) -> str:
    """'Reported' or 'Claimed by …', and the account's own date where it differs."""
    stance = stance_text(view, account)
    head = stance[0].upper() + stance[1:]
    if account.date and view.edtf(account.date).text != view.edtf(event.date).text:
        head += f", dated {view.date(account.date).label}"
    return head


def event_stance(event: Event) -> str:
    """The event's stance: reported when any account reports it, else its first account's."""
    return "reported" if any(a.stance == "reported" for a in event.accounts) else event.accounts[0].stance


def names(view: View, ids) -> list[str]:
    return [name_of(view, i) for i in ids]


def name_of(view: View, actor_id: str) -> str:
    return view.actor[actor_id].name if actor_id in view.actor else actor_id
