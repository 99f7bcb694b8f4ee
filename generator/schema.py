"""JSON Schema for the fact files, so editors validate and complete them as people type,
and for the `briefing.json` export (which render writes beside each briefing's pages)."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from . import model
from .model import FILES, ID_PATTERN

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(fact_file: str) -> str:
    return fact_file.removesuffix(".yml") + ".schema.json"


def schemas() -> dict[PurePosixPath, bytes]:
    """One schema per fact file, and one for the `briefing.json` export, as `{file name: bytes}`."""
    out = {}
    for name, cls in FILES.items():
        schema = {"$schema": SCHEMA_DIALECT, **cls.model_json_schema(by_alias=True)}
        schema["title"] = f"briefbook {name}"
        out[PurePosixPath(schema_name(name))] = (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode()
    out[PurePosixPath("briefing-export.schema.json")] = export_schema_bytes()
    return out


def modeline(fact_file: str, schema_dir: str = "../../schema") -> str:
    """The comment that points the YAML language server at a fact file's schema."""
    return f"# yaml-language-server: $schema={schema_dir}/{schema_name(fact_file)}"


# --- briefing.json's schema -------------------------------------------------------------

_PARTS = {"sources": model.Source, "actors": model.Actor, "events": model.Event, "claims": model.Claim, "quotes": model.Quote, "places": model.Place}
_RESOLVED = {
    "type": "object",
    "description": "What briefbook made of the date: relative wording resolved, as EDTF, a reader's label and its first and last day.",
    "properties": {
        "edtf": {"type": "string", "description": "The date in EDTF, relative wording resolved."},
        "label": {"type": "string", "description": "The date as readers see it, e.g. 'c. 2012', 'December 2023'."},
        "start": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The first day of the span; null when its start is open (`../2024`) or unknown (`/2024`): nothing is known of how early it begins.",
        },
        "end": {
            "type": ["string", "null"],
            "format": "date",
            "description": "The last day of the span; null when its end is open (`2012/..`, still going on) or unknown (`2012/`): nothing is known of how late it ends.",
        },
    },
    "required": ["edtf", "label", "start", "end"],
    "additionalProperties": False,
}


class _ExportSchema(GenerateJsonSchema):
    """The model's serialization schema as `briefing.json` writes it: with `exclude_none`, a
    field whose default is None is left out instead of null, and every other field is
    always written."""

    def field_is_required(self, field, total: bool) -> bool:
        inner = field["schema"]
        return not (inner["type"] == "default" and inner.get("default", ...) is None)

    def nullable_schema(self, schema) -> dict:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema) -> dict:
        if schema.get("default", ...) is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


def _as_written(node: Any) -> Any:
    """Drop the shorthands that only fact files accept: a single id for a list of ids."""
    if isinstance(node, list):
        return [_as_written(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_written(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2:
        one, many = branches
        if isinstance(many, dict) and many.get("type") == "array" and many.get("items") == one:
            return {**many, **{key: value for key, value in node.items() if key != "anyOf"}}
    return node


def export_schema() -> dict:
    """JSON Schema (draft 2020-12) of `briefing.json`, derived from the model's serialization.

    It differs from the fact files' schemas where the export does: dates are always objects
    and carry `resolved`, lists of ids are always lists, and nothing is null but an open or
    unknown end of a resolved span.
    """
    _, generated = models_json_schema([(cls, "serialization") for cls in (model.BriefingFile, *_PARTS.values())], schema_generator=_ExportSchema)
    defs = _as_written(generated["$defs"])
    when = next(branch for branch in defs["When"]["anyOf"] if branch.get("type") == "object")
    when["description"] = "A date as the fact file gives it, with `resolved`: what briefbook made of it."
    when["properties"]["resolved"] = _RESOLVED
    when["required"] = [*when.get("required", []), "resolved"]
    defs["When"] = when
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": "briefbook briefing.json",
        "description": "A whole checked briefing as briefbook exports it beside the briefing's pages.",
        "type": "object",
        "properties": {
            "slug": {"type": "string", "pattern": ID_PATTERN, "description": "The briefing's folder name and URL segment."},
            "briefing": {"$ref": "#/$defs/BriefingFile"},
            **{key: {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}} for key, cls in _PARTS.items()},
        },
        "required": ["slug", "briefing", *_PARTS],
        "additionalProperties": False,
        "$defs": defs,
    }
    return _prune(schema)


def _prune(schema: dict) -> dict:
    """Keep only the definitions the schema refers to (pydantic also emits the skipped `at`'s)."""
    used: set[str] = set()
    todo = [{key: value for key, value in schema.items() if key != "$defs"}]
    while todo:
        refs = {ref.rsplit("/", 1)[1] for ref in _refs(todo.pop())} - used
        used |= refs
        todo += [schema["$defs"][name] for name in refs]
    return {**schema, "$defs": {name: value for name, value in schema["$defs"].items() if name in used}}


def _refs(node: Any) -> list[str]:
    """Every `$ref` inside a piece of schema."""
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if "$ref" in node else []
    return own + [ref for value in node.values() for ref in _refs(value)]


def export_schema_bytes() -> bytes:
    """`export_schema()` as written to `briefing.schema.json` and committed in `schema/`."""
    return (json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n").encode()  # read by people, and small
