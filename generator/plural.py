"""Counted nouns for messages: "1 error, 2 warnings", never "error(s)"."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and `noun`, the noun in the plural (default: noun + "s") unless there is one."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
