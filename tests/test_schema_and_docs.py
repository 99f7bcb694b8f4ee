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


@pytest.mark.parametrize("fact_file", sorted(model.FILES))
def test_example_fact_files_validate_against_their_schema(fact_file):
    path = EXAMPLE / fact_file
    text = path.read_text()
    assert text.splitlines()[0] == modeline(fact_file)
    schema = json.loads(schemas()[Path(fact_file.replace(".yml", ".schema.json"))])
    data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as text, as briefbook reads it
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
        name
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, model.Fact)
        for name in cls.model_fields
        if name != "at"
    }
    assert keys - documented == set()
    enums = {m.value for cls in (model.ActorKind, model.RelationType, model.SourceKind, model.Stance, model.Handling) for m in cls}
    assert {e for e in enums if f"`{e}`" not in docs} == set()
