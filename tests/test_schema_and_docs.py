"""The editor schema and the format docs stay true to the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import EXAMPLE, ROOT
from generator import model
from generator.schema import modeline, schemas


def test_committed_schemas_are_current():
    for name, data in schemas().items():
        committed = ROOT / "schema" / name
        assert committed.read_bytes() == data, f"schema/{name} is stale: run `briefbook schema`"


class _TextAndNumbers(yaml.BaseLoader):
    """Every scalar as text, as briefbook reads it, except plain numbers (coordinates), which
    an editor's YAML language server reads as numbers."""


_TextAndNumbers.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^-?[0-9]+(\.[0-9]+)?$"), list("-0123456789"))
_TextAndNumbers.add_constructor("tag:yaml.org,2002:float", lambda loader, node: float(loader.construct_scalar(node)))


@pytest.mark.parametrize("fact_file", sorted(model.FILES))
def test_example_fact_files_validate_against_their_schema(fact_file):
    path = EXAMPLE / fact_file
    text = path.read_text()
    assert text.splitlines()[0] == modeline(fact_file)
    schema = json.loads(schemas()[Path(fact_file.replace(".yml", ".schema.json"))])
    data = yaml.load(text, Loader=_TextAndNumbers)

    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_an_unknown_key():
    schema = json.loads(schemas()[Path("events.schema.json")])
    bad = {"events": [{"id": "x", "title": "t", "date": "2024", "accounts": [], "colour": "red"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


def test_every_key_of_the_format_is_documented():
    docs = (ROOT / "docs" / "format.md").read_text()
    documented = set(re.findall(r"`([a-z_0-9]+)`", docs))
    keys = {
        info.alias or name  # as written in fact files: a place's `in`
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Fact)
        for name, info in cls.model_fields.items()
        if name != "at"
    }
    assert keys - documented == set()
    enums = {m.value for cls in (model.ActorKind, model.RelationType, model.SourceKind, model.Stance, model.Handling, model.PlaceKind, model.GazetteerName) for m in cls}
    assert {e for e in enums if f"`{e}`" not in docs} == set()
