"""Dates as the documents give them: EDTF text, single days, and `When`."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_serializer, model_validator

from ..dates import check_time, parse_edtf
from .base import Fact, Id, Text


def _edtf(value: str) -> str:
    parse_edtf(value)  # raises ValueError with a friendly message
    return value


EdtfText = Annotated[str, AfterValidator(_edtf), Field(description="An EDTF date: 2024-01-16, 2023-12, 2012~, 2024-01?, 2024-01-16/2024-01-17, 201X.")]

DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(value: str) -> str:
    """A single real calendar day, written YYYY-MM-DD: the unit editions are published in."""
    if not re.match(DAY_PATTERN, value):
        raise ValueError(f"'{value}' is not a single day; write it as YYYY-MM-DD, e.g. 2024-02-24")
    parse_edtf(value)  # raises for days that do not exist, such as 2024-02-30
    return value


Day = Annotated[
    str,
    AfterValidator(_day),
    Field(description="A single day in EDTF (YYYY-MM-DD).", json_schema_extra={"pattern": DAY_PATTERN}),
]
Added = Annotated[
    Day | None,
    Field(description="The day this fact was added to the briefing; its edition is the first one dated on or after it. Leave it out for facts that were in the first edition."),
]
Updated = Annotated[
    Day | None,
    Field(description="The day this fact was last changed in substance (a new account, citation or correction), on or after `added`."),
]


class When(Fact):
    """A date as a document gives it. Write a bare EDTF string (`date: 2024-01-16`) or a mapping."""

    edtf: EdtfText | None = Field(None, description="The date in EDTF. May be left out when `wording` and `relative_to` resolve it.")
    time: Text | None = Field(None, description="Time of day: HH:MM or a part of the day (early morning, morning, midday, afternoon, evening, night, late night).")
    wording: Text | None = Field(None, description="The document's own words for the date, e.g. 'late night on January 16 this year'.")
    relative_to: Id | None = Field(None, description="A source id: resolve relative `wording` ('last December', 'a month ago') against its publication date.")
    relative_to_event: Id | None = Field(
        None,
        description="An event id: resolve `wording` such as 'the next day', 'two days after' or 'a week later' against that event's date (and order this event after it, or before it for 'the day before').",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"edtf": value} if isinstance(value, str) else value

    @field_validator("time")
    @classmethod
    def _known_time(cls, value: str | None) -> str | None:
        reason = value and check_time(value)
        if reason:
            raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def _something_to_go_on(self) -> When:
        if self.relative_to and self.relative_to_event:
            raise ValueError("a date is read against a source (`relative_to`) or an event (`relative_to_event`), not both")
        if self.edtf is None and not (self.wording and (self.relative_to or self.relative_to_event)):
            raise ValueError("a date needs `edtf`, or `wording` with `relative_to` or `relative_to_event`")
        for key in ("relative_to", "relative_to_event"):
            if getattr(self, key) and not self.wording:
                raise ValueError(f"`{key}` needs the `wording` to read against it")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "description": "An EDTF date."}, schema]}

    @model_serializer(mode="wrap")
    def _with_resolved(self, handler, info):
        """In exports, add the resolved value (relative wording included) when it is known."""
        data = handler(self)
        value = (info.context or {}).get("dates", {}).get(self)
        if value is not None:
            data["resolved"] = {"edtf": value.text, "label": value.describe(), "start": _bound_day(value.lower), "end": _bound_day(value.upper)}
        return data


def _bound_day(day: datetime.date) -> str | None:
    """An end of a resolved span as exported: None (JSON null) for an open or unknown end,
    which dates.py holds as date.min or date.max, so that no reader takes it for a real day."""
    return None if day in (datetime.date.min, datetime.date.max) else day.isoformat()

