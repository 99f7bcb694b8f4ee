"""The value types of a figure (a count an account gives: killed, injured, ...) and their checks.

Fact files are read with every scalar as text, so a count arrives as "11" and a flag as
"true"; these types read them strictly: digits only for a count (no `true`, no `2.5`, no
`-3`), only true or false for a flag. A figure's keys are checked against each other as
they are validated, in the order the model declares them, so each problem points at the
key that is wrong.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema

# The counts briefings give most; any other id names a count too (`bases-destroyed`).
COMMON_WHATS = ("killed", "injured", "detained", "displaced", "missing")
# Other words for them, which `check` points to the common name.
SYNONYMS = {"dead": "killed", "deaths": "killed", "fatalities": "killed", "wounded": "injured", "injuries": "injured", "arrested": "detained", "disappeared": "missing"}
MAX_COUNT = 10_000_000_000  # more people than there are: a bound, so no count can overflow
_DIGITS = re.compile(r"[0-9]+")
_NUMBERS = ("value", "at_least", "at_most")


def _count(value: Any) -> int:
    """A whole number of things, 0 to MAX_COUNT, from YAML text (or an int, from Python)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"expected a whole number, got {_shown(value)}")
    text = str(value).strip()
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        raise ValueError(f"a count cannot be negative (got {text})")
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"'{text}' is not a whole number; write the count in digits, e.g. 11")
    if len(text.lstrip("0")) > len(str(MAX_COUNT)) or int(text) > MAX_COUNT:  # no int() of a million digits
        shown = text if len(text) <= 20 else f"a number of {len(text):,} digits"
        raise ValueError(f"{shown} is too large for a count (at most {MAX_COUNT:,})")
    return int(text)


def _index(value: Any) -> int:
    """A 1-based position in a list."""
    number = _count(value)
    if number < 1:
        raise ValueError("citations are numbered from 1")
    return number


def _flag(value: Any) -> bool:
    """true or false, as YAML 1.2 writes them (not yes/no/on/off, which read as words)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"expected true or false, got {_shown(value)}")


def _shown(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(value), repr(value))


# Schemas for editors, whose YAML reads `11` as a number and `true` as a flag; briefbook
# reads both as text, so the text forms are accepted too.
Count = Annotated[
    int,
    Field(ge=0, le=MAX_COUNT),  # checked by _count already: this is for the export's schema
    BeforeValidator(_count),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_COUNT}, {"type": "string", "pattern": r"^[0-9]{1,11}$"}]}, mode="validation"),
]
Index = Annotated[int, Field(ge=1), BeforeValidator(_index), WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": r"^[1-9][0-9]*$"}]}, mode="validation")]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}]}, mode="validation")]


# --- a figure's keys against each other (each runs after the keys declared before it) ---


def check_at_least(value: int | None, info: ValidationInfo) -> int | None:
    central = info.data.get("value")
    if value is not None and central is not None and value > central:
        raise ValueError(f"`at_least` ({value}) is more than `value` ({central})")
    return value


def check_at_most(value: int | None, info: ValidationInfo) -> int | None:
    if value is None:
        return value
    for key in ("value", "at_least"):
        other = info.data.get(key)
        if other is not None and value < other:
            raise ValueError(f"`at_most` ({value}) is less than `{key}` ({other})")
    return value


def check_vague(value: bool, info: ValidationInfo) -> bool:
    """A figure gives a number, bounds, or says it is vague ("several", "dozens"): not both."""
    given = _given(info)
    if given is None:
        return value  # a number was invalid: its own error says so
    if value and given:
        raise ValueError(f"a vague figure has no numbers; remove `vague` or {_join(sorted(given, key=_NUMBERS.index))}")
    if not value and not given:
        raise ValueError("a figure needs `value`, `at_least` or `at_most`; where the source gives no number (\"several\", \"dozens\"), write `vague: true`")
    return value


def _given(info: ValidationInfo) -> set[str] | None:
    """The numbers a figure gives, or None when one of them failed validation."""
    if any(key not in info.data for key in _NUMBERS):
        return None
    return {key for key in _NUMBERS if info.data[key] is not None}


def _join(keys: list[str]) -> str:
    quoted = [f"`{k}`" for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
