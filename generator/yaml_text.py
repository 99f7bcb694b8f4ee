"""YAML written as text, to be appended to an analyst's file (`add-source`, `edition`), and
read back without positions, to compare what the file means before and after.
"""

from __future__ import annotations

import json
import re

from .load import AT


_PLAIN = re.compile(r"[A-Za-z0-9][\w .,/()'+-]*")
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: str) -> str:
    """`value` as YAML text that briefbook's loader reads back as exactly this string."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value not in ("null", "Null", "NULL"):
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def without_positions(value):
    """Parsed YAML without its positions, for comparing."""
    if isinstance(value, dict):
        return {key: without_positions(item) for key, item in value.items() if key != AT}
    if isinstance(value, list):
        return [without_positions(item) for item in value]
    return value
