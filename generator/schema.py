"""JSON Schema for the fact files, so editors validate and complete them as people type."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from .model import FILES

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
    from .render.exports import export_schema_bytes  # the render package imports this module's neighbours

    out[PurePosixPath("briefing-export.schema.json")] = export_schema_bytes()
    return out


def modeline(fact_file: str, schema_dir: str = "../../schema") -> str:
    """The comment that points the YAML language server at a fact file's schema."""
    return f"# yaml-language-server: $schema={schema_dir}/{schema_name(fact_file)}"
