"""Languages as BCP 47 tags: which of them a passage is in, and which way it is written.

Sources declare their `language`; quotes and excerpts stand in it. A briefing compares
tags by their primary language only (`fa` and `fa-IR` are the same language), and shows
right-to-left scripts with `dir="rtl"` so that a reader's browser lays them out right
even where its guess from the first letter would go wrong.
"""

from __future__ import annotations

# Languages written right to left unless a script subtag says otherwise: Arabic-script
# languages (Arabic, Persian, Dari, Urdu, Pashto, Sindhi, Sorani Kurdish, Uyghur, Balochi,
# Southern Azerbaijani, Kashmiri, Western Punjabi), Hebrew, Yiddish and Dhivehi.
RTL_LANGUAGES = frozenset("ar fa prs ur ps sd ckb ug bal azb ks pnb he yi dv".split())
RTL_SCRIPTS = frozenset("arab hebr thaa syrc nkoo adlm rohg".split())


def primary(tag: str) -> str:
    """The primary language subtag, lowercased: 'fa' for 'fa-IR'."""
    return tag.split("-", 1)[0].lower()


def same_language(a: str, b: str) -> bool:
    return primary(a) == primary(b)


def script(tag: str) -> str | None:
    """The script subtag (four letters after the language), lowercased, if the tag has one."""
    parts = tag.lower().split("-")
    return next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)


def direction(tag: str) -> str:
    """'rtl' for a right-to-left language or script, else 'auto' (the browser decides)."""
    written = script(tag)
    if written is not None:
        return "rtl" if written in RTL_SCRIPTS else "auto"
    return "rtl" if primary(tag) in RTL_LANGUAGES else "auto"
