"""Counted nouns: "1 error, 2 warnings", never "error(s)"; "1 event", never "1 events".

The form is chosen by the CLDR plural rules of the words' language, through Babel: English
has two forms (one, other), French counts 0 as one ("0 événement"), Russian has four
("1 событие", "2 события", "5 событий"). The number is written in the briefing's language
(`number_language`), which for briefbook's own English words may differ from theirs.
"""

from __future__ import annotations

from .localised import number as format_number, plural_category


def counted(number: int, forms: dict[str, str], language: str = "en", number_language: str | None = None) -> str:
    """`number` and the form of the noun its CLDR plural category takes in `language`
    ('one', 'few', 'many', 'other'...; a missing category falls back to 'other')."""
    category = plural_category(number, language)
    noun = forms.get(category, forms["other"])
    return f"{format_number(number, number_language or language)} {noun}"


def count(number: int, noun: str, plural: str | None = None, number_language: str = "en") -> str:
    """`number` and an English `noun`, in the plural (default: noun + "s") unless there is one;
    the number grouped as `number_language` writes it."""
    return counted(number, {"one": noun, "other": plural or noun + "s"}, "en", number_language)
