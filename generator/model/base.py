"""The model's ground: the base of every fact, ids and text, and the walk over a tree of facts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated, Any, Iterator, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ..problems import Mark, Where


ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def slugify(text: str) -> str:
    """An id made from any text: accents dropped, lowercase, runs of other characters as hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")

# Ids name the site's files (actors/ID.html): file systems allow 255 bytes a name, so keep well inside.
MAX_ID_LENGTH = 128
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH), Field(description="A stable id: lowercase letters, digits and hyphens (at most 128).")]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN), Field(description="BCP 47 language tag.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="CommonMark. Link facts with [text](actor:ID), (event:ID), (quote:ID), (claim:ID), (source:ID), (place:ID)."),
]


def _listify(value: Any) -> Any:
    """Let a single item stand for a one-item list (`by: iran` means `by: [iran]`)."""
    return [value] if isinstance(value, str) else value


class _OneOrMany:
    """Tell editors that a single id is accepted where a list of ids is."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        return {"anyOf": [schema["items"], schema]}


IdList = Annotated[list[Id], BeforeValidator(_listify), _OneOrMany()]


class Fact(BaseModel):
    """Base of every fact-file model: frozen, strict about keys, and aware of its position."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_enum_values=True, validate_default=True, defer_build=True)

    at: SkipJsonSchema[Where | None] = Field(default=None, alias="@at", exclude=True, repr=False)

    def mark(self, key: str | None = None, index: int | None = None) -> Mark:
        """Where this fact, the value under one of its keys, or an item of that list was written."""
        return self.at.of(key, index) if self.at else Mark("<unknown>")

    def __reduce__(self):
        """Pickled as its class, its values and the keys it was given: a rebuild unpickles every
        remembered fact (reread.py), and pydantic's own state, a dict of four per fact, made
        that a fifth slower. Facts have no private attributes and no extra keys. Facts given
        the same keys are pickled with one set of their names, unpickled once per pickle
        rather than once per fact: a rebuild at 10,000 events holds some 76,000 fewer sets."""
        given = self.__pydantic_fields_set__
        return (_unpickled, (type(self), self.__dict__, _GIVEN.setdefault(frozenset(given), given)))


_set = object.__setattr__
_GIVEN: dict[frozenset, set[str]] = {}  # one set of key names per combination pickled (read, never written to)


def _unpickled(cls: type[Fact], values: dict, given: set[str]) -> Fact:
    fact = cls.__new__(cls)
    _set(fact, "__dict__", values)
    _set(fact, "__pydantic_fields_set__", given)
    _set(fact, "__pydantic_extra__", None)
    _set(fact, "__pydantic_private__", None)
    return fact


def _holds_facts(annotation) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Fact):
        return True
    return any(_holds_facts(arg) for arg in get_args(annotation))


@lru_cache(maxsize=None)
def child_fields(cls: type[Fact]) -> tuple[str, ...]:
    """The fields of a model that can hold other facts: what a walk needs to visit."""
    return tuple(name for name, info in cls.model_fields.items() if _holds_facts(info.annotation))


def walk(value) -> Iterator[Fact]:
    """Every fact in a model tree (a fact, or lists of them), parents before children."""
    stack = [value]
    children: dict[type, tuple[str, ...]] = {}  # child_fields, looked up once per type of this walk
    while stack:
        item = stack.pop()
        if isinstance(item, Fact):
            yield item
            names = children.get(type(item))
            if names is None:
                names = children[type(item)] = child_fields(type(item))
            values = item.__dict__
            stack.extend([values[name] for name in reversed(names) if values[name] is not None])
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))



def rule(message: str, hint: str | None = None, at: str | None = None) -> PydanticCustomError:
    """A broken rule of the format, with a hint, pinned to the key `at` of the fact."""
    return PydanticCustomError("fact_rule", message, {"hint": hint, "at": at})


def _flag(value: Any) -> Any:
    """`true` or `false` only (the loader gives them as text): not 'yes', 'on' or '1'."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("expected true or false")


class _Flag:
    """Tell editors that the value is `true` or `false` (briefbook reads `"true"` the same)."""

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = {k: v for k, v in handler(core_schema).items() if k != "type"}
        return {"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}], **schema}


Unattributed = Annotated[
    bool,
    BeforeValidator(_flag),
    _Flag(),
    Field(description="true when the source does not name who claims or says it: the alternative to `by`; shown as 'unattributed in the source'."),
]
