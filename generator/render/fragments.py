"""JSON joined from fragments: large JSON files (exports, briefing.json, the search index)
are joined from pieces, each remembered by the fact it shows, so a rebuild serialises only
what changed. Compact JSON joins exactly: fragments joined with "," inside brackets are the
very bytes `json_bytes` would give for the whole array."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def json_bytes(data: Any) -> bytes:
    """Compact JSON in UTF-8 (Python's indenting encoder is pure Python and slow on large data)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_array(items: Iterable[bytes]) -> bytes:
    """A JSON array of items that are JSON already."""
    return b"[%b]" % b",".join(items)


def json_object(members: dict[str, bytes]) -> bytes:
    """A JSON object of members whose values are JSON already, in order."""
    return b"{%b}" % b",".join(b"%b:%b" % (json_bytes(key), value) for key, value in members.items())
